/* test_uscc.c — 统一社会信用代码 check characters (GB 32100-2015). */
#include <string.h>
#include "check.h"
#include "uscc.h"

static int V(const char *s) { return xf_uscc_validate(s, strlen(s)); }

int main(void) {
    /* The example code printed in GB 32100-2015 and a published real code. */
    CHECK_EQ_INT(V("91350100M000100Y43"), XF_USCC_OK);
    CHECK_EQ_INT(V("91110000600037341L"), XF_USCC_OK);
    CHECK_EQ_INT(xf_uscc_check_char("91350100M000100Y4"), '3');
    CHECK_EQ_INT(xf_uscc_check_char("91110000600037341"), 'L');
    /* Codes computed with an independent script and checked against the two above. */
    static const char *valid[] = {"91510400MA62T1234N", "92510402MA6CXK0P3R", "93620321MA73QW8B5D",
                                  "914303001842000017", "91310115000000000Q", "91110105MA01ABCDEB",
                                  "915104000000000200" /* sum divisible by 31: check '0' */};
    for (size_t i = 0; i < sizeof valid / sizeof *valid; i++) {
        CHECK_EQ_INT(V(valid[i]), XF_USCC_OK);
        CHECK_EQ_INT(xf_uscc_check_char(valid[i]), valid[i][17]);
    }
    /* wrong check character */
    CHECK_EQ_INT(V("91350100M000100Y44"), XF_USCC_CHECK);
    CHECK_EQ_INT(V("91110000600037341K"), XF_USCC_CHECK);
    CHECK_EQ_INT(V("91350100M000100Y4A"), XF_USCC_CHECK);
    /* a swapped pair is caught too */
    CHECK_EQ_INT(V("93150100M000100Y43"), XF_USCC_CHECK);
    /* letters outside the alphabet: I, O, S, V, Z, lower case, punctuation */
    CHECK_EQ_INT(V("91350100I000100Y43"), XF_USCC_CHAR);
    CHECK_EQ_INT(V("91350100O000100Y43"), XF_USCC_CHAR);
    CHECK_EQ_INT(V("91350100S000100Y43"), XF_USCC_CHAR);
    CHECK_EQ_INT(V("91350100V000100Y43"), XF_USCC_CHAR);
    CHECK_EQ_INT(V("91350100Z000100Y43"), XF_USCC_CHAR);
    CHECK_EQ_INT(V("91350100m000100y43"), XF_USCC_CHAR);
    CHECK_EQ_INT(V("91350100M000100Y4-"), XF_USCC_CHAR);
    CHECK_EQ_INT(V("91350100M000100Y4I"), XF_USCC_CHAR);
    CHECK_EQ_INT(xf_uscc_validate("91350100M000100Y4\0", 18), XF_USCC_CHAR);
    /* every byte in every place: one outside the alphabet is a bad
     * character, one inside only changes the check (the positions are
     * summed by a table of terms) */
    static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (int at = 0; at < 18; at++)
        for (int c = 0; c < 256; c++) {
            char s[19] = "91350100M000100Y43";
            s[at] = (char)c;
            int in = c != 0 && strchr(alphabet, c) != NULL;
            int rc = xf_uscc_validate(s, 18);
            if (in) CHECK(rc == XF_USCC_OK || rc == XF_USCC_CHECK);
            else CHECK_EQ_INT(rc, XF_USCC_CHAR);
            if (in) CHECK_EQ_INT(rc == XF_USCC_OK, at == 17 ? c == '3' : xf_uscc_check_char(s) == '3');
        }
    CHECK_EQ_INT(xf_uscc_check_char("91350100I000100Y4"), 0);
    CHECK_EQ_INT(xf_uscc_check_char(NULL), 0);
    /* wrong length */
    CHECK_EQ_INT(V(""), XF_USCC_LENGTH);
    CHECK_EQ_INT(V("91350100M000100Y4"), XF_USCC_LENGTH);
    CHECK_EQ_INT(V("91350100M000100Y433"), XF_USCC_LENGTH);
    CHECK_EQ_INT(V("91350100M000100Y4３"), XF_USCC_LENGTH);
    CHECK_EQ_INT(xf_uscc_validate(NULL, 0), XF_USCC_LENGTH);
    CHECK_EQ_INT(xf_uscc_validate("91350100M000100Y43", 17), XF_USCC_LENGTH);
    /* messages */
    for (int c = XF_USCC_OK; c <= XF_USCC_CHECK; c++) {
        CHECK(xf_uscc_error_en(c) && *xf_uscc_error_en(c));
        CHECK(xf_uscc_error_zh(c) && *xf_uscc_error_zh(c));
    }
    CHECK_EQ_STR(xf_uscc_error_zh(XF_USCC_CHECK), "校验码错误");
    CHECK(xf_uscc_error_en(99) != NULL);
    return CHECK_DONE();
}
