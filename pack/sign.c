/* sign.c — key files and pack signatures (sign.h), with libsodium's
 * Ed25519.  Library code: nothing is printed. */
#define _GNU_SOURCE
#include "sign.h"

#include <dirent.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_out.h"
#include "sha256.h"
#include "strf.h"

enum { XF_KEY_FILE_MAX = 4096 };

static int xf_sodium(void) { return sodium_init() < 0 ? -1 : 0; }

static void xf_key_make_id(xf_sign_key *k) {
    uint8_t d[32];
    xf_sha256(k->pk, sizeof k->pk, d);
    memcpy(k->id, d, XF_KEY_ID_BYTES);
}

void xf_key_id_hex(const uint8_t id[XF_KEY_ID_BYTES], char out[2 * XF_KEY_ID_BYTES + 1]) {
    for (int i = 0; i < XF_KEY_ID_BYTES; i++) snprintf(out + 2 * i, 3, "%02x", id[i]);
}

static void xf_hex(const uint8_t *b, size_t n, char *out) {
    for (size_t i = 0; i < n; i++) snprintf(out + 2 * i, 3, "%02x", b[i]);
}

static int xf_unhex(const char *s, size_t len, uint8_t *out, size_t n) {
    if (len != 2 * n) return -1;
    for (size_t i = 0; i < n; i++) {
        int v = 0;
        for (int k = 0; k < 2; k++) {
            char c = s[2 * i + k];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        out[i] = (uint8_t)v;
    }
    return 0;
}

void xf_key_wipe(xf_sign_key *k) {
    if (k) sodium_memzero(k, sizeof *k);
}

int xf_key_generate(xf_sign_key *k) {
    memset(k, 0, sizeof *k);
    if (xf_sodium() || crypto_sign_keypair(k->pk, k->sk) != 0) return -1;
    k->has_secret = 1;
    xf_key_make_id(k);
    return 0;
}

char *xf_key_format(const xf_sign_key *k, int secret) {
    char id[2 * XF_KEY_ID_BYTES + 1], pk[65], seed[65];
    xf_key_id_hex(k->id, id);
    xf_hex(k->pk, 32, pk);
    if (secret) xf_hex(k->sk, 32, seed);  /* libsodium's secret key begins with the seed */
    char *s = secret ? xf_strf("# xiufu signing key: whoever has this file can sign packs that trust it. Keep it secret.\n"
                               "%s %d\nalgorithm ed25519\nkind secret\nid %s\npublic %s\nseed %s\n",
                               XF_KEY_FORMAT, XF_KEY_VERSION, id, pk, seed)
                     : xf_strf("# xiufu public key: put it into a trusted-keys folder to run the packs it signs.\n"
                               "%s %d\nalgorithm ed25519\nkind public\nid %s\npublic %s\n",
                               XF_KEY_FORMAT, XF_KEY_VERSION, id, pk);
    sodium_memzero(seed, sizeof seed);
    return s;
}

int xf_key_parse(const char *path, const char *text, size_t len, int secret, xf_lang lang, xf_sign_key *k,
                 char **errmsg) {
    int en = lang == XF_LANG_EN;
    memset(k, 0, sizeof *k);
    if (xf_sodium()) return xf_failf(errmsg, en ? "%s: the cryptography library cannot start" : "%s：加密库无法启动", path);
    int have_format = 0, have_alg = 0, have_kind = 0, have_id = 0, have_pk = 0, have_seed = 0, is_secret = 0;
    uint8_t id[XF_KEY_ID_BYTES], seed[32];
    size_t at = 0;
    int lineno = 0, rc = -1;
    while (at < len) {
        const char *line = text + at, *nl = memchr(line, '\n', len - at);
        size_t n = nl ? (size_t)(nl - line) : len - at;
        at += n + (nl ? 1 : 0);
        lineno++;
        if (n && line[n - 1] == '\r') n--;
        if (!n || line[0] == '#') continue;
        const char *sp = memchr(line, ' ', n);
        if (!sp) {
            xf_failf(errmsg, en ? "%s:%d: not a xiufu key file (a line without a value)"
                                : "%s:%d：不是 xiufu 密钥文件（有一行没有值）", path, lineno);
            goto out;
        }
        size_t fl = (size_t)(sp - line), vl = n - fl - 1;
        const char *v = sp + 1;
#define FIELD(name) (fl == sizeof name - 1 && !memcmp(line, name, fl))
#define VALUE(s) (vl == sizeof s - 1 && !memcmp(v, s, vl))
        if (!have_format) {
            if (!FIELD(XF_KEY_FORMAT)) {
                xf_failf(errmsg, en ? "%s: not a xiufu key file (it does not begin with '%s %d')"
                                    : "%s：不是 xiufu 密钥文件（开头不是“%s %d”）", path, XF_KEY_FORMAT,
                         XF_KEY_VERSION);
                goto out;
            }
            if (!VALUE("1")) {
                xf_failf(errmsg, en ? "%s: a xiufu key file of version %.*s; this xiufu reads version %d"
                                    : "%s：密钥文件版本为 %.*s，本 xiufu 只读第 %d 版", path,
                         (int)(vl < 20 ? vl : 20), v, XF_KEY_VERSION);
                goto out;
            }
            have_format = 1;
        } else if (FIELD("algorithm")) {
            if (!VALUE("ed25519")) {
                xf_failf(errmsg, en ? "%s: a key for algorithm %.*s; xiufu signs with ed25519"
                                    : "%s：算法为 %.*s 的密钥；xiufu 用 ed25519 签名", path,
                         (int)(vl < 40 ? vl : 40), v);
                goto out;
            }
            have_alg = 1;
        } else if (FIELD("kind")) {
            if (!VALUE("secret") && !VALUE("public")) {
                xf_failf(errmsg, en ? "%s:%d: kind is 'secret' or 'public'" : "%s:%d：kind 只能是 secret 或 public", path, lineno);
                goto out;
            }
            is_secret = VALUE("secret");
            have_kind = 1;
        } else if (FIELD("id")) {
            if (xf_unhex(v, vl, id, sizeof id)) {
                xf_failf(errmsg, en ? "%s:%d: the id is %d hex digits" : "%s:%d：id 应为 %d 位十六进制数字", path, lineno,
                         2 * XF_KEY_ID_BYTES);
                goto out;
            }
            have_id = 1;
        } else if (FIELD("public")) {
            if (xf_unhex(v, vl, k->pk, sizeof k->pk)) {
                xf_failf(errmsg, en ? "%s:%d: the public key is 64 hex digits" : "%s:%d：公钥应为 64 位十六进制数字", path,
                         lineno);
                goto out;
            }
            have_pk = 1;
        } else if (FIELD("seed")) {
            if (xf_unhex(v, vl, seed, sizeof seed)) {
                xf_failf(errmsg, en ? "%s:%d: the seed is 64 hex digits" : "%s:%d：seed 应为 64 位十六进制数字", path, lineno);
                goto out;
            }
            have_seed = 1;
        } else {
            xf_failf(errmsg, en ? "%s:%d: unknown field '%.*s'" : "%s:%d：未知字段“%.*s”", path, lineno,
                     (int)(fl < 40 ? fl : 40), line);
            goto out;
        }
#undef FIELD
#undef VALUE
    }
    if (!have_format || !have_alg || !have_kind || !have_id || !have_pk) {
        xf_failf(errmsg, en ? "%s: not a complete xiufu key file (it needs %s, algorithm, kind, id and public)"
                            : "%s：xiufu 密钥文件不完整（须有 %s、algorithm、kind、id 和 public）", path,
                 XF_KEY_FORMAT);
        goto out;
    }
    if (secret && !is_secret) {
        xf_failf(errmsg, en ? "%s: a public key; signing needs the secret key (the .key file of xiufu keygen)"
                            : "%s：这是公钥；签名要用私钥（xiufu keygen 生成的 .key 文件）", path);
        goto out;
    }
    if (is_secret != have_seed) {
        xf_failf(errmsg, "%s%s%s", path, en ? ": " : "：",
                 is_secret ? (en ? "a secret key without its seed" : "私钥缺少 seed")
                           : (en ? "a public key with a seed" : "公钥不应带 seed"));
        goto out;
    }
    xf_key_make_id(k);
    if (memcmp(id, k->id, sizeof id)) {
        xf_failf(errmsg, en ? "%s: its id is not the id of its public key (a damaged or edited key file)"
                            : "%s：id 与公钥不符（密钥文件已损坏或被改动）", path);
        goto out;
    }
    if (is_secret) {
        uint8_t pk[32];
        if (crypto_sign_seed_keypair(pk, k->sk, seed) != 0 || memcmp(pk, k->pk, 32)) {
            xf_failf(errmsg, en ? "%s: its seed does not give its public key (a damaged or edited key file)"
                                : "%s：seed 与公钥不符（密钥文件已损坏或被改动）", path);
            goto out;
        }
        k->has_secret = 1;
    }
    rc = 0;
out:
    sodium_memzero(seed, sizeof seed);
    if (rc) xf_key_wipe(k);
    return rc;
}

static int xf_read_small(const char *path, int en, char **text, size_t *len, char **errmsg) {
    const char *why;
    int fd = xf_open_regular(path, &why);
    if (fd < 0) return xf_failf(errmsg, en ? "%s: cannot open: %s" : "%s：无法打开：%s", path, why);
    char *b = malloc(XF_KEY_FILE_MAX + 1);
    size_t n = 0;
    ssize_t r = 0;
    while (b && n <= XF_KEY_FILE_MAX && (r = read(fd, b + n, XF_KEY_FILE_MAX + 1 - n)) != 0) {
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) break;
        n += (size_t)r;
    }
    int e = errno;
    close(fd);
    if (!b || r < 0) {
        free(b);
        return xf_failf(errmsg, en ? "%s: cannot read: %s" : "%s：无法读取：%s", path,
                        b ? strerror(e) : en ? "out of memory" : "内存不足");
    }
    if (n > XF_KEY_FILE_MAX) {
        sodium_memzero(b, n);
        free(b);
        return xf_failf(errmsg, en ? "%s: not a xiufu key file (too large)" : "%s：不是 xiufu 密钥文件（太大）", path);
    }
    *text = b, *len = n;
    return 0;
}

int xf_key_read(const char *path, int secret, xf_lang lang, xf_sign_key *k, char **errmsg) {
    int en = lang == XF_LANG_EN;
    char *text;
    size_t len;
    memset(k, 0, sizeof *k);
    if (xf_read_small(path, en, &text, &len, errmsg)) return -1;
    int rc = xf_key_parse(path, text, len, secret, lang, k, errmsg);
    sodium_memzero(text, len);
    free(text);
    if (!rc && secret) {
        /* a secret key others can read is no longer secret */
        struct stat st;
        if (stat(path, &st) == 0 && (st.st_mode & 077)) {
            xf_key_wipe(k);
            return xf_failf(errmsg, en ? "%s: a secret key that other users can read (chmod 600 it, or make a new one)"
                                : "%s：其他用户可读取这把私钥（chmod 600，或重新生成一把）", path);
        }
    }
    return rc;
}

/* ---- signatures ---------------------------------------------------------- */

static void xf_le32(uint8_t *b, uint32_t v) {
    for (int i = 0; i < 4; i++) b[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t xf_get_le32(const uint8_t *b) {
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

int xf_sign_pack(const xf_sign_key *k, const uint8_t *file, size_t n, uint8_t block[XF_PACK_SIG_SIZE]) {
    if (xf_sodium() || !k->has_secret) return -1;
    memset(block, 0, XF_PACK_SIG_SIZE);
    memcpy(block, XF_PACK_SIG_MAGIC, 8);
    xf_le32(block + 8, XF_PACK_SIG_VERSION);
    xf_le32(block + 12, XF_PACK_SIG_ED25519);
    memcpy(block + 16, k->id, XF_KEY_ID_BYTES);
    memcpy(block + 32, k->pk, 32);
    /* the message is the file's bytes, then the block's first 64: one
     * contiguous copy, as the verifier sees them */
    uint8_t *m = malloc(n + 64);
    if (!m) return -1;
    memcpy(m, file, n);
    memcpy(m + n, block, 64);
    int rc = crypto_sign_detached(block + 64, NULL, m, n + 64, k->sk);
    free(m);
    return rc ? -1 : 0;
}

void xf_sig_info_free(xf_sig_info *info) {
    free(info->trusted_by);
    free(info->why);
    info->trusted_by = info->why = NULL;
}

char *xf_trusted_keys_default(void) {
    const char *d = getenv("XIUFU_TRUSTED_KEYS"), *x = getenv("XDG_CONFIG_HOME"), *h = getenv("HOME");
    if (d && *d) return xf_strf("%s", d);
    if (x && *x == '/') return xf_strf("%s/xiufu/trusted-keys", x);
    if (h && *h) return xf_strf("%s/.config/xiufu/trusted-keys", h);
    return NULL;
}

/* Is pk in the folder?  Sets info->trusted_by or info->why. */
static void xf_sig_lookup(const char *dir, const uint8_t pk[32], int en, xf_sig_info *info) {
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        info->why = en ? xf_strf("the trusted-keys folder %s does not exist", dir)
                       : xf_strf("受信任密钥文件夹 %s 不存在", dir);
        return;
    }
    /* Owner-only writable, whatever the umask: whoever can add a .pub here
     * can run code as every user who trusts the folder, and a group is
     * rarely as small as one person (umask 002 gives new folders g+w). */
    if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        info->why = en ? xf_strf("the trusted-keys folder %s is writable by %s, so none of its keys is trusted "
                                 "(make it writable by its owner only: chmod go-w %s)",
                                 dir, st.st_mode & S_IWOTH ? "every user" : "its group", dir)
                       : xf_strf("受信任密钥文件夹 %s 可被%s写入，其中的密钥一概不受信任"
                                 "（请改为仅所有者可写：chmod go-w %s）",
                                 dir, st.st_mode & S_IWOTH ? "所有用户" : "同组用户", dir);
        return;
    }
    DIR *d = opendir(dir);
    struct dirent *e;
    char *writable = NULL;  /* a .pub skipped for being writable by others: named if no key matches */
    while (d && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".pub") || e->d_name[0] == '.') continue;
        char *path = xf_strf("%s/%s", dir, e->d_name), *text = NULL, *err = NULL;
        size_t len;
        xf_sign_key k;
        struct stat ks;
        int ok = path && stat(path, &ks) == 0;
        if (ok && (ks.st_mode & (S_IWGRP | S_IWOTH))) {
            if (!writable) writable = path, path = NULL;
        } else if (ok && !xf_read_small(path, en, &text, &len, &err) &&
                   !xf_key_parse(path, text, len, 0, en ? XF_LANG_EN : XF_LANG_ZH, &k, &err) &&
                   !memcmp(k.pk, pk, 32)) {
            info->trusted_by = path, path = NULL;
        }
        free(path), free(text), free(err);
        if (info->trusted_by) break;
    }
    if (d) closedir(d);
    if (!info->trusted_by && !info->why && writable)
        info->why = en ? xf_strf("no public key in the trusted-keys folder %s is that key; %s was not read, being "
                                 "writable by others (chmod go-w %s)", dir, writable, writable)
                       : xf_strf("受信任密钥文件夹 %s 中没有这把公钥；%s 可被他人写入，未读取（chmod go-w %s）", dir,
                                 writable, writable);
    else if (!info->trusted_by && !info->why)
        info->why = en ? xf_strf("no public key in the trusted-keys folder %s is that key", dir)
                       : xf_strf("受信任密钥文件夹 %s 中没有这把公钥", dir);
    free(writable);
}

void xf_sig_check(const uint8_t *b, size_t n, const xf_trust_keys *t, size_t *body, xf_sig_info *info) {
    memset(info, 0, sizeof *info);
    int en = t && t->lang == XF_LANG_EN;
    *body = n;
    if (n < XF_PACK_SIG_SIZE || memcmp(b + n - XF_PACK_SIG_SIZE, XF_PACK_SIG_MAGIC, 8)) {
        info->state = XF_SIG_NONE;
        return;
    }
    const uint8_t *blk = b + n - XF_PACK_SIG_SIZE;
    *body = n - XF_PACK_SIG_SIZE;
    info->state = XF_SIG_BAD;
    xf_key_id_hex(blk + 16, info->key_id);
    uint32_t version = xf_get_le32(blk + 8), alg = xf_get_le32(blk + 12);
    if (version != XF_PACK_SIG_VERSION || alg != XF_PACK_SIG_ED25519) {
        info->why = en ? xf_strf("a signature of version %u, algorithm %u, which this xiufu does not know", version, alg)
                       : xf_strf("签名版本 %u、算法 %u，本 xiufu 不认识", version, alg);
        return;
    }
    xf_sign_key k;
    memset(&k, 0, sizeof k);
    memcpy(k.pk, blk + 32, 32);
    xf_key_make_id(&k);
    if (memcmp(k.id, blk + 16, XF_KEY_ID_BYTES)) {
        info->why = en ? xf_strf("its signature block names key %s but holds another key", info->key_id)
                       : xf_strf("签名块标明的密钥 %s 与其中的公钥不符", info->key_id);
        return;
    }
    if (xf_sodium() || crypto_sign_verify_detached(blk + 64, b, n - 64, k.pk) != 0) {
        info->why = en ? xf_strf("its signature does not verify: the file was changed after it was signed")
                       : xf_strf("签名验证失败：文件在签名之后被改动过");
        return;
    }
    info->state = XF_SIG_UNTRUSTED;
    if (t && t->extra && !memcmp(t->extra->pk, k.pk, 32)) {
        info->state = XF_SIG_TRUSTED;
        info->trusted_by = xf_strf("%s", en ? "the key it was signed with" : "签名所用的密钥");
        return;
    }
    char *dflt = t && t->keys_dir && *t->keys_dir ? NULL : xf_trusted_keys_default();
    const char *dir = t && t->keys_dir && *t->keys_dir ? t->keys_dir : dflt;
    if (!dir) info->why = xf_strf("%s", en ? "no trusted-keys folder (set XIUFU_TRUSTED_KEYS or HOME)"
                                           : "没有受信任密钥文件夹（请设置 XIUFU_TRUSTED_KEYS 或 HOME）");
    else xf_sig_lookup(dir, k.pk, en, info);
    free(dflt);
    if (info->trusted_by) info->state = XF_SIG_TRUSTED;
}
