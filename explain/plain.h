/* plain.h — an expression of the rules in plain Chinese or English, for a
 * reviewer who does not read rule syntax.
 *
 * Generated from the checked syntax tree, never written per rule:
 *   p.fulfilled != none and p.fulfilled <= as_of
 *     → 已履行义务之日有记录，且不晚于评估日
 *     → the date the obligations were fulfilled is recorded, and is on or before the evaluation day
 * A column reads as its label (the field's note, as the explanation
 * resolves it; its name when it has none); lets, requirements, parameters
 * and enum labels keep their own names.
 */
#ifndef XF_PLAIN_H
#define XF_PLAIN_H

#include "xiufu.h"

/* A column's label in Chinese (公示日期), or NULL: its name is shown. */
typedef const char *(*xf_plain_label_fn)(void *ctx, const xf_decl *record, const xf_field_decl *field);

/* e in plain language (en: English, else Chinese), malloc'd; NULL out of
 * memory.  *unknown (when given) counts the nodes it had no words for (a
 * kind or operator it does not know), written in rule syntax instead. */
char *xf_plain(xf_compile *c, const xf_expr *e, int en, xf_plain_label_fn label, void *ctx, int *unknown);

/* Whether e is compound enough that its rule syntax says more than its
 * plain words (a literal or a name does not). */
int xf_plain_compound(const xf_expr *e);

#endif
