/* test_spelling.c — what the diagnostics suggest for prose-style spellings
 * (compiler/spelling.h): Chinese numerals with a unit, connectives, units
 * cut from their number, misspelled keywords. */
#include <stdlib.h>
#include "check.h"
#include "spelling.h"

int main(void) {
    xf_arena a = {0};
    /* Chinese numerals: digits, tens, hundreds, 两, 万; every unit the lexer reads */
    CHECK_EQ_STR(xf_spell_numeral(&a, "六个月"), "6个月");
    CHECK_EQ_STR(xf_spell_numeral(&a, "一年"), "1年");
    CHECK_EQ_STR(xf_spell_numeral(&a, "十五日"), "15日");
    CHECK_EQ_STR(xf_spell_numeral(&a, "三十个工作日"), "30个工作日");
    CHECK_EQ_STR(xf_spell_numeral(&a, "二十工作日"), "20工作日");
    CHECK_EQ_STR(xf_spell_numeral(&a, "两百元"), "200元");
    CHECK_EQ_STR(xf_spell_numeral(&a, "五万元"), "5万元");
    CHECK_EQ_STR(xf_spell_numeral(&a, "一百零五天"), "105天");
    /* names that only look like it */
    CHECK(xf_spell_numeral(&a, "最短公示期") == NULL);
    CHECK(xf_spell_numeral(&a, "个月") == NULL);
    CHECK(xf_spell_numeral(&a, "六个人") == NULL);
    CHECK(xf_spell_numeral(&a, "三年规划") == NULL);
    /* connectives */
    CHECK_EQ_STR(xf_spell_connective("且"), "and");
    CHECK_EQ_STR(xf_spell_connective("或者"), "or");
    CHECK_EQ_STR(xf_spell_connective("等于"), "==");
    CHECK(xf_spell_connective("食品") == NULL);
    /* a unit after a number and spaces; not after a name, not without a space */
    const char *text = "except 6 个月 when x; let y = 期 个月; z = 12  元";
    CHECK_EQ_STR(xf_spell_unit_after_number(&a, text, 9, "个月"), "6个月");
    CHECK(xf_spell_unit_after_number(&a, text, 36, "个月") == NULL);
    CHECK_EQ_STR(xf_spell_unit_after_number(&a, text, 52, "元"), "12元");
    CHECK(xf_spell_unit_after_number(&a, "6个月", 1, "个月") == NULL);
    /* keywords: near misses of three letters or more, ASCII only */
    CHECK_EQ_STR(xf_spell_keyword("requre"), "require");
    CHECK_EQ_STR(xf_spell_keyword("otherwse"), "otherwise");
    CHECK_EQ_STR(xf_spell_keyword("excpet"), "except");
    CHECK(xf_spell_keyword("已履行") == NULL);
    CHECK(xf_spell_keyword("ab") == NULL);
    CHECK(xf_spell_keyword("penalty") == NULL);
    xf_arena_free(&a);
    return CHECK_DONE();
}
