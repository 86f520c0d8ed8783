/* cases.c — finding a case the way a reviewer does, and the documents
 * that head its explanation (explain.h).
 *
 * A reviewer holds a decision document (文号), a code typed from paper
 * (lower case, blanks, full-width characters) or part of a name.  The code
 * is normalized here and its GB 32100 check character verified; the 文号,
 * the name, the authority and the record's dates live in the records
 * database, which the run names (run.records) and --records may point
 * elsewhere: without it, cases are found by code and subject only.
 */
#include "explain_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uscc.h"

/* Full-width forms (！ to ～ and the ideographic space) as ASCII, blanks
 * dropped, letters in upper case.  out has cap bytes. */
static void fold(const char *in, int drop_blanks, int upper, char *out, size_t cap) {
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)in;
    while (*p && o + 4 < cap) {
        unsigned cp = *p;
        int len = 1;
        if (*p >= 0xE0 && *p < 0xF0 && p[1] && p[2]) cp = (unsigned)(*p & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F), len = 3;
        if (len == 3 && cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
        else if (len == 3 && cp == 0x3000) cp = ' ';
        if (cp < 0x80) {
            if (!(drop_blanks && (cp == ' ' || cp == '\t'))) out[o++] = (char)(upper && cp >= 'a' && cp <= 'z' ? cp - 32 : cp);
        } else {
            memcpy(out + o, p, (size_t)len), o += (size_t)len;
        }
        p += len;
        while (len == 1 && (*p & 0xC0) == 0x80 && o + 1 < cap) out[o++] = (char)*p++;  /* the rest of another sequence */
    }
    out[o] = 0;
}

int xf_ex_uscc_normalize(const char *in, char *out, size_t cap, int en, char *why, size_t whycap) {
    fold(in, 1, 1, out, cap);
    why[0] = 0;
    int v = xf_uscc_validate(out, strlen(out));
    if (v == XF_USCC_CHECK) {
        char c = xf_uscc_check_char(out);
        if (en) snprintf(why, whycap, "USCC %s: its check character should be %c, not %c (GB 32100-2015)", out, c, out[17]);
        else snprintf(why, whycap, "统一社会信用代码 %s 的校验位应为 %c，不是 %c（GB 32100-2015）", out, c, out[17]);
    } else if (v != XF_USCC_OK) {
        snprintf(why, whycap, en ? "USCC %s: %s" : "统一社会信用代码 %s：%s", out, en ? xf_uscc_error_en(v) : xf_uscc_error_zh(v));
    }
    return v;
}

/* ------------------------------------------------------------ records */

int xf_ex_attach_records(xf_ex_db *d, int64_t run, const char *path) {
    if (d->records_attached) return 1;
    char *stored = NULL;
    if (!path) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(d->db, "SELECT records FROM run WHERE id = ifnull(?1, (SELECT max(id) FROM run))", -1, &st,
                               NULL) == SQLITE_OK) {
            if (run) sqlite3_bind_int64(st, 1, run);
            if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
                stored = strdup((const char *)sqlite3_column_text(st, 0));
        }
        sqlite3_finalize(st);
        path = stored;
    }
    FILE *f = path ? fopen(path, "rb") : NULL;  /* ATTACH would make an empty file of a missing one */
    if (f) fclose(f);
    int ok = 0;
    if (f) {
        char *sql = sqlite3_mprintf("ATTACH DATABASE %Q AS rec", path);
        ok = sql && sqlite3_exec(d->db, sql, NULL, NULL, NULL) == SQLITE_OK;
        sqlite3_free(sql);
        sqlite3_stmt *st = NULL;
        ok = ok && sqlite3_prepare_v2(d->db, "SELECT 1 FROM rec.sqlite_master WHERE type = 'table' AND name = 'entity'", -1,
                                      &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;
        sqlite3_finalize(st);
        if (!ok) sqlite3_exec(d->db, "DETACH DATABASE rec", NULL, NULL, NULL);
    }
    free(stored);
    d->records_attached = ok;
    return ok;
}

/* Whether the records database has table.column. */
static int rec_has(xf_ex_db *d, const char *table, const char *column) {
    char *sql = sqlite3_mprintf("SELECT 1 FROM pragma_table_info(%Q, 'rec') WHERE name = %Q", table, column);
    sqlite3_stmt *st = NULL;
    int has = sql && sqlite3_prepare_v2(d->db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    sqlite3_free(sql);
    return has;
}

int xf_ex_find_decision_no(xf_ex_db *d, const char *no, char *table, size_t cap, int64_t *id) {
    if (!d->records_attached || !rec_has(d, "penalty", "decision_no")) return -1;
    char want[512];
    fold(no, 1, 1, want, sizeof want);
    sqlite3_stmt *st = NULL;
    /* blanks and full-width forms as the reviewer may have typed them: compare folded */
    int n = 0;
    if (sqlite3_prepare_v2(d->db, "SELECT id, decision_no FROM rec.penalty", -1, &st, NULL) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *have = (const char *)sqlite3_column_text(st, 1);
            char got[512];
            if (!have) continue;
            fold(have, 1, 1, got, sizeof got);
            if (strcmp(got, want)) continue;
            if (!n++) *id = sqlite3_column_int64(st, 0);
        }
    sqlite3_finalize(st);
    snprintf(table, cap, "penalty");
    return n;
}

int xf_ex_find_name(xf_ex_db *d, const char *fragment, xf_ex_entity **out) {
    *out = NULL;
    if (!d->records_attached) return -1;
    char frag[512];
    fold(fragment, 1, 1, frag, sizeof frag);
    sqlite3_stmt *st = NULL;
    int n = 0;
    if (sqlite3_prepare_v2(d->db, "SELECT uscc, name FROM rec.entity ORDER BY uscc", -1, &st, NULL) == SQLITE_OK)
        while (sqlite3_step(st) == SQLITE_ROW) {
            const char *u = (const char *)sqlite3_column_text(st, 0), *name = (const char *)sqlite3_column_text(st, 1);
            char got[512];
            if (!u || !name) continue;
            fold(name, 1, 1, got, sizeof got);
            if (!*frag || !strstr(got, frag)) continue;
            xf_ex_entity *a = realloc(*out, sizeof *a * (size_t)(n + 1));
            if (!a) break;
            *out = a;
            snprintf(a[n].uscc, sizeof a[n].uscc, "%s", u);
            snprintf(a[n].name, sizeof a[n].name, "%s", name);
            n++;
        }
    sqlite3_finalize(st);
    return n;
}

/* ------------------------------------------------------------ the header */

static char *col_copy(xf_ex_build *b, sqlite3_stmt *st, int i) {
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? xf_ex_strndup(b, (const char *)t, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

/* The dates a reviewer finds on the documents, where the table has them. */
static const char *const doc_dates[] = {"decided", "listed", "published", NULL};

void xf_ex_case_documents(xf_ex_build *b) {
    xf_explanation *ex = b->ex;
    xf_ex_db *d = b->db;
    if (!d->records_attached) return;
    sqlite3_stmt *st = NULL;
    if (ex->uscc && sqlite3_prepare_v2(d->db, "SELECT name FROM rec.entity WHERE uscc = ?1", -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, ex->uscc, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) ex->entity_name = col_copy(b, st, 0);
    }
    sqlite3_finalize(st);
    const char *tab = ex->subject_table;
    if (!tab || !rec_has(d, tab, "id")) return;
    const char *cols[8];
    int nc = 0;
    if (rec_has(d, tab, "decision_no")) cols[nc++] = "decision_no";
    if (rec_has(d, tab, "authority")) cols[nc++] = "authority";
    for (int i = 0; doc_dates[i]; i++)
        if (rec_has(d, tab, doc_dates[i])) cols[nc++] = doc_dates[i];
    if (!nc) return;
    char sql[512];
    size_t o = (size_t)snprintf(sql, sizeof sql, "SELECT ");
    for (int i = 0; i < nc; i++) o += (size_t)snprintf(sql + o, sizeof sql - o, "%s\"%s\"", i ? ", " : "", cols[i]);
    char *full = sqlite3_mprintf("%s FROM rec.\"%w\" WHERE id = ?1", sql, tab);
    if (full && sqlite3_prepare_v2(d->db, full, -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, ex->subject_id);
        if (sqlite3_step(st) == SQLITE_ROW) {
            ex->doc_name = xf_ex_alloc(b, sizeof *ex->doc_name * (size_t)nc);
            ex->doc_value = xf_ex_alloc(b, sizeof *ex->doc_value * (size_t)nc);
            for (int i = 0; ex->doc_name && ex->doc_value && i < nc; i++) {
                if (sqlite3_column_type(st, i) == SQLITE_NULL) continue;
                if (!strcmp(cols[i], "decision_no")) ex->decision_no = col_copy(b, st, i);
                else if (!strcmp(cols[i], "authority")) ex->authority = col_copy(b, st, i);
                else {
                    ex->doc_name[ex->ndocs] = cols[i];
                    ex->doc_value[ex->ndocs++] = col_copy(b, st, i);
                }
            }
        }
    }
    sqlite3_finalize(st);
    sqlite3_free(full);
}
