/* trace_meta.c — a policy's trace slots described for readers of stored
 * traces: kind, name, value kind, labels, source position and line,
 * citation (plan.h). */
#include "plan.h"

#include <string.h>

static const char *value_kind_name(int vkind) {
    switch (vkind) {
    case XF_K_BOOL: return "bool";
    case XF_K_MONEY: return "money";
    case XF_K_DATE: return "date";
    case XF_K_TEXT: return "text";
    case XF_K_ENUM: return "enum";
    case XF_K_SET: return "set";
    case XF_TV_DURATION: return "duration";
    default: return "int";
    }
}

static const char *labels_of(xf_compile *c, const xf_decl *en) {
    if (!en) return NULL;
    size_t n = 1;
    for (int i = 0; i < en->nlabels; i++) n += strlen(en->labels[i].name) + 1;
    char *s = xf_arena_alloc(&c->arena, n);
    for (int i = 0; s && i < en->nlabels; i++) {
        if (i) strcat(s, ",");
        strcat(s, en->labels[i].name);
    }
    return s;
}

static const char *source_line(xf_compile *c, xf_span sp) {
    if (sp.file < 0 || sp.file >= c->diags.nsrc) return NULL;
    const xf_source *s = &c->diags.src[sp.file];
    uint32_t a = sp.start > s->len ? s->len : sp.start, b = a;
    while (a > 0 && s->text[a - 1] != '\n') a--;
    while (b < s->len && s->text[b] != '\n' && s->text[b] != '\r') b++;
    while (a < b && (s->text[a] == ' ' || s->text[a] == '\t')) a++;
    return xf_arena_strndup(&c->arena, s->text + a, b - a);
}

xf_trace_meta *xf_trace_meta_build(xf_compile *c, const xf_decl *pol, const xf_trace_info *ti, int rel_paths) {
    xf_trace_meta *m = xf_arena_alloc(&c->arena, sizeof *m * (size_t)(ti->n + 1));
    for (int i = 0; m && i < ti->n; i++) {
        const xf_trace_point *tp = &ti->pt[i];
        int line = 0, col = 0;
        const char *file = NULL;
        if (tp->span.file >= 0 && tp->span.file < c->diags.nsrc) {
            xf_source_linecol(&c->diags.src[tp->span.file], tp->span.start, &line, &col);
            const xf_source *src = &c->diags.src[tp->span.file];
            file = rel_paths && src->rel ? src->rel : src->path;
        }
        m[i] = (xf_trace_meta){
            .slot = i, .kind = xf_tp_kind_name[tp->kind], .name = tp->name,
            .value_kind = value_kind_name(tp->vkind), .labels = labels_of(c, tp->en),
            .table = tp->table, .column = tp->column, .index = tp->index, .file = file,
            .line = line, .col = col, .source = source_line(c, tp->span),
            .basis = tp->basis ? xf_citation(c, pol, tp->basis) : NULL,
        };
    }
    return m;
}

