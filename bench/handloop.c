/* handloop.c — policies/national/samr_order107_penalty.xf written by hand in C,
 * as the lower bound xiufu's compiled code is measured against.
 *
 *   handloop RECORDS.db AS_OF [XIUFU_OUT.db]
 *
 * Three timed phases, nothing written:
 *   read    one SELECT per table with sqlite3_step; every value converted once
 *           (labels to bit sets and codes, dates to day numbers, money to fen,
 *           cause to a small id, uscc to the entity's index through a hash);
 *   group   counting sorts of the penalties, the serious-list entries and the
 *           applications by entity (for 未再受同类处罚, 申请受限至, 名单移出日);
 *   decide  one tight loop over every 市场监管 penalty still publicized, entity
 *           by entity: the entity's 申请受限至 once, then its penalties.
 * With XIUFU_OUT.db, the decisions are compared (untimed) with xiufu's
 * `decision` table of the last run there: outcome, eligible_from, stops_on.
 *
 * The penalty SELECT keeps only sector = '市场监管': the policy's scope, its
 * same-cause requirement and 申请受限至 look at no other sector.  Likewise the
 * serious SELECT keeps only the list 市场监管严重违法失信 (the only list 申请受限至
 * and 名单移出日 read), and the application SELECT only refusals for fraud with
 * a decision day (the only applications 申请受限至 counts; 尚未决定的申请 is an
 * output the bench does not compare).  Rows of those two tables whose entity
 * is not in `entity` belong to no penalty's entity and are skipped.
 *
 * Output, one line on stdout, key=value separated by spaces (bench/run.sh
 * parses it); mismatches, if any, are listed on stderr.  Exit status 0, or 1
 * on a mismatch or an error.
 */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NONE INT32_MIN /* an absent date */

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, sqlite3 *db) {
    fprintf(stderr, "handloop: %s: %s\n", what, db ? sqlite3_errmsg(db) : "failed");
    exit(1);
}

/* ---------------------------------------------------------------- dates */

static int32_t days_from_civil(int y, int m, int d) {
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int32_t z, int *y, int *m, int *d) {
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int y, int m) {
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : dim[m - 1];
}

/* 'YYYY-MM-DD' to a day number; NULL to NONE; anything else stops. */
static int32_t col_date(sqlite3_stmt *st, int i) {
    if (sqlite3_column_type(st, i) == SQLITE_NULL) return NONE;
    const unsigned char *s = sqlite3_column_text(st, i);
    if (sqlite3_column_bytes(st, i) != 10 || s[4] != '-' || s[7] != '-') {
        fprintf(stderr, "handloop: bad date '%s'\n", s);
        exit(1);
    }
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return days_from_civil(y, m, d);
}

static void fmt_date(int32_t day, char buf[11]) {
    int y, m, d;
    if (day == NONE) { buf[0] = 0; return; }
    civil_from_days(day, &y, &m, &d);
    snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
}

/* met(x, n months): the same-numbered day n months later (or that month's
 * last day), plus one day (《民法典》第二百零一条、第二百零二条). */
static int32_t met_months(int32_t x, int n) {
    int y, m, d;
    civil_from_days(x, &y, &m, &d);
    int idx = y * 12 + (m - 1) + n;
    int ny = idx / 12, nm = idx % 12 + 1;
    int dim = days_in_month(ny, nm);
    return days_from_civil(ny, nm, d < dim ? d : dim) + 1;
}

/* --------------------------------------------------------------- labels */

static const char *const MEASURES[] = {"警告", "通报批评", "罚款", "没收违法所得", "没收非法财物",
                                       "暂扣许可证件", "降低资质等级", "吊销许可证件",
                                       "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业",
                                       "吊销营业执照", "行政拘留"};
enum { M_WARN, M_CRITICIZE, M_FINE, M_CONFISCATE_GAINS, M_CONFISCATE_GOODS, M_SUSPEND, M_DEMOTE,
       M_REVOKE_LICENSE, M_RESTRICT_OPS, M_HALT, M_CLOSE, M_RESTRICT_JOB, M_REVOKE_BIZ, M_DETAIN };
static const char *const DOMAINS[] = {"食品", "药品", "医疗器械", "化妆品", "特种设备", "重点工业产品",
                                      "安全生产", "消防", "生态环境", "工程质量", "其他"};
static const char *const TIERS[] = {"减轻", "从轻", "一般", "从重"};
static const char *const STATUSES[] = {"存续", "歇业", "吊销", "注销"};
static const char *const PROCEDURES[] = {"普通", "简易"};

static int label(const char *const *labels, int n, const char *s, size_t len) {
    for (int i = 0; i < n; i++)
        if (strlen(labels[i]) == len && !memcmp(labels[i], s, len)) return i;
    return -1;
}

/* An enum column: its label index, -1 for NULL (when allowed). */
static int col_enum(sqlite3_stmt *st, int i, const char *const *labels, int n, int optional) {
    if (sqlite3_column_type(st, i) == SQLITE_NULL && optional) return -1;
    const char *s = (const char *)sqlite3_column_text(st, i);
    int k = s ? label(labels, n, s, (size_t)sqlite3_column_bytes(st, i)) : -1;
    if (k < 0) {
        fprintf(stderr, "handloop: unknown label '%s'\n", s ? s : "NULL");
        exit(1);
    }
    return k;
}

static uint32_t col_measures(sqlite3_stmt *st, int i) {
    const char *s = (const char *)sqlite3_column_text(st, i);
    size_t n = (size_t)sqlite3_column_bytes(st, i), a = 0;
    uint32_t bits = 0;
    for (size_t b = 0; b <= n; b++)
        if (b == n || s[b] == ',') {
            int k = label(MEASURES, 14, s + a, b - a);
            if (k < 0) {
                fprintf(stderr, "handloop: unknown measure in '%s'\n", s);
                exit(1);
            }
            bits |= 1u << k;
            a = b + 1;
        }
    return bits;
}

/* Decimal yuan to fen, exactly ("54835.39" -> 5483539); -1 for NULL. */
static int64_t col_fen(sqlite3_stmt *st, int i) {
    if (sqlite3_column_type(st, i) == SQLITE_NULL) return -1;
    const char *s = (const char *)sqlite3_column_text(st, i);
    int64_t v = 0;
    int frac = -1;
    for (; *s; s++) {
        if (*s == '.') { frac = 0; continue; }
        if (*s < '0' || *s > '9' || frac >= 2) {
            fprintf(stderr, "handloop: bad money '%s'\n", sqlite3_column_text(st, i));
            exit(1);
        }
        v = v * 10 + (*s - '0');
        if (frac >= 0) frac++;
    }
    for (int f = frac < 0 ? 0 : frac; f < 2; f++) v *= 10;
    return v;
}

/* ------------------------------------------------------- hash of texts */

typedef struct strmap {
    uint64_t mask;
    int32_t *slot;   /* index into keys, -1 empty */
    char   **keys;
    int32_t  n, cap;
} strmap;

static uint64_t hash(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h ^ (h >> 29);
}

static void strmap_init(strmap *m, int64_t expect) {
    uint64_t size = 16;
    while (size < (uint64_t)expect * 2) size <<= 1;
    m->mask = size - 1;
    m->slot = malloc(size * sizeof *m->slot);
    memset(m->slot, 0xff, size * sizeof *m->slot);
    m->cap = (int32_t)(size / 2);
    m->keys = malloc((size_t)m->cap * sizeof *m->keys);
    m->n = 0;
}

/* The id of s; added when `add`, else -1 when absent. */
static int32_t strmap_get(strmap *m, const char *s, size_t n, int add) {
    for (uint64_t h = hash(s, n) & m->mask;; h = (h + 1) & m->mask) {
        int32_t k = m->slot[h];
        if (k < 0) {
            if (!add) return -1;
            if (m->n == m->cap) {
                fprintf(stderr, "handloop: hash full\n");
                exit(1);
            }
            m->keys[m->n] = malloc(n + 1);
            memcpy(m->keys[m->n], s, n);
            m->keys[m->n][n] = 0;
            m->slot[h] = m->n;
            return m->n++;
        }
        if (!strncmp(m->keys[k], s, n) && m->keys[k][n] == 0) return k;
    }
}

/* ------------------------------------------------------------- records */

typedef struct pen {
    int64_t  id;
    int64_t  fine;        /* fen, -1 none */
    int32_t  ent, cause;
    int32_t  decided, published, ru, fulfilled, remedied, stopped, rr;
    uint32_t measures;
    int8_t   domain, tier, procedure;
} pen;

/* A 市场监管严重违法失信 entry: what 名单移出日 and 申请受限至 read. */
typedef struct listing {
    int64_t  pid;         /* penalty_id, -1 none (the policy's `s.penalty_id ?? -1`) */
    int32_t  ent, removed, rr;
} listing;

/* A refusal for fraud (result 不予, fraud): its decision day. */
typedef struct refusal {
    int32_t  ent, decided;
} refusal;

/* Counting sort by entity: items of entity e are order[first[e] .. first[e+1]-1],
 * in the order read.  ent_of(i) is the entity of item i. */
#define GROUP_BY_ENTITY(first, order, n, nent, ent_of)                                      \
    do {                                                                                   \
        first = calloc((size_t)(nent) + 1, sizeof *first);                                 \
        order = malloc((size_t)((n) ? (n) : 1) * sizeof *order);                           \
        for (int64_t i_ = 0; i_ < (n); i_++) first[(ent_of(i_)) + 1]++;                    \
        for (int32_t e_ = 0; e_ < (nent); e_++) first[e_ + 1] += first[e_];                \
        int32_t *fill_ = malloc(((size_t)(nent) + 1) * sizeof *fill_);                     \
        memcpy(fill_, first, ((size_t)(nent) + 1) * sizeof *fill_);                        \
        for (int64_t i_ = 0; i_ < (n); i_++) order[fill_[ent_of(i_)]++] = (int32_t)i_;     \
        free(fill_);                                                                       \
    } while (0)

/* 名单移出日: the latest removal, on or before as_of, of the entity's listings
 * lorder[lo .. hi-1] that rest on penalty `id`; NONE when there is none. */
static int32_t delisted_on(const listing *L, const int32_t *lorder, int32_t lo, int32_t hi, int64_t id,
                           int32_t as_of) {
    int32_t day = NONE;
    for (int32_t a = lo; a < hi; a++) {
        const listing *s = &L[lorder[a]];
        if (s->pid == id && s->removed != NONE && s->removed <= as_of && s->removed > day) day = s->removed;
    }
    return day;
}

/* Outcome codes, as xiufu writes them. */
static const char *const OUTCOME[] = {"expired", "not_published", "not_repairable", "not_yet", "can_apply"};
enum { O_EXPIRED, O_NOT_PUBLISHED, O_NOT_REPAIRABLE, O_NOT_YET, O_CAN_APPLY };

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: handloop RECORDS.db AS_OF [XIUFU_OUT.db]\n");
        return 2;
    }
    int ay, am, ad;
    if (sscanf(argv[2], "%d-%d-%d", &ay, &am, &ad) != 3) {
        fprintf(stderr, "handloop: bad as-of '%s'\n", argv[2]);
        return 2;
    }
    const int32_t as_of = days_from_civil(ay, am, ad);

    /* ---- read ---- */
    double t0 = now();
    sqlite3 *db;
    sqlite3_stmt *st;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) die(argv[1], db);
    if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) die("BEGIN", db);

    int64_t nent_guess = 1 << 20;
    if (sqlite3_prepare_v2(db, "SELECT max(rowid) FROM entity", -1, &st, NULL) != SQLITE_OK) die("entity", db);
    if (sqlite3_step(st) == SQLITE_ROW) nent_guess = sqlite3_column_int64(st, 0) + 16;
    sqlite3_finalize(st);
    strmap ents;
    strmap_init(&ents, nent_guess);
    int8_t *status = malloc((size_t)nent_guess);
    int32_t *dereg = malloc((size_t)nent_guess * sizeof *dereg);
    if (sqlite3_prepare_v2(db, "SELECT uscc, status, deregistered FROM entity", -1, &st, NULL) != SQLITE_OK)
        die("entity", db);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int32_t e = strmap_get(&ents, (const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0), 1);
        if (e >= nent_guess) die("more entities than max(rowid)", NULL);
        status[e] = (int8_t)col_enum(st, 1, STATUSES, 4, 0);
        dereg[e] = col_date(st, 2);
    }
    if (rc != SQLITE_DONE) die("entity", db);
    sqlite3_finalize(st);
    const int32_t nent = ents.n;

    strmap causes;
    strmap_init(&causes, 1 << 12);
    int64_t cap = 1 << 16, np = 0;
    pen *P = malloc((size_t)cap * sizeof *P);
    if (sqlite3_prepare_v2(db,
                           "SELECT id, uscc, cause, domain, measures, fine_yuan, tier, procedure, decided,"
                           " published, restricted_until, fulfilled, remedied, stopped, repair_revoked"
                           " FROM penalty WHERE sector = '市场监管' ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        die("penalty", db);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (np == cap) P = realloc(P, (size_t)(cap *= 2) * sizeof *P);
        pen *p = &P[np++];
        p->id = sqlite3_column_int64(st, 0);
        p->ent = strmap_get(&ents, (const char *)sqlite3_column_text(st, 1), (size_t)sqlite3_column_bytes(st, 1), 0);
        if (p->ent < 0) die("penalty of an unknown entity", NULL);
        p->cause = strmap_get(&causes, (const char *)sqlite3_column_text(st, 2), (size_t)sqlite3_column_bytes(st, 2), 1);
        p->domain = (int8_t)col_enum(st, 3, DOMAINS, 11, 1);
        p->measures = col_measures(st, 4);
        p->fine = col_fen(st, 5);
        p->tier = (int8_t)col_enum(st, 6, TIERS, 4, 1);
        p->procedure = (int8_t)col_enum(st, 7, PROCEDURES, 2, 0);
        p->decided = col_date(st, 8);
        p->published = col_date(st, 9);
        p->ru = col_date(st, 10);
        p->fulfilled = col_date(st, 11);
        p->remedied = col_date(st, 12);
        p->stopped = col_date(st, 13);
        p->rr = col_date(st, 14);
    }
    if (rc != SQLITE_DONE) die("penalty", db);
    sqlite3_finalize(st);

    int64_t ncap = 1 << 12, nl = 0;
    listing *L = malloc((size_t)ncap * sizeof *L);
    if (sqlite3_prepare_v2(db,
                           "SELECT uscc, penalty_id, removed, repair_revoked FROM serious"
                           " WHERE list = '市场监管严重违法失信'",
                           -1, &st, NULL) != SQLITE_OK)
        die("serious", db);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int32_t e = strmap_get(&ents, (const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0), 0);
        if (e < 0) continue;
        if (nl == ncap) L = realloc(L, (size_t)(ncap *= 2) * sizeof *L);
        listing *s = &L[nl++];
        s->ent = e;
        s->pid = sqlite3_column_type(st, 1) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 1);
        s->removed = col_date(st, 2);
        s->rr = col_date(st, 3);
    }
    if (rc != SQLITE_DONE) die("serious", db);
    sqlite3_finalize(st);

    int64_t rcap = 1 << 12, nr = 0;
    refusal *R = malloc((size_t)rcap * sizeof *R);
    if (sqlite3_prepare_v2(db,
                           "SELECT uscc, decided FROM application"
                           " WHERE result = '不予' AND fraud AND decided IS NOT NULL",
                           -1, &st, NULL) != SQLITE_OK)
        die("application", db);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        int32_t e = strmap_get(&ents, (const char *)sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0), 0);
        if (e < 0) continue;
        if (nr == rcap) R = realloc(R, (size_t)(rcap *= 2) * sizeof *R);
        R[nr].ent = e;
        R[nr++].decided = col_date(st, 1);
    }
    if (rc != SQLITE_DONE) die("application", db);
    sqlite3_finalize(st);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(db);
    double t1 = now();

    /* ---- group: penalties of entity e are order[first[e] .. first[e+1]-1], in id order;
     * its listings lorder[lfirst[e] ..], its refusals rorder[rfirst[e] ..] ---- */
    int32_t *first, *order, *lfirst, *lorder, *rfirst, *rorder;
#define PEN_ENT(i) P[i].ent
#define LIST_ENT(i) L[i].ent
#define REF_ENT(i) R[i].ent
    GROUP_BY_ENTITY(first, order, np, nent, PEN_ENT);
    GROUP_BY_ENTITY(lfirst, lorder, nl, nent, LIST_ENT);
    GROUP_BY_ENTITY(rfirst, rorder, nr, nent, REF_ENT);
    double t2 = now();

    /* ---- decide ---- */
    int8_t *out = malloc((size_t)(np ? np : 1));    /* outcome, -1 out of scope */
    int32_t *elig = malloc((size_t)(np ? np : 1) * sizeof *elig);
    int32_t *stops = malloc((size_t)(np ? np : 1) * sizeof *stops);
    int64_t decided = 0;
    const uint32_t MINOR_OK = 1u << M_WARN | 1u << M_CRITICIZE | 1u << M_FINE;
    const uint32_t RESTRICT = 1u << M_RESTRICT_OPS | 1u << M_HALT | 1u << M_RESTRICT_JOB;
    const uint32_t REVOKE = 1u << M_DEMOTE | 1u << M_REVOKE_LICENSE | 1u << M_REVOKE_BIZ | 1u << M_CLOSE;
    const uint32_t SDOMAIN = 0x3f; /* 食品 药品 医疗器械 化妆品 特种设备 重点工业产品: domain labels 0..5 */
    for (int32_t e = 0; e < nent; e++) {
        if (first[e] == first[e + 1]) continue;
        /* 申请受限至 (第二十三条第二款): met(x, 3 years) of the latest refusal for fraud or
         * repair revoked (of any 市场监管 penalty or listing of the entity) on or before
         * as_of; met() never decreases, so the latest of the three maxima is met() of
         * the latest day */
        int32_t bar = NONE;
        for (int32_t a = rfirst[e]; a < rfirst[e + 1]; a++) {
            int32_t d = R[rorder[a]].decided;
            if (d <= as_of && d > bar) bar = d;
        }
        for (int32_t a = first[e]; a < first[e + 1]; a++) {
            int32_t d = P[order[a]].rr;
            if (d != NONE && d <= as_of && d > bar) bar = d;
        }
        for (int32_t a = lfirst[e]; a < lfirst[e + 1]; a++) {
            int32_t d = L[lorder[a]].rr;
            if (d != NONE && d <= as_of && d > bar) bar = d;
        }
        const int32_t barred = bar == NONE ? NONE : met_months(bar, 36);
        for (int32_t a = first[e]; a < first[e + 1]; a++) {
            const int32_t i = order[a];
            const pen *p = &P[i];
            /* scope: publicized on as_of */
            if (p->published == NONE || p->published > as_of || (p->stopped != NONE && p->stopped <= as_of)) {
                out[i] = -1;
                continue;
            }
            decided++;
            int lowfine = (p->tier == 0 || p->tier == 1) && p->fine >= 0 && p->fine <= 5000000;
            int minor = (p->measures & ~MINOR_OK) == 0 && (!(p->measures >> M_FINE & 1) || lowfine);
            int sdomain = p->domain >= 0 && (SDOMAIN >> p->domain & 1);
            int restrict_ = (p->measures & RESTRICT) != 0, revoke = (p->measures & REVOKE) != 0;
            int serious = !minor && (sdomain || restrict_ || revoke);
            int min_mon = serious ? 12 : 3;
            int max_mon = minor ? 3 : serious ? 36 : 12;
            int32_t ru_next = p->ru == NONE ? NONE : p->ru + 1;
            int32_t stop = met_months(p->published, max_mon);
            int32_t apply = met_months(p->published, min_mon);
            if (ru_next != NONE && ru_next > stop) stop = ru_next;
            if (ru_next != NONE && ru_next > apply) apply = ru_next;
            if (barred != NONE && barred > apply) apply = barred;                 /* 可申请日 */
            /* 名单移出日 (第十三条第三款), read only where the ladder gets to it */
            int32_t delisted = NONE;
            int o;
            int32_t ef = NONE, so = stop;
            /* the ladder: the policy's `decide`, steps 1-12 */
            if (status[p->ent] == 3 && dereg[p->ent] != NONE && as_of >= dereg[p->ent])
                o = O_EXPIRED, ef = so = dereg[p->ent];                           /* 1 注销日 */
            else if (status[p->ent] == 3) o = O_EXPIRED, so = NONE;                /* 2 已注销 */
            else if (p->procedure == 1) o = O_NOT_PUBLISHED, so = NONE;            /* 3 简易程序 */
            else if (p->measures == 1u << M_WARN) o = O_NOT_PUBLISHED, so = NONE;  /* 4 仅警告 */
            else if (p->rr != NONE && p->rr <= as_of) {
                int32_t rm = met_months(p->rr, max_mon);
                so = rm;
                if (as_of >= rm) o = O_EXPIRED, ef = rm;                           /* 5 撤销修复后期满 */
                else o = O_NOT_REPAIRABLE;                                         /* 6 撤销修复 */
            } else if (as_of >= stop) o = O_EXPIRED, ef = stop;                    /* 7 期满 */
            else if (revoke) o = O_NOT_REPAIRABLE;                                 /* 8 吊销类不得提前 */
            else if ((delisted = delisted_on(L, lorder, lfirst[e], lfirst[e + 1], p->id, as_of)) != NONE &&
                     as_of >= (ru_next > delisted ? ru_next : delisted)) {
                o = O_EXPIRED, ef = so = ru_next > delisted ? ru_next : delisted;  /* 9 随名单移出 */
            } else if (minor) o = O_NOT_YET, ef = stop;         /* 10 轻微期满前 (as_of < stop here) */
            else {                                              /* 11 申请, 12 未满最短公示期 */
                ef = apply;
                o = O_NOT_YET;
                if (as_of >= apply && p->fulfilled != NONE && p->fulfilled <= as_of && p->remedied != NONE &&
                    p->remedied <= as_of) {
                    int again = 0;
                    for (int32_t b = first[e]; b < first[e + 1] && !again; b++) {
                        const pen *q = &P[order[b]];
                        again = q->cause == p->cause && q->decided > p->decided && q->decided <= as_of;
                    }
                    if (!again) o = O_CAN_APPLY;
                }
            }
            out[i] = (int8_t)o, elig[i] = ef, stops[i] = so;
        }
    }
    double t3 = now();

    /* ---- verify against xiufu (untimed) ---- */
    int64_t mismatches = -1, missing = 0, extra = 0;
    if (argc > 3) {
        mismatches = 0;
        if (sqlite3_open_v2(argv[3], &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) die(argv[3], db);
        if (sqlite3_prepare_v2(db,
                               "SELECT subject_id, outcome, eligible_from, stops_on FROM decision"
                               " WHERE run = (SELECT max(id) FROM run) AND subject_table = 'penalty'",
                               -1, &st, NULL) != SQLITE_OK)
            die(argv[3], db);
        uint8_t *seen = calloc((size_t)(np ? np : 1), 1);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(st, 0);
            int64_t lo = 0, hi = np - 1, i = -1;   /* P is in id order */
            while (lo <= hi) {
                int64_t mid = (lo + hi) / 2;
                if (P[mid].id == id) { i = mid; break; }
                if (P[mid].id < id) lo = mid + 1;
                else hi = mid - 1;
            }
            if (i < 0 || out[i] < 0) {
                if (extra++ < 5) fprintf(stderr, "handloop: xiufu decided penalty %lld, outside the scope here\n", (long long)id);
                continue;
            }
            seen[i] = 1;
            const char *xo = (const char *)sqlite3_column_text(st, 1);
            const char *xe = (const char *)sqlite3_column_text(st, 2);
            const char *xs = (const char *)sqlite3_column_text(st, 3);
            char he[11], hs[11];
            fmt_date(elig[i], he);
            fmt_date(stops[i], hs);
            if (!xo || strcmp(xo, OUTCOME[out[i]]) || strcmp(xe ? xe : "", he) || strcmp(xs ? xs : "", hs)) {
                if (mismatches++ < 10)
                    fprintf(stderr, "handloop: penalty %lld: xiufu %s %s %s, hand loop %s %s %s\n", (long long)id,
                            xo ? xo : "NULL", xe ? xe : "NULL", xs ? xs : "NULL", OUTCOME[out[i]], he[0] ? he : "NULL",
                            hs[0] ? hs : "NULL");
            }
        }
        if (rc != SQLITE_DONE) die(argv[3], db);
        sqlite3_finalize(st);
        sqlite3_close(db);
        for (int64_t i = 0; i < np; i++)
            if (out[i] >= 0 && !seen[i] && missing++ < 5)
                fprintf(stderr, "handloop: penalty %lld decided here, absent from xiufu's output\n", (long long)P[i].id);
        free(seen);
    }

    int64_t by[5] = {0};
    for (int64_t i = 0; i < np; i++)
        if (out[i] >= 0) by[out[i]]++;
    printf("entities=%d penalties_read=%lld decided=%lld read_s=%.4f group_s=%.4f decide_s=%.4f"
           " expired=%lld not_published=%lld not_repairable=%lld not_yet=%lld can_apply=%lld"
           " mismatches=%lld missing=%lld extra=%lld\n",
           nent, (long long)np, (long long)decided, t1 - t0, t2 - t1, t3 - t2, (long long)by[0], (long long)by[1],
           (long long)by[2], (long long)by[3], (long long)by[4], (long long)mismatches, (long long)missing,
           (long long)extra);
    return mismatches > 0 || missing > 0 || extra > 0 ? 1 : 0;
}
