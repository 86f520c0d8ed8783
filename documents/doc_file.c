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

int xf_doc_open(xf_doc_file *df, const char *path, char **errmsg) {
    size_t n = strlen(path) + 8;
    memset(df, 0, sizeof *df);
    df->path = malloc(n);
    df->tmp = malloc(n);
    if (!df->path || !df->tmp) {
        msg(errmsg, "cannot write %s: out of memory", path);
        free(df->path), free(df->tmp);
        return -1;
    }
    snprintf(df->path, n, "%s", path);
    snprintf(df->tmp, n, "%s.tmp~", path);
    if (!(df->f = fopen(df->tmp, "wb"))) {
        msg(errmsg, "cannot write %s: %s", df->tmp, strerror(errno));
        free(df->path), free(df->tmp);
        return -1;
    }
    return 0;
}

void xf_doc_put(xf_doc_file *df, const char *s, size_t n) {
    if (!df->err && n && fwrite(s, 1, n, df->f) != n) df->err = errno ? errno : EIO;
}

int xf_doc_close(xf_doc_file *df, int keep, char **errmsg) {
    if (fclose(df->f) != 0 && !df->err) df->err = errno ? errno : EIO;
    if (keep && !df->err && rename(df->tmp, df->path) != 0) df->err = errno ? errno : EIO;
    int rc = 0;
    if (!keep || df->err) {
        if (keep) msg(errmsg, "cannot write %s: %s", df->path, strerror(df->err));
        remove(df->tmp);
        rc = keep ? -1 : 0;
    }
    free(df->path), free(df->tmp);
    memset(df, 0, sizeof *df);
    return rc;
}

int xf_doc_write_file(const char *path, const char *data, size_t len, char **errmsg) {
    xf_doc_file df;
    if (xf_doc_open(&df, path, errmsg) != 0) return -1;
    xf_doc_put(&df, data, len);
    return xf_doc_close(&df, 1, errmsg);
}
