/* test_coverage.c — counting what the tests' decisions exercised. */
#include "strf.h"
#include "test_coverage.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "trace_codec.h"


static const xf_module *module_of_file(const xf_compile *c, int32_t file) {
    for (int i = 0; i < c->nmodules; i++)
        if (c->modules[i]->span.file == file) return c->modules[i];
    return NULL;
}

static xf_cov_item *find(const xf_coverage *cv, xf_cov_kind kind, xf_span sp) {
    for (int i = 0; i < cv->n; i++)
        if (cv->items[i].kind == kind && cv->items[i].span.file == sp.file && cv->items[i].span.start == sp.start)
            return &cv->items[i];
    return NULL;
}

/* Add an item once.  A base item reached first through an override is
 * named after the base policy when that comes along. */
static void add(xf_coverage *cv, int *cap, xf_cov_kind kind, xf_span sp, const xf_decl *pol, const char *what,
                int number) {
    const xf_module *m = module_of_file(cv->c, sp.file);
    xf_cov_item *it = find(cv, kind, sp);
    if (it) {
        if (it->policy->module != m && pol->module == m) it->policy = pol, it->what = what, it->number = number;
        return;
    }
    if (cv->n == *cap) {
        int ncap = *cap ? *cap * 2 : 64;
        xf_cov_item *v = realloc(cv->items, sizeof *v * (size_t)ncap);
        if (!v) return;
        cv->items = v, *cap = ncap;
    }
    cv->items[cv->n++] = (xf_cov_item){.kind = kind, .span = sp, .module = m, .policy = pol, .what = what,
                                       .number = number};
}

int xf_coverage_init(xf_coverage *cv, xf_compile *c) {
    memset(cv, 0, sizeof *cv);
    cv->c = c;
    int cap = 0;
    for (int p = 0; p < c->npolicies; p++) {
        const xf_decl *pol = c->policies[p];
        for (int i = 0; i < pol->nsteps; i++)
            add(cv, &cap, XF_COV_STEP, pol->steps[i].span, pol, pol->steps[i].outcome, i + 1);
        for (int i = 0; i < pol->nlets; i++)
            for (int k = 0; k < pol->lets[i].nexcepts; k++)
                add(cv, &cap, XF_COV_EXCEPT, pol->lets[i].excepts[k].span, pol, pol->lets[i].name, k + 1);
        for (int i = 0; i < pol->nreqs; i++) add(cv, &cap, XF_COV_REQUIRE, pol->reqs[i].span, pol, pol->reqs[i].name, 0);
    }
    return 0;
}

void xf_coverage_free(xf_coverage *cv) {
    free(cv->items);
    memset(cv, 0, sizeof *cv);
}

static const xf_decl *policy_named(const xf_compile *c, const char *name) {
    for (int i = 0; name && i < c->npolicies; i++)
        if (!strcmp(c->policies[i]->name, name)) return c->policies[i];
    return NULL;
}

int xf_coverage_note(xf_coverage *cv, sqlite3 *out, int64_t run, const char *policy, const char *step,
                     const void *trace, int trace_len, char **errmsg) {
    const xf_decl *pol = policy_named(cv->c, policy);
    if (!pol) return xf_failf(errmsg, "decision of an unknown policy '%s'", policy ? policy : "");
    int st = step ? atoi(step) : 0;
    if (st >= 1 && st <= pol->nsteps) {
        xf_cov_item *it = find(cv, XF_COV_STEP, pol->steps[st - 1].span);
        if (it) it->hit = 1;
    }
    if (!trace || trace_len <= 0) return 0;

    /* the slots that say which exception applied and whether a requirement held */
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(out,
                           "SELECT slot, kind, idx, (SELECT max(slot) + 1 FROM trace_point WHERE run = ?1 AND policy = ?2)"
                           " FROM trace_point WHERE run = ?1 AND policy = ?2 AND kind IN ('except', 'require')",
                           -1, &q, NULL) != SQLITE_OK)
        return xf_failf(errmsg, "trace_point: %s", sqlite3_errmsg(out));
    sqlite3_bind_int64(q, 1, run);
    sqlite3_bind_text(q, 2, policy, -1, SQLITE_STATIC);
    int64_t *val = NULL;
    uint8_t *state = NULL;
    int nslots = 0, rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (!val) {
            nslots = sqlite3_column_int(q, 3);
            val = calloc((size_t)nslots + 1, sizeof *val);
            state = calloc((size_t)nslots + 1, 1);
            if (!val || !state) break;
            if (xf_trace_decode(trace, (size_t)trace_len, nslots, val, state) != 0) {
                free(val), free(state);
                sqlite3_finalize(q);
                return xf_failf(errmsg, "a decision of %s has a trace that cannot be read", policy);
            }
        }
        int slot = sqlite3_column_int(q, 0), idx = sqlite3_column_int(q, 2);
        const char *kind = (const char *)sqlite3_column_text(q, 1);
        if (slot < 0 || slot >= nslots || state[slot] != 2 || !kind) continue;
        if (!strcmp(kind, "except") && idx >= 0 && idx < pol->nlets) {
            int64_t v = val[slot];  /* 0: none applied; i: the i-th exception */
            if (v >= 1 && v <= pol->lets[idx].nexcepts) {
                xf_cov_item *it = find(cv, XF_COV_EXCEPT, pol->lets[idx].excepts[v - 1].span);
                if (it) it->hit = 1;
            }
        } else if (!strcmp(kind, "require") && idx >= 0 && idx < pol->nreqs) {
            xf_cov_item *it = find(cv, XF_COV_REQUIRE, pol->reqs[idx].span);
            if (it && val[slot]) it->met = 1;
            else if (it) it->unmet = 1;
        }
    }
    int ok = rc == SQLITE_DONE || rc == SQLITE_ROW;
    if (!ok) xf_failf(errmsg, "trace_point: %s", sqlite3_errmsg(out));
    else if (nslots && (!val || !state)) ok = 0, xf_failf(errmsg, "out of memory");
    free(val), free(state);
    sqlite3_finalize(q);
    return ok ? 0 : -1;
}

/* ---- the report ---- */

static int covered(const xf_cov_item *it) { return it->kind == XF_COV_REQUIRE ? it->met && it->unmet : it->hit; }

static void where(const xf_compile *c, xf_span sp, char *buf, size_t cap) {
    int line = 0, col = 0;
    if (sp.file >= 0 && sp.file < c->diags.nsrc) {
        xf_source_linecol(&c->diags.src[sp.file], sp.start, &line, &col);
        snprintf(buf, cap, "%s:%d", c->diags.src[sp.file].path, line);
    } else {
        snprintf(buf, cap, "?");
    }
}

static void report_gap(const xf_coverage *cv, const xf_cov_item *it, FILE *f, int en) {
    char at[1100];
    where(cv->c, it->span, at, sizeof at);
    const char *pol = it->policy->name;
    switch (it->kind) {
    case XF_COV_STEP:
        if (en) fprintf(f, "    not exercised: step %d (%s) of %s (%s)\n", it->number, it->what, pol, at);
        else fprintf(f, "    未覆盖：%s 第 %d 步（%s）（%s）\n", pol, it->number, it->what, at);
        break;
    case XF_COV_EXCEPT:
        if (en) fprintf(f, "    not exercised: exception %d of %s in %s (%s)\n", it->number, it->what, pol, at);
        else fprintf(f, "    未覆盖：%s 中“%s”的第 %d 个例外（%s）\n", pol, it->what, it->number, at);
        break;
    case XF_COV_REQUIRE: {
        const char *how = !it->met && !it->unmet ? (en ? "never seen" : "从未求值")
                          : !it->met             ? (en ? "never met" : "从未满足")
                                                 : (en ? "never unmet" : "从未不满足");
        if (en) fprintf(f, "    not exercised: requirement %s of %s %s (%s)\n", it->what, pol, how, at);
        else fprintf(f, "    未覆盖：%s 的要求“%s”%s（%s）\n", pol, it->what, how, at);
        break;
    }
    }
}

int xf_coverage_report(const xf_coverage *cv, FILE *f, xf_lang lang, int min_percent) {
    const xf_compile *c = cv->c;
    int en = lang == XF_LANG_EN, below = 0;
    fprintf(f, en ? "coverage:\n" : "覆盖率：\n");
    for (int m = 0; m < c->nmodules; m++) {
        const xf_module *mod = c->modules[m];
        int policies = 0;
        for (int p = 0; p < c->npolicies; p++) policies += c->policies[p]->module == mod;
        if (!policies) continue;  /* schema, parameters: nothing to exercise */
        int have[3] = {0}, total[3] = {0};
        for (int i = 0; i < cv->n; i++)
            if (cv->items[i].module == mod) total[cv->items[i].kind]++, have[cv->items[i].kind] += covered(&cv->items[i]);
        int all = total[0] + total[1] + total[2], got = have[0] + have[1] + have[2];
        int percent = all ? got * 100 / all : 100;  /* rounded down: 99.5% is not 100% */
        const char *name = mod->name ? mod->name : mod->path;
        if (en)
            fprintf(f, "  %s: steps %d/%d, exceptions %d/%d, requirements %d/%d = %d%%\n", name, have[0], total[0],
                    have[1], total[1], have[2], total[2], percent);
        else
            fprintf(f, "  %s：步骤 %d/%d，例外 %d/%d，要求 %d/%d = %d%%\n", name, have[0], total[0], have[1], total[1],
                    have[2], total[2], percent);
        for (int i = 0; i < cv->n; i++)
            if (cv->items[i].module == mod && !covered(&cv->items[i])) report_gap(cv, &cv->items[i], f, en);
        if ((long)got * 100 < (long)min_percent * all) below++;
    }
    return below;
}
