/* test_trace_codec.c — stored traces decode to exactly what was encoded:
 * every state pattern, values at the edges of int64, dates near each other
 * and far apart; version 1 traces still read; damaged bytes refused. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "trace_codec.h"

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void) {
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return rng;
}

static int64_t pick(void) {
    static const int64_t edge[] = {0, 1, -1, 255, 256, -256, 20000, 20761, 19000, INT64_MAX, INT64_MIN,
                                   INT64_MAX - 1, INT64_MIN + 1, (int64_t)1 << 62, -((int64_t)1 << 62)};
    switch (next() % 4) {
    case 0: return edge[next() % (sizeof edge / sizeof edge[0])];
    case 1: return 19000 + (int64_t)(next() % 3000);  /* a date */
    case 2: return (int64_t)(next() % 3);             /* a bool or a small label */
    default: return (int64_t)next();
    }
}

static void roundtrip(const int64_t *val, const uint8_t *st, int n) {
    uint8_t buf[2 + 130 * 21];
    int64_t got[130];
    uint8_t gst[130];
    size_t len = xf_trace_encode(val, st, n, buf);
    CHECK(len <= xf_trace_bound(n));
    CHECK_EQ_INT(xf_trace_decode(buf, len, n, got, gst), 0);
    for (int i = 0; i < n; i++) {
        CHECK_EQ_INT(gst[i], st[i]);
        if (st[i] == 2) CHECK(got[i] == val[i]);
    }
    if (len > 1) CHECK(xf_trace_decode(buf, len - 1, n, got, gst) != 0 || st[n - 1] == 0);
}

int main(void) {
    int64_t val[130];
    uint8_t st[130];
    for (int round = 0; round < 20000; round++) {
        int n = 1 + (int)(next() % 130);
        int mode = (int)(next() % 3);
        for (int i = 0; i < n; i++) {
            st[i] = mode == 0 ? (uint8_t)(next() % 3) : mode == 1 ? (i < n / 2 ? 2 : 0) : 2;
            val[i] = st[i] == 2 ? pick() : 0;
        }
        roundtrip(val, st, n);
    }
    /* a run longer than 64 slots, all absent */
    memset(st, 1, sizeof st);
    roundtrip(val, st, 130);
    /* version 1: slot 0 evaluated with value 2 */
    static const uint8_t v1[] = {1, 0, 2, 4};
    int64_t got[4];
    uint8_t gst[4];
    CHECK_EQ_INT(xf_trace_decode(v1, sizeof v1, 4, got, gst), 0);
    CHECK_EQ_INT(gst[0], 2);
    CHECK(got[0] == 2);
    /* unknown version, a run past the slots */
    static const uint8_t v9[] = {9, 0}, over[] = {2, 2 << 6 | 63};
    CHECK(xf_trace_decode(v9, sizeof v9, 4, got, gst) != 0);
    CHECK(xf_trace_decode(over, sizeof over, 4, got, gst) != 0);
    return CHECK_DONE();
}
