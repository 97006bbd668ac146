/*
 * casefsm.c: the six case lifecycles as one static table of transitions.
 *
 * One table, not a switch per type: a reviewer reads each row as a sentence
 * ("in an energy quota case, from rectifying, re-inspection failed leads to
 * failed, the MIIT bureau, the DRC or a district may record it with the
 * inspection report, under 三(二)"), the tests walk it row by row, and a
 * later session can print it for the UI.  Guards that need arithmetic
 * (extensions, the sealing checklist, overdue, the years in the worst group)
 * are named in the row and checked in guard().
 *
 * Policy references are to the Wuhai implementing opinion
 * (乌海市落实能耗双控措施依法依规推动落后产能退出的实施意见, 2021, part 三);
 * statutes as cited in each row.
 */
#include "core/casefsm.h"

#include <string.h>

#define QUOTA_ROLES (PO_ROLE_MIIT | PO_ROLE_DRC | PO_ROLE_DISTRICT)
#define INTENSITY_ROLES (PO_ROLE_DISTRICT | PO_ROLE_DRC | PO_ROLE_MIIT)
#define POLICY_ROLES (PO_ROLE_DISTRICT | PO_ROLE_MIIT | PO_ROLE_ENERGY | PO_ROLE_DRC)
#define ENV_ROLES (PO_ROLE_ECO_ENV | PO_ROLE_DISTRICT)
#define SAFETY_ROLES (PO_ROLE_EMERGENCY | PO_ROLE_DISTRICT)
#define QUALITY_ROLES (PO_ROLE_MARKET | PO_ROLE_DISTRICT)
#define TICK_ROLES (PO_ROLE_SYSTEM | PO_ROLE_CITY_ADMIN)

/*
 * Energy Conservation Law art. 16 (2007 revision; the 2016 and 2018 amendments left it as it
 * was): the state eliminates backward, too energy-hungry products, equipment and processes, and a
 * producer using more than the unit-product energy quota standard is ordered to rectify within a
 * time limit (责令限期治理) — the order this case type starts with.  Checked 2026-11-27 against
 * the law text as republished (stored pages: ruianshangcheng.com/html/fenleixinxi/1689.html, the
 * 2018 text; yusufihardware.com on the 2007 revision quoting both sentences).  Closure after a
 * failed rectification is art. 72 (data/rules.csv EN-QUOTA-LIMIT cites both).
 */
#define B_QUOTA "实施意见 三(二); 节约能源法 第十六条"
#define B_INTENSITY "实施意见 三(二)"
#define B_POLICY "实施意见 三(一); 产业结构调整指导目录(2019年本) 淘汰类"
#define B_ENV "实施意见 三(四); 环境保护法 第六十条"
#define B_SAFETY "实施意见 三(五); 安全生产法(2021) 第一百一十三条"
#define B_QUALITY "实施意见 三(六); 产品质量法"

/* type, from, event, to, roles, fields, documents, guard, deadline, equipment, enterprise,
 * basis */
static const struct po_case_transition table[] = {
    /* energy quota: the city's months to rectify (三(二): 6), one extension of at most its cap
     * (三(二): 3 months), then exit */
    { PO_CASE_ENERGY_QUOTA, PO_CS_OPEN, PO_EV_ORDER_RECTIFICATION, PO_CS_RECTIFYING, QUOTA_ROLES, 0,
      PO_DOC_ORDER | PO_DOC_INSPECTION, PO_G_NONE, PO_DL_RECTIFY, PO_EQ_UNCHANGED, PO_ENT_UNCHANGED,
      B_QUOTA },
    { PO_CASE_ENERGY_QUOTA, PO_CS_RECTIFYING, PO_EV_REQUEST_EXTENSION, PO_CS_EXTENSION_REQUESTED,
      QUOTA_ROLES, PO_F_MONTHS, PO_DOC_APPLICATION, PO_G_FIRST_EXTENSION, PO_DL_KEEP,
      PO_EQ_UNCHANGED, PO_ENT_UNCHANGED, B_QUOTA },
    { PO_CASE_ENERGY_QUOTA, PO_CS_EXTENSION_REQUESTED, PO_EV_APPROVE_EXTENSION, PO_CS_RECTIFYING,
      QUOTA_ROLES, 0, PO_DOC_DECISION, PO_G_FIRST_EXTENSION, PO_DL_EXTEND, PO_EQ_UNCHANGED,
      PO_ENT_UNCHANGED, B_QUOTA },
    { PO_CASE_ENERGY_QUOTA, PO_CS_EXTENSION_REQUESTED, PO_EV_REFUSE_EXTENSION, PO_CS_RECTIFYING,
      QUOTA_ROLES, PO_F_REASON, PO_DOC_DECISION, PO_G_NONE, PO_DL_KEEP, PO_EQ_UNCHANGED,
      PO_ENT_UNCHANGED, B_QUOTA },
    { PO_CASE_ENERGY_QUOTA, PO_CS_RECTIFYING, PO_EV_REINSPECT_PASS, PO_CS_PASSED, QUOTA_ROLES, 0,
      PO_DOC_INSPECTION, PO_G_NONE, PO_DL_NONE, PO_EQ_UNCHANGED, PO_ENT_UNCHANGED, B_QUOTA },
    { PO_CASE_ENERGY_QUOTA, PO_CS_RECTIFYING, PO_EV_REINSPECT_FAIL, PO_CS_FAILED, QUOTA_ROLES, 0,
      PO_DOC_INSPECTION, PO_G_NONE, PO_DL_NONE, PO_EQ_UNCHANGED, PO_ENT_UNCHANGED, B_QUOTA },
    { PO_CASE_ENERGY_QUOTA, PO_CS_RECTIFYING, PO_EV_OVERDUE, PO_CS_FAILED, TICK_ROLES, 0, 0,
      PO_G_OVERDUE, PO_DL_NONE, PO_EQ_UNCHANGED, PO_ENT_UNCHANGED, B_QUOTA },
    { PO_CASE_ENERGY_QUOTA, PO_CS_PASSED, PO_EV_CLOSE, PO_CS_CLOSED, QUOTA_ROLES, 0,
      PO_DOC_DECISION, PO_G_NONE, PO_DL_NONE, PO_EQ_UNCHANGED, PO_ENT_UNCHANGED, B_QUOTA },
    { PO_CASE_ENERGY_QUOTA, PO_CS_FAILED, PO_EV_ORDER_EXIT, PO_CS_EXIT_ORDERED, QUOTA_ROLES,
      PO_F_REASON, PO_DOC_ORDER, PO_G_NONE, PO_DL_NONE, PO_EQ_SUSPENDED, PO_ENT_SUSPENDED,
      B_QUOTA },
    { PO_CASE_ENERGY_QUOTA, PO_CS_EXIT_ORDERED, PO_EV_CONFIRM_EXIT, PO_CS_EXITED, QUOTA_ROLES, 0,
      PO_DOC_INSPECTION | PO_DOC_PHOTOS, PO_G_RESETTLEMENT_PLAN, PO_DL_NONE, PO_EQ_UNCHANGED,
      PO_ENT_EXITED, B_QUOTA },

    /* energy intensity, worst 20%: factor supply, production limit, exit after N years */
    { PO_CASE_ENERGY_INTENSITY, PO_CS_OPEN, PO_EV_CONTROL_SUPPLY, PO_CS_SUPPLY_CONTROLLED,
      PO_ROLE_DISTRICT, 0, PO_DOC_RANKING | PO_DOC_DECISION, PO_G_NONE, PO_DL_NONE, PO_EQ_UNCHANGED,
      PO_ENT_UNCHANGED, B_INTENSITY },
    { PO_CASE_ENERGY_INTENSITY, PO_CS_SUPPLY_CONTROLLED, PO_EV_LIMIT_PRODUCTION,
      PO_CS_PRODUCTION_LIMITED, PO_ROLE_DISTRICT, PO_F_LIMIT_LEVEL, PO_DOC_DECISION, PO_G_NONE,
      PO_DL_NONE, PO_EQ_LIMITED, PO_ENT_LIMITED, B_INTENSITY },
    { PO_CASE_ENERGY_INTENSITY, PO_CS_SUPPLY_CONTROLLED, PO_EV_LEAVE_WORST_GROUP, PO_CS_CLOSED,
      INTENSITY_ROLES, 0, PO_DOC_RANKING, PO_G_NONE, PO_DL_NONE, PO_EQ_UNCHANGED, PO_ENT_UNCHANGED,
      B_INTENSITY },
    { PO_CASE_ENERGY_INTENSITY, PO_CS_PRODUCTION_LIMITED, PO_EV_LEAVE_WORST_GROUP, PO_CS_CLOSED,
      INTENSITY_ROLES, 0, PO_DOC_RANKING, PO_G_NONE, PO_DL_NONE, PO_EQ_RUNNING, PO_ENT_OPERATING,
      B_INTENSITY },
    { PO_CASE_ENERGY_INTENSITY, PO_CS_SUPPLY_CONTROLLED, PO_EV_ORDER_EXIT, PO_CS_EXIT_ORDERED,
      INTENSITY_ROLES, PO_F_YEARS_WORST, PO_DOC_RANKING | PO_DOC_ORDER, PO_G_YEARS_WORST,
      PO_DL_NONE, PO_EQ_SUSPENDED, PO_ENT_SUSPENDED, B_INTENSITY },
    { PO_CASE_ENERGY_INTENSITY, PO_CS_PRODUCTION_LIMITED, PO_EV_ORDER_EXIT, PO_CS_EXIT_ORDERED,
      INTENSITY_ROLES, PO_F_YEARS_WORST, PO_DOC_RANKING | PO_DOC_ORDER, PO_G_YEARS_WORST,
      PO_DL_NONE, PO_EQ_SUSPENDED, PO_ENT_SUSPENDED, B_INTENSITY },
    { PO_CASE_ENERGY_INTENSITY, PO_CS_EXIT_ORDERED, PO_EV_CONFIRM_EXIT, PO_CS_EXITED,
      INTENSITY_ROLES, 0, PO_DOC_INSPECTION | PO_DOC_PHOTOS, PO_G_RESETTLEMENT_PLAN, PO_DL_NONE,
      PO_EQ_UNCHANGED, PO_ENT_EXITED, B_INTENSITY },

    /* industrial policy: shut down; dismantle at once, or seal (checklist) and dismantle by a
     * deadline; report to the MIIT bureau */
    { PO_CASE_INDUSTRIAL_POLICY, PO_CS_OPEN, PO_EV_ORDER_SHUTDOWN, PO_CS_SHUTDOWN_ORDERED,
      POLICY_ROLES, 0, PO_DOC_ORDER | PO_DOC_INSPECTION, PO_G_NONE, PO_DL_NONE, PO_EQ_SUSPENDED,
      PO_ENT_CLOSED, B_POLICY },
    { PO_CASE_INDUSTRIAL_POLICY, PO_CS_SHUTDOWN_ORDERED, PO_EV_DISMANTLE, PO_CS_DISMANTLED,
      POLICY_ROLES, 0, PO_DOC_PHOTOS, PO_G_RESETTLEMENT_PLAN, PO_DL_NONE, PO_EQ_DISMANTLED,
      PO_ENT_UNCHANGED, B_POLICY },
    { PO_CASE_INDUSTRIAL_POLICY, PO_CS_SHUTDOWN_ORDERED, PO_EV_SEAL, PO_CS_SEALED, POLICY_ROLES,
      PO_F_MONTHS, PO_DOC_PHOTOS | PO_DOC_COMMITMENT | PO_DOC_ANNOUNCEMENT, PO_G_SEAL_CHECKLIST,
      PO_DL_FIELD, PO_EQ_SEALED, PO_ENT_UNCHANGED, B_POLICY },
    { PO_CASE_INDUSTRIAL_POLICY, PO_CS_SEALED, PO_EV_DISMANTLE, PO_CS_DISMANTLED, POLICY_ROLES, 0,
      PO_DOC_PHOTOS, PO_G_RESETTLEMENT_PLAN, PO_DL_NONE, PO_EQ_DISMANTLED, PO_ENT_UNCHANGED,
      B_POLICY },
    { PO_CASE_INDUSTRIAL_POLICY, PO_CS_DISMANTLED, PO_EV_REPORT, PO_CS_REPORTED,
      PO_ROLE_DISTRICT | PO_ROLE_MIIT, 0, PO_DOC_REPORT, PO_G_NONE, PO_DL_NONE, PO_EQ_UNCHANGED,
      PO_ENT_UNCHANGED, B_POLICY },

    /* environment: limit or suspend to rectify; serious: closure approved by the government */
    { PO_CASE_ENVIRONMENT, PO_CS_OPEN, PO_EV_ORDER_LIMIT, PO_CS_RESTRICTED, ENV_ROLES, 0,
      PO_DOC_ORDER | PO_DOC_INSPECTION, PO_G_NONE, PO_DL_NONE, PO_EQ_LIMITED, PO_ENT_LIMITED,
      B_ENV },
    { PO_CASE_ENVIRONMENT, PO_CS_OPEN, PO_EV_ORDER_SUSPEND, PO_CS_RESTRICTED, ENV_ROLES, 0,
      PO_DOC_ORDER | PO_DOC_INSPECTION, PO_G_NONE, PO_DL_NONE, PO_EQ_SUSPENDED, PO_ENT_SUSPENDED,
      B_ENV },
    { PO_CASE_ENVIRONMENT, PO_CS_RESTRICTED, PO_EV_REINSPECT_PASS, PO_CS_PASSED, ENV_ROLES, 0,
      PO_DOC_INSPECTION, PO_G_NONE, PO_DL_NONE, PO_EQ_RUNNING, PO_ENT_OPERATING, B_ENV },
    { PO_CASE_ENVIRONMENT, PO_CS_PASSED, PO_EV_CLOSE, PO_CS_CLOSED, ENV_ROLES, 0, PO_DOC_DECISION,
      PO_G_NONE, PO_DL_NONE, PO_EQ_UNCHANGED, PO_ENT_UNCHANGED, B_ENV },
    { PO_CASE_ENVIRONMENT, PO_CS_RESTRICTED, PO_EV_PROPOSE_CLOSURE, PO_CS_CLOSURE_PROPOSED,
      ENV_ROLES, PO_F_REASON, PO_DOC_INSPECTION, PO_G_NONE, PO_DL_NONE, PO_EQ_UNCHANGED,
      PO_ENT_UNCHANGED, B_ENV },
    { PO_CASE_ENVIRONMENT, PO_CS_CLOSURE_PROPOSED, PO_EV_APPROVE_CLOSURE, PO_CS_CLOSED_DOWN,
      PO_ROLE_GOVERNMENT, 0, PO_DOC_APPROVAL, PO_G_RESETTLEMENT_PLAN, PO_DL_NONE, PO_EQ_SUSPENDED,
      PO_ENT_CLOSED, B_ENV },
    { PO_CASE_ENVIRONMENT, PO_CS_CLOSURE_PROPOSED, PO_EV_REJECT_CLOSURE, PO_CS_RESTRICTED,
      PO_ROLE_GOVERNMENT, PO_F_REASON, PO_DOC_DECISION, PO_G_NONE, PO_DL_NONE, PO_EQ_UNCHANGED,
      PO_ENT_UNCHANGED, B_ENV },

    /* safety: suspend and rectify; passes: resume; fails: the department proposes closure to
     * the local government, licences revoked (安全生产法 art. 113 (2)) */
    { PO_CASE_SAFETY, PO_CS_OPEN, PO_EV_ORDER_SUSPEND, PO_CS_SUSPENDED, SAFETY_ROLES, 0,
      PO_DOC_ORDER | PO_DOC_INSPECTION, PO_G_NONE, PO_DL_NONE, PO_EQ_SUSPENDED, PO_ENT_SUSPENDED,
      B_SAFETY },
    { PO_CASE_SAFETY, PO_CS_SUSPENDED, PO_EV_RESUME, PO_CS_RESUMED, SAFETY_ROLES, 0,
      PO_DOC_INSPECTION, PO_G_NONE, PO_DL_NONE, PO_EQ_RUNNING, PO_ENT_OPERATING, B_SAFETY },
    { PO_CASE_SAFETY, PO_CS_SUSPENDED, PO_EV_REINSPECT_FAIL, PO_CS_FAILED, SAFETY_ROLES, 0,
      PO_DOC_INSPECTION, PO_G_NONE, PO_DL_NONE, PO_EQ_UNCHANGED, PO_ENT_UNCHANGED, B_SAFETY },
    { PO_CASE_SAFETY, PO_CS_FAILED, PO_EV_PROPOSE_CLOSURE, PO_CS_CLOSURE_PROPOSED, SAFETY_ROLES,
      PO_F_REASON, PO_DOC_INSPECTION, PO_G_NONE, PO_DL_NONE, PO_EQ_UNCHANGED, PO_ENT_UNCHANGED,
      B_SAFETY },
    { PO_CASE_SAFETY, PO_CS_CLOSURE_PROPOSED, PO_EV_APPROVE_CLOSURE, PO_CS_CLOSED_DOWN,
      PO_ROLE_GOVERNMENT, 0, PO_DOC_APPROVAL, PO_G_RESETTLEMENT_PLAN, PO_DL_NONE, PO_EQ_SUSPENDED,
      PO_ENT_CLOSED, B_SAFETY },
    { PO_CASE_SAFETY, PO_CS_CLOSURE_PROPOSED, PO_EV_REJECT_CLOSURE, PO_CS_FAILED,
      PO_ROLE_GOVERNMENT, PO_F_REASON, PO_DOC_DECISION, PO_G_NONE, PO_DL_NONE, PO_EQ_UNCHANGED,
      PO_ENT_UNCHANGED, B_SAFETY },
    { PO_CASE_SAFETY, PO_CS_CLOSED_DOWN, PO_EV_REVOKE_LICENCE, PO_CS_LICENCE_REVOKED,
      SAFETY_ROLES | PO_ROLE_MARKET, PO_F_LICENCE, PO_DOC_DECISION, PO_G_NONE, PO_DL_NONE,
      PO_EQ_UNCHANGED, PO_ENT_UNCHANGED, B_SAFETY },

    /* quality: stop and rectify within the city's months (三(六): 6); fails or overdue: closure
     * approved */
    { PO_CASE_QUALITY, PO_CS_OPEN, PO_EV_ORDER_RECTIFICATION, PO_CS_RECTIFYING, QUALITY_ROLES, 0,
      PO_DOC_ORDER | PO_DOC_INSPECTION, PO_G_NONE, PO_DL_RECTIFY, PO_EQ_SUSPENDED, PO_ENT_SUSPENDED,
      B_QUALITY },
    { PO_CASE_QUALITY, PO_CS_RECTIFYING, PO_EV_REINSPECT_PASS, PO_CS_PASSED, QUALITY_ROLES, 0,
      PO_DOC_INSPECTION, PO_G_NONE, PO_DL_NONE, PO_EQ_RUNNING, PO_ENT_OPERATING, B_QUALITY },
    { PO_CASE_QUALITY, PO_CS_RECTIFYING, PO_EV_REINSPECT_FAIL, PO_CS_FAILED, QUALITY_ROLES, 0,
      PO_DOC_INSPECTION, PO_G_NONE, PO_DL_NONE, PO_EQ_UNCHANGED, PO_ENT_UNCHANGED, B_QUALITY },
    { PO_CASE_QUALITY, PO_CS_RECTIFYING, PO_EV_OVERDUE, PO_CS_FAILED, TICK_ROLES, 0, 0,
      PO_G_OVERDUE, PO_DL_NONE, PO_EQ_UNCHANGED, PO_ENT_UNCHANGED, B_QUALITY },
    { PO_CASE_QUALITY, PO_CS_PASSED, PO_EV_CLOSE, PO_CS_CLOSED, QUALITY_ROLES, 0, PO_DOC_DECISION,
      PO_G_NONE, PO_DL_NONE, PO_EQ_UNCHANGED, PO_ENT_UNCHANGED, B_QUALITY },
    { PO_CASE_QUALITY, PO_CS_FAILED, PO_EV_PROPOSE_CLOSURE, PO_CS_CLOSURE_PROPOSED, QUALITY_ROLES,
      PO_F_REASON, PO_DOC_INSPECTION, PO_G_NONE, PO_DL_NONE, PO_EQ_UNCHANGED, PO_ENT_UNCHANGED,
      B_QUALITY },
    { PO_CASE_QUALITY, PO_CS_CLOSURE_PROPOSED, PO_EV_APPROVE_CLOSURE, PO_CS_CLOSED_DOWN,
      PO_ROLE_GOVERNMENT, 0, PO_DOC_APPROVAL, PO_G_RESETTLEMENT_PLAN, PO_DL_NONE, PO_EQ_SUSPENDED,
      PO_ENT_CLOSED, B_QUALITY },
    { PO_CASE_QUALITY, PO_CS_CLOSURE_PROPOSED, PO_EV_REJECT_CLOSURE, PO_CS_FAILED,
      PO_ROLE_GOVERNMENT, PO_F_REASON, PO_DOC_DECISION, PO_G_NONE, PO_DL_NONE, PO_EQ_UNCHANGED,
      PO_ENT_UNCHANGED, B_QUALITY },
};

#define NROWS (sizeof(table) / sizeof(table[0]))

static const char *const type_names[PO_CASE_NTYPES] = {
    "energy_quota", "energy_intensity", "industrial_policy", "environment", "safety", "quality",
};
static const char *const state_names[PO_CS_NSTATES] = {
    "open",
    "rectifying",
    "extension_requested",
    "passed",
    "failed",
    "exit_ordered",
    "exited",
    "closed",
    "supply_controlled",
    "production_limited",
    "shutdown_ordered",
    "sealed",
    "dismantled",
    "reported",
    "restricted",
    "closure_proposed",
    "closed_down",
    "suspended",
    "resumed",
    "licence_revoked",
};
static const char *const event_names[PO_EV_NKINDS] = {
    "order_rectification",
    "request_extension",
    "approve_extension",
    "refuse_extension",
    "reinspect_pass",
    "reinspect_fail",
    "overdue",
    "order_exit",
    "confirm_exit",
    "close",
    "control_supply",
    "limit_production",
    "leave_worst_group",
    "order_shutdown",
    "seal",
    "dismantle",
    "report",
    "order_limit",
    "order_suspend",
    "propose_closure",
    "approve_closure",
    "reject_closure",
    "resume",
    "revoke_licence",
};
static const char *const role_names[] = {
    "miit",   "drc",      "energy",     "eco_env",    "emergency",
    "market", "district", "city_admin", "government", "system",
};
/* PO_F_*, PO_DOC_*, PO_SEAL_* bits in order */
static const char *const field_names[PO_F_COUNT] = { "reason", "months", "limit_level",
                                                     "years_worst", "licence" };
static const char *const doc_names[PO_DOC_COUNT] = {
    "order",  "inspection", "application",  "decision", "ranking",
    "photos", "commitment", "announcement", "report",   "approval",
};
static const char *const seal_names[PO_SEAL_COUNT] = {
    "water_cut",        "power_cut",  "power_units_removed",
    "equipment_sealed", "commitment", "announcement",
};
_Static_assert(PO_F_LICENCE == 1u << (PO_F_COUNT - 1), "PO_F_COUNT");
_Static_assert(PO_DOC_APPROVAL == 1u << (PO_DOC_COUNT - 1), "PO_DOC_COUNT");
_Static_assert(PO_SEAL_ALL == (1u << PO_SEAL_COUNT) - 1, "PO_SEAL_COUNT");
static const char *const equipment_names[] = { NULL,        "running", "limited",
                                               "suspended", "sealed",  "dismantled" };
static const char *const enterprise_names[] = { NULL,        "operating", "limited",
                                                "suspended", "closed",    "exited" };

static const char *bit_name(const char *const *names, size_t n, unsigned bits)
{
    for (size_t i = 0; i < n; i++)
        if (bits & (1u << i))
            return names[i];
    return "?";
}

static const char *named(const char *const *names, size_t n, int i)
{
    return i >= 0 && (size_t)i < n ? names[i] : "?";
}

const char *po_casefsm_type_name(enum po_case_type t)
{
    return named(type_names, PO_CASE_NTYPES, (int)t);
}

const char *po_casefsm_state_name(enum po_case_state s)
{
    return named(state_names, PO_CS_NSTATES, (int)s);
}

const char *po_casefsm_event_name(enum po_case_event_kind e)
{
    return named(event_names, PO_EV_NKINDS, (int)e);
}

const char *po_casefsm_role_name(enum po_role r)
{
    return bit_name(role_names, sizeof(role_names) / sizeof(role_names[0]), (unsigned)r);
}

const char *po_casefsm_equipment_name(enum po_equipment_status s)
{
    return (size_t)s < sizeof(equipment_names) / sizeof(equipment_names[0]) ? equipment_names[s]
                                                                            : NULL;
}

const char *po_casefsm_enterprise_name(enum po_enterprise_status s)
{
    return (size_t)s < sizeof(enterprise_names) / sizeof(enterprise_names[0]) ? enterprise_names[s]
                                                                              : NULL;
}

const char *po_casefsm_field_name(unsigned fields)
{
    return bit_name(field_names, PO_F_COUNT, fields);
}

const char *po_casefsm_doc_name(unsigned documents)
{
    return bit_name(doc_names, PO_DOC_COUNT, documents);
}

const char *po_casefsm_seal_name(unsigned checklist)
{
    return bit_name(seal_names, PO_SEAL_COUNT, checklist);
}

static int lookup(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

static int bit_parse(unsigned *out, const char *const *names, size_t n, const char *s)
{
    int i = lookup(names, n, s);
    if (i < 0)
        return PO_EINVAL;
    *out = 1u << i;
    return 0;
}

int po_casefsm_field_parse(unsigned *out, const char *s)
{
    return bit_parse(out, field_names, PO_F_COUNT, s);
}

int po_casefsm_doc_parse(unsigned *out, const char *s)
{
    return bit_parse(out, doc_names, PO_DOC_COUNT, s);
}

int po_casefsm_seal_parse(unsigned *out, const char *s)
{
    return bit_parse(out, seal_names, PO_SEAL_COUNT, s);
}

int po_casefsm_state_parse(enum po_case_state *out, const char *s)
{
    int i = lookup(state_names, PO_CS_NSTATES, s);
    if (i < 0)
        return PO_EINVAL;
    *out = (enum po_case_state)i;
    return 0;
}

int po_casefsm_event_parse(enum po_case_event_kind *out, const char *s)
{
    int i = lookup(event_names, PO_EV_NKINDS, s);
    if (i < 0)
        return PO_EINVAL;
    *out = (enum po_case_event_kind)i;
    return 0;
}

int po_casefsm_type_parse(enum po_case_type *out, const char *s)
{
    int i = lookup(type_names, PO_CASE_NTYPES, s);
    if (i < 0)
        return PO_EINVAL;
    *out = (enum po_case_type)i;
    return 0;
}

/*
 * The case type a finding leads to, by its criterion and measure (data/rules.csv names): the
 * lifecycle whose first step is the measure the rule names.  三(三) (production factors) has no
 * lifecycle of its own: factor-supply control is the intensity lifecycle's first step
 * (control_supply), and its exits (phase-out plan, shutdown) are the industrial-policy
 * lifecycle's shutdown.  A 1609 baseline finding (EN-BASELINE: renovate within the deadline)
 * is rectification then exit, the quota lifecycle.  First match wins; NULL matches any measure.
 */
static const struct {
    const char *criterion, *measure;
    enum po_case_type type;
} finding_types[] = {
    { "industrial_policy", NULL, PO_CASE_INDUSTRIAL_POLICY },
    { "energy", "factor_supply_control", PO_CASE_ENERGY_INTENSITY },
    { "energy", NULL, PO_CASE_ENERGY_QUOTA },
    { "production_factor", "factor_supply_control", PO_CASE_ENERGY_INTENSITY },
    { "production_factor", NULL, PO_CASE_INDUSTRIAL_POLICY },
    { "environment", NULL, PO_CASE_ENVIRONMENT },
    { "safety", NULL, PO_CASE_SAFETY },
    { "quality", NULL, PO_CASE_QUALITY },
};

int po_casefsm_type_for_finding(enum po_case_type *out, const char *criterion, const char *measure)
{
    for (size_t i = 0; criterion && i < sizeof(finding_types) / sizeof(finding_types[0]); i++)
        if (strcmp(finding_types[i].criterion, criterion) == 0 &&
            (!finding_types[i].measure ||
             (measure && !strcmp(finding_types[i].measure, measure)))) {
            *out = finding_types[i].type;
            return 0;
        }
    return PO_EINVAL;
}

void po_casefsm_init(struct po_case *out, enum po_case_type type)
{
    memset(out, 0, sizeof(*out));
    out->type = type;
    out->state = PO_CS_OPEN;
}

const struct po_case_transition *po_casefsm_table(size_t *n)
{
    *n = NROWS;
    return table;
}

const struct po_case_transition *po_casefsm_find(enum po_case_type type, enum po_case_state from,
                                                 enum po_case_event_kind event)
{
    for (size_t i = 0; i < NROWS; i++)
        if (table[i].type == type && table[i].from == from && table[i].event == event)
            return &table[i];
    return NULL;
}

size_t po_casefsm_allowed(enum po_case_event_kind *out, size_t cap, const struct po_case *c,
                          unsigned role)
{
    size_t n = 0;
    for (size_t i = 0; i < NROWS; i++) {
        if (table[i].type != c->type || table[i].from != c->state || !(table[i].roles & role))
            continue;
        if (n < cap)
            out[n] = table[i].event;
        n++;
    }
    return n;
}

/* The guard of row t for event ev on case c (the row names it; casefsm.h enum po_case_guard). */
static int guard(const struct po_case_transition *t, const struct po_case *c,
                 const struct po_casefsm_params *params, const struct po_case_event *ev,
                 struct po_err *err)
{
    unsigned missing;
    switch (t->guard) {
    case PO_G_NONE:
        return 0;
    case PO_G_FIRST_EXTENSION: { /* 三(二): 延期申请 of at most the city's months, once */
        int months = t->event == PO_EV_APPROVE_EXTENSION ? c->requested_months : ev->months;
        /* without params (po_casefsm_guard_now) only the count is asked: any months pass */
        return po_deadline_extension_check(
            months, c->extensions, params ? params->quota_extension_max_months : months, err);
    }
    case PO_G_SEAL_CHECKLIST: /* 三(一):
                                 断水、断电、拆除动力装置、封存主体设备、公开承诺、门户网站公告 */
        missing = PO_SEAL_ALL & ~(c->checklist | ev->checklist);
        if (missing)
            return po_err_set(err, PO_EINVAL, "封存前清单未完成：缺少 %s",
                              "the sealing checklist is incomplete: %s is missing",
                              po_casefsm_seal_name(missing));
        if (ev->months < 1 || ev->months > 120)
            return po_err_set(err, PO_EINVAL, "拆除期限 %d 个月超出范围（1–120）",
                              "dismantling deadline of %d months out of range (1-120)", ev->months);
        return 0;
    case PO_G_OVERDUE: {
        /* overdue only when every reading's last day has passed (the later date): the
         * authority acts on a missed deadline only when it is missed under any reading */
        char b[PO_DATE_BUFSZ];
        if (c->has_deadline && c->deadline_provisional)
            return po_err_set(err, PO_EINVAL,
                              "期限 %s 为暂定（%d 年节假日安排尚未载入），载入该年节假日安排后"
                              "方可认定逾期",
                              "the deadline %s is provisional (no holiday calendar for %d yet); "
                              "load that year's calendar before treating it as missed",
                              po_deadline_format_date(b, sizeof(b), c->deadline_alt),
                              c->uncovered_year);
        if (!c->has_deadline || po_date_cmp(ev->on, c->deadline_alt) <= 0)
            return po_err_set(
                err, PO_EINVAL, "期限 %s 尚未届满", "the deadline %s has not passed",
                c->has_deadline ? po_deadline_format_date(b, sizeof(b), c->deadline_alt) : "-");
        return 0;
    }
    case PO_G_RESETTLEMENT_PLAN: /* 实施意见 四(六): 妥善做好职工安置 before the capacity exits */
        if (ev->from_log || po_rplan_is_approved(ev->resettlement_plan))
            return 0;
        if (ev->resettlement_plan == PO_RPLAN_NONE)
            return po_err_set(
                err, PO_EINVAL,
                "未记录职工安置方案：“%s”须先有经职工代表大会或区人民政府批准的"
                "职工安置方案（实施意见 四(六)）",
                "no worker resettlement plan (职工安置方案) is recorded: \"%s\" needs "
                "a plan approved by the employees' congress or the district",
                po_casefsm_event_name(t->event));
        return po_err_set(err, PO_EINVAL,
                          "职工安置方案尚未批准（当前：%s%.0s）：“%s”须先有经批准的职工安置方案"
                          "（实施意见 四(六)）",
                          "the worker resettlement plan (职工安置方案) is not approved (%.0s%s): "
                          "\"%s\" needs an approved plan",
                          po_rplan_status_zh(ev->resettlement_plan),
                          po_rplan_status_name(ev->resettlement_plan),
                          po_casefsm_event_name(t->event));
    case PO_G_YEARS_WORST: /* 三(二): 直至停产退出, after the years the city sets */
        if (ev->years_worst < params->intensity_exit_years)
            return po_err_set(err, PO_EINVAL, "连续 %d 年处于排名后列，未达到市定的 %d 年",
                              "%d years in the worst group, fewer than the city's %d",
                              ev->years_worst, params->intensity_exit_years);
        return 0;
    }
    return po_err_set(err, PO_EINTERNAL, "未知的条件 %d", "unknown guard %d", (int)t->guard);
}

/* The checks of one row, in the order a user fixes them: role, fields, documents, guard. */
static int check(const struct po_case_transition *t, const struct po_case *c,
                 const struct po_casefsm_params *params, const struct po_case_event *ev,
                 struct po_err *err)
{
    const char *ev_name = po_casefsm_event_name(ev->kind);
    if (!(t->roles & (unsigned)ev->role))
        return po_err_set(err, PO_EPERM, "角色 %s 无权执行“%s”", "role %s may not take \"%s\"",
                          po_casefsm_role_name(ev->role), ev_name);
    unsigned missing = t->fields & ~ev->fields;
    if ((t->fields & PO_F_REASON) && (!ev->reason || !ev->reason[0]))
        missing |= PO_F_REASON;
    if (missing)
        return po_err_set(err, PO_EINVAL, "“%s”缺少字段 %s", "\"%s\" needs the field %s", ev_name,
                          po_casefsm_field_name(missing));
    if ((t->fields & PO_F_LIMIT_LEVEL) && (ev->limit_level_pct < 1 || ev->limit_level_pct > 99))
        return po_err_set(err, PO_EINVAL, "限产水平 %d%% 超出范围（1–99）",
                          "production limit of %d%% out of range (1-99)", ev->limit_level_pct);
    missing = t->documents & ~ev->documents;
    if (missing)
        return po_err_set(err, PO_EINVAL, "“%s”缺少文书 %s", "\"%s\" needs the document %s",
                          ev_name, po_casefsm_doc_name(missing));
    return guard(t, c, params, ev, err);
}

int po_casefsm_guard_now(const struct po_case *c, const struct po_case_transition *t,
                         struct po_date on, struct po_err *err)
{
    /* the guards that depend on the event's own input (the checklist, the dismantling months,
     * the years in the worst group) are the form's to fill in, not a reason to hide the step */
    if (t->guard != PO_G_FIRST_EXTENSION && t->guard != PO_G_OVERDUE)
        return 0;
    struct po_case_event ev = { .kind = t->event, .on = on, .months = 1 };
    return guard(t, c, NULL, &ev, err);
}

bool po_casefsm_final_exit_ahead(enum po_case_type t, enum po_case_state s)
{
    /* the lifecycles are small (at most a handful of states): a breadth-first walk over rows */
    bool seen[PO_CS_NSTATES] = { false };
    enum po_case_state queue[PO_CS_NSTATES];
    size_t head = 0, tail = 0;
    if ((int)s < 0 || s >= PO_CS_NSTATES)
        return false;
    seen[s] = true;
    queue[tail++] = s;
    while (head < tail) {
        enum po_case_state from = queue[head++];
        for (size_t i = 0; i < NROWS; i++) {
            if (table[i].type != t || table[i].from != from)
                continue;
            if (table[i].guard == PO_G_RESETTLEMENT_PLAN)
                return true;
            if (!seen[table[i].to]) {
                seen[table[i].to] = true;
                queue[tail++] = table[i].to;
            }
        }
    }
    return false;
}

/* The city's rectification period of a case type (三(二) energy quota, 三(六) quality). */
static int rectify_months(const struct po_casefsm_params *params, enum po_case_type type)
{
    return type == PO_CASE_QUALITY ? params->quality_rectify_months : params->quota_rectify_months;
}

/* The deadline a row sets, computed under Civil Code arts. 201-203 (deadline.c). */
static int set_deadline(struct po_case *c, const struct po_case_transition *t,
                        const struct po_casefsm_params *params, const struct po_calendar *cal,
                        const struct po_case_event *ev, struct po_err *err)
{
    struct po_period p;
    struct po_extension x;
    int rc = 0;
    switch (t->deadline) {
    case PO_DL_KEEP:
        return 0;
    case PO_DL_NONE:
        c->has_deadline = false;
        c->deadline_provisional = false;
        c->uncovered_year = 0;
        return 0;
    case PO_DL_RECTIFY:
    case PO_DL_FIELD:
        rc = po_deadline_period(
            &p, cal, ev->on, PO_PERIOD_MONTHS,
            t->deadline == PO_DL_RECTIFY ? rectify_months(params, c->type) : ev->months, err);
        if (rc < 0)
            return rc;
        c->period = p;
        c->deadline = p.last;
        c->deadline_alt = p.alt_last;
        c->has_deadline = true;
        c->deadline_provisional = p.provisional;
        c->uncovered_year = p.uncovered_year;
        return 0;
    case PO_DL_EXTEND:
        rc = po_deadline_extend(&x, cal, &c->period, c->requested_months,
                                params->quota_extension_max_months, err);
        if (rc < 0)
            return rc;
        c->period = x.reading[x.chosen];
        c->deadline = x.reading[x.chosen].last;
        c->deadline_alt = c->deadline;
        for (int i = 0; i < PO_EXT_NBASES; i++)
            if (x.has[i] && po_date_cmp(x.reading[i].alt_last, c->deadline_alt) > 0)
                c->deadline_alt = x.reading[i].alt_last;
        c->deadline_provisional = x.provisional;
        c->uncovered_year = x.uncovered_year;
        c->extensions++;
        return 0;
    }
    return po_err_set(err, PO_EINTERNAL, "未知的期限规则 %d", "unknown deadline rule %d",
                      (int)t->deadline);
}

int po_casefsm_apply(struct po_case *c, const struct po_case_transition **taken,
                     const struct po_casefsm_params *params, const struct po_calendar *cal,
                     const struct po_case_event *ev, struct po_err *err)
{
    const struct po_case_transition *t = po_casefsm_find(c->type, c->state, ev->kind);
    if (!t)
        return po_err_set(err, PO_EINVAL, "%s 案件在“%s”状态下不能执行“%s”",
                          "a %s case in state \"%s\" cannot take \"%s\"",
                          po_casefsm_type_name(c->type), po_casefsm_state_name(c->state),
                          po_casefsm_event_name(ev->kind));
    if (!po_deadline_date_valid(ev->on))
        return po_err_set(err, PO_EINVAL, "事件日期无效", "the event's date is invalid");
    struct po_case next = *c;
    int rc = check(t, c, params, ev, err);
    if (rc == 0)
        rc = set_deadline(&next, t, params, cal, ev, err);
    if (rc < 0)
        return rc;
    if (ev->kind == PO_EV_REQUEST_EXTENSION)
        next.requested_months = ev->months;
    if (ev->kind == PO_EV_LIMIT_PRODUCTION)
        next.limit_level_pct = ev->limit_level_pct;
    next.checklist |= ev->checklist;
    next.state = t->to;
    if (t->equipment != PO_EQ_UNCHANGED)
        next.equipment = t->equipment;
    if (t->enterprise != PO_ENT_UNCHANGED)
        next.enterprise = t->enterprise;
    *c = next;
    if (taken)
        *taken = t;
    return 0;
}
