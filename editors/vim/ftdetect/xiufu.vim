" xiufu policy files
autocmd BufRead,BufNewFile *.xf setfiletype xiufu
