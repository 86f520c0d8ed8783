/* cmd_build.c — `xiufu build POLICY... -o PACK.so [--sign KEY] [--name NAME] [--cpu host|baseline] [-O0..3]`:
 * check the policies and compile them ahead of time into a pack (pack.h),
 * signed with KEY (pack/sign.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bound.h"
#include "cli.h"
#include "oom.h"
#include "opts.h"
#include "pack_write.h"
#include "policyset.h"

static const xf_opt build_opts[] = {
    {"-o", NULL, "PACK.so", 0, "要写的包（名称须以 .so 结尾）", "the pack to write (its name ends in .so)"},
    {"--sign", NULL, "KEY", 0, "用私钥 KEY（xiufu keygen 的 .key 文件）签名；运行只加载受信任密钥签名的包",
     "sign with the secret key KEY (a .key file of xiufu keygen); runs load only packs signed by a trusted key"},
    {"--name", NULL, "NAME", 0, "包的名称（默认：文件名去掉 .so）", "the pack's name (default: the file name without .so)"},
    {"--cpu", NULL, "host|baseline", 0, "host：为本机 CPU 生成代码（默认）；baseline：同架构的任何机器（x86-64：SSE2）",
     "host: code for this machine's CPU (the default); baseline: any machine of this architecture (x86-64: SSE2)"},
    {"-O", NULL, "0..3", XF_OPT_ATTACHED, "优化级别（默认 -O2）", "optimization level (default -O2)"},
    {"--lang", NULL, "zh|en", 0, "诊断信息的语言（默认 zh）", "language of the diagnostics (default zh)"},
    {NULL},
};

static const xf_cmd_help build_help = {
    "build", "POLICY... -o PACK.so [OPTIONS]",
    "检查政策并预先编译为包（共享库），包内嵌政策源文件（含其中的测试）。\n",
    "Check the policies and compile them ahead of time into a pack (a shared object)\n"
    "that embeds their sources, tests included.\n",
    build_opts, 1,
    "环境变量 XIUFU_CC：链接包所用的 C 编译器驱动（默认 cc）。\n",
    "XIUFU_CC names the C compiler driver that links the pack (default cc).\n",
};

/* The default name: the file's base name without ".so". */
static char *default_name(const char *out) {
    const char *base = strrchr(out, '/');
    base = base ? base + 1 : out;
    size_t n = strlen(base);
    if (n > 3 && !strcmp(base + n - 3, ".so")) n -= 3;
    char *s = malloc(n + 1);
    if (s) memcpy(s, base, n), s[n] = '\0';
    return s;
}

int xf_cmd_build(int argc, char **argv) {
    xf_pack_build_opts o = {.cpu = XF_AOT_CPU_HOST, .opt_level = 2, .cc = getenv("XIUFU_CC")};
    xf_lang lang = XF_LANG_ZH;
    const char *out = NULL, *sign = NULL;
    xf_args a;
    int prc = xf_args_parse(&a, &build_help, argc, argv);
    if (prc) return prc == 1 ? 0 : 2;
    char **files = calloc((size_t)argc, sizeof *files);
    int nfiles = 0, prc2 = 0, k = 0;
    if (!files) return xf_oom(0), 1;  /* xf_oom says so and ends the process */
    static const char *const cpus[] = {"host", "baseline", NULL}, *const levels[] = {"0", "1", "2", "3", NULL};
    for (int i = 0; i < a.n && !prc2; i++) {
        const xf_arg *g = &a.v[i];
        int l = 0;
        if (!g->opt) files[nfiles++] = (char *)g->value;
        else if (xf_arg_is(g, "-o")) out = g->value;
        else if (xf_arg_is(g, "--sign")) sign = g->value;
        else if (xf_arg_is(g, "--name")) o.name = g->value;
        else if (xf_arg_is(g, "--cpu"))
            prc2 = xf_args_choice(&a, "--cpu", g->value, cpus, &k), o.cpu = k ? XF_AOT_CPU_BASELINE : XF_AOT_CPU_HOST;
        else if (xf_arg_is(g, "-O")) prc2 = xf_args_choice(&a, "-O", g->value, levels, &o.opt_level);
        else if (xf_arg_is(g, "--lang")) prc2 = xf_args_lang(&a, g->value, &l), lang = (xf_lang)l;
    }
    if (!prc2 && !nfiles) prc2 = xf_args_fail(&a, "缺少要编译的政策（文件或文件夹）", "give the policies to compile (files or folders)");
    if (!prc2 && !out) prc2 = xf_args_fail(&a, "缺少 -o PACK.so（要写的包）", "give the pack to write with -o PACK.so");
    if (!prc2 && !xf_pack_is_path(out))
        prc2 = xf_args_fail(&a, "包的名称须以 .so 结尾（xiufu run -p 据此区分包和源文件），不是“%s”",
                            "the pack's name must end in .so (xiufu run -p tells packs from sources by it), not '%s'", out);
    xf_args_free(&a);
    if (prc2) {
        free(files);
        return prc2;
    }
    char *name = o.name ? NULL : default_name(out);
    if (!o.name) o.name = name ? name : "pack";
    if (!o.cc || !*o.cc) o.cc = "cc";

    xf_compile c;
    xf_compile_init(&c);
    char *errmsg = NULL;
    xf_pack *check = NULL;
    xf_sign_key key;
    int rc = 1;
    memset(&key, 0, sizeof key);
    o.lang = lang;
    int en = lang == XF_LANG_EN;
    if (sign) {  /* first: a key that cannot sign must not cost a compile */
        if (xf_key_read(sign, 1, lang, &key, &errmsg) != 0) {
            fprintf(stderr, en ? "xiufu build: %s\n" : "xiufu build：%s\n",
                    errmsg ? errmsg : en ? "cannot read the key" : "无法读取密钥");
            goto done;
        }
        o.sign = &key;
    }
    if (xf_policyset_check(&c, files, nfiles, lang) != 0) goto done;
    if (xf_pack_write(&c, &o, out, &errmsg) != 0) {
        fprintf(stderr, en ? "xiufu build: %s\n" : "xiufu build：%s\n",
                errmsg ? errmsg : en ? "cannot write the pack" : "无法写入包");
        goto done;
    }
    /* Load what was written, every check included: a pack that this very
     * xiufu cannot load is an error here, not at its first run. */
    xf_pack_trust trust = {.allow_unsigned = !sign, .extra = sign ? &key : NULL, .lang = lang};
    if (xf_pack_open(out, &trust, &check, &errmsg) != 0 || xf_pack_verify(check, &errmsg) != 0) {
        fprintf(stderr, en ? "xiufu build: the new pack does not load: %s\n" : "xiufu build：新包无法载入：%s\n",
                errmsg ? errmsg : "?");
        remove(out);
        goto done;
    }
    const xf_pack_header *h = xf_pack_header_of(check);
    if (en)
        fprintf(stderr, "xiufu build: %s: pack %s, %u policies, %lld bytes, CPU %s, %s%s\n", out, o.name,
                h->npolicies, (long long)xf_pack_file_size(check), xf_pack_str(check, h->target_cpu),
                sign ? "signed by key " : "unsigned (runs refuse it without --allow-unsigned; sign with --sign KEY)",
                sign ? xf_pack_sig(check)->key_id : "");
    else
        fprintf(stderr, "xiufu build：%s：包 %s，%u 条政策，%lld 字节，CPU %s，%s%s\n", out, o.name, h->npolicies,
                (long long)xf_pack_file_size(check), xf_pack_str(check, h->target_cpu),
                sign ? "签名密钥 " : "未签名（不加 --allow-unsigned 的运行会拒绝它；用 --sign KEY 签名）",
                sign ? xf_pack_sig(check)->key_id : "");
    rc = 0;
done:
    xf_key_wipe(&key);
    xf_pack_close(check);
    free(errmsg);
    free(name);
    free(files);
    xf_compile_free(&c);
    return rc;
}
