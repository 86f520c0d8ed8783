/* diff.c — `xiufu diff`: two policy sets over the same records, read once
 * (diff.h, docs/diff.md).
 *
 * plans (a side and a day each) → the specs they bind, merged → scan and
 * partition once → batch by batch: each plan decides its view of the
 * batch; each subject row's two decisions compared; changed rows into
 * diff_record, a few of them (examples) also into a run of the side's own
 * output database → region, sector and domain of the changed rows from
 * the records → shifts and breakdowns by SQL → the examples explained from
 * the sides' output databases (explain.h), as `xiufu explain` does.
 */
#include "diff.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "dates.h"
#include "explain.h"
#include "outcomes.h"
#include "output.h"
#include "pack.h"
#include "partition.h"
#include "plan_code.h"
#include "policyset.h"
#include "run_pipeline.h"
#include "scan.h"
#include "texts.h"
#include "trace_out.h"
#include "version.h"

#define DIFF_BUDGET ((int64_t)8 << 20)
#define DIFF_CHUNK  8192
#define MAX_COLS    256

/* outcome index: the codes, then none (not governed), then error */
enum { OUT_NONE = XF_OUT__COUNT, OUT_ERROR, NOUT };
static const char *out_name(int k) { return k < XF_OUT__COUNT ? xf_outcome_code[k] : k == OUT_NONE ? "none" : "error"; }

static const char schema[] =
    "CREATE TABLE diff_run(started TEXT, as_of TEXT, a TEXT, b TEXT, records TEXT, records_read INTEGER,"
    " skipped INTEGER, changed INTEGER, entities INTEGER, xiufu_version TEXT);"
    "CREATE TABLE diff_day(as_of TEXT PRIMARY KEY, a_policies TEXT, b_policies TEXT, records INTEGER,"
    " a_decided INTEGER, b_decided INTEGER, changed INTEGER, entities INTEGER);"
    "CREATE TABLE diff_transition(as_of TEXT, a_outcome TEXT, b_outcome TEXT, records INTEGER, changed INTEGER,"
    " PRIMARY KEY (as_of, a_outcome, b_outcome));"
    "CREATE TABLE diff_record(as_of TEXT, subject_table TEXT, subject_id INTEGER, uscc TEXT,"
    " region TEXT, sector TEXT, domain TEXT,"
    " a_policy TEXT, a_outcome TEXT, a_eligible_from TEXT, a_stops_on TEXT, a_step INTEGER, a_basis TEXT, a_error TEXT,"
    " b_policy TEXT, b_outcome TEXT, b_eligible_from TEXT, b_stops_on TEXT, b_step INTEGER, b_basis TEXT, b_error TEXT,"
    " changed TEXT, eligible_shift INTEGER, stops_shift INTEGER, PRIMARY KEY (as_of, subject_table, subject_id));"
    "CREATE TABLE diff_shift(as_of TEXT, field TEXT, change TEXT, days INTEGER, records INTEGER);"
    "CREATE TABLE diff_breakdown(as_of TEXT, dimension TEXT, value TEXT, a_outcome TEXT, b_outcome TEXT,"
    " records INTEGER);"
    "CREATE TABLE diff_example(as_of TEXT, a_outcome TEXT, b_outcome TEXT, subject_table TEXT, subject_id INTEGER,"
    " uscc TEXT, a_policy TEXT, a_basis TEXT, b_policy TEXT, b_basis TEXT, a_explanation TEXT, b_explanation TEXT);"
    "CREATE TEMP TABLE diff_example_html(as_of TEXT, subject_table TEXT, subject_id INTEGER, a_html TEXT, b_html TEXT);";

/* ---- the merged specs ---- */

typedef struct uspec {
    xf_tablespec t[64];
    xf_colspec  *cols[64];
    int          n;
} uspec;

/* One plan's tables and columns among the merged ones. */
typedef struct side {
    xf_plan     plan;
    xf_pack    *pack;
    int         tmap[64];
    int        *cmap[64];
    int64_t    *text_ids;
    xf_out     *out;
    int64_t    *cap;
    xf_db      *view;
    xf_ctx      ctx;
    /* the examples: a run of their own in a temporary output database */
    char        tmp[64];
    xf_writer  *w;
    pipeline    pl;
    xf_run_summary sum;
    xf_texts   *run_texts;
    xf_text_set seen;
    int64_t     decided;
} side;

static int merge(uspec *u, const xf_plan *p, side *s, char **why) {
    for (int t = 0; t < p->nspecs; t++) {
        const xf_tablespec *ps = &p->specs[t];
        int k = 0;
        while (k < u->n && strcmp(u->t[k].table, ps->table)) k++;
        if (t == 0 && k != 0 && u->n) {
            *why = strdup("the two sides read different entity tables");
            return -1;
        }
        if (k == u->n) {
            if (u->n == 64 || !(u->cols[k] = calloc(MAX_COLS, sizeof *u->cols[k]))) return -1;
            u->t[k] = *ps;
            u->t[k].ncols = 0;
            u->t[k].cols = u->cols[k];
            u->n++;
        }
        xf_tablespec *ut = &u->t[k];
        s->tmap[t] = k;
        if (!(s->cmap[t] = calloc((size_t)ps->ncols + 1, sizeof *s->cmap[t]))) return -1;
        for (int c = 0; c < ps->ncols; c++) {
            const xf_colspec *pc = &ps->cols[c];
            int j = 0;
            while (j < ut->ncols && strcmp(ut->cols[j].name, pc->name)) j++;
            if (j == ut->ncols) {
                if (j == MAX_COLS) return -1;
                u->cols[k][ut->ncols++] = *pc;
            } else {
                xf_colspec *uc = &u->cols[k][j];
                int same = uc->kind == pc->kind && uc->nlabels == pc->nlabels;
                for (int l = 0; same && l < pc->nlabels; l++) same = !strcmp(uc->labels[l], pc->labels[l]);
                if (!same) {
                    char m[256];
                    snprintf(m, sizeof m, "the two sides read column %s.%s as different types", ps->table, pc->name);
                    *why = strdup(m);
                    return -1;
                }
                uc->optional = uc->optional && pc->optional;  /* a NULL bad for either side is bad */
            }
            s->cmap[t][c] = j;
        }
    }
    return 0;
}

/* The batch as plan s sees it: its tables, its columns, in its order. */
static xf_db *view_make(const xf_db *w, side *s) {
    const xf_plan *p = &s->plan;
    xf_db *v = s->view;
    if (!v) {
        if (!(v = calloc(1, sizeof *v)) || !(v->tab = calloc((size_t)p->nspecs, sizeof *v->tab))) {
            free(v);
            return NULL;
        }
        v->ntables = p->nspecs;
        for (int t = 0; t < p->nspecs; t++) {
            v->tab[t].val = calloc((size_t)p->specs[t].ncols + 1, sizeof *v->tab[t].val);
            v->tab[t].has = calloc((size_t)p->specs[t].ncols + 1, sizeof *v->tab[t].has);
            if (!v->tab[t].val || !v->tab[t].has) return NULL;
        }
        s->view = v;
    }
    v->nent = w->nent, v->cal = w->cal, v->texts = w->texts;
    for (int t = 0; t < p->nspecs; t++) {
        const xf_table *src = &w->tab[s->tmap[t]];
        xf_table *d = &v->tab[t];
        d->nrows = src->nrows, d->ncols = p->specs[t].ncols;
        d->row_id = src->row_id, d->ent = src->ent, d->first = src->first;
        for (int c = 0; c < d->ncols; c++) d->val[c] = src->val[s->cmap[t][c]], d->has[c] = src->has[s->cmap[t][c]];
    }
    return v;
}

static void view_free(xf_db *v) {
    for (int t = 0; v && t < v->ntables; t++) free(v->tab[t].val), free(v->tab[t].has);
    if (v) free(v->tab);
    free(v);
}

/* ---- one side's plan ---- */

static int side_open(const xf_diff_opts *o, char *const *paths, int n, int64_t day, side *s, int quiet) {
    char *err = NULL;
    xf_plan_init(&s->plan);
    if (n == 1 && xf_pack_is_path(paths[0])) {
        xf_pack_trust trust = {.keys_dir = o->trusted_keys, .allow_unsigned = o->allow_unsigned, .lang = o->lang};
        if (xf_pack_open(paths[0], &trust, &s->pack, &err) != 0 || xf_bound_of_pack(s->pack, &s->plan.own, &err) != 0) {
            fprintf(stderr, "xiufu diff: %s\n", err ? err : "cannot load the pack");
            free(err);
            return 1;
        }
    } else {
        if (quiet) {  /* the same sources checked again for another day: their warnings were shown */
            if (xf_policyset_add(&s->plan.c, paths, n) < 0 || s->plan.c.diags.errors || xf_check(&s->plan.c) != 0 ||
                s->plan.c.diags.errors) {
                xf_diags_print(&s->plan.c.diags, stderr, o->lang);
                return 1;
            }
        } else if (xf_policyset_check(&s->plan.c, paths, n, o->lang) != 0) return 1;
    }
    int r = s->pack ? xf_plan_select(&s->plan, &s->plan.own, day, 1) : xf_plan_from_sources(&s->plan, day, 1);
    if (r == XF_PLAN_NONE) {
        /* a side with no policy in effect governs nothing: every record is 'none' on it */
        s->plan.npol = 0;
        return 0;
    }
    if (r != 0) {
        fprintf(stderr, "xiufu diff: out of memory\n");
        return 1;
    }
    if (strcmp(o->engine, "jit")) r = xf_plan_use_interp(&s->plan, &err);
    else if (s->pack) r = xf_plan_use_pack(&s->plan, s->pack, &err);
    else r = xf_plan_compile(&s->plan, o->opt_level, o->cache, &err);
    if (r != 0) fprintf(stderr, "xiufu diff: %s\n", err ? err : "no code for a policy");
    free(err);
    return r ? 1 : 0;
}

static void side_free(side *s) {
    if (s->w) xf_writer_close(s->w);
    if (s->tmp[0]) unlink(s->tmp);
    for (int t = 0; t < 64; t++) free(s->cmap[t]);
    for (int i = 0; s->out && i < s->plan.npol; i++) xf_out_free(&s->out[i]);
    free(s->out), free(s->cap), free(s->text_ids);
    free(s->pl.wb.blob), free(s->pl.wb.json), free(s->pl.errmsg);
    xf_text_set_free(&s->seen);
    xf_texts_free(s->run_texts);
    view_free(s->view);
    xf_plan_free(&s->plan);
    xf_pack_close(s->pack);
}

/* The side's output database for its examples: one run, as `xiufu run`
 * would start it. */
static int side_examples_begin(const xf_diff_opts *o, side *s, int64_t day, char **err) {
    const char *dir = getenv("TMPDIR");
    snprintf(s->tmp, sizeof s->tmp, "%s/xiufu-diff-XXXXXX", dir && *dir && strlen(dir) < 40 ? dir : "/tmp");
    int fd = mkstemp(s->tmp);
    if (fd < 0) {
        s->tmp[0] = 0;
        *err = strdup("cannot make a temporary file for the examples");
        return -1;
    }
    close(fd);
    if (!(s->w = xf_writer_open_db(s->tmp, err))) return -1;
    if (run_begin(s->w, &s->plan, day, o->records, s->plan.engine, err) != 0) return -1;
    if (!(s->run_texts = xf_texts_new())) return -1;
    s->pl = (pipeline){.plan = &s->plan, .w = s->w, .run_texts = s->run_texts, .texts_seen = &s->seen, .sum = &s->sum};
    return write_buf_init(&s->pl.wb, &s->plan, 0);
}

static int side_examples_commit(side *s, char **err) {
    if (xf_writer_trace_texts(s->w, s->seen.n, s->seen.ids, s->run_texts, err) != 0 ||
        xf_writer_commit(s->w, s->sum.subjects, 0, err) != 0)
        return -1;
    xf_writer_close(s->w);
    s->w = NULL;
    return 0;
}

/* ---- comparing ---- */

typedef struct day_state {
    int64_t     day;
    char        as_of[11];
    side        s[2];
    int64_t     trans[NOUT][NOUT], changed[NOUT][NOUT];
    int         examples[NOUT][NOUT];
    int64_t     nchanged, entities;
} day_state;

typedef struct pick {
    int          pol;      /* policy index, -1: none governs */
    int          outcome;  /* NOUT index */
    int64_t      row;
} pick;

static int governed(const xf_out *o, int64_t r) { return !(o->outcome[r] < 0 && o->step[r] == -1 && o->err[r] == 0); }

static pick pick_of(const side *s, int u, int64_t r) {
    pick k = {-1, OUT_NONE, r};
    for (int i = 0; i < s->plan.npol; i++) {
        if (s->tmap[s->plan.pol[i].table] != u || !governed(&s->out[i], r)) continue;
        int oc = s->out[i].outcome[r], err = s->out[i].err[r] || s->out[i].step[r] == XF_STEP_NONE_APPLIED;
        k.pol = i;
        k.outcome = oc >= 0 ? oc : OUT_ERROR;
        (void)err;
        break;
    }
    return k;
}

/* A field's value as comparable text-free data: enum labels by name. */
static int field_equal(const xf_field *fa, int64_t va, uint8_t ha, const xf_field *fb, int64_t vb, uint8_t hb) {
    if (ha != hb) return 0;
    if (!ha) return 1;
    if (fa->kind == XF_K_ENUM && fb->kind == XF_K_ENUM && fa->labels && fb->labels) {
        if (va < 0 || va >= fa->nlabels || vb < 0 || vb >= fb->nlabels) return va == vb;
        return !strcmp(fa->labels[va], fb->labels[vb]);
    }
    return va == vb;
}

typedef struct sides_vals {
    const xf_plan_policy *q;
    const xf_out *out;
    int64_t row;
} sides_vals;

static void add_change(char *buf, size_t cap, const char *name) {
    size_t n = strlen(buf);
    if (strstr(buf, name)) {  /* a name already listed, as a whole word */
        const char *p = buf;
        size_t l = strlen(name);
        while ((p = strstr(p, name))) {
            if ((p == buf || p[-1] == ',') && (p[l] == 0 || p[l] == ',')) return;
            p += l;
        }
    }
    snprintf(buf + n, cap - n, "%s%s", n ? "," : "", name);
}

/* The fields that differ, comma-separated into buf; "" when none. */
static void changes(const side *sa, pick a, const side *sb, pick b, char *buf, size_t cap) {
    buf[0] = 0;
    const xf_plan_policy *qa = a.pol >= 0 ? &sa->plan.pol[a.pol] : NULL, *qb = b.pol >= 0 ? &sb->plan.pol[b.pol] : NULL;
    const xf_out *oa = qa ? &sa->out[a.pol] : NULL, *ob = qb ? &sb->out[b.pol] : NULL;
    if (a.outcome != b.outcome) add_change(buf, cap, "outcome");
    int ea = oa ? oa->err[a.row] : 0, eb = ob ? ob->err[b.row] : 0;
    if (ea != eb) add_change(buf, cap, "error");
    /* fields by name: one side's field the other lacks differs when it has a value */
    for (int pass = 0; pass < 2; pass++) {
        const xf_plan_policy *q = pass ? qb : qa, *other = pass ? qa : qb;
        const xf_out *oq = pass ? ob : oa, *oo = pass ? oa : ob;
        int64_t rq = pass ? b.row : a.row, ro = pass ? a.row : b.row;
        for (int f = 0; q && f < q->nfields; f++) {
            int g = -1;
            for (int h = 0; other && h < other->nfields; h++)
                if (!strcmp(other->fields[h].name, q->fields[f].name)) g = h;
            if (g >= 0 && pass) continue;  /* compared on the first pass */
            int64_t vq = oq->fval[rq * q->nfields + f];
            uint8_t hq = oq->fhas[rq * q->nfields + f];
            int eq = g >= 0 ? field_equal(&q->fields[f], vq, hq, &other->fields[g], oo->fval[ro * other->nfields + g],
                                          oo->fhas[ro * other->nfields + g])
                            : !hq;
            if (!eq) add_change(buf, cap, q->fields[f].name);
        }
    }
}

/* The columns of the merged specs that describe a record (region, sector,
 * domain), -1 where no plan binds them: those are read afterwards. */
typedef struct desc_cols { int region[64], sector[64], domain[64], ent_region; } desc_cols;

static int col_index(const xf_tablespec *t, const char *name) {
    for (int c = 0; c < t->ncols; c++)
        if (!strcmp(t->cols[c].name, name)) return c;
    return -1;
}

static void desc_cols_find(const uspec *u, desc_cols *dc) {
    for (int t = 0; t < u->n; t++) {
        dc->region[t] = col_index(&u->t[t], "authority_region");
        dc->sector[t] = col_index(&u->t[t], "sector");
        dc->domain[t] = col_index(&u->t[t], "domain");
        if (dc->region[t] >= 0 && u->t[t].cols[dc->region[t]].kind != XF_K_TEXT) dc->region[t] = -1;
        if (dc->sector[t] >= 0 && u->t[t].cols[dc->sector[t]].kind != XF_K_ENUM) dc->sector[t] = -1;
        if (dc->domain[t] >= 0 && u->t[t].cols[dc->domain[t]].kind != XF_K_ENUM) dc->domain[t] = -1;
    }
    dc->ent_region = col_index(&u->t[0], "region");
    if (dc->ent_region >= 0 && u->t[0].cols[dc->ent_region].kind != XF_K_TEXT) dc->ent_region = -1;
}

static void bind_desc(sqlite3_stmt *st, int col, const xf_db *w, const uspec *u, const desc_cols *dc, int t, int64_t r) {
    const xf_table *tab = &w->tab[t];
    int64_t e = tab->ent[r];
    const char *region = NULL;
    if (dc->region[t] >= 0 && tab->has[dc->region[t]][r]) region = xf_texts_str(w->texts, tab->val[dc->region[t]][r]);
    else if (dc->region[t] < 0 && t > 0) region = NULL;  /* not bound: read afterwards */
    else if (dc->ent_region >= 0 && w->tab[0].has[dc->ent_region][e])
        region = xf_texts_str(w->texts, w->tab[0].val[dc->ent_region][e]);
    if (region) sqlite3_bind_text(st, col, region, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, col);
    int ec[2] = {dc->sector[t], dc->domain[t]};
    for (int k = 0; k < 2; k++) {
        int c = ec[k];
        int64_t v = c >= 0 && tab->has[c][r] ? tab->val[c][r] : -1;
        if (v >= 0 && v < u->t[t].cols[c].nlabels) sqlite3_bind_text(st, col + 1 + k, u->t[t].cols[c].labels[v], -1, SQLITE_STATIC);
        else sqlite3_bind_null(st, col + 1 + k);
    }
}

typedef struct ctx_t {
    const xf_diff_opts *o;
    desc_cols     dc;
    sqlite3      *db;
    sqlite3_stmt *ins;
    day_state    *days;
    int           ndays;
    int           examples;
    char         *errmsg;
} ctx_t;

static void bind_side(sqlite3_stmt *st, int col, const side *s, pick k, const xf_db *w) {
    if (k.pol < 0) {
        sqlite3_bind_null(st, col);
        sqlite3_bind_text(st, col + 1, "none", -1, SQLITE_STATIC);
        for (int i = 2; i < 7; i++) sqlite3_bind_null(st, col + i);
        return;
    }
    const xf_plan_policy *q = &s->plan.pol[k.pol];
    const xf_out *o = &s->out[k.pol];
    sqlite3_bind_text(st, col, q->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, col + 1, out_name(k.outcome), -1, SQLITE_STATIC);
    for (int f = 0; f < 2; f++) {
        char d[11];
        if (q->nfields > f && o->fhas[k.row * q->nfields + f]) {
            xf_date_format(o->fval[k.row * q->nfields + f], d);
            sqlite3_bind_text(st, col + 2 + f, d, -1, SQLITE_TRANSIENT);
        } else sqlite3_bind_null(st, col + 2 + f);
    }
    int step = o->step[k.row];
    if (step >= 0) {
        sqlite3_bind_int(st, col + 4, step + 1);
        sqlite3_bind_text(st, col + 5, q->step_basis[step], -1, SQLITE_STATIC);
    } else sqlite3_bind_null(st, col + 4), sqlite3_bind_null(st, col + 5);
    int err = o->err[k.row];
    if (!err && step == XF_STEP_NONE_APPLIED) err = XF_RT_NO_OUTCOME;
    const char *e = xf_decision_error(err);
    if (e) sqlite3_bind_text(st, col + 6, e, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, col + 6);
    (void)w;
}

static int date_of(const side *s, pick k, int f, int64_t *v) {
    if (k.pol < 0) return 0;
    const xf_plan_policy *q = &s->plan.pol[k.pol];
    if (q->nfields <= f || !s->out[k.pol].fhas[k.row * q->nfields + f]) return 0;
    *v = s->out[k.pol].fval[k.row * q->nfields + f];
    return 1;
}

/* Compare every subject row of window w (the merged layout) for day d. */
static int compare_day(ctx_t *cx, day_state *d, const xf_db *w, int uscc_col, const uspec *u, uint8_t *ent_day,
                       uint8_t *ent_any) {
    side *sa = &d->s[0], *sb = &d->s[1];
    memset(ent_day, 0, (size_t)w->nent);
    for (int t = 0; t < u->n; t++) {
        int subject = 0;
        for (int k = 0; k < 2; k++)
            for (int i = 0; i < d->s[k].plan.npol; i++) subject |= d->s[k].tmap[d->s[k].plan.pol[i].table] == t;
        if (!subject) continue;
        const xf_table *tab = &w->tab[t];
        for (int64_t r = 0; r < tab->nrows; r++) {
            pick a = pick_of(sa, t, r), b = pick_of(sb, t, r);
            if (a.pol < 0 && b.pol < 0) continue;
            d->trans[a.outcome][b.outcome]++;
            sa->decided += a.pol >= 0, sb->decided += b.pol >= 0;
            char ch[512];
            changes(sa, a, sb, b, ch, sizeof ch);
            if (!ch[0]) continue;
            d->changed[a.outcome][b.outcome]++;
            d->nchanged++;
            int64_t e = tab->ent[r];
            ent_day[e] = ent_any[e] = 1;
            sqlite3_stmt *st = cx->ins;
            sqlite3_reset(st);
            sqlite3_bind_text(st, 1, d->as_of, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 2, u->t[t].table, -1, SQLITE_STATIC);
            sqlite3_bind_int64(st, 3, tab->row_id[r]);
            const char *uscc = xf_texts_str(w->texts, w->tab[0].val[uscc_col][e]);
            sqlite3_bind_text(st, 4, uscc ? uscc : "", -1, SQLITE_TRANSIENT);
            bind_side(st, 5, sa, a, w);
            bind_side(st, 12, sb, b, w);
            sqlite3_bind_text(st, 19, ch, -1, SQLITE_TRANSIENT);
            for (int f = 0; f < 2; f++) {
                int64_t va, vb;
                if (date_of(sa, a, f, &va) && date_of(sb, b, f, &vb)) sqlite3_bind_int64(st, 20 + f, vb - va);
                else sqlite3_bind_null(st, 20 + f);
            }
            bind_desc(st, 22, w, u, &cx->dc, t, r);
            if (sqlite3_step(st) != SQLITE_DONE) {
                cx->errmsg = strdup(sqlite3_errmsg(cx->db));
                return -1;
            }
            /* an example: both decisions into the sides' own output databases */
            if (d->examples[a.outcome][b.outcome] < cx->examples) {
                d->examples[a.outcome][b.outcome]++;
                pick ks[2] = {a, b};
                for (int k = 0; k < 2; k++) {
                    side *s = &d->s[k];
                    if (ks[k].pol < 0 || !s->w) continue;
                    if (pipeline_write_rows(&s->pl, s->view, &s->plan.pol[ks[k].pol], &s->out[ks[k].pol], NULL, r, r + 1) != 0) {
                        cx->errmsg = s->pl.errmsg ? strdup(s->pl.errmsg) : strdup("cannot write an example");
                        return -1;
                    }
                }
                sqlite3_stmt *ex;
                if (sqlite3_prepare_v2(cx->db,
                                       "INSERT INTO diff_example(as_of, a_outcome, b_outcome, subject_table, subject_id,"
                                       " uscc, a_policy, a_basis, b_policy, b_basis) VALUES (?,?,?,?,?,?,?,?,?,?)",
                                       -1, &ex, NULL) != SQLITE_OK)
                    return -1;
                sqlite3_bind_text(ex, 1, d->as_of, -1, SQLITE_STATIC);
                sqlite3_bind_text(ex, 2, out_name(a.outcome), -1, SQLITE_STATIC);
                sqlite3_bind_text(ex, 3, out_name(b.outcome), -1, SQLITE_STATIC);
                sqlite3_bind_text(ex, 4, u->t[t].table, -1, SQLITE_STATIC);
                sqlite3_bind_int64(ex, 5, tab->row_id[r]);
                sqlite3_bind_text(ex, 6, uscc ? uscc : "", -1, SQLITE_TRANSIENT);
                for (int k = 0; k < 2; k++) {
                    pick kk = ks[k];
                    const side *s = &d->s[k];
                    if (kk.pol < 0) continue;
                    sqlite3_bind_text(ex, 7 + 2 * k, s->plan.pol[kk.pol].name, -1, SQLITE_STATIC);
                    int step = s->out[kk.pol].step[r];
                    if (step >= 0) sqlite3_bind_text(ex, 8 + 2 * k, s->plan.pol[kk.pol].step_basis[step], -1, SQLITE_STATIC);
                }
                int rc = sqlite3_step(ex);
                sqlite3_finalize(ex);
                if (rc != SQLITE_DONE) return -1;
            }
        }
    }
    for (int64_t e = 0; e < w->nent; e++) d->entities += ent_day[e];
    return 0;
}

/* ---- after the pass ---- */

static int exec(sqlite3 *db, const char *sql, char **errmsg) {
    char *e = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &e) == SQLITE_OK) return 0;
    if (errmsg && !*errmsg) *errmsg = strdup(e ? e : sqlite3_errmsg(db));
    sqlite3_free(e);
    return -1;
}

/* Region (the deciding authority's, else the entity's), sector and domain
 * of each changed record, read from the records. */
static int describe_records(sqlite3 *db, const char *records, const uspec *u, const desc_cols *dc, char **errmsg) {
    sqlite3_stmt *st;
    char *sql = sqlite3_mprintf("ATTACH DATABASE %Q AS rec", records);
    int rc = exec(db, sql, errmsg);
    sqlite3_free(sql);
    if (rc) return -1;
    const char *ent = u->t[0].table, *ent_key = u->t[0].entity_col ? u->t[0].entity_col : "uscc";
    for (int t = 0; t < u->n && !rc; t++) {
        const char *tn = u->t[t].table;
        int has[3] = {0};
        static const char *const cols[3] = {"authority_region", "sector", "domain"};
        sql = sqlite3_mprintf("SELECT name FROM pragma_table_info(%Q, 'rec')", tn);
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
            sqlite3_free(sql);
            continue;
        }
        sqlite3_free(sql);
        while (sqlite3_step(st) == SQLITE_ROW)
            for (int c = 0; c < 3; c++) has[c] |= !strcmp((const char *)sqlite3_column_text(st, 0), cols[c]);
        sqlite3_finalize(st);
        if (t == 0) has[0] = 0;
        /* what the pass read from memory stays; a column the table lacks stays NULL */
        int mem[3] = {dc->region[t] >= 0, dc->sector[t] >= 0, dc->domain[t] >= 0};
        const char *key = t == 0 ? "rowid" : u->t[t].key ? u->t[t].key : "rowid";
        for (int c = 1; c < 3 && !rc; c++) {
            if (mem[c] || !has[c]) continue;
            sql = sqlite3_mprintf("UPDATE diff_record SET %s = (SELECT %s FROM rec.%Q WHERE %s = diff_record.subject_id)"
                                  " WHERE subject_table = %Q", cols[c] + (c ? 0 : 0), cols[c], tn, key, tn);
            rc = sql ? exec(db, sql, errmsg) : -1;
            sqlite3_free(sql);
        }
        /* region: the authority's where the pass did not read it, then the entity's where still NULL */
        if (!rc && !mem[0] && has[0]) {
            sql = sqlite3_mprintf("UPDATE diff_record SET region = (SELECT authority_region FROM rec.%Q WHERE %s ="
                                  " diff_record.subject_id) WHERE subject_table = %Q", tn, key, tn);
            rc = sql ? exec(db, sql, errmsg) : -1;
            sqlite3_free(sql);
        }
        if (!rc) {
            sql = sqlite3_mprintf("UPDATE diff_record SET region = (SELECT region FROM rec.%Q WHERE %Q = diff_record.uscc)"
                                  " WHERE subject_table = %Q AND region IS NULL", ent, ent_key, tn);
            rc = sql ? exec(db, sql, errmsg) : -1;
            sqlite3_free(sql);
        }
    }
    exec(db, "DETACH DATABASE rec", NULL);
    return rc;
}

static const char summaries[] =
    "INSERT INTO diff_shift SELECT as_of, 'eligible_from',"
    " CASE WHEN a_eligible_from IS NULL THEN 'gained' WHEN b_eligible_from IS NULL THEN 'lost'"
    " WHEN eligible_shift < 0 THEN 'earlier' ELSE 'later' END, eligible_shift, count(*)"
    " FROM diff_record WHERE a_eligible_from IS NOT b_eligible_from GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 4;"
    "INSERT INTO diff_shift SELECT as_of, 'stops_on',"
    " CASE WHEN a_stops_on IS NULL THEN 'gained' WHEN b_stops_on IS NULL THEN 'lost'"
    " WHEN stops_shift < 0 THEN 'earlier' ELSE 'later' END, stops_shift, count(*)"
    " FROM diff_record WHERE a_stops_on IS NOT b_stops_on GROUP BY 1, 2, 3, 4 ORDER BY 1, 3, 4;"
    "INSERT INTO diff_breakdown SELECT as_of, 'region', region, a_outcome, b_outcome, count(*) FROM diff_record"
    " GROUP BY 1, 3, 4, 5;"
    "INSERT INTO diff_breakdown SELECT as_of, 'sector', sector, a_outcome, b_outcome, count(*) FROM diff_record"
    " GROUP BY 1, 3, 4, 5;"
    "INSERT INTO diff_breakdown SELECT as_of, 'domain', domain, a_outcome, b_outcome, count(*) FROM diff_record"
    " GROUP BY 1, 3, 4, 5;"
    "INSERT INTO diff_breakdown SELECT as_of, 'policy', coalesce(a_policy, 'none') || ' → ' || coalesce(b_policy, 'none'),"
    " a_outcome, b_outcome, count(*) FROM diff_record GROUP BY 1, 3, 4, 5;"
    "INSERT INTO diff_breakdown SELECT as_of, 'subject_table', subject_table, a_outcome, b_outcome, count(*)"
    " FROM diff_record GROUP BY 1, 3, 4, 5;";

/* The examples explained from the sides' output databases, as `xiufu
 * explain` would: text in the reader's language, and HTML articles. */
static int explain_examples(const xf_diff_opts *o, sqlite3 *db, day_state *d, char **errmsg) {
    xf_ex_db *ex[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
        if (d->s[k].tmp[0] && d->s[k].sum.subjects && !(ex[k] = xf_ex_open(d->s[k].tmp, errmsg))) return -1;
        if (ex[k]) xf_ex_attach_records(ex[k], 0, NULL);  /* the documents, as xiufu explain heads them */
    }
    sqlite3_stmt *sel, *upd, *html;
    if (sqlite3_prepare_v2(db, "SELECT rowid, subject_table, subject_id, a_policy, b_policy FROM diff_example WHERE as_of = ?",
                           -1, &sel, NULL) != SQLITE_OK)
        return -1;
    sqlite3_prepare_v2(db, "UPDATE diff_example SET a_explanation = ?, b_explanation = ? WHERE rowid = ?", -1, &upd, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO temp.diff_example_html VALUES (?, ?, ?, ?, ?)", -1, &html, NULL);
    sqlite3_bind_text(sel, 1, d->as_of, -1, SQLITE_STATIC);
    int rc = 0, en = o->lang == XF_LANG_EN;
    while (!rc && sqlite3_step(sel) == SQLITE_ROW) {
        char table[128];
        snprintf(table, sizeof table, "%s", (const char *)sqlite3_column_text(sel, 1));
        int64_t id = sqlite3_column_int64(sel, 2);
        sqlite3_reset(upd), sqlite3_reset(html);
        for (int k = 0; k < 2; k++) {
            const char *pol = (const char *)sqlite3_column_text(sel, 3 + k);
            xf_explanation **list = NULL;
            xf_ex_query q = {.subject_table = table, .subject_id = id, .policy = pol};
            int n = pol && ex[k] ? xf_ex_select(ex[k], &q, &list, errmsg) : 0;
            if (n < 0) {
                rc = -1;
                break;
            }
            xf_ex_buf t = {0}, h = {0};
            if (n > 0) {
                xf_ex_render_text(&t, list, 1, en);
                xf_ex_render_html_article(&h, list[0], en);
            }
            if (t.p) sqlite3_bind_text(upd, 1 + k, t.p, (int)t.n, SQLITE_TRANSIENT);
            else sqlite3_bind_null(upd, 1 + k);
            if (h.p) sqlite3_bind_text(html, 4 + k, h.p, (int)h.n, SQLITE_TRANSIENT);
            else sqlite3_bind_null(html, 4 + k);
            xf_ex_buf_free(&t), xf_ex_buf_free(&h);
            if (n > 0) xf_ex_free_all(list, n);
        }
        if (rc) break;
        sqlite3_bind_int64(upd, 3, sqlite3_column_int64(sel, 0));
        sqlite3_bind_text(html, 1, d->as_of, -1, SQLITE_STATIC);
        sqlite3_bind_text(html, 2, table, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(html, 3, id);
        if (sqlite3_step(upd) != SQLITE_DONE || (o->html && sqlite3_step(html) != SQLITE_DONE)) rc = -1;
    }
    sqlite3_finalize(sel), sqlite3_finalize(upd), sqlite3_finalize(html);
    for (int k = 0; k < 2; k++) xf_ex_close(ex[k]);
    return rc;
}

static char *joined(char *const *v, int n) {
    size_t len = 1;
    for (int i = 0; i < n; i++) len += strlen(v[i]) + 1;
    char *s = calloc(1, len);
    for (int i = 0; s && i < n; i++) {
        if (i) strcat(s, " ");
        strcat(s, v[i]);
    }
    return s;
}

static int write_totals(const xf_diff_opts *o, sqlite3 *db, day_state *days, const xf_diff_stats *st, char **errmsg) {
    sqlite3_stmt *s;
    int rc = 0;
    char started[32], list[11 * 64 + 1] = "";
    time_t now = time(NULL);
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%S", localtime(&now));
    for (int d = 0; d < o->ndays && d < 64; d++) {
        if (d) strcat(list, ",");
        strcat(list, days[d].as_of);
    }
    char *a = joined(o->a, o->na), *b = joined(o->b, o->nb);
    if (sqlite3_prepare_v2(db, "INSERT INTO diff_run VALUES (?,?,?,?,?,?,?,?,?,?)", -1, &s, NULL) != SQLITE_OK) rc = -1;
    if (!rc) {
        sqlite3_bind_text(s, 1, started, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 2, list, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 3, a, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 4, b, -1, SQLITE_STATIC);
        sqlite3_bind_text(s, 5, o->records, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 6, st->records_read);
        sqlite3_bind_int64(s, 7, st->skipped);
        sqlite3_bind_int64(s, 8, st->changed);
        sqlite3_bind_int64(s, 9, st->entities);
        sqlite3_bind_text(s, 10, XF_VERSION, -1, SQLITE_STATIC);
        rc = sqlite3_step(s) == SQLITE_DONE ? 0 : -1;
        sqlite3_finalize(s);
    }
    free(a), free(b);
    sqlite3_stmt *dy = NULL, *tr = NULL;
    if (!rc && (sqlite3_prepare_v2(db, "INSERT INTO diff_day VALUES (?,?,?,?,?,?,?,?)", -1, &dy, NULL) != SQLITE_OK ||
                sqlite3_prepare_v2(db, "INSERT INTO diff_transition VALUES (?,?,?,?,?)", -1, &tr, NULL) != SQLITE_OK))
        rc = -1;
    for (int d = 0; !rc && d < o->ndays; d++) {
        day_state *ds = &days[d];
        int64_t total = 0;
        for (int i = 0; i < NOUT; i++)
            for (int j = 0; j < NOUT; j++) {
                total += ds->trans[i][j];
                if (!ds->trans[i][j]) continue;
                sqlite3_reset(tr);
                sqlite3_bind_text(tr, 1, ds->as_of, -1, SQLITE_STATIC);
                sqlite3_bind_text(tr, 2, out_name(i), -1, SQLITE_STATIC);
                sqlite3_bind_text(tr, 3, out_name(j), -1, SQLITE_STATIC);
                sqlite3_bind_int64(tr, 4, ds->trans[i][j]);
                sqlite3_bind_int64(tr, 5, ds->changed[i][j]);
                if (sqlite3_step(tr) != SQLITE_DONE) rc = -1;
            }
        char *pa = xf_plan_policy_names(&ds->s[0].plan), *pb = xf_plan_policy_names(&ds->s[1].plan);
        sqlite3_reset(dy);
        sqlite3_bind_text(dy, 1, ds->as_of, -1, SQLITE_STATIC);
        sqlite3_bind_text(dy, 2, pa ? pa : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(dy, 3, pb ? pb : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(dy, 4, total);
        sqlite3_bind_int64(dy, 5, ds->s[0].decided);
        sqlite3_bind_int64(dy, 6, ds->s[1].decided);
        sqlite3_bind_int64(dy, 7, ds->nchanged);
        sqlite3_bind_int64(dy, 8, ds->entities);
        if (sqlite3_step(dy) != SQLITE_DONE) rc = -1;
        free(pa), free(pb);
    }
    sqlite3_finalize(dy), sqlite3_finalize(tr);
    if (rc && !*errmsg) *errmsg = strdup(sqlite3_errmsg(db));
    return rc;
}

/* ---- the whole comparison ---- */

int xf_diff(const xf_diff_opts *o, sqlite3 *db, xf_diff_stats *st) {
    double t0 = xf_now_seconds();
    memset(st, 0, sizeof *st);
    int rc = 1, nd = o->ndays;
    uspec u = {0};
    ctx_t cx = {.o = o, .db = db, .examples = o->examples};
    day_state *days = calloc((size_t)nd, sizeof *days);
    xf_scan *scan = NULL;
    xf_db *part = NULL, *win = NULL;
    uint8_t *ent_day = NULL, *ent_any = NULL;
    char *errmsg = NULL;
    xf_badrows bad;
    int have_bad = 0, uscc_col = -1;
    if (!days) return 1;
    cx.days = days, cx.ndays = nd;

    /* the plans: a side and a day each */
    for (int d = 0; d < nd; d++) {
        days[d].day = o->days[d];
        xf_date_format(o->days[d], days[d].as_of);
        for (int k = 0; k < 2; k++) xf_plan_init(&days[d].s[k].plan);
    }
    for (int d = 0; d < nd; d++)
        for (int k = 0; k < 2; k++)
            if (side_open(o, k ? o->b : o->a, k ? o->nb : o->na, o->days[d], &days[d].s[k], d > 0) != 0) goto done;
    int any = 0;
    for (int d = 0; d < nd; d++) any |= days[d].s[0].plan.npol || days[d].s[1].plan.npol;
    if (!any) {
        fprintf(stderr, o->lang == XF_LANG_EN ? "xiufu diff: no policy of either side is in effect on the days given\n"
                                              : "xiufu diff：两侧在所给评估日均无适用的政策\n");
        goto done;
    }
    for (int d = 0; d < nd; d++)
        for (int k = 0; k < 2; k++) {
            side *s = &days[d].s[k];
            if (!s->plan.npol) continue;
            if (merge(&u, &s->plan, s, &errmsg) != 0) {
                fprintf(stderr, "xiufu diff: %s\n", errmsg ? errmsg : "out of memory");
                rc = 2;
                goto done;
            }
            s->text_ids = calloc((size_t)s->plan.bound->ntexts + 1, sizeof *s->text_ids);
            s->out = calloc((size_t)s->plan.npol, sizeof *s->out);
            s->cap = calloc((size_t)s->plan.npol, sizeof *s->cap);
            if (!s->text_ids || !s->out || !s->cap) goto done;
            if (o->examples > 0 && side_examples_begin(o, s, o->days[d], &errmsg) != 0) {
                fprintf(stderr, "xiufu diff: %s\n", errmsg ? errmsg : "cannot start the examples");
                goto done;
            }
        }
    for (int c = 0; c < u.t[0].ncols; c++)
        if (!strcmp(u.t[0].cols[c].name, u.t[0].entity_col ? u.t[0].entity_col : "uscc")) uscc_col = c;
    if (uscc_col < 0) goto done;
    desc_cols_find(&u, &cx.dc);
    if (exec(db, schema, &errmsg) != 0 || exec(db, "BEGIN", &errmsg) != 0 ||
        sqlite3_prepare_v2(db,
                           "INSERT INTO diff_record(as_of, subject_table, subject_id, uscc,"
                           " a_policy, a_outcome, a_eligible_from, a_stops_on, a_step, a_basis, a_error,"
                           " b_policy, b_outcome, b_eligible_from, b_stops_on, b_step, b_basis, b_error,"
                           " changed, eligible_shift, stops_shift, region, sector, domain)"
                           " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &cx.ins, NULL) != SQLITE_OK) {
        fprintf(stderr, "xiufu diff: %s\n", errmsg ? errmsg : sqlite3_errmsg(db));
        goto done;
    }

    /* the records, read once */
    if (xf_badrows_init(&bad, 20, 0) != 0) goto done;
    have_bad = 1;
    xf_scan_opts so = {.path = o->records, .specs = u.t, .nspecs = u.n, .threads = o->threads,
                       .budget = o->budget > 0 ? o->budget : DIFF_BUDGET, .bad = &bad};
    double t_read = xf_now_seconds();
    if (xf_scan_run(&so, &scan, &errmsg) != 0) {
        fprintf(stderr, "xiufu diff: %s\n", errmsg ? errmsg : "cannot load records");
        goto done;
    }
    st->records_read = scan->rows_read;
    st->read_seconds = xf_now_seconds() - t_read;
    int64_t chunk = o->chunk > 0 ? o->chunk : DIFF_CHUNK;
    for (int p = 0; p < scan->nparts; p++) {
        double t_part = xf_now_seconds();
        if (xf_part_build(scan, p, u.t, o->records, &bad, &part, &errmsg) != 0) {
            fprintf(stderr, "xiufu diff: %s\n", errmsg ? errmsg : "cannot load records");
            goto done;
        }
        for (int d = 0; d < nd; d++)
            for (int k = 0; k < 2; k++) {
                side *s = &days[d].s[k];
                if (!s->plan.npol) continue;
                xf_db *v = view_make(part, s);  /* the texts of the partition, interned for the plan */
                if (!v) goto done;
                xf_plan_ctx(&s->plan, v, s->text_ids, &s->ctx);
            }
        st->read_seconds += xf_now_seconds() - t_part;
        free(ent_day), free(ent_any);
        ent_day = malloc((size_t)part->nent + 1), ent_any = calloc((size_t)part->nent + 1, 1);
        if (!ent_day || !ent_any) goto done;
        for (int64_t e0 = 0; e0 < part->nent;) {
            int64_t e1 = part->nent - e0 > chunk ? e0 + chunk : part->nent;
            if (!(win = xf_part_window(part, e0, e1))) goto done;
            for (int d = 0; d < nd; d++) {
                for (int k = 0; k < 2; k++) {
                    side *s = &days[d].s[k];
                    if (!s->plan.npol) continue;
                    xf_db *v = view_make(win, s);
                    if (!v) goto done;
                    for (int i = 0; i < s->plan.npol; i++) {
                        int64_t rows = v->tab[s->plan.pol[i].table].nrows;
                        if (!s->out[i].outcome || rows > s->cap[i]) {
                            xf_out_free(&s->out[i]);
                            memset(&s->out[i], 0, sizeof s->out[i]);
                            s->cap[i] = rows > 1024 ? rows : 1024;
                            if (xf_out_alloc(&s->out[i], s->cap[i], s->plan.pol[i].nfields, s->plan.pol[i].prog->ntrace) != 0)
                                goto done;
                        }
                    }
                    s->ctx.db = v;
                    double t_dec = xf_now_seconds();
                    for (int i = 0; i < s->plan.npol; i++) xf_plan_decide(&s->plan, i, &s->ctx, v->nent, o->threads, &s->out[i]);
                    st->decide_seconds += xf_now_seconds() - t_dec;
                }
                double t_cmp = xf_now_seconds();
                int cmp = compare_day(&cx, &days[d], win, uscc_col, &u, ent_day, ent_any + e0);
                st->compare_seconds += xf_now_seconds() - t_cmp;
                if (cmp != 0) {
                    fprintf(stderr, "xiufu diff: %s\n", cx.errmsg ? cx.errmsg : sqlite3_errmsg(db));
                    goto done;
                }
            }
            xf_part_window_free(win);
            win = NULL;
            e0 = e1;
        }
        for (int64_t e = 0; e < part->nent; e++) st->entities += ent_any[e];
        xf_part_free(part);
        part = NULL;
    }
    st->skipped = bad.count;
    if (bad.count && !o->quiet)
        fprintf(stderr, o->lang == XF_LANG_EN ? "xiufu diff: %" PRId64 " bad rows skipped on both sides (xiufu run lists them)\n"
                                              : "xiufu diff：%" PRId64 " 行坏数据在两侧均已跳过（xiufu run 可列出）\n",
                bad.count);
    for (int d = 0; d < nd; d++) {
        st->changed += days[d].nchanged;
        for (int k = 0; k < 2; k++)
            if (days[d].s[k].w && side_examples_commit(&days[d].s[k], &errmsg) != 0) {
                fprintf(stderr, "xiufu diff: %s\n", errmsg ? errmsg : "cannot write the examples");
                goto done;
            }
    }
    double t_sum = xf_now_seconds();
    if (describe_records(db, o->records, &u, &cx.dc, &errmsg) != 0 || exec(db, summaries, &errmsg) != 0 ||
        write_totals(o, db, days, st, &errmsg) != 0) {
        fprintf(stderr, "xiufu diff: %s\n", errmsg ? errmsg : "cannot summarize");
        goto done;
    }
    st->summary_seconds = xf_now_seconds() - t_sum;
    double t_ex = xf_now_seconds();
    for (int d = 0; d < nd && o->examples > 0; d++)
        if (explain_examples(o, db, &days[d], &errmsg) != 0) {
            fprintf(stderr, "xiufu diff: %s\n", errmsg ? errmsg : "cannot explain the examples");
            goto done;
        }
    st->explain_seconds = xf_now_seconds() - t_ex;
    if (exec(db, "COMMIT", &errmsg) != 0) {
        fprintf(stderr, "xiufu diff: %s\n", errmsg);
        goto done;
    }
    for (int d = 0; d < nd; d++)
        for (int k = 0; k < 2; k++) {
            char *e = NULL;
            xf_plan_cache_keep(&days[d].s[k].plan, &e);
            free(e);
        }
    st->seconds = xf_now_seconds() - t0;
    rc = 0;
done:
    if (cx.ins) sqlite3_finalize(cx.ins);
    free(cx.errmsg);
    free(errmsg);
    free(ent_day), free(ent_any);
    xf_part_window_free(win);
    xf_part_free(part);
    xf_scan_free(scan);
    if (have_bad) xf_badrows_free(&bad);
    for (int d = 0; d < nd; d++)
        for (int k = 0; k < 2; k++) side_free(&days[d].s[k]);
    for (int t = 0; t < u.n; t++) free(u.cols[t]);
    free(days);
    return rc;
}
