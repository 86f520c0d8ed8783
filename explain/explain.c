/* explain.c — read decisions and their traces back from an output database
 * and take them apart (explain.h).
 *
 * The trace says what was computed; the rules as written come from the
 * run's stored sources, compiled again by the compiler itself
 * (rebuild.c) and read from the checked tree (explain_build.c).
 */
#include "explain_int.h"
#include "output.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "outcomes.h"
#include "trace_codec.h"
#include "values.h"
#include "strf.h"

/* ------------------------------------------------------------------ memory */

typedef xf_ex_build build;

void *xf_ex_alloc(build *b, size_t n) {
    xf_ex_mem *m = calloc(1, sizeof *m + (n ? n : 1));
    if (!m) {
        b->oom = 1;
        return NULL;
    }
    m->next = b->ex->mem;
    b->ex->mem = m;
    return m->data;
}

char *xf_ex_strndup(build *b, const char *s, size_t n) {
    if (!s) return NULL;
    char *d = xf_ex_alloc(b, n + 1);
    if (d) memcpy(d, s, n), d[n] = 0;
    return d;
}

char *xf_ex_strdup(build *b, const char *s) { return s ? xf_ex_strndup(b, s, strlen(s)) : NULL; }

static void *ex_alloc(build *b, size_t n) { return xf_ex_alloc(b, n); }
static char *ex_strdup(build *b, const char *s) { return xf_ex_strdup(b, s); }
static char *ex_strndup(build *b, const char *s, size_t n) { return xf_ex_strndup(b, s, n); }

static char *msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *msg(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *s = xf_vstrf(fmt, ap);
    va_end(ap);
    return s;
}

/* ----------------------------------------------------------------- buffers */

void xf_ex_putn(xf_ex_buf *b, const char *s, size_t n) {
    if (s) xf_strbuf_put(b, s, n);
}

void xf_ex_puts(xf_ex_buf *b, const char *s) { if (s) xf_strbuf_puts(b, s); }

void xf_ex_printf(xf_ex_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    xf_strbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

void xf_ex_buf_free(xf_ex_buf *b) { xf_strbuf_free(b); }

/* ------------------------------------------------------------------ values */

const char *xf_ex_day(int64_t day, char buf[11]) {
    xf_date_format(day, buf);
    return buf;
}

const char *xf_ex_duration(int64_t dur, int en, char *buf, size_t cap) {
    int64_t n = xf_dur_amount(dur);
    int unit = xf_dur_unit(dur);
    if (unit == XF_DUR_MONTHS && n % 12 == 0)
        snprintf(buf, cap, en ? "%" PRId64 " year%s" : "%" PRId64 "年", n / 12, n / 12 == 1 ? "" : "s");
    else if (unit == XF_DUR_MONTHS)
        snprintf(buf, cap, en ? "%" PRId64 " month%s" : "%" PRId64 "个月", n, n == 1 ? "" : "s");
    else if (unit == XF_DUR_WORKDAYS)
        snprintf(buf, cap, en ? "%" PRId64 " working day%s" : "%" PRId64 "个工作日", n, n == 1 ? "" : "s");
    else
        snprintf(buf, cap, en ? "%" PRId64 " day%s" : "%" PRId64 "日", n, n == 1 ? "" : "s");
    return buf;
}

const char *xf_ex_value(const xf_ex_slot *s, int en, char *buf, size_t cap) {
    if (!s || s->state == 0) return en ? "not evaluated" : "未求值";
    if (s->state == 1) return en ? "none" : "无";
    const char *k = s->value_kind ? s->value_kind : "int";
    if (!strcmp(k, "bool")) return s->value ? (en ? "yes" : "是") : (en ? "no" : "否");
    if (!strcmp(k, "duration")) return xf_ex_duration(s->value, en, buf, cap);
    if (!strcmp(k, "money")) {
        char m[32];
        xf_money_format(s->value, m);
        snprintf(buf, cap, en ? "%s yuan" : "%s元", m);
        return buf;
    }
    if (!strcmp(k, "text") && s->text) {
        snprintf(buf, cap, "%s", s->text);
        return buf;
    }
    xf_trace_value_text(k, s->labels, s->value, NULL, NULL, buf, cap);
    if (!en && !strcmp(k, "set")) {  /* 罚款、没收违法所得 */
        char tmp[512];
        size_t o = 0;
        for (const char *p = buf; *p && o + 4 < sizeof tmp; p++) {
            if (*p == ',') memcpy(tmp + o, "、", 3), o += 3;
            else tmp[o++] = *p;
        }
        tmp[o] = 0;
        snprintf(buf, cap, "%s", tmp);
    }
    return buf;
}

const char *xf_ex_outcome_name(const char *code, int en) {
    for (int i = 0; code && i < XF_OUT__COUNT; i++)
        if (!strcmp(code, xf_outcome_code[i])) return en ? xf_outcome_en[i] : xf_outcome_zh[i];
    return code ? code : "?";
}

const xf_ex_slot *xf_ex_witness_of(const xf_explanation *ex, const xf_ex_slot *agg) {
    for (int i = 0; agg && i < ex->nslots; i++) {
        const xf_ex_slot *w = &ex->slots[i];
        if (w->kind == XF_EXK_WITNESS && w->line == agg->line && w->col_no == agg->col_no && w->name && agg->name &&
            !strcmp(w->name, agg->name))
            return w;
    }
    return NULL;
}
/* ----------------------------------------------------------- the database */

static void free_run(xf_ex_db *d) {
    free(d->as_of), free(d->started), free(d->engine), free(d->hash);
    xf_ex_free_sources(d->src, d->nsrc);
    xf_ex_compiled_free(d->cc);
    d->as_of = d->started = d->engine = d->hash = NULL;
    d->src = NULL, d->nsrc = 0, d->cc = NULL, d->run = 0;
}

void xf_ex_close(xf_ex_db *d) {
    if (!d) return;
    free_run(d);
    xf_ex_compiled_free(d->schema);
    sqlite3_close(d->db);
    free(d->path);
    free(d);
}

static char *sqlerr(xf_ex_db *d) { return msg("%s: %s", d->path, sqlite3_errmsg(d->db)); }

xf_ex_db *xf_ex_open(const char *path, char **err) {
    *err = NULL;
    xf_ex_db *d = calloc(1, sizeof *d);
    if (!d || !(d->path = malloc(strlen(path) + 1))) {
        free(d);
        *err = msg("%s: out of memory", path);
        return NULL;
    }
    strcpy(d->path, path);
    xf_output_index_subjects(path);  /* a run leaves it to the first lookup; without it a lookup scans */
    if (sqlite3_open_v2(path, &d->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        *err = msg("%s: %s", path, d->db ? sqlite3_errmsg(d->db) : "out of memory");
        xf_ex_close(d);
        return NULL;
    }
    sqlite3_busy_timeout(d->db, 2000);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(d->db,
                           "SELECT (SELECT count(*) FROM sqlite_master WHERE type IN ('table', 'view') AND name IN ('run', 'decision')),"
                           " (SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('trace_point', 'trace_text'))",
                           -1, &st, NULL) != SQLITE_OK ||
        sqlite3_step(st) != SQLITE_ROW) {
        *err = sqlerr(d);
        sqlite3_finalize(st);
        xf_ex_close(d);
        return NULL;
    }
    int ok = sqlite3_column_int(st, 0) == 2;
    d->has_trace = sqlite3_column_int(st, 1) == 2;
    sqlite3_finalize(st);
    if (!ok) {
        *err = msg("%s: not an output database of xiufu run (no run and decision tables)", path);
        xf_ex_close(d);
        return NULL;
    }
    return d;
}

static char *col_dup(sqlite3_stmt *st, int i) {
    const unsigned char *t = sqlite3_column_text(st, i);
    if (!t) return NULL;
    size_t n = (size_t)sqlite3_column_bytes(st, i);
    char *s = malloc(n + 1);
    if (s) memcpy(s, t, n), s[n] = 0;
    return s;
}

static int load_run(xf_ex_db *d, int64_t want, char **err) {
    sqlite3_stmt *st = NULL;
    int64_t id = want;
    if (!id) {
        if (sqlite3_prepare_v2(d->db, "SELECT max(id) FROM run", -1, &st, NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
            *err = sqlerr(d);
            sqlite3_finalize(st);
            return -1;
        }
        id = sqlite3_column_int64(st, 0);
        int none = sqlite3_column_type(st, 0) == SQLITE_NULL;
        sqlite3_finalize(st);
        if (none) {
            *err = msg("%s: no run recorded", d->path);
            return -1;
        }
    }
    if (d->run == id) return 0;
    free_run(d);
    if (sqlite3_prepare_v2(d->db, "SELECT as_of, started, engine, policy_hash, policy_source FROM run WHERE id = ?1", -1,
                           &st, NULL) != SQLITE_OK) {
        *err = sqlerr(d);
        return -1;
    }
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        *err = rc == SQLITE_DONE ? msg("%s: no run %" PRId64, d->path, id) : sqlerr(d);
        sqlite3_finalize(st);
        return -1;
    }
    d->as_of = col_dup(st, 0), d->started = col_dup(st, 1), d->engine = col_dup(st, 2);
    d->hash = col_dup(st, 3);
    char *joined = col_dup(st, 4);
    sqlite3_finalize(st);
    d->run = id;
    rc = xf_ex_read_sources(d->db, id, joined, &d->src, &d->nsrc);
    free(joined);
    if (rc == 0 && !(d->cc = xf_ex_compile(d->src, d->nsrc))) rc = -1;
    if (rc == 0 && !d->schema && !(d->schema = xf_ex_compile(NULL, 0))) rc = -1;
    if (rc != 0) {
        *err = msg("%s: out of memory", d->path);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------- the trace */

/* XF_EXK_* follow the compiler's trace kinds (trace.h), in its order. */
_Static_assert((int)XF_EXK_OTHER == (int)XF_TP__COUNT, "explain.h's slot kinds are trace.h's");

static int kind_of(const char *k) {
    for (int i = 0; k && i < XF_TP__COUNT; i++)
        if (!strcmp(k, xf_tp_kind_name[i])) return i;
    return XF_EXK_OTHER;
}

static char *col_str(build *b, sqlite3_stmt *st, int i) {
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? ex_strndup(b, (const char *)t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

/* A policy field's value as text: money, a number of yuan in the output
 * (REAL, the only field kind stored so), as the policy writes it ("123.4");
 * money an earlier xiufu stored as text is that text already. */
static char *field_str(build *b, sqlite3_stmt *st, int i) {
    if (sqlite3_column_type(st, i) != SQLITE_FLOAT) return col_str(b, st, i);
    char m[32];
    xf_money_format(xf_money_from_yuan(sqlite3_column_double(st, i)), m);
    return ex_strdup(b, m);
}

/* The slots of the decision's policy and their values. */
static int load_trace(build *b, const void *blob, int blob_len, char **err) {
    xf_explanation *ex = b->ex;
    xf_ex_db *d = b->db;
    if (!d->has_trace || !blob || blob_len <= 0) return 0;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(d->db,
                           "SELECT slot, kind, name, value_kind, labels, tab, col, idx, file, line, col_no, source, basis"
                           " FROM trace_point WHERE run = ?1 AND policy = ?2 ORDER BY slot",
                           -1, &st, NULL) != SQLITE_OK) {
        *err = sqlerr(d);
        return -1;
    }
    sqlite3_bind_int64(st, 1, ex->run);
    sqlite3_bind_text(st, 2, ex->policy, -1, SQLITE_STATIC);
    int cap = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int slot = sqlite3_column_int(st, 0);
        if (slot < 0 || slot > 100000) continue;
        if (slot >= cap) {
            int ncap = cap ? cap : 64;
            while (ncap <= slot) ncap *= 2;
            xf_ex_slot *a = ex_alloc(b, sizeof *a * (size_t)ncap);
            if (!a) break;
            if (ex->nslots) memcpy(a, ex->slots, sizeof *a * (size_t)ex->nslots);
            for (int i = ex->nslots; i < ncap; i++) a[i] = (xf_ex_slot){.slot = i, .kind = XF_EXK_OTHER};
            ex->slots = a, cap = ncap;
        }
        xf_ex_slot *s = &ex->slots[slot];
        s->kind = kind_of((const char *)sqlite3_column_text(st, 1));
        s->name = col_str(b, st, 2), s->value_kind = col_str(b, st, 3), s->labels = col_str(b, st, 4);
        s->tab = col_str(b, st, 5), s->col = col_str(b, st, 6), s->idx = sqlite3_column_int(st, 7);
        s->file = col_str(b, st, 8), s->line = sqlite3_column_int(st, 9), s->col_no = sqlite3_column_int(st, 10);
        s->source = col_str(b, st, 11), s->basis = col_str(b, st, 12);
        if (slot >= ex->nslots) ex->nslots = slot + 1;
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        *err = sqlerr(d);
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    if (!ex->nslots) return 0;
    int64_t *val = malloc(sizeof *val * (size_t)ex->nslots);
    uint8_t *state = malloc((size_t)ex->nslots);
    if (!val || !state) {
        free(val), free(state);
        b->oom = 1;
        return 0;
    }
    if (xf_trace_decode(blob, (size_t)blob_len, ex->nslots, val, state) == 0) {
        ex->traced = 1;
        for (int i = 0; i < ex->nslots; i++) ex->slots[i].state = state[i], ex->slots[i].value = val[i];
    }
    free(val), free(state);
    if (!ex->traced) return 0;
    /* texts and labels */
    if (sqlite3_prepare_v2(d->db, "SELECT text FROM trace_text WHERE run = ?1 AND id = ?2", -1, &st, NULL) != SQLITE_OK) {
        *err = sqlerr(d);
        return -1;
    }
    for (int i = 0; i < ex->nslots; i++) {
        xf_ex_slot *s = &ex->slots[i];
        if (s->state != 2 || !s->value_kind || strcmp(s->value_kind, "text")) continue;
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, ex->run);
        sqlite3_bind_int64(st, 2, s->value);
        int rc2 = sqlite3_step(st);
        if (rc2 == SQLITE_ROW) {
            s->text = col_str(b, st, 0);
        } else if (rc2 != SQLITE_DONE) {
            *err = sqlerr(d);
            sqlite3_finalize(st);
            return -1;
        }
    }
    sqlite3_finalize(st);
    return 0;
}

/* The policy's file: where its slots point, else the file that declares it. */
/* The policy's rules in the rebuilt compilation, when lowering it again
 * numbers the slots the run traced, each with the same kind, name and index;
 * and the policy's file. */
static void find_policy(build *b) {
    xf_explanation *ex = b->ex;
    const xf_ex_policy *p = xf_ex_policy_named(b->cc, ex->policy);
    int same = p && ex->traced && p->ti.n == ex->nslots;
    for (int i = 0; same && i < ex->nslots; i++) {
        const xf_ex_slot *s = &ex->slots[i];
        const xf_trace_point *t = &p->ti.pt[i];
        same = s->kind == (int)t->kind && s->idx == t->index && s->name && t->name && !strcmp(s->name, t->name);
    }
    if (same) b->pol = p->decl, b->pt = p->ti.pt;
    /* the file its rules are written in: an override's are mostly its base's */
    for (int i = 0; i < ex->nslots && !ex->file; i++)
        if (ex->slots[i].kind == XF_EXK_LET || ex->slots[i].kind == XF_EXK_WHEN) ex->file = ex->slots[i].file;
    if (!ex->file && b->pol && b->pol->module) ex->file = ex_strdup(b, b->pol->module->path);
    /* the lines the trace points to are those of the rebuilt sources */
    if (b->pol)
        for (int i = 0; i < ex->nslots; i++) {
            const xf_trace_point *t = &b->pt[i];
            xf_compile *c = &b->cc->c;
            if (t->span.file < 0 || t->span.file >= c->diags.nsrc) continue;
            xf_source_linecol(&c->diags.src[t->span.file], t->span.start, &ex->slots[i].line, &ex->slots[i].col_no);
        }
}

/* `lenient on`: when the older regime's decision was taken, the ladder shown
 * is the later policy's own, up to the step that decided under it. */
static void build_lenient(build *b) {
    xf_explanation *ex = b->ex;
    const xf_ex_slot *taken = NULL, *own = NULL;
    for (int i = 0; i < ex->nslots; i++) {
        const xf_ex_slot *s = &ex->slots[i];
        if (s->kind != XF_EXK_LENIENT || !s->state || !s->name) continue;
        size_t n = strlen(s->name);
        if (!strcmp(s->name, "lenient on")) ex->lenient_day = s;
        else if (!strcmp(s->name, "taken")) taken = s;
        else if (s->idx == 0 && n > 5 && !strcmp(s->name + n - 5, " step")) own = s;
    }
    ex->stored_step = ex->step;
    if (taken && taken->state == 2 && taken->value && ex->step > 0) {
        ex->older_taken = 1;
        ex->step = own && own->state == 2 ? (int)own->value : 0;
    }
}

/* ---------------------------------------------------------------- routes */

static int better(const char *outcome) {
    return outcome && (!strcmp(outcome, "can_apply") || !strcmp(outcome, "auto_repair") || !strcmp(outcome, "expired"));
}

static void build_routes(build *b) {
    xf_explanation *ex = b->ex;
    if (!ex->outcome || strcmp(ex->outcome, "not_yet") || !ex->step) return;
    ex->routes = ex_alloc(b, sizeof *ex->routes * (size_t)(ex->nsteps + 1));
    if (!ex->routes) return;
    for (int i = 0; i + 1 < ex->step && i < ex->nsteps; i++) {
        const xf_ex_step *st = &ex->steps[i];
        if (!better(st->outcome)) continue;
        xf_ex_route rt = {.step = st};
        if (st->when && st->when->state == 2 && !st->when->value && !st->allreq) continue;  /* not this record's route */
        if (st->time_kind == 'f') rt.time = !st->has_day ? XF_EXT_UNKNOWN : ex->as_of_day >= st->day ? XF_EXT_MET : XF_EXT_WAIT;
        if (st->allreq)
            for (int k = 0; k < ex->nreqs; k++)
                if (ex->reqs[k].cls != XF_EXR_MET) {
                    const xf_ex_req **u = ex_alloc(b, sizeof *u * (size_t)(rt.nunmet + 1));
                    if (!u) break;
                    if (rt.nunmet) memcpy(u, rt.unmet, sizeof *u * (size_t)rt.nunmet);
                    u[rt.nunmet++] = &ex->reqs[k];
                    rt.unmet = u;
                }
        if (st->when && st->when->state != 2 && !st->allreq) rt.when_false = 1;
        if (rt.time == XF_EXT_WAIT || rt.time == XF_EXT_UNKNOWN || rt.nunmet) ex->routes[ex->nroutes++] = rt;
    }
    /* an application first, then what time alone brings */
    for (int i = 1; i < ex->nroutes; i++)
        for (int j = i; j > 0 && !strcmp(ex->routes[j - 1].step->outcome, "expired") &&
                        strcmp(ex->routes[j].step->outcome, "expired");
             j--) {
            xf_ex_route t = ex->routes[j];
            ex->routes[j] = ex->routes[j - 1];
            ex->routes[j - 1] = t;
        }
}

/* ----------------------------------------------------------- selecting */

static const char *const fixed_cols[] = {"run", "policy", "subject_table", "subject_id", "uscc", "outcome",
                                         "eligible_from", "stops_on", "step", "basis", "error", "trace", NULL};

static int fixed_col(const char *name) {
    for (int i = 0; fixed_cols[i]; i++)
        if (!strcmp(name, fixed_cols[i])) return i;
    return -1;
}

static void free_one(xf_explanation *ex) {
    if (!ex) return;
    for (xf_ex_mem *m = ex->mem, *next; m; m = next) {
        next = m->next;
        free(m);
    }
    free(ex);
}

static xf_explanation *build_one(xf_ex_db *d, sqlite3_stmt *st, int rows_only, char **err) {
    xf_explanation *ex = calloc(1, sizeof *ex);
    if (!ex) {
        *err = msg("%s: out of memory", d->path);
        return NULL;
    }
    build bd = {.ex = ex, .db = d, .cc = d->cc}, *b = &bd;
    ex->run = d->run;
    ex->as_of = ex_strdup(b, d->as_of), ex->started = ex_strdup(b, d->started);
    ex->engine = ex_strdup(b, d->engine), ex->policy_hash = ex_strdup(b, d->hash);
    if (!d->as_of || xf_date_parse(d->as_of, strlen(d->as_of), &ex->as_of_day) != XF_DATE_OK) ex->as_of_day = 0;
    const void *blob = NULL;
    int blob_len = 0, ncol = sqlite3_column_count(st);
    ex->field_name = ex_alloc(b, sizeof *ex->field_name * (size_t)(ncol + 1));
    ex->field_value = ex_alloc(b, sizeof *ex->field_value * (size_t)(ncol + 1));
    for (int i = 0; i < ncol; i++) {
        const char *name = sqlite3_column_name(st, i);
        int which = name ? fixed_col(name) : -2;
        switch (which) {
        case 1: ex->policy = col_str(b, st, i); break;
        case 2: ex->subject_table = col_str(b, st, i); break;
        case 3: ex->subject_id = sqlite3_column_int64(st, i); break;
        case 4: ex->uscc = col_str(b, st, i); break;
        case 5: ex->outcome = col_str(b, st, i); break;
        case 6: ex->eligible_from = col_str(b, st, i); break;
        case 7: ex->stops_on = col_str(b, st, i); break;
        case 8: ex->step = sqlite3_column_int(st, i); break;
        case 9: ex->basis = col_str(b, st, i); break;
        case 10: ex->error = col_str(b, st, i); break;
        case 11:
            blob = sqlite3_column_blob(st, i);
            blob_len = sqlite3_column_bytes(st, i);
            break;
        case -1:
            if (sqlite3_column_type(st, i) != SQLITE_NULL && ex->field_name && ex->field_value) {
                ex->field_name[ex->nfields] = ex_strdup(b, name);
                ex->field_value[ex->nfields++] = field_str(b, st, i);
            }
            break;
        default: break;
        }
    }
    if (!ex->policy) ex->policy = "";
    if (rows_only) return ex;
    /* the blob lives until the next step: copy before the next statement runs */
    void *copy = blob_len > 0 ? ex_alloc(b, (size_t)blob_len) : NULL;
    if (copy) memcpy(copy, blob, (size_t)blob_len);
    if (load_trace(b, copy, copy ? blob_len : 0, err) != 0) {
        free_one(ex);
        return NULL;
    }
    find_policy(b);
    /* what the explanation shows is copied into it: the texts the compiler
     * makes on the way go to scratch arenas, let go with the decision, so
     * that a report of a million decisions grows no compilation */
    xf_arena run_arena = {0}, schema_arena = {0};
    if (d->cc) run_arena = d->cc->c.arena, d->cc->c.arena = (xf_arena){0};
    if (d->schema) schema_arena = d->schema->c.arena, d->schema->c.arena = (xf_arena){0};
    xf_ex_build_labels(b);
    xf_ex_build_lets(b);
    xf_ex_build_reqs(b);
    xf_ex_build_params(b);
    build_lenient(b);
    xf_ex_build_steps(b);
    xf_ex_build_regime(b);
    build_routes(b);
    xf_ex_case_documents(b);
    if (d->cc) xf_arena_free(&d->cc->c.arena), d->cc->c.arena = run_arena;
    if (d->schema) xf_arena_free(&d->schema->c.arena), d->schema->c.arena = schema_arena;
    if (b->oom) {
        *err = msg("%s: out of memory", d->path);
        free_one(ex);
        return NULL;
    }
    return ex;
}

int xf_ex_each(xf_ex_db *d, const xf_ex_query *q, int rows_only, xf_ex_fn fn, void *ctx, char **err) {
    *err = NULL;
    if (load_run(d, q->run, err) != 0) return -1;
    const char *filter = q->subject_table ? "subject_table = ?3 AND subject_id = ?4"
                         : q->uscc         ? "uscc = ?3"
                         : q->outcome      ? "outcome = ?3"
                                           : "1";
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT * FROM decision WHERE run = ?1 AND (?2 IS NULL OR policy = ?2) AND %s"
             " ORDER BY uscc, subject_table, subject_id, policy LIMIT ?5",
             filter);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(d->db, sql, -1, &st, NULL) != SQLITE_OK) {
        *err = sqlerr(d);
        return -1;
    }
    sqlite3_bind_int64(st, 1, d->run);
    if (q->policy) sqlite3_bind_text(st, 2, q->policy, -1, SQLITE_STATIC);
    if (q->subject_table) {
        sqlite3_bind_text(st, 3, q->subject_table, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 4, q->subject_id);
    } else if (q->uscc) {
        sqlite3_bind_text(st, 3, q->uscc, -1, SQLITE_STATIC);
    } else if (q->outcome) {
        sqlite3_bind_text(st, 3, q->outcome, -1, SQLITE_STATIC);
    }
    sqlite3_bind_int64(st, 5, q->limit > 0 ? q->limit : -1);
    /* one decision at a time: built, handed on, let go */
    int n = 0, rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        xf_explanation *ex = build_one(d, st, rows_only, err);
        if (!ex) break;
        stop = fn(ctx, ex, n++);
        if (stop < 0 && !*err) *err = msg("%s", "the explanation could not be written");
    }
    if (!*err && !stop && rc != SQLITE_DONE) *err = sqlerr(d);
    sqlite3_finalize(st);
    return *err ? -1 : n;
}

typedef struct collect {
    xf_explanation **list;
    int              n;
} collect;

static int collect_one(void *ctx, xf_explanation *ex, int i) {
    collect *c = ctx;
    (void)i;
    xf_explanation **l = realloc(c->list, sizeof *l * (size_t)(c->n + 1));
    if (!l) {
        free_one(ex);
        return -1;
    }
    c->list = l;
    c->list[c->n++] = ex;
    return 0;
}

int xf_ex_select(xf_ex_db *d, const xf_ex_query *q, xf_explanation ***out, char **err) {
    collect c = {0};
    *out = NULL;
    int n = xf_ex_each(d, q, 0, collect_one, &c, err);
    if (n < 0) {
        xf_ex_free_all(c.list, c.n);
        return -1;
    }
    *out = c.list;
    return c.n;
}

void xf_ex_free(xf_explanation *ex) { free_one(ex); }

void xf_ex_free_all(xf_explanation **list, int n) {
    for (int i = 0; list && i < n; i++) free_one(list[i]);
    free(list);
}
