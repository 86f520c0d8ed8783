/* plan.h — the run plan: what a policy set decides with on one day,
 * whoever reads the records (a SQLite file, the SQLite extension, a
 * PostgreSQL server, a policy test) and whichever engine runs the steps.
 *
 * Made in three moves:
 *   1. the bound set (bound.h): from checked sources (xf_plan_from_sources
 *      checks nothing itself: plan->c holds them), or a pack's bindings;
 *   2. xf_plan_select: the policies in effect on as_of, each with the
 *      variant of its steps the run needs (with trace slots when tracing),
 *      the output's columns, and the tables' filters: where a table's rows
 *      serve nothing but deciding its policies' records (no policy goes
 *      over them as related rows) and every one of those policies in
 *      effect has a scope SQLite can test (scope_sql.c), its rows are read
 *      WHERE one of those scopes holds; rows left out are not read, so
 *      their values are not checked either;
 *   3. the code: xf_plan_use_pack (a pack's functions), xf_plan_use_interp
 *      (the interpreter), or xf_plan_compile (backend/plan_code.c: the code
 *      cache, else the JIT).
 * Then xf_plan_decide decides a db's entities with policy i, as often as
 * there are batches.  One plan is read by many threads at once.
 */
#ifndef XF_PLAN_H
#define XF_PLAN_H

#include <stdint.h>
#include <stdio.h>

#include "bound.h"
#include "pack.h"
#include "trace.h"
#include "xiufu.h"

typedef struct xf_plan_policy {
    const char          *name;
    const xf_decl       *decl;           /* made from sources: its declaration; from a pack: NULL */
    int                  index;          /* among the bound set's policies */
    int                  table;          /* its subject table among the plan's specs */
    xf_prog             *prog;           /* the bound set's, with trace slots when tracing */
    const xf_trace_meta *meta;           /* the trace slots described, when tracing */
    const xf_field      *fields;         /* eligible_from, stops_on, then its outputs */
    int                  nfields;
    int                 *field_map;      /* field f is column field_map[f] of the plan's */
    const char *const   *step_basis;     /* citation per step */
    int                  nsteps;         /* its ladder's steps, then those of the older regimes it runs (`lenient on`) */
    uint8_t             *text_slot;      /* trace slots holding text */
    int                  has_text_slot;
    xf_policy_fn         fn;             /* compiled code, or NULL: the interpreter */
} xf_plan_policy;

typedef struct xf_plan {
    xf_compile      c;             /* the checked sources the plan was made from, if it was */
    xf_bound        own;           /* the bound set made from c */
    const xf_bound *bound;         /* &own, or a pack's */
    int64_t         as_of;
    int             trace;         /* decisions record what they saw */
    xf_plan_policy *pol;
    int             npol;
    const xf_tablespec *specs;     /* the bound set's: entity first */
    const char    **filters;       /* per spec: an SQL condition no row the plan decides fails, or NULL */
    int             nspecs;
    int             uscc_slot;     /* the entity key among the entity table's columns */
    xf_field       *cols;          /* every policy's fields, each name once: the output's columns */
    int             ncols;
    const xf_params *params;
    const char     *engine;        /* what runs the steps: "pack", "jit" or "interp" */
    void           *code;          /* owned code behind the functions, freed by code_free */
    void          (*code_free)(void *);
    xf_arena        arena;         /* what the selection made */
} xf_plan;

void xf_plan_init(xf_plan *p);
void xf_plan_free(xf_plan *p);

/* Steps 1 and 2.  bound (borrowed: it outlives p) is selected from;
 * from_sources binds p->c, checked by the caller, first.  0;
 * XF_PLAN_NONE when no policy is in effect on as_of; -1 when out of
 * memory or a policy cannot be lowered. */
enum { XF_PLAN_NONE = 1 };
int  xf_plan_select(xf_plan *p, const xf_bound *bound, int64_t as_of, int trace);
int  xf_plan_from_sources(xf_plan *p, int64_t as_of, int trace);

/* Step 3.  0, or -1 with *errmsg (malloc'd). */
int  xf_plan_use_pack(xf_plan *p, const xf_pack *pack, char **errmsg);
int  xf_plan_use_interp(xf_plan *p, char **errmsg);

/* The context deciding db needs: text_ids (p->bound->ntexts of them, the
 * caller's) are filled with the ids of the policies' texts in db. */
void xf_plan_ctx(const xf_plan *p, const xf_db *db, int64_t *text_ids, xf_ctx *ctx);

/* Decide entities [0, nent) of ctx->db with policy i on `threads` threads
 * (out sized with xf_out_alloc). */
void xf_plan_decide(const xf_plan *p, int i, const xf_ctx *ctx, int64_t nent, int threads, xf_out *out);

/* A decision's runtime error as a run stores it ("中文 / English"), or
 * NULL for none. */
const char *xf_decision_error(int code);

/* Room for the decisions of `rows` subject rows; 0, or -1 out of memory. */
int  xf_out_alloc(xf_out *o, int64_t rows, int nfields, int ntrace);
void xf_out_free(xf_out *o);

/* The names of the plan's policies, comma-separated (malloc'd), or NULL
 * out of memory. */
char *xf_plan_policy_names(const xf_plan *p);

/* Whether policies i and j of the plan may both decide one record (a run
 * counts the records they decide differently). */
int xf_plan_may_conflict(const xf_plan *p, int i, int j);

/* Warn on f about each policy of the plan that decided no record
 * (decided[i]: the decisions policy i wrote): its scope matched nothing.
 * Returns how many. */
int xf_plan_report_unmatched(const xf_plan *p, const int64_t *decided, xf_lang lang, FILE *f);

/* The sources' identity as packs compute it (xf_pack_hash_sources: every
 * source of the bound set, its path, length and text), in lower-case hex. */
void xf_plan_source_hash(const xf_plan *p, char hex[65]);

#endif
