/* test_output.c — the decision writer: run and decision rows, field columns
 * (Chinese names too), one transaction per run, locked and bad files, and
 * JSON lines with their escaping. */
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "dates.h"
#include "output.h"
#include "texts.h"

static void temp_path(char *buf, size_t n, const char *what) {
    snprintf(buf, n, "/tmp/xf_test_output_%s_XXXXXX", what);
    int fd = mkstemp(buf);
    if (fd >= 0) close(fd);
}

static const char *const tiers[] = {"减轻", "从轻", "一般", "从重"};
static const char *const measures[] = {"警告", "通报批评", "罚款"};

static const xf_field fields[] = {
    {"eligible_from", XF_K_DATE, 0, NULL},
    {"stops_on", XF_K_DATE, 0, NULL},
    {"remind_on", XF_K_DATE, 0, NULL},
    {"responsible", XF_K_TEXT, 0, NULL},
    {"review", XF_K_BOOL, 0, NULL},
    {"fine", XF_K_MONEY, 0, NULL},
    {"tier", XF_K_ENUM, 4, tiers},
    {"measures", XF_K_SET, 3, measures},
    {"复核人", XF_K_TEXT, 0, NULL},
};
enum { F_ELIGIBLE, F_STOPS, F_REMIND, F_RESP, F_REVIEW, F_FINE, F_TIER, F_MEASURES, F_REVIEWER, NF };

static const xf_run_info run_info = {
    "2025-06-01T08:00:00+08:00", "2025-06-01", "national.samr.order107", "abc123",
    "policy 行政处罚信息信用修复 ...", "records.db", "jit", NULL, 0, "20250601T000000.000Z-abc123",
};

/* ---------------------------------------------------------- sqlite reads */

static sqlite3 *open_ro(const char *path) {
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    return db;
}

/* The integer result of a one-value query, or -999 when it fails. */
static int64_t query_int(sqlite3 *db, const char *sql) {
    sqlite3_stmt *st;
    int64_t v = -999;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "query failed: %s: %s\n", sql, sqlite3_errmsg(db));
        return v;
    }
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The text result of a one-value query ("NULL" for NULL) into buf. */
static const char *query_text(sqlite3 *db, const char *sql, char *buf, size_t n) {
    sqlite3_stmt *st;
    snprintf(buf, n, "(error)");
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "query failed: %s: %s\n", sql, sqlite3_errmsg(db));
        return buf;
    }
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        snprintf(buf, n, "%s", s ? s : "NULL");
    }
    sqlite3_finalize(st);
    return buf;
}

/* ------------------------------------------------------------- decisions */

typedef struct decision {
    xf_decision_row row;
    int64_t         fval[NF];
    uint8_t         fhas[NF];
} decision;

static void make_decision(decision *d, int64_t id, const char *outcome) {
    memset(d, 0, sizeof *d);
    d->row = (xf_decision_row){.policy = "行政处罚信息信用修复", .subject_table = "penalty", .subject_id = id,
                               .uscc = "91510400MA62XXXX1X", .outcome = outcome, .step = 5,
                               .basis = "第十一条", .nfields = NF, .fields = fields, .fval = d->fval,
                               .fhas = d->fhas};
}

/* Decision 7: every field present; decision 8: only eligible_from. */
static void make_two(decision *d7, decision *d8, xf_texts *texts) {
    make_decision(d7, 7, "can_apply");
    static const uint8_t blob[] = {1, 0, 2, 4};  /* slot 0 evaluated with value 2 */
    d7->row.trace = blob;
    d7->row.trace_len = sizeof blob;
    int64_t v[NF] = {xf_day_from_ymd(2025, 4, 16), xf_day_from_ymd(2026, 1, 16), xf_day_from_ymd(2025, 4, 1),
                     xf_texts_intern(texts, "攀枝花市市场监督管理局", strlen("攀枝花市市场监督管理局")),
                     1, 12340, 2, 5, xf_texts_intern(texts, "张三", strlen("张三"))};
    for (int f = 0; f < NF; f++) {
        d7->fval[f] = v[f];
        d7->fhas[f] = 1;
    }
    make_decision(d8, 8, "not_yet");
    d8->row.step = 0;
    d8->row.basis = NULL;
    d8->row.error = "no decision step applied";
    d8->fval[F_ELIGIBLE] = xf_day_from_ymd(2025, 12, 31);
    d8->fhas[F_ELIGIBLE] = 1;
}

static int write_run(xf_writer *w, xf_texts *texts, int ndec, int commit) {
    decision d7, d8;
    char *err = NULL;
    make_two(&d7, &d8, texts);
    if (xf_writer_begin(w, &run_info, NF, fields, &err)) {
        fprintf(stderr, "begin: %s\n", err ? err : "?");
        free(err);
        return -1;
    }
    for (int i = 0; i < ndec; i++)
        if (xf_writer_decision(w, texts, i == 0 ? &d7.row : &d8.row, &err)) {
            fprintf(stderr, "decision: %s\n", err ? err : "?");
            free(err);
            return -1;
        }
    if (!commit) {
        xf_writer_abort(w);
        return 0;
    }
    if (xf_writer_commit(w, ndec, 1, &err)) {
        fprintf(stderr, "commit: %s\n", err ? err : "?");
        free(err);
        return -1;
    }
    return 0;
}

static void check_first_run(sqlite3 *db) {
    char buf[256];
    CHECK_EQ_INT(query_int(db, "SELECT count(*) FROM run WHERE id = 1"), 1);
    CHECK_EQ_INT(query_int(db, "SELECT subjects FROM run WHERE id = 1"), 2);
    CHECK_EQ_INT(query_int(db, "SELECT skipped FROM run WHERE id = 1"), 1);
    CHECK_EQ_STR(query_text(db, "SELECT as_of FROM run WHERE id = 1", buf, sizeof buf), "2025-06-01");
    CHECK_EQ_STR(query_text(db, "SELECT engine FROM run WHERE id = 1", buf, sizeof buf), "jit");
    CHECK_EQ_STR(query_text(db, "SELECT policy_hash FROM run WHERE id = 1", buf, sizeof buf), "abc123");
    CHECK_EQ_INT(query_int(db, "SELECT finished IS NOT NULL AND xiufu_version IS NOT NULL FROM run"
                               " WHERE id = 1"), 1);
    CHECK_EQ_INT(query_int(db, "SELECT count(*) FROM decision WHERE run = 1"), 2);
    static const struct { const char *sql, *want; } d7[] = {
        {"SELECT policy FROM decision WHERE subject_id = 7", "行政处罚信息信用修复"},
        {"SELECT subject_table FROM decision WHERE subject_id = 7", "penalty"},
        {"SELECT uscc FROM decision WHERE subject_id = 7", "91510400MA62XXXX1X"},
        {"SELECT outcome FROM decision WHERE subject_id = 7", "can_apply"},
        {"SELECT eligible_from FROM decision WHERE subject_id = 7", "2025-04-16"},
        {"SELECT stops_on FROM decision WHERE subject_id = 7", "2026-01-16"},
        {"SELECT remind_on FROM decision WHERE subject_id = 7", "2025-04-01"},
        {"SELECT responsible FROM decision WHERE subject_id = 7", "攀枝花市市场监督管理局"},
        {"SELECT fine FROM decision WHERE subject_id = 7", "123.4"},
        {"SELECT typeof(fine) FROM decision WHERE subject_id = 7", "real"},
        {"SELECT printf('%.2f', fine) FROM decision WHERE subject_id = 7", "123.40"},
        {"SELECT tier FROM decision WHERE subject_id = 7", "一般"},
        {"SELECT measures FROM decision WHERE subject_id = 7", "警告,罚款"},
        {"SELECT \"复核人\" FROM decision WHERE subject_id = 7", "张三"},
        {"SELECT step FROM decision WHERE subject_id = 7", "5"},
        {"SELECT typeof(step) FROM decision WHERE subject_id = 7", "integer"},
        {"SELECT typeof(step) FROM run_step WHERE run = 1", "integer"},
        {"SELECT name FROM run WHERE id = 1", "20250601T000000.000Z-abc123"},
        {"SELECT basis FROM decision WHERE subject_id = 7", "第十一条"},
        {"SELECT error FROM decision WHERE subject_id = 7", "NULL"},
        {"SELECT hex(trace) FROM decision WHERE subject_id = 7", "01000204"},
        {"SELECT outcome FROM decision WHERE subject_id = 8", "not_yet"},
        {"SELECT eligible_from FROM decision WHERE subject_id = 8", "2025-12-31"},
        {"SELECT error FROM decision WHERE subject_id = 8", "no decision step applied"},
    };
    for (size_t i = 0; i < sizeof d7 / sizeof d7[0]; i++)
        CHECK_EQ_STR(query_text(db, d7[i].sql, buf, sizeof buf), d7[i].want);
    CHECK_EQ_INT(query_int(db, "SELECT review FROM decision WHERE subject_id = 7"), 1);
    CHECK_EQ_INT(query_int(db, "SELECT typeof(review) = 'integer' FROM decision WHERE subject_id = 7"), 1);
    /* absent fields and texts are NULL */
    CHECK_EQ_INT(query_int(db, "SELECT stops_on IS NULL AND remind_on IS NULL AND review IS NULL"
                               " AND fine IS NULL AND \"复核人\" IS NULL AND step IS NULL AND trace IS NULL"
                               " FROM decision WHERE subject_id = 8"), 1);
    CHECK_EQ_INT(query_int(db, "SELECT count(*) FROM pragma_table_info('decision') WHERE name = '复核人'"), 1);
    /* rows appended in entity order with no key; a run builds no index */
    CHECK_EQ_INT(query_int(db, "SELECT count(*) FROM pragma_index_list('decision_row')"), 0);
    CHECK_EQ_INT(query_int(db, "SELECT count(*) FROM decision_row a JOIN decision_row b ON b.rowid = a.rowid + 1"
                               " WHERE b.run = a.run AND b.uscc < a.uscc"), 0);
    CHECK_EQ_INT(query_int(db, "SELECT type = 'view' FROM sqlite_master WHERE name = 'decision'"), 1);
}

static void test_db(void) {
    char path[64];
    temp_path(path, sizeof path, "out");
    xf_texts *texts = xf_texts_new();
    char *err = NULL;
    xf_writer *w = xf_writer_open_db(path, &err);
    CHECK(w != NULL);
    if (!w) {
        fprintf(stderr, "open: %s\n", err ? err : "?");
        free(err);
        return;
    }
    CHECK_EQ_INT(write_run(w, texts, 2, 1), 0);
    CHECK_EQ_INT(xf_writer_run_id(w), 1);
    sqlite3 *db = open_ro(path);
    check_first_run(db);
    sqlite3_close(db);

    /* An aborted run leaves nothing: no run row, no decisions. */
    CHECK_EQ_INT(write_run(w, texts, 2, 0), 0);
    db = open_ro(path);
    CHECK_EQ_INT(query_int(db, "SELECT count(*) FROM run"), 1);
    CHECK_EQ_INT(query_int(db, "SELECT count(*) FROM decision"), 2);
    sqlite3_close(db);
    xf_writer_close(w);

    /* A second committed run, through a new writer, gets id 2; run 1 stays. */
    w = xf_writer_open_db(path, &err);
    CHECK(w != NULL);
    if (w) {
        CHECK_EQ_INT(write_run(w, texts, 1, 1), 0);
        CHECK_EQ_INT(xf_writer_run_id(w), 2);
        /* closing in the middle of a run rolls it back */
        CHECK_EQ_INT(xf_writer_begin(w, &run_info, NF, fields, &err), 0);
        xf_writer_close(w);
    }
    db = open_ro(path);
    CHECK_EQ_INT(query_int(db, "SELECT count(*) FROM run"), 2);
    CHECK_EQ_INT(query_int(db, "SELECT count(*) FROM decision WHERE run = 2"), 1);
    check_first_run(db);
    sqlite3_close(db);
    /* the index of lookups by subject, built when first wanted */
    char buf[32];
    CHECK_EQ_INT(xf_output_index_subjects(path), 0);
    db = open_ro(path);
    CHECK_EQ_INT(query_int(db, "SELECT count(*) FROM pragma_index_list('decision_row') WHERE name = 'decision_row_subject'"), 1);
    CHECK_EQ_INT(query_int(db, "SELECT count(*) FROM pragma_index_list('decision_row') WHERE name = 'decision_row_uscc'"), 1);
    CHECK_EQ_STR(query_text(db, "SELECT outcome FROM decision WHERE subject_id = 7 AND run = 1", buf, sizeof buf), "can_apply");
    sqlite3_close(db);
    xf_texts_free(texts);
    unlink(path);
}

/* A field may not take a fixed column's name; a run needs the same number
 * of fields in every decision. */
static void test_field_errors(void) {
    char path[64];
    temp_path(path, sizeof path, "fields");
    char *err = NULL;
    xf_writer *w = xf_writer_open_db(path, &err);
    CHECK(w != NULL);
    if (!w) return;
    xf_field clash[] = {{"Outcome", XF_K_TEXT, 0, NULL}};
    CHECK_EQ_INT(xf_writer_begin(w, &run_info, 1, clash, &err), -1);
    CHECK(err && strstr(err, "Outcome"));
    free(err);
    err = NULL;
    xf_field twice[] = {{"review", XF_K_BOOL, 0, NULL}, {"Review", XF_K_BOOL, 0, NULL}};
    CHECK_EQ_INT(xf_writer_begin(w, &run_info, 2, twice, &err), -1);
    free(err);
    err = NULL;
    /* an enum index without a label is an error, not a guess */
    CHECK_EQ_INT(xf_writer_begin(w, &run_info, NF, fields, &err), 0);
    decision d;
    make_decision(&d, 1, "can_apply");
    d.fval[F_TIER] = 9;
    d.fhas[F_TIER] = 1;
    CHECK_EQ_INT(xf_writer_decision(w, NULL, &d.row, &err), -1);
    CHECK(err && strstr(err, "tier"));
    free(err);
    err = NULL;
    xf_writer_abort(w);
    xf_writer_close(w);
    sqlite3 *db = open_ro(path);
    CHECK_EQ_INT(query_int(db, "SELECT count(*) FROM sqlite_master WHERE name = 'run'"), 0);
    sqlite3_close(db);
    unlink(path);
}

/* Another connection holds the write lock: begin fails, naming the file. */
static void test_locked(void) {
    char path[64];
    temp_path(path, sizeof path, "locked");
    sqlite3 *other;
    if (sqlite3_open(path, &other) != SQLITE_OK) exit(1);
    sqlite3_exec(other, "CREATE TABLE t(x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);", NULL, NULL, NULL);
    char *err = NULL;
    xf_writer *w = xf_writer_open_db(path, &err);
    CHECK(w != NULL);
    if (w) {
        CHECK_EQ_INT(xf_writer_begin(w, &run_info, NF, fields, &err), -1);
        CHECK(err && strstr(err, path) == err && strstr(err, "locked"));
        free(err);
        err = NULL;
        xf_writer_close(w);
    }
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    unlink(path);
}

static void test_bad_files(void) {
    char path[64];
    temp_path(path, sizeof path, "garbage");
    FILE *f = fopen(path, "wb");
    if (!f) exit(1);
    for (int i = 0; i < 256; i++) fputs("not a database at all. ", f);
    fclose(f);
    char *err = NULL;
    CHECK(xf_writer_open_db(path, &err) == NULL);
    CHECK(err && strstr(err, path) == err && strstr(err, "not a database"));
    free(err);
    err = NULL;
    unlink(path);
    CHECK(xf_writer_open_db("/nonexistent/dir/out.db", &err) == NULL);
    CHECK(err && strstr(err, "/nonexistent/dir/out.db: ") == err);
    free(err);
}

static void test_jsonl(void) {
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f) exit(1);
    xf_texts *texts = xf_texts_new();
    xf_writer *w = xf_writer_open_jsonl(f);
    char *err = NULL;
    CHECK_EQ_INT(xf_writer_begin(w, &run_info, NF, fields, &err), 0);
    decision d;
    make_decision(&d, 7, "can_apply");
    d.row.basis = "\"引号\" back\\slash\nline\ttab\x01" "ctl \xff" "bad";
    d.row.trace_json = "{\"req\":[1]}";
    d.fval[F_ELIGIBLE] = xf_day_from_ymd(2025, 4, 16);
    d.fhas[F_ELIGIBLE] = 1;
    d.fval[F_REVIEW] = 0;
    d.fhas[F_REVIEW] = 1;
    d.fval[F_FINE] = 5;
    d.fhas[F_FINE] = 1;
    d.fval[F_MEASURES] = 4;
    d.fhas[F_MEASURES] = 1;
    d.fval[F_REVIEWER] = xf_texts_intern(texts, "李\"四", strlen("李\"四"));
    d.fhas[F_REVIEWER] = 1;
    CHECK_EQ_INT(xf_writer_decision(w, texts, &d.row, &err), 0);
    d.row.subject_id = 8;
    d.row.step = 0;
    d.row.trace_json = NULL;
    d.row.basis = NULL;
    memset(d.fhas, 0, sizeof d.fhas);
    CHECK_EQ_INT(xf_writer_decision(w, texts, &d.row, &err), 0);
    CHECK_EQ_INT(xf_writer_commit(w, 2, 0, &err), 0);
    xf_writer_close(w);
    fclose(f);
    const char *want =
        "{\"run\":\"20250601T000000.000Z-abc123\",\"as_of\":\"2025-06-01\","
        "\"policy\":\"行政处罚信息信用修复\",\"subject_table\":\"penalty\",\"subject_id\":7,"
        "\"uscc\":\"91510400MA62XXXX1X\",\"outcome\":\"can_apply\",\"eligible_from\":\"2025-04-16\","
        "\"stops_on\":null,\"step\":5,"
        "\"basis\":\"\\\"引号\\\" back\\\\slash\\u000aline\\u0009tab\\u0001ctl \\ufffdbad\","
        "\"error\":null,\"remind_on\":null,\"responsible\":null,\"review\":false,\"fine\":0.05,"
        "\"tier\":null,\"measures\":\"罚款\",\"复核人\":\"李\\\"四\",\"trace\":{\"req\":[1]}}\n"
        "{\"run\":\"20250601T000000.000Z-abc123\",\"as_of\":\"2025-06-01\","
        "\"policy\":\"行政处罚信息信用修复\",\"subject_table\":\"penalty\",\"subject_id\":8,"
        "\"uscc\":\"91510400MA62XXXX1X\",\"outcome\":\"can_apply\",\"eligible_from\":null,"
        "\"stops_on\":null,\"step\":null,\"basis\":null,\"error\":null,\"remind_on\":null,"
        "\"responsible\":null,\"review\":null,\"fine\":null,\"tier\":null,\"measures\":null,"
        "\"复核人\":null}\n";
    CHECK_EQ_STR(out, want);
    free(out);
    xf_texts_free(texts);
}

int main(void) {
    test_db();
    test_field_errors();
    test_locked();
    test_bad_files();
    test_jsonl();
    return CHECK_DONE();
}
