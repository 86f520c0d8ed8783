/* trace_codec.c — varint encoding of decision traces (trace_codec.h). */
#include "trace_codec.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dates.h"
#include "tables.h"
#include "values.h"

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

static uint64_t zigzag(int64_t v) { return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63); }
static int64_t unzigzag(uint64_t u) { return (int64_t)(u >> 1) ^ -(int64_t)(u & 1); }

/* Bytes of v as a varint, v > 0. */
static size_t varint_len(uint64_t v) { return (size_t)(64 - __builtin_clzll(v) + 6) / 7; }

/* Values at least this far from 0 (dates, money, row ids) become the base
 * of the next value: the dates of one decision lie close together. */
#define XF_TRACE_BIG 256

size_t xf_trace_encode(const int64_t *val, const uint8_t *state, int n, uint8_t *buf) {
    size_t o = 0;
    buf[o++] = XF_TRACE_VERSION;
    int last = n - 1;
    while (last >= 0 && !state[last]) last--;
    /* the states, run-length coded */
    for (int s = 0; s <= last;) {
        int r = 1;
        while (s + r <= last && r < 64 && state[s + r] == state[s]) r++;
        buf[o++] = (uint8_t)(state[s] << 6 | (r - 1));
        s += r;
    }
    if (last < n - 1) buf[o++] = XF_TRACE_END;
    /* the values, each as itself or as the difference from the base */
    int64_t base = 0;
    for (int s = 0; s <= last; s++) {
        if (state[s] != 2) continue;
        uint64_t z = zigzag(val[s]), zd = zigzag((int64_t)((uint64_t)val[s] - (uint64_t)base));
        if (z >> 62 && zd >> 62) {  /* too wide to carry the flag: a marker, then the value */
            o += put_varint(buf + o, (uint64_t)1 << 63);
            o += put_varint(buf + o, z);
        } else if (z >> 62) {
            o += put_varint(buf + o, zd << 1 | 1);
        } else if (z < 64 || base == 0 || zd >> 62) {  /* one byte, or no base: the value itself */
            o += put_varint(buf + o, z << 1);
        } else {  /* the shorter, the value itself when as short */
            uint64_t a = zd << 1 | 1, b = z << 1;
            o += put_varint(buf + o, varint_len(a) < varint_len(b) ? a : b);
        }
        if (val[s] >= XF_TRACE_BIG || val[s] <= -XF_TRACE_BIG) base = val[s];
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

/* Version 1: a gap, a state and a value per evaluated slot. */
static int xf_trace_decode_v1(const uint8_t *buf, size_t len, int n, int64_t *val, uint8_t *state) {
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
        val[slot] = unzigzag(v);
    }
    return 0;
}

static int xf_trace_decode_v2(const uint8_t *buf, size_t len, int n, int64_t *val, uint8_t *state) {
    size_t at = 1;
    int s = 0, ended = 0;
    while (s < n && at < len && !ended) {
        uint8_t b = buf[at++];
        if (b == XF_TRACE_END) {
            ended = 1;
            break;
        }
        int st = b >> 6, r = (b & 63) + 1;
        if (st > 2 || s + r > n) return -1;
        memset(state + s, st, (size_t)r);
        s += r;
    }
    if (s < n && !ended) return -1;  /* cut short */
    int64_t base = 0;
    for (int k = 0; k < s; k++) {
        if (state[k] != 2) continue;
        uint64_t u;
        if (get_varint(buf, len, &at, &u) != 0) return -1;
        if (u == (uint64_t)1 << 63) {  /* the marker of a value written whole */
            if (get_varint(buf, len, &at, &u) != 0) return -1;
            val[k] = unzigzag(u);
        } else {
            int64_t v = unzigzag(u >> 1);
            val[k] = u & 1 ? (int64_t)((uint64_t)v + (uint64_t)base) : v;
        }
        if (val[k] >= XF_TRACE_BIG || val[k] <= -XF_TRACE_BIG) base = val[k];
    }
    return at == len ? 0 : -1;
}

int xf_trace_decode(const uint8_t *buf, size_t len, int n, int64_t *val, uint8_t *state) {
    memset(val, 0, sizeof *val * (size_t)n);
    memset(state, 0, (size_t)n);
    if (len < 1) return -1;
    if (buf[0] == 1) return xf_trace_decode_v1(buf, len, n, val, state);
    if (buf[0] == 2) return xf_trace_decode_v2(buf, len, n, val, state);
    return -1;
}
