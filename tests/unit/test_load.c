/* test_load.c — the records loader: conversions, grouping by entity, bad
 * rows and their reports, strict mode, schema and file errors. */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "dates.h"
#include "load.h"
#include "texts.h"
#include "uscc.h"

/* ------------------------------------------------------------ fixtures */

/* A valid code from "91510400MA62XXXX" + c, or an invalid one (check
 * character changed) when bad. */
static void make_uscc(char c, int bad, char out[19]) {
    snprintf(out, 19, "91510400MA62XXXX%c", c);
    char k = xf_uscc_check_char(out);
    out[17] = bad ? (k == '0' ? '1' : '0') : k;
    out[18] = '\0';
}

static char E0[19], E1[19], E2[19], E3[19], E4[19], E5[19], E9[19];

static void make_codes(void) {
    make_uscc('0', 0, E0);
    make_uscc('1', 0, E1);
    make_uscc('2', 0, E2);
    make_uscc('3', 1, E3);  /* bad check character */
    make_uscc('4', 0, E4);  /* valid, but its kind is not a label */
    make_uscc('5', 0, E5);  /* valid, but twice in the entity table */
    make_uscc('9', 0, E9);  /* not in the entity table */
}

static void temp_path(char *buf, size_t n, const char *what) {
    snprintf(buf, n, "/tmp/xf_test_load_%s_XXXXXX", what);
    int fd = mkstemp(buf);
    if (fd >= 0) close(fd);
}

static void exec_sql(sqlite3 *db, const char *sql) {
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
        fprintf(stderr, "setup SQL failed: %s\n%s\n", err ? err : "?", sql);
        sqlite3_free(err);
        exit(1);
    }
}

/* penalty.id is deliberately not a primary key here, so that a repeated
 * id can be stored and must be caught by the loader. */
static const char schema[] =
    "CREATE TABLE entity (uscc TEXT, name TEXT, kind TEXT, region TEXT);"
    "CREATE TABLE penalty (id INTEGER, uscc TEXT, sector TEXT, measures TEXT,"
    "  fine_yuan NUMERIC, decided TEXT, published TEXT);"
    "CREATE TABLE workday_calendar (day TEXT PRIMARY KEY, workday INTEGER NOT NULL);";

static void fill_db(const char *path) {
    sqlite3 *db;
    if (sqlite3_open(path, &db) != SQLITE_OK) exit(1);
    exec_sql(db, schema);
    /* rowids 1..5, inserted out of uscc order */
    char *sql = sqlite3_mprintf(
        "INSERT INTO entity VALUES ('%q','乙','个体工商户','510402');"   /* rowid 1: E2 */
        "INSERT INTO entity VALUES ('%q','甲','企业','510400');"         /* rowid 2: E1 */
        "INSERT INTO entity VALUES ('%q','丙','企业','510400');"         /* rowid 3: E3 bad check */
        "INSERT INTO entity VALUES ('%q','丁','公司','510400');"         /* rowid 4: E4 bad kind */
        "INSERT INTO entity VALUES ('%q','戊','农民专业合作社','510411');" /* rowid 5: E0 */
        "INSERT INTO entity VALUES ('12345','己','企业','510400');"      /* rowid 6: too short */
        "INSERT INTO entity VALUES ('%q','庚','企业','510400');"         /* rowid 7: E5 */
        "INSERT INTO entity VALUES ('%q','辛','企业','510400');",        /* rowid 8: E5 again */
        E2, E1, E3, E4, E0, E5, E5);
    exec_sql(db, sql);
    sqlite3_free(sql);
    sql = sqlite3_mprintf(
        "INSERT INTO penalty VALUES (13,'%q','市场监管','罚款','100.10','2025-03-01',NULL);"
        "INSERT INTO penalty VALUES (1,'%q','市场监管','罚款,警告','80000','2025-01-10','2025-01-15');"
        "INSERT INTO penalty VALUES (2,'%q','税务','警告',NULL,'2024-12-01',NULL);"
        "INSERT INTO penalty VALUES (3,'%q','市场监管','罚款',1234.5,'2025-13-01',NULL);"
        "INSERT INTO penalty VALUES (4,'%q','市场监管','罚款','12.345','2025-01-01',NULL);"
        "INSERT INTO penalty VALUES (5,'%q','宇宙','罚款',NULL,'2025-01-01',NULL);"
        "INSERT INTO penalty VALUES (6,'%q','市场监管','罚款',NULL,'2025-01-01',NULL);"
        "INSERT INTO penalty VALUES (7,'%q','市场监管','罚款',NULL,'2025-01-01',NULL);"
        "INSERT INTO penalty VALUES (8,'%q','市场监管','罚款',NULL,'2025-02-30',NULL);"
        "INSERT INTO penalty VALUES (9,'%q','市场监管','罚款',NULL,'2025-01-01',NULL);"
        "INSERT INTO penalty VALUES (9,'%q','市场监管','罚款',NULL,'2025-01-02',NULL);"
        "INSERT INTO penalty VALUES (10,'%q','市场监管','罚款,罚款',0.5,'2025-01-01','2025-03-01');"
        "INSERT INTO penalty VALUES (11,'%q','市场监管','',NULL,'2025-01-01',NULL);"
        "INSERT INTO penalty VALUES (12,'%q','市场监管','罚款',NULL,NULL,NULL);"
        "INSERT INTO penalty VALUES (14,'%q','市场监管','罚款',NULL,'2025-01-01',NULL);"
        "INSERT INTO penalty VALUES (15,'%q','市场监管','罚款',NULL,'2025/01/05',NULL);"
        "INSERT INTO penalty VALUES (16,'12345','市场监管','罚款',NULL,'2025-01-01',NULL);"
        "INSERT INTO penalty VALUES (17,'ABC','市场监管','罚款',NULL,'2025-01-01',NULL);"
        "INSERT INTO penalty VALUES (18,'%q','市场监管','罚款',NULL,'2025-01-01',NULL);",
        E1, E2, E1, E1, E2, E1, E9, E3, E1, E1, E2, E0, E2, E1, E4, E2, E5);
    exec_sql(db, sql);
    sqlite3_free(sql);
    exec_sql(db, "INSERT INTO workday_calendar VALUES ('2025-10-01', 0), ('2025-09-28', 1),"
                 " ('2025-02-29', 0);");
    sqlite3_close(db);
}

/* ------------------------------------------------------------- the specs */

static const char *const kinds[] = {"企业", "个体工商户", "农民专业合作社"};
static const char *const sectors[] = {"市场监管", "税务", "应急管理", "生态环境", "人社",
                                      "统计", "消防", "卫生健康", "交通运输", "其他"};
static const char *const measures[] = {"警告", "通报批评", "罚款", "没收违法所得", "没收非法财物",
                                       "暂扣许可证件", "降低资质等级", "吊销许可证件",
                                       "限制开展生产经营活动", "责令停产停业", "责令关闭",
                                       "限制从业", "吊销营业执照", "行政拘留"};

static const xf_colspec entity_cols[] = {
    {"region", XF_K_TEXT, 0, 0, NULL},
    {"kind", XF_K_ENUM, 0, 3, kinds},
};
enum { EC_REGION, EC_KIND };

static const xf_colspec penalty_cols[] = {
    {"sector", XF_K_ENUM, 0, 10, sectors},
    {"measures", XF_K_SET, 0, 14, measures},
    {"fine_yuan", XF_K_MONEY, 1, 0, NULL},
    {"decided", XF_K_DATE, 0, 0, NULL},
    {"published", XF_K_DATE, 1, 0, NULL},
};
enum { PC_SECTOR, PC_MEASURES, PC_FINE, PC_DECIDED, PC_PUBLISHED };

static const xf_tablespec specs[] = {
    {"entity", NULL, "uscc", 2, entity_cols},
    {"penalty", "id", "uscc", 5, penalty_cols},
};

/* ---------------------------------------------------------- report sink */

typedef struct report {
    char    table[32], column[32], value[64], reason[64];
    int64_t row_id;
    int     has_value;
} report;

typedef struct sink {
    report r[64];
    int    n;
} sink;

static void collect(void *ud, const xf_bad_row *b) {
    sink *s = ud;
    if (s->n == 64) return;
    report *r = &s->r[s->n++];
    snprintf(r->table, sizeof r->table, "%s", b->table);
    snprintf(r->column, sizeof r->column, "%s", b->column ? b->column : "");
    snprintf(r->value, sizeof r->value, "%s", b->value ? b->value : "");
    snprintf(r->reason, sizeof r->reason, "%s", b->reason_en);
    r->has_value = b->value != NULL;
    r->row_id = b->row_id;
    if (!b->reason_zh || !*b->reason_zh) r->reason[0] = '\0';  /* both languages are required */
}

/* How many reports name this table and row. */
static int reports_for(const sink *s, const char *table, int64_t row) {
    int k = 0;
    for (int i = 0; i < s->n; i++) k += !strcmp(s->r[i].table, table) && s->r[i].row_id == row;
    return k;
}

static const report *find_report(const sink *s, const char *table, int64_t row) {
    for (int i = 0; i < s->n; i++)
        if (!strcmp(s->r[i].table, table) && s->r[i].row_id == row) return &s->r[i];
    return NULL;
}

static void check_report(const sink *s, const char *table, int64_t row, const char *column,
                         const char *value, const char *reason) {
    const report *r = find_report(s, table, row);
    CHECK(r != NULL);
    if (!r) {
        fprintf(stderr, "  no report for %s row %lld\n", table, (long long)row);
        return;
    }
    CHECK_EQ_STR(r->column, column);
    if (value) CHECK_EQ_STR(r->value, value);
    else CHECK(!r->has_value);
    CHECK_EQ_STR(r->reason, reason);
}

/* Row index of the penalty with this id, or -1. */
static int64_t penalty_row(const xf_db *db, int64_t id) {
    for (int64_t r = 0; r < db->tab[1].nrows; r++)
        if (db->tab[1].row_id[r] == id) return r;
    return -1;
}

/* ------------------------------------------------------------------ tests */

static void test_money(void) {
    int64_t f = 0;
    CHECK_EQ_INT(xf_money_parse("80000", &f), 0);
    CHECK_EQ_INT(f, 8000000);
    CHECK_EQ_INT(xf_money_parse("123.4", &f), 0);
    CHECK_EQ_INT(f, 12340);
    CHECK_EQ_INT(xf_money_parse("0.05", &f), 0);
    CHECK_EQ_INT(f, 5);
    CHECK_EQ_INT(xf_money_parse("12.3400", &f), 0);
    CHECK_EQ_INT(f, 1234);
    CHECK_EQ_INT(xf_money_parse("-0.5", &f), 0);
    CHECK_EQ_INT(f, -50);
    CHECK_EQ_INT(xf_money_parse("92233720368547758.07", &f), 0);
    CHECK(f == INT64_MAX);
    CHECK_EQ_INT(xf_money_parse("-92233720368547758.08", &f), 0);
    CHECK(f == INT64_MIN);
    CHECK_EQ_INT(xf_money_parse("92233720368547758.08", &f), -1);
    CHECK_EQ_INT(xf_money_parse("100000000000000000000", &f), -1);
    CHECK_EQ_INT(xf_money_parse("12.345", &f), -1);
    CHECK_EQ_INT(xf_money_parse("", &f), -1);
    CHECK_EQ_INT(xf_money_parse("1e3", &f), -1);
    CHECK_EQ_INT(xf_money_parse("1.", &f), -1);
    CHECK_EQ_INT(xf_money_parse(".5", &f), -1);
    CHECK_EQ_INT(xf_money_parse(" 5", &f), -1);
    CHECK_EQ_INT(xf_money_parse("5元", &f), -1);
    char buf[32];
    xf_money_format(8000000, buf);
    CHECK_EQ_STR(buf, "80000");
    xf_money_format(12340, buf);
    CHECK_EQ_STR(buf, "123.4");
    xf_money_format(5, buf);
    CHECK_EQ_STR(buf, "0.05");
    xf_money_format(0, buf);
    CHECK_EQ_STR(buf, "0");
    xf_money_format(-50, buf);
    CHECK_EQ_STR(buf, "-0.5");
    xf_money_format(INT64_MIN, buf);
    CHECK_EQ_STR(buf, "-92233720368547758.08");
}

static void check_entities(const xf_db *db) {
    const xf_table *e = &db->tab[0];
    CHECK_EQ_INT(db->nent, 3);
    CHECK_EQ_INT(e->nrows, 3);
    CHECK_EQ_INT(e->ncols, 2);
    /* ORDER BY uscc: E0 (rowid 5), E1 (rowid 2), E2 (rowid 1) */
    CHECK_EQ_INT(e->row_id[0], 5);
    CHECK_EQ_INT(e->row_id[1], 2);
    CHECK_EQ_INT(e->row_id[2], 1);
    CHECK_EQ_STR(xf_texts_str(db->texts, e->val[EC_REGION][0]), "510411");
    CHECK_EQ_STR(xf_texts_str(db->texts, e->val[EC_REGION][1]), "510400");
    CHECK_EQ_STR(xf_texts_str(db->texts, e->val[EC_REGION][2]), "510402");
    CHECK_EQ_INT(e->val[EC_KIND][0], 2);
    CHECK_EQ_INT(e->val[EC_KIND][1], 0);
    CHECK_EQ_INT(e->val[EC_KIND][2], 1);
    for (int i = 0; i < 3; i++) {
        CHECK_EQ_INT(e->ent[i], i);
        CHECK_EQ_INT(e->first[i], i);
        CHECK_EQ_INT(e->has[EC_KIND][i], 1);
    }
    CHECK_EQ_INT(e->first[3], 3);
}

static void check_penalties(const xf_db *db) {
    const xf_table *p = &db->tab[1];
    /* kept: 10 (E0); 2, 13 (E1); 1 (E2) — grouped by entity, by id within */
    CHECK_EQ_INT(p->nrows, 4);
    CHECK_EQ_INT(p->first[0], 0);
    CHECK_EQ_INT(p->first[1], 1);
    CHECK_EQ_INT(p->first[2], 3);
    CHECK_EQ_INT(p->first[3], 4);
    static const int64_t ids[] = {10, 2, 13, 1}, ents[] = {0, 1, 1, 2};
    for (int r = 0; r < 4; r++) {
        CHECK_EQ_INT(p->row_id[r], ids[r]);
        CHECK_EQ_INT(p->ent[r], ents[r]);
    }
    int64_t r1 = penalty_row(db, 1), r2 = penalty_row(db, 2), r10 = penalty_row(db, 10),
            r13 = penalty_row(db, 13);
    CHECK(r1 >= 0 && r2 >= 0 && r10 >= 0 && r13 >= 0);
    if (r1 < 0 || r2 < 0 || r10 < 0 || r13 < 0) return;
    CHECK_EQ_INT(p->val[PC_SECTOR][r1], 0);
    CHECK_EQ_INT(p->val[PC_SECTOR][r2], 1);
    CHECK_EQ_INT(p->val[PC_MEASURES][r1], (1 << 0) | (1 << 2));  /* 警告, 罚款 */
    CHECK_EQ_INT(p->val[PC_MEASURES][r10], 1 << 2);              /* 罚款 twice */
    CHECK_EQ_INT(p->val[PC_FINE][r1], 8000000);                  /* INTEGER 80000 */
    CHECK_EQ_INT(p->has[PC_FINE][r1], 1);
    CHECK_EQ_INT(p->val[PC_FINE][r10], 50);                      /* REAL 0.5 */
    CHECK_EQ_INT(p->val[PC_FINE][r13], 10010);                   /* '100.10' */
    CHECK_EQ_INT(p->has[PC_FINE][r2], 0);                        /* NULL, optional */
    CHECK_EQ_INT(p->val[PC_DECIDED][r1], 20098);                 /* 2025-01-10 */
    CHECK_EQ_INT(p->val[PC_DECIDED][r1], xf_day_from_ymd(2025, 1, 10));
    CHECK_EQ_INT(p->val[PC_PUBLISHED][r1], xf_day_from_ymd(2025, 1, 15));
    CHECK_EQ_INT(p->has[PC_PUBLISHED][r1], 1);
    CHECK_EQ_INT(p->has[PC_PUBLISHED][r2], 0);
    CHECK_EQ_INT(p->has[PC_DECIDED][r2], 1);
}

static void check_reports(const sink *s) {
    CHECK_EQ_INT(s->n, 21);
    check_report(s, "entity", 6, "uscc", "12345", "USCC not 18 characters long");
    check_report(s, "entity", 7, "uscc", E5, "duplicate key");
    check_report(s, "entity", 8, "uscc", E5, "duplicate key");
    check_report(s, "penalty", 16, "uscc", "12345", "row of a skipped entity");
    check_report(s, "penalty", 17, "uscc", "ABC", "row of an unknown entity");
    check_report(s, "penalty", 18, "uscc", E5, "row of a skipped entity");
    check_report(s, "entity", 3, "uscc", E3, "bad USCC check character");
    check_report(s, "entity", 4, "kind", "公司", "unknown label");
    /* dates.c: right shape, no such month -> impossible (dates.h) */
    check_report(s, "penalty", 3, "decided", "2025-13-01", "impossible date");
    check_report(s, "penalty", 15, "decided", "2025/01/05", "malformed date");
    check_report(s, "penalty", 4, "fine_yuan", "12.345", "money finer than a fen");
    check_report(s, "penalty", 5, "sector", "宇宙", "unknown label");
    check_report(s, "penalty", 6, "uscc", E9, "row of an unknown entity");
    check_report(s, "penalty", 7, "uscc", E3, "row of a skipped entity");
    check_report(s, "penalty", 8, "decided", "2025-02-30", "impossible date");
    check_report(s, "penalty", 9, "id", "9", "duplicate key");
    CHECK_EQ_INT(reports_for(s, "penalty", 9), 2);  /* both copies */
    check_report(s, "penalty", 11, "measures", "", "empty label list");
    check_report(s, "penalty", 12, "decided", NULL, "missing value");
    check_report(s, "penalty", 14, "uscc", E4, "row of a skipped entity");
    check_report(s, "workday_calendar", 3, "day", "2025-02-29", "impossible date");
    for (int i = 0; i < s->n; i++) CHECK(s->r[i].reason[0] != '\0');
}

static void test_load(const char *path) {
    sink s = {.n = 0};
    xf_load_opts opts = {0, collect, &s, NULL};
    xf_load_stats st;
    xf_db *db = NULL;
    char *err = NULL;
    int rc = xf_db_load(path, specs, 2, &opts, &db, &st, &err);
    CHECK_EQ_INT(rc, 0);
    CHECK(err == NULL);
    if (rc) {
        fprintf(stderr, "  load failed: %s\n", err ? err : "?");
        free(err);
        return;
    }
    CHECK_EQ_INT(db->ntables, 2);
    check_entities(db);
    check_penalties(db);
    check_reports(&s);
    CHECK_EQ_INT(st.rows_read, 8 + 19 + 3);
    CHECK_EQ_INT(st.rows_skipped, 21);
    CHECK_EQ_INT(st.skipped_by_table[0], 5);
    CHECK_EQ_INT(st.skipped_by_table[1], 15);
    CHECK_EQ_INT(st.calendar_days, 2);
    CHECK(db->cal != NULL);
    CHECK_EQ_INT(xf_is_workday(db->cal, xf_day_from_ymd(2025, 10, 1)), 0);  /* Wednesday, holiday */
    CHECK_EQ_INT(xf_is_workday(db->cal, xf_day_from_ymd(2025, 9, 28)), 1);  /* Sunday, 调休 */
    CHECK_EQ_INT(xf_is_workday(db->cal, xf_day_from_ymd(2025, 9, 27)), 0);  /* Saturday */
    xf_db_free(db);
}

static void test_strict(const char *path) {
    sink s = {.n = 0};
    xf_load_opts opts = {1, collect, &s, NULL};
    xf_db *db = (xf_db *)&s;  /* must be reset to NULL */
    char *err = NULL;
    CHECK_EQ_INT(xf_db_load(path, specs, 2, &opts, &db, NULL, &err), 1);
    CHECK(db == NULL);
    CHECK(err != NULL);
    if (!err) return;
    /* The first bad row in uscc order is '12345', entity row 6. */
    char want[256];
    snprintf(want, sizeof want, "%s: table entity row 6 column uscc value '12345': USCC not 18 characters long",
             path);
    CHECK(strstr(err, want) == err);
    if (strstr(err, want) != err) fprintf(stderr, "  got: %s\n  want: %s...\n", err, want);
    CHECK_EQ_INT(s.n, 1);
    free(err);
}

static void test_schema_errors(const char *path) {
    static const xf_colspec bad_cols[] = {{"fine_fen", XF_K_MONEY, 1, 0, NULL}};
    xf_tablespec bad[2] = {specs[0], {"penalty", "id", "uscc", 1, bad_cols}};
    xf_db *db = NULL;
    char *err = NULL, want[256];
    CHECK_EQ_INT(xf_db_load(path, bad, 2, NULL, &db, NULL, &err), 1);
    snprintf(want, sizeof want, "%s: table penalty has no column fine_fen", path);
    CHECK_EQ_STR(err, want);
    free(err);
    err = NULL;
    bad[1].table = "abnormal";
    CHECK_EQ_INT(xf_db_load(path, bad, 2, NULL, &db, NULL, &err), 1);
    snprintf(want, sizeof want, "%s: no table abnormal", path);
    CHECK_EQ_STR(err, want);
    free(err);
    err = NULL;
    /* the entity's own column is checked too */
    xf_tablespec ent = {"entity", NULL, "code", 0, NULL};
    CHECK_EQ_INT(xf_db_load(path, &ent, 1, NULL, &db, NULL, &err), 1);
    snprintf(want, sizeof want, "%s: table entity has no column code", path);
    CHECK_EQ_STR(err, want);
    free(err);
    CHECK(db == NULL);
}

static void test_not_sqlite(void) {
    char path[64];
    temp_path(path, sizeof path, "garbage");
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    for (int i = 0; i < 512; i++) fputs("this is not a database, 这不是数据库. ", f);
    fclose(f);
    xf_db *db = NULL;
    char *err = NULL;
    CHECK_EQ_INT(xf_db_load(path, specs, 2, NULL, &db, NULL, &err), 1);
    CHECK(db == NULL);
    CHECK(err && strstr(err, path) == err && strstr(err, "not a database"));
    free(err);
    unlink(path);
    err = NULL;
    CHECK_EQ_INT(xf_db_load("/nonexistent/records.db", specs, 2, NULL, &db, NULL, &err), 1);
    CHECK(err && strstr(err, "/nonexistent/records.db: ") == err);
    free(err);
}

/* No workday_calendar: the weekday rule alone, calendar_days = -1. */
static void test_no_calendar(void) {
    char path[64];
    temp_path(path, sizeof path, "nocal");
    sqlite3 *sq;
    if (sqlite3_open(path, &sq) != SQLITE_OK) exit(1);
    char *sql = sqlite3_mprintf("CREATE TABLE entity (uscc TEXT PRIMARY KEY, kind TEXT);"
                                "INSERT INTO entity VALUES ('%q', '企业');", E1);
    exec_sql(sq, sql);
    sqlite3_free(sql);
    sqlite3_close(sq);
    xf_tablespec ent = {"entity", NULL, "uscc", 1, &entity_cols[EC_KIND]};
    xf_load_stats st;
    xf_db *db = NULL;
    char *err = NULL;
    CHECK_EQ_INT(xf_db_load(path, &ent, 1, NULL, &db, &st, &err), 0);
    CHECK_EQ_INT(st.calendar_days, -1);
    CHECK_EQ_INT(st.rows_read, 1);
    CHECK(db && db->cal && db->nent == 1);
    if (db) CHECK_EQ_INT(xf_is_workday(db->cal, xf_day_from_ymd(2025, 10, 1)), 1);
    xf_db_free(db);
    free(err);
    unlink(path);
}

/* A database of records version 1: the table inspection and the column
 * entity.deregistered, which version 2 added, read as empty and NULL, and
 * opts->absent hears of it once; a column version 1 had is still required. */
static int absent_calls;
static char absent_en[512];
static void on_absent(void *ud, const char *en, const char *zh) {
    (void)ud;
    (void)zh;
    absent_calls++;
    snprintf(absent_en, sizeof absent_en, "%s", en);
}

static void test_version1(void) {
    char path[64];
    temp_path(path, sizeof path, "v1");
    sqlite3 *sq;
    if (sqlite3_open(path, &sq) != SQLITE_OK) exit(1);
    char *sql = sqlite3_mprintf("CREATE TABLE entity (uscc TEXT PRIMARY KEY, kind TEXT);"
                                "INSERT INTO entity VALUES ('%q', '企业');", E1);
    exec_sql(sq, sql);
    sqlite3_free(sql);
    sqlite3_close(sq);
    static const xf_colspec ent_cols[] = {{"kind", XF_K_TEXT, 0, 0, NULL}, {"deregistered", XF_K_DATE, 1, 0, NULL}};
    static const xf_colspec ins_cols[] = {{"published", XF_K_DATE, 0, 0, NULL}};
    xf_tablespec sp[2] = {{"entity", NULL, "uscc", 2, ent_cols}, {"inspection", "id", "uscc", 1, ins_cols}};
    xf_load_opts opts = {0, NULL, NULL, on_absent};
    xf_db *db = NULL;
    char *err = NULL;
    CHECK_EQ_INT(xf_db_load(path, sp, 2, &opts, &db, NULL, &err), 0);
    CHECK_EQ_INT(absent_calls, 1);
    CHECK_EQ_STR(absent_en, "records database is version 1: no table inspection, no column entity.deregistered; "
                            "read as empty tables and NULL values");
    CHECK(db && db->nent == 1 && db->tab[1].nrows == 0);
    if (db && db->nent == 1) CHECK_EQ_INT(db->tab[0].has[1][0], 0);
    xf_db_free(db);
    free(err);
    /* a required column that version 2 added, or one version 1 had, is an error */
    static const xf_colspec must[] = {{"deregistered", XF_K_DATE, 0, 0, NULL}};
    static const xf_colspec v1col[] = {{"phone", XF_K_TEXT, 1, 0, NULL}};
    xf_tablespec e1 = {"entity", NULL, "uscc", 1, must}, e2 = {"entity", NULL, "uscc", 1, v1col};
    err = NULL;
    CHECK_EQ_INT(xf_db_load(path, &e1, 1, NULL, &db, NULL, &err), 1);
    CHECK(err && strstr(err, "table entity has no column deregistered"));
    free(err);
    err = NULL;
    CHECK_EQ_INT(xf_db_load(path, &e2, 1, NULL, &db, NULL, &err), 1);
    CHECK(err && strstr(err, "table entity has no column phone"));
    free(err);
    unlink(path);
}

int main(void) {
    make_codes();
    test_version1();
    test_money();
    char path[64];
    temp_path(path, sizeof path, "records");
    fill_db(path);
    test_load(path);
    test_strict(path);
    test_schema_errors(path);
    test_not_sqlite();
    test_no_calendar();
    unlink(path);
    return CHECK_DONE();
}
