/* ir.c — building and dumping step programs (see ir.h for their meaning). */
#include "ir.h"
#include "oom.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

const char *const xf_op_name[XF_OP__COUNT] = {
#define X(name, doc) #name,
    XF_OPS(X)
#undef X
};

/* Helper names for the dump only; helpers.c owns the callable table. */
static const char *const xf_ir_helper_name[XF_H__COUNT] = {
#define X(name, doc) #name,
    XF_HELPERS(X)
#undef X
};

/* The name is copied so a prog built outside an arena owns everything that
 * xf_prog_free releases. */
xf_prog *xf_prog_new(const char *name, int32_t subject_table, int32_t nfields) {
    xf_prog *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    size_t n = name ? strlen(name) : 0;
    char *copy = malloc(n + 1);
    if (!copy) { free(p); return NULL; }
    if (n) memcpy(copy, name, n);
    copy[n] = '\0';
    p->name = copy;
    p->subject_table = subject_table;
    p->nfields = nfields;
    return p;
}

void xf_prog_free(xf_prog *p) {
    if (!p) return;
    free((char *)p->name);
    free(p->ins);
    free(p);
}

int32_t xf_prog_reg(xf_prog *p) {
    return p->nregs++;
}

/* Returns -1 when the array cannot grow; the prog is left unchanged. */
int32_t xf_prog_emit(xf_prog *p, xf_ins ins) {
    if (p->nins == p->cap) {
        int32_t cap = p->cap ? p->cap * 2 : 16;
        xf_ins *grown = realloc(p->ins, (size_t)cap * sizeof *grown);
        if (!grown) {
            xf_oom((size_t)cap * sizeof *grown);  /* lowering uses the index it returns */
            return -1;
        }
        p->ins = grown;
        p->cap = cap;
    }
    p->ins[p->nins] = ins;
    return p->nins++;
}

/* Registers print as rN; a negative operand reads as 0 and prints as "-". */
static void xf_ir_reg(FILE *f, int32_t r) {
    if (r < 0) fputs("-", f);
    else fprintf(f, "r%" PRId32, r);
}

static const char *xf_ir_helper(int64_t id) {
    return id >= 0 && id < XF_H__COUNT ? xf_ir_helper_name[id] : "?";
}

static void xf_ir_dump_operands(const xf_ins *in, FILE *f) {
    switch ((xf_op)in->op) {
    case XF_OP_CONST:
        fprintf(f, " = %" PRId64, in->imm); break;
    case XF_OP_SUBJ: case XF_OP_ENT: case XF_OP_ASOF:
        break;
    case XF_OP_TEXTLIT:
        fprintf(f, " = text[%" PRId64 "]", in->imm); break;
    case XF_OP_LOAD: case XF_OP_HAS:
        fprintf(f, " = t%" PRId32 ".c%" PRId32 "[", in->t, in->col);
        xf_ir_reg(f, in->a); fputs("]", f); break;
    case XF_OP_FIRST: case XF_OP_LAST: case XF_OP_ROWENT: case XF_OP_ROWID:
        fprintf(f, " = t%" PRId32 "[", in->t);
        xf_ir_reg(f, in->a); fputs("]", f); break;
    case XF_OP_MOV: case XF_OP_NOT: case XF_OP_BNOT: case XF_OP_SHL1:
        fputs(" = ", f); xf_ir_reg(f, in->a); break;
    case XF_OP_SELECT:
        fputs(" = ", f); xf_ir_reg(f, in->a); fputs(" ? ", f);
        xf_ir_reg(f, in->b); fputs(" : ", f); xf_ir_reg(f, in->c); break;
    case XF_OP_CALL:
        fprintf(f, " = %s(", xf_ir_helper(in->imm));
        xf_ir_reg(f, in->a); fputs(", ", f); xf_ir_reg(f, in->b); fputs(", ", f);
        xf_ir_reg(f, in->c); fputs(", ", f); xf_ir_reg(f, in->d); fputs(")", f); break;
    default: /* the two-operand arithmetic and comparisons */
        fputs(" = ", f); xf_ir_reg(f, in->a); fputs(", ", f); xf_ir_reg(f, in->b); break;
    }
}

static int xf_ir_has_dst(xf_op op) {
    switch (op) {
    case XF_OP_JMP: case XF_OP_BR: case XF_OP_OUTCOME: case XF_OP_FIELD:
    case XF_OP_REQ: case XF_OP_TRACE: case XF_OP_RET:
        return 0;
    default:
        return 1;
    }
}

static void xf_ir_dump_effect(const xf_ins *in, FILE *f) {
    switch ((xf_op)in->op) {
    case XF_OP_JMP:
        fprintf(f, " -> %" PRId64, in->imm); break;
    case XF_OP_BR:
        fputs(" ", f); xf_ir_reg(f, in->a);
        fprintf(f, " ? %" PRId64 " : %" PRId64, in->imm, in->imm2); break;
    case XF_OP_OUTCOME:
        fprintf(f, " outcome=%" PRId64 " step=%" PRId64, in->imm, in->imm2); break;
    case XF_OP_FIELD:
        fprintf(f, " f%" PRId64 " = ", in->imm); xf_ir_reg(f, in->a);
        fputs(" has ", f); xf_ir_reg(f, in->b); break;
    case XF_OP_REQ:
        fprintf(f, " bit %" PRId64 " if ", in->imm); xf_ir_reg(f, in->a); break;
    case XF_OP_TRACE:
        fprintf(f, " s%" PRId64 " = ", in->imm); xf_ir_reg(f, in->a);
        fputs(" has ", f); xf_ir_reg(f, in->b); break;
    default:
        break;
    }
}

static void xf_ir_dump_ins(const xf_ins *in, int32_t i, FILE *f) {
    const char *name = in->op < XF_OP__COUNT ? xf_op_name[in->op] : "?";
    /* Pad the name only when operands follow: no trailing blanks in goldens. */
    fprintf(f, in->op == XF_OP_RET ? "%5" PRId32 "  %s" : "%5" PRId32 "  %-8s", i, name);
    if (in->op < XF_OP__COUNT && xf_ir_has_dst((xf_op)in->op)) {
        fputs(" ", f);
        xf_ir_reg(f, in->dst);
        xf_ir_dump_operands(in, f);
    } else {
        xf_ir_dump_effect(in, f);
    }
    fputs("\n", f);
}

void xf_prog_dump(const xf_prog *p, FILE *f) {
    fprintf(f, "prog %s subject=t%" PRId32 " regs=%" PRId32 " fields=%" PRId32
               " trace=%" PRId32 " ins=%" PRId32 "\n",
            p->name ? p->name : "", p->subject_table, p->nregs, p->nfields, p->ntrace, p->nins);
    for (int32_t i = 0; i < p->nins; i++) xf_ir_dump_ins(&p->ins[i], i, f);
}
