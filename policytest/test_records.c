/* test_records.c — a test's entity and records, written as rows.
 *
 * The literal values were typed against their fields by the checker
 * (compiler/check_tests.c); here they become the text a records database
 * holds: money as decimal yuan, dates as YYYY-MM-DD, labels by name, sets
 * comma-joined.  A NOT NULL column the test leaves out gets a default from
 * the table below, so that the records load and the test states only what
 * it is about.
 */
#include "strf.h"
#include "test_records.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "embedded.h"
#include "load.h"
#include "uscc.h"


int xf_test_records_schema(sqlite3 *db, char **errmsg) {
    char *sql = malloc(xf_embed_records_sql_len + 1);
    if (!sql) return xf_failf(errmsg, "out of memory");
    memcpy(sql, xf_embed_records_sql, xf_embed_records_sql_len);
    sql[xf_embed_records_sql_len] = 0;
    char *err = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &err);
    free(sql);
    if (rc != SQLITE_OK) {
        xf_failf(errmsg, "records schema: %s", err ? err : sqlite3_errmsg(db));
        sqlite3_free(err);
        return -1;
    }
    return 0;
}

/* ---- defaults ---- */

/* How a default is made: a fixed text, the entity's region (a record's
 * authority sits where the entity is registered), or the record's own
 * publication day when it gives one (a penalty is decided, a listing made,
 * no later than it is published). */
typedef enum { DV_TEXT, DV_REGION, DV_PUBLISHED_OR } dv_kind;

static const struct {
    const char *table, *column;
    dv_kind     kind;
    const char *text;
} defaults[] = {
    {"entity", "name", DV_TEXT, "测试主体"},
    {"entity", "kind", DV_TEXT, "企业"},
    {"entity", "status", DV_TEXT, "存续"},
    {"entity", "region", DV_TEXT, "110105"},
    {"penalty", "decision_no", DV_TEXT, "测试"},
    {"penalty", "authority", DV_TEXT, "测试机关"},
    {"penalty", "sector", DV_TEXT, "市场监管"},
    {"penalty", "authority_region", DV_REGION, NULL},
    {"penalty", "cause", DV_TEXT, "测试"},
    {"penalty", "measures", DV_TEXT, "罚款"},
    {"penalty", "procedure", DV_TEXT, "普通"},
    {"penalty", "decided", DV_PUBLISHED_OR, "2026-01-01"},
    {"abnormal", "reason", DV_TEXT, "未按期年报"},
    {"abnormal", "listed", DV_TEXT, "2025-07-10"},
    {"abnormal", "authority", DV_TEXT, "测试机关"},
    {"abnormal", "authority_region", DV_REGION, NULL},
    {"serious", "list", DV_TEXT, "市场监管严重违法失信"},
    {"serious", "listed", DV_PUBLISHED_OR, "2025-07-10"},
    {"serious", "authority", DV_TEXT, "测试机关"},
    {"serious", "authority_region", DV_REGION, NULL},
    {"annual_report", "year", DV_TEXT, "2024"},
};

/* ---- one row being built ---- */

typedef struct cell {
    const char *column;
    int         type;  /* SQLITE_NULL, SQLITE_INTEGER or SQLITE_TEXT */
    int64_t     i;
    char        text[512];
} cell;

typedef struct row {
    cell cells[64];
    int  n;
} row;

static cell *row_find(row *r, const char *column) {
    for (int i = 0; i < r->n; i++)
        if (!strcmp(r->cells[i].column, column)) return &r->cells[i];
    return NULL;
}

static cell *row_add(row *r, const char *column) {
    cell *c = row_find(r, column);
    if (c) return c;
    if (r->n == (int)(sizeof r->cells / sizeof r->cells[0])) return NULL;
    c = &r->cells[r->n++];
    memset(c, 0, sizeof *c);
    c->column = column;
    c->type = SQLITE_NULL;
    return c;
}

static void cell_text(cell *c, const char *s) {
    c->type = SQLITE_TEXT;
    snprintf(c->text, sizeof c->text, "%s", s);
}

static const char *label_of(const xf_expr *e) {
    if (e->ref == XF_R_LABEL && e->ref_decl && e->ref_index >= 0 && e->ref_index < e->ref_decl->nlabels)
        return e->ref_decl->labels[e->ref_index].name;
    return e->name ? e->name : "";
}

/* The stored form of a literal the checker accepted for the field. */
static void cell_literal(cell *c, const xf_expr *e) {
    char buf[32];
    switch (e->kind) {
    case XF_E_NONE: c->type = SQLITE_NULL; return;
    case XF_E_INT: case XF_E_BOOL: c->type = SQLITE_INTEGER, c->i = e->ival; return;
    case XF_E_MONEY: xf_money_format(e->ival, buf), cell_text(c, buf); return;
    case XF_E_DATE: xf_date_format(e->ival, buf), cell_text(c, buf); return;
    case XF_E_TEXT: cell_text(c, e->name ? e->name : ""); return;
    case XF_E_NAME: cell_text(c, label_of(e)); return;
    case XF_E_LABELS: {
        c->type = SQLITE_TEXT;
        c->text[0] = 0;
        for (int i = 0; i < e->nargs; i++) {
            size_t n = strlen(c->text);
            snprintf(c->text + n, sizeof c->text - n, "%s%s", i ? "," : "", label_of(e->args[i]));
        }
        return;
    }
    default: c->type = SQLITE_NULL; return;  /* the checker reported it */
    }
}

/* ---- keys ---- */

static const char *key_column(const xf_decl *rec) {
    return rec->key && strcmp(rec->key, "rowid") ? rec->key : NULL;
}

static const xf_test_field *given(const xf_test_record *r, const char *column) {
    for (int i = 0; i < r->nfields; i++)
        if (r->fields[i].field >= 0 && !strcmp(r->decl->fields[r->fields[i].field].column, column)) return &r->fields[i];
    return NULL;
}

int xf_test_sets_keys(const xf_compile *c, const xf_decl *t) {
    for (int i = 0; i < t->ntrecords; i++) {
        const xf_test_record *r = &t->trecords[i];
        const char *key = r->decl ? key_column(r->decl) : NULL;
        if (key && given(r, key)) return 1;
    }
    return 0;
}

static int64_t *next_id(xf_test_ids *ids, const char *table) {
    for (int i = 0; i < ids->n; i++)
        if (!strcmp(ids->table[i], table)) return &ids->next[i];
    if (ids->n == 32) return NULL;
    ids->table[ids->n] = table;
    ids->next[ids->n] = 1;
    return &ids->next[ids->n++];
}

/* The default entity's code: 91 (an enterprise), its region, the test's
 * ordinal, and the check character of GB 32100-2015. */
static void default_uscc(const char *region, int ordinal, char out[19]) {
    int ok = strlen(region) == 6;
    for (int i = 0; ok && i < 6; i++) ok = region[i] >= '0' && region[i] <= '9';
    snprintf(out, 19, "91%.6s%09d", ok ? region : "110105", ordinal % 1000000000);
    out[17] = xf_uscc_check_char(out);
    out[18] = 0;
}

/* ---- writing ---- */

static int insert(sqlite3 *db, const char *table, const row *r, int64_t *rowid, char **errmsg) {
    sqlite3_str *q = sqlite3_str_new(db);
    sqlite3_str_appendf(q, "INSERT INTO \"%w\"(", table);
    for (int i = 0; i < r->n; i++) sqlite3_str_appendf(q, "%s\"%w\"", i ? ", " : "", r->cells[i].column);
    sqlite3_str_appendall(q, ") VALUES (");
    for (int i = 0; i < r->n; i++) sqlite3_str_appendf(q, "%s?%d", i ? ", " : "", i + 1);
    sqlite3_str_appendall(q, ")");
    char *sql = sqlite3_str_finish(q);
    if (!sql) return xf_failf(errmsg, "out of memory");
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    sqlite3_free(sql);
    if (rc != SQLITE_OK) return xf_failf(errmsg, "table %s: %s", table, sqlite3_errmsg(db));
    for (int i = 0; i < r->n; i++) {
        const cell *c = &r->cells[i];
        if (c->type == SQLITE_INTEGER) sqlite3_bind_int64(st, i + 1, c->i);
        else if (c->type == SQLITE_TEXT) sqlite3_bind_text(st, i + 1, c->text, -1, SQLITE_STATIC);
        else sqlite3_bind_null(st, i + 1);
    }
    rc = sqlite3_step(st);
    if (rc != SQLITE_DONE) {
        xf_failf(errmsg, "table %s: %s", table, sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    *rowid = sqlite3_last_insert_rowid(db);
    return 0;
}

/* Fill the NOT NULL columns without an SQL default the test left out. */
static int fill_defaults(sqlite3 *db, const xf_decl *rec, row *r, const char *region, char **errmsg) {
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT name, \"notnull\", dflt_value FROM pragma_table_info(?1)", -1, &st, NULL) !=
        SQLITE_OK)
        return xf_failf(errmsg, "table %s: %s", rec->table, sqlite3_errmsg(db));
    sqlite3_bind_text(st, 1, rec->table, -1, SQLITE_STATIC);
    int ncols = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        ncols++;
        const char *col = (const char *)sqlite3_column_text(st, 0);
        /* keys are in the row already; a key column may itself be NOT NULL
         * (annual_report's year), so keys are not skipped as such */
        if (!col || !sqlite3_column_int(st, 1) || sqlite3_column_type(st, 2) != SQLITE_NULL || row_find(r, col)) continue;
        size_t k = 0;
        while (k < sizeof defaults / sizeof defaults[0] &&
               (strcmp(defaults[k].table, rec->table) || strcmp(defaults[k].column, col)))
            k++;
        if (k == sizeof defaults / sizeof defaults[0]) {
            xf_failf(errmsg, "record %s: column %s has no default; give it in the test", rec->name, col);
            sqlite3_finalize(st);
            return -1;
        }
        /* the column name must outlive the statement: take the decl's copy */
        const char *name = NULL;
        for (int f = 0; f < rec->nfields && !name; f++)
            if (!strcmp(rec->fields[f].column, col)) name = rec->fields[f].column;
        cell *c = row_add(r, name ? name : defaults[k].column);
        if (!c) {
            sqlite3_finalize(st);
            return xf_failf(errmsg, "record %s: too many columns", rec->name);
        }
        const cell *pub = row_find(r, "published");
        if (defaults[k].kind == DV_REGION) cell_text(c, region);
        else if (defaults[k].kind == DV_PUBLISHED_OR && pub && pub->type == SQLITE_TEXT) cell_text(c, pub->text);
        else cell_text(c, defaults[k].text);
    }
    if (rc != SQLITE_DONE) {
        xf_failf(errmsg, "table %s: %s", rec->table, sqlite3_errmsg(db));
        sqlite3_finalize(st);
        return -1;
    }
    sqlite3_finalize(st);
    if (!ncols) return xf_failf(errmsg, "record %s: table %s is not in the records schema", rec->name, rec->table);
    return 0;
}

static int add_given(row *r, const xf_test_record *tr, char **errmsg) {
    for (int i = 0; i < tr->nfields; i++) {
        const xf_test_field *f = &tr->fields[i];
        if (f->field < 0) continue;
        cell *c = row_add(r, tr->decl->fields[f->field].column);
        if (!c) return xf_failf(errmsg, "record %s: too many fields", tr->record);
        cell_literal(c, f->value);
    }
    return 0;
}

int xf_test_records_write(sqlite3 *db, xf_compile *c, const xf_decl *t, int ordinal, xf_test_ids *ids,
                          xf_test_subject *subject, char **errmsg) {
    const xf_decl *ent = c->entity;
    if (!ent || !ent->key) return xf_failf(errmsg, "the schema has no entity record");
    subject->table = NULL;
    subject->id = 0;

    /* the entity: the test's literal over the defaults */
    row er = {.n = 0};
    const xf_test_record *lit = NULL;
    for (int i = 0; i < t->ntrecords; i++)
        if (t->trecords[i].decl == ent) lit = &t->trecords[i];
    if (lit && add_given(&er, lit, errmsg) != 0) return -1;
    const cell *reg = row_find(&er, "region");
    char region[sizeof er.cells[0].text];
    snprintf(region, sizeof region, "%s", reg && reg->type == SQLITE_TEXT ? reg->text : "110105");
    cell *key = row_find(&er, ent->key);
    if (!key) {
        char code[19];
        default_uscc(region, ordinal, code);
        cell_text(row_add(&er, ent->key), code);
        key = row_find(&er, ent->key);
    }
    if (key->type != SQLITE_TEXT) return xf_failf(errmsg, "the entity's %s must be a text", ent->key);
    char uscc[sizeof key->text];
    snprintf(uscc, sizeof uscc, "%s", key->text);
    if (fill_defaults(db, ent, &er, region, errmsg) != 0) return -1;
    int64_t rowid;
    if (insert(db, ent->table, &er, &rowid, errmsg) != 0) return -1;

    /* ids the test gives itself: auto ids go past them */
    for (int i = 0; i < t->ntrecords; i++) {
        const xf_test_record *r = &t->trecords[i];
        const char *k = r->decl && r->decl != ent ? key_column(r->decl) : NULL;
        const xf_test_field *f = k ? given(r, k) : NULL;
        int64_t *next = f ? next_id(ids, r->decl->table) : NULL;
        if (next && f->value->kind == XF_E_INT && f->value->ival >= *next) *next = f->value->ival + 1;
    }
    for (int i = 0; i < t->ntrecords; i++) {
        const xf_test_record *r = &t->trecords[i];
        if (!r->decl || r->decl == ent) continue;
        row rr = {.n = 0};
        if (add_given(&rr, r, errmsg) != 0) return -1;
        if (r->decl->entity_col && !row_find(&rr, r->decl->entity_col)) cell_text(row_add(&rr, r->decl->entity_col), uscc);
        const char *k = key_column(r->decl);
        int64_t id = 0;
        if (k) {
            cell *kc = row_find(&rr, k);
            if (!kc) {
                int64_t *next = next_id(ids, r->decl->table);
                if (!next) return xf_failf(errmsg, "too many tables");
                kc = row_add(&rr, k);
                kc->type = SQLITE_INTEGER, kc->i = (*next)++;
            }
            if (kc->type != SQLITE_INTEGER) return xf_failf(errmsg, "record %s: %s must be an integer", r->record, k);
            id = kc->i;
        }
        if (fill_defaults(db, r->decl, &rr, region, errmsg) != 0) return -1;
        if (insert(db, r->decl->table, &rr, &rowid, errmsg) != 0) return -1;
        if (!subject->table) subject->table = r->decl->table, subject->id = k ? id : rowid;
    }
    if (!subject->table) return xf_failf(errmsg, "no record to decide");
    return 0;
}
