/* doc_file.h — files of documents: folders made as needed, files written
 * whole.  A file is written to a temporary name and renamed into place when
 * complete, so a reader never sees half a document.  Errors name the file
 * and the system's reason. */
#ifndef XF_DOC_FILE_H
#define XF_DOC_FILE_H

#include <stddef.h>
#include <stdio.h>

/* Make the folder and its parents (like mkdir -p).  0, or -1 and *errmsg. */
int xf_doc_mkdirs(const char *path, char **errmsg);

/* A file being written.  Owned by its writer: end it with xf_doc_close. */
typedef struct xf_doc_file {
    FILE *f;
    char *path, *tmp;
    int   err;   /* errno of the first failed write, or 0 */
} xf_doc_file;

int  xf_doc_open(xf_doc_file *df, const char *path, char **errmsg);  /* 0, or -1 and *errmsg */
void xf_doc_put(xf_doc_file *df, const char *s, size_t n);            /* a failure is kept for close */
/* Rename into place when every write succeeded and keep is set; otherwise
 * remove the temporary file.  0, or -1 and *errmsg (when a write failed). */
int  xf_doc_close(xf_doc_file *df, int keep, char **errmsg);

/* A whole file at once. */
int  xf_doc_write_file(const char *path, const char *data, size_t len, char **errmsg);

#endif
