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
#include "opts.h"
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
    const char **regions;  /* --region: NULL for the built-in ones */
    int         nregions;
} gen_args;

static const xf_opt gen_opts[] = {
    {"--entities", NULL, "N", 0, "经营主体数，1 到 100000000", "number of entities, 1 to 100000000"},
    {"-o", "--output", "FILE", 0, "要创建的记录库", "the database to create"},
    {"--seed", NULL, "S", 0, "种子，十进制数（默认 1）", "seed, a decimal number (default 1)"},
    {"--region", NULL, "CODE...", XF_OPT_MANY, "主体的登记地区：6 位行政区划代码，可给多个，可重复（默认：内置的 24 个地区）",
     "the entities' registration regions: 6-digit division codes, several, may be repeated (default: 24 built in)"},
    {"--shape", NULL, "realistic|adversarial", 0, "realistic：信用系统公开的样子（默认）；adversarial：各种标签、边界日期、空值等",
     "realistic: what the credit systems publish (default); adversarial: every label, boundary dates, NULLs..."},
    {"--layout", NULL, "clustered|shuffled", 0, "相关行的存放顺序：clustered 按主体（默认）；shuffled 按日期编号",
     "how related rows are stored: clustered by entity (default); shuffled: ids follow the date"},
    {"--force", NULL, NULL, 0, "文件已存在时替换", "replace FILE if it exists"},
    {"--quiet", NULL, NULL, 0, "不显示进度行（标准错误不是终端时本来就没有）", "no progress line (there is none unless stderr is a terminal)"},
    {"--lang", NULL, "zh|en", 0, "消息的语言（默认 zh）", "language of the messages (default zh)"},
    {NULL},
};

static const xf_cmd_help gen_help = {
    "gen", "--entities N -o RECORDS.db [OPTIONS]",
    "写一个合成记录的 SQLite 库（runtime/records.sql）：N 个经营主体及其行政处罚、经营异常名录、\n"
    "严重失信名单、年报和工作日日历。相同的 N、种子、形态、布局和地区生成相同的库。\n"
    "临时文件放在 SQLite 的临时目录（SQLITE_TMPDIR 或 TMPDIR，否则 /var/tmp 或 /tmp）。\n",
    "Write a SQLite database of synthetic records (runtime/records.sql): N entities with\n"
    "penalties, abnormal listings, serious lists, annual reports and the working-day\n"
    "calendar.  The same N, seed, shape, layout and regions give the same database.\n"
    "Temporary files go to SQLite's temporary directory (SQLITE_TMPDIR or TMPDIR, else\n"
    "/var/tmp or /tmp).\n",
    gen_opts, 0,
    "--region 的地区若不在内置表中，按其省份命名登记机关（如 450102 → 广西壮族自治区市场监督管理局）。\n",
    "A --region not in the built-in table names its authorities after its province (450102:\n"
    "广西壮族自治区市场监督管理局).\n",
};

static int gen_parse_u64(const char *s, uint64_t max, uint64_t *out) {
    if (!s || !*s || *s == '-' || *s == '+') return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v > max) return -1;
    *out = v;
    return 0;
}

/* 0 ok, 1 --help shown, 2 usage error (reported). */
static int gen_parse(int argc, char **argv, gen_args *a) {
    *a = (gen_args){.seed = 1, .shape = XF_GEN_REALISTIC, .layout = XF_GEN_CLUSTERED};
    xf_args g;
    int rc = xf_args_parse(&g, &gen_help, argc, argv);
    if (rc) return rc;
    a->regions = calloc((size_t)argc + 1, sizeof *a->regions);
    if (!a->regions) rc = xf_args_fail(&g, "内存不足", "out of memory");
    static const char *const shapes[] = {"realistic", "adversarial", NULL}, *const layouts[] = {"clustered", "shuffled", NULL};
    for (int i = 0; i < g.n && !rc; i++) {
        const xf_arg *x = &g.v[i];
        const char *v = x->value;
        uint64_t u;
        int k = 0, l = 0;
        if (xf_arg_is(x, "--quiet")) a->quiet = 1;
        else if (xf_arg_is(x, "--force")) a->force = 1;
        else if (xf_arg_is(x, "--entities")) {
            if (gen_parse_u64(v, XF_GEN_MAX_ENTITIES, &u) != 0 || u == 0)
                rc = xf_args_fail(&g, "--entities 的值“%s”无效：应为 1 到 %d 之间的整数",
                                  "--entities '%s' is not valid: a number from 1 to %d", v, XF_GEN_MAX_ENTITIES);
            a->entities = (int64_t)u;
        } else if (xf_arg_is(x, "--seed")) {
            if (gen_parse_u64(v, UINT64_MAX, &a->seed) != 0)
                rc = xf_args_fail(&g, "--seed 的值“%s”无效：应为非负十进制数", "--seed '%s' is not valid: a non-negative decimal number", v);
        } else if (xf_arg_is(x, "--shape")) {
            rc = xf_args_choice(&g, "--shape", v, shapes, &k);
            a->shape = k ? XF_GEN_ADVERSARIAL : XF_GEN_REALISTIC;
        } else if (xf_arg_is(x, "--layout")) {
            rc = xf_args_choice(&g, "--layout", v, layouts, &k);
            a->layout = k ? XF_GEN_SHUFFLED : XF_GEN_CLUSTERED;
        } else if (xf_arg_is(x, "-o")) {
            a->out = v;
        } else if (xf_arg_is(x, "--region")) {
            const char *why = xf_gen_region_check(v, g.en);
            for (int j = 0; !why && j < a->nregions; j++)
                if (!strcmp(a->regions[j], v)) why = g.en ? "given twice" : "重复给出";
            if (!why && a->nregions >= XF_GEN_MAX_REGIONS) why = g.en ? "too many regions (at most 200)" : "地区太多（最多 200 个）";
            if (why) rc = xf_args_fail(&g, "--region 的值“%s”无效：%s", "--region '%s' is not valid: %s", v, why);
            else a->regions[a->nregions++] = v;
        } else if (xf_arg_is(x, "--lang")) {
            rc = xf_args_lang(&g, v, &l);
        }
    }
    if (!rc && !a->entities) rc = xf_args_fail(&g, "缺少 --entities N（主体数）", "give the number of entities with --entities N");
    if (!rc && !a->out) rc = xf_args_fail(&g, "缺少 -o FILE（要创建的记录库）", "give the database to create with -o FILE");
    xf_args_free(&g);
    return rc;
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
                        .progress = gen_progress, .progress_ud = &progress, .regions = a->regions,
                        .nregions = a->nregions};
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
    if (rc == 0) rc = gen_run(&a);
    else rc = rc == 1 ? 0 : 2;
    free(a.regions);
    return rc;
}
