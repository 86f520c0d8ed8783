/* peakrss.c — run a command, then report its wall time and peak resident set.
 *
 *   peakrss RESULT_FILE COMMAND [ARG...]
 *
 * The command keeps this process's stdin, stdout and stderr.  When it ends,
 * one line goes to RESULT_FILE:
 *
 *   <wall seconds> <peak RSS in KiB> <exit status>
 *
 * Peak RSS is ru_maxrss from wait4(2): the high-water mark of the child's
 * resident set (Linux reports it in KiB).  Exit status is the child's exit
 * code, or 128 + signal number when a signal ended it; peakrss exits with the
 * same value, so `set -e` callers see the command's failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: peakrss RESULT_FILE COMMAND [ARG...]\n");
        return 2;
    }
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("peakrss: fork");
        return 2;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "peakrss: %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR) {
            perror("peakrss: wait4");
            return 2;
        }
    double wall = now() - t0;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 2;
    FILE *f = fopen(argv[1], "w");
    if (!f) {
        fprintf(stderr, "peakrss: %s: %s\n", argv[1], strerror(errno));
        return 2;
    }
    fprintf(f, "%.3f %ld %d\n", wall, ru.ru_maxrss, code);
    fclose(f);
    return code;
}
