/*
 * demo_city.c: the demo city's jurisdictions, industries and enterprises.
 *
 * The city is modelled on Wuhai (乌海市, Inner Mongolia): three districts
 * (GB/T 2260 150302-150304) and the industrial parks named in public
 * sources (reference/wuhai_context.md; pages on 千里山工业园区, 海南经济开发区,
 * 乌达工业园区 and 低碳产业园).  Enterprise names, codes and addresses are
 * invented: brand words are common Chinese trade-name words, not real firms.
 *
 * Sector sizes roughly follow Wuhai's coal-based chain (many washing plants,
 * coking, carbide, ferroalloy, chlor-alkali, building materials, power).
 * Each enterprise draws from its own random streams (po_demo_city_stream), so
 * changing one sector's table does not reshuffle the others.
 */
#include "demo/demo_city.h"
#include "demo/demo_plant.h"
#include "core/uscc.h"

#include <stdio.h>
#include <string.h>

/* -------------------------------------------------------- jurisdictions */

static const struct {
    const char *code, *name, *parent, *level;
} jurisdictions[] = {
    { "150000", "内蒙古自治区", NULL, "province" }, { "150300", "乌海市", "150000", "city" },
    { "150302", "海勃湾区", "150300", "district" }, { "150303", "海南区", "150300", "district" },
    { "150304", "乌达区", "150300", "district" },
};

/* Parks, in the order of po_demo_sector.park_w[1..]. */
static const struct {
    const char *code, *name, *district;
} parks[] = {
    { "150302P01", "千里山工业园区", "150302" }, { "150302P02", "海勃湾工业园区", "150302" },
    { "150303P01", "海南经济开发区", "150303" }, { "150303P02", "低碳产业园", "150303" },
    { "150304P01", "乌达工业园区", "150304" },
};

static const char *const districts[] = { "150302", "150303", "150304" };

static const char *park_name(const char *code)
{
    for (size_t i = 0; code && i < PO_DEMO_NELEM(parks); i++)
        if (strcmp(parks[i].code, code) == 0)
            return parks[i].name;
    return "";
}

static const char *district_name(const char *code)
{
    for (size_t i = 0; i < PO_DEMO_NELEM(jurisdictions); i++)
        if (strcmp(jurisdictions[i].code, code) == 0)
            return jurisdictions[i].name;
    return "";
}

void po_demo_city_districts(struct po_demo_csv *c, const struct po_demo_city *city)
{
    (void)city; /* reference data: the same for every seed */
    static const char *const cols[] = { "code", "name", "parent_code", "level" };
    po_demo_csv_header(c, cols, PO_DEMO_NELEM(cols));
    for (size_t i = 0; i < PO_DEMO_NELEM(jurisdictions); i++) {
        po_demo_csv_str(c, jurisdictions[i].code);
        po_demo_csv_str(c, jurisdictions[i].name);
        po_demo_csv_str(c, jurisdictions[i].parent);
        po_demo_csv_str(c, jurisdictions[i].level);
        po_demo_csv_end(c);
    }
    for (size_t i = 0; i < PO_DEMO_NELEM(parks); i++) {
        po_demo_csv_str(c, parks[i].code);
        po_demo_csv_str(c, parks[i].name);
        po_demo_csv_str(c, parks[i].district);
        po_demo_csv_str(c, "park");
        po_demo_csv_end(c);
    }
}

/* ----------------------------------------------------------- industries */

/*
 * GB/T 4754-2017 classes (names as in the standard), plus ferroalloy's
 * 2011-edition class 3150 (in 2017, 3150 does not exist and 3140 is
 * ferroalloy; in 2011, 3140 was steel rolling).  Calcium carbide: 2619 is
 * our reading; the class was not confirmed in a source.
 */
static const struct {
    const char *code, *name, *edition;
    bool two_high;
} industries[] = {
    { "0610", "烟煤和无烟煤开采洗选", "2017", false },
    { "1515", "葡萄酒制造", "2017", false },
    { "2521", "炼焦", "2017", true },
    { "2612", "无机碱制造", "2017", true },
    { "2614", "有机化学原料制造", "2017", true },
    { "2619", "其他基础化学原料制造", "2017", true },
    { "2641", "涂料制造", "2017", false },
    { "2651", "初级形态塑料及合成树脂制造", "2017", true },
    { "2922", "塑料板、管、型材制造", "2017", false },
    { "3011", "水泥制造", "2017", true },
    { "3012", "石灰和石膏制造", "2017", true },
    { "3110", "炼铁", "2017", true },
    { "3120", "炼钢", "2017", true },
    { "3140", "铁合金冶炼", "2017", true },
    { "3150", "铁合金冶炼", "2011", true },
    { "4411", "火力发电", "2017", true },
    { "4412", "热电联产", "2017", true },
};

void po_demo_city_industries(struct po_demo_csv *c, const struct po_demo_city *city)
{
    (void)city; /* reference data: the same for every seed */
    static const char *const cols[] = { "code", "name", "edition", "two_high" };
    po_demo_csv_header(c, cols, PO_DEMO_NELEM(cols));
    for (size_t i = 0; i < PO_DEMO_NELEM(industries); i++) {
        po_demo_csv_str(c, industries[i].code);
        po_demo_csv_str(c, industries[i].name);
        po_demo_csv_str(c, industries[i].edition);
        po_demo_csv_str(c, industries[i].two_high ? "1" : "0");
        po_demo_csv_end(c);
    }
}

/* -------------------------------------------------------------- sectors */

/*
 * Sectors: enterprises per sector, where they sit (weights: no park, then
 * the parks in table order; districts for those outside parks), staff,
 * value-added rate (permille of gross output) and licences.
 */
#define PARKS(none, qls, hbw, hn, dt, wd) .park_w = { none, qls, hbw, hn, dt, wd }
#define OUTSIDE(hbw, hn, wd) .district_w = { hbw, hn, wd }

/* clang-format off */
static const struct po_demo_sector sectors[] = {
    { .key = "coking", .industry = "2521", .edition = "2017", .count = 30,
      .words = { "焦化", "煤焦化工", "煤化" }, PARKS(2, 6, 3, 5, 1, 6), OUTSIDE(1, 1, 1),
      .emp_lo = 300, .emp_hi = 1500, .va_lo = 150, .va_hi = 260,
      .plant = po_demo_plant_coking, .hazchem = true },
    { .key = "carbide", .industry = "2619", .edition = "2017", .count = 34,
      .words = { "电石", "化工", "电石化工" }, PARKS(1, 1, 1, 6, 3, 8), OUTSIDE(1, 1, 1),
      .emp_lo = 150, .emp_hi = 900, .va_lo = 120, .va_hi = 220,
      .plant = po_demo_plant_carbide, .hazchem = true, .prod_licence = "XK13-006" },
    { .key = "ferroalloy", .industry = "3140", .edition = "2017", .count = 46,
      .words = { "铁合金", "硅铁", "冶金", "合金" }, PARKS(2, 1, 1, 7, 4, 6), OUTSIDE(1, 2, 2),
      .emp_lo = 120, .emp_hi = 800, .va_lo = 110, .va_hi = 200,
      .plant = po_demo_plant_ferroalloy },
    /* registered under the 2011 edition and never reclassified */
    { .key = "ferroalloy_2011", .industry = "3150", .edition = "2011", .count = 3,
      .words = { "铁合金", "冶炼" }, PARKS(1, 0, 0, 1, 0, 1), OUTSIDE(1, 1, 1),
      .emp_lo = 100, .emp_hi = 400, .va_lo = 110, .va_hi = 200,
      .plant = po_demo_plant_ferroalloy },
    { .key = "chlor_alkali", .industry = "2651", .edition = "2017", .count = 6,
      .words = { "氯碱化工", "化工", "树脂" }, PARKS(0, 0, 1, 3, 4, 3), OUTSIDE(0, 1, 1),
      .emp_lo = 800, .emp_hi = 3000, .va_lo = 160, .va_hi = 260,
      .plant = po_demo_plant_chlor_alkali, .hazchem = true, .prod_licence = "XK13-010" },
    { .key = "caustic", .industry = "2612", .edition = "2017", .count = 4,
      .words = { "氯碱", "化工" }, PARKS(0, 0, 0, 3, 2, 2), OUTSIDE(0, 1, 1),
      .emp_lo = 300, .emp_hi = 1200, .va_lo = 160, .va_hi = 260,
      .plant = po_demo_plant_caustic, .hazchem = true, .prod_licence = "XK13-010" },
    { .key = "cement", .industry = "3011", .edition = "2017", .count = 16,
      .words = { "水泥", "建材" }, PARKS(3, 1, 1, 4, 1, 3), OUTSIDE(1, 2, 1),
      .emp_lo = 150, .emp_hi = 700, .va_lo = 200, .va_hi = 320,
      .plant = po_demo_plant_cement, .prod_licence = "XK08-001" },
    { .key = "lime", .industry = "3012", .edition = "2017", .count = 22,
      .words = { "石灰", "钙业", "建材" }, PARKS(4, 1, 1, 5, 1, 6), OUTSIDE(1, 2, 2),
      .emp_lo = 40, .emp_hi = 200, .va_lo = 150, .va_hi = 260,
      .plant = po_demo_plant_simple },
    { .key = "washing", .industry = "0610", .edition = "2017", .count = 90,
      .words = { "煤业", "洗煤", "煤炭", "能源" }, PARKS(10, 3, 3, 5, 1, 5), OUTSIDE(3, 2, 3),
      .emp_lo = 40, .emp_hi = 260, .va_lo = 80, .va_hi = 160,
      .plant = po_demo_plant_simple },
    { .key = "iron", .industry = "3110", .edition = "2017", .count = 3,
      .words = { "钢铁", "冶金" }, PARKS(0, 3, 2, 1, 0, 1), OUTSIDE(1, 1, 1),
      .emp_lo = 800, .emp_hi = 2500, .va_lo = 120, .va_hi = 200,
      .plant = po_demo_plant_iron },
    { .key = "steel", .industry = "3120", .edition = "2017", .count = 4,
      .words = { "特钢", "钢铁", "铸钢" }, PARKS(1, 2, 1, 2, 0, 2), OUTSIDE(1, 1, 1),
      .emp_lo = 150, .emp_hi = 900, .va_lo = 120, .va_hi = 200,
      .plant = po_demo_plant_steel },
    { .key = "power", .industry = "4411", .edition = "2017", .count = 7,
      .words = { "发电", "电力", "能源" }, PARKS(6, 0, 1, 1, 1, 2), OUTSIDE(1, 1, 1),
      .emp_lo = 250, .emp_hi = 800, .va_lo = 250, .va_hi = 400,
      .plant = po_demo_plant_power },
    { .key = "chp", .industry = "4412", .edition = "2017", .count = 3,
      .words = { "热电" }, PARKS(3, 1, 0, 0, 1, 1), OUTSIDE(1, 0, 1),
      .emp_lo = 200, .emp_hi = 600, .va_lo = 250, .va_hi = 400,
      .plant = po_demo_plant_power },
    { .key = "methanol", .industry = "2614", .edition = "2017", .count = 6,
      .words = { "煤化工", "化工", "新能源" }, PARKS(0, 4, 1, 2, 1, 1), OUTSIDE(1, 1, 1),
      .emp_lo = 200, .emp_hi = 800, .va_lo = 150, .va_hi = 250,
      .plant = po_demo_plant_simple, .hazchem = true, .prod_licence = "XK13-014" },
    { .key = "wine", .industry = "1515", .edition = "2017", .count = 8,
      .words = { "葡萄酒业", "酒业", "酒庄" }, PARKS(6, 0, 0, 0, 0, 0), OUTSIDE(2, 3, 2),
      .emp_lo = 30, .emp_hi = 200, .va_lo = 300, .va_hi = 450,
      .plant = po_demo_plant_simple },
    { .key = "paint", .industry = "2641", .edition = "2017", .count = 6,
      .words = { "涂料", "新材料" }, PARKS(2, 4, 0, 0, 0, 0), OUTSIDE(1, 0, 0),
      .emp_lo = 40, .emp_hi = 300, .va_lo = 250, .va_hi = 350,
      .plant = po_demo_plant_simple, .hazchem = true, .prod_licence = "XK13-008" },
    { .key = "pipes", .industry = "2922", .edition = "2017", .count = 10,
      .words = { "管业", "塑业", "塑料制品" }, PARKS(3, 3, 1, 1, 1, 1), OUTSIDE(1, 1, 1),
      .emp_lo = 30, .emp_hi = 250, .va_lo = 200, .va_hi = 300,
      .plant = po_demo_plant_simple },
};
/* clang-format on */

/* ------------------------------------------------------------ helpers */

uint64_t po_demo_city_stream(size_t idx, int purpose)
{
    return ((uint64_t)idx << 8) | (uint64_t)purpose;
}

int po_demo_city_days_in_month(int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* Sakamoto's method; 0 = Sunday. */
int po_demo_city_weekday(int y, int m, int d)
{
    static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
    if (m < 3)
        y -= 1;
    return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

static const char *const ent_status_tags[] = { "operating", "limited", "suspended", "closed",
                                               "exited" };

const char *po_demo_city_status_tag(enum po_demo_ent_status st)
{
    return ent_status_tags[st];
}

/* ----------------------------------------------------------- identity */

static const char *const brands[] = {
    "宏泰", "恒信", "华远", "金石", "鑫达", "广利", "兴盛", "昌隆", "永盛", "隆达", "瑞丰", "德润",
    "汇通", "中天", "天成", "荣达", "新星", "振华", "富源", "海川", "明辉", "博远", "晨光", "正元",
    "利民", "三维", "万和", "长青", "恒达", "宝丰", "聚鑫", "鼎盛", "信德", "凯达", "华宇", "同力",
    "佳信", "嘉禾", "润泽", "福源", "金桥", "星辰", "祥瑞", "盛达", "泰丰", "晟源", "蒙欣", "北辰",
    "金河", "远通", "乌兰", "沙海", "银河", "峰达", "泰盈", "众鑫", "恒昌", "华阳", "宇峰", "新元",
};

static const char *const roads[] = { "工业大道", "化工路", "园区一路", "园区二路", "创业路",
                                     "新华街",   "团结路", "纬三路",   "经五路",   "滨河路" };

/* Taken if an earlier name has the same trade name and word ("中天煤焦化工"). */
static bool name_taken(const struct po_demo_city *city, size_t n, const char *core)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(city->ents[i].name, core))
            return true;
    return false;
}

static const char *draw_name(const struct po_demo_city *city, size_t n, const struct po_demo_ent *e,
                             struct po_demo_rng *r, struct po_arena *a)
{
    size_t nwords = 0;
    while (nwords < 4 && e->sec->words[nwords])
        nwords++;
    for (int attempt = 0;; attempt++) {
        int64_t p = po_demo_rng_range(r, 0, 99);
        const char *prefix = p < 45 ? "乌海市" : p < 80 ? "内蒙古" : "乌海";
        const char *brand = brands[po_demo_rng_range(r, 0, (int64_t)PO_DEMO_NELEM(brands) - 1)];
        const char *word = e->sec->words[po_demo_rng_range(r, 0, (int64_t)nwords - 1)];
        int64_t f = po_demo_rng_range(r, 0, 9);
        const char *form = f < 5 ? "有限责任公司" : f < 9 ? "有限公司" : "股份有限公司";
        /* After many clashes, add the district to make the name unique. */
        const char *where = attempt < 20 ? "" : district_name(e->district);
        const char *core = po_arena_printf(a, "%s%s%s", brand, where, word);
        if (!core)
            return NULL;
        if (!name_taken(city, n, core))
            return po_arena_printf(a, "%s%s%s", prefix, core, form);
    }
}

/*
 * GB 32100-2015 code: "91" (registered by market regulation, enterprise),
 * the district code, a GB 11714 organization code and the check character.
 * Organization bodies are permutations of the enterprise index, so codes
 * never collide: 8 digits for firms founded before the 2015 reform, "MA0"
 * and five code characters for later ones, as issued since.
 */
static void make_uscc(char out[19], const struct po_demo_ent *e, uint64_t seed)
{
    static const char chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const char *const old_prefix[] = { "11", "14", "15", "57", "68", "69", "75", "79" };
    char body[9];
    struct po_demo_rng r;
    po_demo_rng_init(&r, seed, po_demo_city_stream(0, PO_DEMO_S_IDENTITY));
    uint64_t off = po_demo_rng_next(&r) % 1000000u;
    if (e->founded >= 2016) {
        uint64_t v = ((uint64_t)e->idx * 104729u + off) % (31u * 31u * 31u * 31u * 31u);
        memcpy(body, "MA0", 3);
        for (int i = 7; i >= 3; i--) {
            body[i] = chars[v % 31];
            v /= 31;
        }
    } else {
        uint64_t v = ((uint64_t)e->idx * 7919u + off) % 1000000u;
        const char *pre = old_prefix[(e->idx + off) % PO_DEMO_NELEM(old_prefix)];
        snprintf(body, sizeof(body), "%s%06u", pre, (unsigned)v);
    }
    body[8] = '\0';
    char s17[18];
    snprintf(s17, sizeof(s17), "91%s%s%c", e->district, body, po_uscc_org_check_char(body));
    memcpy(out, s17, 17);
    out[17] = po_uscc_check_char(s17);
    out[18] = '\0';
}

/* An early pilot code whose check character does not verify (kept on purpose). */
static void spoil_check(char uscc[19])
{
    static const char chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const char *p = strchr(chars, uscc[17]);
    size_t i = p ? (size_t)(p - chars) : 0;
    uscc[17] = chars[(i + 7) % 31];
}

/* Enterprises whose code is a 2015 pilot code that fails the check (sector key, nth). */
static const struct {
    const char *sector;
    size_t nth;
    const char *reason;
} overrides[] = {
    { "washing", 5, "2015年试点期间核发的早期代码，经市场监管局核实" },
    { "lime", 3,
      "2015年“三证合一”试点期间赋码，校验位与现行算法不符，已由乌海市市场监督管理局书面核实" },
};

/* Scripted stories (demo_records.c): who, and the status the story ends in. */
static const struct {
    const char *sector;
    size_t nth;
    enum po_demo_role role;
    enum po_demo_ent_status status;
} roles[] = {
    { "coking", 9, PO_DEMO_ROLE_REVOKED, PO_DEMO_CLOSED },
    { "paint", 2, PO_DEMO_ROLE_UNLICENSED, PO_DEMO_OPERATING },
    { "carbide", 11, PO_DEMO_ROLE_LICENCE_SUSPENDED, PO_DEMO_SUSPENDED },
};

static void draw_status(struct po_demo_ent *e, struct po_demo_rng *r)
{
    static const int w[] = { 760, 90, 50, 65, 35 };
    e->status = (enum po_demo_ent_status)po_demo_rng_weighted(r, w, PO_DEMO_NELEM(w));
    if (e->nth < 3) /* anchors (demo_plant.h) belong to working enterprises */
        e->status = PO_DEMO_OPERATING;
    for (size_t i = 0; i < PO_DEMO_NELEM(roles); i++) {
        if (strcmp(e->sec->key, roles[i].sector) == 0 && e->nth == roles[i].nth) {
            e->role = roles[i].role;
            e->status = roles[i].status;
        }
    }
    switch (e->status) {
    case PO_DEMO_SUSPENDED:
        e->stop = (int)po_demo_rng_range(r, 24, 33);
        break;
    case PO_DEMO_CLOSED:
        e->stop = (int)po_demo_rng_range(r, 3, 30);
        if (e->role == PO_DEMO_ROLE_REVOKED)
            e->stop = 20; /* 2024-09: the month the licence is revoked */
        break;
    case PO_DEMO_EXITED:
        e->stop = (int)po_demo_rng_range(r, 0, 12);
        break;
    default:
        e->stop = PO_DEMO_MONTHS;
        break;
    }
    e->util = (int)po_demo_rng_range(r, 600, 930);
    /* Zombie-like: limited or suspended, barely used, losing money (ledger). */
    if ((e->status == PO_DEMO_LIMITED || e->status == PO_DEMO_SUSPENDED) &&
        po_demo_rng_chance(r, 220)) {
        e->zombie = true;
        e->util = (int)po_demo_rng_range(r, 280, 450);
    }
}

/*
 * Where the enterprise stands against its quota in 2023, per product:
 * mostly between the advanced value and the limit, some above the limit,
 * a few better than advanced.
 */
static int draw_position(struct po_demo_rng *r, bool zombie)
{
    int64_t p = po_demo_rng_range(r, 0, 999);
    int above = zombie ? 400 : 120;
    if (p < above)
        return (int)po_demo_rng_range(r, 1010, 1250);
    if (p < above + 100)
        return (int)po_demo_rng_range(r, -200, -10);
    return (int)po_demo_rng_range(r, 0, 1000);
}

static void draw_place(struct po_demo_ent *e, struct po_demo_rng *r)
{
    size_t park = po_demo_rng_weighted(r, e->sec->park_w, PO_DEMO_NELEM(e->sec->park_w));
    if (park > 0) {
        e->park = parks[park - 1].code;
        e->district = parks[park - 1].district;
    } else {
        e->park = NULL;
        e->district =
            districts[po_demo_rng_weighted(r, e->sec->district_w, PO_DEMO_NELEM(districts))];
    }
}

/*
 * The legal representative: a name from the enterprise's index, drawn from no stream so every
 * other figure of the city stays as it was; one enterprise in 41 has none recorded, so the credit
 * export has a record to report as incomplete (issue 15 §1).
 */
static const char *legal_rep(const struct po_demo_ent *e, struct po_arena *a)
{
    static const char *const family[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴",
                                          "徐", "孙", "马", "胡", "朱", "郭", "何", "高", "林", "罗" };
    static const char *const given[] = { "建国", "志强", "海燕", "国庆", "秀英", "文博", "立新",
                                         "丽娟", "永胜", "晓明", "红梅", "德胜", "春生", "玉兰" };
    if (e->idx % 41 == 17)
        return NULL;
    return po_arena_printf(a, "%s%s", family[(e->idx * 7u) % PO_DEMO_NELEM(family)],
                           given[(e->idx * 13u + 5u) % PO_DEMO_NELEM(given)]);
}

static int build_ent(struct po_demo_city *city, struct po_demo_ent *e, struct po_arena *a,
                     struct po_err *err)
{
    struct po_demo_rng r;
    po_demo_rng_init(&r, city->seed, po_demo_city_stream(e->idx, PO_DEMO_S_IDENTITY));
    draw_place(e, &r);
    draw_status(e, &r);
    e->founded = (int)po_demo_rng_range(&r, 1988, 2021);
    e->employees = (int)po_demo_rng_range(&r, e->sec->emp_lo, e->sec->emp_hi);
    if (e->zombie)
        e->employees /= 3;
    for (size_t i = 0; i < PO_DEMO_NELEM(overrides); i++)
        if (strcmp(e->sec->key, overrides[i].sector) == 0 && e->nth == overrides[i].nth) {
            e->override_reason = overrides[i].reason;
            e->founded = 2015;
        }
    make_uscc(e->uscc, e, city->seed);
    if (e->override_reason)
        spoil_check(e->uscc);
    e->name = draw_name(city, e->idx, e, &r, a);
    /* Draw in separate statements: argument evaluation order is unspecified. */
    const char *road = roads[po_demo_rng_range(&r, 0, (int64_t)PO_DEMO_NELEM(roads) - 1)];
    int number = (int)po_demo_rng_range(&r, 1, 399);
    e->address = po_arena_printf(a, "内蒙古自治区乌海市%s%s%s%d号", district_name(e->district),
                                 park_name(e->park), road, number);
    e->legal_rep = legal_rep(e, a);
    if (!e->name || !e->address)
        return po_err_set(err, PO_ENOMEM, "生成企业时内存不足",
                          "out of memory building enterprises");

    struct po_demo_rng pr;
    po_demo_rng_init(&pr, city->seed, po_demo_city_stream(e->idx, PO_DEMO_S_PLANT));
    int rc = e->sec->plant(e, &pr, a, err);
    if (rc != 0)
        return rc;
    if (e->nprod == 0)
        return po_err_set(err, PO_EINTERNAL, "行业 %s 未生成产品", "sector %s made no product",
                          e->sec->key);
    for (size_t p = 0; p < e->nprod; p++)
        e->prod[p].pos = draw_position(&r, e->zombie);
    return 0;
}

int po_demo_city_build(struct po_demo_city *out, struct po_arena *a, uint64_t seed,
                       struct po_err *err)
{
    size_t n = 0;
    for (size_t s = 0; s < PO_DEMO_NELEM(sectors); s++)
        n += (size_t)sectors[s].count;
    struct po_demo_city city = { seed, po_arena_calloc(a, n, sizeof(struct po_demo_ent)), 0 };
    if (!city.ents)
        return po_err_set(err, PO_ENOMEM, "生成企业时内存不足",
                          "out of memory building enterprises");
    for (size_t s = 0; s < PO_DEMO_NELEM(sectors); s++) {
        for (int k = 0; k < sectors[s].count; k++) {
            struct po_demo_ent *e = &city.ents[city.n];
            e->idx = city.n;
            e->nth = (size_t)k;
            e->sec = &sectors[s];
            int rc = build_ent(&city, e, a, err);
            if (rc != 0)
                return rc;
            city.n++;
        }
    }
    *out = city;
    return 0;
}

/* ------------------------------------------------------ enterprises.csv */

/*
 * Whether e's downstream consumer is left unrecorded (an empty cell: nobody asked yet): every
 * third independent lime, calcium carbide and ferroalloy plant past the anchors, so the rules
 * on independent plants have cases to say "无法判定：是否有下游配套 未记录" on (数据待补).
 */
static bool downstream_unrecorded(const struct po_demo_ent *e)
{
    static const char keys[] = ",lime,carbide,ferroalloy,ferroalloy_2011,";
    char key[40];
    snprintf(key, sizeof(key), ",%s,", e->sec->key);
    return !e->has_downstream && e->nth >= 5 && e->nth % 3 == 2 && strstr(keys, key);
}

void po_demo_city_enterprises(struct po_demo_csv *c, const struct po_demo_city *city)
{
    static const char *const cols[] = {
        "uscc",
        "name",
        "district_code",
        "industry_code",
        "founded",
        "industry_edition",
        "park_code",
        "status",
        "has_downstream",
        "employees",
        "uscc_override_reason",
        "address",
        "legal_representative",
    };
    po_demo_csv_header(c, cols, PO_DEMO_NELEM(cols));
    for (size_t i = 0; i < city->n; i++) {
        const struct po_demo_ent *e = &city->ents[i];
        po_demo_csv_str(c, e->uscc);
        po_demo_csv_str(c, e->name);
        po_demo_csv_str(c, e->district);
        po_demo_csv_str(c, e->sec->industry);
        po_demo_csv_int(c, e->founded);
        po_demo_csv_str(c, e->sec->edition);
        po_demo_csv_str(c, e->park);
        po_demo_csv_str(c, po_demo_city_status_tag(e->status));
        po_demo_csv_str(c, downstream_unrecorded(e) ? "" : e->has_downstream ? "1" : "0");
        po_demo_csv_int(c, e->employees);
        po_demo_csv_str(c, e->override_reason);
        po_demo_csv_str(c, e->address);
        po_demo_csv_str(c, e->legal_rep);
        po_demo_csv_end(c);
    }
}
