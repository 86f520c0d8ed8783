/* explain_text.c — an explanation as lines in Chinese or English, and those
 * lines as plain text (explain.h).
 *
 * The lines follow a reviewer's questions in order: what was decided and
 * on which basis; how the dates were computed (and which exception set a
 * period); which requirements hold, with the values read; for a decision
 * that is not final, what it still waits for; how the ladder got to its
 * step; and last the full trace, rule by rule as written.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strf.h"
#include "dates.h"
#include "explain.h"

typedef struct W {
    xf_ex_doc            *d;
    const xf_explanation *ex;
    int                   en;
} W;

#define T(zh, en_) (w->en ? (en_) : (zh))

/* ------------------------------------------------------------------ lines */

static void add(W *w, int kind, int level, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void add(W *w, int kind, int level, const char *fmt, ...) {
    xf_ex_doc *d = w->d;
    if (d->oom) return;
    if (d->n == d->cap) {
        int cap = d->cap ? d->cap * 2 : 64;
        xf_ex_line *l = realloc(d->l, sizeof *l * (size_t)cap);
        if (!l) {
            d->oom = 1;
            return;
        }
        d->l = l, d->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    char *s = xf_vstrf(fmt, ap);
    va_end(ap);
    if (!s) {
        d->oom = 1;
        return;
    }
    d->l[d->n++] = (xf_ex_line){kind, level, s};
}

/* A line built in a buffer; the buffer is emptied. */
static void add_buf(W *w, int kind, int level, xf_ex_buf *b) {
    if (b->oom) w->d->oom = 1;
    add(w, kind, level, "%s", b->p ? b->p : "");
    b->n = 0;
    if (b->p) b->p[0] = 0;
}

void xf_ex_doc_free(xf_ex_doc *d) {
    for (int i = 0; i < d->n; i++) free(d->l[i].text);
    free(d->l);
    memset(d, 0, sizeof *d);
}

/* ------------------------------------------------------------ phrases */

static const char *base_name(const char *path) {
    const char *s = path ? strrchr(path, '/') : NULL;
    return s ? s + 1 : path ? path : "";
}

static const char *sep(const W *w) { return T("，", "; "); }

/* "公示日期 p.published = 2026-01-10" (label only in Chinese). */
static void say_slot(W *w, xf_ex_buf *b, const xf_ex_slot *s, int label) {
    char v[256];
    if (s->kind == XF_EXK_AGG) {
        /* "exists q in p.entity.penalty where ..." is long: its head is enough */
        const char *where = s->name ? strstr(s->name, " where ") : NULL;
        if (where && label) xf_ex_printf(b, "%.*s …", (int)(where - s->name), s->name);
        else xf_ex_puts(b, s->name);
        xf_ex_printf(b, " = %s", xf_ex_value(s, w->en, v, sizeof v));
        const xf_ex_slot *wit = xf_ex_witness_of(w->ex, s);
        if (wit && wit->state == 2) xf_ex_printf(b, T("（%s:%lld）", " (%s:%lld)"), wit->tab ? wit->tab : "?", (long long)wit->value);
        return;
    }
    if (label && !w->en && s->label) xf_ex_printf(b, "%s ", s->label);
    xf_ex_printf(b, "%s = %s", s->name ? s->name : "?", xf_ex_value(s, w->en, v, sizeof v));
}

/* "（轻微 = 否，严重领域 = 是）" */
static void say_refs(W *w, xf_ex_buf *b, const xf_ex_refs *r) {
    int shown = 0;
    for (int i = 0; i < r->n; i++) {
        const xf_ex_slot *s = r->s[i];
        if (s->state == 0 || s->kind == XF_EXK_PARAM) continue;
        xf_ex_puts(b, shown ? sep(w) : T("（", " ("));
        say_slot(w, b, s, 1);
        shown++;
    }
    if (shown) xf_ex_puts(b, T("）", ")"));
}

/* "读取：a = 1，b = 2" */
static void say_reads(W *w, xf_ex_buf *b, const xf_ex_refs *r) {
    int shown = 0;
    for (int i = 0; i < r->n; i++) {
        const xf_ex_slot *s = r->s[i];
        if (s->state == 0 || s->kind == XF_EXK_PARAM) continue;
        xf_ex_puts(b, shown ? sep(w) : T("读取：", "reads: "));
        say_slot(w, b, s, 1);
        shown++;
    }
}

static void say_step(W *w, xf_ex_buf *b, const xf_ex_step *st) {
    xf_ex_printf(b, T("第 %d 步", "step %d"), st->index + 1);
    const char *what = st->head ? st->head : st->stmt ? st->stmt : st->outcome;
    if (what) xf_ex_printf(b, T("「%s」", " (%s)"), what);
}

/* An expression in the reader's words, or as written when it has none. */
static const char *pl(const W *w, const char *const plain[2], const char *written) {
    return plain[w->en] ? plain[w->en] : written ? written : "?";
}

/* The rule syntax of what was just said in plain words, for authors: only
 * when it says more than the words (not for a literal or a name). */
static void formula(W *w, int level, int compound, const char *written) {
    if (compound && written) add(w, XF_EXL_FORMULA, level, "%s", written);
}

static void rule(W *w, int level, int line, const char *text) {
    if (!text) return;
    if (line > 0) add(w, XF_EXL_RULE, level, "%d│ %s", line, text);
    else add(w, XF_EXL_RULE, level, "%s", text);
}

/* A citation; in English each article also as "Article 11 (第十一条)". */
static void basis(W *w, int level, const char *citation) {
    if (!citation || !*citation) return;
    if (!w->en) {
        add(w, XF_EXL_BASIS, level, "%s", citation);
        return;
    }
    xf_ex_buf b = {0};
    xf_ex_cite_en(&b, citation);
    add_buf(w, XF_EXL_BASIS, level, &b);
    xf_ex_buf_free(&b);
}

/* ------------------------------------------------------------ arithmetic */

static void day_or_none(W *w, xf_ex_buf *b, int has, int64_t day) {
    char d[11];
    xf_ex_puts(b, has ? xf_ex_day(day, d) : T("无", "none"));
}

/* An operand: a traced value with its name, a literal, or a result. */
static void operand(W *w, xf_ex_buf *b, const xf_ex_node *n) {
    char v[64];
    if (n->op != XF_EXN_LEAF) {
        if (n->text) xf_ex_printf(b, "%s ", pl(w, n->plain, n->text));
        day_or_none(w, b, n->has, n->value);
        return;
    }
    if (n->slot) xf_ex_printf(b, "%s ", pl(w, n->plain, n->text));
    if (!n->has) xf_ex_puts(b, T("无", "none"));
    else if (n->duration) xf_ex_puts(b, xf_ex_duration(n->value, w->en, v, sizeof v));
    else day_or_none(w, b, 1, n->value);
}

/* One line per computing node, inner ones first. */
static void calc_lines(W *w, const xf_ex_node *n, int level) {
    if (!n || n->op == XF_EXN_LEAF) return;
    for (int i = 0; i < n->nargs; i++) calc_lines(w, n->args[i], level);
    xf_ex_buf b = {0};
    char d1[11], d2[11];
    switch (n->op) {
    case XF_EXN_MET: case XF_EXN_LAST: case XF_EXN_ADD: case XF_EXN_SUB:
        operand(w, &b, n->args[0]);
        xf_ex_puts(&b, n->op == XF_EXN_SUB ? " − " : " + ");
        operand(w, &b, n->args[1]);
        if (!n->has) xf_ex_puts(&b, T(" → 无", " → none"));
        else if (n->op == XF_EXN_MET)
            xf_ex_printf(&b, T(" → 最后一日 %s → 自 %s 起满足", " → last day %s → met from %s"), xf_ex_day(n->last, d1),
                         xf_ex_day(n->value, d2));
        else if (n->op == XF_EXN_LAST)
            xf_ex_printf(&b, T(" → 最后一日 %s", " → last day %s"), xf_ex_day(n->value, d1));
        else
            xf_ex_printf(&b, " → %s", xf_ex_day(n->value, d1));
        break;
    case XF_EXN_LATEST: case XF_EXN_EARLIEST:
        xf_ex_puts(&b, n->op == XF_EXN_LATEST ? T("取较晚者：", "the later of ") : T("取较早者：", "the earlier of "));
        for (int i = 0; i < n->nargs; i++) {
            if (i) xf_ex_puts(&b, T("、", ", "));
            operand(w, &b, n->args[i]);
            if (!n->args[i]->has) xf_ex_puts(&b, T("（不计）", " (left out)"));
        }
        xf_ex_puts(&b, " → ");
        day_or_none(w, &b, n->has, n->value);
        break;
    case XF_EXN_COALESCE:
        operand(w, &b, n->args[0]);
        if (n->args[0]->has) {
            xf_ex_puts(&b, T("（有值）→ ", " (present) → "));
        } else {
            xf_ex_puts(&b, T("，故取 ", ", so "));
            operand(w, &b, n->args[1]);
            xf_ex_puts(&b, " → ");
        }
        day_or_none(w, &b, n->has, n->value);
        break;
    default: break;
    }
    add_buf(w, XF_EXL_TEXT, level, &b);
    xf_ex_buf_free(&b);
}

/* --------------------------------------------------------------- reasons */

static const xf_ex_let *let_of(const xf_explanation *ex, const xf_ex_slot *s) {
    for (int i = 0; i < ex->nlets; i++)
        if (ex->lets[i].slot == s) return &ex->lets[i];
    return NULL;
}

static const xf_ex_param *param_of(const xf_explanation *ex, const xf_ex_slot *s) {
    for (int i = 0; i < ex->nparams; i++)
        if (ex->params[i].slot == s) return &ex->params[i];
    return NULL;
}

/* "参数 较低数额罚款上限（p.authority_region = 310115，…）→ 适用：region "31" … = 5万元" */
static void param_line(W *w, int level, const xf_ex_param *p) {
    xf_ex_buf b = {0};
    xf_ex_printf(&b, T("参数 %s", "parameter %s"), p->slot->name);
    say_refs(w, &b, &p->args);
    if (p->slot->state == 2 && p->row) xf_ex_printf(&b, T(" → 适用：%s", " → row applied: %s"), p->row);
    else if (p->slot->state == 2 && p->slot->value == -2) xf_ex_puts(&b, T(" → 没有适用的取值", " → no value applies"));
    else if (p->slot->state == 2) xf_ex_printf(&b, T(" → 第 %lld 行", " → row %lld"), (long long)p->slot->value);
    add_buf(w, XF_EXL_TEXT, level, &b);
    basis(w, level + 1, p->row_basis);
    xf_ex_buf_free(&b);
}

typedef struct seen {
    const xf_ex_slot *s[128];
    int               n;
} seen;

static int first_time(seen *v, const xf_ex_slot *s) {
    for (int i = 0; i < v->n; i++)
        if (v->s[i] == s) return 0;
    if (v->n < 128) v->s[v->n++] = s;
    return 1;
}

/* Why the values an applied rule read are what they are: each let with its
 * expression and what that reads, down to the record; each parameter row. */
static void because(W *w, const xf_ex_refs *refs, int level, int depth, seen *v) {
    char val[256];
    for (int i = 0; depth < 5 && i < refs->n; i++) {
        const xf_ex_slot *s = refs->s[i];
        if (s->kind == XF_EXK_PARAM && first_time(v, s)) {
            const xf_ex_param *p = param_of(w->ex, s);
            if (p) param_line(w, level, p);
            continue;
        }
        const char *k = s->value_kind ? s->value_kind : "";
        if (s->kind != XF_EXK_LET || !strcmp(k, "date") || !strcmp(k, "duration") || !first_time(v, s)) continue;
        const xf_ex_let *l = let_of(w->ex, s);
        if (!l || !l->expr) continue;
        xf_ex_buf b = {0};
        xf_ex_printf(&b, T("%s = %s，因为%s", "%s = %s because %s"), s->name, xf_ex_value(s, w->en, val, sizeof val),
                     pl(w, l->plain, l->expr));
        say_refs(w, &b, &l->refs);
        add_buf(w, XF_EXL_TEXT, level, &b);
        xf_ex_buf_free(&b);
        formula(w, level + 1, l->compound, l->expr);
        basis(w, level + 1, s->basis);
        because(w, &l->refs, level + 1, depth + 1, v);
    }
}

/* ---------------------------------------------------------------- sections */

/* A `lenient on` slot: of regime idx (0 the later, i > 0 an older one; -1
 * any older one with a value) whose name ends with suffix. */
static const xf_ex_slot *lenient_slot(const xf_explanation *ex, int idx, const char *suffix) {
    size_t k = strlen(suffix);
    for (int i = 0; i < ex->nslots; i++) {
        const xf_ex_slot *s = &ex->slots[i];
        if (s->kind != XF_EXK_LENIENT || !s->name || !s->state) continue;
        if (idx >= 0 ? s->idx != idx : s->idx <= 0) continue;
        size_t n = strlen(s->name);
        if (n > k && !strcmp(s->name + n - k, suffix)) return s;
    }
    return NULL;
}

/* The policy a lenient slot is about: its name without the suffix. */
static const char *regime_name(const xf_ex_slot *s, const char *suffix, char *buf, size_t cap) {
    size_t n = strlen(s->name), k = strlen(suffix);
    n = n > k ? n - k : 0;
    if (n >= cap) n = cap - 1;
    memcpy(buf, s->name, n);
    buf[n] = 0;
    return buf;
}

static void conclusion(W *w) {
    const xf_explanation *ex = w->ex;
    char v[64];
    add(w, XF_EXL_TITLE, 0, T("决定说明 %s:%lld（%s）", "Decision %s:%lld (%s)"), ex->subject_table ? ex->subject_table : "?",
        (long long)ex->subject_id, ex->policy);
    if (ex->entity_name) add(w, XF_EXL_KEY, 0, "%s\t%s", T("经营主体", "entity"), ex->entity_name);
    add(w, XF_EXL_KEY, 0, "%s\t%s", T("统一社会信用代码", "USCC"), ex->uscc ? ex->uscc : "?");
    if (ex->decision_no) add(w, XF_EXL_KEY, 0, "%s\t%s", T("决定书文号", "decision no."), ex->decision_no);
    if (ex->authority) add(w, XF_EXL_KEY, 0, "%s\t%s", T("作出决定的机关", "authority"), ex->authority);
    for (int i = 0; i < ex->ndocs; i++) {
        const char *k = ex->doc_name[i];
        const char *zh = !strcmp(k, "decided") ? "决定日期" : !strcmp(k, "listed") ? "列入日期" : !strcmp(k, "published") ? "公示日期" : k;
        const char *en = !strcmp(k, "decided") ? "decided on" : !strcmp(k, "listed") ? "listed on" : !strcmp(k, "published") ? "published on" : k;
        add(w, XF_EXL_KEY, 0, "%s\t%s", w->en ? en : zh, ex->doc_value[i]);
    }
    add(w, XF_EXL_KEY, 0, T("评估日\t%s（运行 %lld）", "as of\t%s (run %lld)"), ex->as_of ? ex->as_of : "?", (long long)ex->run);
    add(w, XF_EXL_OUTCOME, 0, "%s\t%s\t%s", T("结论", "outcome"), ex->outcome ? ex->outcome : "-",
        ex->outcome ? xf_ex_outcome_name(ex->outcome, w->en) : T("无（运行错误）", "none (runtime error)"));
    if (ex->basis && w->en) {
        xf_ex_buf b = {0};
        xf_ex_puts(&b, "basis\t");
        xf_ex_cite_en(&b, ex->basis);
        add_buf(w, XF_EXL_KEY, 0, &b);
        xf_ex_buf_free(&b);
    } else if (ex->basis) {
        add(w, XF_EXL_KEY, 0, "%s\t%s", "依据", ex->basis);
    }
    const xf_ex_step *st = ex->step > 0 && ex->step <= ex->nsteps ? &ex->steps[ex->step - 1] : NULL;
    if (ex->older_taken) {
        const xf_ex_slot *older = lenient_slot(ex, -1, " step");
        char name[256];
        if (older && older->state == 2)
            add(w, XF_EXL_KEY, 0, T("决定步骤\t%s 第 %lld 步（旧制度，从旧兼从轻）", "deciding step\t%s step %lld (the older regime, lenient on)"),
                regime_name(older, " step", name, sizeof name), (long long)older->value);
    } else if (st) {
        xf_ex_buf b = {0};
        xf_ex_printf(&b, T("第 %d 步", "step %d"), st->index + 1);
        if (st->stmt || st->outcome) xf_ex_printf(&b, T("「%s」", " (%s)"), st->stmt ? st->stmt : st->outcome);
        add(w, XF_EXL_KEY, 0, "%s\t%s", T("决定步骤", "deciding step"), b.p ? b.p : "");
        xf_ex_buf_free(&b);
    } else if (ex->step) {
        add(w, XF_EXL_KEY, 0, T("决定步骤\t第 %d 步", "deciding step\tstep %d"), ex->step);
    }
    add(w, XF_EXL_KEY, 0, "%s\t%s", T("满足时间条件之日（eligible_from）", "eligible from"),
        ex->eligible_from ? ex->eligible_from : T("无", "none"));
    add(w, XF_EXL_KEY, 0, "%s\t%s", T("停止公示之日（stops_on）", "stops on"), ex->stops_on ? ex->stops_on : T("无", "none"));
    for (int i = 0; i < ex->nfields; i++)
        if (ex->field_name[i] && ex->field_value[i]) add(w, XF_EXL_KEY, 0, "%s\t%s", ex->field_name[i], ex->field_value[i]);
    if (ex->error) add(w, XF_EXL_KEY, 0, "%s\t%s", T("运行错误", "runtime error"), ex->error);
    (void)v;
}

/* How a step's day was computed: the let it names, or its own expression. */
static void day_calc(W *w, const xf_ex_step *st, int level) {
    const xf_explanation *ex = w->ex;
    const xf_ex_let *named = NULL;
    for (int i = 0; st->time_expr && i < ex->nlets; i++)
        if (!strcmp(ex->lets[i].slot->name, st->time_expr)) named = &ex->lets[i];
    if (named && named->calc) {
        add(w, XF_EXL_EXPR, level, "%s = %s", named->slot->name, pl(w, named->plain, named->expr));
        if (named->compound) add(w, XF_EXL_FORMULA, level, "%s = %s", named->slot->name, named->expr);
        calc_lines(w, named->calc, level);
    } else if (st->calc) {
        add(w, XF_EXL_EXPR, level, "%s", pl(w, st->time_plain, st->time_expr));
        formula(w, level, st->time_compound, st->time_expr);
        calc_lines(w, st->calc, level);
    }
}

/* Why the deciding step applied: its condition and what that read, its day
 * and how that day was computed. */
static void reason(W *w) {
    const xf_explanation *ex = w->ex;
    const xf_ex_step *st = ex->step > 0 && ex->step <= ex->nsteps ? &ex->steps[ex->step - 1] : NULL;
    if (!st || ex->older_taken || (!st->when_text && !st->when && !st->time_kind)) return;  /* the older regime: lenient() */
    add(w, XF_EXL_SECTION, 0, T("决定理由", "Why this outcome"));
    xf_ex_buf b = {0};
    char d[11];
    xf_ex_printf(&b, T("第 %d 步", "step %d"), st->index + 1);
    if (st->head) xf_ex_printf(&b, T("「%s」", " (%s)"), st->head);
    xf_ex_puts(&b, T("适用：", " applies: "));
    xf_ex_puts(&b, xf_ex_outcome_name(ex->outcome, w->en));
    add_buf(w, XF_EXL_TEXT, 0, &b);
    basis(w, 1, st->basis);
    if (st->allreq) {
        for (int i = 0; i < ex->nreqs; i++)
            xf_ex_printf(&b, "%s%s", i ? T("、", ", ") : T("修复条件全部满足：", "every requirement is met: "), ex->reqs[i].slot->name);
        if (ex->nreqs) add_buf(w, XF_EXL_MET, 1, &b);
    } else if (st->when_text) {
        add(w, XF_EXL_MET, 1, T("条件成立：%s", "the condition holds: %s"), pl(w, st->when_plain, st->when_text));
        formula(w, 2, st->when_compound, st->when_text);
        /* the record's values it read; lets are taken apart below */
        const xf_ex_slot *direct[64];
        xf_ex_refs cols = {0, direct};
        for (int i = 0; i < st->when_refs.n && cols.n < 64; i++)
            if (st->when_refs.s[i]->kind != XF_EXK_LET) direct[cols.n++] = st->when_refs.s[i];
        say_reads(w, &b, &cols);
        if (b.n) add_buf(w, XF_EXL_TEXT, 2, &b);
        seen v = {.n = 0};
        because(w, &st->when_refs, 2, 0, &v);
    }
    if (st->time_kind && st->has_day) {
        if (st->time_kind == 'f')
            add(w, XF_EXL_MET, 1, T("时间条件：自 %s 起（评估日 %s 已到）", "time condition: from %s (reached on the evaluation day %s)"),
                xf_ex_day(st->day, d), ex->as_of);
        else
            add(w, XF_EXL_MET, 1, T("时间条件：至 %s 前（评估日 %s 尚未到该日）", "time condition: until %s (the evaluation day %s is before it)"),
                xf_ex_day(st->day, d), ex->as_of);
        day_calc(w, st, 2);
    }
    xf_ex_buf_free(&b);
}

static void regime(W *w) {
    const xf_explanation *ex = w->ex;
    if (!ex->period && !ex->supersedes && !ex->effective) return;
    add(w, XF_EXL_SECTION, 0, T("适用的规则", "Which rules apply"));
    if (ex->file) add(w, XF_EXL_TEXT, 0, T("政策 %s（%s）", "policy %s (%s)"), ex->policy, base_name(ex->file));
    else add(w, XF_EXL_TEXT, 0, T("政策 %s", "policy %s"), ex->policy);
    if (ex->period) add(w, XF_EXL_RULE, 1, "%s", ex->period);
    if (ex->supersedes)
        add(w, XF_EXL_TEXT, 1, T("取代 %s：在本政策施行期间，由本政策而不是 %s 决定", "supersedes %s: within this policy's period it decides, not %s"),
            ex->supersedes, ex->supersedes);
    const xf_ex_slot *e = ex->effective;
    if (!e || e->state != 2) return;
    char d[11];
    add(w, XF_EXL_TEXT, 0, T("据以确定适用制度的日期 = %s", "the day that chose the regime = %s"), xf_ex_day(e->value, d));
    /* effective from D [until E]: is the day inside? */
    const char *from = ex->period ? strstr(ex->period, "from ") : NULL;
    const char *until = ex->period ? strstr(ex->period, "until ") : NULL;
    int64_t f = 0, u = 0;
    int has_f = from && xf_date_parse(from + 5, 10, &f) == XF_DATE_OK;
    int has_u = until && xf_date_parse(until + 6, 10, &u) == XF_DATE_OK;
    if (has_f || has_u) {
        int inside = (!has_f || e->value >= f) && (!has_u || e->value <= u);
        if (inside)
            add(w, XF_EXL_TEXT, 1, T("该日在本政策的施行期间内，故由本政策决定", "that day falls within this policy's period, so this policy decides"));
        else
            add(w, XF_EXL_TEXT, 1, T("该日不在本政策的施行期间内", "that day falls outside this policy's period"));
    }
    if (ex->effective_expr) {
        add(w, XF_EXL_RULE, 1, "%d│ effective on %s", e->line, ex->effective_expr);
        xf_ex_buf b = {0};
        say_reads(w, &b, &ex->effective_refs);
        if (b.n) add_buf(w, XF_EXL_TEXT, 1, &b);
        xf_ex_buf_free(&b);
        seen v = {.n = 0};
        because(w, &ex->effective_refs, 1, 0, &v);
    }
}

/* `lenient on` (从旧兼从轻): each regime's decision, and what was taken. */
static void lenient(W *w) {
    const xf_explanation *ex = w->ex;
    const xf_ex_slot *day = ex->lenient_day;
    if (!day) return;
    char d[11], name[256], v[256];
    add(w, XF_EXL_SECTION, 0, T("从旧兼从轻：新旧制度逐项比较", "The older regime where it is more favourable (lenient on)"));
    if (day->state == 2)
        add(w, XF_EXL_TEXT, 0, T("记录本身的日期 = %s：当日施行的旧制度也适用于本记录，其较早的日期逐项采用",
                                 "the record's own day = %s: the older regime in force that day is applied too, and each of its earlier dates is kept"),
            xf_ex_day(day->value, d));
    if (ex->lenient_expr) add(w, XF_EXL_RULE, 1, "%d│ %s", day->line, ex->lenient_expr);
    else if (day->source) add(w, XF_EXL_RULE, 1, "%d│ %s", day->line, day->source);
    for (int idx = 0; idx < 64; idx++) {
        const xf_ex_slot *o = lenient_slot(ex, idx, " outcome");
        if (!o) {
            if (idx) break;
            continue;
        }
        const xf_ex_slot *st = lenient_slot(ex, idx, " step"), *e = lenient_slot(ex, idx, " eligible_from"),
                         *so = lenient_slot(ex, idx, " stops_on");
        regime_name(o, " outcome", name, sizeof name);
        add(w, XF_EXL_TEXT, 0, idx ? T("%s（记录之日施行的旧制度）", "%s (the older regime, in force on the record's day)")
                                   : T("%s（评估日施行的制度）", "%s (the regime in force on the evaluation day)"), name);
        if (o->state == 2)
            add(w, XF_EXL_TEXT, 1, T("结论 %s（第 %lld 步）", "outcome %s (step %lld)"), xf_ex_value(o, w->en, v, sizeof v),
                st && st->state == 2 ? (long long)st->value : 0LL);
        else
            add(w, XF_EXL_TEXT, 1, T("没有步骤适用", "no step applied"));
        add(w, XF_EXL_TEXT, 1, "eligible_from = %s, stops_on = %s",
            e && e->state == 2 ? xf_ex_day(e->value, d) : T("无", "none"),
            so && so->state == 2 ? xf_ex_day(so->value, (char[11]){0}) : T("无", "none"));
    }
    const xf_ex_slot *older = lenient_slot(ex, -1, " outcome");
    if (!older) return;
    regime_name(older, " outcome", name, sizeof name);
    if (ex->older_taken)
        add(w, XF_EXL_MET, 0, T("采用旧制度 %s 的结论与依据", "taken: the outcome and basis of the older regime %s"), name);
    else
        add(w, XF_EXL_TEXT, 0, T("采用评估日施行的制度的结论与依据", "taken: the outcome and basis of the regime in force on the evaluation day"));
    const char *fields[2] = {" eligible_from", " stops_on"};
    const char *final[2] = {ex->eligible_from, ex->stops_on};
    for (int f = 0; f < 2; f++) {
        const xf_ex_slot *os = lenient_slot(ex, -1, fields[f]), *ls = lenient_slot(ex, 0, fields[f]);
        char od[11] = "", ld[11] = "";
        if (os && os->state == 2) xf_ex_day(os->value, od);
        if (ls && ls->state == 2) xf_ex_day(ls->value, ld);
        const char *got = final[f] ? final[f] : "";
        const char *from = !strcmp(od, ld) ? T("两者相同", "the same under both")
                           : !strcmp(got, od) ? T("取自旧制度（较早）", "from the older regime (earlier)")
                                              : T("取自评估日施行的制度", "from the regime in force on the evaluation day");
        add(w, XF_EXL_TEXT, 1, "%s = %s: %s", fields[f] + 1, final[f] ? final[f] : T("无", "none"), from);
    }
}

static int shown_in_dates(const xf_ex_let *l) {
    const char *k = l->slot->value_kind ? l->slot->value_kind : "";
    return l->except || !strcmp(k, "date") || !strcmp(k, "duration");
}

/* "适用例外：严重时，取1年（严重 = 是）" */
static void except_line(W *w, xf_ex_buf *b, const xf_ex_except *x, const char *head) {
    xf_ex_puts(b, head);
    if (w->en) xf_ex_printf(b, "%s when %s", pl(w, x->value_plain, x->value), pl(w, x->cond_plain, x->cond));
    else xf_ex_printf(b, "%s时，取%s", pl(w, x->cond_plain, x->cond), pl(w, x->value_plain, x->value));
    say_refs(w, b, &x->refs);
    add_buf(w, XF_EXL_TEXT, 1, b);
}

static void exceptions(W *w, const xf_ex_let *l, seen *v) {
    if (!l->except) return;
    xf_ex_buf b = {0};
    if (l->chosen > 0 && l->chosen <= l->nexcepts) {
        const xf_ex_except *x = &l->ex[l->chosen - 1];
        except_line(w, &b, x, T("适用例外：", "exception applied: "));
        formula(w, 2, x->compound, x->stmt);
        basis(w, 2, x->basis);
        because(w, &x->refs, 2, 0, v);
        add(w, XF_EXL_TEXT, 1, T("一般规定为%s", "the general rule is %s"), pl(w, l->plain, l->expr));
        formula(w, 2, l->compound, l->expr);
        basis(w, 2, l->slot->basis);
    } else if (l->chosen == 0) {
        add(w, XF_EXL_TEXT, 1, T("按一般规定：%s", "by the general rule: %s"), pl(w, l->plain, l->expr ? l->expr : l->stmt));
        formula(w, 2, l->compound, l->expr);
        if (!l->nexcepts) add(w, XF_EXL_TEXT, 1, T("未适用任何例外", "no exception applied"));
        basis(w, 2, l->slot->basis);
        for (int i = 0; i < l->nexcepts; i++) {
            const xf_ex_except *x = &l->ex[i];
            except_line(w, &b, x, T("未适用例外：", "exception not applied: "));
            formula(w, 2, x->compound, x->stmt);
            because(w, &x->refs, 2, 0, v);
        }
    } else if (l->chosen > 0) {
        add(w, XF_EXL_TEXT, 1, T("适用第 %d 项例外（规则原文不可得）", "exception %d applied (its text is not available)"), l->chosen);
    } else {
        add(w, XF_EXL_TEXT, 1, T("追踪未记录适用了哪一项例外", "the trace does not say which exception applied"));
    }
    xf_ex_buf_free(&b);
}

static void dates(W *w) {
    const xf_explanation *ex = w->ex;
    int any = 0;
    for (int i = 0; i < ex->nlets; i++) any |= shown_in_dates(&ex->lets[i]) && ex->lets[i].slot->state;
    for (int i = 0; i < ex->nsteps; i++) any |= ex->steps[i].calc && ex->steps[i].day_traced;
    if (!any) return;
    add(w, XF_EXL_SECTION, 0, T("日期与期限", "Dates and periods"));
    char val[256];
    seen v = {.n = 0};
    for (int i = 0; i < ex->nlets; i++) {
        const xf_ex_let *l = &ex->lets[i];
        if (!shown_in_dates(l) || !l->slot->state) continue;
        add(w, XF_EXL_TEXT, 0, "%s = %s", l->slot->name, xf_ex_value(l->slot, w->en, val, sizeof val));
        if (l->calc || (!l->except && l->expr)) {
            add(w, XF_EXL_EXPR, 1, "%s", pl(w, l->plain, l->expr));
            formula(w, 1, l->compound, l->expr);
            if (l->calc) calc_lines(w, l->calc, 1);
        }
        exceptions(w, l, &v);
        if (!l->except) basis(w, 1, l->slot->basis);
    }
    for (int i = 0; i < ex->nsteps; i++) {
        const xf_ex_step *st = &ex->steps[i];
        if (!st->calc || !st->day_traced) continue;
        char d[11];
        add(w, XF_EXL_TEXT, 0, T("第 %d 步的%s日期 = %s", "step %d, %s day = %s"), i + 1,
            st->time_kind == 'u' ? T("截止", "until") : T("起始", "from"), xf_ex_day(st->day, d));
        add(w, XF_EXL_EXPR, 1, "%s", pl(w, st->time_plain, st->time_expr));
        formula(w, 1, st->time_compound, st->time_expr);
        calc_lines(w, st->calc, 1);
    }
}

static void requirement_values(W *w, const xf_ex_req *r, int level) {
    xf_ex_buf b = {0};
    for (int i = 0; i < r->refs.n; i++) {
        const xf_ex_slot *s = r->refs.s[i];
        if (s->state == 0 || s->kind == XF_EXK_PARAM) continue;
        say_slot(w, &b, s, 1);
        add_buf(w, XF_EXL_TEXT, level, &b);
    }
    xf_ex_buf_free(&b);
}

static const char *met_word(W *w, const xf_ex_req *r) {
    return r->cls == XF_EXR_MET ? T("满足", "met") : r->cls == XF_EXR_UNKNOWN ? T("未求值", "not evaluated") : T("未满足", "not met");
}

static void requirements(W *w) {
    const xf_explanation *ex = w->ex;
    if (!ex->nreqs) return;
    add(w, XF_EXL_SECTION, 0, T("修复条件", "Requirements"));
    for (int i = 0; i < ex->nreqs; i++) {
        const xf_ex_req *r = &ex->reqs[i];
        add(w, r->cls == XF_EXR_MET ? XF_EXL_MET : XF_EXL_UNMET, 0, T("%s：%s", "%s: %s"), r->slot->name, met_word(w, r));
        basis(w, 1, r->slot->basis);
        if (r->expr) {
            add(w, XF_EXL_EXPR, 1, "%s", pl(w, r->plain, r->expr));
            formula(w, 1, r->compound, r->expr);
        }
        requirement_values(w, r, 1);
    }
}

/* What an unmet requirement waits for. */
static void unmet_detail(W *w, const xf_ex_req *r, int level) {
    const xf_explanation *ex = w->ex;
    xf_ex_buf b = {0};
    char val[64];
    switch (r->cls) {
    case XF_EXR_ACT:
        add(w, XF_EXL_UNMET, level, T("需当事人行动：%s", "needs the entity to act: %s"), r->slot->name);
        for (int i = 0; i < r->act.n; i++) {
            const xf_ex_slot *s = r->act.s[i];
            if (!w->en && s->label) xf_ex_printf(&b, "%s ", s->label);
            if (s->state == 1) xf_ex_printf(&b, T("%s：无记录", "%s: not recorded"), s->name);
            else
                xf_ex_printf(&b, T("%s：%s，晚于评估日 %s", "%s: %s, after the evaluation day %s"), s->name,
                             xf_ex_value(s, w->en, val, sizeof val), ex->as_of);
            add_buf(w, XF_EXL_TEXT, level + 1, &b);
        }
        break;
    case XF_EXR_RECORD:
        add(w, XF_EXL_UNMET, level, T("受另一记录影响：%s —— %s:%lld（另见该记录的说明）", "blocked by another record: %s — %s:%lld (see its own explanation)"),
            r->slot->name, r->witness->tab ? r->witness->tab : "?", (long long)r->witness->value);
        add(w, XF_EXL_TEXT, level + 1, T("不能仅凭时间或当事人对本记录的行动而满足", "neither time nor the entity's action on this record meets it"));
        break;
    case XF_EXR_UNKNOWN:
        add(w, XF_EXL_UNMET, level, T("%s：未求值", "%s: not evaluated"), r->slot->name);
        break;
    default:
        add(w, XF_EXL_UNMET, level, T("未满足：%s", "not met: %s"), r->slot->name);
        break;
    }
    seen v = {.n = 0};
    because(w, &r->refs, level + 1, 0, &v);
    basis(w, level + 1, r->slot->basis);
    xf_ex_buf_free(&b);
}

static void why_not(W *w) {
    const xf_explanation *ex = w->ex;
    if (!ex->outcome || strcmp(ex->outcome, "not_yet") || !ex->traced) return;
    add(w, XF_EXL_SECTION, 0, T("为何尚不能修复", "Why not yet"));
    char d[11];
    const xf_ex_step *dec = ex->step > 0 && ex->step <= ex->nsteps ? &ex->steps[ex->step - 1] : NULL;
    if (dec && dec->time_kind == 'u' && dec->has_day)
        add(w, XF_EXL_TEXT, 0, T("本结论只适用到 %s 前（第 %d 步的 until 条件）；自 %s 起不再适用。", "This outcome holds only until %s (the until condition of step %d); from %s it no longer applies."),
            xf_ex_day(dec->day, d), dec->index + 1, xf_ex_day(dec->day, d));
    xf_ex_buf b = {0};
    for (int i = 0; i < ex->nroutes; i++) {
        const xf_ex_route *rt = &ex->routes[i];
        const xf_ex_step *st = rt->step;
        if (w->en) xf_ex_printf(&b, "route to %s — ", st->outcome);
        else xf_ex_printf(&b, "%s（%s）—— ", xf_ex_outcome_name(st->outcome, 0), st->outcome);
        say_step(w, &b, st);
        add_buf(w, XF_EXL_TEXT, 0, &b);
        long long wait = st->has_day ? (long long)(st->day - ex->as_of_day) : 0;
        switch (rt->time) {
        case XF_EXT_WAIT: {
            char after[64];
            snprintf(after, sizeof after, w->en ? "%lld day%s after the evaluation day" : "评估日后 %lld 日", wait,
                     wait == 1 ? "" : "s");
            if (rt->nunmet)
                add(w, XF_EXL_TEXT, 1, T("时间条件：自 %s 起满足（仅需等待，%s）", "time condition: met from %s (time alone, %s)"),
                    xf_ex_day(st->day, d), after);
            else if (st->when_text)
                add(w, XF_EXL_TEXT, 1, T("仅需等待：自 %s 起适用（%s），其余条件均已满足", "time alone: applies from %s (%s); every other condition is met"),
                    xf_ex_day(st->day, d), after);
            else
                add(w, XF_EXL_TEXT, 1, T("仅需等待：自 %s 起适用（%s）", "time alone: applies from %s (%s)"), xf_ex_day(st->day, d), after);
            break;
        }
        case XF_EXT_MET:
            add(w, XF_EXL_TEXT, 1, T("时间条件：自 %s 起已满足", "time condition: met since %s"), xf_ex_day(st->day, d));
            break;
        case XF_EXT_UNKNOWN:
            add(w, XF_EXL_TEXT, 1, T("时间条件：日期无法从追踪中确定", "time condition: its day cannot be told from the trace"));
            break;
        default: break;
        }
        if (rt->time == XF_EXT_WAIT || rt->time == XF_EXT_MET) day_calc(w, st, 2);
        for (int k = 0; k < rt->nunmet; k++) unmet_detail(w, rt->unmet[k], 1);
    }
    if (!ex->nroutes && !ex->source_found)  /* without the rules, which steps could still apply is not known */
        add(w, XF_EXL_TEXT, 0, T("没有此政策的规则原文可供对照：无法判断哪些更有利的步骤仍可适用。", "The rules of this policy are not available: which better steps could still apply cannot be told."));
    else if (!ex->nroutes && !(dec && dec->time_kind == 'u'))
        add(w, XF_EXL_TEXT, 0, T("没有更有利的步骤可仅凭时间或当事人的行动而适用。", "No step with a better outcome can apply by time or by the entity's action alone."));
    xf_ex_buf_free(&b);
}

static void step_status(W *w, xf_ex_buf *b, const xf_ex_step *st) {
    const xf_explanation *ex = w->ex;
    char d[11];
    switch (st->status) {
    case XF_EXS_APPLIED:
        xf_ex_printf(b, T("适用 → %s", "applies → %s"),
                     xf_ex_outcome_name(ex->older_taken && st->outcome ? st->outcome : ex->outcome, w->en));
        if (st->has_day && st->time_kind == 'f') xf_ex_printf(b, T("（自 %s 起）", " (from %s)"), xf_ex_day(st->day, d));
        if (st->has_day && st->time_kind == 'u') xf_ex_printf(b, T("（至 %s 前）", " (until %s)"), xf_ex_day(st->day, d));
        break;
    case XF_EXS_WHEN_FALSE:
        xf_ex_puts(b, T("条件不成立", "condition false"));
        if (st->allreq) {
            int k = 0;
            for (int i = 0; i < ex->nreqs; i++)
                if (ex->reqs[i].cls != XF_EXR_MET)
                    xf_ex_printf(b, "%s%s", k++ ? T("、", ", ") : T("（未满足：", " (not met: "), ex->reqs[i].slot->name);
            if (k) xf_ex_puts(b, T("）", ")"));
        } else {
            say_refs(w, b, &st->when_refs);
        }
        break;
    case XF_EXS_TOO_EARLY:
        xf_ex_printf(b, T("时间未到：自 %s 起才适用", "too early: applies from %s"), xf_ex_day(st->day, d));
        break;
    case XF_EXS_TOO_LATE:
        xf_ex_printf(b, T("已过期限：只适用到 %s 前", "too late: applied only before %s"), xf_ex_day(st->day, d));
        break;
    case XF_EXS_NOT_REACHED:
        xf_ex_puts(b, T("未检查（前面的步骤已作出决定）", "not tried (an earlier step decided)"));
        break;
    default:
        xf_ex_puts(b, T("未适用（追踪中没有此步的记录）", "did not apply (not in the trace)"));
        break;
    }
}

static void ladder(W *w) {
    const xf_explanation *ex = w->ex;
    if (!ex->step || !ex->nsteps) return;
    add(w, XF_EXL_SECTION, 0, T("决定过程（依次检查各步骤，第一个适用的步骤作出决定）", "The ladder (steps are tried in order; the first that applies decides)"));
    xf_ex_buf b = {0};
    for (int i = 0; i < ex->step && i < ex->nsteps; i++) {
        const xf_ex_step *st = &ex->steps[i];
        say_step(w, &b, st);
        xf_ex_puts(&b, T(" → ", " → "));
        step_status(w, &b, st);
        add_buf(w, st->status == XF_EXS_APPLIED ? XF_EXL_MET : XF_EXL_STEP, 0, &b);
    }
    xf_ex_buf_free(&b);
}

static void trace(W *w) {
    const xf_explanation *ex = w->ex;
    add(w, XF_EXL_TRACE, 0, T("完整追踪", "Full trace"));
    if (!ex->traced) {
        add(w, XF_EXL_TEXT, 0, T("本次运行没有保存追踪（--trace=none），或追踪无法读取：只能显示决定本身。", "The run kept no trace (--trace=none) or it cannot be read: only the decision itself is shown."));
        return;
    }
    if (ex->file)
        add(w, XF_EXL_TEXT, 0, T("规则文件：%s（随运行保存的源文本）；行号见每条规则前", "rules: %s (the source stored with the run); line numbers before each rule"),
            base_name(ex->file));
    if (!ex->source_found)
        add(w, XF_EXL_TEXT, 0, T("运行未保存此政策的源文本，或重新编译后与追踪对不上：规则只按追踪中记录的行显示。", "The run kept no source for this policy, or compiled again it does not match the trace: rules are shown as the trace recorded their lines."));
    char v[256];
    xf_ex_buf b = {0};
    add(w, XF_EXL_SUB, 0, T("读取的记录值", "Values read from the record"));
    for (int i = 0; i < ex->nslots; i++) {
        const xf_ex_slot *s = &ex->slots[i];
        if (s->kind != XF_EXK_COLUMN || !s->state) continue;
        say_slot(w, &b, s, 1);
        add_buf(w, XF_EXL_TEXT, 1, &b);
    }
    add(w, XF_EXL_SUB, 0, T("计算的值", "Values computed"));
    for (int i = 0; i < ex->nlets; i++) {
        const xf_ex_let *l = &ex->lets[i];
        add(w, XF_EXL_TEXT, 1, "%s = %s", l->slot->name, xf_ex_value(l->slot, w->en, v, sizeof v));
        rule(w, 2, l->slot->line, l->stmt);
        basis(w, 2, l->slot->basis);
        for (int k = 0; k < l->nexcepts; k++) {
            const xf_ex_except *x = &l->ex[k];
            rule(w, 2, x->line, x->stmt);
            basis(w, 3, x->basis);
            add(w, XF_EXL_TEXT, 3, "%s", k + 1 == l->chosen ? T("适用此例外", "this exception applied")
                                                           : T("未适用", "not applied"));
        }
    }
    for (int i = 0; i < ex->nparams; i++) param_line(w, 1, &ex->params[i]);
    for (int i = 0; i < ex->nslots; i++) {
        const xf_ex_slot *s = &ex->slots[i];
        if (s->kind != XF_EXK_AGG || !s->state) continue;
        say_slot(w, &b, s, 0);
        add_buf(w, XF_EXL_TEXT, 1, &b);
    }
    if (ex->nreqs) add(w, XF_EXL_SUB, 0, T("修复条件", "Requirements"));
    for (int i = 0; i < ex->nreqs; i++) {
        const xf_ex_req *r = &ex->reqs[i];
        add(w, r->cls == XF_EXR_MET ? XF_EXL_MET : XF_EXL_UNMET, 1, T("%s：%s", "%s: %s"), r->slot->name, met_word(w, r));
        rule(w, 2, r->slot->line, r->stmt);
        basis(w, 2, r->slot->basis);
    }
    if (ex->nsteps) add(w, XF_EXL_SUB, 0, T("全部步骤", "All steps"));
    for (int i = 0; i < ex->nsteps; i++) {
        const xf_ex_step *st = &ex->steps[i];
        xf_ex_printf(&b, T("第 %d 步：", "step %d: "), i + 1);
        step_status(w, &b, st);
        add_buf(w, st->status == XF_EXS_APPLIED ? XF_EXL_MET : XF_EXL_TEXT, 1, &b);
        rule(w, 2, st->line, st->stmt);
        basis(w, 2, st->basis);
        if (st->calc && st->day_traced) calc_lines(w, st->calc, 2);
    }
    xf_ex_buf_free(&b);
}

/* What would change the outcome, for every outcome: each earlier step with
 * another outcome — the day it opens, or the condition that would have to
 * hold — and what would end the deciding step.  Read from the ladder as
 * the rules wrote it; without the rules nothing is claimed. */
static void what_changes(W *w) {
    const xf_explanation *ex = w->ex;
    if (!ex->source_found || ex->step <= 0 || ex->step > ex->nsteps || ex->older_taken) return;
    const xf_ex_step *dec = &ex->steps[ex->step - 1];
    add(w, XF_EXL_SECTION, 0, T("什么会改变这一结论", "What would change it"));
    char d[11];
    int said = 0;
    xf_ex_buf b = {0};
    for (int i = 0; i + 1 < ex->step; i++) {
        const xf_ex_step *st = &ex->steps[i];
        if (!st->outcome || (dec->outcome && !strcmp(st->outcome, dec->outcome))) continue;
        const char *name = xf_ex_outcome_name(st->outcome, w->en);
        if (st->status == XF_EXS_TOO_EARLY && st->has_day) {
            xf_ex_printf(&b, T("自 %s 起：", "from %s: "), xf_ex_day(st->day, d));
            say_step(w, &b, st);
            xf_ex_printf(&b, T(" 适用 → %s（%s）", " applies → %s (%s)"), name, st->outcome);
        } else if (st->status == XF_EXS_WHEN_FALSE && st->allreq) {
            xf_ex_puts(&b, T("若未满足的修复条件得到满足（", "if the unmet requirements are met ("));
            int k = 0;
            for (int r = 0; r < ex->nreqs; r++)
                if (ex->reqs[r].cls != XF_EXR_MET) xf_ex_printf(&b, "%s%s", k++ ? sep(w) : "", ex->reqs[r].slot->name);
            xf_ex_puts(&b, T("）：", "): "));
            say_step(w, &b, st);
            if (st->time_kind == 'f' && st->has_day)
                xf_ex_printf(&b, T("，自 %s 起", ", from %s"), xf_ex_day(st->day, d));
            xf_ex_printf(&b, T(" → %s（%s）", " → %s (%s)"), name, st->outcome);
        } else if (st->status == XF_EXS_WHEN_FALSE && st->when_text) {
            if (st->when_compound) xf_ex_printf(&b, T("若%s", "if %s"), pl(w, st->when_plain, st->when_text));
            else xf_ex_printf(&b, T("若%s成立", "if %s held"), pl(w, st->when_plain, st->when_text));
            say_refs(w, &b, &st->when_refs);
            xf_ex_puts(&b, T("：", ": "));
            say_step(w, &b, st);
            if (st->time_kind == 'f' && st->has_day)
                xf_ex_printf(&b, T("，自 %s 起", ", from %s"), xf_ex_day(st->day, d));
            xf_ex_printf(&b, T(" → %s（%s）", " → %s (%s)"), name, st->outcome);
        } else {
            continue;  /* past its `until` day, or not known: nothing to wait or act for */
        }
        add_buf(w, XF_EXL_TEXT, 0, &b);
        if (st->status == XF_EXS_WHEN_FALSE && !st->allreq) formula(w, 1, st->when_compound, st->when_text);
        basis(w, 1, st->basis);
        said++;
    }
    if (dec->time_kind == 'u' && dec->has_day) {
        add(w, XF_EXL_TEXT, 0, T("自 %s 起第 %d 步不再适用，由其后的步骤决定", "from %s step %d no longer applies; a later step decides"),
            xf_ex_day(dec->day, d), dec->index + 1);
        said++;
    }
    if (dec->when_text && !dec->allreq) {
        xf_ex_printf(&b, T("若「%s」不再成立", "if \"%s\" no longer held"), pl(w, dec->when_plain, dec->when_text));
        say_refs(w, &b, &dec->when_refs);
        xf_ex_printf(&b, T("：第 %d 步不再适用，由其后的步骤决定", ": step %d no longer applies; a later step decides"), dec->index + 1);
        add_buf(w, XF_EXL_TEXT, 0, &b);
        formula(w, 1, dec->when_compound, dec->when_text);
        said++;
    }
    if (!said)
        add(w, XF_EXL_TEXT, 0, T("按本政策的规则，没有哪项条件或日期会使更前面的步骤作出别的结论。",
                                 "Under this policy's rules no condition or day would let an earlier step decide otherwise."));
    xf_ex_buf_free(&b);
}

int xf_ex_document(const xf_explanation *ex, int en, xf_ex_doc *doc) {
    memset(doc, 0, sizeof *doc);
    W w = {doc, ex, en};
    conclusion(&w);
    if (ex->traced) {
        reason(&w);
        why_not(&w);
        what_changes(&w);
        requirements(&w);
        dates(&w);
        ladder(&w);
        regime(&w);
        lenient(&w);
    }
    trace(&w);
    return doc->oom ? -1 : 0;
}

/* ------------------------------------------------------------------ text */

static void indent(xf_ex_buf *b, int level) {
    for (int i = 0; i < level; i++) xf_ex_puts(b, "  ");
}

int xf_ex_render_text(xf_ex_buf *out, xf_explanation *const *list, int n, int en) {
    for (int k = 0; k < n; k++) {
        xf_ex_doc doc;
        if (xf_ex_document(list[k], en, &doc) != 0) {
            xf_ex_doc_free(&doc);
            return -1;
        }
        if (k) xf_ex_puts(out, "\n");
        for (int i = 0; i < doc.n; i++) {
            const xf_ex_line *l = &doc.l[i];
            const char *t = l->text, *tab = strchr(t, '\t');
            switch (l->kind) {
            case XF_EXL_TITLE:
                xf_ex_printf(out, "════ %s ════\n", t);
                break;
            case XF_EXL_SECTION: case XF_EXL_TRACE:
                xf_ex_printf(out, en ? "\n== %s ==\n" : "\n【%s】\n", t);
                break;
            case XF_EXL_SUB:
                indent(out, l->level + 1);
                xf_ex_printf(out, en ? "-- %s --\n" : "〔%s〕\n", t);
                break;
            case XF_EXL_KEY:
                if (tab) xf_ex_printf(out, en ? "%.*s: %s\n" : "%.*s：%s\n", (int)(tab - t), t, tab + 1);
                else xf_ex_printf(out, "%s\n", t);
                break;
            case XF_EXL_OUTCOME: {
                const char *tab2 = tab ? strchr(tab + 1, '\t') : NULL;
                if (tab2)
                    xf_ex_printf(out, en ? "%.*s: %s (%.*s)\n" : "%.*s：%s（%.*s）\n", (int)(tab - t), t, tab2 + 1,
                                 (int)(tab2 - tab - 1), tab + 1);
                break;
            }
            default:
                indent(out, l->level + 1);
                if (l->kind == XF_EXL_BASIS) xf_ex_puts(out, en ? "basis: " : "依据：");
                else if (l->kind == XF_EXL_MET) xf_ex_puts(out, "✓ ");
                else if (l->kind == XF_EXL_UNMET) xf_ex_puts(out, "✗ ");
                else if (l->kind == XF_EXL_RULE) xf_ex_puts(out, en ? "rule " : "规则 ");
                else if (l->kind == XF_EXL_EXPR) xf_ex_puts(out, en ? "i.e. " : "即：");
                if (l->kind == XF_EXL_FORMULA) xf_ex_printf(out, en ? "(rule: %s)\n" : "（规则：%s）\n", t);
                else xf_ex_printf(out, "%s\n", t);
                break;
            }
        }
        xf_ex_doc_free(&doc);
    }
    return out->oom ? -1 : 0;
}

/* ---------------------------------------------------------------- what if */

static void compare(xf_ex_buf *o, const char *key, const char *a, const char *b, int en) {
    const char *none = en ? "none" : "无";
    a = a ? a : none, b = b ? b : none;
    xf_ex_printf(o, "%s%s%s %s %s%s\n", key, en ? ": " : "：", a, strcmp(a, b) ? "→" : "=", b,
                 strcmp(a, b) ? "" : (en ? " (unchanged)" : "（不变）"));
}

static const char *step_text(const xf_explanation *ex, int en, char *buf, size_t cap) {
    const xf_ex_step *st = ex->step > 0 && ex->step <= ex->nsteps ? &ex->steps[ex->step - 1] : NULL;
    if (!ex->step) return NULL;
    if (st && st->head) snprintf(buf, cap, en ? "step %d (%s)" : "第 %d 步「%s」", ex->step, st->head);
    else snprintf(buf, cap, en ? "step %d" : "第 %d 步", ex->step);
    return buf;
}

int xf_ex_render_what_if_text(xf_ex_buf *o, const xf_explanation *a, const xf_explanation *b, char *const *changes,
                              int nchanges, int en) {
    xf_ex_printf(o, en ? "════ What if: %s:%lld (%s) ════\n" : "════ 假设改动：%s:%lld（%s） ════\n", a->subject_table,
                 (long long)a->subject_id, a->policy);
    xf_ex_puts(o, en ? "changed: " : "改动：");
    for (int i = 0; i < nchanges; i++) xf_ex_printf(o, "%s%s", i ? (en ? ", " : "，") : "", changes[i]);
    xf_ex_printf(o, en ? "\ndecided again by the run's own rules on %s; the recorded decision → the changed one:\n"
                       : "\n按本次运行的规则、在评估日 %s 重新决定；原决定 → 改动后：\n",
                 a->as_of ? a->as_of : "?");
    char x[128], y[128], s1[600], s2[600];
    snprintf(x, sizeof x, "%s (%s)", xf_ex_outcome_name(a->outcome, en), a->outcome ? a->outcome : "-");
    snprintf(y, sizeof y, "%s (%s)", xf_ex_outcome_name(b->outcome, en), b->outcome ? b->outcome : "-");
    compare(o, en ? "  outcome" : "  结论", x, y, en);
    compare(o, en ? "  deciding step" : "  决定步骤", step_text(a, en, s1, sizeof s1), step_text(b, en, s2, sizeof s2), en);
    compare(o, en ? "  eligible from" : "  满足时间条件之日", a->eligible_from, b->eligible_from, en);
    compare(o, en ? "  stops on" : "  停止公示之日", a->stops_on, b->stops_on, en);
    for (int i = 0; i < a->nfields; i++) {
        const char *bv = NULL;
        for (int k = 0; k < b->nfields; k++)
            if (!strcmp(b->field_name[k], a->field_name[i])) bv = b->field_value[k];
        char key[256];
        snprintf(key, sizeof key, "  %s", a->field_name[i]);
        compare(o, key, a->field_value[i], bv, en);
    }
    for (int k = 0; k < b->nfields; k++) {
        int had = 0;
        for (int i = 0; i < a->nfields; i++) had |= !strcmp(b->field_name[k], a->field_name[i]);
        char key[256];
        snprintf(key, sizeof key, "  %s", b->field_name[k]);
        if (!had) compare(o, key, NULL, b->field_value[k], en);
    }
    xf_ex_puts(o, "\n");
    xf_explanation *one = (xf_explanation *)b;
    return xf_ex_render_text(o, &one, 1, en);
}
