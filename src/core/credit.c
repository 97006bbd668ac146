/*
 * credit.c: checks, public periods and the repair flow of credit records (credit.h).
 */
#include "core/credit.h"
#include "core/deadline.h"
#include "core/decimal.h"
#include "core/uscc.h"

#include <string.h>

int po_credit_format_parse(enum po_credit_format *out, const char *s, struct po_err *err)
{
    static const char *const names[] = { "text", "uscc", "date", "enum", "decimal" };
    for (size_t i = 0; s && i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(s, names[i])) {
            *out = (enum po_credit_format)i;
            return 0;
        }
    return po_err_set(err, PO_EINVAL, "字段格式 \"%s\" 无效（应为 text、uscc、date、enum 或 decimal）",
                      "field format \"%s\" is not text, uscc, date, enum or decimal",
                      s ? s : "");
}

/* Characters in s if it is valid UTF-8 (no overlongs, no surrogates), else (size_t)-1. */
static size_t utf8_chars(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = 0;
    while (*p) {
        unsigned c = *p, need;
        unsigned long cp;
        if (c < 0x80) {
            p++, n++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF)
            need = 1, cp = c & 0x1F;
        else if (c >= 0xE0 && c <= 0xEF)
            need = 2, cp = c & 0x0F;
        else if (c >= 0xF0 && c <= 0xF4)
            need = 3, cp = c & 0x07;
        else
            return (size_t)-1;
        p++;
        for (unsigned k = 0; k < need; k++, p++) {
            if ((*p & 0xC0) != 0x80)
                return (size_t)-1;
            cp = (cp << 6) | (*p & 0x3F);
        }
        if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return (size_t)-1;
        n++;
    }
    return n;
}

static bool in_list(const char *v, const char *list)
{
    size_t n = strlen(v);
    const char *p = list ? list : "";
    for (;;) {
        const char *bar = strchr(p, '|');
        size_t k = bar ? (size_t)(bar - p) : strlen(p);
        if (k == n && memcmp(p, v, n) == 0)
            return true;
        if (!bar)
            return false;
        p = bar + 1;
    }
}

static const char *field_problem(const struct po_credit_field *f, const char *v,
                                 const char **why_en)
{
    if (!v || !*v) {
        *why_en = "required, not recorded";
        return f->required ? "必填，未记录" : NULL;
    }
    size_t chars = utf8_chars(v);
    if (chars == (size_t)-1) {
        *why_en = "not valid UTF-8";
        return "不是有效的 UTF-8 文本";
    }
    if (f->max_len && chars > f->max_len) {
        *why_en = "longer than the standard allows";
        return "超过标准规定的长度";
    }
    struct po_date d;
    int64_t x;
    switch (f->format) {
    case PO_CF_TEXT:
        return NULL;
    case PO_CF_USCC:
        if (po_uscc_check(v, strlen(v), NULL, NULL) != PO_USCC_OK) {
            *why_en = "not a valid unified social credit code (GB 32100-2015)";
            return "不是有效的统一社会信用代码（GB 32100-2015，含校验码）";
        }
        return NULL;
    case PO_CF_DATE:
        if (po_date_parse(&d, v, strlen(v)) != 0) {
            *why_en = "not a date YYYY-MM-DD";
            return "不是 YYYY-MM-DD 格式的日期";
        }
        return NULL;
    case PO_CF_ENUM:
        if (!in_list(v, f->values)) {
            *why_en = "not one of the standard's values";
            return "不在标准规定的取值范围内";
        }
        return NULL;
    case PO_CF_DECIMAL:
        if (po_dec_parse(&x, v, strlen(v)) != PO_DEC_OK || x < 0) {
            *why_en = "not a non-negative decimal number";
            return "不是非负的十进制数";
        }
        return NULL;
    }
    *why_en = "unknown format";
    return "未知格式";
}

size_t po_credit_check(const struct po_credit_field *fields, size_t n, const char *const *values,
                       struct po_credit_problem *out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *en = NULL;
        const char *zh = field_problem(&fields[i], values[i], &en);
        if (!zh)
            continue;
        if (k < max)
            out[k] = (struct po_credit_problem){ i, zh, en };
        k++;
    }
    return k;
}

struct po_credit_period po_credit_period_of(struct po_date decided, int min_months,
                                            int max_months)
{
    struct po_credit_period p;
    p.repair_from = po_deadline_add_months(decided, min_months, NULL);
    p.public_until = po_deadline_add_months(decided, max_months, NULL);
    return p;
}

static const char *const event_names[] = { "repair_apply", "repair_approve", "repair_refuse" };

const char *po_credit_event_name(enum po_credit_event e)
{
    return (unsigned)e < 3 ? event_names[e] : NULL;
}

int po_credit_event_parse(enum po_credit_event *out, const char *s)
{
    for (int i = 0; s && i < 3; i++)
        if (!strcmp(s, event_names[i])) {
            *out = (enum po_credit_event)i;
            return 0;
        }
    return PO_EINVAL;
}

const char *po_credit_status_name(enum po_credit_status s)
{
    static const char *const n[] = { "public", "repair_requested", "withdrawn", "expired" };
    return (unsigned)s < 4 ? n[s] : NULL;
}

const char *po_credit_status_zh(enum po_credit_status s)
{
    static const char *const n[] = { "公示中", "信用修复申请中", "已修复撤下", "公示期满" };
    return (unsigned)s < 4 ? n[s] : NULL;
}

enum po_credit_status po_credit_status_at(struct po_credit_period p,
                                          const enum po_credit_event *kinds,
                                          const struct po_date *days, size_t n,
                                          struct po_date as_of, struct po_date *withdrawn_on)
{
    bool waiting = false;
    for (size_t i = 0; i < n; i++) {
        if (po_date_cmp(days[i], as_of) > 0)
            break;
        if (kinds[i] == PO_CRE_APPROVE) {
            if (withdrawn_on)
                *withdrawn_on = days[i];
            return PO_CRS_WITHDRAWN;
        }
        waiting = kinds[i] == PO_CRE_APPLY;
    }
    if (po_date_cmp(as_of, p.public_until) > 0)
        return PO_CRS_EXPIRED;
    return waiting ? PO_CRS_REPAIR_REQUESTED : PO_CRS_PUBLIC;
}

int po_credit_event_check(struct po_credit_period p, const enum po_credit_event *kinds,
                          const struct po_date *days, size_t n, enum po_credit_event e,
                          struct po_date on, struct po_err *err)
{
    if (n && po_date_cmp(on, days[n - 1]) < 0)
        return po_err_set(err, PO_EINVAL, "日期 %04d-%02d-%02d 早于上一步 %04d-%02d-%02d",
                          "the date %04d-%02d-%02d is before the previous step's %04d-%02d-%02d",
                          on.y, on.m, on.d, days[n - 1].y, days[n - 1].m, days[n - 1].d);
    enum po_credit_status s = po_credit_status_at(p, kinds, days, n, on, NULL);
    if (s == PO_CRS_WITHDRAWN)
        return po_err_set(err, PO_EINVAL, "该记录已修复撤下", "the record was already withdrawn");
    if (s == PO_CRS_EXPIRED)
        return po_err_set(err, PO_EINVAL, "该记录公示期已满（%04d-%02d-%02d），已停止公示，无需修复",
                          "the record's public period ended (%04d-%02d-%02d): nothing to repair",
                          p.public_until.y, p.public_until.m, p.public_until.d);
    if (e == PO_CRE_APPLY) {
        if (s == PO_CRS_REPAIR_REQUESTED)
            return po_err_set(err, PO_EINVAL, "已有一份信用修复申请等待审核",
                              "a repair request is already waiting");
        if (po_date_cmp(on, p.repair_from) < 0)
            return po_err_set(err, PO_EINVAL,
                              "最短公示期未满：%04d-%02d-%02d 起方可申请信用修复",
                              "the shortest public period is not over: repair may be asked for "
                              "from %04d-%02d-%02d",
                              p.repair_from.y, p.repair_from.m, p.repair_from.d);
        return 0;
    }
    if (s != PO_CRS_REPAIR_REQUESTED)
        return po_err_set(err, PO_EINVAL, "没有等待审核的信用修复申请",
                          "no repair request is waiting");
    return 0;
}
