/* cmd_test.c — `xiufu test [--lang zh|en] [--format text|json] [--min-coverage N] [--engine jit|interp] [-O0..3] PATH...` */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "policy_test.h"
#include "policyset.h"

static int usage(void) {
    fprintf(stderr, "usage: xiufu test [--lang zh|en] [--format text|json] [--min-coverage N] [--engine jit|interp] [-O0..3] POLICY...\n");
    return 2;
}

int xf_cmd_test(int argc, char **argv) {
    /* -O0: every day a test names is a run that compiles all the policies, and
     * LLVM's optimizations would take most of the time; the code is the same
     * (tests/diff holds the engines and levels to the same decisions), and
     * -O2 tests exactly what a default `xiufu run` executes. */
    xf_test_opts o = {.lang = XF_LANG_ZH, .min_coverage = 100, .engine = "jit", .opt_level = 0, .out = stdout};
    char **paths = calloc((size_t)argc, sizeof *paths);
    if (!paths) return 1;
    int n = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(a, "--lang") && more) {
            int l = xf_parse_lang(argv[++i]);
            if (l < 0) { free(paths); return usage(); }
            o.lang = (xf_lang)l;
        } else if (!strcmp(a, "--format") && more) {
            const char *f = argv[++i];
            if (strcmp(f, "text") && strcmp(f, "json")) {
                fprintf(stderr, "xiufu test: --format takes text or json, not '%s'\n", f);
                free(paths);
                return usage();
            }
            o.json = !strcmp(f, "json");
        } else if (!strcmp(a, "--min-coverage") && more) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || v < 0 || v > 100) {
                fprintf(stderr, "xiufu test: --min-coverage takes a percentage, 0 to 100\n");
                free(paths);
                return usage();
            }
            o.min_coverage = (int)v;
        } else if (!strcmp(a, "--engine") && more) {
            o.engine = argv[++i];
            if (strcmp(o.engine, "jit") && strcmp(o.engine, "interp")) { free(paths); return usage(); }
        } else if (a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '3' && !a[3]) {
            o.opt_level = a[2] - '0';
        } else if (!strcmp(a, "--help")) {
            free(paths);
            usage();
            return 0;
        } else if (a[0] == '-') {
            fprintf(stderr, "xiufu test: unexpected argument '%s'\n", a);
            free(paths);
            return usage();
        } else {
            paths[n++] = argv[i];
        }
    }
    if (!n) { free(paths); return usage(); }
    o.paths = paths;
    o.npaths = n;
    int rc = xf_policy_test(&o);
    free(paths);
    return rc;
}
