/* cache.h — policy sets compiled once and kept between runs.
 *
 * The first JIT run of a policy set also writes its code as a pack into the
 * cache; later runs of the same set load that pack and map no LLVM at all.
 * An entry is named by a SHA-256 over everything the code depends on: the
 * policy sources (paths and bytes, the schema module first), the
 * optimisation level, the xiufu binary (its GNU build ID, the linker's
 * hash of its contents; the file's bytes when it has none) and the LLVM
 * module file, so that a changed source or a rebuilt compiler never finds a
 * stale entry.  An entry is opened with every check of pack.h; one that
 * fails them is removed and compiled again.
 *
 * The folder is $XIUFU_CACHE_DIR, else $XDG_CACHE_HOME/xiufu, else
 * ~/.cache/xiufu (created 0700).  XIUFU_CACHE=off turns the cache off. */
#ifndef XF_CACHE_H
#define XF_CACHE_H

#include "pack_write.h"
#include "xiufu.h"

typedef struct xf_code_cache {
    char key[65];
    char path[4096];   /* the entry's pack */
} xf_code_cache;

/* Name the entry of c's policy set; 0, or -1 when the cache is off or has
 * no folder. */
int      xf_cache_locate(const xf_compile *c, int opt_level, xf_code_cache *cc);
/* The entry's pack, verified (checks 1-5 of pack.h), or NULL. */
xf_pack *xf_cache_open(const xf_code_cache *cc);
/* Compile every policy of c into the entry.  0, or -1 with *errmsg. */
int      xf_cache_store(xf_compile *c, int opt_level, const xf_code_cache *cc, char **errmsg);

#endif
