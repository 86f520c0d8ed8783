/* policy_test.c — `xiufu test`: the test blocks of policy files, run.
 *
 * Tests that leave the keys to us share one records database, each with an
 * entity of its own (policies only look at one entity's records at a time,
 * so they cannot see each other); a test that sets a key itself gets a
 * database of its own.  Each database is decided once per day some of its
 * tests name — a run compiles every policy, which is the slow part — and
 * each test reads only its subject record's decisions on its own days.
 * Everything goes through xf_run, the same path as `xiufu run`, so a test
 * checks what a run would write.
 */
#include "policy_test.h"
#include "diag_json.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dates.h"
#include "packset.h"
#include "values.h"
#include "policyset.h"
#include "run.h"
#include "test_coverage.h"
#include "test_records.h"

/* ---- a growable text: one test's failure lines ---- */

typedef struct sbuf { char *p; size_t n, cap; } sbuf;

static void sbuf_printf(sbuf *b, const char *fmt, ...) {
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) { va_end(ap); return; }
    if (b->n + (size_t)n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + (size_t)n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) { va_end(ap); return; }
        b->p = p, b->cap = cap;
    }
    vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
    b->n += (size_t)n;
    va_end(ap);
}

/* ---- temporary files ---- */

static const char *temp_dir(void) {
    const char *dir = getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

static int temp_path(char *buf, size_t cap) {
    if ((size_t)snprintf(buf, cap, "%s/xiufu-test-XXXXXX", temp_dir()) >= cap) return -1;
    int fd = mkstemp(buf);
    if (fd < 0) return -1;
    close(fd);
    return 0;
}

static void remove_db(const char *path) {
    char journal[4200];
    if (!*path) return;
    unlink(path);
    if (snprintf(journal, sizeof journal, "%s-journal", path) < (int)sizeof journal) unlink(journal);
}

/* ---- one test's state ---- */

typedef struct test_state {
    const xf_decl  *t;
    int             group;
    int             written;  /* its records are in the group's database */
    int             ran;      /* its expectations were checked */
    xf_test_subject subject;
    int             failures;
    sbuf            lines;    /* its FAIL lines */
    xf_span        *fail_at;  /* where each failure is, and where its message starts in lines */
    size_t         *fail_msg;
} test_state;

typedef struct ctx {
    const xf_test_opts *o;
    xf_compile         *c;
    const char         *diag_text;  /* the check's diagnostics, as every run prints them again */
    xf_coverage         cov;
    test_state         *ts;
    int                 ntests;
} ctx;

static void where(const xf_compile *c, xf_span sp, char *buf, size_t cap) {
    int line = 0, col = 0;
    if (sp.file >= 0 && sp.file < c->diags.nsrc) {
        xf_source_linecol(&c->diags.src[sp.file], sp.start, &line, &col);
        snprintf(buf, cap, "%s:%d", c->diags.src[sp.file].path, line);
    } else {
        snprintf(buf, cap, "?");
    }
}

/* "FAIL name (file:line): " — the start of every failure line. */
static void fail_head(ctx *x, test_state *s, xf_span at) {
    char loc[1100];
    where(x->c, at, loc, sizeof loc);
    if (x->o->lang == XF_LANG_EN) sbuf_printf(&s->lines, "FAIL %s (%s): ", s->t->name, loc);
    else sbuf_printf(&s->lines, "FAIL %s（%s）：", s->t->name, loc);
    xf_span *at2 = realloc(s->fail_at, sizeof *at2 * (size_t)(s->failures + 1));
    if (at2) s->fail_at = at2;
    size_t *msg2 = realloc(s->fail_msg, sizeof *msg2 * (size_t)(s->failures + 1));
    if (msg2) s->fail_msg = msg2;
    if (!at2 || !msg2) return;  /* counted, not shown in JSON */
    s->fail_at[s->failures] = at;
    s->fail_msg[s->failures] = s->lines.n;
    s->failures++;
}

/* ---- one run ---- */

/* Decide the records on day into out.  The run's messages (diagnostics the
 * check already showed, bad rows) go to a scratch file and are handed back,
 * so that a run per day does not repeat them; *run is 0 when nothing was
 * written. */
static int run_day(const xf_test_opts *o, const char *records, const char *out, int64_t day, int64_t *run,
                   char **messages) {
    xf_run_opts ro = {.policies = o->paths, .npolicies = o->npaths, .records = records, .out = out, .as_of = day,
                      .quiet = 1, .trace = 1, .engine = o->engine, .opt_level = o->opt_level, .threads = 1,
                      .lang = o->lang, .trusted_keys = o->trusted_keys, .allow_unsigned = o->allow_unsigned};
    xf_run_summary sum = {0};
    char scratch[4200];
    int saved = -1, fd = -1;
    fflush(stderr);
    if (temp_path(scratch, sizeof scratch) == 0) {
        fd = open(scratch, O_RDWR);
        unlink(scratch);
        if (fd >= 0) saved = dup(2);
        if (saved >= 0) dup2(fd, 2);
    }
    int rc = xf_run(&ro, &sum);
    fflush(stderr);
    if (saved >= 0) dup2(saved, 2), close(saved);
    *messages = NULL;
    if (fd >= 0) {
        off_t len = lseek(fd, 0, SEEK_END);
        char *text = len > 0 ? malloc((size_t)len + 1) : NULL;
        if (text && lseek(fd, 0, SEEK_SET) == 0 && read(fd, text, (size_t)len) == (ssize_t)len) {
            text[len] = 0;
            *messages = text;
        } else {
            free(text);
        }
        close(fd);
    }
    *run = sum.run_id;
    return rc;
}

/* A run's messages without the diagnostics the check already showed. */
static const char *news(const ctx *x, const char *messages) {
    if (!messages) return NULL;
    size_t n = x->diag_text ? strlen(x->diag_text) : 0;
    if (n && !strncmp(messages, x->diag_text, n)) messages += n;
    return *messages ? messages : NULL;
}

static int any_in_effect(const xf_compile *c, int64_t day) {
    for (int i = 0; i < c->npolicies; i++)
        if (xf_policy_in_effect(c->policies[i], day)) return 1;
    return 0;
}

/* ---- comparing one expectation ---- */

enum { MAX_ROWS = 4, MAX_CHECKS = 32 };

typedef struct drow {
    char *policy, *outcome, *error, *step;
    char *check[MAX_CHECKS];  /* NULL: none, or no such column */
} drow;

/* A column as text; money, a number of yuan in the output (the only REAL
 * column), as a money literal would write it. */
static char *dup_col(sqlite3_stmt *st, int col) {
    if (col >= 0 && sqlite3_column_type(st, col) == SQLITE_FLOAT) {
        char m[32];
        xf_money_format(xf_money_from_yuan(sqlite3_column_double(st, col)), m);
        return strdup(m);
    }
    const unsigned char *s = col >= 0 ? sqlite3_column_text(st, col) : NULL;
    return s ? strdup((const char *)s) : NULL;
}

static void drow_free(drow *r, int nchecks) {
    free(r->policy), free(r->outcome), free(r->error), free(r->step);
    for (int i = 0; i < nchecks; i++) free(r->check[i]);
}

/* The text a decision column holds for a literal: dates YYYY-MM-DD, money
 * in yuan, labels by name, booleans 1/0.  NULL for none. */
static const char *literal_text(const xf_expr *e, char *buf, size_t cap) {
    buf[0] = 0;
    switch (e->kind) {
    case XF_E_NONE: return NULL;
    case XF_E_DATE: { char d[11]; xf_date_format(e->ival, d); snprintf(buf, cap, "%s", d); return buf; }
    case XF_E_MONEY: { char m[32]; xf_money_format(e->ival, m); snprintf(buf, cap, "%s", m); return buf; }
    case XF_E_INT: snprintf(buf, cap, "%" PRId64, e->ival); return buf;
    case XF_E_BOOL: snprintf(buf, cap, "%d", e->ival ? 1 : 0); return buf;
    case XF_E_TEXT: case XF_E_NAME: snprintf(buf, cap, "%s", e->name ? e->name : ""); return buf;
    case XF_E_LABELS:
        for (int i = 0; i < e->nargs; i++) {
            size_t n = strlen(buf);
            snprintf(buf + n, cap - n, "%s%s", i ? "," : "", e->args[i]->name ? e->args[i]->name : "");
        }
        return buf;
    default: return buf;
    }
}

/* Sets compare without regard to order: a,b equals b,a. */
static int same_set(const char *a, const char *b) {
    for (int pass = 0; pass < 2; pass++) {
        const char *x = pass ? b : a, *y = pass ? a : b;
        for (const char *p = x; *p;) {
            size_t n = strcspn(p, ",");
            int found = 0;
            for (const char *q = y; *q && !found;) {
                size_t m = strcspn(q, ",");
                found = m == n && !strncmp(p, q, n);
                q += m + (q[m] == ',');
            }
            if (!found) return 0;
            p += n + (p[n] == ',');
        }
    }
    return 1;
}

static int check_equal(const xf_expr *e, const char *want, const char *got) {
    if (!want || !got) return !want && !got;
    return e->kind == XF_E_LABELS ? same_set(want, got) : !strcmp(want, got);
}

/* A value as the test would write it: none, true/false. */
static const char *shown(const xf_expr *e, const char *v) {
    if (!v) return "none";
    if (e && e->kind == XF_E_BOOL) return !strcmp(v, "0") ? "false" : "true";
    return v;
}

static int read_decisions(sqlite3 *out, int64_t run, const test_state *s, const xf_test_expect *x, drow *rows,
                          int *nrows, char **errmsg) {
    sqlite3_stmt *st = NULL;
    *nrows = 0;
    if (sqlite3_prepare_v2(out, "SELECT * FROM decision WHERE run = ?1 AND subject_table = ?2 AND subject_id = ?3",
                           -1, &st, NULL) != SQLITE_OK) {
        *errmsg = strdup(sqlite3_errmsg(out));
        return -1;
    }
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_text(st, 2, s->subject.table, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, s->subject.id);
    int cols[4] = {-1, -1, -1, -1}, checks[MAX_CHECKS];
    static const char *const fixed[4] = {"policy", "outcome", "error", "step"};
    for (int k = 0; k < MAX_CHECKS; k++) checks[k] = -1;
    for (int i = 0; i < sqlite3_column_count(st); i++) {
        const char *name = sqlite3_column_name(st, i);
        for (int k = 0; k < 4; k++)
            if (!strcmp(name, fixed[k])) cols[k] = i;
        for (int k = 0; k < x->nchecks && k < MAX_CHECKS; k++)
            if (!strcmp(name, x->checks[k].name)) checks[k] = i;
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*nrows < MAX_ROWS) {
            drow *r = &rows[(*nrows)++];
            memset(r, 0, sizeof *r);
            r->policy = dup_col(st, cols[0]), r->outcome = dup_col(st, cols[1]);
            r->error = dup_col(st, cols[2]), r->step = dup_col(st, cols[3]);
            for (int k = 0; k < x->nchecks && k < MAX_CHECKS; k++) r->check[k] = dup_col(st, checks[k]);
        } else {
            (*nrows)++;
        }
    }
    if (rc != SQLITE_DONE) {
        *errmsg = strdup(sqlite3_errmsg(out));
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    return 0;
}

/* Every decision of the subject that day counts for coverage, passing or not. */
static int note_coverage(ctx *x, sqlite3 *out, int64_t run, const test_state *s, char **errmsg) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(out, "SELECT policy, step, trace FROM decision"
                                " WHERE run = ?1 AND subject_table = ?2 AND subject_id = ?3", -1, &st, NULL) != SQLITE_OK) {
        *errmsg = strdup(sqlite3_errmsg(out));
        return -1;
    }
    sqlite3_bind_int64(st, 1, run);
    sqlite3_bind_text(st, 2, s->subject.table, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, s->subject.id);
    int rc, r = 0;
    while (!r && (rc = sqlite3_step(st)) == SQLITE_ROW)
        r = xf_coverage_note(&x->cov, out, run, (const char *)sqlite3_column_text(st, 0),
                             (const char *)sqlite3_column_text(st, 1), sqlite3_column_blob(st, 2),
                             sqlite3_column_bytes(st, 2), errmsg);
    if (!r && rc != SQLITE_DONE) *errmsg = strdup(sqlite3_errmsg(out)), r = -1;
    sqlite3_finalize(st);
    return r;
}

static void check_expect(ctx *x, test_state *s, const xf_test_expect *e, sqlite3 *out, int64_t run) {
    int en = x->o->lang == XF_LANG_EN;
    char day[11];
    xf_date_format(e->day, day);
    drow rows[MAX_ROWS];
    int nrows = 0;
    char *err = NULL;
    if (run && (read_decisions(out, run, s, e, rows, &nrows, &err) != 0 || note_coverage(x, out, run, s, &err) != 0)) {
        fail_head(x, s, e->span);
        sbuf_printf(&s->lines, en ? "on %s the decisions cannot be read: %s\n" : "%s 的决定无法读取：%s\n", day,
                    err ? err : "?");
        free(err);
        for (int i = 0; i < nrows && i < MAX_ROWS; i++) drow_free(&rows[i], e->nchecks < MAX_CHECKS ? e->nchecks : MAX_CHECKS);
        return;
    }
    int nchecks = e->nchecks < MAX_CHECKS ? e->nchecks : MAX_CHECKS;

    /* the outcome: none, one decision, or (a fault of the policy set) several */
    char got[1024];
    const drow *d = nrows == 1 ? &rows[0] : NULL;
    if (!nrows) {
        snprintf(got, sizeof got, "none");
    } else if (nrows > 1) {
        snprintf(got, sizeof got, en ? "%d decisions (" : "%d 个决定（", nrows);
        for (int i = 0; i < nrows && i < MAX_ROWS; i++) {
            size_t n = strlen(got);
            snprintf(got + n, sizeof got - n, "%s%s", i ? ", " : "", rows[i].policy ? rows[i].policy : "?");
        }
        size_t n = strlen(got);
        snprintf(got + n, sizeof got - n, en ? ")" : "）");
    } else if (!d->outcome) {
        snprintf(got, sizeof got, en ? "error: %s" : "错误：%s", d->error ? d->error : "?");
    } else {
        snprintf(got, sizeof got, "%s", d->outcome);
    }
    if (strcmp(got, e->outcome)) {
        fail_head(x, s, e->span);
        if (d && d->outcome)
            sbuf_printf(&s->lines, en ? "on %s expected %s got %s (%s, step %s)\n" : "%s 预期 %s，实际 %s（%s 第 %s 步）\n",
                        day, e->outcome, got, d->policy ? d->policy : "?", d->step ? d->step : "?");
        else
            sbuf_printf(&s->lines, en ? "on %s expected %s got %s\n" : "%s 预期 %s，实际 %s\n", day, e->outcome, got);
    }
    for (int k = 0; k < nchecks; k++) {
        const xf_test_field *f = &e->checks[k];
        char want[1024];
        const char *w = literal_text(f->value, want, sizeof want);
        const char *g = d ? d->check[k] : NULL;
        if (check_equal(f->value, w, g)) continue;
        fail_head(x, s, e->span);
        sbuf_printf(&s->lines, en ? "on %s expected %s %s got %s\n" : "%s 预期 %s 为 %s，实际为 %s\n", day, f->name,
                    shown(f->value, w), shown(f->value, g));
    }
    for (int i = 0; i < nrows && i < MAX_ROWS; i++) drow_free(&rows[i], nchecks);
}

/* ---- one database of tests ---- */

static int cmp_day(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int write_group(ctx *x, int group, const char *path) {
    int en = x->o->lang == XF_LANG_EN;
    sqlite3 *db = NULL;
    char *err = NULL;
    if (sqlite3_open(path, &db) != SQLITE_OK) {
        fprintf(stderr, "xiufu test: %s: %s\n", path, db ? sqlite3_errmsg(db) : "cannot open");
        sqlite3_close(db);
        return -1;
    }
    if (xf_test_records_schema(db, &err) != 0 || sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        fprintf(stderr, "xiufu test: %s: %s\n", path, err ? err : sqlite3_errmsg(db));
        free(err);
        sqlite3_close(db);
        return -1;
    }
    xf_test_ids ids = {.n = 0};
    for (int i = 0; i < x->ntests; i++) {
        test_state *s = &x->ts[i];
        if (s->group != group) continue;
        /* a test whose records fail leaves nothing behind for the others */
        sqlite3_exec(db, "SAVEPOINT one_test", NULL, NULL, NULL);
        if (xf_test_records_write(db, x->c, s->t, i + 1, &ids, &s->subject, &err) != 0) {
            sqlite3_exec(db, "ROLLBACK TO one_test", NULL, NULL, NULL);
            fail_head(x, s, s->t->span);
            sbuf_printf(&s->lines, en ? "its records cannot be written: %s\n" : "记录无法写入：%s\n", err ? err : "?");
            free(err);
            err = NULL;
        } else {
            s->written = 1;
        }
        sqlite3_exec(db, "RELEASE one_test", NULL, NULL, NULL);
    }
    int rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) fprintf(stderr, "xiufu test: %s: %s\n", path, sqlite3_errmsg(db));
    sqlite3_close(db);
    return rc == SQLITE_OK ? 0 : -1;
}

static int run_group(ctx *x, int group) {
    int en = x->o->lang == XF_LANG_EN;
    char records[4200] = "", out[4200] = "";
    if (temp_path(records, sizeof records) != 0 || temp_path(out, sizeof out) != 0) {
        fprintf(stderr, "xiufu test: cannot create a temporary database in %s: %s\n", temp_dir(), strerror(errno));
        remove_db(records);
        return -1;
    }
    int rc = write_group(x, group, records);

    /* the days its tests name, each decided once */
    int ndays = 0;
    for (int i = 0; i < x->ntests; i++)
        if (x->ts[i].group == group && x->ts[i].written) ndays += x->ts[i].t->ntexpects;
    int64_t *days = calloc((size_t)ndays + 1, sizeof *days), *runs = calloc((size_t)ndays + 1, sizeof *runs);
    char **msgs = calloc((size_t)ndays + 1, sizeof *msgs);
    int *failed = calloc((size_t)ndays + 1, sizeof *failed);
    if (!days || !runs || !msgs || !failed) rc = -1;
    int n = 0;
    for (int i = 0; rc == 0 && i < x->ntests; i++)
        if (x->ts[i].group == group && x->ts[i].written)
            for (int k = 0; k < x->ts[i].t->ntexpects; k++) days[n++] = x->ts[i].t->texpects[k].day;
    if (n) qsort(days, (size_t)n, sizeof *days, cmp_day);
    int nd = 0;
    for (int i = 0; i < n; i++)
        if (!nd || days[nd - 1] != days[i]) days[nd++] = days[i];
    for (int i = 0; rc == 0 && i < nd; i++) {
        if (!any_in_effect(x->c, days[i])) continue;  /* nothing decides anything: every record is `none` */
        int r = run_day(x->o, records, out, days[i], &runs[i], &msgs[i]);
        failed[i] = r == 2 || !runs[i];
    }

    sqlite3 *db = NULL;
    if (rc == 0 && sqlite3_open_v2(out, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "xiufu test: %s: %s\n", out, db ? sqlite3_errmsg(db) : "cannot open");
        rc = -1;
    }
    for (int i = 0; rc == 0 && i < x->ntests; i++) {
        test_state *s = &x->ts[i];
        if (s->group != group || !s->written) continue;
        s->ran = 1;
        for (int k = 0; k < s->t->ntexpects; k++) {
            const xf_test_expect *e = &s->t->texpects[k];
            int d = 0;
            while (d < nd && days[d] != e->day) d++;
            if (d < nd && failed[d]) {
                char day[11];
                xf_date_format(e->day, day);
                fail_head(x, s, e->span);
                const char *why = news(x, msgs[d]);
                sbuf_printf(&s->lines, en ? "on %s the run failed:\n%s" : "%s 的运行失败：\n%s", day, why ? why : "\n");
                continue;
            }
            check_expect(x, s, e, db, d < nd ? runs[d] : 0);
        }
    }
    /* a run that wrote its decisions may still have reported bad rows */
    for (int i = 0; rc == 0 && i < nd; i++)
        if (!failed[i] && news(x, msgs[i])) fputs(news(x, msgs[i]), stderr);
    sqlite3_close(db);
    for (int i = 0; msgs && i < nd; i++) free(msgs[i]);
    free(days), free(runs), free(msgs), free(failed);
    remove_db(records);
    remove_db(out);
    return rc;
}

/* ---- the command ---- */

/* --run: a pattern with * or ? matches the whole name, as in a shell;
 * without, any name that contains it. */
static int selected(const xf_test_opts *o, const char *name) {
    if (!o->npatterns) return 1;
    for (int i = 0; i < o->npatterns; i++) {
        const char *p = o->patterns[i];
        if (strpbrk(p, "*?[") ? fnmatch(p, name, 0) == 0 : strstr(name, p) != NULL) return 1;
    }
    return 0;
}

/* The policies, from sources or from packs (their embedded sources, the
 * tests among them).  0, or 1 with the errors reported. */
static int load(const xf_test_opts *o, xf_compile *c) {
    int kind = xf_packset_kind(o->paths, o->npaths);
    if (kind < 0) {
        fprintf(stderr, o->lang == XF_LANG_EN ? "xiufu test: give packs (.so) or policy sources, not both\n"
                                              : "xiufu test：要么全是包（.so），要么全是政策源文件，不能混用\n");
        return 1;
    }
    if (!kind) return xf_policyset_check(c, o->paths, o->npaths, o->lang) != 0;
    xf_pack_trust trust = {.keys_dir = o->trusted_keys, .allow_unsigned = o->allow_unsigned, .lang = o->lang};
    char *errmsg = NULL;
    /* the tests are in the packs' sources: checked here, as a run of them does not */
    xf_packset *ps = xf_packset_open(o->paths, o->npaths, &trust, &errmsg);
    if (ps && xf_packset_check(ps, c, &errmsg) != 0) xf_packset_close(ps), ps = NULL;
    xf_diags_print(&c->diags, stderr, o->lang);
    if (!ps) {
        fprintf(stderr, "xiufu test: %s\n", errmsg ? errmsg : "cannot load the pack");
        free(errmsg);
        return 1;
    }
    xf_packset_close(ps);  /* each run opens them again, as `xiufu run` would */
    return 0;
}

/* The check's diagnostics, then each failure of each test as a diagnostic
 * at the expectation (or the test) that failed, its message as the text
 * output writes it after "FAIL name (file:line): "; then every test, and the
 * counts.  x is NULL when the policies did not check. */
static void print_json(const xf_test_opts *o, xf_compile *c, const ctx *x, int below, const char *coverage) {
    FILE *f = o->out;
    int passed = 0, failed = 0;
    fputs("{\"diagnostics\": [", f);
    if (c->diags.n) fputs("\n  ", f);
    int n = c->diags.n ? xf_diags_json_items(&c->diags, f, o->lang) : 0;
    for (int i = 0; x && i < x->ntests; i++) {
        const test_state *s = &x->ts[i];
        for (int k = 0; k < s->failures && s->fail_at && s->fail_msg && s->lines.p; k++) {
            size_t from = s->fail_msg[k], to = k + 1 < s->failures ? s->fail_msg[k + 1] : s->lines.n;
            char *msg = strndup(s->lines.p + from, to - from);
            if (!msg) continue;
            /* the next failure's "FAIL name (file:line): " head, and the newline, are not this message */
            char *head = strstr(msg, "\nFAIL ");
            if (head) head[0] = 0;
            size_t m = strlen(msg);
            while (m && msg[m - 1] == '\n') msg[--m] = 0;
            fputs(n++ ? ",\n  " : "\n  ", f);
            xf_json_diag_at(f, &c->diags, s->fail_at[k], "error", "test_failed", msg, "test", s->t->name);
            free(msg);
        }
    }
    fputs(n ? "\n], \"tests\": [" : "], \"tests\": [", f);
    for (int i = 0; x && i < x->ntests; i++) {
        const test_state *s = &x->ts[i];
        if (s->failures) failed++;
        else passed++;
        int line = 0, col = 0;
        const char *path = NULL;
        if (s->t->span.file >= 0 && s->t->span.file < c->diags.nsrc) {
            path = c->diags.src[s->t->span.file].path;
            xf_source_linecol(&c->diags.src[s->t->span.file], s->t->span.start, &line, &col);
        }
        fputs(i ? ",\n  {\"name\": " : "\n  {\"name\": ", f);
        xf_json_string(f, s->t->name);
        fputs(", \"file\": ", f);
        xf_json_string(f, path);
        fprintf(f, ", \"line\": %d, \"passed\": %s}", line, s->failures ? "false" : "true");
    }
    fprintf(f, "%s], \"passed\": %d, \"failed\": %d, \"errors\": %d, \"modules_below_coverage\": %d, \"coverage\": ",
            x && x->ntests ? "\n" : "", passed, failed, c->diags.errors, below);
    xf_json_string(f, coverage);
    fputs("}\n", f);
}

int xf_policy_test(const xf_test_opts *o) {
    int en = o->lang == XF_LANG_EN;
    xf_compile c;
    xf_compile_init(&c);
    /* JSON: the check's diagnostics go into the document, not to stderr */
    int quiet = o->json && xf_packset_kind(o->paths, o->npaths) == 0;
    if (quiet ? xf_policyset_check_quiet(&c, o->paths, o->npaths) != 0 : load(o, &c) != 0) {
        if (o->json) print_json(o, &c, NULL, 0, 0);
        xf_compile_free(&c);
        return 1;
    }
    char *diag_text = NULL;
    size_t diag_len = 0;
    FILE *m = open_memstream(&diag_text, &diag_len);
    if (m) xf_diags_print(&c.diags, m, o->lang), fclose(m);
    ctx x = {.o = o, .c = &c, .diag_text = diag_text};
    for (int i = 0; i < c.ndecls; i++) x.ntests += c.decls[i]->kind == XF_D_TEST && selected(o, c.decls[i]->name);
    x.ts = calloc((size_t)x.ntests + 1, sizeof *x.ts);
    if (!x.ts || xf_coverage_init(&x.cov, &c) != 0) {
        free(x.ts), free(diag_text);
        xf_compile_free(&c);
        return 1;
    }
    int ngroups = 1, n = 0, rc = 0;
    for (int i = 0; i < c.ndecls; i++) {
        if (c.decls[i]->kind != XF_D_TEST || !selected(o, c.decls[i]->name)) continue;
        x.ts[n].t = c.decls[i];
        x.ts[n].group = xf_test_sets_keys(&c, c.decls[i]) ? ngroups++ : 0;
        n++;
    }
    for (int g = 0; g < ngroups && rc == 0; g++) rc = run_group(&x, g);
    /* a test that never ran (its database could not be made) has not passed */
    for (int i = 0; i < x.ntests; i++)
        if (!x.ts[i].ran && !x.ts[i].failures) {
            fail_head(&x, &x.ts[i], x.ts[i].t->span);
            sbuf_printf(&x.ts[i].lines, en ? "not run (see the messages above)\n" : "未运行（见上方的消息）\n");
        }

    int passed = 0, failed = 0;
    for (int i = 0; i < x.ntests; i++) passed += !x.ts[i].failures, failed += !!x.ts[i].failures;
    if (o->json) {
        char *cov = NULL;
        size_t cov_len = 0;
        FILE *cm = open_memstream(&cov, &cov_len);
        int below = cm ? xf_coverage_report(&x.cov, cm, o->lang, o->min_coverage) : 0;
        if (cm) fclose(cm);
        print_json(o, &c, &x, below, cov);
        for (int i = 0; i < x.ntests; i++) free(x.ts[i].lines.p), free(x.ts[i].fail_at), free(x.ts[i].fail_msg);
        free(cov);
        xf_coverage_free(&x.cov);
        free(x.ts), free(diag_text);
        xf_compile_free(&c);
        return rc == 0 && !failed && !below ? 0 : 1;
    }
    passed = failed = 0;
    for (int i = 0; i < x.ntests; i++) {
        test_state *s = &x.ts[i];
        if (s->failures) failed++, fputs(s->lines.p ? s->lines.p : "", o->out);
        else passed++, fprintf(o->out, "ok %s\n", s->t->name);
        free(s->lines.p), free(s->fail_at), free(s->fail_msg);
    }
    if (!x.ntests && o->npatterns) {
        fprintf(o->out, en ? "no test's name matches --run" : "没有名称匹配 --run 的测试：");
        for (int i = 0; i < o->npatterns; i++) fprintf(o->out, "%s%s", en || i ? " " : "", o->patterns[i]);
        fputc('\n', o->out);
        rc = 1;
    } else if (!x.ntests) fprintf(o->out, en ? "no tests in the given policies\n" : "所给政策中没有测试\n");
    fputc('\n', o->out);
    /* a selection covers part of its modules: coverage only when asked for */
    int below = o->npatterns && !o->min_coverage ? 0 : xf_coverage_report(&x.cov, o->out, o->lang, o->min_coverage);
    if (below)
        fprintf(o->out, en ? "%d module(s) below the minimum coverage of %d%%\n" : "%d 个模块的覆盖率低于 %d%%\n", below,
                o->min_coverage);
    fprintf(o->out, "%d passed, %d failed\n", passed, failed);
    xf_coverage_free(&x.cov);
    free(x.ts), free(diag_text);
    xf_compile_free(&c);
    return rc == 0 && !failed && !below ? 0 : 1;
}
