/* pack.h — ahead-of-time packs (the ABI: runtime/pack_abi.h).
 *
 * Writing (pack_write.c): lower every checked policy twice (with and without
 * trace slots) for the pack layout, compile both to one object file (aot.h),
 * link it with `cc -shared`, append the trailer.
 *
 * Loading (pack.c) refuses a pack at the first check that fails, with a
 * message that starts with the file's name:
 *   xf_pack_open     1. the file, read once into memory: a trailer (after
 *                       it, a signature block when signed: sign.h) with our
 *                       magic and ABI versions, the length it records, the
 *                       SHA-256 of everything before it; the signature,
 *                       with a trusted key (xf_pack_trust), or none when
 *                       unsigned packs are allowed, never a bad one; an ELF
 *                       shared object for this machine;
 *                    2. dlopen of exactly the bytes just checked (a private
 *                       in-memory copy), RTLD_NOW | RTLD_LOCAL;
 *                    3. the header: magic, ABI versions, every offset in
 *                       bounds, every string terminated, every symbol it
 *                       names present;
 *                    4. every helper its code calls exists in this xiufu;
 *                       the pack's helper table is filled;
 *                    5. this CPU has the x86 features the code was built for;
 *   xf_pack_check_sources
 *                    6. the embedded sources hash to the header's source
 *                       hash and their record schema is this xiufu's;
 *   xf_bound_of_pack (plan/bound.h)
 *                    7. the bindings read whole, every count and index in
 *                       bounds, their steps written in this xiufu's step set;
 *   xf_pack_fn       8. the step program the bindings hold for a policy is
 *                       the one the pack's code was compiled from (its
 *                       SHA-256 is in the header).
 * After 8 a run takes everything but the code from the bindings — table
 * specs, fields, text literals, parameters, citations, trace slots — and
 * parses nothing.  The sources are still what a run records (explain
 * compiles them again), what `xiufu test` and documents read, and what
 * xf_pack_verify checks the bindings against (`pack info`).
 */
#ifndef XF_PACK_H
#define XF_PACK_H

#include <stdint.h>

#include "pack_abi.h"
#include "sign.h"
#include "xf_abi.h"
#include "xiufu.h"

/* An opened, verified pack.  Owns the loaded shared object: the functions
 * it hands out stay valid until xf_pack_close. */
typedef struct xf_pack xf_pack;

/* Whom a loader trusts.  Every pack is verified here, before dlopen, by
 * every loader (xiufu run, the code cache, the SQLite and PostgreSQL
 * extensions): its signature must verify with a key of keys_dir (or
 * extra); an unsigned pack loads only with allow_unsigned; a signature
 * that is present but does not verify is refused whatever is allowed. */
typedef struct xf_pack_trust {
    const char        *keys_dir;        /* NULL or "": xf_trusted_keys_default() */
    int                allow_unsigned;  /* --allow-unsigned */
    const xf_sign_key *extra;           /* one more trusted key, or NULL */
    xf_lang            lang;            /* of the trust messages */
    const char        *allow_hint;      /* how this loader allows unsigned packs, for the refusal
                                           ("XIUFU_ALLOW_UNSIGNED=1 ..."); NULL: "--allow-unsigned" */
} xf_pack_trust;

/* Checks 1-5.  trust NULL: the default folder, nothing unsigned.  0, or
 * -1 with *errmsg (malloc'd, caller frees). */
int  xf_pack_open(const char *path, const xf_pack_trust *trust, xf_pack **out, char **errmsg);
/* Check 1 without refusing an unsigned or untrusted pack (the verdict is
 * xf_pack_sig), then checks 3-5 on the header read from the file's ELF
 * symbol table: nothing is loaded, no code of the file can run.  The pack
 * has no functions (xf_pack_fn fails); xf_pack_compile and xf_pack_verify
 * (plan/bound.h) work.  What `xiufu pack info` uses. */
int  xf_pack_inspect(const char *path, const xf_pack_trust *trust, xf_pack **out, char **errmsg);
void xf_pack_close(xf_pack *p);
/* The signature's verdict, as check 1 found it. */
const xf_sig_info *xf_pack_sig(const xf_pack *p);
/* The refusal trust makes of a pack with that verdict: NULL when it may
 * load, else a message starting with path (malloc'd). */
char *xf_pack_trust_refusal(const char *path, const xf_sig_info *sig, const xf_pack_trust *trust);

const xf_pack_header *xf_pack_header_of(const xf_pack *p);
/* A string of the header (verified to be in bounds and terminated). */
const char *xf_pack_str(const xf_pack *p, xf_pack_ref r);
const char *xf_pack_path(const xf_pack *p);
int64_t     xf_pack_file_size(const xf_pack *p);
int64_t     xf_pack_code_size(const xf_pack *p);       /* the shared object's bytes: the trailer's length */
const uint8_t *xf_pack_file_sha256(const xf_pack *p);  /* of the shared object's bytes */

/* Check 6.  0, or -1 with *errmsg. */
int  xf_pack_check_sources(const xf_pack *p, char **errmsg);
/* Source i (0: the schema): its text, path and length; NULL past the last. */
const char *xf_pack_source_text(const xf_pack *p, uint32_t i, const char **path, uint32_t *len);
/* The bindings' bytes (read with xf_bound_read, plan/bound.h). */
const uint8_t *xf_pack_bindings(const xf_pack *p, size_t *len);

/* Check 6, then the pack's sources into c (xf_compile_init'ed by the
 * caller, freed by it), checked: what `xiufu test` and documents need.
 * On a check failure the diagnostics are in c->diags for the caller to
 * print. */
int  xf_pack_compile(const xf_pack *p, xf_compile *c, char **errmsg);
/* The same without the check, for several packs into one c: the schema
 * (when c holds nothing yet), then the pack's sources; a source c holds
 * already with the same name and text (packs built from the same folder)
 * is read once, one with the same name and another text is refused.  The
 * caller runs xf_check once all are in. */
int  xf_pack_add_sources(const xf_pack *p, xf_compile *c, char **errmsg);

/* Check 8: the compiled function of prog (the bindings' program, with
 * trace slots when traced).  NULL with *errmsg when the pack has no such
 * policy or its code came from a different step program. */
xf_policy_fn xf_pack_fn(const xf_pack *p, const xf_prog *prog, int traced, char **errmsg);

/* Check 8 without the function: the index of prog's policy in the header,
 * after checking that the code was compiled from exactly its steps; -1
 * with *errmsg. */
int  xf_pack_match(const xf_pack *p, const xf_prog *prog, int traced, char **errmsg);

/* ---- shared by writer and reader ---------------------------------------- */

/* A -p argument that names a pack rather than policy sources. */
int  xf_pack_is_path(const char *arg);

/* The layout packs are compiled for: every policy of c bound, the entity's
 * key column read (as xf_run does).  Returns the number of specs or -1. */
int  xf_pack_layout(xf_compile *c, xf_tablespec **specs);

/* SHA-256 over the sources in order: for each, its path, a NUL, its length
 * as 8 bytes little-endian, its bytes. */
void xf_pack_hash_sources(int n, const char *const *paths, const char *const *texts,
                          const uint32_t *lens, uint8_t out[32]);
/* SHA-256 of everything code generation reads from a step program. */
void xf_pack_prog_hash(const xf_prog *p, uint8_t out[32]);

#endif
