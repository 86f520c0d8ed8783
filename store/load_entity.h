/* load_entity.h — one entity's records, read from an open SQLite connection.
 *
 * For deciding a single subject where the records already are (the SQLite
 * extension, ext/xiufu_sqlite.c): the same SELECTs as xf_db_load, filtered
 * by the entity's uscc, and the same conversion of every value, so a bad
 * row is skipped exactly as a run skips it (nothing is reported).  The
 * result is an xf_db of at most one entity (index 0; none when the entity
 * row is missing or bad) with its related rows grouped as usual.
 *
 * Fast when each related table has an index on its uscc column (xiufu gen
 * creates them); without one, every read scans the table.
 *
 * One difference from a whole-file load: a row key repeated in rows of two
 * different entities makes both rows bad in a run, but a reader sees only
 * one of them.  The records schema makes every key unique (INTEGER PRIMARY
 * KEY or rowid), so this cannot happen there.
 */
#ifndef XF_LOAD_ENTITY_H
#define XF_LOAD_ENTITY_H

#include <stdint.h>

#include "load.h"

struct sqlite3;
typedef struct xf_entity_reader xf_entity_reader;

/* Check the tables and columns of specs, prepare the statements and read the
 * working-day calendar once.  name stands for the database in messages; it
 * and specs must outlive the reader.  NULL with *errmsg on failure.  The
 * reader holds prepared statements of sq: close it before sq. */
xf_entity_reader *xf_entity_reader_open(struct sqlite3 *sq, const char *name, const xf_tablespec *specs,
                                        int nspecs, char **errmsg);
void xf_entity_reader_close(xf_entity_reader *r);

/* The uscc of the row of spec t whose key (the spec's key column, or rowid)
 * is key.  1 and *uscc (malloc'd) when found; 0 when there is no such row
 * or its uscc is NULL; -1 with *errmsg on an SQLite error. */
int xf_entity_reader_owner(xf_entity_reader *r, int t, int64_t key, char **uscc, char **errmsg);

/* The rows of the entity with this uscc.  (*out)->cal is the reader's
 * calendar: free *out with xf_entity_db_free, before closing the reader.
 * 0, or 1 with *errmsg. */
/* The one line saying what the database lacks of a later records version
 * and reads as empty or NULL (versions.h), malloc'd; NULL when nothing. */
char *xf_entity_reader_note(const xf_entity_reader *r, int en);

int  xf_entity_reader_read(xf_entity_reader *r, const char *uscc, xf_db **out, char **errmsg);
void xf_entity_db_free(xf_db *db);

#endif
