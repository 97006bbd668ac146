/*
 * test_evaluate.c: rules against equipment, row by row at the boundaries —
 * exactly at the threshold, one unit (10^-6 and 0.01 m) either side, the
 * stamp-charged exception, the edition switch on 2024-02-01, jurisdiction,
 * missing figures ("cannot decide"), several rules at once by severity.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/evaluate.h"
#include "util/arena.h"

#define M 1000000LL

static const struct po_tag tagv[] = {
    { "chamber_height_m", PO_TAG_NUMBER, "m", NULL },
    { "stamp_charged", PO_TAG_BOOL, "", NULL },
    { "capacity_kva", PO_TAG_NUMBER, "kVA", NULL },
    { "has_downstream", PO_TAG_BOOL, "", NULL },
    { "loss_years", PO_TAG_NUMBER, "a", NULL },
    { "liabilities_exceed_assets", PO_TAG_BOOL, "", NULL },
    { "is_new_capacity", PO_TAG_BOOL, "", NULL },
};
static const struct po_tagset tags = { tagv, sizeof tagv / sizeof tagv[0] };

#define ROW(id, ver, crit, subj, scope, from, to, cat, eq, when, unless, meas, conf)               \
    {                                                                                              \
        id, ver, crit, subj, scope, from, to, cat, eq, when, unless, meas, "miit", "doc", "art",   \
            "issuer", "basis", "title", "", "source", conf                                         \
    }

/* clang-format off */
static const char *const rows[][21] = {
    ROW("IP-COKE-43", "1", "industrial_policy", "equipment", "CN", "2020-01-01", "2024-01-31",
        "eliminated", "coke_oven", "chamber_height_m<4.3", "stamp_charged=1 & chamber_height_m>=3.8",
        "shutdown_dismantle_or_seal", "medium"),
    ROW("IP-COKE-43", "2", "industrial_policy", "equipment", "CN", "2024-02-01", "",
        "eliminated", "coke_oven", "chamber_height_m<4.3", "stamp_charged=1 & chamber_height_m>=3.8",
        "shutdown_dismantle_or_seal", "low"),
    ROW("NMG-COKE-43", "1", "industrial_policy", "equipment", "15", "2021-01-01", "",
        "restricted", "coke_oven", "chamber_height_m<=4.3", "", "phase_out_plan", "high"),
    ROW("IP-CARBIDE-12500", "1", "industrial_policy", "equipment", "CN", "2020-01-01", "",
        "eliminated", "carbide_furnace", "capacity_kva<12500", "", "shutdown_dismantle_or_seal",
        "medium"),
    ROW("NMG-CARBIDE-30000", "1", "industrial_policy", "equipment", "15", "2021-01-01", "",
        "restricted", "carbide_furnace", "capacity_kva<30000", "", "phase_out_plan", "high"),
    ROW("PF-INDEP-CARBIDE", "1", "production_factor", "equipment", "1503", "2021-06-09", "",
        "", "carbide_furnace", "has_downstream=0", "", "phase_out_plan", "medium"),
    ROW("WH-NEW-31500", "1", "industrial_policy", "equipment", "1504", "2011-10-01", "",
        "restricted", "carbide_furnace", "is_new_capacity=1 & capacity_kva<31500", "",
        "differential_price_no_expansion", "medium"),
    ROW("PF-ZOMBIE", "1", "production_factor", "enterprise", "1503", "2021-06-09", "",
        "", "", "loss_years>=3 & liabilities_exceed_assets=1", "", "phase_out_plan", "low"),
};
/* clang-format on */

struct fx {
    struct po_arena *a;
    struct po_ruleset rs;
};

static int setup(void **state)
{
    static struct fx f;
    struct po_err err = PO_ERR_INIT;
    f.a = po_arena_new();
    po_ruleset_init(&f.rs, f.a);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (po_rules_add_row(&f.rs, &tags, "t.csv", i + 1, (char **)rows[i], 21, &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return -1;
        }
    *state = &f;
    return po_rules_check(&f.rs, "t.csv", &err);
}

static int teardown(void **state)
{
    po_arena_destroy(((struct fx *)*state)->a);
    return 0;
}

/* "RULE/version:C|?" per finding, in output order, space-separated. */
static void summary(char *buf, size_t n, const struct po_finding *f, size_t nf)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < nf && len < n; i++)
        len += (size_t)snprintf(buf + len, n - len, "%s%s/%d:%c", i ? " " : "", f[i].rule->id,
                                f[i].rule->version, f[i].status == PO_FIND_CAUGHT ? 'C' : '?');
}

static void run(struct fx *f, char *buf, size_t n, const struct po_eval_enterprise *e,
                struct po_date on, struct po_finding **outp)
{
    struct po_finding *out = NULL;
    size_t nf = 0, cap = 0;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_eval_enterprise(&out, &nf, &cap, &f->rs, e, on, f->a, &err), 0);
    po_eval_sort(out, nf);
    summary(buf, n, out, nf);
    if (outp)
        *outp = out;
}

/* A false condition settles the zombie rule, so the oven cases list only oven rules. */
static const struct po_eval_fact not_zombie[] = { { "loss_years", 0, NULL, NULL, NULL } };

static const struct {
    int64_t height; /* -1: missing */
    int stamp;      /* -1: missing */
    const char *district;
    struct po_date on;
    const char *want;
} coke[] = {
    { 4299999, 0, "150302", { 2023, 6, 1 }, "IP-COKE-43/1:C NMG-COKE-43/1:C" },
    { 4300000, 0, "150302", { 2023, 6, 1 }, "NMG-COKE-43/1:C" }, /* exactly 4.3 m */
    { 4300001, 0, "150302", { 2023, 6, 1 }, "" },
    { 4290000, 0, "150302", { 2023, 6, 1 }, "IP-COKE-43/1:C NMG-COKE-43/1:C" }, /* 4.29 */
    { 4310000, 0, "150302", { 2023, 6, 1 }, "" },                               /* 4.31 */
    { 4400000, 0, "150302", { 2023, 6, 1 }, "" },                /* 4.4 m: not caught */
    { 3800000, 1, "150302", { 2023, 6, 1 }, "NMG-COKE-43/1:C" }, /* stamp 3.8: excepted */
    { 3799999, 1, "150302", { 2023, 6, 1 }, "IP-COKE-43/1:C NMG-COKE-43/1:C" },
    { 3800000, 0, "150302", { 2023, 6, 1 }, "IP-COKE-43/1:C NMG-COKE-43/1:C" }, /* top-charged */
    { 4000000, -1, "150302", { 2023, 6, 1 }, "NMG-COKE-43/1:C IP-COKE-43/1:?" },
    { 5500000, -1, "150302", { 2023, 6, 1 }, "" }, /* false settles it */
    { -1, 0, "150302", { 2023, 6, 1 }, "IP-COKE-43/1:? NMG-COKE-43/1:?" },
    { 4200000, 0, "150302", { 2024, 1, 31 }, "IP-COKE-43/1:C NMG-COKE-43/1:C" },
    { 4200000, 0, "150302", { 2024, 2, 1 }, "IP-COKE-43/2:C NMG-COKE-43/1:C" },
    { 4200000, 0, "140107", { 2024, 2, 1 }, "IP-COKE-43/2:C" }, /* Shanxi: no IM rule */
    { 4200000, 0, "150302", { 2019, 12, 31 }, "" },             /* before both */
};

static void test_evaluate__coke_oven_boundaries(void **state)
{
    struct fx *f = *state;
    for (size_t i = 0; i < sizeof coke / sizeof coke[0]; i++) {
        struct po_eval_fact p[2];
        size_t np = 0;
        if (coke[i].height >= 0)
            p[np++] = (struct po_eval_fact){ "chamber_height_m", coke[i].height, NULL, NULL, NULL };
        if (coke[i].stamp >= 0)
            p[np++] = (struct po_eval_fact){ "stamp_charged", coke[i].stamp * M, NULL, NULL, NULL };
        struct po_eval_equipment eq = { "JL-1", "coke_oven", p, np, NULL };
        struct po_eval_enterprise e = { "U1", "E1", coke[i].district, not_zombie, 1, &eq, 1 };
        char got[256];
        run(f, got, sizeof got, &e, coke[i].on, NULL);
        if (strcmp(got, coke[i].want) != 0)
            fail_msg("case %zu: got \"%s\" want \"%s\"", i, got, coke[i].want);
    }
}

static void test_evaluate__evidence_and_ids(void **state)
{
    struct fx *f = *state;
    struct po_eval_fact p[] = { { "chamber_height_m", 4200000, NULL, NULL, NULL },
                                { "stamp_charged", 0, NULL, NULL, NULL } };
    struct po_eval_equipment eq = { "JL-7", "coke_oven", p, 2, NULL };
    struct po_eval_enterprise e = { "U1", "E1", "150302", not_zombie, 1, &eq, 1 };
    struct po_finding *out;
    char got[256];
    run(f, got, sizeof got, &e, (struct po_date){ 2024, 3, 1 }, &out);
    assert_string_equal(out[0].evidence, "chamber_height_m = 4.2 m (rule: < 4.3 m); exception does "
                                         "not apply: stamp_charged = 0 (not = 1); "
                                         "chamber_height_m = 4.2 m (rule: >= 3.8 m)");
    assert_true(out[0].rule->low_confidence); /* 2024 edition row is low */
    assert_string_equal(out[0].equipment_id, "JL-7");
    assert_int_equal(strlen(out[0].id), 16);
    assert_string_not_equal(out[0].id, out[1].id);
    char *lb = po_finding_legal_basis(&out[0], f->a);
    assert_string_equal(lb, "doc art (issuer)");

    struct po_eval_fact q[] = { { "chamber_height_m", 4000000, NULL, NULL, NULL } };
    eq.params = q;
    eq.nparams = 1;
    run(f, got, sizeof got, &e, (struct po_date){ 2024, 3, 1 }, &out);
    assert_string_equal(got, "NMG-COKE-43/1:C IP-COKE-43/2:?");
    assert_non_null(strstr(out[1].evidence, "cannot decide: stamp_charged not recorded"));
    assert_non_null(strstr(out[1].evidence_zh, "无法判定：stamp_charged 未记录"));
    assert_string_equal(out[1].missing, "stamp_charged"); /* the fact's own tag */
    assert_null(out[0].missing);                          /* caught: nothing waits */
}

/* A carbide plant without downstream caught by four rules: all listed, most severe first. */
static void test_evaluate__several_rules_by_severity(void **state)
{
    struct fx *f = *state;
    struct po_eval_fact p[] = { { "capacity_kva", 9000 * M, NULL, NULL, NULL } };
    struct po_eval_equipment eq[] = { { "DSL-2", "carbide_furnace", p, 1, NULL },
                                      { "DSL-1", "carbide_furnace", p, 1, NULL } };
    struct po_eval_fact ent[] = { { "has_downstream", 0, NULL, NULL, NULL },
                                  { "loss_years", 3 * M, NULL, NULL, NULL },
                                  { "liabilities_exceed_assets", M, NULL, NULL, NULL } };
    struct po_eval_enterprise e = { "U2", "E2", "150303", ent, 3, eq, 2 };
    struct po_finding *out;
    char got[512];
    run(f, got, sizeof got, &e, (struct po_date){ 2023, 12, 31 }, NULL);
    assert_string_equal(got, "IP-CARBIDE-12500/1:C IP-CARBIDE-12500/1:C NMG-CARBIDE-30000/1:C "
                             "NMG-CARBIDE-30000/1:C PF-INDEP-CARBIDE/1:C PF-INDEP-CARBIDE/1:C "
                             "PF-ZOMBIE/1:C");
    /* 12 500 kVA exactly: not below the national line, still below 30 000 */
    p[0].value_micro = 12500 * M;
    ent[1].value_micro = 2 * M; /* two loss years: not a zombie */
    e.neq = 1;
    run(f, got, sizeof got, &e, (struct po_date){ 2023, 12, 31 }, NULL);
    assert_string_equal(got, "NMG-CARBIDE-30000/1:C PF-INDEP-CARBIDE/1:C");
    /* a derived fact's note is shown with its value */
    ent[1] = (struct po_eval_fact){ "loss_years", 4 * M, "losses 2021-2024", NULL, NULL };
    run(f, got, sizeof got, &e, (struct po_date){ 2023, 12, 31 }, &out);
    assert_string_equal(out[2].evidence, "loss_years = 4 a (rule: >= 3 a) [losses 2021-2024]; "
                                         "liabilities_exceed_assets = 1 (rule: = 1)");
    ent[1].value_micro = 2 * M;
    /* known to be missing, with the reason */
    ent[1] = (struct po_eval_fact){ "loss_years", PO_EVAL_MISSING, "profit missing for 2022", NULL,
                                    NULL };
    run(f, got, sizeof got, &e, (struct po_date){ 2023, 12, 31 }, &out);
    assert_string_equal(got, "NMG-CARBIDE-30000/1:C PF-INDEP-CARBIDE/1:C PF-ZOMBIE/1:?");
    assert_string_equal(out[2].evidence, "cannot decide: loss_years (profit missing for 2022) "
                                         "not recorded; liabilities_exceed_assets = 1 (rule: = 1)");
    assert_string_equal(out[2].missing, "loss_years");
    /* the data item behind a derived fact, when the reader names it */
    ent[1].missing = "profit";
    run(f, got, sizeof got, &e, (struct po_date){ 2023, 12, 31 }, &out);
    assert_string_equal(out[2].missing, "profit");
    /* two facts missing: both data items, each once, '|'-joined */
    ent[2] = (struct po_eval_fact){ "liabilities_exceed_assets", PO_EVAL_MISSING, NULL, NULL,
                                    "assets_liabilities|profit" };
    run(f, got, sizeof got, &e, (struct po_date){ 2023, 12, 31 }, &out);
    assert_string_equal(out[2].missing, "profit|assets_liabilities");
    ent[2] = (struct po_eval_fact){ "liabilities_exceed_assets", M, NULL, NULL, NULL };
    ent[1] = (struct po_eval_fact){ "loss_years", 2 * M, NULL, NULL, NULL };
    /* economics missing: the zombie rule cannot decide */
    e.nfacts = 1;
    run(f, got, sizeof got, &e, (struct po_date){ 2023, 12, 31 }, NULL);
    assert_string_equal(got, "NMG-CARBIDE-30000/1:C PF-INDEP-CARBIDE/1:C PF-ZOMBIE/1:?");
}

/* is_new_capacity from the commissioning date against the rule's start (2011-10-01). */
static const struct {
    const char *commissioned;
    int recorded; /* -1: no is_new_capacity parameter */
    const char *want;
} newcap[] = {
    { "2011-10-01", -1, "WH-NEW-31500/1:C" },
    { "2011-09-30", -1, "" },
    { "2011-10", -1, "WH-NEW-31500/1:C" },
    { "2011-09", -1, "" },
    { "2011", -1, "WH-NEW-31500/1:?" },
    { "2012", -1, "WH-NEW-31500/1:C" },
    { "2010", -1, "" },
    { NULL, -1, "WH-NEW-31500/1:?" },
    { "20x1", -1, "WH-NEW-31500/1:?" },
    { "2005", 1, "WH-NEW-31500/1:C" },
    { "2015", 0, "" },
};

static void test_evaluate__new_capacity_by_commissioning(void **state)
{
    struct fx *f = *state;
    for (size_t i = 0; i < sizeof newcap / sizeof newcap[0]; i++) {
        struct po_eval_fact p[2] = { { "capacity_kva", 31000 * M, NULL, NULL, NULL },
                                     { "is_new_capacity", newcap[i].recorded * M, NULL, NULL,
                                       NULL } };
        struct po_eval_equipment eq = { "DSL-1", "carbide_furnace", p,
                                        newcap[i].recorded < 0 ? 1u : 2u, newcap[i].commissioned };
        struct po_eval_enterprise e = { "U3", "E3", "150402", NULL, 0, &eq, 1 };
        char got[256];
        run(f, got, sizeof got, &e, (struct po_date){ 2023, 12, 31 }, NULL);
        if (strcmp(got, newcap[i].want) != 0)
            fail_msg("case %zu: got \"%s\" want \"%s\"", i, got, newcap[i].want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evaluate__coke_oven_boundaries),
        cmocka_unit_test(test_evaluate__evidence_and_ids),
        cmocka_unit_test(test_evaluate__several_rules_by_severity),
        cmocka_unit_test(test_evaluate__new_capacity_by_commissioning),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
