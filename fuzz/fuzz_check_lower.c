/* fuzz_check_lower.c — fuzz the checker and the lowering.
 *
 * Mirrors `xiufu check` / `xiufu run` up to the engines: the embedded schema
 * and the input are parsed, xf_check runs even after syntax errors (as the
 * CLI does, to report type errors beside them), and a clean compilation is
 * lowered policy by policy; each step program must pass xf_interp_check,
 * the structural contract both engines rely on.  A program that fails it
 * is a lowering bug, reported by aborting. */
#include <stdio.h>
#include <stdlib.h>

#include "fuzz.h"
#include "interp.h"
#include "xiufu.h"

static FILE *xf_fuzz_sink(void) {
    static FILE *f;
    if (!f) f = fopen("/dev/null", "w");
    return f;
}

/* What src/run.c asks of a checked compilation before it starts an engine. */
static void xf_fuzz_lower_all(xf_compile *c) {
    xf_tablespec *specs;
    if (xf_table_specs(c, c->policies, c->npolicies, &specs) < 0) return;
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
    }
}

void xf_fuzz_check_lower(const uint8_t *data, size_t size) {
    if (size > UINT32_MAX) return;
    xf_compile c;
    xf_compile_init(&c);
    if (xf_compile_add_schema(&c) == 0 && xf_compile_add_text(&c, "fuzz.xf", (const char *)data, (uint32_t)size) == 0) {
        int parse_errors = c.diags.errors;
        int errors = xf_check(&c);
        if (!parse_errors && !errors && !c.diags.errors) xf_fuzz_lower_all(&c);
    }
    FILE *sink = xf_fuzz_sink();
    if (sink) {
        xf_diags_print(&c.diags, sink, XF_LANG_ZH);
        xf_diags_print(&c.diags, sink, XF_LANG_EN);
    }
    xf_compile_free(&c);
}

#ifdef XF_FUZZ_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    xf_fuzz_check_lower(data, size);
    return 0;
}
#endif
