/* outcomes.c — names of the outcome codes. */
#include "outcomes.h"

const char *const xf_outcome_code[XF_OUT__COUNT] = {
#define X(code, zh, en) #code,
    XF_OUTCOMES(X)
#undef X
};
const char *const xf_outcome_zh[XF_OUT__COUNT] = {
#define X(code, zh, en) zh,
    XF_OUTCOMES(X)
#undef X
};
const char *const xf_outcome_en[XF_OUT__COUNT] = {
#define X(code, zh, en) en,
    XF_OUTCOMES(X)
#undef X
};
