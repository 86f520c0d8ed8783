/* layout.c — tokens to lines in the house layout (fmt.h says what is decided
 * and what is kept). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "fmt.h"
#include "fmt_tokens.h"
#include "parse.h"
#include "parser.h"
#include "strbuf.h"

typedef struct tokens { fmt_tok *t; int n, cap; const char *text; int oom; } tokens;

static void collect(void *ctx, int kind, xf_span sp) {
    tokens *ts = ctx;
    if (ts->n == ts->cap) {
        int cap = ts->cap ? ts->cap * 2 : 1024;
        fmt_tok *t = realloc(ts->t, sizeof *t * (size_t)cap);
        if (!t) { ts->oom = 1; return; }
        ts->t = t, ts->cap = cap;
    }
    ts->t[ts->n++] = (fmt_tok){.kind = kind, .start = sp.start, .end = sp.end};
}

/* Scans and parses text as file `file` of diags; 0 when it parsed cleanly. */
static int scan(xf_diags *diags, int32_t file, tokens *ts) {
    xf_arena arena = {0};
    int before = diags->errors;
    ts->text = diags->src[file].text;
    xf_parse_source_tokens(&arena, diags, file, collect, ts);
    xf_arena_free(&arena);
    if (ts->oom || diags->errors > before) return -1;
    uint32_t prev_end = 0;
    for (int i = 0; i < ts->n; i++) {
        fmt_tok *k = &ts->t[i];
        uint32_t line_start = k->start;
        for (uint32_t p = prev_end; p < k->start; p++)
            if (ts->text[p] == '\n') k->newlines++;
        while (line_start > 0 && ts->text[line_start - 1] != '\n') line_start--;
        k->col = xf_display_width(ts->text + line_start, k->start - line_start);
        prev_end = k->end;
    }
    fmt_classify(ts->t, ts->n);
    return 0;
}

typedef struct line {
    int first, n;        /* its tokens */
    int indent;
    int blank_before;
    int comment_only;
    int new_run;         /* alignment starts over here: after a blank line, at a comment line, a declaration, a `decide` */
    int basis_at;        /* index of its trailing `basis` token, or -1 */
    int comment_at;      /* index of its trailing comment, or -1 */
    int multiline;       /* holds a text over several lines: its width is not one line's */
    int code_w;          /* width of the indentation and the tokens before basis_at / comment_at */
    int basis_w;         /* width of `basis "..."` */
    int basis_col, comment_col;  /* where they go, 0: one space after what precedes */
    int name_w;          /* a test's record, `penalty { ... }`: width of its name, or -1 */
    int brace_col;       /* where the record's '{' goes */
} line;

typedef xf_strbuf sbuf;

static void put(sbuf *b, const char *s, size_t n) { xf_strbuf_put(b, s, n); }

static void spaces(sbuf *b, int n) { for (int i = 0; i < n; i++) put(b, " ", 1); }

/* One space between two tokens, or none: against brackets, commas, colons
 * and dots, a call's parenthesis, a sign, and inside a set's braces. */
static int space_between(const fmt_tok *a, const fmt_tok *b) {
    if (b->kind == ',' || b->kind == ')' || b->kind == ':' || b->kind == '.' || b->kind == '?') return 0;
    if (a->kind == '(' || a->kind == '.' || (a->kind == '-' && a->sign)) return 0;
    if (b->kind == '(' && b->call) return 0;
    if (a->kind == '{' && a->brace == FMT_BRACE_SET) return 0;
    if (b->kind == '}' && b->brace == FMT_BRACE_SET) return 0;
    return 1;
}

/* The tokens first..last-1 of a line as they are written, spaced. */
static void put_tokens(sbuf *b, const tokens *ts, int first, int last) {
    for (int i = first; i < last; i++) {
        if (i > first && space_between(&ts->t[i - 1], &ts->t[i])) put(b, " ", 1);
        put(b, ts->text + ts->t[i].start, ts->t[i].end - ts->t[i].start);
    }
}

static int tokens_width(const tokens *ts, int first, int last) {
    sbuf b = {0};
    put_tokens(&b, ts, first, last);
    int w = b.p ? xf_display_width(b.p, b.n) : 0;
    free(b.p);
    return w;
}

static int starts_line(const fmt_tok *k) {
    return k->newlines > 0 || (k->item >= 0 && !k->may_follow) || k->in_block >= 0 || k->closes;
}

/* Aligns the basis column (which 0) or the trailing comments' (1) over each
 * run of lines. */
static void align(line *ls, int nl, int which) {
    for (int s = 0; s < nl;) {
        int e = s + 1;
        while (e < nl && !ls[e].new_run) e++;
        int widest = 0;
        for (int i = s; i < e; i++) {
            int w = which ? ls[i].code_w + (ls[i].basis_at >= 0 ? ls[i].basis_col - ls[i].code_w + ls[i].basis_w : 0) : ls[i].code_w;
            int takes = which ? ls[i].comment_at >= 0 : ls[i].basis_at >= 0;
            if (takes && !ls[i].multiline && w > widest) widest = w;
        }
        for (int i = s; i < e; i++) {
            if (ls[i].multiline) continue;
            if (which && ls[i].comment_at >= 0) ls[i].comment_col = widest + 2;
            if (!which && ls[i].basis_at >= 0) ls[i].basis_col = widest + 2;
        }
        s = e;
    }
}

/* The records of a test, one under the other, open their braces in one
 * column (`entity  {` over `penalty {`), so that their fields line up. */
static void align_records(line *ls, int nl) {
    for (int s = 0; s < nl;) {
        int e = s + 1;
        while (e < nl && !ls[e].new_run) e++;
        int widest = -1;
        for (int i = s; i < e; i++)
            if (ls[i].name_w > widest) widest = ls[i].name_w;
        for (int i = s; i < e; i++)
            if (ls[i].name_w >= 0) ls[i].brace_col = widest + 1;
        s = e;
    }
}

static char *lay_out(const tokens *ts, size_t *out_len) {
    int n = ts->n, nl = 0;
    line *ls = calloc((size_t)n + 1, sizeof *ls);
    int *line_of = calloc((size_t)n + 1, sizeof *line_of);
    if (!ls || !line_of) { free(ls), free(line_of); return NULL; }
    for (int i = 0; i < n; i++) {
        if (i == 0 || starts_line(&ts->t[i])) {
            ls[nl] = (line){.first = i, .blank_before = nl > 0 && ts->t[i].newlines >= 2, .basis_at = -1, .comment_at = -1};
            nl++;
        }
        ls[nl - 1].n++;
        line_of[i] = nl - 1;
    }
    /* indentation: items at their depth, a block's items under its opening
     * line, an expression's further lines as written relative to its item */
    int anchor_new = 0, anchor_col = 0;
    for (int l = 0; l < nl; l++) {
        const fmt_tok *k = &ts->t[ls[l].first];
        line *L = &ls[l];
        L->comment_only = k->kind == XF_TOK_COMMENT;
        L->new_run = L->blank_before || L->comment_only || k->item == 0 || k->kind == DECIDE;
        if (L->comment_only) continue;
        if (k->item >= 0) L->indent = k->item;
        else if (k->in_block >= 0) L->indent = ls[line_of[k->in_block]].indent + 2;
        else if (k->brace == FMT_BRACE_BLOCK && k->match >= 0) L->indent = ls[line_of[k->match]].indent;
        else {
            int d = k->col - anchor_col;
            L->indent = anchor_new + (d < 2 ? 2 : d);
            continue;
        }
        anchor_new = L->indent, anchor_col = k->col;
    }
    /* a comment line sits at the depth of what it comments: the next line */
    for (int l = nl - 1, below = 0; l >= 0; l--) {
        if (!ls[l].comment_only) {
            const fmt_tok *k = &ts->t[ls[l].first];
            below = ls[l].indent + (k->brace == FMT_BRACE_BLOCK && k->kind == '}' ? 2 : 0);
        } else {
            ls[l].indent = below;
        }
    }
    for (int l = 0; l < nl; l++) {
        line *L = &ls[l];
        int last = L->first + L->n;
        for (int i = L->first; i < last; i++)
            if (memchr(ts->text + ts->t[i].start, '\n', ts->t[i].end - ts->t[i].start)) L->multiline = 1;
        int code_end = last;
        if (ts->t[last - 1].kind == XF_TOK_COMMENT && L->n > 1) L->comment_at = code_end = last - 1;
        if (code_end - L->first >= 3 && ts->t[code_end - 2].kind == BASIS && ts->t[code_end - 1].kind == TEXT) {
            L->basis_at = code_end - 2;
            L->basis_w = tokens_width(ts, code_end - 2, code_end);
            code_end -= 2;
        }
        L->name_w = -1;
        const fmt_tok *k = &ts->t[L->first];
        if (k->in_block >= 0 && k->kind == NAME && L->n > 1 && ts->t[L->first + 1].kind == '{')
            L->name_w = L->indent + xf_display_width(ts->text + k->start, k->end - k->start);
    }
    align_records(ls, nl);
    for (int l = 0; l < nl; l++) {
        line *L = &ls[l];
        int code_end = L->basis_at >= 0 ? L->basis_at : L->comment_at >= 0 ? L->comment_at : L->first + L->n;
        L->code_w = L->indent + tokens_width(ts, L->first, code_end);
        if (L->name_w >= 0) L->code_w += L->brace_col - L->name_w - 1;
    }
    align(ls, nl, 0);
    align(ls, nl, 1);
    sbuf b = {0};
    for (int l = 0; l < nl; l++) {
        line *L = &ls[l];
        int last = L->first + L->n;
        int code_end = L->comment_at >= 0 ? L->comment_at : last;
        int before_basis = L->basis_at >= 0 ? L->basis_at : code_end;
        if (L->blank_before) put(&b, "\n", 1);
        spaces(&b, L->indent);
        if (L->name_w >= 0) {
            put_tokens(&b, ts, L->first, L->first + 1);
            spaces(&b, L->brace_col - L->name_w);
            put_tokens(&b, ts, L->first + 1, before_basis);
        } else {
            put_tokens(&b, ts, L->first, before_basis);
        }
        int w = L->code_w;
        if (L->basis_at >= 0) {
            int pad = L->basis_col > w ? L->basis_col - w : 1;
            spaces(&b, pad);
            put_tokens(&b, ts, L->basis_at, code_end);
            w += pad + L->basis_w;
        }
        if (L->comment_at >= 0) {
            spaces(&b, L->comment_col > w ? L->comment_col - w : 1);
            put_tokens(&b, ts, L->comment_at, last);
        }
        put(&b, "\n", 1);
    }
    free(ls), free(line_of);
    if (b.oom) { free(b.p); return NULL; }
    if (!b.p) put(&b, "", 0);
    *out_len = b.n;
    return b.p;
}

/* The laid-out text must read as the same tokens and comments, in order:
 * a layout that changed the meaning would be worse than none. */
static int same_tokens(const tokens *a, const tokens *b) {
    if (a->n != b->n) return 0;
    for (int i = 0; i < a->n; i++) {
        const fmt_tok *x = &a->t[i], *y = &b->t[i];
        if (x->kind != y->kind || x->end - x->start != y->end - y->start ||
            memcmp(a->text + x->start, b->text + y->start, x->end - x->start))
            return 0;
    }
    return 1;
}

char *xf_format(xf_diags *diags, const char *path, const char *text, size_t len, size_t *out_len) {
    int32_t file = xf_diags_add_source(diags, path, text, (uint32_t)len);
    if (file < 0) return NULL;
    tokens in = {0};
    if (scan(diags, file, &in) != 0) { free(in.t); return NULL; }
    char *out = lay_out(&in, out_len);
    if (out) {
        xf_diags check = {0};
        tokens again = {0};
        int32_t f2 = xf_diags_add_source(&check, path, out, (uint32_t)*out_len);
        if (f2 < 0 || scan(&check, f2, &again) != 0 || !same_tokens(&in, &again)) {
            fprintf(stderr, "xiufu fmt: %s: the layout would change the file's tokens; left as it is\n", path);
            free(out), out = NULL;
        }
        free(again.t);
        xf_diags_free(&check);
    }
    free(in.t);
    return out;
}
