/*
 * resettle.c: the plans of worker resettlement and their steps (resettle.h).
 *
 * The step rule is a table of allowed (from, to) pairs, read as sentences ("a submitted plan
 * may be approved"), not a switch, so the tests walk it pair by pair.  实施意见 四(六): 妥善做好
 * 职工安置和风险处置 — the opinion names the plans but no procedure; the approval by the
 * employees' congress follows 劳动合同法 第四十一条 (经济性裁员: 向工会或者全体职工说明情况) and
 * 国发〔2016〕6号 / 人社部发〔2016〕32号 (职工安置方案 经职工代表大会或者全体职工讨论通过).
 */
#include "core/resettle.h"
#include "core/decimal.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[PO_RPLAN_NKINDS] = { "resettlement", "risk" };
static const char *const kind_zh[PO_RPLAN_NKINDS] = { "职工安置方案", "风险处置预案" };
static const char *const status_names[PO_RPLAN_NSTATUS] = { "none",     "draft",     "submitted",
                                                            "approved", "executing", "done" };
static const char *const status_zh[PO_RPLAN_NSTATUS] = { "未记录", "草案",   "已提交",
                                                         "已批准", "执行中", "已完成" };
static const char *const approver_names[] = { NULL, "congress", "district" };
static const char *const approver_zh[] = { NULL, "职工代表大会", "区人民政府" };
static const char *const group_names[PO_WG_N] = { "contract", "dispatched", "near_retirement" };
static const char *const group_zh[PO_WG_N] = { "合同制职工", "劳务派遣人员", "临近退休人员" };
static const char *const outcome_names[PO_RO_N] = {
    "reemployed_internal",
    "reemployed_external",
    "retired_early",
    "insurance_transferred",
    "trained",
    "compensated",
};
static const char *const outcome_zh[PO_RO_N] = {
    "内部转岗安置",     "外部再就业", "提前退休（内部退养）",
    "社保关系转移接续", "转岗培训",   "经济补偿",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The steps a plan may take: forward one status at a time, or returned from submitted. */
static const struct {
    enum po_rplan_status from, to;
} steps[] = {
    { PO_RPLAN_NONE, PO_RPLAN_DRAFT },         { PO_RPLAN_DRAFT, PO_RPLAN_SUBMITTED },
    { PO_RPLAN_SUBMITTED, PO_RPLAN_DRAFT },    { PO_RPLAN_SUBMITTED, PO_RPLAN_APPROVED },
    { PO_RPLAN_APPROVED, PO_RPLAN_EXECUTING }, { PO_RPLAN_EXECUTING, PO_RPLAN_DONE },
};

static const char *name_of(const char *const *names, size_t n, int i)
{
    return i >= 0 && (size_t)i < n && names[i] ? names[i] : "?";
}

static int parse_in(const char *const *names, size_t n, size_t from, const char *s)
{
    for (size_t i = from; s && i < n; i++)
        if (names[i] && strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

bool po_rplan_is_approved(enum po_rplan_status s)
{
    return s == PO_RPLAN_APPROVED || s == PO_RPLAN_EXECUTING || s == PO_RPLAN_DONE;
}

int po_rplan_step_check(enum po_rplan_kind kind, enum po_rplan_status from, enum po_rplan_status to,
                        enum po_rplan_approver by, bool has_document, struct po_err *err)
{
    const char *zh = po_rplan_kind_zh(kind), *en = po_rplan_kind_name(kind);
    bool ok = false;
    for (size_t i = 0; i < N(steps); i++)
        ok = ok || (steps[i].from == from && steps[i].to == to);
    if (!ok)
        return po_err_set(err, PO_EINVAL, "%s当前为“%s”，不能改为“%s”%.0s%.0s%.0s",
                          "%.0s%.0s%.0sthe %s plan is %s: it cannot become %s", zh,
                          po_rplan_status_zh(from), po_rplan_status_zh(to), en,
                          po_rplan_status_name(from), po_rplan_status_name(to));
    if (to == PO_RPLAN_APPROVED && by == PO_RAPPROVER_NONE)
        return po_err_set(
            err, PO_EINVAL,
            "%s的批准须写明批准机关：职工代表大会（congress）或区人民政府（district）%.0s",
            "%.0sapproving the %s plan needs who approved it: congress or district", zh, en);
    if (to != PO_RPLAN_APPROVED && by != PO_RAPPROVER_NONE)
        return po_err_set(err, PO_EINVAL, "只有批准%s时才记录批准机关%.0s",
                          "%.0swho approved is recorded only when the %s plan is approved", zh, en);
    if (to >= PO_RPLAN_SUBMITTED && !has_document)
        return po_err_set(err, PO_EINVAL, "%s改为“%s”须附文件（文号或名称）%.0s%.0s",
                          "%.0s%.0sthe %s plan's step to %s needs its document (number or title)",
                          zh, po_rplan_status_zh(to), en, po_rplan_status_name(to));
    return 0;
}

int po_resettle_amount_parse(int64_t *out, const char *s, struct po_err *err)
{
    int64_t v = 0;
    enum po_dec_status st = po_dec_parse_scaled(&v, s ? s : "", s ? strlen(s) : 0, 2);
    if (st != PO_DEC_OK)
        return po_err_set(err, PO_EINVAL, "金额 \"%s\" 无效：%s（元，至多两位小数）%.0s",
                          "amount \"%s\" is not valid: %.0s%s (yuan, at most two decimals)",
                          s ? s : "", po_dec_reason_zh(st), po_dec_reason_en(st));
    if (v < 0)
        return po_err_set(err, PO_EINVAL, "金额 \"%s\" 不能为负", "amount \"%s\" is negative", s);
    *out = v;
    return 0;
}

const char *po_resettle_amount_format(char *buf, size_t n, int64_t fen)
{
    const char *sign = fen < 0 ? "-" : "";
    uint64_t a = fen < 0 ? (uint64_t)0 - (uint64_t)fen : (uint64_t)fen;
    snprintf(buf, n, "%s%llu.%02llu", sign, (unsigned long long)(a / 100),
             (unsigned long long)(a % 100));
    return buf;
}

const char *po_rplan_kind_name(enum po_rplan_kind k)
{
    return name_of(kind_names, N(kind_names), (int)k);
}

const char *po_rplan_kind_zh(enum po_rplan_kind k)
{
    return name_of(kind_zh, N(kind_zh), (int)k);
}

const char *po_rplan_status_name(enum po_rplan_status s)
{
    return name_of(status_names, N(status_names), (int)s);
}

const char *po_rplan_status_zh(enum po_rplan_status s)
{
    return name_of(status_zh, N(status_zh), (int)s);
}

const char *po_rplan_approver_name(enum po_rplan_approver a)
{
    return (size_t)a < N(approver_names) ? approver_names[a] : NULL;
}

const char *po_rplan_approver_zh(enum po_rplan_approver a)
{
    return (size_t)a < N(approver_zh) ? approver_zh[a] : NULL;
}

const char *po_worker_group_name(enum po_worker_group g)
{
    return name_of(group_names, N(group_names), (int)g);
}

const char *po_worker_group_zh(enum po_worker_group g)
{
    return name_of(group_zh, N(group_zh), (int)g);
}

const char *po_resettle_outcome_name(enum po_resettle_outcome o)
{
    return name_of(outcome_names, N(outcome_names), (int)o);
}

const char *po_resettle_outcome_zh(enum po_resettle_outcome o)
{
    return name_of(outcome_zh, N(outcome_zh), (int)o);
}

#define PARSER(fn, type, names, from)                                                              \
    int fn(type *out, const char *s)                                                               \
    {                                                                                              \
        int i = parse_in(names, N(names), from, s);                                                \
        if (i < 0)                                                                                 \
            return PO_EINVAL;                                                                      \
        *out = (type)i;                                                                            \
        return 0;                                                                                  \
    }

PARSER(po_rplan_kind_parse, enum po_rplan_kind, kind_names, 0)
PARSER(po_rplan_status_parse, enum po_rplan_status, status_names, 1)
PARSER(po_rplan_approver_parse, enum po_rplan_approver, approver_names, 1)
PARSER(po_worker_group_parse, enum po_worker_group, group_names, 0)
PARSER(po_resettle_outcome_parse, enum po_resettle_outcome, outcome_names, 0)
