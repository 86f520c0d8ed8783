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
 *
 * A database of an earlier records version (versions.h) lacks what later
 * versions added: such a table reads as empty, such a column as NULL, and
 * opts->absent hears of it once.  Anything else missing is an error.
 */
#ifndef XF_LOAD_H
#define XF_LOAD_H

#include <stdint.h>
#include "tables.h"
#include "values.h"
#include "db.h"
#include "xf_abi.h"

typedef struct xf_load_opts {
    int   strict;
    void (*report)(void *ud, const xf_bad_row *bad);  /* may be NULL */
    void *ud;
    /* Told once, before any row, when the database lacks tables or columns
     * a later records version added (versions.h), which read as empty or
     * NULL: the note in English and in Chinese.  May be NULL. */
    void (*absent)(void *ud, const char *en, const char *zh);
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

#endif
