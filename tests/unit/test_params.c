/* test_params.c — longest region prefix whose period contains the day. */
#include <stdint.h>
#include "check.h"
#include "params.h"

int main(void) {
    /* day numbers: 2024-01-01 = 19723, 2025-01-01 = 20089 */
    const int64_t d2024 = 19723, d2025 = 20089;
    static xf_param_row rows[] = {
        {"", XF_DAY_OPEN_FROM, XF_DAY_OPEN_UNTIL, 3, 1},  /* 0: everywhere */
        {"51", XF_DAY_OPEN_FROM, 20088, 6, 1},            /* 1: 四川, until 2024-12-31 */
        {"51", 20089, XF_DAY_OPEN_UNTIL, 12, 1},          /* 2: 四川, from 2025-01-01 */
        {"5104", 19723, 20088, 0, 0},                     /* 3: 攀枝花, 2024 only, "none" */
        {"510411", 20089, 20453, 1, 1},                   /* 4: 仁和区, 2025 only */
    };
    xf_param p = {"months", 5, rows, 0, 0, 0};
    CHECK_EQ_INT(xf_param_pick(&p, "110105", d2025), 0);
    CHECK_EQ_INT(xf_param_pick(&p, "", d2025), 0);
    CHECK_EQ_INT(xf_param_pick(&p, NULL, d2025), 0);
    CHECK_EQ_INT(xf_param_pick(&p, "510104", d2024), 1);
    CHECK_EQ_INT(xf_param_pick(&p, "510104", d2025), 2);
    CHECK_EQ_INT(xf_param_pick(&p, "510104", d2025 - 1), 1);
    CHECK_EQ_INT(xf_param_pick(&p, "510402", d2024), 3);
    CHECK_EQ_INT(xf_param_pick(&p, "510402", d2024 - 1), 1);
    CHECK_EQ_INT(xf_param_pick(&p, "510402", d2025), 2);
    CHECK_EQ_INT(xf_param_pick(&p, "510411", d2025), 4);
    CHECK_EQ_INT(xf_param_pick(&p, "510411", 20453), 4);
    CHECK_EQ_INT(xf_param_pick(&p, "510411", 20454), 2);
    CHECK_EQ_INT(xf_param_pick(&p, "510411", d2024), 3);
    CHECK_EQ_INT(xf_param_pick(&p, "5", d2024), 0);  /* a shorter region than the prefix */

    /* no everywhere row: default, then nothing */
    xf_param q = {"q", 4, rows + 1, 1, 1, 99};
    CHECK_EQ_INT(xf_param_pick(&q, "430302", d2025), -1);
    CHECK_EQ_INT(xf_param_pick(&q, "510402", d2025), 1);
    q.has_default = 0;
    CHECK_EQ_INT(xf_param_pick(&q, "430302", d2025), -2);
    CHECK_EQ_INT(xf_param_pick(&q, "510402", INT64_MIN), 0);
    CHECK_EQ_INT(xf_param_pick(&q, "510402", INT64_MAX), 1);

    xf_param empty = {"e", 0, NULL, 1, 0, 0};
    CHECK_EQ_INT(xf_param_pick(&empty, "510402", d2025), -1);
    empty.has_default = 0;
    CHECK_EQ_INT(xf_param_pick(&empty, "510402", d2025), -2);
    CHECK_EQ_INT(xf_param_pick(NULL, "510402", d2025), -2);
    return CHECK_DONE();
}
