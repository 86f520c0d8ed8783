/* trace_codec.h — the stored form of one decision's trace.
 *
 * A trace is the values a decision saw, one per trace slot of its policy
 * (compiler/trace.h says what each slot is; the `trace_point` table of the
 * output stores that once per run).  Stored form, version 2:
 *
 *   0x02
 *   the slots' states, run-length coded: one byte per run of equal states,
 *     state << 6 | (length - 1), lengths 1..64; 0xFF ends them early (the
 *     slots after are not evaluated: 0)
 *   then, for every slot of state 2 in slot order, one varint u:
 *     u & 1 == 0: the value is zigzag(u >> 1)
 *     u & 1 == 1: the value is the base + zigzag(u >> 1), where the base is
 *                 the last value before it of magnitude 256 or more (0 at
 *                 first): the dates of a decision lie close together
 *     u == 2^63:  a value too wide for that, zigzag-coded in the next varint
 *   states: 0 not evaluated, 1 evaluated and absent, 2 evaluated with a value
 *
 * Version 1 (a gap varint, a state byte and a zigzag varint per evaluated
 * slot) is still read.
 */
#ifndef XF_TRACE_CODEC_H
#define XF_TRACE_CODEC_H

#include <stddef.h>
#include <stdint.h>

#define XF_TRACE_VERSION 2
#define XF_TRACE_END 0xFF

/* Bytes enough for n slots. */
static inline size_t xf_trace_bound(int n) { return 2 + (size_t)n * 21; }

/* Encode n slots into buf (at least xf_trace_bound(n) bytes); returns the length. */
size_t xf_trace_encode(const int64_t *val, const uint8_t *state, int n, uint8_t *buf);

/* Decode into val/state (n slots, zeroed first).  0, or -1 when the bytes are
 * not a trace of version 1 or 2 with at most n slots. */
int xf_trace_decode(const uint8_t *buf, size_t len, int n, int64_t *val, uint8_t *state);

/* The text of one traced value.  value_kind is a trace_point value_kind
 * (bool, int, money, date, text, enum, set, duration); labels the enum's
 * labels, comma-separated; text values are shown through text_of (may be
 * NULL: the id is shown).  Returns buf. */
const char *xf_trace_value_text(const char *value_kind, const char *labels, int64_t v,
                                const char *(*text_of)(void *ud, int64_t id), void *ud,
                                char *buf, size_t cap);

#endif
