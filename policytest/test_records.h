/* test_records.h — the records of `test` blocks written into a records
 * database (runtime/records.sql) for `xiufu test`.
 *
 * Each test describes one entity (the `entity { … }` literal, or a default
 * one) and records that belong to it.  Columns a test leaves out get
 * defaults, so a test states only what matters to it; docs/language.md,
 * "Tests inside policies", lists them.
 */
#ifndef XF_TEST_RECORDS_H
#define XF_TEST_RECORDS_H

#include <sqlite3.h>
#include <stdint.h>

#include "xiufu.h"

/* The record a test's expectations concern: its table and row key. */
typedef struct xf_test_subject {
    const char *table;
    int64_t     id;
} xf_test_subject;

/* Row ids handed out so far, per table, in one database. */
typedef struct xf_test_ids {
    const char *table[32];
    int64_t     next[32];
    int         n;
} xf_test_ids;

/* Create the records schema in an empty database.  0, or -1 with *errmsg. */
int xf_test_records_schema(sqlite3 *db, char **errmsg);

/* 1 when the test sets a key itself (the entity's code or a record's id):
 * such a test needs a database of its own, or keys could collide. */
int xf_test_sets_keys(const xf_compile *c, const xf_decl *test);

/* Insert the test's entity and records.  `ordinal` makes the default
 * entity's code unique among the tests sharing the database.  Sets *subject
 * (table names are arena-owned).  0, or -1 with *errmsg (malloc'd). */
int xf_test_records_write(sqlite3 *db, xf_compile *c, const xf_decl *test, int ordinal, xf_test_ids *ids,
                          xf_test_subject *subject, char **errmsg);

#endif
