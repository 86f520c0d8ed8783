/* gen.c — synthetic records for runtime/records.sql.
 *
 * The shapes follow what the national credit systems publish: most entities
 * have a clean record, penalties are mostly 市场监管 fines, most abnormal
 * listings are missed annual reports, and a few entities are on a serious
 * list.  Every label comes from the lists in records.sql.
 *
 * Output depends only on (entities, seed, shape, layout): the PRNG is our
 * own xoshiro256** and every entity draws from its own stream keyed by its
 * position, so a change in one entity's draws cannot shift the others.
 *
 * Speed and memory: entities are inserted in USCC order, so every
 * uscc-keyed B-tree (entity, annual_report and the indexes built at the
 * end) is filled by appending instead of random page splits, and a small
 * page cache suffices.  Nothing is held per entity: the sorted codes are
 * streamed from disk (gen_keys.c) and each entity is written as soon as it
 * is drawn.  The shuffled layout stages the related rows in temporary
 * tables and copies them in date order at the end (SQLite's sorter spills
 * to files), so it is bounded too. */
#include "gen.h"

#include <math.h> /* sqrt only: correctly rounded everywhere, so output stays portable */
#include <sqlite3.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "embedded.h"
#include "gen_keys.h"
#include "uscc.h"
#include "strf.h"

#define XF_GEN_COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define XF_GEN_NODATE INT64_MIN
/* Rows per entity: the realistic shape stays far below these; the
 * adversarial shape's heavy entities use them up. */
#define XF_GEN_MAX_PEN 400
#define XF_GEN_MAX_ABN 256
#define XF_GEN_MAX_SER 64
#define XF_GEN_MAX_INS 16
#define XF_GEN_MAX_APP 96
/* SQLite's page cache, in KiB: enough for the rightmost path of every
 * B-tree being appended to.  The main database's also sizes SQLite's sort
 * runs (CREATE INDEX, the shuffled layout's ORDER BY); the temporary one
 * holds only staging tables, appended to and then read once. */
#define XF_GEN_CACHE_KIB "1024"
#define XF_GEN_TEMP_CACHE_KIB "512"
#define XF_GEN_PROGRESS_EVERY 4096

/* ---------------------------------------------------------------- PRNG */

typedef struct xf_gen_rng { uint64_t s[4]; } xf_gen_rng;

static uint64_t xf_gen_splitmix(uint64_t *x) {
    uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static void xf_gen_seed(xf_gen_rng *r, uint64_t seed, uint64_t stream) {
    uint64_t x = seed;
    x = xf_gen_splitmix(&x) ^ (stream * 0xD1B54A32D192ED03ULL);
    for (int i = 0; i < 4; i++) r->s[i] = xf_gen_splitmix(&x);
}

static uint64_t xf_gen_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t xf_gen_next(xf_gen_rng *r) {
    uint64_t *s = r->s;
    uint64_t out = xf_gen_rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = xf_gen_rotl(s[3], 45);
    return out;
}

/* Uniform in [0, n) for 0 < n < 2^31 (multiply-shift, no modulo bias to speak of). */
static int64_t xf_gen_below(xf_gen_rng *r, int64_t n) {
    if (n <= 1) return 0;
    return (int64_t)(((xf_gen_next(r) >> 33) * (uint64_t)n) >> 31);
}

static int64_t xf_gen_range(xf_gen_rng *r, int64_t lo, int64_t hi) {
    return hi <= lo ? lo : lo + xf_gen_below(r, hi - lo + 1);
}

static double xf_gen_unit(xf_gen_rng *r) { return (double)(xf_gen_next(r) >> 11) * 0x1.0p-53; }

static int xf_gen_chance(xf_gen_rng *r, double p) { return xf_gen_unit(r) < p; }

/* A label and its relative weight; a NULL label stands for SQL NULL. */
typedef struct xf_gen_w { const char *label; int w; } xf_gen_w;

/* Weighted choice over any table whose rows have an `int w` member. */
static int xf_gen_pick_any(xf_gen_rng *r, const void *rows, size_t stride, size_t woff, int n) {
    const char *base = (const char *)rows + woff;
    int64_t total = 0;
    for (int i = 0; i < n; i++) total += *(const int *)(const void *)(base + (size_t)i * stride);
    int64_t x = xf_gen_below(r, total);
    for (int i = 0; i < n; i++) {
        int w = *(const int *)(const void *)(base + (size_t)i * stride);
        if (x < w) return i;
        x -= w;
    }
    return n - 1;
}

static int xf_gen_pick(xf_gen_rng *r, const xf_gen_w *a, int n) {
    return xf_gen_pick_any(r, a, sizeof *a, offsetof(xf_gen_w, w), n);
}

#define XF_GEN_PICK(r, a) \
    xf_gen_pick_any((r), (a), sizeof((a)[0]), (size_t)((const char *)&(a)[0].w - (const char *)&(a)[0]), XF_GEN_COUNT(a))
#define XF_GEN_LABEL(r, a) ((a)[XF_GEN_PICK(r, a)].label)

/* ----------------------------------------------------------- reference data */

/* Registration authorities: real 6-digit 行政区划代码, weighted toward the
 * jurisdictions whose local policies ship with xiufu. */
typedef struct xf_gen_region {
    const char *code;
    const char *full;   /* authority prefix: 攀枝花市东区 */
    const char *place;  /* company name prefix: 攀枝花 */
    const char *local;  /* 个体工商户 / 合作社 name prefix: 东区 */
    const char *abbr;   /* 文号 prefix: 攀东 */
    int         w;
} xf_gen_region;

static const xf_gen_region xf_gen_regions[] = {
    {"510400", "攀枝花市", "攀枝花", "攀枝花", "攀", 3},
    {"510402", "攀枝花市东区", "攀枝花", "东区", "攀东", 6},
    {"510403", "攀枝花市西区", "攀枝花", "西区", "攀西", 3},
    {"510411", "攀枝花市仁和区", "攀枝花", "仁和区", "攀仁", 4},
    {"510421", "米易县", "米易", "米易县", "米", 3},
    {"510422", "盐边县", "盐边", "盐边县", "盐边", 3},
    {"530500", "保山市", "保山", "保山", "保", 3},
    {"530502", "保山市隆阳区", "保山", "隆阳区", "隆", 4},
    {"620300", "金昌市", "金昌", "金昌", "金", 2},
    {"620302", "金昌市金川区", "金昌", "金川区", "金川", 2},
    {"620321", "永昌县", "永昌", "永昌县", "永", 4},
    {"430300", "湘潭市", "湘潭", "湘潭", "潭", 3},
    {"430302", "湘潭市雨湖区", "湘潭", "雨湖区", "雨", 4},
    {"430304", "湘潭市岳塘区", "湘潭", "岳塘区", "岳", 4},
    {"430321", "湘潭县", "湘潭", "湘潭县", "湘", 4},
    {"230506", "双鸭山市宝山区", "双鸭山", "宝山区", "双宝", 3},
    {"310101", "上海市黄浦区", "上海", "黄浦区", "沪黄", 5},
    {"310115", "上海市浦东新区", "上海", "浦东新区", "沪浦", 8},
    {"520102", "贵阳市南明区", "贵阳", "南明区", "筑南", 4},
    {"350102", "福州市鼓楼区", "福州", "鼓楼区", "榕鼓", 4},
    {"421281", "赤壁市", "赤壁", "赤壁市", "赤", 4},
    {"110105", "北京市朝阳区", "北京", "朝阳区", "京朝", 7},
    {"440305", "深圳市南山区", "深圳", "南山区", "深南", 6},
    {"440106", "广州市天河区", "广州", "天河区", "穗天", 5},
    {"330106", "杭州市西湖区", "杭州", "西湖区", "杭西", 5},
    {"510104", "成都市锦江区", "成都", "锦江区", "成锦", 5},
    {"320102", "南京市玄武区", "南京", "玄武区", "宁玄", 4},
    {"500103", "重庆市渝中区", "重庆", "渝中区", "渝中", 4},
    {"420106", "武汉市武昌区", "武汉", "武昌区", "武昌", 4},
};

/* Provinces by the first two digits of a 行政区划代码: the names a region
 * given with --region takes when it is not one of the table above. */
static const struct { const char *prefix, *full, *place, *abbr; } xf_gen_provinces[] = {
    {"11", "北京市", "北京", "京"}, {"12", "天津市", "天津", "津"}, {"13", "河北省", "河北", "冀"},
    {"14", "山西省", "山西", "晋"}, {"15", "内蒙古自治区", "内蒙古", "蒙"}, {"21", "辽宁省", "辽宁", "辽"},
    {"22", "吉林省", "吉林", "吉"}, {"23", "黑龙江省", "黑龙江", "黑"}, {"31", "上海市", "上海", "沪"},
    {"32", "江苏省", "江苏", "苏"}, {"33", "浙江省", "浙江", "浙"}, {"34", "安徽省", "安徽", "皖"},
    {"35", "福建省", "福建", "闽"}, {"36", "江西省", "江西", "赣"}, {"37", "山东省", "山东", "鲁"},
    {"41", "河南省", "河南", "豫"}, {"42", "湖北省", "湖北", "鄂"}, {"43", "湖南省", "湖南", "湘"},
    {"44", "广东省", "广东", "粤"}, {"45", "广西壮族自治区", "广西", "桂"}, {"46", "海南省", "海南", "琼"},
    {"50", "重庆市", "重庆", "渝"}, {"51", "四川省", "四川", "川"}, {"52", "贵州省", "贵州", "黔"},
    {"53", "云南省", "云南", "滇"}, {"54", "西藏自治区", "西藏", "藏"}, {"61", "陕西省", "陕西", "陕"},
    {"62", "甘肃省", "甘肃", "甘"}, {"63", "青海省", "青海", "青"}, {"64", "宁夏回族自治区", "宁夏", "宁"},
    {"65", "新疆维吾尔自治区", "新疆", "新"},
};

static int xf_gen_province(const char *code) {
    for (int i = 0; i < XF_GEN_COUNT(xf_gen_provinces); i++)
        if (!strncmp(code, xf_gen_provinces[i].prefix, 2)) return i;
    return -1;
}

const char *xf_gen_region_check(const char *code, int en) {
    size_t n = strspn(code, "0123456789");
    if (n != 6 || code[6]) return en ? "a region is a 6-digit administrative division code (such as 450102)"
                                     : "地区应为 6 位行政区划代码（如 450102）";
    if (xf_gen_province(code) < 0) return en ? "its first two digits name no province" : "前两位不是任何省级行政区的代码";
    return NULL;
}

enum { XF_GEN_KIND_FIRM, XF_GEN_KIND_INDIV, XF_GEN_KIND_COOP };
static const char *const xf_gen_kinds[] = {"企业", "个体工商户", "农民专业合作社"};

static const xf_gen_w xf_gen_status[] = {{"存续", 860}, {"歇业", 30}, {"吊销", 40}, {"注销", 70}};

/* 重点领域 labels, index 0 = NULL (most entities). */
static const xf_gen_w xf_gen_industry[] = {
    {NULL, 750}, {"食品", 75}, {"安全生产", 30}, {"环境保护", 20}, {"药品", 15}, {"特种设备", 20},
    {"投资理财", 8}, {"养老看护", 10}, {"美容健身", 25}, {"教育培训", 30}, {"校外托管", 17},
};

/* Name parts per industry (same order as xf_gen_industry), NULL-terminated. */
static const char *const xf_gen_trades[][6] = {
    {"商贸", "科技", "建筑工程", "物流", "信息技术", NULL},
    {"食品", "餐饮管理", "农产品", NULL},
    {"矿业", "化工", "建材", NULL},
    {"环保科技", "再生资源", NULL},
    {"医药", "大药房", NULL},
    {"电梯工程", "锅炉设备", "起重机械", NULL},
    {"投资管理", "财富管理", NULL},
    {"养老服务", "康养", NULL},
    {"美容", "健身管理", NULL},
    {"教育咨询", "文化培训", NULL},
    {"托管服务", "教育科技", NULL},
};
static const char *const xf_gen_shops[][6] = {
    {"便利店", "五金店", "水果店", "汽车修理部", "烟酒商行", "服装店"},
    {"小吃店", "火锅店", "副食店", "烧烤店", "面馆", NULL},
    {"五金机电部", "建材经营部", NULL},
    {"废品回收站", NULL},
    {"药店", "大药房", NULL},
    {"电梯维修部", NULL},
    {"咨询服务部", NULL},
    {"养老院", NULL},
    {"美发店", "美容院", "健身馆", NULL},
    {"培训部", NULL},
    {"托管中心", NULL},
};
static const char *const xf_gen_crops[] = {"种植", "养殖", "蔬菜种植", "核桃种植", "芒果种植", "生猪养殖", "中药材种植"};
static const char *const xf_gen_zihao[] = {
    "鑫", "源", "华", "盛", "兴", "达", "宏", "恒", "泰", "瑞", "祥", "富", "德", "福", "顺", "利",
    "安", "康", "丰", "金", "和", "嘉", "信", "诚", "宇", "昌", "荣", "旺", "新", "美", "佳", "豪",
    "邦", "川", "锦", "龙", "凤", "天", "星", "云", "海", "山", "阳", "光", "明", "宝", "乐", "家",
    "百", "万", "中", "汇", "通", "创", "博", "润", "景", "晟", "益", "联"};

/* 处罚机关所属系统: label, weight, authority suffix, 文号 abbreviation. */
typedef struct xf_gen_sector { const char *label; int w; const char *agency; const char *abbr; } xf_gen_sector;
enum { XF_GEN_SEC_SAMR, XF_GEN_SEC_TAX = 1, XF_GEN_SEC_RS = 4, XF_GEN_SEC_COURT = 10, XF_GEN_SEC_CIVIL = 11 };
static const xf_gen_sector xf_gen_sectors[] = {
    {"市场监管", 600, "市场监督管理局", "市监"},
    {"税务", 120, "税务局", "税"},
    {"应急管理", 80, "应急管理局", "应急"},
    {"生态环境", 70, "生态环境局", "环"},
    {"人社", 30, "人力资源和社会保障局", "人社"},
    {"统计", 20, "统计局", "统"},
    {"消防", 30, "消防救援大队", "消"},
    {"卫生健康", 20, "卫生健康局", "卫"},
    {"交通运输", 20, "交通运输局", "交"},
    {"其他", 10, "综合行政执法局", "综执"},
    /* not penalty sectors: authorities of serious lists only (weight 0) */
    {NULL, 0, "人民法院", "法"},
    {NULL, 0, "民政局", "民"},
};

/* 违法行为类别 by sector, with the 领域 they usually fall in (NULL: none). */
typedef struct xf_gen_cause { const char *label; int sector; int w; const char *domain; } xf_gen_cause;
static const xf_gen_cause xf_gen_causes[] = {
    {"虚假宣传", 0, 14, "其他"}, {"标签标识", 0, 10, "食品"}, {"无照经营", 0, 10, "其他"},
    {"食品安全", 0, 18, "食品"}, {"价格违法", 0, 8, "其他"}, {"计量违法", 0, 6, "其他"},
    {"产品质量", 0, 8, "重点工业产品"}, {"商标侵权", 0, 5, "其他"}, {"不正当竞争", 0, 3, "其他"},
    {"特种设备", 0, 6, "特种设备"}, {"药品经营", 0, 4, "药品"}, {"医疗器械经营", 0, 2, "医疗器械"},
    {"化妆品经营", 0, 3, "化妆品"},
    {"未按期申报纳税", 1, 6, NULL}, {"发票违法", 1, 4, NULL},
    {"安全生产", 2, 1, "安全生产"},
    {"大气污染", 3, 5, "生态环境"}, {"水污染", 3, 3, "生态环境"}, {"固体废物", 3, 2, "生态环境"},
    {"拖欠工资", 4, 1, NULL},
    {"统计违法", 5, 1, NULL},
    {"消防安全", 6, 1, "消防"},
    {"公共场所卫生", 7, 3, "其他"}, {"职业卫生", 7, 1, "安全生产"},
    {"道路运输", 8, 1, "其他"},
    {"城市管理", 9, 3, "其他"}, {"工程质量", 9, 1, "工程质量"},
};

static const xf_gen_w xf_gen_domains[] = {
    {"食品", 250}, {"其他", 300}, {NULL, 250}, {"药品", 40}, {"医疗器械", 30}, {"化妆品", 40},
    {"特种设备", 30}, {"重点工业产品", 30}, {"安全生产", 20}, {"工程质量", 10}, {"消防", 5}, {"生态环境", 5},
};

/* 处罚种类 combinations (labels in records.sql order). */
typedef struct xf_gen_measure {
    const char *label;
    int         w;
    uint8_t     fine;      /* carries a fine */
    uint8_t     restrict_; /* has a restriction period (restricted_until) */
    uint8_t     heavy;     /* 较重: more often 严重 */
} xf_gen_measure;
static const xf_gen_measure xf_gen_measures[] = {
    {"罚款", 400, 1, 0, 0},
    {"警告", 110, 0, 0, 0},
    {"罚款,没收违法所得", 140, 1, 0, 0},
    {"警告,罚款", 120, 1, 0, 0},
    {"通报批评", 25, 0, 0, 0},
    {"警告,没收违法所得", 15, 0, 0, 0},
    {"罚款,没收违法所得,没收非法财物", 40, 1, 0, 0},
    {"罚款,责令停产停业", 30, 1, 1, 1},
    {"罚款,限制开展生产经营活动", 20, 1, 1, 1},
    {"罚款,暂扣许可证件", 12, 1, 0, 1},
    {"罚款,吊销许可证件", 18, 1, 0, 1},
    {"罚款,降低资质等级", 5, 1, 0, 1},
    {"罚款,限制从业", 5, 1, 1, 1},
    {"罚款,没收违法所得,吊销营业执照", 4, 1, 0, 1},
    {"吊销营业执照", 2, 0, 0, 1},
    {"责令关闭", 3, 0, 0, 1},
    {"罚款,行政拘留", 1, 1, 0, 1},
};

static const xf_gen_w xf_gen_tiers[] = {{"一般", 620}, {"从轻", 120}, {"减轻", 70}, {"从重", 50}, {NULL, 140}};
static const xf_gen_w xf_gen_severity[] = {{NULL, 880}, {"轻微", 40}, {"一般", 60}, {"严重", 18}, {"特定严重", 2}};

enum { XF_GEN_ABN_REPORT = 0, XF_GEN_ABN_ADDRESS = 1 };  /* rows of xf_gen_abn_reasons */
static const xf_gen_w xf_gen_abn_reasons[] = {
    {"未按期年报", 650}, {"住所无法联系", 220}, {"未按责令期限公示", 50},
    {"公示信息隐瞒真实情况弄虚作假", 40}, {"未办理名称变更登记", 40},
};

/* Serious lists: label, weight, authority sector, 列入事由 choices. */
typedef struct xf_gen_list { const char *label; int w; int sector; xf_gen_w basis[4]; } xf_gen_list;
enum { XF_GEN_LIST_SAMR = 0 };
static const xf_gen_list xf_gen_lists[] = {
    {"市场监管严重违法失信", 550, XF_GEN_SEC_SAMR,
     {{"较重行政处罚", 60}, {"食品安全严重违法", 15}, {"提交虚假材料取得登记", 10}, {NULL, 5}}},
    {"失信被执行人", 180, XF_GEN_SEC_COURT,
     {{"有履行能力而拒不履行生效法律文书确定义务", 80}, {"以虚假诉讼规避执行", 5}, {NULL, 5}}},
    {"重大税收违法失信", 100, XF_GEN_SEC_TAX, {{"偷税", 50}, {"虚开增值税专用发票", 40}, {NULL, 5}}},
    {"拖欠农民工工资失信", 60, XF_GEN_SEC_RS, {{"拖欠农民工工资数额较大", 90}, {NULL, 5}}},
    {"安全生产严重失信", 50, 2, {{"发生生产安全事故负有责任", 70}, {"拒不执行安全监管监察指令", 30}}},
    {"统计严重失信", 30, 5, {{"统计造假", 90}, {NULL, 5}}},
    /* weight 0: never drawn by the realistic shape; the adversarial one
     * uses every list */
    {"社会组织严重违法失信", 0, XF_GEN_SEC_CIVIL, {{"被列入活动异常名录满两年", 80}, {NULL, 5}}},
};

/* 抽查检查结果 (records.sql order), most without findings. */
enum { XF_GEN_INS_CLEAN, XF_GEN_INS_UNDISCLOSED, XF_GEN_INS_FALSE, XF_GEN_INS_UNREACHABLE, XF_GEN_INS_ORDERED,
       XF_GEN_INS_OBSTRUCTED, XF_GEN_INS_NOT_OPEN, XF_GEN_INS_FOLLOW_UP };
static const xf_gen_w xf_gen_ins_results[] = {
    {"未发现问题", 760}, {"未按规定公示应当公示的信息", 45}, {"公示信息隐瞒真实情况弄虚作假", 12},
    {"通过登记的住所或者经营场所无法联系", 55}, {"发现问题已责令改正", 80}, {"不配合检查情节严重", 5},
    {"未发现开业", 18}, {"发现问题待后续处理", 25},
};

/* 信用修复申请: what it is about, and what became of it. */
enum { XF_GEN_APP_PENALTY, XF_GEN_APP_ABNORMAL, XF_GEN_APP_SERIOUS, XF_GEN_APP_INSPECTION };
static const char *const xf_gen_app_tables[] = {"penalty", "abnormal", "serious", "inspection"};
enum { XF_GEN_RES_PENDING, XF_GEN_RES_GRANTED, XF_GEN_RES_REFUSED, XF_GEN_RES_WITHDRAWN };
static const char *const xf_gen_app_results[] = {NULL, "准予", "不予", "撤回"};

/* -------------------------------------------------------- the generator */

typedef struct xf_gen_code { char code[19]; uint8_t region; } xf_gen_code;

typedef struct xf_gen_pen {
    int            sector, cause, simple;
    int            restrict_months;  /* 0: no restriction period */
    const char    *domain, *measures, *tier, *severity;
    int64_t        fine_fen;  /* -1: no fine */
    int64_t        decided, published, restricted_until, fulfilled, remedied, stopped, repair_revoked;
    uint8_t        heavy;     /* 较重: what a serious listing can rest on */
    uint8_t        repaired;  /* stopped by a granted repair, not by the end of its publicity */
    char           decision_no[96];
    char           measures_buf[256];  /* adversarial combinations (all 14 labels: 229 bytes) */
} xf_gen_pen;

typedef struct xf_gen_abn {
    int     reason, report_year;
    int64_t listed, corrected, removed;
} xf_gen_abn;

typedef struct xf_gen_ser {
    int         list;
    const char *basis;
    int64_t     listed, published, measures_until, fulfilled, remedied, removed, repair_revoked;
    int         pen;  /* the penalty it rests on (index into pen[]), -1: none */
} xf_gen_ser;

typedef struct xf_gen_ins {
    int     result;
    int     pen, abn;  /* what followed (indexes), -1: nothing */
    int64_t published, stopped;
    uint8_t repaired;
} xf_gen_ins;

typedef struct xf_gen_app {
    int         table, ix;  /* the subject: XF_GEN_APP_*, its index in that array */
    int         result;     /* XF_GEN_RES_* */
    int         fraud;
    const char *review;
    int64_t     applied, accepted, decided;
} xf_gen_app;

typedef struct xf_gen_ent {
    const char          *uscc;
    const xf_gen_region *region;
    int                  kind, status, industry;
    int64_t              established;
    int                  first_year, last_year;  /* annual report years */
    int                  npen, nabn, nser, nins, napp;
    int64_t              deregistered;
    int                  dormant_year;  /* a dormant entity's last filed report year; 0: not dormant */
    xf_gen_pen           pen[XF_GEN_MAX_PEN];
    xf_gen_abn           abn[XF_GEN_MAX_ABN];
    xf_gen_ser           ser[XF_GEN_MAX_SER];
    xf_gen_ins           ins[XF_GEN_MAX_INS];
    xf_gen_app           app[XF_GEN_MAX_APP];
    char                 name[192];
    char                 phone[16];
} xf_gen_ent;

enum { XF_GEN_ST_ENTITY, XF_GEN_ST_PENALTY, XF_GEN_ST_ABNORMAL, XF_GEN_ST_SERIOUS, XF_GEN_ST_INSPECTION,
       XF_GEN_ST_APPLICATION, XF_GEN_ST_REPORT, XF_GEN_ST_CALENDAR, XF_GEN_NST };

/* The tables the generator fills, with their columns in the order of the
 * binds, and for the shuffled layout the date column whose order their rows
 * are stored in, ties in the clustered order (NULL: the clustered order).
 * In the shuffled layout ids are renumbered in that order, so the columns
 * that refer to ids are looked up in the maps of old to new ids that the
 * referred tables leave (xf_map_<table>, made when `mapped`): `stored` is
 * what is copied into the columns after id (NULL: the same columns). */
typedef struct xf_gen_table { const char *name, *cols, *shuffled, *stored; int mapped; } xf_gen_table;

#define XF_GEN_NEW_ID(t, col) "(SELECT new FROM temp.xf_map_" t " WHERE old = " col ")"

static const xf_gen_table xf_gen_tables[XF_GEN_NST] = {
    {"entity", "uscc,name,kind,status,region,industry,established,phone,deregistered", NULL, NULL, 0},
    {"penalty",
     "id,uscc,decision_no,authority,sector,authority_region,cause,domain,measures,fine_yuan,tier,"
     "procedure,severity,decided,published,restricted_until,fulfilled,remedied,stopped,repair_revoked",
     "decided", NULL, 1},
    {"abnormal", "id,uscc,reason,report_year,listed,authority,authority_region,corrected,removed", "listed", NULL, 1},
    {"serious",
     "id,uscc,list,basis,listed,published,authority,authority_region,measures_until,fulfilled,remedied,"
     "removed,repair_revoked,penalty_id",
     "listed",
     "uscc,list,basis,listed,published,authority,authority_region,measures_until,fulfilled,remedied,"
     "removed,repair_revoked," XF_GEN_NEW_ID("penalty", "penalty_id"),
     1},
    {"inspection", "id,uscc,result,authority,authority_region,published,penalty_id,abnormal_id,stopped", "published",
     "uscc,result,authority,authority_region,published," XF_GEN_NEW_ID("penalty", "penalty_id") ","
     XF_GEN_NEW_ID("abnormal", "abnormal_id") ",stopped",
     1},
    {"application", "id,uscc,subject_table,subject_id,applied,accepted,review,decided,result,fraud", "applied",
     "uscc,subject_table,CASE subject_table"
     " WHEN 'penalty' THEN " XF_GEN_NEW_ID("penalty", "subject_id")
     " WHEN 'abnormal' THEN " XF_GEN_NEW_ID("abnormal", "subject_id")
     " WHEN 'serious' THEN " XF_GEN_NEW_ID("serious", "subject_id")
     " ELSE " XF_GEN_NEW_ID("inspection", "subject_id") " END,"
     "applied,accepted,review,decided,result,fraud",
     0},
    /* By year, then code: what a yearly bulk import gives.  Entities come
     * in code order, so one staging table per year, each filled by
     * appending, yields that order with no sort of the largest table.
     * (Filing order would need one, and would put the (uscc, year)
     * primary-key index under random inserts.) */
    {"annual_report", "uscc,year,filed,all_zero", "year", NULL, 0},
    {"workday_calendar", "day,workday", NULL, NULL, 0},
};

/* Report years the shuffled layout can stage (one table each). */
#define XF_GEN_YEAR_MIN 2000
#define XF_GEN_YEAR_MAX 2099

typedef struct xf_gen {
    sqlite3      *db;
    sqlite3_stmt *st[XF_GEN_NST];
    sqlite3_stmt *year_st[XF_GEN_YEAR_MAX - XF_GEN_YEAR_MIN + 1];  /* shuffled: annual_report by year */
    uint8_t       year_made[XF_GEN_YEAR_MAX - XF_GEN_YEAR_MIN + 1];  /* its staging table exists */
    xf_calendar  *cal;
    uint64_t      seed;
    xf_gen_shape  shape;
    xf_gen_layout layout;
    int64_t       snapshot;  /* the data's "today": later events have not happened */
    xf_gen_stats  stats;
    char         *err;
    xf_gen_rng    code_rng;  /* the stream of entity codes */
    int64_t       pen_base, abn_base, ser_base, ins_base;  /* ids before the entity's rows: its rows' ids follow */
    const xf_gen_region *regions;  /* the built-in table, or own_regions (--region) */
    int           nregions;
    xf_gen_region own_regions[XF_GEN_MAX_REGIONS];
    char          own_codes[XF_GEN_MAX_REGIONS][7];
    uint8_t       rank_of[256];    /* region index -> rank of its code */
    uint8_t       region_at[256];  /* and back */
    xf_gen_ent    ent;       /* the entity being generated (too big for the stack) */
} xf_gen;

static char *xf_gen_fmt(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    char *s = xf_vstrf(fmt, ap);
    va_end(ap);
    return s;
}

/* Record the first failure; SQLite's own message is kept verbatim. */
static int xf_gen_fail_sql(xf_gen *g, const char *what) {
    if (!g->err) g->err = xf_gen_fmt("%s: %s", what, g->db ? sqlite3_errmsg(g->db) : "out of memory");
    return -1;
}

static int xf_gen_fail(xf_gen *g, const char *what) {
    if (!g->err) g->err = xf_gen_fmt("%s", what);
    return -1;
}

static int64_t xf_gen_day(int y, int m, int d) { return xf_day_from_ymd(y, m, d); }

static int xf_gen_year(int64_t day) {
    int y, m, d;
    xf_day_to_ymd(day, &y, &m, &d);
    return y;
}

/* An event later than the snapshot has not happened yet: NULL. */
static int64_t xf_gen_seen(const xf_gen *g, int64_t day) {
    return day == XF_GEN_NODATE || day > g->snapshot ? XF_GEN_NODATE : day;
}

static int64_t xf_gen_workdays_after(const xf_gen *g, int64_t day, int64_t n) {
    int64_t out;
    if (xf_period_last(g->cal, day, xf_dur_make(n, XF_DUR_WORKDAYS), &out) != 0) return XF_GEN_NODATE;
    return out;
}

static int64_t xf_gen_months_after(const xf_gen *g, int64_t day, int64_t n) {
    int64_t out;
    if (xf_period_met(g->cal, day, xf_dur_make(n, XF_DUR_MONTHS), &out) != 0) return XF_GEN_NODATE;
    return out;
}

static int64_t xf_gen_max(int64_t a, int64_t b) { return a > b ? a : b; }

/* Delay after an event: mostly days, sometimes weeks, rarely a year or more. */
static int64_t xf_gen_delay(xf_gen_rng *r) {
    int64_t u = xf_gen_below(r, 100);
    if (u < 55) return xf_gen_range(r, 0, 15);
    if (u < 85) return xf_gen_range(r, 16, 60);
    return xf_gen_range(r, 61, 400);
}

/* ------------------------------------------------------------ USCC codes */

/* GB 11714 organization code check character over 8 body characters. */
static char xf_gen_org_check(const char *body) {
    static const int w[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 8; i++) {
        char c = body[i];
        sum += (c >= '0' && c <= '9' ? c - '0' : c - 'A' + 10) * w[i];
    }
    int c = 11 - sum % 11;
    return c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c);
}

static const char xf_gen_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";  /* in ASCII order */

static void xf_gen_make_code(const xf_gen *g, xf_gen_rng *r, xf_gen_code *out) {
    uint64_t k = (uint64_t)xf_gen_below(r, 1000);
    int region = xf_gen_pick_any(r, g->regions, sizeof *g->regions, offsetof(xf_gen_region, w), g->nregions);
    char *c = out->code;
    c[0] = '9';  /* registration authority: 工商 (market regulation) */
    c[1] = k < 700 ? '1' : k < 980 ? '2' : '3';  /* 企业 / 个体工商户 / 农民专业合作社 */
    memcpy(c + 2, g->regions[region].code, 6);
    /* Codes issued since 2015 carry an "MA" 主体标识码; older ones kept the
     * numeric organization code. */
    if (xf_gen_chance(r, 0.75)) {
        c[8] = 'M';
        c[9] = 'A';
        for (int i = 10; i < 16; i++) c[i] = xf_gen_alphabet[xf_gen_below(r, 31)];
    } else {
        c[8] = (char)('1' + xf_gen_below(r, 9));
        for (int i = 9; i < 16; i++) c[i] = (char)('0' + xf_gen_below(r, 10));
    }
    c[16] = xf_gen_org_check(c + 8);
    c[17] = xf_uscc_check_char(c);
    c[18] = '\0';
    out->region = (uint8_t)region;
}

/* A code as a number with the same order: kind, region (ranked by its
 * code), then the 8 body characters as base-31 digits (the alphabet is in
 * ASCII order).  The last two characters follow from the first 16, so
 * codes compare as their keys do. */
static void xf_gen_rank_regions(xf_gen *g) {
    for (int i = 0; i < g->nregions; i++) {
        int rank = 0;
        for (int j = 0; j < g->nregions; j++)
            rank += strcmp(g->regions[j].code, g->regions[i].code) < 0;
        g->rank_of[i] = (uint8_t)rank;
        g->region_at[rank] = (uint8_t)i;
    }
}

static uint64_t xf_gen_code_key(const xf_gen *g, const xf_gen_code *code) {
    uint64_t key = (uint64_t)(code->code[1] - '1') * (uint64_t)g->nregions + g->rank_of[code->region];
    for (int i = 8; i < 16; i++)
        key = key * 31 + (uint64_t)(strchr(xf_gen_alphabet, code->code[i]) - xf_gen_alphabet);
    return key;
}

static void xf_gen_code_of(const xf_gen *g, uint64_t key, xf_gen_code *out) {
    char *c = out->code;
    for (int i = 15; i >= 8; i--, key /= 31) c[i] = xf_gen_alphabet[key % 31];
    out->region = g->region_at[key % (uint64_t)g->nregions];
    c[0] = '9';
    c[1] = (char)('1' + key / (uint64_t)g->nregions);
    memcpy(c + 2, g->regions[out->region].code, 6);
    c[16] = xf_gen_org_check(c + 8);
    c[17] = xf_uscc_check_char(c);
    c[18] = '\0';
}

/* All codes are drawn from one stream (its own), sorted, and duplicates
 * redrawn from the same stream; gen_keys.c does that on disk. */
static uint64_t xf_gen_draw_key(void *ud) {
    xf_gen *g = ud;
    xf_gen_code code;
    xf_gen_make_code(g, &g->code_rng, &code);
    return xf_gen_code_key(g, &code);
}

/* -------------------------------------------------------------- entities */

static void xf_gen_name(xf_gen_rng *r, xf_gen_ent *e) {
    const char *z1 = xf_gen_zihao[xf_gen_below(r, XF_GEN_COUNT(xf_gen_zihao))];
    const char *z2 = xf_gen_zihao[xf_gen_below(r, XF_GEN_COUNT(xf_gen_zihao))];
    const char *const *parts = e->kind == XF_GEN_KIND_FIRM ? xf_gen_trades[e->industry]
                                                            : xf_gen_shops[e->industry];
    int n = 0;
    while (n < 6 && parts[n]) n++;
    const char *part = parts[xf_gen_below(r, n)];
    if (e->kind == XF_GEN_KIND_FIRM)
        snprintf(e->name, sizeof e->name, "%s%s%s%s有限%s", e->region->place, z1, z2, part,
                 xf_gen_chance(r, 0.8) ? "公司" : "责任公司");
    else if (e->kind == XF_GEN_KIND_INDIV)
        snprintf(e->name, sizeof e->name, "%s%s%s%s", e->region->local, z1, z2, part);
    else
        snprintf(e->name, sizeof e->name, "%s%s%s%s专业合作社", e->region->local, z1, z2,
                 xf_gen_crops[xf_gen_below(r, XF_GEN_COUNT(xf_gen_crops))]);
}

static void xf_gen_phone(xf_gen_rng *r, xf_gen_ent *e) {
    static const char second[] = "35789";
    if (xf_gen_chance(r, 0.12)) {
        e->phone[0] = '\0';
        return;
    }
    snprintf(e->phone, sizeof e->phone, "1%c%09d", second[xf_gen_below(r, 5)],
             (int)xf_gen_below(r, 1000000000));
}

static void xf_gen_entity(const xf_gen *g, xf_gen_rng *r, const xf_gen_code *code, xf_gen_ent *e) {
    e->uscc = code->code;
    e->region = &g->regions[code->region];
    e->kind = code->code[1] - '1';
    e->status = XF_GEN_PICK(r, xf_gen_status);
    e->industry = XF_GEN_PICK(r, xf_gen_industry);
    if (code->code[8] == 'M') {
        /* half uniform, half rising linearly: registrations kept growing */
        int64_t lo = xf_gen_day(2015, 10, 1), hi = xf_gen_day(2025, 12, 31);
        double t = xf_gen_chance(r, 0.5) ? xf_gen_unit(r) : sqrt(xf_gen_unit(r));
        e->established = lo + (int64_t)((double)(hi - lo) * t);
    } else {
        e->established = xf_gen_range(r, xf_gen_day(1992, 1, 1), xf_gen_day(2015, 9, 30));
    }
    int est_year = xf_gen_year(e->established);
    /* Annual reports began with report year 2013 (the 2014 reform). */
    e->first_year = est_year + 1 > 2013 ? est_year + 1 : 2013;
    e->last_year = 2025;
    if (e->status >= 2 && e->first_year <= 2025)  /* 吊销 / 注销: reports stop */
        e->last_year = (int)xf_gen_range(r, e->first_year, 2025);
    xf_gen_name(r, e);
    xf_gen_phone(r, e);
}

/* ------------------------------------------------------------- penalties */

static int64_t xf_gen_fine(xf_gen_rng *r, int kind) {
    int64_t u = xf_gen_below(r, 1000);
    /* statutory thresholds show up often in real decisions */
    if (u < 70) return 50000 * 100;
    if (u < 110) return 5000 * 100;
    if (u < 140) return 100000 * 100;
    if (u < 170) return 10000 * 100;
    if (u < 190) return 200000 * 100;
    if (u < 230) return xf_gen_range(r, 1000, 9999999);  /* to the fen: 违法所得 multiples */
    /* Roughly log-uniform over 1-2-5 bands, in integers so that no libm
     * difference can change the output across platforms. */
    static const int64_t band[] = {200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000, 500000};
    int nb = kind == XF_GEN_KIND_FIRM ? 10 : 7;
    int b = (int)xf_gen_below(r, nb);
    int64_t yuan = xf_gen_range(r, band[b], band[b + 1] - 1);
    int64_t step = yuan < 5000 ? 100 : yuan < 50000 ? 500 : 1000;
    yuan = (yuan / step) * step;
    return (yuan < 100 ? 100 : yuan) * 100;
}

static int64_t xf_gen_decided(xf_gen_rng *r, const xf_gen_ent *e) {
    int64_t lo = xf_gen_max(xf_gen_day(2019, 1, 1), e->established + 20), hi = xf_gen_day(2026, 10, 31);
    if (lo > hi) lo = hi;
    int64_t d = xf_gen_range(r, lo, hi);
    int64_t u = xf_gen_below(r, 1000);
    if (u < 5) {
        int64_t leap = u < 2 ? xf_gen_day(2020, 2, 29) : xf_gen_day(2024, 2, 29);
        if (leap >= lo) d = leap;
    } else if (u < 45) {
        int y, m, dd;
        xf_day_to_ymd(d, &y, &m, &dd);
        d = xf_gen_day(y, m, xf_days_in_month(y, m));
        if (d > hi) d = hi;
    }
    return d;
}

/* 第五十一条 行政处罚法: warnings and small fines may be decided on the spot. */
static void xf_gen_simple_penalty(xf_gen_rng *r, const xf_gen_ent *e, xf_gen_pen *p) {
    p->simple = 1;
    if (xf_gen_chance(r, 0.4)) {
        p->measures = "警告";
        p->fine_fen = -1;
    } else {
        p->measures = "罚款";
        p->fine_fen = e->kind == XF_GEN_KIND_FIRM ? xf_gen_range(r, 1, 60) * 5000 : xf_gen_range(r, 1, 20) * 1000;
    }
    p->tier = xf_gen_chance(r, 0.7) ? "一般" : NULL;
    p->severity = NULL;
    p->restrict_months = 0;
    p->heavy = 0;
}

static void xf_gen_cause_of(xf_gen_rng *r, const xf_gen_ent *e, xf_gen_pen *p, int i) {
    /* The same kind of violation again (同一类违法行为) is common. */
    if (i > 0 && xf_gen_chance(r, 0.35)) {
        const xf_gen_pen *q = &e->pen[xf_gen_below(r, i)];
        p->sector = q->sector;
        p->cause = q->cause;
        return;
    }
    p->sector = XF_GEN_PICK(r, xf_gen_sectors);  /* weight-0 rows are never drawn */
    int64_t total = 0, x;
    for (int c = 0; c < XF_GEN_COUNT(xf_gen_causes); c++)
        if (xf_gen_causes[c].sector == p->sector) total += xf_gen_causes[c].w;
    x = xf_gen_below(r, total);
    for (int c = 0; c < XF_GEN_COUNT(xf_gen_causes); c++) {
        if (xf_gen_causes[c].sector != p->sector) continue;
        p->cause = c;
        if (x < xf_gen_causes[c].w) break;
        x -= xf_gen_causes[c].w;
    }
}

static void xf_gen_penalty_kind(xf_gen_rng *r, const xf_gen_ent *e, xf_gen_pen *p) {
    const xf_gen_measure *m = &xf_gen_measures[XF_GEN_PICK(r, xf_gen_measures)];
    p->simple = 0;
    p->measures = m->label;
    p->fine_fen = m->fine ? xf_gen_fine(r, e->kind) : -1;
    p->tier = XF_GEN_LABEL(r, xf_gen_tiers);
    p->severity = XF_GEN_LABEL(r, xf_gen_severity);
    if ((m->heavy || p->fine_fen >= 100000 * 100) && xf_gen_chance(r, 0.25)) p->severity = "严重";
    p->heavy = m->heavy || p->fine_fen >= 100000 * 100 ||
               (p->severity && (!strcmp(p->severity, "严重") || !strcmp(p->severity, "特定严重")));
    p->restrict_months = 0;
    if (m->restrict_) {
        static const int months[] = {1, 3, 6, 6, 12, 24};
        p->restrict_months = months[xf_gen_below(r, 6)];
    }
}

/* Dates after the decision: publicity, fulfilment, repair, expiry. */
static void xf_gen_penalty_dates(xf_gen *g, xf_gen_rng *r, xf_gen_pen *p) {
    int64_t d = p->decided;
    p->restricted_until = XF_GEN_NODATE;
    if (p->restrict_months) {
        int64_t met = xf_gen_months_after(g, d, p->restrict_months);
        if (met != XF_GEN_NODATE) p->restricted_until = met - 1;
    }
    int warning_only = strcmp(p->measures, "警告") == 0;
    p->published = XF_GEN_NODATE;
    if (!p->simple && !warning_only && xf_gen_chance(r, 0.98))
        p->published = xf_gen_seen(g, xf_gen_workdays_after(g, d, xf_gen_chance(r, 0.5) ? xf_gen_below(r, 8)
                                                                                        : xf_gen_below(r, 21)));
    p->fulfilled = xf_gen_chance(r, 0.8) ? xf_gen_seen(g, d + xf_gen_delay(r)) : XF_GEN_NODATE;
    p->remedied = xf_gen_chance(r, 0.8) ? xf_gen_seen(g, d + xf_gen_delay(r)) : XF_GEN_NODATE;
    p->stopped = p->repair_revoked = XF_GEN_NODATE;
    p->repaired = 0;
    if (p->published == XF_GEN_NODATE) return;
    int64_t expiry = xf_gen_seen(g, xf_gen_months_after(g, p->published, 36));
    if (expiry != XF_GEN_NODATE && xf_gen_chance(r, 0.35)) {
        p->stopped = expiry;  /* publicity period over */
    } else if (p->fulfilled != XF_GEN_NODATE && p->remedied != XF_GEN_NODATE && xf_gen_chance(r, 0.12)) {
        /* credit repair granted */
        int64_t from = xf_gen_max(xf_gen_max(p->fulfilled, p->remedied), p->published + 90);
        p->stopped = xf_gen_seen(g, from + xf_gen_range(r, 5, 60));
        p->repaired = p->stopped != XF_GEN_NODATE;
        if (p->stopped != XF_GEN_NODATE && xf_gen_chance(r, 0.03))
            p->repair_revoked = xf_gen_seen(g, p->stopped + xf_gen_range(r, 30, 300));
    }
}

static void xf_gen_penalty(xf_gen *g, xf_gen_rng *r, xf_gen_ent *e, int i) {
    xf_gen_pen *p = &e->pen[i];
    xf_gen_cause_of(r, e, p, i);
    const xf_gen_cause *c = &xf_gen_causes[p->cause];
    p->domain = xf_gen_chance(r, 0.7) ? c->domain : XF_GEN_LABEL(r, xf_gen_domains);
    if (p->sector == XF_GEN_SEC_SAMR && xf_gen_chance(r, 0.05)) {
        xf_gen_simple_penalty(r, e, p);
    } else {
        xf_gen_penalty_kind(r, e, p);
    }
    p->decided = xf_gen_decided(r, e);
    xf_gen_penalty_dates(g, r, p);
    snprintf(p->decision_no, sizeof p->decision_no, "%s%s%s罚〔%d〕%d号", e->region->abbr,
             xf_gen_sectors[p->sector].abbr, p->simple ? "简" : "", xf_gen_year(p->decided),
             (int)xf_gen_range(r, 1, 2400));
    if (strstr(p->measures, "吊销营业执照") && e->status < 2) e->status = 2;  /* 吊销 */
}

static int xf_gen_penalty_count(xf_gen_rng *r) {
    int64_t u = xf_gen_below(r, 10000);
    if (u < 7300) return 0;
    if (u < 8950) return 1;
    if (u < 9500) return 2;
    if (u < 9800) return 3;
    if (u < 9950) return (int)xf_gen_range(r, 4, 6);
    return (int)xf_gen_range(r, 7, 30);
}

/* -------------------------------------------------------------- abnormal */

static int xf_gen_year_taken(const xf_gen_ent *e, int year) {
    for (int i = 0; i < e->nabn; i++)
        if (e->abn[i].reason == XF_GEN_ABN_REPORT && e->abn[i].report_year == year) return 1;
    return 0;
}

/* 未按期年报: listed right after the 30 June deadline of the next year. */
static int xf_gen_report_listing(xf_gen *g, xf_gen_rng *r, const xf_gen_ent *e, xf_gen_abn *a) {
    for (int tries = 0; tries < 4 && e->first_year <= e->last_year; tries++) {
        int year = (int)xf_gen_range(r, e->first_year, e->last_year);
        if (xf_gen_year_taken(e, year)) continue;
        int64_t listed = xf_gen_chance(r, 0.85) ? xf_gen_day(year + 1, 7, (int)xf_gen_range(r, 1, 15))
                                                 : xf_gen_range(r, xf_gen_day(year + 1, 7, 16), xf_gen_day(year + 1, 12, 31));
        if (listed > g->snapshot) continue;
        a->report_year = year;
        a->listed = listed;
        return 0;
    }
    return -1;
}

static void xf_gen_abnormal(xf_gen *g, xf_gen_rng *r, xf_gen_ent *e) {
    xf_gen_abn *a = &e->abn[e->nabn];
    a->reason = XF_GEN_PICK(r, xf_gen_abn_reasons);
    a->report_year = 0;
    if (a->reason != XF_GEN_ABN_REPORT || xf_gen_report_listing(g, r, e, a) != 0) {
        if (a->reason == XF_GEN_ABN_REPORT) a->reason = XF_GEN_ABN_ADDRESS;  /* no missed year to list */
        int64_t lo = xf_gen_max(e->established + 90, xf_gen_day(2014, 3, 1));
        if (lo > g->snapshot) return;
        a->listed = xf_gen_range(r, lo, g->snapshot);
    }
    double p_corr = a->reason == XF_GEN_ABN_REPORT ? 0.45 : 0.3;
    a->corrected = xf_gen_chance(r, p_corr) ? xf_gen_seen(g, a->listed + xf_gen_range(r, 3, 700)) : XF_GEN_NODATE;
    a->removed = XF_GEN_NODATE;
    if (a->corrected != XF_GEN_NODATE && xf_gen_chance(r, 0.92))
        a->removed = xf_gen_seen(g, xf_gen_workdays_after(g, a->corrected, xf_gen_range(r, 1, 20)));
    e->nabn++;
}

static int xf_gen_abnormal_count(xf_gen_rng *r) {
    int64_t u = xf_gen_below(r, 1000);
    if (u < 890) return 0;
    if (u < 970) return 1;
    if (u < 990) return 2;
    return (int)xf_gen_range(r, 3, 4);
}

/* --------------------------------------------------------------- serious */

/* An abnormal listing left uncorrected for three years moves an entity to
 * the serious list (严重违法失信名单管理办法 第十三条). */
static int64_t xf_gen_three_years(const xf_gen *g, const xf_gen_ent *e) {
    for (int i = 0; i < e->nabn; i++) {
        if (e->abn[i].removed != XF_GEN_NODATE) continue;
        int64_t met = xf_gen_seen(g, xf_gen_months_after(g, e->abn[i].listed, 36));
        if (met != XF_GEN_NODATE) return met;
    }
    return XF_GEN_NODATE;
}

static void xf_gen_serious(xf_gen *g, xf_gen_rng *r, xf_gen_ent *e) {
    xf_gen_ser *s = &e->ser[e->nser];
    s->list = XF_GEN_PICK(r, xf_gen_lists);
    const xf_gen_list *l = &xf_gen_lists[s->list];
    s->basis = l->basis[xf_gen_pick(r, l->basis, XF_GEN_COUNT(l->basis))].label;
    int64_t three = s->list == XF_GEN_LIST_SAMR ? xf_gen_three_years(g, e) : XF_GEN_NODATE;
    if (three != XF_GEN_NODATE && xf_gen_chance(r, 0.8)) {
        s->basis = "列入经营异常名录届满三年";
        s->listed = xf_gen_seen(g, three + xf_gen_range(r, 0, 90));
        if (s->listed == XF_GEN_NODATE) s->listed = g->snapshot;
    } else {
        int64_t lo = xf_gen_max(e->established + 365, xf_gen_day(2019, 1, 1));
        if (lo > g->snapshot) return;
        s->listed = xf_gen_range(r, lo, g->snapshot);
    }
    s->published = xf_gen_chance(r, 0.95) ? xf_gen_seen(g, xf_gen_workdays_after(g, s->listed, xf_gen_below(r, 21)))
                                          : XF_GEN_NODATE;
    s->measures_until = XF_GEN_NODATE;
    if (xf_gen_chance(r, 0.4)) {
        int64_t met = xf_gen_months_after(g, s->listed, 36);
        if (met != XF_GEN_NODATE) s->measures_until = met - 1;
    }
    s->fulfilled = xf_gen_chance(r, 0.35) ? xf_gen_seen(g, s->listed + xf_gen_range(r, 10, 500)) : XF_GEN_NODATE;
    s->remedied = xf_gen_chance(r, 0.3) ? xf_gen_seen(g, s->listed + xf_gen_range(r, 10, 500)) : XF_GEN_NODATE;
    s->removed = s->repair_revoked = XF_GEN_NODATE;
    s->pen = -1;
    if (xf_gen_chance(r, 0.2)) {
        int64_t from = xf_gen_max(s->listed + 365, xf_gen_max(s->fulfilled, s->remedied));
        s->removed = xf_gen_seen(g, from + xf_gen_range(r, 0, 60));
        if (s->removed != XF_GEN_NODATE && xf_gen_chance(r, 0.03))
            s->repair_revoked = xf_gen_seen(g, s->removed + xf_gen_range(r, 30, 300));
    }
    e->nser++;
}

/* ------------------------------------------- version 2: from a stream of its own */

/* What version 2 of the records schema added (deregistered, serious.penalty_id,
 * inspection, application) and the dormant entities is drawn from a second
 * stream per entity, after the first stream's draws: the records an entity
 * had before stay as they were, but for the dormant entities (their reports,
 * phone and listings) and the rows that inspections and serious listings
 * add (a penalty, a listing). */
#define XF_GEN_V2_STREAM 0x5EC0D2A11DA7A000ULL

/* A 市场监管 penalty decided on that day (heavy: a 较重 one); its index, or -1. */
static int xf_gen_add_penalty(xf_gen *g, xf_gen_rng *r, xf_gen_ent *e, int64_t decided, int heavy) {
    if (e->npen >= XF_GEN_MAX_PEN || decided == XF_GEN_NODATE || decided > g->snapshot ||
        decided < xf_gen_day(2019, 1, 1))
        return -1;
    xf_gen_pen *p = &e->pen[e->npen];
    p->sector = XF_GEN_SEC_SAMR;
    int64_t total = 0, x;
    for (int c = 0; c < XF_GEN_COUNT(xf_gen_causes); c++)
        if (xf_gen_causes[c].sector == XF_GEN_SEC_SAMR) total += xf_gen_causes[c].w;
    x = xf_gen_below(r, total);
    for (int c = 0; c < XF_GEN_COUNT(xf_gen_causes); c++) {
        if (xf_gen_causes[c].sector != XF_GEN_SEC_SAMR) continue;
        p->cause = c;
        if (x < xf_gen_causes[c].w) break;
        x -= xf_gen_causes[c].w;
    }
    p->domain = xf_gen_causes[p->cause].domain;
    xf_gen_penalty_kind(r, e, p);
    if (heavy && !p->heavy) {
        total = 0;
        for (int m = 0; m < XF_GEN_COUNT(xf_gen_measures); m++) total += xf_gen_measures[m].heavy ? xf_gen_measures[m].w : 0;
        x = xf_gen_below(r, total);
        const xf_gen_measure *m = NULL;
        for (int k = 0; k < XF_GEN_COUNT(xf_gen_measures) && !m; k++) {
            if (!xf_gen_measures[k].heavy) continue;
            if (x < xf_gen_measures[k].w) m = &xf_gen_measures[k];
            else x -= xf_gen_measures[k].w;
        }
        p->measures = m->label;
        p->fine_fen = m->fine ? xf_gen_fine(r, e->kind) : -1;
        p->heavy = 1;
        static const int months[] = {1, 3, 6, 6, 12, 24};
        p->restrict_months = m->restrict_ ? months[xf_gen_below(r, 6)] : 0;
    }
    p->decided = decided;
    xf_gen_penalty_dates(g, r, p);
    snprintf(p->decision_no, sizeof p->decision_no, "%s%s罚〔%d〕%d号", e->region->abbr,
             xf_gen_sectors[p->sector].abbr, xf_gen_year(p->decided), (int)xf_gen_range(r, 1, 2400));
    if (strstr(p->measures, "吊销营业执照") && e->status < 2) e->status = 2;  /* 吊销 */
    return e->npen++;
}

/* An inspection published on that day with that result, followed by the
 * penalty pen or the listing abn (indexes, -1: nothing yet); its index, or
 * -1.  A negative result is publicized for three years, or repaired. */
static int xf_gen_add_inspection(xf_gen *g, xf_gen_rng *r, xf_gen_ent *e, int result, int64_t published, int pen,
                                 int abn) {
    if (e->nins >= XF_GEN_MAX_INS || published == XF_GEN_NODATE || published > g->snapshot) return -1;
    xf_gen_ins *in = &e->ins[e->nins];
    in->result = result;
    in->published = published;
    in->pen = pen;
    in->abn = abn;
    in->stopped = XF_GEN_NODATE;
    in->repaired = 0;
    if (result != XF_GEN_INS_CLEAN) {
        int64_t expiry = xf_gen_seen(g, xf_gen_months_after(g, published, 36));
        if (expiry != XF_GEN_NODATE && xf_gen_chance(r, 0.5)) {
            in->stopped = expiry;
        } else if (xf_gen_chance(r, 0.15)) {
            in->stopped = xf_gen_seen(g, published + xf_gen_range(r, 60, 400));
            in->repaired = in->stopped != XF_GEN_NODATE;
        }
    }
    return e->nins++;
}

/* An application about row ix of table, made on `applied`: accepted a few
 * working days later, reviewed on paper or on site, decided (no later than
 * `by`, when given) as `result`, or pending.  Nothing after the snapshot
 * has happened: a decision after it is still pending. */
static void xf_gen_add_application(xf_gen *g, xf_gen_rng *r, xf_gen_ent *e, int table, int ix, int64_t applied,
                                   int64_t by, int result, int fraud) {
    if (e->napp >= XF_GEN_MAX_APP || applied == XF_GEN_NODATE || applied > g->snapshot) return;
    if (by != XF_GEN_NODATE && applied > by) applied = by;
    xf_gen_app *a = &e->app[e->napp++];
    a->table = table;
    a->ix = ix;
    a->applied = applied;
    a->result = result;
    a->fraud = fraud;
    a->accepted = xf_gen_workdays_after(g, applied, xf_gen_range(r, 0, 3));
    int on_site = xf_gen_chance(r, e->industry != 0 ? 0.6 : 0.05);  /* 重点领域: 实地核查 */
    a->review = on_site ? "实地核查" : "书面审查";
    a->decided = xf_gen_workdays_after(g, a->accepted, on_site ? xf_gen_range(r, 3, 15) : xf_gen_range(r, 1, 5));
    if (by != XF_GEN_NODATE && a->decided > by) {
        a->decided = by;
        if (a->accepted > by) a->accepted = by;
    }
    if (result == XF_GEN_RES_WITHDRAWN) {
        a->review = NULL;
        a->decided = applied + xf_gen_range(r, 1, 30);
        if (a->accepted > a->decided || xf_gen_chance(r, 0.5)) a->accepted = XF_GEN_NODATE;
    } else if (result == XF_GEN_RES_PENDING) {
        a->review = NULL;
        a->decided = XF_GEN_NODATE;
        if (xf_gen_chance(r, 0.3)) a->accepted = XF_GEN_NODATE;
    }
    if (a->accepted != XF_GEN_NODATE && a->accepted > g->snapshot) a->accepted = XF_GEN_NODATE;
    if (a->decided != XF_GEN_NODATE && a->decided > g->snapshot) {
        a->decided = XF_GEN_NODATE;
        a->result = XF_GEN_RES_PENDING;
        a->review = NULL;
    }
    if (a->result == XF_GEN_RES_PENDING) a->fraud = 0;
}

/* Refused (a few for concealed facts or false materials), pending or withdrawn. */
static void xf_gen_open_application(xf_gen *g, xf_gen_rng *r, xf_gen_ent *e, int table, int ix, int64_t applied,
                                    int refused, int pending, int withdrawn, double p_fraud) {
    static const int res[] = {XF_GEN_RES_REFUSED, XF_GEN_RES_PENDING, XF_GEN_RES_WITHDRAWN};
    xf_gen_w w[3] = {{NULL, refused}, {NULL, pending}, {NULL, withdrawn}};
    int k = res[xf_gen_pick(r, w, 3)];
    xf_gen_add_application(g, r, e, table, ix, applied, XF_GEN_NODATE, k,
                           k == XF_GEN_RES_REFUSED && xf_gen_chance(r, p_fraud));
}

static int64_t xf_gen_latest(int64_t a, int64_t b) {
    if (a == XF_GEN_NODATE) return b;
    if (b == XF_GEN_NODATE) return a;
    return a > b ? a : b;
}

/* Results of spot checks that nothing has followed (yet): most find nothing. */
static const xf_gen_w xf_gen_ins_plain[] = {
    {NULL, 800}, {NULL, 25}, {NULL, 4}, {NULL, 25}, {NULL, 100}, {NULL, 1}, {NULL, 25}, {NULL, 20},
};  /* weights in the order of xf_gen_ins_results */

/* A 存续 entity with an uncorrected listing for an unreachable address or a
 * missed report may be dormant (多年零申报, not reachable): its last two filed
 * reports all zero, none since, and no phone.  The last filed year is the
 * one before the missed report, or before the year of the address listing
 * (2022 at the latest); only where every listing for a missed report after
 * it is uncorrected and none falls on the last two filed years. */
static void xf_gen_dormant(xf_gen_rng *r, xf_gen_ent *e, const xf_gen_abn *a) {
    if (e->status != 0 || e->dormant_year || a->corrected != XF_GEN_NODATE) return;
    int year = a->reason == XF_GEN_ABN_REPORT ? a->report_year - 1 : xf_gen_year(a->listed) - 1;
    if (year > 2022) year = 2022;
    if (year - 1 < e->first_year || !xf_gen_chance(r, a->reason == XF_GEN_ABN_REPORT ? 0.2 : 0.8)) return;
    for (int i = 0; i < e->nabn; i++) {
        const xf_gen_abn *b = &e->abn[i];
        if (b->reason != XF_GEN_ABN_REPORT) continue;
        if (b->report_year >= year - 1 && (b->report_year <= year || b->corrected != XF_GEN_NODATE)) return;
    }
    e->dormant_year = year;
    e->phone[0] = '\0';
}

static void xf_gen_v2(xf_gen *g, xf_gen_rng *r, xf_gen_ent *e) {
    /* 注销: after the last report (filed by 30 June of the next year) */
    e->deregistered = XF_GEN_NODATE;
    e->dormant_year = 0;
    e->nins = e->napp = 0;
    if (e->status == 3) {
        int64_t lo = xf_gen_max(e->established + 30, xf_gen_day(e->last_year + 1, 7, 1)), hi = g->snapshot - 1;
        e->deregistered = xf_gen_range(r, lo < hi ? lo : hi, hi);
    }
    int64_t first_check = xf_gen_max(e->established + 60, xf_gen_day(2019, 1, 1));

    /* spot checks (双随机、一公开) whose findings led to a listing or a penalty
     * the entity has: the result published shortly before */
    for (int i = 0; i < e->nabn; i++) {
        const xf_gen_abn *a = &e->abn[i];
        int result = a->reason == XF_GEN_ABN_ADDRESS ? XF_GEN_INS_UNREACHABLE
                   : a->reason == 2                  ? XF_GEN_INS_UNDISCLOSED
                   : a->reason == 3                  ? XF_GEN_INS_FALSE
                                                     : -1;
        int was = e->dormant_year;
        if (a->reason == XF_GEN_ABN_ADDRESS || a->reason == XF_GEN_ABN_REPORT) xf_gen_dormant(r, e, a);
        if (result < 0) continue;
        /* the check that found a dormant entity unreachable is always there */
        int dormant = !was && e->dormant_year && a->reason == XF_GEN_ABN_ADDRESS;
        if (!dormant && !xf_gen_chance(r, 0.5)) continue;
        int64_t published = a->listed - xf_gen_range(r, 1, 20);
        if (published >= first_check) xf_gen_add_inspection(g, r, e, result, published, -1, i);
    }
    for (int i = 0; i < e->npen; i++) {
        const xf_gen_pen *p = &e->pen[i];
        if (p->sector != XF_GEN_SEC_SAMR || p->simple || !xf_gen_chance(r, 0.05)) continue;
        int64_t u = xf_gen_below(r, 100);
        int result = p->heavy && u < 8 ? XF_GEN_INS_OBSTRUCTED : u < 70 ? XF_GEN_INS_FOLLOW_UP : XF_GEN_INS_ORDERED;
        int64_t published = p->decided - xf_gen_range(r, 20, 150);
        if (published >= first_check) xf_gen_add_inspection(g, r, e, result, published, i, -1);
    }
    /* and the others, most finding nothing; those with findings have no
     * follow-up yet (or none recorded) */
    int64_t u = xf_gen_below(r, 1000);
    int nins = u < 800 ? 0 : u < 950 ? 1 : u < 990 ? 2 : 3;
    int64_t last_check = e->deregistered != XF_GEN_NODATE ? e->deregistered : g->snapshot;
    for (int i = 0; i < nins && first_check <= last_check; i++)
        xf_gen_add_inspection(g, r, e, XF_GEN_PICK(r, xf_gen_ins_plain), xf_gen_range(r, first_check, last_check), -1,
                              -1);

    /* the penalty a 市场监管 listing for a 较重 penalty rests on: the entity's
     * latest before the listing, or one added; now and then not recorded */
    for (int i = 0; i < e->nser; i++) {
        xf_gen_ser *s = &e->ser[i];
        if (s->list != XF_GEN_LIST_SAMR || !s->basis ||
            (strcmp(s->basis, "较重行政处罚") && strcmp(s->basis, "食品安全严重违法")) || !xf_gen_chance(r, 0.85))
            continue;
        int best = -1;
        for (int k = 0; k < e->npen; k++) {
            const xf_gen_pen *p = &e->pen[k];
            if (p->sector == XF_GEN_SEC_SAMR && !p->simple && p->heavy && p->decided < s->listed &&
                (best < 0 || p->decided > e->pen[best].decided))
                best = k;
        }
        if (best < 0) {
            int64_t d = xf_gen_max(xf_gen_max(e->established + 20, xf_gen_day(2019, 1, 1)),
                                   s->listed - xf_gen_range(r, 30, 300));
            if (d < s->listed) best = xf_gen_add_penalty(g, r, e, d, 1);
        }
        s->pen = best;
    }

    /* applications for credit repair */
    for (int i = 0; i < e->npen; i++) {
        const xf_gen_pen *p = &e->pen[i];
        if (p->simple || p->published == XF_GEN_NODATE) continue;
        int64_t ready = xf_gen_latest(p->published, xf_gen_latest(p->fulfilled, p->remedied));
        if (p->repaired) {
            if (xf_gen_chance(r, 0.9))
                xf_gen_add_application(g, r, e, XF_GEN_APP_PENALTY, i,
                                       xf_gen_max(ready, p->stopped - xf_gen_range(r, 3, 25)), p->stopped,
                                       XF_GEN_RES_GRANTED, p->repair_revoked != XF_GEN_NODATE);
        } else if (p->stopped == XF_GEN_NODATE && p->fulfilled != XF_GEN_NODATE && p->remedied != XF_GEN_NODATE) {
            int64_t lo = xf_gen_max(p->published + 90, ready);
            if (lo <= g->snapshot && xf_gen_chance(r, 0.1))
                xf_gen_open_application(g, r, e, XF_GEN_APP_PENALTY, i, xf_gen_range(r, lo, g->snapshot), 35, 40, 25, 0.3);
        } else if (p->stopped == XF_GEN_NODATE && xf_gen_chance(r, 0.02)) {
            /* before the conditions are met: refused */
            xf_gen_add_application(g, r, e, XF_GEN_APP_PENALTY, i, xf_gen_range(r, p->published, g->snapshot),
                                   XF_GEN_NODATE, XF_GEN_RES_REFUSED, xf_gen_chance(r, 0.2));
        }
    }
    for (int i = 0; i < e->nabn; i++) {
        const xf_gen_abn *a = &e->abn[i];
        if (a->corrected != XF_GEN_NODATE && a->removed != XF_GEN_NODATE) {
            if (xf_gen_chance(r, 0.85))
                xf_gen_add_application(g, r, e, XF_GEN_APP_ABNORMAL, i, a->corrected + xf_gen_range(r, 0, 3), a->removed,
                                       XF_GEN_RES_GRANTED, 0);
        } else if (a->corrected != XF_GEN_NODATE) {
            if (xf_gen_chance(r, 0.6))
                xf_gen_open_application(g, r, e, XF_GEN_APP_ABNORMAL, i, a->corrected + xf_gen_range(r, 0, 10), 35, 50, 15,
                                        0.25);
        } else if (xf_gen_chance(r, 0.02)) {
            xf_gen_add_application(g, r, e, XF_GEN_APP_ABNORMAL, i, a->listed + xf_gen_range(r, 30, 400), XF_GEN_NODATE,
                                   XF_GEN_RES_REFUSED, 0);
        }
    }
    for (int i = 0; i < e->nser; i++) {
        const xf_gen_ser *s = &e->ser[i];
        if (s->removed != XF_GEN_NODATE) {
            if (xf_gen_chance(r, 0.9))
                xf_gen_add_application(g, r, e, XF_GEN_APP_SERIOUS, i,
                                       xf_gen_max(s->listed, s->removed - xf_gen_range(r, 10, 40)), s->removed,
                                       XF_GEN_RES_GRANTED, s->repair_revoked != XF_GEN_NODATE);
        } else if (s->fulfilled != XF_GEN_NODATE && s->remedied != XF_GEN_NODATE && xf_gen_chance(r, 0.15)) {
            int64_t lo = xf_gen_max(s->listed + 365, xf_gen_max(s->fulfilled, s->remedied));
            if (lo <= g->snapshot)
                xf_gen_open_application(g, r, e, XF_GEN_APP_SERIOUS, i, xf_gen_range(r, lo, g->snapshot), 50, 35, 15, 0.3);
        }
    }
    for (int i = 0; i < e->nins; i++) {
        const xf_gen_ins *in = &e->ins[i];
        if (in->repaired && xf_gen_chance(r, 0.9))
            xf_gen_add_application(g, r, e, XF_GEN_APP_INSPECTION, i,
                                   xf_gen_max(in->published, in->stopped - xf_gen_range(r, 5, 30)), in->stopped,
                                   XF_GEN_RES_GRANTED, 0);
    }
}

/* ------------------------------------------------------------ insertion */

static int xf_gen_bind_text(sqlite3_stmt *st, int i, const char *s) {
    return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(st, i);
}

static int xf_gen_bind_date(sqlite3_stmt *st, int i, int64_t day) {
    char buf[11];
    if (day == XF_GEN_NODATE) return sqlite3_bind_null(st, i);
    xf_date_format(day, buf);
    return sqlite3_bind_text(st, i, buf, 10, SQLITE_TRANSIENT);
}

/* Money is exact: whole yuan as an integer, anything finer as "123.45" text,
 * which NUMERIC affinity stores as the nearest REAL and prints back the same. */
static int xf_gen_bind_money(sqlite3_stmt *st, int i, int64_t fen) {
    if (fen < 0) return sqlite3_bind_null(st, i);
    if (fen % 100 == 0) return sqlite3_bind_int64(st, i, fen / 100);
    char buf[32];
    int n = fen % 10 == 0 ? snprintf(buf, sizeof buf, "%lld.%lld", (long long)(fen / 100), (long long)(fen % 100 / 10))
                          : snprintf(buf, sizeof buf, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
    return sqlite3_bind_text(st, i, buf, n, SQLITE_TRANSIENT);
}

static sqlite3_stmt *xf_gen_report_st(xf_gen *g, int year);

/* Step a fully bound insert; binding errors surface here too, since SQLite
 * keeps the statement's error until reset. */
static int xf_gen_step(xf_gen *g, sqlite3_stmt *st, int bind_rc, const char *what) {
    int rc = bind_rc == SQLITE_OK ? sqlite3_step(st) : bind_rc;
    if (rc != SQLITE_DONE) {
        xf_gen_fail_sql(g, what);
        sqlite3_reset(st);
        return -1;
    }
    sqlite3_reset(st);
    return 0;
}

static void xf_gen_authority(char *buf, size_t n, int sector, const xf_gen_region *reg) {
    if (sector == XF_GEN_SEC_TAX)
        snprintf(buf, n, "国家税务总局%s税务局", reg->full);
    else
        snprintf(buf, n, "%s%s", reg->full, xf_gen_sectors[sector].agency);
}

static int xf_gen_put_entity(xf_gen *g, const xf_gen_ent *e) {
    sqlite3_stmt *st = g->st[XF_GEN_ST_ENTITY];
    int rc = xf_gen_bind_text(st, 1, e->uscc);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 2, e->name);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 3, xf_gen_kinds[e->kind]);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 4, xf_gen_status[e->status].label);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 5, e->region->code);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 6, xf_gen_industry[e->industry].label);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 7, e->established);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 8, e->phone[0] ? e->phone : NULL);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 9, e->deregistered);
    if (xf_gen_step(g, st, rc, "inserting into entity") != 0) return -1;
    g->stats.entities++;
    return 0;
}

static int xf_gen_put_penalty(xf_gen *g, const xf_gen_ent *e, const xf_gen_pen *p) {
    sqlite3_stmt *st = g->st[XF_GEN_ST_PENALTY];
    char authority[160];
    xf_gen_authority(authority, sizeof authority, p->sector, e->region);
    int rc = sqlite3_bind_int64(st, 1, g->stats.penalties + 1);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 2, e->uscc);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 3, p->decision_no);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 4, authority);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 5, xf_gen_sectors[p->sector].label);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 6, e->region->code);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 7, xf_gen_causes[p->cause].label);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 8, p->domain);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 9, p->measures);
    if (rc == SQLITE_OK) rc = xf_gen_bind_money(st, 10, p->fine_fen);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 11, p->tier);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 12, p->simple ? "简易" : "普通");
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 13, p->severity);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 14, p->decided);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 15, p->published);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 16, p->restricted_until);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 17, p->fulfilled);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 18, p->remedied);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 19, p->stopped);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 20, p->repair_revoked);
    if (xf_gen_step(g, st, rc, "inserting into penalty") != 0) return -1;
    g->stats.penalties++;
    return 0;
}

static int xf_gen_put_abnormal(xf_gen *g, const xf_gen_ent *e, const xf_gen_abn *a) {
    sqlite3_stmt *st = g->st[XF_GEN_ST_ABNORMAL];
    char authority[160];
    xf_gen_authority(authority, sizeof authority, XF_GEN_SEC_SAMR, e->region);
    int rc = sqlite3_bind_int64(st, 1, g->stats.abnormal + 1);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 2, e->uscc);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 3, xf_gen_abn_reasons[a->reason].label);
    if (rc == SQLITE_OK) rc = a->report_year ? sqlite3_bind_int(st, 4, a->report_year) : sqlite3_bind_null(st, 4);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 5, a->listed);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 6, authority);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 7, e->region->code);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 8, a->corrected);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 9, a->removed);
    if (xf_gen_step(g, st, rc, "inserting into abnormal") != 0) return -1;
    g->stats.abnormal++;
    return 0;
}

static int xf_gen_put_serious(xf_gen *g, const xf_gen_ent *e, const xf_gen_ser *s) {
    sqlite3_stmt *st = g->st[XF_GEN_ST_SERIOUS];
    char authority[160];
    xf_gen_authority(authority, sizeof authority, xf_gen_lists[s->list].sector, e->region);
    int rc = sqlite3_bind_int64(st, 1, g->stats.serious + 1);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 2, e->uscc);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 3, xf_gen_lists[s->list].label);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 4, s->basis);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 5, s->listed);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 6, s->published);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 7, authority);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 8, e->region->code);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 9, s->measures_until);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 10, s->fulfilled);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 11, s->remedied);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 12, s->removed);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 13, s->repair_revoked);
    if (rc == SQLITE_OK) rc = s->pen >= 0 ? sqlite3_bind_int64(st, 14, g->pen_base + s->pen + 1) : sqlite3_bind_null(st, 14);
    if (xf_gen_step(g, st, rc, "inserting into serious") != 0) return -1;
    g->stats.serious++;
    return 0;
}

static int xf_gen_put_inspection(xf_gen *g, const xf_gen_ent *e, const xf_gen_ins *in) {
    sqlite3_stmt *st = g->st[XF_GEN_ST_INSPECTION];
    char authority[160];
    xf_gen_authority(authority, sizeof authority, XF_GEN_SEC_SAMR, e->region);
    int rc = sqlite3_bind_int64(st, 1, g->stats.inspections + 1);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 2, e->uscc);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 3, xf_gen_ins_results[in->result].label);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 4, authority);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 5, e->region->code);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 6, in->published);
    if (rc == SQLITE_OK) rc = in->pen >= 0 ? sqlite3_bind_int64(st, 7, g->pen_base + in->pen + 1) : sqlite3_bind_null(st, 7);
    if (rc == SQLITE_OK) rc = in->abn >= 0 ? sqlite3_bind_int64(st, 8, g->abn_base + in->abn + 1) : sqlite3_bind_null(st, 8);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 9, in->stopped);
    if (xf_gen_step(g, st, rc, "inserting into inspection") != 0) return -1;
    g->stats.inspections++;
    return 0;
}

static int xf_gen_put_application(xf_gen *g, const xf_gen_ent *e, const xf_gen_app *a) {
    sqlite3_stmt *st = g->st[XF_GEN_ST_APPLICATION];
    const int64_t base[] = {g->pen_base, g->abn_base, g->ser_base, g->ins_base};
    int rc = sqlite3_bind_int64(st, 1, g->stats.applications + 1);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 2, e->uscc);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 3, xf_gen_app_tables[a->table]);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int64(st, 4, base[a->table] + a->ix + 1);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 5, a->applied);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 6, a->accepted);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 7, a->review);
    if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 8, a->decided);
    if (rc == SQLITE_OK) rc = xf_gen_bind_text(st, 9, xf_gen_app_results[a->result]);
    if (rc == SQLITE_OK) rc = sqlite3_bind_int(st, 10, a->fraud);
    if (xf_gen_step(g, st, rc, "inserting into application") != 0) return -1;
    g->stats.applications++;
    return 0;
}

/* Every row of the entity, in table order; the ids of its rows follow the
 * ids before it, which is what references to them count from. */
static int xf_gen_put_all(xf_gen *g, xf_gen_rng *r, const xf_gen_ent *e,
                          int (*reports)(xf_gen *, xf_gen_rng *, const xf_gen_ent *)) {
    g->pen_base = g->stats.penalties;
    g->abn_base = g->stats.abnormal;
    g->ser_base = g->stats.serious;
    g->ins_base = g->stats.inspections;
    if (xf_gen_put_entity(g, e) != 0) return -1;
    for (int i = 0; i < e->npen; i++)
        if (xf_gen_put_penalty(g, e, &e->pen[i]) != 0) return -1;
    for (int i = 0; i < e->nabn; i++)
        if (xf_gen_put_abnormal(g, e, &e->abn[i]) != 0) return -1;
    for (int i = 0; i < e->nser; i++)
        if (xf_gen_put_serious(g, e, &e->ser[i]) != 0) return -1;
    for (int i = 0; i < e->nins; i++)
        if (xf_gen_put_inspection(g, e, &e->ins[i]) != 0) return -1;
    for (int i = 0; i < e->napp; i++)
        if (xf_gen_put_application(g, e, &e->app[i]) != 0) return -1;
    return reports ? reports(g, r, e) : 0;
}

/* A year listed for a missed report has no filing, or the late filing that
 * corrected the listing (补报). */
static int64_t xf_gen_filed(xf_gen *g, xf_gen_rng *r, const xf_gen_ent *e, int year) {
    for (int i = 0; i < e->nabn; i++)
        if (e->abn[i].reason == XF_GEN_ABN_REPORT && e->abn[i].report_year == year) return e->abn[i].corrected;
    if (xf_gen_chance(r, 0.015)) return XF_GEN_NODATE;
    /* most file in the last two months before the 30 June deadline */
    int64_t lo = xf_gen_chance(r, 0.6) ? xf_gen_day(year + 1, 5, 1) : xf_gen_day(year + 1, 1, 1);
    return xf_gen_seen(g, xf_gen_range(r, lo, xf_gen_day(year + 1, 6, 30)));
}

/* A dormant entity's last two filed reports are all zero; none since. */
static int xf_gen_put_reports(xf_gen *g, xf_gen_rng *r, const xf_gen_ent *e) {
    double p_zero = e->kind == XF_GEN_KIND_FIRM ? 0.04 : 0.09;
    int dormant = e->dormant_year;
    for (int year = e->first_year; year <= e->last_year; year++) {
        sqlite3_stmt *st = xf_gen_report_st(g, year);
        if (!st) return -1;
        int64_t filed = xf_gen_filed(g, r, e, year);
        int zero = xf_gen_chance(r, p_zero);
        if (dormant && year > dormant) {
            filed = XF_GEN_NODATE;
            zero = 0;
        } else if (dormant && year >= dormant - 1) {
            if (filed == XF_GEN_NODATE) filed = xf_gen_day(year + 1, 6, 20);
            zero = 1;
        }
        int rc = xf_gen_bind_text(st, 1, e->uscc);
        if (rc == SQLITE_OK) rc = sqlite3_bind_int(st, 2, year);
        if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 3, filed);
        if (rc == SQLITE_OK) rc = sqlite3_bind_int(st, 4, zero);
        if (xf_gen_step(g, st, rc, "inserting into annual_report") != 0) return -1;
        g->stats.annual_reports++;
    }
    return 0;
}

/* ---------------------------------------------------------- adversarial */

/* The adversarial shape: values chosen to sit on the edges that the
 * policies and the two engines must agree on, not to look like real data.
 * Every value is still one the loader accepts (labels of the lists, dates in
 * 1900..2199, money in whole fen), so every row gets decided.  Dates need
 * not be in order and events may lie after the snapshot: a fulfilment after
 * the evaluation day is exactly what `fulfilled <= as_of` must handle. */

/* A separate stream family, so no adversarial draw mirrors a realistic one. */
#define XF_GEN_ADV_STREAM 0xAD7E5A11C0DE0000ULL

/* The days the engines are compared on (tests/diff/engines.test.sh): dates
 * on, around and one period before them sit on the `<=` boundaries. */
static const int xf_gen_adv_asof[][3] = {{2024, 6, 1}, {2025, 12, 24}, {2025, 12, 25}, {2026, 11, 1}};
static const int xf_gen_adv_months[] = {3, 6, 12, 36};

static const int xf_gen_adv_fixed[][3] = {
    /* leap days and their neighbours; a year after a leap day */
    {2020, 2, 29}, {2024, 2, 29}, {2020, 2, 28}, {2020, 3, 1}, {2024, 2, 28}, {2024, 3, 1},
    {2021, 2, 28}, {2021, 3, 1}, {2023, 2, 28}, {2025, 2, 28}, {2025, 3, 1},
    /* the regime change (2021 rules until 2025-12-24, Order 107 from 2025-12-25) */
    {2025, 12, 23}, {2025, 12, 24}, {2025, 12, 25}, {2025, 12, 26}, {2026, 3, 31}, {2026, 4, 1},
    {2021, 8, 31}, {2021, 9, 1},
    /* edges of the regional parameter rows (较低数额罚款上限) */
    {2022, 6, 30}, {2022, 7, 1}, {2023, 12, 31}, {2024, 1, 1}, {2024, 7, 11}, {2024, 7, 12},
    {2025, 6, 30}, {2025, 7, 1}, {2027, 6, 30}, {2027, 7, 1}, {2029, 7, 11},
    /* the evaluation days and their neighbours */
    {2024, 5, 31}, {2024, 6, 1}, {2024, 6, 2}, {2026, 10, 31}, {2026, 11, 1}, {2026, 11, 2},
};

/* The ends of the supported range: + 1 day or + 3 years leaves it, which
 * both engines must report as the same error. */
static const int xf_gen_adv_extreme[][3] = {
    {1900, 1, 1}, {1900, 1, 2}, {2099, 12, 31}, {2199, 12, 30}, {2199, 12, 31}};

static int64_t xf_gen_adv_ymd(const int ymd[3]) { return xf_gen_day(ymd[0], ymd[1], ymd[2]); }

static int64_t xf_gen_adv_clamp(int64_t day) {
    return day < XF_DAY_MIN ? XF_DAY_MIN : day > XF_DAY_MAX ? XF_DAY_MAX : day;
}

/* A month end: mostly the 31sts of January, March, August and December. */
static int64_t xf_gen_adv_month_end(xf_gen_rng *r) {
    static const int months[] = {1, 3, 8, 12, 1, 3, 8, 12, 2, 4, 6, 9, 11};
    int y = (int)xf_gen_range(r, 2019, 2026), m = months[xf_gen_below(r, XF_GEN_COUNT(months))];
    return xf_gen_day(y, m, xf_days_in_month(y, m));
}

/* An evaluation day less 3, 6, 12 or 36 months (the day of the month kept,
 * clamped to the month's end), give or take a day. */
static int64_t xf_gen_adv_anchor(xf_gen_rng *r) {
    const int *a = xf_gen_adv_asof[xf_gen_below(r, XF_GEN_COUNT(xf_gen_adv_asof))];
    int back = xf_gen_adv_months[xf_gen_below(r, XF_GEN_COUNT(xf_gen_adv_months))];
    int mm = a[0] * 12 + (a[1] - 1) - back, y = mm / 12, m = mm % 12 + 1;
    int d = a[2] < xf_days_in_month(y, m) ? a[2] : xf_days_in_month(y, m);
    return xf_gen_day(y, m, d) + xf_gen_range(r, -1, 1);
}

static int64_t xf_gen_adv_date(xf_gen_rng *r) {
    int64_t u = xf_gen_below(r, 100);
    if (u < 30) return xf_gen_adv_ymd(xf_gen_adv_fixed[xf_gen_below(r, XF_GEN_COUNT(xf_gen_adv_fixed))]);
    if (u < 50) return xf_gen_adv_month_end(r);
    if (u < 70) return xf_gen_adv_anchor(r);
    if (u < 73) return xf_gen_adv_ymd(xf_gen_adv_extreme[xf_gen_below(r, XF_GEN_COUNT(xf_gen_adv_extreme))]);
    return xf_gen_range(r, xf_gen_day(2014, 1, 1), xf_gen_day(2027, 12, 31));
}

/* A date after base (the same day, the next, the one before, or later), or
 * an unrelated edge date. */
static int64_t xf_gen_adv_after(xf_gen_rng *r, int64_t base) {
    int64_t u = xf_gen_below(r, 100);
    if (base == XF_GEN_NODATE || u >= 60) return xf_gen_adv_date(r);
    if (u < 15) return base;
    if (u < 25) return xf_gen_adv_clamp(base + 1);
    if (u < 30) return xf_gen_adv_clamp(base - 1);
    return xf_gen_adv_clamp(base + xf_gen_range(r, 2, 800));
}

static int64_t xf_gen_adv_opt(xf_gen_rng *r, double p_null, int64_t base) {
    return xf_gen_chance(r, p_null) ? XF_GEN_NODATE : xf_gen_adv_after(r, base);
}

static int64_t xf_gen_adv_far(xf_gen_rng *r) {
    static const int far[][3] = {{2099, 12, 31}, {2199, 12, 30}, {2199, 12, 31}};
    return xf_gen_adv_ymd(far[xf_gen_below(r, XF_GEN_COUNT(far))]);
}

/* Fines on the thresholds, one fen either side, with fen, tiny and huge
 * (the largest whole-yuan amount whose fen fit in int64). */
static const int64_t xf_gen_adv_fines[] = {
    500000, 5000000, 5000001, 4999999, 10000000, 9999999, 499999, 500001, 10000001, 4999900, 5000100,
    1, 10, 99, 100, 0, 1000000, 20000000, 12345678901234, 100000000000000, 9223372036854775800,
};

static int64_t xf_gen_adv_fine(xf_gen_rng *r) {
    if (xf_gen_chance(r, 0.6)) return xf_gen_adv_fines[xf_gen_below(r, XF_GEN_COUNT(xf_gen_adv_fines))];
    return xf_gen_range(r, 1, 100000000);  /* up to a million yuan, to the fen */
}

/* 处罚种类 in records.sql order. */
static const char *const xf_gen_adv_measure[] = {
    "警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级",
    "吊销许可证件", "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "吊销营业执照", "行政拘留"};

/* Single measures (rare ones included), all of them, any non-empty subset,
 * or one of the realistic combinations. */
static void xf_gen_adv_measures(xf_gen_rng *r, xf_gen_pen *p) {
    enum { N = XF_GEN_COUNT(xf_gen_adv_measure) };
    int64_t u = xf_gen_below(r, 10);
    uint32_t mask;
    if (u < 3) mask = 1u << xf_gen_below(r, N);
    else if (u < 4) mask = (1u << N) - 1;
    else if (u < 7) mask = (uint32_t)xf_gen_range(r, 1, (1 << N) - 1);
    else {
        p->measures = xf_gen_measures[xf_gen_below(r, XF_GEN_COUNT(xf_gen_measures))].label;
        return;
    }
    size_t o = 0;
    for (int i = 0; i < N; i++)
        if ((mask >> i) & 1)
            o += (size_t)snprintf(p->measures_buf + o, sizeof p->measures_buf - o, "%s%s", o ? "," : "",
                                  xf_gen_adv_measure[i]);
    p->measures = p->measures_buf;
}

static int xf_gen_adv_has(const xf_gen_pen *p, const char *measure) { return strstr(p->measures, measure) != NULL; }

static void xf_gen_adv_penalty(xf_gen_rng *r, xf_gen_ent *e, int i) {
    xf_gen_pen *p = &e->pen[i];
    /* the same kind of violation again, often: 未再受同类处罚 */
    if (i > 0 && xf_gen_chance(r, 0.5)) {
        const xf_gen_pen *q = &e->pen[xf_gen_below(r, i)];
        p->sector = q->sector;
        p->cause = q->cause;
    } else {
        p->sector = xf_gen_chance(r, 0.6) ? XF_GEN_SEC_SAMR : (int)xf_gen_below(r, 10);  /* the 10 penalty sectors */
        int n = 0;
        for (int c = 0; c < XF_GEN_COUNT(xf_gen_causes); c++) n += xf_gen_causes[c].sector == p->sector;
        int64_t k = xf_gen_below(r, n);
        for (int c = 0; c < XF_GEN_COUNT(xf_gen_causes); c++)
            if (xf_gen_causes[c].sector == p->sector && k-- == 0) p->cause = c;
    }
    p->domain = xf_gen_chance(r, 0.4) ? NULL : xf_gen_domains[xf_gen_below(r, XF_GEN_COUNT(xf_gen_domains))].label;
    xf_gen_adv_measures(r, p);
    /* a fine without 罚款, and 罚款 without an amount, now and then */
    int fined = xf_gen_adv_has(p, "罚款") ? !xf_gen_chance(r, 0.1) : xf_gen_chance(r, 0.05);
    p->fine_fen = fined ? xf_gen_adv_fine(r) : -1;
    p->tier = xf_gen_chance(r, 0.4) ? NULL : xf_gen_tiers[xf_gen_below(r, 4)].label;
    p->severity = xf_gen_chance(r, 0.5) ? NULL : xf_gen_severity[xf_gen_range(r, 1, 4)].label;
    p->simple = xf_gen_chance(r, 0.2);
    p->restrict_months = 0;
    p->heavy = p->repaired = 0;
    p->decided = xf_gen_adv_date(r);
    int restricts = xf_gen_adv_has(p, "限制开展生产经营活动") || xf_gen_adv_has(p, "责令停产停业") ||
                    xf_gen_adv_has(p, "限制从业");
    p->restricted_until = XF_GEN_NODATE;
    if (xf_gen_chance(r, restricts ? 0.7 : 0.15))
        p->restricted_until = xf_gen_chance(r, 0.2) ? xf_gen_adv_far(r) : xf_gen_adv_after(r, p->decided);
    p->published = xf_gen_adv_opt(r, 0.3, p->decided);
    p->fulfilled = xf_gen_adv_opt(r, 0.4, p->decided);
    p->remedied = xf_gen_adv_opt(r, 0.4, p->decided);
    p->stopped = xf_gen_adv_opt(r, 0.6, p->published != XF_GEN_NODATE ? p->published : p->decided);
    p->repair_revoked = xf_gen_adv_opt(r, 0.65, p->stopped != XF_GEN_NODATE ? p->stopped : p->decided);
    snprintf(p->decision_no, sizeof p->decision_no, "%s%s%s罚〔%d〕%d号", e->region->abbr,
             xf_gen_sectors[p->sector].abbr, p->simple ? "简" : "", xf_gen_year(p->decided),
             (int)xf_gen_range(r, 1, 2400));
}

static void xf_gen_adv_abnormal(xf_gen_rng *r, xf_gen_abn *a) {
    a->reason = (int)xf_gen_below(r, XF_GEN_COUNT(xf_gen_abn_reasons));
    /* report_year NULL for any reason, 未按期年报 included */
    a->report_year = xf_gen_chance(r, 0.35) ? 0 : (int)xf_gen_range(r, 2012, 2026);
    a->listed = xf_gen_adv_date(r);
    a->corrected = xf_gen_adv_opt(r, 0.5, a->listed);
    a->removed = xf_gen_adv_opt(r, 0.5, a->corrected != XF_GEN_NODATE ? a->corrected : a->listed);
}

/* list < 0: any list, market regulation's most often. */
static void xf_gen_adv_serious(xf_gen_rng *r, xf_gen_ser *s, int list) {
    s->list = list >= 0 ? list : xf_gen_chance(r, 0.4) ? XF_GEN_LIST_SAMR : (int)xf_gen_below(r, XF_GEN_COUNT(xf_gen_lists));
    const xf_gen_list *l = &xf_gen_lists[s->list];
    int64_t u = xf_gen_below(r, 10);
    s->basis = u < 3 ? NULL : u < 5 ? "列入经营异常名录届满三年" : l->basis[xf_gen_pick(r, l->basis, XF_GEN_COUNT(l->basis))].label;
    s->listed = xf_gen_adv_date(r);
    s->published = xf_gen_adv_opt(r, 0.3, s->listed);
    s->measures_until = XF_GEN_NODATE;
    if (xf_gen_chance(r, 0.5)) s->measures_until = xf_gen_chance(r, 0.3) ? xf_gen_adv_far(r) : xf_gen_adv_after(r, s->listed);
    s->fulfilled = xf_gen_adv_opt(r, 0.45, s->listed);
    s->remedied = xf_gen_adv_opt(r, 0.45, s->listed);
    s->removed = xf_gen_adv_opt(r, 0.5, s->listed);
    s->repair_revoked = xf_gen_adv_opt(r, 0.6, s->removed != XF_GEN_NODATE ? s->removed : s->listed);
}

static int xf_gen_adv_reports(xf_gen *g, xf_gen_rng *r, const xf_gen_ent *e) {
    if (xf_gen_chance(r, 0.25)) return 0;
    int first = (int)xf_gen_range(r, 2012, 2026), last = (int)xf_gen_range(r, first, 2026);
    for (int year = first; year <= last; year++) {
        int64_t filed = xf_gen_adv_opt(r, 0.3, xf_gen_day(year + 1, 6, 30));
        sqlite3_stmt *st = xf_gen_report_st(g, year);
        if (!st) return -1;
        int rc = xf_gen_bind_text(st, 1, e->uscc);
        if (rc == SQLITE_OK) rc = sqlite3_bind_int(st, 2, year);
        if (rc == SQLITE_OK) rc = xf_gen_bind_date(st, 3, filed);
        if (rc == SQLITE_OK) rc = sqlite3_bind_int(st, 4, xf_gen_chance(r, 0.3));
        if (xf_gen_step(g, st, rc, "inserting into annual_report") != 0) return -1;
        g->stats.annual_reports++;
    }
    return 0;
}

/* Version 2 in the adversarial shape, from a stream of its own: 注销 dates
 * anywhere (before the establishment too), serious listings resting on any
 * penalty of the entity, inspections of every result and applications of
 * every state about any of the entity's rows, with edge dates and NULLs. */
static void xf_gen_adv_v2(xf_gen_rng *r, xf_gen_ent *e, int empty) {
    e->deregistered = e->status == 3 && xf_gen_chance(r, 0.8) ? xf_gen_adv_date(r) : XF_GEN_NODATE;
    e->dormant_year = 0;
    e->nins = e->napp = 0;
    for (int i = 0; i < e->nser; i++) e->ser[i].pen = e->npen && xf_gen_chance(r, 0.3) ? (int)xf_gen_below(r, e->npen) : -1;
    if (empty) return;
    int n = xf_gen_chance(r, 0.4) ? (int)xf_gen_range(r, 1, 4) : 0;
    for (int i = 0; i < n; i++) {
        xf_gen_ins *in = &e->ins[e->nins++];
        in->result = (int)xf_gen_below(r, XF_GEN_COUNT(xf_gen_ins_results));
        in->published = xf_gen_adv_date(r);
        in->stopped = xf_gen_adv_opt(r, 0.6, in->published);
        in->pen = e->npen && xf_gen_chance(r, 0.3) ? (int)xf_gen_below(r, e->npen) : -1;
        in->abn = e->nabn && xf_gen_chance(r, 0.3) ? (int)xf_gen_below(r, e->nabn) : -1;
        in->repaired = 0;
    }
    int m = xf_gen_chance(r, 0.4) ? (int)xf_gen_range(r, 1, 5) : 0;
    for (int i = 0; i < m; i++) {
        int table = (int)xf_gen_below(r, 4);
        int rows = table == XF_GEN_APP_PENALTY ? e->npen : table == XF_GEN_APP_ABNORMAL ? e->nabn
                 : table == XF_GEN_APP_SERIOUS ? e->nser : e->nins;
        if (!rows) continue;
        xf_gen_app *a = &e->app[e->napp++];
        a->table = table;
        a->ix = (int)xf_gen_below(r, rows);
        a->applied = xf_gen_adv_date(r);
        a->accepted = xf_gen_adv_opt(r, 0.3, a->applied);
        a->decided = xf_gen_adv_opt(r, 0.4, a->accepted != XF_GEN_NODATE ? a->accepted : a->applied);
        a->result = a->decided == XF_GEN_NODATE && xf_gen_chance(r, 0.8) ? XF_GEN_RES_PENDING : (int)xf_gen_below(r, 4);
        a->review = xf_gen_chance(r, 0.3) ? NULL : xf_gen_chance(r, 0.5) ? "书面审查" : "实地核查";
        a->fraud = xf_gen_chance(r, 0.2);
    }
}

/* One entity: every 50th has no related row at all, the one after it
 * hundreds of penalties and listings and two rows of every serious list;
 * of the rest a quarter are empty too. */
static int xf_gen_adv_one(xf_gen *g, int64_t index, const xf_gen_code *code) {
    xf_gen_rng r;
    xf_gen_ent *e = &g->ent;
    xf_gen_seed(&r, g->seed, (uint64_t)index ^ XF_GEN_ADV_STREAM);
    e->uscc = code->code;
    e->region = &g->regions[code->region];
    e->kind = code->code[1] - '1';
    e->status = (int)xf_gen_below(&r, XF_GEN_COUNT(xf_gen_status));
    e->industry = xf_gen_chance(&r, 0.5) ? 0 : (int)xf_gen_range(&r, 1, XF_GEN_COUNT(xf_gen_industry) - 1);
    e->established = xf_gen_chance(&r, 0.25) ? XF_GEN_NODATE : xf_gen_adv_date(&r);
    xf_gen_name(&r, e);
    if (xf_gen_chance(&r, 0.5)) e->phone[0] = '\0';
    else xf_gen_phone(&r, e);

    int heavy = index % 50 == 1, empty = index % 50 == 0 || (!heavy && xf_gen_chance(&r, 0.25));
    e->npen = e->nabn = e->nser = 0;
    if (heavy) {
        e->npen = (int)xf_gen_range(&r, 150, XF_GEN_MAX_PEN);
        e->nabn = (int)xf_gen_range(&r, 60, XF_GEN_MAX_ABN);
        e->nser = (int)xf_gen_range(&r, 2 * XF_GEN_COUNT(xf_gen_lists), 40);
    } else if (!empty) {
        e->npen = xf_gen_chance(&r, 0.2) ? 0 : (int)xf_gen_range(&r, 1, 6);
        e->nabn = xf_gen_chance(&r, 0.4) ? (int)xf_gen_range(&r, 1, 3) : 0;
        e->nser = xf_gen_chance(&r, 0.3) ? (int)xf_gen_range(&r, 1, 3) : 0;
    }
    for (int i = 0; i < e->npen; i++) xf_gen_adv_penalty(&r, e, i);
    for (int i = 0; i < e->nabn; i++) xf_gen_adv_abnormal(&r, &e->abn[i]);
    for (int i = 0; i < e->nser; i++)
        xf_gen_adv_serious(&r, &e->ser[i], heavy && i < 2 * XF_GEN_COUNT(xf_gen_lists) ? i % XF_GEN_COUNT(xf_gen_lists) : -1);

    xf_gen_rng r2;
    xf_gen_seed(&r2, g->seed, (uint64_t)index ^ XF_GEN_ADV_STREAM ^ XF_GEN_V2_STREAM);
    xf_gen_adv_v2(&r2, e, empty);
    return xf_gen_put_all(g, &r, e, empty ? NULL : xf_gen_adv_reports);
}

static int xf_gen_one(xf_gen *g, int64_t index, const xf_gen_code *code) {
    if (g->shape == XF_GEN_ADVERSARIAL) return xf_gen_adv_one(g, index, code);
    xf_gen_rng r;
    xf_gen_ent *e = &g->ent;
    xf_gen_seed(&r, g->seed, (uint64_t)index);
    xf_gen_entity(g, &r, code, e);
    e->npen = xf_gen_penalty_count(&r);
    for (int i = 0; i < e->npen; i++) xf_gen_penalty(g, &r, e, i);
    e->nabn = 0;
    for (int i = 0, n = xf_gen_abnormal_count(&r); i < n; i++) xf_gen_abnormal(g, &r, e);
    e->nser = 0;
    int64_t u = xf_gen_below(&r, 10000);
    for (int i = 0, n = u < 90 ? 1 : u < 100 ? 2 : 0; i < n; i++) xf_gen_serious(g, &r, e);
    xf_gen_rng r2;
    xf_gen_seed(&r2, g->seed, (uint64_t)index ^ XF_GEN_V2_STREAM);
    xf_gen_v2(g, &r2, e);
    return xf_gen_put_all(g, &r, e, xf_gen_put_reports);
}

/* ------------------------------------------------------------- calendar */

/* Load the sample holiday table into the generator's calendar and, with
 * insert set, into workday_calendar. */
static int xf_gen_calendar(xf_gen *g, int insert) {
    for (size_t i = 0; i < xf_holiday_span_count; i++) {
        const xf_holiday_span *h = &xf_holiday_spans[i];
        int64_t first, last;
        if (xf_date_parse(h->first, strlen(h->first), &first) != XF_DATE_OK ||
            xf_date_parse(h->last, strlen(h->last), &last) != XF_DATE_OK || last < first)
            return xf_gen_fail(g, "bad date in the holiday table");
        for (int64_t d = first; d <= last; d++) {
            if (xf_calendar_set(g->cal, d, h->workday) != 0)
                return xf_gen_fail(g, "holiday table date out of range");
            if (!insert) continue;
            sqlite3_stmt *st = g->st[XF_GEN_ST_CALENDAR];
            int rc = xf_gen_bind_date(st, 1, d);
            if (rc == SQLITE_OK) rc = sqlite3_bind_int(st, 2, h->workday);
            if (xf_gen_step(g, st, rc, "inserting into workday_calendar") != 0) return -1;
            g->stats.calendar_days++;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ the file */

static int xf_gen_exec(xf_gen *g, const char *sql, const char *what) {
    char *msg = NULL;
    if (sqlite3_exec(g->db, sql, NULL, NULL, &msg) == SQLITE_OK) return 0;
    if (!g->err) g->err = xf_gen_fmt("%s: %s", what, msg ? msg : sqlite3_errmsg(g->db));
    sqlite3_free(msg);
    return -1;
}

/* Where the rows of table i go: the table itself, or in the shuffled
 * layout a staging table in the temporary database, copied in the stored
 * order at the end. */
static int xf_gen_staged(const xf_gen *g, int i) {
    return g->layout == XF_GEN_SHUFFLED && xf_gen_tables[i].shuffled != NULL;
}

/* Staging tables have untyped columns, so values reach the real table as
 * they were bound and get its affinities only there, as in the clustered
 * layout.  suffix: "" or the year of an annual_report table. */
static int xf_gen_prepare(xf_gen *g, int i, const char *suffix, sqlite3_stmt **st) {
    const xf_gen_table *t = &xf_gen_tables[i];
    char params[64] = "?";
    for (const char *c = t->cols; *c; c++)
        if (*c == ',') strcat(params, ",?");
    char *sql = NULL;
    if (xf_gen_staged(g, i)) {
        sql = xf_gen_fmt("CREATE TEMP TABLE xf_stage_%s%s(%s)", t->name, suffix, t->cols);
        int rc = sql ? xf_gen_exec(g, sql, "creating a staging table") : xf_gen_fail(g, "out of memory");
        free(sql);
        if (rc != 0) return -1;
        sql = xf_gen_fmt("INSERT INTO temp.xf_stage_%s%s(%s) VALUES(%s)", t->name, suffix, t->cols, params);
    } else {
        sql = xf_gen_fmt("INSERT INTO main.%s(%s) VALUES(%s)", t->name, t->cols, params);
    }
    int rc = sql ? sqlite3_prepare_v2(g->db, sql, -1, st, NULL) : SQLITE_NOMEM;
    free(sql);
    return rc == SQLITE_OK ? 0 : xf_gen_fail_sql(g, "preparing an insert");
}

/* The insert for an annual report of that year; its staging table is made
 * on first use.  NULL on failure (g->err). */
static sqlite3_stmt *xf_gen_report_st(xf_gen *g, int year) {
    if (!xf_gen_staged(g, XF_GEN_ST_REPORT)) return g->st[XF_GEN_ST_REPORT];
    if (year < XF_GEN_YEAR_MIN || year > XF_GEN_YEAR_MAX) {
        xf_gen_fail(g, "internal error: report year out of range");
        return NULL;
    }
    sqlite3_stmt **st = &g->year_st[year - XF_GEN_YEAR_MIN];
    char suffix[16];
    snprintf(suffix, sizeof suffix, "_%d", year);
    if (!*st && xf_gen_prepare(g, XF_GEN_ST_REPORT, suffix, st) != 0) return NULL;
    g->year_made[year - XF_GEN_YEAR_MIN] = 1;
    return *st;
}

/* The shuffled layout: rows go from the staging tables into the real ones
 * in the stored order, so ids (rowids) follow it.  A staging table's rowid
 * is the row's place in the clustered order, which breaks ties.
 *
 * The order comes from an index on the date, not from ORDER BY over whole
 * rows: SQLite's sorter reads all its spilled runs at once, a page buffer
 * each, and runs of whole rows would number in the thousands at 10M
 * entities (megabytes of buffers, growing with N).  Index keys are a tenth
 * of the size; the rows are then fetched by rowid.  by: NULL when the
 * table is already in the stored order (annual reports, one year each). */
static int xf_gen_unstage(xf_gen *g, int i, const char *suffix, const char *by) {
    const xf_gen_table *t = &xf_gen_tables[i];
    const char *cols = strncmp(t->cols, "id,", 3) == 0 ? t->cols + 3 : t->cols;  /* new ids */
    char *sql;
    int rc;
    if (by) {
        sql = xf_gen_fmt("CREATE INDEX temp.xf_stage_%s%s_by ON xf_stage_%s%s(%s)", t->name, suffix, t->name,
                         suffix, by);
        rc = sql ? xf_gen_exec(g, sql, "sorting the shuffled rows") : xf_gen_fail(g, "out of memory");
        free(sql);
        if (rc != 0) return -1;
    }
    /* The staging table stays until the connection closes and the
     * temporary database goes with it: dropping it inside the transaction
     * would copy every page it frees into a statement journal (another
     * temporary file as large as the table, and a page bitmap in memory
     * that grows with it). */
    sql = xf_gen_fmt("INSERT INTO main.%s(%s) SELECT %s FROM temp.xf_stage_%s%s ORDER BY %s%srowid",
                     t->name, cols, t->stored ? t->stored : cols, t->name, suffix, by ? by : "", by ? ", " : "");
    rc = sql ? xf_gen_exec(g, sql, "storing the shuffled rows") : xf_gen_fail(g, "out of memory");
    free(sql);
    if (rc != 0 || !t->mapped) return rc;
    /* old id -> new id, in the order the rows were stored: new ids count
     * from 1 as main.<table>'s did (it was empty) */
    sql = xf_gen_fmt("CREATE TEMP TABLE xf_map_%s(new INTEGER PRIMARY KEY, old INTEGER);"
                     "INSERT INTO temp.xf_map_%s(old) SELECT id FROM temp.xf_stage_%s ORDER BY %s%srowid;"
                     "CREATE INDEX temp.xf_map_%s_old ON xf_map_%s(old);",
                     t->name, t->name, t->name, by ? by : "", by ? ", " : "", t->name, t->name);
    rc = sql ? xf_gen_exec(g, sql, "numbering the shuffled rows") : xf_gen_fail(g, "out of memory");
    free(sql);
    return rc;
}

static int xf_gen_unstage_all(xf_gen *g) {
    for (int i = 0; i < XF_GEN_NST; i++) {
        if (!xf_gen_staged(g, i)) continue;
        if (i != XF_GEN_ST_REPORT) {
            if (xf_gen_unstage(g, i, "", xf_gen_tables[i].shuffled) != 0) return -1;
            continue;
        }
        for (int y = XF_GEN_YEAR_MIN; y <= XF_GEN_YEAR_MAX; y++) {
            char suffix[16];
            snprintf(suffix, sizeof suffix, "_%d", y);
            if (g->year_made[y - XF_GEN_YEAR_MIN] && xf_gen_unstage(g, i, suffix, NULL) != 0) return -1;
        }
    }
    return 0;
}

static int xf_gen_open(xf_gen *g, const char *path) {
    int rc = sqlite3_open_v2(path, &g->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        if (!g->err)
            g->err = xf_gen_fmt("cannot open %s: %s", path, g->db ? sqlite3_errmsg(g->db) : sqlite3_errstr(rc));
        return -1;
    }
    /* No journal and no syncs while generating: an interrupted run leaves a
     * file the caller throws away anyway.  Every B-tree is filled by
     * appending, which needs only its rightmost pages, so a small page cache
     * does; temporary data (sorts, staging) goes to files, not memory. */
    if (xf_gen_exec(g, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA temp_store=FILE;"
                       "PRAGMA main.cache_size=-" XF_GEN_CACHE_KIB "; PRAGMA temp.cache_size=-" XF_GEN_TEMP_CACHE_KIB ";",
                    "setting up the database") != 0)
        return -1;
    if (xf_gen_exec(g, "BEGIN", "starting the transaction") != 0) return -1;
    if (xf_gen_exec(g, xf_embed_records_sql, "creating the schema") != 0) return -1;
    for (int i = 0; i < XF_GEN_NST; i++)
        if (!(i == XF_GEN_ST_REPORT && xf_gen_staged(g, i)) && xf_gen_prepare(g, i, "", &g->st[i]) != 0)
            return -1;
    return 0;
}

/* Statements must be finalized before their staging tables are dropped. */
static void xf_gen_finalize(xf_gen *g) {
    for (int i = 0; i < XF_GEN_NST; i++) {
        sqlite3_finalize(g->st[i]);
        g->st[i] = NULL;
    }
    for (int y = 0; y <= XF_GEN_YEAR_MAX - XF_GEN_YEAR_MIN; y++) {
        sqlite3_finalize(g->year_st[y]);
        g->year_st[y] = NULL;
    }
}

static int xf_gen_finish(xf_gen *g) {
    xf_gen_finalize(g);
    if (xf_gen_unstage_all(g) != 0) return -1;
    if (xf_gen_exec(g, "CREATE INDEX penalty_uscc ON penalty(uscc);"
                       "CREATE INDEX abnormal_uscc ON abnormal(uscc);"
                       "CREATE INDEX serious_uscc ON serious(uscc);"
                       "CREATE INDEX inspection_uscc ON inspection(uscc);"
                       "CREATE INDEX application_uscc ON application(uscc);", "creating indexes") != 0)
        return -1;
    if (xf_gen_exec(g, "COMMIT", "committing") != 0) return -1;
    /* Leave an ordinary rollback-journal database behind. */
    return xf_gen_exec(g, "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL; ANALYZE;",
                       "finishing the database");
}

static void xf_gen_close(xf_gen *g) {
    xf_gen_finalize(g);
    if (g->db && sqlite3_close(g->db) != SQLITE_OK && !g->err)
        g->err = xf_gen_fmt("closing the database: %s", sqlite3_errmsg(g->db));
    xf_calendar_free(g->cal);
}

/* Entities in code order, each from its own stream keyed by its position. */
static int xf_gen_entities(xf_gen *g, const xf_gen_opts *opts) {
    xf_gen_keys *keys = NULL;
    xf_gen_seed(&g->code_rng, g->seed, UINT64_MAX);
    if (xf_gen_keys_open(&keys, opts->entities, xf_gen_draw_key, g, &g->err) != 0)
        return g->err ? -1 : xf_gen_fail(g, "out of memory for the entity codes");
    int rc = 0;
    for (int64_t i = 0; rc == 0 && i < opts->entities; i++) {
        uint64_t key;
        xf_gen_code code;
        int got = xf_gen_keys_next(keys, &key, &g->err);
        if (got != 1) {
            rc = got < 0 ? -1 : xf_gen_fail(g, "internal error: too few entity codes");
            break;
        }
        xf_gen_code_of(g, key, &code);
        rc = xf_gen_one(g, i, &code);
        if (rc == 0 && opts->progress && ((i + 1) % XF_GEN_PROGRESS_EVERY == 0 || i + 1 == opts->entities))
            opts->progress(opts->progress_ud, i + 1, opts->entities);
    }
    xf_gen_keys_close(keys);
    return rc;
}

/* The regions entities are registered in: the built-in table, or those
 * given, each named from the table when it is there, else from its
 * province. */
static int xf_gen_use_regions(xf_gen *g, const xf_gen_opts *o) {
    if (!o->regions || o->nregions == 0) {
        g->regions = xf_gen_regions;
        g->nregions = XF_GEN_COUNT(xf_gen_regions);
        return 0;
    }
    if (o->nregions > XF_GEN_MAX_REGIONS) {
        g->err = xf_gen_fmt("at most %d regions", XF_GEN_MAX_REGIONS);
        return -1;
    }
    for (int i = 0; i < o->nregions; i++) {
        const char *why = xf_gen_region_check(o->regions[i], 1);
        if (why) {
            g->err = xf_gen_fmt("region '%s': %s", o->regions[i], why);
            return -1;
        }
        memcpy(g->own_codes[i], o->regions[i], 7);
        xf_gen_region *r = &g->own_regions[i];
        int k = 0;
        while (k < XF_GEN_COUNT(xf_gen_regions) && strcmp(xf_gen_regions[k].code, o->regions[i])) k++;
        if (k < XF_GEN_COUNT(xf_gen_regions)) *r = xf_gen_regions[k];
        else {
            int p = xf_gen_province(o->regions[i]);
            *r = (xf_gen_region){.full = xf_gen_provinces[p].full, .place = xf_gen_provinces[p].place,
                                 .local = xf_gen_provinces[p].place, .abbr = xf_gen_provinces[p].abbr};
        }
        r->code = g->own_codes[i];
        r->w = 1;
        for (int j = 0; j < i; j++)
            if (!strcmp(g->own_codes[j], g->own_codes[i])) {
                g->err = xf_gen_fmt("region '%s' given twice", o->regions[i]);
                return -1;
            }
    }
    g->regions = g->own_regions;
    g->nregions = o->nregions;
    return 0;
}

int xf_gen_write(const char *path, const xf_gen_opts *opts, xf_gen_stats *stats, char **errmsg) {
    if (errmsg) *errmsg = NULL;
    if (!path || !opts || opts->entities < 1 || opts->entities > XF_GEN_MAX_ENTITIES) {
        if (errmsg) *errmsg = xf_gen_fmt("entities must be between 1 and %d", XF_GEN_MAX_ENTITIES);
        return -1;
    }
    xf_gen *g = calloc(1, sizeof *g);
    if (!g) {
        if (errmsg) *errmsg = xf_gen_fmt("out of memory");
        return -1;
    }
    g->seed = opts->seed;
    g->shape = opts->shape;
    g->layout = opts->layout;
    g->snapshot = xf_gen_day(2026, 10, 31);
    if (xf_gen_use_regions(g, opts) != 0) {
        if (errmsg) *errmsg = g->err;
        else free(g->err);
        free(g);
        return -1;
    }
    g->cal = xf_calendar_new();
    xf_gen_rank_regions(g);
    int rc = g->cal ? 0 : xf_gen_fail(g, "out of memory for the calendar");
    if (rc == 0) rc = xf_gen_open(g, path);
    if (rc == 0) rc = xf_gen_calendar(g, 1);
    if (rc == 0) rc = xf_gen_entities(g, opts);
    if (rc == 0) rc = xf_gen_finish(g);
    xf_gen_close(g);
    if (g->err) rc = -1;
    if (stats) *stats = g->stats;
    if (errmsg) *errmsg = g->err;
    else free(g->err);
    free(g);
    return rc;
}
