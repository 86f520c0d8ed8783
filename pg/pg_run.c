/* pg_run.c — xiufu.run(pack, as_of, records_schema, trace): every subject
 * record of the canonical tables in records_schema decided with a pack's
 * policies in effect on as_of, into the xiufu output tables, in the
 * caller's transaction (an error or a cancel leaves nothing written).
 *
 * Entities are read in code order, XPG_CHUNK at a time with their related
 * rows (pg_records.c), built into a partition exactly as `xiufu run`
 * builds one (exec/partition.h), decided by the pack's code, written,
 * freed: memory is bounded by the chunk, not by the tables. */
#include "xpg.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "access/xact.h"
#include "datatype/timestamp.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "outcomes.h"
#include "run_name.h"
#include "partition.h"
#include "sha256.h"
#include "texts.h"
#include "trace_codec.h"
#include "trace_out.h"
#include "values.h"
#include "version.h"

enum { XPG_CHUNK = 8192, XPG_SHOWN = 20 };

/* Everything malloc'd a run holds, freed on every path. */
typedef struct xpg_run {
    xf_badrows   bad;
    bool         have_bad;
    xpg_source  *src;
    xf_calendar *cal;
    xf_db       *db;
    xf_out      *out;
    int          nout;
    int64_t     *text_ids;
    xf_texts    *run_texts;  /* texts traced values refer to, run-wide ids */
    xf_text_set  seen;
    uint8_t     *blob;
    xpg_shape   *shape;      /* what the records schema lacks of a later version */
} xpg_run;

static void run_free(xpg_run *r) {
    if (r->have_bad) xf_badrows_free(&r->bad);
    xpg_source_close(r->src);
    xf_part_free(r->db);
    xf_calendar_free(r->cal);
    for (int i = 0; r->out && i < r->nout; i++) xf_out_free(&r->out[i]);
    free(r->out);
    free(r->text_ids);
    xf_texts_free(r->run_texts);
    xf_text_set_free(&r->seen);
    free(r->blob);
    xpg_shape_free(r->shape);
}

static void oom(void) { ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("xiufu: out of memory"))); }

/* ---- SQL helpers ---- */

static void exec_args(const char *sql, int n, Oid *types, Datum *vals, const char *nulls, int expect) {
    int rc = SPI_execute_with_args(sql, n, types, vals, nulls, false, 0);
    if (rc != expect) elog(ERROR, "xiufu: %s: %s", sql, SPI_result_code_string(rc));
}

static Datum text_or_null(const char *s, char *null) {
    *null = s ? ' ' : 'n';
    return s ? CStringGetTextDatum(s) : (Datum)0;
}

/* ---- the run's rows besides the decisions ---- */

static int64 insert_run(const xf_plan *plan, const char *pack, int64_t as_of, const char *schema, const char *hash) {
    /* the engine is the plan's: "pack", or "interp" */
    StringInfoData names;
    initStringInfo(&names);
    for (int i = 0; i < plan->npol; i++) appendStringInfo(&names, "%s%s", i ? "," : "", plan->pol[i].name);
    StringInfoData rec;
    initStringInfo(&rec);
    appendStringInfo(&rec, "postgresql:%s (%s)", schema, pack);
    /* named from now(), the transaction's start, which is also `started` */
    TimestampTz now = GetCurrentTransactionStartTimestamp();
    struct timespec ts = {.tv_sec = (time_t)(now / USECS_PER_SEC + (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY),
                          .tv_nsec = (long)(now % USECS_PER_SEC) * 1000};
    if (ts.tv_nsec < 0) ts.tv_sec--, ts.tv_nsec += 1000000000L;
    char name[XF_RUN_NAME_MAX];
    xf_run_name(&ts, hash, name);
    /* the sources go to run_source, file by file (policy_source stays NULL, as in SQLite) */
    Oid types[7] = {DATEOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID};
    Datum vals[7] = {DateADTGetDatum(xpg_date(as_of)), CStringGetTextDatum(names.data), CStringGetTextDatum(hash),
                     CStringGetTextDatum(rec.data), CStringGetTextDatum(XF_VERSION), CStringGetTextDatum(plan->engine),
                     CStringGetTextDatum(name)};
    exec_args("INSERT INTO xiufu.run(started, as_of, policy, policy_hash, records, engine,"
              " xiufu_version, name) VALUES (now(), $1, $2, $3, $4, $6, $5, $7) RETURNING id",
              7, types, vals, NULL, SPI_OK_INSERT_RETURNING);
    bool null;
    return DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &null));
}

/* Each source file whole, with its path and SHA-256 (as the SQLite
 * output's run_source): explain compiles them again. */
static void insert_run_sources(const xf_plan *plan, int64 run) {
    const xf_bound *d = plan->bound;
    for (int i = 0; i < d->nsrc; i++) {
        uint8_t h[32];
        char hex[65];
        xf_sha256(d->src[i].text, d->src[i].len, h);
        xf_sha256_hex(h, hex);
        Oid types[5] = {INT8OID, INT4OID, TEXTOID, TEXTOID, TEXTOID};
        Datum vals[5] = {Int64GetDatum(run), Int32GetDatum(i), CStringGetTextDatum(d->src[i].path),
                         CStringGetTextDatum(hex), PointerGetDatum(cstring_to_text_with_len(d->src[i].text, (int)d->src[i].len))};
        exec_args("INSERT INTO xiufu.run_source(run, seq, path, sha256, text) VALUES ($1, $2, $3, $4, $5)", 5, types,
                  vals, NULL, SPI_OK_INSERT);
    }
}

/* Policies (numbered from 1 in the plan's order), their steps' citations,
 * the outcome codes, the trace slots. */
static void insert_run_meta(const xf_plan *plan, int64 run) {
    for (int i = 0; i < XF_OUT__COUNT; i++) {
        Oid t = TEXTOID;
        Datum v = CStringGetTextDatum(xf_outcome_code[i]);
        exec_args("INSERT INTO xiufu.outcome_code(code) VALUES ($1) ON CONFLICT (code) DO NOTHING", 1, &t, &v, NULL,
                  SPI_OK_INSERT);
    }
    for (int i = 0; i < plan->npol; i++) {
        const xf_plan_policy *q = &plan->pol[i];
        Oid pt[4] = {INT8OID, INT4OID, TEXTOID, TEXTOID};
        Datum pv[4] = {Int64GetDatum(run), Int32GetDatum(i + 1), CStringGetTextDatum(q->name),
                       CStringGetTextDatum(plan->specs[q->table].table)};
        exec_args("INSERT INTO xiufu.run_policy(run, id, name, subject_table) VALUES ($1, $2, $3, $4)", 4, pt, pv,
                  NULL, SPI_OK_INSERT);
        for (int s = 0; s < q->nsteps; s++) {
            Oid st[4] = {INT8OID, INT4OID, INT4OID, TEXTOID};
            char nulls[4] = "   ";
            Datum sv[4] = {Int64GetDatum(run), Int32GetDatum(i + 1), Int32GetDatum(s + 1),
                           text_or_null(q->step_basis[s], &nulls[3])};
            exec_args("INSERT INTO xiufu.run_step(run, policy, step, basis) VALUES ($1, $2, $3, $4)", 4, st, sv, nulls,
                      SPI_OK_INSERT);
        }
        for (int k = 0; q->meta && k < q->prog->ntrace; k++) {
            const xf_trace_meta *m = &q->meta[k];
            Oid mt[15] = {INT8OID, TEXTOID, INT4OID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID,
                          TEXTOID, INT4OID, TEXTOID, INT4OID, INT4OID, TEXTOID, TEXTOID};
            char n[16] = "               ";
            Datum mv[15] = {Int64GetDatum(run), CStringGetTextDatum(q->name), Int32GetDatum(m->slot),
                            text_or_null(m->kind, &n[3]), text_or_null(m->name, &n[4]),
                            text_or_null(m->value_kind, &n[5]), text_or_null(m->labels, &n[6]),
                            text_or_null(m->table, &n[7]), text_or_null(m->column, &n[8]), Int32GetDatum(m->index),
                            text_or_null(m->file, &n[10]), Int32GetDatum(m->line), Int32GetDatum(m->col),
                            text_or_null(m->source, &n[13]), text_or_null(m->basis, &n[14])};
            exec_args("INSERT INTO xiufu.trace_point(run, policy, slot, kind, name, value_kind, labels, tab, col, idx,"
                      " file, line, col_no, source, basis) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)",
                      15, mt, mv, n, SPI_OK_INSERT);
        }
    }
}

/* The policies' own fields (after eligible_from and stops_on) as text
 * columns of decision_row, shown by the view: added the first time. */
static void add_field_columns(const xf_plan *plan) {
    bool added = false;
    for (int k = 2; k < plan->ncols; k++) {
        Oid t = TEXTOID;
        Datum v = CStringGetTextDatum(plan->cols[k].name);
        exec_args("SELECT 1 FROM pg_attribute WHERE attrelid = 'xiufu.decision_row'::regclass AND attname = $1"
                  " AND NOT attisdropped", 1, &t, &v, NULL, SPI_OK_SELECT);
        if (SPI_processed) continue;
        StringInfoData q;
        initStringInfo(&q);
        /* money a number of yuan, as in the SQLite output; the rest text */
        appendStringInfo(&q, "ALTER TABLE xiufu.decision_row ADD COLUMN %s %s", quote_identifier(plan->cols[k].name),
                         plan->cols[k].kind == XF_K_MONEY ? "numeric(20, 2)" : "text");
        exec_args(q.data, 0, NULL, NULL, NULL, SPI_OK_UTILITY);
        added = true;
    }
    if (added) exec_args("SELECT xiufu.decision_refresh()", 0, NULL, NULL, NULL, SPI_OK_SELECT);
}

/* The decision INSERT, kept for the run; *nparam its parameters. */
static SPIPlanPtr prepare_insert(const xf_plan *plan, int *nparam) {
    int n = 10 + (plan->ncols > 2 ? plan->ncols - 2 : 0);
    Oid *types = palloc(sizeof *types * (size_t)n);
    Oid fixed[10] = {INT8OID, TEXTOID, INT4OID, INT8OID, INT4OID, INT4OID, INT4OID, INT4OID, TEXTOID, BYTEAOID};
    memcpy(types, fixed, sizeof fixed);
    StringInfoData q, v;
    initStringInfo(&q);
    initStringInfo(&v);
    appendStringInfoString(&q, "INSERT INTO xiufu.decision_row(run, uscc, policy, subject_id, outcome, step,"
                               " eligible_from, stops_on, error, trace");
    appendStringInfoString(&v, "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10");
    for (int k = 2; k < plan->ncols; k++) {
        types[8 + k] = TEXTOID;
        appendStringInfo(&q, ", %s", quote_identifier(plan->cols[k].name));
        appendStringInfo(&v, ", $%d%s", 9 + k, plan->cols[k].kind == XF_K_MONEY ? "::numeric" : "");
    }
    appendStringInfo(&q, ") VALUES (%s)", v.data);
    SPIPlanPtr p = SPI_prepare(q.data, n, types);
    if (!p) elog(ERROR, "xiufu: cannot prepare %s: %s", q.data, SPI_result_code_string(SPI_result));
    SPI_keepplan(p);  /* kept outside the procedure context: its executions leave nothing there */
    *nparam = n;
    return p;
}

/* A field's value as the SQLite output shows it in text (numbers as such). */
static char *field_text(const xf_field *f, int64_t v, const xf_texts *texts) {
    if (f->kind == XF_K_BOOL || f->kind == XF_K_INT) return psprintf("%lld", (long long)v);
    char buf[XF_FIELD_TEXT_MAX];
    const char *s = xf_field_text(f, v, texts, buf, sizeof buf);
    return s ? pstrdup(s) : NULL;
}

/* ---- deciding and writing a chunk ---- */

typedef struct xpg_writer {
    const xf_plan *plan;
    xpg_run       *r;
    int64          run;
    SPIPlanPtr     ins;
    int            nparam;
    int            outcome_id[XF_OUT__COUNT];
    int64_t        subjects;
} xpg_writer;

static void outcome_ids(xpg_writer *w) {
    exec_args("SELECT code, id FROM xiufu.outcome_code", 0, NULL, NULL, NULL, SPI_OK_SELECT);
    for (uint64 i = 0; i < SPI_processed; i++) {
        char *code = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
        bool null;
        int id = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &null));
        for (int k = 0; k < XF_OUT__COUNT; k++)
            if (!strcmp(code, xf_outcome_code[k])) w->outcome_id[k] = id;
    }
}

static void write_row(xpg_writer *w, const xf_db *db, int i, xf_out *out, int64_t r) {
    const xf_plan *plan = w->plan;
    const xf_plan_policy *q = &plan->pol[i];
    int outcome = out->outcome[r], st = out->step[r], err = out->err[r];
    if (outcome < 0 && st == -1 && err == 0) return;  /* not governed by this policy */
    if (st == XF_STEP_NONE_APPLIED && !err) err = XF_RT_NO_OUTCOME;
    const xf_table *tab = &db->tab[q->table];
    int uscc_slot = plan->uscc_slot;
    Datum *v = palloc0(sizeof *v * (size_t)w->nparam);
    char *n = palloc(w->nparam + 1);
    memset(n, 'n', w->nparam);
    n[w->nparam] = 0;
    v[0] = Int64GetDatum(w->run), n[0] = ' ';
    v[1] = text_or_null(xf_texts_str(db->texts, db->tab[0].val[uscc_slot][tab->ent[r]]), &n[1]);
    v[2] = Int32GetDatum(i + 1), n[2] = ' ';
    v[3] = Int64GetDatum(tab->row_id[r]), n[3] = ' ';
    if (outcome >= 0) v[4] = Int32GetDatum(w->outcome_id[outcome]), n[4] = ' ';
    if (st >= 0) v[5] = Int32GetDatum(st + 1), n[5] = ' ';
    int64_t fval[256];
    uint8_t fhas[256] = {0};
    for (int f = 0; f < q->nfields && f < 256; f++) {
        fval[q->field_map[f]] = out->fval[r * q->nfields + f];
        fhas[q->field_map[f]] = out->fhas[r * q->nfields + f];
    }
    if (fhas[0]) v[6] = Int32GetDatum((int32)fval[0]), n[6] = ' ';
    if (fhas[1]) v[7] = Int32GetDatum((int32)fval[1]), n[7] = ' ';
    v[8] = text_or_null(xf_decision_error(err), &n[8]);
    if (out->ntrace) {
        int64_t *tv = out->tval + r * out->ntrace;
        const uint8_t *ts = out->tstate + r * out->ntrace;
        for (int k = 0; q->has_text_slot && k < out->ntrace; k++)
            if (ts[k] == 2 && q->text_slot[k] && tv[k] >= 0) {  /* a chunk's text ids are its own */
                const char *txt = xf_texts_str(db->texts, tv[k]);
                tv[k] = txt ? xf_texts_intern(w->r->run_texts, txt, strlen(txt)) : -1;
            }
        if (q->has_text_slot) xf_text_set_note(&w->r->seen, q->meta, out->ntrace, tv, ts);
        size_t len = xf_trace_encode(tv, ts, out->ntrace, w->r->blob);
        bytea *b = palloc(VARHDRSZ + len);
        SET_VARSIZE(b, VARHDRSZ + len);
        memcpy(VARDATA(b), w->r->blob, len);
        v[9] = PointerGetDatum(b), n[9] = ' ';
    }
    for (int k = 2; k < plan->ncols; k++)
        if (fhas[k]) {
            char *s = field_text(&plan->cols[k], fval[k], db->texts);
            v[8 + k] = text_or_null(s, &n[8 + k]);
        }
    MemoryContext mine = CurrentMemoryContext;
    int rc = SPI_execute_plan(w->ins, v, n, false, 0);
    MemoryContextSwitchTo(mine);  /* SPI returns in its procedure context, which lives as long as the run */
    if (rc != SPI_OK_INSERT) elog(ERROR, "xiufu: cannot write a decision: %s", SPI_result_code_string(rc));
    w->subjects++;
}

/* Decide the chunk's entities with every policy and write them, entity by
 * entity, its policies in order, as `xiufu run` writes. */
static void decide_chunk(xpg_writer *w, MemoryContext rows) {
    xpg_run *r = w->r;
    const xf_plan *plan = w->plan;
    xf_db *db = r->db;
    xf_ctx ctx;
    xf_plan_ctx(plan, db, r->text_ids, &ctx);
    for (int i = 0; i < plan->npol; i++) {
        xf_out_free(&r->out[i]);
        memset(&r->out[i], 0, sizeof r->out[i]);
        if (xf_out_alloc(&r->out[i], db->tab[plan->pol[i].table].nrows, plan->pol[i].nfields,
                         plan->pol[i].prog->ntrace) != 0)
            oom();
        if (db->nent) xf_plan_decide(plan, i, &ctx, db->nent, 1, &r->out[i]);
    }
    MemoryContext old = MemoryContextSwitchTo(rows);
    for (int64_t e = 0; e < db->nent; e++) {
        for (int i = 0; i < plan->npol; i++) {
            const xf_table *tab = &db->tab[plan->pol[i].table];
            for (int64_t row = tab->first[e]; row < tab->first[e + 1]; row++) write_row(w, db, i, &r->out[i], row);
        }
        MemoryContextReset(rows);
        CHECK_FOR_INTERRUPTS();
    }
    MemoryContextSwitchTo(old);
}

/* ---- the function ---- */

typedef struct tell_ctx { const char *schema; } tell_ctx;

static void tell_bad_row(void *ud, const xf_bad_row *b) {
    const tell_ctx *t = ud;
    ereport(NOTICE, (errmsg("xiufu: %s.%s, row %lld%s%s: %s%s%s%s, skipped", t->schema, b->table,
                            (long long)b->row_id, b->column ? ", column " : "", b->column ? b->column : "",
                            b->reason_en, b->value ? " '" : "", b->value ? b->value : "", b->value ? "'" : "")));
}

static void trace_texts(xpg_run *r, int64 run) {
    for (int64_t i = 0; i < r->seen.n; i++) {
        const char *s = xf_texts_str(r->run_texts, r->seen.ids[i]);
        Oid t[3] = {INT8OID, INT8OID, TEXTOID};
        char n[4] = "   ";
        Datum v[3] = {Int64GetDatum(run), Int64GetDatum(r->seen.ids[i]), text_or_null(s, &n[2])};
        exec_args("INSERT INTO xiufu.trace_text(run, id, text) VALUES ($1, $2, $3)", 3, t, v, n, SPI_OK_INSERT);
    }
}

PG_FUNCTION_INFO_V1(xiufu_run);
Datum xiufu_run(PG_FUNCTION_ARGS) {
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("xiufu.run: pack and as_of are required")));
    char *pack = text_to_cstring(PG_GETARG_TEXT_PP(0));
    DateADT d = PG_GETARG_DATEADT(1);
    char *schema = PG_ARGISNULL(2) ? pstrdup("public") : text_to_cstring(PG_GETARG_TEXT_PP(2));
    int trace = PG_ARGISNULL(3) ? 1 : PG_GETARG_BOOL(3);
    char *engine = PG_NARGS() > 4 && !PG_ARGISNULL(4) ? text_to_cstring(PG_GETARG_TEXT_PP(4)) : "pack";
    if (strcmp(engine, "pack") && strcmp(engine, "interp"))
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("xiufu.run: engine is 'pack' or 'interp', not '%s'", engine)));
    if (DATE_NOT_FINITE(d)) ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("xiufu.run: as_of must be a day")));
    int64_t as_of = xpg_day(d);
    xf_pack_plans *pp = xpg_pack(pack);
    const xf_plan *plan = xpg_plan(pp, pack, as_of, trace, !strcmp(engine, "interp"));
    if (!plan) {
        char day[11];
        xf_date_format(as_of, day);
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("xiufu.run: no policy of pack \"%s\" is in effect on %s", pack, day)));
    }
    xpg_run r = {0};
    int64 run = 0;
    MemoryContext rows = AllocSetContextCreate(CurrentMemoryContext, "xiufu rows", ALLOCSET_DEFAULT_SIZES);
    SPI_connect();
    PG_TRY();
    {
        if (xf_badrows_init(&r.bad, XPG_SHOWN, 0) != 0) oom();
        r.have_bad = true;
        r.nout = plan->npol;
        int ntrace = 0;
        for (int i = 0; i < plan->npol; i++)
            if (plan->pol[i].prog->ntrace > ntrace) ntrace = plan->pol[i].prog->ntrace;
        if (!(r.out = calloc((size_t)plan->npol, sizeof *r.out)) ||
            !(r.text_ids = calloc((size_t)plan->bound->ntexts + 1, sizeof *r.text_ids)) ||
            !(r.run_texts = xf_texts_new()) || !(r.blob = malloc(xf_trace_bound(ntrace))))
            oom();
        char hash[65];
        xf_plan_source_hash(plan, hash);
        run = insert_run(plan, pack, as_of, schema, hash);
        insert_run_sources(plan, run);
        insert_run_meta(plan, run);
        add_field_columns(plan);
        xpg_writer w = {.plan = plan, .r = &r, .run = run};
        w.ins = prepare_insert(plan, &w.nparam);
        outcome_ids(&w);
        r.cal = xpg_calendar(schema);
        r.shape = xpg_shape_of(plan, schema);
        xpg_shape_notice(r.shape, schema);
        r.src = xpg_source_open(plan, schema, NULL, &r.bad, NULL, r.shape);
        uint8_t *data;
        size_t len;
        char *err = NULL;
        MemoryContext chunk = AllocSetContextCreate(CurrentMemoryContext, "xiufu chunk", ALLOCSET_DEFAULT_SIZES);
        MemoryContext proc = MemoryContextSwitchTo(chunk);
        while (xpg_source_next(r.src, XPG_CHUNK, &data, &len)) {
            if (xf_part_from_records(data, len, plan->specs, plan->nspecs, r.cal, schema, &r.bad, &r.db, &err) != 0) {
                char msg[512];
                snprintf(msg, sizeof msg, "%s", err ? err : "out of memory");
                free(err);
                ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("xiufu.run: %s", msg)));
            }
            decide_chunk(&w, rows);
            xf_part_free(r.db);
            r.db = NULL;
            MemoryContextReset(chunk);
        }
        MemoryContextSwitchTo(proc);
        xpg_source_finish(r.src);
        trace_texts(&r, run);
        tell_ctx tc = {schema};
        xf_badrows_tell(&r.bad, tell_bad_row, &tc);
        if (r.bad.count > XPG_SHOWN)
            ereport(NOTICE, (errmsg("xiufu: ... and %lld more bad rows", (long long)(r.bad.count - XPG_SHOWN))));
        Oid t[3] = {INT8OID, INT8OID, INT8OID};
        Datum v[3] = {Int64GetDatum(run), Int64GetDatum(w.subjects), Int64GetDatum(r.bad.count)};
        exec_args("UPDATE xiufu.run SET finished = now(), subjects = $2, skipped = $3 WHERE id = $1", 3, t, v, NULL,
                  SPI_OK_UPDATE);
        SPI_freeplan(w.ins);
    }
    PG_FINALLY();
    {
        run_free(&r);
    }
    PG_END_TRY();
    SPI_finish();
    MemoryContextDelete(rows);
    PG_RETURN_INT64(run);
}
