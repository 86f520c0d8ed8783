/* cmd_check.c — `xiufu check [--lang zh|en] [--format text|json] [--watch] [--dump=tokens|steps] [--emit-llvm] FILE...` */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_watch.h"
#include "cli.h"
#include "diag_json.h"
#include "jit.h"
#include "policyset.h"

static int usage(void) {
    fprintf(stderr, "usage: xiufu check [--lang zh|en] [--format text|json] [--watch] [--dump=tokens|steps] [--emit-llvm] [-O0..3] POLICY...\n");
    return 2;
}

int xf_cmd_check(int argc, char **argv) {
    xf_lang lang = XF_LANG_ZH;
    const char *dump = NULL;
    int emit_llvm = 0, opt = 2, nfiles = 0, json = 0, watch = 0;
    char **files = calloc((size_t)argc, sizeof *files);
    if (!files) return 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--lang") && i + 1 < argc) {
            int l = xf_parse_lang(argv[++i]);
            if (l < 0) { free(files); return usage(); }
            lang = (xf_lang)l;
        } else if (!strcmp(a, "--format") && i + 1 < argc) {
            const char *f = argv[++i];
            if (strcmp(f, "text") && strcmp(f, "json")) {
                fprintf(stderr, "xiufu check: --format takes text or json, not '%s'\n", f);
                free(files);
                return usage();
            }
            json = !strcmp(f, "json");
        } else if (!strncmp(a, "--dump=", 7)) {
            dump = a + 7;
            if (strcmp(dump, "tokens") && strcmp(dump, "steps")) { free(files); return usage(); }
        } else if (!strcmp(a, "--watch")) {
            watch = 1;
        } else if (!strcmp(a, "--emit-llvm")) {
            emit_llvm = 1;
        } else if (a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '3' && !a[3]) {
            opt = a[2] - '0';
        } else if (!strcmp(a, "--help")) {
            free(files);
            usage();
            return 0;
        } else if (a[0] == '-') {
            free(files);
            return usage();
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (!nfiles) { free(files); return usage(); }
    if (watch) {
        int rc = xf_check_watch(files, nfiles, lang, json);
        free(files);
        return rc;
    }
    xf_compile c;
    xf_compile_init(&c);
    if (dump && !strcmp(dump, "tokens")) c.dump_tokens = stdout;
    int errors;
    if (json) {  /* the diagnostics on stdout, as one JSON document (diag_json.h) */
        errors = xf_policyset_check_quiet(&c, files, nfiles);
        xf_diags_print_json(&c.diags, stdout, lang);
    } else {
        errors = xf_policyset_check(&c, files, nfiles, lang);
    }
    int rc = errors ? 1 : 0;
    if (!errors && (emit_llvm || (dump && !strcmp(dump, "steps")))) {
        xf_tablespec *specs;
        xf_table_specs(&c, c.policies, c.npolicies, &specs);
        xf_prog **progs = calloc((size_t)c.npolicies + 1, sizeof *progs);
        for (int i = 0; progs && i < c.npolicies; i++) progs[i] = xf_lower(&c, c.policies[i]);
        if (dump)
            for (int i = 0; progs && i < c.npolicies; i++)
                if (progs[i]) xf_prog_dump(progs[i], stdout);
        if (emit_llvm && progs) {
            char *err = NULL;
            char *ir = xf_llvm_emit_text(progs, c.npolicies, opt, &err);
            if (ir) fputs(ir, stdout), free(ir);
            else fprintf(stderr, "xiufu: %s\n", err ? err : "LLVM failed"), free(err), rc = 1;
        }
        for (int i = 0; progs && i < c.npolicies; i++) xf_prog_free(progs[i]);
        free(progs);
    }
    xf_compile_free(&c);
    free(files);
    return rc;
}
