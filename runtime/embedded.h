/* embedded.h — files compiled into the binary (see cmake/embed.cmake). */
#ifndef XF_EMBEDDED_H
#define XF_EMBEDDED_H
#include <stddef.h>
extern const char   xf_embed_records_sql[];   /* runtime/records.sql */
extern const size_t xf_embed_records_sql_len;
extern const char   xf_embed_schema_xf[];     /* policies/schema.xf */
extern const size_t xf_embed_schema_xf_len;
#endif
