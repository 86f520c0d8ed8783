/* parser.y — grammar of the xiufu policy language (see docs/language.md).
 *
 * A file is a header (module, use, basis, effective) followed by
 * declarations (enum, record, param, policy).  Nothing depends on line
 * breaks: every item starts with a keyword, every decision step with its
 * outcome.  All nodes go into the arena, so no %destructor is needed.
 */
%define api.pure full
%locations
%define api.location.type {xf_span}
%define parse.error detailed
%define parse.lac full
%expect 0
%param {void *scanner}
%parse-param {struct xf_parse *px}

%code requires {
#include "ast.h"
#include "parse.h"
}

%code {
#include <string.h>

typedef struct xf_test_item {
    int            is_record;
    xf_test_record record;
    xf_test_expect expect;
} xf_test_item;

/* Append to an arena array of n items: its room is the next power of two,
 * so appending n items copies O(n), not O(n^2) (the arena frees nothing). */
#define APPEND_TO(arr, n, item)                                                        \
    do {                                                                               \
        if ((n) == 0 || ((n) & ((n) - 1)) == 0) {                                      \
            void *grown_ = xf_arena_alloc(px->arena, sizeof *(arr) * (size_t)((n) ? 2 * (n) : 1)); \
            if (!grown_) break;                                                        \
            if (n) memcpy(grown_, (arr), sizeof *(arr) * (size_t)(n));                 \
            (arr) = grown_;                                                            \
        }                                                                              \
        (arr)[(n)++] = (item);                                                         \
    } while (0)
#include "dates.h"
#include "lexer.h"
#include "spelling.h"

#define YYLLOC_DEFAULT(cur, rhs, n)                                   \
    do {                                                              \
        if (n) {                                                      \
            (cur).file = YYRHSLOC(rhs, 1).file;                       \
            (cur).start = YYRHSLOC(rhs, 1).start;                     \
            (cur).end = YYRHSLOC(rhs, n).end;                         \
        } else {                                                      \
            (cur).file = YYRHSLOC(rhs, 0).file;                       \
            (cur).start = (cur).end = YYRHSLOC(rhs, 0).end;           \
        }                                                             \
    } while (0)

#define yylex xf_lex_dumping
static int xf_lex_dumping(YYSTYPE *val, YYLTYPE *loc, void *scanner);
static void yyerror(xf_span *loc, void *scanner, struct xf_parse *px, const char *msg);
static void syntax_hint(struct xf_parse *px, const xf_span *loc, const char *msg, const char **en, const char **zh);
static xf_expr *mk(struct xf_parse *px, xf_expr_kind kind, xf_span sp);
static xf_expr *nest(struct xf_parse *px, xf_expr *e);
static xf_expr *mk_bin(struct xf_parse *px, int op, xf_expr *a, xf_expr *b, xf_span sp);
static xf_expr *mk_cmp(struct xf_parse *px, int op, xf_expr *a, xf_expr *b, xf_span sp);
static xf_expr *mk_agg(struct xf_parse *px, int op, const char *var, xf_span vsp, xf_expr *list,
                       xf_expr *filter, xf_expr *body, xf_span sp);
static void *copy_vec(struct xf_parse *px, xf_vec v, size_t size);
static xf_decl *mk_decl(struct xf_parse *px, xf_decl_kind kind, const char *name, xf_span sp);
static void add_decl(struct xf_parse *px, xf_decl *d);
static void policy_item(struct xf_parse *px, xf_decl *pol, int kind, void *item);
static void *make_step_time(struct xf_parse *px, xf_expr *from, xf_expr *until);
static xf_module *xf_parse_source_with(xf_arena *arena, xf_diags *diags, int32_t file, FILE *dump_tokens,
                                       xf_token_fn on_token, void *ctx);
}

%union {
    int64_t     i;
    char       *s;
    xf_expr    *e;
    xf_vec      vec;
    xf_typeref  tref;
    void       *p;
    xf_decl    *decl;
}

%token MODULE "module" USE "use" BASIS "basis" EFFECTIVE "effective" FROM "from" UNTIL "until"
%token ENUM "enum" RECORD "record" TABLE "table" KEY "key" COLUMN "column"
%token PARAM "param" DEFAULT "default" REGION "region"
%token POLICY "policy" FOR "for" WHERE "where" LET "let" EXCEPT "except" ELSE "else" WHEN "when"
%token REQUIRE "require" REQUIRED "required" OUTPUT "output" DECIDE "decide" OTHERWISE "otherwise"
%token SET "set" OF "of" AND "and" OR "or" NOT "not" IN "in" WITHIN "within" MEETS "meets"
%token NONE "none" EXISTS "exists" COUNT "count" ALL "all" SATISFY "satisfy" MIN "min" MAX "max"
%token IF "if" THEN "then" DAYS "days" MONTHS "months" YEARS "years" WORKING "working"
%token OVERRIDE "override" OVERRIDES "overrides" BEFORE "before" AFTER "after" INSTEAD "instead" AS "as" EXTEND "extend" SUPERSEDES "supersedes" LENIENT "lenient" ON "on"
%token TEST "test" EXPECT "expect"
%token DOCUMENT "document" BY "by" NOTICE "notice" LEDGER "ledger" STATISTICS "statistics"
%token EQ "==" NE "!=" LE "<=" GE ">=" COALESCE "??"
%token <s> NAME "name" TEXT "text"
%token <i> INT "integer" MONEY "amount" DATE "date" DURATION "duration" BOOL "true or false"

%type <e> expr primary literal duration agg where_opt where_agg step_cond
%type <s> qname basis_opt column_opt region_opt field_name
%type <vec> args args1 label_items names fields
%type <tref> typeref
%type <p> field except step step_body set_item step_time placement_opt
%type <vec> overrides_opt
%type <vec> excepts steps set_items test_records test_expects test_fields test_fields1 test_checks
%type <p> test_record test_expect test_field doc_column
%type <vec> doc_columns names_by
%type <decl> document_head
%type <s> total_opt
%type <decl> policy_head param_head override_head extend_head
%type <e> effective_on_opt lenient_on_opt
%type <s> supersedes_opt
%type <i> cmpop

%precedence LOW
%left OR
%left AND
%precedence NOTPREFIX
%precedence NOT
%left EQ NE '<' LE '>' GE IN WITHIN MEETS
%left COALESCE
%left '+' '-'
%left '*'
%precedence UMINUS

%%

file
    : header decls
    ;

header
    : %empty
    | header header_item
    ;

header_item
    : MODULE qname            { px->module->name = $2; px->module->span = @2; }
    | USE qname               { xf_vec v = {(void **)px->module->uses, px->module->nuses, px->module->nuses};
                                xf_vec_push(px->arena, &v, $2);
                                xf_span *sp = xf_arena_alloc(px->arena, sizeof *sp * (size_t)v.n);
                                if (sp) {
                                    if (px->module->nuses) memcpy(sp, px->module->use_spans, sizeof *sp * (size_t)px->module->nuses);
                                    sp[v.n - 1] = @2;
                                }
                                px->module->uses = (const char **)v.v; px->module->use_spans = sp; px->module->nuses = v.n; }
    | BASIS TEXT              { px->module->basis = $2; }
    | EFFECTIVE FROM DATE     { px->module->has_effective_from = 1; px->module->effective_from = $3;
                                px->module->effective_span = @$; }
    | EFFECTIVE FROM DATE UNTIL DATE
                              { px->module->has_effective_from = px->module->has_effective_until = 1;
                                px->module->effective_from = $3; px->module->effective_until = $5;
                                px->module->effective_span = @$; }
    ;

qname
    : NAME                    { $$ = $1; }
    | TEST                    { $$ = "test"; }  /* module test.x reads as a name */
    | qname '.' NAME          { $$ = xf_arena_printf(px->arena, "%s.%s", $1, $3); }
    ;

decls
    : %empty
    | decls decl
    ;

decl
    : ENUM NAME '{' names '}' { xf_decl *d = mk_decl(px, XF_D_ENUM, $2, @2);
                                d->nlabels = $4.n; d->labels = xf_arena_alloc(px->arena, sizeof *d->labels * (size_t)($4.n + 1));
                                for (int i = 0; i < $4.n; i++) d->labels[i] = *(xf_label *)$4.v[i];
                                add_decl(px, d); }
    | RECORD NAME TABLE TEXT KEY NAME '{' fields '}'
                              { xf_decl *d = mk_decl(px, XF_D_RECORD, $2, @2);
                                d->table = $4; d->key = $6; d->fields = copy_vec(px, $8, sizeof(xf_field_decl)); d->nfields = $8.n;
                                add_decl(px, d); }
    | RECORD NAME TABLE TEXT KEY NAME NAME NAME '{' fields '}'
                              { xf_decl *d = mk_decl(px, XF_D_RECORD, $2, @2);
                                if (strcmp($7, "entity")) xf_diag(px->diags, @7, XF_D_SYNTAX, "expected 'entity COLUMN' or '{'");
                                d->table = $4; d->key = $6; d->entity_col = $8;
                                d->fields = copy_vec(px, $10, sizeof(xf_field_decl)); d->nfields = $10.n;
                                add_decl(px, d); }
    | param_head param_rows   { add_decl(px, $1); }
    | extend_head param_rows  { add_decl(px, $1); }
    | override_head policy_items { add_decl(px, $1); }
    | TEST TEXT '{' test_records test_expects '}'
                              { xf_decl *d = mk_decl(px, XF_D_TEST, $2, @2);
                                for (int i = 0; i < $4.n; i++) APPEND_TO(d->trecords, d->ntrecords, ((xf_test_item *)$4.v[i])->record);
                                for (int i = 0; i < $5.n; i++) APPEND_TO(d->texpects, d->ntexpects, ((xf_test_item *)$5.v[i])->expect);
                                add_decl(px, d); }
    | TEST error '}'          { }
    | policy_head policy_items { add_decl(px, $1); }
    | document_head NOTICE TEXT
                              { $1->doc_kind = XF_DOC_NOTICE;
                                $1->notice.expr = mk(px, XF_E_TEXT, @3); $1->notice.expr->name = $3;
                                add_decl(px, $1); }
    | document_head LEDGER '{' doc_columns '}'
                              { $1->doc_kind = XF_DOC_LEDGER;
                                $1->columns = copy_vec(px, $4, sizeof(xf_doc_column)); $1->ncolumns = $4.n;
                                add_decl(px, $1); }
    | document_head STATISTICS BY args1 '{' doc_columns '}' total_opt
                              { $1->doc_kind = XF_DOC_STATISTICS;
                                $1->keys = xf_arena_alloc(px->arena, sizeof *$1->keys * (size_t)($4.n + 1));
                                for (int i = 0; $1->keys && i < $4.n; i++) $1->keys[i].expr = $4.v[i];
                                $1->nkeys = $1->keys ? $4.n : 0;
                                $1->columns = copy_vec(px, $6, sizeof(xf_doc_column)); $1->ncolumns = $6.n;
                                $1->total = $8;
                                add_decl(px, $1); }
    | document_head error '}' { }  /* an error in a ledger's or a table's columns */
    | ENUM error '}'          { }
    | RECORD error '}'        { }
    ;

/* document NAME for VAR: RECORD by POLICY, ... [where CONDITION] */
document_head
    : DOCUMENT NAME FOR NAME ':' NAME BY names_by where_opt
                              { $$ = mk_decl(px, XF_D_DOCUMENT, $2, @2);
                                $$->var = $4; $$->var_span = @4; $$->subject = $6; $$->subject_span = @6;
                                $$->nby = $8.n; $$->by = xf_arena_alloc(px->arena, sizeof *$$->by * (size_t)($8.n + 1));
                                $$->by_spans = xf_arena_alloc(px->arena, sizeof *$$->by_spans * (size_t)($8.n + 1));
                                for (int i = 0; $$->by && $$->by_spans && i < $8.n; i++) {
                                    xf_label *l = $8.v[i];
                                    $$->by[i] = l->name; $$->by_spans[i] = l->span;
                                }
                                if (!$$->by || !$$->by_spans) $$->nby = 0;
                                $$->where = $9; }
    ;

names_by
    : NAME                    { $$ = (xf_vec){0}; xf_label *l = xf_arena_alloc(px->arena, sizeof *l);
                                if (l) { l->name = $1; l->span = @1; xf_vec_push(px->arena, &$$, l); } }
    | names_by ',' NAME       { $$ = $1; xf_label *l = xf_arena_alloc(px->arena, sizeof *l);
                                if (l) { l->name = $3; l->span = @3; xf_vec_push(px->arena, &$$, l); } }
    ;

/* columns of a ledger or a statistics table, in the form's order; the
 * header is a name or, where the form's header is no name ("区直/驻区部门"),
 * a text; commas between columns are optional.  A value is a primary (a
 * field path, a name, a text): documents compute nothing, and `count` ends
 * the value where an aggregate would go on. */
doc_columns
    : %empty                  { $$ = (xf_vec){0}; }
    | doc_columns doc_column  { $$ = $1; xf_vec_push(px->arena, &$$, $2); }
    | doc_columns ','         { $$ = $1; }
    ;

doc_column
    : NAME ':' primary        { xf_doc_column *col = xf_arena_alloc(px->arena, sizeof *col);
                                if (col) { col->name = $1; col->span = @1; col->value.expr = $3; }
                                $$ = col; }
    | TEXT ':' primary        { xf_doc_column *col = xf_arena_alloc(px->arena, sizeof *col);
                                if (col) { col->name = $1; col->span = @1; col->value.expr = $3; }
                                $$ = col; }
    | NAME ':' COUNT          { xf_doc_column *col = xf_arena_alloc(px->arena, sizeof *col);
                                if (col) { col->name = $1; col->span = @1; col->value.expr = mk(px, XF_E_NAME, @3);
                                           col->value.expr->name = "count"; col->value.expr->name_span = @3; }
                                $$ = col; }
    | TEXT ':' COUNT          { xf_doc_column *col = xf_arena_alloc(px->arena, sizeof *col);
                                if (col) { col->name = $1; col->span = @1; col->value.expr = mk(px, XF_E_NAME, @3);
                                           col->value.expr->name = "count"; col->value.expr->name_span = @3; }
                                $$ = col; }
    ;

/* `total "合计"` after a statistics table: a last row with the total count */
total_opt
    : %empty                  { $$ = NULL; }
    | NAME TEXT               { if (strcmp($1, "total"))
                                    xf_diag_lang(px->diags, @1, XF_D_SYNTAX, "expected 'total \"...\"' after a statistics table",
                                                 "统计表之后应为 total \"...\"");
                                $$ = $2; }
    ;

names
    : NAME                    { $$ = (xf_vec){0}; xf_label *l = xf_arena_alloc(px->arena, sizeof *l);
                                if (l) { l->name = $1; l->span = @1; } xf_vec_push(px->arena, &$$, l); }
    | names ',' NAME          { $$ = $1; xf_label *l = xf_arena_alloc(px->arena, sizeof *l);
                                if (l) { l->name = $3; l->span = @3; } xf_vec_push(px->arena, &$$, l); }
    ;

fields
    : %empty                  { $$ = (xf_vec){0}; }
    | fields field            { $$ = $1; xf_vec_push(px->arena, &$$, $2); }
    ;

field_name
    : NAME                    { $$ = $1; }
    | REGION                  { $$ = "region"; }  /* a column may be called region */
    ;

field
    : field_name ':' typeref column_opt
                              { xf_field_decl *f = xf_arena_alloc(px->arena, sizeof *f);
                                if (f) { f->name = $1; f->span = @1; f->type = $3; f->column = $4 ? $4 : $1; }
                                $$ = f; }
    ;

column_opt
    : %empty                  { $$ = NULL; }
    | COLUMN TEXT             { $$ = $2; }
    ;

typeref
    : NAME                    { $$ = (xf_typeref){.name = $1, .span = @1}; }
    | NAME '?'                { $$ = (xf_typeref){.name = $1, .span = @1, .optional = 1}; }
    | SET OF NAME             { $$ = (xf_typeref){.name = $3, .span = @3, .is_set = 1}; }
    ;

param_head
    : PARAM NAME ':' typeref  { $$ = mk_decl(px, XF_D_PARAM, $2, @2); $$->ptype = $4; }
    ;

extend_head
    : EXTEND PARAM NAME       { $$ = mk_decl(px, XF_D_PARAM, $3, @3); $$->extends = 1; }
    ;

param_rows
    : %empty
    | param_rows param_row
    ;

param_row
    : region_opt FROM DATE '=' expr basis_opt
                              { xf_param_row_decl r = {.region = $1, .has_from = 1, .from = $3, .value = $5, .basis = $6, .span = @$};
                                policy_item(px, NULL, 'r', &r); }
    | region_opt FROM DATE UNTIL DATE '=' expr basis_opt
                              { xf_param_row_decl r = {.region = $1, .has_from = 1, .from = $3, .has_until = 1, .until = $5,
                                                       .value = $7, .basis = $8, .span = @$};
                                policy_item(px, NULL, 'r', &r); }
    | region_opt '=' expr basis_opt
                              { xf_param_row_decl r = {.region = $1, .value = $3, .basis = $4, .span = @$};
                                policy_item(px, NULL, 'r', &r); }
    | DEFAULT '=' expr basis_opt
                              { policy_item(px, NULL, 'd', $3); if (px->current) px->current->default_basis = $4; }
    ;

region_opt
    : %empty                  { $$ = NULL; }
    | REGION TEXT             { $$ = $2; }
    ;

policy_head
    : POLICY NAME FOR NAME ':' NAME supersedes_opt effective_on_opt lenient_on_opt where_opt
                              { $$ = mk_decl(px, XF_D_POLICY, $2, @2);
                                $$->var = $4; $$->var_span = @4; $$->subject = $6; $$->subject_span = @6;
                                $$->supersedes = $7; $$->supersedes_span = @7; $$->effective_on = $8;
                                $$->lenient_on = $9; $$->where = $10; }
    ;

supersedes_opt
    : %empty                  { $$ = NULL; }
    | SUPERSEDES NAME         { $$ = $2; }
    ;

effective_on_opt
    : %empty                  { $$ = NULL; }
    | EFFECTIVE ON primary    { $$ = $3; }  /* parenthesize anything larger */
    ;

lenient_on_opt
    : %empty                  { $$ = NULL; }
    | LENIENT ON primary      { $$ = $3; }
    ;

override_head
    : OVERRIDE NAME AS NAME where_opt
                              { $$ = mk_decl(px, XF_D_POLICY, $4, @4);
                                $$->overrides = $2; $$->overrides_span = @2; $$->override_where = $5; }
    ;

where_opt
    : %empty                  { $$ = NULL; }
    | WHERE expr              { $$ = $2; }
    ;

policy_items
    : %empty
    | policy_items policy_item
    ;

policy_item
    : LET NAME '=' expr basis_opt excepts
                              { xf_let l = {.name = $2, .span = @2, .value = $4, .basis = $5,
                                            .excepts = copy_vec(px, $6, sizeof(xf_except)), .nexcepts = $6.n};
                                policy_item(px, NULL, 'l', &l); }
    | REQUIRE NAME '=' expr basis_opt
                              { xf_require r = {.name = $2, .span = @2, .cond = $4, .basis = $5};
                                policy_item(px, NULL, 'q', &r); }
    | OUTPUT NAME '=' expr basis_opt
                              { xf_output o = {.name = $2, .span = @2, .value = $4, .basis = $5};
                                policy_item(px, NULL, 'o', &o); }
    /* a let, requirement or output whose value cannot be read still
     * defines its name, so the rules that use it are not blamed */
    | LET NAME error          { xf_let l = {.name = $2, .span = @2};
                                policy_item(px, NULL, 'l', &l); }
    | REQUIRE NAME error      { xf_require r = {.name = $2, .span = @2};
                                policy_item(px, NULL, 'q', &r); }
    | OUTPUT NAME error       { xf_output o = {.name = $2, .span = @2};
                                policy_item(px, NULL, 'o', &o); }
    | DECIDE placement_opt steps
                              { xf_step *pl = $2;
                                for (int i = 0; i < $3.n; i++) {
                                    xf_step *s = $3.v[i];
                                    if (s && pl) s->place = pl->place, s->anchor = pl->anchor, s->anchor_span = pl->anchor_span;
                                    policy_item(px, NULL, 's', s);
                                }
                                policy_item(px, NULL, 'D', &@1); }
    | error                   { }
    ;

excepts
    : %empty                  { $$ = (xf_vec){0}; }
    | excepts except          { $$ = $1; if ($2) xf_vec_push(px->arena, &$$, $2); }
    ;

except
    : EXCEPT expr WHEN expr basis_opt
                              { xf_except *x = xf_arena_alloc(px->arena, sizeof *x);
                                if (x) *x = (xf_except){.value = $2, .cond = $4, .basis = $5, .span = @$};
                                $$ = x; }
    | ELSE EXCEPT expr WHEN expr basis_opt
                              { xf_except *x = xf_arena_alloc(px->arena, sizeof *x);
                                if (x) *x = (xf_except){.value = $3, .cond = $5, .basis = $6, .span = @$, .ordered = 1};
                                $$ = x; }
    /* an exception that cannot be read is left out; its let keeps the rest */
    | EXCEPT error            { $$ = NULL; }
    | ELSE EXCEPT error       { $$ = NULL; }
    ;

steps
    : step                    { $$ = (xf_vec){0}; xf_vec_push(px->arena, &$$, $1); }
    | steps step              { $$ = $1; xf_vec_push(px->arena, &$$, $2); }
    ;

/* `decide before STEP` / `after STEP` / `instead of STEP`: where an
 * override's steps go in the ladder it overrides (only the place is kept) */
placement_opt
    : %empty                  { $$ = NULL; }
    | BEFORE NAME             { xf_step *s = xf_arena_alloc(px->arena, sizeof *s);
                                if (s) *s = (xf_step){.place = XF_PLACE_BEFORE, .anchor = $2, .anchor_span = @2};
                                $$ = s; }
    | AFTER NAME              { xf_step *s = xf_arena_alloc(px->arena, sizeof *s);
                                if (s) *s = (xf_step){.place = XF_PLACE_AFTER, .anchor = $2, .anchor_span = @2};
                                $$ = s; }
    | INSTEAD OF NAME         { xf_step *s = xf_arena_alloc(px->arena, sizeof *s);
                                if (s) *s = (xf_step){.place = XF_PLACE_INSTEAD, .anchor = $3, .anchor_span = @3};
                                $$ = s; }
    ;

/* a step may carry a name, `简易程序: not_published when ...`, for others to refer to */
step
    : NAME step_body          { xf_step *s = $2; if (s) s->outcome = $1, s->span = @1; $$ = s; }
    | NAME ':' NAME step_body { xf_step *s = $4;
                                if (s) s->outcome = $3, s->span = @3, s->name = $1, s->name_span = @1;
                                $$ = s; }
    ;

step_body
    : step_time step_cond set_items overrides_opt basis_opt
                              { xf_step *s = xf_arena_alloc(px->arena, sizeof *s);
                                xf_expr **t = $1;
                                if (s) *s = (xf_step){.from = t[0], .until = t[1], .when = $2, .otherwise = px->otherwise,
                                                      .basis = $5, .sets = copy_vec(px, $3, sizeof(xf_assign)), .nsets = $3.n,
                                                      .overrides = copy_vec(px, $4, sizeof(xf_label)), .noverrides = $4.n};
                                px->otherwise = 0;
                                $$ = s; }
    ;

overrides_opt
    : %empty                  { $$ = (xf_vec){0}; }
    | OVERRIDES names         { $$ = $2; }
    ;

step_cond
    : %empty                  { $$ = NULL; }
    | OTHERWISE               { $$ = NULL; px->otherwise = 1; }
    | WHEN expr               { $$ = $2; }
    ;

step_time
    : %empty                  { $$ = make_step_time(px, NULL, NULL); }
    | FROM expr               { $$ = make_step_time(px, $2, NULL); }
    | UNTIL expr              { $$ = make_step_time(px, NULL, $2); }
    ;

set_items
    : %empty                  { $$ = (xf_vec){0}; }
    | set_items set_item      { $$ = $1; xf_vec_push(px->arena, &$$, $2); }
    ;

set_item
    : SET NAME '=' expr       { xf_assign *a = xf_arena_alloc(px->arena, sizeof *a);
                                if (a) *a = (xf_assign){.name = $2, .span = @2, .value = $4};
                                $$ = a; }
    ;

/* records first, then the expectations: a name after an expectation is one of its checks */
test_records
    : %empty                  { $$ = (xf_vec){0}; }
    | test_records test_record { $$ = $1; xf_vec_push(px->arena, &$$, $2); }
    ;

test_expects
    : %empty                  { $$ = (xf_vec){0}; }
    | test_expects test_expect { $$ = $1; xf_vec_push(px->arena, &$$, $2); }
    ;

test_record
    : NAME '{' test_fields '}'
                              { xf_test_item *it = xf_arena_alloc(px->arena, sizeof *it);
                                if (it) { it->is_record = 1;
                                          it->record = (xf_test_record){.record = $1, .span = @1,
                                              .fields = copy_vec(px, $3, sizeof(xf_test_field)), .nfields = $3.n}; }
                                $$ = it; }
    ;

test_expect
    : ON DATE EXPECT NAME test_checks
                              { xf_test_item *it = xf_arena_alloc(px->arena, sizeof *it);
                                if (it) it->expect = (xf_test_expect){.day = $2, .span = @$, .outcome = $4, .outcome_span = @4,
                                              .checks = copy_vec(px, $5, sizeof(xf_test_field)), .nchecks = $5.n};
                                $$ = it; }
    | ON DATE EXPECT NONE test_checks
                              { xf_test_item *it = xf_arena_alloc(px->arena, sizeof *it);
                                if (it) it->expect = (xf_test_expect){.day = $2, .span = @$, .outcome = "none", .outcome_span = @4,
                                              .checks = copy_vec(px, $5, sizeof(xf_test_field)), .nchecks = $5.n};
                                $$ = it; }
    ;

test_fields
    : %empty                  { $$ = (xf_vec){0}; }
    | test_fields1            { $$ = $1; }
    | test_fields1 ','        { $$ = $1; }
    ;

test_fields1
    : test_field              { $$ = (xf_vec){0}; xf_vec_push(px->arena, &$$, $1); }
    | test_fields1 ',' test_field { $$ = $1; xf_vec_push(px->arena, &$$, $3); }
    ;

test_field
    : field_name ':' expr     { xf_test_field *f = xf_arena_alloc(px->arena, sizeof *f);
                                if (f) *f = (xf_test_field){.name = $1, .span = @1, .value = $3};
                                $$ = f; }
    ;

test_checks
    : %empty                  { $$ = (xf_vec){0}; }
    | test_checks NAME primary
                              { $$ = $1; xf_test_field *f = xf_arena_alloc(px->arena, sizeof *f);
                                if (f) *f = (xf_test_field){.name = $2, .span = @2, .value = $3};
                                xf_vec_push(px->arena, &$$, f); }
    ;

basis_opt
    : %empty                  { $$ = NULL; }
    | BASIS TEXT              { $$ = $2; }
    ;

expr
    : primary                 { $$ = $1; }
    | expr OR expr            { $$ = mk_bin(px, XF_EOP_OR, $1, $3, @$); }
    | expr AND expr           { $$ = mk_bin(px, XF_EOP_AND, $1, $3, @$); }
    | NOT expr %prec NOTPREFIX { $$ = mk(px, XF_E_UNARY, @$); $$->op = XF_EOP_NOT; $$->a = $2; $$ = nest(px, $$); }
    | expr cmpop expr %prec EQ { $$ = mk_cmp(px, (int)$2, $1, $3, @$); }
    | expr NOT IN expr %prec IN { $$ = mk_cmp(px, XF_EOP_NOTIN, $1, $4, @$); }
    | expr COALESCE expr      { $$ = mk_bin(px, XF_EOP_COALESCE, $1, $3, @$); }
    | expr '+' expr           { $$ = mk_bin(px, XF_EOP_ADD, $1, $3, @$); }
    | expr '-' expr           { $$ = mk_bin(px, XF_EOP_SUB, $1, $3, @$); }
    | expr '*' expr           { $$ = mk_bin(px, XF_EOP_MUL, $1, $3, @$); }
    | '-' expr %prec UMINUS   { $$ = mk(px, XF_E_UNARY, @$); $$->op = XF_EOP_NEG; $$->a = $2; $$ = nest(px, $$); }
    | agg                     { $$ = $1; }
    | IF expr THEN expr ELSE expr %prec LOW
                              { $$ = mk(px, XF_E_IF, @$); $$->a = $2; $$->b = $4; $$->c = $6; }
    ;

cmpop
    : EQ { $$ = XF_EOP_EQ; } | NE { $$ = XF_EOP_NE; } | '<' { $$ = XF_EOP_LT; } | LE { $$ = XF_EOP_LE; }
    | '>' { $$ = XF_EOP_GT; } | GE { $$ = XF_EOP_GE; } | IN { $$ = XF_EOP_IN; }
    | WITHIN { $$ = XF_EOP_WITHIN; } | MEETS { $$ = XF_EOP_MEETS; }
    ;

agg
    : EXISTS NAME IN primary where_agg %prec LOW
                              { $$ = mk_agg(px, XF_AGG_EXISTS, $2, @2, $4, $5, NULL, @$); }
    | COUNT NAME IN primary where_agg %prec LOW
                              { $$ = mk_agg(px, XF_AGG_COUNT, $2, @2, $4, $5, NULL, @$); }
    | ALL NAME IN primary where_agg SATISFY expr %prec LOW
                              { $$ = mk_agg(px, XF_AGG_ALL, $2, @2, $4, $5, $7, @$); }
    | MIN expr FOR NAME IN primary where_agg %prec LOW
                              { $$ = mk_agg(px, XF_AGG_MIN, $4, @4, $6, $7, $2, @$); }
    | MAX expr FOR NAME IN primary where_agg %prec LOW
                              { $$ = mk_agg(px, XF_AGG_MAX, $4, @4, $6, $7, $2, @$); }
    ;

where_agg
    : %empty %prec LOW        { $$ = NULL; }
    | WHERE expr %prec LOW    { $$ = $2; }
    ;

primary
    : literal                 { $$ = $1; }
    | NAME                    { $$ = mk(px, XF_E_NAME, @$); $$->name = $1; $$->name_span = @1; }
    | NAME '(' args ')'       { $$ = mk(px, XF_E_CALL, @$); $$->name = $1; $$->name_span = @1;
                                $$->args = (xf_expr **)$3.v; $$->nargs = $3.n; }
    | primary '.' NAME        { $$ = mk(px, XF_E_FIELD, @$); $$->a = $1; $$->name = $3; $$->name_span = @3; }
    | '(' expr ')'            { $$ = $2; $$->span = @$; }
    | '{' label_items '}'     { $$ = mk(px, XF_E_LABELS, @$); $$->args = (xf_expr **)$2.v; $$->nargs = $2.n; }
    | '{' '}'                 { $$ = mk(px, XF_E_LABELS, @$); }
    | ALL REQUIRED            { $$ = mk(px, XF_E_ALLREQ, @$); }
    ;

literal
    : INT                     { $$ = mk(px, XF_E_INT, @$); $$->ival = $1; }
    | MONEY                   { $$ = mk(px, XF_E_MONEY, @$); $$->ival = $1; }
    | DATE                    { $$ = mk(px, XF_E_DATE, @$); $$->ival = $1; }
    | TEXT                    { $$ = mk(px, XF_E_TEXT, @$); $$->name = $1; }
    | BOOL                    { $$ = mk(px, XF_E_BOOL, @$); $$->ival = $1; }
    | NONE                    { $$ = mk(px, XF_E_NONE, @$); }
    | duration                { $$ = $1; }
    ;

duration
    : DURATION                { $$ = mk(px, XF_E_DURATION, @$); $$->ival = $1; }
    | INT DAYS                { $$ = mk(px, XF_E_DURATION, @$); $$->ival = xf_dur_make($1, XF_DUR_DAYS); }
    | INT MONTHS              { $$ = mk(px, XF_E_DURATION, @$); $$->ival = xf_dur_make($1, XF_DUR_MONTHS); }
    | INT YEARS               { $$ = mk(px, XF_E_DURATION, @$); $$->ival = xf_dur_make($1 * 12, XF_DUR_MONTHS); }
    | INT WORKING DAYS        { $$ = mk(px, XF_E_DURATION, @$); $$->ival = xf_dur_make($1, XF_DUR_WORKDAYS); }
    ;

args
    : %empty                  { $$ = (xf_vec){0}; }
    | args1                   { $$ = $1; }
    ;

args1
    : expr                    { $$ = (xf_vec){0}; xf_vec_push(px->arena, &$$, $1); }
    | args1 ',' expr          { $$ = $1; xf_vec_push(px->arena, &$$, $3); }
    ;

label_items
    : primary                 { $$ = (xf_vec){0}; xf_vec_push(px->arena, &$$, $1); }
    | label_items ',' primary { $$ = $1; xf_vec_push(px->arena, &$$, $3); }
    ;

%%

/* The scanner, plus --dump=tokens: one line per token, `line:col NAME text`. */
static int xf_lex_dumping(YYSTYPE *val, YYLTYPE *loc, void *scanner) {
    int tok = xf_yylex(val, loc, scanner);
    struct xf_parse *px = xf_yyget_extra(scanner);
    if (px->on_token && tok != 0) px->on_token(px->token_ctx, tok, *loc);
    if (px->dump) {
        int line, col;
        const xf_source *src = &px->diags->src[loc->file];
        xf_source_linecol(src, loc->start, &line, &col);
        fprintf(px->dump, "%d:%d %s%s%.*s\n", line, col, yysymbol_name(YYTRANSLATE(tok)), loc->end > loc->start ? " " : "",
                (int)(loc->end - loc->start), src->text + loc->start);
    }
    return tok;
}

/* Bison's "unexpected X, expecting Y or Z" in Chinese: its connecting words
 * and the names of the token classes; keywords and marks stay as written. */
static char *syntax_zh(xf_arena *a, const char *m) {
    static const char *words[][2] = {
        {"unexpected ", "意外的 "}, {", expecting ", "，应为 "}, {" or ", " 或 "}, {"end of file", "文件结尾"},
        {"\"name\"", "名称"}, {"\"text\"", "文本"}, {"\"integer\"", "整数"}, {"\"amount\"", "金额"},
        {"\"date\"", "日期"}, {"\"duration\"", "期间"}, {"name", "名称"}, {"text", "文本"}, {"integer", "整数"},
        {"amount", "金额"}, {"date", "日期"}, {"duration", "期间"},
    };
    size_t cap = strlen(m) * 3 + 1, o = 0;
    char *out = xf_arena_alloc(a, cap);
    if (!out) return NULL;
    while (*m && o + 16 < cap) {
        size_t w = 0;
        for (size_t i = 0; i < sizeof words / sizeof words[0] && !w; i++) {
            size_t n = strlen(words[i][0]);
            if (!strncmp(m, words[i][0], n)) {
                size_t r = strlen(words[i][1]);
                if (o + r < cap) memcpy(out + o, words[i][1], r), o += r;
                w = n;
            }
        }
        if (w) m += w;
        else out[o++] = *m++;
    }
    out[o] = 0;
    return out;
}

static void yyerror(xf_span *loc, void *scanner, struct xf_parse *px, const char *msg) {
    (void)scanner;
    /* bison says "syntax error, unexpected X, expecting Y or Z" */
    const char *m = msg;
    if (!strcmp(m, "memory exhausted")) {  /* bison's stack: parentheses or prefixes nested beyond YYMAXDEPTH */
        char limit[16];
        snprintf(limit, sizeof limit, "%d", YYMAXDEPTH);
        if (px->module) px->module->too_deep = 1;
        xf_diag(px->diags, *loc, XF_D_TOO_DEEP, limit);
        return;
    }
    if (!strncmp(m, "syntax error, ", 14)) m += 14;
    if (px->module) px->module->syntax_errors++;
    const char *zh = syntax_zh(px->arena, m);
    if (!zh) zh = m;
    const char *hint_en = NULL, *hint_zh = NULL;
    syntax_hint(px, loc, m, &hint_en, &hint_zh);
    if (hint_en) {
        m = xf_arena_printf(px->arena, "%s; %s", m, hint_en);
        zh = xf_arena_printf(px->arena, "%s；%s", zh, hint_zh);
    }
    xf_diag_lang(px->diags, *loc, XF_D_SYNTAX, m, zh);
}

/* What the author probably meant by the token the parser could not take:
 * `=` for a comparison, a unit cut from its number by a space, a Chinese
 * connective, a misspelled keyword. */
static void syntax_hint(struct xf_parse *px, const xf_span *loc, const char *msg, const char **en, const char **zh) {
    const xf_source *src = &px->diags->src[loc->file];
    if (!strncmp(msg, "unexpected '='", 14)) {
        *en = "to compare, write '=='";
        *zh = "比较是否相等请写“==”";
        return;
    }
    if (strncmp(msg, "unexpected name", 15) || loc->end <= loc->start || loc->end > src->len) return;
    const char *word = xf_arena_strndup(px->arena, src->text + loc->start, loc->end - loc->start);
    const char *s;
    if ((s = xf_spell_unit_after_number(px->arena, src->text, loc->start, word))) {
        *en = xf_arena_printf(px->arena, "write the number and its unit without a space: '%s'", s);
        *zh = xf_arena_printf(px->arena, "数字与单位之间不能有空格：请写“%s”", s);
    } else if ((s = xf_spell_connective(word))) {
        *en = xf_arena_printf(px->arena, "write '%s' for '%s'", s, word);
        *zh = xf_arena_printf(px->arena, "“%s”请写作“%s”", word, s);
    } else if ((s = xf_spell_keyword(word))) {
        *en = xf_arena_printf(px->arena, "did you mean the keyword '%s'?", s);
        *zh = xf_arena_printf(px->arena, "是否应为关键字“%s”？", s);
    }
}

static xf_expr *mk(struct xf_parse *px, xf_expr_kind kind, xf_span sp) {
    static xf_expr dummy;  /* out of memory: keep parsing; the run fails on the diag count */
    xf_expr *e = xf_arena_alloc(px->arena, sizeof *e);
    if (!e) { memset(&dummy, 0, sizeof dummy); return &dummy; }
    e->kind = kind;
    e->span = sp;
    return e;
}

/* Depth of an operator over its operands.  The passes after parsing
 * recurse over expressions: one nested deeper than XF_MAX_EXPR_DEPTH is
 * reported once, and its module is not checked further. */
static xf_expr *nest(struct xf_parse *px, xf_expr *e) {
    int d = e->a ? e->a->depth : 0;
    if (e->b && e->b->depth > d) d = e->b->depth;
    e->depth = d + 1;
    if (e->depth == XF_MAX_EXPR_DEPTH + 1 && !px->module->too_deep) {
        px->module->too_deep = 1;
        char limit[16];
        snprintf(limit, sizeof limit, "%d", XF_MAX_EXPR_DEPTH);
        xf_diag(px->diags, e->span, XF_D_TOO_DEEP, limit);
    }
    return e;
}

static xf_expr *mk_bin(struct xf_parse *px, int op, xf_expr *a, xf_expr *b, xf_span sp) {
    xf_expr *e = mk(px, XF_E_BINARY, sp);
    e->op = op, e->a = a, e->b = b;
    return nest(px, e);
}

static int is_chainable(const xf_expr *e) {
    return e->kind == XF_E_BINARY && (e->op == XF_EOP_LT || e->op == XF_EOP_LE || e->op == XF_EOP_GT ||
                                      e->op == XF_EOP_GE || e->op == XF_EOP_EQ || e->op == XF_EOP_NE) &&
           e->span.start == e->a->span.start;  /* not parenthesized */
}

/* a < b <= c reads as a < b and b <= c, as a lawyer writes a date range. */
static xf_expr *mk_cmp(struct xf_parse *px, int op, xf_expr *a, xf_expr *b, xf_span sp) {
    if (op != XF_EOP_IN && op != XF_EOP_NOTIN && op != XF_EOP_WITHIN && op != XF_EOP_MEETS && is_chainable(a)) {
        xf_span right = {a->b->span.file, a->b->span.start, b->span.end};
        return mk_bin(px, XF_EOP_AND, a, mk_bin(px, op, a->b, b, right), sp);
    }
    return mk_bin(px, op, a, b, sp);
}

static xf_expr *mk_agg(struct xf_parse *px, int op, const char *var, xf_span vsp, xf_expr *list,
                       xf_expr *filter, xf_expr *body, xf_span sp) {
    xf_expr *e = mk(px, XF_E_AGG, sp);
    e->op = op, e->name = var, e->name_span = vsp, e->a = list, e->b = filter, e->c = body;
    return e;
}

void xf_vec_push(xf_arena *a, xf_vec *vec, void *item) {
    if (vec->n == vec->cap) {
        int cap = vec->cap ? vec->cap * 2 : 4;
        void **v = xf_arena_alloc(a, sizeof *v * (size_t)cap);
        if (!v) return;
        if (vec->n) memcpy(v, vec->v, sizeof *v * (size_t)vec->n);
        vec->v = v, vec->cap = cap;
    }
    vec->v[vec->n++] = item;
}

static void *copy_vec(struct xf_parse *px, xf_vec v, size_t size) {
    char *out = xf_arena_alloc(px->arena, size * (size_t)(v.n + 1));
    if (!out) return NULL;
    for (int i = 0; i < v.n; i++)
        if (v.v[i]) memcpy(out + size * (size_t)i, v.v[i], size);
    return out;
}

static void *make_step_time(struct xf_parse *px, xf_expr *from, xf_expr *until) {
    static xf_expr *none[2];
    xf_expr **t = xf_arena_alloc(px->arena, sizeof *t * 2);
    if (!t) return none;
    t[0] = from, t[1] = until;
    return t;
}

static xf_decl *mk_decl(struct xf_parse *px, xf_decl_kind kind, const char *name, xf_span sp) {
    xf_decl *d = xf_arena_alloc(px->arena, sizeof *d);
    static xf_decl dummy;
    if (!d) { memset(&dummy, 0, sizeof dummy); d = &dummy; }
    d->kind = kind, d->name = name, d->span = sp, d->module = px->module;
    d->table_index = -1;
    px->current = d;
    return d;
}

static void add_decl(struct xf_parse *px, xf_decl *d) {
    APPEND_TO(px->module->decls, px->module->ndecls, d);
    px->current = NULL;
}

#define APPEND(arr, n, item) APPEND_TO(arr, n, item)

/* Items are added to the declaration being parsed (px->current) as they
 * complete, so an error later in the declaration keeps what came before. */
static void policy_item(struct xf_parse *px, xf_decl *pol, int kind, void *item) {
    xf_decl *d = pol ? pol : px->current;
    if (!d) return;
    switch (kind) {
    case 'l': APPEND(d->lets, d->nlets, *(xf_let *)item); break;
    case 'q': APPEND(d->reqs, d->nreqs, *(xf_require *)item); break;
    case 'o': APPEND(d->outputs, d->noutputs, *(xf_output *)item); break;
    case 's': if (item) APPEND(d->steps, d->nsteps, *(xf_step *)item); break;
    case 'D': d->decide_span = *(xf_span *)item; break;
    case 'r': APPEND(d->rows, d->nrows, *(xf_param_row_decl *)item); break;
    case 'd': d->pdefault = item; break;
    }
}

xf_module *xf_parse_source(xf_arena *arena, xf_diags *diags, int32_t file, FILE *dump_tokens) {
    return xf_parse_source_with(arena, diags, file, dump_tokens, NULL, NULL);
}

xf_module *xf_parse_source_tokens(xf_arena *arena, xf_diags *diags, int32_t file, xf_token_fn on_token, void *ctx) {
    return xf_parse_source_with(arena, diags, file, NULL, on_token, ctx);
}

static xf_module *xf_parse_source_with(xf_arena *arena, xf_diags *diags, int32_t file, FILE *dump_tokens,
                                       xf_token_fn on_token, void *ctx) {
    xf_parse px = {.arena = arena, .diags = diags, .file = file, .dump = dump_tokens, .on_token = on_token, .token_ctx = ctx};
    px.module = xf_arena_alloc(arena, sizeof *px.module);
    if (!px.module) return NULL;
    const xf_source *src = &diags->src[file];
    px.module->path = src->path;
    px.module->span = (xf_span){file, 0, 0};
    px.module->source_text = src->text;
    yyscan_t scanner;
    if (xf_yylex_init_extra(&px, &scanner)) return NULL;
    YY_BUFFER_STATE buf = xf_yy_scan_bytes(src->text, (int)src->len, scanner);
    yyparse(scanner, &px);
    xf_yy_delete_buffer(buf, scanner);
    xf_yylex_destroy(scanner);
    return px.module;
}
