/* partition.h — the second half of a streaming run's reading: one
 * partition's rows (scan.h) made into an xf_db that compiled policies read
 * (xf_abi.h): its entities in uscc order, every related row grouped under
 * its entity in key order, text interned.
 *
 * The checks that need an entity's every row are made here, in the order
 * and with the words of the whole-file loader (load.h): a repeated uscc
 * makes every row carrying it bad; a row of an entity that is not there, or
 * that was skipped, is bad; then a bad value. */
#ifndef XF_PARTITION_H
#define XF_PARTITION_H

#include "badrows.h"
#include "dates.h"
#include "scan.h"

/* 0, or 1 with *errmsg.  The db shares the scan's calendar: free it with
 * xf_part_free, before the scan. */
int  xf_part_build(xf_scan *sc, int p, const xf_tablespec *specs, const char *path, xf_badrows *bad,
                   xf_db **out, char **errmsg);
void xf_part_free(xf_db *db);

/* The same from records (record.h) of every table, any order, read by any
 * reader: data (malloc'd, len bytes) is taken and freed.  The db shares
 * cal, which the caller frees after it. */
int  xf_part_from_records(uint8_t *data, size_t len, const xf_tablespec *specs, int ns, xf_calendar *cal,
                          const char *path, xf_badrows *bad, xf_db **out, char **errmsg);

/* A window onto entities [e0, e1) of a partition: a db of its own whose
 * rows are the partition's (not copied) and whose entity numbers start at
 * 0.  Free with xf_part_window_free (the partition stays). */
xf_db *xf_part_window(const xf_db *db, int64_t e0, int64_t e1);
void   xf_part_window_free(xf_db *w);

#endif
