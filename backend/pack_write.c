/* pack_write.c — `xiufu build`'s work: checked policies to a pack file
 * (pack.h, runtime/pack_abi.h).
 *
 *   bind the policy set (plan/bound.h): every policy lowered for the pack
 *   layout, without and with trace slots
 *   → the header blob (names, hashes, the sources themselves, the bindings)
 *   → one object file through LLVM's target machine (aot.h)
 *   → `cc -shared -Wl,-z,defs` into a shared object in a temporary folder
 *   → that object + trailer (length, SHA-256) + with --sign the signature
 *     block (pack/sign.h) written beside the target path and renamed over
 *     it, so a reader never sees half a pack.
 *
 * -z defs makes the link fail if the code needs any symbol besides the C
 * library's: a pack must load into processes that know nothing of xiufu. */
#define _GNU_SOURCE
#include "pack_write.h"
#include "backend.h"

#include <errno.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>


#include "bound.h"
#include "version.h"
#include "helpers.h"
#include "sha256.h"
#include "trace.h"
#include "strf.h"
#include "file_out.h"

extern char **environ;


/* ---- the header blob ------------------------------------------------------ */

typedef struct xf_blob {
    unsigned char *b;
    size_t         n, cap;
    int            oom;
} xf_blob;

/* Append len bytes at an offset aligned to align (and a NUL after them when
 * nul); returns the ref.  Offsets must fit 32 bits: a pack's header is its
 * names and sources, far below that. */
static xf_pack_ref xf_blob_add(xf_blob *bl, const void *data, size_t len, size_t align, int nul) {
    size_t off = (bl->n + align - 1) / align * align, end = off + len + (nul ? 1 : 0);
    if (end > UINT32_MAX) bl->oom = 1;
    if (!bl->oom && end > bl->cap) {
        size_t cap = bl->cap ? bl->cap : 4096;
        while (cap < end) cap *= 2;
        unsigned char *b = realloc(bl->b, cap);
        if (!b) bl->oom = 1;
        else bl->b = b, bl->cap = cap;
    }
    if (bl->oom) return (xf_pack_ref){0, 0};
    memset(bl->b + bl->n, 0, off - bl->n);
    if (len) memcpy(bl->b + off, data, len);
    if (nul) bl->b[off + len] = '\0';
    bl->n = end;
    return (xf_pack_ref){(uint32_t)off, (uint32_t)len};
}

static xf_pack_ref xf_blob_str(xf_blob *bl, const char *s) {
    return xf_blob_add(bl, s, strlen(s), 1, 1);
}

/* UTC; SOURCE_DATE_EPOCH, when set, makes the build reproducible. */
static void xf_pw_build_date(char buf[32]) {
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

typedef struct xf_pw_policy {
    const char *name;
    uint8_t     hash[32], traced_hash[32];
} xf_pw_policy;

/* Everything pack_abi.h's header holds, in one malloc'd blob. */
static int xf_pw_header(const xf_compile *c, const xf_pack_build_opts *o, const xf_aot_target *t,
                        const xf_pw_policy *pol, int npol, const xf_strbuf *bindings, xf_blob *bl, char **errmsg) {
    xf_pack_header h;
    memset(&h, 0, sizeof h);
    xf_blob_add(bl, &h, sizeof h, 8, 0);  /* filled in at the end */
    char date[32], compiler[96];
    unsigned maj = 0, min = 0, patch = 0;
    const xf_llvm_api *llvm = xf_backend(NULL);  /* loaded: the target came from it */
    if (llvm) llvm->llvm_version(&maj, &min, &patch);
    snprintf(compiler, sizeof compiler, "xiufu %s (LLVM %u.%u.%u)", XF_VERSION, maj, min, patch);
    xf_pw_build_date(date);
    h.name = xf_blob_str(bl, o->name);
    h.compiler = xf_blob_str(bl, compiler);
    h.build_date = xf_blob_str(bl, date);
    h.target_triple = xf_blob_str(bl, t->triple);
    h.target_cpu = xf_blob_str(bl, t->cpu);
    h.target_features = xf_blob_str(bl, t->features);

    int nsrc = c->diags.nsrc;
    xf_pack_ref *mods = calloc((size_t)c->nmodules + 1, sizeof *mods);
    xf_pack_source *srcs = calloc((size_t)nsrc + 1, sizeof *srcs);
    xf_pack_policy *pols = calloc((size_t)npol + 1, sizeof *pols);
    xf_pack_ref helpers[XF_H__COUNT];
    const char **paths = calloc((size_t)nsrc + 1, sizeof *paths), **texts = calloc((size_t)nsrc + 1, sizeof *texts);
    uint32_t *lens = calloc((size_t)nsrc + 1, sizeof *lens);
    int rc = -1;
    if (!mods || !srcs || !pols || !paths || !texts || !lens) goto out;
    for (int i = 0; i < c->nmodules; i++) mods[i] = xf_blob_str(bl, c->modules[i]->name ? c->modules[i]->name : "");
    for (int i = 0; i < nsrc; i++) {
        const xf_source *s = &c->diags.src[i];
        paths[i] = s->rel ? s->rel : s->path, texts[i] = s->text, lens[i] = s->len;
        srcs[i].path = xf_blob_str(bl, paths[i]);
        srcs[i].text = xf_blob_add(bl, s->text, s->len, 1, 1);
    }
    for (int i = 0; i < npol; i++) {
        char sym[40];
        pols[i].name = xf_blob_str(bl, pol[i].name);
        xf_aot_fn_name(i, 0, sym);
        pols[i].symbol = xf_blob_str(bl, sym);
        xf_aot_fn_name(i, 1, sym);
        pols[i].symbol_traced = xf_blob_str(bl, sym);
        memcpy(pols[i].prog_hash, pol[i].hash, 32);
        memcpy(pols[i].traced_hash, pol[i].traced_hash, 32);
    }
    for (int k = 0; k < XF_H__COUNT; k++) helpers[k] = xf_blob_str(bl, xf_helper_symbol[k]);
    h.modules = xf_blob_add(bl, mods, sizeof *mods * (size_t)c->nmodules, 8, 0);
    h.sources = xf_blob_add(bl, srcs, sizeof *srcs * (size_t)nsrc, 8, 0);
    h.policies = xf_blob_add(bl, pols, sizeof *pols * (size_t)npol, 8, 0);
    h.helpers = xf_blob_add(bl, helpers, sizeof helpers, 8, 0);
    h.bindings = xf_blob_add(bl, bindings->p, bindings->n, 8, 0);
    h.nmodules = (uint32_t)c->nmodules;
    h.nsources = (uint32_t)nsrc;
    h.npolicies = (uint32_t)npol;
    h.nhelpers = XF_H__COUNT;
    memcpy(h.magic, XF_PACK_MAGIC, 8);
    h.pack_abi = XF_PACK_ABI;
    h.xf_abi = XF_ABI_VERSION;
    h.opt_level = (uint32_t)o->opt_level;
    xf_pack_hash_sources(nsrc, paths, texts, lens, h.source_hash);
    if (!bl->oom) {
        h.size = (uint32_t)bl->n;
        memcpy(bl->b, &h, sizeof h);
        rc = 0;
    }
out:
    if (rc) xf_failf(errmsg, o->lang == XF_LANG_EN ? "out of memory writing the pack header" : "写包头时内存不足");
    free(mods), free(srcs), free(pols), free(paths), free(texts), free(lens);
    return rc;
}

/* ---- linking --------------------------------------------------------------- */

static int xf_pw_link(const char *cc, const char *obj, const char *so, int en, char **errmsg) {
    char *argv[] = {(char *)cc, "-shared", "-Wl,-z,defs", "-Wl,-z,noexecstack", "-o", (char *)so, (char *)obj, NULL};
    pid_t pid;
    int err = posix_spawnp(&pid, cc, NULL, NULL, argv, environ);
    if (err)
        return xf_failf(errmsg, en ? "cannot run '%s' to link the pack: %s (a C compiler driver is needed; "
                                     "XIUFU_CC names another)"
                                   : "无法运行“%s”来链接包：%s（需要 C 编译器驱动程序；可用 XIUFU_CC 指定另一个）",
                        cc, strerror(err));
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return xf_failf(errmsg, en ? "waiting for '%s': %s" : "等待“%s”时出错：%s", cc, strerror(errno));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return 0;
    if (WIFEXITED(status))
        return xf_failf(errmsg, en ? "linking the pack failed: %s exited with status %d" : "链接包失败：%s 退出状态为 %d",
                        cc, WEXITSTATUS(status));
    return xf_failf(errmsg, en ? "linking the pack failed: %s was killed by signal %d" : "链接包失败：%s 被信号 %d 终止",
                    cc, WTERMSIG(status));
}

static int xf_pw_slurp(const char *path, unsigned char **buf, size_t *len, int en, char **errmsg) {
    FILE *f = fopen(path, "rb");
    if (!f) return xf_failf(errmsg, "%s: %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0, r;
    unsigned char *b = malloc(cap);
    while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            unsigned char *g = realloc(b, cap *= 2);
            if (!g) free(b);
            b = g;
        }
    }
    int bad = !b || ferror(f);
    fclose(f);
    if (bad) {
        free(b);
        return xf_failf(errmsg, en ? "%s: cannot read the linked pack" : "%s：无法读取链接好的包", path);
    }
    *buf = b, *len = n;
    return 0;
}

/* The shared object + trailer (+ the signature block when key), written
 * whole as every file xiufu writes is (file_out.h): a fresh temporary file
 * beside path, synced, renamed over path once complete. */
static int xf_pw_seal(const char *so, const char *path, const xf_sign_key *key, int en, char **errmsg) {
    unsigned char *b = NULL;
    size_t n = 0;
    uint8_t sig[XF_PACK_SIG_SIZE];
    if (xf_pw_slurp(so, &b, &n, en, errmsg)) return -1;
    uint8_t t[XF_PACK_TRAILER_SIZE];
    memset(t, 0, sizeof t);
    memcpy(t, XF_PACK_TRAILER_MAGIC, 8);
    for (int i = 0; i < 4; i++) t[8 + i] = (uint8_t)((uint32_t)XF_PACK_ABI >> (8 * i));
    for (int i = 0; i < 4; i++) t[12 + i] = (uint8_t)((uint32_t)XF_ABI_VERSION >> (8 * i));
    for (int i = 0; i < 8; i++) t[16 + i] = (uint8_t)((uint64_t)n >> (8 * i));
    xf_sha256(b, n, t + 24);
    if (key) {  /* signed: every byte before the signature, the trailer included */
        unsigned char *g = realloc(b, n + sizeof t);
        if (!g) {
            free(b);
            return xf_failf(errmsg, en ? "%s: out of memory" : "%s：内存不足", path);
        }
        b = g;
        memcpy(b + n, t, sizeof t);
        if (xf_sign_pack(key, b, n + sizeof t, sig) != 0) {
            free(b);
            return xf_failf(errmsg, en ? "%s: cannot sign the pack" : "%s：无法为包签名", path);
        }
    }
    xf_file_out f;
    char *why = NULL;
    if (xf_file_open(&f, path, &why) != 0) {
        int e = errno;
        free(b);
        free(why);
        return xf_failf(errmsg, en ? "cannot write %s: %s" : "无法写入 %s：%s", path, strerror(e));
    }
    /* mode as the linker would have made it */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fileno(f.f), 0777 & ~mask) != 0) f.err = errno;
    xf_file_put(&f, (const char *)b, n);
    xf_file_put(&f, (const char *)t, sizeof t);
    if (key) xf_file_put(&f, (const char *)sig, sizeof sig);
    free(b);
    if (xf_file_close(&f, 1, &why) != 0) {
        int e = errno;
        free(why);
        return xf_failf(errmsg, en ? "cannot write %s: %s" : "无法写入 %s：%s", path, strerror(e));
    }
    return 0;
}

/* ---- the whole build ------------------------------------------------------- */

typedef struct xf_pw_tmp {
    char dir[4096], obj[4200], so[4200];
} xf_pw_tmp;

static int xf_pw_tmp_make(xf_pw_tmp *t, int en, char **errmsg) {
    const char *base = getenv("TMPDIR");
    snprintf(t->dir, sizeof t->dir, "%s/xiufu-build-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(t->dir)) return xf_failf(errmsg, en ? "cannot make a temporary folder in %s: %s" : "无法在 %s 中建临时文件夹：%s",
                                            base && *base ? base : "/tmp", strerror(errno));
    snprintf(t->obj, sizeof t->obj, "%s/pack.o", t->dir);
    snprintf(t->so, sizeof t->so, "%s/pack.so", t->dir);
    return 0;
}

static void xf_pw_tmp_remove(xf_pw_tmp *t) {
    unlink(t->obj);
    unlink(t->so);
    rmdir(t->dir);
}

int xf_pack_write(xf_compile *c, const xf_pack_build_opts *o, const char *path, char **errmsg) {
    if (errmsg) *errmsg = NULL;
    int en = o->lang == XF_LANG_EN;
    int n = c->npolicies;
    if (n == 0) return xf_failf(errmsg, en ? "no policies to compile" : "没有可编译的政策");
    xf_bound b;
    xf_strbuf bindings = {0};
    xf_prog **plain = calloc((size_t)n, sizeof *plain), **traced = calloc((size_t)n, sizeof *traced);
    xf_pw_policy *pol = calloc((size_t)n, sizeof *pol);
    xf_blob bl = {0};
    xf_aot_target t = {0};
    xf_pw_tmp tmp;
    int rc = -1, have_tmp = 0;
    if (xf_bound_from_compile(c, 1, &b) != 0) {
        xf_failf(errmsg, en ? "cannot bind the policies to the records" : "无法把政策绑定到记录");
        goto out;
    }
    xf_bound_write(&b, &bindings);
    if (!plain || !traced || !pol || bindings.oom) {
        xf_failf(errmsg, en ? "out of memory" : "内存不足");
        goto out;
    }
    for (int i = 0; i < n; i++) {
        plain[i] = b.pol[i].prog[0], traced[i] = b.pol[i].prog[1];
        pol[i].name = b.pol[i].name;
        xf_pack_prog_hash(plain[i], pol[i].hash);
        xf_pack_prog_hash(traced[i], pol[i].traced_hash);
    }
    if (xf_aot_target_get(o->cpu, &t, errmsg) || xf_pw_header(c, o, &t, pol, n, &bindings, &bl, errmsg) ||
        xf_pw_tmp_make(&tmp, en, errmsg))
        goto out;
    have_tmp = 1;
    if (xf_aot_emit_object(plain, traced, n, &t, o->opt_level, XF_PACK_HEADER_SYMBOL, bl.b, bl.n, tmp.obj,
                           errmsg) ||
        xf_pw_link(o->cc ? o->cc : "cc", tmp.obj, tmp.so, en, errmsg) || xf_pw_seal(tmp.so, path, o->sign, en, errmsg))
        goto out;
    rc = 0;
out:
    if (have_tmp) xf_pw_tmp_remove(&tmp);
    xf_bound_free(&b);
    xf_strbuf_free(&bindings);
    free(plain), free(traced), free(pol), free(bl.b);
    xf_aot_target_free(&t);
    return rc;
}
