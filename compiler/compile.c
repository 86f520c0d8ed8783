/* compile.c — a compilation: sources in, checked modules and the tables,
 * fields and parameters the runtime needs out. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "dates.h"
#include "embedded.h"
#include "file_out.h"
#include "oom.h"
#include "parse.h"
#include "trace.h"

void xf_compile_init(xf_compile *c) { memset(c, 0, sizeof *c); }

void xf_compile_free(xf_compile *c) {
    xf_arena_free(&c->arena);
    xf_diags_free(&c->diags);
    free(c->modules);
    memset(c, 0, sizeof *c);
}

int xf_compile_add_text(xf_compile *c, const char *name, const char *text, uint32_t len) {
    int32_t file = xf_diags_add_source(&c->diags, name, text, len);
    if (file < 0) return xf_oom((size_t)len), -1;
    int32_t errors = c->diags.errors;
    xf_module *m = xf_parse_source(&c->arena, &c->diags, file, c->dump_tokens);
    /* no module and no new error: the scanner or the parser ran out of memory */
    if (!m && c->diags.errors == errors) xf_oom(0);
    if (!m) return -1;
    xf_module **mods = realloc(c->modules, sizeof *mods * (size_t)(c->nmodules + 1));
    if (!mods) return xf_oom(sizeof *mods * (size_t)(c->nmodules + 1)), -1;
    c->modules = mods;
    c->modules[c->nmodules++] = m;
    return 0;
}

int xf_compile_add_schema(xf_compile *c) {
    FILE *dump = c->dump_tokens;  /* --dump=tokens shows the user's files only */
    c->dump_tokens = NULL;
    int rc = xf_compile_add_text(c, "<schema>", xf_embed_schema_xf, (uint32_t)xf_embed_schema_xf_len);
    c->dump_tokens = dump;
    if (rc == 0) c->modules[c->nmodules - 1]->prelude = 1;
    return rc;
}

int xf_compile_add_file(xf_compile *c, const char *path) {
    const char *why = NULL;
    int fd = xf_open_regular(path, &why);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (fd >= 0 && !f) close(fd);
    char *buf = NULL;
    size_t len = 0;
    if (f) {
        size_t cap = 1 << 16;
        buf = malloc(cap);
        size_t n;
        while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
            len += n;
            if (len == cap) {
                if (cap >= (size_t)1 << 30) break;  /* no policy is a gigabyte */
                char *b = realloc(buf, cap *= 2);
                if (!b) { free(buf); buf = NULL; }
                buf = b;
            }
        }
        if (ferror(f)) { free(buf); buf = NULL; }
    }
    if (!f || !buf) {
        xf_diag(&c->diags, (xf_span){-1, 0, 0}, XF_D_IO, path, why ? why : strerror(errno ? errno : EIO));
        if (f) fclose(f);
        return -1;
    }
    fclose(f);
    int rc = xf_compile_add_text(c, path, buf, (uint32_t)len);
    free(buf);
    return rc;
}

static int module_in_effect(const xf_module *m, int64_t day) {
    return !(m->has_effective_from && day < m->effective_from) && !(m->has_effective_until && day > m->effective_until);
}

/* Which policies a run needs.  The compiled gate decides each record; this
 * only leaves out policies that can decide none on as_of.  A policy whose
 * regime day is the record's own (`effective on`) may govern any as_of. */
int xf_policy_in_effect(const xf_decl *policy, int64_t as_of) {
    if (policy->base) {  /* a local pack: its own period by as_of, its base's regime as the base says */
        if (!module_in_effect(policy->module, as_of)) return 0;
        return policy->effective_on || module_in_effect(policy->base->module, as_of);
    }
    return policy->effective_on || module_in_effect(policy->module, as_of);
}

/* ---- what the loader reads ---- */

int xf_value_kind(const xf_type *t) {
    if (!t) return XF_K_INT;
    switch (t->kind) {
    case XF_T_BOOL: return XF_K_BOOL;
    case XF_T_MONEY: return XF_K_MONEY;
    case XF_T_DATE: return XF_K_DATE;
    case XF_T_TEXT: return XF_K_TEXT;
    case XF_T_ENUM: return XF_K_ENUM;
    case XF_T_SET: return XF_K_SET;
    case XF_T_DURATION: return XF_TV_DURATION;
    default: return XF_K_INT;
    }
}

/* Columns and outputs are never durations (the checker says so). */
static xf_kind kind_of(const xf_type *t) { return (xf_kind)xf_value_kind(t); }

static const char *const *enum_labels(xf_compile *c, const xf_decl *en) {
    const char **v = xf_arena_alloc(&c->arena, sizeof *v * (size_t)(en->nlabels + 1));
    for (int i = 0; v && i < en->nlabels; i++) v[i] = en->labels[i].name;
    return v;
}

/* Which records the policies touch: their subjects, plus every record a
 * column of which is used (fields were marked by the checker). */
static int record_used(xf_compile *c, const xf_decl *rec, xf_decl *const *policies, int n) {
    if (rec == c->entity) return 1;
    for (int i = 0; i < n; i++)
        if (policies[i]->subject_decl == rec) return 1;
    for (int f = 0; f < rec->nfields; f++)
        if (rec->fields[f].used) return 1;
    return 0;
}

int xf_table_specs(xf_compile *c, xf_decl *const *policies, int n, xf_tablespec **out) {
    int nrec = 0;
    for (int i = 0; i < c->ndecls; i++) nrec += c->decls[i]->kind == XF_D_RECORD;
    xf_tablespec *specs = xf_arena_alloc(&c->arena, sizeof *specs * (size_t)(nrec + 1));
    if (!specs || !c->entity) return -1;
    int nspec = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < c->ndecls; i++) {
            xf_decl *rec = c->decls[i];
            if (rec->kind != XF_D_RECORD || (pass == 0) != (rec == c->entity)) continue;
            rec->table_index = -1;
            if (!record_used(c, rec, policies, n)) continue;
            xf_colspec *cols = xf_arena_alloc(&c->arena, sizeof *cols * (size_t)(rec->nfields + 1));
            if (!cols) return -1;
            int ncols = 0;
            for (int f = 0; f < rec->nfields; f++) {
                xf_field_decl *fd = &rec->fields[f];
                fd->load_col = -1;
                if (!fd->used) continue;
                fd->load_col = ncols;
                xf_colspec *cs = &cols[ncols++];
                cs->name = fd->column;
                cs->kind = fd->rtype ? kind_of(fd->rtype) : XF_K_INT;
                cs->optional = fd->rtype ? fd->rtype->optional : 1;
                if (fd->rtype && fd->rtype->decl) {
                    cs->nlabels = fd->rtype->decl->nlabels;
                    cs->labels = enum_labels(c, fd->rtype->decl);
                }
            }
            rec->table_index = nspec;
            specs[nspec++] = (xf_tablespec){
                .table = rec->table,
                .key = rec->key && strcmp(rec->key, "rowid") && rec != c->entity ? rec->key : NULL,
                .entity_col = rec->entity_col ? rec->entity_col : rec->key,
                .ncols = ncols,
                .cols = cols,
            };
        }
    *out = specs;
    return nspec;
}

/* ---- fields of a policy's decisions ---- */

int xf_policy_fields(xf_compile *c, const xf_decl *pol, const char ***names, xf_kind **kinds, const xf_decl ***enums) {
    int n = 2;
    for (int i = 0; i < pol->noutputs; i++)
        if (pol->outputs[i].field >= 2) n++;
    const char **nm = xf_arena_alloc(&c->arena, sizeof *nm * (size_t)n);
    xf_kind *kd = xf_arena_alloc(&c->arena, sizeof *kd * (size_t)n);
    const xf_decl **en = xf_arena_alloc(&c->arena, sizeof *en * (size_t)n);
    if (!nm || !kd || !en) return -1;
    nm[0] = "eligible_from", kd[0] = XF_K_DATE;
    nm[1] = "stops_on", kd[1] = XF_K_DATE;
    for (int i = 0; i < pol->noutputs; i++) {
        const xf_output *o = &pol->outputs[i];
        if (o->field < 2) continue;
        nm[o->field] = o->name;
        kd[o->field] = o->type ? kind_of(o->type) : XF_K_INT;
        en[o->field] = o->type ? o->type->decl : NULL;
    }
    *names = nm, *kinds = kd;
    if (enums) *enums = en;
    return n;
}

/* ---- parameters ---- */

static int64_t const_value(const xf_expr *e, uint8_t *has) {
    *has = e->kind != XF_E_NONE;
    if (e->kind == XF_E_NAME && e->ref == XF_R_LABEL) return e->ref_index;
    if (e->kind == XF_E_LABELS) {
        int64_t m = 0;
        for (int i = 0; i < e->nargs; i++) m |= (int64_t)1 << e->args[i]->ref_index;
        return m;
    }
    return e->ival;
}

const xf_params *xf_runtime_params(xf_compile *c) {
    xf_params *ps = xf_arena_alloc(&c->arena, sizeof *ps);
    xf_param *p = xf_arena_alloc(&c->arena, sizeof *p * (size_t)(c->nparams + 1));
    if (!ps || !p) return NULL;
    for (int i = 0; i < c->nparams; i++) {
        const xf_decl *d = c->params[i];
        xf_param_row *rows = xf_arena_alloc(&c->arena, sizeof *rows * (size_t)(d->nrows + 1));
        if (!rows) return NULL;
        for (int r = 0; r < d->nrows; r++) {
            const xf_param_row_decl *rd = &d->rows[r];
            rows[r].region = rd->region ? rd->region : "";
            rows[r].from = rd->has_from ? rd->from : XF_DAY_OPEN_FROM;
            rows[r].until = rd->has_until ? rd->until : XF_DAY_OPEN_UNTIL;
            rows[r].value = const_value(rd->value, &rows[r].has);
        }
        p[i] = (xf_param){.name = d->name, .nrows = d->nrows, .rows = rows};
        if (d->pdefault) {
            p[i].has_default = 1;
            p[i].default_value = const_value(d->pdefault, &p[i].default_has);
        }
    }
    ps->n = c->nparams;
    ps->p = p;
    return ps;
}

const char *xf_citation(xf_compile *c, const xf_decl *policy, const char *basis) {
    const char *doc = policy && policy->module ? policy->module->basis : NULL;
    if (!basis) return doc;
    if (!doc || !strncmp(basis, "《", strlen("《"))) return basis;
    return xf_arena_printf(&c->arena, "%s%s", doc, basis);
}

const char *xf_field_note(xf_compile *c, const xf_field_decl *f) {
    if (!f || f->span.file < 0 || f->span.file >= c->diags.nsrc) return NULL;
    const xf_source *s = &c->diags.src[f->span.file];
    uint32_t i = f->span.start, in_text = 0;
    for (; i < s->len && s->text[i] != '\n'; i++) {
        if (s->text[i] == '"') in_text = !in_text;
        if (s->text[i] == '#' && !in_text) break;
    }
    if (i >= s->len || s->text[i] != '#') return NULL;
    uint32_t a = i + 1, b = a;
    while (a < s->len && (s->text[a] == ' ' || s->text[a] == '\t')) a++;
    for (b = a; b < s->len && s->text[b] != '\n' && s->text[b] != '\r'; b++) {}
    while (b > a && (s->text[b - 1] == ' ' || s->text[b - 1] == '\t')) b--;
    return b > a ? xf_arena_strndup(&c->arena, s->text + a, b - a) : NULL;
}
