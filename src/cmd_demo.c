/* cmd_demo.c — `xiufu demo`: the main job on an embedded default.
 * Generates sample records, runs the national policies over them and shows
 * the summary and one decision with its basis and requirements. */
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "opts.h"
#include "dates.h"
#include "run.h"

static const xf_opt demo_opts[] = {
    {"--policies", NULL, "DIR", 0, "要运行的政策（如 policies/national）", "the policies to run (such as policies/national)"},
    {"--work", NULL, "DIR", 0, "记录库和输出库所在的文件夹（默认 demo）", "the folder of the records and the output (default demo)"},
    {"--entities", NULL, "N", 0, "生成的经营主体数（默认 20000）", "entities generated (default 20000)"},
    {"--as-of", NULL, "YYYY-MM-DD", 0, "按哪一天决定（默认 2026-11-01）", "the day decided for (default 2026-11-01)"},
    {"--seed", NULL, "S", 0, "生成记录的种子（默认 1）", "seed of the records (default 1)"},
    {NULL},
};

static const xf_cmd_help demo_help = {
    "demo", "--policies DIR [OPTIONS]",
    "生成样例记录，按政策运行，打印汇总和一项决定的说明。\n",
    "Generate sample records, run the policies over them, show the summary and one\n"
    "decision explained.\n",
    demo_opts, 0, NULL, NULL,
};

/* One decision explained as a reviewer reads it: a penalty the entity may
 * apply to repair, if there is one. */
static void show_one(const char *out) {
    sqlite3 *db;
    char subject[96] = "";
    if (sqlite3_open_v2(out, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st;
        const char *sql = "SELECT subject_table, subject_id FROM decision WHERE run = (SELECT max(id) FROM run)"
                          " ORDER BY subject_table = 'penalty' DESC, outcome = 'can_apply' DESC, subject_id LIMIT 1";
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            snprintf(subject, sizeof subject, "%s:%lld", (const char *)sqlite3_column_text(st, 0),
                     (long long)sqlite3_column_int64(st, 1));
        else fprintf(stderr, "xiufu demo: no decision to show: %s\n", sqlite3_errmsg(db));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    if (!*subject) return;
    printf("\n一项决定的说明（xiufu explain -d %s --subject %s）\n\n", out, subject);
    fflush(stdout);
    char *argv[] = {"explain", "-d", (char *)out, "--subject", subject, NULL};
    xf_cmd_explain(5, argv);
}

int xf_cmd_demo(int argc, char **argv) {
    xf_args a;
    int prc = xf_args_parse(&a, &demo_help, argc, argv);
    if (prc) return prc == 1 ? 0 : 2;
    const char *policies = xf_args_get(&a, "--policies"), *work = "demo", *entities = "20000", *seed = "1";
    const char *as_of = "2026-11-01";
    int64_t day;
    long long n;
    if (xf_args_has(&a, "--work")) work = xf_args_get(&a, "--work");
    if (xf_args_has(&a, "--entities")) entities = xf_args_get(&a, "--entities");
    if (xf_args_has(&a, "--seed")) seed = xf_args_get(&a, "--seed");
    if (xf_args_has(&a, "--as-of")) as_of = xf_args_get(&a, "--as-of");
    if (!policies) prc = xf_args_fail(&a, "缺少 --policies DIR（要运行的政策）", "give the policies to run with --policies DIR");
    if (!prc) prc = xf_args_date(&a, "--as-of", as_of, &day);
    if (!prc) prc = xf_args_int(&a, "--entities", entities, 1, 100000000, &n);
    xf_args_free(&a);
    if (prc) return prc;
    mkdir(work, 0777);
    char records[4096], out[4096];
    snprintf(records, sizeof records, "%s/records.db", work);
    snprintf(out, sizeof out, "%s/decisions.db", work);
    remove(records);
    remove(out);
    printf("生成样例记录：%s 个经营主体 → %s\n", entities, records);
    fflush(stdout);
    char *gen_argv[] = {"gen", "--entities", (char *)entities, "--seed", (char *)seed, "-o", records, NULL};
    if (xf_cmd_gen(7, gen_argv) != 0) return 1;
    char *pol[] = {(char *)policies};
    xf_run_opts o = {.policies = pol, .npolicies = 1, .records = records, .out = out, .engine = "jit",
                     .opt_level = 2, .threads = 2, .lang = XF_LANG_ZH, .trace = 1};
    o.as_of = day;
    printf("按 %s 评估 %s 中的政策 → %s\n", as_of, policies, out);
    fflush(stdout);
    int rc = xf_run(&o, NULL);
    if (rc == 0) show_one(out);
    return rc;
}
