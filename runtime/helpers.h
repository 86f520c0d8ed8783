/* helpers.h — the C functions that compiled policy code and the reference
 * interpreter both call for anything beyond plain integer arithmetic.
 * One signature for all: context, the decision's error word, four operands.
 * The arithmetic a policy writes goes through add, sub and mul too: a
 * money amount or count that leaves the 64-bit range is an error of the
 * decision, never a value that wrapped around.
 * A helper that cannot produce a value sets *err (an xf_rt_error) and
 * returns 0; the decision then records the error instead of guessing. */
#ifndef XF_HELPERS_H
#define XF_HELPERS_H

#include <stdint.h>
#include "xf_abi.h"

typedef int64_t (*xf_helper_fn)(const xf_ctx *ctx, int64_t *err,
                                int64_t a, int64_t b, int64_t c, int64_t d);

/* X(name, operands): name is the helper xf_h_<name>. ORDER: xf_helper_id */
#define XF_HELPERS(X)                                                           \
    X(period_last,  "date, duration -> last day of the period")                 \
    X(period_met,   "date, duration -> first day the period is met")           \
    X(period_back,  "date, duration -> the day that far before")               \
    X(next_workday, "date -> that day, or the next working day")               \
    X(param_value,  "param id, region text id, date -> value")                 \
    X(param_has,    "param id, region text id, date -> 1 if a value applies")  \
    X(param_row,    "param id, region text id, date -> row applied, -1 default, -2 none") \
    X(text_prefix,  "text id, prefix text id -> 1 if text starts with prefix") \
    X(add,          "a + b; out of range: error")                              \
    X(sub,          "a - b; out of range: error")                              \
    X(mul,          "a * b; out of range: error")

typedef enum {
#define X(name, doc) XF_H_##name,
    XF_HELPERS(X)
#undef X
    XF_H__COUNT
} xf_helper_id;

#define X(name, doc) int64_t xf_h_##name(const xf_ctx *ctx, int64_t *err, \
                                         int64_t a, int64_t b, int64_t c, int64_t d);
XF_HELPERS(X)
#undef X

extern const xf_helper_fn xf_helper_table[XF_H__COUNT];
extern const char *const  xf_helper_symbol[XF_H__COUNT];  /* "xf_h_period_last", ... */

#endif
