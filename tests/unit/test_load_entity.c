/* test_load_entity.c — reading one entity at a time from an open connection
 * (load_entity.h) gives, for every entity, exactly the rows and values that
 * the whole-file load (load.h) gives it: bad rows, skipped entities, unknown
 * entities, repeated keys and the calendar included. */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "dates.h"
#include "load.h"
#include "load_entity.h"
#include "texts.h"
#include "uscc.h"

static char E1[19], E2[19], E3[19], E4[19], E5[19], E9[19];

static void make_uscc(char c, int bad, char out[19]) {
    snprintf(out, 19, "91510400MA62XXXX%c", c);
    char k = xf_uscc_check_char(out);
    out[17] = bad ? (k == '0' ? '1' : '0') : k;
    out[18] = '\0';
}

static void exec_sql(sqlite3 *db, const char *sql) {
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "setup SQL failed: %s\n%s\n", err ? err : "?", sql);
        sqlite3_free(err);
        exit(1);
    }
}

static void fill_db(sqlite3 *db) {
    exec_sql(db, "CREATE TABLE entity (uscc TEXT, kind TEXT, region TEXT);"
                 "CREATE TABLE penalty (id INTEGER, uscc TEXT, measures TEXT, fine_yuan NUMERIC, decided TEXT);"
                 "CREATE INDEX penalty_uscc ON penalty(uscc);"
                 "CREATE TABLE workday_calendar (day TEXT PRIMARY KEY, workday INTEGER NOT NULL);");
    char *sql = sqlite3_mprintf(
        "INSERT INTO entity VALUES ('%q','企业','510400');"          /* E2 */
        "INSERT INTO entity VALUES ('%q','个体工商户','510402');"    /* E1 */
        "INSERT INTO entity VALUES ('%q','企业','510400');"          /* E3: bad check character */
        "INSERT INTO entity VALUES ('%q','公司','510400');"          /* E4: kind not a label */
        "INSERT INTO entity VALUES ('%q','企业','510400');"          /* E5 ... */
        "INSERT INTO entity VALUES ('%q','企业','510411');"          /* ... twice */
        "INSERT INTO penalty VALUES (1,'%q','罚款,警告','80000','2025-01-10');"
        "INSERT INTO penalty VALUES (2,'%q','警告',NULL,'2024-12-01');"
        "INSERT INTO penalty VALUES (3,'%q','罚款','12.345','2025-01-01');"   /* finer than a fen */
        "INSERT INTO penalty VALUES (4,'%q','罚款',NULL,'2025-02-30');"       /* impossible date */
        "INSERT INTO penalty VALUES (5,'%q','宇宙',NULL,'2025-01-01');"       /* unknown label */
        "INSERT INTO penalty VALUES (6,'%q','罚款',1.5,'2025-01-01');"
        "INSERT INTO penalty VALUES (7,'%q','罚款',NULL,'2025-01-01');"       /* skipped entity */
        "INSERT INTO penalty VALUES (8,'%q','罚款',NULL,'2025-01-01');"       /* unknown entity */
        "INSERT INTO penalty VALUES (9,'%q','罚款',NULL,'2025-01-01');"       /* repeated key ... */
        "INSERT INTO penalty VALUES (9,'%q','罚款',NULL,'2025-01-02');"       /* ... of one entity */
        "INSERT INTO penalty VALUES (10,NULL,'罚款',NULL,'2025-01-01');"      /* no entity */
        "INSERT INTO penalty VALUES (11,'%q','罚款',NULL,'2025-01-01');"      /* a duplicated entity */
        "INSERT INTO penalty VALUES (12,'%q','罚款',NULL,'2025-03-01');"
        "INSERT INTO workday_calendar VALUES ('2025-10-01', 0), ('2025-09-28', 1), ('2025-02-29', 0);",
        E2, E1, E3, E4, E5, E5, E1, E1, E2, E1, E1, E2, E3, E9, E1, E1, E5, E2);
    exec_sql(db, sql);
    sqlite3_free(sql);
}

static const char *const kinds[] = {"企业", "个体工商户", "农民专业合作社"};
static const char *const measures[] = {"警告", "通报批评", "罚款"};
static const xf_colspec entity_cols[] = {
    {"uscc", XF_K_TEXT, 0, 0, NULL},
    {"kind", XF_K_ENUM, 0, 3, kinds},
    {"region", XF_K_TEXT, 0, 0, NULL},
};
static const xf_colspec penalty_cols[] = {
    {"measures", XF_K_SET, 0, 3, measures},
    {"fine_yuan", XF_K_MONEY, 1, 0, NULL},
    {"decided", XF_K_DATE, 0, 0, NULL},
};
static const xf_tablespec specs[] = {
    {"entity", NULL, "uscc", 3, entity_cols},
    {"penalty", "id", "uscc", 3, penalty_cols},
};

/* Value of column c, row r of table t, comparable across two dbs (texts by
 * their text, not their id). */
static int same_value(const xf_db *a, int64_t ra, const xf_db *b, int64_t rb, int t, int c) {
    const xf_table *ta = &a->tab[t], *tb = &b->tab[t];
    if (ta->has[c][ra] != tb->has[c][rb]) return 0;
    if (!ta->has[c][ra]) return 1;
    if (specs[t].cols[c].kind == XF_K_TEXT)
        return !strcmp(xf_texts_str(a->texts, ta->val[c][ra]), xf_texts_str(b->texts, tb->val[c][rb]));
    return ta->val[c][ra] == tb->val[c][rb];
}

/* The entity of db whose uscc column reads code, or -1. */
static int64_t entity_of(const xf_db *db, const char *code) {
    for (int64_t e = 0; e < db->nent; e++)
        if (!strcmp(xf_texts_str(db->texts, db->tab[0].val[0][e]), code)) return e;
    return -1;
}

static void compare(const xf_db *full, xf_entity_reader *rd, const char *code) {
    xf_db *one = NULL;
    char *err = NULL;
    CHECK_EQ_INT(xf_entity_reader_read(rd, code, &one, &err), 0);
    if (!one) {
        fprintf(stderr, "  %s: %s\n", code, err ? err : "?");
        free(err);
        return;
    }
    int64_t e = entity_of(full, code);
    if (e < 0) {
        CHECK_EQ_INT(one->nent, 0);
        CHECK_EQ_INT(one->tab[1].nrows, 0);
    } else {
        CHECK_EQ_INT(one->nent, 1);
        for (int c = 0; c < 3; c++) CHECK(same_value(full, e, one, 0, 0, c));
        int64_t first = full->tab[1].first[e], n = full->tab[1].first[e + 1] - first;
        CHECK_EQ_INT(one->tab[1].nrows, n);
        CHECK_EQ_INT(one->tab[1].first[0], 0);
        CHECK_EQ_INT(one->tab[1].first[1], n);
        for (int64_t r = 0; r < n && r < one->tab[1].nrows; r++) {
            CHECK_EQ_INT(one->tab[1].row_id[r], full->tab[1].row_id[first + r]);
            CHECK_EQ_INT(one->tab[1].ent[r], 0);
            for (int c = 0; c < 3; c++) CHECK(same_value(full, first + r, one, r, 1, c));
        }
    }
    /* the calendar is the reader's, read once */
    CHECK_EQ_INT(xf_is_workday(one->cal, xf_day_from_ymd(2025, 10, 1)), 0);
    CHECK_EQ_INT(xf_is_workday(one->cal, xf_day_from_ymd(2025, 9, 28)), 1);
    xf_entity_db_free(one);
}

int main(void) {
    make_uscc('1', 0, E1);
    make_uscc('2', 0, E2);
    make_uscc('3', 1, E3);
    make_uscc('4', 0, E4);
    make_uscc('5', 0, E5);
    make_uscc('9', 0, E9);
    char path[] = "/tmp/xf_test_load_entity_XXXXXX";
    int fd = mkstemp(path);
    if (fd >= 0) close(fd);
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) return 1;
    fill_db(db);

    xf_db *full = NULL;
    char *err = NULL;
    CHECK_EQ_INT(xf_db_load(path, specs, 2, NULL, &full, NULL, &err), 0);
    CHECK_EQ_INT(full ? full->nent : -1, 2);  /* E1 and E2 */
    xf_entity_reader *rd = xf_entity_reader_open(db, path, specs, 2, &err);
    CHECK(rd != NULL);
    if (full && rd) {
        const char *codes[] = {E1, E2, E3, E4, E5, E9, "12345", ""};
        for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) compare(full, rd, codes[i]);

        char *uscc = NULL;
        CHECK_EQ_INT(xf_entity_reader_owner(rd, 1, 12, &uscc, &err), 1);
        CHECK_EQ_STR(uscc, E2);
        free(uscc);
        CHECK_EQ_INT(xf_entity_reader_owner(rd, 1, 8, &uscc, &err), 1);  /* an unknown entity is still named */
        CHECK_EQ_STR(uscc, E9);
        free(uscc);
        CHECK_EQ_INT(xf_entity_reader_owner(rd, 1, 10, &uscc, &err), 0);  /* NULL uscc */
        CHECK_EQ_INT(xf_entity_reader_owner(rd, 1, 999, &uscc, &err), 0);
        CHECK_EQ_INT(xf_entity_reader_owner(rd, 0, 2, &uscc, &err), 1);   /* the entity table: by rowid */
        CHECK_EQ_STR(uscc, E1);
        free(uscc);
    }
    xf_entity_reader_close(rd);
    xf_db_free(full);
    free(err);

    /* A missing column is named when the reader opens. */
    static const xf_colspec bad_cols[] = {{"no_such_column", XF_K_INT, 1, 0, NULL}};
    static const xf_tablespec bad_specs[] = {{"entity", NULL, "uscc", 1, bad_cols}};
    err = NULL;
    CHECK(xf_entity_reader_open(db, "records.db", bad_specs, 1, &err) == NULL);
    CHECK(err && strstr(err, "records.db: table entity has no column no_such_column"));
    free(err);

    sqlite3_close(db);
    unlink(path);
    return CHECK_DONE();
}
