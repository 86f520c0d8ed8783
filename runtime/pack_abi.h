/* pack_abi.h — the C ABI of an ahead-of-time pack (`xiufu build`).
 *
 * A pack is a shared object that a later xiufu (or the SQLite extension)
 * loads instead of compiling the policies again.  The file is
 *
 *     [ ELF shared object, linked by `cc -shared` ][ xf_pack_trailer ]
 *
 * The dynamic loader reads only what the ELF headers point at, so the
 * trailer after the last section does not disturb it; xiufu checks the
 * trailer (length, checksum, ABI versions) before dlopen ever sees the file,
 * so that a truncated or damaged pack is refused with a message instead of
 * crashing inside the dynamic loader.
 *
 * Symbols the shared object exports:
 *   xf_pack_header         the header blob below (8-byte aligned, read-only)
 *   xf_pack_helpers        void *[nhelpers]: the loader stores the address
 *                          of helper h (header.helpers[h] names it) here
 *                          before calling any policy; compiled code calls
 *                          its helpers through this table, so the pack
 *                          has no undefined symbols of ours and loads
 *                          into any process (xiufu, sqlite3, ...)
 *   xf_policy_<i>          xf_policy_fn (xf_abi.h) of policy i, lowered
 *                          without trace slots
 *   xf_policy_traced_<i>   the same policy lowered with its trace slots
 *
 * Everything in the header is found by offset from its first byte, so the
 * blob needs no relocations and is checked by bounds alone.  The first
 * 16 bytes (magic and the two ABI versions) keep their place in every
 * version of this layout: they are what tells a reader it cannot go on.
 *
 * Change XF_PACK_ABI whenever this file changes shape or meaning, or the
 * bindings' layout (plan/bindings.c).  XF_ABI_VERSION (xf_abi.h) covers the
 * structs the compiled code reads; the bindings name the step set their
 * programs are written in (a hash of its operation names), so that the
 * interpreter never reads steps of another xiufu's numbering.
 *
 * ABI 2 added the bindings: a run takes everything but the code from them
 * and parses no source; ABI 1 packs re-checked their sources. */
#ifndef XF_PACK_ABI_H
#define XF_PACK_ABI_H

#include <stdint.h>

#define XF_PACK_ABI 2

#define XF_PACK_MAGIC          "XIUFUPK"   /* 8 bytes with its NUL */
#define XF_PACK_TRAILER_MAGIC  "XFPKEND"   /* 8 bytes with its NUL */
#define XF_PACK_HEADER_SYMBOL  "xf_pack_header"
#define XF_PACK_HELPERS_SYMBOL "xf_pack_helpers"

/* Bytes [off, off + len) of the header blob.  A string is followed by a NUL
 * that len does not count; an array's len is count * sizeof(entry). */
typedef struct xf_pack_ref {
    uint32_t off, len;
} xf_pack_ref;

/* One policy source file of the build, the record schema first. */
typedef struct xf_pack_source {
    xf_pack_ref path;            /* as given to `xiufu build` ("<schema>" for the schema) */
    xf_pack_ref text;            /* the file's bytes */
} xf_pack_source;

/* One compiled policy, in the order of the build's checked policies. */
typedef struct xf_pack_policy {
    xf_pack_ref name;            /* the policy's name */
    xf_pack_ref symbol;          /* "xf_policy_<i>" */
    xf_pack_ref symbol_traced;   /* "xf_policy_traced_<i>" */
    uint8_t     prog_hash[32];   /* SHA-256 of the step program compiled into symbol */
    uint8_t     traced_hash[32]; /* ... and of the traced one */
} xf_pack_policy;

typedef struct xf_pack_header {
    char        magic[8];        /* XF_PACK_MAGIC */
    uint32_t    pack_abi;        /* XF_PACK_ABI */
    uint32_t    xf_abi;          /* XF_ABI_VERSION */
    uint32_t    size;            /* bytes of the whole blob */
    uint32_t    opt_level;       /* 0..3 */
    uint8_t     source_hash[32]; /* SHA-256 over the sources (pack/pack.h says how) */
    xf_pack_ref name;            /* the pack's name (--name) */
    xf_pack_ref compiler;        /* "xiufu 0.1.0 (LLVM 19.1.7)" */
    xf_pack_ref build_date;      /* UTC, 2026-01-31T12:00:00Z */
    xf_pack_ref target_triple;   /* x86_64-pc-linux-gnu */
    xf_pack_ref target_cpu;      /* the LLVM CPU the code is for: the host's, or x86-64 */
    xf_pack_ref target_features; /* LLVM features the code may use (+avx2,...) */
    xf_pack_ref modules;         /* xf_pack_ref[nmodules]: module names, schema first */
    xf_pack_ref sources;         /* xf_pack_source[nsources] */
    xf_pack_ref policies;        /* xf_pack_policy[npolicies] */
    xf_pack_ref helpers;         /* xf_pack_ref[nhelpers]: helper symbols, slot order */
    xf_pack_ref bindings;        /* the policy set bound to the records (plan/bound.h), as bytes */
    uint32_t    nmodules, nsources, npolicies, nhelpers;
} xf_pack_header;

/* The last bytes of the file, every integer little-endian. */
typedef struct xf_pack_trailer {
    char     magic[8];           /* XF_PACK_TRAILER_MAGIC */
    uint32_t pack_abi;           /* = header.pack_abi, readable without dlopen */
    uint32_t xf_abi;             /* = header.xf_abi */
    uint64_t length;             /* bytes of the file before the trailer */
    uint8_t  sha256[32];         /* SHA-256 of those bytes */
} xf_pack_trailer;

#define XF_PACK_TRAILER_SIZE 56  /* sizeof(xf_pack_trailer), no padding */

#endif
