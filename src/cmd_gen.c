/* cmd_gen.c — `xiufu gen`: write a synthetic records database.
 *
 * The database is built under a temporary name next to the target and
 * renamed into place only when complete, so an interrupted run never leaves
 * a half-written RECORDS.db behind (generation runs without a journal). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "cli.h"
#include "gen.h"
#include "progress.h"

typedef struct gen_args {
    int64_t     entities;
    uint64_t    seed;
    const char *out;
    int         force;
    int         quiet;     /* no progress line */
    xf_gen_shape shape;
    xf_gen_layout layout;
} gen_args;

static void gen_usage(FILE *f) {
    fprintf(f,
            "usage: xiufu gen --entities N -o RECORDS.db [--seed S] [--shape realistic|adversarial]\n"
            "                 [--layout clustered|shuffled] [--force] [--quiet]\n"
            "\n"
            "Write a SQLite database of synthetic records (runtime/records.sql): N entities\n"
            "with penalties, abnormal listings, serious lists, annual reports and the\n"
            "working-day calendar.  The same N, seed, shape and layout give the same\n"
            "database.  Memory stays bounded for any N; temporary files go to SQLite's\n"
            "temporary directory (SQLITE_TMPDIR or TMPDIR, else /var/tmp or /tmp).\n"
            "\n"
            "  --entities N   number of entities, 1..%d\n"
            "  -o FILE        the database to create\n"
            "  --seed S       seed, a decimal number (default 1)\n"
            "  --shape SHAPE  realistic (default): what the credit systems publish;\n"
            "                 adversarial: every label, boundary dates and fines, NULLs,\n"
            "                 empty and very large entities (still valid input), for\n"
            "                 differential testing\n"
            "  --layout L     how related rows are stored; clustered (default): entity by\n"
            "                 entity, in code order; shuffled: ids follow the date\n"
            "                 (penalty by decided, abnormal and serious by listed, annual\n"
            "                 reports by year), as in the live systems.  The records are the\n"
            "                 same; only ids and row order differ\n"
            "  --force        replace FILE if it exists\n"
            "  --quiet        no progress line (there is none unless stderr is a terminal)\n",
            XF_GEN_MAX_ENTITIES);
}

static int gen_parse_u64(const char *s, uint64_t max, uint64_t *out) {
    if (!s || !*s || *s == '-' || *s == '+') return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > max) return -1;
    *out = v;
    return 0;
}

/* The value of "--opt V" or "--opt=V"; advances *i past a separate value. */
static const char *gen_value(int argc, char **argv, int *i, const char *opt) {
    size_t n = strlen(opt);
    if (strncmp(argv[*i], opt, n) != 0) return NULL;
    if (argv[*i][n] == '=') return argv[*i] + n + 1;
    if (argv[*i][n] != '\0') return NULL;
    if (*i + 1 >= argc) return "";
    return argv[++*i];
}

/* 0 ok, 1 --help shown, 2 usage error (reported). */
static int gen_parse(int argc, char **argv, gen_args *a) {
    const char *v;
    int have_n = 0;
    *a = (gen_args){.seed = 1, .shape = XF_GEN_REALISTIC, .layout = XF_GEN_CLUSTERED};
    for (int i = 1; i < argc; i++) {
        uint64_t u;
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            gen_usage(stdout);
            return 1;
        } else if (!strcmp(argv[i], "--quiet")) {
            a->quiet = 1;
        } else if (!strcmp(argv[i], "--force")) {
            a->force = 1;
        } else if ((v = gen_value(argc, argv, &i, "--entities"))) {
            if (gen_parse_u64(v, XF_GEN_MAX_ENTITIES, &u) != 0 || u == 0) {
                fprintf(stderr, "xiufu gen: --entities wants a number from 1 to %d, not '%s'\n",
                        XF_GEN_MAX_ENTITIES, v);
                return 2;
            }
            a->entities = (int64_t)u;
            have_n = 1;
        } else if ((v = gen_value(argc, argv, &i, "--seed"))) {
            if (gen_parse_u64(v, UINT64_MAX, &a->seed) != 0) {
                fprintf(stderr, "xiufu gen: --seed wants a non-negative decimal number, not '%s'\n", v);
                return 2;
            }
        } else if ((v = gen_value(argc, argv, &i, "--shape"))) {
            if (!strcmp(v, "realistic")) a->shape = XF_GEN_REALISTIC;
            else if (!strcmp(v, "adversarial")) a->shape = XF_GEN_ADVERSARIAL;
            else {
                fprintf(stderr, "xiufu gen: --shape wants realistic or adversarial, not '%s'\n", v);
                return 2;
            }
        } else if ((v = gen_value(argc, argv, &i, "--layout"))) {
            if (!strcmp(v, "clustered")) a->layout = XF_GEN_CLUSTERED;
            else if (!strcmp(v, "shuffled")) a->layout = XF_GEN_SHUFFLED;
            else {
                fprintf(stderr, "xiufu gen: --layout wants clustered or shuffled, not '%s'\n", v);
                return 2;
            }
        } else if ((v = gen_value(argc, argv, &i, "-o")) || (v = gen_value(argc, argv, &i, "--output"))) {
            if (!*v) {
                fprintf(stderr, "xiufu gen: -o wants a file name\n");
                return 2;
            }
            a->out = v;
        } else {
            fprintf(stderr, "xiufu gen: unknown argument '%s'\n", argv[i]);
            return 2;
        }
    }
    if (!have_n || !a->out) {
        fprintf(stderr, "xiufu gen: %s\n", !have_n ? "--entities is required" : "-o is required");
        return 2;
    }
    return 0;
}

static int gen_remove(const char *path) {
    return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
}

/* Remove path and the side files SQLite may have left beside it: a stale
 * hot journal would otherwise be rolled back into the new database. */
static int gen_remove_db(const char *path) {
    static const char *const suffix[] = {"-journal", "-wal", "-shm"};
    char side[4096];
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        if (snprintf(side, sizeof side, "%s%s", path, suffix[i]) >= (int)sizeof side) return -1;
        if (gen_remove(side) != 0) return -1;
    }
    return gen_remove(path);
}

/* The generator's count, for the progress line. */
static void gen_progress(void *ud, int64_t done, int64_t total) {
    xf_progress *p = ud;
    atomic_store(&p->read, done);
    atomic_store(&p->total_read, total);
}

static int gen_run(const gen_args *a) {
    struct stat st;
    if (stat(a->out, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "xiufu gen: %s is a directory\n", a->out);
        return 1;
    }
    if (!a->force && lstat(a->out, &st) == 0) {
        fprintf(stderr, "xiufu gen: %s exists; use --force to replace it\n", a->out);
        return 1;
    }
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.partial", a->out) >= (int)sizeof tmp) {
        fprintf(stderr, "xiufu gen: file name too long: %s\n", a->out);
        return 2;
    }
    if (gen_remove_db(tmp) != 0) {
        fprintf(stderr, "xiufu gen: cannot remove %s: %s\n", tmp, strerror(errno));
        return 1;
    }
    double t0 = xf_now_seconds();
    xf_progress progress = {.verb_zh = "已生成", .verb_en = "generated", .read_only = 1};
    xf_progress_start(&progress, !a->quiet, 0, "个主体", "entities");
    atomic_store(&progress.total_read, a->entities);
    xf_gen_opts opts = {.entities = a->entities, .seed = a->seed, .shape = a->shape, .layout = a->layout,
                        .progress = gen_progress, .progress_ud = &progress};
    xf_gen_stats stats;
    char *err = NULL;
    int failed = xf_gen_write(tmp, &opts, &stats, &err) != 0;
    xf_progress_stop(&progress);
    if (failed) {
        fprintf(stderr, "xiufu gen: %s: %s\n", a->out, err ? err : "out of memory");
        free(err);
        gen_remove_db(tmp);
        return 1;
    }
    if ((a->force && gen_remove_db(a->out) != 0) || rename(tmp, a->out) != 0) {
        fprintf(stderr, "xiufu gen: cannot write %s: %s\n", a->out, strerror(errno));
        gen_remove_db(tmp);
        return 1;
    }
    printf("%s: %" PRId64 " entities, %" PRId64 " penalties, %" PRId64 " abnormal, %" PRId64
           " serious, %" PRId64 " inspections, %" PRId64 " applications, %" PRId64 " annual reports, %" PRId64
           " calendar days in %.1f s\n",
           a->out, stats.entities, stats.penalties, stats.abnormal, stats.serious, stats.inspections,
           stats.applications, stats.annual_reports, stats.calendar_days, xf_now_seconds() - t0);
    return 0;
}

int xf_cmd_gen(int argc, char **argv) {
    gen_args a;
    int rc = gen_parse(argc, argv, &a);
    if (rc == 1) return 0;
    if (rc == 2) {
        gen_usage(stderr);
        return 2;
    }
    return gen_run(&a);
}
