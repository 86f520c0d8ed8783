/* json_in.h — a small JSON reader for records typed by hand (`xiufu eval`).
 *
 * The whole text is read into a tree of values (arena-free: one malloc per
 * node, freed with xf_json_free).  Objects keep their members in the order
 * written: the first record given is the one decided.  Errors name the
 * line and column. */
#ifndef XF_JSON_IN_H
#define XF_JSON_IN_H

#include <stddef.h>

typedef enum { XF_J_NULL, XF_J_BOOL, XF_J_NUMBER, XF_J_STRING, XF_J_ARRAY, XF_J_OBJECT } xf_json_kind;

typedef struct xf_json {
    xf_json_kind     kind;
    int              b;        /* BOOL */
    char            *s;        /* STRING: the text (UTF-8); NUMBER: as written */
    int              n;        /* ARRAY, OBJECT: members */
    struct xf_json **v;        /* members */
    char           **keys;     /* OBJECT: their names */
    int              line;     /* where the value starts */
} xf_json;

/* Parse text (len bytes).  NULL with *err (malloc'd: "line L, column C:
 * what") on a syntax error. */
xf_json *xf_json_parse(const char *text, size_t len, char **err);
void     xf_json_free(xf_json *j);

#endif
