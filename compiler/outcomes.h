/* outcomes.h — the outcome codes of the contract (contract/README.md).
 * X(code, 中文, english). ORDER: xf_outcome */
#ifndef XF_OUTCOMES_H
#define XF_OUTCOMES_H

#define XF_OUTCOMES(X)                                                                   \
    X(auto_repair, "自动修复（免申即享）", "repaired automatically, without application") \
    X(can_apply, "可申请修复", "conditions met; the entity may apply")                      \
    X(not_yet, "暂不符合修复条件", "a condition is unmet")                                   \
    X(not_repairable, "不得提前修复", "excluded by law from early repair")                   \
    X(not_published, "不予公示", "not publicized at all")                                   \
    X(expired, "公示期满", "the publicity term is over")                                    \
    X(refer, "移交认定部门", "another authority decides")                                   \
    X(deregister_guidance, "指导注销", "guided to deregister")                              \
    X(out_of_scope, "不适用", "not governed by this policy")

typedef enum {
#define X(code, zh, en) XF_OUT_##code,
    XF_OUTCOMES(X)
#undef X
    XF_OUT__COUNT
} xf_outcome;

extern const char *const xf_outcome_code[XF_OUT__COUNT];
extern const char *const xf_outcome_zh[XF_OUT__COUNT];
extern const char *const xf_outcome_en[XF_OUT__COUNT];

#endif
