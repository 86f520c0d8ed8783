/* rebuild.c — the run's compilation rebuilt from its stored sources
 * (explain_int.h).
 *
 * The explainer reads the rules through the compiler: the stored files are
 * parsed and checked as `xiufu run` did, and each policy explained is
 * lowered again with its trace, which numbers the same slots lowering
 * numbered for the run.  Every statement, step, exception, label and
 * citation then comes from the checked tree; nothing here reads policy text.
 */
#include "explain_int.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

xf_ex_compiled *xf_ex_compile(const xf_ex_source *src, int n) {
    xf_ex_compiled *cc = calloc(1, sizeof *cc);
    if (!cc) return NULL;
    xf_compile_init(&cc->c);
    int has_schema = 0, bad = 0;
    for (int i = 0; i < n; i++) has_schema |= !strcmp(src[i].path, "<schema>");
    if (!has_schema && xf_compile_add_schema(&cc->c) != 0) bad = 1;
    for (int i = 0; i < n && !bad; i++) {
        if (xf_compile_add_text(&cc->c, src[i].path, src[i].text, src[i].len) != 0) bad = 1;
        else if (!strcmp(src[i].path, "<schema>")) cc->c.modules[cc->c.nmodules - 1]->prelude = 1;
    }
    cc->ok = !bad && cc->c.diags.errors == 0 && xf_check(&cc->c) == 0;
    if (cc->ok && cc->c.npolicies) {
        xf_tablespec *specs;  /* lowering reads where each table's columns are loaded */
        cc->ok = xf_table_specs(&cc->c, cc->c.policies, cc->c.npolicies, &specs) > 0;
    }
    return cc;
}

void xf_ex_compiled_free(xf_ex_compiled *cc) {
    if (!cc) return;
    free(cc->pol);
    xf_compile_free(&cc->c);
    free(cc);
}

const xf_ex_policy *xf_ex_policy_named(xf_ex_compiled *cc, const char *name) {
    if (!cc || !cc->ok || !name) return NULL;
    for (int i = 0; i < cc->npol; i++)
        if (!strcmp(cc->pol[i].name, name)) return cc->pol[i].lowered > 0 ? &cc->pol[i] : NULL;
    const xf_decl *d = NULL;
    for (int i = 0; i < cc->c.npolicies && !d; i++)
        if (!strcmp(cc->c.policies[i]->name, name)) d = cc->c.policies[i];
    if (!d) return NULL;
    xf_ex_policy *a = realloc(cc->pol, sizeof *a * (size_t)(cc->npol + 1));
    if (!a) return NULL;
    cc->pol = a;
    xf_ex_policy *p = &a[cc->npol++];
    *p = (xf_ex_policy){.name = d->name, .decl = d};
    xf_prog *prog = xf_lower_traced(&cc->c, d, &p->ti);
    p->lowered = prog ? 1 : -1;
    xf_prog_free(prog);
    return p->lowered > 0 ? p : NULL;
}

const char *xf_ex_field_note(xf_ex_compiled *cc, const char *tab, const char *col, const char **type_name) {
    if (!cc || !tab || !col) return NULL;
    for (int m = 0; m < cc->c.nmodules; m++) {
        const xf_module *mod = cc->c.modules[m];
        for (int i = 0; i < mod->ndecls; i++) {
            const xf_decl *d = mod->decls[i];
            if (d->kind != XF_D_RECORD || !d->table || strcmp(d->table, tab)) continue;
            for (int f = 0; f < d->nfields; f++) {
                const xf_field_decl *fd = &d->fields[f];
                if (strcmp(fd->column ? fd->column : fd->name, col)) continue;
                if (fd->rtype && (fd->rtype->kind == XF_T_ENUM || fd->rtype->kind == XF_T_SET) && fd->rtype->decl)
                    *type_name = fd->rtype->decl->name;
                else if (fd->type.name && !fd->rtype) {
                    static const char *const builtin[] = {"text", "int", "date", "money", "bool", NULL};
                    int is_builtin = 0;
                    for (int k = 0; builtin[k]; k++) is_builtin |= !strcmp(fd->type.name, builtin[k]);
                    if (!is_builtin) *type_name = fd->type.name;
                }
                return xf_field_note(&cc->c, fd);
            }
        }
    }
    return NULL;
}
