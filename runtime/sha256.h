/* sha256.h — SHA-256 (FIPS 180-4), for the checksums and hashes of packs.
 *
 * Packs carry a checksum of their file and a hash of their policy sources
 * (runtime/pack_abi.h).  A 256-bit hash makes an accidental match out of the
 * question and lets a user check a pack with `sha256sum` (docs/packs.md).
 * It is no signature: whoever can write the file can recompute both. */
#ifndef XF_SHA256_H
#define XF_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct xf_sha256_ctx {
    uint32_t h[8];
    uint64_t nbytes;
    uint8_t  buf[64];
    size_t   nbuf;
} xf_sha256_ctx;

void xf_sha256_init(xf_sha256_ctx *s);
void xf_sha256_update(xf_sha256_ctx *s, const void *data, size_t n);
void xf_sha256_final(xf_sha256_ctx *s, uint8_t out[32]);

/* One call: the digest of data[0..n). */
void xf_sha256(const void *data, size_t n, uint8_t out[32]);
/* Lower-case hex of a digest; hex gets 65 bytes. */
void xf_sha256_hex(const uint8_t d[32], char hex[65]);

#endif
