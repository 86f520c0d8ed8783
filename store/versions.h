/* versions.h — what each version of the records schema added, and what a
 * reader says when a database lacks it.
 *
 * runtime/records.sql is version 2.  Version 2 added the columns
 * entity.deregistered and serious.penalty_id and the tables inspection and
 * application; this file is the one place that knows it (the schema module
 * marks the same declarations with 记录版本 2, and tests/unit/test_versions.c
 * holds the two together).  Every reader of records — the whole-file loader
 * and the entity reader (store/), the streaming scan (exec/), the PostgreSQL
 * extension (pg/) — asks here: a bound table or column that the database
 * lacks and that version 2 added reads as an empty table or as NULL (the
 * column must be optional in the bound record), and the run says so once;
 * anything else missing is an error, as before.
 *
 * Plain C, no SQLite: the PostgreSQL extension links it too. */
#ifndef XF_VERSIONS_H
#define XF_VERSIONS_H

/* The schema version this build writes (xiufu gen) and reads whole. */
#define XF_RECORDS_VERSION 2

/* The version in which `table` (column NULL) or `table.column` came into the
 * records schema: 2 for the additions above, 1 for everything else (which
 * includes the columns of a table that version 2 added: a table that is there
 * must be whole).  Names compare without regard to ASCII case, as SQL does. */
int xf_records_added_in(const char *table, const char *column);

/* What a reader found missing and reads as empty or NULL. */
typedef struct xf_absent {
    int    ntables, ncols;
    char **tables;   /* "inspection" */
    char **cols;     /* "entity.deregistered" */
} xf_absent;

/* Note a missing table (column NULL) or column; a name noted before is not
 * repeated.  0, or -1 when out of memory. */
int  xf_absent_add(xf_absent *a, const char *table, const char *column);
int  xf_absent_any(const xf_absent *a);
void xf_absent_free(xf_absent *a);

/* The one line a run prints (no newline), malloc'd; NULL when nothing is
 * absent or out of memory.  en: English, else Chinese:
 *   记录库为第 1 版：缺少表 inspection、application，列 entity.deregistered、serious.penalty_id，按空表和空值读取
 *   records database is version 1: no table inspection, application, no column entity.deregistered,
 *   serious.penalty_id; read as empty tables and NULL values */
char *xf_absent_note(const xf_absent *a, int en);

#endif
