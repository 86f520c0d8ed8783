/* file_out.h — files xiufu reads and writes whole.  Every file it writes whole (reports, documents): into a
 * fresh temporary file in the same folder (mkstemp: created, never an
 * existing file or a symbolic link planted there), synced, then renamed
 * over the path.  A reader sees the old file or the new one, never half of
 * one, and a failed write leaves the old one in place. */
#ifndef XF_FILE_OUT_H
#define XF_FILE_OUT_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

typedef struct xf_file_out {
    FILE *f;
    char *path, *tmp;
    int   err;       /* errno of the first failed write */
    int   no_replace; /* xf_file_close links into place and fails when path exists */
} xf_file_out;

/* 0, or -1 with *errmsg (malloc'd) and errno saying why (for a caller
 * that words the message in its own language). */
int  xf_file_open(xf_file_out *o, const char *path, char **errmsg);
void xf_file_put(xf_file_out *o, const char *s, size_t n);
/* keep: rename into place (0, or -1 with *errmsg, errno, and the old file kept);
 * otherwise the temporary file is removed. */
int  xf_file_close(xf_file_out *o, int keep, char **errmsg);
/* The whole file at once. */
int  xf_file_write(const char *path, const char *data, size_t len, char **errmsg);
/* The whole file at once, with mode, never replacing a file at path (a
 * secret key): written and synced as above, then linked into place, which
 * fails when path exists ("exists already; not overwritten"). */
int  xf_file_write_new(const char *path, const char *data, size_t len, mode_t mode, char **errmsg);

/* A file xiufu reads whole (a policy, a pack), opened for reading only if
 * it is a regular file: a FIFO or a device would block or never end.  The
 * descriptor, or -1 with *why ("is a folder", "is not a regular file ...",
 * or the system's reason). */
int  xf_open_regular(const char *path, const char **why);

/* Whether a and b name the same existing file (an output that would
 * overwrite an input). */
int  xf_same_file(const char *a, const char *b);

#endif
