/* oom.c — the out-of-memory handler (oom.h). */
#include "oom.h"

#include <stdatomic.h>

static _Atomic(xf_oom_handler) xf_oom_handler_now;

void xf_oom_set_handler(xf_oom_handler h) { atomic_store(&xf_oom_handler_now, h); }

void xf_oom(size_t bytes) {
    xf_oom_handler h = atomic_load(&xf_oom_handler_now);
    if (h) h(bytes);
}
