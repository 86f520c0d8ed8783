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
#include "opts.h"
#include "jit.h"
#include "outcomes.h"
#include "output.h"
#include "policyset.h"
#include "run.h"
#include "texts.h"

static const xf_opt run_opts[] = {
    {"-p", NULL, "POLICY...", XF_OPT_MANY, "政策文件、文件夹或包（.so）；可重复，可给多个包",
     "policy files, folders or packs (.so); may be repeated, several packs too"},
    {"-d", NULL, "RECORDS.db", 0, "记录库（SQLite）", "the records database (SQLite)"},
    {"--as-of", NULL, "YYYY-MM-DD", 0, "按哪一天决定（默认今天）", "the day decided for (default today)"},
    {"-o", NULL, "OUT.db", 0, "决定写入的输出库", "the output database the decisions go to"},
    {"--jsonl", NULL, NULL, 0, "决定以 JSON 行写到标准输出（代替 -o）", "decisions as JSON lines on stdout (instead of -o)"},
    {"--strict", NULL, NULL, 0, "遇到第一条坏数据即停止", "stop at the first bad row"},
    {"--engine", NULL, "jit|interp", 0, "执行步骤的引擎（默认 jit）", "what runs the steps (default jit)"},
    {"-O", NULL, "0..3", XF_OPT_ATTACHED, "JIT 的优化级别（默认 -O2）", "JIT optimization level (default -O2)"},
    {"--threads", NULL, "N", 0, "决定用的线程数，1 到 64（默认 2）", "threads deciding, 1 to 64 (default 2)"},
    {"--trace", NULL, "all|none", 0, "是否记录每项决定所见的值（默认 all）", "record what each decision saw (default all)"},
    {"--documents", NULL, "DIR", 0, "把政策的文书写入 DIR", "write the policies' documents into DIR"},
    {"--chunk", NULL, "ENTITIES", 0, "每批决定的主体数", "entities decided per batch"},
    {"--memory", NULL, "MIB", 0, "同时构建的两个分区的行占用的内存（MiB，或带 K、M、G）", "memory of the rows of the two partitions built at once (MiB, or with K, M or G)"},
    {"--no-cache", NULL, NULL, 0, "不读写代码缓存", "neither read nor write the code cache"},
    {"--timeout", NULL, "SECONDS", 0, "超过此秒数即停止，不写入结果", "stop after this many seconds, writing nothing"},
    {"--trusted-keys", NULL, "DIR", 0, "包须由 DIR 中公钥对应的密钥签名（默认 $XIUFU_TRUSTED_KEYS，否则 ~/.config/xiufu/trusted-keys）",
     "a pack must be signed by a key whose .pub is in DIR (default $XIUFU_TRUSTED_KEYS, else ~/.config/xiufu/trusted-keys)"},
    {"--allow-unsigned", NULL, NULL, 0, "也运行未签名的包（签名无效的包仍被拒绝）", "run an unsigned pack too (a bad signature is still refused)"},
    {"--quiet", NULL, NULL, 0, "不打印汇总", "no summary"},
    {"--lang", NULL, "zh|en", 0, "消息的语言（默认 zh）", "language of the messages (default zh)"},
    {NULL},
};

static const xf_cmd_help run_help = {
    "run", "-p POLICY... -d RECORDS.db (-o OUT.db | --jsonl) [OPTIONS]",
    "按 --as-of 当天有效的政策决定记录库中的每一条记录，写出决定、关键日期和法律依据，并打印汇总。\n"
    "退出码：0 成功，1 政策或数据错误，2 用法错误。\n",
    "Decide every subject record of a records database with the policies in effect on\n"
    "--as-of, writing each decision with its dates and legal basis, and print a summary.\n"
    "Exit 0 on success, 1 on policy or data errors, 2 on usage errors.\n",
    run_opts, 0, NULL, NULL,
};

/* --chunk ENTITIES and --memory MIB[K|M|G]: 0, or the usage error. */
static int size_value(const xf_args *a, const char *opt, const char *v, xf_run_opts *o) {
    char *end;
    long long n = strtoll(v, &end, 10);
    int memory = !strcmp(opt, "--memory"), shift = 20;
    if (memory && (*end == 'K' || *end == 'M' || *end == 'G')) shift = *end == 'K' ? 10 : *end == 'G' ? 30 : 20, end++;
    if (end == v || *end || n < 1 || n > (1LL << 30))
        return memory ? xf_args_fail(a, "--memory 的值“%s”无效：应为正整数（MiB，或带 K、M、G）",
                                     "--memory '%s' is not valid: a positive whole number (MiB, or with K, M or G)", v)
                      : xf_args_fail(a, "--chunk 的值“%s”无效：应为正整数", "--chunk '%s' is not valid: a positive whole number", v);
    if (memory) o->budget = (int64_t)n << shift;
    else o->chunk = n;
    return 0;
}

static int64_t today(void) {
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return xf_day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int xf_cmd_run(int argc, char **argv) {
    xf_run_opts o = {.lang = XF_LANG_ZH, .engine = "jit", .opt_level = 2, .threads = 2, .trace = 1, .cache = 1};
    xf_args a;
    int prc = xf_args_parse(&a, &run_help, argc, argv);
    if (prc) return prc == 1 ? 0 : 2;
    char **policies = calloc((size_t)argc, sizeof *policies);
    if (!policies) return xf_oom(0), 1;  /* xf_oom says so and ends the process */
    static const char *const engines[] = {"jit", "interp", NULL}, *const levels[] = {"0", "1", "2", "3", NULL},
                             *const traces[] = {"none", "all", NULL};
    int npol = 0, have_asof = 0, rc = 0, k = 0;
    for (int i = 0; i < a.n && !rc; i++) {
        const xf_arg *g = &a.v[i];
        const char *v = g->value;
        long long n = 0;
        int l = 0;
        if (xf_arg_is(g, "-p")) policies[npol++] = (char *)v;
        else if (xf_arg_is(g, "-d")) o.records = v;
        else if (xf_arg_is(g, "--as-of")) rc = xf_args_date(&a, "--as-of", v, &o.as_of), have_asof = 1;
        else if (xf_arg_is(g, "-o")) o.out = v;
        else if (xf_arg_is(g, "--jsonl")) o.jsonl = 1;
        else if (xf_arg_is(g, "--strict")) o.strict = 1;
        else if (xf_arg_is(g, "--engine")) rc = xf_args_choice(&a, "--engine", v, engines, &k), o.engine = engines[k];
        else if (xf_arg_is(g, "-O")) rc = xf_args_choice(&a, "-O", v, levels, &o.opt_level);
        else if (xf_arg_is(g, "--threads")) rc = xf_args_int(&a, "--threads", v, 1, 64, &n), o.threads = (int)n;
        else if (xf_arg_is(g, "--trace")) rc = xf_args_choice(&a, "--trace", v, traces, &o.trace);
        else if (xf_arg_is(g, "--documents")) o.documents = v;
        else if (xf_arg_is(g, "--chunk") || xf_arg_is(g, "--memory")) rc = size_value(&a, g->opt->name, v, &o);
        else if (xf_arg_is(g, "--no-cache")) o.cache = 0;
        else if (xf_arg_is(g, "--timeout")) {
            char *end;
            o.timeout = strtod(v, &end);
            if (*end || !(o.timeout > 0))
                rc = xf_args_fail(&a, "--timeout 的值“%s”无效：应为大于 0 的秒数", "--timeout '%s' is not valid: seconds, more than 0", v);
        } else if (xf_arg_is(g, "--trusted-keys")) o.trusted_keys = v;
        else if (xf_arg_is(g, "--allow-unsigned")) o.allow_unsigned = 1;
        else if (xf_arg_is(g, "--quiet")) o.quiet = 1;
        else if (xf_arg_is(g, "--lang")) rc = xf_args_lang(&a, v, &l), o.lang = (xf_lang)l;
    }
    if (!rc && !npol) rc = xf_args_fail(&a, "缺少 -p POLICY...（要运行的政策）", "give the policies to run with -p POLICY...");
    if (!rc && !o.records) rc = xf_args_fail(&a, "缺少 -d RECORDS.db（记录库）", "give the records database with -d RECORDS.db");
    if (!rc && o.out && o.jsonl)
        rc = xf_args_fail(&a, "-o %s 与 --jsonl 只能选一个：决定写入输出库，或以 JSON 行写到标准输出",
                          "-o %s and --jsonl exclude each other: decisions go to an output database or to stdout as JSON lines", o.out);
    if (!rc && !o.out && !o.jsonl)
        rc = xf_args_fail(&a, "缺少 -o OUT.db 或 --jsonl（决定写到哪里）", "give -o OUT.db or --jsonl (where the decisions go)");
    xf_args_free(&a);
    if (rc) {
        free(policies);
        return rc;
    }
    /* the output must never be one of the inputs: a run would write into what it reads */
    for (int i = 0; o.out && i <= npol; i++) {
        const char *in = i < npol ? policies[i] : o.records;
        if (xf_same_file(o.out, in)) {
            if (o.lang == XF_LANG_EN)
                fprintf(stderr, "xiufu run: -o %s is %s\n", o.out, i < npol ? "a policy file it reads" : "the records database (-d)");
            else
                fprintf(stderr, "xiufu run：-o %s 是%s\n", o.out, i < npol ? "要读的政策文件" : "记录库（-d）");
            free(policies);
            return 2;
        }
    }
    if (!have_asof) o.as_of = today();
    o.policies = policies;
    o.npolicies = npol;
    rc = xf_run(&o, NULL);
    free(policies);
    return rc;
}
