/* xf_abi.h — the one contract between compiled policy code and the runtime.
 *
 * Generated code (JIT or, later, ahead-of-time packs), the reference
 * interpreter and the loader all see records through these structs.  Every
 * value is a 64-bit slot:
 *
 *   bool   0 / 1                     int    the integer
 *   money  fen (1 元 = 100)           date   day number, 1970-01-01 = 0
 *   text   id in the run's text table (equal text <=> equal id)
 *   enum   label index (0-based, order of the enum declaration)
 *   set    bit mask, bit i = label i (at most 64 labels)
 *
 * An optional value is a slot plus a presence byte (1 = has a value).
 *
 * Records are held column-wise and grouped by entity: rows of every related
 * table are sorted by the entity they belong to, so the rows of entity e are
 * first[e] .. first[e+1]-1.  A batch is a range of entities; a policy function
 * decides every subject row of those entities.  Two threads decide disjoint
 * entity ranges.
 */
#ifndef XF_ABI_H
#define XF_ABI_H

#include <stdint.h>

#define XF_ABI_VERSION 2

/* One table loaded for a run.  Owned by the xf_db that holds it. */
typedef struct xf_table {
    int64_t   nrows;
    int32_t   ncols;
    int64_t **val;     /* val[c][r]: slot of column c, row r */
    uint8_t **has;     /* has[c][r]: 1 when column c of row r has a value */
    int64_t  *row_id;  /* the table's row key (id, or rowid) for reports */
    int64_t  *ent;     /* ent[r]: index of the entity row r belongs to */
    int64_t  *first;   /* nent+1 entries: rows of entity e are first[e]..first[e+1]-1 */
} xf_table;

struct xf_calendar;
struct xf_texts;

/* Everything a run reads.  Owned by whoever loaded it (see load.h). */
typedef struct xf_db {
    int64_t             nent;     /* entities; table 0 is the entity table itself */
    int32_t             ntables;
    xf_table           *tab;      /* tab[t], t in the order of the bound table specs */
    struct xf_calendar *cal;      /* working-day calendar (workday_calendar table) */
    struct xf_texts    *texts;    /* text interning for text slots */
} xf_db;

/* Decisions of one policy over one subject table: one entry per subject row.
 * Owned by the caller of the policy function. */
typedef struct xf_out {
    int32_t  nfields;   /* computed fields of the policy (eligible_from, stops_on, ...) */
    int32_t *outcome;   /* outcome code index (xf_outcome), or -1: not governed by the policy */
    int32_t *step;      /* index of the ladder step that decided, -1 when none */
    uint64_t *req;      /* bit i: requirement i of the policy held */
    int32_t *err;       /* 0, or an xf_rt_error code raised while deciding */
    int64_t *fval;      /* fval[row * nfields + f] */
    uint8_t *fhas;      /* fhas[row * nfields + f] */
    int32_t  ntrace;    /* trace slots per decision (0 when not tracing) */
    int64_t *tval;      /* tval[row * ntrace + s]: the value the decision saw */
    uint8_t *tstate;    /* 0 not evaluated, 1 evaluated and absent, 2 evaluated with a value */
} xf_out;

/* Per-run constants a policy needs besides the records. */
typedef struct xf_ctx {
    const xf_db *db;
    int64_t      as_of;        /* day number of the evaluation date */
    const int64_t *text_ids;   /* text literals of the policy, interned for this run */
    const void  *params;       /* parameter tables of the policy (params.h) */
} xf_ctx;

/* The compiled entry point of one policy: decide every subject row that
 * belongs to entities [ent_begin, ent_end). */
typedef void (*xf_policy_fn)(const xf_ctx *ctx, int64_t ent_begin, int64_t ent_end,
                             xf_out *out);

/* Runtime errors raised inside policy code: the decision records them. */
#define XF_RT_ERRORS(X)                                                    \
    X(XF_RT_OK, "ok", "正常")                                              \
    X(XF_RT_BAD_DATE, "date arithmetic out of range", "日期计算超出范围")   \
    X(XF_RT_NO_PARAM, "no parameter value applies", "没有适用的参数值")      \
    X(XF_RT_NO_OUTCOME, "no decision step applied", "没有适用的决定步骤")     \
    X(XF_RT_OVERFLOW, "arithmetic out of range", "算术运算超出范围")

typedef enum {
#define X(code, en, zh) code,
    XF_RT_ERRORS(X)
#undef X
    XF_RT__COUNT
} xf_rt_error;

#endif
