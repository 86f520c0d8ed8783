/* gen_keys.h — the sorted, unique entity keys of `xiufu gen`, in bounded
 * memory.
 *
 * The generator draws one key per entity from a single stream, then needs
 * them in order.  Holding them all grows with N (8 bytes an entity, 800 MB
 * at the 100M maximum), so they are sorted on disk instead: runs of keys are
 * sorted in memory, written to an unlinked temporary file and read back
 * through a k-way merge.  Memory stays near 2 MiB whatever N is.
 *
 * Duplicates are replaced exactly as the generator always did it in memory
 * (sort; walk the sorted keys and redraw every key equal to the one before
 * it, the earlier one possibly redrawn already; repeat until no key was
 * redrawn), so the keys, and so the generated records, are unchanged. */
#ifndef XF_GEN_KEYS_H
#define XF_GEN_KEYS_H

#include <stdint.h>

/* The next key of the stream; redraws come from the same stream, after the
 * n first keys. */
typedef uint64_t (*xf_gen_keys_draw)(void *ud);

typedef struct xf_gen_keys xf_gen_keys;

/* Draw n >= 1 keys, sort them and make them unique.  0, or -1 and *err
 * (malloc'd; NULL when out of memory). */
int xf_gen_keys_open(xf_gen_keys **out, int64_t n, xf_gen_keys_draw draw, void *ud, char **err);

/* The next key in increasing order: 1, 0 after the last, -1 on a read error
 * (*err, as above). */
int xf_gen_keys_next(xf_gen_keys *k, uint64_t *key, char **err);

void xf_gen_keys_close(xf_gen_keys *k);

#endif
