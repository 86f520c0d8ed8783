/* test_csv.c — CSV fields of the documents (documents/doc_csv.h): record
 * text that a spreadsheet would run as a formula stays text. */
#include <stdlib.h>
#include "check.h"
#include "doc_csv.h"

/* One field alone, as written. */
static char *field(const char *s) {
    static char out[256];
    xf_strbuf b = {0};
    xf_csv_field(&b, 1, s, strlen(s));
    snprintf(out, sizeof out, "%.*s", (int)b.n, b.p ? b.p : "");
    xf_strbuf_free(&b);
    return out;
}

int main(void) {
    CHECK_EQ_STR(field("市场监督管理局"), "市场监督管理局");
    /* what Excel would evaluate gets an apostrophe, which it does not show */
    CHECK_EQ_STR(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    CHECK_EQ_STR(field("+1"), "'+1");
    CHECK_EQ_STR(field("-1+2"), "'-1+2");
    CHECK_EQ_STR(field("@SUM(A1)"), "'@SUM(A1)");
    /* a leading TAB or CR, which Excel skips before a formula */
    CHECK_EQ_STR(field("\t=1+1"), "'\t=1+1");
    CHECK_EQ_STR(field("\r=1+1"), "\"'\r=1+1\"");
    /* separators and quotes are quoted */
    CHECK_EQ_STR(field("a,b"), "\"a,b\"");
    CHECK_EQ_STR(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    return CHECK_DONE();
}
