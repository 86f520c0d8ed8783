/* explain.h — a decision and its trace, read back from an output database
 * and taken apart for a reviewer.
 *
 * Everything comes from OUT.db: the decision row, the trace BLOB (decoded
 * with runtime/trace_codec.h), the trace_point rows that say what each slot
 * is, trace_text for traced texts, and run.policy_source for the rules as
 * written.  Nothing reads the records database, which may be gone.
 *
 * xf_ex_select builds one xf_explanation per matching decision: the values
 * read, each let (with the exception that set it and, for dates, the
 * arithmetic), each requirement met or not and why, each ladder step up to
 * the one that decided, and for a decision that is not final the routes
 * that did not apply yet (time alone, the entity's own action, another
 * record).  The renderers (explain_text.c, explain_html.c) only format it.
 */
#ifndef XF_EXPLAIN_H
#define XF_EXPLAIN_H

#include <stddef.h>
#include <stdint.h>
#include "strbuf.h"

/* ------------------------------------------------------------ the values */

/* trace_point.kind */
enum { XF_EXK_COLUMN, XF_EXK_LET, XF_EXK_EXCEPT, XF_EXK_REQUIRE, XF_EXK_WHEN, XF_EXK_TIME, XF_EXK_AGG,
       XF_EXK_WITNESS, XF_EXK_PARAM, XF_EXK_EFFECTIVE, XF_EXK_LENIENT, XF_EXK_OTHER };

typedef struct xf_ex_slot {
    int         slot, kind, idx, line, col_no;
    const char *name, *value_kind, *labels, *tab, *col, *file, *source, *basis;
    const char *label;       /* COLUMN: the field's description (公示日期), or NULL */
    int         state;       /* 0 not evaluated, 1 evaluated and absent, 2 a value */
    int64_t     value;
    const char *text;        /* TEXT values: the text (trace_text), else NULL */
} xf_ex_slot;

/* The traced values an expression reads: columns, lets, params, aggregates
 * (with their witness row), requirements. */
typedef struct xf_ex_refs {
    int                n;
    const xf_ex_slot **s;
} xf_ex_refs;

/* Date arithmetic recomputed from the source text and the traced inputs;
 * kept only when it agrees with the traced result. */
typedef enum { XF_EXN_LEAF, XF_EXN_MET, XF_EXN_LAST, XF_EXN_ADD, XF_EXN_SUB, XF_EXN_LATEST, XF_EXN_EARLIEST,
               XF_EXN_COALESCE } xf_exn_op;

typedef struct xf_ex_node {
    xf_exn_op          op;
    const char        *text;      /* LEAF: the operand as written (p.published, 最短公示期, 1 year) */
    const xf_ex_slot  *slot;      /* LEAF: the traced value it reads; NULL for a literal */
    int                duration;  /* the value is a duration, not a day */
    int                has;       /* 0: absent (none) */
    int64_t            value;     /* the value, or the result */
    int64_t            last;      /* MET: the last day of the period */
    const char        *plain[2];  /* the operand in plain Chinese [0] and English [1] (plain.h) */
    int                nargs;
    struct xf_ex_node *args[8];
} xf_ex_node;

/* ---------------------------------------------------------- the rules */

typedef struct xf_ex_except {
    int         line;
    const char *stmt;         /* the exception as written, basis left out */
    const char *value;        /* the value it sets, as written (1 year) */
    const char *cond;         /* its condition, as written (严重) */
    const char *basis;        /* full citation, or NULL */
    xf_ex_refs  refs;         /* what the condition reads */
    int         compound;     /* its value or condition is more than a literal or a name */
    const char *value_plain[2], *cond_plain[2];  /* value and condition in plain Chinese [0] and English [1] */
} xf_ex_except;

typedef struct xf_ex_let {
    const xf_ex_slot *slot;
    const xf_ex_slot *except; /* which exception set it, or NULL when it has none */
    const char       *stmt;   /* the statement as written, continuation lines joined */
    const char       *expr;   /* its value expression, without exceptions and basis */
    int               nexcepts;
    xf_ex_except     *ex;
    int               chosen; /* 0 the rule itself, i the i-th exception, -1 not known */
    xf_ex_refs        refs;   /* what the expression reads */
    xf_ex_node       *calc;   /* date arithmetic, or NULL */
    const char       *plain[2];  /* expr in plain Chinese [0] and English [1] (plain.h) */
    int               compound;  /* expr is more than a literal or a name: its rule syntax is shown too */
} xf_ex_let;

/* Why a requirement is unmet. */
enum { XF_EXR_MET, XF_EXR_ACT, XF_EXR_RECORD, XF_EXR_UNMET, XF_EXR_UNKNOWN };

typedef struct xf_ex_req {
    const xf_ex_slot *slot;
    const char       *stmt, *expr;
    xf_ex_refs        refs;    /* what it reads directly */
    int               cls;     /* XF_EXR_* */
    xf_ex_refs        act;     /* ACT: the dates the entity has yet to bring about (absent or after as_of) */
    xf_ex_refs        falsy;   /* the yes/no values on its way that are false (lets, aggregates) */
    const xf_ex_slot *witness; /* RECORD: the row that keeps it unmet */
    const char       *plain[2];  /* expr in plain Chinese [0] and English [1] */
    int               compound;
} xf_ex_req;

/* How far the ladder got with a step. */
enum { XF_EXS_NOT_REACHED, XF_EXS_APPLIED, XF_EXS_WHEN_FALSE, XF_EXS_TOO_EARLY, XF_EXS_TOO_LATE, XF_EXS_UNKNOWN };

typedef struct xf_ex_step {
    int               index;      /* 0-based */
    const char       *outcome;    /* the outcome code */
    const char       *stmt;       /* the step as written, basis left out; NULL when not found */
    const char       *head;       /* the same without its `set` clauses */
    const char       *basis;      /* full citation, or NULL */
    int               line;
    const char       *when_text;  /* NULL: no condition (otherwise) */
    int               allreq;     /* the condition is `all required` */
    xf_ex_refs        when_refs;
    const xf_ex_slot *when, *time;
    int               time_kind;  /* 0 none, 'f' from, 'u' until */
    const char       *time_expr;
    int               has_day;    /* the time condition's day, traced or recomputed */
    int64_t           day;
    int               day_traced;
    xf_ex_node       *calc;       /* arithmetic of the day, when it is not just a let */
    const char       *when_plain[2], *time_plain[2];  /* in plain Chinese [0] and English [1] */
    int               when_compound, time_compound;
    int               status;     /* XF_EXS_* */
} xf_ex_step;

/* A step ahead of the deciding one with a better outcome (can_apply,
 * auto_repair, expired) that did not apply: what it still waits for. */
enum { XF_EXT_NONE, XF_EXT_MET, XF_EXT_WAIT, XF_EXT_UNKNOWN };

typedef struct xf_ex_route {
    const xf_ex_step *step;
    int               time;        /* XF_EXT_*: its time condition */
    int               nunmet;      /* requirements it still needs (all required) */
    const xf_ex_req **unmet;
    int               when_false;  /* its own condition is false, not `all required` */
} xf_ex_route;

typedef struct xf_ex_param {
    const xf_ex_slot *slot;
    const char       *row;        /* the row that applied, as written; NULL when none is known */
    const char       *row_basis;  /* its citation, or NULL */
    xf_ex_refs        args;       /* the region and day it was looked up with */
} xf_ex_param;

/* ------------------------------------------------------ the explanation */

typedef struct xf_ex_mem xf_ex_mem;

typedef struct xf_explanation {
    /* the run */
    int64_t     run;
    const char *as_of, *started, *engine, *policy_hash;
    int64_t     as_of_day;
    /* the decision */
    const char *policy, *subject_table, *uscc, *outcome, *eligible_from, *stops_on, *basis, *error;
    int64_t     subject_id;
    int         step;            /* 1-based deciding step, 0 none */
    int         nfields;         /* further output columns with a value */
    const char **field_name, **field_value;
    /* the documents, from the records database when it is at hand (NULL when not) */
    const char *entity_name, *decision_no, *authority;
    int         ndocs;           /* the record's dates: decided, listed, published */
    const char **doc_name, **doc_value;
    /* the trace */
    int         traced;          /* 0: the run kept no trace, or it could not be read */
    int         source_found;    /* the policy's rules were found in run.policy_source */
    const char *file;            /* the policy's source file */
    /* the regime: which rules govern the record */
    const char *period;          /* the policy's module: "effective from 2025-12-25", or NULL */
    const char *supersedes;      /* the policy it takes over from, or NULL */
    const xf_ex_slot *effective; /* the day that chose the regime, or NULL */
    const char *effective_expr;  /* its `effective on` expression, or NULL (the evaluation day) */
    xf_ex_refs  effective_refs;
    /* `lenient on` (从旧兼从轻): the older regime was also applied when lenient_day is set */
    const xf_ex_slot *lenient_day;   /* the record's own day */
    const char *lenient_expr;    /* its `lenient on` rule as written, or NULL (then the stored line) */
    int         older_taken;     /* the older regime's decision was taken: step is then the later ladder's own */
    int         stored_step;     /* the step as the decision stores it (numbered after the later ladder) */
    int         nslots;
    xf_ex_slot *slots;
    int         nlets, nreqs, nsteps, nparams, nroutes;
    xf_ex_let  *lets;
    xf_ex_req  *reqs;
    xf_ex_step *steps;
    xf_ex_param *params;
    xf_ex_route *routes;
    xf_ex_mem  *mem;
} xf_explanation;

/* ------------------------------------------------------------- reading */

typedef struct xf_ex_db xf_ex_db;

/* Open an output database read-only; NULL with *err (naming the file) when
 * it is missing, not a database or has no decisions. */
xf_ex_db *xf_ex_open(const char *path, char **err);
void      xf_ex_close(xf_ex_db *db);

typedef struct xf_ex_query {
    int64_t     run;             /* 0: the latest run */
    const char *subject_table;   /* with subject_id */
    int64_t     subject_id;
    const char *uscc;
    const char *outcome;         /* with limit */
    int         limit;
    const char *policy;          /* NULL: any */
} xf_ex_query;

/* The records database of the run (path, or NULL: the one the run names in
 * run.records), read for the documents that head an explanation and for
 * the look-ups below.  1 when it is at hand, 0 when not. */
int xf_ex_attach_records(xf_ex_db *db, int64_t run, const char *path);

/* A code as a reviewer may type it — lower case, blanks, full-width
 * characters — normalized into out; XF_USCC_OK (0), or why it is no valid
 * code (uscc.h), said in why (in English with en). */
int xf_ex_uscc_normalize(const char *in, char *out, size_t cap, int en, char *why, size_t whycap);

/* The penalty whose decision document number (文号) is no, compared with
 * blanks and full-width forms folded: how many match (the first in *id),
 * or -1 without the records database. */
int xf_ex_find_decision_no(xf_ex_db *db, const char *no, char *table, size_t cap, int64_t *id);

typedef struct xf_ex_entity {
    char uscc[64], name[256];
} xf_ex_entity;

/* The entities whose name contains fragment (malloc'd in *out): how many,
 * or -1 without the records database. */
int xf_ex_find_name(xf_ex_db *db, const char *fragment, xf_ex_entity **out);

/* The matching decisions one at a time, ordered by uscc, table, id,
 * policy: fn gets each (its i-th) to keep (xf_ex_free it) and returns 0 to
 * go on, 1 to stop, -1 on failure.  rows_only: the decision rows alone,
 * their traces not read (a summary).  How many were handed on, or -1 with
 * *err. */
typedef int (*xf_ex_fn)(void *ctx, xf_explanation *ex, int i);
int  xf_ex_each(xf_ex_db *db, const xf_ex_query *q, int rows_only, xf_ex_fn fn, void *ctx, char **err);
void xf_ex_free(xf_explanation *ex);

/* The matching decisions, ordered by uscc, table, id, policy.  Returns how
 * many (0: none matched) and the array in *out, or -1 with *err. */
int  xf_ex_select(xf_ex_db *db, const xf_ex_query *q, xf_explanation ***out, char **err);
void xf_ex_free_all(xf_explanation **ex, int n);

/* PostgreSQL (explain_pg.c): the decisions q selects, with their run and
 * traces, from the xiufu schema at conninfo into a new temporary file of
 * the output layout, whose name goes into path (cap bytes).  0, or -1 with
 * *err (malloc'd); the caller unlinks the file. */
int  xf_ex_fetch_pg(const char *conninfo, const xf_ex_query *q, char *path, size_t cap, char **err);

/* --what-if (what_if.c): the decision ex decided again, through the run's
 * own stored rules on the run's day, with the record's values changed
 * (COLUMN=VALUE, entity.COLUMN=VALUE; `none` clears one).  Needs the
 * records database attached.  0 with the decisions in *out (*nout), or -1
 * with *err. */
int xf_ex_what_if(xf_ex_db *db, const xf_explanation *ex, char *const *changes, int nchanges, int en,
                  xf_explanation ***out, int *nout, char **err);

/* ------------------------------------------------------------ rendering */

/* A growable text buffer (runtime/strbuf.h). */
typedef xf_strbuf xf_ex_buf;

/* An explanation as lines in the reader's language (explain_text.c); the
 * text and HTML renderers lay the same lines out. */
enum {
    XF_EXL_TITLE,     /* the decision: "penalty:3 · 行政处罚信息_107号令" */
    XF_EXL_SECTION,   /* a section heading */
    XF_EXL_TRACE,     /* the heading of the full trace (folded in HTML) */
    XF_EXL_SUB,       /* a heading inside the trace */
    XF_EXL_KEY,       /* "key\tvalue" */
    XF_EXL_TEXT,      /* a sentence */
    XF_EXL_RULE,      /* a rule as written: "55│ can_apply from ..." */
    XF_EXL_EXPR,      /* an expression in plain words (plain.h) */
    XF_EXL_BASIS,     /* a citation */
    XF_EXL_STEP,      /* a ladder step tried */
    XF_EXL_MET,       /* a condition that holds */
    XF_EXL_UNMET,     /* a condition that does not */
    XF_EXL_OUTCOME,   /* "key\tcode\tname": the outcome (a badge in HTML) */
    XF_EXL_FORMULA    /* the rule syntax of the plain words just said (for policy authors) */
};

typedef struct xf_ex_line {
    int   kind, level;
    char *text;
} xf_ex_line;

typedef struct xf_ex_doc {
    int         n, cap, oom;
    xf_ex_line *l;
} xf_ex_doc;

/* The lines of one explanation; 0, or -1 when out of memory. */
int  xf_ex_document(const xf_explanation *ex, int en, xf_ex_doc *doc);
void xf_ex_doc_free(xf_ex_doc *doc);

/* The selected decisions as text (explain_text.c) or as one HTML page
 * (explain_html.c); 0, or -1 when out of memory. */
int xf_ex_render_text(xf_ex_buf *out, xf_explanation *const *ex, int n, int en);
int xf_ex_render_html(xf_ex_buf *out, xf_explanation *const *ex, int n, int en, const char *db_path);
/* A decision beside the same record decided with changed values: what
 * differs, then the changed decision explained in full (text), or the two
 * side by side (HTML page). */
int xf_ex_render_what_if_text(xf_ex_buf *out, const xf_explanation *before, const xf_explanation *after,
                              char *const *changes, int nchanges, int en);
int xf_ex_render_what_if_html(xf_ex_buf *out, const xf_explanation *before, const xf_explanation *after,
                              char *const *changes, int nchanges, int en);
/* The same page in parts, to be written as it is made: the head (n
 * decisions in all), a summary row per decision then its end, each
 * decision (a new entity section when its USCC differs from prev_uscc;
 * NULL for the first), the end. */
int xf_ex_html_begin(xf_ex_buf *out, int en, const char *db_path, const xf_explanation *first, int n);
int xf_ex_html_summary_row(xf_ex_buf *out, const xf_explanation *ex, int i, int en);
int xf_ex_html_summary_end(xf_ex_buf *out, int n);
int xf_ex_html_decision(xf_ex_buf *out, const xf_explanation *ex, const char *prev_uscc, int en);
int xf_ex_html_end(xf_ex_buf *out, int n, int en);
/* One decision as the page's <article> (`xiufu diff --html` lays two side
 * by side), the page's CSS, and text escaped with its dates marked. */
int xf_ex_render_html_article(xf_ex_buf *out, const xf_explanation *ex, int en);
const char *xf_ex_html_style(void);
void xf_ex_html_esc(xf_ex_buf *out, const char *s);

/* ------------------------------------------------------------- helpers */

void xf_ex_puts(xf_ex_buf *b, const char *s);
void xf_ex_putn(xf_ex_buf *b, const char *s, size_t n);
void xf_ex_printf(xf_ex_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void xf_ex_buf_free(xf_ex_buf *b);

/* A traced value as a reader sees it (是/否, 3个月, 50000.00元, 无 ...). */
const char *xf_ex_value(const xf_ex_slot *s, int en, char *buf, size_t cap);
/* A citation for an English reader: each article reference also in
 * English, "Article 11 (第十一条)" (cite_en.c). */
void xf_ex_cite_en(xf_ex_buf *out, const char *citation);
/* A day or a duration. */
const char *xf_ex_day(int64_t day, char buf[11]);
const char *xf_ex_duration(int64_t dur, int en, char *buf, size_t cap);
/* The outcome's name: 可申请修复 / "conditions met; the entity may apply"; the code when unknown. */
const char *xf_ex_outcome_name(const char *code, int en);
/* The witness slot that goes with an aggregate slot, or NULL. */
const xf_ex_slot *xf_ex_witness_of(const xf_explanation *ex, const xf_ex_slot *agg);

#endif
