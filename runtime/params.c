/* params.c — choose the parameter row for a region and a day (params.h). */
#include "params.h"

#include <string.h>

/* Length of prefix when it is a prefix of region, else -1. */
static long xf_param_prefix_len(const char *prefix, const char *region) {
    size_t n = strlen(prefix);
    return strncmp(prefix, region, n) == 0 ? (long)n : -1;
}

int xf_param_pick(const xf_param *p, const char *region, int64_t day) {
    if (!p) return -2;
    if (!region) region = "";
    int best = -1;
    long best_len = -1;
    for (int32_t i = 0; i < p->nrows; i++) {
        const xf_param_row *r = &p->rows[i];
        if (day < r->from || day > r->until) continue;
        long len = xf_param_prefix_len(r->region ? r->region : "", region);
        /* Strictly longer wins: the checker rules out ties, and should one
         * slip through the first row declared keeps its place. */
        if (len > best_len) {
            best = (int)i;
            best_len = len;
        }
    }
    if (best >= 0) return best;
    return p->has_default ? -1 : -2;
}
