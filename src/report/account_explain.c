/*
 * account_explain.c: one enterprise's account in plain language (--explain).
 *
 * Every figure printed is traceable: a record's standard coal is shown as
 * quantity × factor = result with the factor's source and confidence; the
 * sums are the exact sums rounded once (so the rounded lines need not add
 * up to the last digit, and the text says so); each exclusion names its
 * rule and document.  Each statement is written in Chinese, then English,
 * from one call with the same arguments for both formats (as po_err_set),
 * so the two languages cannot say different numbers.
 */
#include "report/account_out.h"
#include "core/decimal.h"
#include "core/units.h"
#include "util/buf.h"

#include <stdarg.h>
#include <string.h>

struct say {
    struct po_buf *b;
    enum po_lang lang;
    int year;
};

static void say(const struct say *s, const char *indent, const char *zh, const char *en, ...)
    __attribute__((format(printf, 3, 5))) __attribute__((format(printf, 4, 5)));

static void say(const struct say *s, const char *indent, const char *zh, const char *en, ...)
{
    va_list ap;
    if (s->lang != PO_LANG_EN) {
        va_start(ap, en);
        po_buf_adds(s->b, indent);
        po_buf_vaddf(s->b, zh, ap);
        po_buf_addch(s->b, '\n');
        va_end(ap);
    }
    if (s->lang != PO_LANG_ZH) {
        va_start(ap, en);
        po_buf_adds(s->b, indent);
        po_buf_vaddf(s->b, en, ap);
        po_buf_addch(s->b, '\n');
        va_end(ap);
    }
}

static const char *type_zh(const char *tag)
{
    const struct po_energy_type *t = po_energy_type_find(tag, strlen(tag));
    return t ? t->name_zh : tag;
}

static const char *tce4(char *buf, po_acct_i128 e15)
{
    return po_acct_fmt(buf, 48, po_acct_round_tce_e4(e15), 4);
}

static const char *qty(char *buf, int64_t micro)
{
    po_dec_format(buf, 48, micro);
    return buf;
}

/* ---- policy ---- */

static void rule_line(const struct say *s, const struct po_policy_rule *r, const char *what_zh,
                      const char *what_en)
{
    char from[16];
    snprintf(from, sizeof(from), "%04d-%02d-%02d", r->from.y, r->from.m, r->from.d);
    say(s, "  - ", "%s%.0s：不计入%s%.0s —— %s%.0s（%s 起；%s）[置信度 %s]",
        "%.0s%s: excluded from the %.0s%s — %.0s%s (from %s; %s) [confidence %s]", what_zh, what_en,
        po_excl_scope_zh(r->scope), po_excl_scope_en(r->scope), r->desc_zh, r->desc_en, from,
        r->document, r->confidence);
}

static void policy(const struct say *s, const struct po_acct_policy *p)
{
    say(s, "", "[1] 核算口径（%d-12-31 有效的规则，适用于全年）",
        "[1] Policy (the rules in force on %d-12-31 govern the whole year)", p->year);
    if (p->equal_value) {
        char g[48];
        po_account_dec(g, sizeof(g), p->equal->gce_milli, 3);
        say(s, "  - ", "电力按等价值折算：%s gce/kWh（%s；%s）[置信度 %s]",
            "electricity at its equal value: %s gce/kWh (%s; %s) [confidence %s]", g,
            p->equal->basis, p->equal->source, p->equal->confidence);
    } else {
        say(s, "  - ", "电力按当量值折算（折标系数表，%s）",
            "electricity at its equivalent value (the factor table, %s)",
            p->rule[PO_RULE_ELECTRICITY] ? p->rule[PO_RULE_ELECTRICITY]->document : "GB/T 2589");
    }
    if (p->chosen)
        say(s, "    ", "（电力折算口径由命令行选定）",
            "(electricity convention chosen on the command line)");
    if (p->rule[PO_RULE_FEEDSTOCK])
        rule_line(s, p->rule[PO_RULE_FEEDSTOCK], "原料用能", "feedstock energy");
    else
        say(s, "  - ", "原料用能：该年无扣除规则，计入总量和强度",
            "feedstock energy: no exclusion rule in force; counted in total and intensity");
    if (p->rule[PO_RULE_RENEWABLE])
        rule_line(s, p->rule[PO_RULE_RENEWABLE], "绿电", "renewable electricity");
    else
        say(s, "  - ", "绿电：该年无扣除规则，计入总量和强度",
            "renewable electricity: no exclusion rule in force; counted in total and intensity");
    if (p->low_confidence)
        say(s, "  ! ", "本年口径含低置信度依据，使用前请核实",
            "this year's policy rests on low-confidence rows: verify before use");
}

/* ---- records ---- */

static const char *base_unit(const struct po_unit *u)
{
    switch (u->dim) {
    case PO_DIM_MASS:
        return "kg";
    case PO_DIM_VOLUME:
        return "m3";
    case PO_DIM_ELECTRICITY:
        return "kWh";
    case PO_DIM_HEAT:
        return "MJ";
    case PO_DIM_COAL_EQ:
        return "kgce";
    }
    return "?";
}

static void co2_line(const struct say *s, const struct po_acct_line *l, const struct po_unit *u)
{
    char q[48], base[48], f[48], t[48], e[48];
    const struct po_co2_factor *c = l->co2f;
    const char *dim = base_unit(u);
    qty(q, l->rec->quantity_micro);
    po_account_dec(base, sizeof(base), (po_acct_i128)l->rec->quantity_micro * u->base_mult, 6);
    po_acct_fmt(t, sizeof(t), po_acct_round_co2_t_e3(l->co2_e16), 3);
    switch (l->co2_status) {
    case PO_CO2_COUNTED:
        if (c->lhv_dkj) {
            po_account_dec(f, sizeof(f), c->lhv_dkj, 1);
            po_account_dec(e, sizeof(e), c->ef_kg_per_tj, 0);
            say(s, "     ",
                "CO2：%s %s = %s %s × %s kJ/%s × %s kgCO2/TJ ÷ 10^9 = %s t（%s；%s）[置信度 %s]",
                "CO2: %s %s = %s %s × %s kJ/%s × %s kgCO2/TJ ÷ 10^9 = %s t (%s; %s) [confidence "
                "%s]",
                q, l->rec->unit, base, dim, f, dim, e, t, *c->factor_id ? c->factor_id : c->why,
                c->source, c->confidence);
        } else {
            po_account_dec(f, sizeof(f), c->kg_e10, 10);
            say(s, "     ", "CO2：%s %s = %s %s × %s kgCO2/%s = %s t（%s；%s）[置信度 %s]",
                "CO2: %s %s = %s %s × %s kgCO2/%s = %s t (%s; %s) [confidence %s]", q, l->rec->unit,
                base, dim, f, dim, t, *c->factor_id ? c->factor_id : c->why, c->source,
                c->confidence);
        }
        break;
    case PO_CO2_NOT_COMBUSTION:
        say(s, "     ", "CO2：原料用能不是燃烧，不计燃烧排放（工艺排放不在本核算范围）",
            "CO2: feedstock is not combustion; no combustion CO2 (process emissions are outside "
            "this account)");
        break;
    case PO_CO2_NO_FACTOR:
        say(s, "     ", "CO2：%s 没有排放因子，碳排放不完整（缺失，不按零计）",
            "CO2: no emission factor for %s; CO2 is incomplete (missing, not zero)",
            l->rec->energy_type);
        break;
    case PO_CO2_NOT_COUNTED:
        break;
    }
}

static void record(const struct say *s, size_t i, const struct po_acct_line *l)
{
    const struct po_acct_record *r = l->rec;
    char zh[32], en[32], q[48], f[48], t[48];
    /* each format prints its own language's words: "%s%.0s" / "%.0s%s" skip the other's */
    if (r->month) {
        snprintf(zh, sizeof(zh), "%d年%d月", s->year, r->month);
        snprintf(en, sizeof(en), "%d-%02d", s->year, r->month);
    } else {
        snprintf(zh, sizeof(zh), "%d年全年", s->year);
        snprintf(en, sizeof(en), "%d whole year", s->year);
    }
    qty(q, r->quantity_micro);
    bool feed = r->purpose == PO_PURPOSE_FEEDSTOCK;
    say(s, "  ", "#%zu %s%.0s %s（%s），%s%.0s，%s%.0s%s%.0s%s：%s %s",
        "#%zu %.0s%s %.0s%s, %.0s%s, %.0s%s%.0s%s%s: %s %s", i + 1, zh, en, type_zh(r->energy_type),
        r->energy_type, feed ? "原料用能" : "燃料动力", feed ? "feedstock" : "fuel",
        r->metered ? "在线监测" : "报送", r->metered ? "metered" : "reported",
        *r->product ? "，产品 " : "", *r->product ? ", product " : "", r->product, q, r->unit);
    if (l->status == PO_REC_UNKNOWN_FACTOR) {
        say(s, "     ", "未计入：折标系数表中没有（%s, %s），请补充系数或更正单位",
            "not counted: the factor table has no (%s, %s); add a factor or correct the unit",
            r->energy_type, r->unit);
        return;
    }
    if (l->status == PO_REC_SUPERSEDED_METERED || l->status == PO_REC_SUPERSEDED_MONTHLY) {
        bool met = l->status == PO_REC_SUPERSEDED_METERED;
        say(s, "     ", "未计入（避免重复）：%s%.0s", "not counted (no double count): %.0s%s",
            met ? "同一时段已有报送数据，在线监测数据不重复计入"
                : "已有全年数据，月度数据不重复计入",
            met ? "a reported figure covers the same period"
                : "a whole-year figure covers the same slot");
        return;
    }
    const struct po_unit *u = po_unit_find(r->unit, strlen(r->unit));
    po_account_dec(f, sizeof(f), l->tce_e9_per_unit, 9);
    tce4(t, l->tce_e15);
    say(s, "     ", "折标：%s %s × %s tce/%s = %s tce",
        "standard coal: %s %s × %s tce per %s = %s tce", q, r->unit, f, r->unit, t);
    if (u->base_mult != 1 && l->tce_e9_per_unit % u->base_mult == 0) {
        /* tce × 10^9 per base unit = kgce × 10^6 per base unit */
        char b[48], k[48];
        const char *bu = base_unit(u);
        say(s, "     ", "单位换算：1 %s = %s %s；%s kgce/%s × %s ÷ 1000 = %s tce/%s",
            "unit conversion: 1 %s = %s %s; %s kgce per %s × %s ÷ 1000 = %s tce per %s", r->unit,
            qty(b, u->base_mult * 1000000), bu,
            po_account_dec(k, sizeof(k), l->tce_e9_per_unit / u->base_mult, 6), bu,
            qty(t, u->base_mult * 1000000), f, r->unit);
    }
    if (l->equal_value)
        say(s, "     ", "系数：电力等价值（见[1]）× %s kWh/%s",
            "factor: the equal value of electricity (see [1]) × %s kWh per %s",
            qty(f, u->base_mult * 1000000), r->unit);
    else
        say(s, "     ", "系数来源：%s [置信度 %s]", "factor source: %s [confidence %s]",
            l->coef->source, l->coef->confidence);
    if (l->excluded)
        say(s, "     ", "扣除：不计入%s%.0s —— %s", "excluded from the %.0s%s — %s",
            po_excl_scope_zh(l->excluded), po_excl_scope_en(l->excluded),
            l->excl_rule ? l->excl_rule->document : "");
    co2_line(s, l, u);
}

/* ---- sums and ratios ---- */

static void sums(const struct say *s, const struct po_acct_result *r)
{
    char a[48], b[48], c[48], d[48];
    say(s, "", "[3] 合计（精确求和后一次四舍五入至4位小数，各行舍入值之和可能差末位）",
        "[3] Sums (exact sums rounded once to 4 decimals; the rounded lines may differ in the "
        "last digit)");
    say(s, "  ", "计入记录折标煤合计（毛量）：%s tce", "gross, every counted record: %s tce",
        tce4(a, r->gross_e15));
    say(s, "  ", "按政策从总量中扣除：%s tce；能源消费量（总量口径）：%s tce",
        "excluded from the total by the policy: %s tce; total consumption: %s tce",
        tce4(b, r->excl_total_e15), tce4(c, r->total_e15));
    say(s, "  ", "强度口径能耗（扣除 %s tce）：%s tce", "intensity basis (less %s tce): %s tce",
        tce4(a, r->excl_intensity_e15), tce4(d, r->intensity_e15));
    for (size_t i = 0; i < r->ntypes; i++)
        say(s, "  · ", "%s %s：%s tce（总量口径 %s tce，%zu 条）",
            "%.0s%s: %s tce (toward the total %s tce, %zu record(s))", type_zh(r->by_type[i].key),
            r->by_type[i].key, tce4(a, r->by_type[i].gross_e15), tce4(b, r->by_type[i].total_e15),
            r->by_type[i].records);
    say(s, "  ", "按用途：燃料动力 %s tce，原料用能 %s tce",
        "by purpose: fuel %s tce, feedstock %s tce", tce4(a, r->by_purpose[0].gross_e15),
        tce4(b, r->by_purpose[1].gross_e15));
    for (int m = 0; r->monthly && m <= 12; m++) {
        char zh[16], en[16];
        if (!r->by_month[m].records)
            continue;
        snprintf(zh, sizeof(zh), m ? "%d月" : "全年数据", m);
        snprintf(en, sizeof(en), m ? "month %d" : "whole-year rows", m);
        say(s, "  · ", "%s%.0s：%s tce（总量口径）", "%.0s%s: %s tce toward the total", zh, en,
            tce4(a, r->by_month[m].total_e15));
    }
    if (r->nunknown)
        say(s, "  ! ", "%zu 条记录缺少折标系数，未计入（见上）",
            "%zu records have no factor and are not counted (see above)", r->nunknown);
    if (r->nsuperseded)
        say(s, "  ! ", "%zu 条重复记录已剔除（见上）",
            "%zu double-counted records set aside (see above)", r->nsuperseded);
}

static void ratios(const struct say *s, const struct po_acct_result *r)
{
    char a[48], b[48], c[48];
    say(s, "", "[4] 增加值与强度（四舍五入至6位小数）",
        "[4] Value added and intensities (rounded half up to 6 decimals)");
    if (r->notes & PO_NOTE_NO_ENERGY) {
        say(s, "  ", "无能耗数据：强度无法计算（缺失，不按零计）",
            "no energy data: no intensity (missing, not zero)");
    }
    switch (r->va) {
    case PO_VA_MISSING:
        say(s, "  ", "增加值缺失：强度无法计算", "value added missing: no intensity");
        break;
    case PO_VA_ZERO:
    case PO_VA_NEGATIVE:
        po_dec_format(a, sizeof(a), r->value_added_micro);
        say(s, "  ", "增加值 %s 万元，不为正：强度无意义，不予计算",
            "value added %s (10k yuan) is not positive: intensity not defined", a);
        break;
    case PO_VA_OK:
        po_dec_format(a, sizeof(a), r->value_added_micro);
        if (!r->intensity_defined)
            break;
        say(s, "  ", "能耗强度 = %s tce ÷ %s 万元 = %s tce/万元",
            "energy intensity = %s tce ÷ %s (10k yuan) = %s tce per 10k yuan",
            tce4(b, r->intensity_e15), a, po_acct_fmt(c, sizeof(c), r->intensity_e6, 6));
        break;
    }
    if (!(r->notes & PO_NOTE_NO_ENERGY)) {
        po_acct_fmt(b, sizeof(b), po_acct_round_co2_t_e3(r->co2_e16), 3);
        if (r->nco2_missing)
            say(s, "  ", "二氧化碳 %s t（不完整：%zu 条记录缺少因子），碳排放强度不予计算",
                "CO2 %s t (incomplete: %zu records lack a factor); no carbon intensity", b,
                r->nco2_missing);
        else if (r->carbon_intensity_defined)
            say(s, "  ", "二氧化碳 %s t；碳排放强度 = %s t ÷ %s 万元 = %s tCO2/万元",
                "CO2 %s t; carbon intensity = %s t ÷ %s (10k yuan) = %s tCO2 per 10k yuan", b, b, a,
                po_acct_fmt(c, sizeof(c), r->carbon_intensity_e6, 6));
        else
            say(s, "  ", "二氧化碳 %s t", "CO2 %s t", b);
    }
}

static const char *verdict_zh(enum po_quota_verdict v)
{
    static const char *const t[] = { "无有效标准", "无归属能耗", "超过限定值",
                                     "达到限定值", "达到准入值", "达到先进值" };
    return (unsigned)v < 6 ? t[v] : "";
}

static const char *verdict_en(enum po_quota_verdict v)
{
    static const char *const t[] = { "no standard in force",          "no energy attributed",
                                     "over the existing-plant limit", "meets the limit",
                                     "meets the new-plant value",     "meets the advanced value" };
    return (unsigned)v < 6 ? t[v] : "";
}

static const char *bench_zh(enum po_bench_verdict v)
{
    static const char *const t[] = { "", "未达到基准水平", "达到基准水平，未达到标杆水平",
                                     "达到标杆水平" };
    return (unsigned)v < 4 ? t[v] : "";
}

static const char *bench_en(enum po_bench_verdict v)
{
    static const char *const t[] = { "", "below the baseline level",
                                     "meets the baseline level, not the benchmark",
                                     "at the benchmark level" };
    return (unsigned)v < 4 ? t[v] : "";
}

static const char *opt_s(char *buf, struct po_opt o)
{
    return o.set ? po_account_dec(buf, 48, o.micro, 6) : "—";
}

static void quota(const struct say *s, const struct po_acct_entry *e)
{
    const struct po_quota_report *q = &e->quota;
    if (q->nres == 0)
        return;
    say(s, "", "[5] 单位产品能耗（电力按当量值；恰好等于限额视为达到）",
        "[5] Unit-product consumption (electricity at its equivalent value; exactly at a limit "
        "meets it)");
    for (size_t i = 0; i < q->nres; i++) {
        const struct po_quota_result *x = &q->res[i];
        char out[48], v[48], l1[48], l2[48], l3[48];
        bool el = x->map->scope == PO_QUOTA_ELECTRICITY;
        po_account_dec(out, sizeof(out), x->output_micro, 6);
        po_acct_fmt(v, sizeof(v), x->value_e2, 2);
        say(s, "  ", "%s（%s）产量 %s t，%zu 条记录：%s = %s %s",
            "%.0s%s: output %s t, %zu record(s): %s = %s %s", x->map->name_zh, x->map->product, out,
            x->nrecords, el ? "kWh ÷ t" : "tce × 1000 ÷ t", v, el ? "kWh/t" : "kgce/t");
        if (x->std)
            say(s, "    ",
                "%s（%04d-%02d-%02d 起）限定值 %s / 准入值 %s / 先进值 %s → %s%.0s [置信度 %s]",
                "%s (from %04d-%02d-%02d) limit %s / new-plant %s / advanced %s → %.0s%s "
                "[confidence %s]",
                x->std->standard, x->std->effective.y, x->std->effective.m, x->std->effective.d,
                opt_s(l1, x->std->limit_existing), opt_s(l2, x->std->limit_new),
                opt_s(l3, x->std->advanced), verdict_zh(x->verdict), verdict_en(x->verdict),
                x->std->confidence);
        else
            say(s, "    ", "%s：参考数据中该年没有有效版本",
                "%s: no version in force that year in the reference data", x->map->standard);
        if (x->std && x->std_new_in_year)
            say(s, "    ", "注意：该版本于评价年度内生效，按年末有效版本评价",
                "note: this version came into force during the year; the year is assessed "
                "against the version in force at its end");
        if (x->bench && x->nrecords)
            say(s, "    ", "能效标杆 %s / 基准 %s（%s）→ %s%.0s [置信度 %s]",
                "NDRC benchmark %s / baseline %s (%s) → %.0s%s [confidence %s]",
                opt_s(l1, x->bench->benchmark), opt_s(l2, x->bench->baseline), x->bench->edition,
                bench_zh(x->bench_verdict), bench_en(x->bench_verdict), x->bench->confidence);
    }
    if (q->untagged_unattributed)
        say(s, "  ! ", "多产品企业有 %zu 条未标注产品的记录，未分摊到任何产品",
            "%zu untagged records of a multi-product enterprise are not attributed to a product",
            q->untagged_unattributed);
}

void po_account_explain(struct po_buf *b, const struct po_acct_run *run,
                        const struct po_acct_entry *e, enum po_lang lang)
{
    struct say s = { b, lang, run->year };
    const struct po_acct_ent *x = e->ent;
    say(&s, "", "== %s %s · %d 年能耗核算 ==", "== %s %s · energy account for %d ==", x->uscc,
        x->name, run->year);
    say(&s, "", "区县 %s，行业 %s，状态 %s", "district %s, industry %s, status %s", x->district,
        x->industry, x->status);
    policy(&s, run->policy);
    say(&s, "", "[2] 能源记录（%zu 条）", "[2] Energy records (%zu)", e->res.nlines);
    for (size_t i = 0; i < e->res.nlines; i++)
        record(&s, i, &e->res.lines[i]);
    sums(&s, &e->res);
    ratios(&s, &e->res);
    quota(&s, e);
}
