/* syncer.h — a file made durable as it is written, on a thread of its own.
 *
 * A run writes its output for a while and commits once; COMMIT's fdatasync
 * then waited for every page written since the start: 60 to 75 ms for the
 * 38 MB of a million decisions, seconds at the national scale, with both
 * cores idle.  Kicked every few megabytes, the syncer calls fdatasync on its
 * own descriptor of the file while the run goes on, so the commit's wait
 * covers the last few megabytes only.  Syncing early never makes a file
 * wrong: SQLite writes to the database only what its journal already
 * allows, and the journal is SQLite's to sync. */
#ifndef XF_SYNCER_H
#define XF_SYNCER_H

typedef struct xf_syncer xf_syncer;

/* A syncer for the file at path, its thread started on the first kick; NULL
 * when the file cannot be opened or memory is short (nothing is synced
 * early: the caller goes on without). */
xf_syncer *xf_syncer_open(const char *path);

/* Sync the file soon.  Never waits: a kick during a sync asks for one more
 * after it. */
void xf_syncer_kick(xf_syncer *s);

/* Wait for the sync under way, stop the thread, close the file. */
void xf_syncer_close(xf_syncer *s);

#endif
