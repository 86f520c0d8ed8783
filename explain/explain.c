/* explain.c — read decisions and their traces back from an output database
 * and take them apart (explain.h).
 *
 * The trace says what was computed; the rules as written come from
 * run.policy_source, located by the file and line each trace_point row
 * carries.  Where the two are combined (the statement of a let, the steps
 * of the ladder, date arithmetic recomputed from the source) the result is
 * checked against the trace and dropped when they disagree: the explanation
 * then shows the traced values alone, never a guess.
 */
#include "explain.h"
#include "output.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "embedded.h"
#include "load.h"
#include "outcomes.h"
#include "trace_codec.h"
#include "strf.h"

/* ------------------------------------------------------------------ memory */

struct xf_ex_mem {
    struct xf_ex_mem *next;
    max_align_t       data[];
};

typedef struct build {
    xf_explanation *ex;
    struct xf_ex_db *db;
    int              oom;
} build;

static void *ex_alloc(build *b, size_t n) {
    xf_ex_mem *m = calloc(1, sizeof *m + (n ? n : 1));
    if (!m) {
        b->oom = 1;
        return NULL;
    }
    m->next = b->ex->mem;
    b->ex->mem = m;
    return m->data;
}

static char *ex_strndup(build *b, const char *s, size_t n) {
    if (!s) return NULL;
    char *d = ex_alloc(b, n + 1);
    if (d) memcpy(d, s, n), d[n] = 0;
    return d;
}

static char *ex_strdup(build *b, const char *s) { return s ? ex_strndup(b, s, strlen(s)) : NULL; }

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
    if (b->oom || !s) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p, b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

void xf_ex_puts(xf_ex_buf *b, const char *s) { if (s) xf_ex_putn(b, s, strlen(s)); }

void xf_ex_printf(xf_ex_buf *b, const char *fmt, ...) {
    char small[512];
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        va_end(ap2);
        return;
    }
    if ((size_t)n < sizeof small) {
        xf_ex_putn(b, small, (size_t)n);
    } else {
        char *big = malloc((size_t)n + 1);
        if (big) {
            vsnprintf(big, (size_t)n + 1, fmt, ap2);
            xf_ex_putn(b, big, (size_t)n);
            free(big);
        } else {
            b->oom = 1;
        }
    }
    va_end(ap2);
}

void xf_ex_buf_free(xf_ex_buf *b) {
    free(b->p);
    memset(b, 0, sizeof *b);
}

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

typedef struct ex_file {
    char        *path;
    int          nlines;
    const char **line;   /* into the run's policy_source */
    int         *len;
} ex_file;

struct xf_ex_db {
    char    *path;
    sqlite3 *db;
    int      has_trace;       /* trace_point and trace_text exist */
    int64_t  run;             /* the run loaded below, 0 none */
    char    *as_of, *started, *engine, *hash, *source;
    int      nfiles;
    ex_file *files;
};

static void free_run(xf_ex_db *d) {
    free(d->as_of), free(d->started), free(d->engine), free(d->hash), free(d->source);
    for (int i = 0; i < d->nfiles; i++) free(d->files[i].path), free(d->files[i].line), free(d->files[i].len);
    free(d->files);
    d->as_of = d->started = d->engine = d->hash = d->source = NULL;
    d->files = NULL, d->nfiles = 0, d->run = 0;
}

void xf_ex_close(xf_ex_db *d) {
    if (!d) return;
    free_run(d);
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

/* Split the run's policy_source ("# ---- PATH" before each file) into lines. */
static int index_sources(xf_ex_db *d) {
    if (!d->source) return 0;
    for (char *p = d->source; *p;) {
        char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n >= 7 && !strncmp(p, "# ---- ", 7)) {
            ex_file *f = realloc(d->files, sizeof *f * (size_t)(d->nfiles + 1));
            if (!f) return -1;
            d->files = f;
            f = &d->files[d->nfiles++];
            memset(f, 0, sizeof *f);
            if (!(f->path = malloc(n - 6))) return -1;
            memcpy(f->path, p + 7, n - 7);
            f->path[n - 7] = 0;
        } else if (d->nfiles) {
            ex_file *f = &d->files[d->nfiles - 1];
            const char **line = realloc(f->line, sizeof *line * (size_t)(f->nlines + 1));
            if (!line) return -1;
            f->line = line;
            int *len = realloc(f->len, sizeof *len * (size_t)(f->nlines + 1));
            if (!len) return -1;
            f->len = len;
            f->line[f->nlines] = p;
            f->len[f->nlines++] = (int)(n && p[n - 1] == '\r' ? n - 1 : n);
        }
        p += n + (e ? 1 : 0);
    }
    return 0;
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
    d->hash = col_dup(st, 3), d->source = col_dup(st, 4);
    sqlite3_finalize(st);
    d->run = id;
    if (index_sources(d) != 0) {
        *err = msg("%s: out of memory", d->path);
        return -1;
    }
    return 0;
}

/* --------------------------------------------------------------- sources */

static const ex_file *file_named(const xf_ex_db *d, const char *path) {
    for (int i = 0; path && i < d->nfiles; i++)
        if (!strcmp(d->files[i].path, path)) return &d->files[i];
    return NULL;
}

/* Line n (1-based) or NULL. */
static const char *src_line(const ex_file *f, int n, int *len) {
    if (!f || n < 1 || n > f->nlines) return NULL;
    *len = f->len[n - 1];
    return f->line[n - 1];
}

/* Indentation of a line; -1 when blank. */
static int indent_of(const char *s, int n) {
    int i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
    return i == n ? -1 : i;
}

/* Length of a line without its comment and trailing blanks. */
static int code_len(const char *s, int n) {
    int in_str = 0, end = n;
    for (int i = 0; i < n; i++) {
        if (s[i] == '"') in_str = !in_str;
        else if (s[i] == '#' && !in_str) {
            end = i;
            break;
        }
    }
    while (end > 0 && (s[end - 1] == ' ' || s[end - 1] == '\t')) end--;
    return end;
}

/* The last line of the statement that starts on line `first`: the lines
 * after it that are indented deeper. */
static int stmt_last(const ex_file *f, int first) {
    int n, base = -1, last = first;
    const char *s = src_line(f, first, &n);
    if (!s) return first;
    base = indent_of(s, n);
    for (int l = first + 1; (s = src_line(f, l, &n)); l++) {
        int ind = indent_of(s, n);
        if (ind < 0 || ind <= base) break;
        last = l;
    }
    return last;
}

static int starts_word(const char *s, int n, const char *w) {
    size_t k = strlen(w);
    return (size_t)n >= k && !strncmp(s, w, k) && ((size_t)n == k || s[k] == ' ' || s[k] == '\t');
}

/* Lines first..last joined by single spaces, comments left out.  skip_except:
 * leave out `except` lines and their continuations (the let's own text). */
static char *join_lines(build *b, const ex_file *f, int first, int last, int from_col, int skip_except) {
    xf_ex_buf out = {0};
    int except_ind = -1;
    for (int l = first; l <= last; l++) {
        int n;
        const char *s = src_line(f, l, &n);
        if (!s) break;
        int ind = indent_of(s, n);
        if (ind < 0) continue;
        const char *t = s + ind;
        int tn = code_len(t, n - ind);
        if (l == first && from_col > 0) {  /* from_col: a character column, 1-based */
            int ch = 1, k = 0;
            while (k < n && ch < from_col) {
                k++;
                while (k < n && ((unsigned char)s[k] & 0xC0) == 0x80) k++;
                ch++;
            }
            if (k > ind) t = s + k, tn = code_len(t, n - k);
        }
        if (skip_except) {
            if (starts_word(t, tn, "except")) {
                except_ind = ind;
                continue;
            }
            if (except_ind >= 0 && ind > except_ind) continue;
            except_ind = -1;
        }
        if (!tn) continue;
        if (out.n) xf_ex_puts(&out, " ");
        /* runs of blanks outside strings: one space */
        int in_str = 0;
        for (int i = 0; i < tn; i++) {
            if (t[i] == '"') in_str = !in_str;
            if (!in_str && (t[i] == ' ' || t[i] == '\t')) {
                while (i + 1 < tn && (t[i + 1] == ' ' || t[i + 1] == '\t')) i++;
                xf_ex_putn(&out, " ", 1);
            } else {
                xf_ex_putn(&out, t + i, 1);
            }
        }
    }
    char *r = out.oom ? NULL : ex_strdup(b, out.p ? out.p : "");
    if (out.oom) b->oom = 1;
    xf_ex_buf_free(&out);
    return r;
}

/* The file's document basis: its first top-level `basis "..."` line. */
static const char *file_basis(build *b, const ex_file *f) {
    for (int l = 1; f && l <= f->nlines; l++) {
        int n;
        const char *s = src_line(f, l, &n);
        if (starts_word(s, n, "basis")) {
            const char *q = memchr(s, '"', (size_t)n);
            const char *e = q ? memchr(q + 1, '"', (size_t)(n - (q + 1 - s))) : NULL;
            if (q && e) return ex_strndup(b, q + 1, (size_t)(e - q - 1));
        }
        if (starts_word(s, n, "policy")) break;
    }
    return NULL;
}

/* xf_citation: a basis that is not a document of its own is an article of the file's. */
static const char *citation_in(build *b, const ex_file *f, const char *basis) {
    if (!basis) return NULL;
    if (!strncmp(basis, "《", strlen("《"))) return basis;
    const char *doc = file_basis(b, f);
    if (!doc) return basis;
    char *s = ex_alloc(b, strlen(doc) + strlen(basis) + 1);
    if (s) strcat(strcpy(s, doc), basis);
    return s;
}

static const char *citation(build *b, const char *basis) {
    return citation_in(b, file_named(b->db, b->ex->file), basis);
}

/* ---------------------------------------------------------------- tokens */

typedef struct tok {
    const char *s;
    int         n;
    char        t;  /* i identifier, n number, s string, p punctuation, 0 end */
} tok;

static int ident_char(unsigned char c) { return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'); }

static tok lex(const char **pp) {
    const char *p = *pp;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    tok t = {p, 0, 0};
    if (!*p) {
        *pp = p;
        return t;
    }
    unsigned char c = (unsigned char)*p;
    if (c == '"') {
        const char *e = p + 1;
        while (*e && *e != '"') e += (*e == '\\' && e[1]) ? 2 : 1;
        t.t = 's', t.n = (int)(e - p) + (*e ? 1 : 0);
    } else if (c >= '0' && c <= '9') {
        const char *e = p;
        while ((*e >= '0' && *e <= '9') || (*e == '.' && e[1] >= '0' && e[1] <= '9')) e++;
        t.t = 'n', t.n = (int)(e - p);
    } else if (ident_char(c)) {
        const char *e = p;
        while (*e && ident_char((unsigned char)*e)) e++;
        t.t = 'i', t.n = (int)(e - p);
    } else {
        static const char *two[] = {"??", "==", "!=", "<=", ">="};
        t.t = 'p', t.n = 1;
        for (size_t i = 0; i < sizeof two / sizeof two[0]; i++)
            if (!strncmp(p, two[i], 2)) t.n = 2;
    }
    *pp = p + t.n;
    return t;
}

static int tok_is(tok t, const char *w) { return (int)strlen(w) == t.n && !strncmp(t.s, w, (size_t)t.n); }

/* Where the top-level word w starts in s (outside strings, brackets), or NULL. */
static const char *find_word(const char *s, const char *w) {
    int depth = 0;
    for (const char *p = s;;) {
        tok t = lex(&p);
        if (!t.t) return NULL;
        if (t.t == 'p' && (*t.s == '(' || *t.s == '{' || *t.s == '[')) depth++;
        if (t.t == 'p' && (*t.s == ')' || *t.s == '}' || *t.s == ']')) depth--;
        if (!depth && t.t == 'i' && tok_is(t, w)) return t.s;
    }
}

/* The earliest of several top-level words, or the end. */
static const char *find_first(const char *s, const char *const *words) {
    const char *best = s + strlen(s);
    for (int i = 0; words[i]; i++) {
        const char *p = find_word(s, words[i]);
        if (p && p < best) best = p;
    }
    return best;
}

static char *trimmed(build *b, const char *s, const char *e) {
    while (s < e && (*s == ' ' || *s == '\t')) s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t')) e--;
    return ex_strndup(b, s, (size_t)(e - s));
}

/* The string after a top-level `basis`, unquoted, or NULL. */
static const char *basis_of(build *b, const char *s) {
    const char *p = find_word(s, "basis");
    if (!p) return NULL;
    p += 5;
    tok t = lex(&p);
    return t.t == 's' && t.n >= 2 ? ex_strndup(b, t.s + 1, (size_t)t.n - 2) : NULL;
}

/* A statement without its `basis "..."` clause (the citation is shown apart). */
static const char *no_basis(build *b, const char *s) {
    return s ? trimmed(b, s, find_first(s, (const char *const[]){"basis", NULL})) : NULL;
}

/* ----------------------------------------------------------------- slots */

static const xf_ex_slot *slot_named(const xf_explanation *ex, int kind, const char *s, int n) {
    for (int i = 0; i < ex->nslots; i++) {
        const xf_ex_slot *x = &ex->slots[i];
        if (x->kind == kind && x->name && (int)strlen(x->name) == n && !strncmp(x->name, s, (size_t)n)) return x;
    }
    return NULL;
}

static void refs_add(build *b, xf_ex_refs *r, const xf_ex_slot *s) {
    if (!s) return;
    for (int i = 0; i < r->n; i++)
        if (r->s[i] == s) return;
    const xf_ex_slot **a = ex_alloc(b, sizeof *a * (size_t)(r->n + 1));
    if (!a) return;
    if (r->n) memcpy(a, r->s, sizeof *a * (size_t)r->n);
    a[r->n++] = s;
    r->s = a;
}

/* The traced values an expression reads: names of columns, lets, params and
 * requirements, and the aggregates and parameter lookups that start on its
 * lines (first..last of the policy file). */
static void refs_scan(build *b, const char *text, int first, int last, xf_ex_refs *r) {
    xf_explanation *ex = b->ex;
    for (const char *p = text ? text : "";;) {
        tok t = lex(&p);
        if (!t.t) break;
        if (t.t != 'i') continue;
        const char *e = t.s + t.n;
        while (*e == '.' && ident_char((unsigned char)e[1])) {
            e++;
            while (*e && ident_char((unsigned char)*e)) e++;
        }
        p = e;
        int n = (int)(e - t.s);
        const xf_ex_slot *s = slot_named(ex, XF_EXK_COLUMN, t.s, n);
        if (!s) s = slot_named(ex, XF_EXK_LET, t.s, n);
        if (!s) s = slot_named(ex, XF_EXK_REQUIRE, t.s, n);
        refs_add(b, r, s);
    }
    for (int i = 0; first > 0 && i < ex->nslots; i++) {
        const xf_ex_slot *s = &ex->slots[i];
        if ((s->kind == XF_EXK_AGG || s->kind == XF_EXK_PARAM) && s->line >= first && s->line <= last && s->file &&
            ex->file && !strcmp(s->file, ex->file))
            refs_add(b, r, s);
    }
}

/* ------------------------------------------------------------ arithmetic */

typedef struct ap {
    build      *b;
    const char *p;
} ap;

static tok ap_peek(ap *a) {
    const char *p = a->p;
    return lex(&p);
}

static xf_ex_node *node(build *b, xf_exn_op op) {
    xf_ex_node *n = ex_alloc(b, sizeof *n);
    if (n) n->op = op;
    return n;
}

static xf_ex_node *ap_expr(ap *a, int depth);
static xf_ex_node *ap_sum(ap *a, int depth);

static int dur_unit(tok t, int *unit) {
    if (tok_is(t, "day") || tok_is(t, "days")) *unit = XF_DUR_DAYS;
    else if (tok_is(t, "month") || tok_is(t, "months")) *unit = XF_DUR_MONTHS;
    else if (tok_is(t, "year") || tok_is(t, "years")) *unit = XF_DUR_MONTHS + 8;  /* years: x12 below */
    else return 0;
    return 1;
}

static xf_ex_node *ap_primary(ap *a, int depth) {
    build *b = a->b;
    tok t = lex(&a->p);
    if (t.t == 'p' && *t.s == '(') {
        xf_ex_node *n = ap_expr(a, depth + 1);
        tok c = lex(&a->p);
        return n && c.t == 'p' && *c.s == ')' ? n : NULL;
    }
    if (t.t == 'n') {
        tok u = ap_peek(a);
        int unit;
        if (u.t == 'i' && dur_unit(u, &unit)) {  /* 3 months */
            lex(&a->p);
            xf_ex_node *n = node(b, XF_EXN_LEAF);
            if (!n) return NULL;
            int64_t amount = strtoll(t.s, NULL, 10);
            n->text = ex_strndup(b, t.s, (size_t)(u.s + u.n - t.s));
            n->duration = n->has = 1;
            n->value = unit == XF_DUR_MONTHS + 8 ? xf_dur_make(amount * 12, XF_DUR_MONTHS) : xf_dur_make(amount, unit);
            return n;
        }
        const char *start = t.s, *p = a->p;  /* 2025-12-25 */
        tok m1 = lex(&p), mm = lex(&p), m2 = lex(&p), dd = lex(&p);
        int64_t day;
        if (t.n == 4 && tok_is(m1, "-") && mm.t == 'n' && tok_is(m2, "-") && dd.t == 'n' &&
            xf_date_parse(start, (size_t)(dd.s + dd.n - start), &day) == XF_DATE_OK) {
            a->p = p;
            xf_ex_node *n = node(b, XF_EXN_LEAF);
            if (!n) return NULL;
            n->text = ex_strndup(b, start, (size_t)(dd.s + dd.n - start));
            n->has = 1, n->value = day;
            return n;
        }
        return NULL;
    }
    if (t.t != 'i') return NULL;
    const char *e = t.s + t.n;
    while (*e == '.' && ident_char((unsigned char)e[1])) {
        e++;
        while (*e && ident_char((unsigned char)*e)) e++;
    }
    a->p = e;
    int n = (int)(e - t.s);
    tok open = ap_peek(a);
    if (open.t == 'p' && *open.s == '(') {
        xf_exn_op op;
        if (tok_is(t, "met")) op = XF_EXN_MET;
        else if (tok_is(t, "last")) op = XF_EXN_LAST;
        else if (tok_is(t, "latest")) op = XF_EXN_LATEST;
        else if (tok_is(t, "earliest")) op = XF_EXN_EARLIEST;
        else return NULL;
        lex(&a->p);
        xf_ex_node *call = node(b, op);
        if (!call) return NULL;
        for (;;) {
            xf_ex_node *arg = ap_expr(a, depth + 1);
            if (!arg || call->nargs == 8) return NULL;
            call->args[call->nargs++] = arg;
            tok c = lex(&a->p);
            if (c.t == 'p' && *c.s == ')') break;
            if (!(c.t == 'p' && *c.s == ',')) return NULL;
        }
        if ((op == XF_EXN_MET || op == XF_EXN_LAST) &&
            (call->nargs != 2 || call->args[0]->duration || !call->args[1]->duration))
            return NULL;
        return call;
    }
    const xf_ex_slot *s = slot_named(b->ex, XF_EXK_COLUMN, t.s, n);
    if (!s) s = slot_named(b->ex, XF_EXK_LET, t.s, n);
    if (!s || !s->value_kind || (strcmp(s->value_kind, "date") && strcmp(s->value_kind, "duration"))) return NULL;
    xf_ex_node *leaf = node(b, XF_EXN_LEAF);
    if (!leaf) return NULL;
    leaf->text = ex_strndup(b, t.s, (size_t)n);
    leaf->slot = s;
    leaf->duration = !strcmp(s->value_kind, "duration");
    return leaf;
}

static xf_ex_node *ap_expr(ap *a, int depth) {
    if (depth > 16) return NULL;
    const char *start = a->p;
    while (*start == ' ') start++;
    xf_ex_node *n = ap_sum(a, depth);
    if (n && tok_is(ap_peek(a), "??")) {
        lex(&a->p);
        xf_ex_node *r = ap_expr(a, depth + 1);
        xf_ex_node *op = r ? node(a->b, XF_EXN_COALESCE) : NULL;
        if (!op) return NULL;
        op->args[0] = n, op->args[1] = r, op->nargs = 2;
        op->duration = n->duration;
        n = op;
    }
    if (n && !n->text) n->text = trimmed(a->b, start, a->p);
    return n;
}

static xf_ex_node *ap_sum(ap *a, int depth) {
    const char *start = a->p;
    while (*start == ' ') start++;
    xf_ex_node *n = ap_primary(a, depth);
    if (n && n->op != XF_EXN_LEAF && !n->text) n->text = trimmed(a->b, start, a->p);
    for (tok t = ap_peek(a); n && t.t == 'p' && (tok_is(t, "+") || tok_is(t, "-")); t = ap_peek(a)) {
        lex(&a->p);
        xf_ex_node *d = ap_primary(a, depth);
        if (!d || !d->duration || n->duration) return NULL;
        xf_ex_node *op = node(a->b, tok_is(t, "+") ? XF_EXN_ADD : XF_EXN_SUB);
        if (!op) return NULL;
        op->args[0] = n, op->args[1] = d, op->nargs = 2;
        op->text = trimmed(a->b, start, a->p);
        n = op;
    }
    return n;
}

/* Compute a node from its traced inputs: 0, or -1 when an input was not
 * evaluated or the arithmetic cannot be redone here (working days). */
static int ap_eval(xf_ex_node *n) {
    switch (n->op) {
    case XF_EXN_LEAF:
        if (!n->slot) return 0;
        if (n->slot->state == 0) return -1;
        n->has = n->slot->state == 2;
        n->value = n->slot->value;
        return 0;
    case XF_EXN_MET: case XF_EXN_LAST: case XF_EXN_ADD: case XF_EXN_SUB: {
        if (ap_eval(n->args[0]) || ap_eval(n->args[1])) return -1;
        n->has = n->args[0]->has && n->args[1]->has;
        if (!n->has) return 0;
        int64_t d = n->args[0]->value, dur = n->args[1]->value, r;
        if (xf_dur_unit(dur) == XF_DUR_WORKDAYS) return -1;
        if (xf_period_last(NULL, d, dur, &n->last) != 0) return -1;
        int bad = n->op == XF_EXN_MET ? xf_period_met(NULL, d, dur, &r)
                  : n->op == XF_EXN_SUB ? xf_period_back(NULL, d, dur, &r) : (r = n->last, 0);
        if (bad) return -1;
        n->value = r;
        return 0;
    }
    case XF_EXN_LATEST: case XF_EXN_EARLIEST:
        n->has = 0;
        for (int i = 0; i < n->nargs; i++) {
            if (ap_eval(n->args[i])) return -1;
            if (!n->args[i]->has) continue;
            int64_t v = n->args[i]->value;
            if (!n->has || (n->op == XF_EXN_LATEST ? v > n->value : v < n->value)) n->value = v;
            n->has = 1;
        }
        return 0;
    case XF_EXN_COALESCE:
        if (ap_eval(n->args[0])) return -1;
        if (n->args[0]->has) {
            n->has = 1, n->value = n->args[0]->value;
            return 0;
        }
        if (ap_eval(n->args[1])) return -1;
        n->has = n->args[1]->has, n->value = n->args[1]->value;
        return 0;
    }
    return -1;
}

/* The arithmetic of a date expression, when it parses, can be recomputed
 * and (with a traced result) agrees with it. */
static xf_ex_node *arith(build *b, const char *expr, const xf_ex_slot *result) {
    if (!expr) return NULL;
    ap a = {b, expr};
    xf_ex_node *n = ap_expr(&a, 0);
    if (!n || lex(&a.p).t || n->duration || ap_eval(n)) return NULL;
    if (result && result->state == 2 && (!n->has || n->value != result->value)) return NULL;
    if (result && result->state == 1 && n->has) return NULL;
    return n;
}

/* ----------------------------------------------------------- column labels */

/* The first phrase of a description: up to the first separator. */
static char *phrase(build *b, const char *s, size_t n) {
    static const char *const stop[] = {"：", "；", "，", "（", ":", ";", ",", "(", " ", NULL};
    size_t end = n;
    for (int i = 0; stop[i]; i++) {
        const char *p = s;
        size_t k = strlen(stop[i]);
        for (; p + k <= s + n; p++)
            if (!memcmp(p, stop[i], k)) break;
        if (p + k <= s + n && (size_t)(p - s) < end) end = (size_t)(p - s);
    }
    return end ? ex_strndup(b, s, end) : NULL;
}

/* From the schema module of the run: `field: type  # 描述` in `record X table "TAB"`. */
static const char *label_from_schema(build *b, const char *tab, const char *col, const char **type_name) {
    const ex_file *f = file_named(b->db, "<schema>");
    char want[160];
    snprintf(want, sizeof want, "table \"%s\"", tab);
    int in = 0, n;
    for (int l = 1; f && l <= f->nlines; l++) {
        const char *s = src_line(f, l, &n);
        if (starts_word(s, n, "record")) {
            char line[512];
            snprintf(line, sizeof line, "%.*s", n, s);
            in = strstr(line, want) != NULL;
            continue;
        }
        if (!in) continue;
        int ind = indent_of(s, n);
        if (ind < 0) continue;
        if (s[ind] == '}') break;
        const char *colon = memchr(s + ind, ':', (size_t)(n - ind));
        if (!colon) continue;
        char field[128], sqlcol[128];
        snprintf(field, sizeof field, "%.*s", (int)(colon - s - ind), s + ind);
        snprintf(sqlcol, sizeof sqlcol, "%s", field);
        const char *c = strstr(colon, "column \"");
        if (c && c < s + n) {
            const char *q = strchr(c + 8, '"');
            if (q && q < s + n) snprintf(sqlcol, sizeof sqlcol, "%.*s", (int)(q - c - 8), c + 8);
        }
        if (strcmp(sqlcol, col)) continue;
        /* the type: set of T, T?, T */
        const char *t = colon + 1;
        while (*t == ' ') t++;
        if (!strncmp(t, "set of ", 7)) t += 7;
        const char *te = t;
        while (te < s + n && *te != ' ' && *te != '?' && *te != '#') te++;
        static const char *const builtin[] = {"text", "int", "date", "money", "bool", NULL};
        int is_builtin = 0;
        for (int i = 0; builtin[i]; i++) is_builtin |= (size_t)(te - t) == strlen(builtin[i]) && !strncmp(t, builtin[i], (size_t)(te - t));
        if (!is_builtin && te > t) *type_name = ex_strndup(b, t, (size_t)(te - t));
        const char *hash = memchr(s, '#', (size_t)n);
        if (!hash) return NULL;
        hash++;
        while (*hash == ' ') hash++;
        return hash < s + n ? phrase(b, hash, (size_t)(s + n - hash)) : NULL;
    }
    return NULL;
}

/* From the canonical records.sql: `col TYPE ..., -- 描述`, when it begins with one. */
static const char *label_from_sql(build *b, const char *tab, const char *col) {
    char want[160];
    snprintf(want, sizeof want, "CREATE TABLE %s (", tab);
    const char *p = strstr(xf_embed_records_sql, want);
    if (!p) return NULL;
    const char *end = strstr(p, ");");
    for (p = strchr(p, '\n'); p && (!end || p < end); p = strchr(p + 1, '\n')) {
        const char *s = p + 1;
        while (*s == ' ') s++;
        size_t k = strlen(col);
        if (strncmp(s, col, k) || s[k] != ' ') continue;
        const char *eol = strchr(s, '\n');
        const char *dash = strstr(s, "--");
        if (!dash || (eol && dash > eol)) return NULL;
        const char *d = dash + 2;
        while (*d == ' ') d++;
        const char *e = d;
        while ((unsigned char)*e >= 0x80) e++;
        const char *after = e;
        while (*after == ' ') after++;
        if (e == d || *after == '|' || *after == '/') return NULL;
        return ex_strndup(b, d, (size_t)(e - d));
    }
    return NULL;
}

static const char *column_label(build *b, const xf_ex_slot *s) {
    if (!s->tab || !s->col) return NULL;
    const char *type_name = NULL;
    const char *l = label_from_schema(b, s->tab, s->col, &type_name);
    if (!l) l = label_from_sql(b, s->tab, s->col);
    return l ? l : type_name;
}

/* ------------------------------------------------------------- the trace */

static int kind_of(const char *k) {
    static const char *const names[] = {"column", "let", "except", "require", "when", "time", "agg", "witness", "param",
                                        "effective", "lenient"};
    for (int i = 0; k && i < (int)(sizeof names / sizeof names[0]); i++)
        if (!strcmp(k, names[i])) return i;
    return XF_EXK_OTHER;
}

static char *col_str(build *b, sqlite3_stmt *st, int i) {
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? ex_strndup(b, (const char *)t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
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
        if (s->kind == XF_EXK_COLUMN) s->label = column_label(b, s);
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
static void find_file(build *b) {
    xf_explanation *ex = b->ex;
    for (int i = 0; i < ex->nslots && !ex->file; i++)
        if (ex->slots[i].kind != XF_EXK_OTHER && file_named(b->db, ex->slots[i].file)) ex->file = ex->slots[i].file;
    if (!ex->file)  /* not in the stored source: its name still says where the rules are */
        for (int i = 0; i < ex->nslots && !ex->file; i++)
            if (ex->slots[i].kind == XF_EXK_LET || ex->slots[i].kind == XF_EXK_WHEN) ex->file = ex->slots[i].file;
    char want[512];
    snprintf(want, sizeof want, "policy %s ", ex->policy);
    for (int f = 0; !ex->file && f < b->db->nfiles; f++)
        for (int l = 1; l <= b->db->files[f].nlines; l++) {
            int n;
            const char *s = src_line(&b->db->files[f], l, &n);
            if (n >= (int)strlen(want) && !strncmp(s, want, strlen(want))) {
                ex->file = ex_strdup(b, b->db->files[f].path);
                break;
            }
        }
}

/* Whether a source line is `KEYWORD NAME ...` — the stored source and the
 * trace agree about what is on that line. */
static int declares(const char *line, int n, const char *keyword, const char *name) {
    int ind = line ? indent_of(line, n) : -1;
    if (ind < 0 || !name || !starts_word(line + ind, n - ind, keyword)) return 0;
    const char *p = line + ind + strlen(keyword);
    while (*p == ' ') p++;
    size_t k = strlen(name);
    return p + k <= line + n && !strncmp(p, name, k) && !ident_char((unsigned char)p[k]);
}

/* ------------------------------------------------------------------ lets */

static void build_lets(build *b) {
    xf_explanation *ex = b->ex;
    const ex_file *f = file_named(b->db, ex->file);
    for (int i = 0; i < ex->nslots; i++) ex->nlets += ex->slots[i].kind == XF_EXK_LET;
    ex->lets = ex_alloc(b, sizeof *ex->lets * (size_t)(ex->nlets + 1));
    if (!ex->lets) {
        ex->nlets = 0;
        return;
    }
    int k = 0;
    for (int i = 0; i < ex->nslots; i++) {
        const xf_ex_slot *s = &ex->slots[i];
        if (s->kind != XF_EXK_LET) continue;
        xf_ex_let *l = &ex->lets[k++];
        l->slot = s;
        l->chosen = 0;
        for (int j = 0; j < ex->nslots; j++)
            if (ex->slots[j].kind == XF_EXK_EXCEPT && ex->slots[j].idx == s->idx) l->except = &ex->slots[j];
        if (l->except) l->chosen = l->except->state == 2 ? (int)l->except->value : -1;
        int n = 0;
        const char *line = f && !strcmp(s->file ? s->file : "", ex->file) ? src_line(f, s->line, &n) : NULL;
        if (!declares(line, line ? n : 0, "let", s->name)) {
            l->stmt = no_basis(b, s->source);  /* the stored line: no exceptions known */
            const char *eq = s->source ? strchr(s->source, '=') : NULL;
            if (eq) {
                const char *e = find_first(eq + 1, (const char *const[]){"basis", NULL});
                l->expr = trimmed(b, eq + 1, e);
            }
            refs_scan(b, l->expr, s->line, s->line, &l->refs);
            if (s->value_kind && !strcmp(s->value_kind, "date")) l->calc = arith(b, l->expr, s);
            continue;
        }
        int last = stmt_last(f, s->line);
        l->stmt = no_basis(b, join_lines(b, f, s->line, last, 0, 1));
        const char *eq = l->stmt ? strchr(l->stmt, '=') : NULL;
        if (eq) l->expr = trimmed(b, eq + 1, eq + strlen(eq));
        refs_scan(b, l->expr, s->line, last, &l->refs);
        if (s->value_kind && !strcmp(s->value_kind, "date")) l->calc = arith(b, l->expr, s);
        /* exceptions: `except VALUE when COND [basis "..."]` lines */
        int base = -1;
        for (int ln = s->line + 1; ln <= last; ln++) {
            const char *t = src_line(f, ln, &n);
            int ind = indent_of(t, n);
            if (ind < 0) continue;
            if (!starts_word(t + ind, n - ind, "except")) continue;
            if (base < 0) base = ind;
            int el = ln;
            while (el < last) {
                int n2 = 0;
                const char *u = src_line(f, el + 1, &n2);
                if (!u || indent_of(u, n2) <= ind) break;
                el++;
            }
            char *text = join_lines(b, f, ln, el, 0, 0);
            if (!text) continue;
            xf_ex_except *a = ex_alloc(b, sizeof *a * (size_t)(l->nexcepts + 1));
            if (!a) break;
            if (l->nexcepts) memcpy(a, l->ex, sizeof *a * (size_t)l->nexcepts);
            xf_ex_except *x = &a[l->nexcepts++];
            l->ex = a;
            const char *v = text + 6;
            const char *w = find_word(v, "when");
            const char *bs = find_first(v, (const char *const[]){"basis", NULL});
            x->value = trimmed(b, v, w && w < bs ? w : bs);
            x->cond = w && w < bs ? trimmed(b, w + 4, bs) : NULL;
            x->basis = citation(b, basis_of(b, text));
            x->line = ln;
            x->stmt = no_basis(b, text);
            refs_scan(b, x->cond, ln, el, &x->refs);
        }
        if (l->except && l->chosen < 0) l->chosen = -1;
    }
    /* in the order written */
    for (int i = 1; i < ex->nlets; i++)
        for (int j = i; j > 0 && ex->lets[j - 1].slot->line > ex->lets[j].slot->line; j--) {
            xf_ex_let t = ex->lets[j];
            ex->lets[j] = ex->lets[j - 1];
            ex->lets[j - 1] = t;
        }
}

static const xf_ex_let *let_of(const xf_explanation *ex, const xf_ex_slot *s) {
    for (int i = 0; i < ex->nlets; i++)
        if (ex->lets[i].slot == s) return &ex->lets[i];
    return NULL;
}

/* ---------------------------------------------------------- requirements */

/* Follow what an unmet requirement reads down to the record: dates not yet
 * there (the entity's to bring about), false yes/no values, blocking rows. */
static void unmet_leaves(build *b, xf_ex_req *r, const xf_ex_refs *refs, int depth) {
    const xf_explanation *ex = b->ex;
    for (int i = 0; depth < 8 && i < refs->n; i++) {
        const xf_ex_slot *s = refs->s[i];
        int is_bool = s->value_kind && !strcmp(s->value_kind, "bool");
        if (s->kind == XF_EXK_COLUMN) {
            if (s->value_kind && !strcmp(s->value_kind, "date") &&
                (s->state == 1 || (s->state == 2 && s->value > ex->as_of_day)))
                refs_add(b, &r->act, s);
        } else if (s->kind == XF_EXK_AGG) {
            const xf_ex_slot *w = xf_ex_witness_of(ex, s);
            if (w && w->state == 2) r->witness = w;
            else if (is_bool && s->state == 2 && !s->value) refs_add(b, &r->falsy, s);
        } else if (s->kind == XF_EXK_LET) {
            if (is_bool && s->state == 2 && !s->value) refs_add(b, &r->falsy, s);
            const xf_ex_let *l = let_of(ex, s);
            if (l) unmet_leaves(b, r, &l->refs, depth + 1);
        }
    }
}

static void build_reqs(build *b) {
    xf_explanation *ex = b->ex;
    const ex_file *f = file_named(b->db, ex->file);
    for (int i = 0; i < ex->nslots; i++) ex->nreqs += ex->slots[i].kind == XF_EXK_REQUIRE;
    ex->reqs = ex_alloc(b, sizeof *ex->reqs * (size_t)(ex->nreqs + 1));
    if (!ex->reqs) {
        ex->nreqs = 0;
        return;
    }
    int k = 0;
    for (int i = 0; i < ex->nslots; i++) {
        const xf_ex_slot *s = &ex->slots[i];
        if (s->kind != XF_EXK_REQUIRE) continue;
        xf_ex_req *r = &ex->reqs[k++];
        r->slot = s;
        int n, last = s->line;
        const char *line = f && s->file && !strcmp(s->file, ex->file) ? src_line(f, s->line, &n) : NULL;
        if (declares(line, line ? n : 0, "require", s->name)) {
            last = stmt_last(f, s->line);
            r->stmt = no_basis(b, join_lines(b, f, s->line, last, 0, 0));
        } else {
            r->stmt = no_basis(b, s->source);
        }
        const char *eq = r->stmt ? strchr(r->stmt, '=') : NULL;
        if (eq) r->expr = trimmed(b, eq + 1, find_first(eq + 1, (const char *const[]){"basis", NULL}));
        refs_scan(b, r->expr, s->line, last, &r->refs);
        if (s->state != 2) r->cls = XF_EXR_UNKNOWN;
        else if (s->value) r->cls = XF_EXR_MET;
        else {
            unmet_leaves(b, r, &r->refs, 0);
            r->cls = r->act.n ? XF_EXR_ACT : r->witness ? XF_EXR_RECORD : XF_EXR_UNMET;
        }
    }
}

/* ---------------------------------------------------------------- params */

static void build_params(build *b) {
    xf_explanation *ex = b->ex;
    for (int i = 0; i < ex->nslots; i++) ex->nparams += ex->slots[i].kind == XF_EXK_PARAM;
    ex->params = ex_alloc(b, sizeof *ex->params * (size_t)(ex->nparams + 1));
    if (!ex->params) {
        ex->nparams = 0;
        return;
    }
    int k = 0;
    for (int i = 0; i < ex->nslots; i++) {
        const xf_ex_slot *s = &ex->slots[i];
        if (s->kind != XF_EXK_PARAM) continue;
        xf_ex_param *p = &ex->params[k++];
        p->slot = s;
        /* the call's arguments, from the stored line */
        const char *call = s->source && s->name ? strstr(s->source, s->name) : NULL;
        if (call) {
            const char *open = call + strlen(s->name), *close = open;
            int depth = 0;
            for (; *close; close++) {
                if (*close == '(') depth++;
                if (*close == ')' && --depth == 0) break;
            }
            char *args = *open == '(' ? ex_strndup(b, open, (size_t)(close - open)) : NULL;
            refs_scan(b, args, 0, 0, &p->args);
        }
        if (s->state != 2) continue;
        /* the row: the param's declaration in the run's sources */
        char want[256];
        snprintf(want, sizeof want, "param %s", s->name ? s->name : "");
        for (int fi = 0; fi < b->db->nfiles && !p->row; fi++) {
            const ex_file *f = &b->db->files[fi];
            for (int l = 1; l <= f->nlines && !p->row; l++) {
                int n;
                const char *line = src_line(f, l, &n);
                size_t wn = strlen(want);
                if ((size_t)n <= wn || strncmp(line, want, wn) || (line[wn] != ':' && line[wn] != ' ')) continue;
                int row = -1;
                for (int r = l + 1; r <= f->nlines; r++) {
                    const char *t = src_line(f, r, &n);
                    int ind = indent_of(t, n);
                    if (ind < 0) continue;
                    if (ind == 0) break;
                    int is_default = starts_word(t + ind, n - ind, "default");
                    if (!is_default) row++;
                    if ((s->value < 0 && is_default) || (!is_default && row == s->value)) {
                        char *text = join_lines(b, f, r, r, 0, 0);
                        const char *bs = text ? find_first(text, (const char *const[]){"basis", NULL}) : NULL;
                        p->row = text ? trimmed(b, text, bs) : NULL;
                        const char *basis = text ? basis_of(b, text) : NULL;
                        p->row_basis = basis && !strncmp(basis, "第", strlen("第")) ? citation_in(b, f, basis) : basis;
                        break;
                    }
                }
            }
        }
    }
}

/* ----------------------------------------------------------------- steps */

static int is_outcome(const char *s, int n) {
    for (int i = 0; i < XF_OUT__COUNT; i++)
        if ((int)strlen(xf_outcome_code[i]) == n && !strncmp(s, xf_outcome_code[i], (size_t)n)) return 1;
    return 0;
}

/* Past a step's name (`简易程序: not_published ...`), if it has one. */
static const char *skip_step_name(const char *p) {
    const char *q = p;
    tok t = lex(&q);
    if (t.t != 'i') return p;
    tok colon = lex(&q);
    return colon.t == 'p' && colon.n == 1 && *colon.s == ':' ? q : p;
}

/* The steps of the ladder as written: each starts with an outcome code (after
 * its name, if it has one) on a line of the decide block.  Returns the count,
 * or -1 when not found. */
static int parse_steps(build *b, const ex_file *f, int *first, int *last, int max) {
    xf_explanation *ex = b->ex;
    char want[512];
    snprintf(want, sizeof want, "policy %s ", ex->policy);
    int l = 1, n;
    const char *s;
    for (; (s = src_line(f, l, &n)); l++)
        if (n >= (int)strlen(want) && !strncmp(s, want, strlen(want))) break;
    if (!s) return -1;
    int decide_ind = -1, nsteps = 0;
    for (l++; (s = src_line(f, l, &n)); l++) {
        int ind = indent_of(s, n);
        if (ind < 0 || s[ind] == '#') continue;
        if (ind == 0) break;  /* the next declaration */
        if (decide_ind < 0) {
            if (starts_word(s + ind, n - ind, "decide")) {
                decide_ind = ind;
                const char *rest = s + ind + 6;
                while (*rest == ' ') rest++;
                rest = skip_step_name(rest);
                tok t = lex(&rest);
                (void)t;
                if (rest - s <= n && t.t == 'i' && is_outcome(t.s, t.n)) {  /* decide not_yet otherwise ... */
                    if (nsteps < max) first[nsteps] = last[nsteps] = l;
                    nsteps++;
                }
            }
            continue;
        }
        if (ind <= decide_ind) break;
        const char *p = skip_step_name(s + ind);
        tok t = lex(&p);
        if (t.t == 'i' && is_outcome(t.s, t.n) && p - s <= n) {
            if (nsteps < max) first[nsteps] = last[nsteps] = l;
            nsteps++;
        } else if (nsteps && nsteps <= max) {
            last[nsteps - 1] = l;
        }
    }
    return decide_ind < 0 ? -1 : nsteps;
}

static void step_from_text(build *b, xf_ex_step *st, char *text) {
    const char *p = text;
    if (!strncmp(p, "decide ", 7)) p += 7;
    while (*p == ' ') p++;
    p = skip_step_name(p);
    while (*p == ' ') p++;
    const char *stmt = p;  /* the step without its name */
    tok t = lex(&p);
    if (t.t == 'i') st->outcome = ex_strndup(b, t.s, (size_t)t.n);
    const char *bs = find_first(text, (const char *const[]){"basis", NULL});
    st->stmt = trimmed(b, stmt, bs);
    if (st->stmt) st->head = trimmed(b, st->stmt, find_first(st->stmt, (const char *const[]){"set", NULL}));
    if (!st->basis) st->basis = citation(b, basis_of(b, text));
    const char *q = p;
    tok kw = lex(&q);
    const char *const ends[] = {"when", "otherwise", "set", "basis", NULL};
    if (kw.t == 'i' && (tok_is(kw, "from") || tok_is(kw, "until"))) {
        st->time_kind = tok_is(kw, "from") ? 'f' : 'u';
        st->time_expr = trimmed(b, q, find_first(q, ends));
    }
    const char *w = find_word(p, "when");
    if (w && w < bs) {
        const char *const wend[] = {"set", "basis", NULL};
        st->when_text = trimmed(b, w + 4, find_first(w + 4, wend));
        st->allreq = st->when_text && !strcmp(st->when_text, "all required");
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

static void build_steps(build *b) {
    xf_explanation *ex = b->ex;
    const ex_file *f = file_named(b->db, ex->file);
    int nst = ex->step;
    for (int i = 0; i < ex->nslots; i++)
        if ((ex->slots[i].kind == XF_EXK_WHEN || ex->slots[i].kind == XF_EXK_TIME) && ex->slots[i].idx + 1 > nst)
            nst = ex->slots[i].idx + 1;
    enum { MAXSTEPS = 256 };
    int first[MAXSTEPS], last[MAXSTEPS];
    int parsed = f ? parse_steps(b, f, first, last, MAXSTEPS) : -1;
    if (parsed > MAXSTEPS) parsed = -1;
    /* the parse must agree with the trace: every condition and day inside its step */
    for (int i = 0; parsed >= 0 && i < ex->nslots; i++) {
        const xf_ex_slot *s = &ex->slots[i];
        if (s->kind != XF_EXK_WHEN && s->kind != XF_EXK_TIME) continue;
        if (s->idx >= parsed || s->line < first[s->idx] || s->line > last[s->idx]) parsed = -1;
    }
    if (parsed >= nst) nst = parsed;
    else if (parsed >= 0 && parsed < nst) parsed = -1;
    ex->source_found = parsed >= 0;
    ex->steps = ex_alloc(b, sizeof *ex->steps * (size_t)(nst + 1));
    if (!ex->steps) return;
    ex->nsteps = nst;
    for (int i = 0; i < nst; i++) {
        xf_ex_step *st = &ex->steps[i];
        st->index = i;
        for (int j = 0; j < ex->nslots; j++) {
            const xf_ex_slot *s = &ex->slots[j];
            if (s->idx != i) continue;
            if (s->kind == XF_EXK_WHEN) st->when = s;
            if (s->kind == XF_EXK_TIME) st->time = s;
        }
        if (st->when) st->basis = st->when->basis, st->outcome = st->when->name, st->line = st->when->line;
        if (st->time) {
            if (!st->basis) st->basis = st->time->basis;
            st->time_kind = st->time->name && !strcmp(st->time->name, "until") ? 'u' : 'f';
            if (!st->line) st->line = st->time->line;
        }
        if (i + 1 == ex->step && ex->basis && !ex->older_taken) st->basis = ex->basis;
        if (parsed >= 0) {
            st->line = first[i];
            char *text = join_lines(b, f, first[i], last[i], 0, 0);
            if (text) step_from_text(b, st, text);
            refs_scan(b, st->when_text, first[i], last[i], &st->when_refs);
        } else {
            if (st->time && st->time->source) {  /* the stored line of its day */
                const char *kw = find_word(st->time->source, st->time_kind == 'u' ? "until" : "from");
                const char *const ends[] = {"when", "otherwise", "set", "basis", NULL};
                if (kw) st->time_expr = trimmed(b, kw + (st->time_kind == 'u' ? 5 : 4), find_first(kw, ends));
            }
            if (st->when && st->when->source) {
                const char *w = find_word(st->when->source, "when");
                if (w) {
                    const char *const wend[] = {"set", "basis", NULL};
                    st->when_text = trimmed(b, w + 4, find_first(w + 4, wend));
                    st->allreq = st->when_text && !strcmp(st->when_text, "all required");
                }
                refs_scan(b, st->when_text, 0, 0, &st->when_refs);
            }
        }
        if (st->allreq) {  /* `all required` reads the requirements */
            xf_ex_refs r = {0};
            for (int k = 0; k < ex->nreqs; k++) refs_add(b, &r, ex->reqs[k].slot);
            st->when_refs = r;
        }
        /* the day of its time condition */
        if (st->time && st->time->state == 2) {
            st->has_day = st->day_traced = 1;
            st->day = st->time->value;
        }
        if (st->time_expr) {
            xf_ex_node *calc = arith(b, st->time_expr, st->time);
            if (calc && calc->op != XF_EXN_LEAF) st->calc = calc;
            if (calc && !st->has_day && calc->has) st->has_day = 1, st->day = calc->value;
        }
        /* how far the ladder got */
        if (!ex->step || i + 1 > ex->step) st->status = XF_EXS_NOT_REACHED;
        else if (i + 1 == ex->step) st->status = XF_EXS_APPLIED;
        else if (st->when && st->when->state == 2 && !st->when->value) st->status = XF_EXS_WHEN_FALSE;
        else if (st->time && st->time->state == 2)
            st->status = st->time_kind == 'u' ? XF_EXS_TOO_LATE : XF_EXS_TOO_EARLY;
        else st->status = XF_EXS_UNKNOWN;
    }
}

/* ---------------------------------------------------------------- regime */

static void build_regime(build *b) {
    xf_explanation *ex = b->ex;
    const ex_file *f = file_named(b->db, ex->file);
    char want[512];
    snprintf(want, sizeof want, "policy %s ", ex->policy);
    for (int l = 1; f && l <= f->nlines; l++) {
        int n;
        const char *s = src_line(f, l, &n);
        if (!ex->period && starts_word(s, n, "effective")) ex->period = join_lines(b, f, l, l, 0, 0);
        if (n >= (int)strlen(want) && !strncmp(s, want, strlen(want))) {
            char *head = join_lines(b, f, l, l, 0, 0);
            const char *sup = head ? find_word(head, "supersedes") : NULL;
            if (sup) {
                const char *p = sup + 10;
                tok t = lex(&p);
                if (t.t == 'i') ex->supersedes = ex_strndup(b, t.s, (size_t)t.n);
            }
            break;
        }
    }
    for (int i = 0; i < ex->nslots; i++)
        if (ex->slots[i].kind == XF_EXK_EFFECTIVE) ex->effective = &ex->slots[i];
    const xf_ex_slot *e = ex->effective;
    const char *on = e && e->source ? find_word(e->source, "on") : NULL;
    if (on) {
        ex->effective_expr = no_basis(b, on + 2);
        refs_scan(b, ex->effective_expr, e->line, e->line, &ex->effective_refs);
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

static xf_explanation *build_one(xf_ex_db *d, sqlite3_stmt *st, char **err) {
    xf_explanation *ex = calloc(1, sizeof *ex);
    if (!ex) {
        *err = msg("%s: out of memory", d->path);
        return NULL;
    }
    build bd = {ex, d, 0}, *b = &bd;
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
                ex->field_value[ex->nfields++] = col_str(b, st, i);
            }
            break;
        default: break;
        }
    }
    if (!ex->policy) ex->policy = "";
    /* the blob lives until the next step: copy before the next statement runs */
    void *copy = blob_len > 0 ? ex_alloc(b, (size_t)blob_len) : NULL;
    if (copy) memcpy(copy, blob, (size_t)blob_len);
    if (load_trace(b, copy, copy ? blob_len : 0, err) != 0) {
        free_one(ex);
        return NULL;
    }
    find_file(b);
    build_lets(b);
    build_reqs(b);
    build_params(b);
    build_lenient(b);
    build_steps(b);
    build_regime(b);
    build_routes(b);
    if (b->oom) {
        *err = msg("%s: out of memory", d->path);
        free_one(ex);
        return NULL;
    }
    return ex;
}

int xf_ex_select(xf_ex_db *d, const xf_ex_query *q, xf_explanation ***out, char **err) {
    *out = NULL;
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
    /* read the rows first: building one runs other statements */
    xf_explanation **list = NULL;
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        xf_explanation **l = realloc(list, sizeof *l * (size_t)(n + 1));
        if (!l) {
            *err = msg("%s: out of memory", d->path);
            break;
        }
        list = l;
        if (!(list[n] = build_one(d, st, err))) break;
        n++;
    }
    if (!*err && rc != SQLITE_DONE) *err = sqlerr(d);
    sqlite3_finalize(st);
    if (*err) {
        xf_ex_free_all(list, n);
        return -1;
    }
    *out = list;
    return n;
}

void xf_ex_free_all(xf_explanation **list, int n) {
    for (int i = 0; list && i < n; i++) free_one(list[i]);
    free(list);
}
