/* arena.h — one arena per compilation: AST, symbols, types and lowered
 * tables are allocated here and freed together by xf_arena_free. */
#ifndef XF_ARENA_H
#define XF_ARENA_H
#include <stddef.h>

typedef struct xf_arena_block xf_arena_block;
typedef struct xf_arena { xf_arena_block *head; } xf_arena;

void *xf_arena_alloc(xf_arena *a, size_t n);             /* zeroed; NULL on out of memory */
char *xf_arena_strndup(xf_arena *a, const char *s, size_t n);
char *xf_arena_strdup(xf_arena *a, const char *s);
char *xf_arena_printf(xf_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void  xf_arena_free(xf_arena *a);

#endif
