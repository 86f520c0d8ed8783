/* diag.h — diagnostics: sources, byte spans, and the sink they go to.
 *
 * Every stage reports through xf_diag() on the compile context; nothing in the
 * library prints or exits.  Locations are byte spans into a source; line and
 * column (in characters, so Chinese text counts one per character) are
 * computed only when a diagnostic is rendered.
 */
#ifndef XF_DIAG_H
#define XF_DIAG_H

#include <stdint.h>
#include <stdio.h>

typedef struct xf_span {
    int32_t  file;   /* index into the context's sources */
    uint32_t start;  /* byte offsets, end exclusive */
    uint32_t end;
} xf_span;

typedef enum { XF_SEV_ERROR, XF_SEV_WARNING, XF_SEV_NOTE } xf_severity;
typedef enum { XF_LANG_ZH, XF_LANG_EN } xf_lang;

/* X(code, severity, english, chinese): messages take only %s arguments, in
 * the same order in both languages.  ORDER: xf_diag_code */
#define XF_DIAGS(X)                                                                         \
    X(SYNTAX,         ERROR, "syntax error: %s", "语法错误：%s")                              \
    X(BAD_CHAR,       ERROR, "unexpected character '%s'", "无法识别的字符“%s”")                 \
    X(FULLWIDTH,      ERROR, "full-width '%s' in code; write '%s'", "代码中使用了全角“%s”；请写半角“%s”") \
    X(BAD_UTF8,       ERROR, "invalid UTF-8 in source", "源文件含无效的 UTF-8 字节")            \
    X(INVISIBLE,      ERROR, "invisible character %s in code; remove it", "代码中有不可见字符 %s；请删除")  \
    X(TOO_MANY,       NOTE,  "%s has more problems than shown; fix these first", "%s 还有更多问题未列出；请先修正以上问题") \
    X(TOO_DEEP,       ERROR, "expression nested more than %s levels deep; split it into lets", "表达式嵌套超过 %s 层；请拆分为多个 let") \
    X(NUL_IN_TEXT,    ERROR, "a NUL byte inside a text would cut it short; remove it", "文本中含 NUL 字节，文本会在此截断；请删除")  \
    X(BAD_DATE,       ERROR, "'%s' is not a valid date: malformed", "“%s”不是有效日期：格式错误") \
    X(BAD_DATE_DAY,   ERROR, "'%s' is not a valid date: no such day", "“%s”不是有效日期：日期不存在") \
    X(BAD_DATE_RANGE, ERROR, "'%s' is not a valid date: out of range", "“%s”不是有效日期：超出范围") \
    X(BAD_NUMBER,     ERROR, "number '%s' is out of range", "数字“%s”超出范围")                \
    X(BAD_MONEY,      ERROR, "amount '%s' is finer than a fen or out of range", "金额“%s”精度超过分或超出范围") \
    X(UNTERMINATED,   ERROR, "unterminated text literal", "文本字面量缺少结尾引号")             \
    X(UNKNOWN_NAME,   ERROR, "unknown name '%s'", "未知名称“%s”")                                 \
    X(UNKNOWN_NAME_DYM, ERROR, "unknown name '%s'; did you mean '%s'?", "未知名称“%s”；是否应为“%s”？") \
    X(UNKNOWN_FIELD,  ERROR, "%s has no field '%s'", "%s 没有字段“%s”")                             \
    X(UNKNOWN_FIELD_DYM, ERROR, "%s has no field '%s'; did you mean '%s'?", "%s 没有字段“%s”；是否应为“%s”？") \
    X(UNKNOWN_LABEL,  ERROR, "'%s' is not a label of %s", "“%s”不是 %s 的标签")                     \
    X(UNKNOWN_LABEL_DYM, ERROR, "'%s' is not a label of %s; did you mean '%s'?", "“%s”不是 %s 的标签；是否应为“%s”？") \
    X(UNKNOWN_OUTCOME,ERROR, "unknown outcome '%s' (known: %s)", "未知的决定结果“%s”（可用：%s）")       \
    X(UNKNOWN_MODULE, ERROR, "unknown module '%s'", "未知模块“%s”")                                 \
    X(UNKNOWN_TYPE,   ERROR, "unknown type '%s'", "未知类型“%s”")                                   \
    X(UNKNOWN_FUNCTION, ERROR, "unknown function '%s'", "未知函数“%s”")                             \
    X(UNKNOWN_OUTPUT, ERROR, "'%s' is not a field of this policy; declare it with 'output %s = ...'", "“%s”不是本政策的输出字段；请先用“output %s = ...”声明") \
    X(AMBIGUOUS_LABEL,ERROR, "label '%s' belongs to several enums; compare it with a value to say which", "标签“%s”属于多个枚举，请与具体的值比较以确定所属枚举") \
    X(DUPLICATE,      ERROR, "'%s' is defined twice", "“%s”重复定义")                             \
    X(OUTPUT_RESERVED, ERROR, "output '%s' takes the name of a column every decision has; name it otherwise", "输出“%s”与每项决定都有的列同名；请另行命名") \
    X(TYPE_MISMATCH,  ERROR, "%s: expected %s, found %s", "%s：应为 %s，实际为 %s")             \
    X(BAD_OPERANDS,   ERROR, "operator '%s' cannot take %s and %s", "运算符“%s”不能用于 %s 与 %s") \
    X(OPTIONAL_USE,   ERROR, "'%s' may be absent (%s); check it first ('%s != none and ...') or give a default ('?? value')", "“%s”可能缺失（%s）；请先判断（“%s != none and ...”）或给出默认值（“?? 值”）") \
    X(CYCLE,          ERROR, "'%s' is defined in terms of itself: %s", "“%s”的定义循环引用自身：%s") \
    X(EXCEPTION_OVERLAP, ERROR, "exceptions of '%s' can apply at the same time (e.g. %s); make them exclusive or order them with 'else except'", "“%s”的例外可能同时适用（例如 %s）；请使其互斥，或用“else except”规定先后次序") \
    X(LADDER_GAP,     ERROR, "a record can fall through the decision ladder of '%s' without an outcome (e.g. %s); end it with an 'otherwise' step", "记录可能不经任何结果而落出“%s”的决定阶梯（例如 %s）；请以“otherwise”步骤结尾") \
    X(DEAD_STEP,      WARNING, "step '%s' can never decide: the 'otherwise' step '%s' before it decides every record left; remove it or move it before that step", "步骤“%s”永远不会生效：它前面的 otherwise 步骤“%s”已决定其余所有记录；请删除它，或移到该步骤之前") \
    X(NO_STEPS,       ERROR, "policy '%s' has no decision steps; write 'decide' and its steps, ending with an 'otherwise' step", "政策“%s”没有决定步骤；请写 decide 及其步骤，并以“otherwise”步骤结尾") \
    X(UNUSED_LET,     WARNING, "'%s' is never used and cites no basis; use it, remove it, or cite the law it states", "“%s”定义后从未使用，也没有法律依据；请使用或删除它，或写明它所依据的条款") \
    X(UNUSED_PARAM,   WARNING, "parameter '%s' is never used by a policy; use it or remove it", "参数“%s”没有被任何政策使用；请使用或删除它") \
    X(LET_TYPE,       ERROR, "'%s' is %s but its exceptions are %s; give it a value of their type%s", "“%s”的值为 %s，而其例外为 %s；请给出与例外同类型的值%s") \
    X(CHINESE_NUMERAL, ERROR, "'%s' is not a name: write numbers in digits, '%s'", "“%s”不是名称：数字请用阿拉伯数字书写，写作“%s”") \
    X(CHINESE_DATE,   ERROR, "write dates as YYYY-MM-DD: '%s' is '%s'", "日期请写作 YYYY-MM-DD：“%s”应写作“%s”") \
    X(NO_BASIS,       WARNING, "%s '%s' has no legal basis; add 'basis \"...\"'", "%s“%s”没有法律依据；请添加 basis \"...\"") \
    X(NO_BASIS_STEP,  WARNING, "step '%s' has no legal basis; add 'basis \"...\"'", "步骤“%s”没有法律依据；请添加 basis \"...\"") \
    X(PARAM_OVERLAP,  ERROR, "values of parameter '%s' overlap for region '%s' on %s", "参数“%s”在地区“%s”的取值于 %s 重叠") \
    X(BAD_ARGS,       ERROR, "'%s' takes %s argument(s), %s given", "“%s”需要 %s 个参数，实际给出 %s 个") \
    X(NOT_RELATION,   ERROR, "'%s' is not a list of related records", "“%s”不是相关记录的列表") \
    X(EFFECTIVE_ORDER,ERROR, "effective period ends (%s) before it starts (%s)", "生效期间的结束日（%s）早于开始日（%s）") \
    X(SET_TOO_BIG,    ERROR, "enum '%s' has more than 64 labels", "枚举“%s”的标签超过 64 个") \
    X(TOO_COMPLEX,    WARNING, "'%s' has too many conditions to prove %s; not checked", "“%s”的条件过多，无法证明%s；未检查") \
    X(PARAM_LITERAL,  ERROR, "a value of parameter '%s' must be a literal", "参数“%s”的取值必须是字面量") \
    X(PARAM_TYPE,     ERROR, "parameter '%s' cannot be of type %s", "参数“%s”不能是 %s 类型")        \
    X(OUTPUT_TYPE,    ERROR, "output '%s' cannot be of type %s; output the date it leads to", "输出“%s”不能是 %s 类型；请输出由它得出的日期") \
    X(EMPTY_FILE,     WARNING, "%s declares nothing", "%s 没有任何声明")                                  \
    X(TEST_NO_SUBJECT,ERROR, "test '%s' has no record to decide (only an entity)", "测试“%s”没有待决定的记录（只有主体）") \
    X(TEST_NO_EXPECT, WARNING, "test '%s' expects nothing", "测试“%s”没有任何预期") \
    X(NO_POLICY,      ERROR, "no policy in %s", "%s 中没有政策")                                   \
    X(IO,             ERROR, "cannot read %s: %s", "无法读取 %s：%s")                               \
    X(MODULE_CYCLE,   ERROR, "modules use each other in a cycle: %s", "模块循环引用：%s")                \
    X(AMBIGUOUS_NAME, ERROR, "'%s' is declared in both %s and %s", "“%s”同时在 %s 与 %s 中声明")          \
    X(UNKNOWN_POLICY, ERROR, "no policy named '%s' is visible here", "此处看不到名为“%s”的政策")           \
    X(UNKNOWN_POLICY_DYM, ERROR, "no policy named '%s' is visible here; did you mean '%s'?", "此处看不到名为“%s”的政策；是否应为“%s”？") \
    X(OVERRIDE_TYPE,  ERROR, "the override of '%s' changes its type from %s to %s", "对“%s”的覆盖改变了其类型：由 %s 变为 %s") \
    X(OVERRIDE_PARAM, ERROR, "'extend param %s' names no parameter visible here", "“extend param %s”所指的参数在此处不可见") \
    X(PERIOD_GAP,     ERROR, "'%s' ends on %s but '%s' starts on %s: the days between are governed by neither", "“%s”于 %s 结束，而“%s”于 %s 才开始：其间的日期无政策管辖") \
    X(PERIOD_OVERLAP, ERROR, "'%s' ends on %s but '%s' already starts on %s: both govern the days between", "“%s”于 %s 结束，而“%s”已于 %s 开始：其间的日期两者同时管辖") \
    X(PERIOD_MISSING, ERROR, "'%s' supersedes '%s', so both modules need effective periods ('effective from ... until ...')", "“%s”接替“%s”，两个模块都需要生效期间（effective from ... until ...）") \
    X(LENIENT_NO_OLDER, ERROR, "'lenient on' in '%s' needs an older regime: write 'supersedes' with the policy it follows", "“%s”的 lenient on 需要旧制度：用 supersedes 写明其接替的政策") \
    X(SUBJECT_DIFFERS,ERROR, "'%s' decides %s records but '%s' decides %s records", "“%s”决定 %s 记录，而“%s”决定 %s 记录") \
    X(UNKNOWN_STEP,   ERROR, "'%s' has no step named '%s'", "“%s”没有名为“%s”的步骤") \
    X(UNKNOWN_STEP_DYM, ERROR, "'%s' has no step named '%s'; did you mean '%s'?", "“%s”没有名为“%s”的步骤；是否应为“%s”？") \
    X(PLACEMENT_NOT_OVERRIDE, ERROR, "'%s' refers to the ladder of an overridden policy: only the steps of an override may use it", "“%s”指向被覆盖政策的决定阶梯，只能用于 override 的步骤") \
    X(OVERRIDES_NO_BASIS, ERROR, "step '%s' overrides '%s' without a basis of its own; add 'basis \"...\"'", "步骤“%s”覆盖“%s”，但没有自己的依据；请添加 basis \"...\"") \
    X(PREEMPTS,       ERROR, "%s comes before %s and can decide otherwise a record that step excludes (e.g. %s); %s", "%s排在%s之前，可能对该步骤排除的记录作出不同的决定（例如 %s）；%s") \
    X(POLICY_CONFLICT, WARNING, "'%s' and '%s' can decide the same record differently: %s (e.g. %s); make one an override of the other ('override ... as ...'), say which follows which ('supersedes'), or narrow a 'where' so that they do not meet", "“%s”与“%s”可能对同一记录作出不同的决定：%s（例如 %s）；请把其中一项写成另一项的覆盖政策（override … as …），或写明先后接替（supersedes），或收窄 where 使两者不重叠") \
    X(NOTE_DEFINED,   NOTE,  "'%s' is defined here", "“%s”在此定义")

typedef enum {
#define X(code, sev, en, zh) XF_D_##code,
    XF_DIAGS(X)
#undef X
    XF_D__COUNT
} xf_diag_code;

typedef struct xf_source {
    char    *path;   /* as given by the user */
    char    *text;   /* NUL-terminated copy */
    uint32_t len;
    int32_t  ndiag;  /* diagnostics reported in it (XF_MAX_DIAGS_PER_FILE are kept) */
} xf_source;

/* Diagnostics kept per file: past them a file is reported as having more,
 * which still fail the compilation. */
#define XF_MAX_DIAGS_PER_FILE 100

typedef struct xf_diagnostic {
    xf_severity  sev;
    xf_diag_code code;
    xf_span      span;
    char        *msg_en;   /* formatted */
    char        *msg_zh;
} xf_diagnostic;

/* The diagnostics of one compilation and the sources they point into.
 * Owned by the compile context; freed by xf_diags_free. */
typedef struct xf_diags {
    xf_source     *src;
    int32_t        nsrc, capsrc;
    xf_diagnostic *d;
    int32_t        n, cap;
    int32_t        errors, warnings;
} xf_diags;

int32_t xf_diags_add_source(xf_diags *ds, const char *path, const char *text, uint32_t len);
int     xf_diag(xf_diags *ds, xf_span span, xf_diag_code code, ...);  /* 1 when kept */
/* For a message whose %s arguments differ by language (at most four each). */
int     xf_diag_args(xf_diags *ds, xf_span span, xf_diag_code code, const char *const *en, const char *const *zh);
/* For a message with one %s whose text differs by language. */
void    xf_diag_lang(xf_diags *ds, xf_span span, xf_diag_code code, const char *en, const char *zh);
void    xf_diags_free(xf_diags *ds);
/* Sorted by file and position, each as `file:line:col: error: message`, the
 * source line and a caret line. */
void    xf_diags_print(const xf_diags *ds, FILE *f, xf_lang lang);
void    xf_diag_render(const xf_diags *ds, const xf_diagnostic *d, FILE *f, xf_lang lang);
/* 1-based line and column (in characters) of a byte offset. */
void    xf_source_linecol(const xf_source *s, uint32_t off, int *line, int *col);

#endif
