/* plain.c — expressions of the rules in plain Chinese or English (plain.h).
 *
 * Conditions read as sentences: a comparison is a subject and a predicate
 * (罚款金额 | 不超过5万元), and the clauses of an `and` that share their
 * subject say it once (已履行义务之日有记录，且不晚于评估日); a chained
 * comparison (a < b <= c) is turned to share its middle.  Values read as
 * noun phrases (公示日期加3个月的次日).  Nested `and`/`or` go in
 * parentheses; a negation goes into the operator where one exists.
 */
#include "plain.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dates.h"
#include "explain.h"
#include "values.h"

typedef struct P {
    xf_compile       *c;
    int               en;
    xf_plain_label_fn label;
    void             *ctx;
    int               unknown;
    int               in_agg;   /* inside an aggregate's condition: columns say whose */
    int               depth;
} P;

#define W(zh, en_) (p->en ? (en_) : (zh))

static void value(P *p, xf_ex_buf *o, const xf_expr *e, int operand);
static void cond(P *p, xf_ex_buf *o, const xf_expr *e, int neg, int nested);

/* Rule syntax, for what has no words (counted). */
static void raw(P *p, xf_ex_buf *o, const xf_expr *e) {
    p->unknown++;
    xf_ex_puts(o, xf_expr_text(p->c, e));
}

/* ------------------------------------------------------------- names */

/* English words for the columns of the standard schema; others read as
 * their field name. */
static const char *const en_col[][2] = {
    {"uscc", "unified social credit code"}, {"name", "name"}, {"kind", "kind of entity"},
    {"status", "registration status"}, {"region", "registration region"}, {"industry", "key industry"},
    {"established", "date of establishment"}, {"phone", "phone number"}, {"deregistered", "deregistration date"},
    {"decision_no", "decision number"}, {"authority", "authority"}, {"sector", "authority's system"},
    {"authority_region", "authority's region"}, {"cause", "kind of violation"}, {"domain", "domain"},
    {"measures", "penalty measures"}, {"fine_yuan", "fine"}, {"tier", "discretion tier"},
    {"procedure", "procedure"}, {"severity", "severity"}, {"decided", "decision date"},
    {"published", "publication date"}, {"restricted_until", "end of the restriction"},
    {"fulfilled", "date the obligations were fulfilled"}, {"remedied", "date the harm was remedied"},
    {"stopped", "date publicity stopped"}, {"repair_revoked", "date the repair was revoked"},
    {"reason", "reason"}, {"report_year", "report year"}, {"listed", "listing date"},
    {"corrected", "date it was corrected"}, {"removed", "removal date"}, {"list", "list"},
    {"listed_for", "reason for listing"}, {"measures_until", "end of the measures"},
    {"penalty_id", "penalty it rests on"}, {"abnormal_id", "abnormal listing it led to"},
    {"result", "result"}, {"subject_table", "kind of record applied for"}, {"subject_id", "record applied for"},
    {"applied", "application date"}, {"accepted", "acceptance date"}, {"review", "kind of review"},
    {"fraud", "concealment or fraud"}, {"filed", "filing date"},
};

static const char *const en_rec[][2] = {
    {"penalty", "administrative penalties"}, {"abnormal", "abnormal-list entries"},
    {"serious", "serious-dishonesty list entries"}, {"inspection", "inspection results"},
    {"application", "repair applications"}, {"annual_report", "annual reports"},
};

/* The comment on the line above a record's declaration, up to its first
 * separator: 行政处罚信息. */
static const char *record_title(P *p, const xf_decl *rec, char *buf, size_t cap) {
    if (p->en) {
        for (size_t i = 0; i < sizeof en_rec / sizeof en_rec[0]; i++)
            if (!strcmp(en_rec[i][0], rec->name)) return en_rec[i][1];
        snprintf(buf, cap, "%s records", rec->name);
        return buf;
    }
    const xf_source *s = rec->span.file >= 0 && rec->span.file < p->c->diags.nsrc ? &p->c->diags.src[rec->span.file] : NULL;
    uint32_t at = rec->span.start;
    if (s && at <= s->len && at > 0) {
        uint32_t ls = at;
        while (ls > 0 && s->text[ls - 1] != '\n') ls--;  /* this line's start */
        if (ls > 0) {
            uint32_t pe = ls - 1, ps = pe;               /* the line above */
            while (ps > 0 && s->text[ps - 1] != '\n') ps--;
            while (ps < pe && (s->text[ps] == ' ' || s->text[ps] == '\t')) ps++;
            if (ps < pe && s->text[ps] == '#') {
                ps++;
                while (ps < pe && s->text[ps] == ' ') ps++;
                uint32_t e = ps;
                static const char *const stop[] = {"（", "(", "：", "，", "；", " ", NULL};
                while (e < pe) {
                    int hit = 0;
                    for (int k = 0; stop[k]; k++) hit |= !strncmp(s->text + e, stop[k], strlen(stop[k]));
                    if (hit) break;
                    e++;
                }
                if (e > ps && e - ps < cap) {
                    memcpy(buf, s->text + ps, e - ps);
                    buf[e - ps] = 0;
                    return buf;
                }
            }
        }
    }
    return rec->name;
}

static const xf_field_decl *column_of(const xf_expr *e) {
    if (e->kind != XF_E_FIELD || e->ref != XF_R_COLUMN || !e->ref_decl) return NULL;
    if (e->ref_index < 0 || e->ref_index >= e->ref_decl->nfields) return NULL;
    return &e->ref_decl->fields[e->ref_index];
}

/* Whose column it is: 其 (the record an aggregate goes through), 本记录 (the
 * subject, inside an aggregate), the entity's. */
static void owner(P *p, xf_ex_buf *o, const xf_expr *base) {
    if (base->kind == XF_E_NAME && base->ref == XF_R_AGGVAR) xf_ex_puts(o, W("其", "its "));
    else if (base->kind == XF_E_NAME && base->ref == XF_R_SUBJECT && p->in_agg) xf_ex_puts(o, W("本记录的", "this record's "));
    else if (base->kind == XF_E_FIELD && base->ref == XF_R_ENTITY && p->en) xf_ex_puts(o, "the entity's ");
    else if (base->kind == XF_E_FIELD && base->ref == XF_R_ENTITY && p->in_agg) xf_ex_puts(o, "该主体");
    else if (p->en) xf_ex_puts(o, "the ");
}

static void column(P *p, xf_ex_buf *o, const xf_expr *e, const xf_field_decl *f) {
    owner(p, o, e->a);
    const char *l = NULL;
    if (p->en) {
        for (size_t i = 0; i < sizeof en_col / sizeof en_col[0] && !l; i++)
            if (!strcmp(en_col[i][0], f->name)) l = en_col[i][1];
        if (!l) {
            for (const char *s = f->name; *s; s++) xf_ex_putn(o, *s == '_' ? " " : s, 1);
            return;
        }
    } else if (p->label) {
        l = p->label(p->ctx, e->ref_decl, f);
    }
    xf_ex_puts(o, l ? l : f->name);
}

/* ------------------------------------------------------------ values */

static void money(P *p, xf_ex_buf *o, int64_t fen) {
    if (!p->en && fen && fen % 1000000 == 0) {
        xf_ex_printf(o, "%" PRId64 "万元", fen / 1000000);
        return;
    }
    char m[32];
    xf_money_format(fen, m);
    xf_ex_printf(o, W("%s元", "%s yuan"), m);
}

/* a、b、c / a, b, c (the last joined with `last` when given) */
static void items(P *p, xf_ex_buf *o, const xf_expr *e, const char *last) {
    if (e->kind != XF_E_LABELS) {
        value(p, o, e, 1);
        return;
    }
    for (int i = 0; i < e->nargs; i++) {
        if (i) xf_ex_puts(o, last && i + 1 == e->nargs ? last : W("、", ", "));
        value(p, o, e->args[i], 1);
    }
}

/* the list an aggregate goes through: 该主体的行政处罚信息 */
static void list_of(P *p, xf_ex_buf *o, const xf_expr *a) {
    char t[128];
    if (a->kind == XF_E_FIELD && a->ref == XF_R_RELATION && a->ref_decl)
        xf_ex_printf(o, W("该主体的%s", "the entity's %s"), record_title(p, a->ref_decl, t, sizeof t));
    else value(p, o, a, 1);
}

static int is_date(const xf_expr *e) { return e->type && e->type->kind == XF_T_DATE; }

static void call(P *p, xf_ex_buf *o, const xf_expr *e) {
    if (e->ref == XF_R_PARAM) {  /* a parameter: its value where and when it applies */
        xf_ex_puts(o, e->name);
        return;
    }
    const char *n = e->name;
    if ((!strcmp(n, "met") || !strcmp(n, "last")) && e->nargs == 2) {
        int met = !strcmp(n, "met");
        if (p->en) xf_ex_puts(o, met ? "the day after " : "the last day of ");
        value(p, o, e->args[0], 1);
        xf_ex_puts(o, W("加", " plus "));
        value(p, o, e->args[1], 1);
        if (!p->en) xf_ex_puts(o, met ? "的次日" : "的最后一日");
    } else if ((!strcmp(n, "latest") || !strcmp(n, "earliest")) && e->nargs >= 1) {
        int late = !strcmp(n, "latest");
        if (e->nargs == 1) {
            value(p, o, e->args[0], 0);
            return;
        }
        const char *which = e->nargs == 2 ? (late ? "later" : "earlier") : (late ? "latest" : "earliest");
        const char *zh = e->nargs == 2 ? (late ? "较晚者" : "较早者") : (late ? "最晚者" : "最早者");
        /* long operands: a numbered list */
        int longer = 0;
        for (int i = 0; i < e->nargs; i++) longer |= e->args[i]->kind == XF_E_AGG || e->args[i]->kind == XF_E_IF;
        if (longer) {
            if (p->en) xf_ex_printf(o, "the %s of: ", which);
            else xf_ex_printf(o, "以下各项中的%s：", zh);
            for (int i = 0; i < e->nargs; i++) {
                xf_ex_printf(o, p->en ? "%s(%d) " : "%s（%d）", i ? W("；", "; ") : "", i + 1);
                value(p, o, e->args[i], 0);
            }
            return;
        }
        if (p->en) xf_ex_printf(o, "the %s of: ", which);
        for (int i = 0; i < e->nargs; i++) {
            if (i) xf_ex_puts(o, i + 1 == e->nargs ? W("与", ", and ") : W("、", ", "));
            value(p, o, e->args[i], 1);
        }
        if (!p->en) xf_ex_printf(o, "中%s", zh);
    } else if (!strcmp(n, "next_workday") && e->nargs == 1) {
        if (p->en) xf_ex_puts(o, "the first working day on or after ");
        value(p, o, e->args[0], 1);
        if (!p->en) xf_ex_puts(o, "当日或其后的第一个工作日");
    } else if (!strcmp(n, "starts_with") && e->nargs == 2) {
        value(p, o, e->args[0], 1);
        xf_ex_puts(o, W("以", " starts with "));
        value(p, o, e->args[1], 1);
        if (!p->en) xf_ex_puts(o, "开头");
    } else {
        raw(p, o, e);
    }
}

static void agg_value(P *p, xf_ex_buf *o, const xf_expr *e) {
    int saved = p->in_agg;
    if (e->op == XF_AGG_COUNT) {
        if (p->en) xf_ex_puts(o, "the number of ");
        list_of(p, o, e->a);
        p->in_agg = 1;
        if (e->b) {
            xf_ex_puts(o, W("中（", " where "));
            cond(p, o, e->b, 0, !p->en ? 0 : 1);
            if (!p->en) xf_ex_puts(o, "者）");
        }
        if (!p->en) xf_ex_puts(o, "的条数");
    } else if (e->op == XF_AGG_MIN || e->op == XF_AGG_MAX) {
        int max = e->op == XF_AGG_MAX, date = e->c && is_date(e->c);
        const char *zh = date ? (max ? "最晚者" : "最早者") : (max ? "最大值" : "最小值");
        const char *en = date ? (max ? "the latest value of " : "the earliest value of ") : (max ? "the largest value of " : "the smallest value of ");
        if (p->en) {
            xf_ex_puts(o, en);
            p->in_agg = 1;
            value(p, o, e->c, 1);
            p->in_agg = saved;
            xf_ex_puts(o, " among ");
            list_of(p, o, e->a);
            if (e->b) {
                p->in_agg = 1;
                xf_ex_puts(o, " where ");
                cond(p, o, e->b, 0, 1);
            }
        } else {
            list_of(p, o, e->a);
            p->in_agg = 1;
            if (e->b) {
                xf_ex_puts(o, "中（");
                cond(p, o, e->b, 0, 0);
                xf_ex_puts(o, "者）");
            } else {
                xf_ex_puts(o, "中");
            }
            value(p, o, e->c, 1);
            xf_ex_puts(o, "的");
            xf_ex_puts(o, zh);
        }
    } else {
        raw(p, o, e);
    }
    p->in_agg = saved;
}

static int compound_value(const xf_expr *e) {
    return e->kind == XF_E_IF || (e->kind == XF_E_BINARY && e->op == XF_EOP_COALESCE) ||
           (e->kind == XF_E_BINARY && (e->op <= XF_EOP_GE || (e->op >= XF_EOP_IN && e->op <= XF_EOP_MEETS))) ||
           (e->kind == XF_E_UNARY && e->op == XF_EOP_NOT) || (e->kind == XF_E_AGG && (e->op == XF_AGG_EXISTS || e->op == XF_AGG_ALL));
}

/* A value as a noun phrase; operand: it is part of a larger phrase, so a
 * compound one goes in parentheses. */
static void value(P *p, xf_ex_buf *o, const xf_expr *e, int operand) {
    char v[64];
    if (!e) return;
    if (++p->depth > XF_MAX_EXPR_DEPTH) {
        p->depth--;
        return;
    }
    if (operand && compound_value(e)) {
        xf_ex_puts(o, W("（", "("));
        value(p, o, e, 0);
        xf_ex_puts(o, W("）", ")"));
        p->depth--;
        return;
    }
    switch (e->kind) {
    case XF_E_INT: xf_ex_printf(o, "%" PRId64, e->ival); break;
    case XF_E_MONEY: money(p, o, e->ival); break;
    case XF_E_DATE: xf_ex_puts(o, xf_ex_day(e->ival, v)); break;
    case XF_E_DURATION: xf_ex_puts(o, xf_ex_duration(e->ival, p->en, v, sizeof v)); break;
    case XF_E_TEXT: xf_ex_printf(o, W("“%s”", "\"%s\""), e->name ? e->name : ""); break;
    case XF_E_BOOL: xf_ex_puts(o, e->ival ? W("是", "yes") : W("否", "no")); break;
    case XF_E_NONE: xf_ex_puts(o, W("无记录", "no record")); break;
    case XF_E_NAME:
        if (e->ref == XF_R_ASOF) xf_ex_puts(o, W("评估日", "the evaluation day"));
        else if (e->ref == XF_R_SUBJECT) xf_ex_puts(o, W("本记录", "this record"));
        else if (e->ref == XF_R_AGGVAR) xf_ex_puts(o, W("该记录", "that record"));
        else xf_ex_puts(o, e->name);  /* a let, requirement, output or label: its own name */
        break;
    case XF_E_FIELD: {
        const xf_field_decl *f = column_of(e);
        char t[128];
        if (f) column(p, o, e, f);
        else if (e->ref == XF_R_ENTITY) xf_ex_puts(o, W("该主体", "the entity"));
        else if (e->ref == XF_R_RELATION && e->ref_decl)
            xf_ex_printf(o, W("该主体的%s", "the entity's %s"), record_title(p, e->ref_decl, t, sizeof t));
        else raw(p, o, e);
        break;
    }
    case XF_E_LABELS:
        if (e->nargs == 0) xf_ex_puts(o, W("（无）", "(none)"));
        else items(p, o, e, NULL);
        break;
    case XF_E_UNARY:
        if (e->op == XF_EOP_NEG) {
            xf_ex_puts(o, W("负", "minus "));
            value(p, o, e->a, 1);
        } else {
            cond(p, o, e, 0, 0);
        }
        break;
    case XF_E_BINARY:
        switch (e->op) {
        case XF_EOP_ADD: case XF_EOP_SUB: case XF_EOP_MUL:
            value(p, o, e->a, 1);
            xf_ex_puts(o, e->op == XF_EOP_ADD ? W("加", " plus ") : e->op == XF_EOP_SUB ? W("减", " minus ") : W("乘以", " times "));
            value(p, o, e->b, 1);
            break;
        case XF_EOP_COALESCE:
            value(p, o, e->a, 1);
            xf_ex_puts(o, W("，无记录时取", ", or when there is no record, "));
            value(p, o, e->b, 1);
            break;
        default:
            cond(p, o, e, 0, 0);
            break;
        }
        break;
    case XF_E_CALL: call(p, o, e); break;
    case XF_E_AGG:
        if (e->op == XF_AGG_EXISTS || e->op == XF_AGG_ALL) cond(p, o, e, 0, 0);
        else agg_value(p, o, e);
        break;
    case XF_E_IF:
        if (p->en) {
            value(p, o, e->b, 1);
            xf_ex_puts(o, " if ");
            cond(p, o, e->a, 0, 1);
            xf_ex_puts(o, ", otherwise ");
            value(p, o, e->c, 1);
        } else {
            xf_ex_puts(o, "若");
            cond(p, o, e->a, 0, 1);
            xf_ex_puts(o, "，则为");
            value(p, o, e->b, 1);
            xf_ex_puts(o, "，否则为");
            value(p, o, e->c, 1);
        }
        break;
    case XF_E_ALLREQ: cond(p, o, e, 0, 0); break;
    default: raw(p, o, e); break;
    }
    p->depth--;
}

/* -------------------------------------------------------- conditions */

static int is_cmp(int op) { return op >= XF_EOP_EQ && op <= XF_EOP_GE; }
static int is_set_op(int op) { return op >= XF_EOP_IN && op <= XF_EOP_MEETS; }

static int negate_op(int op) {
    switch (op) {
    case XF_EOP_EQ: return XF_EOP_NE;
    case XF_EOP_NE: return XF_EOP_EQ;
    case XF_EOP_LT: return XF_EOP_GE;
    case XF_EOP_GE: return XF_EOP_LT;
    case XF_EOP_LE: return XF_EOP_GT;
    case XF_EOP_GT: return XF_EOP_LE;
    case XF_EOP_IN: return XF_EOP_NOTIN;
    case XF_EOP_NOTIN: return XF_EOP_IN;
    default: return -1;
    }
}

static int flip_op(int op) {
    switch (op) {
    case XF_EOP_LT: return XF_EOP_GT;
    case XF_EOP_GT: return XF_EOP_LT;
    case XF_EOP_LE: return XF_EOP_GE;
    case XF_EOP_GE: return XF_EOP_LE;
    default: return op;
    }
}

/* The predicate of a comparison: 不晚于评估日 / is on or before the evaluation day. */
static void predicate(P *p, xf_ex_buf *o, int op, const xf_expr *a, const xf_expr *b) {
    int date = is_date(a) || is_date(b);
    if (b->kind == XF_E_NONE && (op == XF_EOP_EQ || op == XF_EOP_NE)) {
        xf_ex_puts(o, op == XF_EOP_EQ ? W("无记录", " is not recorded") : W("有记录", " is recorded"));
        return;
    }
    if (b->kind == XF_E_BOOL && (op == XF_EOP_EQ || op == XF_EOP_NE)) {
        int yes = (op == XF_EOP_EQ) == (b->ival != 0);
        xf_ex_puts(o, yes ? W("为是", " is yes") : W("为否", " is no"));
        return;
    }
    /* the same column of the record an aggregate goes through and of this record */
    const xf_field_decl *fa = column_of(a), *fb = column_of(b);
    if (fa && fa == fb && (op == XF_EOP_EQ || op == XF_EOP_NE) && a->a->kind == XF_E_NAME && b->a->kind == XF_E_NAME &&
        a->a->ref != b->a->ref) {
        if (p->en) xf_ex_puts(o, op == XF_EOP_EQ ? " is the same as " : " differs from ");
        else xf_ex_puts(o, op == XF_EOP_EQ ? "与" : "与");
        value(p, o, b->a, 1);
        if (p->en) xf_ex_puts(o, b->a->ref == XF_R_SUBJECT ? "'s" : "");
        else xf_ex_puts(o, op == XF_EOP_EQ ? "相同" : "不同");
        return;
    }
    const char *zh = "", *en = "";
    switch (op) {
    case XF_EOP_EQ: case XF_EOP_NE: {
        int set = a->type && a->type->kind == XF_T_SET, eq = op == XF_EOP_EQ;
        zh = set ? (eq ? "恰为" : "不恰为") : (eq ? "为" : "不为");
        en = set ? (eq ? " are exactly " : " are not exactly ") : (eq ? " is " : " is not ");
        break;
    }
    case XF_EOP_LT: zh = date ? "早于" : "低于", en = date ? " is before " : " is less than "; break;
    case XF_EOP_LE: zh = date ? "不晚于" : "不超过", en = date ? " is on or before " : " is at most "; break;
    case XF_EOP_GT: zh = date ? "晚于" : "超过", en = date ? " is after " : " is more than "; break;
    case XF_EOP_GE: zh = date ? "不早于" : "不低于", en = date ? " is on or after " : " is at least "; break;
    case XF_EOP_IN: case XF_EOP_NOTIN:
        if (b->kind == XF_E_LABELS) {
            int one = b->nargs == 1, in = op == XF_EOP_IN;
            xf_ex_puts(o, in ? W("为", " is ") : W("不为", one ? " is not " : " is none of "));
            if (!one && in && p->en) xf_ex_puts(o, "one of ");
            items(p, o, b, NULL);
            if (!one && !p->en) xf_ex_puts(o, in ? "之一" : "中任何一项");
        } else {  /* a label in a set: the set is the subject (handled by the caller) */
            value(p, o, b, 1);
        }
        return;
    case XF_EOP_WITHIN:
        xf_ex_puts(o, W("仅为", " are only among "));
        items(p, o, b, NULL);
        if (!p->en) xf_ex_puts(o, "中的一种或几种");
        return;
    case XF_EOP_MEETS:
        xf_ex_puts(o, W("包含", " include any of "));
        items(p, o, b, NULL);
        if (!p->en) xf_ex_puts(o, "中的任一项");
        return;
    }
    xf_ex_puts(o, W(zh, en));
    value(p, o, b, 1);
}

/* A clause of a condition: its subject (when it is a comparison) and the rest. */
typedef struct clause {
    const xf_expr *e;
    int            neg, op;   /* op: the comparison as it will be said, -1 none */
    const xf_expr *a, *b;     /* subject and object */
    xf_ex_buf      subj;
} clause;

static void flatten(const xf_expr *e, int op, const xf_expr **out, int *n, int cap) {
    if (e->kind == XF_E_BINARY && e->op == op && *n < cap - 1) {
        flatten(e->a, op, out, n, cap);
        flatten(e->b, op, out, n, cap);
    } else if (*n < cap) {
        out[(*n)++] = e;
    }
}

/* a AND b (or OR), said as a list; neg: the whole is negated (De Morgan). */
static void junction(P *p, xf_ex_buf *o, const xf_expr *e, int neg, int nested) {
    int op = e->op;
    if (neg) op = op == XF_EOP_AND ? XF_EOP_OR : XF_EOP_AND;
    enum { CAP = 64 };
    const xf_expr *parts[CAP];
    int n = 0;
    flatten(e, e->op, parts, &n, CAP);
    clause cl[CAP];
    memset(cl, 0, sizeof cl);
    for (int i = 0; i < n; i++) {
        cl[i].e = parts[i], cl[i].neg = neg, cl[i].op = -1;
        const xf_expr *x = parts[i];
        int xneg = neg;
        while (x->kind == XF_E_UNARY && x->op == XF_EOP_NOT && x->a->kind == XF_E_BINARY && negate_op(x->a->op) >= 0)
            x = x->a, xneg = !xneg;
        if (x->kind == XF_E_BINARY && (is_cmp(x->op) || x->op == XF_EOP_WITHIN || x->op == XF_EOP_MEETS ||
                                       ((x->op == XF_EOP_IN || x->op == XF_EOP_NOTIN) && x->b->kind == XF_E_LABELS))) {
            int xop = xneg ? negate_op(x->op) : x->op;
            if (xop >= 0) cl[i].op = xop, cl[i].a = x->a, cl[i].b = x->b;
        }
    }
    /* a < b <= c: the first clause turned to be about b, like the second */
    for (int i = 0; i + 1 < n; i++)
        if (cl[i].op >= 0 && cl[i + 1].op >= 0 && is_cmp(cl[i].op) && cl[i].b == cl[i + 1].a && cl[i].a != cl[i + 1].a) {
            const xf_expr *t = cl[i].a;
            cl[i].a = cl[i].b, cl[i].b = t, cl[i].op = flip_op(cl[i].op);
        }
    for (int i = 0; i < n; i++)
        if (cl[i].op >= 0) value(p, &cl[i].subj, cl[i].a, 1);
    int and = op == XF_EOP_AND;
    int simple = 1;  /* every part a name or a comparison: 、 and 或 read well */
    for (int i = 0; i < n; i++) {
        const xf_expr *x = parts[i]->kind == XF_E_UNARY && parts[i]->op == XF_EOP_NOT ? parts[i]->a : parts[i];
        simple &= cl[i].op >= 0 || x->kind == XF_E_NAME || x->kind == XF_E_FIELD || x->kind == XF_E_BOOL;
    }
    if (nested) xf_ex_puts(o, W("（", "("));
    for (int i = 0; i < n; i++) {
        if (i) {
            if (p->en) xf_ex_puts(o, n > 2 ? (i + 1 == n ? (and ? ", and " : ", or ") : ", ") : simple ? (and ? " and " : " or ") : (and ? ", and " : ", or "));
            else if (and) xf_ex_puts(o, nested && simple ? "且" : "，且");
            else xf_ex_puts(o, !simple ? "，或" : n > 2 && i + 1 < n ? "、" : "或");
        }
        if (cl[i].op >= 0) {
            int same = i > 0 && cl[i - 1].op >= 0 && cl[i - 1].subj.p && cl[i].subj.p && !strcmp(cl[i - 1].subj.p, cl[i].subj.p);
            if (!same) xf_ex_puts(o, cl[i].subj.p ? cl[i].subj.p : "");
            else if (p->en) xf_ex_puts(o, "it");
            predicate(p, o, cl[i].op, cl[i].a, cl[i].b);
        } else {
            cond(p, o, parts[i], neg, 1);
        }
    }
    for (int i = 0; i < n; i++) xf_ex_buf_free(&cl[i].subj);
    if (nested) xf_ex_puts(o, W("）", ")"));
}

/* exists / all: 该主体有（没有）这样的行政处罚：… */
static void agg_cond(P *p, xf_ex_buf *o, const xf_expr *e, int neg) {
    int saved = p->in_agg;
    if (e->op == XF_AGG_EXISTS) {
        if (p->en) {
            xf_ex_puts(o, neg ? "there is no record among " : "there is a record among ");
            list_of(p, o, e->a);
            if (e->b) {
                xf_ex_puts(o, " such that ");
                p->in_agg = 1;
                cond(p, o, e->b, 0, 1);
            }
        } else {
            char t[128];
            if (e->a->kind == XF_E_FIELD && e->a->ref == XF_R_RELATION && e->a->ref_decl) {
                xf_ex_printf(o, "该主体%s", neg ? "没有" : "有");
                xf_ex_printf(o, e->b ? "这样的%s：" : "%s记录", record_title(p, e->a->ref_decl, t, sizeof t));
            } else {
                list_of(p, o, e->a);
                xf_ex_puts(o, neg ? (e->b ? "中没有这样的记录：" : "中没有记录") : (e->b ? "中有这样的记录：" : "中有记录"));
            }
            if (e->b) {
                p->in_agg = 1;
                cond(p, o, e->b, 0, 0);
            }
        }
    } else if (e->op == XF_AGG_ALL) {
        if (neg) xf_ex_puts(o, W("并非", "not "));
        if (p->en) {
            xf_ex_puts(o, neg ? "every one of " : "every one of ");
            list_of(p, o, e->a);
            p->in_agg = 1;
            if (e->b) {
                xf_ex_puts(o, " where ");
                cond(p, o, e->b, 0, 1);
            }
            xf_ex_puts(o, " satisfies: ");
            cond(p, o, e->c, 0, 1);
        } else {
            list_of(p, o, e->a);
            p->in_agg = 1;
            if (e->b) {
                xf_ex_puts(o, "中凡");
                cond(p, o, e->b, 0, 1);
                xf_ex_puts(o, "者，都满足：");
            } else {
                xf_ex_puts(o, "中每一项都满足：");
            }
            cond(p, o, e->c, 0, 1);
        }
    } else {
        raw(p, o, e);
    }
    p->in_agg = saved;
}

/* A yes/no expression as a sentence; neg: said negated; nested: inside a
 * larger condition, so a list of clauses goes in parentheses. */
static void cond(P *p, xf_ex_buf *o, const xf_expr *e, int neg, int nested) {
    if (!e) return;
    if (++p->depth > XF_MAX_EXPR_DEPTH) {
        p->depth--;
        return;
    }
    switch (e->kind) {
    case XF_E_BINARY:
        if (e->op == XF_EOP_AND || e->op == XF_EOP_OR) {
            junction(p, o, e, neg, nested);
            break;
        }
        if (is_cmp(e->op) || is_set_op(e->op)) {
            int op = neg ? negate_op(e->op) : e->op;
            if (op < 0) {  /* within / meets, negated */
                xf_ex_puts(o, W("并非", "not: "));
                cond(p, o, e, 0, 1);
                break;
            }
            if ((op == XF_EOP_IN || op == XF_EOP_NOTIN) && e->b->kind != XF_E_LABELS) {
                /* a label in a set: the set includes it */
                value(p, o, e->b, 1);
                xf_ex_puts(o, op == XF_EOP_IN ? W("包含", " include ") : W("不包含", " do not include "));
                value(p, o, e->a, 1);
                break;
            }
            value(p, o, e->a, 1);
            predicate(p, o, op, e->a, e->b);
            break;
        }
        /* a yes/no value of another kind (a ?? b) */
        if (neg) xf_ex_puts(o, W("并非", "not "));
        value(p, o, e, nested);
        break;
    case XF_E_UNARY:
        if (e->op == XF_EOP_NOT) {
            cond(p, o, e->a, !neg, 1);
            break;
        }
        value(p, o, e, 1);
        break;
    case XF_E_AGG:
        if (e->op == XF_AGG_EXISTS || e->op == XF_AGG_ALL) agg_cond(p, o, e, neg);
        else {
            if (neg) xf_ex_puts(o, W("并非", "not "));
            agg_value(p, o, e);
        }
        break;
    case XF_E_ALLREQ:
        xf_ex_puts(o, neg ? W("并非全部修复条件均满足", "not every requirement is met") : W("全部修复条件均满足", "every requirement is met"));
        break;
    case XF_E_BOOL:
        xf_ex_puts(o, (e->ival != 0) != neg ? W("是", "yes") : W("否", "no"));
        break;
    case XF_E_FIELD:
        if (column_of(e)) {  /* a yes/no column: 其隐瞒真实情况、弄虚作假为是 */
            value(p, o, e, 0);
            xf_ex_puts(o, neg ? W("为否", " is no") : W("为是", " is yes"));
            break;
        }
        /* fall through */
    case XF_E_NAME:
        if (neg) xf_ex_puts(o, W("非", "not "));
        value(p, o, e, 0);
        break;
    case XF_E_IF:
        if (neg) xf_ex_puts(o, W("并非", "not "));
        xf_ex_puts(o, W("（", "("));
        value(p, o, e, 0);
        xf_ex_puts(o, W("）", ")"));
        break;
    default:
        if (neg) xf_ex_puts(o, W("并非", "not "));
        value(p, o, e, 1);
        break;
    }
    p->depth--;
}

/* ------------------------------------------------------------- entry */

static int is_bool(const xf_expr *e) {
    if (e->kind == XF_E_ALLREQ) return 1;
    if (e->kind == XF_E_UNARY && e->op == XF_EOP_NOT) return 1;
    if (e->kind == XF_E_BINARY && e->op != XF_EOP_ADD && e->op != XF_EOP_SUB && e->op != XF_EOP_MUL && e->op != XF_EOP_COALESCE)
        return 1;
    if (e->kind == XF_E_AGG && (e->op == XF_AGG_EXISTS || e->op == XF_AGG_ALL)) return 1;
    return 0;
}

char *xf_plain(xf_compile *c, const xf_expr *e, int en, xf_plain_label_fn label, void *ctx, int *unknown) {
    if (!e) return NULL;
    P p = {.c = c, .en = en, .label = label, .ctx = ctx};
    xf_ex_buf o = {0};
    if (is_bool(e)) cond(&p, &o, e, 0, 0);
    else value(&p, &o, e, 0);
    if (unknown) *unknown += p.unknown;
    if (o.oom) {
        xf_ex_buf_free(&o);
        return NULL;
    }
    if (!o.p) return calloc(1, 1);
    return o.p;
}

int xf_plain_compound(const xf_expr *e) {
    return e && (e->kind == XF_E_BINARY || e->kind == XF_E_UNARY || e->kind == XF_E_CALL || e->kind == XF_E_AGG ||
                 e->kind == XF_E_IF || e->kind == XF_E_LABELS || e->kind == XF_E_ALLREQ);
}
