/* convert.h — the loader's conversions of SQLite values, shared by load.c
 * (a whole records file) and the streaming scan (exec/): values.h, with the
 * value taken from a statement's result column. */
#ifndef XF_CONVERT_H
#define XF_CONVERT_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "load.h"
#include "values.h"

/* Integer (or integer text) and date of result column i, not NULL.  A
 * reason, or XF_LOAD_OOM. */
int xf_load_int(sqlite3_stmt *st, int i, int64_t *v);
int xf_load_int_value(sqlite3_value *sv, int64_t *v);
int xf_load_date(sqlite3_stmt *st, int i, int64_t *v);

/* Result column i of the current row into *v / *has.  Returns XF_BAD_OK
 * when the value is good, a reason, or XF_LOAD_OOM.  A text column is only
 * checked for NULL: its bytes are the caller's to take. */
int xf_load_convert(const xf_load_col *c, sqlite3_stmt *st, int i, int64_t *v, uint8_t *has);
/* The same from a column's value (sqlite3_column_value, or a function's
 * argument): its type, text and length from the value itself.  Inline: the
 * scan converts every value of every row through it. */
static inline int xf_load_convert_value(const xf_load_col *c, sqlite3_value *sv, int64_t *v, uint8_t *has) {
    int type = sqlite3_value_type(sv);
    *v = 0;
    if (type == SQLITE_NULL) {
        *has = 0;
        return c->spec->optional ? XF_BAD_OK : XF_BAD_MISSING;
    }
    *has = 1;
    int kind = c->spec->kind;
    if (kind == XF_K_TEXT) return XF_BAD_OK;  /* the caller takes the text itself */
    if (type == SQLITE_INTEGER) {
        int r = xf_value_int(c, sqlite3_value_int64(sv), v);
        if (r != -2) return r;
    }
    /* REAL too goes through its text: SQLite renders it with 15 significant
     * digits, so 12.345 stays "12.345" and is caught as finer than a fen
     * instead of being rounded by binary floating point. */
    const char *s = (const char *)sqlite3_value_text(sv);
    if (!s) return XF_LOAD_OOM;
    size_t n = (size_t)sqlite3_value_bytes(sv);
    return kind == XF_K_DATE ? xf_value_date(s, n, v) : xf_value_text(c, s, n, v);
}

#endif
