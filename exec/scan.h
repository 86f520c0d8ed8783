/* scan.h — the first half of a streaming run: read every bound table of a
 * records database once, on several threads, and sort its rows into
 * partitions by entity, so that each partition can then be decided alone in
 * bounded memory (partition.h).
 *
 * Each table is read in rowid order over disjoint rowid ranges, one
 * connection per thread: no index is used and no row is sought, so the
 * read costs the same whether or not related rows are stored by entity.  A
 * table whose key is not its rowid is read whole in key order by one thread,
 * so that a repeated key is seen.  Partitions are ranges of uscc, cut at
 * the quantiles of a sample of the entity table; nparts is chosen so that
 * one partition's rows fit the budget.  With one partition the rows stay in
 * memory; with more they wait in temporary files, a stream each.  Past the
 * open files a process may hold (768 at most), a stream holds several
 * partitions, each read apart from it: more reading, but the same bound on
 * memory whatever the number of records.
 *
 * Every connection reads the same snapshot: while the connections start
 * their read transactions a write transaction is held on the file (when it
 * can be written), so no commit falls between them.  A WAL database that
 * cannot be written is read by one thread.
 */
#ifndef XF_SCAN_H
#define XF_SCAN_H

#include <stdatomic.h>
#include <stdint.h>

#include "badrows.h"
#include "progress.h"
#include "load.h"
#include "spill.h"

typedef struct xf_scan_opts {
    const char         *path;
    const xf_tablespec *specs;      /* table 0 is the entity table */
    int                 nspecs;
    const char *const  *filters;    /* per spec: an SQL condition the rows read meet, or NULL (plan.h) */
    int                 threads;
    int64_t             budget;     /* bytes of rows per partition */
    const char         *tmpdir;     /* NULL: TMPDIR or /tmp */
    xf_badrows         *bad;
    xf_progress        *progress;   /* rows read are counted here (may be NULL) */
    double              deadline;   /* xf_now_seconds() past which reading stops (0: none) */
} xf_scan_opts;

typedef struct xf_scan {
    int                 nparts, nspecs;
    int                 nstreams;   /* temporary files: nparts, or fewer when that many could not be open */
    int                 per_stream; /* partitions a stream holds: p is in stream p / per_stream */
    xf_spill           *streams;    /* streams[q]: the rows of its partitions, every table */
    atomic_int         *pieces_left;/* [q]: its partitions not yet taken (the last lets the file go) */
    char              **part_bound; /* nparts - 1 codes: partition p holds codes below part_bound[p] */
    size_t             *part_bound_len;
    char              **bound;      /* nstreams - 1 of them (borrowed): stream q holds codes below bound[q] */
    size_t             *bound_len;  /* their lengths (every row is routed through them) */
    uint64_t           *bound_key;  /* 2 a bound: its first 16 bytes as two big-endian numbers */
    struct xf_calendar *cal;        /* the working-day calendar */
    int64_t             rows_read;
    int                 calendar_days;
    int                 readers;    /* connections that read */
    int64_t            *est_rows;   /* per spec: rows the table was thought to hold */
    /* what the database lacks of a later records version and reads as empty
     * or NULL, in one line each language (versions.h); NULL when nothing */
    char               *note_en, *note_zh;
} xf_scan;

/* 0, or 1 with *errmsg (malloc'd) naming the database, table and column at
 * fault; under strict, the first bad row. */
int  xf_scan_run(const xf_scan_opts *o, xf_scan **out, char **errmsg);
void xf_scan_free(xf_scan *s);

#endif
