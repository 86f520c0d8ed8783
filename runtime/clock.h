/* clock.h — seconds on the monotonic clock, for phases, rates and the
 * progress line. */
#ifndef XF_CLOCK_H
#define XF_CLOCK_H

#include <time.h>

static inline double xf_now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif
