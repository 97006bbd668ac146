/*
 * account_policy.c: dated accounting rules and their resolution for a year.
 *
 * Rules are few (a handful of rows), so lookups are linear scans; what
 * matters is that two rows of one kind in force on the same day are an
 * error, not a silent "last one wins".
 */
#include "core/account_policy.h"
#include "core/account_grow.h"
#include "core/decimal.h"
#include "util/arena.h"

#include <string.h>

static const char *const rule_names[PO_RULE_COUNT] = {
    [PO_RULE_ELECTRICITY] = "electricity_convention",
    [PO_RULE_FEEDSTOCK] = "feedstock_excluded",
    [PO_RULE_RENEWABLE] = "renewable_excluded",
    [PO_RULE_QUOTA_ELECTRICITY] = "quota_electricity_convention",
    [PO_RULE_TOTAL_WARNING] = "barometer_total_warning_pct",
};

const char *po_rule_name(enum po_rule_kind k)
{
    return (unsigned)k < PO_RULE_COUNT ? rule_names[k] : "?";
}

void po_policy_table_init(struct po_policy_table *t, struct po_arena *a)
{
    memset(t, 0, sizeof(*t));
    t->a = a;
}

static int nomem(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

/* "total", "intensity", "total|intensity" (either order). */
static int parse_scope(unsigned *out, const char *v)
{
    unsigned s = 0;
    const char *p = v;
    while (*p) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == 5 && memcmp(p, "total", 5) == 0)
            s |= PO_EXCL_TOTAL;
        else if (n == 9 && memcmp(p, "intensity", 9) == 0)
            s |= PO_EXCL_INTENSITY;
        else
            return -1;
        if (!bar)
            break;
        p = bar + 1;
    }
    *out = s;
    return s ? 0 : -1;
}

static int parse_value(struct po_policy_rule *r, const char *value, struct po_err *err)
{
    switch (r->kind) {
    case PO_RULE_QUOTA_ELECTRICITY:
        /* the standards convert at the equivalent value; nothing else is implemented */
        if (strcmp(value, "equivalent_value") == 0)
            return 0;
        break;
    case PO_RULE_ELECTRICITY:
        if (strcmp(value, "equivalent_value") == 0 || strcmp(value, "equal_value") == 0) {
            r->equal_value = value[4] == 'l'; /* "equal_value" */
            return 0;
        }
        break;
    case PO_RULE_FEEDSTOCK:
    case PO_RULE_RENEWABLE:
        if (parse_scope(&r->scope, value) == 0)
            return 0;
        break;
    case PO_RULE_TOTAL_WARNING:
        if (po_dec_parse(&r->number_micro, value, strlen(value)) == PO_DEC_OK &&
            r->number_micro > 0 && r->number_micro <= 100 * 1000000LL)
            return 0;
        break;
    case PO_RULE_COUNT:
        break;
    }
    return po_err_set(err, PO_EINVAL, "规则 %s 的取值“%s”无效", "rule %s: invalid value \"%s\"",
                      r->name, value);
}

int po_policy_add(struct po_policy_table *t, const char *name, const char *from, const char *to,
                  const char *value, const char *document, const char *desc_zh, const char *desc_en,
                  const char *source, const char *confidence, struct po_err *err)
{
    struct po_policy_rule r;
    memset(&r, 0, sizeof(r));
    r.kind = PO_RULE_COUNT;
    for (int k = 0; k < PO_RULE_COUNT; k++)
        if (strcmp(name, rule_names[k]) == 0)
            r.kind = (enum po_rule_kind)k;
    if (r.kind == PO_RULE_COUNT)
        return po_err_set(err, PO_EINVAL, "未知的核算规则“%s”", "unknown accounting rule \"%s\"",
                          name);
    r.name = rule_names[r.kind];
    if (po_date_parse(&r.from, from, strlen(from)) < 0)
        return po_err_set(err, PO_EINVAL, "规则 %s 的生效日期“%s”无效（应为 YYYY-MM-DD）",
                          "rule %s: effective_from \"%s\" is not a date (YYYY-MM-DD)", name, from);
    if (*to && po_date_parse(&r.to, to, strlen(to)) < 0)
        return po_err_set(err, PO_EINVAL, "规则 %s 的失效日期“%s”无效（应为 YYYY-MM-DD）",
                          "rule %s: effective_to \"%s\" is not a date (YYYY-MM-DD)", name, to);
    if (r.to.y && po_date_cmp(r.to, r.from) < 0)
        return po_err_set(err, PO_EINVAL, "规则 %s：失效日期 %s 早于生效日期 %s",
                          "rule %s: effective_to %s is before effective_from %s", name, to, from);
    int rc = parse_value(&r, value, err);
    if (rc < 0)
        return rc;
    if (po_acct_grow((void **)&t->rules, &t->caprules, t->nrules, sizeof(r), t->a) < 0)
        return nomem(err);
    r.value = po_arena_strdup(t->a, value);
    r.document = po_arena_strdup(t->a, document ? document : "");
    r.desc_zh = po_arena_strdup(t->a, desc_zh ? desc_zh : "");
    r.desc_en = po_arena_strdup(t->a, desc_en ? desc_en : "");
    r.source = po_arena_strdup(t->a, source ? source : "");
    r.confidence = po_arena_strdup(t->a, confidence ? confidence : "");
    if (!r.value || !r.document || !r.desc_zh || !r.desc_en || !r.source || !r.confidence)
        return nomem(err);
    t->rules[t->nrules++] = r;
    return 0;
}

int po_policy_add_equal_value(struct po_policy_table *t, int year, const char *gce_per_kwh,
                              const char *basis, const char *source, const char *confidence,
                              struct po_err *err)
{
    struct po_equal_value e;
    memset(&e, 0, sizeof(e));
    e.year = year;
    if (po_dec_parse_scaled(&e.gce_milli, gce_per_kwh, strlen(gce_per_kwh), 3) != PO_DEC_OK ||
        e.gce_milli <= 0)
        return po_err_set(err, PO_EINVAL,
                          "%d 年电力等价值“%s”无效（应为正数，至多3位小数，单位 gce/kWh）",
                          "%d: equal value \"%s\" is not a positive number of gce/kWh with at "
                          "most 3 decimals",
                          year, gce_per_kwh);
    for (size_t i = 0; i < t->neq; i++)
        if (t->eq[i].year == year)
            return po_err_set(err, PO_EINVAL, "%d 年电力等价值重复", "%d: equal value given twice",
                              year);
    if (po_acct_grow((void **)&t->eq, &t->capeq, t->neq, sizeof(e), t->a) < 0)
        return nomem(err);
    e.basis = po_arena_strdup(t->a, basis ? basis : "");
    e.source = po_arena_strdup(t->a, source ? source : "");
    e.confidence = po_arena_strdup(t->a, confidence ? confidence : "");
    if (!e.basis || !e.source || !e.confidence)
        return nomem(err);
    t->eq[t->neq++] = e;
    return 0;
}

static bool in_force(const struct po_policy_rule *r, struct po_date on)
{
    return po_date_cmp(r->from, on) <= 0 && (r->to.y == 0 || po_date_cmp(on, r->to) <= 0);
}

static bool is_low(const char *confidence)
{
    return strcmp(confidence, "low") == 0;
}

int po_policy_resolve(struct po_acct_policy *out, const struct po_policy_table *t, int year,
                      enum po_elec_choice choice, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    out->year = year;
    out->on = (struct po_date){ year, 12, 31 };
    for (size_t i = 0; i < t->nrules; i++) {
        const struct po_policy_rule *r = &t->rules[i];
        if (!in_force(r, out->on))
            continue;
        if (out->rule[r->kind])
            return po_err_set(err, PO_EINVAL, "两条 %s 规则在 %d-12-31 同时生效",
                              "two %s rules are in force on %d-12-31", r->name, year);
        out->rule[r->kind] = r;
        /* the barometer's warning band is not part of an enterprise's account */
        if (is_low(r->confidence) && r->kind != PO_RULE_TOTAL_WARNING)
            out->low_confidence = true;
    }
    const struct po_policy_rule *r = out->rule[PO_RULE_ELECTRICITY];
    out->equal_value = r && r->equal_value;
    if (choice != PO_ELEC_POLICY) {
        out->equal_value = choice == PO_ELEC_EQUAL;
        out->chosen = true;
    }
    if (out->equal_value) {
        for (size_t i = 0; i < t->neq && !out->equal; i++)
            if (t->eq[i].year == year)
                out->equal = &t->eq[i];
        if (!out->equal)
            return po_err_set(err, PO_ENOTFOUND, "没有 %d 年的电力等价值（火电供电煤耗）",
                              "no equal value of electricity (coal rate of thermal power "
                              "supply) for %d",
                              year);
        if (is_low(out->equal->confidence))
            out->low_confidence = true;
    }
    if (out->rule[PO_RULE_FEEDSTOCK])
        out->feedstock = out->rule[PO_RULE_FEEDSTOCK]->scope;
    if (out->rule[PO_RULE_RENEWABLE])
        out->renewable = out->rule[PO_RULE_RENEWABLE]->scope;
    if (out->rule[PO_RULE_TOTAL_WARNING])
        out->total_warning_pct_micro = out->rule[PO_RULE_TOTAL_WARNING]->number_micro;
    return 0;
}

const char *po_excl_scope_zh(unsigned scope)
{
    switch (scope & (PO_EXCL_TOTAL | PO_EXCL_INTENSITY)) {
    case PO_EXCL_TOTAL:
        return "总量";
    case PO_EXCL_INTENSITY:
        return "强度";
    case PO_EXCL_TOTAL | PO_EXCL_INTENSITY:
        return "总量和强度";
    }
    return "无";
}

const char *po_excl_scope_en(unsigned scope)
{
    switch (scope & (PO_EXCL_TOTAL | PO_EXCL_INTENSITY)) {
    case PO_EXCL_TOTAL:
        return "total";
    case PO_EXCL_INTENSITY:
        return "intensity";
    case PO_EXCL_TOTAL | PO_EXCL_INTENSITY:
        return "total and intensity";
    }
    return "none";
}
