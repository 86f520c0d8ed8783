/* hover.c — what a name is: its declaration as written, its kind, where it
 * is defined, and the legal basis it cites (the module's instrument with the
 * article, as decisions cite it). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "hover.h"
#include "json.h"
#include "outcomes.h"

typedef struct words { const char *zh, *en; } words;

static const char *say(const lsp_analysis *a, words w) { return a->server->lang == XF_LANG_EN ? w.en : w.zh; }

static const char *type_text(const lsp_analysis *a, const xf_type *t) {
    return t ? xf_type_str((xf_compile *)&a->c, t) : "?";
}

/* path:line of span, the path relative to the workspace folder */
static void put_place(jbuf *b, const lsp_analysis *a, xf_span sp) {
    if (sp.file < 0 || sp.file >= a->c.diags.nsrc) return;
    const xf_source *s = &a->c.diags.src[sp.file];
    int line, col;
    xf_source_linecol(s, sp.start, &line, &col);
    const char *path = s->path, *root = a->server->root;
    size_t n = root ? strlen(root) : 0;
    if (root && !strncmp(path, root, n) && path[n] == '/') path += n + 1;
    jb_printf(b, "%s%s:%d", say(a, (words){"，定义于 ", ", defined at "}), path, line);
}

/* A rule's basis as decisions cite it: relative to the instrument of the
 * module it is written in. */
static void put_basis(jbuf *b, const lsp_analysis *a, xf_span where, const char *label_zh, const char *label_en,
                      const char *basis) {
    if (!basis) return;
    const xf_module *m = lsp_module_of_file(a, where.file);
    const char *doc = m ? m->basis : NULL;
    jb_printf(b, "\n\n%s%s%s", a->server->lang == XF_LANG_EN ? label_en : label_zh,
              doc && strncmp(basis, "《", strlen("《")) ? doc : "", basis);
}

char *lsp_hover_text(const lsp_analysis *a, const lsp_target *t) {
    jbuf b = {0};
    const xf_decl *p = t->policy, *d = t->decl;
    const char *basis_zh = "依据：", *basis_en = "basis: ";
    xf_span def = lsp_definition(a, t);
    jb_raw(&b, "```xf\n");
    words kind = {"", ""};
    switch (t->kind) {
    case LT_LET: {
        const xf_let *l = &p->lets[t->index];
        jb_printf(&b, "let %s: %s\n```\n", l->name, type_text(a, l->type));
        kind = (words){"中间值（let）", "intermediate value (let)"};
        jb_raw(&b, say(a, kind)), put_place(&b, a, def);
        put_basis(&b, a, l->span, basis_zh, basis_en, l->basis);
        for (int i = 0; i < l->nexcepts; i++)
            put_basis(&b, a, l->span, "例外依据：", "exception's basis: ", l->excepts[i].basis);
        break;
    }
    case LT_REQUIRE:
        jb_printf(&b, "require %s: bool\n```\n", p->reqs[t->index].name);
        jb_raw(&b, say(a, (words){"申请条件（require）", "requirement (require)"})), put_place(&b, a, def);
        put_basis(&b, a, def, basis_zh, basis_en, p->reqs[t->index].basis);
        break;
    case LT_OUTPUT:
        jb_printf(&b, "output %s: %s\n```\n", p->outputs[t->index].name, type_text(a, p->outputs[t->index].type));
        jb_raw(&b, say(a, (words){"输出字段（output）", "output field"})), put_place(&b, a, def);
        put_basis(&b, a, def, basis_zh, basis_en, p->outputs[t->index].basis);
        break;
    case LT_STEP: {
        const xf_step *s = &p->steps[t->index];
        jb_printf(&b, "%s: %s\n```\n", s->name, s->outcome);
        jb_raw(&b, say(a, (words){"决定步骤", "decision step"}));
        jb_printf(&b, a->server->lang == XF_LANG_EN ? " of %s" : "（%s）", p->name);
        put_place(&b, a, def);
        put_basis(&b, a, def, basis_zh, basis_en, s->basis);
        break;
    }
    case LT_PARAM:
        jb_printf(&b, "param %s: %s\n```\n", d->name, type_text(a, d->param_type));
        jb_raw(&b, say(a, (words){"参数（param）", "parameter (param)"})), put_place(&b, a, def);
        put_basis(&b, a, def, "默认值依据：", "default's basis: ", d->default_basis);
        /* a region's value mostly cites that region's own instrument: as written */
        for (int i = 0; i < d->nrows; i++)
            if (d->rows[i].basis)
                jb_printf(&b, a->server->lang == XF_LANG_EN ? "\n\nregion %s: %s" : "\n\n地区 %s：%s",
                          d->rows[i].region ? d->rows[i].region : a->server->lang == XF_LANG_EN ? "(all)" : "（全部）",
                          d->rows[i].basis);
        break;
    case LT_LABEL:
        jb_printf(&b, "%s.%s\n```\n", d->name, d->labels[t->index].name);
        jb_raw(&b, say(a, (words){"枚举标签", "enum label"})), put_place(&b, a, def);
        break;
    case LT_FIELD: {
        const xf_field_decl *fd = &d->fields[t->index];
        jb_printf(&b, "%s.%s: %s", d->name, fd->name, fd->rtype ? type_text(a, fd->rtype) : fd->type.name);
        if (fd->column && strcmp(fd->column, fd->name)) jb_printf(&b, " column \"%s\"", fd->column);
        jb_raw(&b, "\n```\n");
        jb_printf(&b, a->server->lang == XF_LANG_EN ? "field of record %s (table %s)" : "记录 %s 的字段（表 %s）", d->name,
                  d->table ? d->table : "?");
        put_place(&b, a, def);
        break;
    }
    case LT_SUBJECT:
        jb_printf(&b, "%s: %s\n```\n", t->name, d ? d->name : "?");
        jb_raw(&b, say(a, (words){"本政策决定的记录", "the record this policy decides"})), put_place(&b, a, def);
        break;
    case LT_AGGVAR:
        jb_printf(&b, "%s: %s\n```\n", t->name, d ? d->name : "?");
        jb_raw(&b, say(a, (words){"聚合中的记录变量", "a record of the aggregate"})), put_place(&b, a, def);
        break;
    case LT_ASOF:
        jb_raw(&b, "as_of: date\n```\n");
        jb_raw(&b, say(a, (words){"评估日：运行时 --as-of 给出的日期", "the evaluation day: --as-of of the run"}));
        break;
    case LT_FUNCTION:
        jb_printf(&b, "%s(...)\n```\n", t->name);
        jb_raw(&b, say(a, (words){"内置函数（docs/language.md）", "built-in function (docs/language.md)"}));
        break;
    case LT_POLICY:
        jb_printf(&b, "policy %s for %s: %s", d->name, d->var ? d->var : "?", d->subject ? d->subject : "?");
        if (d->overrides) jb_printf(&b, "  # override %s", d->overrides);
        jb_raw(&b, "\n```\n");
        jb_raw(&b, say(a, (words){"政策", "policy"}));
        if (d->module && d->module->name) jb_printf(&b, a->server->lang == XF_LANG_EN ? " in module %s" : "（模块 %s）", d->module->name);
        put_place(&b, a, def);
        if (d->module && d->module->basis) put_basis(&b, a, def, basis_zh, basis_en, d->module->basis);
        break;
    case LT_MODULE:
        jb_printf(&b, "module %s\n```\n", t->name);
        jb_raw(&b, say(a, (words){"模块", "module"}));
        if (t->module) {
            put_place(&b, a, def);
            if (t->module->basis) put_basis(&b, a, def, basis_zh, basis_en, t->module->basis);
        }
        break;
    case LT_RECORD:
        jb_printf(&b, "record %s table \"%s\"\n```\n", d->name, d->table ? d->table : "?");
        jb_raw(&b, say(a, (words){"记录", "record"})), put_place(&b, a, def);
        break;
    case LT_ENUM:
        jb_printf(&b, "enum %s {", d->name);
        for (int i = 0; i < d->nlabels; i++) jb_printf(&b, "%s %s", i ? "," : "", d->labels[i].name);
        jb_raw(&b, " }\n```\n");
        jb_raw(&b, say(a, (words){"枚举", "enum"})), put_place(&b, a, def);
        break;
    case LT_DOCUMENT:
        jb_printf(&b, "document %s for %s: %s\n```\n", d->name, d->var ? d->var : "?", d->subject ? d->subject : "?");
        jb_raw(&b, say(a, (words){"文书", "document"})), put_place(&b, a, def);
        break;
    case LT_OUTCOME:
        for (int i = 0; i < XF_OUT__COUNT; i++)
            if (!strcmp(xf_outcome_code[i], t->name)) {
                jb_printf(&b, "%s\n```\n", t->name);
                jb_printf(&b, a->server->lang == XF_LANG_EN ? "outcome: %s" : "决定结果：%s",
                          a->server->lang == XF_LANG_EN ? xf_outcome_en[i] : xf_outcome_zh[i]);
                goto done;
            }
        free(b.p);
        return NULL;  /* an unknown outcome: the diagnostic says so */
    default:
        free(b.p);
        return NULL;
    }
done:
    if (b.oom) { free(b.p); return NULL; }
    return b.p;
}
