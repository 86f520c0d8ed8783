/* trace_codec.c — varint encoding of decision traces (trace_codec.h). */
#include "trace_codec.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dates.h"
#include "load.h"

static size_t put_varint(uint8_t *p, uint64_t v) {
    size_t n = 0;
    while (v >= 0x80) p[n++] = (uint8_t)(v | 0x80), v >>= 7;
    p[n++] = (uint8_t)v;
    return n;
}

static int get_varint(const uint8_t *buf, size_t len, size_t *at, uint64_t *v) {
    uint64_t x = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (*at >= len) return -1;
        uint8_t b = buf[(*at)++];
        x |= (uint64_t)(b & 0x7F) << shift;
        if (!(b & 0x80)) {
            *v = x;
            return 0;
        }
    }
    return -1;
}

size_t xf_trace_encode(const int64_t *val, const uint8_t *state, int n, uint8_t *buf) {
    size_t o = 0;
    buf[o++] = XF_TRACE_VERSION;
    int prev = -1;
    for (int s = 0; s < n; s++) {
        if (!state[s]) continue;
        o += put_varint(buf + o, (uint64_t)(s - prev - 1));
        buf[o++] = state[s];
        if (state[s] == 2) {
            uint64_t u = (uint64_t)val[s];
            o += put_varint(buf + o, (u << 1) ^ (uint64_t)(val[s] >> 63));  /* zigzag */
        }
        prev = s;
    }
    return o;
}

/* The i-th label of a comma-separated list, into buf. */
static const char *nth_label(const char *labels, int64_t i, char *buf, size_t cap) {
    const char *p = labels ? labels : "";
    for (int64_t k = 0; k < i && p; k++) {
        p = strchr(p, ',');
        if (p) p++;
    }
    if (!p || i < 0) {
        snprintf(buf, cap, "#%" PRId64, i);
        return buf;
    }
    size_t n = strcspn(p, ",");
    if (n >= cap) n = cap - 1;
    memcpy(buf, p, n);
    buf[n] = 0;
    return buf;
}

const char *xf_trace_value_text(const char *value_kind, const char *labels, int64_t v,
                                const char *(*text_of)(void *ud, int64_t id), void *ud,
                                char *buf, size_t cap) {
    const char *k = value_kind ? value_kind : "int";
    if (!strcmp(k, "bool")) {
        snprintf(buf, cap, "%s", v ? "true" : "false");
    } else if (!strcmp(k, "money")) {
        char m[32];
        xf_money_format(v, m);
        snprintf(buf, cap, "%s元", m);
    } else if (!strcmp(k, "date")) {
        char d[11];
        xf_date_format(v, d);
        snprintf(buf, cap, "%s", d);
    } else if (!strcmp(k, "text")) {
        const char *t = text_of ? text_of(ud, v) : NULL;
        if (t) snprintf(buf, cap, "%s", t);
        else snprintf(buf, cap, "#%" PRId64, v);
    } else if (!strcmp(k, "enum")) {
        nth_label(labels, v, buf, cap);
    } else if (!strcmp(k, "set")) {
        size_t o = 0;
        buf[0] = 0;
        for (int i = 0; i < 64; i++) {
            if (!((uint64_t)v >> i & 1)) continue;
            char one[128];
            nth_label(labels, i, one, sizeof one);
            int w = snprintf(buf + o, cap - o, "%s%s", o ? "," : "", one);
            if (w < 0 || (size_t)w >= cap - o) break;
            o += (size_t)w;
        }
    } else if (!strcmp(k, "duration")) {
        int64_t n = xf_dur_amount(v);
        int unit = xf_dur_unit(v);
        if (unit == XF_DUR_MONTHS && n % 12 == 0) snprintf(buf, cap, "%" PRId64 "年", n / 12);
        else if (unit == XF_DUR_MONTHS) snprintf(buf, cap, "%" PRId64 "个月", n);
        else if (unit == XF_DUR_WORKDAYS) snprintf(buf, cap, "%" PRId64 "个工作日", n);
        else snprintf(buf, cap, "%" PRId64 "日", n);
    } else {
        snprintf(buf, cap, "%" PRId64, v);
    }
    return buf;
}

int xf_trace_decode(const uint8_t *buf, size_t len, int n, int64_t *val, uint8_t *state) {
    memset(val, 0, sizeof *val * (size_t)n);
    memset(state, 0, (size_t)n);
    if (len < 1 || buf[0] != XF_TRACE_VERSION) return -1;
    size_t at = 1;
    int64_t slot = -1;
    while (at < len) {
        uint64_t gap, v = 0;
        if (get_varint(buf, len, &at, &gap) != 0 || gap >= (uint64_t)n) return -1;
        slot += (int64_t)gap + 1;
        if (slot >= n || at >= len) return -1;
        uint8_t st = buf[at++];
        if (st != 1 && st != 2) return -1;
        if (st == 2 && get_varint(buf, len, &at, &v) != 0) return -1;
        state[slot] = st;
        val[slot] = (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
    }
    return 0;
}
