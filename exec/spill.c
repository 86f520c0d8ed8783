/* spill.c — partition streams (see spill.h). */
#define _GNU_SOURCE
#include "spill.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static FILE *xf_spill_tmpfile(const char *dir) {
    if (!dir) dir = getenv("TMPDIR");
    if (!dir || !*dir) dir = "/tmp";
    size_t n = strlen(dir) + 32;
    char *path = malloc(n);
    if (!path) return NULL;
    snprintf(path, n, "%s/xiufu-spill-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd >= 0) unlink(path);  /* nothing to clean up, even after a kill */
    free(path);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "w+b");
    if (!f) close(fd);
    /* the readers append whole buffers of rows: one write each, no copy */
    else setvbuf(f, NULL, _IONBF, 0);
    return f;
}

int xf_spill_init(xf_spill *s, int in_memory, const char *dir) {
    memset(s, 0, sizeof *s);
    if (pthread_mutex_init(&s->lock, NULL) != 0) return -1;
    if (in_memory) return 0;
    s->f = xf_spill_tmpfile(dir);
    return s->f ? 0 : -1;
}

int xf_spill_append(xf_spill *s, const void *p, size_t n) {
    if (!n) return 0;
    pthread_mutex_lock(&s->lock);
    int r = 0;
    if (s->failed) r = -1;
    else if (s->f) {
        if (fwrite(p, 1, n, s->f) != n) r = -1;
    } else {
        if (s->n + n > s->cap) {
            size_t cap = s->cap ? s->cap : 65536;
            while (cap < s->n + n) cap *= 2;
            uint8_t *m = realloc(s->mem, cap);
            if (!m) r = -1;
            else s->mem = m, s->cap = cap;
        }
        if (!r) memcpy(s->mem + s->n, p, n);
    }
    if (r) {
        s->failed = 1;
        s->err = errno ? errno : ENOMEM;
    } else {
        s->n += n;
    }
    pthread_mutex_unlock(&s->lock);
    return r;
}

uint8_t *xf_spill_take(xf_spill *s, size_t *n) {
    *n = 0;
    if (s->failed) {
        errno = s->err;
        return NULL;
    }
    if (!s->n) return NULL;
    if (!s->f) {
        uint8_t *m = s->mem;
        *n = s->n;
        s->mem = NULL;
        s->n = s->cap = 0;
        return m;
    }
    uint8_t *m = malloc(s->n);
    if (!m) return NULL;
    if (fflush(s->f) != 0 || fseek(s->f, 0, SEEK_SET) != 0 || fread(m, 1, s->n, s->f) != s->n) {
        if (!errno) errno = EIO;
        free(m);
        return NULL;
    }
    *n = s->n;
    /* the bytes are read: let the file go now rather than at the end */
    fclose(s->f);
    s->f = NULL;
    s->n = 0;
    return m;
}

int64_t xf_spill_read_at(xf_spill *s, void *buf, size_t n, size_t off) {
    if (s->failed) {
        errno = s->err;
        return -1;
    }
    if (off >= s->n) return 0;
    if (n > s->n - off) n = s->n - off;
    if (!s->f) {
        memcpy(buf, s->mem + off, n);
        return (int64_t)n;
    }
    size_t got = 0;
    while (got < n) {  /* pread: no shared offset, so threads may read at once */
        ssize_t r = pread(fileno(s->f), (uint8_t *)buf + got, n - got, (off_t)(off + got));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) {
            if (r == 0) errno = EIO;
            return -1;
        }
        got += (size_t)r;
    }
    return (int64_t)got;
}

void xf_spill_drop(xf_spill *s) {
    if (s->f) fclose(s->f);
    s->f = NULL;
    free(s->mem);
    s->mem = NULL;
    s->n = s->cap = 0;
}

void xf_spill_free(xf_spill *s) {
    if (s->f) fclose(s->f);
    free(s->mem);
    pthread_mutex_destroy(&s->lock);
    memset(s, 0, sizeof *s);
}
