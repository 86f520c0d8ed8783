/* classify.c — where items start in a file the parser accepted.
 *
 * The parser's tree keeps no token positions for most items, so the layout
 * reads the token stream with the grammar's landmarks: every item starts
 * with a keyword (let, require, except, on ...), a decision step with its
 * name or outcome right after a complete expression, a field or a column
 * with `NAME:` inside its block.  Depths follow docs/language.md's examples
 * and the shipped packs.
 */
#include <string.h>

#include "fmt_tokens.h"
#include "parse.h"
#include "parser.h"

enum { IN_HEADER, IN_POLICY, IN_OVERRIDE, IN_PARAM, IN_RECORD, IN_ENUM, IN_TEST, IN_DOCUMENT };

int fmt_ends_operand(int k) {
    switch (k) {
    case NAME: case TEXT: case INT: case MONEY: case DATE: case DURATION: case BOOL: case NONE:
    case ')': case '}': case OTHERWISE: case REQUIRED: case DAYS: case MONTHS: case YEARS:
        return 1;
    default:
        return 0;
    }
}

#define MAX_NEST 256

void fmt_classify(fmt_tok *t, int n) {
    int decl = IN_HEADER, parens = 0;
    int braces[MAX_NEST], nbraces = 0;  /* open '{' tokens */
    int block_items = 0;                /* the outermost block holds items */
    int policy_items = 0, where_seen = 0, in_decide = 0, param_value = 1;
    int prev = -1;  /* the kind of the token before, comments aside */
    for (int i = 0; i < n; i++) {
        fmt_tok *k = &t[i];
        k->item = k->in_block = k->match = -1;
        if (k->kind == XF_TOK_COMMENT) continue;
        int next = -1;
        for (int j = i + 1; j < n; j++)
            if (t[j].kind != XF_TOK_COMMENT) { next = t[j].kind; break; }
        int top = parens == 0 && nbraces == 0;
        int kind = k->kind;

        if (kind == '-') k->sign = !fmt_ends_operand(prev);
        if (kind == '(') k->call = prev == NAME;
        if (kind == '{') {
            k->brace = prev == NAME || prev == TEXT || prev == LEDGER || prev == ')' ? FMT_BRACE_BLOCK : FMT_BRACE_SET;
            if (nbraces < MAX_NEST) braces[nbraces] = i;
            nbraces++;
        } else if (kind == '}' && nbraces > 0) {
            nbraces--;
            int open = nbraces < MAX_NEST ? braces[nbraces] : -1;
            k->brace = open >= 0 ? t[open].brace : FMT_BRACE_SET;
            if (k->brace == FMT_BRACE_BLOCK) k->match = open;
            if (nbraces == 0) k->closes = block_items, block_items = 0;
        } else if (kind == '(') {
            parens++;
        } else if (kind == ')' && parens > 0) {
            parens--;
        }

        /* a new declaration */
        int starts_decl = top && (kind == MODULE || kind == USE || kind == ENUM || kind == RECORD || kind == OVERRIDE ||
                                  kind == POLICY || kind == DOCUMENT || kind == EXTEND ||
                                  (kind == PARAM && prev != EXTEND) || (kind == TEST && next == TEXT) ||
                                  (decl == IN_HEADER && (kind == BASIS || kind == EFFECTIVE)));
        if (starts_decl) {
            k->item = 0;
            switch (kind) {
            case ENUM: decl = IN_ENUM; break;
            case RECORD: decl = IN_RECORD; break;
            case POLICY: decl = IN_POLICY; break;
            case OVERRIDE: decl = IN_OVERRIDE; break;
            case DOCUMENT: decl = IN_DOCUMENT; break;
            case TEST: decl = IN_TEST; break;
            case PARAM: case EXTEND: decl = IN_PARAM; param_value = 1; break;
            default: break;
            }
            policy_items = where_seen = in_decide = 0;
            goto next_token;
        }

        int in_block1 = parens == 0 && nbraces == 1 && braces[0] != i && kind != '}';
        switch (decl) {
        case IN_POLICY:
        case IN_OVERRIDE:
            if (!top) break;
            if (kind == LET || kind == REQUIRE || kind == OUTPUT || kind == DECIDE) {
                k->item = 2;
                policy_items = 1;
                in_decide = kind == DECIDE;
            } else if (!policy_items && (kind == EFFECTIVE || kind == LENIENT)) {
                k->item = 2;
            } else if (!policy_items && kind == WHERE && !where_seen) {
                /* an override's scope reads with its head, `override A as B where ...`, or under it */
                k->item = decl == IN_OVERRIDE ? 4 : 2;
                k->may_follow = decl == IN_OVERRIDE;
                where_seen = 1;
            } else if (kind == EXCEPT && prev != ELSE) {
                k->item = 6;
            } else if (kind == ELSE && next == EXCEPT) {
                k->item = 6;
            } else if (in_decide && kind == NAME && (prev == DECIDE || fmt_ends_operand(prev))) {
                k->item = 4;
            }
            break;
        case IN_PARAM:
            if (!top) break;
            if (kind == REGION || kind == DEFAULT) {
                k->item = 2, param_value = 0;
            } else if ((kind == FROM || kind == '=') && param_value) {
                k->item = 2, param_value = kind == '=';
            } else if (kind == '=') {
                param_value = 1;
            }
            break;
        case IN_RECORD:
            if (in_block1 && (kind == NAME || kind == REGION) && next == ':' && prev != ':') k->in_block = braces[0];
            break;
        case IN_TEST:
            if (in_block1 && ((kind == NAME && next == '{') || kind == ON)) k->in_block = braces[0];
            break;
        case IN_DOCUMENT:
            if (top && kind == BY && prev != STATISTICS && !where_seen && !policy_items) k->item = 4;
            else if (top && kind == WHERE && !where_seen && !policy_items) k->item = 4, where_seen = 1;
            else if (top && (kind == NOTICE || kind == LEDGER || kind == STATISTICS)) k->item = 2, policy_items = 1;
            else if (in_block1 && (kind == NAME || kind == TEXT) && next == ':' && prev != ':') k->in_block = braces[0];
            break;
        default:
            break;
        }
        if (k->in_block >= 0) block_items = 1;
    next_token:
        prev = kind;
    }
}
