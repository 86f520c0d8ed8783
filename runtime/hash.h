/* hash.h — the hash of a byte string for the runtime's open-addressing
 * tables (interned texts, labels, entity codes). */
#ifndef XF_HASH_H
#define XF_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Eight bytes a step, each word mixed in by a multiply: an entity's 18-byte
 * code is three steps where a byte-wise hash (FNV-1a) took eighteen, and a
 * run hashes one per entity and one per label it reads. */
static inline uint64_t xf_hash_bytes(const char *s, size_t n) {
    const uint64_t k = 0x9E3779B97F4A7C15ULL;
    uint64_t h = (uint64_t)n * k;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * k;
        h ^= h >> 29;
    }
    if (i < n) {  /* the last 1..7 bytes in two fixed-size loads (a copy of n - i bytes was a call) */
        size_t r = n - i;
        uint64_t w;
        if (r >= 4) {
            uint32_t a, b;
            memcpy(&a, s + i, 4);
            memcpy(&b, s + n - 4, 4);
            w = (uint64_t)a << 32 | b;
        } else {
            w = (uint64_t)(uint8_t)s[i] | (uint64_t)(uint8_t)s[i + r / 2] << 8 | (uint64_t)(uint8_t)s[n - 1] << 16;
        }
        h = (h ^ w) * k;
    }
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ULL;
    return h ^ (h >> 32);
}

#endif
