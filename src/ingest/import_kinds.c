/*
 * import_kinds.c: the import kinds — their columns (docs/import.md is the
 * user's copy of these tables) and the checks that need more than one cell
 * or more than one row.
 *
 * Column order in each table is the export's column order.  Key columns
 * (CF_KEY) form the natural key the upsert matches on.
 */
#include "ingest/import_kinds.h"
#include "ingest/import.h"
#include "ingest/import_diag.h"
#include "ingest/import_int.h"
#include "ingest/import_meter.h"
#include "ingest/import_resettle.h"
#include "core/decimal.h"
#include "core/units.h"
#include "core/uscc.h"
#include "util/arena.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define REQ CF_REQUIRED
#define KEY CF_KEY

static const struct po_enumval level_vals[] = {
    { "province", "省|省级|自治区" }, { "city", "市|地级市|市级|盟" },
    { "district", "区县|区|县|旗|县级" }, { "park", "园区|工业园区|开发区" },
    { NULL, NULL },
};

static const struct po_enumval ent_status_vals[] = {
    { "operating", "正常生产|正常|生产" }, { "limited", "限产" },
    { "suspended", "停产整改|停产|停产整顿" }, { "closed", "关闭|关停" },
    { "exited", "已退出|退出" }, { NULL, NULL },
};

static const struct po_enumval eq_status_vals[] = {
    { "running", "运行|正常运行|在用" }, { "limited", "限产" }, { "suspended", "停产|停用" },
    { "sealed", "已封存|封存" }, { "dismantled", "已拆除|拆除" }, { NULL, NULL },
};

static const struct po_enumval eq_type_vals[] = {
    { "coke_oven", "焦炉" },
    { "semicoke_furnace", "兰炭炉|半焦炉" },
    { "carbide_furnace", "电石炉" },
    { "ferroalloy_sae_furnace", "铁合金矿热炉|矿热炉" },
    { "ferroalloy_refining_furnace", "铁合金精炼炉|精炼炉" },
    { "induction_furnace", "中频炉|工频炉|感应炉" },
    { "blast_furnace", "高炉" },
    { "converter", "转炉" },
    { "electric_arc_furnace", "电弧炉|电炉" },
    { "caustic_soda_cell", "烧碱电解槽|电解槽" },
    { "pvc_unit", "聚氯乙烯装置|PVC装置" },
    { "cement_kiln", "水泥窑" },
    { "cement_clinker_line", "熟料生产线|水泥熟料生产线" },
    { "cement_grinding", "水泥粉磨站|粉磨站" },
    { "lime_kiln", "石灰窑" },
    { "flat_glass_line", "平板玻璃生产线" },
    { "brick_kiln", "砖瓦窑" },
    { "coal_power_unit", "燃煤发电机组|火电机组" },
    { "coal_washing_plant", "洗煤厂|选煤厂" },
    { "aluminium_cell", "电解铝槽|铝电解槽" },
    { "other", "其他" },
    { NULL, NULL },
};

static const struct po_enumval purpose_vals[] = {
    { "fuel", "燃料|燃料用能|能源" }, { "feedstock", "原料|原料用能" }, { NULL, NULL },
};

static const struct po_enumval source_vals[] = {
    { "reported", "报送|填报" }, { "metered", "在线监测|计量" }, { NULL, NULL },
};

static const struct po_enumval dept_vals[] = {
    { "miit", "工信局|工业和信息化局" }, { "drc", "发改委|发展和改革委员会|发展改革委" },
    { "energy", "能源局" }, { "eco_env", "生态环境局|环保局" },
    { "emergency", "应急管理局|应急局" }, { "market", "市场监管局|市场监督管理局" },
    { NULL, NULL },
};

static const struct po_enumval insp_kind_vals[] = {
    { "environment", "环保|生态环境|环境" }, { "safety", "安全|安全生产" },
    { "quality", "质量|产品质量" }, { "energy", "节能|能耗|能源" }, { NULL, NULL },
};

static const struct po_enumval severity_vals[] = {
    { "none", "无问题|无|合格" }, { "minor", "一般|轻微" }, { "major", "较重|较大" },
    { "serious", "严重|重大" }, { NULL, NULL },
};

static const struct po_enumval violation_vals[] = {
    { "emission_exceedance", "超标排放" },
    { "unlicensed", "无证生产|无证" },
    { "safety_conditions_unmet", "不具备安全生产条件" },
    { "quality_substandard", "产品质量不达标|质量不合格" },
    { "energy_quota_exceeded", "超能耗限额|超限额" },
    { "other", "其他" },
    { NULL, NULL },
};

static const struct po_enumval licence_type_vals[] = {
    { "production", "生产许可证|工业产品生产许可证" }, { "safety_production", "安全生产许可证" },
    { "pollutant_discharge", "排污许可证" }, { NULL, NULL },
};

static const struct po_enumval licence_status_vals[] = {
    { "valid", "有效" }, { "expired", "过期|已过期" }, { "suspended", "暂扣|暂停" },
    { "revoked", "吊销|已吊销" }, { NULL, NULL },
};

/* ---- districts ---- */

enum { D_CODE, D_NAME, D_PARENT, D_LEVEL };
static const struct colspec district_cols[] = {
    [D_CODE] = { "code", "代码|行政区划代码|区划代码", CT_CODE, REQ | KEY, "code", NULL, NULL },
    [D_NAME] = { "name", "名称|区划名称", CT_TEXT, REQ, "name", NULL, NULL },
    [D_PARENT] = { "parent_code", "上级代码|上级区划代码", CT_DISTRICT, 0, "parent_code", NULL, NULL },
    [D_LEVEL] = { "level", "级别|层级", CT_ENUM, CF_ALWAYS, "level", level_vals, NULL },
};

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int level_of_code(const char *c)
{
    size_t n = strlen(c);
    if (n == 9 && c[6] == 'P' && all_digits(c, 6) && all_digits(c + 7, 2))
        return LV_PARK;
    if (n != 6 || !all_digits(c, 6))
        return -1;
    if (strcmp(c + 2, "0000") == 0)
        return LV_PROVINCE;
    if (strcmp(c + 4, "00") == 0)
        return LV_CITY;
    return LV_DISTRICT;
}

static int district_check(struct imp *im, size_t r)
{
    union cell *c = imp_row(im, r);
    int lv = level_of_code(c[D_CODE].s);
    if (lv < 0)
        return imp_diag(im, r, D_CODE, c[D_CODE].s,
                        "代码应为6位行政区划代码（GB/T 2260），园区为区县代码加 P 和两位序号",
                        "a code is 6 digits (GB/T 2260); a park is its district's code + 'P' + 2 "
                        "digits");
    if (!c[D_LEVEL].s)
        c[D_LEVEL].s = po_district_levels[lv];
    if (c[D_PARENT].s && strcmp(c[D_PARENT].s, c[D_CODE].s) == 0)
        return imp_diag(im, r, D_PARENT, c[D_PARENT].s, "上级代码不能是自身",
                        "a jurisdiction cannot be its own parent");
    return 0;
}

static int level_index(const char *tag)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(tag, po_district_levels[i]) == 0)
            return i;
    return 0;
}

/* Parents must exist (here or already registered) and sit one level up; write parents first. */
static int district_finish(struct imp *im)
{
    struct po_strmap *here = po_strmap_new(im->a, im->nrows);
    if (!here)
        return PO_ENOMEM;
    for (size_t r = 0; r < im->nrows; r++) {
        union cell *c = imp_row(im, r);
        if (po_strmap_put(here, c[D_CODE].s, strlen(c[D_CODE].s), level_index(c[D_LEVEL].s),
                          NULL) < 0)
            return PO_ENOMEM;
    }
    for (size_t r = 0; r < im->nrows; r++) {
        union cell *c = imp_row(im, r);
        int lv = level_index(c[D_LEVEL].s);
        const char *p = c[D_PARENT].s;
        int rc = 0;
        if (!p) {
            if (lv != LV_PROVINCE)
                rc = imp_diag(im, r, D_PARENT, "", "除省级外必须填写上级代码",
                              "parent_code is required below province level");
        } else {
            int64_t plv;
            if (!po_strmap_get(here, p, strlen(p), &plv) &&
                !po_strmap_get(im->districts, p, strlen(p), &plv))
                rc = imp_diag(im, r, D_PARENT, p, "上级区划不存在（不在本文件中，也未登记）",
                              "parent not found (neither in this file nor registered)");
            else if (plv >= lv)
                rc = imp_diagf(im, r, D_PARENT, p, "上级区划级别（%s）不高于本级（%s）",
                               "parent level (%s) is not above this level (%s)",
                               po_district_levels[plv], c[D_LEVEL].s);
        }
        if (rc < 0)
            return rc;
    }
    /* write order: by level, then file order (parents before children for the FK) */
    im->order = malloc(im->nrows * sizeof(size_t));
    if (!im->order)
        return PO_ENOMEM;
    size_t n = 0;
    for (int lv = 0; lv < 4; lv++)
        for (size_t r = 0; r < im->nrows; r++)
            if (level_index(imp_row(im, r)[D_LEVEL].s) == lv)
                im->order[n++] = r;
    return 0;
}

/* ---- industries ---- */

enum { I_CODE, I_NAME, I_EDITION, I_TWO_HIGH };
static const struct colspec industry_cols[] = {
    [I_CODE] = { "code", "行业代码|代码", CT_CODE, REQ | KEY, "code", NULL, NULL },
    [I_NAME] = { "name", "行业名称|名称", CT_TEXT, REQ, "name", NULL, NULL },
    [I_EDITION] = { "edition", "版本|标准版本|分类版本", CT_EDITION, KEY, "edition", NULL, "2017" },
    [I_TWO_HIGH] = { "two_high", "两高|是否两高", CT_BOOL, 0, "two_high", NULL, NULL },
};

static int industry_check(struct imp *im, size_t r)
{
    const char *code = imp_row(im, r)[I_CODE].s;
    size_t n = strlen(code);
    bool ok = (n == 1 && code[0] >= 'A' && code[0] <= 'T') || (n >= 2 && n <= 4 && all_digits(code, n));
    if (!ok)
        return imp_diag(im, r, I_CODE, code, "行业代码应为 GB/T 4754 的门类字母或2至4位数字",
                        "an industry code is a GB/T 4754 section letter or 2-4 digits");
    return 0;
}

/* ---- enterprises ---- */

enum { E_USCC, E_NAME, E_DISTRICT, E_INDUSTRY, E_FOUNDED, E_EDITION, E_PARK, E_STATUS,
       E_DOWNSTREAM, E_EMPLOYEES, E_OVERRIDE, E_ADDRESS, E_LEGAL_REP };
static const struct colspec enterprise_cols[] = {
    [E_USCC] = { "uscc", "统一社会信用代码|信用代码|社会信用代码", CT_USCC, REQ | KEY, "uscc", NULL, NULL },
    [E_NAME] = { "name", "企业名称|名称|单位名称", CT_TEXT, REQ, "name", NULL, NULL },
    [E_DISTRICT] = { "district_code", "行政区划代码|所在区县|区县代码|所在地区代码", CT_DISTRICT, REQ,
                     "district_code", NULL, NULL },
    [E_INDUSTRY] = { "industry_code", "行业代码|所属行业代码", CT_CODE, REQ, "industry_code", NULL, NULL },
    [E_FOUNDED] = { "founded", "成立年份|成立日期|成立时间", CT_FOUNDED, 0, "founded", NULL, NULL },
    [E_EDITION] = { "industry_edition", "行业分类版本", CT_EDITION, CF_ALWAYS, "industry_edition",
                    NULL, "2017" },
    [E_PARK] = { "park_code", "园区代码|所在园区代码", CT_DISTRICT, 0, "park_code", NULL, NULL },
    [E_STATUS] = { "status", "状态|生产状态", CT_ENUM, 0, "status", ent_status_vals, "operating" },
    /* yes/no facts a rule reads: an empty cell or an absent column is not recorded (NULL) */
    [E_DOWNSTREAM] = { "has_downstream", "有下游配套|是否有下游|下游配套", CT_BOOL, 0, "has_downstream",
                       NULL, NULL },
    [E_EMPLOYEES] = { "employees", "职工人数|从业人员", CT_INT, 0, "employees", NULL, NULL },
    [E_OVERRIDE] = { "uscc_override_reason", "代码校验例外说明|校验例外说明", CT_TEXT, 0,
                     "uscc_override_reason", NULL, NULL },
    [E_ADDRESS] = { "address", "地址|注册地址|生产地址", CT_TEXT, 0, "address", NULL, NULL },
    /* the credit platform's records name it (issue 15 §1); empty: not recorded */
    [E_LEGAL_REP] = { "legal_representative", "法定代表人|法人代表|负责人", CT_TEXT, 0,
                      "legal_representative", NULL, NULL },
};

/*
 * A district officer's file (im->scope): the row's district must be the
 * officer's, and an enterprise already registered must be there too —
 * otherwise the row would move an enterprise out of the district or take
 * over another district's.
 */
static int enterprise_scope_check(struct imp *im, size_t r)
{
    union cell *c = imp_row(im, r);
    const char *u = c[E_USCC].s, *d = c[E_DISTRICT].s;
    if (strcmp(d, im->scope) != 0)
        return imp_diagf(im, r, E_DISTRICT, d,
                         "该企业不属于您的辖区 %s（只能导入区划代码为 %s 的企业）",
                         "this enterprise is not in your district %s (district_code must be %s)",
                         im->scope, im->scope);
    int64_t id;
    if (po_strmap_get(im->enterprises, u, strlen(u), &id) && !imp_in_scope(im, id))
        return imp_scope_diag(im, r, E_USCC, u);
    return 0;
}

static int enterprise_check(struct imp *im, size_t r)
{
    union cell *c = imp_row(im, r);
    const char *u = c[E_USCC].s;
    char want = 0;
    if (im->scope) {
        int rc = enterprise_scope_check(im, r);
        if (rc < 0)
            return rc;
    }
    if (po_uscc_check(u, strlen(u), NULL, &want) == PO_USCC_BAD_CHECK && !c[E_OVERRIDE].s) {
        int rc = imp_diagf(im, r, E_USCC, u,
                           "第18位校验码应为 %c（GB 32100-2015）；若为依法核发的早期试点代码，请在 "
                           "uscc_override_reason（代码校验例外说明）列填写原因",
                           "check character should be %c (GB 32100-2015); if this is a lawfully "
                           "issued early pilot code, give the reason in uscc_override_reason",
                           want);
        if (rc < 0)
            return rc;
    }
    const char *d = c[E_DISTRICT].s;
    int64_t lv;
    if (!po_strmap_get(im->districts, d, strlen(d), &lv)) {
        int rc = imp_diag(im, r, E_DISTRICT, d, "行政区划未登记（请先导入区划）",
                          "district not registered (import districts first)");
        if (rc < 0)
            return rc;
    } else if (lv != LV_DISTRICT && lv != LV_CITY) {
        int rc = imp_diagf(im, r, E_DISTRICT, d, "应为区县或市级代码，而不是%s",
                           "must be a district or city code, not a %s", po_district_levels[lv]);
        if (rc < 0)
            return rc;
    }
    char key[96];
    int n = snprintf(key, sizeof(key), "%s\x1f%s", c[E_INDUSTRY].s, c[E_EDITION].s);
    if (!po_strmap_get(im->industries, key, (size_t)n, NULL)) {
        int rc = imp_diagf(im, r, E_INDUSTRY, c[E_INDUSTRY].s,
                           "行业代码在 GB/T 4754-%s 中未登记（请先导入行业）",
                           "industry code not registered for GB/T 4754-%s (import industries "
                           "first)",
                           c[E_EDITION].s);
        if (rc < 0)
            return rc;
    }
    const char *p = c[E_PARK].s;
    if (p) {
        int64_t plv, pi;
        if (!po_strmap_get(im->districts, p, strlen(p), &plv) || plv != LV_PARK)
            return imp_diag(im, r, E_PARK, p, "园区未登记", "park not registered");
        if (po_strmap_get(im->district_parent, p, strlen(p), &pi) &&
            strcmp(im->parent_codes[pi], d) != 0)
            return imp_diagf(im, r, E_PARK, p, "该园区属于 %s，不属于所填区县",
                             "this park belongs to %s, not to the district given",
                             im->parent_codes[pi]);
    }
    return 0;
}

/* ---- equipment ---- */

enum { Q_USCC, Q_ID, Q_TYPE, Q_NAME, Q_STATUS, Q_COMMISSIONED, Q_CAPACITY, Q_CAPUNIT, Q_PRODUCT };
static const struct colspec equipment_cols[] = {
    [Q_USCC] = { "uscc", "统一社会信用代码|信用代码", CT_ENTERPRISE, REQ | KEY, "enterprise_id", NULL, NULL },
    [Q_ID] = { "equipment_id", "设备编号|生产线编号", CT_CODE, REQ | KEY, "equipment_id", NULL, NULL },
    [Q_TYPE] = { "equipment_type", "设备类型", CT_ENUM, REQ, "equipment_type", eq_type_vals, NULL },
    [Q_NAME] = { "name", "设备名称|名称", CT_TEXT, 0, "name", NULL, NULL },
    [Q_STATUS] = { "status", "状态|设备状态", CT_ENUM, 0, "status", eq_status_vals, "running" },
    [Q_COMMISSIONED] = { "commissioned", "投产日期|投产时间", CT_DATE_PARTIAL, 0, "commissioned", NULL,
                         NULL },
    [Q_CAPACITY] = { "capacity", "产能|设计产能", CT_DEC_NN, 0, "capacity_micro", NULL, NULL },
    [Q_CAPUNIT] = { "capacity_unit", "产能单位", CT_TEXT, 0, "capacity_unit", NULL, NULL },
    [Q_PRODUCT] = { "product", "产品", CT_CODE, 0, "product", NULL, NULL },
};

static int equipment_check(struct imp *im, size_t r)
{
    union cell *c = imp_row(im, r);
    if (c[Q_CAPACITY].i != CELL_NULL && !c[Q_CAPUNIT].s)
        return imp_diag(im, r, Q_CAPUNIT, "", "填写了产能就必须填写产能单位",
                        "capacity_unit is required when capacity is given");
    return 0;
}

/* ---- energy ---- */

enum { G_USCC, G_YEAR, G_MONTH, G_TYPE, G_QTY, G_UNIT, G_PURPOSE, G_PRODUCT, G_SOURCE };
static const struct colspec energy_cols[] = {
    [G_USCC] = { "uscc", "统一社会信用代码|信用代码", CT_ENTERPRISE, REQ | KEY, "enterprise_id", NULL, NULL },
    [G_YEAR] = { "year", "年份|年度", CT_YEAR, REQ | KEY, "year", NULL, NULL },
    [G_MONTH] = { "month", "月份", CT_MONTH, KEY, "month", NULL, NULL },
    [G_TYPE] = { "energy_type", "能源品种|能源种类|品种", CT_ENERGY_TYPE, REQ | KEY, "energy_type", NULL,
                 NULL },
    [G_QTY] = { "quantity", "实物量|消费量|数量", CT_DEC_NN, REQ, "quantity_micro", NULL, NULL },
    [G_UNIT] = { "unit", "计量单位|单位", CT_UNIT, REQ, "unit", NULL, NULL },
    [G_PURPOSE] = { "purpose", "用途", CT_ENUM, KEY, "purpose", purpose_vals, "fuel" },
    [G_PRODUCT] = { "product", "产品|工序|产品或工序", CT_CODE, KEY, "product", NULL, "" },
    [G_SOURCE] = { "source", "数据来源|来源", CT_ENUM, KEY, "source", source_vals, "reported" },
};

static int energy_check(struct imp *im, size_t r)
{
    union cell *c = imp_row(im, r);
    const char *ut = c[G_UNIT].s;
    /* cells hold interned tags: a (type, unit) pair checked before needs no lookup */
    unsigned char key[1 + 2 * sizeof(char *)];
    key[0] = 0xff; /* apart from parse_memo's column keys */
    memcpy(key + 1, &ut, sizeof(char *));
    memcpy(key + 1 + sizeof(char *), &c[G_TYPE].s, sizeof(char *));
    if (po_strmap_get(im->parsed, key, sizeof(key), NULL))
        return 0;
    const struct po_unit *u = po_unit_find(ut, strlen(ut));
    const struct po_energy_type *et = po_energy_type_find(c[G_TYPE].s, strlen(c[G_TYPE].s));
    if (!u)
        return imp_diag(im, r, G_UNIT, ut, "未知的计量单位（见 docs/import.md 单位表）",
                        "unknown unit (see the unit table in docs/import.md)");
    if (!(et->dims & (unsigned)u->dim)) {
        enum po_dim want = PO_DIM_MASS;
        for (unsigned d = 1; d <= PO_DIM_COAL_EQ; d <<= 1)
            if (et->dims & d) {
                want = (enum po_dim)d;
                break;
            }
        char zh[256], en[256];
        snprintf(zh, sizeof(zh), "%s应使用%s单位", et->name_zh, po_dim_name_zh(want));
        snprintf(en, sizeof(en), "%s must be given in units of %s", et->tag, po_dim_name_en(want));
        return imp_diag(im, r, G_UNIT, ut, zh, en);
    }
    return po_strmap_put(im->parsed, key, sizeof(key), 1, NULL) < 0 ? PO_ENOMEM : 0;
}

/* ---- meter: 15-minute readings folded into monthly energy rows (import_meter.c) ---- */

/* The energy kind's columns (G_*, so energy_check applies), then the reading's own. */
enum { M_METER = G_SOURCE + 1, M_TS };
static const struct colspec meter_cols[] = {
    [G_USCC] = { "uscc", "统一社会信用代码|信用代码", CT_ENTERPRISE, REQ | KEY, "enterprise_id", NULL, NULL },
    [G_YEAR] = { "year", "年份|年度", CT_YEAR, KEY | CF_ALWAYS, "year", NULL, NULL },
    [G_MONTH] = { "month", "月份", CT_MONTH, KEY | CF_ALWAYS, "month", NULL, NULL },
    [G_TYPE] = { "energy_type", "能源品种|能源种类|品种", CT_ENERGY_TYPE, REQ | KEY, "energy_type", NULL,
                 NULL },
    [G_QTY] = { "value", "读数|计量值|数值", CT_DEC_NN, REQ, "quantity_micro", NULL, NULL },
    [G_UNIT] = { "unit", "计量单位|单位", CT_UNIT, CF_ALWAYS, "unit", NULL, NULL },
    [G_PURPOSE] = { "purpose", "用途", CT_ENUM, KEY | CF_ALWAYS, "purpose", purpose_vals, "fuel" },
    [G_PRODUCT] = { "product", "产品|工序|产品或工序", CT_CODE, KEY | CF_ALWAYS, "product", NULL, "" },
    [G_SOURCE] = { "source", "数据来源|来源", CT_ENUM, KEY | CF_ALWAYS, "source", source_vals,
                   "metered" },
    [M_METER] = { "meter_id", "计量表编号|表号", CT_CODE, REQ, NULL, NULL, NULL },
    [M_TS] = { "timestamp", "时间|采集时间|时段开始", CT_TEXT, REQ, NULL, NULL, NULL },
};

static const struct po_meter_fold_cols meter_fold = { G_YEAR, G_MONTH, G_QTY, G_UNIT, M_METER, M_TS };

/* No unit column: the meter's own, by the energy type (kWh, m3, GJ; t or tce otherwise). */
static const char *meter_unit(const char *type)
{
    const struct po_energy_type *et = po_energy_type_find(type, strlen(type));
    unsigned dims = et ? et->dims : 0;
    return dims & PO_DIM_ELECTRICITY ? "kWh"
           : dims & PO_DIM_VOLUME    ? "m3"
           : dims & PO_DIM_HEAT      ? "GJ"
           : dims & PO_DIM_MASS      ? "t"
                                     : "tce";
}

static int meter_check(struct imp *im, size_t r)
{
    union cell *c = imp_row(im, r);
    if (!c[G_UNIT].s)
        c[G_UNIT].s = meter_unit(c[G_TYPE].s);
    size_t before = im->res->ndiags;
    int rc = energy_check(im, r);
    if (rc || im->res->ndiags != before)
        return rc;
    return po_import_meter_fold(im, r, &meter_fold);
}

/* ---- output ---- */

enum { O_USCC, O_YEAR, O_PRODUCT, O_QTY_T, O_QTY, O_UNIT };
static const struct colspec output_cols[] = {
    [O_USCC] = { "uscc", "统一社会信用代码|信用代码", CT_ENTERPRISE, REQ | KEY, "enterprise_id", NULL, NULL },
    [O_YEAR] = { "year", "年份|年度", CT_YEAR, REQ | KEY, "year", NULL, NULL },
    [O_PRODUCT] = { "product", "产品|产品名称", CT_CODE, REQ | KEY, "product", NULL, NULL },
    [O_QTY_T] = { "quantity_t", "产量(吨)|产量（吨）|产量", CT_DEC_NN, CF_ALWAYS, "quantity_micro", NULL, NULL },
    [O_QTY] = { "quantity", "数量", CT_DEC_NN, 0, NULL, NULL, NULL },
    [O_UNIT] = { "unit", "计量单位|单位", CT_UNIT, 0, NULL, NULL, NULL },
};

static int output_check(struct imp *im, size_t r)
{
    union cell *c = imp_row(im, r);
    if (c[O_QTY_T].i != CELL_NULL)
        return 0;
    if (c[O_QTY].i == CELL_NULL)
        return imp_diag(im, r, O_QTY_T, "", "必须填写产量（吨），或填写数量和单位",
                        "quantity_t is required (or quantity with unit)");
    const struct po_unit *u = c[O_UNIT].s ? po_unit_find(c[O_UNIT].s, strlen(c[O_UNIT].s)) : NULL;
    const struct po_unit *t = po_unit_find("t", 1);
    if (!u || u->dim != PO_DIM_MASS)
        return imp_diag(im, r, O_UNIT, c[O_UNIT].s ? c[O_UNIT].s : "",
                        "产量单位应为质量单位（kg、t、kt、万t）",
                        "the unit of output must be a mass (kg, t, kt, 10^4t)");
    int64_t q;
    if (po_unit_convert(&q, c[O_QTY].i, u, t) < 0)
        return imp_diag(im, r, O_QTY, "", "数值过大", "number too large");
    c[O_QTY_T].i = q;
    return 0;
}

/* ---- economics ---- */

static const struct colspec economics_cols[] = {
    { "uscc", "统一社会信用代码|信用代码", CT_ENTERPRISE, REQ | KEY, "enterprise_id", NULL, NULL },
    { "year", "年份|年度", CT_YEAR, REQ | KEY, "year", NULL, NULL },
    { "value_added_10k_yuan", "工业增加值(万元)|增加值(万元)|工业增加值|增加值", CT_DEC, 0,
      "value_added_micro", NULL, NULL },
    { "gross_output_10k_yuan", "工业总产值(万元)|工业总产值", CT_DEC, 0, "gross_output_micro", NULL,
      NULL },
    { "revenue_10k_yuan", "营业收入(万元)|营业收入", CT_DEC, 0, "revenue_micro", NULL, NULL },
    { "profit_10k_yuan", "利润总额(万元)|利润总额|利润", CT_DEC, 0, "profit_micro", NULL, NULL },
    { "total_assets_10k_yuan", "资产总计(万元)|资产总计|总资产", CT_DEC, 0, "total_assets_micro",
      NULL, NULL },
    { "total_liabilities_10k_yuan", "负债合计(万元)|负债合计|总负债", CT_DEC, 0,
      "total_liabilities_micro", NULL, NULL },
    { "employees", "年末从业人员|从业人员|职工人数", CT_INT, 0, "employees", NULL, NULL },
};

/* ---- inspections ---- */

enum { S_USCC, S_DEPT, S_KIND, S_DATE, S_SEVERITY, S_VIOLATION, S_BASIS, S_DOCNO, S_DESC };
static const struct colspec inspection_cols[] = {
    [S_USCC] = { "uscc", "统一社会信用代码|信用代码", CT_ENTERPRISE, REQ | KEY, "enterprise_id", NULL, NULL },
    [S_DEPT] = { "department", "部门|检查部门", CT_ENUM, REQ | KEY, "department", dept_vals, NULL },
    [S_KIND] = { "kind", "类别|检查类别", CT_ENUM, REQ, "kind", insp_kind_vals, NULL },
    [S_DATE] = { "date", "检查日期|日期", CT_DATE, REQ | KEY, "date", NULL, NULL },
    [S_SEVERITY] = { "severity", "严重程度|问题程度", CT_ENUM, REQ, "severity", severity_vals, NULL },
    [S_VIOLATION] = { "violation", "违法类型|问题类型", CT_ENUM, 0, "violation", violation_vals, NULL },
    [S_BASIS] = { "legal_basis", "法律依据|依据", CT_TEXT, 0, "legal_basis", NULL, NULL },
    [S_DOCNO] = { "document_no", "文书编号|文号", CT_TEXT, KEY, "document_no", NULL, "" },
    [S_DESC] = { "description", "情况说明|问题描述|说明", CT_TEXT, 0, "description", NULL, NULL },
};

static int inspection_check(struct imp *im, size_t r)
{
    union cell *c = imp_row(im, r);
    bool none = strcmp(c[S_SEVERITY].s, "none") == 0;
    if (!none && !c[S_VIOLATION].s)
        return imp_diag(im, r, S_VIOLATION, "", "有问题的记录必须填写违法类型",
                        "violation is required unless severity is none");
    if (none && c[S_VIOLATION].s)
        return imp_diag(im, r, S_VIOLATION, c[S_VIOLATION].s, "严重程度为“无问题”时违法类型应为空",
                        "violation must be empty when severity is none");
    return 0;
}

/* ---- licences ---- */

enum { L_USCC, L_TYPE, L_NUMBER, L_ISSUER, L_FROM, L_TO, L_STATUS, L_REVOKED, L_REASON };
static const struct colspec licence_cols[] = {
    [L_TYPE] = { "licence_type", "证照类型|许可证类型", CT_ENUM, REQ | KEY, "licence_type",
                 licence_type_vals, NULL },
    [L_NUMBER] = { "number", "证书编号|许可证编号|编号", CT_CODE, REQ | KEY, "number", NULL, NULL },
    [L_USCC] = { "uscc", "统一社会信用代码|信用代码", CT_ENTERPRISE, REQ, "enterprise_id", NULL, NULL },
    [L_ISSUER] = { "issuer", "发证机关", CT_TEXT, 0, "issuer", NULL, NULL },
    [L_FROM] = { "valid_from", "有效期起|有效期自", CT_DATE, 0, "valid_from", NULL, NULL },
    [L_TO] = { "valid_to", "有效期止|有效期至", CT_DATE, 0, "valid_to", NULL, NULL },
    [L_STATUS] = { "status", "状态", CT_ENUM, 0, "status", licence_status_vals, "valid" },
    [L_REVOKED] = { "revoked_on", "吊销日期", CT_DATE, 0, "revoked_on", NULL, NULL },
    [L_REASON] = { "revocation_reason", "吊销原因", CT_TEXT, 0, "revocation_reason", NULL, NULL },
};

static int licence_check(struct imp *im, size_t r)
{
    union cell *c = imp_row(im, r);
    if (c[L_FROM].s && c[L_TO].s && strcmp(c[L_TO].s, c[L_FROM].s) < 0)
        return imp_diag(im, r, L_TO, c[L_TO].s, "有效期止早于有效期起",
                        "valid_to is before valid_from");
    bool revoked = c[L_STATUS].s && strcmp(c[L_STATUS].s, "revoked") == 0;
    if (revoked && !c[L_REVOKED].s)
        return imp_diag(im, r, L_REVOKED, "", "状态为吊销时必须填写吊销日期",
                        "revoked_on is required when status is revoked");
    if (!revoked && c[L_REVOKED].s)
        return imp_diag(im, r, L_REVOKED, c[L_REVOKED].s, "只有状态为吊销时才能填写吊销日期",
                        "revoked_on is only for status revoked");
    return 0;
}

/* ---- targets (dual-control targets per district and year; docs/accounting.md) ---- */

enum { T_DISTRICT, T_YEAR, T_BASE, T_INTENSITY, T_CAP, T_CO2_INTENSITY, T_CO2_CAP, T_NOTE,
       T_SOURCE };
static const struct colspec target_cols[] = {
    [T_DISTRICT] = { "district_code", "行政区划代码|区划代码|地区代码", CT_DISTRICT, REQ | KEY,
                     "district_code", NULL, NULL },
    [T_YEAR] = { "year", "年份|年度", CT_YEAR, REQ | KEY, "year", NULL, NULL },
    [T_BASE] = { "base_year", "基年|基准年", CT_YEAR, REQ, "base_year", NULL, NULL },
    [T_INTENSITY] = { "intensity_reduction_pct", "能耗强度累计降低目标(%)|能耗强度降低目标",
                      CT_DEC, 0, "intensity_reduction_pct_micro", NULL, NULL },
    [T_CAP] = { "energy_cap_tce", "能源消费总量控制目标(吨标准煤)|能源消费总量控制目标", CT_DEC_NN,
                0, "energy_cap_tce_micro", NULL, NULL },
    [T_CO2_INTENSITY] = { "co2_intensity_reduction_pct",
                          "碳排放强度累计降低目标(%)|碳排放强度降低目标", CT_DEC, 0,
                          "co2_intensity_reduction_pct_micro", NULL, NULL },
    [T_CO2_CAP] = { "co2_cap_t", "碳排放总量控制目标(吨)|碳排放总量控制目标", CT_DEC_NN, 0,
                    "co2_cap_t_micro", NULL, NULL },
    [T_NOTE] = { "note", "备注|说明", CT_TEXT, 0, "note", NULL, NULL },
    [T_SOURCE] = { "source", "来源|依据|文件依据", CT_TEXT, 0, "source", NULL, NULL },
};

static int target_check(struct imp *im, size_t r)
{
    union cell *c = imp_row(im, r);
    const char *d = c[T_DISTRICT].s;
    int64_t lv;
    if (!po_strmap_get(im->districts, d, strlen(d), &lv))
        return imp_diag(im, r, T_DISTRICT, d, "行政区划未登记（请先导入区划）",
                        "district not registered (import districts first)");
    if (lv == LV_PARK)
        return imp_diag(im, r, T_DISTRICT, d, "目标应下达到省、市或区县，而不是园区",
                        "targets are set for a province, city or district, not a park");
    if (c[T_BASE].i >= c[T_YEAR].i)
        return imp_diag(im, r, T_BASE, "", "基年应早于目标年份",
                        "base_year must be before year");
    return 0;
}

/* ---- water: monthly water use and quota, for the progressive water prices (issue 15 §4) ---- */

static const struct colspec water_cols[] = {
    { "uscc", "统一社会信用代码|信用代码", CT_ENTERPRISE, REQ | KEY, "enterprise_id", NULL, NULL },
    { "year", "年份|年度", CT_YEAR, REQ | KEY, "year", NULL, NULL },
    { "month", "月份", CT_MONTH, REQ | KEY, "month", NULL, NULL },
    { "use_m3", "用水量(立方米)|用水量|实际用水量", CT_DEC_NN, REQ, "use_m3_micro", NULL, NULL },
    { "quota_m3", "用水定额(立方米)|用水定额|定额用水量|计划用水量", CT_DEC_NN, 0, "quota_m3_micro",
      NULL, NULL },
    { "price_yuan_per_m3", "水价(元/立方米)|水价|基本水价", CT_DEC_NN, 0, "price_micro", NULL, NULL },
};

/* ---- resettlement: a case's headcount, plan steps and outcomes (import_resettle.c) ---- */

static const struct po_enumval rs_record_vals[] = {
    { "headcount", "职工人数|涉及职工" }, { "plan", "方案|方案进展" }, { "outcome", "安置结果|安置情况" },
    { NULL, NULL },
};
static const struct po_enumval rs_plan_vals[] = {
    { "resettlement", "职工安置方案|安置方案" }, { "risk", "风险处置预案|风险预案" }, { NULL, NULL },
};
static const struct po_enumval rs_status_vals[] = {
    { "draft", "草案|起草" }, { "submitted", "已提交|提交|报送" }, { "approved", "已批准|批准" },
    { "executing", "执行中|实施中" }, { "done", "已完成|完成" }, { NULL, NULL },
};
static const struct po_enumval rs_approver_vals[] = {
    { "congress", "职工代表大会|职代会" }, { "district", "区人民政府|区政府" }, { NULL, NULL },
};
static const struct po_enumval rs_group_vals[] = {
    { "contract", "合同制职工|合同工" }, { "dispatched", "劳务派遣人员|劳务派遣" },
    { "near_retirement", "临近退休人员|临退休" }, { NULL, NULL },
};
static const struct po_enumval rs_outcome_vals[] = {
    { "reemployed_internal", "内部转岗安置|内部安置" }, { "reemployed_external", "外部再就业|再就业" },
    { "retired_early", "提前退休|内部退养" }, { "insurance_transferred", "社保关系转移接续|社保转移" },
    { "trained", "转岗培训|培训" }, { "compensated", "经济补偿|补偿" }, { NULL, NULL },
};
/* the key: one record of each kind per case in a file (a second is a duplicate row) */
static const struct colspec resettle_cols[] = {
    [RS_CASE] = { "case_id", "案件编号|案件号", CT_INT, REQ | KEY, NULL, NULL, NULL },
    [RS_RECORD] = { "record", "记录类型", CT_ENUM, REQ | KEY, NULL, rs_record_vals, NULL },
    [RS_ON] = { "on_date", "日期|记录日期", CT_DATE, REQ, NULL, NULL, NULL },
    [RS_PLAN] = { "plan", "方案类别|方案", CT_ENUM, KEY, NULL, rs_plan_vals, NULL },
    [RS_STATUS] = { "status", "方案状态|状态", CT_ENUM, KEY, NULL, rs_status_vals, NULL },
    [RS_APPROVED_BY] = { "approved_by", "批准机关|批准", CT_ENUM, 0, NULL, rs_approver_vals, NULL },
    [RS_CONTRACT] = { "contract", "合同制职工人数|合同制职工", CT_INT, 0, NULL, NULL, NULL },
    [RS_DISPATCHED] = { "dispatched", "劳务派遣人数|劳务派遣人员", CT_INT, 0, NULL, NULL, NULL },
    [RS_NEAR] = { "near_retirement", "临近退休人数|临近退休人员", CT_INT, 0, NULL, NULL, NULL },
    [RS_GROUP] = { "worker_group", "职工类别", CT_ENUM, KEY, NULL, rs_group_vals, NULL },
    [RS_OUTCOME] = { "outcome", "安置方式|安置结果", CT_ENUM, KEY, NULL, rs_outcome_vals, NULL },
    [RS_WORKERS] = { "workers", "人数|安置人数", CT_INT, 0, NULL, NULL, NULL },
    [RS_AMOUNT] = { "amount_yuan", "金额(元)|金额（元）|金额", CT_DEC_NN, 0, NULL, NULL, NULL },
    [RS_DOCUMENT] = { "document", "文件|文号|依据文件", CT_TEXT, 0, NULL, NULL, NULL },
    [RS_NOTE] = { "note", "备注|说明", CT_TEXT, 0, NULL, NULL, NULL },
};
_Static_assert(N(resettle_cols) == RS_NCOLS, "import_resettle.h column enum");

/* ---- the table ---- */

/* The demo city's files in import order (import.h). */
const char *const po_import_kinds[] = { "districts", "industries", "enterprises", "equipment",
                                        "energy", "output", "economics", "inspections",
                                        "licences", NULL };

const struct kindspec po_import_kind_table[] = {
    { "districts", "district", district_cols, N(district_cols), false, district_check,
      district_finish, NULL },
    { "industries", "industry", industry_cols, N(industry_cols), false, industry_check, NULL, NULL },
    { "enterprises", "enterprise", enterprise_cols, N(enterprise_cols), false, enterprise_check,
      NULL, NULL },
    { "equipment", "equipment", equipment_cols, N(equipment_cols), true, equipment_check, NULL, NULL },
    { "energy", "energy", energy_cols, N(energy_cols), false, energy_check, NULL, NULL },
    { "output", "output", output_cols, N(output_cols), false, output_check, NULL, NULL },
    { "economics", "economics", economics_cols, N(economics_cols), false, NULL, NULL, NULL },
    { "inspections", "inspection", inspection_cols, N(inspection_cols), false, inspection_check,
      NULL, NULL },
    { "licences", "licence", licence_cols, N(licence_cols), false, licence_check, NULL, NULL },
    { "targets", "dual_control_target", target_cols, N(target_cols), false, target_check, NULL, NULL },
    { "meter", "energy", meter_cols, N(meter_cols), false, meter_check, po_import_meter_finish, NULL },
    { "water", "water_use", water_cols, N(water_cols), false, NULL, NULL, NULL },
    { "resettlement", "resettlement_plan_event", resettle_cols, N(resettle_cols), false,
      po_import_resettle_check, po_import_resettle_finish, po_import_resettle_write },
};
const size_t po_import_kind_count = N(po_import_kind_table);

const struct kindspec *po_import_kind_find(const char *name)
{
    for (size_t i = 0; i < po_import_kind_count; i++)
        if (strcmp(po_import_kind_table[i].name, name) == 0)
            return &po_import_kind_table[i];
    return NULL;
}

bool po_import_kind_known(const char *name)
{
    return name && po_import_kind_find(name) != NULL;
}

/* The tags of an enum column, NULL-terminated, in a; NULL when out of memory. */
static const char **enum_tags(const struct po_enumval *ev, struct po_arena *a)
{
    size_t n = 0;
    while (ev[n].tag)
        n++;
    const char **tags = po_arena_calloc(a, n + 1, sizeof(char *));
    for (size_t i = 0; tags && i < n; i++)
        tags[i] = ev[i].tag;
    return tags;
}

static int kind_info(struct po_import_kind *out, const struct kindspec *k, struct po_arena *a)
{
    struct po_import_column *cols = po_arena_calloc(a, k->ncols, sizeof(*cols));
    if (!cols)
        return PO_ENOMEM;
    out->name = k->name;
    out->columns = cols;
    out->ncolumns = k->ncols;
    out->parameter_columns = k->has_params;
    for (size_t c = 0; c < k->ncols; c++) {
        const struct colspec *cs = &k->cols[c];
        cols[c].name = cs->name;
        cols[c].aliases = cs->aliases;
        cols[c].required = (cs->flags & CF_REQUIRED) != 0;
        cols[c].key = (cs->flags & CF_KEY) != 0;
        if (cs->enums) {
            cols[c].values = enum_tags(cs->enums, a);
            if (!cols[c].values)
                return PO_ENOMEM;
        }
    }
    out->per_enterprise = imp_kind_per_enterprise(k);
    return 0;
}

int po_import_kind_list(const struct po_import_kind **out, size_t *n, struct po_arena *a,
                        struct po_err *err)
{
    struct po_import_kind *kinds = po_arena_calloc(a, po_import_kind_count, sizeof(*kinds));
    if (!kinds)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < po_import_kind_count; i++)
        if (kind_info(&kinds[i], &po_import_kind_table[i], a) < 0)
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    *out = kinds;
    *n = po_import_kind_count;
    return 0;
}

int po_import_file(struct po_import_result *out, struct po_store *st, const char *path,
                   const struct po_import_opts *o, struct po_arena *a, struct po_err *err)
{
    return po_import_run(out, po_import_kind_table, po_import_kind_count, st, path, o, a, err);
}
