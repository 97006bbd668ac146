/*
 * evalexplain.c: a stored finding as sentences, in Chinese and in English.
 *
 * The two renderings are built side by side from the same fields so that they
 * cannot drift apart: each line of one has its counterpart in the other.  The
 * department, criterion and confidence words are tables here because the
 * stored finding keeps the stable tags (miit, production_factor, low), not
 * words of either language.
 */
#include "report/evalexplain.h"
#include "refdata/factsources.h"
#include "core/rules.h"
#include "util/arena.h"
#include "util/buf.h"

#include <string.h>

/* Department tags of data/rules.csv and the bureaus of the Wuhai opinion. */
static const struct {
    const char *tag, *zh, *en;
} depts[] = {
    { "miit", "市工业和信息化局", "Bureau of Industry and Information Technology" },
    { "drc", "市发展和改革委", "Development and Reform Commission" },
    { "energy", "市能源局", "Energy Bureau" },
    { "eco_env", "市生态环境局", "Ecology and Environment Bureau" },
    { "emergency", "市应急管理局", "Emergency Management Bureau" },
    { "market", "市市场监管局", "Market Regulation Bureau" },
};

const char *po_explain_department(const char *tag, bool zh)
{
    for (size_t i = 0; tag && i < sizeof depts / sizeof depts[0]; i++)
        if (strcmp(depts[i].tag, tag) == 0)
            return zh ? depts[i].zh : depts[i].en;
    return NULL;
}

/* The criteria of the Wuhai opinion part 三, by po_criterion_name. */
static const struct {
    const char *tag, *zh;
} crits[] = {
    { "industrial_policy", "三（一）产业政策方面" },
    { "energy", "三（二）能耗方面" },
    { "production_factor", "三（三）要素方面" },
    { "environment", "三（四）环保方面" },
    { "safety", "三（五）安全生产方面" },
    { "quality", "三（六）质量方面" },
};

static const char *crit_zh(const char *tag)
{
    for (size_t i = 0; i < sizeof crits / sizeof crits[0]; i++)
        if (strcmp(crits[i].tag, tag) == 0)
            return crits[i].zh;
    return tag;
}

static const char *conf_zh(const char *c)
{
    if (strncmp(c, "low", 3) == 0)
        return "低（据此作出决定前须核实原文）";
    if (strcmp(c, "medium") == 0)
        return "中";
    if (strcmp(c, "high") == 0)
        return "高";
    return c;
}

static void add_depts(struct po_buf *zh, struct po_buf *en, const char *list)
{
    bool first = true;
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, "|");
        for (size_t i = 0; i < sizeof depts / sizeof depts[0]; i++)
            if (strlen(depts[i].tag) == len && strncmp(depts[i].tag, p, len) == 0) {
                po_buf_addf(zh, "%s%s", first ? "" : "、", depts[i].zh);
                po_buf_addf(en, "%s%s", first ? "" : ", ", depts[i].en);
                first = false;
            }
        p += len + (p[len] == '|');
    }
    po_buf_adds(zh, "（各区政府配合）\n");
    po_buf_adds(en, " (with the district governments)\n");
}

/* "doc article (issuer)" as stored (po_finding_legal_basis), with Chinese brackets round the
   issuer. */
static void add_basis_zh(struct po_buf *b, const char *lb)
{
    size_t n = strlen(lb);
    const char *open = NULL;
    for (const char *p = strstr(lb, " ("); p; p = strstr(p + 1, " ("))
        open = p;
    if (!open || n < 2 || lb[n - 1] != ')') {
        po_buf_addf(b, "法律依据：%s\n", lb);
        return;
    }
    po_buf_adds(b, "法律依据：");
    po_buf_add(b, lb, (size_t)(open - lb));
    po_buf_adds(b, "（");
    po_buf_add(b, open + 2, (size_t)(lb + n - 1 - (open + 2)));
    po_buf_adds(b, "）\n");
}

static void add_zh(struct po_buf *b, const struct po_stored_finding *f, bool caught,
                   const struct po_explain_periods *periods)
{
    int m = po_measure_parse(f->measure);
    po_buf_addf(b, "评估结论 %s（评估批次 %lld，评估基准日 %s，生成于 %s）\n", f->finding_id,
                (long long)f->run_id, f->as_of, f->created_at);
    po_buf_addf(b, "企业：%s %s\n", f->uscc, f->enterprise_name);
    if (f->equipment_id[0])
        po_buf_addf(b, "设备：%s\n", f->equipment_id);
    po_buf_addf(b, "结论：%s\n", caught ? "符合规则条件" : "无法判定（缺少数据，见下）");
    po_buf_addf(b, "规则：%s（%s 第 %lld 版，%s）\n",
                f->rule_title_zh ? f->rule_title_zh : f->rule_id, f->rule_id,
                (long long)f->rule_version, crit_zh(f->criterion));
    if (f->evidence_zh[0])
        po_buf_addf(b, "比对的数据与阈值：%s\n", f->evidence_zh);
    else
        po_buf_addf(b, "比对的数据与阈值（该批次早于中文证据，仅存英文）：%s\n", f->evidence);
    add_basis_zh(b, f->legal_basis);
    po_buf_adds(b, "措施：");
    int months = strcmp(f->criterion, "quality") == 0 ? periods->quality_rectify_months
                                                      : periods->quota_rectify_months;
    if (m < 0 || po_measure_add_zh(b, (enum po_measure)m, months) < 0)
        po_buf_adds(b, f->measure);
    po_buf_addf(b, "；措施依据：%s\n", f->measure_basis);
}

static void add_en(struct po_buf *b, const struct po_stored_finding *f, bool caught)
{
    po_buf_addf(b, "Finding %s (run %lld, as of %s, made %s)\n", f->finding_id,
                (long long)f->run_id, f->as_of, f->created_at);
    po_buf_addf(b, "Enterprise: %s %s\n", f->uscc, f->enterprise_name);
    if (f->equipment_id[0])
        po_buf_addf(b, "Unit: %s\n", f->equipment_id);
    po_buf_addf(b, "Outcome: %s\n",
                caught ? "the rule's conditions are met"
                       : "cannot decide (figures missing, see below)");
    po_buf_addf(b, "Rule: %s (%s version %lld, %s)\n", f->rule_title ? f->rule_title : f->rule_id,
                f->rule_id, (long long)f->rule_version, f->criterion);
    po_buf_addf(b, "Figures compared with the thresholds: %s\n", f->evidence);
    po_buf_addf(b, "Legal basis: %s\n", f->legal_basis);
    po_buf_addf(b, "Measure: %s; set by: %s\n", f->measure, f->measure_basis);
}

int po_explain_text(char **zh, char **en, const struct po_stored_finding *f,
                    const struct po_explain_periods *periods, struct po_arena *a,
                    struct po_err *err)
{
    struct po_buf z = PO_BUF_INIT, e = PO_BUF_INIT;
    z.arena = e.arena = a;
    bool caught = strcmp(f->status, "caught") == 0;
    bool low = strncmp(f->confidence, "low", 3) == 0;
    add_zh(&z, f, caught, periods);
    add_en(&e, f, caught);
    if (!caught && f->missing && *f->missing) {
        /* what to complete and who supplies it: the 数据待补 work list's item */
        struct po_factsources fs;
        int rc = po_factsources_load(&fs, a, err);
        if (rc < 0)
            return rc;
        char *nz = po_factsources_names(&fs, f->missing, true, a);
        char *ne = po_factsources_names(&fs, f->missing, false, a);
        char *sup = po_factsources_suppliers(&fs, f->missing, a);
        if (!nz || !ne || !sup)
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
        po_buf_addf(&z, "待补数据：%s；应由", nz);
        po_buf_addf(&e, "Data to complete: %s; to be supplied by ", ne);
        bool first = true;
        for (char *p = sup; *p;) {
            size_t len = strcspn(p, "|");
            char save = p[len];
            p[len] = '\0';
            const char *dz = po_explain_department(p, true), *de = po_explain_department(p, false);
            po_buf_addf(&z, "%s%s", first ? "" : "、", dz ? dz : p);
            po_buf_addf(&e, "%s%s", first ? "" : ", ", de ? de : p);
            first = false;
            p[len] = save;
            p += len + (save == '|');
        }
        po_buf_adds(&z, first ? "有关部门补录（数据待补，不据此立案）\n"
                              : "补录（数据待补，不据此立案）\n");
        po_buf_adds(&e, first ? "the department concerned (no case is opened on it)\n"
                              : " (no case is opened on it)\n");
    }
    po_buf_adds(&z, "责任部门：");
    po_buf_adds(&e, "Departments: ");
    add_depts(&z, &e, f->departments);
    /* the curation note of data/rules.csv is kept in the curator's words (English) */
    po_buf_addf(&z, "规则整理来源（整理者原注）：%s\n可信度：%s\n", f->source,
                conf_zh(f->confidence));
    po_buf_addf(&e, "Source of the rule: %s\nConfidence: %s\n", f->source, f->confidence);
    if (low) {
        po_buf_adds(&z, "注意：该规则可信度低，据此作出决定前须核实原文。\n");
        po_buf_adds(&e, "Note: a low-confidence rule; verify the original text before deciding.\n");
    }
    po_buf_addf(&z, "规则集：%s（SHA-256 %s）；输入数据指纹 SHA-256 %s\n", f->rules_name,
                f->rules_sha256, f->data_sha256);
    po_buf_addf(&e, "Rule set: %s (SHA-256 %s); input data fingerprint SHA-256 %s\n", f->rules_name,
                f->rules_sha256, f->data_sha256);
    if (po_buf_failed(&z) || po_buf_failed(&e))
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    if (zh)
        *zh = z.buf;
    if (en)
        *en = e.buf;
    return 0;
}
