/* run_policy.h — what a run knows of each policy it runs, and the batches
 * of decisions on their way from the deciding threads to the writer's thread
 * (run_decide.c, run_write.c; the run itself: run.c). */
#ifndef XF_RUN_POLICY_H
#define XF_RUN_POLICY_H

#include <pthread.h>
#include <stdint.h>

#include "output.h"
#include "progress.h"
#include "run.h"
#include "trace.h"
#include "trace_out.h"
#include "xiufu.h"

typedef struct policy_run {
    const xf_decl *decl;
    xf_prog       *prog;
    xf_trace_info  ti;
    xf_trace_meta *meta;         /* the trace slots described, when tracing */
    xf_field      *fields;
    int            nfields;
    const char   **step_basis;   /* citation per step */
    uint8_t       *text_slot;    /* trace slots holding text */
    int            has_text_slot;
    int           *field_map;    /* field f is field_map[f] of the run's fields */
    const char    *scope_basis;
} policy_run;

/* Decide entities [0, nent) of ctx->db with the compiled function fn, or
 * with the interpreter when fn is NULL, split over `threads` threads. */
void decide(xf_policy_fn fn, const xf_prog *prog, const xf_ctx *ctx, int64_t nent, int threads, xf_out *out);
int  out_alloc(xf_out *o, int64_t rows, int nfields, int ntrace);
void out_free(xf_out *o);

/* Where write_rows puts a decision on its way out; sized for the run's
 * widest trace. */
typedef struct write_buf {
    uint8_t *blob;
    char    *json;
    size_t   json_cap;
} write_buf;

typedef struct batch {
    xf_db   *part;   /* the partition the window shows (owned when last) */
    xf_db   *win;    /* its entities being decided */
    xf_out  *out;    /* per policy */
    int64_t *cap;    /* rows each out holds */
    int      last;   /* the partition's last batch: the writer frees it */
    int      full;   /* decided, for the writer */
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
    xf_compile     *c;
    xf_writer      *w;
    policy_run     *runs;
    int             nrun, uscc_col, nall, jsonl;
    const xf_field *all;
    xf_texts       *run_texts;
    xf_text_set    *texts_seen;
    xf_run_summary *sum;
    xf_progress    *progress;
    write_buf       wb;
    double          write_seconds;
} pipeline;

int    write_buf_init(write_buf *b, const policy_run *runs, int nrun, int jsonl);
/* Write batch b (the writer's thread, or the main one for --documents). */
int    batch_write(pipeline *pl, batch *b);
void  *writer_main(void *arg);
batch *pipeline_take(pipeline *pl);
void   pipeline_give(pipeline *pl, batch *b);
void   pipeline_finish(pipeline *pl);
int    batch_reserve(batch *b, const policy_run *runs, int nrun);

#endif
