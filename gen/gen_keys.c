/* gen_keys.c — see gen_keys.h.
 *
 * The keys are read back as one sorted stream: a k-way merge of the sorted
 * runs, combined with a short sorted list of adjustments (the redraws: -1
 * for a key redrawn away, +1 for the key that replaced it).  A key comes
 * out as often as it was drawn plus its adjustment.  Redraws are rare (two
 * codes alike among tens of millions), so the list stays small. */
#define _POSIX_C_SOURCE 200809L
#include "gen_keys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strf.h"

/* Keys sorted in memory at a time (2 MiB), and keys read at a time from
 * each run during the merge (4 KiB): at the 100M maximum, 382 runs. */
#define XF_GEN_KEYS_RUN (1 << 18)
#define XF_GEN_KEYS_BUF 512

typedef struct xf_gen_run {
    int64_t   off;  /* the run's first key in the file, counted in keys */
    int64_t   len;
    int64_t   pos;  /* keys of the run read into buf so far */
    uint64_t *buf;
    int       n, at;
} xf_gen_run;

typedef struct xf_gen_adj {
    uint64_t key;
    int64_t  delta;
} xf_gen_adj;

struct xf_gen_keys {
    int         fd;   /* -1: a single run, kept in memory */
    uint64_t   *mem;  /* that run */
    xf_gen_run *runs;
    int         nruns;
    int        *heap; /* runs not yet exhausted, the smallest next key first */
    int         nheap;
    xf_gen_adj *adj;  /* sorted by key, no zero delta */
    size_t      nadj, adj_at;
    uint64_t    cur;  /* the key being handed out, `left` more times */
    int64_t     left;
};

static int xf_gen_keys_cmp(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int xf_gen_adj_cmp(const void *a, const void *b) {
    return xf_gen_keys_cmp(&((const xf_gen_adj *)a)->key, &((const xf_gen_adj *)b)->key);
}

/* ------------------------------------------------------ the temporary file */

/* An anonymous file in SQLite's temporary directory (SQLITE_TMPDIR, TMPDIR,
 * /var/tmp, /usr/tmp, /tmp, .): unlinked at once, so nothing is left behind
 * however the process ends. */
static int xf_gen_keys_tmpfile(char **err) {
    const char *dirs[] = {getenv("SQLITE_TMPDIR"), getenv("TMPDIR"), "/var/tmp", "/usr/tmp", "/tmp", "."};
    int saved = 0;
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        struct stat st;
        if (!dirs[i] || !*dirs[i] || stat(dirs[i], &st) != 0 || !S_ISDIR(st.st_mode) ||
            access(dirs[i], W_OK | X_OK) != 0)
            continue;
        char *path = xf_strf("%s/xiufu-gen-XXXXXX", dirs[i]);
        if (!path) return xf_failf(err, "out of memory");
        int fd = mkstemp(path);
        if (fd < 0) saved = errno;
        else unlink(path);
        free(path);
        if (fd >= 0) return fd;
    }
    return xf_failf(err, "cannot create a temporary file for the entity codes: %s",
                    saved ? strerror(saved) : "no writable temporary directory");
}

static int xf_gen_keys_write(int fd, const uint64_t *keys, int64_t n, char **err) {
    const char *p = (const char *)keys;
    size_t left = (size_t)n * sizeof *keys;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return xf_failf(err, "writing the entity codes to a temporary file: %s",
                                    w < 0 ? strerror(errno) : "no space");
        p += w;
        left -= (size_t)w;
    }
    return 0;
}

/* ------------------------------------------------------------ the merge */

static uint64_t xf_gen_head(const xf_gen_keys *k, int r) { return k->runs[r].buf[k->runs[r].at]; }

/* Load the next keys of run r: 0, or -1 on a read error.  n == 0 after. */
static int xf_gen_refill(xf_gen_keys *k, int r, char **err) {
    xf_gen_run *ru = &k->runs[r];
    ru->n = ru->at = 0;
    if (k->fd < 0 || ru->pos >= ru->len) return 0;
    int64_t want = ru->len - ru->pos < XF_GEN_KEYS_BUF ? ru->len - ru->pos : XF_GEN_KEYS_BUF;
    size_t got = 0, bytes = (size_t)want * sizeof *ru->buf;
    while (got < bytes) {
        ssize_t rd = pread(k->fd, (char *)ru->buf + got, bytes - got,
                           (off_t)((ru->off + ru->pos) * (int64_t)sizeof *ru->buf) + (off_t)got);
        if (rd < 0 && errno == EINTR) continue;
        if (rd <= 0) return xf_failf(err, "reading the entity codes back: %s", rd < 0 ? strerror(errno) : "file shrank");
        got += (size_t)rd;
    }
    ru->pos += want;
    ru->n = (int)want;
    return 0;
}

static void xf_gen_sift(xf_gen_keys *k, int i) {
    for (;;) {
        int l = 2 * i + 1, m = i;
        if (l < k->nheap && xf_gen_head(k, k->heap[l]) < xf_gen_head(k, k->heap[m])) m = l;
        if (l + 1 < k->nheap && xf_gen_head(k, k->heap[l + 1]) < xf_gen_head(k, k->heap[m])) m = l + 1;
        if (m == i) return;
        int t = k->heap[i];
        k->heap[i] = k->heap[m];
        k->heap[m] = t;
        i = m;
    }
}

/* Back to the first key of every run and of the adjustments. */
static int xf_gen_rewind(xf_gen_keys *k, char **err) {
    k->nheap = 0;
    for (int r = 0; r < k->nruns; r++) {
        xf_gen_run *ru = &k->runs[r];
        if (k->fd < 0) {
            ru->n = (int)ru->len;  /* one run of at most XF_GEN_KEYS_RUN keys */
            ru->at = 0;
        } else {
            ru->pos = 0;
            if (xf_gen_refill(k, r, err) != 0) return -1;
        }
        if (ru->n > 0) k->heap[k->nheap++] = r;
    }
    for (int i = k->nheap / 2 - 1; i >= 0; i--) xf_gen_sift(k, i);
    k->adj_at = 0;
    k->left = 0;
    return 0;
}

static int xf_gen_pop(xf_gen_keys *k, char **err) {
    int r = k->heap[0];
    if (++k->runs[r].at == k->runs[r].n) {
        if (xf_gen_refill(k, r, err) != 0) return -1;
        if (k->runs[r].n == 0) k->heap[0] = k->heap[--k->nheap];
    }
    xf_gen_sift(k, 0);
    return 0;
}

/* The next distinct key and how many times it is in the set now: 1, 0 at
 * the end, -1 on error. */
static int xf_gen_distinct(xf_gen_keys *k, uint64_t *key, int64_t *count, char **err) {
    int have_run = k->nheap > 0, have_adj = k->adj_at < k->nadj;
    if (!have_run && !have_adj) return 0;
    uint64_t x = have_run ? xf_gen_head(k, k->heap[0]) : k->adj[k->adj_at].key;
    if (have_adj && k->adj[k->adj_at].key < x) x = k->adj[k->adj_at].key;
    int64_t c = 0;
    while (k->nheap > 0 && xf_gen_head(k, k->heap[0]) == x) {
        c++;
        if (xf_gen_pop(k, err) != 0) return -1;
    }
    if (have_adj && k->adj[k->adj_at].key == x) c += k->adj[k->adj_at++].delta;
    if (c < 0) return xf_failf(err, "internal error: entity code redrawn more often than drawn");
    *key = x;
    *count = c;
    return 1;
}

int xf_gen_keys_next(xf_gen_keys *k, uint64_t *key, char **err) {
    while (k->left == 0) {
        int rc = xf_gen_distinct(k, &k->cur, &k->left, err);
        if (rc <= 0) return rc;
    }
    k->left--;
    *key = k->cur;
    return 1;
}

/* ------------------------------------------------------ duplicates */

/* Add the redraws of a pass to the adjustments: sort, sum deltas per key,
 * drop keys that cancel out. */
static int xf_gen_adjust(xf_gen_keys *k, xf_gen_adj *more, size_t nmore, char **err) {
    xf_gen_adj *all = realloc(k->adj, (k->nadj + nmore) * sizeof *all);
    if (!all) return xf_failf(err, "out of memory for the entity codes");
    memcpy(all + k->nadj, more, nmore * sizeof *more);
    size_t n = k->nadj + nmore, o = 0;
    qsort(all, n, sizeof *all, xf_gen_adj_cmp);
    for (size_t i = 0; i < n; i++) {
        if (o > 0 && all[o - 1].key == all[i].key) all[o - 1].delta += all[i].delta;
        else all[o++] = all[i];
        if (all[o - 1].delta == 0) o--;
    }
    k->adj = all;
    k->nadj = o;
    return 0;
}

/* One pass of the in-memory rule over the sorted keys: a key equal to the
 * one before it (as that one stands after this pass's redraws) is redrawn.
 * The redraws take effect for the next pass.  *redrawn: whether any was. */
static int xf_gen_dedup_pass(xf_gen_keys *k, xf_gen_keys_draw draw, void *ud, int *redrawn, char **err) {
    xf_gen_adj *more = NULL;
    size_t nmore = 0, cap = 0;
    uint64_t prev = 0, v;
    int have_prev = 0, rc;
    if (xf_gen_rewind(k, err) != 0) return -1;
    while ((rc = xf_gen_keys_next(k, &v, err)) == 1) {
        if (have_prev && v == prev) {
            if (nmore + 2 > cap) {
                cap = cap ? 2 * cap : 64;
                xf_gen_adj *m = realloc(more, cap * sizeof *m);
                if (!m) {
                    free(more);
                    return xf_failf(err, "out of memory for the entity codes");
                }
                more = m;
            }
            prev = draw(ud);
            more[nmore++] = (xf_gen_adj){v, -1};
            more[nmore++] = (xf_gen_adj){prev, +1};
        } else {
            prev = v;
        }
        have_prev = 1;
    }
    *redrawn = nmore > 0;
    if (rc == 0 && nmore > 0) rc = xf_gen_adjust(k, more, nmore, err);
    free(more);
    return rc < 0 ? -1 : 0;
}

/* ------------------------------------------------------------ open, close */

int xf_gen_keys_open(xf_gen_keys **out, int64_t n, xf_gen_keys_draw draw, void *ud, char **err) {
    *out = NULL;
    xf_gen_keys *k = calloc(1, sizeof *k);
    if (!k) return xf_failf(err, "out of memory for the entity codes");
    k->fd = -1;
    k->nruns = (int)((n + XF_GEN_KEYS_RUN - 1) / XF_GEN_KEYS_RUN);
    k->runs = calloc((size_t)k->nruns, sizeof *k->runs);
    k->heap = calloc((size_t)k->nruns, sizeof *k->heap);
    int64_t first = n < XF_GEN_KEYS_RUN ? n : XF_GEN_KEYS_RUN;
    uint64_t *buf = malloc((size_t)first * sizeof *buf);
    int rc = k->runs && k->heap && buf ? 0 : xf_failf(err, "out of memory for the entity codes");
    if (rc == 0 && k->nruns > 1) rc = (k->fd = xf_gen_keys_tmpfile(err)) < 0 ? -1 : 0;
    for (int r = 0; rc == 0 && r < k->nruns; r++) {
        xf_gen_run *ru = &k->runs[r];
        ru->off = (int64_t)r * XF_GEN_KEYS_RUN;
        ru->len = n - ru->off < XF_GEN_KEYS_RUN ? n - ru->off : XF_GEN_KEYS_RUN;
        for (int64_t i = 0; i < ru->len; i++) buf[i] = draw(ud);
        qsort(buf, (size_t)ru->len, sizeof *buf, xf_gen_keys_cmp);
        if (k->fd >= 0) rc = xf_gen_keys_write(k->fd, buf, ru->len, err);
    }
    if (rc == 0 && k->fd < 0) {  /* one run: read from memory */
        k->mem = buf;
        k->runs[0].buf = buf;
        buf = NULL;
    }
    free(buf);
    for (int r = 0; rc == 0 && k->fd >= 0 && r < k->nruns; r++)
        if (!(k->runs[r].buf = malloc(XF_GEN_KEYS_BUF * sizeof *k->runs[r].buf)))
            rc = xf_failf(err, "out of memory for the entity codes");
    for (int redrawn = 1; rc == 0 && redrawn;) rc = xf_gen_dedup_pass(k, draw, ud, &redrawn, err);
    if (rc == 0) rc = xf_gen_rewind(k, err);
    if (rc != 0) {
        xf_gen_keys_close(k);
        return -1;
    }
    *out = k;
    return 0;
}

void xf_gen_keys_close(xf_gen_keys *k) {
    if (!k) return;
    if (k->fd >= 0) {
        close(k->fd);
        for (int r = 0; r < k->nruns; r++) free(k->runs[r].buf);
    }
    free(k->mem);
    free(k->runs);
    free(k->heap);
    free(k->adj);
    free(k);
}
