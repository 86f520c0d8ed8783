/* run_name.c — a run's name (run_name.h). */
#include "run_name.h"

#include <stdio.h>

void xf_run_name(const struct timespec *started, const char *policy_hash, char buf[XF_RUN_NAME_MAX]) {
    struct tm tm;
    time_t sec = started->tv_sec;
    char day[24] = "";
    /* UTC: the name is the same whatever the zone of the machine that ran */
    if (gmtime_r(&sec, &tm)) strftime(day, sizeof day, "%Y%m%dT%H%M%S", &tm);
    snprintf(buf, XF_RUN_NAME_MAX, "%s.%03dZ-%.8s", day, (int)(started->tv_nsec / 1000000),
             policy_hash ? policy_hash : "");
}
