/* parse.h — source text in, one xf_module out (ast.h).
 *
 * The scanner (lexer.l) is reentrant and the parser (parser.y) pure; both
 * share this context.  Syntax errors go to the diagnostics sink and parsing
 * goes on at the next declaration or policy item, so one run reports several
 * errors.  The module is returned even when errors occurred (the checker
 * then reports what it can); it lives in the arena.
 */
#ifndef XF_PARSE_H
#define XF_PARSE_H

#include "arena.h"
#include "ast.h"
#include "diag.h"

/* Every token as scanned, comments included (kind XF_TOK_COMMENT), in source
 * order: what `xiufu fmt` lays out and the language server looks up beside
 * the tree.  Other kinds are the parser's token numbers (parser.h). */
#define XF_TOK_COMMENT (-1)
typedef void (*xf_token_fn)(void *ctx, int kind, xf_span span);

typedef struct xf_parse {
    xf_arena  *arena;
    xf_diags  *diags;
    int32_t    file;
    xf_module *module;
    uint32_t   offset;   /* scanner position in bytes */
    xf_decl   *current;  /* declaration being parsed: items join it as they complete */
    FILE      *dump;     /* --dump=tokens, or NULL */
    int        otherwise; /* the step being parsed wrote `otherwise` (xf_step.otherwise) */
    xf_token_fn on_token; /* or NULL */
    void      *token_ctx;
} xf_parse;

/* A growable array of pointers in the arena (grammar lists). */
typedef struct xf_vec { void **v; int n, cap; } xf_vec;
void xf_vec_push(xf_arena *a, xf_vec *vec, void *item);

xf_module *xf_parse_source(xf_arena *arena, xf_diags *diags, int32_t file, FILE *dump_tokens);
/* The same, handing every token to on_token as it is scanned. */
xf_module *xf_parse_source_tokens(xf_arena *arena, xf_diags *diags, int32_t file, xf_token_fn on_token, void *ctx);

#endif
