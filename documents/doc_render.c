/* doc_render.c — the text of the values a document shows (doc_render.h). */
#include "doc_render.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "load.h"
#include "outcomes.h"
#include "texts.h"

/* A loaded column of a record: the table's slot and presence, or 0 when the
 * loader did not read it (cannot happen for a checked document: the checker
 * marked its columns used). */
static int column(const xf_table *tab, const xf_decl *rec, int field, int64_t r, int64_t *slot) {
    int col = field >= 0 && field < rec->nfields ? rec->fields[field].load_col : -1;
    if (col < 0 || col >= tab->ncols || !tab->has[col][r]) return 0;
    *slot = tab->val[col][r];
    return 1;
}

int xf_doc_value(const xf_doc_ctx *x, const xf_docval *v, const xf_doc_row *row, int64_t *slot) {
    const xf_decl *subject = x->doc->subject_decl;
    const xf_table *tab = &x->db->tab[subject->table_index];
    switch (v->kind) {
    case XF_DV_COLUMN:
        return column(tab, subject, v->index, row->r, slot);
    case XF_DV_ENTITY:
        return column(&x->db->tab[0], x->c->entity, v->index, tab->ent[row->r], slot);
    case XF_DV_FIELD: {
        int f = v->field_of[row->by];
        int64_t at = row->r * row->out->nfields + f;
        if (f < 0 || f >= row->out->nfields || !row->out->fhas[at]) return 0;
        *slot = row->out->fval[at];
        return 1;
    }
    case XF_DV_OUTCOME:
        *slot = row->out->outcome[row->r];
        return *slot >= 0 && *slot < XF_OUT__COUNT;
    case XF_DV_ROW:
        *slot = row->number;
        return 1;
    case XF_DV_ASOF:
        *slot = x->as_of;
        return 1;
    default:
        return 0;
    }
}

void xf_doc_format(const xf_doc_ctx *x, const xf_type *t, int outcome, int64_t slot, xf_strbuf *out) {
    char buf[64];
    if (outcome) {
        xf_strbuf_puts(out, xf_outcome_zh[slot]);
        return;
    }
    switch (t->kind) {
    case XF_T_BOOL:
        xf_strbuf_puts(out, slot ? "是" : "否");
        break;
    case XF_T_INT:
        snprintf(buf, sizeof buf, "%" PRId64, slot);
        xf_strbuf_puts(out, buf);
        break;
    case XF_T_MONEY:
        xf_money_format(slot, buf);
        xf_strbuf_puts(out, buf);
        if (x->style == XF_STYLE_NOTICE) xf_strbuf_puts(out, "元");
        break;
    case XF_T_DATE:
        if (x->style == XF_STYLE_NOTICE) {
            int y, m, d;
            xf_day_to_ymd(slot, &y, &m, &d);
            snprintf(buf, sizeof buf, "%d年%d月%d日", y, m, d);
        } else {
            xf_date_format(slot, buf);
        }
        xf_strbuf_puts(out, buf);
        break;
    case XF_T_TEXT:
        xf_strbuf_put(out, xf_texts_str(x->db->texts, slot), xf_texts_len(x->db->texts, slot));
        break;
    case XF_T_ENUM:
        if (t->decl && slot >= 0 && slot < t->decl->nlabels) xf_strbuf_puts(out, t->decl->labels[slot].name);
        break;
    case XF_T_SET:
        for (int i = 0, first = 1; t->decl && i < t->decl->nlabels && i < 64; i++)
            if ((uint64_t)slot >> i & 1) {
                if (!first) xf_strbuf_puts(out, "、");
                xf_strbuf_puts(out, t->decl->labels[i].name);
                first = 0;
            }
        break;
    default:
        break;
    }
}

void xf_doc_render(const xf_doc_ctx *x, const xf_docval *v, const xf_doc_row *row, xf_strbuf *out) {
    if (v->kind == XF_DV_TEXT) {
        for (int i = 0; i < v->nparts; i++) {
            if (v->parts[i].text) xf_strbuf_puts(out, v->parts[i].text);
            else xf_doc_render(x, &v->parts[i].value, row, out);
        }
        return;
    }
    int64_t slot;
    if (xf_doc_value(x, v, row, &slot)) xf_doc_format(x, v->type, v->kind == XF_DV_OUTCOME, slot, out);
}

/* ---- where ---- */

static int label_in(const xf_expr *labels, int64_t slot) {
    if (labels->kind == XF_E_NAME) return labels->ref == XF_R_LABEL && labels->ref_index == slot;
    for (int i = 0; i < labels->nargs; i++)
        if (labels->args[i]->ref == XF_R_LABEL && labels->args[i]->ref_index == slot) return 1;
    return 0;
}

static int text_in(const xf_doc_ctx *x, const xf_expr *texts, int64_t slot) {
    const char *s = xf_texts_str(x->db->texts, slot);
    if (texts->kind == XF_E_TEXT) return !strcmp(s, texts->name);
    for (int i = 0; i < texts->nargs; i++)
        if (!strcmp(s, texts->args[i]->name)) return 1;
    return 0;
}

int xf_doc_where(const xf_doc_ctx *x, const xf_expr *e, const xf_doc_row *row) {
    int64_t slot = 0;
    if (e->kind == XF_E_BINARY && e->op == XF_EOP_AND) return xf_doc_where(x, e->a, row) && xf_doc_where(x, e->b, row);
    if (e->kind == XF_E_BINARY && e->op == XF_EOP_OR) return xf_doc_where(x, e->a, row) || xf_doc_where(x, e->b, row);
    if (e->kind == XF_E_UNARY && e->op == XF_EOP_NOT) return !xf_doc_where(x, e->a, row);
    if (e->docval) return xf_doc_value(x, e->docval, row, &slot) && slot;
    if (e->kind != XF_E_BINARY || !e->a->docval) return 0;
    int has = xf_doc_value(x, e->a->docval, row, &slot);
    int negate = e->op == XF_EOP_NE || e->op == XF_EOP_NOTIN;
    const xf_expr *r = e->b;
    const xf_type *t = e->a->docval->type;
    int holds;
    if (r->kind == XF_E_NONE) holds = !has;
    else if (!has) holds = 0;  /* absent: equal to no label, no text, no truth value */
    else if (t->kind == XF_T_ENUM) holds = label_in(r, slot);
    else if (t->kind == XF_T_TEXT) holds = text_in(x, r, slot);
    else holds = r->kind == XF_E_BOOL && slot == r->ival;
    return negate ? !holds : holds;
}
