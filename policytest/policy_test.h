/* policy_test.h — running the `test` blocks of policy files (`xiufu test`).
 *
 * Each test's records go into a temporary records database, every policy of
 * the given paths decides them through the ordinary run (run.h) on each day
 * the test names, and the subject record's decision is compared with what
 * the test expects.  The decisions' traces give the coverage of each module
 * (test_coverage.h).
 */
#ifndef XF_POLICY_TEST_H
#define XF_POLICY_TEST_H

#include <stdio.h>

#include "diag.h"

typedef struct xf_test_opts {
    char *const *paths;      /* policy files and folders, as for check and run; or packs (.so) */
    int          npaths;
    const char *const *patterns;  /* --run: only tests whose name matches one of them (NULL: all) */
    int          npatterns;
    const char  *trusted_keys;    /* packs: --trusted-keys DIR, or NULL for the default folder */
    int          allow_unsigned;  /* packs: --allow-unsigned */
    xf_lang      lang;
    int          min_coverage;  /* percent every module with policies must reach */
    const char  *engine;     /* "jit" or "interp" */
    int          opt_level;
    FILE        *out;        /* results and coverage */
    int          json;       /* out gets one JSON document: the check's diagnostics, each failure as one, the
                                tests and their counts (docs/engineers-guide.md, "Machine-readable diagnostics") */
} xf_test_opts;

/* Returns the exit code: 0 when every test passes and every module reaches
 * min_coverage, 1 otherwise (or on errors in the policies). */
int xf_policy_test(const xf_test_opts *o);

#endif
