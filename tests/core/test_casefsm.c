/*
 * test_casefsm.c: the case lifecycles, row by row and over every (type, state, event).
 *
 * Deadlines use the real calendar (data/cn_holidays.csv); the dates are
 * checked by hand against it, and the comments name the holidays.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/casefsm.h"
#include "core/calfix.h"

#define D(y, m, d) ((struct po_date){ y, m, d })
#define ALL_ROLES 0x3ffu

/* the shipped periods of data/city_params.csv (三(二), 三(六)); the exit years are the test's */
static const struct po_casefsm_params params = { .intensity_exit_years = 2,
                                                 .quota_rectify_months = 6,
                                                 .quota_extension_max_months = 3,
                                                 .quality_rectify_months = 6 };

/* An event that satisfies every field, document and checklist requirement. */
static struct po_case_event full_event(enum po_case_event_kind kind, enum po_role role,
                                       struct po_date on)
{
    struct po_case_event ev = {
        .kind = kind,
        .role = role,
        .on = on,
        .fields = ~0u,
        .documents = ~0u,
        .checklist = PO_SEAL_ALL,
        .months = 3,
        .limit_level_pct = 50,
        .years_worst = 5,
        .reason = "reason",
        .resettlement_plan = PO_RPLAN_APPROVED,
    };
    return ev;
}

/* A case in state `s` with a running 6-month period from 2024-01-02 (ends Tue 2024-07-02)
 * and a pending 3-month extension request. */
static struct po_case case_in(enum po_case_type type, enum po_case_state s)
{
    struct po_case c;
    struct po_err err = PO_ERR_INIT;
    po_casefsm_init(&c, type);
    c.state = s;
    assert_int_equal(po_deadline_period(&c.period, &cal, D(2024, 1, 2), PO_PERIOD_MONTHS, 6, &err),
                     0);
    c.has_deadline = true;
    c.deadline = c.period.last;
    c.deadline_alt = c.period.alt_last;
    c.requested_months = 3;
    return c;
}

static unsigned first_role(unsigned roles)
{
    for (unsigned b = 1; b <= 0x200u; b <<= 1)
        if (roles & b)
            return b;
    return 0;
}

/* Every (type, state, event) that has no row is refused, whatever the role; the case is
 * left as it was. */
static void test_casefsm__illegal_transitions_refused(void **state)
{
    (void)state;
    size_t refused = 0;
    for (int t = 0; t < PO_CASE_NTYPES; t++)
        for (int s = 0; s < PO_CS_NSTATES; s++)
            for (int e = 0; e < PO_EV_NKINDS; e++) {
                if (po_casefsm_find((enum po_case_type)t, (enum po_case_state)s,
                                    (enum po_case_event_kind)e))
                    continue;
                struct po_case c = case_in((enum po_case_type)t, (enum po_case_state)s);
                struct po_case before = c;
                struct po_case_event ev =
                    full_event((enum po_case_event_kind)e, PO_ROLE_GOVERNMENT, D(2024, 9, 2));
                struct po_err err = PO_ERR_INIT;
                int rc = po_casefsm_apply(&c, NULL, &params, &cal, &ev, &err);
                if (rc != PO_EINVAL)
                    fail_msg("%s/%s/%s: rc %d", po_casefsm_type_name((enum po_case_type)t),
                             po_casefsm_state_name((enum po_case_state)s),
                             po_casefsm_event_name((enum po_case_event_kind)e), rc);
                assert_int_equal(c.state, before.state);
                assert_int_equal(c.extensions, before.extensions);
                assert_int_equal(po_date_cmp(c.deadline, before.deadline), 0);
                assert_true(err.msg[0] && err.msg_zh[0]);
                refused++;
            }
    size_t n;
    po_casefsm_table(&n);
    assert_int_equal(refused + n, (size_t)PO_CASE_NTYPES * PO_CS_NSTATES * PO_EV_NKINDS);
}

/* Every row is taken with complete input by a role it names, and refused (PO_EPERM) for
 * every role it does not name. */
static void test_casefsm__every_row_and_its_roles(void **state)
{
    (void)state;
    size_t n;
    const struct po_case_transition *tab = po_casefsm_table(&n);
    for (size_t i = 0; i < n; i++) {
        const struct po_case_transition *t = &tab[i];
        assert_ptr_equal(po_casefsm_find(t->type, t->from, t->event), t); /* no duplicate */
        assert_non_null(t->basis);
        for (unsigned r = 1; r <= 0x200u; r <<= 1) {
            struct po_case c = case_in(t->type, t->from);
            struct po_case_event ev = full_event(t->event, (enum po_role)r, D(2024, 9, 2));
            struct po_err err = PO_ERR_INIT;
            const struct po_case_transition *taken = NULL;
            int rc = po_casefsm_apply(&c, &taken, &params, &cal, &ev, &err);
            if (!(t->roles & r)) {
                if (rc != PO_EPERM)
                    fail_msg("row %zu role %s: rc %d, want PO_EPERM", i,
                             po_casefsm_role_name((enum po_role)r), rc);
                continue;
            }
            if (rc != 0)
                fail_msg("row %zu (%s/%s/%s): %s", i, po_casefsm_type_name(t->type),
                         po_casefsm_state_name(t->from), po_casefsm_event_name(t->event), err.msg);
            assert_ptr_equal(taken, t);
            assert_int_equal(c.state, t->to);
        }
    }
}

/* A missing field or document is refused, naming it. */
static void test_casefsm__missing_input_refused(void **state)
{
    (void)state;
    size_t n;
    const struct po_case_transition *tab = po_casefsm_table(&n);
    for (size_t i = 0; i < n; i++) {
        const struct po_case_transition *t = &tab[i];
        unsigned role = first_role(t->roles);
        for (unsigned b = 1; b <= 0x200u; b <<= 1) {
            for (int which = 0; which < 2; which++) {
                if (!((which ? t->documents : t->fields) & b))
                    continue;
                struct po_case c = case_in(t->type, t->from);
                struct po_case_event ev = full_event(t->event, (enum po_role)role, D(2024, 9, 2));
                if (which)
                    ev.documents &= ~b;
                else
                    ev.fields &= ~b;
                struct po_err err = PO_ERR_INIT;
                if (po_casefsm_apply(&c, NULL, &params, &cal, &ev, &err) != PO_EINVAL)
                    fail_msg("row %zu accepted without %s bit %u", i, which ? "doc" : "field", b);
                assert_int_equal(c.state, t->from);
            }
        }
    }
}

static int apply(struct po_case *c, enum po_case_event_kind k, enum po_role role, struct po_date on,
                 int months, struct po_err *err)
{
    struct po_case_event ev = full_event(k, role, on);
    ev.months = months;
    return po_casefsm_apply(c, NULL, &params, &cal, &ev, err);
}

/*
 * Energy quota, 三(二): served 2024-07-01, 6 months -> 2025-01-01 (元旦, 国办发明电〔2024〕12号)
 * -> Thu 2025-01-02 (Civil Code arts. 202, 203).  A 3-month extension: from the nominal
 * 2025-01-01 -> Tue 2025-04-01 (before 清明 04-04..04-06); from the moved day -> 04-02;
 * combined 9 months from 2024-07-01 -> 04-01.  The earlier, 04-01, is the deadline; the tick
 * may call it overdue only after the later reading, 04-02.
 */
static void test_casefsm__energy_quota_extension_once(void **state)
{
    (void)state;
    struct po_case c;
    struct po_err err = PO_ERR_INIT;
    po_casefsm_init(&c, PO_CASE_ENERGY_QUOTA);
    assert_int_equal(apply(&c, PO_EV_ORDER_RECTIFICATION, PO_ROLE_MIIT, D(2024, 7, 1), 0, &err), 0);
    assert_int_equal(po_date_cmp(c.deadline, D(2025, 1, 2)), 0);
    /* an extension over 3 months is refused at the request */
    assert_int_equal(apply(&c, PO_EV_REQUEST_EXTENSION, PO_ROLE_DISTRICT, D(2024, 12, 2), 4, &err),
                     PO_EINVAL);
    assert_non_null(strstr(err.msg, "4 months"));
    assert_int_equal(c.state, PO_CS_RECTIFYING);
    assert_int_equal(apply(&c, PO_EV_REQUEST_EXTENSION, PO_ROLE_DISTRICT, D(2024, 12, 2), 3, &err),
                     0);
    assert_int_equal(apply(&c, PO_EV_APPROVE_EXTENSION, PO_ROLE_DRC, D(2024, 12, 9), 0, &err), 0);
    assert_int_equal(c.state, PO_CS_RECTIFYING);
    assert_int_equal(c.extensions, 1);
    assert_int_equal(po_date_cmp(c.deadline, D(2025, 4, 1)), 0);
    assert_int_equal(po_date_cmp(c.deadline_alt, D(2025, 4, 2)), 0);
    /* a second extension is refused */
    err = (struct po_err)PO_ERR_INIT;
    assert_int_equal(apply(&c, PO_EV_REQUEST_EXTENSION, PO_ROLE_DISTRICT, D(2025, 3, 3), 1, &err),
                     PO_EINVAL);
    assert_non_null(strstr(err.msg, "only once"));
    /* overdue: not on the later reading's day, only after it */
    assert_int_equal(apply(&c, PO_EV_OVERDUE, PO_ROLE_SYSTEM, D(2025, 4, 2), 0, &err), PO_EINVAL);
    assert_int_equal(apply(&c, PO_EV_OVERDUE, PO_ROLE_SYSTEM, D(2025, 4, 3), 0, &err), 0);
    assert_int_equal(c.state, PO_CS_FAILED);
    assert_false(c.has_deadline);
    assert_int_equal(apply(&c, PO_EV_ORDER_EXIT, PO_ROLE_MIIT, D(2025, 4, 7), 0, &err), 0);
    assert_int_equal(c.enterprise, PO_ENT_SUSPENDED);
    assert_int_equal(apply(&c, PO_EV_CONFIRM_EXIT, PO_ROLE_MIIT, D(2025, 6, 3), 0, &err), 0);
    assert_int_equal(c.state, PO_CS_EXITED);
    assert_string_equal(po_casefsm_enterprise_name(c.enterprise), "exited");
}

/* An approval when an extension was already granted is refused too (guard on approve). */
static void test_casefsm__second_extension_refused_at_approval(void **state)
{
    (void)state;
    struct po_case c = case_in(PO_CASE_ENERGY_QUOTA, PO_CS_EXTENSION_REQUESTED);
    struct po_err err = PO_ERR_INIT;
    c.extensions = 1;
    assert_int_equal(apply(&c, PO_EV_APPROVE_EXTENSION, PO_ROLE_DRC, D(2024, 3, 1), 0, &err),
                     PO_EINVAL);
    c.extensions = 0;
    c.requested_months = 6;
    assert_int_equal(apply(&c, PO_EV_APPROVE_EXTENSION, PO_ROLE_DRC, D(2024, 3, 1), 0, &err),
                     PO_EINVAL);
    assert_int_equal(c.state, PO_CS_EXTENSION_REQUESTED);
}

/* guard_now: what a list of next steps may offer before the user fills the form — it agrees
 * with apply() on the guards that depend on the case alone, and passes the others. */
static void test_casefsm__guard_now_agrees_with_apply(void **state)
{
    (void)state;
    struct po_err err = PO_ERR_INIT;
    /* the 6-month period from 2024-01-02 ends Tue 2024-07-02 (case_in) */
    struct po_case c = case_in(PO_CASE_ENERGY_QUOTA, PO_CS_RECTIFYING);
    const struct po_case_transition *over =
        po_casefsm_find(PO_CASE_ENERGY_QUOTA, PO_CS_RECTIFYING, PO_EV_OVERDUE);
    const struct po_case_transition *ask =
        po_casefsm_find(PO_CASE_ENERGY_QUOTA, PO_CS_RECTIFYING, PO_EV_REQUEST_EXTENSION);
    assert_int_equal(po_casefsm_guard_now(&c, over, D(2024, 7, 2), &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "has not passed"));
    assert_int_equal(po_casefsm_guard_now(&c, over, D(2024, 7, 3), &err), 0);
    struct po_case d = c;
    assert_int_equal(apply(&d, PO_EV_OVERDUE, PO_ROLE_SYSTEM, D(2024, 7, 3), 0, &err), 0);
    /* a provisional deadline is never overdue */
    c.deadline_provisional = true;
    c.uncovered_year = 2031;
    assert_int_equal(po_casefsm_guard_now(&c, over, D(2031, 12, 31), &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "provisional"));
    c.deadline_provisional = false;
    /* one extension only: offered before it, not after */
    assert_int_equal(po_casefsm_guard_now(&c, ask, D(2024, 3, 1), &err), 0);
    c.extensions = 1;
    assert_int_equal(po_casefsm_guard_now(&c, ask, D(2024, 3, 1), &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "only once"));
    /* guards on the event's own input are the form's: sealing is offered with nothing done */
    struct po_case p = case_in(PO_CASE_INDUSTRIAL_POLICY, PO_CS_SHUTDOWN_ORDERED);
    const struct po_case_transition *seal =
        po_casefsm_find(PO_CASE_INDUSTRIAL_POLICY, PO_CS_SHUTDOWN_ORDERED, PO_EV_SEAL);
    assert_int_equal(po_casefsm_guard_now(&p, seal, D(2024, 3, 1), &err), 0);
}

/* A finding's criterion and measure propose the lifecycle that starts with its measure. */
static void test_casefsm__type_for_finding(void **state)
{
    (void)state;
    static const struct {
        const char *criterion, *measure;
        int rc;
        enum po_case_type type;
    } rows[] = {
        /* EN-QUOTA-LIMIT: rectify within 6 months (三(二)) */
        { "energy", "rectify_6_months", 0, PO_CASE_ENERGY_QUOTA },
        /* EN-BASELINE: renovate within the deadline, then exit */
        { "energy", "phase_out_plan", 0, PO_CASE_ENERGY_QUOTA },
        /* EN-INTENSITY-20: factor supply control first */
        { "energy", "factor_supply_control", 0, PO_CASE_ENERGY_INTENSITY },
        /* PF-TWO-HIGH: the same first step */
        { "production_factor", "factor_supply_control", 0, PO_CASE_ENERGY_INTENSITY },
        /* PF-INDEP-LIME, PF-INDUCTION: exit by shutdown */
        { "production_factor", "phase_out_plan", 0, PO_CASE_INDUSTRIAL_POLICY },
        { "production_factor", "shutdown_dismantle_or_seal", 0, PO_CASE_INDUSTRIAL_POLICY },
        { "industrial_policy", "shutdown_dismantle_or_seal", 0, PO_CASE_INDUSTRIAL_POLICY },
        { "environment", "limit_or_suspend", 0, PO_CASE_ENVIRONMENT },
        { "safety", "closure_and_licence_revocation", 0, PO_CASE_SAFETY },
        { "quality", "suspend", 0, PO_CASE_QUALITY },
        { "quality", NULL, 0, PO_CASE_QUALITY },
        { "pollution", "suspend", PO_EINVAL, PO_CASE_ENERGY_QUOTA },
        { NULL, "suspend", PO_EINVAL, PO_CASE_ENERGY_QUOTA },
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        enum po_case_type t = PO_CASE_ENERGY_QUOTA;
        assert_int_equal(po_casefsm_type_for_finding(&t, rows[i].criterion, rows[i].measure),
                         rows[i].rc);
        if (rows[i].rc == 0)
            assert_int_equal(t, rows[i].type);
    }
}

/* 三(一): each of the six checklist items missing refuses `sealed`. */
static void test_casefsm__sealing_needs_the_full_checklist(void **state)
{
    (void)state;
    static const struct {
        unsigned item;
        const char *name;
    } items[] = {
        { PO_SEAL_WATER_CUT, "water_cut" },
        { PO_SEAL_POWER_CUT, "power_cut" },
        { PO_SEAL_POWER_UNITS_REMOVED, "power_units_removed" },
        { PO_SEAL_EQUIPMENT_SEALED, "equipment_sealed" },
        { PO_SEAL_COMMITMENT, "commitment" },
        { PO_SEAL_ANNOUNCEMENT, "announcement" },
    };
    for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
        struct po_case c = case_in(PO_CASE_INDUSTRIAL_POLICY, PO_CS_SHUTDOWN_ORDERED);
        struct po_case_event ev = full_event(PO_EV_SEAL, PO_ROLE_DISTRICT, D(2024, 9, 2));
        ev.checklist = PO_SEAL_ALL & ~items[i].item;
        struct po_err err = PO_ERR_INIT;
        assert_int_equal(po_casefsm_apply(&c, NULL, &params, &cal, &ev, &err), PO_EINVAL);
        assert_non_null(strstr(err.msg, items[i].name));
        assert_int_equal(c.state, PO_CS_SHUTDOWN_ORDERED);
    }
}

/*
 * 三(一) to the end: shutdown (enterprise closed), sealed on Mon 2024-09-02 with 3 months to
 * dismantle -> Mon 2024-12-02; equipment sealed, then dismantled, then reported.
 */
static void test_casefsm__industrial_policy_statuses(void **state)
{
    (void)state;
    struct po_case c;
    struct po_err err = PO_ERR_INIT;
    po_casefsm_init(&c, PO_CASE_INDUSTRIAL_POLICY);
    assert_int_equal(apply(&c, PO_EV_ORDER_SHUTDOWN, PO_ROLE_MIIT, D(2024, 8, 1), 0, &err), 0);
    assert_string_equal(po_casefsm_enterprise_name(c.enterprise), "closed");
    assert_int_equal(apply(&c, PO_EV_SEAL, PO_ROLE_DISTRICT, D(2024, 9, 2), 3, &err), 0);
    assert_string_equal(po_casefsm_equipment_name(c.equipment), "sealed");
    assert_int_equal(po_date_cmp(c.deadline, D(2024, 12, 2)), 0);
    assert_int_equal(apply(&c, PO_EV_DISMANTLE, PO_ROLE_DISTRICT, D(2024, 11, 4), 0, &err), 0);
    assert_string_equal(po_casefsm_equipment_name(c.equipment), "dismantled");
    assert_int_equal(apply(&c, PO_EV_REPORT, PO_ROLE_DISTRICT, D(2024, 11, 5), 0, &err), 0);
    assert_int_equal(c.state, PO_CS_REPORTED);
    enum po_case_event_kind evs[4];
    assert_int_equal(po_casefsm_allowed(evs, 4, &c, ALL_ROLES), 0); /* terminal */
}

/* Roles: closure is approved only by the government with authority (环境保护法 art. 60). */
static void test_casefsm__roles_enforced(void **state)
{
    (void)state;
    struct po_case c = case_in(PO_CASE_ENVIRONMENT, PO_CS_CLOSURE_PROPOSED);
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(apply(&c, PO_EV_APPROVE_CLOSURE, PO_ROLE_ECO_ENV, D(2024, 9, 2), 0, &err),
                     PO_EPERM);
    assert_non_null(strstr(err.msg, "eco_env"));
    assert_int_equal(apply(&c, PO_EV_APPROVE_CLOSURE, PO_ROLE_GOVERNMENT, D(2024, 9, 2), 0, &err),
                     0);
    assert_string_equal(po_casefsm_enterprise_name(c.enterprise), "closed");

    /* allowed events per role: an energy quota case being rectified */
    struct po_case q = case_in(PO_CASE_ENERGY_QUOTA, PO_CS_RECTIFYING);
    enum po_case_event_kind evs[8];
    assert_int_equal(po_casefsm_allowed(evs, 8, &q, PO_ROLE_MIIT), 3);
    assert_int_equal(po_casefsm_allowed(evs, 8, &q, PO_ROLE_SYSTEM), 1);
    assert_int_equal(evs[0], PO_EV_OVERDUE);
    assert_int_equal(po_casefsm_allowed(evs, 8, &q, PO_ROLE_MARKET), 0);
}

/* 三(二): exit of a worst-20% enterprise only after the city's number of years. */
static void test_casefsm__intensity_exit_years(void **state)
{
    (void)state;
    struct po_case c = case_in(PO_CASE_ENERGY_INTENSITY, PO_CS_PRODUCTION_LIMITED);
    struct po_case_event ev = full_event(PO_EV_ORDER_EXIT, PO_ROLE_DISTRICT, D(2024, 9, 2));
    struct po_err err = PO_ERR_INIT;
    ev.years_worst = 1;
    assert_int_equal(po_casefsm_apply(&c, NULL, &params, &cal, &ev, &err), PO_EINVAL);
    ev.years_worst = 2;
    assert_int_equal(po_casefsm_apply(&c, NULL, &params, &cal, &ev, &err), 0);
    assert_int_equal(c.state, PO_CS_EXIT_ORDERED);
}

/*
 * The periods are the city's (data/city_params.csv), not the table's: a rectification period
 * of 4 months ends four months after service, and an extension cap of 2 months refuses the 3
 * the shipped cap allows, both when asked and when approved.
 */
static void test_casefsm__periods_are_parameters(void **state)
{
    (void)state;
    struct po_casefsm_params p = params;
    p.quota_rectify_months = 4;
    p.quota_extension_max_months = 2;
    struct po_case c;
    struct po_err err = PO_ERR_INIT;
    po_casefsm_init(&c, PO_CASE_ENERGY_QUOTA);
    struct po_case_event ev = full_event(PO_EV_ORDER_RECTIFICATION, PO_ROLE_MIIT, D(2024, 3, 4));
    assert_int_equal(po_casefsm_apply(&c, NULL, &p, &cal, &ev, &err), 0);
    assert_int_equal(po_date_cmp(c.deadline, D(2024, 7, 4)), 0); /* Thu: 4 months, not 6 */
    struct po_case shipped;
    po_casefsm_init(&shipped, PO_CASE_ENERGY_QUOTA);
    assert_int_equal(po_casefsm_apply(&shipped, NULL, &params, &cal, &ev, &err), 0);
    assert_int_equal(po_date_cmp(shipped.deadline, D(2024, 9, 4)), 0); /* Wed: 6 months */

    ev = full_event(PO_EV_REQUEST_EXTENSION, PO_ROLE_MIIT, D(2024, 5, 6));
    ev.months = 3;
    assert_int_equal(po_casefsm_apply(&c, NULL, &p, &cal, &ev, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "1 to 2 months"));
    struct po_case asked = shipped;
    assert_int_equal(po_casefsm_apply(&asked, NULL, &params, &cal, &ev, &err), 0);
    /* a request of 3 made under the shipped cap is not approved under a cap of 2 */
    ev = full_event(PO_EV_APPROVE_EXTENSION, PO_ROLE_MIIT, D(2024, 5, 7));
    struct po_case approved = asked;
    assert_int_equal(po_casefsm_apply(&asked, NULL, &p, &cal, &ev, &err), PO_EINVAL);
    assert_int_equal(po_casefsm_apply(&approved, NULL, &params, &cal, &ev, &err), 0);
    ev = full_event(PO_EV_REQUEST_EXTENSION, PO_ROLE_MIIT, D(2024, 5, 6));
    ev.months = 2;
    assert_int_equal(po_casefsm_apply(&c, NULL, &p, &cal, &ev, &err), 0);

    /* quality: its own period (三(六)) */
    p.quality_rectify_months = 1;
    po_casefsm_init(&c, PO_CASE_QUALITY);
    ev = full_event(PO_EV_ORDER_RECTIFICATION, PO_ROLE_MARKET, D(2024, 3, 4));
    assert_int_equal(po_casefsm_apply(&c, NULL, &p, &cal, &ev, &err), 0);
    /* 04-04 is 清明 (04-04..04-06); Sun 04-07 is a makeup working day (legal_periods.md F) */
    assert_int_equal(po_date_cmp(c.deadline, D(2024, 4, 7)), 0);
}

/* A deadline in a year the calendar lacks is reported, and the case does not move. */
static void test_casefsm__deadline_outside_calendar(void **state)
{
    (void)state;
    struct po_case c;
    struct po_err err = PO_ERR_INIT;
    po_casefsm_init(&c, PO_CASE_QUALITY);
    assert_int_equal(apply(&c, PO_EV_ORDER_RECTIFICATION, PO_ROLE_MARKET, D(2026, 8, 3), 0, &err),
                     PO_ENOTFOUND);
    assert_non_null(strstr(err.msg, "2027"));
    assert_int_equal(c.state, PO_CS_OPEN);
}

/*
 * With PO_CAL_UNCOVERED_WEEKENDS (what app/casedb.c passes) the same order is taken and its
 * deadline provisional: 2026-08-03 + 6 months = Wed 2027-02-03, counted with weekends only.
 * The overdue event is refused while it is provisional (a 2027 holiday may still move it), and
 * a replay with 2027 data makes it final: a test calendar whose 2027 holiday covers 02-03
 * moves it to Thu 02-04.
 */
static void test_casefsm__provisional_deadline(void **state)
{
    (void)state;
    struct po_calendar wk = cal;
    wk.uncovered = PO_CAL_UNCOVERED_WEEKENDS;
    struct po_case c;
    struct po_err err = PO_ERR_INIT;
    po_casefsm_init(&c, PO_CASE_QUALITY);
    struct po_case_event ev = full_event(PO_EV_ORDER_RECTIFICATION, PO_ROLE_MARKET, D(2026, 8, 3));
    assert_int_equal(po_casefsm_apply(&c, NULL, &params, &wk, &ev, &err), 0);
    assert_true(c.deadline_provisional);
    assert_int_equal(c.uncovered_year, 2027);
    assert_int_equal(po_date_cmp(c.deadline, D(2027, 2, 3)), 0);
    struct po_case before = c;
    ev = full_event(PO_EV_OVERDUE, PO_ROLE_SYSTEM, D(2027, 3, 1));
    assert_int_equal(po_casefsm_apply(&c, NULL, &params, &wk, &ev, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "provisional"));
    assert_int_equal(c.state, before.state);

    static const struct po_cal_entry y27[] = {
        { { 2027, 2, 3 }, PO_CAL_HOLIDAY, "测试假日", "test fixture, not a notice" },
    };
    struct po_calendar both = { y27, 1, 2027, 2027, "test", PO_CAL_UNCOVERED_WEEKENDS };
    po_casefsm_init(&c, PO_CASE_QUALITY);
    ev = full_event(PO_EV_ORDER_RECTIFICATION, PO_ROLE_MARKET, D(2026, 8, 3));
    /* the start day is never classified, so a 2027-only calendar is enough here */
    assert_int_equal(po_casefsm_apply(&c, NULL, &params, &both, &ev, &err), 0);
    assert_false(c.deadline_provisional);
    assert_int_equal(c.uncovered_year, 0);
    assert_int_equal(po_date_cmp(c.deadline, D(2027, 2, 4)), 0);
}

static void test_casefsm__names_round_trip(void **state)
{
    (void)state;
    for (int s = 0; s < PO_CS_NSTATES; s++) {
        enum po_case_state back;
        assert_int_equal(
            po_casefsm_state_parse(&back, po_casefsm_state_name((enum po_case_state)s)), 0);
        assert_int_equal(back, s);
    }
    for (int e = 0; e < PO_EV_NKINDS; e++) {
        enum po_case_event_kind back;
        assert_int_equal(
            po_casefsm_event_parse(&back, po_casefsm_event_name((enum po_case_event_kind)e)), 0);
        assert_int_equal(back, e);
    }
    for (int t = 0; t < PO_CASE_NTYPES; t++) {
        enum po_case_type back;
        assert_int_equal(po_casefsm_type_parse(&back, po_casefsm_type_name((enum po_case_type)t)),
                         0);
        assert_int_equal(back, t);
    }
    enum po_case_state s;
    assert_int_equal(po_casefsm_state_parse(&s, "nonsense"), PO_EINVAL);
}

/* The names of fields, documents and checklist items are stored and sent: pinned here. */
static void test_casefsm__flag_names(void **state)
{
    (void)state;
    static const struct {
        const char *(*name)(unsigned);
        int (*parse)(unsigned *, const char *);
        unsigned n;
        const char *want;
    } sets[] = {
        { po_casefsm_field_name, po_casefsm_field_parse, PO_F_COUNT,
          "reason months limit_level years_worst licence" },
        { po_casefsm_doc_name, po_casefsm_doc_parse, PO_DOC_COUNT,
          "order inspection application decision ranking photos commitment announcement report "
          "approval" },
        { po_casefsm_seal_name, po_casefsm_seal_parse, PO_SEAL_COUNT,
          "water_cut power_cut power_units_removed equipment_sealed commitment announcement" },
    };
    for (size_t k = 0; k < sizeof(sets) / sizeof(sets[0]); k++) {
        char got[256] = "";
        size_t len = 0;
        for (unsigned i = 0; i < sets[k].n; i++) {
            const char *name = sets[k].name(1u << i);
            len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%s", i ? " " : "", name);
            unsigned bit = 0;
            assert_int_equal(sets[k].parse(&bit, name), 0);
            assert_int_equal(bit, 1u << i);
        }
        assert_string_equal(got, sets[k].want);
        unsigned bit = 7;
        assert_int_equal(sets[k].parse(&bit, "nonsense"), PO_EINVAL);
        assert_int_equal(sets[k].parse(&bit, NULL), PO_EINVAL);
        assert_int_equal(bit, 7);
        assert_string_equal(sets[k].name(0), "?");
        assert_string_equal(sets[k].name(1u << sets[k].n), "?");
    }
    /* of several bits, the lowest one's name (a transition's missing documents: the first) */
    assert_string_equal(po_casefsm_doc_name(PO_DOC_PHOTOS | PO_DOC_INSPECTION), "inspection");
    unsigned all = 0;
    assert_int_equal(po_casefsm_seal_parse(&all, "all"), PO_EINVAL);
}

/*
 * 实施意见 四(六): the final exit of a case — confirm_exit (quota, intensity), dismantle
 * (industrial policy, from shutdown or sealed), approve_closure (environment, safety,
 * quality) — needs an approved resettlement plan: approved, executing or done.  Not recorded
 * (the default of an event) is refused as well, saying 未记录职工安置方案; a draft or submitted
 * plan is refused naming its status.  A replayed event (from the log) is not asked again.
 */
static void test_casefsm__final_exit_needs_approved_resettlement_plan(void **state)
{
    (void)state;
    size_t n, guarded = 0;
    const struct po_case_transition *tab = po_casefsm_table(&n);
    for (size_t i = 0; i < n; i++) {
        const struct po_case_transition *t = &tab[i];
        bool want = t->event == PO_EV_CONFIRM_EXIT || t->event == PO_EV_DISMANTLE ||
                    t->event == PO_EV_APPROVE_CLOSURE;
        assert_int_equal(t->guard == PO_G_RESETTLEMENT_PLAN, want);
        if (!want)
            continue;
        guarded++;
        unsigned role = first_role(t->roles);
        for (int p = 0; p < PO_RPLAN_NSTATUS; p++) {
            struct po_case c = case_in(t->type, t->from);
            struct po_case_event ev = full_event(t->event, (enum po_role)role, D(2024, 9, 2));
            ev.resettlement_plan = (enum po_rplan_status)p;
            struct po_err err = PO_ERR_INIT;
            int rc = po_casefsm_apply(&c, NULL, &params, &cal, &ev, &err);
            if (po_rplan_is_approved(ev.resettlement_plan)) {
                assert_int_equal(rc, 0);
                assert_int_equal(c.state, t->to);
                continue;
            }
            assert_int_equal(rc, PO_EINVAL);
            assert_int_equal(c.state, t->from);
            assert_non_null(strstr(err.msg_zh, "职工安置方案"));
            assert_non_null(strstr(err.msg, "resettlement plan"));
            if (p == PO_RPLAN_NONE)
                assert_non_null(strstr(err.msg_zh, "未记录职工安置方案"));
            else
                assert_non_null(strstr(err.msg_zh, po_rplan_status_zh(ev.resettlement_plan)));
            /* the same event read back from the log replays */
            ev.from_log = true;
            po_err_clear(&err);
            assert_int_equal(po_casefsm_apply(&c, NULL, &params, &cal, &ev, &err), 0);
            assert_int_equal(c.state, t->to);
        }
    }
    assert_int_equal(guarded, 7); /* 2 confirm_exit, 2 dismantle, 3 approve_closure */
    /* orders are not held up: order_exit and order_shutdown take no plan */
    struct po_case c = case_in(PO_CASE_INDUSTRIAL_POLICY, PO_CS_OPEN);
    struct po_case_event ev = full_event(PO_EV_ORDER_SHUTDOWN, PO_ROLE_MIIT, D(2024, 9, 2));
    ev.resettlement_plan = PO_RPLAN_NONE;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_casefsm_apply(&c, NULL, &params, &cal, &ev, &err), 0);
}

/* A final exit is ahead of every state before it, and of none after it or off its path. */
static void test_casefsm__final_exit_ahead(void **state)
{
    (void)state;
    static const struct {
        enum po_case_type t;
        enum po_case_state s;
        bool ahead;
    } rows[] = {
        { PO_CASE_ENERGY_QUOTA, PO_CS_OPEN, true },
        { PO_CASE_ENERGY_QUOTA, PO_CS_RECTIFYING, true },
        { PO_CASE_ENERGY_QUOTA, PO_CS_EXIT_ORDERED, true },
        { PO_CASE_ENERGY_QUOTA, PO_CS_EXITED, false },
        { PO_CASE_ENERGY_QUOTA, PO_CS_PASSED, false },
        { PO_CASE_ENERGY_QUOTA, PO_CS_CLOSED, false },
        { PO_CASE_INDUSTRIAL_POLICY, PO_CS_SHUTDOWN_ORDERED, true },
        { PO_CASE_INDUSTRIAL_POLICY, PO_CS_SEALED, true },
        { PO_CASE_INDUSTRIAL_POLICY, PO_CS_DISMANTLED, false },
        { PO_CASE_INDUSTRIAL_POLICY, PO_CS_REPORTED, false },
        { PO_CASE_SAFETY, PO_CS_SUSPENDED, true },
        { PO_CASE_SAFETY, PO_CS_RESUMED, false },
        { PO_CASE_SAFETY, PO_CS_CLOSED_DOWN, false },
        { PO_CASE_ENVIRONMENT, PO_CS_RESTRICTED, true },
        { PO_CASE_ENVIRONMENT, PO_CS_PASSED, false },
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        if (po_casefsm_final_exit_ahead(rows[i].t, rows[i].s) != rows[i].ahead)
            fail_msg("%s/%s: want %d", po_casefsm_type_name(rows[i].t),
                     po_casefsm_state_name(rows[i].s), rows[i].ahead);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_casefsm__periods_are_parameters),
        cmocka_unit_test(test_casefsm__illegal_transitions_refused),
        cmocka_unit_test(test_casefsm__every_row_and_its_roles),
        cmocka_unit_test(test_casefsm__missing_input_refused),
        cmocka_unit_test(test_casefsm__energy_quota_extension_once),
        cmocka_unit_test(test_casefsm__second_extension_refused_at_approval),
        cmocka_unit_test(test_casefsm__guard_now_agrees_with_apply),
        cmocka_unit_test(test_casefsm__type_for_finding),
        cmocka_unit_test(test_casefsm__sealing_needs_the_full_checklist),
        cmocka_unit_test(test_casefsm__industrial_policy_statuses),
        cmocka_unit_test(test_casefsm__roles_enforced),
        cmocka_unit_test(test_casefsm__intensity_exit_years),
        cmocka_unit_test(test_casefsm__deadline_outside_calendar),
        cmocka_unit_test(test_casefsm__provisional_deadline),
        cmocka_unit_test(test_casefsm__names_round_trip),
        cmocka_unit_test(test_casefsm__flag_names),
        cmocka_unit_test(test_casefsm__final_exit_needs_approved_resettlement_plan),
        cmocka_unit_test(test_casefsm__final_exit_ahead),
    };
    return cmocka_run_group_tests(tests, cal_setup, cal_teardown);
}
