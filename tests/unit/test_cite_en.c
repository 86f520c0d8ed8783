/* test_cite_en.c — article references in English beside the Chinese
 * (explain/cite_en.c): numerals, paragraphs, items, ranges, lists; what is
 * not an article stays as written. */
#include <stdio.h>
#include <stdlib.h>
#include "check.h"
#include "explain.h"

static char *en(const char *s) {
    static char out[1024];
    xf_ex_buf b = {0};
    xf_ex_cite_en(&b, s);
    snprintf(out, sizeof out, "%s", b.p ? b.p : "");
    xf_ex_buf_free(&b);
    return out;
}

int main(void) {
    CHECK_EQ_STR(en("《办法》第十一条"), "《办法》 Article 11 (第十一条)");
    CHECK_EQ_STR(en("《办法》（总局令第107号）第二十三条第二款"), "《办法》（总局令第107号） Article 23, paragraph 2 (第二十三条第二款)");
    CHECK_EQ_STR(en("第十一条第（一）项"), "Article 11, item (1) (第十一条第（一）项)");
    CHECK_EQ_STR(en("第八条第一款第（三）项"), "Article 8, paragraph 1, item (3) (第八条第一款第（三）项)");
    CHECK_EQ_STR(en("《立法法》第一百零四条：新的规定"), "《立法法》 Article 104 (第一百零四条)：新的规定");
    CHECK_EQ_STR(en("第十一条至第十四条"), "Articles 11 to 14 (第十一条至第十四条)");
    CHECK_EQ_STR(en("第十三条第一款、第二款"), "Article 13, paragraphs 1 and 2 (第十三条第一款、第二款)");
    CHECK_EQ_STR(en("第七条第一款、第六条第二款"), "Article 7, paragraph 1 (第七条第一款)、Article 6, paragraph 2 (第六条第二款)");
    CHECK_EQ_STR(en("第一百一十条"), "Article 110 (第一百一十条)");
    /* not articles: a document number, a local clause */
    CHECK_EQ_STR(en("（总局令第45号）"), "（总局令第45号）");
    CHECK_EQ_STR(en("《信用修复分类指导流程》一、1"), "《信用修复分类指导流程》一、1");
    return CHECK_DONE();
}
