/* import_doc.c: the meaning of every import column (see import_doc.h). */
#include "ingest/import_doc.h"

#include <string.h>

#define U "91150302692158377F" /* examples/enterprises.csv: 乌海市卓峰焦化有限责任公司 */

#define D(k, c, zh, en, unit, ex) { k, c, NULL, zh, en, unit, ex, false }

const struct po_import_coldoc po_import_coldocs[] = {
    /* districts */
    D("districts", "code", "行政区划代码（GB/T 2260）；园区为所在区代码加 P 和两位序号", "jurisdiction code (GB/T 2260); a park is its district's code + P + 2 digits", NULL, "150302"),
    D("districts", "name", "行政区划或园区名称", "name of the jurisdiction or park", NULL, "海勃湾区"),
    D("districts", "parent_code", "上级区划代码；仅省级可留空", "code of the parent; empty only for a province", NULL, "150300"),
    D("districts", "level", "级别；留空时按代码推断", "level; inferred from the code when empty", NULL, "区县"),
    /* industries */
    D("industries", "code", "国民经济行业分类（GB/T 4754）4位小类代码", "GB/T 4754 class code, 4 digits", NULL, "2521"),
    D("industries", "name", "行业名称", "name of the class", NULL, "炼焦"),
    D("industries", "edition", "行业分类标准版本；留空为 2017", "edition of GB/T 4754; empty = 2017", NULL, "2017"),
    D("industries", "two_high", "是否属于高耗能高排放（两高）行业；留空 = 未记录（相关规则无法判定）", "whether the class is energy-intensive and high-emission (two-high); empty = not recorded (the rules cannot decide)", NULL, "是"),
    /* enterprises */
    D("enterprises", "uscc", "统一社会信用代码，18位，校验码按 GB 32100-2015 核对", "unified social credit code, 18 characters, check character per GB 32100-2015", NULL, U),
    D("enterprises", "name", "企业名称（与营业执照一致）", "enterprise name as on the business licence", NULL, "乌海市卓峰焦化有限责任公司"),
    D("enterprises", "district_code", "所在区县的行政区划代码，须已登记", "code of the enterprise's district, already registered", NULL, "150302"),
    D("enterprises", "industry_code", "所属行业代码（GB/T 4754 小类），须已登记", "industry class (GB/T 4754), already registered", NULL, "2521"),
    D("enterprises", "founded", "成立年份（或日期，保留年份）", "year founded (or a date, whose year is kept)", NULL, "2006"),
    D("enterprises", "industry_edition", "行业代码所依据的分类版本；留空为 2017", "edition the industry code follows; empty = 2017", NULL, "2017"),
    D("enterprises", "park_code", "所在园区代码（所在区下的园区）", "park within the district", NULL, "150302P01"),
    D("enterprises", "status", "生产状态；留空为正常生产", "operating status; empty = operating", NULL, "正常生产"),
    D("enterprises", "has_downstream", "是否有下游配套产业（独立石灰、电石、铁合金企业的认定依据）；留空 = 未记录，相关规则无法判定并列入数据待补", "whether the plant has downstream processing (decides the independent lime / carbide / ferroalloy rules); empty = not recorded: those rules cannot decide and the enterprise goes on the data-to-complete list", NULL, "是"),
    D("enterprises", "employees", "职工人数", "number of employees", "人", "1120"),
    D("enterprises", "uscc_override_reason", "校验码不符但系依法核发的早期代码时，填写原因", "reason, when the check character fails on a lawfully issued early code", NULL, ""),
    D("enterprises", "address", "生产经营地址", "address", NULL, "内蒙古自治区乌海市海勃湾区千里山工业园区工业大道18号"),
    D("enterprises", "legal_representative", "法定代表人（信用平台的行政处罚记录需要；空：未记录）", "legal representative (the credit platform's penalty records need it; empty: not recorded)", NULL, "张伟"),
    /* equipment */
    D("equipment", "uscc", "设备所属企业的统一社会信用代码，企业须已登记", "USCC of the owning enterprise, already registered", NULL, U),
    D("equipment", "equipment_id", "企业内部的设备或生产线编号，企业内唯一", "equipment or line number, unique within the enterprise", NULL, "JL01"),
    D("equipment", "equipment_type", "设备类型（与《产业结构调整指导目录》条目对应）", "equipment type (matches the items of the Industrial Structure Adjustment Catalogue)", NULL, "焦炉"),
    D("equipment", "name", "设备名称", "name of the equipment", NULL, "1#焦炉（顶装4.3米）"),
    D("equipment", "status", "设备状态；留空为运行", "status; empty = running", NULL, "运行"),
    D("equipment", "commissioned", "投产日期", "date commissioned", NULL, "2005-06"),
    D("equipment", "capacity", "设计产能", "design capacity", "见产能单位", "60"),
    D("equipment", "capacity_unit", "产能的单位，如 t/a、10^4t/a（万吨/年）、MW、t/d", "unit of the capacity, e.g. t/a, 10^4t/a, MW, t/d", NULL, "10^4t/a"),
    D("equipment", "product", "主要产品", "main product", NULL, "coke"),
    { "equipment", "chamber_height_m", "炭化室高度", "设备参数（焦炉）：炭化室高度；其他参数见参考数据“设备参数”，以参数中文名作列名增列", "equipment parameter (coke oven): chamber height; further parameters (reference table equipment_params) as further columns headed by their Chinese name", "m", "4.3", false },
    { "equipment", "stamp_charged", "捣固焦炉", "设备参数（焦炉）：是否捣固焦炉", "equipment parameter (coke oven): stamp-charged", NULL, "否", false },
    /* energy */
    D("energy", "uscc", "用能企业的统一社会信用代码，企业须已登记", "USCC of the enterprise, already registered", NULL, U),
    D("energy", "year", "统计年份", "year", NULL, "2024"),
    D("energy", "month", "月份；留空表示全年合计", "month; empty = the whole year", NULL, "1"),
    D("energy", "energy_type", "能源品种（按 GB/T 2589 折标准煤）", "energy type (converted to standard coal per GB/T 2589)", NULL, "焦炉煤气"),
    D("energy", "quantity", "实物消费量", "quantity consumed, in the unit given", "见计量单位", "2210.50"),
    D("energy", "unit", "实物量的计量单位，须与能源品种相符", "unit of the quantity, of the energy type's dimension", NULL, "万立方米"),
    D("energy", "purpose", "用途：燃料或原料（原料用能按核算政策扣除）；留空为燃料", "purpose: fuel or feedstock (feedstock is excluded per the accounting policy); empty = fuel", NULL, "燃料"),
    D("energy", "product", "多产品企业的产品或工序；留空表示全企业", "product or process of a multi-product enterprise; empty = the whole enterprise", NULL, ""),
    D("energy", "source", "数据来源：企业报送或在线监测；留空为报送", "source: reported by the enterprise or metered; empty = reported", NULL, "报送"),
    /* meter */
    D("meter", "uscc", "重点用能单位的统一社会信用代码，企业须已登记", "USCC of the key energy-using unit, already registered", NULL, U),
    { "meter", "year", NULL, "记录所属年份，由采集时间得出（文件中无此列）", "year of the record, from the timestamp (not a column of the file)", NULL, "", true },
    { "meter", "month", NULL, "记录所属月份，由采集时间得出（文件中无此列）", "month of the record, from the timestamp (not a column of the file)", NULL, "", true },
    D("meter", "energy_type", "能源品种", "energy type", NULL, "电力"),
    D("meter", "value", "15分钟时段内的消费量", "consumption in the 15-minute interval", "见计量单位", "1250.5"),
    D("meter", "unit", "计量单位；留空时按品种取计量表默认单位（电力 kWh，气体 m3，热力 GJ）", "unit; empty = the meter's own by energy type (kWh, m3, GJ)", NULL, "kWh"),
    D("meter", "purpose", "用途；留空为燃料", "purpose; empty = fuel", NULL, ""),
    D("meter", "product", "产品或工序；留空表示全企业", "product or process; empty = the whole enterprise", NULL, ""),
    D("meter", "source", "数据来源；留空为在线监测", "source; empty = metered", NULL, ""),
    D("meter", "meter_id", "计量表编号，不含空格，至多64个字符", "meter number, no spaces, at most 64 characters", NULL, "DB-0001"),
    D("meter", "timestamp", "时段开始时间（当地时间）YYYY-MM-DD HH:MM:SS", "start of the interval, local time, YYYY-MM-DD HH:MM:SS", NULL, "2024-01-01 00:00:00"),
    /* output */
    D("output", "uscc", "企业统一社会信用代码，企业须已登记", "USCC, already registered", NULL, U),
    D("output", "year", "统计年份", "year", NULL, "2024"),
    D("output", "product", "产品（单位产品能耗按此对照限额标准）", "product (unit consumption is checked against the quota standard of it)", NULL, "coke"),
    D("output", "quantity_t", "产量（吨）；也可改填“数量”和“计量单位”两列", "output in tonnes; or fill quantity and unit instead", "t", "1200000"),
    D("output", "quantity", "产量（与计量单位同填，代替产量（吨））", "output in the unit given (instead of quantity_t)", "见计量单位", ""),
    D("output", "unit", "产量的质量单位：kg、t、kt、10^4t", "mass unit of quantity: kg, t, kt, 10^4t", NULL, ""),
    /* economics */
    D("economics", "uscc", "企业统一社会信用代码，企业须已登记", "USCC, already registered", NULL, U),
    D("economics", "year", "统计年份", "year", NULL, "2024"),
    D("economics", "value_added_10k_yuan", "工业增加值，可为负（亏损）；留空 = 未记录（不参加强度排名，列入数据待补）", "industrial value added, may be negative (loss); empty = not recorded (not ranked, on the data-to-complete list)", "万元", "21860.10"),
    D("economics", "gross_output_10k_yuan", "工业总产值", "gross industrial output", "万元", "228000.00"),
    D("economics", "revenue_10k_yuan", "营业收入", "operating revenue", "万元", "225400.00"),
    D("economics", "profit_10k_yuan", "利润总额，可为负", "total profit, may be negative", "万元", "-3120.75"),
    D("economics", "total_assets_10k_yuan", "资产总计", "total assets", "万元", "318900.00"),
    D("economics", "total_liabilities_10k_yuan", "负债合计", "total liabilities", "万元", "175600.00"),
    D("economics", "employees", "年末从业人员", "employees at year end", "人", "1120"),
    /* inspections */
    D("inspections", "uscc", "被检查企业的统一社会信用代码，企业须已登记", "USCC of the enterprise inspected, already registered", NULL, U),
    D("inspections", "department", "实施检查的部门", "department that inspected", NULL, "生态环境局"),
    D("inspections", "kind", "检查类别", "kind of inspection", NULL, "环保"),
    D("inspections", "date", "检查日期 YYYY-MM-DD", "date of the inspection, YYYY-MM-DD", NULL, "2024-06-12"),
    D("inspections", "severity", "发现问题的严重程度", "severity of what was found", NULL, "一般"),
    D("inspections", "violation", "违法类型；无问题时留空", "type of violation; empty when nothing was found", NULL, "超标排放"),
    D("inspections", "legal_basis", "处理所依据的法律条款", "legal article the decision rests on", NULL, "《中华人民共和国大气污染防治法》第九十九条"),
    D("inspections", "document_no", "执法文书编号", "number of the enforcement document", NULL, "乌环罚〔2024〕12号"),
    D("inspections", "description", "检查情况说明", "what was found", NULL, "颗粒物排放浓度超标，责令限期改正"),
    /* licences */
    D("licences", "licence_type", "证照类型", "type of licence", NULL, "排污许可证"),
    D("licences", "number", "证书编号", "licence number", NULL, "91150302692158377F001P"),
    D("licences", "uscc", "持证企业的统一社会信用代码，企业须已登记", "USCC of the holder, already registered", NULL, U),
    D("licences", "issuer", "发证机关", "issuing authority", NULL, "乌海市生态环境局"),
    D("licences", "valid_from", "有效期起始日期", "valid from", NULL, "2021-03-15"),
    D("licences", "valid_to", "有效期截止日期，不早于起始日期", "valid to, not before valid_from", NULL, "2026-03-14"),
    D("licences", "status", "证照状态；留空为有效", "status; empty = valid", NULL, "有效"),
    D("licences", "revoked_on", "吊销日期；状态为吊销时必填", "date revoked; required when revoked", NULL, ""),
    D("licences", "revocation_reason", "吊销原因", "reason for revocation", NULL, ""),
    /* targets */
    D("targets", "district_code", "行政区划代码（省、市或区县，不含园区），须已登记", "code of a registered province, city or district (not a park)", NULL, "150302"),
    D("targets", "year", "目标所属年份", "year the targets are for", NULL, "2025"),
    D("targets", "base_year", "基年，早于目标年份；降低目标自基年累计", "base year, before year; reductions are cumulative from it", NULL, "2020"),
    D("targets", "intensity_reduction_pct", "能耗强度较基年累计降低目标", "cumulative reduction of energy intensity vs the base year", "%", "14.5"),
    D("targets", "energy_cap_tce", "当年能源消费总量控制目标（按核算政策扣除后）", "cap on the year's total energy use (after the policy's exclusions)", "吨标准煤", "9500000"),
    D("targets", "co2_intensity_reduction_pct", "碳排放强度较基年累计降低目标；未设定留空", "cumulative reduction of CO2 intensity; empty where not set", "%", ""),
    D("targets", "co2_cap_t", "当年碳排放总量控制目标；未设定留空", "cap on the year's CO2; empty where not set", "吨", ""),
    D("targets", "note", "备注", "note kept with the row", NULL, "示例数据，请替换为下达的目标"),
    D("targets", "source", "目标下达文件", "the document the targets come from", NULL, "（填写下达目标的文件文号）"),
    /* water */
    D("water", "uscc", "用水企业的统一社会信用代码，企业须已登记", "USCC of the enterprise, already registered", NULL, U),
    D("water", "year", "年份", "year", NULL, "2025"),
    D("water", "month", "月份 1–12（超定额累进加价按月核算）", "month 1-12 (the over-quota water surcharge is computed by month)", NULL, "6"),
    D("water", "use_m3", "当月实际用水量", "water used in the month", "立方米", "1300"),
    D("water", "quota_m3", "当月用水定额（计划用水量）；留空 = 未记录，无法计算超定额加价", "the month's water quota; empty = not recorded: the surcharge cannot be computed", "立方米", "1000"),
    D("water", "price_yuan_per_m3", "非居民用水基本水价；留空 = 未记录", "the non-residential water price; empty = not recorded", "元/立方米", "4.5"),
    /* resettlement (issue 15 §5): one record per row */
    D("resettlement", "case_id", "退出案件编号（phaseout case list）", "the exit case's number (phaseout case list)", NULL, "8"),
    D("resettlement", "record", "记录类型：职工人数（headcount）、方案进展（plan）或安置结果（outcome）", "record: headcount, plan (a step of a plan) or outcome", NULL, "方案"),
    D("resettlement", "on_date", "记录日期（方案各步不得早于上一步）", "the record's day (a plan's step not before its previous step)", NULL, "2026-05-20"),
    D("resettlement", "plan", "方案进展：职工安置方案（resettlement）或风险处置预案（risk）", "plan: resettlement (职工安置方案) or risk (风险处置预案)", NULL, "职工安置方案"),
    D("resettlement", "status", "方案进展：草案、已提交、已批准、执行中、已完成，按顺序逐步填写（已提交可退回草案）", "plan: draft, submitted, approved, executing, done, one step at a time (submitted may return to draft)", NULL, "已批准"),
    D("resettlement", "approved_by", "方案批准时必填：职工代表大会或区人民政府", "with approved only, required: the employees' congress or the district", NULL, "职工代表大会"),
    D("resettlement", "contract", "职工人数：受影响的合同制职工", "headcount: contract workers affected", "人", "120"),
    D("resettlement", "dispatched", "职工人数：受影响的劳务派遣人员", "headcount: dispatched workers affected", "人", "15"),
    D("resettlement", "near_retirement", "职工人数：受影响的临近退休人员", "headcount: workers near retirement affected", "人", "8"),
    D("resettlement", "worker_group", "安置结果：职工类别（合同制职工、劳务派遣人员、临近退休人员）", "outcome: worker group (contract, dispatched, near_retirement)", NULL, "合同制职工"),
    D("resettlement", "outcome", "安置结果：内部转岗安置、外部再就业、提前退休、社保关系转移接续、转岗培训、经济补偿；同一类别和方式以最后一条为准", "outcome: reemployed_internal, reemployed_external, retired_early, insurance_transferred, trained, compensated; the last figure of a group and outcome counts", NULL, "经济补偿"),
    D("resettlement", "workers", "安置结果：人数", "outcome: number of workers", "人", "40"),
    D("resettlement", "amount_yuan", "安置结果：金额，至多两位小数；留空为 0", "outcome: amount, at most two decimals; empty = 0", "元", "1540000.00"),
    D("resettlement", "document", "依据文件（文号或名称）；方案自提交起必填", "the document (number or title); required for a plan from submitted on", NULL, "职代会决议〔2026〕1号"),
    D("resettlement", "note", "备注", "note", NULL, ""),
};
const size_t po_import_ncoldocs = sizeof(po_import_coldocs) / sizeof(po_import_coldocs[0]);

const struct po_import_coldoc *po_import_coldoc_find(const char *kind, const char *column)
{
    for (size_t i = 0; i < po_import_ncoldocs; i++)
        if (strcmp(po_import_coldocs[i].kind, kind) == 0 &&
            strcmp(po_import_coldocs[i].column, column) == 0)
            return &po_import_coldocs[i];
    return NULL;
}

static const struct {
    const char *kind, *zh, *en;
} titles[] = {
    { "districts", "行政区划", "jurisdictions" },  { "industries", "行业分类", "industries" },
    { "enterprises", "企业", "enterprises" },      { "equipment", "设备", "equipment" },
    { "energy", "能源消费", "energy use" },        { "output", "产品产量", "output" },
    { "economics", "经济指标", "economic figures" }, { "inspections", "检查记录", "inspections" },
    { "licences", "证照", "licences" },            { "targets", "双控目标", "dual-control targets" },
    { "meter", "在线监测读数", "meter readings" },  { "water", "用水量与定额", "water use and quota" },
    { "resettlement", "职工安置", "worker resettlement" },
};

static int title_of(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof(titles) / sizeof(titles[0]); i++)
        if (strcmp(titles[i].kind, kind) == 0)
            return (int)i;
    return -1;
}

const char *po_import_kind_title_zh(const char *kind)
{
    int i = title_of(kind);
    return i < 0 ? NULL : titles[i].zh;
}

const char *po_import_kind_title_en(const char *kind)
{
    int i = title_of(kind);
    return i < 0 ? NULL : titles[i].en;
}
