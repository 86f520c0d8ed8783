/* spill.h — the rows of one table for one partition, on their way from the
 * readers to the partition that decides them: appended in blocks by any
 * reader thread, read back whole once the scan is over (or a piece at a
 * time, by those that hold several partitions: scan.h).
 *
 * A stream lives in memory while the run has a single partition, and in an
 * unlinked temporary file otherwise, so that the rows of the partitions not
 * being decided stay on disk (in the page cache), not in the process. */
#ifndef XF_SPILL_H
#define XF_SPILL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct xf_spill {
    pthread_mutex_t lock;
    FILE           *f;      /* NULL: in memory */
    uint8_t        *mem;
    size_t          n, cap;  /* bytes appended */
    int             failed;  /* a write failed: errno kept in err */
    int             err;
} xf_spill;

/* in_memory: keep the bytes in memory; otherwise a temporary file in dir
 * (TMPDIR or /tmp when NULL).  0, or -1 with errno set. */
int  xf_spill_init(xf_spill *s, int in_memory, const char *dir);
/* Append n bytes as one piece (pieces of different threads never mix). */
int  xf_spill_append(xf_spill *s, const void *p, size_t n);
/* Everything appended, malloc'd (caller frees); *n its length.  NULL with
 * errno on failure; NULL with *n = 0 when empty. */
uint8_t *xf_spill_take(xf_spill *s, size_t *n);
/* Up to n bytes from offset off of everything appended, once appending is
 * over; any thread, any number at once.  The bytes read, or -1 with errno. */
int64_t xf_spill_read_at(xf_spill *s, void *buf, size_t n, size_t off);
/* Let the bytes go (the file is closed) once every reader is done. */
void xf_spill_drop(xf_spill *s);
void xf_spill_free(xf_spill *s);

#endif
