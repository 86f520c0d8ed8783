/* test_gen_keys.c — the on-disk key sort of `xiufu gen` gives exactly what
 * the in-memory rule gives (sort, redraw each key equal to the one before
 * it, repeat), for one run and for several, with duplicates in plenty:
 * pairs, triples, redraws that collide again. */
#include <stdlib.h>
#include "check.h"
#include "gen_keys.h"

typedef struct stream {
    uint64_t x;
    int64_t  drawn, first;  /* the first `first` draws come from a small range */
    uint64_t small, big;
} stream;

static uint64_t draw(void *ud) {
    stream *s = ud;
    uint64_t z = (s->x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return z % (s->drawn++ < s->first ? s->small : s->big);
}

static int cmp(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The rule as the generator first wrote it, all keys in memory. */
static uint64_t *reference(int64_t n, stream *s) {
    uint64_t *k = malloc((size_t)n * sizeof *k);
    for (int64_t i = 0; i < n; i++) k[i] = draw(s);
    for (int dup = 1; dup;) {
        qsort(k, (size_t)n, sizeof *k, cmp);
        dup = 0;
        for (int64_t i = 1; i < n; i++)
            if (k[i] == k[i - 1]) {
                k[i] = draw(s);
                dup = 1;
            }
    }
    return k;
}

static void same_as_reference(int64_t n, uint64_t small) {
    stream a = {12345, 0, n, small, (uint64_t)n * 8}, b = a;
    uint64_t *want = reference(n, &a);
    xf_gen_keys *k = NULL;
    char *err = NULL;
    CHECK_EQ_INT(xf_gen_keys_open(&k, n, draw, &b, &err), 0);
    if (!k) {
        fprintf(stderr, "n=%lld: %s\n", (long long)n, err ? err : "?");
        free(err);
        free(want);
        return;
    }
    int64_t i = 0, bad = 0;
    uint64_t key;
    while (xf_gen_keys_next(k, &key, &err) == 1) {
        if (i < n && key != want[i]) bad++;
        i++;
    }
    CHECK_EQ_INT(i, n);
    CHECK_EQ_INT(bad, 0);
    CHECK_EQ_INT(b.drawn, a.drawn);  /* the stream was left where the rule leaves it */
    CHECK(err == NULL);
    xf_gen_keys_close(k);
    free(want);
}

int main(void) {
    same_as_reference(1, 1);
    same_as_reference(2, 1);              /* equal pair */
    same_as_reference(3, 1);              /* a triple: takes two passes */
    same_as_reference(1000, 300);
    same_as_reference(1000, 1u << 30);    /* no duplicates */
    same_as_reference(262144, 100000);    /* exactly one run */
    same_as_reference(262145, 100000);    /* one key spills into a second run */
    same_as_reference(700000, 200000);    /* three runs, most keys redrawn */
    same_as_reference(700000, 1ull << 40);
    return CHECK_DONE();
}
