/* interp.h — the reference interpreter: the executable specification of a
 * step program (ir.h).  It takes the same arguments as a compiled policy
 * (xf_policy_fn in xf_abi.h) plus the prog, and must write exactly what the
 * LLVM backend's code writes for every subject row.
 *
 * Points ir.h leaves open, fixed here for both engines:
 *   - registers are 0 at the start of every subject row;
 *   - a negative register operand reads as 0, a negative dst discards;
 *   - arithmetic wraps (two's complement); SHL1 uses a & 63;
 *   - FIELD stores fhas = (b != 0); OUTCOME stores (int32_t)imm, (int32_t)imm2;
 *   - out->err[r] = (int32_t)err;
 *   - running past the last instruction, or jumping to index nins, is RET;
 *   - the stride of fval/fhas is p->nfields (out->nfields must equal it).
 */
#ifndef XF_INTERP_H
#define XF_INTERP_H

#include <stdint.h>
#include "ir.h"
#include "xf_abi.h"

/* Structural checks both engines rely on: register operands < nregs, jump
 * targets in 0..nins, helper ids and opcodes known, REQ bits and FIELD
 * indexes in range.  Returns 0, or -1 with *errmsg (malloc'd, caller frees;
 * may be NULL when out of memory) naming the instruction.  Table and column
 * numbers are checked by whoever binds the database, not here. */
int xf_interp_check(const xf_prog *p, char **errmsg);

/* Decide every subject row of entities [ent_begin, ent_end).  p must pass
 * xf_interp_check.  The register file is allocated per call; if that
 * allocation fails the rows are reset as usual and their decisions hold
 * out->err = XF_RT_NO_OUTCOME, so nothing reads as decided. */
void xf_interp_run(const xf_prog *p, const xf_ctx *ctx, int64_t ent_begin, int64_t ent_end,
                   xf_out *out);

#endif
