/* fuzz_check_lower.c — fuzz the checker and the lowering.
 *
 * Mirrors `xiufu check` / `xiufu run` up to the engines: the embedded schema
 * and the input are parsed, xf_check runs even after syntax errors (as the
 * CLI does, to report type errors beside them), and a clean compilation is
 * lowered policy by policy; each step program must pass xf_interp_check,
 * the structural contract both engines rely on.  A program that fails it
 * is a lowering bug, reported by aborting.
 *
 * A line that starts with "#@@" starts another source file, so that modules
 * which `use` one another (visibility, cycles, supersedes, extend) can be
 * fuzzed too.  To the scanner the line is a comment: a combined seed still
 * reads as one file in fuzz_parse. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "interp.h"
#include "xiufu.h"

#define XF_FUZZ_SPLIT "#@@"
#define XF_FUZZ_MAX_FILES 16

static FILE *xf_fuzz_sink(void) {
    static FILE *f;
    if (!f) f = fopen("/dev/null", "w");
    return f;
}

/* What a run plan (plan/plan.c) asks of a checked compilation before it starts an engine. */
static int xf_fuzz_lower_all(xf_compile *c) {
    xf_tablespec *specs;
    int lowered = 0;
    if (xf_table_specs(c, c->policies, c->npolicies, &specs) < 0) return 0;
    xf_runtime_params(c);
    for (int i = 0; i < c->npolicies; i++) {
        const xf_decl *pol = c->policies[i];
        const char **names;
        xf_kind *kinds;
        const xf_decl **enums;
        xf_policy_fields(c, pol, &names, &kinds, &enums);
        for (int s = 0; s < pol->nsteps; s++) xf_citation(c, pol, pol->steps[s].basis);
        xf_prog *p = xf_lower(c, pol);
        if (!p) continue;  /* out of memory: not a finding */
        char *msg = NULL;
        if (xf_interp_check(p, &msg) != 0) {
            fprintf(stderr, "fuzz: policy %s lowered to an invalid step program: %s\n", pol->name,
                    msg ? msg : "(no message)");
            abort();
        }
        free(msg);
        xf_prog_free(p);
        lowered++;
    }
    return lowered;
}

/* Where the next file starts: a "#@@" at the start of a line after from. */
static size_t xf_fuzz_next_file(const char *s, size_t n, size_t from) {
    size_t m = sizeof XF_FUZZ_SPLIT - 1;
    for (size_t i = from + 1; i + m <= n; i++)
        if (s[i - 1] == '\n' && !memcmp(s + i, XF_FUZZ_SPLIT, m)) return i;
    return n;
}

/* Add the input as up to XF_FUZZ_MAX_FILES files; 0, or -1 when one failed. */
static int xf_fuzz_add_files(xf_compile *c, const char *s, size_t n) {
    size_t at = 0;
    for (int k = 1; k <= XF_FUZZ_MAX_FILES; k++) {
        size_t end = k == XF_FUZZ_MAX_FILES ? n : xf_fuzz_next_file(s, n, at);
        char name[32];
        snprintf(name, sizeof name, "fuzz%d.xf", k);
        if (xf_compile_add_text(c, name, s + at, (uint32_t)(end - at)) != 0) return -1;
        if ((at = end) >= n) break;
    }
    return 0;
}

int xf_fuzz_check_lower(const uint8_t *data, size_t size) {
    if (size > UINT32_MAX) return 0;
    int lowered = 0;
    xf_compile c;
    xf_compile_init(&c);
    if (xf_compile_add_schema(&c) == 0 && xf_fuzz_add_files(&c, (const char *)data, size) == 0) {
        int parse_errors = c.diags.errors;
        int errors = xf_check(&c);
        if (!parse_errors && !errors && !c.diags.errors) lowered = xf_fuzz_lower_all(&c);
    }
    FILE *sink = xf_fuzz_sink();
    if (sink) {
        xf_diags_print(&c.diags, sink, XF_LANG_ZH);
        xf_diags_print(&c.diags, sink, XF_LANG_EN);
    }
    xf_compile_free(&c);
    return lowered;
}

#ifdef XF_FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    xf_fuzz_check_lower(data, size);
    return 0;
}
#endif
