/* output.h — write decisions: the `run` and `decision` tables of an output
 * SQLite database (one transaction per run: an interrupted run leaves nothing
 * behind), or one JSON object per line.  See docs/engineers-guide.md for the
 * columns. */
#ifndef XF_OUTPUT_H
#define XF_OUTPUT_H

#include <stdint.h>
#include <stdio.h>
#include "load.h"
#include "texts.h"

typedef struct xf_writer xf_writer;

typedef struct xf_run_info {
    const char *started;        /* ISO 8601 timestamp */
    const char *as_of;          /* YYYY-MM-DD */
    const char *policy;         /* policy names, comma-separated */
    const char *policy_hash;    /* hex digest of the policy sources */
    const char *policy_source;  /* the policy sources, stored once per run */
    const char *records;        /* path of the records database */
    const char *engine;         /* "jit" or "interp" */
} xf_run_info;

/* One field a policy computes beyond outcome (eligible_from, stops_on, ...). */
typedef struct xf_field {
    const char *name;
    xf_kind     kind;
    int         nlabels;
    const char *const *labels;
} xf_field;

typedef struct xf_decision_row {
    const char     *policy;
    const char     *subject_table;
    int64_t         subject_id;
    const char     *uscc;
    const char     *outcome;      /* outcome code, e.g. "can_apply" */
    const char     *step;         /* the ladder step that decided, e.g. "第5步" or its label */
    const char     *basis;        /* legal basis of that step */
    const char     *error;        /* NULL, or the runtime error that stopped the decision */
    const char     *trace;        /* JSON text: requirements and values read; may be NULL */
    int             nfields;
    const xf_field *fields;
    const int64_t  *fval;
    const uint8_t  *fhas;
} xf_decision_row;

/* Open for writing.  Returns NULL and *errmsg (malloc'd) on failure, naming
 * the file and SQLite's message. */
xf_writer *xf_writer_open_db(const char *path, char **errmsg);
xf_writer *xf_writer_open_jsonl(FILE *f);

/* Start a run: creates tables and any missing field columns, opens the
 * transaction.  Returns 0 or -1 with *errmsg. */
int  xf_writer_begin(xf_writer *w, const xf_run_info *run, int nfields,
                     const xf_field *fields, char **errmsg);
int  xf_writer_decision(xf_writer *w, const xf_texts *texts, const xf_decision_row *d,
                        char **errmsg);
/* Record the totals in `run` and commit. */
int  xf_writer_commit(xf_writer *w, int64_t subjects, int64_t skipped, char **errmsg);
/* Roll back everything of the current run. */
void xf_writer_abort(xf_writer *w);
void xf_writer_close(xf_writer *w);
int64_t xf_writer_run_id(const xf_writer *w);

#endif
