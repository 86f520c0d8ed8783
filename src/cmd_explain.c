/* cmd_explain.c — `xiufu explain`: the decisions of a run, explained from
 * the output database alone (the records database is not needed). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "opts.h"
#include "explain.h"
#include "file_out.h"
#include "shown.h"
#include "outcomes.h"
#include "policyset.h"

static const xf_opt explain_opts[] = {
    {"-d", NULL, "OUT.db", 0, "xiufu run -o 写出的输出库", "the output of xiufu run -o"},
    {"--pg", NULL, "CONNINFO", 0, "读 PostgreSQL 中 xiufu.run() 的运行（docs/postgresql.md）",
     "read the runs of xiufu.run() in a PostgreSQL database (docs/postgresql.md)"},
    {"--subject", NULL, "TABLE:ID", 0, "说明这一条记录的决定", "explain the decisions of this record"},
    {"--uscc", NULL, "CODE", 0, "说明这个主体（统一社会信用代码）的决定", "explain the decisions of this entity (its USCC)"},
    {"--outcome", NULL, "CODE", 0, "说明前 N 项该结果的决定", "explain the first N decisions with this outcome"},
    {"--limit", NULL, "N", 0, "--outcome 说明的决定数（默认 20）", "decisions --outcome explains (default 20)"},
    {"--run", NULL, "ID", 0, "哪一次运行（默认最近一次）", "which run (default the latest)"},
    {"--policy", NULL, "NAME", 0, "只说明这项政策的决定", "only the decisions of this policy"},
    {"--html", NULL, "FILE", 0, "写一个自包含的网页，而不是在标准输出打印文本", "write one self-contained page instead of text on stdout"},
    {"--lang", NULL, "zh|en", 0, "说明的语言（默认 zh）", "language of the explanations (default zh)"},
    {NULL},
};

static const xf_cmd_help explain_help = {
    "explain", "(-d OUT.db | --pg CONNINFO) (--subject TABLE:ID | --uscc CODE | --outcome CODE) [OPTIONS]",
    "只凭运行的输出库说明决定：结果、关键日期、依据和每一步所见的值（不需要记录库）。\n",
    "Explain decisions of a run from its output alone: outcome, dates, basis and what each\n"
    "step saw (the records database is not needed).\n",
    explain_opts, 0, NULL, NULL,
};

/* A whole number of at least min. */
static int parse_int(const char *s, int64_t min, int64_t *out) {
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v < min) return -1;
    *out = v;
    return 0;
}

static int explain_file(const char *db_path, const char *shown, const xf_ex_query *q, int en, const char *html);

int xf_cmd_explain(int argc, char **argv) {
    const char *db_path = NULL, *html = NULL, *pg = NULL;
    xf_ex_query q = {0};
    int en = 0, nsel = 0;
    int64_t limit = 0;
    char table[128];
    xf_args args;
    int prc = xf_args_parse(&args, &explain_help, argc, argv);
    if (prc) return prc == 1 ? 0 : 2;
    xf_args *A = &args;
    for (int i = 0; i < args.n && !prc; i++) {
        const xf_arg *g = &args.v[i];
        const char *v = g->value;
        if (xf_arg_is(g, "-d")) {
            db_path = v;
        } else if (xf_arg_is(g, "--pg")) {
            pg = v;
        } else if (xf_arg_is(g, "--subject")) {
            const char *colon = strrchr(v, ':');
            if (!colon || colon == v || (size_t)(colon - v) >= sizeof table || parse_int(colon + 1, INT64_MIN, &q.subject_id) != 0) {
                prc = xf_args_fail(A, "--subject 的值“%s”无效：应为 表名:编号", "--subject '%s' is not TABLE:ID", v);
                break;
            }
            memcpy(table, v, (size_t)(colon - v));
            table[colon - v] = 0;
            q.subject_table = table;
            nsel++;
        } else if (xf_arg_is(g, "--uscc")) {
            q.uscc = v;
            nsel++;
        } else if (xf_arg_is(g, "--outcome")) {
            const char *codes[XF_OUT__COUNT + 1];
            int k;
            for (k = 0; k < XF_OUT__COUNT; k++) codes[k] = xf_outcome_code[k];
            codes[k] = NULL;
            prc = xf_args_choice(A, "--outcome", v, codes, &k);
            q.outcome = v;
            nsel++;
        } else if (xf_arg_is(g, "--limit")) {
            long long n = 0;
            prc = xf_args_int(A, "--limit", v, 1, 1000000, &n);
            limit = n;
        } else if (xf_arg_is(g, "--run")) {
            long long n = 0;
            prc = xf_args_int(A, "--run", v, 1, INT64_MAX, &n);
            q.run = n;
        } else if (xf_arg_is(g, "--policy")) {
            q.policy = v;
        } else if (xf_arg_is(g, "--lang")) {
            int l = 0;
            prc = xf_args_lang(A, v, &l);
            en = l == XF_LANG_EN;
        } else if (xf_arg_is(g, "--html")) {
            html = v;
        }
    }
    if (!prc && db_path && pg) prc = xf_args_fail(A, "-d 与 --pg 只能给一个", "give -d or --pg, not both");
    if (!prc && !db_path && !pg) prc = xf_args_fail(A, "缺少 -d OUT.db 或 --pg CONNINFO（要说明的运行）", "give -d OUT.db or --pg CONNINFO (the runs to explain)");
    if (!prc && nsel != 1)
        prc = xf_args_fail(A, "--subject、--uscc、--outcome 三者须给且只给一个", "give one of --subject, --uscc, --outcome");
    xf_args_free(&args);
    if (prc) return prc;
    q.limit = q.outcome ? (limit ? (int)limit : 20) : (int)limit;

    char *err = NULL;
    char pg_copy[4096] = "";  /* --pg: the decisions asked for, copied into a file of the output layout */
    if (pg && xf_ex_fetch_pg(pg, &q, pg_copy, sizeof pg_copy, &err) != 0) {
        fprintf(stderr, "xiufu explain: %s\n", err ? err : "cannot read from PostgreSQL");
        free(err);
        return 1;
    }
    if (pg) db_path = pg_copy;
    else if (html && xf_same_file(html, db_path)) {
        fprintf(stderr, "xiufu explain: --html %s is the decisions file it reads\n", html);
        return 2;
    }
    int rc = explain_file(db_path, pg ? "PostgreSQL" : db_path, &q, en, html);
    if (pg) unlink(pg_copy);
    return rc;
}

/* Explain the decisions of the output file db_path that q selects; shown
 * is where they came from. */
static int explain_file(const char *db_path, const char *shown, const xf_ex_query *q, int en, const char *html) {
    char *err = NULL;
    xf_ex_db *db = xf_ex_open(db_path, &err);
    if (!db) {
        fprintf(stderr, "xiufu explain: %s\n", err ? err : db_path);
        free(err);
        return 1;
    }
    xf_explanation **list = NULL;
    int n = xf_ex_select(db, q, &list, &err);
    if (n < 0) {
        fprintf(stderr, "xiufu explain: %s\n", err ? err : db_path);
        free(err);
        xf_ex_close(db);
        return 1;
    }
    if (n == 0) {
        fprintf(stderr, en ? "xiufu explain: %s: no decision matches\n" : "xiufu explain：%s：没有符合条件的决定\n", shown);
        xf_ex_close(db);
        return 1;
    }
    xf_ex_buf out = {0};
    int rc = html ? xf_ex_render_html(&out, list, n, en, shown) : xf_ex_render_text(&out, list, n, en);
    if (rc != 0) {
        fprintf(stderr, "xiufu explain: out of memory\n");
    } else if (html) {
        if (xf_file_write(html, out.p, out.n, &err) != 0) {
            fprintf(stderr, "xiufu explain: %s\n", err ? err : html);
            free(err);
            rc = -1;
        } else {
            fprintf(stderr, en ? "%d decision(s) written to %s\n" : "已将 %d 项决定写入 %s\n", n, html);
        }
    } else {
        xf_put_shown(stdout, out.p, out.n, 1);  /* record text must not drive the terminal */
    }
    xf_ex_buf_free(&out);
    xf_ex_free_all(list, n);
    xf_ex_close(db);
    return rc ? 1 : 0;
}
