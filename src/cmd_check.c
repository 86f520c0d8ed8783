/* cmd_check.c — `xiufu check [--lang zh|en] [--format text|json] [--watch] [--dump tokens|steps] [--emit-llvm] [-O0..3] POLICY...` */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_watch.h"
#include "cli.h"
#include "diag_json.h"
#include "oom.h"
#include "jit.h"
#include "opts.h"
#include "policyset.h"

static const xf_opt check_opts[] = {
    {"--lang", NULL, "zh|en", 0, "诊断信息的语言（默认 zh）", "language of the diagnostics (default zh)"},
    {"--format", NULL, "text|json", 0, "诊断的格式：text（默认）或 json（标准输出上的一个 JSON 文档）",
     "format of the diagnostics: text (default) or json (one JSON document on stdout)"},
    {"--watch", NULL, NULL, 0, "文件一改就重新检查（inotify），直到中断", "check again whenever a file changes (inotify), until interrupted"},
    {"--dump", NULL, "tokens|steps", 0, "打印词法单元或降级后的步骤程序", "print the tokens, or the lowered step programs"},
    {"--emit-llvm", NULL, NULL, 0, "打印生成的 LLVM IR", "print the LLVM IR generated"},
    {"-O", NULL, "0..3", XF_OPT_ATTACHED, "--emit-llvm 的优化级别（默认 -O2）", "optimization level of --emit-llvm (default -O2)"},
    {NULL},
};

static const xf_cmd_help check_help = {
    "check", "[OPTIONS] POLICY...",
    "解析并检查政策文件或文件夹（递归查找 .xf 文件），在标准错误上报告错误和警告。\n"
    "退出码：0 无错误，1 有错误，2 用法错误。\n",
    "Parse and type-check policy files or folders (searched for .xf files), reporting\n"
    "errors and warnings on stderr.  Exit 0 without errors, 1 with errors, 2 on usage errors.\n",
    check_opts, 1, NULL, NULL,
};

int xf_cmd_check(int argc, char **argv) {
    xf_lang lang = XF_LANG_ZH;
    const char *dump = NULL;
    int emit_llvm = 0, opt = 2, nfiles = 0, json = 0, watch = 0;
    xf_args a;
    int prc = xf_args_parse(&a, &check_help, argc, argv);
    if (prc) return prc == 1 ? 0 : 2;
    char **files = calloc((size_t)argc, sizeof *files);
    if (!files) return xf_oom(0), 1;  /* xf_oom says so and ends the process */
    int rc = 0, choice = 0;
    static const char *const dumps[] = {"tokens", "steps", NULL}, *const levels[] = {"0", "1", "2", "3", NULL},
                             *const formats[] = {"text", "json", NULL};
    for (int i = 0; i < a.n && !rc; i++) {
        const xf_arg *g = &a.v[i];
        int l = 0;
        if (!g->opt) files[nfiles++] = (char *)g->value;
        else if (xf_arg_is(g, "--lang")) rc = xf_args_lang(&a, g->value, &l), lang = (xf_lang)l;
        else if (xf_arg_is(g, "--dump")) rc = xf_args_choice(&a, "--dump", g->value, dumps, &choice), dump = dumps[choice];
        else if (xf_arg_is(g, "--format")) rc = xf_args_choice(&a, "--format", g->value, formats, &json);
        else if (xf_arg_is(g, "--watch")) watch = 1;
        else if (xf_arg_is(g, "--emit-llvm")) emit_llvm = 1;
        else if (xf_arg_is(g, "-O")) rc = xf_args_choice(&a, "-O", g->value, levels, &opt);
    }
    if (!rc && !nfiles) rc = xf_args_fail(&a, "缺少要检查的政策（文件或文件夹）", "give the policies to check (files or folders)");
    xf_args_free(&a);
    if (rc) {
        free(files);
        return rc;
    }
    if (watch) {
        rc = xf_check_watch(files, nfiles, lang, json);
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
    rc = errors ? 1 : 0;
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
