/*
 * test_authz.c: the whole roles × permissions matrix, the separation of the
 * three administrators (GB/T 22239-2019 level 3), district scoping, the
 * casefsm roles and the criteria of the Wuhai opinion part 三 (core/authz.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/authz.h"
#include "core/casefsm.h"

#define B(r) (1u << (r))

/*
 * One row per role, one column per permission, in enum po_perm order:
 * R read registry, I import, E run evaluation, O open case, A act on case,
 * P edit plan, U read audit, M manage users, F manage reference data,
 * C read credit lists, T run tick, P publish, H handle reports, N issue notices, G manage
 * credit records, J joint punishment; '.' = no.  Written from the policy, not from
 * authz.c.
 */
static const struct {
    enum po_urole role;
    const char *name;
    const char *perms;
} matrix[PO_UR_COUNT] = {
    { PO_UR_CITY, "city", "RIEOAP...CTPHNGJ" },
    { PO_UR_DRC, "drc", "R.EOA....C.....J" },
    { PO_UR_ENERGY, "energy", "R.EOA....C......" },
    { PO_UR_ECO_ENV, "eco_env", "R.EOA....C......" },
    { PO_UR_EMERGENCY, "emergency", "R.EOA....C.....J" },
    { PO_UR_MARKET, "market", "R.EOA....C.....J" },
    { PO_UR_GOVERNMENT, "government", "R...A..........." },
    { PO_UR_DISTRICT, "district", "RI.OAP......H..." },
    { PO_UR_AUDITOR, "auditor", "R.....U..C......" },
    { PO_UR_BANK, "bank", ".........C......" },
    { PO_UR_SYSADMIN, "sysadmin", "RI......F.T....." },
    { PO_UR_SECADMIN, "secadmin", ".......M........" },
    { PO_UR_AUDITADMIN, "auditadmin", "......U........." },
    { PO_UR_NATRES, "natres", ".........C.....J" },
    { PO_UR_FINANCE, "finance", ".........C.....J" },
    { PO_UR_TAX, "tax", ".........C.....J" },
};

static void test_authz__matrix_role_by_role(void **state)
{
    (void)state;
    static const char letters[PO_P_COUNT + 1] = "RIEOAPUMFCTPHNGJ";
    for (int i = 0; i < PO_UR_COUNT; i++) {
        assert_int_equal(matrix[i].role, i);
        assert_string_equal(po_urole_name(matrix[i].role), matrix[i].name);
        assert_int_equal(strlen(matrix[i].perms), PO_P_COUNT);
        for (int p = 0; p < PO_P_COUNT; p++) {
            bool want = matrix[i].perms[p] == letters[p];
            if (po_authz_has(B(matrix[i].role), (enum po_perm)p) != want)
                fail_msg("%s: permission %c should be %s", matrix[i].name, letters[p],
                         want ? "granted" : "refused");
        }
    }
}

static void test_authz__a_set_has_the_union(void **state)
{
    (void)state;
    unsigned bank_secadmin = B(PO_UR_BANK) | B(PO_UR_SECADMIN);
    assert_true(po_authz_has(bank_secadmin, PO_P_READ_CREDIT));
    assert_true(po_authz_has(bank_secadmin, PO_P_MANAGE_USERS));
    assert_false(po_authz_has(bank_secadmin, PO_P_READ_REGISTRY));
    for (int p = 0; p < PO_P_COUNT; p++)
        assert_false(po_authz_has(0, (enum po_perm)p));
    assert_false(po_authz_has(PO_UR_ALL, PO_P_COUNT));
    /* nobody but secadmin manages users; nobody but sysadmin manages reference data */
    for (int r = 0; r < PO_UR_COUNT; r++) {
        assert_int_equal(po_authz_has(B(r), PO_P_MANAGE_USERS), r == PO_UR_SECADMIN);
        assert_int_equal(po_authz_has(B(r), PO_P_MANAGE_REF), r == PO_UR_SYSADMIN);
    }
}

static void test_authz__names_labels_and_parse(void **state)
{
    (void)state;
    struct po_err err = PO_ERR_INIT;
    for (int r = 0; r < PO_UR_COUNT; r++) {
        enum po_urole got;
        assert_int_equal(po_urole_parse(&got, po_urole_name((enum po_urole)r), &err), 0);
        assert_int_equal(got, r);
        assert_non_null(po_urole_label_zh((enum po_urole)r));
    }
    assert_string_equal(po_urole_label_zh(PO_UR_CITY), "市工信局管理员");
    assert_string_equal(po_urole_label_zh(PO_UR_DRC), "发改委经办人");
    assert_null(po_urole_name(PO_UR_COUNT));
    enum po_urole got;
    assert_int_equal(po_urole_parse(&got, "City", &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "unknown role \"City\""));
    assert_true(err.msg_zh[0] != '\0');

    unsigned bits = 99;
    assert_int_equal(po_urole_parse_list(&bits, "city, drc,city", &err), 0);
    assert_int_equal(bits, B(PO_UR_CITY) | B(PO_UR_DRC));
    assert_int_equal(po_urole_parse_list(&bits, "", &err), 0);
    assert_int_equal(bits, 0);
    bits = 7;
    assert_int_equal(po_urole_parse_list(&bits, "city,,drc", &err), PO_EINVAL);
    assert_int_equal(po_urole_parse_list(&bits, "city,boss", &err), PO_EINVAL);
    assert_int_equal(bits, 7);

    char buf[PO_UROLE_LIST_MAX];
    assert_string_equal(po_urole_format_list(buf, sizeof(buf), B(PO_UR_MARKET) | B(PO_UR_CITY)),
                        "city,market");
    assert_string_equal(po_urole_format_list(buf, sizeof(buf), 0), "");
    po_urole_format_list(buf, sizeof(buf), PO_UR_ALL);
    assert_string_equal(buf, "city,drc,energy,eco_env,emergency,market,government,district,"
                             "auditor,bank,sysadmin,secadmin,auditadmin,natres,finance,tax");
    assert_string_equal(po_urole_format_list(buf, 8, B(PO_UR_CITY) | B(PO_UR_DRC)), "city");
}

/* 三权分立: every pair of the three administrators is refused, alone each is fine. */
static void test_authz__three_administrators_are_separate(void **state)
{
    (void)state;
    static const enum po_urole admins[] = { PO_UR_SYSADMIN, PO_UR_SECADMIN, PO_UR_AUDITADMIN };
    for (int i = 0; i < 3; i++) {
        struct po_err err = PO_ERR_INIT;
        assert_int_equal(po_authz_check_roles(B(admins[i]), NULL, &err), 0);
        assert_int_equal(po_authz_check_roles(B(admins[i]) | B(PO_UR_AUDITOR), NULL, &err), 0);
        for (int k = i + 1; k < 3; k++) {
            assert_int_equal(po_authz_check_roles(B(admins[i]) | B(admins[k]), NULL, &err),
                             PO_EINVAL);
            assert_non_null(strstr(err.msg, "separation of duties"));
            assert_non_null(strstr(err.msg_zh, "三权分立"));
        }
    }
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_authz_check_roles(PO_UR_ALL, "150302", &err), PO_EINVAL);
}

static void test_authz__district_code_rules(void **state)
{
    (void)state;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_authz_check_roles(0, NULL, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "needs a role"));
    assert_int_equal(po_authz_check_roles(B(PO_UR_DISTRICT), NULL, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "needs a district code"));
    assert_int_equal(po_authz_check_roles(B(PO_UR_DISTRICT), "", &err), PO_EINVAL);
    assert_int_equal(po_authz_check_roles(B(PO_UR_CITY), "150302", &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "only the district role"));
    assert_int_equal(po_authz_check_roles(B(PO_UR_DISTRICT), "150302", &err), 0);
    assert_int_equal(po_authz_check_roles(B(PO_UR_CITY) | B(PO_UR_DRC), "", &err), 0);
    assert_int_equal(po_authz_check_roles(1u << PO_UR_COUNT, NULL, &err), PO_EINVAL);
    for (int r = 0; r < PO_UR_COUNT; r++)
        assert_int_equal(po_authz_district_scoped(B(r)), r == PO_UR_DISTRICT);
    assert_true(po_authz_district_scoped(B(PO_UR_DISTRICT) | B(PO_UR_CITY)));
}

static void test_authz__case_roles(void **state)
{
    (void)state;
    static const struct {
        enum po_urole r;
        unsigned want;
    } rows[] = {
        { PO_UR_CITY, PO_ROLE_MIIT | PO_ROLE_CITY_ADMIN },
        { PO_UR_DRC, PO_ROLE_DRC },
        { PO_UR_ENERGY, PO_ROLE_ENERGY },
        { PO_UR_ECO_ENV, PO_ROLE_ECO_ENV },
        { PO_UR_EMERGENCY, PO_ROLE_EMERGENCY },
        { PO_UR_MARKET, PO_ROLE_MARKET },
        { PO_UR_GOVERNMENT, PO_ROLE_GOVERNMENT },
        { PO_UR_DISTRICT, PO_ROLE_DISTRICT },
        { PO_UR_AUDITOR, 0 },
        { PO_UR_BANK, 0 },
        { PO_UR_SYSADMIN, 0 },
        { PO_UR_SECADMIN, 0 },
        { PO_UR_AUDITADMIN, 0 },
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        assert_int_equal(po_authz_case_roles(B(rows[i].r)), rows[i].want);
    assert_int_equal(po_authz_case_roles(B(PO_UR_DRC) | B(PO_UR_MARKET)),
                     PO_ROLE_DRC | PO_ROLE_MARKET);
    assert_int_equal(po_authz_case_roles(0), 0);
}

/*
 * Who acts on each criterion, from the departments named after each item of
 * the Wuhai opinion part 三 (see authz.c): one string per criterion, a letter
 * per role in enum order — c city, d drc, e energy, v eco_env, m emergency,
 * k market, g government, q district, the rest never.
 */
static void test_authz__criteria_by_department(void **state)
{
    (void)state;
    static const char letters[PO_UR_COUNT + 1] = "cdevmkgqabsxynft";
    static const struct {
        const char *criterion;
        const char *who;
    } rows[] = {
        { "industrial_policy", "cde....q........" }, /* 三(一) */
        { "energy", "cd.....q........" },            /* 三(二) */
        { "energy_quota", "cd.....q........" },      /* 三(二), a case type */
        { "energy_intensity", "cd.....q........" },  /* 三(二), a case type */
        { "production_factor", "cde....q........" }, /* 三(三) */
        { "environment", "c..v..gq........" },       /* 三(四) */
        { "safety", "c...m.gq........" },            /* 三(五), Work Safety Law art. 113 */
        { "quality", "c....kgq........" },           /* 三(六) */
        { "no_such", "................" },
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        for (int r = 0; r < PO_UR_COUNT; r++) {
            bool want = rows[i].who[r] == letters[r];
            if (po_authz_acts_on_criterion(B(r), rows[i].criterion) != want)
                fail_msg("%s acting on %s should be %s", po_urole_name((enum po_urole)r),
                         rows[i].criterion, want ? "allowed" : "refused");
        }
    assert_false(po_authz_acts_on_criterion(PO_UR_ALL, NULL));
    assert_true(po_authz_acts_on_criterion(B(PO_UR_BANK) | B(PO_UR_MARKET), "quality"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_authz__matrix_role_by_role),
        cmocka_unit_test(test_authz__a_set_has_the_union),
        cmocka_unit_test(test_authz__names_labels_and_parse),
        cmocka_unit_test(test_authz__three_administrators_are_separate),
        cmocka_unit_test(test_authz__district_code_rules),
        cmocka_unit_test(test_authz__case_roles),
        cmocka_unit_test(test_authz__criteria_by_department),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
