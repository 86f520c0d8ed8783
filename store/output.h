/* output.h — write decisions: the `run` and `decision` tables of an output
 * SQLite database (one transaction per run: an interrupted run leaves nothing
 * behind), or one JSON object per line.  See docs/engineers-guide.md for the
 * columns. */
#ifndef XF_OUTPUT_H
#define XF_OUTPUT_H

#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include "load.h"
#include "run_name.h"
#include "texts.h"
#include "trace.h"

typedef struct xf_writer xf_writer;

/* One file of a run's sources, stored whole with its SHA-256. */
typedef struct xf_run_source {
    const char *path, *text;
    uint32_t    len;
} xf_run_source;

typedef struct xf_run_info {
    const char *started;        /* ISO 8601 timestamp */
    const char *as_of;          /* YYYY-MM-DD */
    const char *policy;         /* policy names, comma-separated */
    const char *policy_hash;    /* hex digest of the policy sources */
    const char *policy_source;  /* the policy sources joined (`# ---- PATH` before each), when sources is NULL */
    const char *records;        /* path of the records database */
    const char *engine;         /* "jit" or "interp" */
    const xf_run_source *sources;  /* the policy sources file by file (table run_source), or NULL */
    int         nsources;
    const char *name;           /* the run's name (xf_run_name): `run` of every JSON line, run.name */
} xf_run_info;



typedef struct xf_decision_row {
    const char     *policy;
    const char     *subject_table;
    int64_t         subject_id;
    const char     *uscc;
    const char     *outcome;      /* outcome code, e.g. "can_apply" */
    int             step;         /* the decide step that decided, numbered from 1; 0: none did */
    const char     *basis;        /* legal basis of that step */
    const char     *error;        /* NULL, or the runtime error that stopped the decision */
    const uint8_t  *trace;        /* stored trace (trace_codec.h), or NULL: databases */
    size_t          trace_len;
    const char     *trace_json;   /* the same trace as a JSON object, or NULL: JSON lines */
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

/* The trace slots of a policy in the open run (databases only; a no-op for
 * JSON lines).  Returns 0 or -1 with *errmsg. */
int  xf_writer_trace_meta(xf_writer *w, const char *policy, int n, const xf_trace_meta *m, char **errmsg);

/* The texts that traced text values refer to, by id (the `trace_text`
 * table), so traces read without the records.  No-op for JSON lines. */
int  xf_writer_trace_texts(xf_writer *w, int64_t n, const int64_t *ids, const xf_texts *texts, char **errmsg);

/* Record the totals in `run` and commit. */
int  xf_writer_commit(xf_writer *w, int64_t subjects, int64_t skipped, char **errmsg);
/* Roll back everything of the current run. */
void xf_writer_abort(xf_writer *w);
void xf_writer_close(xf_writer *w);
int64_t xf_writer_run_id(const xf_writer *w);

/* Build the index that finds a decision by its subject, unless the output
 * database at path has it or cannot be written.  0 when it is there. */
int xf_output_index_subjects(const char *path);

#endif
