/* cmd_test.c — `xiufu test [OPTIONS] (POLICY... | PACK.so...)`: the tests
 * written inside policy files, or embedded in packs, with coverage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "oom.h"
#include "opts.h"
#include "policy_test.h"

static const xf_opt test_opts[] = {
    {"--run", NULL, "PATTERN", XF_OPT_REPEAT, "只运行名称含 PATTERN 的测试（可用 * 和 ?；可重复）",
     "run only the tests whose name contains PATTERN (* and ? allowed; may be repeated)"},
    {"--min-coverage", NULL, "N", 0, "每个模块至少达到的覆盖率百分比（默认 100；有 --run 时 0）",
     "percent coverage every module must reach (default 100; 0 with --run)"},
    {"--engine", NULL, "jit|interp", 0, "执行步骤的引擎（默认 jit）", "what runs the steps (default jit)"},
    {"-O", NULL, "0..3", XF_OPT_ATTACHED, "JIT 的优化级别（默认 -O0）", "JIT optimization level (default -O0)"},
    {"--trusted-keys", NULL, "DIR", 0, "受信任公钥所在的文件夹（测试包时）", "the folder of trusted public keys (for packs)"},
    {"--allow-unsigned", NULL, NULL, 0, "也测试未签名的包", "test an unsigned pack too"},
    {"--format", NULL, "text|json", 0, "输出的格式：text（默认）或 json（诊断、每个测试和计数，一个 JSON 文档）",
     "format of the output: text (default) or json (diagnostics, every test and the counts, one JSON document)"},
    {"--lang", NULL, "zh|en", 0, "输出的语言（默认 zh）", "language of the output (default zh)"},
    {NULL},
};

static const xf_cmd_help test_help = {
    "test", "[OPTIONS] (POLICY... | PACK.so...)",
    "运行政策文件中 test 块写的测试，报告每个测试的结果和每个模块的覆盖率。\n"
    "给出包（.so）时，运行包内嵌的测试，由包的代码决定；可以给多个包。\n"
    "退出码：0 全部通过且覆盖率达标，1 有失败或覆盖率不足，2 用法错误。\n",
    "Run the `test` blocks written in policy files and report each test and the coverage\n"
    "of each module.  Given packs (.so), run the tests embedded in them, decided by the\n"
    "packs' code; several packs may be given.  Exit 0 when every test passes and every\n"
    "module reaches the coverage, 1 otherwise, 2 on usage errors.\n",
    test_opts, 1, NULL, NULL,
};

int xf_cmd_test(int argc, char **argv) {
    /* -O0: every day a test names is a run that compiles all the policies, and
     * LLVM's optimizations would take most of the time; the code is the same
     * (tests/diff holds the engines and levels to the same decisions), and
     * -O2 tests exactly what a default `xiufu run` executes. */
    xf_test_opts o = {.lang = XF_LANG_ZH, .min_coverage = 100, .engine = "jit", .opt_level = 0, .out = stdout};
    xf_args a;
    int prc = xf_args_parse(&a, &test_help, argc, argv);
    if (prc) return prc == 1 ? 0 : 2;
    char **paths = calloc((size_t)argc, sizeof *paths);
    const char **patterns = calloc((size_t)argc, sizeof *patterns);
    if (!paths || !patterns) return xf_oom(0), 1;  /* xf_oom says so and ends the process */
    static const char *const engines[] = {"jit", "interp", NULL}, *const levels[] = {"0", "1", "2", "3", NULL},
                             *const formats[] = {"text", "json", NULL};
    int n = 0, rc = 0, k = 0;
    for (int i = 0; i < a.n && !rc; i++) {
        const xf_arg *g = &a.v[i];
        long long v = 0;
        int l = 0;
        if (!g->opt) paths[n++] = (char *)g->value;
        else if (xf_arg_is(g, "--run")) patterns[o.npatterns++] = g->value;
        else if (xf_arg_is(g, "--min-coverage")) rc = xf_args_int(&a, "--min-coverage", g->value, 0, 100, &v), o.min_coverage = (int)v;
        else if (xf_arg_is(g, "--engine")) rc = xf_args_choice(&a, "--engine", g->value, engines, &k), o.engine = engines[k];
        else if (xf_arg_is(g, "-O")) rc = xf_args_choice(&a, "-O", g->value, levels, &o.opt_level);
        else if (xf_arg_is(g, "--trusted-keys")) o.trusted_keys = g->value;
        else if (xf_arg_is(g, "--allow-unsigned")) o.allow_unsigned = 1;
        else if (xf_arg_is(g, "--lang")) rc = xf_args_lang(&a, g->value, &l), o.lang = (xf_lang)l;
        else if (xf_arg_is(g, "--format")) rc = xf_args_choice(&a, "--format", g->value, formats, &o.json);
    }
    /* a selection exercises part of a module: its coverage is shown, not required */
    if (o.npatterns && !xf_args_has(&a, "--min-coverage")) o.min_coverage = 0;
    if (!rc && !n) rc = xf_args_fail(&a, "缺少要测试的政策（文件、文件夹或包）", "give the policies to test (files, folders or packs)");
    xf_args_free(&a);
    if (!rc) {
        o.paths = paths;
        o.npaths = n;
        o.patterns = patterns;
        rc = xf_policy_test(&o);
    }
    free(paths), free(patterns);
    return rc;
}
