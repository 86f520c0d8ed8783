/* cmd_diff.c — `xiufu diff`: whose records change, and how, when one policy
 * set replaces another (docs/diff.md).  The comparison is exec/diff.c, the
 * reports explain/diff_report.c. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "oom.h"
#include "dates.h"
#include "diff.h"
#include "file_out.h"
#include "policyset.h"

static int usage(FILE *f) {
    fprintf(f,
            "usage: xiufu diff -a POLICY... -b POLICY... -d RECORDS.db [--as-of YYYY-MM-DD]... [-o DIFF.db]\n"
            "                  [--html REPORT.html] [--fail-on-change] [--examples N] [--lang zh|en] [--quiet]\n"
            "                  [--engine jit|interp] [-O0..3] [--threads N] [--no-cache] [--chunk ENTITIES]\n"
            "                  [--trusted-keys DIR] [--allow-unsigned]\n"
            "  -a and -b each take the paths that follow them (policy files, folders, or one pack .so), up to the\n"
            "  next option; either may be repeated to add paths.  --as-of may be repeated: every day is compared\n"
            "  in the same pass over the records (default: today).  --examples N explains N changed records a\n"
            "  transition (default 2; 0: none).  A pack must be signed by a trusted key, as for `xiufu run`\n"
            "  (--trusted-keys, --allow-unsigned; docs/packs.md).  Exit 0, or 1 with --fail-on-change when a\n"
            "  record changed.\n");
    return f == stdout ? 0 : 2;
}

static int64_t today(void) {
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return xf_day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static int bad(const char *msg, const char *arg) {
    fprintf(stderr, "xiufu diff: ");
    fprintf(stderr, msg, arg);
    fputc('\n', stderr);
    return usage(stderr);
}

int xf_cmd_diff(int argc, char **argv) {
    char **a = calloc((size_t)argc + 1, sizeof *a), **b = calloc((size_t)argc + 1, sizeof *b);
    int64_t *days = calloc((size_t)argc + 1, sizeof *days);
    xf_diff_opts o = {.engine = "jit", .opt_level = 2, .threads = 2, .cache = 1, .lang = XF_LANG_ZH, .examples = 2};
    const char *out = NULL, *html = NULL;
    int fail_on_change = 0, rc = 2;
    if (!a || !b || !days) return xf_oom(0), 1;  /* xf_oom says so and ends the process */
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
            rc = usage(stdout);
            goto done;
        }
        if ((!strcmp(s, "-a") || !strcmp(s, "-b")) && more) {
            char **v = s[1] == 'a' ? a : b;
            int *n = s[1] == 'a' ? &o.na : &o.nb;
            if (argv[i + 1][0] == '-') {
                rc = bad("%s wants a policy path", s);
                goto done;
            }
            while (i + 1 < argc && argv[i + 1][0] != '-') v[(*n)++] = argv[++i];
        } else if (!strcmp(s, "-d") && more) {
            if (o.records) {
                rc = bad("-d given twice ('%s'): one records database", argv[i + 1]);
                goto done;
            }
            o.records = argv[++i];
        } else if (!strcmp(s, "--as-of") && more) {
            const char *v = argv[++i];
            int64_t day;
            if (xf_date_parse(v, strlen(v), &day) != XF_DATE_OK) {
                rc = bad("--as-of '%s' is not a valid date (YYYY-MM-DD)", v);
                goto done;
            }
            int dup = 0;
            for (int k = 0; k < o.ndays; k++) dup |= days[k] == day;
            if (o.ndays >= 64) {
                rc = bad("at most 64 days in one comparison (%s)", v);
                goto done;
            }
            if (!dup) days[o.ndays++] = day;
        } else if (!strcmp(s, "-o") && more) {
            out = argv[++i];
        } else if (!strcmp(s, "--html") && more) {
            html = argv[++i];
        } else if (!strcmp(s, "--fail-on-change")) {
            fail_on_change = 1;
        } else if (!strcmp(s, "--quiet")) {
            o.quiet = 1;
        } else if (!strcmp(s, "--no-cache")) {
            o.cache = 0;
        } else if (!strcmp(s, "--trusted-keys") && more) {
            o.trusted_keys = argv[++i];
        } else if (!strcmp(s, "--allow-unsigned")) {
            o.allow_unsigned = 1;
        } else if (!strcmp(s, "--examples") && more) {
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || v < 0 || v > 1000) {
                rc = bad("--examples wants a whole number from 0 to 1000, not '%s'", argv[i]);
                goto done;
            }
            o.examples = (int)v;
        } else if (!strcmp(s, "--lang") && more) {
            int l = xf_parse_lang(argv[++i]);
            if (l < 0) {
                rc = bad("--lang wants zh or en, not '%s'", argv[i]);
                goto done;
            }
            o.lang = (xf_lang)l;
        } else if (!strcmp(s, "--engine") && more) {
            o.engine = argv[++i];
            if (strcmp(o.engine, "jit") && strcmp(o.engine, "interp")) {
                rc = bad("--engine wants jit or interp, not '%s'", o.engine);
                goto done;
            }
        } else if (s[0] == '-' && s[1] == 'O' && s[2] >= '0' && s[2] <= '3' && !s[3]) {
            o.opt_level = s[2] - '0';
        } else if (!strcmp(s, "--threads") && more) {
            o.threads = atoi(argv[++i]);
            if (o.threads < 1 || o.threads > 64) {
                rc = bad("--threads wants 1 to 64, not '%s'", argv[i]);
                goto done;
            }
        } else if (!strcmp(s, "--chunk") && more) {
            char *end;
            long long v = strtoll(argv[++i], &end, 10);
            if (*end || v < 1) {
                rc = bad("--chunk wants a positive whole number, not '%s'", argv[i]);
                goto done;
            }
            o.chunk = v;
        } else {
            rc = bad("unexpected argument '%s'", s);
            goto done;
        }
    }
    if (!o.na || !o.nb || !o.records) {
        rc = bad("%s", !o.na ? "give the policies of side A with -a" : !o.nb ? "give the policies of side B with -b"
                                                                          : "give the records database with -d");
        goto done;
    }
    for (int k = 0; k < 2; k++) {
        const char *f = k ? html : out;
        if (!f) continue;
        int clash = xf_same_file(f, o.records);
        for (int i = 0; i < o.na && !clash; i++) clash = xf_same_file(f, a[i]);
        for (int i = 0; i < o.nb && !clash; i++) clash = xf_same_file(f, b[i]);
        if (clash || (k && out && !strcmp(html, out))) {
            fprintf(stderr, "xiufu diff: %s %s is a file it reads or writes\n", k ? "--html" : "-o", f);
            rc = 2;
            goto done;
        }
    }
    if (!o.ndays) days[o.ndays++] = today();
    o.a = a, o.b = b, o.days = days, o.html = html != NULL;

    /* DIFF.db is written beside its path and renamed over it when complete */
    char tmp[4096] = "";
    sqlite3 *db = NULL;
    if (out) {
        if (snprintf(tmp, sizeof tmp, "%s.tmp-XXXXXX", out) >= (int)sizeof tmp) {
            rc = bad("-o %s: path too long", out);
            goto done;
        }
        int fd = mkstemp(tmp);
        if (fd < 0) {
            fprintf(stderr, "xiufu diff: cannot write %s\n", out);
            rc = 1;
            goto done;
        }
        close(fd);
    }
    if (sqlite3_open(out ? tmp : ":memory:", &db) != SQLITE_OK) {
        fprintf(stderr, "xiufu diff: cannot open %s: %s\n", out ? tmp : "memory", sqlite3_errmsg(db));
        sqlite3_close(db);
        if (out) unlink(tmp);
        rc = 1;
        goto done;
    }
    sqlite3_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF", NULL, NULL, NULL);
    xf_diff_stats st;
    rc = xf_diff(&o, db, &st);
    int en = o.lang == XF_LANG_EN;
    char *err = NULL;
    if (rc == 0 && !o.quiet) xf_diff_report_text(db, en, o.examples, stdout);
    if (rc == 0 && html) {
        if (xf_diff_report_html(db, en, html, &err) != 0) {
            fprintf(stderr, "xiufu diff: %s\n", err ? err : html);
            rc = 1;
        } else if (!o.quiet)
            fprintf(stderr, en ? "report written to %s\n" : "报告已写入 %s\n", html);
        free(err);
        err = NULL;
    }
    sqlite3_close(db);
    if (out) {
        if (rc == 0 && rename(tmp, out) != 0) {
            fprintf(stderr, "xiufu diff: cannot write %s\n", out);
            rc = 1;
        }
        if (rc != 0) unlink(tmp);
        else if (!o.quiet) fprintf(stderr, en ? "changed records written to %s\n" : "有变化的记录已写入 %s\n", out);
    }
    if (rc == 0 && !o.quiet)
        fprintf(stderr, en ? "%" PRId64 " changed records, %" PRId64 " entities affected, %.3f s\n"
                           : "有变化的记录 %" PRId64 " 条，涉及主体 %" PRId64 " 个，用时 %.3f 秒\n",
                st.changed, st.entities, st.seconds);
    if (rc == 0 && !o.quiet)
        fprintf(stderr, en ? "phases: read %.3f s, decide %.3f s, compare %.3f s, summarize %.3f s, explain %.3f s\n"
                           : "各阶段：读取 %.3f 秒，决定 %.3f 秒，比较 %.3f 秒，汇总 %.3f 秒，说明示例 %.3f 秒\n",
                st.read_seconds, st.decide_seconds, st.compare_seconds, st.summary_seconds, st.explain_seconds);
    if (rc == 0 && fail_on_change && st.changed) rc = 1;
done:
    free(a), free(b), free(days);
    return rc;
}
