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
#include "opts.h"
#include "dates.h"
#include "diff.h"
#include "file_out.h"
#include "policyset.h"

static const xf_opt diff_opts[] = {
    {"-a", NULL, "POLICY...", XF_OPT_MANY, "A 方的政策（文件、文件夹或一个包），直到下一个选项；可重复",
     "the policies of side A (files, folders, or one pack), up to the next option; may be repeated"},
    {"-b", NULL, "POLICY...", XF_OPT_MANY, "B 方的政策，同 -a", "the policies of side B, as for -a"},
    {"-d", NULL, "RECORDS.db", 0, "记录库", "the records database"},
    {"--as-of", NULL, "YYYY-MM-DD", XF_OPT_REPEAT, "比较哪一天（可重复，一次读取比较多天；默认今天）",
     "a day compared (may be repeated: every day in one pass; default today)"},
    {"-o", NULL, "DIFF.db", 0, "把有变化的记录写入 DIFF.db", "write the changed records into DIFF.db"},
    {"--html", NULL, "REPORT.html", 0, "写一个网页报告", "write a report as a web page"},
    {"--fail-on-change", NULL, NULL, 0, "有记录变化时退出码为 1", "exit 1 when a record changed"},
    {"--examples", NULL, "N", 0, "每种变化说明的示例数，0 到 1000（默认 2）", "changed records explained per transition, 0 to 1000 (default 2)"},
    {"--engine", NULL, "jit|interp", 0, "执行步骤的引擎（默认 jit）", "what runs the steps (default jit)"},
    {"-O", NULL, "0..3", XF_OPT_ATTACHED, "JIT 的优化级别（默认 -O2）", "JIT optimization level (default -O2)"},
    {"--threads", NULL, "N", 0, "决定用的线程数，1 到 64（默认 2）", "threads deciding, 1 to 64 (default 2)"},
    {"--chunk", NULL, "ENTITIES", 0, "每批决定的主体数", "entities decided per batch"},
    {"--no-cache", NULL, NULL, 0, "不读写代码缓存", "neither read nor write the code cache"},
    {"--trusted-keys", NULL, "DIR", 0, "包须由 DIR 中公钥对应的密钥签名（同 xiufu run）", "a pack must be signed by a key in DIR (as for xiufu run)"},
    {"--allow-unsigned", NULL, NULL, 0, "也运行未签名的包", "run an unsigned pack too"},
    {"--quiet", NULL, NULL, 0, "不打印报告和汇总", "no report or summary"},
    {"--lang", NULL, "zh|en", 0, "报告的语言（默认 zh）", "language of the report (default zh)"},
    {NULL},
};

static const xf_cmd_help diff_help = {
    "diff", "-a POLICY... -b POLICY... -d RECORDS.db [OPTIONS]",
    "两套政策决定同一批记录（只读一次），报告哪些记录的决定改变、怎样改变（docs/diff.md）。\n"
    "退出码：0；加 --fail-on-change 时有记录变化则为 1；2 用法错误。\n",
    "Two policy sets decide the same records, read once; report whose decisions change\n"
    "and how (docs/diff.md).  Exit 0, or 1 with --fail-on-change when a record changed;\n"
    "2 on usage errors.\n",
    diff_opts, 0, NULL, NULL,
};

static int64_t today(void) {
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return xf_day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int xf_cmd_diff(int argc, char **argv) {
    char **a = calloc((size_t)argc + 1, sizeof *a), **b = calloc((size_t)argc + 1, sizeof *b);
    int64_t *days = calloc((size_t)argc + 1, sizeof *days);
    xf_diff_opts o = {.engine = "jit", .opt_level = 2, .threads = 2, .cache = 1, .lang = XF_LANG_ZH, .examples = 2};
    const char *out = NULL, *html = NULL;
    int fail_on_change = 0, rc = 2;
    if (!a || !b || !days) return xf_oom(0), 1;  /* xf_oom says so and ends the process */
    xf_args args;
    int prc = xf_args_parse(&args, &diff_help, argc, argv);
    if (prc) {
        rc = prc == 1 ? 0 : 2;
        goto done;
    }
    static const char *const engines[] = {"jit", "interp", NULL}, *const levels[] = {"0", "1", "2", "3", NULL};
    for (int i = 0; i < args.n && !prc; i++) {
        const xf_arg *g = &args.v[i];
        const char *v = g->value;
        long long n = 0;
        int k = 0;
        if (xf_arg_is(g, "-a")) a[o.na++] = (char *)v;
        else if (xf_arg_is(g, "-b")) b[o.nb++] = (char *)v;
        else if (xf_arg_is(g, "-d")) o.records = v;
        else if (xf_arg_is(g, "--as-of")) {
            int64_t day;
            prc = xf_args_date(&args, "--as-of", v, &day);
            int dup = 0;
            for (int d = 0; d < o.ndays; d++) dup |= days[d] == day;
            if (!prc && o.ndays >= 64 && !dup)
                prc = xf_args_fail(&args, "一次比较最多 64 天（%s）", "at most 64 days in one comparison (%s)", v);
            if (!prc && !dup) days[o.ndays++] = day;
        } else if (xf_arg_is(g, "-o")) out = v;
        else if (xf_arg_is(g, "--html")) html = v;
        else if (xf_arg_is(g, "--fail-on-change")) fail_on_change = 1;
        else if (xf_arg_is(g, "--quiet")) o.quiet = 1;
        else if (xf_arg_is(g, "--no-cache")) o.cache = 0;
        else if (xf_arg_is(g, "--trusted-keys")) o.trusted_keys = v;
        else if (xf_arg_is(g, "--allow-unsigned")) o.allow_unsigned = 1;
        else if (xf_arg_is(g, "--examples")) prc = xf_args_int(&args, "--examples", v, 0, 1000, &n), o.examples = (int)n;
        else if (xf_arg_is(g, "--lang")) prc = xf_args_lang(&args, v, &k), o.lang = (xf_lang)k;
        else if (xf_arg_is(g, "--engine")) prc = xf_args_choice(&args, "--engine", v, engines, &k), o.engine = engines[k];
        else if (xf_arg_is(g, "-O")) prc = xf_args_choice(&args, "-O", v, levels, &o.opt_level);
        else if (xf_arg_is(g, "--threads")) prc = xf_args_int(&args, "--threads", v, 1, 64, &n), o.threads = (int)n;
        else if (xf_arg_is(g, "--chunk")) prc = xf_args_int(&args, "--chunk", v, 1, INT64_MAX, &n), o.chunk = n;
    }
    if (!prc && !o.na) prc = xf_args_fail(&args, "缺少 -a POLICY...（A 方的政策）", "give the policies of side A with -a");
    if (!prc && !o.nb) prc = xf_args_fail(&args, "缺少 -b POLICY...（B 方的政策）", "give the policies of side B with -b");
    if (!prc && !o.records) prc = xf_args_fail(&args, "缺少 -d RECORDS.db（记录库）", "give the records database with -d");
    xf_args_free(&args);
    if (prc) {
        rc = prc;
        goto done;
    }
    for (int k = 0; k < 2; k++) {
        const char *f = k ? html : out;
        if (!f) continue;
        int clash = xf_same_file(f, o.records);
        for (int i = 0; i < o.na && !clash; i++) clash = xf_same_file(f, a[i]);
        for (int i = 0; i < o.nb && !clash; i++) clash = xf_same_file(f, b[i]);
        if (clash || (k && out && !strcmp(html, out))) {
            if (o.lang == XF_LANG_EN) fprintf(stderr, "xiufu diff: %s %s is a file it reads or writes\n", k ? "--html" : "-o", f);
            else fprintf(stderr, "xiufu diff：%s %s 是它要读或写的文件\n", k ? "--html" : "-o", f);
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
            fprintf(stderr, "xiufu diff: -o %s: path too long\n", out);
            rc = 2;
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
