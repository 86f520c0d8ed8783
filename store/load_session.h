/* load_session.h — the loader's core, shared by load.c (a whole records file)
 * and load_entity.c (one entity at a time from an open connection).  Not for
 * other callers: they want load.h or load_entity.h.
 *
 * A session checks the tables and columns of the specs once, builds the
 * label maps and prepares one SELECT per table; each read then runs those
 * statements (filtered to one entity's uscc when the session reads by
 * entity) and converts every value as load.h describes.  Messages name the
 * database as `name`.  The connection stays the caller's; the session must
 * be closed before it. */
#ifndef XF_LOAD_SESSION_H
#define XF_LOAD_SESSION_H

#include <sqlite3.h>
#include <stddef.h>

#include "dates.h"
#include "load.h"

typedef struct xf_load_session xf_load_session;

/* NULL with *errmsg when a table or column is missing or a spec is bad. */
xf_load_session *xf_load_session_open(sqlite3 *sq, const char *name, const xf_tablespec *specs, int nspecs,
                                      int by_entity, char **errmsg);
/* The tables (uscc: the entity, when reading by entity); db->cal stays
 * NULL.  0, or 1 with *errmsg.  stats is added to, not reset. */
int  xf_load_session_read(xf_load_session *ss, const char *uscc, size_t uscc_len, const xf_load_opts *opts,
                          xf_db **out, xf_load_stats *stats, char **errmsg);
/* The working-day calendar of the database (weekday rule alone when it has
 * no workday_calendar).  0, or 1 with *errmsg. */
int  xf_load_session_calendar(xf_load_session *ss, const xf_load_opts *opts, xf_calendar **cal,
                              xf_load_stats *stats, char **errmsg);
void xf_load_session_close(xf_load_session *ss);

/* Whether the database lacks spec t (c < 0) or its bound column c, which a
 * later records version added (versions.h): the session reads an empty
 * table or NULL in its place. */
int   xf_load_session_absent(const xf_load_session *ss, int t, int c);
int   xf_load_session_absent_any(const xf_load_session *ss);
/* The one line that says what is absent (versions.h), malloc'd; NULL when
 * nothing is. */
char *xf_load_session_note(const xf_load_session *ss, int en);

#endif
