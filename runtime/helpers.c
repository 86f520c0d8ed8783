/* helpers.c — the C side of everything policy code cannot do with integer
 * arithmetic.  The interpreter calls these through xf_helper_table; JIT code
 * calls the same functions by symbol, so both engines share one semantics. */
#include "helpers.h"

#include <string.h>

#include "dates.h"
#include "params.h"
#include "texts.h"

const xf_helper_fn xf_helper_table[XF_H__COUNT] = {
#define X(name, doc) xf_h_##name,
    XF_HELPERS(X)
#undef X
};

const char *const xf_helper_symbol[XF_H__COUNT] = {
#define X(name, doc) "xf_h_" #name,
    XF_HELPERS(X)
#undef X
};

/* A NULL calendar means the plain weekday rule (dates.h). */
static const xf_calendar *xf_h_calendar(const xf_ctx *ctx) {
    return ctx->db ? ctx->db->cal : NULL;
}

/* Text of an id; a negative id or a missing table reads as the empty text,
 * which only the "" (everywhere) prefix matches. */
static const char *xf_h_text(const xf_ctx *ctx, int64_t id, size_t *len) {
    const char *s = NULL;
    if (id >= 0 && ctx->db && ctx->db->texts) s = xf_texts_str(ctx->db->texts, id);
    if (!s) { *len = 0; return ""; }
    *len = xf_texts_len(ctx->db->texts, id);
    return s;
}

static int64_t xf_h_bad_date(int64_t *err) {
    *err = XF_RT_BAD_DATE;
    return 0;
}

int64_t xf_h_period_last(const xf_ctx *ctx, int64_t *err,
                         int64_t a, int64_t b, int64_t c, int64_t d) {
    (void)c; (void)d;
    int64_t day;
    if (xf_period_last(xf_h_calendar(ctx), a, b, &day) != 0) return xf_h_bad_date(err);
    return day;
}

int64_t xf_h_period_met(const xf_ctx *ctx, int64_t *err,
                        int64_t a, int64_t b, int64_t c, int64_t d) {
    (void)c; (void)d;
    int64_t day;
    if (xf_period_met(xf_h_calendar(ctx), a, b, &day) != 0) return xf_h_bad_date(err);
    return day;
}

int64_t xf_h_period_back(const xf_ctx *ctx, int64_t *err,
                         int64_t a, int64_t b, int64_t c, int64_t d) {
    (void)c; (void)d;
    int64_t day;
    if (xf_period_back(xf_h_calendar(ctx), a, b, &day) != 0) return xf_h_bad_date(err);
    return day;
}

/* xf_next_workday_on_or_after has no failure channel, so the range is
 * checked here: a day outside it, or a result pushed past its end, is an
 * error rather than a silently wrong date. */
int64_t xf_h_next_workday(const xf_ctx *ctx, int64_t *err,
                          int64_t a, int64_t b, int64_t c, int64_t d) {
    (void)b; (void)c; (void)d;
    if (a < XF_DAY_MIN || a > XF_DAY_MAX) return xf_h_bad_date(err);
    int64_t day = xf_next_workday_on_or_after(xf_h_calendar(ctx), a);
    if (day < XF_DAY_MIN || day > XF_DAY_MAX) return xf_h_bad_date(err);
    return day;
}

/* Parameter `id` for region text `region` on `day`: 1 a row or the default
 * applies with a value (*value), 0 one applies and says "none", -1 nothing
 * applies. */
static int xf_h_param_lookup(const xf_ctx *ctx, int64_t id, int64_t region, int64_t day,
                             int64_t *value) {
    const xf_params *ps = ctx->params;
    if (!ps || id < 0 || id >= ps->n) return -1;
    const xf_param *p = &ps->p[id];
    size_t len;
    int pick = xf_param_pick(p, xf_h_text(ctx, region, &len), day);
    if (pick >= 0) {
        *value = p->rows[pick].value;
        return p->rows[pick].has;
    }
    if (pick == -1 && p->has_default) {
        *value = p->default_value;
        return p->default_has;
    }
    return -1;
}

int64_t xf_h_param_value(const xf_ctx *ctx, int64_t *err,
                         int64_t a, int64_t b, int64_t c, int64_t d) {
    (void)d;
    int64_t value = 0;
    if (xf_h_param_lookup(ctx, a, b, c, &value) < 0) {
        *err = XF_RT_NO_PARAM;
        return 0;
    }
    return value;
}

int64_t xf_h_param_has(const xf_ctx *ctx, int64_t *err,
                       int64_t a, int64_t b, int64_t c, int64_t d) {
    (void)err; (void)d;
    int64_t value;
    return xf_h_param_lookup(ctx, a, b, c, &value) > 0;
}

int64_t xf_h_param_row(const xf_ctx *ctx, int64_t *err,
                       int64_t a, int64_t b, int64_t c, int64_t d) {
    (void)err; (void)d;
    const xf_params *ps = ctx->params;
    if (!ps || a < 0 || a >= ps->n) return -2;
    size_t len;
    int pick = xf_param_pick(&ps->p[a], xf_h_text(ctx, b, &len), c);
    return pick == -1 && !ps->p[a].has_default ? -2 : pick;
}

int64_t xf_h_text_prefix(const xf_ctx *ctx, int64_t *err,
                         int64_t a, int64_t b, int64_t c, int64_t d) {
    (void)err; (void)c; (void)d;
    size_t n, np;
    const char *s = xf_h_text(ctx, a, &n);
    const char *prefix = xf_h_text(ctx, b, &np);
    return np <= n && memcmp(s, prefix, np) == 0;
}

static int64_t xf_h_overflow(int64_t *err) {
    *err = XF_RT_OVERFLOW;
    return 0;
}

int64_t xf_h_add(const xf_ctx *ctx, int64_t *err, int64_t a, int64_t b, int64_t c, int64_t d) {
    (void)ctx, (void)c, (void)d;
    int64_t r;
    return __builtin_add_overflow(a, b, &r) ? xf_h_overflow(err) : r;
}

int64_t xf_h_sub(const xf_ctx *ctx, int64_t *err, int64_t a, int64_t b, int64_t c, int64_t d) {
    (void)ctx, (void)c, (void)d;
    int64_t r;
    return __builtin_sub_overflow(a, b, &r) ? xf_h_overflow(err) : r;
}

int64_t xf_h_mul(const xf_ctx *ctx, int64_t *err, int64_t a, int64_t b, int64_t c, int64_t d) {
    (void)ctx, (void)c, (void)d;
    int64_t r;
    return __builtin_mul_overflow(a, b, &r) ? xf_h_overflow(err) : r;
}
