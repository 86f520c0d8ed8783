/* run_name.h — a run's name, the same in the SQLite output, JSON lines and
 * PostgreSQL: its start in UTC to the millisecond and the first 8 hex digits
 * of the policy hash, e.g. "20261101T083015.123Z-3f9a0c12".  A JSON line has
 * no run id to point at, so the name is what ties it to the run (see
 * docs/run.md). */
#ifndef XF_RUN_NAME_H
#define XF_RUN_NAME_H

#include <time.h>

enum { XF_RUN_NAME_MAX = 48 };
void xf_run_name(const struct timespec *started, const char *policy_hash, char buf[XF_RUN_NAME_MAX]);

#endif
