/* run.h — one evaluation run: policies in effect on as_of, over a records
 * database, into an output database or JSON lines. */
#ifndef XF_RUN_H
#define XF_RUN_H
#include <stdint.h>
#include "diag.h"
#include "outcomes.h"

typedef struct xf_run_opts {
    char *const *policies;
    int          npolicies;
    const char  *records;
    const char  *out;        /* output database, or NULL with jsonl */
    int          jsonl;      /* decisions to stdout */
    int64_t      as_of;
    int          strict;
    int          quiet;      /* no summary */
    int          trace;      /* record what each decision saw (--trace=all, the default) */
    const char  *engine;     /* "jit" or "interp" */
    int          opt_level;
    int          threads;
    xf_lang      lang;
    const char  *documents;  /* --documents DIR: write the policies' documents there (documents.h), or NULL */
    int64_t      budget;     /* bytes of rows per partition (0: the default) */
    int64_t      chunk;      /* entities decided per batch (0: the default) */
    int          cache;      /* JIT code from and into the code cache (backend/cache.h) */
    double       timeout;    /* --timeout: seconds the run may take (0: no limit) */
    const char  *trusted_keys;   /* -p PACK.so: --trusted-keys DIR, or NULL for the default folder */
    int          allow_unsigned; /* --allow-unsigned: an unsigned pack may run */
} xf_run_opts;

typedef struct xf_run_summary {
    int64_t subjects;                 /* decisions written */
    int64_t by_outcome[XF_OUT__COUNT];
    int64_t runtime_errors;           /* decisions that carry an error */
    int64_t skipped;                  /* bad rows */
    int64_t records;                  /* rows read */
    double  seconds;
    double  read_seconds, decide_seconds, write_seconds;  /* the phases */
    int64_t run_id;
    /* records two policies decided with different outcomes (xf_policies_may_conflict), and the first */
    int64_t     conflicts;
    const char *conflict_a, *conflict_b, *conflict_table;
    int64_t     conflict_id;
    int         conflict_outcome_a, conflict_outcome_b;
} xf_run_summary;

/* Returns the exit code (0, 1 on policy or data errors, 2 on usage). */
int xf_run(const xf_run_opts *o, xf_run_summary *summary);
#endif
