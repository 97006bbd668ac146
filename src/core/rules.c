/*
 * rules.c: parse and check the rows of data/rules.csv.
 *
 * Every name a row may use (criterion, measure, department, operator) is
 * a constant table here, so an unknown word is refused with its column
 * rather than silently never matching.  Conditions are parsed once into
 * exact fixed-point values: a threshold of 4.3 m is 4300000, and a
 * chamber of exactly 4.3 m compares equal to it.
 */
#include "core/rules.h"
#include "core/decimal.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdio.h>
#include <string.h>

static const char *const crit_names[PO_CRIT_COUNT] = {
    "industrial_policy", "energy", "production_factor", "environment", "safety", "quality",
};

static const char *const meas_names[PO_MEAS_COUNT] = {
    "shutdown_dismantle_or_seal",
    "closure_and_licence_revocation",
    "closure_with_approval",
    "suspend",
    "limit_or_suspend",
    "phase_out_plan",
    "factor_supply_control",
    "rectify_6_months",
    "differential_price_no_expansion",
};

static const char *const meas_names_zh[PO_MEAS_COUNT] = {
    "依法关停并拆除或封存主体设备",
    "予以关闭，并由有关部门吊销相关证照",
    "报经有批准权的人民政府批准后责令停业、关闭",
    "停产停业整顿",
    "限制生产或停产整治",
    "制定计划逐步退出",
    "从严控制生产要素供给、必要时限产",
    NULL, /* rectify_6_months: "N个月内整改", the period the caller passes (po_measure_add_zh) */
    "执行差别电价、不得新增产能",
};

static const char *const dept_names[] = {
    "miit", "drc", "energy", "eco_env", "emergency", "market"
};

static const char *const op_names[] = { "<", "<=", ">", ">=", "=", "!=" };

/* The columns of data/rules.csv, in order (data/RULES.md). */
enum {
    C_ID,
    C_VERSION,
    C_CRITERION,
    C_SUBJECT,
    C_SCOPE,
    C_FROM,
    C_TO,
    C_CATEGORY,
    C_EQTYPE,
    C_WHEN,
    C_UNLESS,
    C_MEASURE,
    C_DEPTS,
    C_DOC,
    C_ARTICLE,
    C_ISSUER,
    C_MBASIS,
    C_TITLE,
    C_CATROWS,
    C_SOURCE,
    C_CONFIDENCE,
    C_COUNT,
    C_TITLE_ZH = C_COUNT /* optional last column: a rule file written before it still loads */
};
static const char *const col_names[C_COUNT] = {
    "rule_id",      "version",  "criterion",      "subject", "scope",         "effective_from",
    "effective_to", "category", "equipment_type", "when",    "unless",        "measure",
    "departments",  "doc_no",   "article",        "issuer",  "measure_basis", "title",
    "catalog_rows", "source",   "confidence",
};

const struct po_tag po_rules_facts[] = {
    { "has_downstream", PO_TAG_BOOL, "", "有下游产业配套" },
    { "two_high", PO_TAG_BOOL, "", "属“两高”行业" },
    { "loss_years", PO_TAG_NUMBER, "a", "连续亏损年数" },
    { "liabilities_exceed_assets", PO_TAG_BOOL, "", "资不抵债" },
    { "has_quota_product", PO_TAG_BOOL, "", "有产品适用能耗限额标准" },
    { "quota_over_limit", PO_TAG_BOOL, "", "单位产品能耗超过限定值" },
    { "has_efficiency_benchmark", PO_TAG_BOOL, "", "有产品适用能效标杆和基准水平" },
    { "below_baseline", PO_TAG_BOOL, "", "能效低于基准水平" },
    { "intensity_worst_20pct", PO_TAG_BOOL, "", "万元增加值能耗居全市排名后列（市定比例）" },
    { "environment_severity", PO_TAG_NUMBER, "", "环保违法严重程度" },
    { "safety_severity", PO_TAG_NUMBER, "", "安全生产问题严重程度" },
    { "quality_severity", PO_TAG_NUMBER, "", "产品质量问题严重程度" },
    { "production_licence_lapsed", PO_TAG_BOOL, "", "生产许可证已失效" },
    { "safety_licence_lapsed", PO_TAG_BOOL, "", "安全生产许可证已失效" },
    { "discharge_permit_lapsed", PO_TAG_BOOL, "", "排污许可证已失效" },
    { "holds_production_licence", PO_TAG_BOOL, "", "持有生产许可证" },
    { "holds_safety_licence", PO_TAG_BOOL, "", "持有安全生产许可证" },
    { "holds_discharge_permit", PO_TAG_BOOL, "", "持有排污许可证" },
    { "safety_suspension_failed", PO_TAG_BOOL, "", "停产停业整顿后仍不具备安全生产条件" },
    { "low_end_industry", PO_TAG_BOOL, "", "属产业链低端的基础化工或冶炼行业" },
    { "washing_surplus_candidate", PO_TAG_BOOL, "", "洗煤能力过剩的退出候选" },
};
const size_t po_rules_nfacts = sizeof po_rules_facts / sizeof po_rules_facts[0];

static int lookup(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

/* Units of data/equipment_params.csv and the facts, in Chinese. */
static const struct {
    const char *unit, *zh;
} units_zh[] = {
    { "m", "米" },
    { "m3", "立方米" },
    { "t", "吨" },
    { "kt/a", "千吨/年" },
    { "10^4t/a", "万吨/年" },
    { "t/a", "吨/年" },
    { "t/d", "吨/日" },
    { "Mt/a", "百万吨/年" },
    { "kVA", "千伏安" },
    { "MW", "兆瓦" },
    { "kA", "千安" },
    { "kWh/t", "千瓦时/吨" },
    { "gce/kWh", "克标准煤/千瓦时" },
    { "a", "年" },
    { "kgce/t", "千克标准煤/吨" },
    { "kgce/kWh", "千克标准煤/千瓦时" },
    { "kgce/m3", "千克标准煤/立方米" },
};

const char *po_rules_unit_zh(const char *unit)
{
    for (size_t i = 0; unit && i < sizeof units_zh / sizeof units_zh[0]; i++)
        if (strcmp(units_zh[i].unit, unit) == 0)
            return units_zh[i].zh;
    return unit ? unit : "";
}

/* The enumerated values the rules compare (kiln_type, oven_type, cell_type, route, process). */
static const struct {
    const char *value, *zh;
} values_zh[] = {
    { "native_or_improved_native", "土焦或改良焦炉" },
    { "top_charged", "顶装焦炉" },
    { "stamp_charged", "捣固焦炉" },
    { "heat_recovery", "热回收焦炉" },
    { "semi_coke", "兰炭炉" },
    { "dry_hollow", "干法中空窑" },
    { "shaft", "立窑" },
    { "lepol", "立波尔窑" },
    { "wet", "湿法窑" },
    { "native_or_ordinary_shaft", "土窑或普通立窑" },
    { "earth_kiln", "土窑" },
    { "diaphragm", "隔膜法" },
    { "membrane", "离子膜法" },
    { "mercury", "水银法" },
    { "soderberg", "自焙槽" },
    { "prebake", "预焙槽" },
    { "acetylene", "电石乙炔法" },
    { "ethylene", "乙烯法" },
    { "vertical_drawing", "垂直引上法" },
    { "float", "浮法" },
};

const char *po_rules_value_zh(const char *value, size_t len)
{
    for (size_t i = 0; i < sizeof values_zh / sizeof values_zh[0]; i++)
        if (strlen(values_zh[i].value) == len && memcmp(values_zh[i].value, value, len) == 0)
            return values_zh[i].zh;
    return NULL;
}

const char *po_criterion_name(enum po_criterion c)
{
    return (unsigned)c < PO_CRIT_COUNT ? crit_names[c] : NULL;
}

const char *po_measure_name(enum po_measure m)
{
    return (unsigned)m < PO_MEAS_COUNT ? meas_names[m] : NULL;
}

int po_measure_add_zh(struct po_buf *b, enum po_measure m, int rectify_months)
{
    if ((unsigned)m >= PO_MEAS_COUNT)
        return -1;
    if (m == PO_MEAS_RECTIFY_6_MONTHS)
        po_buf_addf(b, "%d个月内整改", rectify_months);
    else
        po_buf_adds(b, meas_names_zh[m]);
    return 0;
}

int po_criterion_parse(const char *s)
{
    return lookup(crit_names, PO_CRIT_COUNT, s);
}

int po_measure_parse(const char *s)
{
    return lookup(meas_names, PO_MEAS_COUNT, s);
}

const char *po_rule_op_name(enum po_rule_op op)
{
    return (unsigned)op <= PO_OP_NE ? op_names[op] : "?";
}

void po_rules_departments(char *buf, size_t n, unsigned mask)
{
    size_t len = 0;
    if (n == 0)
        return;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof dept_names / sizeof dept_names[0]; i++) {
        if (!(mask & (1u << i)))
            continue;
        int k = snprintf(buf + len, n - len, "%s%s", len ? "|" : "", dept_names[i]);
        if (k < 0 || (size_t)k >= n - len)
            return;
        len += (size_t)k;
    }
}

void po_ruleset_init(struct po_ruleset *rs, struct po_arena *a)
{
    memset(rs, 0, sizeof *rs);
    rs->a = a;
}

/* Both messages take the same arguments: each skips the other's phrase with %.0s. */
static int bad(struct po_err *err, const char *file, size_t row, int col, const char *what_zh,
               const char *what_en, const char *value)
{
    return po_err_set(err, PO_EINVAL, "%s 第 %zu 行 %s 列：%s%.0s：“%s”",
                      "%s row %zu column %s: %.0s%s: \"%s\"", file, row, col_names[col], what_zh,
                      what_en, value);
}

int po_rules_header(const char *file, char **f, size_t n, struct po_err *err)
{
    for (size_t i = 0; i < C_COUNT; i++) {
        if (i >= n)
            return po_err_set(err, PO_EINVAL, "%s 表头缺少列 %s", "%s header lacks column %s", file,
                              col_names[i]);
        if (strcmp(f[i], col_names[i]) != 0)
            return po_err_set(err, PO_EINVAL, "%s 表头第 %zu 列应为 %s",
                              "%s header column %zu should be %s", file, i + 1, col_names[i]);
    }
    if (n > C_COUNT && strcmp(f[C_TITLE_ZH], "title_zh") != 0)
        return po_err_set(err, PO_EINVAL, "%s 表头第 %zu 列应为 title_zh",
                          "%s header column %zu should be title_zh", file, (size_t)C_TITLE_ZH + 1);
    if (n > C_COUNT + 1)
        return po_err_set(err, PO_EINVAL, "%s 表头有多余的列 %s",
                          "%s header has an extra column %s", file, f[C_COUNT + 1]);
    return 0;
}

static const struct po_tag *find_tag(const struct po_tagset *tags, const char *name, size_t len)
{
    for (size_t i = 0; i < tags->n; i++)
        if (strlen(tags->tags[i].tag) == len && memcmp(tags->tags[i].tag, name, len) == 0)
            return &tags->tags[i];
    return NULL;
}

static struct po_str trim(const char *p, size_t len)
{
    return po_str_trim((struct po_str){ p, len });
}

/* One "tag OP value" into c; ctx names the row and column for errors. */
static int parse_cond(struct po_rule_cond *c, const struct po_tagset *tags, struct po_str s,
                      struct po_arena *a, const char *file, size_t row, int col, struct po_err *err)
{
    size_t i = 0;
    while (i < s.len && !strchr("<>=!", s.ptr[i]))
        i++;
    struct po_str name = trim(s.ptr, i);
    char *whole = po_arena_strndup(a, s.ptr, s.len);
    if (!whole)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    if (i == s.len || name.len == 0)
        return bad(err, file, row, col, "条件应为“参数 运算符 值”",
                   "a condition is \"tag OP value\"", whole);
    size_t oplen = i + 1 < s.len && s.ptr[i + 1] == '=' ? 2 : 1;
    char op[3] = { s.ptr[i], oplen == 2 ? '=' : '\0', '\0' };
    int opi = lookup(op_names, sizeof op_names / sizeof op_names[0], op);
    if (opi < 0)
        return bad(err, file, row, col, "未知运算符", "unknown operator", whole);
    const struct po_tag *t = find_tag(tags, name.ptr, name.len);
    if (!t)
        return bad(err, file, row, col, "未知参数", "unknown parameter tag", whole);
    struct po_str v = trim(s.ptr + i + oplen, s.len - i - oplen);
    c->tag = t->tag;
    c->type = t->type;
    c->unit = t->unit;
    c->name_zh = t->name_zh;
    c->op = (enum po_rule_op)opi;
    c->text = po_arena_strndup(a, v.ptr, v.len);
    if (!c->text)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    if (v.len == 0)
        return bad(err, file, row, col, "条件缺少值", "condition without a value", whole);
    if (t->type == PO_TAG_TEXT) {
        if (c->op != PO_OP_EQ && c->op != PO_OP_NE)
            return bad(err, file, row, col,
                       "文本参数只能用 = 或 !=", "a text tag takes = or != only", whole);
        return 0;
    }
    if (po_dec_parse(&c->num_micro, v.ptr, v.len) != PO_DEC_OK)
        return bad(err, file, row, col, "值不是数字", "value is not a number", whole);
    if (t->type == PO_TAG_BOOL && ((c->num_micro != 0 && c->num_micro != PO_MICRO) ||
                                   (c->op != PO_OP_EQ && c->op != PO_OP_NE)))
        return bad(err, file, row, col, "布尔参数只能是 =0 / =1", "a boolean tag takes =0 or =1",
                   whole);
    return 0;
}

/* "a & b & c" into an arena array; empty text gives no conditions. */
static int parse_conds(struct po_rule_cond **out, size_t *nout, const struct po_tagset *tags,
                       const char *text, struct po_arena *a, const char *file, size_t row, int col,
                       struct po_err *err)
{
    size_t n = 0, k = 0;
    *out = NULL;
    *nout = 0;
    if (po_str_trim(po_str_c(text)).len == 0)
        return 0;
    for (const char *p = text; *p; p++)
        n += *p == '&';
    struct po_rule_cond *c = po_arena_calloc(a, n + 1, sizeof *c);
    if (!c)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (const char *p = text;; k++) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        int rc = parse_cond(&c[k], tags, trim(p, len), a, file, row, col, err);
        if (rc < 0)
            return rc;
        if (!amp)
            break;
        p = amp + 1;
    }
    *out = c;
    *nout = n + 1;
    return 0;
}

static int parse_depts(unsigned *out, const char *s, const char *file, size_t row,
                       struct po_err *err)
{
    *out = 0;
    for (const char *p = s;;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        size_t i = 0;
        while (i < sizeof dept_names / sizeof dept_names[0] &&
               !(strlen(dept_names[i]) == len && memcmp(dept_names[i], p, len) == 0))
            i++;
        if (i == sizeof dept_names / sizeof dept_names[0])
            return bad(err, file, row, C_DEPTS, "未知部门", "unknown department", s);
        *out |= 1u << i;
        if (!bar)
            return 0;
        p = bar + 1;
    }
}

/* A jurisdiction: CN, or 2 to 6 digits of a district code. */
static bool valid_scope(const char *s)
{
    size_t n = strlen(s);
    if (strcmp(s, "CN") == 0)
        return true;
    if (n < 2 || n > 6)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int grow(struct po_ruleset *rs, struct po_err *err)
{
    if (rs->n < rs->cap)
        return 0;
    size_t cap = rs->cap ? rs->cap * 2 : 64;
    struct po_rule *r = po_arena_realloc(rs->a, rs->rules, rs->cap * sizeof *r, cap * sizeof *r);
    if (!r)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    rs->rules = r;
    rs->cap = cap;
    return 0;
}

static int parse_enums(struct po_rule *r, char **f, const char *file, size_t row,
                       struct po_err *err)
{
    int64_t v = 0;
    if (po_int_parse(&v, f[C_VERSION], strlen(f[C_VERSION])) != PO_DEC_OK || v < 1 || v > 9999)
        return bad(err, file, row, C_VERSION, "版本应为正整数", "version is a positive integer",
                   f[C_VERSION]);
    r->version = (int)v;
    int c = po_criterion_parse(f[C_CRITERION]);
    if (c < 0)
        return bad(err, file, row, C_CRITERION, "未知准则", "unknown criterion", f[C_CRITERION]);
    r->criterion = (enum po_criterion)c;
    if (strcmp(f[C_SUBJECT], "equipment") == 0)
        r->subject = PO_RSUBJ_EQUIPMENT;
    else if (strcmp(f[C_SUBJECT], "enterprise") == 0)
        r->subject = PO_RSUBJ_ENTERPRISE;
    else
        return bad(err, file, row, C_SUBJECT, "对象应为 equipment 或 enterprise",
                   "subject is equipment or enterprise", f[C_SUBJECT]);
    if (f[C_CATEGORY][0] == '\0')
        r->category = PO_RCAT_NONE;
    else if (strcmp(f[C_CATEGORY], "eliminated") == 0)
        r->category = PO_RCAT_ELIMINATED;
    else if (strcmp(f[C_CATEGORY], "restricted") == 0)
        r->category = PO_RCAT_RESTRICTED;
    else
        return bad(err, file, row, C_CATEGORY, "类别应为 eliminated、restricted 或空",
                   "category is eliminated, restricted or empty", f[C_CATEGORY]);
    int m = po_measure_parse(f[C_MEASURE]);
    if (m < 0)
        return bad(err, file, row, C_MEASURE, "未知措施", "unknown measure", f[C_MEASURE]);
    r->measure = (enum po_measure)m;
    if (!valid_scope(f[C_SCOPE]))
        return bad(err, file, row, C_SCOPE, "适用范围应为 CN 或行政区划代码前缀",
                   "scope is CN or a district-code prefix", f[C_SCOPE]);
    if (strcmp(f[C_CONFIDENCE], "high") && strcmp(f[C_CONFIDENCE], "medium") &&
        strcmp(f[C_CONFIDENCE], "low"))
        return bad(err, file, row, C_CONFIDENCE, "可信度应为 high、medium 或 low",
                   "confidence is high, medium or low", f[C_CONFIDENCE]);
    r->low_confidence = strcmp(f[C_CONFIDENCE], "low") == 0;
    return parse_depts(&r->departments, f[C_DEPTS], file, row, err);
}

static int parse_dates(struct po_rule *r, char **f, const char *file, size_t row,
                       struct po_err *err)
{
    if (po_date_parse(&r->from, f[C_FROM], strlen(f[C_FROM])) < 0)
        return bad(err, file, row, C_FROM, "日期应为 YYYY-MM-DD", "date is YYYY-MM-DD", f[C_FROM]);
    memset(&r->to, 0, sizeof r->to);
    if (f[C_TO][0] && po_date_parse(&r->to, f[C_TO], strlen(f[C_TO])) < 0)
        return bad(err, file, row, C_TO, "日期应为 YYYY-MM-DD 或空（长期有效）",
                   "date is YYYY-MM-DD or empty (open-ended)", f[C_TO]);
    if (r->to.y && po_date_cmp(r->from, r->to) > 0)
        return bad(err, file, row, C_TO, "失效日期早于生效日期",
                   "effective_to is before effective_from", f[C_TO]);
    return 0;
}

static int required(char **f, const char *file, size_t row, struct po_err *err)
{
    static const int cols[] = { C_ID, C_DOC, C_ARTICLE, C_ISSUER, C_TITLE, C_SOURCE };
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        if (po_str_trim(po_str_c(f[cols[i]])).len == 0)
            return bad(err, file, row, cols[i], "必填项为空（法律依据与来源必须写明）",
                       "required value is empty (legal basis and source are mandatory)", "");
    return 0;
}

int po_rules_add_row(struct po_ruleset *rs, const struct po_tagset *tags, const char *file,
                     size_t rowno, char **f, size_t n, struct po_err *err)
{
    if (n != C_COUNT && n != C_COUNT + 1)
        return po_err_set(err, PO_EINVAL, "%s 第 %zu 行有 %zu 列，应为 %d 或 %d 列",
                          "%s row %zu has %zu columns, expected %d or %d", file, rowno, n,
                          (int)C_COUNT, (int)C_COUNT + 1);
    int rc = grow(rs, err);
    if (rc < 0)
        return rc;
    struct po_rule *r = &rs->rules[rs->n];
    memset(r, 0, sizeof *r);
    rc = required(f, file, rowno, err);
    if (rc == 0)
        rc = parse_enums(r, f, file, rowno, err);
    if (rc == 0)
        rc = parse_dates(r, f, file, rowno, err);
    if (rc < 0)
        return rc;
    if (r->subject == PO_RSUBJ_EQUIPMENT && f[C_EQTYPE][0] == '\0')
        return bad(err, file, rowno, C_EQTYPE, "设备规则须写明设备类型",
                   "an equipment rule needs an equipment type", "");
    if (r->subject == PO_RSUBJ_ENTERPRISE && f[C_EQTYPE][0] != '\0')
        return bad(err, file, rowno, C_EQTYPE, "企业规则不写设备类型",
                   "an enterprise rule takes no equipment type", f[C_EQTYPE]);
    rc = parse_conds(&r->when, &r->nwhen, tags, f[C_WHEN], rs->a, file, rowno, C_WHEN, err);
    if (rc == 0)
        rc = parse_conds(&r->unless, &r->nunless, tags, f[C_UNLESS], rs->a, file, rowno, C_UNLESS,
                         err);
    if (rc < 0)
        return rc;
    if (r->nwhen == 0)
        return bad(err, file, rowno, C_WHEN, "规则至少要有一个条件", "a rule needs a condition",
                   "");
    const char **dst[] = { &r->id,           &r->scope,  &r->equipment_type, &r->doc_no,
                           &r->article,      &r->issuer, &r->measure_basis,  &r->title,
                           &r->catalog_rows, &r->source, &r->confidence };
    const int src[] = { C_ID,     C_SCOPE, C_EQTYPE,  C_DOC,    C_ARTICLE,   C_ISSUER,
                        C_MBASIS, C_TITLE, C_CATROWS, C_SOURCE, C_CONFIDENCE };
    for (size_t i = 0; i < sizeof src / sizeof src[0]; i++) {
        *dst[i] = po_arena_strdup(rs->a, f[src[i]]);
        if (!*dst[i])
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    r->title_zh = r->title;
    if (n > C_TITLE_ZH && po_str_trim(po_str_c(f[C_TITLE_ZH])).len) {
        r->title_zh = po_arena_strdup(rs->a, f[C_TITLE_ZH]);
        if (!r->title_zh)
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    rs->n++;
    return 0;
}

static bool overlap(const struct po_rule *a, const struct po_rule *b)
{
    bool a_before_b = a->to.y && po_date_cmp(a->to, b->from) < 0;
    bool b_before_a = b->to.y && po_date_cmp(b->to, a->from) < 0;
    return !a_before_b && !b_before_a;
}

int po_rules_check(const struct po_ruleset *rs, const char *file, struct po_err *err)
{
    for (size_t i = 0; i < rs->n; i++)
        for (size_t j = i + 1; j < rs->n; j++) {
            const struct po_rule *a = &rs->rules[i], *b = &rs->rules[j];
            if (strcmp(a->id, b->id) != 0)
                continue;
            if (a->version == b->version)
                return po_err_set(err, PO_EINVAL, "%s 第 %zu 行：规则 %s 版本 %d 重复",
                                  "%s row %zu: rule %s version %d appears twice", file, j + 1,
                                  b->id, b->version);
            if (strcmp(a->scope, b->scope) == 0 && overlap(a, b))
                return po_err_set(err, PO_EINVAL,
                                  "%s 第 %zu 行：规则 %s 版本 %d 与版本 %d 有效期重叠",
                                  "%s row %zu: rule %s version %d overlaps version %d in time",
                                  file, j + 1, b->id, b->version, a->version);
        }
    return 0;
}

bool po_rule_in_force(const struct po_rule *r, struct po_date on, const char *district_code)
{
    if (po_date_cmp(on, r->from) < 0 || (r->to.y && po_date_cmp(on, r->to) > 0))
        return false;
    if (strcmp(r->scope, "CN") == 0)
        return true;
    return district_code && strncmp(district_code, r->scope, strlen(r->scope)) == 0;
}

static bool text_in(const char *list, const char *v)
{
    size_t vn = strlen(v);
    for (const char *p = list;;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == vn && memcmp(p, v, len) == 0)
            return true;
        if (!bar)
            return false;
        p = bar + 1;
    }
}

bool po_rule_cond_holds(const struct po_rule_cond *c, int64_t value_micro, const char *value_text)
{
    if (c->type == PO_TAG_TEXT) {
        bool in = value_text && text_in(c->text, value_text);
        return c->op == PO_OP_EQ ? in : !in;
    }
    switch (c->op) {
    case PO_OP_LT:
        return value_micro < c->num_micro;
    case PO_OP_LE:
        return value_micro <= c->num_micro;
    case PO_OP_GT:
        return value_micro > c->num_micro;
    case PO_OP_GE:
        return value_micro >= c->num_micro;
    case PO_OP_EQ:
        return value_micro == c->num_micro;
    case PO_OP_NE:
        return value_micro != c->num_micro;
    }
    return false;
}
