/*
 * demo_records.c: inspection records and licences of the demo city.
 *
 * Legal bases are the articles the reference notes cite
 * (reference/dual_control_rules.md section 10: Air Pollution Law art. 99,
 * Environmental Protection Law art. 60, Work Safety Law art. 113, Energy
 * Conservation Law art. 72), plus a few routine ones (Air Pollution Law
 * art. 117 on open storage, Environmental Protection Law art. 41 on the
 * "three simultaneities", Work Safety Law art. 102 on hidden dangers,
 * Product Quality Law art. 49, Industrial Product Production Licence
 * Regulations art. 45, Energy Conservation Law arts. 27 and 82) that are
 * demo text, not legal advice.
 */
#include "demo/demo_records.h"
#include "demo/demo_ledger.h"

#include <stdlib.h>
#include <string.h>

static const char HEAVY[] = ",coking,carbide,ferroalloy,ferroalloy_2011,chlor_alkali,caustic,"
                            "cement,lime,iron,steel,power,chp,methanol,";
static const char QUALITY[] = ",cement,lime,ferroalloy,carbide,paint,pipes,wine,chlor_alkali,"
                              "caustic,";
static const char ENERGY_SUPERVISED[] = ",washing,power,chp,coking,";
static const char HAZCHEM[] = "hazchem";

static const char *const B_AIR99 = "《中华人民共和国大气污染防治法》第九十九条";
static const char *const B_EPL60 = "《中华人民共和国环境保护法》第六十条";
static const char *const B_WSL113 = "《中华人民共和国安全生产法》第一百一十三条";
static const char *const B_PQL49 = "《中华人民共和国产品质量法》第四十九条";
static const char *const B_ECL72 = "《中华人民共和国节约能源法》第七十二条";

enum subject { S_NONE, S_UNIT, S_PRODUCT };

/* The yearly inspection plan: what each department finds, how often. */
static const struct plan {
    const char *dept, *kind, *severity, *violation;
    int count;
    const char *who; /* sector keys ",a,b,", HAZCHEM, or NULL for any */
    const char *basis;
    enum subject subject;
    const char *text; /* follows the subject, if any */
} plan[] = {
    { "eco_env", "environment", "none", NULL, 14, NULL, NULL, S_NONE,
      "例行执法检查，未发现环境违法行为" },
    { "eco_env", "environment", "minor", "other", 7, HEAVY,
      "《中华人民共和国大气污染防治法》第一百一十七条", S_NONE,
      "煤场及物料堆场未完全密闭，存在扬尘，责令限期改正" },
    { "eco_env", "environment", "minor", "other", 1, HEAVY,
      "《中华人民共和国环境保护法》第四十一条", S_NONE,
      "除尘设施未严格执行\"三同时\"制度，责令限期改正" },
    { "eco_env", "environment", "major", "emission_exceedance", 10, HEAVY, B_AIR99, S_UNIT,
      "颗粒物排放浓度超过排放标准，责令改正并处罚款" },
    { "eco_env", "environment", "serious", "emission_exceedance", 4, HEAVY, B_EPL60, S_UNIT,
      "二氧化硫、颗粒物持续超标排放，责令停产整治" },
    { "emergency", "safety", "none", NULL, 10, NULL, NULL, S_NONE,
      "安全生产例行检查，未发现重大事故隐患" },
    { "emergency", "safety", "minor", "other", 8, NULL, "《中华人民共和国安全生产法》第一百零二条",
      S_NONE, "一般事故隐患未及时消除，责令限期整改" },
    { "emergency", "safety", "major", "safety_conditions_unmet", 5, HEAVY, B_WSL113, S_UNIT,
      "区域存在重大事故隐患，不具备安全生产条件，责令停产停业整顿" },
    { "emergency", "safety", "serious", "safety_conditions_unmet", 2, HAZCHEM, B_WSL113, S_UNIT,
      "区域重大事故隐患经整顿仍未消除，不具备安全生产条件，提请关闭" },
    { "market", "quality", "none", NULL, 5, QUALITY, NULL, S_PRODUCT, "产品质量监督抽查合格" },
    { "market", "quality", "major", "quality_substandard", 5, QUALITY, B_PQL49, S_PRODUCT,
      "产品监督抽查不合格，责令停止生产、销售不合格产品" },
    { "market", "quality", "serious", "quality_substandard", 2, QUALITY, B_PQL49, S_PRODUCT,
      "产品连续两次监督抽查不合格，没收违法所得并处罚款" },
    { "miit", "energy", "none", NULL, 6, HEAVY, NULL, S_PRODUCT,
      "单位产品能耗节能监察，符合限额标准" },
    { "drc", "energy", "none", NULL, 3, HEAVY, NULL, S_NONE,
      "固定资产投资项目节能审查意见落实情况检查，未发现问题" },
    { "drc", "energy", "minor", "other", 2, HEAVY, "《中华人民共和国节约能源法》第八十二条", S_NONE,
      "未按规定报送年度能源利用状况报告，责令限期报送" },
    { "energy", "energy", "none", NULL, 4, ENERGY_SUPERVISED, NULL, S_NONE,
      "能源行业节能与安全检查，未发现问题" },
    { "energy", "energy", "minor", "other", 2, ENERGY_SUPERVISED,
      "《中华人民共和国节约能源法》第二十七条", S_NONE,
      "能源计量器具配备不齐全，能源消费统计台账不完整，责令限期整改" },
};

/* Register prefixes per department: inspection records and penalty decisions. */
static const struct {
    const char *dept, *check, *penalty;
} registers[] = {
    { "miit", "乌工信节监", "乌工信节监罚" }, { "drc", "乌发改环资检", "乌发改环资罚" },
    { "energy", "乌能源检", "乌能源罚" },     { "eco_env", "乌环检", "乌环罚" },
    { "emergency", "乌应急检", "乌应急罚" },  { "market", "乌市监检", "乌市监罚" },
};

struct rec {
    const struct po_demo_ent *e;
    const char *dept, *kind, *severity, *violation, *basis, *desc;
    int y, m, d;
    int seq; /* generation order: the last sort key, so qsort is deterministic */
};

struct recs {
    struct rec *v;
    size_t n, cap;
    struct po_arena *a;
    bool nomem;
};

static struct rec *push(struct recs *rs)
{
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? 2 * rs->cap : 64;
        struct rec *v = po_arena_realloc(rs->a, rs->v, rs->cap * sizeof(*v), cap * sizeof(*v));
        if (!v) {
            rs->nomem = true;
            return NULL;
        }
        rs->v = v;
        rs->cap = cap;
    }
    struct rec *x = &rs->v[rs->n];
    memset(x, 0, sizeof(*x));
    x->seq = (int)rs->n++;
    return x;
}

static bool eligible(const struct po_demo_ent *e, const char *who)
{
    if (!who)
        return true;
    if (who == HAZCHEM)
        return e->sec->hazchem;
    size_t n = strlen(e->sec->key);
    for (const char *p = strstr(who, e->sec->key); p; p = strstr(p + 1, e->sec->key))
        if (p > who && p[-1] == ',' && p[n] == ',')
            return true;
    return false;
}

/* A working day in month index mi. */
static void workday(struct rec *x, struct po_demo_rng *r, int mi)
{
    x->y = PO_DEMO_YEAR0 + mi / 12;
    x->m = mi % 12 + 1;
    do {
        x->d = (int)po_demo_rng_range(r, 1, po_demo_city_days_in_month(x->y, x->m));
    } while (po_demo_city_weekday(x->y, x->m, x->d) % 6 == 0);
}

static const char *subject(const struct po_demo_ent *e, enum subject s)
{
    if (s == S_UNIT && e->nunits > 0)
        return e->units[0].name;
    if (s == S_PRODUCT)
        return e->prod[0].r->name_zh;
    return "";
}

static void from_plan(struct recs *rs, const struct po_demo_city *city, const struct plan *p,
                      struct po_demo_rng *r)
{
    for (int k = 0; k < p->count; k++) {
        int mi = (int)po_demo_rng_range(r, 0, PO_DEMO_MONTHS - 1);
        const struct po_demo_ent *e = NULL;
        for (int tries = 0; tries < 400 && !e; tries++) {
            const struct po_demo_ent *c =
                &city->ents[po_demo_rng_range(r, 0, (int64_t)city->n - 1)];
            if (eligible(c, p->who) && mi < c->stop && c->role == PO_DEMO_ROLE_NONE)
                e = c;
        }
        if (!e)
            continue;
        struct rec *x = push(rs);
        if (!x)
            return;
        x->e = e;
        x->dept = p->dept;
        x->kind = p->kind;
        x->severity = p->severity;
        x->violation = p->violation;
        x->basis = p->basis;
        x->desc = po_arena_printf(rs->a, "%s%s", subject(e, p->subject), p->text);
        if (!x->desc)
            rs->nomem = true;
        workday(x, r, mi);
    }
}

/* One energy-quota case for each enterprise above its limit (capped at 25). */
static void over_limit(struct recs *rs, const struct po_demo_city *city, struct po_demo_rng *r)
{
    int cases = 0;
    for (size_t i = 0; i < city->n && cases < 25; i++) {
        const struct po_demo_ent *e = &city->ents[i];
        if (!e->prod[0].r->standard || !po_demo_ledger_over_limit(e))
            continue;
        int y = 0;
        while (po_demo_ledger_pos(e, 0, y) <= 1000 && y < PO_DEMO_YEARS - 1)
            y++;
        int mi = 12 * (y + 1) + (int)po_demo_rng_range(r, 1, 7);
        if (mi > e->stop - 1)
            mi = e->stop - 1;
        if (mi > PO_DEMO_MONTHS - 1)
            mi = PO_DEMO_MONTHS - 1;
        if (mi < 0)
            continue;
        struct rec *x = push(rs);
        if (!x)
            return;
        x->e = e;
        x->dept = "miit";
        x->kind = "energy";
        x->severity = po_demo_ledger_pos(e, 0, y) > 1100 ? "major" : "minor";
        x->violation = "energy_quota_exceeded";
        x->basis = B_ECL72;
        /* The standard without its year: the edition in force depends on the year judged. */
        const char *std = e->prod[0].r->standard;
        x->desc =
            po_arena_printf(rs->a, "%d年度%s单位产品综合能耗高于%.*s规定的限定值，责令限期整改",
                            PO_DEMO_YEAR0 + y, e->prod[0].r->name_zh, (int)strcspn(std, "-"), std);
        if (!x->desc)
            rs->nomem = true;
        workday(x, r, mi);
        cases++;
    }
}

static void scripted(struct recs *rs, const struct po_demo_ent *e, struct po_demo_rng *r,
                     const char *dept, const char *kind, const char *severity,
                     const char *violation, const char *basis, const char *desc, int mi)
{
    if (mi < 0)
        return;
    struct rec *x = push(rs);
    if (!x)
        return;
    int seq = x->seq;
    *x = (struct rec){ e, dept, kind, severity, violation, basis, desc, 0, 0, 0, seq };
    workday(x, r, mi);
}

static void stories(struct recs *rs, const struct po_demo_city *city, struct po_demo_rng *r)
{
    for (size_t i = 0; i < city->n; i++) {
        const struct po_demo_ent *e = &city->ents[i];
        switch (e->role) {
        case PO_DEMO_ROLE_REVOKED:
            scripted(rs, e, r, "emergency", "safety", "major", "safety_conditions_unmet", B_WSL113,
                     "焦炉区域煤气泄漏报警装置失效，存在重大事故隐患，责令停产停业整顿",
                     e->stop - 7);
            scripted(rs, e, r, "emergency", "safety", "serious", "safety_conditions_unmet",
                     B_WSL113,
                     "经停产停业整顿仍不具备安全生产条件，提请吊销安全生产许可证并予以关闭",
                     e->stop - 2);
            break;
        case PO_DEMO_ROLE_UNLICENSED:
            scripted(rs, e, r, "market", "quality", "serious", "unlicensed",
                     "《工业产品生产许可证管理条例》第四十五条",
                     "未取得工业产品生产许可证擅自生产危险化学品涂料，责令停止生产并处罚款", 16);
            break;
        case PO_DEMO_ROLE_LICENCE_SUSPENDED:
            scripted(rs, e, r, "eco_env", "environment", "serious", "emission_exceedance", B_AIR99,
                     "电石炉尾气净化设施停运，颗粒物超标排放，暂扣排污许可证并责令停产整治",
                     e->stop - 3);
            break;
        case PO_DEMO_ROLE_NONE:
            break;
        }
    }
}

static int by_date(const void *pa, const void *pb)
{
    const struct rec *a = pa, *b = pb;
    int ka = a->y * 10000 + a->m * 100 + a->d, kb = b->y * 10000 + b->m * 100 + b->d;
    if (ka != kb)
        return ka < kb ? -1 : 1;
    int c = strcmp(a->dept, b->dept);
    if (c != 0)
        return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void write_recs(struct po_demo_csv *c, const struct recs *rs)
{
    static const char *const cols[] = { "uscc",        "department",  "kind",
                                        "date",        "severity",    "violation",
                                        "legal_basis", "document_no", "description" };
    int counter[PO_DEMO_NELEM(registers)][PO_DEMO_YEARS][2] = { { { 0 } } };
    po_demo_csv_header(c, cols, PO_DEMO_NELEM(cols));
    for (size_t i = 0; i < rs->n; i++) {
        const struct rec *x = &rs->v[i];
        size_t d = 0;
        while (d + 1 < PO_DEMO_NELEM(registers) && strcmp(registers[d].dept, x->dept) != 0)
            d++;
        bool penalty = strcmp(x->severity, "major") == 0 || strcmp(x->severity, "serious") == 0;
        int no = ++counter[d][x->y - PO_DEMO_YEAR0][penalty];
        po_demo_csv_str(c, x->e->uscc);
        po_demo_csv_str(c, x->dept);
        po_demo_csv_str(c, x->kind);
        po_demo_csv_date(c, x->y, x->m, x->d);
        po_demo_csv_str(c, x->severity);
        po_demo_csv_str(c, x->violation);
        po_demo_csv_str(c, x->basis);
        po_demo_csv_strf(c, "%s〔%d〕%d号", penalty ? registers[d].penalty : registers[d].check,
                         x->y, no);
        po_demo_csv_str(c, x->desc);
        po_demo_csv_end(c);
    }
}

void po_demo_records_inspections(struct po_demo_csv *c, const struct po_demo_city *city)
{
    struct recs rs = { NULL, 0, 0, po_arena_new(), false };
    if (!rs.a) {
        c->b.failed = true;
        return;
    }
    struct po_demo_rng r;
    po_demo_rng_init(&r, city->seed, po_demo_city_stream(0, PO_DEMO_S_RECORDS));
    for (size_t i = 0; i < PO_DEMO_NELEM(plan); i++)
        from_plan(&rs, city, &plan[i], &r);
    over_limit(&rs, city, &r);
    stories(&rs, city, &r);
    if (rs.nomem) {
        c->b.failed = true; /* sticky: po_demo_csv_save() reports PO_ENOMEM */
    } else {
        if (rs.n > 0)
            qsort(rs.v, rs.n, sizeof(*rs.v), by_date);
        write_recs(c, &rs);
    }
    po_arena_destroy(rs.a);
}

/* -------------------------------------------------------------- licences */

enum lic { L_POLLUTANT, L_SAFETY, L_PRODUCTION };

static const struct {
    const char *type, *issuer;
    int years;
} lic_kinds[] = {
    [L_POLLUTANT] = { "pollutant_discharge", "乌海市生态环境局", 5 },
    [L_SAFETY] = { "safety_production", "内蒙古自治区应急管理厅", 3 },
    [L_PRODUCTION] = { "production", "内蒙古自治区市场监督管理局", 5 },
};

#define END_OF_DATA 20251231 /* licences are judged as they stand on this day */

struct ymd {
    int y, m, d;
};

/* The last day of a term of n years starting on from (from.d <= 28). */
static struct ymd term_end(struct ymd from, int n)
{
    struct ymd to = { from.y + n, from.m, from.d - 1 };
    if (to.d == 0) {
        to.m = from.m == 1 ? 12 : from.m - 1;
        to.y = from.m == 1 ? to.y - 1 : to.y;
        to.d = po_demo_city_days_in_month(to.y, to.m);
    }
    return to;
}

static int key(struct ymd t)
{
    return t.y * 10000 + t.m * 100 + t.d;
}

static void licence_number(struct po_demo_csv *c, enum lic t, const struct po_demo_ent *e, int seq,
                           int year)
{
    switch (t) {
    case L_POLLUTANT:
        po_demo_csv_strf(c, "%s%03dP", e->uscc, seq);
        break;
    case L_SAFETY:
        po_demo_csv_strf(c, "(蒙)WH安许证字〔%d〕%06zu号", year,
                         100000 + e->idx * 10 + (size_t)seq);
        break;
    case L_PRODUCTION:
        po_demo_csv_strf(c, "(蒙)%s-%05zu", e->sec->prod_licence, e->idx * 10 + (size_t)seq);
        break;
    }
}

static void licence_row(struct po_demo_csv *c, const struct po_demo_ent *e, enum lic t, int seq,
                        struct ymd from, struct ymd to, const char *status,
                        const struct ymd *revoked, const char *reason)
{
    po_demo_csv_str(c, e->uscc);
    po_demo_csv_str(c, lic_kinds[t].type);
    licence_number(c, t, e, seq, from.y);
    po_demo_csv_str(c, lic_kinds[t].issuer);
    po_demo_csv_date(c, from.y, from.m, from.d);
    po_demo_csv_date(c, to.y, to.m, to.d);
    po_demo_csv_str(c, status);
    if (revoked)
        po_demo_csv_date(c, revoked->y, revoked->m, revoked->d);
    else
        po_demo_csv_str(c, NULL);
    po_demo_csv_str(c, reason);
    po_demo_csv_end(c);
}

/* A licence and, where it ran out and the enterprise goes on, its renewal. */
static void licence(struct po_demo_csv *c, const struct po_demo_ent *e, enum lic t,
                    struct po_demo_rng *r)
{
    int n = lic_kinds[t].years;
    int lo = e->founded > PO_DEMO_YEAR0 - n ? e->founded : PO_DEMO_YEAR0 - n;
    struct ymd from = { (int)po_demo_rng_range(r, lo, PO_DEMO_YEAR0), 0, 0 };
    from.m = (int)po_demo_rng_range(r, 1, 12);
    from.d = (int)po_demo_rng_range(r, 1, 28);
    struct ymd to = term_end(from, n);
    if (t == L_SAFETY && e->role == PO_DEMO_ROLE_REVOKED) {
        struct ymd on = { PO_DEMO_YEAR0 + e->stop / 12, e->stop % 12 + 1, 12 };
        if (key(to) <= key(on))
            to = term_end((struct ymd){ on.y - 1, from.m, from.d }, n);
        licence_row(c, e, t, 1, from, to, "revoked", &on,
                    "经停产停业整顿仍不具备安全生产条件，依法吊销");
        return;
    }
    if (t == L_POLLUTANT && e->role == PO_DEMO_ROLE_LICENCE_SUSPENDED && key(to) > END_OF_DATA) {
        licence_row(c, e, t, 1, from, to, "suspended", NULL, NULL);
        return;
    }
    if (key(to) > END_OF_DATA) {
        licence_row(c, e, t, 1, from, to, "valid", NULL, NULL);
        return;
    }
    licence_row(c, e, t, 1, from, to, "expired", NULL, NULL);
    bool goes_on = e->stop == PO_DEMO_MONTHS && e->status != PO_DEMO_SUSPENDED;
    if (goes_on && po_demo_rng_chance(r, 820)) {
        struct ymd next = { from.y + n, from.m, from.d }; /* the day after to */
        licence_row(c, e, t, 2, next, term_end(next, n), "valid", NULL, NULL);
    }
}

void po_demo_records_licences(struct po_demo_csv *c, const struct po_demo_city *city)
{
    static const char *const cols[] = { "uscc",   "licence_type", "number",
                                        "issuer", "valid_from",   "valid_to",
                                        "status", "revoked_on",   "revocation_reason" };
    po_demo_csv_header(c, cols, PO_DEMO_NELEM(cols));
    for (size_t i = 0; i < city->n; i++) {
        const struct po_demo_ent *e = &city->ents[i];
        struct po_demo_rng r;
        po_demo_rng_init(&r, city->seed, po_demo_city_stream(e->idx, PO_DEMO_S_LICENCES));
        licence(c, e, L_POLLUTANT, &r);
        if (e->sec->hazchem)
            licence(c, e, L_SAFETY, &r);
        if (e->sec->prod_licence && e->role != PO_DEMO_ROLE_UNLICENSED)
            licence(c, e, L_PRODUCTION, &r);
    }
}
