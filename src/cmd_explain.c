/* cmd_explain.c — `xiufu explain`: the decisions of a run, explained from
 * the output database; the records database only to look a case up by
 * document number or name, for the header's documents, and for --what-if. */
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
#include "uscc.h"

static const xf_opt explain_opts[] = {
    {"-d", NULL, "OUT.db", 0, "xiufu run -o 写出的输出库", "the output of xiufu run -o"},
    {"--pg", NULL, "CONNINFO", 0, "读 PostgreSQL 中 xiufu.run() 的运行（docs/postgresql.md）",
     "read the runs of xiufu.run() in a PostgreSQL database (docs/postgresql.md)"},
    {"--subject", NULL, "TABLE:ID", 0, "说明这一条记录的决定", "explain the decisions of this record"},
    {"--uscc", NULL, "CODE", 0, "说明这个主体的决定；代码照录入的写：大小写、空格、全角字符都可",
     "explain the decisions of this entity; the code as typed: case, blanks and full-width characters are folded"},
    {"--decision-no", NULL, "NO", 0, "按处罚决定书文号查找（用记录库）", "look the case up by its decision number (in the records database)"},
    {"--name", NULL, "PART", 0, "按主体名称片段查找（用记录库）", "look the case up by a fragment of the entity's name (in the records database)"},
    {"--records", NULL, "RECORDS.db", 0, "记录库（默认运行记下的 run.records）：文号、名称、抬头的文书信息",
     "the records database (default: the run's run.records): decision numbers, names, the header's documents"},
    {"--what-if", NULL, "COLUMN=VALUE", XF_OPT_REPEAT, "改动取值后用本次运行的规则重新决定这一条记录，两个决定并列（entity.COLUMN 改主体；none 清空）",
     "decide the one record again with changed values through the run's own rules, both decisions side by side (entity.COLUMN for the entity; none clears)"},
    {"--outcome", NULL, "CODE", 0, "说明前 N 项该结果的决定", "explain the first N decisions with this outcome"},
    {"--limit", NULL, "N", 0, "--outcome 说明的决定数（默认 20）", "decisions --outcome explains (default 20)"},
    {"--run", NULL, "ID", 0, "哪一次运行（默认最近一次）", "which run (default the latest)"},
    {"--policy", NULL, "NAME", 0, "只说明这项政策的决定", "only the decisions of this policy"},
    {"--html", NULL, "FILE", 0, "写一个自包含的网页，而不是在标准输出打印文本", "write one self-contained page instead of text on stdout"},
    {"--lang", NULL, "zh|en", 0, "说明的语言（默认 zh）", "language of the explanations (default zh)"},
    {NULL},
};

static const xf_cmd_help explain_help = {
    "explain",
    "(-d OUT.db | --pg CONNINFO) (--subject TABLE:ID | --uscc CODE | --decision-no NO | --name PART | --outcome CODE) [OPTIONS]",
    "说明一次运行的决定：结果、关键日期、依据和每一步所见的值。输出库就够；文号、名称和抬头的文书信息要用记录库。\n",
    "Explain decisions of a run: outcome, dates, basis and what each step saw. The output\n"
    "database is enough; decision numbers, names and the header's documents need the records database.\n",
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

/* What the reviewer looks a case up by, besides the query itself. */
typedef struct lookup {
    const char *decision_no, *name, *records;
    char      **what_if;   /* --what-if COLUMN=VALUE, in order */
    int         nwhat_if;
} lookup;

static int explain_file(const char *db_path, const char *shown, xf_ex_query *q, const lookup *lk, int en,
                        const char *html);

int xf_cmd_explain(int argc, char **argv) {
    const char *db_path = NULL, *html = NULL, *pg = NULL;
    xf_ex_query q = {0};
    lookup lk = {0};
    char uscc[128], why[512];
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
        } else if (xf_arg_is(g, "--decision-no")) {
            lk.decision_no = v;
            nsel++;
        } else if (xf_arg_is(g, "--name")) {
            lk.name = v;
            nsel++;
        } else if (xf_arg_is(g, "--records")) {
            lk.records = v;
        } else if (xf_arg_is(g, "--what-if")) {
            char **w = realloc(lk.what_if, sizeof *w * (size_t)(lk.nwhat_if + 1));
            if (!w) {
                prc = 1;
                break;
            }
            lk.what_if = w;
            w[lk.nwhat_if++] = (char *)v;
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
        prc = xf_args_fail(A, "--subject、--uscc、--decision-no、--name、--outcome 须给且只给一个",
                           "give one of --subject, --uscc, --decision-no, --name, --outcome");
    xf_args_free(&args);  /* the values are argv's */
    if (prc) {
        free(lk.what_if);
        return prc;
    }
    q.limit = q.outcome ? (limit ? (int)limit : 20) : (int)limit;
    if (q.uscc) {
        int v = xf_ex_uscc_normalize(q.uscc, uscc, sizeof uscc, en, why, sizeof why);
        if (v != XF_USCC_OK) fprintf(stderr, "xiufu explain%s%s\n", en ? ": " : "：", why);  /* said, and looked up all the same */
        q.uscc = uscc;
    }

    char *err = NULL;
    char pg_copy[4096] = "";  /* --pg: the decisions asked for, copied into a file of the output layout */
    if (pg && xf_ex_fetch_pg(pg, &q, pg_copy, sizeof pg_copy, &err) != 0) {
        fprintf(stderr, "xiufu explain: %s\n", err ? err : "cannot read from PostgreSQL");
        free(err), free(lk.what_if);
        return 1;
    }
    if (pg) db_path = pg_copy;
    else if (html && xf_same_file(html, db_path)) {
        fprintf(stderr, "xiufu explain: --html %s is the decisions file it reads\n", html);
        free(lk.what_if);
        return 2;
    }
    int rc = explain_file(db_path, pg ? "PostgreSQL" : db_path, &q, &lk, en, html);
    free(lk.what_if);
    if (pg) unlink(pg_copy);
    return rc;
}

/* Explain the decisions of the output file db_path that q selects; shown
 * is where they came from. */
static void no_match(const char *shown, int en) {
    fprintf(stderr, en ? "xiufu explain: %s: no decision matches\n" : "xiufu explain：%s：没有符合条件的决定\n", shown);
}

/* --what-if: the one decision selected, and the same record decided again. */
static int explain_what_if(xf_ex_db *db, const xf_ex_query *q, const lookup *lk, int en, const char *html, const char *shown) {
    char *err = NULL;
    xf_explanation **list = NULL, **after = NULL;
    int n = xf_ex_select(db, q, &list, &err), nafter = 0, rc = 1;
    xf_ex_buf out = {0};
    if (n < 0) {
        fprintf(stderr, "xiufu explain: %s\n", err ? err : shown);
    } else if (n == 0) {
        no_match(shown, en);
    } else if (n != 1) {
        fprintf(stderr, en ? "xiufu explain: --what-if decides one record of one policy again; %d decisions match (add --policy)\n"
                           : "xiufu explain：--what-if 只重新决定一条记录的一项决定；现有 %d 项决定符合（请加 --policy）\n", n);
        rc = 2;
    } else if (xf_ex_what_if(db, list[0], lk->what_if, lk->nwhat_if, en, &after, &nafter, &err) != 0 || nafter != 1) {
        fprintf(stderr, "xiufu explain: %s\n",
                err ? err : en ? "with the changes, the policy no longer governs the record" : "改动后该政策不再适用于此记录");
    } else if ((html ? xf_ex_render_what_if_html(&out, list[0], after[0], lk->what_if, lk->nwhat_if, en)
                     : xf_ex_render_what_if_text(&out, list[0], after[0], lk->what_if, lk->nwhat_if, en)) != 0) {
        fprintf(stderr, "xiufu explain: out of memory\n");
    } else if (html && xf_file_write(html, out.p, out.n, &err) != 0) {
        fprintf(stderr, "xiufu explain: %s\n", err ? err : html);
    } else {
        if (!html) xf_put_shown(stdout, out.p, out.n, 1);
        rc = 0;
    }
    free(err);
    xf_ex_buf_free(&out);
    xf_ex_free_all(after, nafter);
    xf_ex_free_all(list, n > 0 ? n : 0);
    return rc;
}

/* The report written as it is made, one decision at a time: an entity
 * with a million records is explained in the memory of one. */
typedef struct stream {
    int          en, html;
    xf_ex_buf    buf;
    xf_file_out *fo;
    char        *prev_uscc;
} stream;

static int put(stream *s) {
    int oom = s->buf.oom;
    if (s->html) xf_file_put(s->fo, s->buf.p ? s->buf.p : "", s->buf.n);
    else xf_put_shown(stdout, s->buf.p ? s->buf.p : "", s->buf.n, 1);  /* record text must not drive the terminal */
    s->buf.n = 0;
    if (s->buf.p) s->buf.p[0] = 0;
    return oom || (s->html ? s->fo->err != 0 : ferror(stdout) != 0) ? -1 : 0;
}

static int count_one(void *ctx, xf_explanation *ex, int i) {
    (void)ctx, (void)i;
    xf_ex_free(ex);
    return 0;
}

static int summary_one(void *ctx, xf_explanation *ex, int i) {
    stream *s = ctx;
    int rc = xf_ex_html_summary_row(&s->buf, ex, i, s->en);
    xf_ex_free(ex);
    return rc ? -1 : put(s);
}

static int decision_one(void *ctx, xf_explanation *ex, int i) {
    stream *s = ctx;
    int rc;
    if (s->html) {
        rc = xf_ex_html_decision(&s->buf, ex, s->prev_uscc, s->en);
        free(s->prev_uscc);
        s->prev_uscc = strdup(ex->uscc ? ex->uscc : "");
        if (!s->prev_uscc) rc = -1;
    } else {
        if (i) xf_ex_puts(&s->buf, "\n");
        rc = xf_ex_render_text(&s->buf, &ex, 1, s->en);
    }
    xf_ex_free(ex);
    return rc ? -1 : put(s);
}

static int explain_stream(xf_ex_db *db, const xf_ex_query *q, int en, const char *html, const char *shown) {
    char *err = NULL;
    stream s = {.en = en, .html = html != NULL};
    xf_file_out fo = {0};
    int n, rc = 1;
    if (html) {
        /* how many, then a summary row each, then each decision: three passes, none held */
        n = xf_ex_each(db, q, 1, count_one, NULL, &err);
        if (n > 0) {
            xf_explanation **first = NULL;
            xf_ex_query one = *q;
            one.limit = 1;
            if (xf_ex_select(db, &one, &first, &err) != 1 || xf_file_open(&fo, html, &err) != 0) n = -1;
            else s.fo = &fo;
            if (n > 0 && (xf_ex_html_begin(&s.buf, en, shown, first[0], n) != 0 || put(&s) != 0)) n = -1;
            xf_ex_free_all(first, first ? 1 : 0);
            if (n > 0 && xf_ex_each(db, q, 1, summary_one, &s, &err) < 0) n = -1;
            if (n > 0 && (xf_ex_html_summary_end(&s.buf, n) != 0 || put(&s) != 0)) n = -1;
            if (n > 0 && xf_ex_each(db, q, 0, decision_one, &s, &err) < 0) n = -1;
            if (n > 0 && (xf_ex_html_end(&s.buf, n, en) != 0 || put(&s) != 0)) n = -1;
        }
    } else {
        n = xf_ex_each(db, q, 0, decision_one, &s, &err);
        if (n >= 0 && fflush(stdout) != 0) n = -1;
        if (n < 0 && !err) err = strdup(en ? "standard output: cannot write" : "标准输出：无法写入");
    }
    int write_failed = html && s.fo && fo.err;  /* said by xf_file_close, naming the file */
    if (n < 0) {
        if (!write_failed) fprintf(stderr, "xiufu explain: %s\n", err ? err : shown);
    } else if (n == 0) {
        no_match(shown, en);
    } else {
        rc = 0;
    }
    free(err);
    err = NULL;
    if (html && s.fo) {
        if (xf_file_close(&fo, rc == 0 || write_failed, &err) != 0) {
            fprintf(stderr, "xiufu explain: %s\n", err ? err : html);
            free(err);
            rc = 1;
        } else if (rc == 0) {
            fprintf(stderr, en ? "%d decision(s) written to %s\n" : "已将 %d 项决定写入 %s\n", n, html);
        }
    }
    free(s.prev_uscc);
    xf_ex_buf_free(&s.buf);
    return rc;
}

/* --decision-no and --name: the subject or entity they name, into q.
 * 0, or the exit code. */
static int resolve(xf_ex_db *db, xf_ex_query *q, const lookup *lk, int en, char *table, size_t cap, char *uscc,
                   size_t ucap) {
    if (lk->decision_no) {
        int n = xf_ex_find_decision_no(db, lk->decision_no, table, cap, &q->subject_id);
        if (n <= 0) {
            fprintf(stderr, en ? "xiufu explain: no record with decision no. %s\n" : "xiufu explain：没有文号为 %s 的记录\n",
                    lk->decision_no);
            return 1;
        }
        if (n > 1)
            fprintf(stderr, en ? "xiufu explain: %d records carry decision no. %s; the first is shown\n"
                               : "xiufu explain：文号 %2$s 有 %1$d 条记录，显示第一条\n", n, lk->decision_no);
        q->subject_table = table;
    } else if (lk->name) {
        xf_ex_entity *e = NULL;
        int n = xf_ex_find_name(db, lk->name, &e);
        if (n == 1) {
            snprintf(uscc, ucap, "%s", e[0].uscc);
            q->uscc = uscc;
        } else if (n == 0) {
            fprintf(stderr, en ? "xiufu explain: no entity's name contains %s\n" : "xiufu explain：没有名称含“%s”的经营主体\n", lk->name);
        } else {
            fprintf(stderr, en ? "xiufu explain: %d entities' names contain %s; give one with --uscc:\n"
                               : "xiufu explain：名称含“%2$s”的经营主体有 %1$d 个，请用 --uscc 指定：\n", n, lk->name);
            for (int i = 0; i < n; i++) fprintf(stderr, "  %s  %s\n", e[i].uscc, e[i].name);
        }
        free(e);
        if (n != 1) return 1;
    }
    return 0;
}

static int explain_file(const char *db_path, const char *shown, xf_ex_query *q, const lookup *lk, int en,
                        const char *html) {
    char *err = NULL;
    xf_ex_db *db = xf_ex_open(db_path, &err);
    if (!db) {
        fprintf(stderr, "xiufu explain: %s\n", err ? err : db_path);
        free(err);
        return 1;
    }
    int have_records = xf_ex_attach_records(db, q->run, lk->records);
    if (!have_records && (lk->records || lk->decision_no || lk->name)) {
        if (lk->records)
            fprintf(stderr, en ? "xiufu explain: %s: not a records database\n" : "xiufu explain：%s：不是记录库\n", lk->records);
        else
            fprintf(stderr, en ? "xiufu explain: the run's records database is gone: give it with --records\n"
                               : "xiufu explain：运行所用的记录库已不在，请用 --records 指定\n");
        xf_ex_close(db);
        return 1;
    }
    char table[128], uscc[64];
    int rc0 = resolve(db, q, lk, en, table, sizeof table, uscc, sizeof uscc);
    if (rc0) {
        xf_ex_close(db);
        return rc0;
    }
    int rc = lk->nwhat_if ? explain_what_if(db, q, lk, en, html, shown) : explain_stream(db, q, en, html, shown);
    xf_ex_close(db);
    return rc;
}
