/* trace_out.h — a run's traces on their way out: the per-policy description
 * of the slots (trace_point rows), the JSON form for --jsonl, and the texts
 * traced values refer to. */
#ifndef XF_TRACE_OUT_H
#define XF_TRACE_OUT_H

#include "output.h"
#include "texts.h"
#include "trace.h"
#include "xiufu.h"

/* One decision's trace as a JSON object {"name": value, ...}; returns buf. */
const char *xf_trace_json(const xf_trace_meta *m, int n, const int64_t *val, const uint8_t *state,
                          const xf_texts *texts, char *buf, size_t cap);

/* Text ids seen in traced text values, to store their texts once. */
typedef struct xf_text_set { uint8_t *seen; int64_t cap, n; int64_t *ids; } xf_text_set;
void xf_text_set_note(xf_text_set *s, const xf_trace_meta *m, int n, const int64_t *val, const uint8_t *state);
void xf_text_set_add(xf_text_set *s, int64_t id);  /* one text id (< 0: none) */
void xf_text_set_free(xf_text_set *s);

#endif
