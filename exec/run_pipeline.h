/* run_pipeline.h — the batches of decisions on their way from the deciding
 * threads to the writer's thread (run_write.c; the run itself: run.c). */
#ifndef XF_RUN_PIPELINE_H
#define XF_RUN_PIPELINE_H

#include <pthread.h>
#include <stdint.h>

#include "output.h"
#include "plan.h"
#include "progress.h"
#include "run.h"
#include "trace.h"
#include "trace_out.h"
#include "xiufu.h"

/* Where write_rows puts a decision on its way out; sized for the run's
 * widest trace. */
typedef struct write_buf {
    uint8_t *blob;
    char    *json;
    size_t   json_cap;
} write_buf;

/* One policy's traces of a batch, encoded where the batch was decided
 * (batch_encode), so that the writer's thread only writes: row r's bytes
 * are bytes[off[r] .. off[r] + len[r]). */
typedef struct batch_traces {
    uint8_t  *bytes;
    size_t    cap;
    uint32_t *off, *len;
    int64_t   rows;  /* off and len hold this many */
} batch_traces;

typedef struct batch {
    xf_db   *part;   /* the partition the window shows (owned when last) */
    xf_db   *win;    /* its entities being decided */
    xf_out  *out;    /* per policy */
    batch_traces *tr;  /* per policy; unused with --jsonl */
    int64_t *cap;    /* rows each out holds */
    int      last;   /* the partition's last batch: the writer frees it */
    int      full;   /* decided, for the writer */
    int      encoded;  /* tr holds its traces */
} batch;

typedef struct pipeline {
    pthread_mutex_t lock;
    pthread_cond_t  cv;
    batch           b[2];
    int             fill, drain;  /* the batch to fill next, to write next */
    pthread_t       tid;
    int             started;      /* the writer's thread runs */
    int             done, failed;
    int             keep;         /* --documents: the last batch stays */
    char           *errmsg;
    /* what writing needs */
    const xf_plan  *plan;
    xf_writer      *w;
    int             jsonl;
    xf_texts       *run_texts;
    xf_text_set    *texts_seen;
    xf_run_summary *sum;
    int64_t        *decided;      /* decisions written per policy of the plan */
    xf_progress    *progress;
    write_buf       wb;
    double          write_seconds;
    /* policies compared record by record: may conflict and share a table (made by the first batch) */
    int             npairs, pairs_made;
    short           pair[256][2];
} pipeline;

int    write_buf_init(write_buf *b, const xf_plan *p, int jsonl);
/* Start the run of plan in w, as of as_of over the records at path
 * records, recording engine: its row in `run` (started now, named after
 * its sources' hash, with the sources and the policies' names), then its
 * trace slots.  0, or -1 with *errmsg when it says why. */
int    run_begin(xf_writer *w, xf_plan *plan, int64_t as_of, const char *records, const char *engine, char **errmsg);
/* Write batch b (the writer's thread, or the main one for --documents). */
int    batch_write(pipeline *pl, batch *b);
/* Decisions r0..r1-1 of policy pr over db into pl->w (pl->sum counts them);
 * their traces from tr when batch_encode made them, else encoded here. */
int    pipeline_write_rows(pipeline *pl, const xf_db *db, const xf_plan_policy *pr, xf_out *out,
                           const batch_traces *tr, int64_t r0, int64_t r1);
/* Encode batch b's traces on the deciding side: 0, or -1 out of memory. */
int    batch_encode(pipeline *pl, batch *b);
void   batch_traces_free(batch_traces *t);
void  *writer_main(void *arg);
batch *pipeline_take(pipeline *pl);
void   pipeline_give(pipeline *pl, batch *b);
void   pipeline_finish(pipeline *pl);
int    batch_reserve(batch *b, const xf_plan *p);

#endif
