/* badrows.c — bad rows collected from several threads (see badrows.h). */
#include "badrows.h"

#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "strf.h"

int xf_badrows_init(xf_badrows *b, int keep, int strict) {
    memset(b, 0, sizeof *b);
    b->keep = keep > 0 ? keep : 1;
    b->strict = strict;
    b->e = calloc((size_t)b->keep, sizeof *b->e);
    if (!b->e || pthread_mutex_init(&b->lock, NULL) != 0) return -1;
    return 0;
}

static char *xf_badrows_dup(const char *s) {
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

static void xf_badrows_entry_free(xf_badrow_entry *e) {
    free(e->table), free(e->column), free(e->value);
    memset(e, 0, sizeof *e);
}

static int xf_badrows_before(int t, int64_t row, const xf_badrow_entry *e) {
    return t < e->t || (t == e->t && row < e->row_id);
}

int xf_badrows_add(xf_badrows *b, int t, const char *table, int64_t row_id, const char *column,
                   const char *value, int reason) {
    pthread_mutex_lock(&b->lock);
    b->count++;
    if (t >= 0 && t < 16) b->by_table[t]++;
    /* insert in order, dropping the last when full */
    int at = b->n;
    while (at > 0 && xf_badrows_before(t, row_id, &b->e[at - 1])) at--;
    if (at < b->keep) {
        if (b->n == b->keep) xf_badrows_entry_free(&b->e[--b->n]);
        memmove(&b->e[at + 1], &b->e[at], (size_t)(b->n - at) * sizeof *b->e);
        b->e[at] = (xf_badrow_entry){t, row_id, reason, xf_badrows_dup(table), xf_badrows_dup(column),
                                     xf_badrows_dup(value)};
        b->n++;
    }
    int stop = b->strict;
    if (stop) b->stop = 1;
    pthread_mutex_unlock(&b->lock);
    return stop;
}

void xf_badrows_tell(const xf_badrows *b, void (*report)(void *, const xf_bad_row *), void *ud) {
    if (!report) return;
    for (int i = 0; i < b->n; i++) {
        const xf_badrow_entry *e = &b->e[i];
        xf_bad_row r = {e->table, e->row_id, e->column, e->value, xf_load_reason_en[e->reason],
                        xf_load_reason_zh[e->reason]};
        report(ud, &r);
    }
}

char *xf_badrows_strict_message(const xf_badrows *b, const char *path) {
    if (!b->n) return xf_strf("%s: a bad row stopped the run", path);
    const xf_badrow_entry *e = &b->e[0];
    return xf_strf("%s: table %s row %lld%s%s value %s%s%s: %s (%s)", path, e->table, (long long)e->row_id,
                   e->column ? " column " : "", e->column ? e->column : "", e->value ? "'" : "",
                   e->value ? e->value : "NULL", e->value ? "'" : "", xf_load_reason_en[e->reason],
                   xf_load_reason_zh[e->reason]);
}

void xf_badrows_free(xf_badrows *b) {
    for (int i = 0; b->e && i < b->n; i++) xf_badrows_entry_free(&b->e[i]);
    free(b->e);
    pthread_mutex_destroy(&b->lock);
    memset(b, 0, sizeof *b);
}
