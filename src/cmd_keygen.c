/* cmd_keygen.c — `xiufu keygen -o NAME`: a new Ed25519 key pair for signing
 * packs, NAME.key (secret, mode 0600) and NAME.pub (pack/sign.h, the
 * format; docs/packs.md, who keeps which). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "opts.h"
#include "file_out.h"
#include "policyset.h"
#include "sign.h"
#include "strf.h"

static const xf_opt keygen_opts[] = {
    {"-o", NULL, "NAME", 0, "写出 NAME.key（私钥，权限 0600）和 NAME.pub（公钥）",
     "write NAME.key (the secret key, mode 0600) and NAME.pub (the public key)"},
    {"--lang", NULL, "zh|en", 0, "消息的语言（默认 zh）", "language of the messages (default zh)"},
    {NULL},
};

static const xf_cmd_help keygen_help = {
    "keygen", "-o NAME [--lang zh|en]",
    "生成签名包用的 Ed25519 密钥对。私钥用于 xiufu build --sign NAME.key；公钥复制到运行这些包的人的\n"
    "受信任密钥文件夹。已存在的 NAME.key 或 NAME.pub 不会被覆盖。\n",
    "Make an Ed25519 key pair for signing packs.  The secret key is for xiufu build --sign\n"
    "NAME.key; copy the public key into the trusted-keys folder of whoever runs the packs.\n"
    "An existing NAME.key or NAME.pub is never overwritten.\n",
    keygen_opts, 0, NULL, NULL,
};

int xf_cmd_keygen(int argc, char **argv) {
    xf_args a;
    int prc = xf_args_parse(&a, &keygen_help, argc, argv);
    if (prc) return prc == 1 ? 0 : 2;
    const char *name = xf_args_get(&a, "-o"), *lang = xf_args_get(&a, "--lang");
    int l = XF_LANG_ZH;
    if (lang) prc = xf_args_lang(&a, lang, &l);
    if (!prc && !name) prc = xf_args_fail(&a, "缺少 -o NAME（密钥文件名，不带扩展名）", "give -o NAME (the key files' name, without extension)");
    xf_args_free(&a);
    if (prc) return prc;
    int en = l == XF_LANG_EN;
    char *key_path = xf_strf("%s.key", name), *pub_path = xf_strf("%s.pub", name);
    char *secret = NULL, *public = NULL, *errmsg = NULL;
    xf_sign_key k;
    int rc = 1;
    memset(&k, 0, sizeof k);
    if (!key_path || !pub_path) goto done;
    /* both names free before either is written (each write refuses on its own too) */
    for (int i = 0; i < 2; i++) {
        const char *p = i ? pub_path : key_path;
        if (access(p, F_OK) == 0) {
            fprintf(stderr, en ? "xiufu keygen: %s exists already; not overwritten (choose another NAME)\n"
                               : "xiufu keygen：%s 已存在，不会覆盖（请换一个 NAME）\n", p);
            goto done;
        }
    }
    if (xf_key_generate(&k) != 0) {
        fprintf(stderr, en ? "xiufu keygen: the cryptography library cannot start\n"
                           : "xiufu keygen：加密库无法启动\n");
        goto done;
    }
    secret = xf_key_format(&k, 1);
    public = xf_key_format(&k, 0);
    if (!secret || !public) goto done;
    if (xf_file_write_new(key_path, secret, strlen(secret), 0600, &errmsg) != 0) {
        fprintf(stderr, "xiufu keygen: %s\n", errmsg ? errmsg : "cannot write the key");
        goto done;
    }
    if (xf_file_write_new(pub_path, public, strlen(public), 0644, &errmsg) != 0) {
        fprintf(stderr, "xiufu keygen: %s\n", errmsg ? errmsg : "cannot write the key");
        unlink(key_path);  /* a pair or nothing */
        goto done;
    }
    char id[2 * XF_KEY_ID_BYTES + 1];
    xf_key_id_hex(k.id, id);
    fprintf(stderr, en ? "xiufu keygen: key %s: secret key %s (keep it; xiufu build --sign %s), public key %s "
                         "(copy it into the trusted-keys folder of whoever runs the packs)\n"
                       : "xiufu keygen：密钥 %s：私钥 %s（妥善保管；xiufu build --sign %s），公钥 %s"
                         "（复制到运行这些包的人的受信任密钥文件夹）\n",
            id, key_path, key_path, pub_path);
    printf("%s\n", id);
    rc = 0;
done:
    if (!key_path || !pub_path || (rc && !errmsg && (!secret || !public) && k.has_secret))
        fprintf(stderr, "xiufu keygen: out of memory\n");
    if (secret) {
        memset(secret, 0, strlen(secret));
        free(secret);
    }
    xf_key_wipe(&k);
    free(public), free(errmsg), free(key_path), free(pub_path);
    return rc;
}
