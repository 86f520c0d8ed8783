/* lookup.h — what the name under the cursor is, and where it is defined. */
#ifndef XF_LSP_LOOKUP_H
#define XF_LSP_LOOKUP_H

#include "lsp.h"

typedef enum {
    LT_NONE, LT_LET, LT_REQUIRE, LT_OUTPUT, LT_PARAM, LT_LABEL, LT_FIELD, LT_SUBJECT, LT_AGGVAR, LT_ASOF,
    LT_FUNCTION, LT_POLICY, LT_MODULE, LT_RECORD, LT_ENUM, LT_STEP, LT_DOCUMENT, LT_OUTCOME
} lsp_target_kind;

typedef struct lsp_target {
    lsp_target_kind  kind;
    xf_span          at;      /* the name under the cursor */
    const xf_decl   *policy;  /* LET, REQUIRE, OUTPUT, SUBJECT, STEP: the policy they belong to */
    const xf_decl   *decl;    /* PARAM, LABEL (enum), FIELD (record), POLICY, RECORD, ENUM, DOCUMENT */
    const xf_module *module;  /* MODULE */
    int              index;   /* LET, REQUIRE, OUTPUT, LABEL, FIELD, STEP */
    const xf_type   *type;    /* SUBJECT, AGGVAR: the expression's type when checked */
    xf_span          def;     /* AGGVAR: where it is bound */
    const char      *name;
} lsp_target;

/* The name at byte offset off of the analysed document; 0 when there is one. */
int lsp_lookup(const lsp_analysis *a, uint32_t off, lsp_target *t);
/* Where t is defined ({-1, 0, 0} when nowhere in a source: a function, as_of). */
xf_span lsp_definition(const lsp_analysis *a, const lsp_target *t);

#endif
