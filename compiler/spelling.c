/* spelling.c — suggestions for what an author typed the way one writes
 * Chinese prose rather than the way the language reads it (spelling.h). */
#include "spelling.h"

#include <string.h>

#include "check.h"

/* The keywords an author writes at the start of an item or inside a rule;
 * the short connectives (and, or, in, of ...) are left out: a two-letter
 * slip is more often a name. */
static const char *const keywords[] = {
    "module", "use", "basis", "effective", "from", "until", "enum", "record", "param", "default", "region",
    "policy", "where", "except", "else", "when", "require", "required", "output", "decide", "otherwise",
    "within", "meets", "none", "exists", "count", "satisfy", "override", "overrides", "before", "after",
    "instead", "extend", "supersedes", "lenient", "expect", "document", "months", "years", "working",
};

const char *xf_spell_keyword(const char *word) {
    size_t n = strlen(word);
    if (n < 3) return NULL;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)word[i] >= 0x80) return NULL;
    return xf_nearest(word, keywords, (int)(sizeof keywords / sizeof *keywords));
}

const char *xf_spell_connective(const char *word) {
    static const char *const map[][2] = {
        {"且", "and"}, {"并且", "and"}, {"而且", "and"}, {"和", "and"}, {"与", "and"}, {"及", "and"},
        {"或", "or"}, {"或者", "or"}, {"非", "not"}, {"不", "not"}, {"不是", "not"},
        {"等于", "=="}, {"属于", "in"}, {"为", "=="},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (!strcmp(map[i][0], word)) return map[i][1];
    return NULL;
}

static const char *const units[] = {"个工作日", "工作日", "个月", "万元", "元", "年", "日", "天"};

static const char *unit_of(const char *word) {
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if (!strcmp(word, units[i])) return units[i];
    return NULL;
}

const char *xf_spell_unit_after_number(xf_arena *a, const char *text, uint32_t start, const char *word) {
    const char *unit = unit_of(word);
    if (!unit) return NULL;
    uint32_t i = start;
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) i--;
    if (i == start) return NULL;
    uint32_t end = i;
    while (i > 0 && ((text[i - 1] >= '0' && text[i - 1] <= '9') || text[i - 1] == '.')) i--;
    if (i == end) return NULL;
    return xf_arena_printf(a, "%.*s%s", (int)(end - i), text + i, unit);
}

/* A Chinese numeral below 100000 (`六`, `十五`, `三十`, `两百`, `一万`); -1 if
 * the text is not one. */
static long numeral_value(const char *s, size_t n) {
    static const char *const digits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    static const struct { const char *ch; long scale; } scales[] = {{"十", 10}, {"百", 100}, {"千", 1000}, {"万", 10000}};
    long total = 0, digit = -1;
    size_t i = 0;
    if (n == 0) return -1;
    while (i < n) {
        int matched = 0;
        for (int d = 0; d < 10 && !matched; d++)
            if (!strncmp(s + i, digits[d], 3)) digit = d, matched = 1;
        if (!matched && !strncmp(s + i, "两", 3)) digit = 2, matched = 1;
        if (!matched && !strncmp(s + i, "〇", 3)) digit = 0, matched = 1;
        for (size_t k = 0; k < sizeof scales / sizeof *scales && !matched; k++)
            if (!strncmp(s + i, scales[k].ch, 3)) {
                total += (digit < 0 ? 1 : digit) * scales[k].scale;
                digit = -1, matched = 1;
            }
        if (!matched || i + 3 > n) return -1;
        i += 3;
    }
    return total + (digit < 0 ? 0 : digit);
}

const char *xf_spell_numeral(xf_arena *a, const char *word) {
    size_t n = strlen(word);
    for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
        size_t l = strlen(units[u]);
        if (n <= l || strcmp(word + n - l, units[u])) continue;
        long v = numeral_value(word, n - l);
        if (v < 0) continue;
        return xf_arena_printf(a, "%ld%s", v, units[u]);
    }
    return NULL;
}
