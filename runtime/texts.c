/* texts.c — text interning: an open-addressing hash over ids, the bytes in
 * an arena of fixed blocks so that xf_texts_str pointers stay valid while
 * more text is interned. */
#include "texts.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"

#define XF_TEXTS_BLOCK (64 * 1024)

typedef struct xf_texts_block {
    struct xf_texts_block *next;
    size_t used, cap;
    char data[];
} xf_texts_block;

typedef struct xf_texts_entry {
    const char *str;
    size_t      len;
    uint64_t    hash;
} xf_texts_entry;

struct xf_texts {
    xf_texts_entry *ent;    /* ent[id] */
    int64_t         n, cap;
    int64_t        *slot;   /* hash slots holding ids, -1 = empty */
    size_t          nslots; /* power of two */
    xf_texts_block *blocks; /* newest first */
};

/* The table keeps a load factor of at most 1/2. */
static uint64_t xf_texts_hash(const char *s, size_t n) { return xf_hash_bytes(s, n); }

xf_texts *xf_texts_new(void) {
    xf_texts *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->nslots = 64;
    t->slot = malloc(t->nslots * sizeof *t->slot);
    if (!t->slot) { free(t); return NULL; }
    memset(t->slot, 0xff, t->nslots * sizeof *t->slot);
    return t;
}

void xf_texts_free(xf_texts *t) {
    if (!t) return;
    xf_texts_block *b = t->blocks;
    while (b) {
        xf_texts_block *next = b->next;
        free(b);
        b = next;
    }
    free(t->slot);
    free(t->ent);
    free(t);
}

static char *xf_texts_alloc(xf_texts *t, size_t n) {
    xf_texts_block *b = t->blocks;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > XF_TEXTS_BLOCK ? n : XF_TEXTS_BLOCK;
        xf_texts_block *nb = malloc(sizeof *nb + cap);
        if (!nb) return NULL;
        nb->used = 0;
        nb->cap = cap;
        /* A big one-off string gets its own block behind the current one so
         * the current block's free space is not wasted. */
        if (b && n > XF_TEXTS_BLOCK) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            t->blocks = nb;
        }
        b = nb;
    }
    char *p = b->data + b->used;
    b->used += n;
    return p;
}

/* Rehash into nslots slots (a power of two, more than twice the texts). */
static int xf_texts_rehash(xf_texts *t, size_t nslots) {
    int64_t *slot = malloc(nslots * sizeof *slot);
    if (!slot) return -1;
    memset(slot, 0xff, nslots * sizeof *slot);
    for (int64_t id = 0; id < t->n; id++) {
        size_t i = (size_t)t->ent[id].hash & (nslots - 1);
        while (slot[i] >= 0) i = (i + 1) & (nslots - 1);
        slot[i] = id;
    }
    free(t->slot);
    t->slot = slot;
    t->nslots = nslots;
    return 0;
}

static int xf_texts_grow_slots(xf_texts *t) { return xf_texts_rehash(t, t->nslots * 2); }

static int xf_texts_grow_entries(xf_texts *t) {
    int64_t cap = t->cap ? t->cap * 2 : 64;
    xf_texts_entry *ent = realloc(t->ent, (size_t)cap * sizeof *ent);
    if (!ent) return -1;
    t->ent = ent;
    t->cap = cap;
    return 0;
}

int xf_texts_reserve(xf_texts *t, int64_t n) {
    size_t nslots = t->nslots;
    while ((size_t)(t->n + n) * 2 > nslots) nslots *= 2;
    if (nslots > t->nslots && xf_texts_rehash(t, nslots) != 0) return -1;  /* once, not once a doubling */
    while (t->cap < t->n + n)
        if (xf_texts_grow_entries(t) != 0) return -1;
    return 0;
}

int64_t xf_texts_intern(xf_texts *t, const char *s, size_t n) {
    if (!t || (!s && n)) return -1;
    /* Keep the load factor at most 1/2; if memory is short, carry on up to
     * 3/4 so probing always finds an empty slot. */
    if ((size_t)(t->n + 1) * 2 > t->nslots && xf_texts_grow_slots(t) != 0 &&
        (size_t)(t->n + 1) * 4 > t->nslots * 3)
        return -1;
    uint64_t h = xf_texts_hash(s, n);
    size_t mask = t->nslots - 1, i = (size_t)h & mask;
    for (; t->slot[i] >= 0; i = (i + 1) & mask) {
        const xf_texts_entry *e = &t->ent[t->slot[i]];
        if (e->hash == h && e->len == n && (n == 0 || memcmp(e->str, s, n) == 0))
            return t->slot[i];
    }
    if (t->n == t->cap && xf_texts_grow_entries(t) != 0) return -1;
    char *p = xf_texts_alloc(t, n + 1);
    if (!p) return -1;
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    int64_t id = t->n++;
    t->ent[id] = (xf_texts_entry){p, n, h};
    t->slot[i] = id;
    return id;
}

const char *xf_texts_str(const xf_texts *t, int64_t id) {
    if (!t || id < 0 || id >= t->n) return NULL;
    return t->ent[id].str;
}

size_t xf_texts_len(const xf_texts *t, int64_t id) {
    if (!t || id < 0 || id >= t->n) return 0;
    return t->ent[id].len;
}
