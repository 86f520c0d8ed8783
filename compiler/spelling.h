/* spelling.h — how an author probably meant to write what the parser or the
 * checker could not read: the keyword nearest a misspelled word, the keyword
 * a Chinese connective stands for, a unit cut from its number by a space,
 * and Chinese numerals and dates in the spelling the language reads.
 * Every function returns NULL when it has no suggestion. */
#ifndef XF_SPELLING_H
#define XF_SPELLING_H

#include <stdint.h>

#include "arena.h"

/* `requre` → "require": an ASCII word close to a keyword of the language. */
const char *xf_spell_keyword(const char *word);
/* `且` → "and", `或者` → "or", `等于` → "==". */
const char *xf_spell_connective(const char *word);
/* `个月` right after `6 ` in text → "6个月": the number and its unit joined. */
const char *xf_spell_unit_after_number(xf_arena *a, const char *text, uint32_t start, const char *word);
/* `六个月` → "6个月", `五万元` → "5万元": a Chinese numeral with a unit. */
const char *xf_spell_numeral(xf_arena *a, const char *word);

#endif
