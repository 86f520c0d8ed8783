/* json.h — the JSON the language server reads and writes: a small tree for
 * requests, a growable buffer for replies. */
#ifndef XF_LSP_JSON_H
#define XF_LSP_JSON_H

#include <stddef.h>
#include "strbuf.h"

typedef enum { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json json;
struct json {
    json_type type;
    double    number;   /* NUMBER, BOOL */
    char     *string;   /* STRING (UTF-8, unescaped) */
    char    **keys;     /* OBJECT */
    json    **items;    /* ARRAY, OBJECT values */
    int       n;
};

/* NULL when text is not one JSON value. */
json *json_parse(const char *text, size_t len);
void  json_free(json *v);
/* A member of an object (NULL when absent or v is no object). */
json *json_get(const json *v, const char *key);
/* get(get(v, a), b) ..., keys separated by '.' */
json *json_path(const json *v, const char *path);
const char *json_str(const json *v);        /* NULL unless a string */
int   json_int(const json *v, int dflt);

typedef xf_strbuf jbuf;  /* runtime/strbuf.h */
void jb_raw(jbuf *b, const char *s);
void jb_printf(jbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void jb_str(jbuf *b, const char *s);        /* a JSON string, quoted and escaped; NULL: null */
void jb_strn(jbuf *b, const char *s, size_t n);
/* A raw JSON value as it was sent (the request's id), or null. */
void jb_value(jbuf *b, const json *v);

#endif
