/* unmatched.c — the warning a run gives when a policy's scope (its `where`,
 * and an override's own) matched no record of the database: a provincial
 * policy run on another province's records, or a region code mistyped,
 * would otherwise decide nothing without a word. */
#include <stdio.h>
#include <string.h>

#include "plan.h"

/* Another policy of the plan took policy i's records: an override of it,
 * or another regime of the same rules (which one decides a record can
 * depend on the record's own day), that decided something.  Policy i
 * deciding nothing then says nothing about its scope. */
static int handed_on(const xf_plan *p, const int64_t *decided, int i) {
    const xf_bound *b = p->bound;
    for (int j = 0; j < p->npol; j++)
        if (decided[j] && b->rel[p->pol[i].index * b->npol + p->pol[j].index] & XF_REL_HANDS_ON) return 1;
    return 0;
}

int xf_plan_report_unmatched(const xf_plan *p, const int64_t *decided, xf_lang lang, FILE *f) {
    int n = 0, en = lang == XF_LANG_EN;
    for (int i = 0; i < p->npol; i++) {
        const xf_bound_policy *d = &p->bound->pol[p->pol[i].index];
        if (decided[i] || xf_when_by_record_day(&d->when, p->as_of) || handed_on(p, decided, i)) continue;
        const char *where = d->scope ? d->scope : "", *table = p->specs[d->table].table;
        if (en)
            fprintf(f, "xiufu run: warning: policy %s decided nothing: its scope (where %s) matched no record of "
                       "table %s in the records database; check that its conditions (a region code, a sector) fit "
                       "these records\n", d->name, *where ? where : "…", table);
        else
            fprintf(f, "xiufu run：警告：政策 %s 没有作出任何决定：它的适用范围（where %s）没有匹配记录库中 %s "
                       "表的任何记录；请检查其条件（地区代码、行业等）是否与这些记录相符\n",
                    d->name, *where ? where : "…", table);
        n++;
    }
    return n;
}
