/* check_tests.c — the tests written inside policy files (`test "…" { … }`).
 *
 * Each record literal names a record of the schema and gives some of its
 * fields literal values of the field's type; `xiufu test` fills the rest with
 * defaults.  Each expectation names an outcome code (or `none`) and optional
 * checks of output columns (eligible_from, stops_on, or a policy's outputs).
 */
#include <string.h>

#include "check.h"
#include "outcomes.h"

static int literal_fits(xf_compile *c, const xf_type *want, xf_expr *v) {
    xf_type_kind k = want->kind;
    switch (v->kind) {
    case XF_E_NONE: return want->optional;
    case XF_E_INT: return k == XF_T_INT;
    case XF_E_MONEY: return k == XF_T_MONEY;
    case XF_E_DATE: return k == XF_T_DATE;
    case XF_E_TEXT: return k == XF_T_TEXT;
    case XF_E_BOOL: return k == XF_T_BOOL;
    case XF_E_DURATION: return k == XF_T_DURATION;
    default: break;
    }
    /* labels: resolve against the field's enum */
    const xf_decl *en = want->decl;
    if ((k == XF_T_ENUM && v->kind == XF_E_NAME) || (k == XF_T_SET && v->kind == XF_E_LABELS)) {
        int n = v->kind == XF_E_NAME ? 1 : v->nargs;
        for (int i = 0; i < n; i++) {
            xf_expr *it = v->kind == XF_E_NAME ? v : v->args[i];
            int found = -1;
            for (int l = 0; en && l < en->nlabels; l++)
                if (it->kind == XF_E_NAME && !strcmp(en->labels[l].name, it->name)) found = l;
            if (found < 0) {
                xf_diag(&c->diags, it->span, XF_D_UNKNOWN_LABEL, it->kind == XF_E_NAME ? it->name : "?",
                        en ? en->name : "?");
                return 1;  /* reported */
            }
            it->ref = XF_R_LABEL, it->ref_index = found, it->ref_decl = (xf_decl *)en;
        }
        return 1;
    }
    return 0;
}

static void check_record(xf_compile *c, xf_decl *t, xf_test_record *r) {
    r->decl = xf_find_decl(c, t->module, r->record, XF_D_RECORD, r->span);
    if (!r->decl) {
        xf_diag(&c->diags, r->span, XF_D_UNKNOWN_NAME, r->record);
        return;
    }
    for (int i = 0; i < r->nfields; i++) {
        xf_test_field *f = &r->fields[i];
        f->field = -1;
        for (int k = 0; k < r->decl->nfields; k++)
            if (!strcmp(r->decl->fields[k].name, f->name)) f->field = k;
        if (f->field < 0) {
            const char *cands[128];
            int n = 0;
            for (int k = 0; k < r->decl->nfields && n < 128; k++) cands[n++] = r->decl->fields[k].name;
            const char *near = xf_nearest(f->name, cands, n);
            if (near) xf_diag(&c->diags, f->span, XF_D_UNKNOWN_FIELD_DYM, r->record, f->name, near);
            else xf_diag(&c->diags, f->span, XF_D_UNKNOWN_FIELD, r->record, f->name);
            continue;
        }
        const xf_type *want = r->decl->fields[f->field].rtype;
        if (want && !literal_fits(c, want, f->value))
            xf_diag(&c->diags, f->value->span, XF_D_TYPE_MISMATCH, f->name, xf_type_str(c, want), "this value");
    }
}

static int is_output_name(xf_compile *c, const char *name) {
    if (!strcmp(name, "eligible_from") || !strcmp(name, "stops_on")) return 1;
    for (int i = 0; i < c->npolicies; i++)
        for (int k = 0; k < c->policies[i]->noutputs; k++)
            if (!strcmp(c->policies[i]->outputs[k].name, name)) return 1;
    return 0;
}

static void check_test(xf_compile *c, xf_decl *t) {
    int subjects = 0;
    for (int i = 0; i < t->ntrecords; i++) {
        check_record(c, t, &t->trecords[i]);
        if (t->trecords[i].decl && t->trecords[i].decl != c->entity) subjects++;
    }
    if (!subjects) xf_diag(&c->diags, t->span, XF_D_TEST_NO_SUBJECT, t->name);
    for (int i = 0; i < t->ntexpects; i++) {
        xf_test_expect *x = &t->texpects[i];
        int known = !strcmp(x->outcome, "none");
        for (int k = 0; k < XF_OUT__COUNT && !known; k++) known = !strcmp(xf_outcome_code[k], x->outcome);
        if (!known) {
            const char *near = xf_nearest(x->outcome, (const char *const *)xf_outcome_code, XF_OUT__COUNT);
            if (near) xf_diag(&c->diags, x->outcome_span, XF_D_UNKNOWN_NAME_DYM, x->outcome, near);
            else xf_diag(&c->diags, x->outcome_span, XF_D_UNKNOWN_OUTCOME, x->outcome, "");
        }
        for (int k = 0; k < x->nchecks; k++) {
            xf_test_field *f = &x->checks[k];
            if (!is_output_name(c, f->name)) xf_diag(&c->diags, f->span, XF_D_UNKNOWN_OUTPUT, f->name, f->name);
            switch (f->value->kind) {
            case XF_E_DATE: case XF_E_NONE: case XF_E_TEXT: case XF_E_INT: case XF_E_MONEY: case XF_E_BOOL:
            case XF_E_NAME: case XF_E_LABELS:
                break;
            default:
                xf_diag(&c->diags, f->value->span, XF_D_TYPE_MISMATCH, f->name, "a literal", "an expression");
            }
        }
    }
    if (!t->ntexpects) xf_diag(&c->diags, t->span, XF_D_TEST_NO_EXPECT, t->name);
}

void xf_check_tests(xf_compile *c) {
    for (int i = 0; i < c->ndecls; i++)
        if (c->decls[i]->kind == XF_D_TEST) {
            c->scope = c->decls[i]->module;
            check_test(c, c->decls[i]);
        }
    c->scope = NULL;
}
