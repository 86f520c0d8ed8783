/* cmd_run.c — `xiufu run`: compile the policies in effect, load the records,
 * decide every subject record on both cores, write decisions and a summary. */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "oom.h"
#include "file_out.h"
#include "dates.h"
#include "interp.h"
#include "jit.h"
#include "outcomes.h"
#include "output.h"
#include "policyset.h"
#include "run.h"
#include "texts.h"

static int usage(void) {
    fprintf(stderr,
            "usage: xiufu run -p (POLICY... | PACK.so) -d RECORDS.db [--as-of YYYY-MM-DD] [-o OUT.db | --jsonl]\n"
            "                 [--strict] [--engine jit|interp] [-O0..3] [--threads N] [--trace=all|none]\n"
            "                 [--lang zh|en] [--quiet] [--documents DIR] [--chunk ENTITIES] [--memory MIB]\n"
            "                 [--no-cache] [--timeout SECONDS] [--trusted-keys DIR] [--allow-unsigned]\n"
            "  --trusted-keys DIR  a pack must be signed by a key whose .pub is in DIR (default:\n"
            "                      $XIUFU_TRUSTED_KEYS, else ~/.config/xiufu/trusted-keys)\n"
            "  --allow-unsigned    run an unsigned pack too (a bad signature is still refused)\n");
    return 2;
}

static int64_t today(void) {
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return xf_day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int xf_cmd_run(int argc, char **argv) {
    xf_run_opts o = {.lang = XF_LANG_ZH, .engine = "jit", .opt_level = 2, .threads = 2, .trace = 1, .cache = 1};
    char **policies = calloc((size_t)argc, sizeof *policies);
    if (!policies) return xf_oom(0), 1;  /* xf_oom says so and ends the process */
    int npol = 0, have_asof = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(a, "-p") && more) {
            policies[npol++] = argv[++i];
            while (i + 1 < argc && argv[i + 1][0] != '-') policies[npol++] = argv[++i];
        } else if (!strcmp(a, "-d") && more) {
            if (o.records) {
                fprintf(stderr, "xiufu run: -d given twice ('%s', '%s'): one records database a run\n", o.records, argv[i + 1]);
                free(policies);
                return 2;
            }
            o.records = argv[++i];
        } else if (!strcmp(a, "--as-of") && more) {
            const char *s = argv[++i];
            if (have_asof) {
                fprintf(stderr, "xiufu run: --as-of given twice: one day a run\n");
                free(policies);
                return 2;
            }
            if (xf_date_parse(s, strlen(s), &o.as_of) != XF_DATE_OK) {
                fprintf(stderr, "xiufu run: --as-of '%s' is not a valid date (YYYY-MM-DD)\n", s);
                free(policies);
                return 2;
            }
            have_asof = 1;
        } else if (!strcmp(a, "-o") && more) {
            if (o.out) {
                fprintf(stderr, "xiufu run: -o given twice ('%s', '%s')\n", o.out, argv[i + 1]);
                free(policies);
                return 2;
            }
            o.out = argv[++i];
        } else if (!strcmp(a, "--jsonl")) {
            o.jsonl = 1;
        } else if (!strcmp(a, "--strict")) {
            o.strict = 1;
        } else if (!strcmp(a, "--trace=all") || !strcmp(a, "--trace=none")) {
            o.trace = !strcmp(a, "--trace=all");
        } else if (!strcmp(a, "--documents") && more) {
            o.documents = argv[++i];
        } else if (!strcmp(a, "--timeout") && more) {
            char *end;
            o.timeout = strtod(argv[++i], &end);
            if (*end || !(o.timeout > 0)) {
                fprintf(stderr, "xiufu run: --timeout wants seconds, more than 0, not '%s'\n", argv[i]);
                free(policies);
                return usage();
            }
        } else if (!strcmp(a, "--trusted-keys") && more) {
            o.trusted_keys = argv[++i];
        } else if (!strcmp(a, "--allow-unsigned")) {
            o.allow_unsigned = 1;
        } else if (!strcmp(a, "--no-cache")) {
            o.cache = 0;
        } else if (!strcmp(a, "--quiet")) {
            o.quiet = 1;
        } else if (!strcmp(a, "--engine") && more) {
            o.engine = argv[++i];
            if (strcmp(o.engine, "jit") && strcmp(o.engine, "interp")) { free(policies); return usage(); }
        } else if (!strncmp(a, "--engine=", 9)) {
            o.engine = a + 9;
            if (strcmp(o.engine, "jit") && strcmp(o.engine, "interp")) { free(policies); return usage(); }
        } else if (a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '3' && !a[3]) {
            o.opt_level = a[2] - '0';
        } else if (!strcmp(a, "--threads") && more) {
            o.threads = atoi(argv[++i]);
            if (o.threads < 1 || o.threads > 64) { free(policies); return usage(); }
        } else if ((!strcmp(a, "--chunk") || !strcmp(a, "--memory")) && more) {
            /* entities per batch; MiB of rows per partition */
            char *end;
            long long v = strtoll(argv[++i], &end, 10);
            int shift = 0;  /* --memory: MiB unless K or G follows */
            if (!strcmp(a, "--memory")) shift = *end == 'K' ? 10 : *end == 'G' ? 30 : 20;
            if (!strcmp(a, "--memory") && (*end == 'K' || *end == 'M' || *end == 'G')) end++;
            if (*end || v < 1 || v > (1LL << 30)) {
                fprintf(stderr, "xiufu run: %s wants a positive whole number%s, not '%s'\n", a,
                        shift ? " (MiB, or with K, M or G)" : "", argv[i]);
                free(policies);
                return usage();
            }
            if (!strcmp(a, "--chunk")) o.chunk = v;
            else o.budget = (int64_t)v << shift;
        } else if (!strcmp(a, "--lang") && more) {
            int l = xf_parse_lang(argv[++i]);
            if (l < 0) { free(policies); return usage(); }
            o.lang = (xf_lang)l;
        } else if (!strcmp(a, "--help")) {
            free(policies);
            usage();
            return 0;
        } else {
            fprintf(stderr, "xiufu run: unexpected argument '%s'\n", a);
            free(policies);
            return usage();
        }
    }
    if (!npol || !o.records || (!o.out && !o.jsonl) || (o.out && o.jsonl)) {
        if (npol && o.records && !o.out && !o.jsonl) fprintf(stderr, "xiufu run: give -o OUT.db or --jsonl\n");
        free(policies);
        return usage();
    }
    /* the output must never be one of the inputs: a run would write into what it reads */
    for (int i = 0; o.out && i <= npol; i++) {
        const char *in = i < npol ? policies[i] : o.records;
        if (xf_same_file(o.out, in)) {
            fprintf(stderr, "xiufu run: -o %s is %s\n", o.out, i < npol ? "a policy file it reads" : "the records database (-d)");
            free(policies);
            return 2;
        }
    }
    if (!have_asof) o.as_of = today();
    o.policies = policies;
    o.npolicies = npol;
    int rc = xf_run(&o, NULL);
    free(policies);
    return rc;
}
