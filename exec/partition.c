/* partition.c — one partition's rows into an xf_db (see partition.h). */
#define _GNU_SOURCE
#include "partition.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "dates.h"
#include "record.h"
#include "strf.h"
#include "texts.h"

/* One record, found in the partition's bytes. */
typedef struct xf_part_rec {
    uint64_t       k0, k1; /* entity records: the code's first 16 bytes, big-endian, to compare fast (0 for others) */
    const uint8_t *p;      /* the record */
    int64_t        key;
    int64_t        ent;    /* related rows: the entity's index */
} xf_part_rec;

static const char *xf_part_uscc(const uint8_t *p) { return (const char *)p + sizeof(xf_rec_head); }
static xf_rec_head xf_part_head(const uint8_t *p) {
    xf_rec_head h;
    memcpy(&h, p, sizeof h);
    return h;
}

/* The records of a partition's bytes, table by table: recs[t], nrec[t].
 * 0, or -1 when out of memory. */
static int xf_part_records(const uint8_t *data, size_t len, int ns, xf_part_rec **recs, int64_t *nrec) {
    for (size_t o = 0; o + sizeof(xf_rec_head) <= len; o += xf_rec_u32(data + o)) {
        xf_rec_head h = xf_part_head(data + o);
        if (h.t < ns) nrec[h.t]++;
    }
    int64_t *at = calloc((size_t)ns, sizeof *at);
    for (int t = 0; at && t < ns; t++)
        if (!(recs[t] = malloc((size_t)(nrec[t] ? nrec[t] : 1) * sizeof **recs))) {
            free(at);
            return -1;
        }
    if (!at) return -1;
    for (size_t o = 0; o + sizeof(xf_rec_head) <= len; o += xf_rec_u32(data + o)) {
        xf_rec_head h = xf_part_head(data + o);
        if (h.t >= ns) continue;
        uint64_t k[2] = {0, 0};
        if (h.t == 0) xf_rec_code_key((const char *)data + o + sizeof h, h.uscc_len, k);  /* only entities are sorted by code */
        recs[h.t][at[h.t]++] = (xf_part_rec){k[0], k[1], data + o, h.key, 0};
    }
    free(at);
    return 0;
}

/* Code order, then key order. */
static int xf_part_cmp_uscc(const void *a, const void *b) {
    const xf_part_rec *x = a, *y = b;
    if (x->k0 != y->k0) return x->k0 < y->k0 ? -1 : 1;
    if (x->k1 != y->k1) return x->k1 < y->k1 ? -1 : 1;
    xf_rec_head hx = xf_part_head(x->p), hy = xf_part_head(y->p);
    size_t n = hx.uscc_len < hy.uscc_len ? hx.uscc_len : hy.uscc_len;
    int c = memcmp(xf_part_uscc(x->p), xf_part_uscc(y->p), n);
    if (c) return c;
    if (hx.uscc_len != hy.uscc_len) return hx.uscc_len < hy.uscc_len ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

static int xf_part_cmp_ent_key(const void *a, const void *b) {
    const xf_part_rec *x = a, *y = b;
    if (x->ent != y->ent) return x->ent < y->ent ? -1 : 1;
    return x->key < y->key ? -1 : x->key > y->key;
}

static int xf_part_same_code(const xf_part_rec *x, const xf_part_rec *y) {
    xf_rec_head hx = xf_part_head(x->p), hy = xf_part_head(y->p);
    return x->k0 == y->k0 && x->k1 == y->k1 && hx.uscc_len == hy.uscc_len &&
           memcmp(xf_part_uscc(x->p), xf_part_uscc(y->p), hx.uscc_len) == 0;
}

/* Sort, stably, by merging the runs already in order: the readers hand a
 * partition rows stored by entity in a few long runs (one per piece of the
 * table a reader read), so this is a few passes, and none when the rows
 * are in order.  Out of memory: qsort. */
static void xf_part_sort(xf_part_rec *r, int64_t n, int (*cmp)(const void *, const void *)) {
    int64_t i = 1;
    while (i < n && cmp(&r[i - 1], &r[i]) <= 0) i++;
    if (i >= n) return;
    int64_t nruns = 1;
    for (i = 1; i < n; i++) nruns += cmp(&r[i - 1], &r[i]) > 0;
    int64_t *run = malloc(sizeof *run * (size_t)(nruns + 1));
    xf_part_rec *tmp = malloc(sizeof *tmp * (size_t)n);
    if (!run || !tmp) {
        free(run), free(tmp);
        qsort(r, (size_t)n, sizeof *r, cmp);
        return;
    }
    int64_t k = 0;
    run[k++] = 0;
    for (i = 1; i < n; i++)
        if (cmp(&r[i - 1], &r[i]) > 0) run[k++] = i;
    run[k] = n;
    xf_part_rec *src = r, *dst = tmp;
    while (nruns > 1) {
        int64_t m = 0;
        for (int64_t j = 0; j < nruns; j += 2) {
            int64_t a = run[j], am = run[j + 1], b = am, bm = j + 1 < nruns ? run[j + 2] : am, o = a;
            while (a < am && b < bm) dst[o++] = cmp(&src[b], &src[a]) < 0 ? src[b++] : src[a++];
            while (a < am) dst[o++] = src[a++];
            while (b < bm) dst[o++] = src[b++];
            run[m++] = run[j];
        }
        run[m] = n;
        nruns = m;
        xf_part_rec *t = src;
        src = dst, dst = t;
    }
    if (src != r) memcpy(r, src, sizeof *r * (size_t)n);
    free(run), free(tmp);
}

/* Related rows by entity, then key: a counting sort by entity, then each
 * entity's few rows by key (a comparison sort of all of them was a tenth of
 * a run's instructions).  0, or -1 when out of memory. */
static int xf_part_sort_by_entity(xf_part_rec *r, int64_t n, int64_t nent) {
    int64_t i = 1;
    while (i < n && xf_part_cmp_ent_key(&r[i - 1], &r[i]) <= 0) i++;
    if (i >= n) return 0;  /* rows stored by entity already are */
    int64_t *at = calloc((size_t)nent + 1, sizeof *at);
    xf_part_rec *out = malloc(sizeof *out * (size_t)n);
    if (!at || !out) {
        free(at), free(out);
        return -1;
    }
    for (i = 0; i < n; i++) at[r[i].ent + 1]++;
    for (int64_t e = 0; e < nent; e++) at[e + 1] += at[e];
    for (i = 0; i < n; i++) out[at[r[i].ent]++] = r[i];  /* stable: at[e] ends at entity e+1's start */
    for (int64_t g = 0; g < n;) {
        int64_t h = g + 1;
        while (h < n && out[h].ent == out[g].ent) h++;
        for (int64_t a = g + 1; a < h; a++)  /* insertion sort: an entity has a few rows */
            for (int64_t b = a; b > g && out[b - 1].key > out[b].key; b--) {
                xf_part_rec t = out[b];
                out[b] = out[b - 1], out[b - 1] = t;
            }
        g = h;
    }
    memcpy(r, out, sizeof *out * (size_t)n);
    free(at), free(out);
    return 0;
}

/* ------------------------------------------------------------ entity map */

/* uscc -> entity index (-1: skipped).  A slot holds the code's first 23
 * bytes and its length, so a probe touches one slot and nothing else; a
 * longer code (only ever a bad one) is compared through its record. */
typedef struct xf_part_slot {
    uint64_t       k[3];   /* bytes 0..22 big-endian, the length in the last byte; 0 = empty */
    const uint8_t *rec;
    int64_t        idx;
} xf_part_slot;

typedef struct xf_part_map {
    uint64_t      mask;
    xf_part_slot *slot;
} xf_part_map;

static void xf_part_code_key(const char *s, size_t n, uint64_t k[3]) {
    uint8_t b[24] = {0};
    memcpy(b, s, n < 23 ? n : 23);
    b[23] = (uint8_t)(n < 255 ? n + 1 : 255);  /* never 0: the slot is taken */
    for (int w = 0; w < 3; w++) k[w] = xf_rec_be64(b + w * 8);
}

static uint64_t xf_part_key_hash(const uint64_t k[3]) {
    uint64_t h = k[0] ^ (k[1] * 0x9E3779B97F4A7C15ULL) ^ (k[2] * 0xC2B2AE3D27D4EB4FULL);
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    return h;
}

static int xf_part_map_init(xf_part_map *m, int64_t n) {
    uint64_t slots = 16;
    while (slots < 2 * (uint64_t)n) slots *= 2;
    m->mask = slots - 1;
    m->slot = calloc(slots, sizeof *m->slot);
    return m->slot ? 0 : -1;
}

/* A code's key and first slot, worked out ahead of its lookup so that the
 * slot can be fetched from memory meanwhile: the map of a partition's
 * entities is larger than the cache, and the lookups of its related rows
 * were 40% of building it. */
typedef struct xf_part_probe {
    uint64_t k[3];
    uint64_t j;
} xf_part_probe;

static void xf_part_probe_start(const xf_part_map *m, const uint8_t *rec, xf_part_probe *q) {
    xf_rec_head h = xf_part_head(rec);
    xf_part_code_key(xf_part_uscc(rec), h.uscc_len, q->k);
    q->j = xf_part_key_hash(q->k) & m->mask;
    __builtin_prefetch(&m->slot[q->j]);
}

static void xf_part_map_put(xf_part_map *m, const xf_part_probe *q, const uint8_t *rec, int64_t idx) {
    uint64_t j = q->j;
    while (m->slot[j].k[2]) j = (j + 1) & m->mask;
    m->slot[j] = (xf_part_slot){{q->k[0], q->k[1], q->k[2]}, rec, idx};
}

/* The entity index, -1 when skipped, -2 when there is no such entity. */
static int64_t xf_part_map_find(const xf_part_map *m, const xf_part_probe *q, const char *s, size_t n) {
    const uint64_t *k = q->k;
    for (uint64_t j = q->j; m->slot[j].k[2]; j = (j + 1) & m->mask) {
        const xf_part_slot *e = &m->slot[j];
        if (e->k[0] != k[0] || e->k[1] != k[1] || e->k[2] != k[2]) continue;
        if (n <= 23 || memcmp(xf_part_uscc(e->rec), s, n) == 0) return e->idx;
    }
    return -2;
}

static void xf_part_map_free(xf_part_map *m) { free(m->slot); }

/* ------------------------------------------------------------------ rows */

static char *xf_part_str(const char *s, size_t n) {
    char *d = malloc(n + 1);
    if (d) memcpy(d, s, n), d[n] = 0;
    return d;
}

/* Report a bad row whose record says why (XF_REC_BAD). */
static int xf_part_report_bad(xf_badrows *bad, int t, const xf_tablespec *sp, const uint8_t *p) {
    xf_rec_head h = xf_part_head(p);
    const uint8_t *v = p + sizeof h + h.uscc_len;
    uint32_t n = xf_rec_u32(v);
    char *value = n == XF_REC_NULL ? NULL : xf_part_str((const char *)v + 4, n);
    const char *col = h.badcol < sp->ncols ? sp->cols[h.badcol].name : sp->entity_col ? sp->entity_col : "uscc";
    int stop = xf_badrows_add(bad, t, sp->table, h.key, col, value, h.reason);
    free(value);
    return stop;
}

static int xf_part_report(xf_badrows *bad, int t, const xf_tablespec *sp, const uint8_t *p, int reason) {
    xf_rec_head h = xf_part_head(p);
    char *code = xf_part_str(xf_part_uscc(p), h.uscc_len);
    int stop = xf_badrows_add(bad, t, sp->table, h.key, sp->entity_col ? sp->entity_col : "uscc", code, reason);
    free(code);
    return stop;
}

/* The columns of good records into table columns. */
static int xf_part_fill(xf_table *tab, const xf_tablespec *sp, const xf_part_rec *recs, int64_t n, xf_texts *texts) {
    tab->nrows = n;
    tab->ncols = sp->ncols;
    size_t rows = (size_t)(n ? n : 1);
    tab->val = calloc((size_t)sp->ncols + 1, sizeof *tab->val);
    tab->has = calloc((size_t)sp->ncols + 1, sizeof *tab->has);
    tab->row_id = malloc(rows * sizeof *tab->row_id);
    if (!tab->val || !tab->has || !tab->row_id) return -1;
    for (int c = 0; c < sp->ncols; c++)
        if (!(tab->val[c] = malloc(rows * sizeof **tab->val)) || !(tab->has[c] = malloc(rows))) return -1;
    for (int64_t i = 0; i < n; i++) {
        const uint8_t *p = recs[i].p;
        xf_rec_head h = xf_part_head(p);
        tab->row_id[i] = h.key;
        const uint8_t *q = p + sizeof h + h.uscc_len;
        for (int c = 0; c < sp->ncols; c++) {
            uint8_t has = *q++;
            int64_t v = 0;
            if (has && sp->cols[c].kind == XF_K_TEXT) {
                uint32_t len = xf_rec_u32(q);
                if ((v = xf_texts_intern(texts, (const char *)q + 4, len)) < 0) return -1;
                q += 4 + len;
            } else if (has) {
                v = xf_rec_i64(q);
                q += 8;
            }
            tab->val[c][i] = v;
            tab->has[c][i] = has;
        }
    }
    return 0;
}

/* ------------------------------------------------------------------ build */

void xf_part_free(xf_db *db) {
    if (!db) return;
    db->cal = NULL;  /* the scan's */
    xf_db_free(db);
}

/* Whether a record's code lies in [lo, hi) (NULL: open). */
static int xf_part_code_in(const uint8_t *rec, const char *lo, size_t lo_len, const char *hi, size_t hi_len) {
    const char *code = xf_part_uscc(rec);
    size_t n = xf_part_head(rec).uscc_len;
    return !(lo && xf_rec_code_cmp(code, n, lo, lo_len) < 0) && !(hi && xf_rec_code_cmp(code, n, hi, hi_len) >= 0);
}

enum { XF_PART_BLOCK = 1 << 20 };

/* The records of partition p out of a stream that holds several: the
 * stream read through a block at a time, the records in p's range of
 * codes kept.  Malloc'd, *len its length; NULL with errno on failure. */
static uint8_t *xf_part_piece(xf_scan *sc, int p, size_t *len) {
    xf_spill *s = &sc->streams[p / sc->per_stream];
    int first = p % sc->per_stream == 0, last = p == sc->nparts - 1 || p % sc->per_stream == sc->per_stream - 1;
    const char *lo = first ? NULL : sc->part_bound[p - 1], *hi = last ? NULL : sc->part_bound[p];
    size_t lo_len = first ? 0 : sc->part_bound_len[p - 1], hi_len = last ? 0 : sc->part_bound_len[p];
    size_t cap = XF_PART_BLOCK, have = 0, off = 0, n = 0, ocap = 0;
    uint8_t *block = malloc(cap), *o = NULL;
    *len = 0;
    int fail = !block;
    for (;;) {
        int64_t r = fail ? -1 : xf_spill_read_at(s, block + have, cap - have, off);
        if (r < 0) { fail = 1; break; }
        off += (size_t)r, have += (size_t)r;
        size_t at = 0;
        while (have - at >= sizeof(xf_rec_head)) {
            uint32_t rl = xf_part_head(block + at).len;
            if (rl < sizeof(xf_rec_head) || have - at < rl) break;
            if (xf_part_code_in(block + at, lo, lo_len, hi, hi_len)) {
                if (n + rl > ocap) {
                    size_t c = ocap ? ocap * 2 : XF_PART_BLOCK;
                    while (c < n + rl) c *= 2;
                    uint8_t *g = realloc(o, c);
                    if (!g) { fail = 1; break; }
                    o = g, ocap = c;
                }
                memcpy(o + n, block + at, rl);
                n += rl;
            }
            at += rl;
        }
        if (fail) break;
        memmove(block, block + at, have - at);
        have -= at;
        if (r == 0) break;
        if (have == cap) {  /* one record larger than the block */
            uint8_t *g = realloc(block, cap * 2);
            if (!g) { fail = 1; break; }
            block = g, cap *= 2;
        }
    }
    free(block);
    if (!fail && have) errno = EIO, fail = 1;  /* a record cut short */
    if (fail) {
        if (!errno) errno = ENOMEM;
        free(o);
        return NULL;
    }
    *len = n;
    if (!o) errno = 0;
    return o;
}

int xf_part_build(xf_scan *sc, int p, const xf_tablespec *specs, const char *path, xf_badrows *bad,
                  xf_db **out, char **errmsg) {
    *out = NULL;
    size_t len;
    errno = 0;
    uint8_t *data;
    if (sc->per_stream == 1) data = xf_spill_take(&sc->streams[p], &len);
    else {
        data = xf_part_piece(sc, p, &len);
        int err = errno;
        /* the last of a stream's partitions lets its file go */
        if (atomic_fetch_sub(&sc->pieces_left[p / sc->per_stream], 1) == 1) xf_spill_drop(&sc->streams[p / sc->per_stream]);
        errno = err;
    }
    if (!data && len == 0 && errno) {
        *errmsg = xf_strf("%s: cannot read back the rows read: %s", path, strerror(errno));
        return 1;
    }
    return xf_part_from_records(data, len, specs, sc->nspecs, sc->cal, path, bad, out, errmsg);
}

int xf_part_from_records(uint8_t *data, size_t len, const xf_tablespec *specs, int ns, xf_calendar *cal,
                         const char *path, xf_badrows *bad, xf_db **out, char **errmsg) {
    *out = NULL;
    xf_db *db = calloc(1, sizeof *db);
    xf_part_rec **recs = calloc((size_t)ns, sizeof *recs);
    int64_t *nrec = calloc((size_t)ns, sizeof *nrec);
    xf_part_map map = {0};
    int r = 1;
    if (!db || !recs || !nrec) goto oom;
    db->ntables = ns;
    db->cal = cal;
    if (!(db->tab = calloc((size_t)ns, sizeof *db->tab)) || !(db->texts = xf_texts_new())) goto oom;
    if (xf_part_records(data, len, ns, recs, nrec)) goto oom;

    /* entities: sorted by uscc, a repeated one bad in every copy */
    const xf_tablespec *esp = &specs[0];
    xf_part_rec *er = recs[0];
    int64_t ne = nrec[0], good = 0;
    xf_part_sort(er, ne, xf_part_cmp_uscc);
    if (xf_part_map_init(&map, ne)) goto oom;
    enum { AHEAD = 8 };  /* slots being fetched: the map is larger than the cache */
    xf_part_probe probe[AHEAD];
    for (int64_t i = 0; i < ne && i < AHEAD; i++) xf_part_probe_start(&map, er[i].p, &probe[i]);
    for (int64_t i = 0; i < ne;) {
        int64_t j = i + 1;
        while (j < ne && xf_part_same_code(&er[i], &er[j])) j++;
        const xf_part_probe *q = &probe[i % AHEAD];
        if (j - i > 1) {
            for (int64_t k = i; k < j; k++)
                if (xf_part_report(bad, 0, esp, er[k].p, XF_BAD_DUP_KEY)) goto stop;
            xf_part_map_put(&map, q, er[i].p, -1);
        } else if (xf_part_head(er[i].p).flags & XF_REC_BAD) {
            if (xf_part_report_bad(bad, 0, esp, er[i].p)) goto stop;
            xf_part_map_put(&map, q, er[i].p, -1);
        } else {
            xf_part_map_put(&map, q, er[i].p, good);
            er[good++] = er[i];
        }
        for (int64_t k = i; k < j; k++)  /* the probes of entities i..j-1 are used up */
            if (k + AHEAD < ne) xf_part_probe_start(&map, er[k + AHEAD].p, &probe[k % AHEAD]);
        i = j;
    }
    db->nent = good;
    xf_table *et = &db->tab[0];
    int etexts = 0;  /* an entity's texts (its code) are mostly its own: room for them up front */
    for (int c = 0; c < esp->ncols; c++) etexts += esp->cols[c].kind == XF_K_TEXT;
    if (xf_texts_reserve(db->texts, good * etexts) || xf_part_fill(et, esp, er, good, db->texts)) goto oom;
    et->ent = malloc((size_t)(good ? good : 1) * sizeof *et->ent);
    et->first = malloc((size_t)(good + 1) * sizeof *et->first);
    if (!et->ent || !et->first) goto oom;
    for (int64_t i = 0; i < good; i++) et->ent[i] = et->first[i] = i;
    et->first[good] = good;

    /* related rows: under their entity, in key order */
    for (int t = 1; t < ns; t++) {
        xf_part_rec *rr = recs[t];
        int64_t kept = 0;
        for (int64_t i = 0; i < nrec[t] && i < AHEAD; i++) xf_part_probe_start(&map, rr[i].p, &probe[i]);
        for (int64_t i = 0; i < nrec[t]; i++) {
            xf_rec_head h = xf_part_head(rr[i].p);
            int64_t e = xf_part_map_find(&map, &probe[i % AHEAD], xf_part_uscc(rr[i].p), h.uscc_len);
            if (i + AHEAD < nrec[t]) xf_part_probe_start(&map, rr[i + AHEAD].p, &probe[i % AHEAD]);
            if (e < 0) {
                if (xf_part_report(bad, t, &specs[t], rr[i].p, e == -2 ? XF_BAD_UNKNOWN_ENTITY : XF_BAD_SKIPPED_ENTITY))
                    goto stop;
                continue;
            }
            if (h.flags & XF_REC_BAD) {
                if (xf_part_report_bad(bad, t, &specs[t], rr[i].p)) goto stop;
                continue;
            }
            rr[i].ent = e;
            rr[kept++] = rr[i];
        }
        if (xf_part_sort_by_entity(rr, kept, good)) goto oom;
        xf_table *tab = &db->tab[t];
        if (xf_part_fill(tab, &specs[t], rr, kept, db->texts)) goto oom;
        tab->ent = malloc((size_t)(kept ? kept : 1) * sizeof *tab->ent);
        tab->first = calloc((size_t)good + 1, sizeof *tab->first);
        if (!tab->ent || !tab->first) goto oom;
        for (int64_t i = 0; i < kept; i++) {
            tab->ent[i] = rr[i].ent;
            tab->first[rr[i].ent + 1]++;
        }
        for (int64_t e = 0; e < good; e++) tab->first[e + 1] += tab->first[e];
    }
    r = 0;
    goto done;
stop:
    *errmsg = xf_badrows_strict_message(bad, path);
    goto done;
oom:
    *errmsg = xf_strf("%s: out of memory", path);
done:
    xf_part_map_free(&map);
    for (int t = 0; t < ns && recs; t++) free(recs[t]);
    free(data), free(recs), free(nrec);
    if (r) xf_part_free(db);
    else *out = db;
    return r;
}

/* ----------------------------------------------------------------- window */

xf_db *xf_part_window(const xf_db *db, int64_t e0, int64_t e1) {
    xf_db *w = calloc(1, sizeof *w);
    if (!w || !(w->tab = calloc((size_t)db->ntables, sizeof *w->tab))) {
        free(w);
        return NULL;
    }
    w->nent = e1 - e0;
    w->ntables = db->ntables;
    w->cal = db->cal;
    w->texts = db->texts;
    for (int t = 0; t < db->ntables; t++) {
        const xf_table *s = &db->tab[t];
        xf_table *d = &w->tab[t];
        int64_t r0 = s->first[e0], r1 = s->first[e1];
        d->nrows = r1 - r0;
        d->ncols = s->ncols;
        d->val = malloc(((size_t)s->ncols + 1) * sizeof *d->val);
        d->has = malloc(((size_t)s->ncols + 1) * sizeof *d->has);
        d->ent = malloc((size_t)(d->nrows ? d->nrows : 1) * sizeof *d->ent);
        d->first = malloc((size_t)(w->nent + 1) * sizeof *d->first);
        if (!d->val || !d->has || !d->ent || !d->first) {
            xf_part_window_free(w);
            return NULL;
        }
        for (int c = 0; c < s->ncols; c++) d->val[c] = s->val[c] + r0, d->has[c] = s->has[c] + r0;
        d->row_id = s->row_id + r0;
        for (int64_t i = 0; i < d->nrows; i++) d->ent[i] = s->ent[r0 + i] - e0;
        for (int64_t e = 0; e <= w->nent; e++) d->first[e] = s->first[e0 + e] - r0;
    }
    return w;
}

void xf_part_window_free(xf_db *w) {
    if (!w) return;
    for (int t = 0; w->tab && t < w->ntables; t++) {
        free(w->tab[t].val), free(w->tab[t].has), free(w->tab[t].ent), free(w->tab[t].first);
    }
    free(w->tab);
    free(w);
}
