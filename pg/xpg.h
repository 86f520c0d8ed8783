/* xpg.h — the parts of the PostgreSQL extension (pg/): packs loaded by a
 * backend (xiufu_pg.c), the records read through SPI (pg_records.c), the
 * whole-table run (pg_run.c) and the row-level functions (pg_decide.c).
 *
 * The library underneath allocates with malloc and reports errors by
 * return value; these files turn its errors into ereport(ERROR) and free
 * what they hold on every path, PostgreSQL's errors included (PG_TRY). */
#ifndef XF_XPG_H
#define XF_XPG_H

#include "postgres.h"

#include "executor/spi.h"
#include "utils/date.h"

#include "badrows.h"
#include "dates.h"
#include "pack_plans.h"

/* xiufu.records_schema: where the row-level functions find the records. */
extern char *xpg_records_schema;

/* The pack at path, loaded and checked once per backend (by real path);
 * ereports when it cannot be. */
xf_pack_plans *xpg_pack(const char *path);
/* Its plan for as_of (the pack's code, or with interp the interpreter), or
 * NULL when no policy is in effect; ereports on failure. */
const xf_plan *xpg_plan(xf_pack_plans *pp, const char *path, int64_t as_of, int trace, int interp);

/* Day numbers (1970-01-01 = 0) and PostgreSQL dates. */
int64_t xpg_day(DateADT d);
DateADT xpg_date(int64_t day);

/* ---- pg_records.c: the bound tables of a plan, read in entity order ---- */

typedef struct xpg_source xpg_source;

/* What the records schema lacks of the tables and optional columns that a
 * later records version added (store/versions.h): read as an empty table
 * or as NULL.  Anything else missing is left for the reading statement to
 * report.  Within SPI; malloc'd (xpg_shape_free). */
#include "versions.h"
typedef struct xpg_shape {
    int       nt;
    uint8_t  *no_table;  /* [t] */
    uint8_t **no_col;    /* [t][c] */
    xf_absent absent;    /* by name, for the notice */
} xpg_shape;
xpg_shape *xpg_shape_of(const xf_plan *plan, const char *schema);
void       xpg_shape_free(xpg_shape *sh);
/* One NOTICE saying what is absent, if anything is. */
void       xpg_shape_notice(const xpg_shape *sh, const char *schema);

/* The statement reading the rows of spec t (sp) in schema, in entity code
 * then key order; with one, only the entity whose code is $1 (text).  sh
 * (may be NULL) says what to read as empty or NULL. */
char *xpg_select_sql(const xf_tablespec *sp, const char *schema, bool one, const xpg_shape *sh, int t);

/* Cursors over every table the plan binds, in schema, ordered by entity
 * code then key; with uscc, only that entity's rows, through prepared[t]
 * when given (xpg_select_sql with one).  Within SPI. */
xpg_source *xpg_source_open(const xf_plan *plan, const char *schema, const char *uscc, xf_badrows *bad,
                            SPIPlanPtr *prepared, const xpg_shape *sh);
/* The records (exec/record.h) of the next `n` entities and every related
 * row up to the last one's code, into *data (malloc'd) and *len: false
 * when every row has been read. */
bool        xpg_source_next(xpg_source *s, int64_t n, uint8_t **data, size_t *len);
int64_t     xpg_source_rows(const xpg_source *s);
/* Close the cursors: a portal lives, with its executor's memory, until
 * the transaction ends unless closed.  Not on an error path (the abort
 * drops them). */
void        xpg_source_finish(xpg_source *s);
/* Free what s holds outside PostgreSQL's memory, on every path. */
void        xpg_source_close(xpg_source *s);

/* workday_calendar of schema (the weekday rule alone when there is none);
 * malloc'd.  Within SPI. */
xf_calendar *xpg_calendar(const char *schema);

#endif
