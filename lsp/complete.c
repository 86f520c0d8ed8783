/* complete.c — completion (complete.h).
 *
 * A document being written seldom parses: the record a variable stands for
 * is read from the text (the head of the policy around the cursor, or the
 * `for VAR in ...` of an aggregate, the record before the brace of a test's
 * record), the rest from the check of the text as it is, which the parser's
 * recovery keeps mostly whole. */
#include <string.h>

#include "check.h"
#include "complete.h"
#include "outcomes.h"

const char *const lsp_keywords[] = {
    "module", "use", "basis", "effective", "from", "until", "enum", "record", "table", "key", "column", "param",
    "default", "region", "policy", "for", "where", "let", "except", "else", "when", "require", "required", "output",
    "decide", "otherwise", "set", "of", "and", "or", "not", "in", "within", "meets", "true", "false", "none", "exists",
    "count", "all", "satisfy", "min", "max", "if", "then", "day", "days", "month", "months", "year", "years", "working",
    "override", "overrides", "before", "after", "instead", "as", "extend", "supersedes", "lenient", "on", "test",
    "expect", "document", "by", "notice", "ledger", "statistics", NULL};

/* LSP's CompletionItemKind */
enum { CK_FUNCTION = 3, CK_FIELD = 5, CK_VARIABLE = 6, CK_KEYWORD = 14, CK_ENUM_MEMBER = 20, CK_CONSTANT = 21 };

typedef struct out { jbuf *b; const char *prefix; size_t plen; int n; const char *seen[4096]; int nseen; } out;

static void item(out *o, const char *label, int kind, const char *detail) {
    if (!label || strncmp(label, o->prefix, o->plen)) return;
    for (int i = 0; i < o->nseen; i++)
        if (!strcmp(o->seen[i], label)) return;
    if (o->nseen < 4096) o->seen[o->nseen++] = label;
    jb_raw(o->b, o->n++ ? ", {\"label\": " : "{\"label\": ");
    jb_str(o->b, label);
    jb_printf(o->b, ", \"kind\": %d", kind);
    if (detail) jb_raw(o->b, ", \"detail\": "), jb_str(o->b, detail);
    jb_raw(o->b, "}");
}

static int ident_byte(unsigned char c) { return c >= 0x80 || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static const xf_decl *find(const xf_compile *c, const char *name, size_t n, xf_decl_kind kind) {
    for (int i = 0; i < c->ndecls; i++) {
        const xf_decl *d = c->decls[i];
        if (d->kind == kind && d->name && strlen(d->name) == n && !strncmp(d->name, name, n) &&
            !(kind == XF_D_PARAM && d->extends))
            return d;
    }
    return NULL;
}

/* The words of the line that starts the policy (or document) around off:
 * `policy NAME for VAR: RECORD`, `override BASE as NAME`. */
typedef struct head { const char *w[6]; size_t n[6]; int nw; } head;

static int read_head(const char *text, uint32_t off, head *h) {
    for (uint32_t p = off;;) {
        uint32_t bol = p;
        while (bol > 0 && text[bol - 1] != '\n') bol--;
        if (!strncmp(text + bol, "policy ", 7) || !strncmp(text + bol, "override ", 9) || !strncmp(text + bol, "document ", 9)) {
            h->nw = 0;
            for (const char *s = text + bol; *s && *s != '\n' && h->nw < 6;) {
                while (*s == ' ' || *s == ':' || *s == '\t') s++;
                const char *w = s;
                while (*s && *s != ' ' && *s != ':' && *s != '\t' && *s != '\n' && *s != '\r') s++;
                if (s > w) h->w[h->nw] = w, h->n[h->nw++] = (size_t)(s - w);
            }
            return h->nw >= 4 ? 0 : -1;
        }
        if (bol == 0) break;
        p = bol - 1;
    }
    return -1;
}

static int word_is(const head *h, int i, const char *s) { return i < h->nw && h->n[i] == strlen(s) && !strncmp(h->w[i], s, h->n[i]); }

/* The policy around off, its subject variable and record. */
static const xf_decl *around(const lsp_analysis *a, const char *text, uint32_t off, const char **var, size_t *var_n,
                             const xf_decl **subject) {
    head h;
    *var = NULL, *subject = NULL;
    if (read_head(text, off, &h)) return NULL;
    const xf_compile *c = &a->c;
    if (word_is(&h, 0, "override") && word_is(&h, 2, "as")) {
        const xf_decl *base = find(c, h.w[1], h.n[1], XF_D_POLICY);
        if (base && base->var) *var = base->var, *var_n = strlen(base->var), *subject = base->subject_decl;
        return find(c, h.w[3], h.n[3], XF_D_POLICY);
    }
    if (word_is(&h, 2, "for") && h.nw >= 5) {
        *var = h.w[3], *var_n = h.n[3];
        *subject = find(c, h.w[4], h.n[4], XF_D_RECORD);
    }
    return find(c, h.w[1], h.n[1], word_is(&h, 0, "document") ? XF_D_DOCUMENT : XF_D_POLICY);
}

typedef struct chain { const char *w[8]; size_t n[8]; int nw; } chain;

static const xf_decl *resolve(const lsp_analysis *a, const char *text, uint32_t off, const chain *ch, int upto, int *is_list);

/* The record a variable of an aggregate ranges over: `VAR in CHAIN` before off. */
static const xf_decl *aggregate_var(const lsp_analysis *a, const char *text, uint32_t off, const char *v, size_t vn) {
    for (uint32_t p = off; p-- > 0;) {
        if (strncmp(text + p, v, vn) || (p > 0 && ident_byte((unsigned char)text[p - 1])) || strncmp(text + p + vn, " in ", 4))
            continue;
        chain ch = {0};
        const char *s = text + p + vn + 4;
        while (ch.nw < 8) {
            const char *w = s;
            while (ident_byte((unsigned char)*s)) s++;
            if (s == w) break;
            ch.w[ch.nw] = w, ch.n[ch.nw++] = (size_t)(s - w);
            if (*s != '.') break;
            s++;
        }
        int list = 0;
        const xf_decl *r = ch.nw ? resolve(a, text, p, &ch, ch.nw, &list) : NULL;
        return list ? r : NULL;
    }
    return NULL;
}

static const xf_decl *resolve(const lsp_analysis *a, const char *text, uint32_t off, const chain *ch, int upto, int *is_list) {
    const xf_compile *c = &a->c;
    const char *var;
    size_t var_n = 0;
    const xf_decl *rec;
    around(a, text, off, &var, &var_n, &rec);
    *is_list = 0;
    if (!(var && ch->n[0] == var_n && !strncmp(ch->w[0], var, var_n))) rec = aggregate_var(a, text, off, ch->w[0], ch->n[0]);
    for (int i = 1; rec && i < upto; i++) {
        if (*is_list) return NULL;
        if (rec->entity_col && ch->n[i] == 6 && !strncmp(ch->w[i], "entity", 6)) { rec = c->entity; continue; }
        const xf_decl *rel = rec == c->entity ? find(c, ch->w[i], ch->n[i], XF_D_RECORD) : NULL;
        if (rel && rel->entity_col) { rec = rel, *is_list = 1; continue; }
        return NULL;  /* a column is no record */
    }
    return rec;
}

/* A record's columns; with links, also `entity` and an entity's related records. */
static void fields(const lsp_analysis *a, out *o, const xf_decl *rec, int links) {
    const xf_compile *c = &a->c;
    for (int i = 0; i < rec->nfields; i++)
        item(o, rec->fields[i].name, CK_FIELD, rec->fields[i].rtype ? xf_type_str((xf_compile *)c, rec->fields[i].rtype) : NULL);
    if (!links) return;
    if (rec->entity_col && c->entity) item(o, "entity", CK_FIELD, c->entity->name);
    if (rec == c->entity)
        for (int i = 0; i < c->ndecls; i++)
            if (c->decls[i]->kind == XF_D_RECORD && c->decls[i]->entity_col) {
                char *detail = xf_arena_printf((xf_arena *)&c->arena, "list of %s", c->decls[i]->name);
                item(o, c->decls[i]->name, CK_FIELD, detail);
            }
}

/* Inside a test's record, `penalty { cause: "x", pub|`: the record whose
 * field name is being written, or NULL. */
static const xf_decl *test_record_at(const lsp_analysis *a, const char *text, uint32_t start) {
    uint32_t p = start;
    while (p > 0 && (text[p - 1] == ' ' || text[p - 1] == '\t' || text[p - 1] == '\n' || text[p - 1] == '\r')) p--;
    if (p == 0 || (text[p - 1] != '{' && text[p - 1] != ',')) return NULL;
    int depth = 0, quoted = 0;
    for (; p > 0; p--) {  /* the '{' that is still open */
        char ch = text[p - 1];
        if (ch == '"') quoted = !quoted;
        if (quoted || (ch != '{' && ch != '}')) continue;
        if (ch == '}') depth++;
        else if (depth-- == 0) break;
    }
    if (p == 0) return NULL;
    uint32_t e = p - 1;
    while (e > 0 && text[e - 1] == ' ') e--;
    uint32_t w = e;
    while (w > 0 && ident_byte((unsigned char)text[w - 1])) w--;
    return w < e ? find(&a->c, text + w, e - w, XF_D_RECORD) : NULL;
}

void lsp_complete(const lsp_analysis *a, const char *text, size_t len, uint32_t off, jbuf *b) {
    const xf_compile *c = &a->c;
    if (off > len) off = (uint32_t)len;
    uint32_t start = off;
    while (start > 0 && ident_byte((unsigned char)text[start - 1])) start--;
    char prefix[256];
    size_t plen = off - start < sizeof prefix - 1 ? off - start : sizeof prefix - 1;
    memcpy(prefix, text + start, plen);
    prefix[plen] = 0;
    out o = {.b = b, .prefix = prefix, .plen = plen};
    jb_raw(b, "[");
    if (start > 0 && text[start - 1] == '.') {
        chain ch = {0};
        uint32_t p = start - 1;  /* the '.' */
        while (ch.nw < 8) {
            uint32_t e = p;
            while (p > 0 && ident_byte((unsigned char)text[p - 1])) p--;
            if (p == e) break;
            for (int k = ch.nw; k > 0; k--) ch.w[k] = ch.w[k - 1], ch.n[k] = ch.n[k - 1];
            ch.w[0] = text + p, ch.n[0] = e - p, ch.nw++;
            if (p == 0 || text[p - 1] != '.') break;
            p--;
        }
        int list = 0;
        const xf_decl *rec = ch.nw ? resolve(a, text, start, &ch, ch.nw, &list) : NULL;
        if (rec && !list) fields(a, &o, rec, 1);
        jb_raw(b, "]");
        return;
    }
    const xf_decl *rec = test_record_at(a, text, start);
    if (rec) {
        fields(a, &o, rec, 0);
        jb_raw(b, "]");
        return;
    }
    const char *var;
    size_t var_n = 0;
    const xf_decl *subject;
    const xf_decl *pol = around(a, text, off, &var, &var_n, &subject);
    if (pol && pol->kind == XF_D_POLICY) {
        for (int i = 0; i < pol->nlets; i++)
            item(&o, pol->lets[i].name, CK_VARIABLE, pol->lets[i].type ? xf_type_str((xf_compile *)c, pol->lets[i].type) : "let");
        for (int i = 0; i < pol->nreqs; i++) item(&o, pol->reqs[i].name, CK_VARIABLE, "require");
        for (int i = 0; i < pol->noutputs; i++) item(&o, pol->outputs[i].name, CK_VARIABLE, "output");
    }
    if (var && subject) {
        char *v = xf_arena_strndup((xf_arena *)&c->arena, var, var_n);
        item(&o, v, CK_VARIABLE, subject->name);
    }
    item(&o, "as_of", CK_VARIABLE, "date");
    for (int i = 0; i < c->ndecls; i++)
        if (c->decls[i]->kind == XF_D_PARAM && !c->decls[i]->extends)
            item(&o, c->decls[i]->name, CK_VARIABLE, "param");
    for (int i = 0; i < XF_B__COUNT; i++) item(&o, xf_builtin_name[i], CK_FUNCTION, "function");
    for (int i = 0; i < XF_OUT__COUNT; i++)
        item(&o, xf_outcome_code[i], CK_CONSTANT, a->server->lang == XF_LANG_EN ? xf_outcome_en[i] : xf_outcome_zh[i]);
    for (int i = 0; i < c->ndecls; i++)
        if (c->decls[i]->kind == XF_D_ENUM)
            for (int k = 0; k < c->decls[i]->nlabels; k++) item(&o, c->decls[i]->labels[k].name, CK_ENUM_MEMBER, c->decls[i]->name);
    for (int i = 0; lsp_keywords[i]; i++) item(&o, lsp_keywords[i], CK_KEYWORD, NULL);
    jb_raw(b, "]");
}
