/*
 * test_evalrules.c: the shipped rules (data/rules.csv as compiled in) at their boundaries, for
 * the rules whose conditions are enterprise facts of evaldb: the second stage of safety
 * (SAFETY-CLOSE after a failed suspension, SAFETY-SUSPEND before), the narrowed two-high rule
 * (PF-TWO-HIGH: two-high and in the worst 20 %), low-end basic chemicals and smelting
 * (PF-LOW-END).  Each row: the facts (absent = missing), the findings of the rules named.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/evaluate.h"
#include "refdata/rulesdata.h"
#include "util/arena.h"

#define M 1000000LL
#define ABSENT INT64_MAX

struct row {
    const char *rules; /* the rule ids looked at, space-separated */
    const char *tags[4];
    int64_t vals[4]; /* ABSENT: the fact is not given */
    const char *want;
};

/* clang-format off */
static const struct row rows[] = {
    /* 三(五): severity >= 2 suspends; a failed suspension closes and revokes instead */
    { "SAFETY-SUSPEND SAFETY-CLOSE", { "safety_severity", "safety_suspension_failed" }, { 2 * M, 0 },
      "SAFETY-SUSPEND:C" },
    { "SAFETY-SUSPEND SAFETY-CLOSE", { "safety_severity", "safety_suspension_failed" }, { 1 * M, 0 },
      "" },
    { "SAFETY-SUSPEND SAFETY-CLOSE", { "safety_severity", "safety_suspension_failed" }, { 3 * M, 0 },
      "SAFETY-SUSPEND:C" },
    { "SAFETY-SUSPEND SAFETY-CLOSE", { "safety_severity", "safety_suspension_failed" }, { 2 * M, M },
      "SAFETY-CLOSE:C" },
    { "SAFETY-SUSPEND SAFETY-CLOSE", { "safety_severity", "safety_suspension_failed" }, { 0, M },
      "SAFETY-CLOSE:C" },
    { "SAFETY-SUSPEND SAFETY-CLOSE", { "safety_severity", "safety_suspension_failed" },
      { 2 * M, ABSENT }, "SAFETY-CLOSE:? SAFETY-SUSPEND:?" },
    /* 三(三) two-high: only together with the worst 20 % */
    { "PF-TWO-HIGH", { "two_high", "intensity_worst_20pct" }, { M, M }, "PF-TWO-HIGH:C" },
    { "PF-TWO-HIGH", { "two_high", "intensity_worst_20pct" }, { M, 0 }, "" },
    { "PF-TWO-HIGH", { "two_high", "intensity_worst_20pct" }, { 0, M }, "" },
    { "PF-TWO-HIGH", { "two_high", "intensity_worst_20pct" }, { M, ABSENT }, "PF-TWO-HIGH:?" },
    { "PF-TWO-HIGH", { "two_high", "intensity_worst_20pct" }, { 0, ABSENT }, "" },
    { "PF-TWO-HIGH", { "two_high", "intensity_worst_20pct" }, { ABSENT, M }, "PF-TWO-HIGH:?" },
    /* 三(三) low-end basic chemicals and smelting: class, no downstream, worst 20 % */
    { "PF-LOW-END", { "low_end_industry", "has_downstream", "intensity_worst_20pct" }, { M, 0, M },
      "PF-LOW-END:C" },
    { "PF-LOW-END", { "low_end_industry", "has_downstream", "intensity_worst_20pct" }, { M, M, M },
      "" },
    { "PF-LOW-END", { "low_end_industry", "has_downstream", "intensity_worst_20pct" }, { 0, 0, M },
      "" },
    { "PF-LOW-END", { "low_end_industry", "has_downstream", "intensity_worst_20pct" }, { M, 0, 0 },
      "" },
    { "PF-LOW-END", { "low_end_industry", "has_downstream", "intensity_worst_20pct" },
      { M, 0, ABSENT }, "PF-LOW-END:?" },
};
/* clang-format on */

/* The findings of e on day `on` by the shipped rules, sorted; *n of them.  Live in a. */
static struct po_finding *judge(size_t *n, const struct po_rulesdata *rd,
                                const struct po_eval_enterprise *e, struct po_date on,
                                struct po_arena *a)
{
    struct po_finding *out = NULL;
    size_t cap = 0;
    struct po_err err = PO_ERR_INIT;
    *n = 0;
    assert_int_equal(po_eval_enterprise(&out, n, &cap, &rd->rs, e, on, a, &err), 0);
    po_eval_sort(out, *n);
    return out;
}

static bool named(const char *list, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = strstr(list, id); p; p = strstr(p + 1, id))
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

static void test_evalrules__boundaries(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_rulesdata rd;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_rulesdata_load(&rd, NULL, a, &err), 0);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct po_eval_fact facts[4];
        size_t nf = 0;
        for (size_t k = 0; k < 4 && rows[i].tags[k]; k++)
            if (rows[i].vals[k] != ABSENT)
                facts[nf++] =
                    (struct po_eval_fact){ rows[i].tags[k], rows[i].vals[k], NULL, NULL, NULL };
        struct po_eval_enterprise e = { "U1", "E1", "150302", facts, nf, NULL, 0 };
        size_t n;
        struct po_finding *out = judge(&n, &rd, &e, (struct po_date){ 2024, 12, 31 }, a);
        char got[256] = "";
        size_t len = 0;
        for (size_t k = 0; k < n; k++)
            if (named(rows[i].rules, out[k].rule->id))
                len +=
                    (size_t)snprintf(got + len, sizeof got - len, "%s%s:%c", len ? " " : "",
                                     out[k].rule->id, out[k].status == PO_FIND_CAUGHT ? 'C' : '?');
        if (strcmp(got, rows[i].want) != 0)
            fail_msg("row %zu: got \"%s\" want \"%s\"", i, got, rows[i].want);
    }
    po_arena_destroy(a);
}

/* PF-WASHING-SURPLUS: a washing plant is caught when the balance names it, undecided without. */
static void test_evalrules__washing_candidate(void **state)
{
    (void)state;
    static const struct {
        int64_t v;
        const char *want;
    } cases[] = { { M, "PF-WASHING-SURPLUS:C" },
                  { 0, "" },
                  { PO_EVAL_MISSING, "PF-WASHING-SURPLUS:?" } };
    struct po_arena *a = po_arena_new();
    struct po_rulesdata rd;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_rulesdata_load(&rd, NULL, a, &err), 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct po_eval_fact p = { "washing_surplus_candidate", cases[i].v, "balance", "平衡",
                                  NULL };
        struct po_eval_equipment eq = { "XM01", "coal_washing_plant", &p, 1, NULL };
        struct po_eval_enterprise e = { "U1", "E1", "150302", NULL, 0, &eq, 1 };
        size_t n;
        struct po_finding *out = judge(&n, &rd, &e, (struct po_date){ 2024, 12, 31 }, a);
        char got[128] = "";
        const struct po_finding *w = NULL;
        for (size_t k = 0; k < n; k++)
            if (strcmp(out[k].rule->id, "PF-WASHING-SURPLUS") == 0) {
                w = &out[k];
                snprintf(got, sizeof got, "%s:%c", w->rule->id,
                         w->status == PO_FIND_CAUGHT ? 'C' : '?');
            }
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got \"%s\" want \"%s\"", i, got, cases[i].want);
        if (w && cases[i].v == M)
            assert_non_null(strstr(w->evidence_zh, "洗煤能力过剩的退出候选：是（平衡）"));
    }
    po_arena_destroy(a);
}

/* The Chinese evidence: tag names, units, operators, booleans, text values, exception, missing. */
static const struct {
    const char *type, *rule;
    struct po_eval_fact p[2];
    size_t np;
    const char *want_zh;
} zh_rows[] = {
    { "coke_oven",
      "IP-COKE-43",
      { { "chamber_height_m", 4200000, NULL, NULL, NULL },
        { "stamp_charged", 0, NULL, NULL, NULL } },
      2,
      "炭化室高度 4.2 米，低于 4.3 米；例外条款不适用：捣固焦炉：否（规则要求：是）；"
      "炭化室高度 4.2 米，不低于 3.8 米" },
    { "coke_oven",
      "IP-COKE-43",
      { { "stamp_charged", 0, NULL, NULL, NULL } },
      1,
      "无法判定：炭化室高度 未记录；例外条款不适用：捣固焦炉：否（规则要求：是）" },
    { "cement_kiln",
      "IP-CEMENT-KILN",
      { { "kiln_type", 0, "shaft", NULL, NULL } },
      1,
      "窑型为立窑，属于干法中空窑或立窑或立波尔窑或湿法窑" },
    { "carbide_furnace",
      "IP-CARBIDE-12500",
      { { "capacity_kva", 9000 * M, "recorded 9 MVA, converted", "记录值 9 MVA，已换算", NULL } },
      1,
      "变压器容量 9 000 千伏安，低于 12 500 千伏安（记录值 9 MVA，已换算）" },
    /* a condition that fails reads as how the figure stands; thousands grouped from 1 000 up */
    { "coke_oven",
      "IP-COKE-43",
      { { "chamber_height_m", 3500000, NULL, NULL, NULL },
        { "stamp_charged", M, NULL, NULL, NULL } },
      2,
      "炭化室高度 3.5 米，低于 4.3 米；例外条款不适用：捣固焦炉：是；炭化室高度 3.5 米，低于 3.8 "
      "米" },
};

static void test_evalrules__chinese_evidence(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_rulesdata rd;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_rulesdata_load(&rd, NULL, a, &err), 0);
    for (size_t i = 0; i < sizeof zh_rows / sizeof zh_rows[0]; i++) {
        struct po_eval_equipment eq = { "U-1", zh_rows[i].type, zh_rows[i].p, zh_rows[i].np, NULL };
        struct po_eval_enterprise e = { "U1", "E1", "150302", NULL, 0, &eq, 1 };
        size_t n;
        struct po_finding *out = judge(&n, &rd, &e, (struct po_date){ 2024, 3, 1 }, a);
        const char *got = NULL;
        for (size_t k = 0; k < n; k++)
            if (strcmp(out[k].rule->id, zh_rows[i].rule) == 0)
                got = out[k].evidence_zh;
        if (!got || strcmp(got, zh_rows[i].want_zh) != 0)
            fail_msg("row %zu: got \"%s\"", i, got ? got : "(no finding)");
    }
    po_arena_destroy(a);
}

/* A value of c's tag that makes c hold (holds) or fail (!holds). */
static struct po_eval_fact value_for(const struct po_rule_cond *c, bool holds, struct po_arena *a)
{
    struct po_eval_fact f = { c->tag, c->num_micro, NULL, NULL, NULL };
    if (c->type == PO_TAG_TEXT) {
        const char *first = po_arena_printf(a, "%.*s", (int)strcspn(c->text, "|"), c->text);
        bool eq = c->op == PO_OP_EQ;
        f.value_text = holds == eq ? first : "not_any_listed_value";
        return f;
    }
    int64_t step = c->type == PO_TAG_BOOL ? 0 : 1;
    switch (c->op) {
    case PO_OP_LT:
        f.value_micro = holds ? c->num_micro - 1 : c->num_micro;
        break;
    case PO_OP_LE:
        f.value_micro = holds ? c->num_micro : c->num_micro + 1;
        break;
    case PO_OP_GT:
        f.value_micro = holds ? c->num_micro + 1 : c->num_micro;
        break;
    case PO_OP_GE:
        f.value_micro = holds ? c->num_micro : c->num_micro - 1;
        break;
    case PO_OP_EQ:
        f.value_micro = holds ? c->num_micro : step ? c->num_micro + 1 : M - c->num_micro;
        break;
    case PO_OP_NE:
        f.value_micro = !holds ? c->num_micro : step ? c->num_micro + 1 : M - c->num_micro;
        break;
    }
    return f;
}

static bool has_tag(const struct po_eval_fact *f, size_t n, const char *tag)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].tag, tag) == 0)
            return true;
    return false;
}

/*
 * The audit of issue 12: every rule of data/rules.csv, every fact its "when" reads.  With the
 * other conditions holding and the exception not applying, the rule catches when the fact is
 * given and cannot decide when it is not recorded — never "not caught", never caught — and the
 * finding names the fact among the data items it waits for.  (Equipment and enterprise rules
 * alike: IP-*, NMG-*, WH-*, PF-*, EN-*, ENV-*, SAFETY-*, QUALITY-*.)
 */
static void test_evalrules__every_rule_cannot_decide_without_its_fact(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_rulesdata rd;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_rulesdata_load(&rd, NULL, a, &err), 0);
    size_t audited = 0;
    unsigned criteria = 0;
    for (size_t r = 0; r < rd.rs.n; r++) {
        const struct po_rule *rule = &rd.rs.rules[r];
        for (size_t absent = 0; absent <= rule->nwhen; absent++) { /* nwhen: all given */
            struct po_eval_fact facts[16];
            size_t nf = 0;
            for (size_t j = 0; j < rule->nwhen; j++)
                if (j != absent && !has_tag(facts, nf, rule->when[j].tag))
                    facts[nf++] = value_for(&rule->when[j], true, a);
            for (size_t j = 0; j < rule->nunless; j++)
                if (!has_tag(facts, nf, rule->unless[j].tag) &&
                    (absent == rule->nwhen || strcmp(rule->unless[j].tag, rule->when[absent].tag)))
                    facts[nf++] = value_for(&rule->unless[j], false, a);
            struct po_eval_equipment eq = { "U-1", rule->equipment_type, facts, nf, NULL };
            struct po_eval_enterprise e = { "U1", "E1", "150302", facts, nf, &eq, 1 };
            if (rule->subject == PO_RSUBJ_ENTERPRISE) {
                e.eq = NULL;
                e.neq = 0;
            } else {
                e.facts = NULL;
                e.nfacts = 0;
            }
            size_t n;
            struct po_finding *out = judge(&n, &rd, &e, rule->from, a);
            const struct po_finding *got = NULL;
            for (size_t k = 0; k < n; k++)
                if (out[k].rule == rule)
                    got = &out[k];
            if (absent == rule->nwhen) {
                if (!got || got->status != PO_FIND_CAUGHT)
                    fail_msg("%s/%d: not caught with every fact given", rule->id, rule->version);
                continue;
            }
            const char *tag = rule->when[absent].tag;
            if (!got || got->status != PO_FIND_CANNOT_DECIDE)
                fail_msg("%s/%d without %s: %s, not cannot decide", rule->id, rule->version, tag,
                         got ? "caught" : "no finding");
            if (!got->missing || !strstr(got->missing, tag))
                fail_msg("%s/%d without %s: missing is \"%s\"", rule->id, rule->version, tag,
                         got->missing ? got->missing : "(null)");
            if (!strstr(got->evidence_zh, "无法判定：") || !strstr(got->evidence_zh, "未记录"))
                fail_msg("%s/%d without %s: \"%s\"", rule->id, rule->version, tag,
                         got->evidence_zh);
            audited++;
            criteria |= 1u << rule->criterion;
        }
    }
    assert_true(audited >= rd.rs.n);
    assert_int_equal(criteria, 0x3f); /* all six criteria */
    po_arena_destroy(a);
}

/* The measure of the second stage is closure with licence revocation, ranked after shutdown. */
static void test_evalrules__closure_measure(void **state)
{
    (void)state;
    assert_string_equal(po_measure_name(PO_MEAS_CLOSURE_REVOKE_LICENCE),
                        "closure_and_licence_revocation");
    assert_int_equal(po_measure_parse("closure_and_licence_revocation"),
                     PO_MEAS_CLOSURE_REVOKE_LICENCE);
    assert_true(PO_MEAS_CLOSURE_REVOKE_LICENCE < PO_MEAS_SUSPEND);
    assert_string_equal(po_rules_unit_zh("kVA"), "千伏安");
    assert_string_equal(po_rules_unit_zh("%"), "%");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evalrules__boundaries),
        cmocka_unit_test(test_evalrules__washing_candidate),
        cmocka_unit_test(test_evalrules__chinese_evidence),
        cmocka_unit_test(test_evalrules__closure_measure),
        cmocka_unit_test(test_evalrules__every_rule_cannot_decide_without_its_fact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
