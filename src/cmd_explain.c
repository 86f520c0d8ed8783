/* cmd_explain.c — `xiufu explain`: the decisions of a run, explained from
 * the output database alone (the records database is not needed). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "explain.h"
#include "file_out.h"
#include "shown.h"
#include "outcomes.h"
#include "policyset.h"

static int usage(FILE *f) {
    fprintf(f,
            "usage: xiufu explain (-d OUT.db | --pg CONNINFO) (--subject TABLE:ID | --uscc CODE | --outcome CODE [--limit N])\n"
            "                     [--run ID] [--policy NAME] [--lang zh|en] [--html FILE]\n"
            "  OUT.db is the output of `xiufu run -o`; the latest run unless --run is given.\n"
            "  --pg reads the runs of xiufu.run() in a PostgreSQL database (docs/postgresql.md).\n"
            "  --outcome takes the first N decisions with that outcome (default 20).\n"
            "  --html writes one self-contained page instead of text on stdout.\n");
    return f == stdout ? 0 : 2;
}

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
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int more = i + 1 < argc;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) return usage(stdout);
        if (!more) {
            fprintf(stderr, "xiufu explain: unexpected argument '%s'\n", a);
            return usage(stderr);
        }
        const char *v = argv[++i];
        if (!strcmp(a, "-d")) {
            db_path = v;
        } else if (!strcmp(a, "--pg")) {
            pg = v;
        } else if (!strcmp(a, "--subject")) {
            const char *colon = strrchr(v, ':');
            if (!colon || colon == v || (size_t)(colon - v) >= sizeof table || parse_int(colon + 1, INT64_MIN, &q.subject_id) != 0) {
                fprintf(stderr, "xiufu explain: --subject '%s' is not TABLE:ID\n", v);
                return usage(stderr);
            }
            memcpy(table, v, (size_t)(colon - v));
            table[colon - v] = 0;
            q.subject_table = table;
            nsel++;
        } else if (!strcmp(a, "--uscc")) {
            q.uscc = v;
            nsel++;
        } else if (!strcmp(a, "--outcome")) {
            int known = 0;
            for (int k = 0; k < XF_OUT__COUNT; k++) known |= !strcmp(v, xf_outcome_code[k]);
            if (!known) {
                fprintf(stderr, "xiufu explain: unknown outcome '%s' (one of:", v);
                for (int k = 0; k < XF_OUT__COUNT; k++) fprintf(stderr, " %s", xf_outcome_code[k]);
                fprintf(stderr, ")\n");
                return usage(stderr);
            }
            q.outcome = v;
            nsel++;
        } else if (!strcmp(a, "--limit")) {
            if (parse_int(v, 1, &limit) != 0 || limit > 1000000) {
                fprintf(stderr, "xiufu explain: --limit '%s' is not a positive number\n", v);
                return usage(stderr);
            }
        } else if (!strcmp(a, "--run")) {
            if (parse_int(v, 1, &q.run) != 0) {
                fprintf(stderr, "xiufu explain: --run '%s' is not a run id\n", v);
                return usage(stderr);
            }
        } else if (!strcmp(a, "--policy")) {
            q.policy = v;
        } else if (!strcmp(a, "--lang")) {
            int l = xf_parse_lang(v);
            if (l < 0) return usage(stderr);
            en = l == XF_LANG_EN;
        } else if (!strcmp(a, "--html")) {
            html = v;
        } else {
            fprintf(stderr, "xiufu explain: unexpected argument '%s'\n", a);
            return usage(stderr);
        }
    }
    if (!db_path == !pg || nsel != 1) {
        if (db_path && pg) fprintf(stderr, "xiufu explain: give -d or --pg, not both\n");
        if ((db_path || pg) && nsel > 1) fprintf(stderr, "xiufu explain: give one of --subject, --uscc, --outcome\n");
        return usage(stderr);
    }
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
