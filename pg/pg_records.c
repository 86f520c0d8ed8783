/* pg_records.c — the tables a plan binds, read through SPI cursors in
 * entity order, each row converted as the SQLite readers convert it
 * (runtime/values.h) into the records partitions are built from
 * (exec/record.h); bad values reported with the same reasons. */
#include "xpg.h"

#include <stdlib.h>
#include <string.h>

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "record.h"
#include "uscc.h"
#include "values.h"
#include "versions.h"

enum { XPG_FETCH = 4096 };

typedef struct xpg_table {
    const xf_tablespec *sp;
    xf_load_col        *cols;
    const char         *keyname;   /* for reports */
    Portal              cur;
    SPITupleTable      *tt;
    uint64              pos;
    bool                done;
} xpg_table;

struct xpg_source {
    MemoryContext values;          /* what converting a chunk's values pallocs: reset per chunk */
    int          nt;
    xpg_table   *tab;
    xf_badrows  *bad;
    xf_rec_buf   rec, out;
    char        *last;             /* the last entity code of the chunk */
    size_t       last_len, last_cap;
    int64_t      rows;
};

static int64_t day_min, day_max;   /* the range xf_date_parse accepts */

static void oom(void);

/* ---- opening ---- */

/* ---- what the records schema lacks of a later records version ---- */

/* The relation schema.name, or InvalidOid. */
static Oid relation_of(const char *schema, const char *name) {
    Oid types[2] = {TEXTOID, TEXTOID};
    Datum args[2] = {CStringGetTextDatum(schema), CStringGetTextDatum(name)};
    if (SPI_execute_with_args("SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n"
                              " ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2",
                              2, types, args, NULL, true, 1) != SPI_OK_SELECT)
        elog(ERROR, "xiufu: cannot look for %s.%s", schema, name);
    if (SPI_processed == 0) return InvalidOid;
    bool null;
    Datum d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &null);
    return null ? InvalidOid : DatumGetObjectId(d);
}

static bool has_column(Oid rel, const char *name) {
    Oid types[2] = {OIDOID, TEXTOID};
    Datum args[2] = {ObjectIdGetDatum(rel), CStringGetTextDatum(name)};
    if (SPI_execute_with_args("SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = $1 AND attname = $2"
                              " AND attnum > 0 AND NOT attisdropped",
                              2, types, args, NULL, true, 1) != SPI_OK_SELECT)
        elog(ERROR, "xiufu: cannot look for column %s", name);
    return SPI_processed > 0;
}

void xpg_shape_free(xpg_shape *sh) {
    if (!sh) return;
    for (int t = 0; sh->no_col && t < sh->nt; t++) free(sh->no_col[t]);
    free(sh->no_col);
    free(sh->no_table);
    xf_absent_free(&sh->absent);
    free(sh);
}

xpg_shape *xpg_shape_of(const xf_plan *plan, const char *schema) {
    xpg_shape *sh = calloc(1, sizeof *sh);
    if (!sh) oom();
    sh->nt = plan->nspecs;
    sh->no_table = calloc((size_t)plan->nspecs + 1, 1);
    sh->no_col = calloc((size_t)plan->nspecs + 1, sizeof *sh->no_col);
    for (int t = 0; sh->no_col && t < plan->nspecs; t++)
        if (!(sh->no_col[t] = calloc((size_t)plan->specs[t].ncols + 1, 1))) {
            xpg_shape_free(sh);
            oom();
        }
    if (!sh->no_table || !sh->no_col) {
        xpg_shape_free(sh);
        oom();
    }
    /* an error looking (SPI's) frees sh on its way out */
    PG_TRY();
    {
        for (int t = 0; t < plan->nspecs; t++) {
            const xf_tablespec *sp = &plan->specs[t];
            Oid rel = relation_of(schema, sp->table);
            if (!OidIsValid(rel)) {
                /* a table version 2 added: empty; any other: the SELECT says it is missing */
                if (t > 0 && xf_records_added_in(sp->table, NULL) > 1) sh->no_table[t] = 1;
                continue;
            }
            for (int c = 0; c < sp->ncols; c++)
                if (sp->cols[c].optional && xf_records_added_in(sp->table, sp->cols[c].name) > 1 &&
                    !has_column(rel, sp->cols[c].name))
                    sh->no_col[t][c] = 1;
        }
    }
    PG_CATCH();
    {
        xpg_shape_free(sh);
        PG_RE_THROW();
    }
    PG_END_TRY();
    int bad = 0;
    for (int t = 0; t < plan->nspecs; t++) {
        const xf_tablespec *sp = &plan->specs[t];
        if (sh->no_table[t]) bad |= xf_absent_add(&sh->absent, sp->table, NULL);
        for (int c = 0; c < sp->ncols; c++)
            if (sh->no_col[t][c]) bad |= xf_absent_add(&sh->absent, sp->table, sp->cols[c].name);
    }
    if (bad) {
        xpg_shape_free(sh);
        oom();
    }
    return sh;
}

void xpg_shape_notice(const xpg_shape *sh, const char *schema) {
    char *note = sh ? xf_absent_note(&sh->absent, 1) : NULL;
    if (!note) return;
    char msg[1024];
    snprintf(msg, sizeof msg, "%s", note);
    free(note);
    ereport(NOTICE, (errmsg("xiufu: schema %s: %s", schema, msg)));
}

char *xpg_select_sql(const xf_tablespec *sp, const char *schema, bool one, const xpg_shape *sh, int t) {
    StringInfoData q;
    const char *ent = quote_identifier(sp->entity_col ? sp->entity_col : "uscc");
    initStringInfo(&q);
    if (sh && sh->no_table[t]) {
        /* a table a later records version added: the same columns, no rows */
        appendStringInfoString(&q, "SELECT NULL::int8, NULL::text");
        for (int c = 0; c < sp->ncols; c++) appendStringInfoString(&q, ", NULL");
        appendStringInfoString(&q, one ? " WHERE $1 IS NULL AND false" : " WHERE false");
        return q.data;
    }
    /* the entity table has no row key: its rows are numbered in code order */
    if (sp->key) appendStringInfo(&q, "SELECT (%s)::int8", quote_identifier(sp->key));
    else appendStringInfo(&q, "SELECT (row_number() OVER (ORDER BY %s COLLATE \"C\"))::int8", ent);
    appendStringInfo(&q, ", (%s)::text", ent);
    for (int c = 0; c < sp->ncols; c++)
        if (sh && sh->no_col[t][c]) appendStringInfoString(&q, ", NULL");
        else appendStringInfo(&q, ", %s", quote_identifier(sp->cols[c].name));
    appendStringInfo(&q, " FROM %s.%s", quote_identifier(schema), quote_identifier(sp->table));
    if (one) appendStringInfo(&q, " WHERE %s = $1", ent);
    appendStringInfo(&q, " ORDER BY %s COLLATE \"C\"%s%s", ent, sp->key ? ", " : "",
                     sp->key ? quote_identifier(sp->key) : "");
    return q.data;
}

xpg_source *xpg_source_open(const xf_plan *plan, const char *schema, const char *uscc, xf_badrows *bad,
                            SPIPlanPtr *prepared, const xpg_shape *sh) {
    if (!day_max) {
        xf_date_parse("1900-01-01", 10, &day_min);
        xf_date_parse("2199-12-31", 10, &day_max);
    }
    xpg_source *s = calloc(1, sizeof *s);
    if (s) s->tab = calloc((size_t)plan->nspecs, sizeof *s->tab);
    if (!s || !s->tab) {
        free(s);
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("xiufu: out of memory")));
    }
    s->nt = plan->nspecs;
    s->bad = bad;
    s->values = AllocSetContextCreate(CurrentMemoryContext, "xiufu values", ALLOCSET_DEFAULT_SIZES);
    for (int t = 0; t < s->nt; t++) {
        xpg_table *tb = &s->tab[t];
        tb->sp = &plan->specs[t];
        tb->keyname = tb->sp->key ? tb->sp->key : "row";
        tb->cols = calloc((size_t)tb->sp->ncols + 1, sizeof *tb->cols);
        for (int c = 0; tb->cols && c < tb->sp->ncols; c++) {
            const xf_colspec *cs = &tb->sp->cols[c];
            tb->cols[c].spec = cs;
            if ((cs->kind == XF_K_ENUM || cs->kind == XF_K_SET) &&
                xf_load_labels_build(&tb->cols[c].labels, cs->nlabels, cs->labels) != 0)
                tb->cols = NULL;  /* out of memory, reported below */
        }
        if (!tb->cols) {
            xpg_source_close(s);
            ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("xiufu: out of memory")));
        }
    }
    /* the cursors, after every malloc: an error from here on is SPI's and
     * the caller frees s */
    for (int t = 0; t < s->nt; t++) {
        Oid argtype = TEXTOID;
        Datum arg = uscc ? CStringGetTextDatum(uscc) : (Datum)0;
        if (prepared && prepared[t]) s->tab[t].cur = SPI_cursor_open(NULL, prepared[t], &arg, NULL, true);
        else
            s->tab[t].cur = SPI_cursor_open_with_args(NULL, xpg_select_sql(s->tab[t].sp, schema, uscc != NULL, sh, t),
                                                      uscc ? 1 : 0, &argtype, &arg, NULL, true, 0);
    }
    return s;
}

void xpg_source_finish(xpg_source *s) {
    for (int t = 0; s && t < s->nt; t++) {
        xpg_table *tb = &s->tab[t];
        if (tb->tt) SPI_freetuptable(tb->tt);
        if (tb->cur) SPI_cursor_close(tb->cur);
        tb->tt = NULL, tb->cur = NULL, tb->done = true;
    }
}

void xpg_source_close(xpg_source *s) {
    if (!s) return;
    if (s->values) MemoryContextDelete(s->values);
    for (int t = 0; t < s->nt; t++) {
        xpg_table *tb = &s->tab[t];
        for (int c = 0; tb->cols && c < tb->sp->ncols; c++) xf_load_labels_free(&tb->cols[c].labels);
        free(tb->cols);
    }
    free(s->tab);
    free(s->rec.p), free(s->out.p), free(s->last);
    free(s);
}

int64_t xpg_source_rows(const xpg_source *s) { return s->rows; }

/* ---- rows ---- */

/* The current row of table t, fetching when the last batch is used up;
 * NULL at the end. */
static HeapTuple peek(xpg_table *tb) {
    if (tb->done) return NULL;
    if (!tb->tt || tb->pos >= tb->tt->numvals) {
        if (tb->tt) SPI_freetuptable(tb->tt);
        MemoryContext mine = CurrentMemoryContext;
        SPI_cursor_fetch(tb->cur, true, XPG_FETCH);
        MemoryContextSwitchTo(mine);  /* SPI returns in its procedure context, which lives as long as the run */
        tb->tt = SPI_tuptable, tb->pos = 0;
        if (!tb->tt || tb->tt->numvals == 0) {
            tb->done = true;
            return NULL;
        }
    }
    return tb->tt->vals[tb->pos];
}

/* Column i (1-based) as text bytes: no copy for text types. */
static const char *text_of(xpg_table *tb, HeapTuple row, int i, Datum d, uint32_t *n) {
    Oid type = SPI_gettypeid(tb->tt->tupdesc, i);
    if (type == TEXTOID || type == VARCHAROID || type == BPCHAROID) {
        text *tx = DatumGetTextPP(d);
        *n = (uint32_t)VARSIZE_ANY_EXHDR(tx);
        return VARDATA_ANY(tx);
    }
    char *s = SPI_getvalue(row, tb->tt->tupdesc, i);
    *n = s ? (uint32_t)strlen(s) : 0;
    return s ? s : "";
}

/* A value of bound column c into *v: XF_BAD_OK or a reason. */
static int convert(xpg_table *tb, HeapTuple row, int i, int c, Datum d, int64_t *v) {
    const xf_load_col *lc = &tb->cols[c];
    Oid type = SPI_gettypeid(tb->tt->tupdesc, i);
    int r = -2;
    switch (type) {
    case INT2OID: r = xf_value_int(lc, DatumGetInt16(d), v); break;
    case INT4OID: r = xf_value_int(lc, DatumGetInt32(d), v); break;
    case INT8OID: r = xf_value_int(lc, DatumGetInt64(d), v); break;
    case BOOLOID: r = xf_value_int(lc, DatumGetBool(d) ? 1 : 0, v); break;
    case DATEOID:
        if (lc->spec->kind != XF_K_DATE) break;
        if (DATE_NOT_FINITE(DatumGetDateADT(d))) return XF_BAD_DATE_RANGE;
        *v = xpg_day(DatumGetDateADT(d));
        return *v < day_min || *v > day_max ? XF_BAD_DATE_RANGE : XF_BAD_OK;
    }
    if (r != -2) return r;
    uint32_t n;
    const char *s = text_of(tb, row, i, d, &n);
    return xf_value_text(lc, s, n, v);
}

static void oom(void) { ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("xiufu: out of memory"))); }

/* The value of column i for a report: NULL for SQL NULL. */
static char *report_value(xpg_table *tb, HeapTuple row, int i) { return SPI_getvalue(row, tb->tt->tupdesc, i); }

/* The current row of table t as a record appended to s->out, or reported
 * here when it has no entity to go to. */
static void encode(xpg_source *s, int t, HeapTuple row) {
    xpg_table *tb = &s->tab[t];
    const xf_tablespec *sp = tb->sp;
    TupleDesc td = tb->tt->tupdesc;
    bool null;
    s->rows++;
    Datum kd = SPI_getbinval(row, td, 1, &null);
    int64_t key = null ? 0 : DatumGetInt64(kd);
    if (null) {
        xf_badrows_add(s->bad, t, sp->table, 0, tb->keyname, NULL, XF_BAD_MISSING);
        return;
    }
    Datum cd = SPI_getbinval(row, td, 2, &null);
    if (null) {
        xf_badrows_add(s->bad, t, sp->table, key, sp->entity_col ? sp->entity_col : "uscc", NULL, XF_BAD_MISSING);
        return;
    }
    text *ct = DatumGetTextPP(cd);
    const char *code = VARDATA_ANY(ct);
    size_t n = VARSIZE_ANY_EXHDR(ct);
    xf_rec_buf *rec = &s->rec;
    if (xf_rec_start(rec, t, key, code, n)) oom();
    int r;
    if (t == 0 && (r = xf_load_uscc_reason(xf_uscc_validate(code, n))) != XF_BAD_OK) {
        if (xf_rec_bad(rec, r, XF_REC_COL_NONE, code, (uint32_t)(n > 255 ? 255 : n))) oom();
    } else {
        for (int c = 0; c < sp->ncols; c++) {
            int i = c + 3;
            Datum d = SPI_getbinval(row, td, i, &null);
            int64_t v = 0;
            r = null ? (sp->cols[c].optional ? XF_BAD_OK : XF_BAD_MISSING) : convert(tb, row, i, c, d, &v);
            if (r != XF_BAD_OK) {
                char *val = null ? NULL : report_value(tb, row, i);
                if (xf_rec_bad(rec, r, c, val, val ? (uint32_t)strlen(val) : XF_REC_NULL)) oom();
                break;
            }
            if (!null && sp->cols[c].kind == XF_K_TEXT) {
                uint32_t len;
                const char *txt = text_of(tb, row, i, d, &len);
                if (xf_rec_text(rec, txt, len)) oom();
            } else if (xf_rec_slot(rec, !null, v)) {
                oom();
            }
        }
    }
    xf_rec_finish(rec);
    if (xf_rec_put(&s->out, rec->p, rec->n)) oom();
}

/* The entity code of a row (column 2), or NULL. */
static const char *code_of(xpg_table *tb, HeapTuple row, size_t *n) {
    bool null;
    Datum d = SPI_getbinval(row, tb->tt->tupdesc, 2, &null);
    if (null) return NULL;
    text *t = DatumGetTextPP(d);
    *n = VARSIZE_ANY_EXHDR(t);
    return VARDATA_ANY(t);
}

/* Byte order, as COLLATE "C" sorts: NULL after every code. */
static int code_cmp(const char *a, size_t an, const char *b, size_t bn) {
    if (!a || !b) return (a == NULL) - (b == NULL);
    int r = memcmp(a, b, an < bn ? an : bn);
    return r ? r : (an > bn) - (an < bn);
}

bool xpg_source_next(xpg_source *s, int64_t n, uint8_t **data, size_t *len) {
    s->out.n = 0;
    MemoryContextReset(s->values);
    MemoryContext caller = MemoryContextSwitchTo(s->values);
    xpg_table *et = &s->tab[0];
    int64_t count = 0;
    bool have_last = false, last_null = false;
    HeapTuple row;
    /* the entities: n of them, and every further row of the last code, so
     * that a repeated code is seen whole */
    while ((row = peek(et))) {
        size_t cn = 0;
        const char *code = code_of(et, row, &cn);
        if (count >= n && code_cmp(code, cn, last_null ? NULL : s->last, s->last_len) != 0) break;
        encode(s, 0, row);
        et->pos++, count++;
        have_last = true, last_null = code == NULL;
        if (code) {
            if (cn > s->last_cap) {
                char *p = realloc(s->last, cn);
                if (!p) oom();
                s->last = p, s->last_cap = cn;
            }
            memcpy(s->last, code, cn);
            s->last_len = cn;
        }
        CHECK_FOR_INTERRUPTS();
    }
    /* related rows up to the last code; all that is left once the entities
     * are read (rows of no entity: reported when the partition is built) */
    for (int t = 1; t < s->nt; t++) {
        xpg_table *tb = &s->tab[t];
        while ((row = peek(tb))) {
            size_t cn = 0;
            const char *code = code_of(tb, row, &cn);
            if (!et->done && have_last && code_cmp(code, cn, last_null ? NULL : s->last, s->last_len) > 0) break;
            if (!et->done && !have_last) break;
            encode(s, t, row);
            tb->pos++;
            CHECK_FOR_INTERRUPTS();
        }
    }
    MemoryContextSwitchTo(caller);
    if (s->out.n == 0) {
        bool all_done = true;
        for (int t = 0; t < s->nt; t++) all_done &= s->tab[t].done;
        if (all_done) return false;
    }
    *data = malloc(s->out.n ? s->out.n : 1);
    if (!*data) oom();
    memcpy(*data, s->out.p, s->out.n);
    *len = s->out.n;
    return true;
}

/* ---- the working-day calendar ---- */

xf_calendar *xpg_calendar(const char *schema) {
    xf_calendar *cal = xf_calendar_new();
    if (!cal) oom();
    StringInfoData q;
    initStringInfo(&q);
    appendStringInfo(&q, "%s.workday_calendar", quote_identifier(schema));
    Oid argtype = TEXTOID;
    Datum arg = CStringGetTextDatum(q.data);
    if (SPI_execute_with_args("SELECT to_regclass($1) IS NOT NULL", 1, &argtype, &arg, NULL, true, 1) != SPI_OK_SELECT)
        elog(ERROR, "xiufu: cannot look for %s", q.data);
    bool null;
    if (!DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &null))) return cal;
    resetStringInfo(&q);
    appendStringInfo(&q, "SELECT day::date, workday::int FROM %s.workday_calendar WHERE day IS NOT NULL",
                     quote_identifier(schema));
    if (SPI_execute(q.data, true, 0) != SPI_OK_SELECT) elog(ERROR, "xiufu: cannot read %s.workday_calendar", schema);
    for (uint64 i = 0; i < SPI_processed; i++) {
        bool n1, n2;
        Datum d = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &n1);
        Datum w = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &n2);
        if (n2 || DATE_NOT_FINITE(DatumGetDateADT(d))) continue;
        xf_calendar_set(cal, xpg_day(DatumGetDateADT(d)), DatumGetInt32(w) != 0);
    }
    return cal;
}
