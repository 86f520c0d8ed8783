/* record.h — one row as the scan hands it to its partition: converted, but
 * not yet grouped by entity.  Bytes, in order:
 *
 *   xf_rec_head (its table among them: the rows of every table of a
 *               partition travel in one stream)
 *   the entity's uscc (uscc_len bytes, as read)
 *   a good row: per bound column, a presence byte, then if present the
 *               slot (8 bytes) or, for text, a u32 length and the bytes;
 *   a bad row (XF_REC_BAD): the offending value as a u32 length
 *               (XF_REC_NULL for SQL NULL) and the bytes.
 *
 * A bad row still goes to its partition, so that the reasons are told in
 * the order the loader tells them: an unknown or skipped entity first, then
 * the value (load.h). */
#ifndef XF_RECORD_H
#define XF_RECORD_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { XF_REC_BAD = 1 };
enum { XF_REC_COL_KEY = 254, XF_REC_COL_NONE = 255 };  /* badcol besides 0..ncols-1 */
#define XF_REC_NULL 0xFFFFFFFFu

typedef struct xf_rec_head {
    uint32_t len;       /* of the whole record */
    uint16_t t;         /* the table (spec index) */
    uint8_t  flags;
    uint8_t  reason;    /* XF_REC_BAD: convert.h */
    uint8_t  badcol;    /* XF_REC_BAD: the column at fault */
    uint8_t  uscc_len;
    int64_t  key;       /* row id of reports */
} xf_rec_head;

static inline uint32_t xf_rec_u32(const uint8_t *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* The 8 bytes at p as a big-endian number: codes compared a word at a time. */
static inline uint64_t xf_rec_be64(const uint8_t *p) {
    uint64_t v;
    memcpy(&v, p, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

/* Byte order of two codes, the shorter first on a tie. */
static inline int xf_rec_code_cmp(const char *a, size_t an, const char *b, size_t bn) {
    int c = memcmp(a, b, an < bn ? an : bn);
    return c ? c : an < bn ? -1 : an > bn;
}

/* The first 16 bytes of a code (zeros past its end) as two big-endian
 * numbers: two codes whose keys differ are in the keys' order, and only a
 * tie needs their bytes. */
static inline void xf_rec_code_key(const char *code, size_t n, uint64_t k[2]) {
    uint8_t b[16] = {0};
    memcpy(b, code, n < 16 ? n : 16);
    k[0] = xf_rec_be64(b), k[1] = xf_rec_be64(b + 8);
}

static inline int64_t xf_rec_i64(const uint8_t *p) {
    int64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* ---- building one record: any reader of any database ---- */

/* A growable byte buffer. */
typedef struct xf_rec_buf {
    uint8_t *p;
    size_t   n, cap;
} xf_rec_buf;

/* Room for n more bytes.  0, or -1 out of memory. */
static inline int xf_rec_reserve(xf_rec_buf *b, size_t n) {
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n) cap *= 2;
        uint8_t *q = (uint8_t *)realloc(b->p, cap);
        if (!q) return -1;
        b->p = q, b->cap = cap;
    }
    return 0;
}

static inline int xf_rec_put(xf_rec_buf *b, const void *p, size_t n) {
    if (xf_rec_reserve(b, n)) return -1;
    memcpy(b->p + b->n, p, n);
    b->n += n;
    return 0;
}

/* Start b over with the head of a row of table t, key `key`, of the entity
 * whose code is code[0..n) (cut at 255 bytes: no code is that long, only
 * its reason matters then).  0, or -1 out of memory. */
static inline int xf_rec_start(xf_rec_buf *b, int t, int64_t key, const char *code, size_t n) {
    xf_rec_head h = {0};
    h.t = (uint16_t)t;
    h.key = key;
    h.uscc_len = (uint8_t)(n > 255 ? 255 : n);
    b->n = 0;
    return xf_rec_put(b, &h, sizeof h) || xf_rec_put(b, code, h.uscc_len) ? -1 : 0;
}

/* The next bound column's value: absent, a slot, or text.  The _in
 * forms write into room reserved before: XF_REC_SLOT bytes a slot,
 * XF_REC_TEXT + n a text. */
enum { XF_REC_SLOT = 9, XF_REC_TEXT = 5 };

static inline void xf_rec_slot_in(xf_rec_buf *b, uint8_t has, int64_t v) {
    b->p[b->n++] = has;
    if (has) {
        memcpy(b->p + b->n, &v, 8);
        b->n += 8;
    }
}

static inline void xf_rec_text_in(xf_rec_buf *b, const char *s, uint32_t n) {
    b->p[b->n++] = 1;
    memcpy(b->p + b->n, &n, 4);
    memcpy(b->p + b->n + 4, s, n);
    b->n += 4 + (size_t)n;
}

static inline int xf_rec_slot(xf_rec_buf *b, uint8_t has, int64_t v) {
    if (xf_rec_reserve(b, XF_REC_SLOT)) return -1;
    xf_rec_slot_in(b, has, v);
    return 0;
}

static inline int xf_rec_text(xf_rec_buf *b, const char *s, uint32_t n) {
    if (xf_rec_reserve(b, XF_REC_TEXT + (size_t)n)) return -1;
    xf_rec_text_in(b, s, n);
    return 0;
}

/* The row is bad: column col (or XF_REC_COL_NONE) for `reason`, with the
 * offending value (n = XF_REC_NULL for NULL).  Drops the values put. */
static inline int xf_rec_bad(xf_rec_buf *b, int reason, int col, const char *value, uint32_t n) {
    xf_rec_head h;
    memcpy(&h, b->p, sizeof h);
    h.flags = XF_REC_BAD, h.reason = (uint8_t)reason, h.badcol = (uint8_t)col;
    memcpy(b->p, &h, sizeof h);
    b->n = sizeof h + h.uscc_len;
    return xf_rec_put(b, &n, 4) || (n != XF_REC_NULL && xf_rec_put(b, value, n)) ? -1 : 0;
}

/* The record is whole: its length goes into its head. */
static inline void xf_rec_finish(xf_rec_buf *b) {
    uint32_t len = (uint32_t)b->n;
    memcpy(b->p, &len, 4);
}

#endif
