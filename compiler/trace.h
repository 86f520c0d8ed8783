/* trace.h — what a decision's trace records, slot by slot.
 *
 * Lowering a policy with tracing on numbers every value worth showing an
 * appeal reviewer — the columns of the record it read, each let (and the
 * exception that set it), each requirement, each ladder step's condition and
 * day, each aggregate and the row that decided it, each parameter row chosen
 * — and emits a TRACE instruction where the value is computed.  This table is
 * static per policy and stored once per run; a decision stores only the
 * values (runtime/trace_codec.h).  Arena-owned.
 */
#ifndef XF_TRACE_H
#define XF_TRACE_H

#include "ast.h"
#include "tables.h"

/* X(kind, name) ORDER: xf_tp_kind */
#define XF_TRACE_KINDS(X)                                                      \
    X(COLUMN,  "column")   /* a column of the subject record or its entity */  \
    X(LET,     "let")      /* a named value */                                 \
    X(EXCEPT,  "except")   /* which exception set a let: 0 none, i the i-th */ \
    X(REQUIRE, "require")  /* a requirement */                                 \
    X(WHEN,    "when")     /* a ladder step's condition */                     \
    X(TIME,    "time")     /* a ladder step's from / until day */              \
    X(AGG,     "agg")      /* exists / count / all / min / max */              \
    X(WITNESS, "witness")  /* the key of the row that decided an aggregate */  \
    X(PARAM,   "param")    /* which row of a parameter applied (-1 default) */ \
    X(EFFECTIVE, "effective") /* the day that chose the regime (as_of, or the policy's `effective on`) */ \
    X(LENIENT, "lenient")  /* `lenient on`: each regime's decision and which was taken */

typedef enum {
#define X(k, n) XF_TP_##k,
    XF_TRACE_KINDS(X)
#undef X
    XF_TP__COUNT
} xf_tp_kind;

extern const char *const xf_tp_kind_name[XF_TP__COUNT];

/* vkind of a duration value (besides the xf_kind values of load.h) */
enum { XF_TV_DURATION = 100 };

typedef struct xf_trace_point {
    xf_tp_kind     kind;
    const char    *name;    /* p.fulfilled, 最短公示期, 已履行义务, the aggregate's text ... */
    int            vkind;   /* how to show the value: an xf_kind, or XF_TV_DURATION */
    const xf_decl *en;      /* enum of ENUM / SET values */
    const char    *table;   /* COLUMN, WITNESS: the row's table */
    const char    *column;  /* COLUMN: the SQL column */
    xf_span        span;    /* the source it stands for */
    const char    *basis;   /* the citation of the item, if it has one */
    int            index;   /* LET / REQUIRE: its index; WHEN / TIME: the step; PARAM: the param */
} xf_trace_point;

typedef struct xf_trace_info {
    xf_trace_point *pt;
    int             n, cap;
} xf_trace_info;

/* One trace slot of a policy, described for readers of the stored traces
 * (the `trace_point` table).  Strings may be NULL. */
typedef struct xf_trace_meta {
    int32_t     slot;
    const char *kind;        /* column, let, except, require, when, time, agg, witness, param */
    const char *name;
    const char *value_kind;  /* bool, int, money, date, text, enum, set, duration */
    const char *labels;      /* enum and set values: the labels, comma-separated, in index order */
    const char *table;       /* column, witness: the row's table */
    const char *column;
    int32_t     index;       /* let / requirement / step / parameter index, or the aggregate */
    const char *file;
    int32_t     line, col;
    const char *source;      /* the source line */
    const char *basis;
} xf_trace_meta;

#endif
