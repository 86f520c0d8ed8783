/* replay.c — run every saved fuzz input through the entry points of one
 * target.
 *
 * Usage: xf_fuzz_replay [--target policy|explain|pack] [--mutations N] DIR|FILE...
 *   policy   (the default) fuzz_parse and fuzz_check_lower: policy sources
 *   explain  fuzz_explain: output files
 *   pack     fuzz_pack: pack files
 * With --mutations N each input is also run N times changed, the same way in
 * every build (a seeded generator): bytes flipped, overwritten with 0x00,
 * 0xff or a neighbour's value, runs of bytes copied, or the file cut short.
 * Binary inputs (a database, a shared object) are their own corpus; these
 * mutations carry them past what the seeds alone cover without libFuzzer.
 *
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

enum { TARGET_POLICY, TARGET_EXPLAIN, TARGET_PACK };
static int target = TARGET_POLICY;
static long mutations;
static long replay_deep;  /* inputs that went deep: policies lowered, explanations rendered, headers read */
static long replay_runs;  /* inputs run, mutated ones included */

static void run_one(const unsigned char *buf, size_t n) {
    replay_runs++;
    switch (target) {
    case TARGET_POLICY:
        xf_fuzz_parse(buf, n);
        replay_deep += xf_fuzz_check_lower(buf, n);
        break;
    case TARGET_EXPLAIN: replay_deep += xf_fuzz_explain(buf, n); break;
    case TARGET_PACK: replay_deep += xf_fuzz_pack(buf, n); break;
    }
}

/* xorshift64*: the same mutations in every build */
static uint64_t next_rand(uint64_t *s) {
    *s ^= *s >> 12, *s ^= *s << 25, *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1DULL;
}

static void run_mutated(const char *path, const unsigned char *buf, size_t n) {
    if (!n || !mutations) return;
    unsigned char *m = malloc(n);
    if (!m) return;
    uint64_t seed = 1469598103934665603ULL;  /* FNV-1a of the name: each file its own sequence */
    for (const char *p = path; *p; p++) seed = (seed ^ (unsigned char)*p) * 1099511628211ULL;
    for (long i = 0; i < mutations; i++) {
        memcpy(m, buf, n);
        size_t len = n;
        int changes = 1 + (int)(next_rand(&seed) % 4);
        for (int c = 0; c < changes; c++) {
            size_t at = (size_t)(next_rand(&seed) % n);
            switch (next_rand(&seed) % 6) {
            case 0: m[at] ^= (unsigned char)(1u << (next_rand(&seed) % 8)); break;
            case 1: m[at] = 0x00; break;
            case 2: m[at] = 0xff; break;
            case 3: m[at] = m[(at + 1) % n]; break;
            case 4: {  /* a run of bytes copied from elsewhere in the file */
                size_t from = (size_t)(next_rand(&seed) % n), k = 1 + (size_t)(next_rand(&seed) % 64);
                if (k > n - at) k = n - at;
                if (k > n - from) k = n - from;
                memmove(m + at, m + from, k);
                break;
            }
            default: if (c == 0) len = at; break;  /* cut short */
            }
        }
        run_one(m, len);
    }
    free(m);
}

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
    run_one(buf, n);
    run_mutated(path, buf, n);
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

static int usage(const char *argv0) {
    fprintf(stderr, "usage: %s [--target policy|explain|pack] [--mutations N] DIR|FILE...\n", argv0);
    return 2;
}

int main(int argc, char **argv) {
    static const char *const deep[] = {"policies lowered", "explanations rendered", "pack headers read"};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--target") && i + 1 < argc) {
            const char *t = argv[++i];
            if (!strcmp(t, "policy")) target = TARGET_POLICY;
            else if (!strcmp(t, "explain")) target = TARGET_EXPLAIN;
            else if (!strcmp(t, "pack")) target = TARGET_PACK;
            else return usage(argv[0]);
        } else if (!strcmp(argv[i], "--mutations") && i + 1 < argc) {
            mutations = atol(argv[++i]);
            if (mutations < 0) return usage(argv[0]);
        } else {
            return usage(argv[0]);
        }
    }
    if (i == argc) return usage(argv[0]);
    int rc = 0;
    for (; i < argc; i++) {
        long before = replay_deep, runs = replay_runs, n = replay_path(argv[i]);
        if (n < 0) rc = 1;
        else printf("%s: %ld inputs replayed (%ld runs with mutations), %ld %s\n", argv[i], n, replay_runs - runs,
                    replay_deep - before, deep[target]);
    }
    return rc;
}
