/* values.c — one record value, as text or as an integer, into its 64-bit
 * slot (values.h): the same conversions and the same reasons for a bad
 * value whichever database the value comes from. */
#include "values.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "hash.h"
#include "texts.h"
#include "uscc.h"

/* ---------------------------------------------------------------- reasons */

const char *const xf_load_reason_en[XF_BAD__COUNT] = {
#define X(code, en, zh) en,
    XF_LOAD_REASONS(X)
#undef X
};
const char *const xf_load_reason_zh[XF_BAD__COUNT] = {
#define X(code, en, zh) zh,
    XF_LOAD_REASONS(X)
#undef X
};


/* ------------------------------------------------------------ money text */

enum { XF_MONEY_OK, XF_MONEY_MALFORMED, XF_MONEY_FINE, XF_MONEY_RANGE };

static int xf_load_is_digit(char c) { return c >= '0' && c <= '9'; }

/* Decimal yuan text of n bytes to fen, exactly: [+-]digits[.digits].  The
 * whole text is checked for shape first so that "12.3x" is malformed rather
 * than too fine or too large. */
static int xf_money_parse_n(const char *s, size_t n, int64_t *fen) {
    size_t i = 0;
    int neg = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    if (i == n || !xf_load_is_digit(s[i])) return XF_MONEY_MALFORMED;
    /* Magnitude limit: -2^63 fen is representable, +2^63 is not. */
    const uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t yuan = 0;
    int big = 0, fine = 0, cents = 0, nfrac = 0;
    for (; i < n && xf_load_is_digit(s[i]); i++) {
        if (yuan > (limit / 100 - (uint64_t)(s[i] - '0')) / 10) big = 1;
        else yuan = yuan * 10 + (uint64_t)(s[i] - '0');
    }
    if (i < n && s[i] == '.') {
        i++;
        if (i == n || !xf_load_is_digit(s[i])) return XF_MONEY_MALFORMED;
        for (; i < n && xf_load_is_digit(s[i]); i++, nfrac++) {
            if (nfrac < 2) cents = cents * 10 + (s[i] - '0');
            else if (s[i] != '0') fine = 1;  /* "12.3400" is still exact */
        }
        if (nfrac == 1) cents *= 10;  /* "123.4" is 123 yuan 40 fen */
    }
    if (i != n) return XF_MONEY_MALFORMED;
    if (fine) return XF_MONEY_FINE;
    uint64_t mag = yuan * 100 + (uint64_t)cents;
    if (big || mag > limit) return XF_MONEY_RANGE;
    /* Negate in unsigned arithmetic: -2^63 has no positive counterpart. */
    *fen = neg ? (int64_t)(0 - mag) : (int64_t)mag;
    return XF_MONEY_OK;
}

int xf_money_parse(const char *s, int64_t *fen) {
    if (!s || !fen) return -1;
    return xf_money_parse_n(s, strlen(s), fen) == XF_MONEY_OK ? 0 : -1;
}

void xf_money_format(int64_t fen, char buf[32]) {
    uint64_t mag = fen < 0 ? 0 - (uint64_t)fen : (uint64_t)fen;
    const char *sign = fen < 0 ? "-" : "";
    unsigned long long yuan = (unsigned long long)(mag / 100);
    int cents = (int)(mag % 100);
    if (cents == 0) snprintf(buf, 32, "%s%llu", sign, yuan);
    else if (cents % 10 == 0) snprintf(buf, 32, "%s%llu.%d", sign, yuan, cents / 10);
    else snprintf(buf, 32, "%s%llu.%02d", sign, yuan, cents);
}

void xf_money_decimal(int64_t fen, char buf[32]) {
    uint64_t mag = fen < 0 ? 0 - (uint64_t)fen : (uint64_t)fen;
    snprintf(buf, 32, "%s%llu.%02d", fen < 0 ? "-" : "", (unsigned long long)(mag / 100), (int)(mag % 100));
}

int64_t xf_money_from_yuan(double yuan) {
    double fen = yuan * 100.0;
    if (fen >= 9.2e18) return INT64_MAX;
    if (fen <= -9.2e18) return INT64_MIN;
    return (int64_t)(fen < 0 ? fen - 0.5 : fen + 0.5);
}


/* ------------------------------------------------------------ label maps */

uint64_t xf_load_hash(const char *s, size_t n) { return xf_hash_bytes(s, n); }


void xf_load_labels_free(xf_load_labels *m) {
    free(m->slot);
    free(m->len);
    m->slot = NULL;
    m->len = NULL;
}

int xf_load_labels_build(xf_load_labels *m, int nlabels, const char *const *labels) {
    uint32_t nslots = 8;
    while (nslots < 2u * (uint32_t)nlabels) nslots *= 2;
    m->mask = nslots - 1;
    m->label = labels;
    m->slot = calloc(nslots, sizeof *m->slot);
    m->len = calloc((size_t)nlabels + 1, sizeof *m->len);
    if (!m->slot || !m->len) return -1;
    for (int i = 0; i < nlabels; i++) {
        m->len[i] = strlen(labels[i]);
        uint32_t j = (uint32_t)xf_load_hash(labels[i], m->len[i]) & m->mask;
        int dup = 0;
        for (; m->slot[j]; j = (j + 1) & m->mask) {
            int k = m->slot[j] - 1;
            if (m->len[k] == m->len[i] && memcmp(labels[k], labels[i], m->len[i]) == 0) dup = 1;
        }
        if (!dup) m->slot[j] = i + 1;  /* a repeated label keeps its first index */
    }
    return 0;
}

int xf_load_labels_find(const xf_load_labels *m, const char *s, size_t n) {
    for (uint32_t j = (uint32_t)xf_load_hash(s, n) & m->mask; m->slot[j]; j = (j + 1) & m->mask) {
        int k = m->slot[j] - 1;
        if (m->len[k] == n && memcmp(m->label[k], s, n) == 0) return k;
    }
    return -1;
}

/* Exact decimal integer text: [+-]digits, in range. */
int xf_value_parse_int(const char *s, size_t n, int64_t *v) {
    size_t i = 0;
    int neg = 0;
    if (i < n && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    if (i == n) return -1;
    const uint64_t limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    uint64_t mag = 0;
    for (; i < n; i++) {
        if (!xf_load_is_digit(s[i])) return -1;
        uint64_t d = (uint64_t)(s[i] - '0');
        if (mag > (limit - d) / 10) return -1;
        mag = mag * 10 + d;
    }
    *v = neg ? (int64_t)(0 - mag) : (int64_t)mag;
    return 0;
}


/* ---------------------------------------------------- a value, converted */

static int money_reason(int r) {
    switch (r) {
    case XF_MONEY_OK: return XF_BAD_OK;
    case XF_MONEY_FINE: return XF_BAD_MONEY_FINE;
    case XF_MONEY_RANGE: return XF_BAD_MONEY_RANGE;
    default: return XF_BAD_MONEY_MALFORMED;
    }
}

int xf_value_date(const char *s, size_t n, int64_t *v) {
    switch (xf_date_parse(s, n, v)) {
    case XF_DATE_OK: return XF_BAD_OK;
    case XF_DATE_IMPOSSIBLE: return XF_BAD_DATE_IMPOSSIBLE;
    case XF_DATE_RANGE: return XF_BAD_DATE_RANGE;
    default: return XF_BAD_DATE_MALFORMED;
    }
}

static int bool_reason(int r, int64_t v) {
    return r == XF_BAD_INT || (r == XF_BAD_OK && v != 0 && v != 1) ? XF_BAD_BOOL : r;
}

int xf_value_int(const xf_load_col *c, int64_t i, int64_t *v) {
    switch (c->spec->kind) {
    case XF_K_INT: *v = i; return XF_BAD_OK;
    case XF_K_BOOL: *v = i; return bool_reason(XF_BAD_OK, i);
    case XF_K_MONEY:
        if (i > INT64_MAX / 100 || i < INT64_MIN / 100) return XF_BAD_MONEY_RANGE;
        *v = i * 100;
        return XF_BAD_OK;
    default: return -2;  /* not an integer kind: the caller passes text */
    }
}

/* Comma-separated labels, no spaces; repeats are harmless, an empty piece
 * ("a,,b", a trailing comma) is an unknown label. */
static int set_text(const xf_load_col *c, const char *s, size_t n, int64_t *v) {
    if (n == 0) return XF_BAD_NO_LABEL;
    uint64_t mask = 0;
    for (size_t a = 0; a <= n;) {
        const char *comma = memchr(s + a, ',', n - a);
        size_t b = comma ? (size_t)(comma - s) : n;
        int k = xf_load_labels_find(&c->labels, s + a, b - a);
        if (k < 0) return XF_BAD_LABEL;
        mask |= (uint64_t)1 << k;
        a = b + 1;
    }
    *v = (int64_t)mask;
    return XF_BAD_OK;
}

int xf_value_text(const xf_load_col *c, const char *s, size_t n, int64_t *v) {
    switch (c->spec->kind) {
    case XF_K_INT: return xf_value_parse_int(s, n, v) ? XF_BAD_INT : XF_BAD_OK;
    case XF_K_BOOL: return bool_reason(xf_value_parse_int(s, n, v) ? XF_BAD_INT : XF_BAD_OK, *v);
    case XF_K_MONEY: return money_reason(xf_money_parse_n(s, n, v));
    case XF_K_DATE: return xf_value_date(s, n, v);
    case XF_K_ENUM: {
        int k = xf_load_labels_find(&c->labels, s, n);
        if (k < 0) return XF_BAD_LABEL;
        *v = k;
        return XF_BAD_OK;
    }
    case XF_K_SET: return set_text(c, s, n, v);
    case XF_K_TEXT: return XF_BAD_OK;  /* the caller takes the text itself */
    }
    return XF_BAD_MISSING;  /* unreachable: kinds are checked before reading */
}

int xf_load_uscc_reason(int code) {
    switch (code) {
    case XF_USCC_OK: return XF_BAD_OK;
    case XF_USCC_LENGTH: return XF_BAD_USCC_LENGTH;
    case XF_USCC_CHAR: return XF_BAD_USCC_CHAR;
    default: return XF_BAD_USCC_CHECK;
    }
}

size_t xf_field_text_len(const xf_field *f, int64_t v, const xf_texts *texts, const char *s) {
    return f->kind == XF_K_TEXT ? xf_texts_len(texts, v) : strlen(s);
}

const char *xf_field_text(const xf_field *f, int64_t v, const xf_texts *texts, char *buf, size_t cap) {
    switch (f->kind) {
    case XF_K_DATE: xf_date_format(v, buf); return buf;
    case XF_K_MONEY: xf_money_format(v, buf); return buf;
    case XF_K_ENUM: return v >= 0 && v < f->nlabels ? f->labels[v] : NULL;
    case XF_K_TEXT: return xf_texts_str(texts, v);
    case XF_K_SET: {
        uint64_t bits = (uint64_t)v;
        if (f->nlabels < 64 && (bits >> f->nlabels) != 0) return NULL;
        size_t o = 0;
        buf[0] = 0;
        for (int i = 0; i < f->nlabels && i < 64; i++) {
            if (!(bits >> i & 1)) continue;
            int n = snprintf(buf + o, cap - o, "%s%s", o ? "," : "", f->labels[i]);
            if (n < 0 || (size_t)n >= cap - o) return NULL;
            o += (size_t)n;
        }
        return buf;
    }
    default: return NULL;  /* bool and int are numbers, not text */
    }
}
