/* inject.c — fault injection for tests/fault/faults.test.sh, loaded with
 * LD_PRELOAD into xiufu (and only xiufu: a C compiler or linker it starts
 * inherits the library and is left alone).
 *
 * XF_FAULT=write   every call that puts bytes into a file or makes them
 *                  durable counts: write, pwrite, pwrite64, writev, fwrite,
 *                  fputs, fputc, fflush, fclose, fsync, fdatasync,
 *                  ftruncate, rename, link (on standard input, output and
 *                  error they are not counted: messages are how a failure
 *                  is seen)
 * XF_FAULT=alloc   every malloc, calloc, realloc, posix_memalign,
 *                  aligned_alloc counts
 * XF_FAULT_AT=N    the Nth counted call fails (ENOSPC for writes, NULL and
 *                  ENOMEM for allocations); every later one succeeds, as
 *                  when a disk fills for a moment.  0 or unset: nothing
 *                  fails, the calls are only counted.
 * XF_FAULT_LOG=F   at exit, the number of counted calls is written to F
 *                  (how the test knows how many faults to try).
 * XF_FAULT_TRACE=F where the failing call was made (a backtrace) is written
 *                  to F, for the message of a test that fails.
 *
 * As SQLite's own tests do with their injecting VFS and allocator, but
 * from outside the process: the binary under test is the one users run. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

enum { KIND_NONE, KIND_WRITE, KIND_ALLOC };
static int kind = KIND_NONE;
static long fail_at;
static atomic_long counted;
static int ready;  /* the constructor ran and this process is xiufu */

__attribute__((constructor)) static void fault_init(void) {
    const char *k = getenv("XF_FAULT"), *at = getenv("XF_FAULT_AT");
    if (strcmp(program_invocation_short_name, "xiufu") != 0) return;
    kind = !k ? KIND_NONE : !strcmp(k, "write") ? KIND_WRITE : !strcmp(k, "alloc") ? KIND_ALLOC : KIND_NONE;
    fail_at = at ? atol(at) : 0;
    ready = 1;
}

__attribute__((destructor)) static void fault_report(void) {
    const char *log = getenv("XF_FAULT_LOG");
    if (!ready || !log) return;
    int saved = kind;
    kind = KIND_NONE;
    char line[32];
    int n = snprintf(line, sizeof line, "%ld\n", atomic_load(&counted));
    int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
        ssize_t w = write(fd, line, (size_t)n);
        (void)w;
        close(fd);
    }
    kind = saved;
}

static void fault_trace(void) {
    const char *path = getenv("XF_FAULT_TRACE");
    if (!path) return;
    int saved = kind;
    kind = KIND_NONE;  /* the trace's own writes and allocations do not count */
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd >= 0) {
        void *frames[32];
        backtrace_symbols_fd(frames, backtrace(frames, 32), fd);
        close(fd);
    }
    kind = saved;
}

/* Whether this call of kind k is the one that fails. */
static int fault_now(int k) {
    if (!ready || kind != k) return 0;
    long n = atomic_fetch_add(&counted, 1) + 1;
    if (n != fail_at) return 0;
    fault_trace();
    return 1;
}

static int is_std_fd(int fd) { return fd >= 0 && fd <= 2; }
static int is_std_stream(FILE *f) { return f == stdin || f == stdout || f == stderr; }

#define REAL(name) static __typeof__(name) *real_##name; \
    if (!real_##name) real_##name = (__typeof__(name) *)dlsym(RTLD_NEXT, #name)

/* ---- writes ---------------------------------------------------------------- */

ssize_t write(int fd, const void *b, size_t n) {
    REAL(write);
    if (!is_std_fd(fd) && fault_now(KIND_WRITE)) return errno = ENOSPC, -1;
    return real_write(fd, b, n);
}

ssize_t pwrite(int fd, const void *b, size_t n, off_t off) {
    REAL(pwrite);
    if (!is_std_fd(fd) && fault_now(KIND_WRITE)) return errno = ENOSPC, -1;
    return real_pwrite(fd, b, n, off);
}

ssize_t pwrite64(int fd, const void *b, size_t n, off64_t off) {
    REAL(pwrite64);
    if (!is_std_fd(fd) && fault_now(KIND_WRITE)) return errno = ENOSPC, -1;
    return real_pwrite64(fd, b, n, off);
}

ssize_t writev(int fd, const struct iovec *v, int n) {
    REAL(writev);
    if (!is_std_fd(fd) && fault_now(KIND_WRITE)) return errno = ENOSPC, -1;
    return real_writev(fd, v, n);
}

size_t fwrite(const void *b, size_t size, size_t n, FILE *f) {
    REAL(fwrite);
    if (!is_std_stream(f) && n && size && fault_now(KIND_WRITE)) {
        errno = ENOSPC;
        f->_flags |= 0x20;  /* _IO_ERR_SEEN: ferror() sees it, as after a real failed write */
        return 0;
    }
    return real_fwrite(b, size, n, f);
}

int fputs(const char *s, FILE *f) {
    REAL(fputs);
    if (!is_std_stream(f) && fault_now(KIND_WRITE)) {
        errno = ENOSPC;
        f->_flags |= 0x20;
        return EOF;
    }
    return real_fputs(s, f);
}

int fputc(int c, FILE *f) {
    REAL(fputc);
    if (!is_std_stream(f) && fault_now(KIND_WRITE)) {
        errno = ENOSPC;
        f->_flags |= 0x20;
        return EOF;
    }
    return real_fputc(c, f);
}

int fflush(FILE *f) {
    REAL(fflush);
    if (f && !is_std_stream(f) && fault_now(KIND_WRITE)) {
        errno = ENOSPC;
        f->_flags |= 0x20;
        return EOF;
    }
    return real_fflush(f);
}

int fclose(FILE *f) {
    REAL(fclose);
    if (!is_std_stream(f) && fault_now(KIND_WRITE)) {
        real_fclose(f);  /* closed all the same, as fclose does when its flush fails */
        errno = ENOSPC;
        return EOF;
    }
    return real_fclose(f);
}

int fsync(int fd) {
    REAL(fsync);
    if (!is_std_fd(fd) && fault_now(KIND_WRITE)) return errno = EIO, -1;
    return real_fsync(fd);
}

int fdatasync(int fd) {
    REAL(fdatasync);
    if (!is_std_fd(fd) && fault_now(KIND_WRITE)) return errno = EIO, -1;
    return real_fdatasync(fd);
}

int ftruncate(int fd, off_t len) {
    REAL(ftruncate);
    if (fault_now(KIND_WRITE)) return errno = ENOSPC, -1;
    return real_ftruncate(fd, len);
}

int ftruncate64(int fd, off64_t len) {
    REAL(ftruncate64);
    if (fault_now(KIND_WRITE)) return errno = ENOSPC, -1;
    return real_ftruncate64(fd, len);
}

int rename(const char *a, const char *b) {
    REAL(rename);
    if (fault_now(KIND_WRITE)) return errno = ENOSPC, -1;
    return real_rename(a, b);
}

int link(const char *a, const char *b) {
    REAL(link);
    if (fault_now(KIND_WRITE)) return errno = ENOSPC, -1;
    return real_link(a, b);
}

/* ---- allocations ----------------------------------------------------------- */

void *malloc(size_t n) {
    if (fault_now(KIND_ALLOC)) return errno = ENOMEM, NULL;
    return __libc_malloc(n);
}

void *calloc(size_t a, size_t b) {
    if (fault_now(KIND_ALLOC)) return errno = ENOMEM, NULL;
    return __libc_calloc(a, b);
}

void *realloc(void *p, size_t n) {
    if (n && fault_now(KIND_ALLOC)) return errno = ENOMEM, NULL;
    return __libc_realloc(p, n);
}

int posix_memalign(void **p, size_t align, size_t n) {
    if (fault_now(KIND_ALLOC)) return ENOMEM;
    void *q = __libc_memalign(align, n);
    if (!q) return ENOMEM;
    *p = q;
    return 0;
}

void *aligned_alloc(size_t align, size_t n) {
    if (fault_now(KIND_ALLOC)) return errno = ENOMEM, NULL;
    return __libc_memalign(align, n);
}
