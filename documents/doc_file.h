/* doc_file.h — folders for documents, made as needed (the files in them are
 * written whole: runtime/file_out.h).  Errors name the folder and the
 * system's reason. */
#ifndef XF_DOC_FILE_H
#define XF_DOC_FILE_H

#include <stddef.h>
#include <stdio.h>

/* Make the folder and its parents (like mkdir -p).  0, or -1 and *errmsg. */
int xf_doc_mkdirs(const char *path, char **errmsg);

#endif
