/* test_plain.c — the rules' expressions in plain Chinese and English
 * (explain/plain.c).
 *
 * 1. A policy written for the test uses every expression kind, operator,
 *    aggregate and builtin: each let's plain words in both languages are
 *    checked against the expected text (the golden cases).
 * 2. Every expression of every shipped policy under policies/ is rendered:
 *    none may have a node without words, and no rule-syntax operator may
 *    remain in the Chinese.
 * 3. Between them the two cover every xf_expr_kind and every operator: a
 *    kind added to ast.h without words (or without a case here) fails.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "plain.h"
#include "xiufu.h"

const char *xf_expr_text(xf_compile *c, const xf_expr *e);  /* compiler/check.h (the name is taken here) */

static const char *const labels_zh[][2] = {
    {"published", "公示日期"}, {"fulfilled", "已履行义务之日"}, {"fine_yuan", "罚款金额"}, {"measures", "处罚种类"},
    {"decided", "处罚决定日期"}, {"cause", "违法行为类别"}, {"status", "登记状态"}, {"region", "登记机关行政区划代码"},
};

static const char *label(void *ctx, const xf_decl *rec, const xf_field_decl *f) {
    (void)ctx, (void)rec;
    for (size_t i = 0; i < sizeof labels_zh / sizeof labels_zh[0]; i++)
        if (!strcmp(labels_zh[i][0], f->name)) return labels_zh[i][1];
    return NULL;
}

static int kinds[64], ops[64];

static void mark(const xf_expr *e) {
    if (!e) return;
    kinds[e->kind] = 1;
    if (e->kind == XF_E_UNARY || e->kind == XF_E_BINARY || e->kind == XF_E_AGG) ops[e->op] = 1;
    mark(e->a), mark(e->b), mark(e->c);
    for (int i = 0; i < e->nargs; i++) mark(e->args[i]);
}

static const char *const rule_syntax[] = {"==", "!=", "??", "&&", "||", "<=", ">=", " and ", " or ", "not ",
                                          "within", "meets", "exists", " for ", " in ", "latest(", "met(", NULL};

static int rendered;

/* Render e in both languages: words for every node, no rule syntax in Chinese. */
static void render(xf_compile *c, const xf_expr *e, const char *where) {
    if (!e) return;
    mark(e);
    for (int en = 0; en < 2; en++) {
        int unknown = 0;
        char *s = xf_plain(c, e, en, label, NULL, &unknown);
        CHECK(s != NULL);
        if (!s) continue;
        rendered++;
        if (unknown) fprintf(stderr, "%s: no words for part of «%s»: %s\n", where, xf_expr_text(c, e), s);
        CHECK_EQ_INT(unknown, 0);
        for (int k = 0; !en && rule_syntax[k]; k++)
            if (strstr(s, rule_syntax[k])) {
                fprintf(stderr, "%s: rule syntax \"%s\" left in «%s» → %s\n", where, rule_syntax[k], xf_expr_text(c, e), s);
                CHECK(0);
            }
        free(s);
    }
}

static void render_policy(xf_compile *c, const xf_decl *p) {
    char where[256];
    snprintf(where, sizeof where, "%s", p->name);
    render(c, p->where, where);
    render(c, p->effective_on, where);
    render(c, p->lenient_on, where);
    render(c, p->override_where, where);
    for (int i = 0; i < p->nlets; i++) {
        render(c, p->lets[i].value, where);
        for (int x = 0; x < p->lets[i].nexcepts; x++) {
            render(c, p->lets[i].excepts[x].value, where);
            render(c, p->lets[i].excepts[x].cond, where);
        }
    }
    for (int i = 0; i < p->nreqs; i++) render(c, p->reqs[i].cond, where);
    for (int i = 0; i < p->noutputs; i++) render(c, p->outputs[i].value, where);
    for (int i = 0; i < p->nsteps; i++) {
        render(c, p->steps[i].from, where);
        render(c, p->steps[i].until, where);
        render(c, p->steps[i].when, where);
        for (int k = 0; k < p->steps[i].nsets; k++) render(c, p->steps[i].sets[k].value, where);
    }
}

/* ------------------------------------------------- the written policy */

static const char *const policy =
    "module plaintest\n"
    "use schema\n"
    "basis \"《测试办法》\"\n"
    "param 上限: money\n"
    "  default = 5万元\n"
    "policy 试 for p: penalty\n"
    "  where p.published != none\n"
    "  let 日期 = met(p.published, 3 months)\n"
    "  let 末日 = last(p.published, 1 year)\n"
    "  let 较晚 = latest(met(p.published, 3 months), p.fulfilled + 1 day)\n"
    "  let 较早 = earliest(p.decided, 2026-01-01, p.fulfilled ?? as_of)\n"
    "  let 工作日 = next_workday(p.decided - 10 days)\n"
    "  let 本地 = starts_with(p.authority_region, \"5104\")\n"
    "  let 已履行 = p.fulfilled != none and p.fulfilled <= as_of\n"
    "  let 轻 = p.measures within {警告, 通报批评, 罚款}\n"
    "  let 重 = p.measures meets {吊销营业执照, 责令关闭}\n"
    "  let 小额 = p.fine_yuan != none and p.fine_yuan <= 上限(p.authority_region, p.decided)\n"
    "  let 无罚款 = 罚款 not in p.measures or not 小额\n"
    "  let 非注销 = p.entity.status not in {吊销, 注销} and p.entity.status != 注销\n"
    "  let 仅警告 = p.measures == {警告}\n"
    "  let 再犯 = not exists q in p.entity.penalty where q.cause == p.cause and p.decided < q.decided <= as_of\n"
    "  let 次数 = count q in p.entity.penalty where q.decided >= p.decided\n"
    "  let 都已履行 = all q in p.entity.penalty where q.cause == p.cause satisfy q.fulfilled != none\n"
    "  let 最近 = max q.decided for q in p.entity.penalty where q.decided < p.decided\n"
    "  let 最早 = min q.decided for q in p.entity.penalty\n"
    "  let 期限 = if 再犯 then 1 year else 3 months\n"
    "  let 倍数 = 次数 * 2 + -1\n"
    "  let 金额 = (p.fine_yuan ?? 0元) - 100元\n"
    "  let 真 = true and 本地 == false\n"
    "  let 文字 = p.cause == \"虚假宣传\" or not (p.decided > 2026-01-01)\n"
    "  require 满足 = 已履行 or (轻 and not 重)\n"
    "  decide\n"
    "    can_apply from 日期 when all required\n"
    "    not_yet otherwise\n";

static char *say(xf_compile *c, const xf_decl *p, const char *let, int en) {
    static char out[2][2048];
    for (int i = 0; i < p->nlets; i++)
        if (!strcmp(p->lets[i].name, let)) {
            char *s = xf_plain(c, p->lets[i].value, en, label, NULL, NULL);
            snprintf(out[en], sizeof out[en], "%s", s ? s : "(null)");
            free(s);
            return out[en];
        }
    return "(no such let)";
}

static void written(void) {
    xf_compile c;
    xf_compile_init(&c);
    CHECK_EQ_INT(xf_compile_add_schema(&c), 0);
    CHECK_EQ_INT(xf_compile_add_text(&c, "plaintest.xf", policy, (uint32_t)strlen(policy)), 0);
    int errors = xf_check(&c);
    if (errors) xf_diags_print(&c.diags, stderr, XF_LANG_EN);
    CHECK_EQ_INT(errors, 0);
    const xf_decl *p = c.npolicies ? c.policies[0] : NULL;
    CHECK(p != NULL);
    if (!p || errors) {
        xf_compile_free(&c);
        return;
    }
    render_policy(&c, p);
#define ZH(let, want) CHECK_EQ_STR(say(&c, p, let, 0), want)
#define EN(let, want) CHECK_EQ_STR(say(&c, p, let, 1), want)
    ZH("日期", "公示日期加3个月的次日");
    EN("日期", "the day after the publication date plus 3 months");
    ZH("末日", "公示日期加1年的最后一日");
    EN("末日", "the last day of the publication date plus 1 year");
    ZH("较晚", "公示日期加3个月的次日与已履行义务之日加1日中较晚者");
    EN("较晚", "the later of: the day after the publication date plus 3 months, and the date the obligations were fulfilled plus 1 day");
    ZH("较早", "处罚决定日期、2026-01-01与（已履行义务之日，无记录时取评估日）中最早者");
    EN("较早", "the earliest of: the decision date, 2026-01-01, and (the date the obligations were fulfilled, or when there is no record, the evaluation day)");
    ZH("工作日", "处罚决定日期减10日当日或其后的第一个工作日");
    EN("工作日", "the first working day on or after the decision date minus 10 days");
    ZH("本地", "authority_region以“5104”开头");
    EN("本地", "the authority's region starts with \"5104\"");
    ZH("已履行", "已履行义务之日有记录，且不晚于评估日");
    EN("已履行", "the date the obligations were fulfilled is recorded and it is on or before the evaluation day");
    ZH("轻", "处罚种类仅为警告、通报批评、罚款中的一种或几种");
    EN("轻", "the penalty measures are only among 警告, 通报批评, 罚款");
    ZH("重", "处罚种类包含吊销营业执照、责令关闭中的任一项");
    EN("重", "the penalty measures include any of 吊销营业执照, 责令关闭");
    ZH("小额", "罚款金额有记录，且不超过上限");
    EN("小额", "the fine is recorded and it is at most 上限");
    ZH("无罚款", "处罚种类不包含罚款，或非小额");
    EN("无罚款", "the penalty measures do not include 罚款, or not 小额");
    ZH("非注销", "登记状态不为吊销、注销中任何一项，且不为注销");
    EN("非注销", "the entity's registration status is none of 吊销, 注销 and it is not 注销");
    ZH("仅警告", "处罚种类恰为警告");
    EN("仅警告", "the penalty measures are exactly 警告");
    ZH("再犯", "该主体没有这样的行政处罚信息：其违法行为类别与本记录相同，且其处罚决定日期晚于本记录的处罚决定日期，且不晚于评估日");
    EN("再犯", "there is no record among the entity's administrative penalties such that (its kind of violation is the same as this record's, its decision date is after this record's decision date, and it is on or before the evaluation day)");
    ZH("次数", "该主体的行政处罚信息中（其处罚决定日期不早于本记录的处罚决定日期者）的条数");
    EN("次数", "the number of the entity's administrative penalties where its decision date is on or after this record's decision date");
    ZH("都已履行", "该主体的行政处罚信息中凡其违法行为类别与本记录相同者，都满足：其已履行义务之日有记录");
    EN("都已履行", "every one of the entity's administrative penalties where its kind of violation is the same as this record's satisfies: its date the obligations were fulfilled is recorded");
    ZH("最近", "该主体的行政处罚信息中（其处罚决定日期早于本记录的处罚决定日期者）其处罚决定日期的最晚者");
    EN("最近", "the latest value of its decision date among the entity's administrative penalties where its decision date is before this record's decision date");
    ZH("最早", "该主体的行政处罚信息中其处罚决定日期的最早者");
    EN("最早", "the earliest value of its decision date among the entity's administrative penalties");
    ZH("期限", "若再犯，则为1年，否则为3个月");
    EN("期限", "1 year if 再犯, otherwise 3 months");
    ZH("倍数", "次数乘以2加负1");
    EN("倍数", "次数 times 2 plus minus 1");
    ZH("金额", "（罚款金额，无记录时取0元）减100元");
    EN("金额", "(the fine, or when there is no record, 0 yuan) minus 100 yuan");
    ZH("真", "是，且本地为否");
    EN("真", "yes and 本地 is no");
    ZH("文字", "违法行为类别为“虚假宣传”或处罚决定日期不晚于2026-01-01");
    EN("文字", "the kind of violation is \"虚假宣传\" or the decision date is on or before 2026-01-01");
    char *s = xf_plain(&c, p->reqs[0].cond, 0, label, NULL, NULL);
    CHECK_EQ_STR(s, "已履行，或（轻且非重）");
    free(s);
    s = xf_plain(&c, p->reqs[0].cond, 1, label, NULL, NULL);
    CHECK_EQ_STR(s, "已履行, or (轻 and not 重)");
    free(s);
    s = xf_plain(&c, p->steps[0].when, 0, label, NULL, NULL);
    CHECK_EQ_STR(s, "全部修复条件均满足");
    free(s);
    xf_compile_free(&c);
}

/* ------------------------------------------------- the shipped policies */

static int add_dir(xf_compile *c, const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return -1;
    struct dirent *de;
    int n = 0;
    char *names[256];
    while ((de = readdir(d)) && n < 256) {
        size_t k = strlen(de->d_name);
        if (de->d_name[0] == '.') continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (de->d_type == DT_DIR) add_dir(c, path);
        else if (k > 3 && !strcmp(de->d_name + k - 3, ".xf") && strcmp(de->d_name, "schema.xf")) names[n++] = strdup(path);
    }
    closedir(d);
    for (int i = 0; i < n; i++) {
        CHECK_EQ_INT(xf_compile_add_file(c, names[i]), 0);
        free(names[i]);
    }
    return 0;
}

static void shipped(void) {
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", __FILE__);
    char *s = strstr(dir, "/tests/unit/");
    CHECK(s != NULL);
    if (!s) return;
    strcpy(s, "/policies");
    xf_compile c;
    xf_compile_init(&c);
    CHECK_EQ_INT(xf_compile_add_schema(&c), 0);
    CHECK_EQ_INT(add_dir(&c, dir), 0);
    int errors = xf_check(&c);
    if (errors) xf_diags_print(&c.diags, stderr, XF_LANG_EN);
    CHECK_EQ_INT(errors, 0);
    CHECK(c.npolicies > 10);
    for (int i = 0; !errors && i < c.npolicies; i++) render_policy(&c, c.policies[i]);
    xf_compile_free(&c);
}

int main(void) {
    written();
    shipped();
    for (int k = 0; k <= XF_E_ALLREQ; k++) {
        if (!kinds[k]) fprintf(stderr, "expression kind %d is not rendered by any case\n", k);
        CHECK(kinds[k]);
    }
    for (int op = XF_EOP_AND; op <= XF_AGG_MAX; op++) {
        if (!ops[op]) fprintf(stderr, "operator %d is not rendered by any case\n", op);
        CHECK(ops[op]);
    }
    CHECK(rendered > 500);
    return CHECK_DONE();
}
