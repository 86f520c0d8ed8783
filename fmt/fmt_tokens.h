/* fmt_tokens.h — the tokens fmt lays out, and what each one is to the layout. */
#ifndef XF_FMT_TOKENS_H
#define XF_FMT_TOKENS_H

#include <stdint.h>

enum { FMT_BRACE_NONE, FMT_BRACE_BLOCK, FMT_BRACE_SET };

typedef struct fmt_tok {
    int      kind;       /* the parser's token number, or XF_TOK_COMMENT */
    uint32_t start, end; /* bytes in the source */
    int      newlines;   /* line breaks in the source between it and the token before */
    int      col;        /* its column in the source (display width from the line's start) */
    int      item;       /* it starts an item at this indentation, or -1 */
    int      may_follow; /* the item may stay on the line before (an override's scope), else on its own at item */
    int      in_block;   /* it starts an item inside the block opened by this '{', or -1 */
    int      brace;      /* '{' and '}': FMT_BRACE_* */
    int      match;      /* a block's '}': its '{' */
    int      closes;     /* a block's '}' whose items went on lines of their own: it goes on one too */
    int      sign;       /* '-' read as a sign, written against its operand */
    int      call;       /* '(' of a call, written against the name */
} fmt_tok;

/* Decides item, in_block, brace, match, sign and call of every token of a
 * file the parser accepted. */
void fmt_classify(fmt_tok *t, int n);

/* A token after which an expression is complete: a name or a literal, a
 * closing bracket, `otherwise`, `all required`, a unit.  A name that follows
 * one starts something new (no two operands are ever written side by side). */
int fmt_ends_operand(int kind);

#endif
