/* pg_decide.c — xiufu.decide / xiufu.eligible_from / xiufu.stops_on
 * (pack, table, id, as_of [, policy]): for one subject row, what
 * xiufu.run writes for it (NULL where it writes no decision), as the
 * SQLite extension's xiufu_decide does.
 *
 * The row gives its entity; that entity's rows are read from the schema
 * named by xiufu.records_schema (pg_records.c), built into a partition and
 * decided with every policy in effect.  Per call site (fn_extra) the last
 * entity's decisions and the calendar are kept, so a query over the rows
 * of one entity reads them once.  Declared IMMUTABLE PARALLEL SAFE so that
 * postgres_fdw ships the call to the server holding the rows and parallel
 * workers run it (docs/postgresql.md says what that promises). */
#include "xpg.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "outcomes.h"
#include "partition.h"

enum { XPG_OUTCOME, XPG_ELIGIBLE_FROM, XPG_STOPS_ON };

/* Per call site; the malloc'd parts are freed when its context goes. */
typedef struct xpg_site {
    char          *schema;     /* the calendar's and the statements' */
    xf_calendar   *cal;
    const xf_plan *prepared_for;  /* the plan the statements read for */
    SPIPlanPtr    *read;       /* per spec: one entity's rows (xpg_select_sql) */
    SPIPlanPtr    *owner;      /* per spec: the entity code of a row key */
    int            nprepared;
    xpg_shape     *shape;      /* what the schema lacks of a later records version */
    const xf_plan *plan;       /* of the entity decided last */
    char          *uscc;
    int64_t        as_of;
    xf_db         *db;
    xf_out        *out;
    int64_t       *text_ids;
} xpg_site;

static void site_forget(xpg_site *s) {
    for (int i = 0; s->out && s->plan && i < s->plan->npol; i++) xf_out_free(&s->out[i]);
    free(s->out), free(s->text_ids), free(s->uscc);
    xf_part_free(s->db);
    s->out = NULL, s->text_ids = NULL, s->uscc = NULL, s->db = NULL, s->plan = NULL;
}

static void statements_free(xpg_site *s) {
    for (int t = 0; t < s->nprepared; t++) {
        if (s->read && s->read[t]) SPI_freeplan(s->read[t]);
        if (s->owner && s->owner[t]) SPI_freeplan(s->owner[t]);
    }
    free(s->read), free(s->owner);
    xpg_shape_free(s->shape);
    s->read = s->owner = NULL, s->nprepared = 0, s->prepared_for = NULL, s->shape = NULL;
}

static void site_free(void *arg) {
    xpg_site *s = arg;
    site_forget(s);
    statements_free(s);
    xf_calendar_free(s->cal);
    free(s->schema);
}

static SPIPlanPtr prepare(const char *sql) {
    Oid t = TEXTOID;
    SPIPlanPtr p = SPI_prepare(sql, 1, &t);
    if (!p) elog(ERROR, "xiufu: cannot prepare %s: %s", sql, SPI_result_code_string(SPI_result));
    SPI_keepplan(p);
    return p;
}

/* The statements of the plan's tables in the schema, prepared once a site:
 * a query over many rows plans them once. */
static void statements(xpg_site *s, const xf_plan *plan, const char *schema) {
    if (s->prepared_for == plan && s->schema && !strcmp(s->schema, schema)) return;
    statements_free(s);
    s->read = calloc((size_t)plan->nspecs, sizeof *s->read);
    s->owner = calloc((size_t)plan->nspecs, sizeof *s->owner);
    if (!s->read || !s->owner) elog(ERROR, "xiufu: out of memory");
    s->nprepared = plan->nspecs;
    s->shape = xpg_shape_of(plan, schema);
    xpg_shape_notice(s->shape, schema);  /* once a query, where a run says it once */
    for (int t = 0; t < plan->nspecs; t++) {
        const xf_tablespec *sp = &plan->specs[t];
        s->read[t] = prepare(xpg_select_sql(sp, schema, true, s->shape, t));
        /* the entity table and keyless ones are never a subject; an absent table has no rows */
        if (!sp->key || s->shape->no_table[t]) continue;
        StringInfoData q;
        initStringInfo(&q);
        appendStringInfo(&q, "SELECT (%s)::text FROM %s.%s WHERE %s = $1::int8 LIMIT 1",
                         quote_identifier(sp->entity_col ? sp->entity_col : "uscc"), quote_identifier(schema),
                         quote_identifier(sp->table), quote_identifier(sp->key));
        s->owner[t] = prepare(q.data);
    }
    s->prepared_for = plan;
}

static xpg_site *site_of(FunctionCallInfo fcinfo) {
    xpg_site *s = fcinfo->flinfo->fn_extra;
    if (s) return s;
    s = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof *s);
    MemoryContextCallback *cb = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof *cb);
    cb->func = site_free, cb->arg = s;
    MemoryContextRegisterResetCallback(fcinfo->flinfo->fn_mcxt, cb);
    fcinfo->flinfo->fn_extra = s;
    return s;
}

/* The entity code of row id of spec t, or NULL when there is no such row. */
static char *owner(xpg_site *s, int t, int64 id) {
    if (!s->owner[t]) return NULL;
    char key[32];
    snprintf(key, sizeof key, "%lld", (long long)id);
    Datum v = CStringGetTextDatum(key);
    if (SPI_execute_plan(s->owner[t], &v, NULL, true, 1) != SPI_OK_SELECT) elog(ERROR, "xiufu: cannot find the row's entity");
    return SPI_processed ? SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1) : NULL;
}

/* Read and decide the entity, unless the site holds it already. */
static void decide_entity(xpg_site *s, const xf_plan *plan, const char *schema, const char *uscc, int64_t as_of) {
    if (s->db && s->plan == plan && s->as_of == as_of && !strcmp(s->uscc, uscc)) return;
    site_forget(s);
    xf_badrows bad;  /* a bad row gets no decision: nothing to tell here */
    if (xf_badrows_init(&bad, 0, 0) != 0) elog(ERROR, "xiufu: out of memory");
    xpg_source *src = NULL;
    uint8_t *data = NULL;
    size_t len = 0;
    char *err = NULL;
    int r = 1;
    PG_TRY();
    {
        src = xpg_source_open(plan, schema, uscc, &bad, s->read, s->shape);
        if (!xpg_source_next(src, INT64_MAX, &data, &len)) data = NULL, len = 0;
        xpg_source_finish(src);
        r = xf_part_from_records(data, len, plan->specs, plan->nspecs, s->cal, schema, &bad, &s->db, &err);
    }
    PG_FINALLY();
    {
        xpg_source_close(src);
        xf_badrows_free(&bad);
    }
    PG_END_TRY();
    if (r) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", err ? err : "out of memory");
        free(err);
        elog(ERROR, "xiufu: %s", msg);
    }
    s->plan = plan, s->as_of = as_of, s->uscc = strdup(uscc);
    s->out = calloc((size_t)plan->npol + 1, sizeof *s->out);
    s->text_ids = calloc((size_t)plan->bound->ntexts + 1, sizeof *s->text_ids);
    if (!s->uscc || !s->out || !s->text_ids) elog(ERROR, "xiufu: out of memory");
    xf_ctx ctx;
    xf_plan_ctx(plan, s->db, s->text_ids, &ctx);
    ctx.as_of = as_of;  /* the plan serves every day its policies are in effect */
    for (int i = 0; i < plan->npol; i++) {
        if (xf_out_alloc(&s->out[i], s->db->tab[plan->pol[i].table].nrows, plan->pol[i].nfields, 0) != 0)
            elog(ERROR, "xiufu: out of memory");
        if (s->db->nent) xf_plan_decide(plan, i, &ctx, s->db->nent, 1, &s->out[i]);
    }
}

static Datum decide(FunctionCallInfo fcinfo, int what) {
    for (int a = 0; a < 4; a++)
        if (PG_ARGISNULL(a)) PG_RETURN_NULL();
    char *pack = text_to_cstring(PG_GETARG_TEXT_PP(0));
    char *table = text_to_cstring(PG_GETARG_TEXT_PP(1));
    int64 id = PG_GETARG_INT64(2);
    DateADT d = PG_GETARG_DATEADT(3);
    char *policy = PG_NARGS() > 4 && !PG_ARGISNULL(4) ? text_to_cstring(PG_GETARG_TEXT_PP(4)) : NULL;
    if (DATE_NOT_FINITE(d)) ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("xiufu: as_of must be a day")));
    int64_t as_of = xpg_day(d);
    const xf_plan *plan = xpg_plan(xpg_pack(pack), pack, as_of, 0, 0);
    int t = -1;
    for (int i = 0; plan && i < plan->npol && t < 0; i++)
        if (xf_plan_candidate(plan, i, table, policy)) t = plan->pol[i].table;
    if (t < 0) PG_RETURN_NULL();  /* no policy in effect decides this table: no decision */
    const char *schema = xpg_records_schema ? xpg_records_schema : "public";
    xpg_site *s = site_of(fcinfo);
    int pi = -1;
    int64_t row = -1;
    SPI_connect();
    if (!s->schema || strcmp(s->schema, schema)) {  /* the statements and calendar follow the schema */
        statements_free(s);
        xf_calendar_free(s->cal);
        free(s->schema);
        s->cal = NULL;
        if (!(s->schema = strdup(schema))) elog(ERROR, "xiufu: out of memory");
        s->cal = xpg_calendar(schema);
    }
    statements(s, plan, schema);
    char *uscc = owner(s, t, id);
    if (uscc) {
        decide_entity(s, plan, schema, uscc, as_of);
        int other = -1;
        pi = xf_plan_pick(plan, s->db, s->out, table, policy, id, &row, &other);
        if (pi == -2)
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("xiufu: row %lld of %s is decided by both %s and %s: name the policy as a "
                                   "fifth argument", (long long)id, table, plan->pol[row].name,
                                   plan->pol[other].name)));
    }
    SPI_finish();
    if (pi < 0) PG_RETURN_NULL();
    const xf_out *o = &s->out[pi];
    if (what == XPG_OUTCOME) {
        int outcome = o->outcome[row];
        if (outcome < 0 || outcome >= XF_OUT__COUNT) PG_RETURN_NULL();  /* an error: the run's outcome is NULL too */
        /* the result type is the enum xiufu.outcome, whose labels are the codes */
        return DirectFunctionCall2(enum_in, CStringGetDatum(xf_outcome_code[outcome]),
                                   ObjectIdGetDatum(get_fn_expr_rettype(fcinfo->flinfo)));
    }
    int f = what == XPG_ELIGIBLE_FROM ? 0 : 1;  /* xf_policy_fields: eligible_from, stops_on */
    if (f >= o->nfields || !o->fhas[row * o->nfields + f]) PG_RETURN_NULL();
    PG_RETURN_DATEADT(xpg_date(o->fval[row * o->nfields + f]));
}

PG_FUNCTION_INFO_V1(xiufu_decide);
Datum xiufu_decide(PG_FUNCTION_ARGS) { return decide(fcinfo, XPG_OUTCOME); }
PG_FUNCTION_INFO_V1(xiufu_eligible_from);
Datum xiufu_eligible_from(PG_FUNCTION_ARGS) { return decide(fcinfo, XPG_ELIGIBLE_FROM); }
PG_FUNCTION_INFO_V1(xiufu_stops_on);
Datum xiufu_stops_on(PG_FUNCTION_ARGS) { return decide(fcinfo, XPG_STOPS_ON); }

/* xiufu.ref: text without a collation (pg/xiufu--0.1.sql says why). */
PG_FUNCTION_INFO_V1(xiufu_ref_in);
Datum xiufu_ref_in(PG_FUNCTION_ARGS) { PG_RETURN_TEXT_P(cstring_to_text(PG_GETARG_CSTRING(0))); }
PG_FUNCTION_INFO_V1(xiufu_ref_out);
Datum xiufu_ref_out(PG_FUNCTION_ARGS) { PG_RETURN_CSTRING(text_to_cstring(PG_GETARG_TEXT_PP(0))); }
