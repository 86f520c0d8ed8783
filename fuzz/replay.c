/* replay.c — run every saved fuzz input through both fuzz entry points.
 *
 * Usage: xf_fuzz_replay DIR|FILE...
 * Directories are read one level deep, in name order; files named README*
 * and hidden files are skipped.  Works in any build (no libFuzzer needed),
 * so the crashers kept in fuzz/regressions/ stay fixed under gcc, and under
 * -DXF_SANITIZE=ON any sanitizer report fails the test.  Exit 0 when every
 * input ran, 1 when an input could not be read, 2 on usage. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static long replay_lowered;  /* policies lowered, over all inputs */

static int replay_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    size_t cap = 4096, n = 0, got;
    unsigned char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            unsigned char *b = realloc(buf, cap * 2);
            if (!b) free(buf);
            buf = b, cap *= 2;
        }
    }
    int bad = !buf || ferror(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, "%s: cannot read\n", path);
        free(buf);
        return -1;
    }
    xf_fuzz_parse(buf, n);
    replay_lowered += xf_fuzz_check_lower(buf, n);
    free(buf);
    return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Returns the number of inputs run, or -1 after a read error. */
static long replay_path(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) return replay_file(path) == 0 ? 1 : -1;
    DIR *d = opendir(path);
    if (!d) {
        perror(path);
        return -1;
    }
    char **names = NULL;
    size_t nn = 0, cap = 0;
    long count = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (e->d_name[0] == '.' || !strncmp(e->d_name, "README", 6)) continue;
        if (nn == cap) {
            char **v = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *v);
            if (!v) { count = -1; break; }
            names = v;
        }
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        if (!(names[nn] = malloc(len))) { count = -1; break; }
        snprintf(names[nn++], len, "%s/%s", path, e->d_name);
    }
    closedir(d);
    if (names) qsort(names, nn, sizeof *names, cmp_str);
    for (size_t i = 0; i < nn; i++) {
        struct stat fs;
        if (count >= 0 && stat(names[i], &fs) == 0 && S_ISREG(fs.st_mode))
            count = replay_file(names[i]) == 0 ? count + 1 : -1;
        free(names[i]);
    }
    free(names);
    return count;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
        return 2;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        long before = replay_lowered, n = replay_path(argv[i]);
        if (n < 0) rc = 1;
        else printf("%s: %ld inputs replayed, %ld policies lowered\n", argv[i], n, replay_lowered - before);
    }
    return rc;
}
