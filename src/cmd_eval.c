/* cmd_eval.c — `xiufu eval`: decide one record typed by hand, with its
 * related rows, and explain the decision.
 *
 * The rows become a test block's records (policytest/hand_record.h), are
 * written into a temporary records database as `xiufu test` writes them,
 * and are decided by xf_run — the same plan, engine and code as `xiufu
 * run` — into a temporary output, from which explain/ reads the decision
 * back exactly as `xiufu explain` would. */
#include <errno.h>
#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "dates.h"
#include "explain.h"
#include "hand_record.h"
#include "json_in.h"
#include "opts.h"
#include "run.h"
#include "shown.h"
#include "strf.h"
#include "test_records.h"

static const xf_opt eval_opts[] = {
    {"-p", NULL, "POLICY...", XF_OPT_MANY, "政策文件、文件夹或包（.so），同 xiufu run", "policy files, folders or packs (.so), as for xiufu run"},
    {"--record", NULL, "FILE.json", 0, "从 JSON 文件读记录（- 为标准输入）", "read the records from a JSON file (- for stdin)"},
    {"--as-of", NULL, "YYYY-MM-DD", 0, "按哪一天决定（默认今天）", "the day decided for (default today)"},
    {"--engine", NULL, "jit|interp", 0, "执行步骤的引擎（默认 jit）", "what runs the steps (default jit)"},
    {"-O", NULL, "0..3", XF_OPT_ATTACHED, "JIT 的优化级别（默认 -O2）", "JIT optimization level (default -O2)"},
    {"--trusted-keys", NULL, "DIR", 0, "包须由 DIR 中的公钥签名（同 xiufu run）", "a pack must be signed by a key in DIR (as for xiufu run)"},
    {"--allow-unsigned", NULL, NULL, 0, "也运行未签名的包", "run an unsigned pack too"},
    {"--lang", NULL, "zh|en", 0, "说明和消息的语言（默认 zh）", "language of the explanation and messages (default zh)"},
    {NULL},
};

static const xf_cmd_help eval_help = {
    "eval", "-p POLICY... (--record FILE.json | TABLE.COLUMN=VALUE...) [OPTIONS]",
    "决定手写的一条记录（连同它的主体和相关记录），打印决定及其说明，如同 xiufu run 后再 xiufu explain。\n"
    "记录写作 JSON（--record）或 表名.列名=值；第一条不是 entity 的记录即被决定的记录，\n"
    "没有给出的列取与政策测试相同的默认值（docs/language.md，政策中的测试）。\n"
    "退出码：0 已决定（或没有政策管辖它），1 政策或记录有错，2 用法错误。\n",
    "Decide one record typed by hand (with its entity and related rows) and print the\n"
    "decision and its explanation, as xiufu run then xiufu explain would.  Records are\n"
    "JSON (--record) or TABLE.COLUMN=VALUE pairs; the first row that is not entity is\n"
    "the record decided; columns left out get the defaults of policy tests\n"
    "(docs/language.md, tests inside policies).  Exit 0 when decided (or governed by no\n"
    "policy), 1 on errors in the policies or the records, 2 on usage errors.\n",
    eval_opts, 1,
    "例：\n"
    "  xiufu eval -p policies/national --as-of 2026-11-01 penalty.measures=罚款 penalty.fine_yuan=100000 \\\n"
    "      penalty.tier=一般 penalty.decided=2026-01-05 penalty.published=2026-01-10 \\\n"
    "      penalty.fulfilled=2026-02-01 penalty.remedied=2026-02-01\n",
    "Example:\n"
    "  xiufu eval -p policies/national --as-of 2026-11-01 penalty.measures=罚款 penalty.fine_yuan=100000 \\\n"
    "      penalty.tier=一般 penalty.decided=2026-01-05 penalty.published=2026-01-10 \\\n"
    "      penalty.fulfilled=2026-02-01 penalty.remedied=2026-02-01\n",
};

static int64_t today(void) {
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return xf_day_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static char *slurp(FILE *f, size_t *len) {
    size_t cap = 4096, n = 0, k;
    char *b = malloc(cap);
    while (b && (k = fread(b + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *nb = cap < ((size_t)1 << 26) ? realloc(b, cap *= 2) : NULL;
            if (!nb) free(b);
            b = nb;
        }
    }
    if (b && ferror(f)) free(b), b = NULL;
    *len = n;
    return b;
}

/* The text of the test block holding the rows, or NULL with the error
 * reported (exit 1). */
static char *records_text(const char *record, char *const *pairs, int npairs, int en) {
    xf_compile schema;
    xf_compile_init(&schema);
    char *text = NULL, *err = NULL;
    if (xf_compile_add_schema(&schema) != 0 || xf_check(&schema) != 0) {
        fprintf(stderr, "xiufu eval: cannot read the record schema\n");
        xf_compile_free(&schema);
        return NULL;
    }
    if (record) {
        FILE *f = strcmp(record, "-") ? fopen(record, "rb") : stdin;
        size_t len = 0;
        char *json = f ? slurp(f, &len) : NULL;
        if (f && f != stdin) fclose(f);
        xf_json *j = json ? xf_json_parse(json, len, &err) : NULL;
        if (!json)
            fprintf(stderr, en ? "xiufu eval: cannot read %s: %s\n" : "xiufu eval：无法读取 %s：%s\n", record, strerror(errno ? errno : EIO));
        else if (!j)
            fprintf(stderr, en ? "xiufu eval: %s: not JSON: %s\n" : "xiufu eval：%s 不是 JSON：%s\n", record, err ? err : "?");
        else if (!(text = xf_hand_text_json(&schema, j, en, &err)))
            fprintf(stderr, en ? "xiufu eval: %s: %s\n" : "xiufu eval：%s：%s\n", record, err ? err : "?");
        xf_json_free(j);
        free(json);
    } else if (!(text = xf_hand_text_pairs(&schema, pairs, npairs, en, &err))) {
        fprintf(stderr, en ? "xiufu eval: %s\n" : "xiufu eval：%s\n", err ? err : "?");
    }
    free(err);
    xf_compile_free(&schema);
    return text;
}

/* Check the rows' values against their fields and write them into the
 * records database at path.  0, or 1 with the error reported. */
static int write_records(const char *rows, int64_t as_of, const char *path, xf_lang lang, xf_test_subject *subject,
                         char *table, size_t cap) {
    xf_compile c;
    xf_compile_init(&c);
    int rc = 1;
    sqlite3 *db = NULL;
    char *err = NULL, day[11];
    /* the block's closing line gets the day, so that it is a whole test */
    xf_date_format(as_of, day);
    char *text = xf_strf("%.*s  on %s expect none\n}\n", (int)strlen(rows) - 2, rows, day);
    if (text && xf_compile_add_schema(&c) == 0 && xf_compile_add_text(&c, "<手写记录>", text, (uint32_t)strlen(text)) == 0 &&
        c.diags.errors == 0)
        xf_check(&c);
    if (c.diags.errors) {
        /* the values as written into the test block, each on its record's line */
        xf_diags_print(&c.diags, stderr, lang);
        goto out;
    }
    const xf_decl *t = NULL;
    for (int i = 0; i < c.ndecls && !t; i++)
        if (c.decls[i]->kind == XF_D_TEST && !strcmp(c.decls[i]->name, XF_HAND_TEST)) t = c.decls[i];
    xf_test_ids ids = {.n = 0};
    if (!t || sqlite3_open(path, &db) != SQLITE_OK || xf_test_records_schema(db, &err) != 0 ||
        xf_test_records_write(db, &c, t, 1, &ids, subject, &err) != 0) {
        fprintf(stderr, "xiufu eval: %s\n", err ? err : db ? sqlite3_errmsg(db) : "cannot write the records");
        goto out;
    }
    snprintf(table, cap, "%s", subject->table);  /* the table's name lives in c's arena */
    subject->table = table;
    rc = 0;
out:
    free(err), free(text);
    sqlite3_close(db);
    xf_compile_free(&c);
    return rc;
}

/* The subject's decisions in out, explained on stdout. */
static int explain(const char *out, const xf_test_subject *s, int64_t as_of, int en) {
    char *err = NULL;
    xf_ex_db *db = xf_ex_open(out, &err);
    xf_explanation **list = NULL;
    xf_ex_query q = {.subject_table = s->table, .subject_id = s->id};
    int n = db ? xf_ex_select(db, &q, &list, &err) : -1;
    if (n < 0) {
        fprintf(stderr, "xiufu eval: %s\n", err ? err : "cannot read the decision");
        free(err);
        xf_ex_close(db);
        return 1;
    }
    char day[11];
    xf_date_format(as_of, day);
    if (n == 0)
        printf(en ? "%s:%" PRId64 " on %s: no policy decides this record (none): it is in no policy's scope\n"
                  : "%s:%" PRId64 "，%s：没有政策决定这条记录（none）：它不在任何政策的适用范围内\n",
               s->table, s->id, day);
    xf_ex_buf text = {0};
    int rc = n > 0 ? xf_ex_render_text(&text, list, n, en) : 0;
    if (rc) fprintf(stderr, "xiufu eval: out of memory\n");
    else if (n > 0) xf_put_shown(stdout, text.p, text.n, 1);
    xf_ex_buf_free(&text);
    if (n > 0) xf_ex_free_all(list, n);
    xf_ex_close(db);
    return rc ? 1 : 0;
}

int xf_cmd_eval(int argc, char **argv) {
    xf_args a;
    int rc = xf_args_parse(&a, &eval_help, argc, argv);
    if (rc) return rc == 1 ? 0 : 2;
    xf_run_opts o = {.lang = XF_LANG_ZH, .engine = "jit", .opt_level = 2, .threads = 1, .trace = 1, .cache = 1,
                     .quiet = 1};
    char **policies = calloc((size_t)argc + 1, sizeof *policies), **pairs = calloc((size_t)argc + 1, sizeof *pairs);
    int npol = 0, npairs = 0, have_asof = 0, k = 0;
    const char *record = NULL;
    static const char *const engines[] = {"jit", "interp", NULL}, *const levels[] = {"0", "1", "2", "3", NULL};
    if (!policies || !pairs) rc = xf_args_fail(&a, "内存不足", "out of memory");
    for (int i = 0; i < a.n && !rc; i++) {
        const xf_arg *g = &a.v[i];
        int l = 0;
        if (!g->opt) pairs[npairs++] = (char *)g->value;
        else if (xf_arg_is(g, "-p")) policies[npol++] = (char *)g->value;
        else if (xf_arg_is(g, "--record")) record = g->value;
        else if (xf_arg_is(g, "--as-of")) rc = xf_args_date(&a, "--as-of", g->value, &o.as_of), have_asof = 1;
        else if (xf_arg_is(g, "--engine")) rc = xf_args_choice(&a, "--engine", g->value, engines, &k), o.engine = engines[k];
        else if (xf_arg_is(g, "-O")) rc = xf_args_choice(&a, "-O", g->value, levels, &o.opt_level);
        else if (xf_arg_is(g, "--trusted-keys")) o.trusted_keys = g->value;
        else if (xf_arg_is(g, "--allow-unsigned")) o.allow_unsigned = 1;
        else if (xf_arg_is(g, "--lang")) rc = xf_args_lang(&a, g->value, &l), o.lang = (xf_lang)l;
    }
    if (!rc && !npol) rc = xf_args_fail(&a, "缺少 -p POLICY...（决定用的政策）", "give the policies that decide with -p POLICY...");
    if (!rc && record && npairs)
        rc = xf_args_fail(&a, "--record 与 表名.列名=值 只能选一种（“%s”）", "give --record or TABLE.COLUMN=VALUE pairs, not both ('%s')",
                          pairs[0]);
    if (!rc && !record && !npairs)
        rc = xf_args_fail(&a, "缺少要决定的记录：--record FILE.json，或 表名.列名=值（如 penalty.published=2026-01-10）",
                          "give the record to decide: --record FILE.json, or TABLE.COLUMN=VALUE (such as penalty.published=2026-01-10)");
    xf_args_free(&a);
    int en = o.lang == XF_LANG_EN;
    char dir[4096] = "", records[4200] = "", out[4200] = "", table[128];
    char *text = NULL;
    if (rc) goto done;
    if (!have_asof) o.as_of = today();
    rc = 1;
    if (!(text = records_text(record, pairs, npairs, en))) goto done;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/xiufu-eval-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        fprintf(stderr, "xiufu eval: cannot make a temporary folder %s: %s\n", dir, strerror(errno));
        dir[0] = 0;
        goto done;
    }
    snprintf(records, sizeof records, "%s/records.db", dir);
    snprintf(out, sizeof out, "%s/decisions.db", dir);
    xf_test_subject subject;
    if (write_records(text, o.as_of, records, o.lang, &subject, table, sizeof table) != 0) goto done;
    o.policies = policies, o.npolicies = npol, o.records = records, o.out = out;
    xf_run_summary sum = {0};
    rc = xf_run(&o, &sum);
    /* a decision that carries an error is still explained (exit 1) */
    if (sum.run_id) rc = explain(out, &subject, o.as_of, en) ? 1 : rc;
done:
    if (*out) unlink(out);
    if (*records) unlink(records);
    if (*dir) rmdir(dir);
    free(text), free(policies), free(pairs);
    return rc;
}
