/* diff.h — `xiufu diff`: two policy sets (A and B) decide the same records
 * on one or more evaluation days, the records read once (docs/diff.md).
 *
 * Every side and day gets its own run plan (plan.h).  The tables and
 * columns the plans bind are merged into one set of specs, the records are
 * scanned and partitioned once with it (scan.h, partition.h), and each
 * plan decides a view of every batch that shows the tables and columns in
 * its own order.  Each subject row is then compared: the decision of the
 * side's policy that governs it (outcome 'none' when none does), its
 * outcome, error, eligible_from, stops_on and other output fields.
 *
 * The results go into an SQLite database (the caller's, DIFF.db or in
 * memory): diff_run, diff_day, diff_transition (every record), diff_record
 * (every changed record), diff_shift and diff_breakdown (changed records),
 * diff_example (a few changed records a transition, with both explanations
 * as `xiufu explain` writes them), and, for the HTML report, the same
 * explanations as HTML articles in temp.diff_example_html.
 */
#ifndef XF_DIFF_H
#define XF_DIFF_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>

#include "diag.h"

typedef struct xf_diff_opts {
    char *const   *a, *const *b;   /* each side's policy paths, or one pack */
    int            na, nb;
    const char    *records;
    const int64_t *days;           /* evaluation days, at least one */
    int            ndays;
    const char    *engine;         /* "jit" or "interp" */
    int            opt_level, threads, cache, quiet;
    xf_lang        lang;
    int            examples;       /* changed records explained per transition and day */
    int            html;           /* fill temp.diff_example_html */
    int64_t        budget, chunk;  /* as for a run (0: the defaults) */
    const char    *trusted_keys;   /* a pack side: --trusted-keys DIR, or NULL for the default folder */
    int            allow_unsigned; /* --allow-unsigned: an unsigned pack may run */
} xf_diff_opts;

typedef struct xf_diff_stats {
    int64_t records_read, skipped;
    int64_t changed;               /* changed records, every day */
    int64_t entities;              /* entities with a changed record on any day */
    double  seconds;
    double  read_seconds, decide_seconds, compare_seconds, summary_seconds, explain_seconds;  /* the phases */
} xf_diff_stats;

/* The comparison into db (its tables created).  0, or the exit code (1:
 * policy or data errors, 2: usage) with the error reported on stderr. */
int xf_diff(const xf_diff_opts *o, sqlite3 *db, xf_diff_stats *st);

/* The summary of db as text in the reader's language (diff_report.c);
 * examples: how many explained examples to show a transition (0: none). */
int xf_diff_report_text(sqlite3 *db, int en, int examples, FILE *f);
/* The self-contained HTML report into path (atomically).  0, or -1 with
 * *errmsg (malloc'd). */
int xf_diff_report_html(sqlite3 *db, int en, const char *path, char **errmsg);

#endif
