/* convert.c — one SQLite value into its 64-bit slot (see convert.h): an
 * integer as itself, anything else through its text (values.h). */
#include "convert.h"

int xf_load_int(sqlite3_stmt *st, int i, int64_t *v) {
    return xf_load_int_value(sqlite3_column_value(st, i), v);
}

int xf_load_int_value(sqlite3_value *sv, int64_t *v) {
    if (sqlite3_value_type(sv) == SQLITE_INTEGER) {
        *v = sqlite3_value_int64(sv);
        return XF_BAD_OK;
    }
    const char *s = (const char *)sqlite3_value_text(sv);
    if (!s) return XF_LOAD_OOM;
    return xf_value_parse_int(s, (size_t)sqlite3_value_bytes(sv), v) ? XF_BAD_INT : XF_BAD_OK;
}

int xf_load_date(sqlite3_stmt *st, int i, int64_t *v) {
    const char *s = (const char *)sqlite3_column_text(st, i);
    if (!s) return XF_LOAD_OOM;
    return xf_value_date(s, (size_t)sqlite3_column_bytes(st, i), v);
}

int xf_load_convert(const xf_load_col *c, sqlite3_stmt *st, int i, int64_t *v, uint8_t *has) {
    return xf_load_convert_value(c, sqlite3_column_value(st, i), v, has);
}
