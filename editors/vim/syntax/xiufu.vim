" Vim syntax file for xiufu policy files (.xf).  Keywords as grammar/lexer.l
" knows them (tests/editors checks that none is missing).
if exists("b:current_syntax")
  finish
endif

syn keyword xiufuDeclaration module use enum record table key column param default region policy override extend document test notice ledger statistics
syn keyword xiufuBasis basis effective supersedes lenient
syn keyword xiufuItem let except else require required output decide otherwise set overrides before after instead expect on by as
syn keyword xiufuControl for where when from until if then of in
syn keyword xiufuOperatorWord and or not within meets exists count all satisfy min max
syn keyword xiufuUnit day days month months year years working
syn keyword xiufuConstant true false none as_of
syn keyword xiufuOutcome auto_repair can_apply not_yet not_repairable not_published expired refer deregister_guidance out_of_scope

" a date after numbers: of two matches at one place the later wins
syn match xiufuNumber "\d\+\(\.\d\+\)\?\(万元\|元\|个月\|年\|个工作日\|工作日\|日\|天\)\="
syn match xiufuDate "\<\d\{4}-\d\{2}-\d\{2}\>"
syn match xiufuOperator "==\|!=\|<=\|>=\|??\|[<>=+\-*?]"
" a one-line text first: of two items starting at one place the later wins, so """ opens a long text
syn region xiufuString start=+"+ skip=+\\.+ end=+"\|$+
syn region xiufuText start=+"""+ end=+"""+ contains=xiufuPlaceholder
syn match xiufuPlaceholder "{[^{}]*}" contained
syn match xiufuComment "#.*$" contains=@Spell

hi def link xiufuDeclaration Structure
hi def link xiufuBasis PreProc
hi def link xiufuItem Keyword
hi def link xiufuControl Conditional
hi def link xiufuOperatorWord Operator
hi def link xiufuUnit Type
hi def link xiufuConstant Constant
hi def link xiufuOutcome Constant
hi def link xiufuDate Number
hi def link xiufuNumber Number
hi def link xiufuOperator Operator
hi def link xiufuText String
hi def link xiufuPlaceholder Identifier
hi def link xiufuString String
hi def link xiufuComment Comment

let b:current_syntax = "xiufu"
