/* cache.c — compiled policy sets kept between runs (see cache.h). */
#define _GNU_SOURCE
#include "cache.h"

#include <errno.h>
#include <elf.h>
#include <link.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend.h"
#include "sha256.h"
#include "version.h"

/* mkdir -p with mode 0700 for what it creates. */
static int xf_cache_mkdirs(char *path) {
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        int r = mkdir(path, 0700);
        *p = '/';
        if (r && errno != EEXIST) return -1;
    }
    return mkdir(path, 0700) && errno != EEXIST ? -1 : 0;
}

static int xf_cache_dir(char *out, size_t cap) {
    const char *d = getenv("XIUFU_CACHE_DIR"), *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
    int n = d && *d ? snprintf(out, cap, "%s", d)
            : x && *x ? snprintf(out, cap, "%s/xiufu", x)
            : h && *h ? snprintf(out, cap, "%s/.cache/xiufu", h) : -1;
    if (n < 0 || (size_t)n >= cap) return -1;
    return xf_cache_mkdirs(out);
}

/* The bytes of a file into the hash; a file that cannot be read adds its
 * name only, so the entry still differs from one where it could. */
static void xf_cache_hash_file(xf_sha256_ctx *s, const char *path) {
    FILE *f = path ? fopen(path, "rb") : NULL;
    char buf[65536];
    size_t n;
    xf_sha256_update(s, path ? path : "", path ? strlen(path) + 1 : 1);
    while (f && (n = fread(buf, 1, sizeof buf, f)) > 0) xf_sha256_update(s, buf, n);
    if (f) fclose(f);
}

/* The running binary's GNU build ID (the linker's hash of its contents,
 * CMakeLists.txt asks for one): found in memory, where hashing the 2 MB
 * file cost a run 50 ms. */
typedef struct xf_build_id { const uint8_t *p; size_t n; } xf_build_id;

static int xf_cache_find_build_id(struct dl_phdr_info *info, size_t size, void *arg) {
    (void)size;
    xf_build_id *id = arg;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_NOTE) continue;
        const uint8_t *p = (const uint8_t *)(info->dlpi_addr + ph->p_vaddr), *end = p + ph->p_memsz;
        while (p + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)p;
            const uint8_t *name = p + sizeof *nh, *desc = name + ((nh->n_namesz + 3) & ~3u);
            if (desc + nh->n_descsz > end) break;
            if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && !memcmp(name, "GNU", 4)) {
                id->p = desc, id->n = nh->n_descsz;
                return 1;
            }
            p = desc + ((nh->n_descsz + 3) & ~3u);
        }
    }
    return 1;  /* the first object is the program itself: look no further */
}

int xf_cache_locate(const xf_compile *c, int opt_level, xf_code_cache *cc) {
    const char *off = getenv("XIUFU_CACHE");
    if (off && !strcmp(off, "off")) return -1;
    char dir[2048];
    if (xf_cache_dir(dir, sizeof dir)) return -1;
    xf_sha256_ctx s;
    xf_sha256_init(&s);
    static const char tag[] = "xiufu code cache 1\n" XF_VERSION "\n";
    xf_sha256_update(&s, tag, sizeof tag);
    xf_sha256_update(&s, &opt_level, sizeof opt_level);
    xf_build_id id = {0};
    dl_iterate_phdr(xf_cache_find_build_id, &id);
    if (id.n) {
        xf_sha256_update(&s, id.p, id.n);
    } else {  /* linked without a build ID: the file itself */
        char exe[PATH_MAX];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (n <= 0) return -1;
        exe[n] = 0;
        xf_cache_hash_file(&s, exe);
    }
    xf_cache_hash_file(&s, xf_backend_path());
    for (int i = 0; i < c->nmodules; i++) {
        const char *p = c->modules[i]->path ? c->modules[i]->path : "", *t = c->modules[i]->source_text;
        uint64_t len = t ? strlen(t) : 0;
        xf_sha256_update(&s, p, strlen(p) + 1);
        xf_sha256_update(&s, &len, sizeof len);
        if (t) xf_sha256_update(&s, t, len);
    }
    uint8_t d[32];
    xf_sha256_final(&s, d);
    xf_sha256_hex(d, cc->key);
    int w = snprintf(cc->path, sizeof cc->path, "%s/%s.so", dir, cc->key);
    return w > 0 && (size_t)w < sizeof cc->path ? 0 : -1;
}

/* Ours alone: owned by this user, writable by no one else. */
static int xf_cache_private(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && st.st_uid == geteuid() && !(st.st_mode & (S_IWGRP | S_IWOTH));
}

/* The cache's packs are unsigned: what this user's xiufu compiled for this
 * user.  They are trusted as the user's own files are, and only when
 * nobody else can have written them or their folder; the pack's checks
 * (pack.h) are made all the same. */
xf_pack *xf_cache_open(const xf_code_cache *cc) {
    if (access(cc->path, R_OK) != 0) return NULL;
    char dir[sizeof cc->path];
    snprintf(dir, sizeof dir, "%s", cc->path);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
    if (!xf_cache_private(cc->path) || !xf_cache_private(slash ? dir : ".")) return NULL;
    xf_pack *p = NULL;
    char *err = NULL;
    xf_pack_trust trust = {.allow_unsigned = 1};
    if (xf_pack_open(cc->path, &trust, &p, &err) != 0) {
        unlink(cc->path);  /* damaged or built for another CPU: compile again */
        free(err);
        return NULL;
    }
    return p;
}

int xf_cache_store(xf_compile *c, int opt_level, const xf_code_cache *cc, char **errmsg) {
    xf_pack_build_opts o = {.name = "xiufu-code-cache", .cpu = XF_AOT_CPU_HOST, .opt_level = opt_level, .cc = "cc"};
    return xf_pack_write(c, &o, cc->path, errmsg);
}
