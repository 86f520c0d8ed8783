/* file_out.c — whole files written safely (file_out.h). */
#include "file_out.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "strf.h"

int xf_file_open(xf_file_out *o, const char *path, char **errmsg) {
    memset(o, 0, sizeof *o);
    size_t n = strlen(path) + 16;
    o->path = malloc(n);
    o->tmp = malloc(n);
    if (!o->path || !o->tmp) {
        if (errmsg) *errmsg = xf_strf("cannot write %s: out of memory", path);
        free(o->path), free(o->tmp);
        return -1;
    }
    snprintf(o->path, n, "%s", path);
    snprintf(o->tmp, n, "%s.XXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0 || !(o->f = fdopen(fd, "wb"))) {
        int e = errno;
        if (fd >= 0) close(fd), unlink(o->tmp);
        if (errmsg) *errmsg = xf_strf("cannot write %s: %s", path, strerror(e));
        free(o->path), free(o->tmp);
        errno = e;
        return -1;
    }
    /* mkstemp makes the file private; a report is as readable as any file the user makes */
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    return 0;
}

void xf_file_put(xf_file_out *o, const char *s, size_t n) {
    if (!o->err && n && fwrite(s, 1, n, o->f) != n) o->err = errno ? errno : EIO;
}

int xf_file_close(xf_file_out *o, int keep, char **errmsg) {
    if (keep && !o->err && (fflush(o->f) != 0 || fsync(fileno(o->f)) != 0)) o->err = errno ? errno : EIO;
    if (fclose(o->f) != 0 && !o->err) o->err = errno ? errno : EIO;
    if (keep && !o->err && o->no_replace) {
        /* link: atomic, and never over an existing file */
        if (link(o->tmp, o->path) != 0) o->err = errno ? errno : EIO;
        else unlink(o->tmp);
    } else if (keep && !o->err && rename(o->tmp, o->path) != 0) o->err = errno ? errno : EIO;
    int rc = 0;
    if (!keep || o->err) {
        if (keep && errmsg)
            *errmsg = o->no_replace && o->err == EEXIST
                          ? xf_strf("cannot write %s: it exists already; not overwritten", o->path)
                          : xf_strf("cannot write %s: %s", o->path, strerror(o->err));
        unlink(o->tmp);
        rc = keep ? -1 : 0;
    }
    int e = o->err;
    free(o->path), free(o->tmp);
    memset(o, 0, sizeof *o);
    if (rc) errno = e;
    return rc;
}

int xf_file_write(const char *path, const char *data, size_t len, char **errmsg) {
    xf_file_out o;
    if (xf_file_open(&o, path, errmsg) != 0) return -1;
    xf_file_put(&o, data, len);
    return xf_file_close(&o, 1, errmsg);
}

int xf_file_write_new(const char *path, const char *data, size_t len, mode_t mode, char **errmsg) {
    xf_file_out o;
    if (xf_file_open(&o, path, errmsg) != 0) return -1;
    o.no_replace = 1;
    if (fchmod(fileno(o.f), mode) != 0) o.err = errno;
    xf_file_put(&o, data, len);
    return xf_file_close(&o, 1, errmsg);
}

int xf_same_file(const char *a, const char *b) {
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int xf_open_regular(const char *path, const char **why) {
    /* O_NONBLOCK: opening a FIFO without a writer must not wait for one */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd < 0) {
        *why = strerror(errno);
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        *why = S_ISDIR(st.st_mode) ? "is a folder" : "is not a regular file (a FIFO, device or socket)";
        close(fd);
        return -1;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}
