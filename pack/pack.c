/* pack.c — loading a pack with every check of pack.h, and the hashes and
 * layout that writer and reader share.
 *
 * The one place packs are trusted: xf_pack_read_checked reads the file
 * once, checks trailer, checksum and signature (sign.h) on that copy, and
 * xf_pack_open gives dlopen a private copy of exactly those bytes, never
 * the path.  xf_pack_inspect reads the header out of the ELF image without
 * loading it.
 *
 * Library code: nothing is printed; every refusal is a message that starts
 * with the pack's path, so the command line and the SQLite extension can
 * show it as it is. */
#define _GNU_SOURCE
#include "pack.h"

#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "embedded.h"
#include "file_out.h"
#include "helpers.h"
#include "sha256.h"
#include "trace.h"
#include "strf.h"

struct xf_pack {
    char                 *path;
    void                 *dl;         /* dlopen handle; NULL when inspected */
    int                   dl_fd;      /* the private copy's memfd while dl is open, else -1 */
    void                 *header_copy; /* inspected: the header blob, copied from the file */
    const xf_pack_header *h;          /* inside the loaded object, or header_copy */
    const unsigned char  *base;       /* h as bytes */
    xf_policy_fn         *fn;         /* per header policy: untraced, traced */
    xf_policy_fn         *fn_traced;
    int64_t               file_size, code_size;
    uint8_t               file_sha[32];
    xf_sig_info           sig;
};

/* A pack is code plus a few hundred kilobytes of sources: a gigabyte is
 * not a pack. */
enum { XF_PACK_MAX_FILE = 1 << 30 };


/* ---- shared by writer and reader ---------------------------------------- */

int xf_pack_is_path(const char *arg) {
    size_t n = arg ? strlen(arg) : 0;
    return n > 3 && !strcmp(arg + n - 3, ".so");
}

int xf_pack_layout(xf_compile *c, xf_tablespec **specs) {
    if (!c->entity) return -1;
    for (int f = 0; f < c->entity->nfields; f++)
        if (!strcmp(c->entity->fields[f].column, c->entity->key)) c->entity->fields[f].used = 1;
    return xf_table_specs(c, c->policies, c->npolicies, specs);
}

static void xf_pack_le(uint8_t *b, uint64_t v, int n) {
    for (int i = 0; i < n; i++) b[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t xf_pack_get_le(const uint8_t *b, int n) {
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) v = v << 8 | b[i];
    return v;
}

void xf_pack_hash_sources(int n, const char *const *paths, const char *const *texts,
                          const uint32_t *lens, uint8_t out[32]) {
    xf_sha256_ctx s;
    xf_sha256_init(&s);
    for (int i = 0; i < n; i++) {
        uint8_t len[8];
        xf_pack_le(len, lens[i], 8);
        xf_sha256_update(&s, paths[i], strlen(paths[i]) + 1);
        xf_sha256_update(&s, len, 8);
        xf_sha256_update(&s, texts[i], lens[i]);
    }
    xf_sha256_final(&s, out);
}

/* Every field of every instruction, not the --dump=steps text: a change of
 * the dump's wording must not make packs stale, and any operand the
 * emitter might read is covered. */
void xf_pack_prog_hash(const xf_prog *p, uint8_t out[32]) {
    xf_sha256_ctx s;
    uint8_t b[64];
    xf_sha256_init(&s);
    const char *name = p->name ? p->name : "";
    xf_sha256_update(&s, name, strlen(name) + 1);
    int32_t head[5] = {p->subject_table, p->nregs, p->nfields, p->ntrace, p->nins};
    for (int i = 0; i < 5; i++) xf_pack_le(b + 4 * i, (uint32_t)head[i], 4);
    xf_sha256_update(&s, b, 20);
    for (int32_t i = 0; i < p->nins; i++) {
        const xf_ins *in = &p->ins[i];
        int32_t ops[7] = {in->dst, in->a, in->b, in->c, in->d, in->t, in->col};
        b[0] = in->op;
        for (int k = 0; k < 7; k++) xf_pack_le(b + 1 + 4 * k, (uint32_t)ops[k], 4);
        xf_pack_le(b + 29, (uint64_t)in->imm, 8);
        xf_pack_le(b + 37, (uint64_t)in->imm2, 8);
        xf_sha256_update(&s, b, 45);
    }
    xf_sha256_final(&s, out);
}

/* ---- 1. the file ---------------------------------------------------------- */

static int xf_pack_read_file(const char *path, unsigned char **buf, size_t *len, char **errmsg) {
    const char *why;
    int fd = xf_open_regular(path, &why);
    if (fd < 0) return xf_failf(errmsg, "%s: cannot open: %s", path, why);
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return xf_failf(errmsg, "%s: cannot open: %s", path, strerror(errno));
    }
    if (st.st_size > XF_PACK_MAX_FILE) {
        close(fd);
        return xf_failf(errmsg, "%s: not a xiufu pack (%lld bytes is too large)", path,
                            (long long)st.st_size);
    }
    size_t cap = (size_t)st.st_size, n = 0;
    unsigned char *b = malloc(cap ? cap : 1);
    if (!b) {
        close(fd);
        return xf_failf(errmsg, "%s: out of memory", path);
    }
    while (n < cap) {
        ssize_t r = read(fd, b + n, cap - n);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        n += (size_t)r;
    }
    int err = errno;
    close(fd);
    if (n != cap) {
        free(b);
        return xf_failf(errmsg, "%s: cannot read: %s", path, n < cap ? strerror(err) : "file changed");
    }
    *buf = b;
    *len = n;
    return 0;
}

static int xf_pack_is_elf(const unsigned char *b, size_t n) {
    return n >= 4 && !memcmp(b, ELFMAG, SELFMAG);
}

/* The trailer, then the checksum, then the ELF header: each failure says
 * what a user can do about it.  n: the bytes before the signature block. */
static int xf_pack_check_file(const char *path, const unsigned char *b, size_t n, uint8_t sha[32],
                              char **errmsg) {
    if (n < XF_PACK_TRAILER_SIZE || memcmp(b + n - XF_PACK_TRAILER_SIZE, XF_PACK_TRAILER_MAGIC, 8)) {
        if (xf_pack_is_elf(b, n))
            return xf_failf(errmsg, "%s: truncated or not a xiufu pack (no pack trailer at its end)", path);
        return xf_failf(errmsg, "%s: not a xiufu pack (not an ELF shared object)", path);
    }
    const uint8_t *t = b + n - XF_PACK_TRAILER_SIZE;
    uint32_t pack_abi = (uint32_t)xf_pack_get_le(t + 8, 4), xf_abi = (uint32_t)xf_pack_get_le(t + 12, 4);
    uint64_t length = xf_pack_get_le(t + 16, 8);
    if (pack_abi != XF_PACK_ABI)
        return xf_failf(errmsg, "%s: built for pack ABI %u, this xiufu reads %d", path, pack_abi, XF_PACK_ABI);
    if (xf_abi != XF_ABI_VERSION)
        return xf_failf(errmsg, "%s: built for runtime ABI %u, this xiufu has %d", path, xf_abi,
                            XF_ABI_VERSION);
    if (length != n - XF_PACK_TRAILER_SIZE)
        return xf_failf(errmsg, "%s: truncated or corrupted (its trailer records %llu bytes, the file has %llu)",
                            path, (unsigned long long)length, (unsigned long long)(n - XF_PACK_TRAILER_SIZE));
    xf_sha256(b, (size_t)length, sha);
    if (memcmp(sha, t + 24, 32)) return xf_failf(errmsg, "%s: corrupted (checksum mismatch)", path);
    return 0;
}

/* An intact pack from another machine: say so before dlopen does. */
static int xf_pack_check_elf(const char *path, const unsigned char *b, size_t length, char **errmsg) {
    const ElfW(Ehdr) *e = (const void *)b;
    int ok = length >= sizeof *e && xf_pack_is_elf(b, length) && e->e_ident[EI_CLASS] == ELFCLASS64 &&
             e->e_type == ET_DYN;
#if defined(__x86_64__)
    ok = ok && e->e_machine == EM_X86_64;
#elif defined(__aarch64__)
    ok = ok && e->e_machine == EM_AARCH64;
#endif
    if (!ok) return xf_failf(errmsg, "%s: not a shared object for this machine", path);
    return 0;
}

/* ---- 2. loading exactly the checked bytes --------------------------------- */

static int xf_pack_write_all(int fd, const unsigned char *b, size_t len) {
    size_t n = 0;
    while (n < len) {
        ssize_t w = write(fd, b + n, len - n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        n += (size_t)w;
    }
    return 0;
}

/* A private copy of the verified bytes, which is what dlopen maps: a
 * memfd (through /proc/self/fd), or where there is none a fresh temporary
 * file (mkstemp: created for us, O_EXCL, mode 0600), unlinked once
 * mapped.  Never the pack's own path: the file could change between the
 * signature check and dlopen. */
/* The memfd stays open while the pack is loaded (*keep_fd): dlopen knows an
 * object by its name, and a second pack opened as /proc/self/fd/N with N
 * freed and reused would be taken for the first one, already loaded. */
static void *xf_pack_dlopen(const char *path, const unsigned char *b, size_t len, int *keep_fd, char **errmsg) {
    *keep_fd = -1;
    int fd = memfd_create("xiufu-pack", MFD_CLOEXEC);
    char open_path[4200] = "";
    int tmp = 0;
    if (fd >= 0) {
        snprintf(open_path, sizeof open_path, "/proc/self/fd/%d", fd);
        if (xf_pack_write_all(fd, b, len) != 0 || access(open_path, R_OK) != 0) {
            close(fd);
            fd = -1;
        }
    }
    if (fd < 0) {
        const char *dir = getenv("TMPDIR");
        snprintf(open_path, sizeof open_path, "%s/xiufu-pack-XXXXXX", dir && *dir == '/' ? dir : "/tmp");
        fd = mkstemp(open_path);
        if (fd < 0 || xf_pack_write_all(fd, b, len) != 0) {
            int e = errno;
            if (fd >= 0) close(fd), unlink(open_path);
            xf_failf(errmsg, "%s: cannot load: no private copy of it can be made: %s", path, strerror(e));
            return NULL;
        }
        tmp = 1;
    }
    dlerror();
    void *dl = dlopen(open_path, RTLD_NOW | RTLD_LOCAL);
    if (tmp) unlink(open_path);
    if (dl && !tmp) *keep_fd = fd;
    else close(fd);  /* the mapping keeps the memory */
    if (!dl) {
        const char *why = dlerror();
        xf_failf(errmsg, "%s: cannot load: %s", path, why ? why : "dlopen failed");
    }
    return dl;
}

/* The exported symbol name of the ELF image b (n bytes, not loaded): its
 * bytes in the file and st_size, or NULL.  Everything is bounds-checked:
 * the file is not trusted yet. */
static const unsigned char *xf_pack_elf_symbol(const unsigned char *b, size_t n, const char *name, size_t *size) {
    ElfW(Ehdr) e;
    if (n < sizeof e) return NULL;
    memcpy(&e, b, sizeof e);
    if (e.e_shentsize != sizeof(ElfW(Shdr)) || e.e_shoff > n ||
        (uint64_t)e.e_shnum * sizeof(ElfW(Shdr)) > n - e.e_shoff)
        return NULL;
    size_t want = strlen(name) + 1;
    for (unsigned i = 0; i < e.e_shnum; i++) {
        ElfW(Shdr) s, str;
        memcpy(&s, b + e.e_shoff + i * sizeof s, sizeof s);
        if (s.sh_type != SHT_DYNSYM || s.sh_link >= e.e_shnum || s.sh_entsize != sizeof(ElfW(Sym)) ||
            s.sh_offset > n || s.sh_size > n - s.sh_offset)
            continue;
        memcpy(&str, b + e.e_shoff + s.sh_link * sizeof str, sizeof str);
        if (str.sh_type != SHT_STRTAB || str.sh_offset > n || str.sh_size > n - str.sh_offset) continue;
        for (uint64_t k = 0; k < s.sh_size / sizeof(ElfW(Sym)); k++) {
            ElfW(Sym) y;
            memcpy(&y, b + s.sh_offset + k * sizeof y, sizeof y);
            if (y.st_name >= str.sh_size || str.sh_size - y.st_name < want ||
                memcmp(b + str.sh_offset + y.st_name, name, want))
                continue;
            if (y.st_shndx == SHN_UNDEF || y.st_shndx >= e.e_shnum) return NULL;
            ElfW(Shdr) d;
            memcpy(&d, b + e.e_shoff + y.st_shndx * sizeof d, sizeof d);
            if (d.sh_type == SHT_NOBITS || d.sh_offset > n || d.sh_size > n - d.sh_offset ||
                y.st_value < d.sh_addr || y.st_value - d.sh_addr > d.sh_size ||
                y.st_size > d.sh_size - (y.st_value - d.sh_addr))
                return NULL;
            *size = (size_t)y.st_size;
            return b + d.sh_offset + (y.st_value - d.sh_addr);
        }
    }
    return NULL;
}

/* The symbol's address and its size in bytes (st_size), or NULL. */
static void *xf_pack_sym(void *dl, const char *name, size_t *size) {
    void *a = dlsym(dl, name);
    Dl_info info;
    const ElfW(Sym) *sym = NULL;
    *size = 0;
    if (a && dladdr1(a, &info, (void **)&sym, RTLD_DL_SYMENT) && sym) *size = (size_t)sym->st_size;
    return a;
}

/* ---- 3. the header ------------------------------------------------------- */

static int xf_pack_ref_ok(const xf_pack *p, xf_pack_ref r, int is_str) {
    uint64_t end = (uint64_t)r.off + r.len + (is_str ? 1 : 0);
    if (r.off < sizeof(xf_pack_header) || end > p->h->size) return 0;
    return !is_str || p->base[r.off + r.len] == '\0';
}

/* A name: in bounds, terminated, no NUL inside. */
static int xf_pack_name_ok(const xf_pack *p, xf_pack_ref r) {
    return xf_pack_ref_ok(p, r, 1) && strlen((const char *)p->base + r.off) == r.len;
}

static int xf_pack_array_ok(const xf_pack *p, xf_pack_ref r, uint32_t count, size_t entry) {
    if (!count) return 1;
    return r.off % 4 == 0 && (uint64_t)r.len == (uint64_t)count * entry && xf_pack_ref_ok(p, r, 0);
}

const char *xf_pack_str(const xf_pack *p, xf_pack_ref r) {
    return (const char *)p->base + r.off;
}

#define XF_PACK_AT(p, type, r) ((const type *)(const void *)((p)->base + (r).off))

static int xf_pack_check_header(xf_pack *p, size_t avail, char **errmsg) {
    const xf_pack_header *h = p->h;
    if (avail < 16 || memcmp(h->magic, XF_PACK_MAGIC, 8))
        return xf_failf(errmsg, "%s: not a xiufu pack (no pack header)", p->path);
    if (h->pack_abi != XF_PACK_ABI)
        return xf_failf(errmsg, "%s: built for pack ABI %u, this xiufu reads %d", p->path, h->pack_abi,
                            XF_PACK_ABI);
    if (h->xf_abi != XF_ABI_VERSION)
        return xf_failf(errmsg, "%s: built for runtime ABI %u, this xiufu has %d", p->path, h->xf_abi,
                            XF_ABI_VERSION);
    if (avail < sizeof *h || h->size < sizeof *h || h->size > avail)
        return xf_failf(errmsg, "%s: corrupted header (size)", p->path);
    const xf_pack_ref names[] = {h->name, h->compiler, h->build_date, h->target_triple, h->target_cpu,
                                 h->target_features};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!xf_pack_name_ok(p, names[i]))
            return xf_failf(errmsg, "%s: corrupted header (string %zu)", p->path, i);
    if (!xf_pack_array_ok(p, h->modules, h->nmodules, sizeof(xf_pack_ref)) ||
        !xf_pack_array_ok(p, h->sources, h->nsources, sizeof(xf_pack_source)) ||
        !xf_pack_array_ok(p, h->policies, h->npolicies, sizeof(xf_pack_policy)) ||
        !xf_pack_array_ok(p, h->helpers, h->nhelpers, sizeof(xf_pack_ref)) || !xf_pack_ref_ok(p, h->bindings, 0))
        return xf_failf(errmsg, "%s: corrupted header (tables)", p->path);
    for (uint32_t i = 0; i < h->nmodules; i++)
        if (!xf_pack_name_ok(p, XF_PACK_AT(p, xf_pack_ref, h->modules)[i]))
            return xf_failf(errmsg, "%s: corrupted header (module %u)", p->path, i);
    for (uint32_t i = 0; i < h->nsources; i++) {
        const xf_pack_source *s = &XF_PACK_AT(p, xf_pack_source, h->sources)[i];
        if (!xf_pack_name_ok(p, s->path) || !xf_pack_ref_ok(p, s->text, 1))
            return xf_failf(errmsg, "%s: corrupted header (source %u)", p->path, i);
    }
    for (uint32_t i = 0; i < h->npolicies; i++) {
        const xf_pack_policy *q = &XF_PACK_AT(p, xf_pack_policy, h->policies)[i];
        if (!xf_pack_name_ok(p, q->name) || !xf_pack_name_ok(p, q->symbol) || !xf_pack_name_ok(p, q->symbol_traced))
            return xf_failf(errmsg, "%s: corrupted header (policy %u)", p->path, i);
    }
    for (uint32_t i = 0; i < h->nhelpers; i++)
        if (!xf_pack_name_ok(p, XF_PACK_AT(p, xf_pack_ref, h->helpers)[i]))
            return xf_failf(errmsg, "%s: corrupted header (helper %u)", p->path, i);
    return 0;
}

static int xf_pack_bind_policies(xf_pack *p, char **errmsg) {
    uint32_t n = p->h->npolicies;
    p->fn = calloc(n + 1, sizeof *p->fn);
    p->fn_traced = calloc(n + 1, sizeof *p->fn_traced);
    if (!p->fn || !p->fn_traced) return xf_failf(errmsg, "%s: out of memory", p->path);
    for (uint32_t i = 0; i < n; i++) {
        const xf_pack_policy *q = &XF_PACK_AT(p, xf_pack_policy, p->h->policies)[i];
        const char *syms[2] = {xf_pack_str(p, q->symbol), xf_pack_str(p, q->symbol_traced)};
        for (int k = 0; k < 2; k++) {
            void *a = dlsym(p->dl, syms[k]);
            if (!a) return xf_failf(errmsg, "%s: corrupted (no symbol %s)", p->path, syms[k]);
            xf_policy_fn f;
            memcpy(&f, &a, sizeof f);  /* POSIX: dlsym's result may be a function */
            (k ? p->fn_traced : p->fn)[i] = f;
        }
    }
    return 0;
}

/* ---- 4. helpers ---------------------------------------------------------- */

/* Every helper the code calls exists in this xiufu; with the code loaded,
 * its helper table is filled. */
static int xf_pack_bind_helpers(xf_pack *p, char **errmsg) {
    size_t size = 0;
    xf_helper_fn *table = NULL;
    if (p->dl) {
        table = xf_pack_sym(p->dl, XF_PACK_HELPERS_SYMBOL, &size);
        if (!table || size < (size_t)p->h->nhelpers * sizeof *table)
            return xf_failf(errmsg, "%s: corrupted (no helper table)", p->path);
    }
    for (uint32_t i = 0; i < p->h->nhelpers; i++) {
        const char *name = xf_pack_str(p, XF_PACK_AT(p, xf_pack_ref, p->h->helpers)[i]);
        int k = 0;
        while (k < XF_H__COUNT && strcmp(xf_helper_symbol[k], name)) k++;
        if (k == XF_H__COUNT)
            return xf_failf(errmsg, "%s: its code calls %s, which this xiufu does not have; rebuild the pack",
                                p->path, name);
        if (table) table[i] = xf_helper_table[k];
    }
    return 0;
}

/* ---- 5. the CPU ---------------------------------------------------------- */

/* Code built for the host CPU may use instructions an older machine lacks:
 * a SIGILL in the middle of a run.  The features that matter to integer
 * code, checked with the compiler's cpuid support; others pass. */
static int xf_pack_check_cpu(const xf_pack *p, char **errmsg) {
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    const struct { const char *name; int have; } known[] = {
        {"sse3", __builtin_cpu_supports("sse3")},       {"ssse3", __builtin_cpu_supports("ssse3")},
        {"sse4.1", __builtin_cpu_supports("sse4.1")},   {"sse4.2", __builtin_cpu_supports("sse4.2")},
        {"popcnt", __builtin_cpu_supports("popcnt")},   {"avx", __builtin_cpu_supports("avx")},
        {"avx2", __builtin_cpu_supports("avx2")},       {"fma", __builtin_cpu_supports("fma")},
        {"bmi", __builtin_cpu_supports("bmi")},         {"bmi2", __builtin_cpu_supports("bmi2")},
        {"avx512f", __builtin_cpu_supports("avx512f")}, {"avx512bw", __builtin_cpu_supports("avx512bw")},
        {"avx512vl", __builtin_cpu_supports("avx512vl")}, {"avx512dq", __builtin_cpu_supports("avx512dq")},
        {"avx512cd", __builtin_cpu_supports("avx512cd")},
    };
    const char *f = xf_pack_str(p, p->h->target_features);
    while (*f) {
        const char *end = strchr(f, ',');
        size_t n = end ? (size_t)(end - f) : strlen(f);
        if (n > 1 && f[0] == '+')
            for (size_t k = 0; k < sizeof known / sizeof *known; k++)
                if (strlen(known[k].name) == n - 1 && !memcmp(known[k].name, f + 1, n - 1) && !known[k].have)
                    return xf_failf(errmsg, "%s: built for CPU %s, which has %s; this machine does not "
                                                "(build the pack with --cpu=baseline)",
                                        p->path, xf_pack_str(p, p->h->target_cpu), known[k].name);
        f += n + (end ? 1 : 0);
    }
#else
    (void)p, (void)errmsg;
#endif
    return 0;
}

/* ---- open / close --------------------------------------------------------- */

char *xf_pack_trust_refusal(const char *path, const xf_sig_info *sig, const xf_pack_trust *trust) {
    int en = trust && trust->lang == XF_LANG_EN, allow = trust && trust->allow_unsigned;
    const char *why = sig->why ? sig->why : "?";
    const char *hint = trust && trust->allow_hint ? trust->allow_hint : "--allow-unsigned";
    switch (sig->state) {
    case XF_SIG_TRUSTED:
        return NULL;
    case XF_SIG_NONE:
        if (allow) return NULL;
        return en ? xf_strf("%s: refused: the pack is not signed (sign it: xiufu build --sign KEY; "
                            "or allow unsigned packs: %s, docs/packs.md)", path, hint)
                  : xf_strf("%s：拒绝加载：该包未签名（签名：xiufu build --sign KEY；"
                            "或允许未签名的包：%s，见 docs/packs.md）", path, hint);
    case XF_SIG_BAD:
        return en ? xf_strf("%s: refused: bad signature: %s", path, why)
                  : xf_strf("%s：拒绝加载：签名无效：%s", path, why);
    case XF_SIG_UNTRUSTED:
        return en ? xf_strf("%s: refused: signed by key %s, which is not trusted: %s", path, sig->key_id, why)
                  : xf_strf("%s：拒绝加载：签名密钥 %s 不受信任：%s", path, sig->key_id, why);
    }
    return xf_strf("%s: refused", path);
}

/* Check 1: the file read once, its trailer, checksum and signature.  With
 * refuse_untrusted, a pack that trust does not let load is refused here;
 * a bad signature always is. */
static int xf_pack_read_checked(xf_pack *p, const xf_pack_trust *trust, int refuse_untrusted, unsigned char **buf,
                                char **errmsg) {
    size_t len = 0, body = 0;
    if (xf_pack_read_file(p->path, buf, &len, errmsg)) return -1;
    xf_trust_keys keys = {trust ? trust->keys_dir : NULL, trust ? trust->extra : NULL,
                          trust ? trust->lang : XF_LANG_ZH};
    xf_sig_check(*buf, len, &keys, &body, &p->sig);
    if (xf_pack_check_file(p->path, *buf, body, p->file_sha, errmsg)) return -1;
    p->file_size = (int64_t)len;
    p->code_size = (int64_t)(body - XF_PACK_TRAILER_SIZE);
    if (p->sig.state == XF_SIG_BAD || refuse_untrusted) {
        char *why = xf_pack_trust_refusal(p->path, &p->sig, trust);
        if (why) {
            if (errmsg && !*errmsg) *errmsg = why;
            else free(why);
            return -1;
        }
    }
    return xf_pack_check_elf(p->path, *buf, (size_t)p->code_size, errmsg);
}

static xf_pack *xf_pack_new(const char *path, char **errmsg) {
    if (errmsg) *errmsg = NULL;
    xf_pack *p = calloc(1, sizeof *p);
    if (!p || !(p->path = strdup(path))) {
        free(p);
        xf_failf(errmsg, "%s: out of memory", path);
        return NULL;
    }
    p->dl_fd = -1;
    return p;
}

int xf_pack_open(const char *path, const xf_pack_trust *trust, xf_pack **out, char **errmsg) {
    *out = NULL;
    unsigned char *buf = NULL;
    xf_pack *p = xf_pack_new(path, errmsg);
    if (!p) return -1;
    int rc = xf_pack_read_checked(p, trust, 1, &buf, errmsg);
    if (!rc) {
        p->dl = xf_pack_dlopen(path, buf, (size_t)p->code_size, &p->dl_fd, errmsg);
        rc = p->dl ? 0 : -1;
    }
    free(buf);
    if (!rc) {
        size_t avail;
        p->h = xf_pack_sym(p->dl, XF_PACK_HEADER_SYMBOL, &avail);
        p->base = (const unsigned char *)p->h;
        rc = p->h ? xf_pack_check_header(p, avail, errmsg)
                  : xf_failf(errmsg, "%s: not a xiufu pack (no %s)", path, XF_PACK_HEADER_SYMBOL);
    }
    if (!rc) rc = xf_pack_bind_policies(p, errmsg);
    if (!rc) rc = xf_pack_bind_helpers(p, errmsg);
    if (!rc) rc = xf_pack_check_cpu(p, errmsg);
    if (rc) {
        xf_pack_close(p);
        return -1;
    }
    *out = p;
    return 0;
}

int xf_pack_inspect(const char *path, const xf_pack_trust *trust, xf_pack **out, char **errmsg) {
    *out = NULL;
    unsigned char *buf = NULL;
    xf_pack *p = xf_pack_new(path, errmsg);
    if (!p) return -1;
    int rc = xf_pack_read_checked(p, trust, 0, &buf, errmsg);
    if (!rc) {
        size_t avail = 0;
        const unsigned char *h = xf_pack_elf_symbol(buf, (size_t)p->code_size, XF_PACK_HEADER_SYMBOL, &avail);
        if (!h) rc = xf_failf(errmsg, "%s: not a xiufu pack (no %s)", path, XF_PACK_HEADER_SYMBOL);
        else if (!(p->header_copy = malloc(avail ? avail : 1))) rc = xf_failf(errmsg, "%s: out of memory", path);
        else {
            memcpy(p->header_copy, h, avail);  /* aligned, and the file's buffer can go */
            p->h = p->header_copy;
            p->base = p->header_copy;
            rc = xf_pack_check_header(p, avail, errmsg);
        }
    }
    free(buf);
    if (!rc) rc = xf_pack_bind_helpers(p, errmsg);
    if (!rc) rc = xf_pack_check_cpu(p, errmsg);
    if (rc) {
        xf_pack_close(p);
        return -1;
    }
    *out = p;
    return 0;
}

void xf_pack_close(xf_pack *p) {
    if (!p) return;
    if (p->dl) dlclose(p->dl);
    if (p->dl_fd >= 0) close(p->dl_fd);
    free(p->header_copy);
    xf_sig_info_free(&p->sig);
    free(p->fn);
    free(p->fn_traced);
    free(p->path);
    free(p);
}

const xf_sig_info *xf_pack_sig(const xf_pack *p) { return &p->sig; }
int64_t xf_pack_code_size(const xf_pack *p) { return p->code_size; }
const xf_pack_header *xf_pack_header_of(const xf_pack *p) { return p->h; }
const char *xf_pack_path(const xf_pack *p) { return p->path; }
int64_t xf_pack_file_size(const xf_pack *p) { return p->file_size; }
const uint8_t *xf_pack_file_sha256(const xf_pack *p) { return p->file_sha; }

/* ---- 6. the sources ------------------------------------------------------ */

/* A source c holds already: 1 with the same text, -1 with another. */
static int xf_pack_source_known(const xf_compile *c, const char *path, const char *text, uint32_t len) {
    for (int i = 0; i < c->diags.nsrc; i++) {
        const xf_source *s = &c->diags.src[i];
        if (strcmp(s->path, path)) continue;
        return s->len == len && !memcmp(s->text, text, len) ? 1 : -1;
    }
    return 0;
}

/* The sources' paths, texts and lengths, as the header has them. */
static int xf_pack_source_arrays(const xf_pack *p, const char ***paths, const char ***texts, uint32_t **lens,
                                 char **errmsg) {
    uint32_t n = p->h->nsources;
    *paths = calloc(n + 1, sizeof **paths), *texts = calloc(n + 1, sizeof **texts);
    *lens = calloc(n + 1, sizeof **lens);
    if (!*paths || !*texts || !*lens) {
        free(*paths), free(*texts), free(*lens);
        return xf_failf(errmsg, "%s: out of memory", p->path);
    }
    for (uint32_t i = 0; i < n; i++) {
        const xf_pack_source *s = &XF_PACK_AT(p, xf_pack_source, p->h->sources)[i];
        (*paths)[i] = xf_pack_str(p, s->path);
        (*texts)[i] = xf_pack_str(p, s->text);
        (*lens)[i] = s->text.len;
    }
    return 0;
}

int xf_pack_check_sources(const xf_pack *p, char **errmsg) {
    if (errmsg) *errmsg = NULL;
    const char **paths, **texts;
    uint32_t *lens, n = p->h->nsources;
    if (xf_pack_source_arrays(p, &paths, &texts, &lens, errmsg) != 0) return -1;
    int rc = 0;
    uint8_t hash[32];
    xf_pack_hash_sources((int)n, paths, texts, lens, hash);
    if (memcmp(hash, p->h->source_hash, 32)) {
        char want[65], got[65];
        xf_sha256_hex(p->h->source_hash, want);
        xf_sha256_hex(hash, got);
        rc = xf_failf(errmsg, "%s: source hash mismatch: the header records %.16s…, its sources hash to %.16s…",
                      p->path, want, got);
    }
    /* The record schema is this xiufu's own (xf_compile_add_schema does what
     * the front end needs for it); a pack built on another one was built
     * for other records. */
    else if (n == 0 || strcmp(paths[0], "<schema>") || lens[0] != xf_embed_schema_xf_len ||
             memcmp(texts[0], xf_embed_schema_xf, lens[0]))
        rc = xf_failf(errmsg, "%s: built for another record schema than this xiufu's; rebuild the pack", p->path);
    free(paths), free(texts), free(lens);
    return rc;
}

const char *xf_pack_source_text(const xf_pack *p, uint32_t i, const char **path, uint32_t *len) {
    if (i >= p->h->nsources) return NULL;
    const xf_pack_source *s = &XF_PACK_AT(p, xf_pack_source, p->h->sources)[i];
    *path = xf_pack_str(p, s->path);
    *len = s->text.len;
    return xf_pack_str(p, s->text);
}

const uint8_t *xf_pack_bindings(const xf_pack *p, size_t *len) {
    *len = p->h->bindings.len;
    return p->base + p->h->bindings.off;
}

int xf_pack_add_sources(const xf_pack *p, xf_compile *c, char **errmsg) {
    if (xf_pack_check_sources(p, errmsg) != 0) return -1;
    if (c->diags.nsrc == 0 && xf_compile_add_schema(c) != 0 && c->diags.errors == 0)
        return xf_failf(errmsg, "%s: cannot read the record schema", p->path);
    /* packs built from the same folder hold the same sources: read once */
    for (uint32_t i = 1; i < p->h->nsources; i++) {
        const char *path;
        uint32_t len;
        const char *text = xf_pack_source_text(p, i, &path, &len);
        int known = xf_pack_source_known(c, path, text, len);
        if (known < 0)
            return xf_failf(errmsg, "%s: its source %s differs from the one of that name in a pack before it; "
                                    "rebuild the packs from the same sources", p->path, path);
        if (!known && xf_compile_add_text(c, path, text, len) != 0 && c->diags.errors == 0)
            return xf_failf(errmsg, "%s: cannot read its source %s", p->path, path);
    }
    return 0;
}

int xf_pack_compile(const xf_pack *p, xf_compile *c, char **errmsg) {
    if (xf_pack_add_sources(p, c, errmsg) != 0) return -1;
    if (c->diags.errors == 0) xf_check(c);
    if (c->diags.errors)
        return xf_failf(errmsg, "%s: its policies do not check with this xiufu (%d errors); rebuild the pack",
                        p->path, c->diags.errors);
    return 0;
}

/* ---- 7. the step programs -------------------------------------------------- */

int xf_pack_match(const xf_pack *p, const xf_prog *prog, int traced, char **errmsg) {
    const char *name = prog->name ? prog->name : "";
    for (uint32_t i = 0; i < p->h->npolicies; i++) {
        const xf_pack_policy *q = &XF_PACK_AT(p, xf_pack_policy, p->h->policies)[i];
        if (strcmp(xf_pack_str(p, q->name), name)) continue;
        uint8_t hash[32];
        xf_pack_prog_hash(prog, hash);
        if (memcmp(hash, traced ? q->traced_hash : q->prog_hash, 32))
            return xf_failf(errmsg, "%s: policy %s: its code was not compiled from the steps its bindings hold "
                                    "(the pack was built by %s); rebuild the pack",
                            p->path, name, xf_pack_str(p, p->h->compiler));
        return (int)i;
    }
    return xf_failf(errmsg, "%s: has no policy %s", p->path, name);
}

xf_policy_fn xf_pack_fn(const xf_pack *p, const xf_prog *prog, int traced, char **errmsg) {
    if (errmsg) *errmsg = NULL;
    int i = xf_pack_match(p, prog, traced, errmsg);
    if (i < 0) return NULL;
    if (!p->dl) {
        xf_failf(errmsg, "%s: inspected, not loaded: it has no code to run", p->path);
        return NULL;
    }
    return traced ? p->fn_traced[i] : p->fn[i];
}
