/*
 * test_account.c: the accounting's reference data (the data/ tables compiled in)
 * and its database side — loading a year, totals for ranking, targets (the
 * import kind, the seeding) — on SQLite always and on PostgreSQL when
 * PHASEOUT_TEST_PG_DSN is set.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/units.h"
#include "app/account_db.h"
#include "report/account_out.h"
#include "refdata/account_ref.h"
#include "refdata/coefdata.h"
#include "ingest/import.h"
#include "store/store.h"
#include "store/testdb.h"
#include "store/storefix.h"
#include "util/arena.h"
#include "util/buf.h"

#define M 1000000LL
#define E15 1000000000000000LL

/* ---- reference data (no database) ---- */

/*
 * Every energy type of units.c, 1000 base units through the project's
 * default table: tce = the GB/T 2589-2020 coefficient in kgce per base
 * unit, by hand (ranges at their midpoint rounded to 4 decimals, as
 * energy_type_coefficients.csv says).
 */
static const struct {
    const char *type, *base, *tce;
} gbt2589[] = {
    { "raw_coal", "kg", "0.7143" },
    { "washed_coal", "kg", "0.9000" },
    { "middling_coal", "kg", "0.2857" },
    { "coal_slime", "kg", "0.3572" }, /* (0.2857+0.4286)/2 */
    { "coke", "kg", "0.9714" },
    { "semi_coke", "kg", "0.9714" }, /* coke stands in */
    { "crude_oil", "kg", "1.4286" },
    { "fuel_oil", "kg", "1.4286" },
    { "gasoline", "kg", "1.4714" },
    { "kerosene", "kg", "1.4714" },
    { "diesel", "kg", "1.4571" },
    { "coal_tar", "kg", "1.1429" },
    { "lpg", "kg", "1.7143" },
    { "refinery_gas", "kg", "1.5714" },
    { "crude_benzene", "kg", "1.4286" },
    { "methanol_fuel", "kg", "0.6794" },
    { "natural_gas", "m3", "1.2143" },   /* gas-field value */
    { "coke_oven_gas", "m3", "0.5929" }, /* (0.5714+0.6143)/2 */
    { "blast_furnace_gas", "m3", "0.1286" },
    { "converter_gas", "m3", "0.2714" },
    { "producer_gas", "m3", "0.1786" },
    { "water_gas", "m3", "0.3571" },
    { "coal_mine_gas", "m3", "0.5357" }, /* (0.5000+0.5714)/2 */
    { "electricity", "kWh", "0.1229" },
    { "renewable_electricity", "kWh", "0.1229" },
    { "heat", "MJ", "0.0341" }, /* 0.03412 → 4 decimals */
    { "steam", "kg", "0.1286" },
    { "standard_coal", "kgce", "1.0000" },
    { "other", "kgce", "1.0000" },
};

static void test_account__each_energy_type_with_the_default_table(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_coef_table t;
    struct po_policy_table pt;
    struct po_acct_policy pol;
    struct po_err err = PO_ERR_INIT;
    po_coef_table_init(&t, a);
    po_policy_table_init(&pt, a);
    assert_int_equal(po_coefdata_default(&t, &err), 0);
    assert_int_equal(po_policy_resolve(&pol, &pt, 2020, PO_ELEC_POLICY, &err), 0);
    size_t ntypes;
    const struct po_energy_type *types = po_energy_types(&ntypes);
    assert_int_equal(ntypes, sizeof(gbt2589) / sizeof(gbt2589[0]));
    for (size_t i = 0; i < ntypes; i++) {
        size_t k = 0;
        while (k < ntypes && strcmp(gbt2589[k].type, types[i].tag) != 0)
            k++;
        if (k == ntypes)
            fail_msg("energy type %s has no hand-computed case", types[i].tag);
        struct po_acct_record r = { 0,        gbt2589[k].type, gbt2589[k].base,
                                    1000 * M, PO_PURPOSE_FUEL, "",
                                    false };
        struct po_acct_input in = { 2020, &r, 1, NULL, 0, false, 0 };
        struct po_acct_ctx ctx = { &t, &pol, NULL };
        struct po_acct_result res;
        assert_int_equal(po_account_enterprise(&res, &in, &ctx, a, &err), 0);
        char buf[48];
        po_acct_fmt(buf, sizeof(buf), po_acct_round_tce_e4(res.total_e15), 4);
        if (res.nunknown || strcmp(buf, gbt2589[k].tce) != 0)
            fail_msg("%s: %s tce per 1000 %s, want %s", gbt2589[k].type, buf, gbt2589[k].base,
                     gbt2589[k].tce);
    }
    po_arena_destroy(a);
}

/* The data files load, and every mapping points at rows that exist. */
static void test_account__reference_tables_are_consistent(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_acct_refs refs;
    struct po_err err = PO_ERR_INIT;
    if (po_account_refs_load(&refs, 2024, a, &err) < 0)
        fail_msg("%s", err.msg);
    /* each product mapping finds its standard in some year up to 2030, its benchmark if named */
    for (size_t i = 0; i < refs.quota.nmap; i++) {
        const struct po_product_quota *m = &refs.quota.map[i];
        if (!po_quota_std_for(&refs.quota, m, 2030))
            fail_msg("product_quotas.csv: %s / %s matches no quota row", m->product,
                     m->quota_indicator);
        if (*m->bench_product && !po_quota_bench_for(&refs.quota, m, 2030))
            fail_msg("product_quotas.csv: %s: benchmark \"%s\" matches no row", m->product,
                     m->bench_product);
    }
    /* the policy resolves for every year of interest; 803号 from 2021 */
    for (int y = 2015; y <= 2030; y++) {
        struct po_acct_policy p;
        if (po_policy_resolve(&p, &refs.policy, y, PO_ELEC_POLICY, &err) < 0)
            fail_msg("%d: %s", y, err.msg);
        assert_int_equal(p.feedstock != 0, y >= 2021);
        assert_false(p.equal_value);
        assert_int_equal(p.total_warning_pct_micro, 95 * M);
        if (y >= 2016 && y <= 2025)
            assert_int_equal(po_policy_resolve(&p, &refs.policy, y, PO_ELEC_EQUAL, &err), 0);
    }
    /* CO2: the demo's energy types all have a factor; electricity the year's grid factor */
    static const char *const demo_types[] = { "raw_coal",      "coke",        "semi_coke",
                                              "coke_oven_gas", "natural_gas", "diesel" };
    for (size_t i = 0; i < sizeof(demo_types) / sizeof(demo_types[0]); i++) {
        enum po_dim dim = strstr(demo_types[i], "gas") ? PO_DIM_VOLUME : PO_DIM_MASS;
        if (!po_co2_find(&refs.co2, demo_types[i], dim))
            fail_msg("no CO2 factor for %s", demo_types[i]);
    }
    const struct po_co2_factor *g = po_co2_find(&refs.co2, "electricity", PO_DIM_ELECTRICITY);
    assert_non_null(g);
    assert_int_equal(g->kg_e10, 5366000000LL); /* 0.5366 kg/kWh */
    assert_string_equal(g->confidence, "low"); /* 2024: the 2022 factor carried forward */
    /* raw coal: 20908 kJ/kg × 94600 kg/TJ */
    assert_int_equal(po_co2_find(&refs.co2, "raw_coal", PO_DIM_MASS)->kg_e10, 19778968000LL);
    /* steam by mass: 3763 kJ/kg × 0.11 t/GJ */
    assert_int_equal(po_co2_find(&refs.co2, "steam", PO_DIM_MASS)->kg_e10, 4139300000LL);
    struct po_co2_table old;
    po_co2_table_init(&old, 2019, a);
    assert_int_equal(po_account_co2_load(&old, &err), 0);
    assert_null(po_co2_find(&old, "electricity", PO_DIM_ELECTRICITY)); /* no factor for 2019 */
    struct po_target *t;
    size_t nt;
    assert_int_equal(po_account_targets_default(&t, &nt, a, &err), 0);
    assert_true(nt >= 4);
    assert_non_null(strstr(t[0].note, "DEMO"));
    po_arena_destroy(a);
}

/* ---- the database side ---- */

struct fixture {
    const char *backend;
    char dsn[512];
    struct po_store *st;
    struct po_arena *a;
};

static char g_dir[256];

static int import_body(struct fixture *fx, const char *kind, const char *body,
                       struct po_import_result *res)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/%s.csv", g_dir, kind);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(body, f);
    fclose(f);
    struct po_err err = PO_ERR_INIT;
    struct po_import_opts o = PO_IMPORT_OPTS_INIT;
    o.kind = kind;
    return po_import_file(res, fx->st, path, &o, fx->a, &err);
}

static void ok(struct fixture *fx, const char *kind, const char *body)
{
    struct po_import_result res;
    if (import_body(fx, kind, body, &res) < 0) {
        for (size_t i = 0; i < res.ndiags && i < PO_IMPORT_MAX_DIAGS; i++)
            fprintf(stderr, "  row %zu %s: %s\n", res.diags[i].row,
                    res.diags[i].column ? res.diags[i].column : "", res.diags[i].reason_en);
        fail_msg("%s: import of %s failed", fx->backend, kind);
    }
}

/* Two valid codes from gen.py, a third from the demo's construction. */
#define U1 "911401073363319035"
#define U2 "91140107209379170F"

static void registry(struct fixture *fx)
{
    ok(fx, "districts",
       "code,name,parent_code\n150000,内蒙古自治区,\n150300,乌海市,150000\n"
       "150302,海勃湾区,150300\n150303,海南区,150300\n150302P01,千里山工业园区,150302\n");
    ok(fx, "industries", "code,name\n2521,炼焦\n2619,其他基础化学原料制造\n");
    ok(fx, "enterprises",
       "uscc,name,district_code,industry_code\n" U2 ",乙电石,150303,2619\n" U1
       ",甲焦化,150302,2521\n");
    ok(fx, "energy",
       "uscc,year,month,energy_type,quantity,unit,purpose,product,source\n" U1
       ",2024,,washed_coal,1000,t,feedstock,,\n" U1 ",2024,1,coke_oven_gas,10,10^4m3,fuel,,\n" U1
       ",2024,1,electricity,1,10^4kWh,fuel,,\n" U1 ",2024,1,electricity,9999,kWh,fuel,,metered\n" U1
       ",2024,2,绿电,100,MWh,fuel,,\n" U2
       ",2024,3,electricity,320,10^4kWh,fuel,calcium_carbide,\n" U2
       ",2024,3,standard_coal,200,tce,fuel,calcium_carbide,\n" U2
       ",2023,3,standard_coal,150,tce,fuel,,\n");
    ok(fx, "output", "uscc,year,product,quantity_t\n" U2 ",2024,calcium_carbide,1000\n");
    ok(fx, "economics",
       "uscc,year,value_added_10k_yuan\n" U1 ",2024,100\n" U2 ",2024,\n" U2 ",2023,-3\n");
}

static void test_account__load_year_and_totals(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    registry(fx);
    struct po_acct_year y;
    assert_int_equal(po_account_db_load(&y, fx->st, 2024, fx->a, &err), 0);
    assert_int_equal(y.n, 2);
    assert_string_equal(y.ents[0].uscc, U2); /* "9114010720…" < "9114010733…" */
    assert_string_equal(y.ents[1].uscc, U1);
    assert_int_equal(y.ents[1].in.nrec, 5);
    assert_int_equal(y.ents[1].in.rec[0].month, 0); /* sorted: the whole-year row first */
    assert_int_equal(y.ents[1].in.rec[0].purpose, PO_PURPOSE_FEEDSTOCK);
    assert_false(y.ents[0].in.has_value_added); /* an empty cell is missing */
    assert_int_equal(y.ents[0].in.nout, 1);
    /* totals: default table, 2024 policy (feedstock and green power excluded) */
    struct po_acct_refs refs;
    struct po_acct_policy pol;
    assert_int_equal(po_account_refs_load(&refs, 2024, fx->a, &err), 0);
    assert_int_equal(po_policy_resolve(&pol, &refs.policy, 2024, PO_ELEC_POLICY, &err), 0);
    struct po_acct_total *t;
    size_t n;
    assert_int_equal(po_account_db_totals(&t, &n, fx->st, 2024, &refs.coef, &pol, fx->a, &err), 0);
    assert_int_equal(n, 2);
    /*
     * U1: washed coal 1000 t × 0.9 = 900 (feedstock, excluded); coke-oven gas 10^5 m3 × 0.5929
     * kgce = 59.29; electricity 10^4 kWh = 1.229 (the metered 9999 kWh set aside); green power
     * 100 MWh = 12.29 (excluded) → gross 972.809, total 60.519
     */
    assert_true(t[1].gross_e15 == (po_acct_i128)972809 * (E15 / 1000));
    assert_true(t[1].total_e15 == (po_acct_i128)60519 * (E15 / 1000));
    assert_true(t[1].intensity_e15 == t[1].total_e15);
    assert_true(t[1].has_energy && t[1].has_value_added);
    assert_int_equal(t[1].value_added_micro, 100 * M);
    /* U2: 3.2e6 kWh × 0.1229 kgce = 393.28 + 200 = 593.28 tce */
    assert_true(t[0].total_e15 == (po_acct_i128)59328 * (E15 / 100));
    /* a year without records: every enterprise is there, without energy */
    assert_int_equal(po_account_db_totals(&t, &n, fx->st, 2022, &refs.coef, &pol, fx->a, &err), 0);
    assert_int_equal(n, 2);
    assert_false(t[0].has_energy);
    /* a user's table without electricity in kWh: those records are reported, not counted */
    struct po_coef_table user;
    po_coef_table_init(&user, fx->a);
    assert_int_equal(po_coef_set(&user, "electricity", "10^4kWh", 1229000000, "u", "", &err), 0);
    assert_int_equal(po_account_db_totals(&t, &n, fx->st, 2024, &user, &pol, fx->a, &err), 0);
    assert_int_equal(t[1].nunknown, 3); /* washed coal, gas, green power */
    /* the run: quota and JSON */
    struct po_acct_run run;
    assert_int_equal(po_account_run(&run, &y, &refs, &pol, fx->a, &err), 0);
    assert_int_equal(run.e[0].quota.nres, 2);
    assert_int_equal(run.e[0].quota.res[1].value_e2, 320000); /* 3200.00 kWh/t */
    assert_int_equal(run.e[0].quota.res[1].verdict, PO_QV_MEETS_LIMIT);
    char path[600];
    snprintf(path, sizeof(path), "%s/a.json", g_dir);
    FILE *f = fopen(path, "w");
    assert_int_equal(po_account_write_json(f, &run, &err), 0);
    fclose(f);
    struct po_buf b = PO_BUF_INIT;
    po_account_explain(&b, &run, &run.e[1], PO_LANG_BOTH);
    assert_false(po_buf_failed(&b));
    assert_non_null(strstr(b.buf, "发改环资〔2022〕803号"));
    assert_non_null(strstr(b.buf, "a reported figure covers the same period"));
    assert_non_null(strstr(b.buf, "60.5190 tce"));
    po_buf_release(&b);
}

static void test_account__targets_import_and_seed(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    registry(fx);
    /* seeding: only the defaults whose district is registered (150304 is not) */
    size_t seeded;
    assert_int_equal(po_account_db_seed_targets(&seeded, fx->st, fx->a, &err), 0);
    assert_int_equal(seeded, 6);
    assert_int_equal(po_account_db_seed_targets(&seeded, fx->st, fx->a, &err), 0);
    assert_int_equal(seeded, 0); /* never twice */
    /* the import kind edits them: a changed cap, a new carbon cap */
    ok(fx, "targets",
       "district_code,year,base_year,能耗强度累计降低目标(%),energy_cap_tce,co2_cap_t,note\n"
       "150300,2025,2023,6.5,21000000,56000000,edited\n");
    struct po_target *t;
    size_t n;
    assert_int_equal(po_account_db_targets(&t, &n, fx->st, fx->a, &err), 0);
    assert_int_equal(n, 6);
    assert_string_equal(t[1].district_code, "150300");
    assert_int_equal(t[1].year, 2025);
    assert_int_equal(t[1].intensity_pct.micro, 6500000);
    assert_true(t[1].co2_cap_t.set);
    assert_int_equal(t[1].co2_cap_t.micro, 56000000 * M);
    assert_string_equal(t[1].note, "edited");
    int64_t revs = -1;
    assert_int_equal(po_store_query_int(&revs, fx->st,
                                        "SELECT count(*) FROM revision WHERE table_name = "
                                        "'dual_control_target'",
                                        NULL, 0, &err),
                     0);
    assert_int_equal(revs, 1);
    /* a park, an unknown district, a base year after the year: refused, nothing written */
    struct po_import_result res;
    assert_int_equal(import_body(fx, "targets",
                                 "district_code,year,base_year\n150302P01,2025,2023\n"
                                 "159999,2025,2023\n150302,2025,2026\n",
                                 &res),
                     PO_EINVAL);
    assert_int_equal(res.ndiags, 3);
    assert_non_null(strstr(res.diags[0].reason_en, "not a park"));
    assert_non_null(strstr(res.diags[1].reason_en, "not registered"));
    assert_non_null(strstr(res.diags[2].reason_en, "before year"));
    struct po_district *d;
    assert_int_equal(po_account_db_districts(&d, &n, fx->st, fx->a, &err), 0);
    assert_int_equal(n, 5);
    assert_null(d[0].parent);
}

static int setup(void **state)
{
    struct fixture *fx = *state;
    return storefix_open_arena(&fx->st, &fx->a, fx->dsn, sizeof(fx->dsn), fx->backend, g_dir,
                               "acct");
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    storefix_close(&fx->st, &fx->a);
    return 0;
}

int main(void)
{
    if (testdb_tmpdir(g_dir, sizeof(g_dir)) < 0)
        return 1;
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_account__each_energy_type_with_the_default_table),
        cmocka_unit_test(test_account__reference_tables_are_consistent),
    };
    int failed = cmocka_run_group_tests_name("reference", pure, NULL, NULL);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_account__load_year_and_totals),
        cmocka_unit_test(test_account__targets_import_and_seed),
    };
    struct fixture sq = { "sqlite", "", NULL, NULL }, pg = { "pg", "", NULL, NULL };
    failed += storefix_run_both(tests, sizeof(tests) / sizeof(tests[0]), setup, teardown, &sq, &pg);
    testdb_rmdir(g_dir);
    return testdb_exit_status(failed);
}
