/* progress.h — one line on stderr while a long command runs: rows read,
 * decided and written, the rate, and the time left, redrawn five times a
 * second.  Only on a terminal: nothing is drawn when stderr is a file or a
 * pipe, or when the caller turns it off (--quiet). */
#ifndef XF_PROGRESS_H
#define XF_PROGRESS_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

typedef struct xf_progress {
    atomic_llong read, decided, written;  /* counted by the run as it goes */
    atomic_llong total_read;              /* rows expected, 0 while unknown */
    atomic_llong total_written;           /* decisions expected, 0 while unknown */
    const char  *unit_zh, *unit_en;       /* what `read` counts */
    const char  *verb_zh, *verb_en;       /* what is done to it: 已读 / read (the default) */
    int          read_only;               /* nothing is decided or written: show `read` alone */
    int          en;
    int          on;
    atomic_int   stop;
    double       t0;
    pthread_t    tid;
} xf_progress;

/* Start drawing when want and stderr is a terminal.  Set verb_* and
 * read_only before, or leave them zero. */
void xf_progress_start(xf_progress *p, int want, int en, const char *unit_zh, const char *unit_en);
/* Stop and clear the line. */
void xf_progress_stop(xf_progress *p);

#endif
