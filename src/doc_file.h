/* doc_file.h — files of documents: folders made as needed, files written
 * whole.  Errors name the file and the system's reason. */
#ifndef XF_DOC_FILE_H
#define XF_DOC_FILE_H

#include <stddef.h>

/* Make the folder and its parents (like mkdir -p).  0, or -1 and *errmsg. */
int xf_doc_mkdirs(const char *path, char **errmsg);

/* Write data to path through a temporary file renamed into place, so a
 * reader never sees half a document.  0, or -1 and *errmsg (malloc'd). */
int xf_doc_write_file(const char *path, const char *data, size_t len, char **errmsg);

#endif
