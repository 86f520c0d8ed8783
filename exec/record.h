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

static inline int64_t xf_rec_i64(const uint8_t *p) {
    int64_t v;
    memcpy(&v, p, 8);
    return v;
}

#endif
