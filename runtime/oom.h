/* oom.h — memory that runs out where the caller cannot say so.
 *
 * Deep in the front end (the parser's arena, the scanner) a failed
 * allocation has no one to tell: most callers hold no message and return a
 * bare failure, or none at all.  xf_oom is called there.  The command line
 * sets a handler that says so and exits 1 (an output left half written is
 * what a crash leaves: SQLite's journal restores it); a library host (the
 * SQLite and PostgreSQL extensions) sets none, and the caller gets its
 * failure back as before. */
#ifndef XF_OOM_H
#define XF_OOM_H

#include <stddef.h>

typedef void (*xf_oom_handler)(size_t bytes);

void xf_oom_set_handler(xf_oom_handler h);
/* bytes: what was asked for, 0 when unknown.  Returns only without a handler. */
void xf_oom(size_t bytes);

#endif
