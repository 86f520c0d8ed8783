/* badrows.h — the bad rows of a run, found by several threads in any order
 * and told in one: by table (in the order of the bound specs, the calendar
 * last), then row id.  Every bad row is counted; the first `keep` in that
 * order are kept with their texts for the report. */
#ifndef XF_BADROWS_H
#define XF_BADROWS_H

#include <pthread.h>
#include <stdint.h>

#include "load.h"

typedef struct xf_badrow_entry {
    int     t;       /* spec index; the calendar is nspecs */
    int64_t row_id;
    int     reason;  /* convert.h */
    char   *table, *column, *value;
} xf_badrow_entry;

typedef struct xf_badrows {
    pthread_mutex_t  lock;
    int              strict;  /* the first bad row ends the run */
    int              stop;    /* set under strict: readers stop */
    int64_t          count;
    int64_t          by_table[16];
    int              keep, n;
    xf_badrow_entry *e;       /* sorted */
} xf_badrows;

int  xf_badrows_init(xf_badrows *b, int keep, int strict);
/* Note one bad row (strings copied).  Returns 1 when the run must stop
 * (strict), else 0. */
int  xf_badrows_add(xf_badrows *b, int t, const char *table, int64_t row_id, const char *column,
                    const char *value, int reason);
/* Tell the kept rows in order through report (load.h's callback). */
void xf_badrows_tell(const xf_badrows *b, void (*report)(void *, const xf_bad_row *), void *ud);
/* The strict-mode message for the first kept row, as the loader words it
 * (malloc'd). */
char *xf_badrows_strict_message(const xf_badrows *b, const char *path);
void xf_badrows_free(xf_badrows *b);

#endif
