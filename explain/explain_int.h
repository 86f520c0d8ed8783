/* explain_int.h — what the parts of the explainer share: the database
 * handle, the run's sources and their compilation, and the arena of one
 * explanation.  Not for use outside explain/. */
#ifndef XF_EXPLAIN_INT_H
#define XF_EXPLAIN_INT_H

#include <sqlite3.h>
#include <stdint.h>

#include "explain.h"
#include "trace.h"
#include "xiufu.h"

/* ------------------------------------------------------------ the sources */

/* One file of a run's sources, as the run stored it. */
typedef struct xf_ex_source {
    char    *path;
    char    *text;
    uint32_t len;
} xf_ex_source;

/* The sources of run `run`: the rows of run_source when the database has
 * them, else the text older runs stored in run.policy_source (`joined`),
 * split at its `# ---- PATH` lines.  0 with *out (malloc'd, *n files, none
 * when nothing was stored), or -1 out of memory. */
int  xf_ex_read_sources(sqlite3 *db, int64_t run, const char *joined, xf_ex_source **out, int *n);
void xf_ex_free_sources(xf_ex_source *s, int n);

/* ------------------------------------------------------- the compilation */

/* A policy of the rebuilt compilation: its declaration and the trace slots
 * lowering gives it, which the run's trace_point rows must match one for
 * one before the tree is trusted to explain the run's traces. */
typedef struct xf_ex_policy {
    const char    *name;
    const xf_decl *decl;
    xf_trace_info  ti;
    int            lowered;   /* 1: ti holds its slots; -1: lowering failed */
} xf_ex_policy;

typedef struct xf_ex_compiled {
    xf_compile    c;
    int           ok;         /* parsed and checked without errors */
    int           npol;
    xf_ex_policy *pol;
} xf_ex_compiled;

/* The compilation of the run's sources with the compiler's own parser and
 * checker (the schema module among them, else the one built in); NULL out
 * of memory.  With no sources, or sources that no longer check, ok is 0. */
xf_ex_compiled *xf_ex_compile(const xf_ex_source *src, int n);
void            xf_ex_compiled_free(xf_ex_compiled *cc);
/* The policy named, lowered with its trace; NULL when it is not there. */
const xf_ex_policy *xf_ex_policy_named(xf_ex_compiled *cc, const char *name);
/* A record field's description and its enum's name, from the record
 * declaration that reads table tab, column col. */
const char *xf_ex_field_note(xf_ex_compiled *cc, const char *tab, const char *col, const char **type_name);

/* ------------------------------------------------------------- database */

struct xf_ex_db {
    char           *path;
    sqlite3        *db;
    int             has_trace;    /* trace_point and trace_text exist */
    int64_t         run;          /* the run loaded below, 0 none */
    char           *as_of, *started, *engine, *hash;
    xf_ex_source   *src;          /* the run's sources */
    int             nsrc;
    xf_ex_compiled *cc;           /* their compilation, NULL until first needed */
    xf_ex_compiled *schema;       /* the built-in schema alone: labels when the run kept no sources */
    int             records_attached;  /* the records database is attached as `rec` (cases.c) */
};

/* ------------------------------------------------------ one explanation */

struct xf_ex_mem {
    struct xf_ex_mem *next;
    max_align_t       data[];
};

typedef struct xf_ex_build {
    xf_explanation     *ex;
    xf_ex_db           *db;
    xf_ex_compiled     *cc;      /* the run's compilation, or NULL */
    const xf_decl      *pol;     /* the decision's policy in it, NULL when its slots do not match */
    const xf_trace_point *pt;    /* its slots as lowering made them, aligned with ex->slots */
    int                 oom;
} xf_ex_build;

void *xf_ex_alloc(xf_ex_build *b, size_t n);
char *xf_ex_strndup(xf_ex_build *b, const char *s, size_t n);
char *xf_ex_strdup(xf_ex_build *b, const char *s);

/* explain_build.c: the parts of an explanation, from the checked tree
 * where the policy's slots matched, from the traced values alone where not. */
void xf_ex_build_lets(xf_ex_build *b);
void xf_ex_build_reqs(xf_ex_build *b);
void xf_ex_build_params(xf_ex_build *b);
void xf_ex_build_steps(xf_ex_build *b);
void xf_ex_build_regime(xf_ex_build *b);
void xf_ex_build_labels(xf_ex_build *b);
/* cases.c: the entity's name, the record's 文号, authority and dates. */
void xf_ex_case_documents(xf_ex_build *b);

#endif
