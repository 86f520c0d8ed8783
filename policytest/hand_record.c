/* hand_record.c — records typed by hand, as a test block's source
 * (hand_record.h). */
#include "hand_record.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dates.h"
#include "strf.h"

enum { MAX_ROWS = 64, MAX_TABLES = 16 };

/* One row: the body of `table { ... }`, being written. */
typedef struct hrow {
    const xf_decl *rec;
    char          *body;
    size_t         n, cap;
    const char    *cols[128];  /* the fields given, each once */
    int            ncols;
} hrow;

typedef struct hand {
    const xf_compile *c;
    int               en;
    hrow              rows[MAX_ROWS];
    int               nrows;
    char             *err;
} hand;

static int failf(hand *h, const char *zh, const char *en, ...) {
    if (h->err) return -1;
    va_list ap;
    va_start(ap, en);
    h->err = xf_vstrf(h->en ? en : zh, ap);
    va_end(ap);
    return -1;
}

static int append(hrow *r, const char *s) {
    size_t n = strlen(s);
    if (r->n + n + 1 > r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 128;
        while (cap < r->n + n + 1) cap *= 2;
        char *b = realloc(r->body, cap);
        if (!b) return -1;
        r->body = b, r->cap = cap;
    }
    memcpy(r->body + r->n, s, n + 1);
    r->n += n;
    return 0;
}

/* ---- the schema ---- */

static const xf_decl *record_of(const hand *h, const char *table) {
    for (int i = 0; i < h->c->ndecls; i++) {
        const xf_decl *d = h->c->decls[i];
        if (d->kind == XF_D_RECORD && d->table && !strcmp(d->table, table)) return d;
    }
    return NULL;
}

static int unknown_table(hand *h, const char *table) {
    const char *names[64];
    int n = 0;
    char list[1024] = "";
    for (int i = 0; i < h->c->ndecls && n < 64; i++) {
        const xf_decl *d = h->c->decls[i];
        if (d->kind != XF_D_RECORD || !d->table) continue;
        names[n++] = d->table;
        size_t k = strlen(list);
        snprintf(list + k, sizeof list - k, "%s%s", k ? (h->en ? ", " : "、") : "", d->table);
    }
    const char *near = xf_nearest(table, names, n);
    if (near)
        return failf(h, "没有名为“%s”的记录表；是否应为“%s”？", "no record table is named '%s'; did you mean '%s'?", table, near);
    return failf(h, "没有名为“%s”的记录表（有：%s）", "no record table is named '%s' (there are: %s)", table, list);
}

static const xf_field_decl *field_of(hand *h, const xf_decl *rec, const char *column) {
    for (int f = 0; f < rec->nfields; f++)
        if (!strcmp(rec->fields[f].name, column)) return &rec->fields[f];
    const char *names[128];
    int n = 0;
    for (int f = 0; f < rec->nfields && n < 128; f++) names[n++] = rec->fields[f].name;
    const char *near = xf_nearest(column, names, n);
    if (near)
        failf(h, "%s 表没有“%s”列；是否应为“%s”？", "table %s has no column '%s'; did you mean '%s'?", rec->table, column, near);
    else
        failf(h, "%s 表没有“%s”列", "table %s has no column '%s'", rec->table, column);
    return NULL;
}

/* ---- values as a test writes them ---- */

static int is_type(const xf_field_decl *f, const char *name) { return !f->type.is_set && !strcmp(f->type.name, name); }

/* A label or an enum's name: the lexer's NAME (no spaces, quotes or
 * punctuation it would split at). */
static int plain_name(const char *s) {
    if (!*s) return 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x80 && !(*p == '_' || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
            return 0;
    return !(*s >= '0' && *s <= '9');
}

/* The literal for text v of field f into r; s is v as given, for messages. */
static int literal(hand *h, hrow *r, const xf_field_decl *f, const char *v, const char *where) {
    char buf[256];
    if (!strcmp(v, "none")) return append(r, "none");
    if (f->type.is_set) {
        /* 罚款,警告 or 罚款、警告 */
        if (append(r, "{")) return -1;
        const char *p = v;
        int first = 1;
        while (*p) {
            size_t n = strcspn(p, ",");
            const char *dun = strstr(p, "、");
            if (dun && (size_t)(dun - p) < n) n = (size_t)(dun - p);
            snprintf(buf, sizeof buf, "%.*s", (int)(n < 200 ? n : 200), p);
            char *item = buf;
            while (*item == ' ') item++;
            for (size_t k = strlen(item); k > 0 && item[k - 1] == ' '; k--) item[k - 1] = 0;
            if (!plain_name(item))
                return failf(h, "%s：“%s”不是标签名", "%s: '%s' is not a label's name", where, item);
            if ((!first && append(r, ", ")) || append(r, item)) return -1;
            first = 0;
            p += n;
            if (!strncmp(p, "、", strlen("、"))) p += strlen("、");
            else if (*p == ',') p++;
        }
        return append(r, "}");
    }
    if (is_type(f, "text")) {
        if (append(r, "\"")) return -1;
        for (const char *p = v; *p; p++) {
            char ch[3] = {*p, 0, 0};
            if (*p == '"' || *p == '\\') ch[0] = '\\', ch[1] = *p;
            if (*p == '\n') return failf(h, "%s：文本不能跨行", "%s: a text cannot span lines", where);
            if (append(r, ch)) return -1;
        }
        return append(r, "\"");
    }
    if (is_type(f, "date")) {
        int64_t day;
        if (xf_date_parse(v, strlen(v), &day) != XF_DATE_OK)
            return failf(h, "%s：“%s”不是有效日期（YYYY-MM-DD）", "%s: '%s' is not a valid date (YYYY-MM-DD)", where, v);
        return append(r, v);
    }
    if (is_type(f, "money")) {
        size_t n = strlen(v);
        if (n > 3 && !strcmp(v + n - 3, "元")) n -= 3;
        size_t digits = strspn(v, "0123456789");
        int ok = digits > 0 && (digits == n || (v[digits] == '.' && n - digits - 1 >= 1 && n - digits - 1 <= 2 &&
                                                 strspn(v + digits + 1, "0123456789") == n - digits - 1));
        if (!ok || n > 30)
            return failf(h, "%s：“%s”不是金额（以元计，如 80000 或 80000.50元）",
                         "%s: '%s' is not an amount (in yuan, such as 80000 or 80000.50元)", where, v);
        snprintf(buf, sizeof buf, "%.*s元", (int)n, v);
        return append(r, buf);
    }
    if (is_type(f, "int")) {
        size_t d = strspn(v + (*v == '-'), "0123456789");
        if (!d || v[(*v == '-') + d] || d > 18) return failf(h, "%s：“%s”不是整数", "%s: '%s' is not a whole number", where, v);
        return append(r, v);
    }
    if (is_type(f, "bool")) {
        if (strcmp(v, "true") && strcmp(v, "false"))
            return failf(h, "%s：“%s”应为 true 或 false", "%s: '%s' is not true or false", where, v);
        return append(r, v);
    }
    /* an enum: its label by name, which the checker holds to the enum */
    if (!plain_name(v)) return failf(h, "%s：“%s”不是标签名", "%s: '%s' is not a label's name", where, v);
    return append(r, v);
}

static hrow *row_at(hand *h, const xf_decl *rec, int index) {
    int seen = 0;
    for (int i = 0; i < h->nrows; i++)
        if (h->rows[i].rec == rec && seen++ == index) return &h->rows[i];
    while (seen <= index) {
        if (h->nrows == MAX_ROWS) {
            failf(h, "最多 %d 行记录", "at most %d rows", MAX_ROWS);
            return NULL;
        }
        h->rows[h->nrows++] = (hrow){.rec = rec};
        seen++;
    }
    return &h->rows[h->nrows - 1];
}

static int set(hand *h, const char *table, int index, const char *column, const char *value) {
    const xf_decl *rec = record_of(h, table);
    if (!rec) return unknown_table(h, table);
    const xf_field_decl *f = field_of(h, rec, column);
    if (!f) return -1;
    hrow *r = row_at(h, rec, index);
    if (!r) return -1;
    char where[300];
    snprintf(where, sizeof where, "%s[%d].%s", table, index + 1, column);
    for (int i = 0; i < r->ncols; i++)
        if (r->cols[i] == f->name) return failf(h, "%s 给了两次", "%s given twice", where);
    if (r->ncols < 128) r->cols[r->ncols++] = f->name;
    if ((r->n && append(r, ", ")) || append(r, column) || append(r, ": ")) return -1;
    return literal(h, r, f, value, where);
}

/* ---- the text ---- */

static char *finish(hand *h, char **err) {
    int subject = -1;
    for (int i = 0; i < h->nrows && subject < 0; i++)
        if (h->rows[i].rec->entity_col) subject = i;
    if (subject < 0 && !h->err)
        failf(h, "没有要决定的记录：除 entity 外至少给出一行（如 penalty）",
              "no record to decide: give at least one row besides entity (such as penalty)");
    char *text = NULL;
    if (!h->err) {
        hrow out = {0};
        int bad = append(&out, "module 手写记录\nuse schema\n\ntest \"" XF_HAND_TEST "\" {\n");
        /* the entity first, then the record decided, then the others */
        for (int pass = 0; pass < 3; pass++)
            for (int i = 0; i < h->nrows; i++) {
                const hrow *r = &h->rows[i];
                int entity = !r->rec->entity_col;
                if ((pass == 0) != entity || (pass == 1) != (i == subject)) continue;
                bad |= append(&out, "  ") | append(&out, r->rec->name) | append(&out, " { ") |
                       append(&out, r->body ? r->body : "") | append(&out, " }\n");
            }
        bad |= append(&out, "}\n");
        if (bad) free(out.body), failf(h, "内存不足", "out of memory");
        else text = out.body;
    }
    for (int i = 0; i < h->nrows; i++) free(h->rows[i].body);
    *err = h->err;
    return text;
}

static int json_scalar(hand *h, const xf_json *v, char *buf, size_t cap, const char **out, const char *where) {
    switch (v->kind) {
    case XF_J_NULL: *out = "none"; return 0;
    case XF_J_BOOL: *out = v->b ? "true" : "false"; return 0;
    case XF_J_NUMBER:
    case XF_J_STRING: *out = v->s; return 0;
    case XF_J_ARRAY:
        buf[0] = 0;
        for (int i = 0; i < v->n; i++) {
            if (v->v[i]->kind != XF_J_STRING)
                return failf(h, "%s：集合的元素应为字符串", "%s: the members of a set are strings", where);
            size_t k = strlen(buf);
            snprintf(buf + k, cap - k, "%s%s", i ? "," : "", v->v[i]->s);
        }
        *out = buf;
        return 0;
    default: return failf(h, "%s：应为一个值，而不是对象", "%s: a value was expected, not an object", where);
    }
}

char *xf_hand_text_json(const xf_compile *schema, const xf_json *j, int en, char **err) {
    hand h = {.c = schema, .en = en};
    if (j->kind != XF_J_OBJECT)
        failf(&h, "记录应为一个对象：{\"表名\": {列: 值, …}, …}", "the records are one object: {\"table\": {column: value, ...}, ...}");
    for (int t = 0; !h.err && t < j->n; t++) {
        const char *table = j->keys[t];
        const xf_json *rows = j->v[t];
        int nrows = rows->kind == XF_J_ARRAY ? rows->n : 1;
        for (int i = 0; !h.err && i < nrows; i++) {
            const xf_json *row = rows->kind == XF_J_ARRAY ? rows->v[i] : rows;
            if (row->kind != XF_J_OBJECT) {
                failf(&h, "%s（第 %d 行）：一行应为一个对象 {列: 值, …}", "%s (line %d): a row is an object {column: value, ...}",
                      table, row->line);
                break;
            }
            if (!record_of(&h, table)) {
                unknown_table(&h, table);
                break;
            }
            if (!row->n && !row_at(&h, record_of(&h, table), i)) break;
            for (int k = 0; !h.err && k < row->n; k++) {
                char buf[1024], where[300];
                const char *v;
                snprintf(where, sizeof where, "%s[%d].%s", table, i + 1, row->keys[k]);
                if (json_scalar(&h, row->v[k], buf, sizeof buf, &v, where) == 0) set(&h, table, i, row->keys[k], v);
            }
        }
    }
    return finish(&h, err);
}

char *xf_hand_text_pairs(const xf_compile *schema, char *const *pairs, int n, int en, char **err) {
    hand h = {.c = schema, .en = en};
    for (int i = 0; !h.err && i < n; i++) {
        const char *p = pairs[i], *eq = strchr(p, '='), *dot = strchr(p, '.');
        char table[128], column[128];
        int index = 0;
        if (!eq || !dot || dot > eq) {
            failf(&h, "“%s”应写作 表名.列名=值（如 penalty.published=2026-01-10）",
                  "'%s' is not TABLE.COLUMN=VALUE (such as penalty.published=2026-01-10)", p);
            break;
        }
        const char *br = memchr(p, '[', (size_t)(dot - p));
        size_t tl = (size_t)((br ? br : dot) - p);
        if (br) {
            char *end;
            long k = strtol(br + 1, &end, 10);
            if (*end != ']' || end + 1 != dot || k < 1 || k > MAX_ROWS) {
                failf(&h, "“%s”：行号应写作 表名[N]，N 从 1 起", "'%s': a row is numbered TABLE[N], N from 1", p);
                break;
            }
            index = (int)k - 1;
        }
        snprintf(table, sizeof table, "%.*s", (int)(tl < 120 ? tl : 120), p);
        snprintf(column, sizeof column, "%.*s", (int)(eq - dot - 1 < 120 ? eq - dot - 1 : 120), dot + 1);
        set(&h, table, index, column, eq + 1);
    }
    return finish(&h, err);
}
