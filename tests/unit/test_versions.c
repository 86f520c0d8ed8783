/* test_versions.c — store/versions.c: what version 2 of the records schema
 * added, in agreement with the 记录版本 2 marks of policies/schema.xf, and
 * the note a reader gives when a database lacks it. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "embedded.h"
#include "versions.h"

/* Every record and field of the schema module: marked 记录版本 2 exactly
 * where versions.c says version 2 added it (a field of a table that version
 * 2 added comes with its table). */
static void agree_with_schema_module(void) {
    const char *s = xf_embed_schema_xf, *end = s + xf_embed_schema_xf_len;
    char table[64] = "";
    int fields = 0, marked = 0, comment_mark = 0;  /* the comment line above a record carries its mark */
    while (s < end) {
        const char *eol = memchr(s, '\n', (size_t)(end - s));
        if (!eol) eol = end;
        char line[512];
        size_t n = (size_t)(eol - s) < sizeof line - 1 ? (size_t)(eol - s) : sizeof line - 1;
        memcpy(line, s, n);
        line[n] = '\0';
        s = eol + 1;
        int mark = strstr(line, "记录版本 2") != NULL;
        if (line[0] == '#') {
            comment_mark = mark;
            continue;
        }
        if (!strncmp(line, "record ", 7)) {
            mark |= comment_mark;
            const char *q = strstr(line, "table \"");
            CHECK(q != NULL);
            if (!q) continue;
            q += 7;
            size_t k = strcspn(q, "\"");
            snprintf(table, sizeof table, "%.*s", (int)k, q);
            CHECK_EQ_INT(xf_records_added_in(table, NULL), mark ? 2 : 1);
            marked += mark;
            comment_mark = 0;
            continue;
        }
        comment_mark = 0;
        if (line[0] == '}') {
            table[0] = '\0';
            continue;
        }
        if (!table[0] || line[0] != ' ') continue;
        const char *name = line + strspn(line, " ");
        const char *colon = strchr(name, ':');
        if (!colon || *name == '#') continue;
        char col[64];
        snprintf(col, sizeof col, "%.*s", (int)(colon - name), name);
        const char *as = strstr(colon, "column \"");
        if (as) snprintf(col, sizeof col, "%.*s", (int)strcspn(as + 8, "\""), as + 8);
        fields++;
        CHECK_EQ_INT(xf_records_added_in(table, col), mark ? 2 : 1);
        marked += mark;
    }
    CHECK(fields > 50);
    CHECK_EQ_INT(marked, 4);  /* entity.deregistered, serious.penalty_id, inspection, application */
}

int main(void) {
    CHECK_EQ_INT(xf_records_added_in("inspection", NULL), 2);
    CHECK_EQ_INT(xf_records_added_in("APPLICATION", NULL), 2);
    CHECK_EQ_INT(xf_records_added_in("entity", "deregistered"), 2);
    CHECK_EQ_INT(xf_records_added_in("serious", "penalty_id"), 2);
    CHECK_EQ_INT(xf_records_added_in("entity", NULL), 1);
    CHECK_EQ_INT(xf_records_added_in("entity", "phone"), 1);
    CHECK_EQ_INT(xf_records_added_in("penalty", "penalty_id"), 1);
    CHECK_EQ_INT(xf_records_added_in("inspection", "result"), 1);  /* comes with its table */
    CHECK_EQ_INT(xf_records_added_in(NULL, NULL), 1);
    agree_with_schema_module();

    xf_absent a = {0};
    CHECK(!xf_absent_any(&a));
    CHECK(xf_absent_note(&a, 0) == NULL);
    CHECK_EQ_INT(xf_absent_add(&a, "inspection", NULL), 0);
    CHECK_EQ_INT(xf_absent_add(&a, "application", NULL), 0);
    CHECK_EQ_INT(xf_absent_add(&a, "entity", "deregistered"), 0);
    CHECK_EQ_INT(xf_absent_add(&a, "serious", "penalty_id"), 0);
    CHECK_EQ_INT(xf_absent_add(&a, "inspection", NULL), 0);  /* once */
    CHECK(xf_absent_any(&a));
    char *zh = xf_absent_note(&a, 0), *en = xf_absent_note(&a, 1);
    CHECK_EQ_STR(zh, "记录库为第 1 版：缺少表 inspection、application，列 entity.deregistered、serious.penalty_id，"
                     "按空表和空值读取");
    CHECK_EQ_STR(en, "records database is version 1: no tables inspection, application, no columns "
                     "entity.deregistered, serious.penalty_id; read as empty tables and NULL values");
    free(zh);
    free(en);
    xf_absent_free(&a);

    xf_absent b = {0};
    xf_absent_add(&b, "entity", "deregistered");
    zh = xf_absent_note(&b, 0);
    en = xf_absent_note(&b, 1);
    CHECK_EQ_STR(zh, "记录库为第 1 版：缺少列 entity.deregistered，按空值读取");
    CHECK_EQ_STR(en, "records database is version 1: no column entity.deregistered; read as NULL values");
    free(zh);
    free(en);
    xf_absent_free(&b);

    xf_absent c = {0};
    xf_absent_add(&c, "application", NULL);
    zh = xf_absent_note(&c, 0);
    en = xf_absent_note(&c, 1);
    CHECK_EQ_STR(zh, "记录库为第 1 版：缺少表 application，按空表读取");
    CHECK_EQ_STR(en, "records database is version 1: no table application; read as empty tables");
    free(zh);
    free(en);
    xf_absent_free(&c);
    return CHECK_DONE();
}
