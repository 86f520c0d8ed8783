/* cmd_pack.c — `xiufu pack info PACK.so`: a pack's metadata and signature,
 * then every check a run would make (pack.h), with the verdict.  Nothing of
 * the pack is loaded (xf_pack_inspect): its header is read from the file. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opts.h"
#include "bound.h"
#include "pack.h"
#include "policyset.h"
#include "sha256.h"

static const xf_opt pack_info_opts[] = {
    {"--trusted-keys", NULL, "DIR", 0, "受信任公钥所在的文件夹（默认 $XIUFU_TRUSTED_KEYS，否则 ~/.config/xiufu/trusted-keys）",
     "the folder of trusted public keys (default $XIUFU_TRUSTED_KEYS, else ~/.config/xiufu/trusted-keys)"},
    {"--allow-unsigned", NULL, NULL, 0, "未签名的包也算通过，如同 xiufu run --allow-unsigned",
     "an unsigned pack passes, as with xiufu run --allow-unsigned"},
    {"--lang", NULL, "zh|en", 0, "消息的语言（默认 zh）", "language of the messages (default zh)"},
    {NULL},
};

static const xf_cmd_help pack_info_help = {
    "pack info", "PACK.so [OPTIONS]",
    "显示包的元数据、签名和内嵌的源文件，并做运行会做的每一项检查（不加载包的任何代码）。\n"
    "退出码：0 检查通过，1 检查失败，2 用法错误。\n",
    "Show a pack's metadata, signature and embedded sources, and make every check a run\n"
    "would make (nothing of the pack is loaded).  Exit 0 when the checks pass, 1 when\n"
    "they fail, 2 on usage errors.\n",
    pack_info_opts, 1, NULL, NULL,
};

static const xf_opt pack_opts[] = {{NULL}};
static const xf_cmd_help pack_help = {
    "pack", "info PACK.so [OPTIONS]",
    "包的子命令：\n  info   显示包的元数据和签名并检查（xiufu pack info --help）\n",
    "Subcommands of packs:\n  info   show a pack's metadata and signature and check it (xiufu pack info --help)\n",
    pack_opts, 1, NULL, NULL,
};

static void print_info(const xf_pack *p) {
    const xf_pack_header *h = xf_pack_header_of(p);
    char hex[65];
    printf("pack         %s\n", xf_pack_str(p, h->name));
    xf_sha256_hex(xf_pack_file_sha256(p), hex);
    printf("file         %s, %" PRId64 " bytes; sha256 of its shared object (the first %" PRId64 " bytes): %s\n",
           xf_pack_path(p), xf_pack_file_size(p), xf_pack_code_size(p), hex);
    const xf_sig_info *sig = xf_pack_sig(p);
    if (sig->state == XF_SIG_NONE) printf("signature    none (unsigned)\n");
    else if (sig->state == XF_SIG_TRUSTED)
        printf("signature    ed25519, key %s: valid, trusted (%s)\n", sig->key_id, sig->trusted_by);
    else if (sig->state == XF_SIG_UNTRUSTED)
        printf("signature    ed25519, key %s: valid, NOT trusted (%s)\n", sig->key_id, sig->why ? sig->why : "?");
    printf("pack ABI     %u\n", h->pack_abi);
    printf("runtime ABI  %u\n", h->xf_abi);
    printf("compiler     %s\n", xf_pack_str(p, h->compiler));
    printf("built        %s\n", xf_pack_str(p, h->build_date));
    printf("target       %s, CPU %s, -O%u\n", xf_pack_str(p, h->target_triple), xf_pack_str(p, h->target_cpu),
           h->opt_level);
    xf_sha256_hex(h->source_hash, hex);
    printf("source hash  %s\n", hex);
    const xf_pack_ref *mods = (const void *)((const char *)h + h->modules.off);
    for (uint32_t i = 0; i < h->nmodules; i++)
        printf("%-12s %s\n", i ? "" : "modules", xf_pack_str(p, mods[i]));
    const xf_pack_source *src = (const void *)((const char *)h + h->sources.off);
    for (uint32_t i = 0; i < h->nsources; i++)
        printf("%-12s %s (%u bytes)\n", i ? "" : "sources", xf_pack_str(p, src[i].path), src[i].text.len);
    const xf_pack_policy *pol = (const void *)((const char *)h + h->policies.off);
    for (uint32_t i = 0; i < h->npolicies; i++)
        printf("%-12s %s  [%s, %s]\n", i ? "" : "policies", xf_pack_str(p, pol[i].name),
               xf_pack_str(p, pol[i].symbol), xf_pack_str(p, pol[i].symbol_traced));
}

int xf_cmd_pack(int argc, char **argv) {
    xf_args a;
    if (argc < 2 || strcmp(argv[1], "info")) {
        int prc = xf_args_parse(&a, &pack_help, argc, argv);
        if (prc) return prc == 1 ? 0 : 2;
        const char *names[] = {"info"};
        const char *near = argc > 1 ? xf_cli_nearest(argv[1], names, 1) : NULL;
        if (argc < 2) prc = xf_args_fail(&a, "缺少子命令（info）", "give a subcommand (info)");
        else if (near) prc = xf_args_fail(&a, "未知子命令“%s”；是否应为“%s”？", "unknown subcommand '%s'; did you mean '%s'?", argv[1], near);
        else prc = xf_args_fail(&a, "未知子命令“%s”", "unknown subcommand '%s'", argv[1]);
        xf_args_free(&a);
        return prc;
    }
    int prc = xf_args_parse(&a, &pack_info_help, argc - 1, argv + 1);
    if (prc) return prc == 1 ? 0 : 2;
    xf_pack_trust trust = {.lang = XF_LANG_ZH};
    const char *path = NULL;
    for (int i = 0; i < a.n && !prc; i++) {
        const xf_arg *g = &a.v[i];
        int l = 0;
        if (!g->opt && path) prc = xf_args_fail(&a, "只能给一个包（“%s”之后又有“%s”）", "one pack at a time ('%s', then '%s')", path, g->value);
        else if (!g->opt) path = g->value;
        else if (xf_arg_is(g, "--trusted-keys")) trust.keys_dir = g->value;
        else if (xf_arg_is(g, "--allow-unsigned")) trust.allow_unsigned = 1;
        else if (xf_arg_is(g, "--lang")) prc = xf_args_lang(&a, g->value, &l), trust.lang = (xf_lang)l;
    }
    if (!prc && !path) prc = xf_args_fail(&a, "缺少 PACK.so（要查看的包）", "give the pack to show (PACK.so)");
    xf_args_free(&a);
    if (prc) return prc;
    xf_pack *p = NULL;
    char *errmsg = NULL;
    if (xf_pack_inspect(path, &trust, &p, &errmsg) != 0) {
        fprintf(stderr, "xiufu pack: %s\n", errmsg ? errmsg : "cannot open the pack");
        free(errmsg);
        return 1;
    }
    print_info(p);
    int rc = 0;
    char *refused = xf_pack_trust_refusal(path, xf_pack_sig(p), &trust);
    if (refused || xf_pack_verify(p, &errmsg) != 0) {
        printf("checks       FAILED\n");
        fprintf(stderr, "xiufu pack: %s\n", refused ? refused : errmsg ? errmsg : "verification failed");
        rc = 1;
    } else {
        printf("checks       ok: trailer, checksum, %s, ELF, ABI, helpers, CPU, source hash, "
               "policies check, bindings match the sources, code matches the steps of all %u policies (nothing loaded)\n",
               xf_pack_sig(p)->state == XF_SIG_TRUSTED ? "signature" : "unsigned (allowed)",
               xf_pack_header_of(p)->npolicies);
    }
    free(refused);
    free(errmsg);
    xf_pack_close(p);
    return rc;
}
