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
#include "dates.h"
#include "run.h"

static int usage(void) {
    fprintf(stderr, "usage: xiufu demo --policies DIR [--work DIR] [--entities N] [--as-of YYYY-MM-DD] [--seed S]\n");
    return 2;
}

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
    const char *policies = NULL, *work = "demo", *entities = "20000", *seed = "1";
    const char *as_of = "2026-11-01";
    for (int i = 1; i < argc; i++) {
        int more = i + 1 < argc;
        if (!strcmp(argv[i], "--policies") && more) policies = argv[++i];
        else if (!strcmp(argv[i], "--work") && more) work = argv[++i];
        else if (!strcmp(argv[i], "--entities") && more) entities = argv[++i];
        else if (!strcmp(argv[i], "--seed") && more) seed = argv[++i];
        else if (!strcmp(argv[i], "--as-of") && more) as_of = argv[++i];
        else return usage();
    }
    if (!policies) return usage();
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
    if (xf_date_parse(as_of, strlen(as_of), &o.as_of) != XF_DATE_OK) return usage();
    printf("按 %s 评估 %s 中的政策 → %s\n", as_of, policies, out);
    fflush(stdout);
    int rc = xf_run(&o, NULL);
    if (rc == 0) show_one(out);
    return rc;
}
