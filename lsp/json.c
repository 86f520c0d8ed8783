/* json.c — JSON tree and buffer (json.h). */
#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader { const char *s; size_t i, n; int depth; } reader;

static void skip_ws(reader *r) {
    while (r->i < r->n && (r->s[r->i] == ' ' || r->s[r->i] == '\t' || r->s[r->i] == '\n' || r->s[r->i] == '\r')) r->i++;
}

static void put_utf8(char *o, size_t *k, unsigned cp) {
    if (cp < 0x80) o[(*k)++] = (char)cp;
    else if (cp < 0x800) o[(*k)++] = (char)(0xC0 | cp >> 6), o[(*k)++] = (char)(0x80 | (cp & 0x3F));
    else if (cp < 0x10000)
        o[(*k)++] = (char)(0xE0 | cp >> 12), o[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F)), o[(*k)++] = (char)(0x80 | (cp & 0x3F));
    else
        o[(*k)++] = (char)(0xF0 | cp >> 18), o[(*k)++] = (char)(0x80 | ((cp >> 12) & 0x3F)),
        o[(*k)++] = (char)(0x80 | ((cp >> 6) & 0x3F)), o[(*k)++] = (char)(0x80 | (cp & 0x3F));
}

static int hex4(reader *r, unsigned *out) {
    if (r->i + 4 > r->n) return -1;
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        char c = r->s[r->i++];
        v = v * 16 + (unsigned)(c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99);
        if (v >= 0x10000) return -1;
    }
    *out = v;
    return 0;
}

static char *read_string(reader *r) {
    if (r->i >= r->n || r->s[r->i] != '"') return NULL;
    r->i++;
    char *o = malloc(r->n - r->i + 1);
    size_t k = 0;
    if (!o) return NULL;
    while (r->i < r->n && r->s[r->i] != '"') {
        char c = r->s[r->i++];
        if (c != '\\') { o[k++] = c; continue; }
        if (r->i >= r->n) break;
        c = r->s[r->i++];
        switch (c) {
        case 'n': o[k++] = '\n'; break;
        case 't': o[k++] = '\t'; break;
        case 'r': o[k++] = '\r'; break;
        case 'b': o[k++] = '\b'; break;
        case 'f': o[k++] = '\f'; break;
        case 'u': {
            unsigned cp;
            if (hex4(r, &cp)) { free(o); return NULL; }
            if (cp >= 0xD800 && cp < 0xDC00 && r->i + 6 <= r->n && r->s[r->i] == '\\' && r->s[r->i + 1] == 'u') {
                unsigned lo;
                r->i += 2;
                if (hex4(r, &lo)) { free(o); return NULL; }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            put_utf8(o, &k, cp);  /* at most 4 bytes for the 6 or 12 read */
            break;
        }
        default: o[k++] = c;
        }
    }
    if (r->i >= r->n) { free(o); return NULL; }
    r->i++;
    o[k] = 0;
    return o;
}

static json *value(reader *r);

static int push(json *v, char *key, json *item) {
    if ((v->n & (v->n - 1)) == 0) {
        size_t cap = v->n ? (size_t)v->n * 2 : 1;
        json **items = realloc(v->items, sizeof *items * cap);
        if (!items) return -1;
        v->items = items;
        if (v->type == JSON_OBJECT) {
            char **keys = realloc(v->keys, sizeof *keys * cap);
            if (!keys) return -1;
            v->keys = keys;
        }
    }
    if (v->type == JSON_OBJECT) v->keys[v->n] = key;
    v->items[v->n++] = item;
    return 0;
}

static json *value(reader *r) {
    skip_ws(r);
    if (r->i >= r->n || ++r->depth > 200) return NULL;
    json *v = calloc(1, sizeof *v);
    if (!v) return NULL;
    char c = r->s[r->i];
    if (c == '{' || c == '[') {
        v->type = c == '{' ? JSON_OBJECT : JSON_ARRAY;
        r->i++;
        skip_ws(r);
        if (r->i < r->n && r->s[r->i] == (c == '{' ? '}' : ']')) { r->i++; r->depth--; return v; }
        for (;;) {
            char *key = NULL;
            if (v->type == JSON_OBJECT) {
                skip_ws(r);
                if (!(key = read_string(r))) goto bad;
                skip_ws(r);
                if (r->i >= r->n || r->s[r->i++] != ':') { free(key); goto bad; }
            }
            json *item = value(r);
            if (!item || push(v, key, item)) { free(key); json_free(item); goto bad; }
            skip_ws(r);
            if (r->i < r->n && r->s[r->i] == ',') { r->i++; continue; }
            if (r->i < r->n && r->s[r->i] == (c == '{' ? '}' : ']')) { r->i++; break; }
            goto bad;
        }
    } else if (c == '"') {
        v->type = JSON_STRING;
        if (!(v->string = read_string(r))) goto bad;
    } else if (r->n - r->i >= 4 && !strncmp(r->s + r->i, "true", 4)) {
        v->type = JSON_BOOL, v->number = 1, r->i += 4;
    } else if (r->n - r->i >= 5 && !strncmp(r->s + r->i, "false", 5)) {
        v->type = JSON_BOOL, r->i += 5;
    } else if (r->n - r->i >= 4 && !strncmp(r->s + r->i, "null", 4)) {
        r->i += 4;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
        char buf[64];
        size_t k = 0;
        while (r->i < r->n && k + 1 < sizeof buf && strchr("+-0123456789.eE", r->s[r->i])) buf[k++] = r->s[r->i++];
        buf[k] = 0;
        v->type = JSON_NUMBER, v->number = strtod(buf, NULL);
    } else {
        goto bad;
    }
    r->depth--;
    return v;
bad:
    json_free(v);
    return NULL;
}

json *json_parse(const char *text, size_t len) {
    reader r = {text, 0, len, 0};
    json *v = value(&r);
    skip_ws(&r);
    if (v && r.i != r.n) { json_free(v); return NULL; }
    return v;
}

void json_free(json *v) {
    if (!v) return;
    for (int i = 0; i < v->n; i++) {
        json_free(v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items), free(v->keys), free(v->string), free(v);
}

json *json_get(const json *v, const char *key) {
    if (!v || v->type != JSON_OBJECT) return NULL;
    for (int i = 0; i < v->n; i++)
        if (!strcmp(v->keys[i], key)) return v->items[i];
    return NULL;
}

json *json_path(const json *v, const char *path) {
    char key[64];
    while (v && *path) {
        size_t k = 0;
        while (*path && *path != '.' && k + 1 < sizeof key) key[k++] = *path++;
        key[k] = 0;
        if (*path == '.') path++;
        v = json_get(v, key);
    }
    return (json *)v;
}

const char *json_str(const json *v) { return v && v->type == JSON_STRING ? v->string : NULL; }
int json_int(const json *v, int dflt) { return v && v->type == JSON_NUMBER ? (int)v->number : dflt; }

void jb_raw(jbuf *b, const char *s) { xf_strbuf_puts(b, s); }

void jb_printf(jbuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    xf_strbuf_vprintf(b, fmt, ap);
    va_end(ap);
}

void jb_strn(jbuf *b, const char *s, size_t n) {
    xf_strbuf_put(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') { char e[2] = {'\\', (char)c}; xf_strbuf_put(b, e, 2); }
        else if (c == '\n') xf_strbuf_put(b, "\\n", 2);
        else if (c == '\t') xf_strbuf_put(b, "\\t", 2);
        else if (c == '\r') xf_strbuf_put(b, "\\r", 2);
        else if (c < 0x20) jb_printf(b, "\\u%04x", c);
        else xf_strbuf_put(b, s + i, 1);
    }
    xf_strbuf_put(b, "\"", 1);
}

void jb_str(jbuf *b, const char *s) {
    if (!s) jb_raw(b, "null");
    else jb_strn(b, s, strlen(s));
}

void jb_value(jbuf *b, const json *v) {
    if (!v) { jb_raw(b, "null"); return; }
    switch (v->type) {
    case JSON_NUMBER: jb_printf(b, "%.17g", v->number); break;
    case JSON_STRING: jb_str(b, v->string); break;
    case JSON_BOOL: jb_raw(b, v->number ? "true" : "false"); break;
    default: jb_raw(b, "null"); break;
    }
}
