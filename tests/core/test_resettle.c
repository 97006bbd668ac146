/*
 * test_resettle.c: the steps of the resettlement and risk-handling plans, and money in fen.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/resettle.h"

/* Every (from, to) pair: exactly the forward steps and the return from submitted. */
static void test_resettle__steps_table(void **state)
{
    (void)state;
    static const char *const want[] = { "none>draft",         "draft>submitted",
                                        "submitted>draft",    "submitted>approved",
                                        "approved>executing", "executing>done" };
    size_t ok = 0;
    for (int f = 0; f < PO_RPLAN_NSTATUS; f++)
        for (int t = 1; t < PO_RPLAN_NSTATUS; t++) {
            enum po_rplan_status from = (enum po_rplan_status)f, to = (enum po_rplan_status)t;
            struct po_err err = PO_ERR_INIT;
            enum po_rplan_approver by =
                to == PO_RPLAN_APPROVED ? PO_RAPPROVER_CONGRESS : PO_RAPPROVER_NONE;
            int rc = po_rplan_step_check(PO_RPLAN_RESETTLEMENT, from, to, by, true, &err);
            char pair[64];
            snprintf(pair, sizeof(pair), "%s>%s", po_rplan_status_name(from),
                     po_rplan_status_name(to));
            bool listed = false;
            for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
                listed = listed || strcmp(want[i], pair) == 0;
            if (listed != (rc == 0))
                fail_msg("%s: rc %d (%s)", pair, rc, err.msg);
            if (rc < 0)
                assert_non_null(strstr(err.msg_zh, "职工安置方案"));
            ok += rc == 0;
        }
    assert_int_equal(ok, 6);
}

/* Approval names who approved (congress or district) and only approval does; a document is
 * needed from submitted on. */
static void test_resettle__approval_and_documents(void **state)
{
    (void)state;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_rplan_step_check(PO_RPLAN_RISK, PO_RPLAN_SUBMITTED, PO_RPLAN_APPROVED,
                                         PO_RAPPROVER_NONE, true, &err),
                     PO_EINVAL);
    assert_non_null(strstr(err.msg_zh, "风险处置预案"));
    assert_non_null(strstr(err.msg, "congress or district"));
    po_err_clear(&err);
    assert_int_equal(po_rplan_step_check(PO_RPLAN_RISK, PO_RPLAN_SUBMITTED, PO_RPLAN_APPROVED,
                                         PO_RAPPROVER_DISTRICT, true, &err),
                     0);
    assert_int_equal(po_rplan_step_check(PO_RPLAN_RISK, PO_RPLAN_APPROVED, PO_RPLAN_EXECUTING,
                                         PO_RAPPROVER_DISTRICT, true, &err),
                     PO_EINVAL);
    po_err_clear(&err);
    assert_int_equal(po_rplan_step_check(PO_RPLAN_RESETTLEMENT, PO_RPLAN_DRAFT, PO_RPLAN_SUBMITTED,
                                         PO_RAPPROVER_NONE, false, &err),
                     PO_EINVAL);
    assert_non_null(strstr(err.msg, "document"));
    assert_int_equal(po_rplan_step_check(PO_RPLAN_RESETTLEMENT, PO_RPLAN_NONE, PO_RPLAN_DRAFT,
                                         PO_RAPPROVER_NONE, false, &err),
                     0);
    assert_false(po_rplan_is_approved(PO_RPLAN_NONE));
    assert_false(po_rplan_is_approved(PO_RPLAN_SUBMITTED));
    assert_true(po_rplan_is_approved(PO_RPLAN_APPROVED));
    assert_true(po_rplan_is_approved(PO_RPLAN_EXECUTING));
    assert_true(po_rplan_is_approved(PO_RPLAN_DONE));
}

/* Amounts are exact fen: two decimals at most, never negative, formatted back with two. */
static void test_resettle__amounts_exact(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int64_t fen;
        const char *out;
    } ok[] = { { "0", 0, "0.00" },
               { "0.01", 1, "0.01" },
               { "12345.6", 1234560, "12345.60" },
               { "1,234,567.89", 123456789, "1234567.89" },
               { "0.10", 10, "0.10" } };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        struct po_err err = PO_ERR_INIT;
        int64_t v = -1;
        char b[32];
        assert_int_equal(po_resettle_amount_parse(&v, ok[i].in, &err), 0);
        assert_int_equal(v, ok[i].fen);
        assert_string_equal(po_resettle_amount_format(b, sizeof(b), v), ok[i].out);
    }
    static const char *const bad[] = { "", "-1", "0.001", "1e3", "¥5", "abc" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct po_err err = PO_ERR_INIT;
        int64_t v = 7;
        if (po_resettle_amount_parse(&v, bad[i], &err) != PO_EINVAL)
            fail_msg("accepted \"%s\"", bad[i]);
        assert_int_equal(v, 7);
        assert_true(err.msg[0] && err.msg_zh[0]);
    }
}

static void test_resettle__names_round_trip(void **state)
{
    (void)state;
    for (int i = 0; i < PO_RO_N; i++) {
        enum po_resettle_outcome o;
        assert_int_equal(
            po_resettle_outcome_parse(&o, po_resettle_outcome_name((enum po_resettle_outcome)i)),
            0);
        assert_int_equal((int)o, i);
    }
    for (int i = 0; i < PO_WG_N; i++) {
        enum po_worker_group g;
        assert_int_equal(po_worker_group_parse(&g, po_worker_group_name((enum po_worker_group)i)),
                         0);
        assert_int_equal((int)g, i);
    }
    enum po_rplan_status s;
    assert_int_equal(po_rplan_status_parse(&s, "none"), PO_EINVAL);
    assert_int_equal(po_rplan_status_parse(&s, "executing"), 0);
    assert_int_equal(s, PO_RPLAN_EXECUTING);
    enum po_rplan_approver a;
    assert_int_equal(po_rplan_approver_parse(&a, "congress"), 0);
    assert_int_equal(a, PO_RAPPROVER_CONGRESS);
    assert_string_equal(po_rplan_kind_zh(PO_RPLAN_RESETTLEMENT), "职工安置方案");
    assert_string_equal(po_rplan_kind_zh(PO_RPLAN_RISK), "风险处置预案");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resettle__steps_table),
        cmocka_unit_test(test_resettle__approval_and_documents),
        cmocka_unit_test(test_resettle__amounts_exact),
        cmocka_unit_test(test_resettle__names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
