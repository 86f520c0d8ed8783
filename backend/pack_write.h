/* pack_write.h — policies compiled ahead of time into a pack (pack.h says
 * what a pack holds and how it is checked when read). */
#ifndef XF_PACK_WRITE_H
#define XF_PACK_WRITE_H

#include "aot.h"
#include "pack.h"

typedef struct xf_pack_build_opts {
    const char *name;       /* the pack's name */
    xf_aot_cpu  cpu;
    int         opt_level;  /* 0..3 */
    const char *cc;         /* the C compiler driver that links: "cc" */
    const xf_sign_key *sign;  /* sign the pack with this secret key (sign.h), or NULL */
    xf_lang     lang;       /* of the messages */
} xf_pack_build_opts;

/* Compile the checked policies of c into a pack at path (written to a
 * temporary file beside it, then renamed).  0, or -1 with *errmsg. */
int  xf_pack_write(xf_compile *c, const xf_pack_build_opts *o, const char *path, char **errmsg);

#endif
