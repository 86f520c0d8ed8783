/* test_coverage.h — what the decisions of `xiufu test` exercised, per module.
 *
 * The items are the ladder steps, the exceptions of lets and the
 * requirements, each counted once where it is written: an override's own
 * items count for the module that declares the override, the items it
 * copies from its base for the base's module (decisions of either policy
 * exercise them).  A step is covered when a decision was decided by it, an
 * exception when a decision's trace shows it applied, a requirement when it
 * was seen both met and unmet.
 */
#ifndef XF_TEST_COVERAGE_H
#define XF_TEST_COVERAGE_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>

#include "xiufu.h"

typedef enum { XF_COV_STEP, XF_COV_EXCEPT, XF_COV_REQUIRE } xf_cov_kind;

typedef struct xf_cov_item {
    xf_cov_kind      kind;
    xf_span          span;
    const xf_module *module;  /* where it is written */
    const xf_decl   *policy;  /* the policy of that module it belongs to */
    const char      *what;    /* the step's outcome, the let's or requirement's name */
    int              number;  /* step number, or the exception's number within its let (1-based) */
    int              hit;     /* step, exception: exercised */
    int              met, unmet;
} xf_cov_item;

typedef struct xf_coverage {
    xf_compile  *c;
    xf_cov_item *items;
    int          n;
} xf_coverage;

/* The items of every checked policy of c.  0, or -1 out of memory. */
int  xf_coverage_init(xf_coverage *cv, xf_compile *c);
void xf_coverage_free(xf_coverage *cv);

/* One decision: the deciding policy, its step (1-based, as written in the
 * decision table; NULL if none) and its trace, described by the run's
 * trace_point rows in `out`.  0, or -1 with *errmsg (malloc'd). */
int xf_coverage_note(xf_coverage *cv, sqlite3 *out, int64_t run, const char *policy, const char *step,
                     const void *trace, int trace_len, char **errmsg);

/* One line per module with policies and the items no test exercised.
 * Returns the number of modules below min_percent. */
int xf_coverage_report(const xf_coverage *cv, FILE *f, xf_lang lang, int min_percent);

#endif
