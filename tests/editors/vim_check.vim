" Sourced by editors.test.sh with tests/editors/sample.xf open: the syntax group
" of each place that must be highlighted, written to $OUT ("FAIL: ..." lines).
let s:want = [[1, 'policy', 'xiufuDeclaration'], [2, 'let', 'xiufuItem'], [2, '3个月', 'xiufuNumber'],
      \ [2, 'basis', 'xiufuBasis'], [2, '"第一条"', 'xiufuString'], [2, '# 注释', 'xiufuComment'],
      \ [4, 'can_apply', 'xiufuOutcome'], [4, '2026-01-01', 'xiufuDate'], [4, 'required', 'xiufuItem']]
let s:out = ['filetype ' . &filetype]
if v:errmsg !=# ''
  call add(s:out, 'FAIL: ' . v:errmsg)
endif
for [l, text, group] in s:want
  let c = stridx(getline(l), text) + 1
  let got = synIDattr(synID(l, c, 1), 'name')
  if got !=# group
    call add(s:out, 'FAIL: line ' . l . ' ' . text . ': ' . got . ', want ' . group)
  endif
endfor
call writefile(s:out, $OUT)
