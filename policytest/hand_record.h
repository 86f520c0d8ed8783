/* hand_record.h — one record and its related rows typed by hand (`xiufu
 * eval`), as JSON or as TABLE.COLUMN=VALUE pairs, turned into the source of
 * a `test` block: the checker then types every value against its field
 * (compiler/check_tests.c) and test_records.c writes the rows, with the
 * defaults a test gets for what it leaves out.
 *
 * JSON: an object whose members are tables, each an object (one row) or
 * an array of objects; "entity" is the entity the others belong to.
 *   {"entity": {"region": "510402"},
 *    "penalty": {"measures": ["罚款"], "fine_yuan": 80000, "published": "2026-01-10"}}
 * Pairs: TABLE.COLUMN=VALUE, or TABLE[N].COLUMN=VALUE for the N-th row of a
 * table (from 1).  Values are written as in a test: dates YYYY-MM-DD, money
 * in yuan (80000 or 80000元), sets comma-separated, labels by name, none.
 * The first row of the first table that is not "entity" is the record
 * decided.
 */
#ifndef XF_HAND_RECORD_H
#define XF_HAND_RECORD_H

#include "json_in.h"
#include "xiufu.h"

/* The name of the test block the text holds. */
#define XF_HAND_TEST "手写记录"

/* The text of a module holding one test block with the rows, for a
 * compilation whose record types are those of schema (checked).  NULL with
 * *err (malloc'd, Chinese or English) naming the table, row and column at
 * fault. */
char *xf_hand_text_json(const xf_compile *schema, const xf_json *j, int en, char **err);
char *xf_hand_text_pairs(const xf_compile *schema, char *const *pairs, int n, int en, char **err);

#endif
