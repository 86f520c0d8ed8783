/* trace.c — names of the trace point kinds. */
#include "trace.h"

const char *const xf_tp_kind_name[XF_TP__COUNT] = {
#define X(k, n) n,
    XF_TRACE_KINDS(X)
#undef X
};
