/* check.h — internals shared by the checker's files (check.c: names and
 * types; check_logic.c: exceptions and ladders). */
#ifndef XF_CHECK_H
#define XF_CHECK_H

#include "xiufu.h"

/* Built-in functions. X(name, min args, max args). ORDER: xf_builtin */
#define XF_BUILTINS(X)        \
    X(met, 2, 2)              \
    X(last, 2, 2)             \
    X(latest, 1, 16)          \
    X(earliest, 1, 16)        \
    X(next_workday, 1, 1)     \
    X(starts_with, 2, 2)

typedef enum {
#define X(name, lo, hi) XF_B_##name,
    XF_BUILTINS(X)
#undef X
    XF_B__COUNT
} xf_builtin;

extern const char *const xf_builtin_name[XF_B__COUNT];

/* Type constructors (arena). */
xf_type    *xf_ty(xf_compile *c, xf_type_kind kind, int optional, xf_decl *decl);
const char *xf_type_str(xf_compile *c, const xf_type *t);

/* Source text of a node, whitespace collapsed: names atoms in messages. */
const char *xf_expr_text(xf_compile *c, const xf_expr *e);

/* check_logic.c: prove exceptions exclusive and ladders complete. */
void xf_check_exceptions(xf_compile *c, xf_decl *pol, xf_let *let);
void xf_check_ladder(xf_compile *c, xf_decl *pol);
/* An override's steps that come before an excluding step of its base
 * (not_published, not_repairable, expired) may not decide otherwise a record
 * that step excludes, unless they say `overrides STEP`. */
void xf_check_preemption(xf_compile *c, xf_decl *pol);
/* Two policies, neither an override of the other nor its successor, that
 * may decide one record with different outcomes: a warning for each pair. */
void xf_check_conflicts(xf_compile *c);

/* check_modules.c: what a module sees, overrides, extensions, periods. */
void     xf_modules_visibility(xf_compile *c);
void     xf_modules_link(xf_compile *c);
void     xf_check_override_types(xf_compile *c, const xf_decl *override);
/* The step of `pol` named `name` (its index), or -1; an unknown step name is
 * reported at `at`, with the nearest name of `pol`'s steps. */
int      xf_step_named(const xf_decl *pol, const char *name);
void     xf_unknown_step(xf_compile *c, const xf_decl *pol, const char *name, xf_span at);
/* The declaration a name means in module `from` (NULL: anywhere); an
 * ambiguity is reported at `at` (when at.end != 0). */
xf_decl *xf_find_decl(xf_compile *c, const xf_module *from, const char *name, xf_decl_kind kind, xf_span at);

/* check_tests.c: tests written inside policy files. */
void     xf_check_tests(xf_compile *c);

/* check_documents.c: documents filled from the decisions of a run. */
void     xf_check_documents(xf_compile *c);
/* check.c: the type of a field path of a document's subject. */
xf_type *xf_check_path(xf_compile *c, xf_decl *doc, xf_expr *e);

/* Nearest candidate by edit distance over characters, or NULL. */
const char *xf_nearest(const char *name, const char *const *cands, int n);

#endif
