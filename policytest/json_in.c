/* json_in.c — the JSON reader (json_in.h), recursive descent. */
#include "json_in.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rd {
    const char *p, *end, *start;
    char       *err;
    int         depth;
} rd;

static void where(const rd *r, int *line, int *col) {
    *line = 1, *col = 1;
    for (const char *q = r->start; q < r->p; q++) {
        if (*q == '\n') (*line)++, *col = 1;
        else if (((unsigned char)*q & 0xC0) != 0x80) (*col)++;
    }
}

static xf_json *fail(rd *r, const char *what) {
    if (r->err) return NULL;
    int line, col;
    where(r, &line, &col);
    size_t n = strlen(what) + 48;
    r->err = malloc(n);
    if (r->err) snprintf(r->err, n, "line %d, column %d: %s", line, col, what);
    return NULL;
}

static void skip(rd *r) {
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')) r->p++;
}

static xf_json *node(rd *r, xf_json_kind k) {
    xf_json *j = calloc(1, sizeof *j);
    if (!j) return fail(r, "out of memory");
    int col;
    where(r, &j->line, &col);
    j->kind = k;
    return j;
}

static void put_utf8(char *o, size_t *n, unsigned cp) {
    if (cp < 0x80) o[(*n)++] = (char)cp;
    else if (cp < 0x800) o[(*n)++] = (char)(0xC0 | cp >> 6), o[(*n)++] = (char)(0x80 | (cp & 0x3F));
    else if (cp < 0x10000)
        o[(*n)++] = (char)(0xE0 | cp >> 12), o[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F)),
        o[(*n)++] = (char)(0x80 | (cp & 0x3F));
    else
        o[(*n)++] = (char)(0xF0 | cp >> 18), o[(*n)++] = (char)(0x80 | ((cp >> 12) & 0x3F)),
        o[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F)), o[(*n)++] = (char)(0x80 | (cp & 0x3F));
}

static int hex4(const char *p, unsigned *v) {
    *v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return -1;
        *v = *v * 16 + (unsigned)d;
    }
    return 0;
}

/* A string at r->p (after its opening quote is checked), malloc'd. */
static char *string(rd *r) {
    r->p++;
    size_t cap = 16, n = 0;
    char *o = malloc(cap);
    while (o && r->p < r->end && *r->p != '"') {
        if (n + 8 > cap) {
            char *b = realloc(o, cap *= 2);
            if (!b) { free(o); o = NULL; break; }
            o = b;
        }
        unsigned char c = (unsigned char)*r->p;
        if (c < 0x20) { free(o); fail(r, "a control character inside a string"); return NULL; }
        if (c != '\\') { o[n++] = (char)c, r->p++; continue; }
        if (r->p + 1 >= r->end) break;
        char e = r->p[1];
        r->p += 2;
        switch (e) {
        case '"': o[n++] = '"'; break;
        case '\\': o[n++] = '\\'; break;
        case '/': o[n++] = '/'; break;
        case 'b': o[n++] = '\b'; break;
        case 'f': o[n++] = '\f'; break;
        case 'n': o[n++] = '\n'; break;
        case 'r': o[n++] = '\r'; break;
        case 't': o[n++] = '\t'; break;
        case 'u': {
            unsigned cp, lo;
            if (r->end - r->p < 4 || hex4(r->p, &cp)) { free(o); fail(r, "\\u wants four hex digits"); return NULL; }
            r->p += 4;
            if (cp >= 0xD800 && cp < 0xDC00 && r->end - r->p >= 6 && r->p[0] == '\\' && r->p[1] == 'u' &&
                !hex4(r->p + 2, &lo) && lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                r->p += 6;
            }
            put_utf8(o, &n, cp);
            break;
        }
        default: free(o); r->p -= 2; fail(r, "an unknown escape in a string"); return NULL;
        }
    }
    if (!o) { fail(r, "out of memory"); return NULL; }
    if (r->p >= r->end) { free(o); fail(r, "a string is not closed"); return NULL; }
    r->p++;
    o[n] = 0;
    return o;
}

static int add(xf_json *j, xf_json *v, char *key) {
    xf_json **nv = realloc(j->v, sizeof *nv * (size_t)(j->n + 1));
    if (nv) j->v = nv;
    char **nk = key ? realloc(j->keys, sizeof *nk * (size_t)(j->n + 1)) : j->keys;
    if (nk) j->keys = nk;
    if (!nv || (key && !nk)) return -1;
    j->v[j->n] = v;
    if (key) j->keys[j->n] = key;
    j->n++;
    return 0;
}

static xf_json *value(rd *r);

static xf_json *compound(rd *r, int object) {
    xf_json *j = node(r, object ? XF_J_OBJECT : XF_J_ARRAY);
    if (!j) return NULL;
    r->p++;
    skip(r);
    if (r->p < r->end && *r->p == (object ? '}' : ']')) {
        r->p++;
        return j;
    }
    for (;;) {
        char *key = NULL;
        skip(r);
        if (object) {
            if (r->p >= r->end || *r->p != '"') { xf_json_free(j); return fail(r, "a member's name (a string) was expected"); }
            if (!(key = string(r))) { xf_json_free(j); return NULL; }
            skip(r);
            if (r->p >= r->end || *r->p != ':') { free(key); xf_json_free(j); return fail(r, "':' was expected after a member's name"); }
            r->p++;
        }
        xf_json *v = value(r);
        if (!v || add(j, v, key) != 0) {
            free(key);
            xf_json_free(v);
            xf_json_free(j);
            return fail(r, "out of memory");
        }
        skip(r);
        if (r->p < r->end && *r->p == ',') { r->p++; continue; }
        if (r->p < r->end && *r->p == (object ? '}' : ']')) { r->p++; return j; }
        xf_json_free(j);
        return fail(r, object ? "',' or '}' was expected" : "',' or ']' was expected");
    }
}

static xf_json *value(rd *r) {
    skip(r);
    if (r->p >= r->end) return fail(r, "a value was expected");
    if (++r->depth > 64) return fail(r, "nested too deeply");
    xf_json *j = NULL;
    char c = *r->p;
    if (c == '{' || c == '[') j = compound(r, c == '{');
    else if (c == '"') {
        if ((j = node(r, XF_J_STRING)) && !(j->s = string(r))) xf_json_free(j), j = NULL;
    } else if (!strncmp(r->p, "true", 4) || !strncmp(r->p, "false", 5)) {
        if ((j = node(r, XF_J_BOOL))) j->b = c == 't', r->p += c == 't' ? 4 : 5;
    } else if (!strncmp(r->p, "null", 4)) {
        if ((j = node(r, XF_J_NULL))) r->p += 4;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        const char *s = r->p;
        while (r->p < r->end && strchr("+-0123456789.eE", *r->p)) r->p++;
        if ((j = node(r, XF_J_NUMBER)) && (j->s = malloc((size_t)(r->p - s) + 1)))
            memcpy(j->s, s, (size_t)(r->p - s)), j->s[r->p - s] = 0;
    } else {
        j = fail(r, "a value was expected (an object, array, string, number, true, false or null)");
    }
    r->depth--;
    return j;
}

xf_json *xf_json_parse(const char *text, size_t len, char **err) {
    rd r = {.p = text, .end = text + len, .start = text};
    xf_json *j = value(&r);
    if (j) {
        skip(&r);
        if (r.p < r.end) {
            xf_json_free(j);
            j = fail(&r, "text after the value");
        }
    }
    *err = j ? NULL : r.err;
    if (j) free(r.err);
    return j;
}

void xf_json_free(xf_json *j) {
    if (!j) return;
    for (int i = 0; i < j->n; i++) {
        xf_json_free(j->v[i]);
        if (j->keys) free(j->keys[i]);
    }
    free(j->v), free(j->keys), free(j->s), free(j);
}
