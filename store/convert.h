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
/* The same from a column's value (sqlite3_column_value). */
int xf_load_convert_value(const xf_load_col *c, sqlite3_value *sv, int64_t *v, uint8_t *has);

#endif
