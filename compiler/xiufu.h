/* xiufu.h — the pipeline, in order.
 *
 *   source text ──parse──▶ xf_module (ast.h)            grammar/parse.h
 *               ──check──▶ annotated modules + symbols  check.c
 *               ──lower──▶ xf_prog per policy (ir.h)    lower.c
 *               ──▶ interpret (interp.h) | LLVM → JIT (jit.h)
 *
 * One xf_compile holds a compilation: its arena (AST, types, symbols), the
 * diagnostics and the sources.  xf_compile_free releases all of it.
 */
#ifndef XF_XIUFU_H
#define XF_XIUFU_H

#include <stdint.h>
#include <stdio.h>
#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "ir.h"
#include "tables.h"
#include "xf_abi.h"
#include "params.h"

/* out->step of a governed record that no ladder step decided (only possible
 * where the checker could not complete its proof): reported as an error. */
#define XF_STEP_NONE_APPLIED (-2)

typedef struct xf_compile {
    xf_arena    arena;
    xf_diags    diags;
    xf_module **modules;     /* the embedded schema module first */
    int         nmodules;
    FILE       *dump_tokens; /* --dump=tokens: the scanner writes here */

    /* filled by xf_check */
    xf_decl   **decls;       /* every declaration of every module */
    int         ndecls;
    xf_decl   **policies;    /* in source order */
    int         npolicies;
    xf_decl   **params;
    int         nparams;
    xf_decl    *entity;      /* the entity record (table 0 when loading) */
    const char **texts;      /* text literals, indexed by TEXTLIT */
    int         ntexts;
    const xf_module *scope;  /* the module whose names the checker resolves now */
} xf_compile;

void xf_compile_init(xf_compile *c);
void xf_compile_free(xf_compile *c);

/* Parse the embedded schema module; then each file or in-memory source.
 * Return 0, or -1 when the file cannot be read (reported as a diagnostic). */
int  xf_compile_add_schema(xf_compile *c);
int  xf_compile_add_file(xf_compile *c, const char *path);
int  xf_compile_add_text(xf_compile *c, const char *name, const char *text, uint32_t len);

/* Resolve names, check types, exceptions, ladders and citations.  Returns the
 * number of errors (warnings do not count). */
int  xf_check(xf_compile *c);

/* A policy is in effect on day as_of when its module's effective period
 * contains it (reading 6 of docs/readings.md: the regime in force on the
 * evaluation date governs). */
int  xf_policy_in_effect(const xf_decl *policy, int64_t as_of);

/* Two policies that must not decide one record differently: the same
 * records, neither an override of the other (nor both of one base), neither
 * following the other in time (`supersedes`).  The checker proves what it
 * can (check_logic.c); a run counts the records they did decide apart. */
int  xf_policies_may_conflict(const xf_decl *a, const xf_decl *b);

/* The tables the given policies read, entity first, with only the columns
 * they bind.  Sets table_index on each record decl used.  Arena-owned. */
int  xf_table_specs(xf_compile *c, xf_decl *const *policies, int n, xf_tablespec **specs);

/* Lower one checked policy into a step program (malloc'd; xf_prog_free).
 * The traced form also records what each decision saw (trace.h). */
struct xf_trace_info;
xf_prog *xf_lower(xf_compile *c, const xf_decl *policy);
xf_prog *xf_lower_traced(xf_compile *c, const xf_decl *policy, struct xf_trace_info *ti);

/* With `lenient on`: the older policies up its `supersedes` chain (nearest
 * first, at most max), whose ladders its program also runs; their steps are
 * numbered after its own, in this order.  0 without. */
int xf_lenient_chain(const xf_decl *policy, const xf_decl **older, int max);

/* The policy's fields in output order: eligible_from, stops_on, then its
 * outputs.  Arena-owned. */
int  xf_policy_fields(xf_compile *c, const xf_decl *policy, const char ***names, xf_kind **kinds,
                      const xf_decl ***enums);

/* How a value of type t is stored and shown: an xf_kind (load.h), or
 * XF_TV_DURATION (trace.h). */
int  xf_value_kind(const xf_type *t);

/* Parameter tables for the runtime (params.h).  Arena-owned. */
const xf_params *xf_runtime_params(xf_compile *c);

/* The citation of a rule: the module's instrument + the rule's article. */
const char *xf_citation(xf_compile *c, const xf_decl *policy, const char *basis);

#endif
