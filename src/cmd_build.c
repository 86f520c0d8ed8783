/* cmd_build.c — `xiufu build POLICY... -o PACK.so [--sign KEY] [--name NAME] [--cpu host|baseline] [-O0..3]`:
 * check the policies and compile them ahead of time into a pack (pack.h),
 * signed with KEY (pack/sign.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "oom.h"
#include "pack_write.h"
#include "policyset.h"

static int usage(void) {
    fprintf(stderr,
            "usage: xiufu build POLICY... -o PACK.so [--sign KEY] [--name NAME] [--cpu host|baseline]\n"
            "                   [-O0..3] [--lang zh|en]\n"
            "  --sign KEY      sign the pack with the secret key KEY (a .key file of xiufu keygen);\n"
            "                  runs load only packs signed by a trusted key (docs/packs.md)\n"
            "  --cpu host      code for this machine's CPU (the default)\n"
            "  --cpu baseline  code any machine of this architecture runs (x86-64: SSE2)\n"
            "  XIUFU_CC        the C compiler driver that links the pack (default cc)\n");
    return 2;
}

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
    char **files = calloc((size_t)argc, sizeof *files);
    int nfiles = 0;
    if (!files) return xf_oom(0), 1;  /* xf_oom says so and ends the process */
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(a, "-o") && more) {
            out = argv[++i];
        } else if (!strcmp(a, "--sign") && more) {
            sign = argv[++i];
        } else if (!strcmp(a, "--name") && more) {
            o.name = argv[++i];
        } else if ((!strcmp(a, "--cpu") && more) || !strncmp(a, "--cpu=", 6)) {
            const char *v = a[5] == '=' ? a + 6 : argv[++i];
            if (!strcmp(v, "host")) o.cpu = XF_AOT_CPU_HOST;
            else if (!strcmp(v, "baseline")) o.cpu = XF_AOT_CPU_BASELINE;
            else { free(files); return usage(); }
        } else if (a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '3' && !a[3]) {
            o.opt_level = a[2] - '0';
        } else if (!strcmp(a, "--lang") && more) {
            int l = xf_parse_lang(argv[++i]);
            if (l < 0) { free(files); return usage(); }
            lang = (xf_lang)l;
        } else if (!strcmp(a, "--help")) {
            free(files);
            usage();
            return 0;
        } else if (a[0] == '-') {
            fprintf(stderr, lang == XF_LANG_EN ? "xiufu build: unexpected argument '%s'\n"
                                                : "xiufu build：多余的参数“%s”\n", a);
            free(files);
            return usage();
        } else {
            files[nfiles++] = argv[i];
        }
    }
    if (!nfiles || !out) {
        free(files);
        return usage();
    }
    if (!xf_pack_is_path(out)) {
        fprintf(stderr, lang == XF_LANG_EN
                            ? "xiufu build: the pack's name must end in .so (xiufu run -p tells packs from sources by it)\n"
                            : "xiufu build：包名必须以 .so 结尾（xiufu run -p 据此区分包与源文件）\n");
        free(files);
        return 2;
    }
    char *name = o.name ? NULL : default_name(out);
    if (!o.name) o.name = name ? name : "pack";
    if (!o.cc || !*o.cc) o.cc = "cc";
    o.lang = lang;
    int en = lang == XF_LANG_EN;

    xf_compile c;
    xf_compile_init(&c);
    char *errmsg = NULL;
    xf_pack *check = NULL;
    xf_sign_key key;
    int rc = 1;
    memset(&key, 0, sizeof key);
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
