/* diag.c — collecting and rendering diagnostics. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct { xf_severity sev; const char *en, *zh; } diag_table[XF_D__COUNT] = {
#define X(code, sev, en, zh) {XF_SEV_##sev, en, zh},
    XF_DIAGS(X)
#undef X
};

int32_t xf_diags_add_source(xf_diags *ds, const char *path, const char *text, uint32_t len) {
    if (ds->nsrc == ds->capsrc) {
        int32_t cap = ds->capsrc ? ds->capsrc * 2 : 8;
        xf_source *s = realloc(ds->src, (size_t)cap * sizeof *s);
        if (!s) return -1;
        ds->src = s, ds->capsrc = cap;
    }
    xf_source *s = &ds->src[ds->nsrc];
    s->path = strdup(path);
    s->text = malloc((size_t)len + 1);
    if (!s->path || !s->text) { free(s->path); free(s->text); return -1; }
    memcpy(s->text, text, len);
    s->text[len] = 0;
    s->len = len;
    s->ndiag = 0;
    return ds->nsrc++;
}

/* Messages only take %s arguments (see XF_DIAGS), at most four. */
static char *format_msg(const char *fmt, const char *args[4]) {
    size_t n = strlen(fmt) + 1;
    for (int i = 0; i < 4; i++) n += args[i] ? strlen(args[i]) : 0;
    char *out = malloc(n), *o = out;
    if (!out) return NULL;
    int k = 0;
    for (const char *p = fmt; *p; p++) {
        if (p[0] == '%' && p[1] == 's') {
            const char *a = k < 4 && args[k] ? args[k] : "";
            k++;
            size_t l = strlen(a);
            memcpy(o, a, l), o += l, p++;
        } else {
            *o++ = *p;
        }
    }
    *o = 0;
    return out;
}

/* 1 when the same diagnostic is already there: a rule that overrides copy
 * from their base is checked once per copy, and said once. */
static int already_said(const xf_diags *ds, xf_span span, xf_diag_code code, const char *msg_en) {
    for (int32_t i = 0; i < ds->n; i++) {
        const xf_diagnostic *d = &ds->d[i];
        if (d->code == code && d->span.file == span.file && d->span.start == span.start && d->span.end == span.end &&
            d->msg_en && !strcmp(d->msg_en, msg_en))
            return 1;
    }
    return 0;
}

/* Arguments of a message that name types (bit i: argument i).  They are
 * written in English (`date?`, `set of 处罚种类`) and said in Chinese in a
 * Chinese message. */
static unsigned type_args(xf_diag_code code) {
    switch (code) {
    case XF_D_TYPE_MISMATCH: return 7;
    case XF_D_BAD_OPERANDS: case XF_D_OVERRIDE_TYPE: case XF_D_LET_TYPE: return 6;
    case XF_D_OPTIONAL_USE: case XF_D_PARAM_TYPE: case XF_D_OUTPUT_TYPE: return 2;
    case XF_D_UNKNOWN_FIELD: case XF_D_UNKNOWN_FIELD_DYM: return 1;
    default: return 0;
    }
}

/* A type (or the word a message puts in its place) in Chinese, into buf;
 * anything else (an enum's or a record's name, a let's name) is kept. */
static const char *type_zh(const char *en, char *buf, size_t n) {
    static const char *const words[][2] = {
        {"bool", "布尔值"}, {"int", "整数"}, {"money", "金额"}, {"date", "日期"}, {"duration", "期间"},
        {"text", "文本"}, {"label set", "标签集合"}, {"label", "标签"}, {"expression", "表达式"},
        {"text literal", "文本字面量"}, {"label set item", "标签集合的项"}, {"region", "地区"},
        {"int, money or date", "整数、金额或日期"}, {"this value", "此值"}, {"a literal", "字面量"},
        {"an expression", "表达式"},
    };
    size_t len = strlen(en);
    int optional = len > 1 && en[len - 1] == '?';
    char base[256];
    if (len >= sizeof base) return en;
    memcpy(base, en, len + 1);
    if (optional) base[--len] = 0;
    const char *word = NULL, *of = NULL;
    if (!strncmp(base, "set of ", 7)) of = "集合", word = base + 7;
    else if (!strncmp(base, "list of ", 8)) of = "列表", word = base + 8;
    else
        for (size_t i = 0; i < sizeof words / sizeof *words && !word; i++)
            if (!strcmp(base, words[i][0])) word = words[i][1];
    if (!word) word = base;
    snprintf(buf, n, "%s%s%s%s", optional ? "可为空的" : "", word, of ? " 的" : "", of ? of : "");
    return buf;
}

/* The Chinese message: its type arguments in Chinese. */
static char *format_zh(xf_diag_code code, const char *args[4]) {
    char bufs[4][320];
    const char *zh[4];
    unsigned types = type_args(code);
    for (int i = 0; i < 4; i++) zh[i] = args[i] && (types >> i & 1) ? type_zh(args[i], bufs[i], sizeof bufs[i]) : args[i];
    return format_msg(diag_table[code].zh, zh);
}

int xf_diag(xf_diags *ds, xf_span span, xf_diag_code code, ...) {
    const char *args[4] = {0};
    va_list ap;
    va_start(ap, code);
    int nargs = 0;
    for (const char *p = diag_table[code].en; *p; p++)
        if (p[0] == '%' && p[1] == 's') nargs++;
    for (int i = 0; i < nargs && i < 4; i++) args[i] = va_arg(ap, const char *);
    va_end(ap);
    char *msg_en = format_msg(diag_table[code].en, args);
    if (!msg_en) return 0;
    if (already_said(ds, span, code, msg_en)) {
        free(msg_en);
        return 0;
    }
    xf_source *src = span.file >= 0 && span.file < ds->nsrc ? &ds->src[span.file] : NULL;
    if (src && code != XF_D_TOO_MANY && ++src->ndiag > XF_MAX_DIAGS_PER_FILE) {
        free(msg_en);
        if (diag_table[code].sev == XF_SEV_ERROR) ds->errors++;
        else if (diag_table[code].sev == XF_SEV_WARNING) ds->warnings++;
        if (src->ndiag == XF_MAX_DIAGS_PER_FILE + 1) xf_diag(ds, span, XF_D_TOO_MANY, src->path);
        return 0;
    }
    if (ds->n == ds->cap) {
        int32_t cap = ds->cap ? ds->cap * 2 : 16;
        xf_diagnostic *d = realloc(ds->d, (size_t)cap * sizeof *d);
        if (!d) {
            free(msg_en);
            return 0;
        }
        ds->d = d, ds->cap = cap;
    }
    xf_diagnostic *d = &ds->d[ds->n++];
    d->sev = diag_table[code].sev;
    d->code = code;
    d->span = span;
    d->msg_en = msg_en;
    d->msg_zh = format_zh(code, args);
    if (d->sev == XF_SEV_ERROR) ds->errors++;
    else if (d->sev == XF_SEV_WARNING) ds->warnings++;
    return 1;
}

int xf_diag_args(xf_diags *ds, xf_span span, xf_diag_code code, const char *const *en, const char *const *zh) {
    if (!xf_diag(ds, span, code, en[0], en[1], en[2], en[3])) return 0;
    const char *args[4] = {zh[0], zh[1], zh[2], zh[3]};
    free(ds->d[ds->n - 1].msg_zh);
    ds->d[ds->n - 1].msg_zh = format_zh(code, args);
    return 1;
}

void xf_diag_lang(xf_diags *ds, xf_span span, xf_diag_code code, const char *en, const char *zh) {
    if (xf_diag(ds, span, code, en)) {
        const char *args[4] = {zh};
        free(ds->d[ds->n - 1].msg_zh);
        ds->d[ds->n - 1].msg_zh = format_msg(diag_table[code].zh, args);
    }
}

void xf_diags_free(xf_diags *ds) {
    for (int32_t i = 0; i < ds->nsrc; i++) free(ds->src[i].path), free(ds->src[i].text);
    for (int32_t i = 0; i < ds->n; i++) free(ds->d[i].msg_en), free(ds->d[i].msg_zh);
    free(ds->src);
    free(ds->d);
    memset(ds, 0, sizeof *ds);
}

/* Bytes of the character at s (within n), or 1 for a byte that does not
 * start a valid sequence: an invalid byte counts as one column and never
 * swallows the newline after it. */
static int utf8_len_at(const char *s, uint32_t n) {
    unsigned char c = (unsigned char)s[0];
    int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 && c >= 0xC2 ? 2 : (c & 0xF0) == 0xE0 ? 3
            : (c & 0xF8) == 0xF0 && c <= 0xF4 ? 4 : 1;
    if ((uint32_t)len > n) return 1;
    for (int k = 1; k < len; k++)
        if (((unsigned char)s[k] & 0xC0) != 0x80) return 1;
    return len;
}

static uint32_t utf8_decode(const char *s, int len) {
    const unsigned char *u = (const unsigned char *)s;
    if (len == 1) return u[0];
    uint32_t cp = u[0] & (0x7F >> len);
    for (int i = 1; i < len; i++) cp = (cp << 6) | (u[i] & 0x3F);
    return cp;
}

/* Bytes of a source line shown at most; longer lines are cut around the caret. */
enum { XF_LINE_SHOWN = 400 };

/* Terminal cells of a code point: CJK and full-width forms take two, so the
 * caret lands under the character it means. */
static int cell_width(uint32_t cp) {
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD) ? 2 : 1;
}

void xf_source_linecol(const xf_source *s, uint32_t off, int *line, int *col) {
    if (off > s->len) off = s->len;
    int l = 1, c = 1;
    for (uint32_t i = 0; i < off;) {
        /* a line ends at \n, \r\n, or a lone \r (old Mac files) */
        if (s->text[i] == '\n' || (s->text[i] == '\r' && (i + 1 >= s->len || s->text[i + 1] != '\n'))) {
            l++, c = 1, i++;
            continue;
        }
        i += (uint32_t)utf8_len_at(s->text + i, s->len - i);
        c++;
    }
    *line = l, *col = c;
}

void xf_diag_render(const xf_diags *ds, const xf_diagnostic *d, FILE *f, xf_lang lang) {
    static const char *sev_en[] = {"error", "warning", "note"};
    static const char *sev_zh[] = {"错误", "警告", "附注"};
    const char *msg = lang == XF_LANG_EN ? d->msg_en : d->msg_zh;
    const char *sev = lang == XF_LANG_EN ? sev_en[d->sev] : sev_zh[d->sev];
    if (d->span.file < 0 || d->span.file >= ds->nsrc) {
        fprintf(f, "xiufu: %s: %s\n", sev, msg ? msg : "");
        return;
    }
    const xf_source *s = &ds->src[d->span.file];
    int line, col;
    xf_source_linecol(s, d->span.start, &line, &col);
    fprintf(f, "%s:%d:%d: %s: %s\n", s->path, line, col, sev, msg ? msg : "");
    uint32_t bol = d->span.start > s->len ? s->len : d->span.start;
    while (bol > 0 && s->text[bol - 1] != '\n' && s->text[bol - 1] != '\r') bol--;
    uint32_t eol = bol;
    while (eol < s->len && s->text[eol] != '\n' && s->text[eol] != '\r') eol++;
    /* a long line is shown around the caret, so that a report stays short */
    int cut_left = 0;
    if (eol - bol > XF_LINE_SHOWN) {
        uint32_t at = d->span.start < bol ? bol : d->span.start > eol ? eol : d->span.start;
        uint32_t from = at - bol > XF_LINE_SHOWN / 2 ? at - XF_LINE_SHOWN / 2 : bol;
        while (from > bol && ((unsigned char)s->text[from] & 0xC0) == 0x80) from--;
        uint32_t to = from + XF_LINE_SHOWN < eol ? from + XF_LINE_SHOWN : eol;
        while (to < eol && ((unsigned char)s->text[to] & 0xC0) == 0x80) to++;
        cut_left = from > bol;
        bol = from, eol = to;
    }
    fprintf(f, "%s%.*s%s\n", cut_left ? "…" : "", (int)(eol - bol), s->text + bol,
            eol < s->len && s->text[eol] != '\n' && s->text[eol] != '\r' ? "…" : "");
    if (cut_left) fputc(' ', f);  /* under the … */
    uint32_t end = d->span.end > eol ? eol : d->span.end;
    if (end <= d->span.start) end = d->span.start + 1;
    for (uint32_t i = bol; i < eol && i < end;) {
        int n = utf8_len_at(s->text + i, eol - i);
        int w = s->text[i] == '\t' ? 1 : cell_width(utf8_decode(s->text + i, n));
        char fill = i < d->span.start ? ' ' : (i == d->span.start ? '^' : '~');
        if (s->text[i] == '\t' && fill == ' ') fputc('\t', f);
        else for (int k = 0; k < w; k++) fputc(k == 0 ? fill : (fill == ' ' ? ' ' : '~'), f);
        i += (uint32_t)n;
    }
    if (d->span.start >= eol) fputc('^', f);
    fputc('\n', f);
}

static int cmp_diag(const void *a, const void *b) {
    const xf_diagnostic *x = a, *y = b;
    if (x->span.file != y->span.file) return x->span.file < y->span.file ? -1 : 1;
    if (x->span.start != y->span.start) return x->span.start < y->span.start ? -1 : 1;
    return x->code < y->code ? -1 : x->code > y->code;
}

void xf_diags_print(const xf_diags *ds, FILE *f, xf_lang lang) {
    xf_diagnostic *copy = malloc((size_t)(ds->n ? ds->n : 1) * sizeof *copy);
    if (!copy) return;
    if (ds->n) memcpy(copy, ds->d, (size_t)ds->n * sizeof *copy);
    qsort(copy, (size_t)ds->n, sizeof *copy, cmp_diag);
    for (int32_t i = 0; i < ds->n; i++) xf_diag_render(ds, &copy[i], f, lang);
    free(copy);
}
