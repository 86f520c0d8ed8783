/* ast.h — the syntax tree the parser hands to the checker.
 *
 * Every node lives in the compilation's arena and carries the byte span of
 * its source.  The checker fills the annotation fields (type, resolution);
 * lowering reads them.  Lists are arena arrays with a count.
 */
#ifndef XF_AST_H
#define XF_AST_H

#include <stdint.h>
#include "diag.h"

/* ---- types (built by the checker, kept in the arena) ---- */
typedef enum {
    XF_T_ERROR,     /* an earlier error: suppresses follow-on messages */
    XF_T_BOOL, XF_T_INT, XF_T_MONEY, XF_T_DATE, XF_T_DURATION, XF_T_TEXT,
    XF_T_ENUM, XF_T_SET, XF_T_RECORD, XF_T_LIST, XF_T_NONE, XF_T_LABELS
} xf_type_kind;

struct xf_decl;
typedef struct xf_type {
    xf_type_kind    kind;
    int             optional;  /* may be absent */
    struct xf_decl *decl;      /* ENUM / SET: the enum; RECORD / LIST: the record */
} xf_type;

/* ---- expressions ---- */
typedef enum {
    XF_E_INT, XF_E_MONEY, XF_E_DATE, XF_E_DURATION, XF_E_TEXT, XF_E_BOOL, XF_E_NONE,
    XF_E_NAME,      /* name: a let, requirement, parameter, label, record variable, as_of */
    XF_E_FIELD,     /* a.name */
    XF_E_LABELS,    /* { items } : labels or texts */
    XF_E_UNARY,     /* op a */
    XF_E_BINARY,    /* a op b */
    XF_E_CALL,      /* name(args) */
    XF_E_AGG,       /* op var in a [where b] [satisfy/of c] */
    XF_E_IF,        /* if a then b else c */
    XF_E_ALLREQ     /* all required */
} xf_expr_kind;

typedef enum {
    XF_EOP_AND, XF_EOP_OR, XF_EOP_NOT, XF_EOP_NEG,
    XF_EOP_EQ, XF_EOP_NE, XF_EOP_LT, XF_EOP_LE, XF_EOP_GT, XF_EOP_GE,
    XF_EOP_ADD, XF_EOP_SUB, XF_EOP_MUL,
    XF_EOP_IN, XF_EOP_NOTIN, XF_EOP_WITHIN, XF_EOP_MEETS, XF_EOP_COALESCE,
    XF_AGG_EXISTS, XF_AGG_COUNT, XF_AGG_ALL, XF_AGG_MIN, XF_AGG_MAX
} xf_operator;

/* What a NAME or FIELD resolved to (set by the checker). */
typedef enum {
    XF_R_NONE, XF_R_LET, XF_R_REQUIRE, XF_R_OUTPUT, XF_R_PARAM, XF_R_LABEL, XF_R_SUBJECT,
    XF_R_AGGVAR, XF_R_ASOF, XF_R_COLUMN, XF_R_ENTITY, XF_R_RELATION, XF_R_BUILTIN
} xf_ref_kind;

/* How deep operators may nest in one expression: the passes after parsing
 * recurse over them (no real policy comes near). */
#define XF_MAX_EXPR_DEPTH 1000

typedef struct xf_expr xf_expr;
struct xf_expr {
    xf_expr_kind kind;
    xf_span      span;
    int          op;        /* xf_operator */
    int64_t      ival;      /* INT, MONEY (fen), DATE (day), DURATION (slot), BOOL */
    const char  *name;      /* NAME, FIELD, CALL, TEXT value, AGG variable */
    xf_span      name_span; /* FIELD: span of the field name; AGG: of the variable */
    xf_expr     *a, *b, *c;
    xf_expr    **args;      /* CALL arguments, LABELS items */
    int          nargs;
    int          depth;     /* operators nested in it, itself included (parser: XF_MAX_EXPR_DEPTH) */
    /* checker annotations */
    xf_type     *type;
    xf_ref_kind  ref;
    int          ref_index; /* let/require/param/column/label/builtin/aggvar index */
    struct xf_decl *ref_decl; /* the record (COLUMN, RELATION) or enum (LABEL) */
    struct xf_docval *docval; /* in a document's `where`: what the value reads */
};

/* ---- declarations ---- */
typedef struct xf_typeref {
    const char *name;     /* base type name */
    xf_span     span;
    int         is_set;   /* set of NAME */
    int         optional; /* NAME? */
} xf_typeref;

typedef struct xf_label { const char *name; xf_span span; } xf_label;

typedef struct xf_field_decl {
    const char *name;
    xf_span     span;
    xf_typeref  type;
    const char *column;   /* SQL column; defaults to name */
    xf_type    *rtype;    /* resolved */
    int         used;     /* bound by some policy: the loader reads it */
    int         load_col; /* its column among those loaded (xf_table_specs), -1 if not */
} xf_field_decl;

typedef struct xf_except {
    xf_expr    *value, *cond;
    const char *basis;
    xf_span     span;
    int         ordered;  /* written 'else except': applies only when no earlier one did */
} xf_except;

typedef struct xf_let {
    const char *name;
    xf_span     span;
    xf_expr    *value;    /* NULL: a syntax error in it (reported); the name stays defined */
    const char *basis;
    xf_except  *excepts;
    int         nexcepts;
    /* checker */
    xf_type    *type;
    int         state;    /* 0 unchecked, 1 in progress (cycle), 2 done */
    int         order;    /* evaluation order */
} xf_let;

typedef struct xf_require {
    const char *name;
    xf_span     span;
    xf_expr    *cond;     /* NULL: a syntax error in it (reported) */
    const char *basis;
    int         order;    /* evaluation order, shared with the lets */
} xf_require;

typedef struct xf_output {
    const char *name;
    xf_span     span;
    xf_expr    *value;    /* NULL: a syntax error in it (reported) */
    const char *basis;
    xf_type    *type;
    int         field;    /* index among the policy's fields */
} xf_output;

typedef struct xf_assign { const char *name; xf_span span; xf_expr *value; int field; } xf_assign;

/* Where an override's `decide` block goes in the ladder of the policy it
 * overrides (docs/language.md §14a). */
typedef enum { XF_PLACE_FIRST, XF_PLACE_BEFORE, XF_PLACE_AFTER, XF_PLACE_INSTEAD } xf_place;

typedef struct xf_step {
    const char *outcome;
    xf_span     span;
    xf_expr    *from, *until, *when;  /* when == NULL: otherwise */
    xf_assign  *sets;
    int         nsets;
    const char *basis;
    int         code;                 /* xf_outcome, set by the checker */
    const char *name;                 /* `NAME: outcome ...`, or NULL */
    xf_span     name_span;
    int         place;                /* xf_place of its `decide` block */
    const char *anchor;               /* the base step it is placed against */
    xf_span     anchor_span;
    xf_label   *overrides;            /* `overrides A, B`: base steps it may preempt */
    int         noverrides;
    int         local;                /* in a merged override: written by the override */
    int         written;              /* 1-based position in its own policy, as written */
} xf_step;

typedef struct xf_param_row_decl {
    const char *region;   /* NULL: everywhere */
    int         has_from, has_until;
    int64_t     from, until;
    xf_expr    *value;
    const char *basis;
    xf_span     span;
} xf_param_row_decl;

/* ---- tests inside policy files ----
 *   test "名称" {
 *     entity  { region: "510402" }                     # optional: a default entity is made
 *     penalty { measures: {罚款}, fine_yuan: 80000元, published: 2026-02-28 }
 *     penalty { cause: "虚假宣传", decided: 2026-06-01 }   # more records of the same entity
 *     on 2027-02-28 expect not_yet eligible_from 2027-03-01
 *   }
 * Expectations concern the first record that is not the entity. */
typedef struct xf_test_field { const char *name; xf_span span; xf_expr *value; int field; } xf_test_field;

typedef struct xf_test_record {
    const char    *record;    /* record name: entity, penalty, abnormal ... */
    xf_span        span;
    xf_test_field *fields;
    int            nfields;
    struct xf_decl *decl;     /* resolved record */
} xf_test_record;

typedef struct xf_test_expect {
    int64_t        day;       /* as_of */
    xf_span        span;
    const char    *outcome;   /* an outcome code, or "none": no policy governs the record */
    xf_span        outcome_span;
    xf_test_field *checks;    /* eligible_from 2027-03-01, stops_on none, remind_on ... */
    int            nchecks;
} xf_test_expect;

/* ---- documents: forms filled from the decisions of a run ----
 *   document 告知书 for p: penalty by 政策A, 政策B [where outcome != not_published]
 *     notice """…{p.entity.name}…{eligible_from}…"""
 *   document 台账 for p: penalty by 政策A ledger { 序号: row, "企业名称": p.entity.name, … }
 *   document 统计表 for p: penalty by 政策A
 *     statistics by p.authority { 序号: row, "区直/驻区部门": p.authority, "条数": count } total "合计"
 * A document shows values the run already holds: columns of the record and
 * of its entity, and fields of the decision (outputs, eligible_from,
 * stops_on, outcome).  It computes nothing: a value it needs is an output of
 * its policies.  Rendered by documents/documents.c. */
typedef enum { XF_DOC_NOTICE, XF_DOC_LEDGER, XF_DOC_STATISTICS } xf_doc_kind;

/* What a shown value reads (set by the checker, check_documents.c). */
typedef enum {
    XF_DV_ERROR,    /* reported: shows nothing */
    XF_DV_TEXT,     /* a text template: literal parts and placeholders */
    XF_DV_COLUMN,   /* a column of the subject record (index: field of the record) */
    XF_DV_ENTITY,   /* a column of the subject's entity (index: field of the entity record) */
    XF_DV_FIELD,    /* a field of the decision: field_of[k] in the k-th policy of `by` */
    XF_DV_OUTCOME,  /* the decision's outcome, in Chinese */
    XF_DV_ROW,      /* the row's number, from 1 */
    XF_DV_COUNT,    /* statistics: decisions in the group */
    XF_DV_KEY,      /* statistics: grouping value number `index` */
    XF_DV_ASOF      /* the evaluation day */
} xf_docval_kind;

typedef struct xf_docpart xf_docpart;
typedef struct xf_docval {
    xf_expr        *expr;       /* as written: a name, a field path or a text */
    xf_docval_kind  kind;
    int             index;
    int            *field_of;   /* FIELD: per policy of `by` */
    xf_type        *type;
    xf_docpart     *parts;      /* TEXT */
    int             nparts;
} xf_docval;

struct xf_docpart {
    const char *text;           /* a literal part (NUL-terminated), or NULL for a placeholder */
    xf_docval   value;          /* the placeholder */
};

typedef struct xf_doc_column {
    const char *name;           /* the column's header, as the form writes it */
    xf_span     span;
    xf_docval   value;
} xf_doc_column;

typedef enum { XF_D_ENUM, XF_D_RECORD, XF_D_PARAM, XF_D_POLICY, XF_D_TEST, XF_D_DOCUMENT } xf_decl_kind;

typedef struct xf_module xf_module;

typedef struct xf_decl {
    xf_decl_kind kind;
    const char  *name;
    xf_span      span;
    xf_module   *module;
    /* ENUM */
    xf_label    *labels;
    int          nlabels;
    /* RECORD */
    const char  *table;
    const char  *key;         /* row key column, NULL = rowid */
    const char  *entity_col;  /* NULL for the entity record itself */
    xf_field_decl *fields;
    int          nfields;
    int          table_index; /* position among the loaded tables, -1 if unused */
    /* PARAM */
    xf_typeref   ptype;
    xf_type     *param_type;
    xf_param_row_decl *rows;
    int          nrows;
    xf_expr     *pdefault;    /* NULL: no default */
    const char  *default_basis;
    int          param_index;
    int          param_used;  /* called by a checked policy */
    /* POLICY */
    const char  *var;         /* subject variable */
    xf_span      var_span;
    const char  *subject;     /* record name */
    xf_span      subject_span;
    struct xf_decl *subject_decl;
    xf_expr     *where;
    xf_let      *lets;       int nlets;
    xf_require  *reqs;       int nreqs;
    xf_output   *outputs;    int noutputs;
    xf_step     *steps;      int nsteps;
    xf_span      decide_span;
    xf_expr     *effective_on;  /* the day that picks the regime (default as_of) */
    xf_expr     *lenient_on;    /* the record's own day: the older regime in force then is also applied, its
                                   earlier dates kept (从旧兼从轻); absent: not applied */
    const char  *supersedes;    /* the policy this one follows in time */
    xf_span      supersedes_span;
    struct xf_decl *superseded;
    /* an override: a copy of the base policy with the override's items */
    const char  *overrides;     /* the base policy's name */
    xf_span      overrides_span;
    struct xf_decl *base;
    xf_expr     *override_where;   /* the override's own scope (region ...) */
    struct xf_decl **overridden_by;  /* overrides of this policy */
    int          unknown_steps;    /* an override naming steps its base lacks (reported) */
    int          noverridden_by;
    /* PARAM: `extend param` adds rows to a parameter of another module */
    int          extends;
    /* TEST: name is the test's title */
    xf_test_record *trecords;  int ntrecords;
    xf_test_expect *texpects;  int ntexpects;
    /* DOCUMENT: var, subject, subject_decl and where as for a policy */
    xf_doc_kind  doc_kind;
    const char **by;           /* the policies whose decisions it shows */
    xf_span     *by_spans;
    int          nby;
    struct xf_decl **by_decls; /* resolved */
    xf_docval    notice;       /* NOTICE: the template */
    xf_doc_column *columns;    /* LEDGER, STATISTICS */
    int          ncolumns;
    xf_docval   *keys;         /* STATISTICS: the grouping values */
    int          nkeys;
    const char  *total;        /* STATISTICS: text of the total row, or NULL */
} xf_decl;

struct xf_module {
    const char *name;
    xf_span     span;
    const char *path;
    const char **uses;
    xf_span     *use_spans;
    int          nuses;
    const char  *basis;       /* the instrument every relative citation refers to */
    int          has_effective_from, has_effective_until;
    int64_t      effective_from, effective_until;
    xf_span      effective_span;
    xf_decl    **decls;
    int          ndecls;
    const char  *source_text; /* the file's text, for hashing and storage */
    int          prelude;     /* the standard schema module: visible everywhere */
    struct xf_module **visible; /* the modules it uses, directly or not (checker) */
    int          too_deep;      /* an expression nested beyond XF_MAX_EXPR_DEPTH: not checked further */
    int          syntax_errors; /* items lost to them: what their absence implies is not reported */
    int          nvisible;
};

#endif
