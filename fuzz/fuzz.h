/* fuzz.h — the entry points the fuzz targets and the replay share.
 *
 * Each takes one input (arbitrary bytes: a policy source, an output file,
 * a pack) and runs the part of xiufu that reads it.  They return normally for every input; a
 * crash, hang or sanitizer report is the finding.  The libFuzzer wrappers
 * (LLVMFuzzerTestOneInput) are compiled only with XF_FUZZ_LIBFUZZER, so
 * fuzz/replay.c can link both entry points into one ordinary program.
 */
#ifndef XF_FUZZ_H
#define XF_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* bytes → xf_compile_add_text (scanner + parser, tokens dumped). */
void xf_fuzz_parse(const uint8_t *data, size_t size);

/* schema + bytes → xf_check; when clean, xf_table_specs, xf_lower of every
 * policy and xf_interp_check of every step program.  No JIT.  Returns the
 * number of policies lowered (the replay reports it: how deep inputs go). */
int xf_fuzz_check_lower(const uint8_t *data, size_t size);

/* bytes, a whole output file → xf_ex_open, the queries explain makes,
 * text and HTML rendering.  Returns the number of explanations rendered. */
int xf_fuzz_explain(const uint8_t *data, size_t size);

/* bytes, a whole pack file → xf_pack_inspect as is and resealed with a
 * matching trailer; never loaded.  Returns 1 when the resealed file passed
 * inspection (it reached the pack header). */
int xf_fuzz_pack(const uint8_t *data, size_t size);

#endif
