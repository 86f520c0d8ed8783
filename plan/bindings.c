/* bindings.c — a bound policy set as bytes, and back (bound.h).
 *
 * The bytes, every integer little-endian, a string as its length (u32;
 * 0xFFFFFFFF for none) and its bytes:
 *
 *   "XFBIND1\0", the SHA-256 of the step set (its operations' names, each
 *   with its NUL, in their order)
 *   tables     u32 n; each: name, key, entity column, u32 columns; each:
 *              name, u8 kind, u8 optional, labels
 *   i32 the entity key's column
 *   texts      u32 n, strings
 *   params     u32 n; each: name, u32 rows (region, i64 from, i64 until,
 *              i64 value, u8 has), u8 has_default, u8 default_has,
 *              i64 default_value
 *   policies   u32 n; each: name, i32 table, when (4 × i64, 3 × u8),
 *              scope, its SQL (scope_sql.c), fields (u32 n; name, u8 kind, labels), step
 *              citations (u32 n, strings), the two programs, the traced
 *              one's slots (kind, name, value kind, labels, table, column,
 *              i32 index, file, i32 line, i32 col, source, basis)
 *   n × n relations (u8)
 *
 * where labels are u32 n and strings, and a program is name, i32
 * subject_table, nregs, nfields, ntrace, u32 instructions (u8 op, then 7
 * operands and 2 immediates as zigzag LEB128 varints: most are small or
 * -1, and instructions are most of the bytes).  Reading checks every length against what is
 * left and every index against what it indexes: a pack is signed and
 * checksummed, but its bytes are still not trusted to be well formed. */
#include "bound.h"

#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "strf.h"

#define XF_BINDINGS_MAGIC "XFBIND1"  /* 8 bytes with its NUL */
#define NONE_LEN 0xFFFFFFFFu

/* What the steps of the programs mean: another xiufu's numbering or set
 * of operations gives another hash. */
static void step_set_hash(uint8_t out[32]) {
    xf_sha256_ctx s;
    xf_sha256_init(&s);
    for (int i = 0; i < XF_OP__COUNT; i++) xf_sha256_update(&s, xf_op_name[i], strlen(xf_op_name[i]) + 1);
    xf_sha256_final(&s, out);
}

/* ---- writing ---- */

static void put_le(xf_strbuf *o, uint64_t v, int n) {
    char b[8];
    for (int i = 0; i < n; i++) b[i] = (char)(v >> (8 * i));
    xf_strbuf_put(o, b, (size_t)n);
}
static void put_u8(xf_strbuf *o, unsigned v) { put_le(o, v, 1); }
static void put_u32(xf_strbuf *o, uint32_t v) { put_le(o, v, 4); }
static void put_i32(xf_strbuf *o, int32_t v) { put_le(o, (uint32_t)v, 4); }
static void put_i64(xf_strbuf *o, int64_t v) { put_le(o, (uint64_t)v, 8); }
static void put_str(xf_strbuf *o, const char *s) {
    if (!s) return put_u32(o, NONE_LEN);
    size_t n = strlen(s);
    put_u32(o, (uint32_t)n);
    xf_strbuf_put(o, s, n);
}
static void put_var(xf_strbuf *o, int64_t v) {
    uint64_t z = ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
    char b[10];
    int n = 0;
    do {
        b[n] = (char)(z & 0x7f);
        z >>= 7;
        if (z) b[n] |= (char)0x80;
        n++;
    } while (z);
    xf_strbuf_put(o, b, (size_t)n);
}
static void put_labels(xf_strbuf *o, int n, const char *const *labels) {
    put_u32(o, (uint32_t)n);
    for (int i = 0; i < n; i++) put_str(o, labels[i]);
}

static void put_prog(xf_strbuf *o, const xf_prog *p) {
    put_str(o, p->name);
    put_i32(o, p->subject_table), put_i32(o, p->nregs), put_i32(o, p->nfields), put_i32(o, p->ntrace);
    put_u32(o, (uint32_t)p->nins);
    for (int32_t i = 0; i < p->nins; i++) {
        const xf_ins *in = &p->ins[i];
        put_u8(o, in->op);
        int32_t ops[7] = {in->dst, in->a, in->b, in->c, in->d, in->t, in->col};
        for (int k = 0; k < 7; k++) put_var(o, ops[k]);
        put_var(o, in->imm), put_var(o, in->imm2);
    }
}

static void put_meta(xf_strbuf *o, const xf_trace_meta *m) {
    put_str(o, m->kind), put_str(o, m->name), put_str(o, m->value_kind), put_str(o, m->labels);
    put_str(o, m->table), put_str(o, m->column), put_i32(o, m->index), put_str(o, m->file);
    put_i32(o, m->line), put_i32(o, m->col), put_str(o, m->source), put_str(o, m->basis);
}

static void put_policy(xf_strbuf *o, const xf_bound_policy *q) {
    put_str(o, q->name);
    put_i32(o, q->table);
    const xf_when *w = &q->when;
    put_i64(o, w->from), put_i64(o, w->until), put_i64(o, w->root_from), put_i64(o, w->root_until);
    put_u8(o, w->has_base), put_u8(o, w->effective_on), put_u8(o, w->root_effective_on);
    put_str(o, q->scope);
    put_str(o, q->scope_sql);
    put_u32(o, (uint32_t)q->nfields);
    for (int f = 0; f < q->nfields; f++) {
        put_str(o, q->fields[f].name);
        put_u8(o, q->fields[f].kind);
        put_labels(o, q->fields[f].nlabels, q->fields[f].labels);
    }
    put_labels(o, q->nsteps, q->step_basis);
    put_prog(o, q->prog[0]);
    put_prog(o, q->prog[1]);
    for (int k = 0; k < q->prog[1]->ntrace; k++) put_meta(o, &q->meta[k]);
}

void xf_bound_write(const xf_bound *b, xf_strbuf *o) {
    uint8_t steps[32];
    step_set_hash(steps);
    xf_strbuf_put(o, XF_BINDINGS_MAGIC, 8);
    xf_strbuf_put(o, (const char *)steps, 32);
    put_u32(o, (uint32_t)b->nspecs);
    for (int t = 0; t < b->nspecs; t++) {
        const xf_tablespec *s = &b->specs[t];
        put_str(o, s->table), put_str(o, s->key), put_str(o, s->entity_col);
        put_u32(o, (uint32_t)s->ncols);
        for (int k = 0; k < s->ncols; k++) {
            const xf_colspec *c = &s->cols[k];
            put_str(o, c->name);
            put_u8(o, c->kind), put_u8(o, (unsigned)c->optional);
            put_labels(o, c->nlabels, c->labels);
        }
    }
    put_i32(o, b->uscc_slot);
    put_labels(o, b->ntexts, b->texts);
    put_u32(o, (uint32_t)b->params.n);
    for (int i = 0; i < b->params.n; i++) {
        const xf_param *p = &b->params.p[i];
        put_str(o, p->name);
        put_u32(o, (uint32_t)p->nrows);
        for (int r = 0; r < p->nrows; r++) {
            const xf_param_row *row = &p->rows[r];
            put_str(o, row->region), put_i64(o, row->from), put_i64(o, row->until), put_i64(o, row->value);
            put_u8(o, row->has);
        }
        put_u8(o, p->has_default), put_u8(o, p->default_has), put_i64(o, p->default_value);
    }
    put_u32(o, (uint32_t)b->npol);
    for (int i = 0; i < b->npol; i++) put_policy(o, &b->pol[i]);
    xf_strbuf_put(o, (const char *)b->rel, (size_t)b->npol * (size_t)b->npol);
}

/* ---- reading ---- */

typedef struct rd {
    const uint8_t *p, *end;
    xf_arena      *a;
    const char    *why;  /* the first fault */
} rd;

static int bad(rd *r, const char *why) {
    if (!r->why) r->why = why;
    r->p = r->end;
    return 0;
}

static uint64_t get_le(rd *r, int n) {
    if (r->end - r->p < n) return bad(r, "cut short");
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) v = v << 8 | r->p[i];
    r->p += n;
    return v;
}
static int64_t get_var(rd *r) {
    uint64_t z = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        if (r->p == r->end) return bad(r, "cut short");
        uint8_t b = *r->p++;
        z |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) return (int64_t)(z >> 1) ^ -(int64_t)(z & 1);
    }
    return bad(r, "a number too long");
}
static int32_t get_var32(rd *r) {
    int64_t v = get_var(r);
    return v >= INT32_MIN && v <= INT32_MAX ? (int32_t)v : bad(r, "a number out of range");
}
static uint8_t get_u8(rd *r) { return (uint8_t)get_le(r, 1); }
static int32_t get_i32(rd *r) { return (int32_t)(uint32_t)get_le(r, 4); }
static int64_t get_i64(rd *r) { return (int64_t)get_le(r, 8); }

/* A count of items each at least min bytes long: never more than the bytes
 * left could hold, so that a bad count cannot ask for a huge allocation. */
static int get_count(rd *r, size_t min) {
    uint32_t n = (uint32_t)get_le(r, 4);
    if (n > (size_t)(r->end - r->p) / min || n > INT32_MAX / 2) return bad(r, "a count past the end");
    return (int)n;
}

static const char *get_str(rd *r) {
    uint32_t n = (uint32_t)get_le(r, 4);
    if (r->why || n == NONE_LEN) return NULL;
    if (n > (size_t)(r->end - r->p)) return bad(r, "a string past the end"), NULL;
    if (memchr(r->p, 0, n)) return bad(r, "a string with a NUL"), NULL;
    char *s = xf_arena_strndup(r->a, (const char *)r->p, n);
    if (!s) return bad(r, "out of memory"), NULL;
    r->p += n;
    return s;
}

static void *get_array(rd *r, int n, size_t size) {
    void *v = xf_arena_alloc(r->a, size * (size_t)(n + 1));
    if (!v) bad(r, "out of memory");
    return v;
}

static const char *const *get_labels(rd *r, int *n) {
    *n = get_count(r, 4);
    const char **v = get_array(r, *n, sizeof *v);
    for (int i = 0; v && i < *n; i++) v[i] = get_str(r);
    return v;
}

static int get_kind(rd *r) {
    int k = get_u8(r);
    return k <= XF_K_SET ? k : bad(r, "an unknown value kind");
}

static xf_prog *get_prog(rd *r, int nspecs) {
    const char *name = get_str(r);
    int32_t table = get_i32(r), nregs = get_i32(r), nfields = get_i32(r), ntrace = get_i32(r);
    int nins = get_count(r, 10);
    if (table < 0 || table >= nspecs || nregs < 0 || nfields < 0 || ntrace < 0) bad(r, "a program out of range");
    if (r->why) return NULL;
    xf_prog *p = xf_prog_new(name, table, nfields);
    if (!p) return bad(r, "out of memory"), NULL;
    p->nregs = nregs, p->ntrace = ntrace;
    for (int i = 0; i < nins && !r->why; i++) {
        xf_ins in = {.op = get_u8(r)};
        int32_t *ops[7] = {&in.dst, &in.a, &in.b, &in.c, &in.d, &in.t, &in.col};
        for (int k = 0; k < 7; k++) *ops[k] = get_var32(r);
        in.imm = get_var(r), in.imm2 = get_var(r);
        if (in.op >= XF_OP__COUNT) bad(r, "an unknown step");
        else if (xf_prog_emit(p, in) < 0) bad(r, "out of memory");
    }
    if (r->why) xf_prog_free(p), p = NULL;
    return p;
}

static void get_meta(rd *r, int slot, xf_trace_meta *m) {
    m->slot = slot;
    m->kind = get_str(r), m->name = get_str(r), m->value_kind = get_str(r), m->labels = get_str(r);
    m->table = get_str(r), m->column = get_str(r), m->index = get_i32(r), m->file = get_str(r);
    m->line = get_i32(r), m->col = get_i32(r), m->source = get_str(r), m->basis = get_str(r);
    if (!r->why && (!m->kind || !m->value_kind)) bad(r, "a trace slot without its kind");
}

static void get_policy(rd *r, int nspecs, xf_bound_policy *q) {
    q->name = get_str(r);
    q->table = get_i32(r);
    xf_when *w = &q->when;
    w->from = get_i64(r), w->until = get_i64(r), w->root_from = get_i64(r), w->root_until = get_i64(r);
    w->has_base = get_u8(r), w->effective_on = get_u8(r), w->root_effective_on = get_u8(r);
    q->scope = get_str(r);
    q->scope_sql = get_str(r);
    if (!q->name || q->table < 0 || q->table >= nspecs) bad(r, "a policy without a name or table");
    q->nfields = get_count(r, 9);
    xf_field *f = get_array(r, q->nfields, sizeof *f);
    for (int k = 0; f && k < q->nfields; k++) {
        f[k].name = get_str(r);
        f[k].kind = (xf_kind)get_kind(r);
        f[k].labels = get_labels(r, &f[k].nlabels);
    }
    q->fields = f;
    q->step_basis = get_labels(r, &q->nsteps);
    q->prog[0] = get_prog(r, nspecs);
    q->prog[1] = get_prog(r, nspecs);
    if (r->why) return;
    if (q->prog[0]->subject_table != q->table || q->prog[1]->subject_table != q->table ||
        q->prog[0]->nfields != q->nfields || q->prog[1]->nfields != q->nfields || q->prog[0]->ntrace)
        bad(r, "a program that is not its policy's");
    int nmeta = q->prog[1]->ntrace;
    if (nmeta > (r->end - r->p) / 32) bad(r, "a count past the end");
    xf_trace_meta *m = r->why ? NULL : get_array(r, nmeta, sizeof *m);
    for (int k = 0; m && k < nmeta; k++) get_meta(r, k, &m[k]);
    q->meta = m;
}

static void get_specs(rd *r, xf_bound *b) {
    b->nspecs = get_count(r, 16);
    b->specs = get_array(r, b->nspecs, sizeof *b->specs);
    for (int t = 0; b->specs && t < b->nspecs; t++) {
        xf_tablespec *s = &b->specs[t];
        s->table = get_str(r), s->key = get_str(r), s->entity_col = get_str(r);
        s->ncols = get_count(r, 10);
        xf_colspec *cols = get_array(r, s->ncols, sizeof *cols);
        for (int k = 0; cols && k < s->ncols; k++) {
            cols[k].name = get_str(r);
            cols[k].kind = (xf_kind)get_kind(r);
            cols[k].optional = get_u8(r);
            cols[k].labels = get_labels(r, &cols[k].nlabels);
        }
        s->cols = cols;
        if (!r->why && (!s->table || !s->entity_col)) bad(r, "a table without its name");
    }
    b->uscc_slot = get_i32(r);
    if (!r->why && (b->nspecs < 1 || b->uscc_slot < 0 || b->uscc_slot >= b->specs[0].ncols))
        bad(r, "no entity key");
}

static void get_params(rd *r, xf_bound *b) {
    b->params.n = get_count(r, 18);
    xf_param *ps = get_array(r, b->params.n, sizeof *ps);
    for (int i = 0; ps && i < b->params.n; i++) {
        ps[i].name = get_str(r);
        ps[i].nrows = get_count(r, 29);
        xf_param_row *rows = get_array(r, ps[i].nrows, sizeof *rows);
        for (int k = 0; rows && k < ps[i].nrows; k++) {
            rows[k].region = get_str(r);
            rows[k].from = get_i64(r), rows[k].until = get_i64(r), rows[k].value = get_i64(r);
            rows[k].has = get_u8(r);
            if (!r->why && !rows[k].region) bad(r, "a parameter row without its region");
        }
        ps[i].rows = rows;
        ps[i].has_default = get_u8(r), ps[i].default_has = get_u8(r), ps[i].default_value = get_i64(r);
    }
    b->params.p = ps;
}

int xf_bound_read(const uint8_t *data, size_t len, const xf_bound_source *src, int nsrc, xf_bound *b,
                  const char **why) {
    memset(b, 0, sizeof *b);
    rd r = {.p = data, .end = data + len, .a = &b->arena};
    uint8_t steps[32];
    step_set_hash(steps);
    if (len < 40 || memcmp(data, XF_BINDINGS_MAGIC, 8)) bad(&r, "not bindings of this version");
    else if (memcmp(data + 8, steps, 32)) bad(&r, "steps written in another xiufu's step set");
    else r.p += 40;
    get_specs(&r, b);
    int ntexts;
    b->texts = get_labels(&r, &ntexts);
    b->ntexts = ntexts;
    get_params(&r, b);
    int n = get_count(&r, 60);
    b->pol = r.why ? NULL : calloc((size_t)n + 1, sizeof *b->pol);
    if (!r.why && !b->pol) bad(&r, "out of memory");
    for (; b->pol && b->npol < n && !r.why; b->npol++) get_policy(&r, b->nspecs, &b->pol[b->npol]);
    if (!r.why && (size_t)(r.end - r.p) != (size_t)n * (size_t)n) bad(&r, "relations of another length");
    if (!r.why && !(b->rel = malloc((size_t)n * (size_t)n + 1))) bad(&r, "out of memory");
    for (int i = 0; !r.why && i < b->ntexts; i++)
        if (!b->texts[i]) bad(&r, "a text literal missing");
    if (r.why) {
        *why = r.why;
        xf_bound_free(b);
        return -1;
    }
    memcpy(b->rel, r.p, (size_t)n * (size_t)n);
    b->src = src, b->nsrc = nsrc;
    return 0;
}

/* ---- a pack's ---- */

int xf_bound_of_pack(const xf_pack *p, xf_bound *b, char **errmsg) {
    if (xf_pack_check_sources(p, errmsg) != 0) return -1;
    size_t len;
    const uint8_t *data = xf_pack_bindings(p, &len);
    const char *why = NULL;
    if (xf_bound_read(data, len, NULL, 0, b, &why) != 0)
        return xf_failf(errmsg, "%s: its bindings cannot be read (%s); rebuild the pack", xf_pack_path(p), why);
    uint32_t n = xf_pack_header_of(p)->nsources;
    xf_bound_source *src = xf_arena_alloc(&b->arena, sizeof *src * (n + 1));
    if (!src) {
        xf_bound_free(b);
        return xf_failf(errmsg, "%s: out of memory", xf_pack_path(p));
    }
    for (uint32_t i = 0; i < n; i++) src[i].text = xf_pack_source_text(p, i, &src[i].path, &src[i].len);
    b->src = src, b->nsrc = (int)n;
    return 0;
}

int xf_pack_verify(const xf_pack *p, char **errmsg) {
    if (errmsg) *errmsg = NULL;
    const char *path = xf_pack_path(p);
    xf_compile c;
    xf_compile_init(&c);
    xf_bound from_src = {0}, read = {0};
    xf_strbuf want = {0};
    int rc = xf_pack_compile(p, &c, errmsg);
    if (!rc && xf_bound_from_compile(&c, 1, &from_src) != 0) rc = xf_failf(errmsg, "%s: cannot bind its sources", path);
    if (!rc) xf_bound_write(&from_src, &want);
    size_t len;
    const uint8_t *have = xf_pack_bindings(p, &len);
    if (!rc && want.oom) rc = xf_failf(errmsg, "%s: out of memory", path);
    if (!rc && (want.n != len || memcmp(want.p, have, len)))
        rc = xf_failf(errmsg, "%s: its bindings are not what this xiufu binds its sources to (the pack was built by %s); "
                              "rebuild the pack", path, xf_pack_str(p, xf_pack_header_of(p)->compiler));
    if (!rc) rc = xf_bound_of_pack(p, &read, errmsg);
    if (!rc && (uint32_t)read.npol != xf_pack_header_of(p)->npolicies)
        rc = xf_failf(errmsg, "%s: its bindings have %d policies, its code %u", path, read.npol,
                      xf_pack_header_of(p)->npolicies);
    for (int i = 0; !rc && i < read.npol; i++)
        if (xf_pack_match(p, read.pol[i].prog[0], 0, errmsg) < 0 || xf_pack_match(p, read.pol[i].prog[1], 1, errmsg) < 0)
            rc = -1;
    xf_strbuf_free(&want);
    xf_bound_free(&read);
    xf_bound_free(&from_src);
    xf_compile_free(&c);
    return rc;
}
