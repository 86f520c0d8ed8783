/* test_bindings.c — a pack's bindings (plan/bound.h):
 *   - bound from the shipped national and Sichuan sources, written, read
 *     back and written again: the same bytes;
 *   - what was read answers as the declarations do: which policies are in
 *     effect on each day from 2019 to 2027, which may conflict;
 *   - every shorter prefix of the bytes, and single flipped bytes, are
 *     refused or read without a fault (the sanitizer build runs this too);
 *   - a pack written from the sources and opened as a run opens it yields
 *     the same bindings, and a plan with code for every policy in effect
 *     and no declaration: nothing was parsed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bound.h"
#include "check.h"
#include "dates.h"
#include "pack_write.h"
#include "packset.h"
#include "policyset.h"

static char *dir_path(const char *sub) {
    char *p = malloc(strlen(XF_SOURCE_DIR) + strlen(sub) + 2);
    sprintf(p, "%s/%s", XF_SOURCE_DIR, sub);
    return p;
}

static int same_bytes(const xf_strbuf *a, const xf_strbuf *b) { return a->n == b->n && !memcmp(a->p, b->p, a->n); }

static void round_trip(xf_compile *c, const xf_bound *b, const xf_strbuf *bytes) {
    xf_bound r;
    const char *why = NULL;
    CHECK(xf_bound_read((const uint8_t *)bytes->p, bytes->n, b->src, b->nsrc, &r, &why) == 0);
    if (why) fprintf(stderr, "read: %s\n", why);
    xf_strbuf again = {0};
    xf_bound_write(&r, &again);
    CHECK(same_bytes(bytes, &again));
    CHECK_EQ_INT(r.npol, c->npolicies);
    for (int i = 0; i < r.npol && i < c->npolicies; i++) {
        CHECK_EQ_STR(r.pol[i].name, c->policies[i]->name);
        CHECK(r.pol[i].decl == NULL);
        for (int64_t day = xf_day_from_ymd(2019, 1, 1); day < xf_day_from_ymd(2027, 12, 31); day += 7)
            if (xf_when_in_effect(&r.pol[i].when, day) != xf_policy_in_effect(c->policies[i], day)) {
                CHECK(!"in effect as the declaration says");
                fprintf(stderr, "  policy %s, day %lld\n", r.pol[i].name, (long long)day);
                break;
            }
        for (int j = 0; j < r.npol; j++)
            CHECK_EQ_INT(r.rel[i * r.npol + j] & XF_REL_CONFLICT ? 1 : 0,
                         xf_policies_may_conflict(c->policies[i], c->policies[j]) ? 1 : 0);
    }
    xf_strbuf_free(&again);
    xf_bound_free(&r);
}

/* Shorter prefixes are always refused; a flipped byte is refused or read
 * (a text's byte may change freely), never a fault. */
static void damaged(const xf_strbuf *bytes) {
    uint8_t *copy = malloc(bytes->n);
    int refused = 0;
    for (size_t len = 0; len < bytes->n; len += 1 + len / 64) {
        xf_bound r;
        const char *why = NULL;
        memcpy(copy, bytes->p, len);
        if (xf_bound_read(copy, len, NULL, 0, &r, &why) == 0) xf_bound_free(&r);
        else {
            refused++;
            CHECK(why != NULL);
        }
    }
    CHECK(refused > 100);
    uint32_t seed = 12345;
    for (int k = 0; k < 3000; k++) {
        seed = seed * 1103515245u + 12345u;
        size_t at = (seed >> 8) % bytes->n;
        memcpy(copy, bytes->p, bytes->n);
        copy[at] ^= (uint8_t)(1u << (k % 8));
        xf_bound r;
        const char *why = NULL;
        if (xf_bound_read(copy, bytes->n, NULL, 0, &r, &why) == 0) xf_bound_free(&r);
    }
    free(copy);
}

static void pack_without_parsing(xf_compile *c, const xf_strbuf *bytes) {
    char tmpl[] = "/tmp/xiufu-test-bindings-XXXXXX";
    CHECK(mkdtemp(tmpl) != NULL);
    if (!tmpl[0] || access(tmpl, W_OK) != 0) return;
    char path[128];
    snprintf(path, sizeof path, "%s/both.so", tmpl);
    xf_pack_build_opts o = {.name = "both", .opt_level = 0, .cc = "cc", .lang = XF_LANG_EN};
    char *err = NULL;
    CHECK(xf_pack_write(c, &o, path, &err) == 0);
    if (err) fprintf(stderr, "write: %s\n", err), free(err), err = NULL;
    char *paths[] = {path};
    xf_pack_trust trust = {.allow_unsigned = 1, .lang = XF_LANG_EN};
    xf_packset *ps = xf_packset_open(paths, 1, &trust, &err);
    CHECK(ps != NULL);
    if (err) fprintf(stderr, "open: %s\n", err), free(err), err = NULL;
    if (ps) {
        xf_strbuf from_pack = {0};
        xf_bound_write(xf_packset_bound(ps), &from_pack);
        CHECK(same_bytes(bytes, &from_pack));
        xf_plan plan;
        xf_plan_init(&plan);
        CHECK(xf_plan_select(&plan, xf_packset_bound(ps), xf_day_from_ymd(2026, 6, 1), 1) == 0);
        CHECK(plan.npol > 0);
        CHECK(xf_plan_use_packset(&plan, ps, &err) == 0);
        for (int i = 0; i < plan.npol; i++) CHECK(plan.pol[i].fn != NULL && plan.pol[i].decl == NULL);
        CHECK_EQ_INT(plan.c.diags.nsrc, 0);
        free(err);
        xf_plan_free(&plan);
        xf_strbuf_free(&from_pack);
    }
    xf_packset_close(ps);
    unlink(path);
    rmdir(tmpl);
}

int main(void) {
    char *paths[] = {dir_path("policies/national"), dir_path("policies/sichuan")};
    xf_compile c;
    xf_compile_init(&c);
    CHECK(xf_policyset_check_quiet(&c, paths, 2) == 0);
    xf_bound b;
    CHECK(xf_bound_from_compile(&c, 1, &b) == 0);
    CHECK(b.npol == c.npolicies && b.npol > 10);
    xf_strbuf bytes = {0};
    xf_bound_write(&b, &bytes);
    CHECK(!bytes.oom && bytes.n > 1000);
    round_trip(&c, &b, &bytes);
    damaged(&bytes);
    pack_without_parsing(&c, &bytes);
    xf_strbuf_free(&bytes);
    xf_bound_free(&b);
    xf_compile_free(&c);
    free(paths[0]), free(paths[1]);
    return CHECK_DONE();
}
