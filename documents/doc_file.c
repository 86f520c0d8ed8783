/* doc_file.c — folders and whole files for documents (doc_file.h). */
#include "doc_file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void msg(char **errmsg, const char *fmt, ...) {
    if (!errmsg) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    free(*errmsg);
    *errmsg = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!*errmsg) return;
    va_start(ap, fmt);
    vsnprintf(*errmsg, (size_t)n + 1, fmt, ap);
    va_end(ap);
}

static int make_one(const char *path, char **errmsg) {
    struct stat st;
    if (mkdir(path, 0777) == 0) return 0;
    int err = errno;
    if (err == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode)) return 0;
    msg(errmsg, "cannot create the folder %s: %s", path, strerror(err == EEXIST ? ENOTDIR : err));
    return -1;
}

int xf_doc_mkdirs(const char *path, char **errmsg) {
    size_t n = strlen(path);
    char *p = malloc(n + 1);
    if (!p) {
        msg(errmsg, "cannot create the folder %s: out of memory", path);
        return -1;
    }
    memcpy(p, path, n + 1);
    int rc = 0;
    for (size_t i = 1; i < n && rc == 0; i++)
        if (p[i] == '/' && p[i - 1] != '/') {
            p[i] = 0;
            rc = make_one(p, errmsg);
            p[i] = '/';
        }
    if (rc == 0) rc = make_one(p, errmsg);
    free(p);
    return rc;
}

