/* load.h — read a records database (runtime/records.sql) into an xf_db.
 *
 * The compiler hands over the tables and columns its policies bind (table 0
 * is always `entity`, keyed by uscc); only those are read.  Each value is
 * converted once: dates to day numbers, money to fen, labels to indexes and
 * bit sets, text to interned ids.  A row with a value that cannot be
 * converted (unknown label, malformed or impossible date, money finer than a
 * fen, bad USCC check character, a row of an unknown entity, a duplicate key)
 * is reported through the callback with table, row id, column and value, and
 * skipped; with `strict` the first such row stops the load.
 */
#ifndef XF_LOAD_H
#define XF_LOAD_H

#include <stdint.h>
#include "xf_abi.h"

typedef enum { XF_K_BOOL, XF_K_INT, XF_K_MONEY, XF_K_DATE, XF_K_TEXT, XF_K_ENUM, XF_K_SET } xf_kind;

typedef struct xf_colspec {
    const char        *name;      /* SQL column name; NULL: not read (slots 0, has 0) */
    xf_kind            kind;
    int                optional;  /* NULL allowed (has = 0); otherwise NULL is a bad row */
    int                nlabels;   /* enum / set: the labels, in index order */
    const char *const *labels;
} xf_colspec;

typedef struct xf_tablespec {
    const char       *table;       /* SQL table name */
    const char       *key;         /* integer row key column ("id"), or NULL: use rowid */
    const char       *entity_col;  /* column holding the entity's uscc ("uscc") */
    int               ncols;
    const xf_colspec *cols;
} xf_tablespec;

/* One bad row.  Strings are valid only during the callback. */
typedef struct xf_bad_row {
    const char *table;
    int64_t     row_id;
    const char *column;   /* NULL when the whole row is at fault */
    const char *value;    /* the offending value as text, NULL for SQL NULL */
    const char *reason_en;
    const char *reason_zh;
} xf_bad_row;

typedef struct xf_load_opts {
    int   strict;
    void (*report)(void *ud, const xf_bad_row *bad);  /* may be NULL */
    void *ud;
} xf_load_opts;

typedef struct xf_load_stats {
    int64_t rows_read;
    int64_t rows_skipped;
    int64_t skipped_by_table[16];  /* same order as the specs (first 16 tables) */
    int     calendar_days;         /* rows read from workday_calendar */
} xf_load_stats;

/* Returns 0 on success; otherwise 1 and *errmsg (malloc'd, caller frees) names
 * the database, table and column at fault: not a SQLite file, missing table or
 * column, or the first bad row under `strict`.  On success *out is owned by
 * the caller: free it with xf_db_free. */
int  xf_db_load(const char *path, const xf_tablespec *specs, int nspecs,
                const xf_load_opts *opts, xf_db **out, xf_load_stats *stats, char **errmsg);
void xf_db_free(xf_db *db);

/* Exact decimal yuan text ("80000", "123.4", "0.05") to fen.  0 ok, -1 malformed
 * or finer than a fen or out of range. */
int  xf_money_parse(const char *s, int64_t *fen);
void xf_money_format(int64_t fen, char buf[32]);  /* "80000", "123.40" -> "123.4" */

#endif
