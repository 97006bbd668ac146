/*
 * casefsm.h: the lifecycles of enforcement cases (issue 6), as tables of transitions.
 *
 * A finding becomes a case of one of six types, one per measure of the
 * Wuhai implementing opinion (乌海市落实能耗双控措施依法依规推动落后产能退出的实施意见,
 * ../shared/policy/000_*.txt, part 三): energy quota and energy intensity
 * (三(二)), industrial policy (三(一)), environment (三(四)), safety (三(五)),
 * quality (三(六)).  Each type's lifecycle is a static table of rows
 *     { type, from, event, to, roles, fields, documents, guard, deadline,
 *       equipment status, enterprise status, legal basis }
 * (po_casefsm_table()), so the rules can be read, printed and tested row by
 * row.  A pair (state, event) that has no row for the type is refused.
 *
 * Persisting a case (the store layer, next): a case is its type, state,
 * deadline and the history of the events applied to it.  struct po_case
 * holds everything apply() needs; it can be stored as is, or rebuilt by
 * po_casefsm_init() and applying the stored events in order with the same
 * calendar.  States, events, types and roles have stable ASCII names
 * (po_casefsm_*_name / _parse) for the database and the API.
 *
 * Pure: no I/O, no clock ("today" is the event's date), no globals; the
 * calendar and the city's parameters are passed in.  Thread-safe.
 *
 * Memory: the transition table and every name are static, never freed; a struct po_case is the
 * caller's.  Errors: po_casefsm_apply returns PO_EINVAL, PO_EPERM or PO_ENOTFOUND, listed at the
 * function, with c unchanged; po_casefsm_guard_now and po_casefsm_type_for_finding PO_EINVAL; the
 * _parse functions 0 or PO_EINVAL without a message.
 */
#ifndef PO_CASEFSM_H
#define PO_CASEFSM_H

#include <stdbool.h>
#include <stddef.h>

#include "core/deadline.h"
#include "core/resettle.h"
#include "util/err.h"

enum po_case_type {
    PO_CASE_ENERGY_QUOTA,      /* over a compulsory energy quota standard, 三(二) */
    PO_CASE_ENERGY_INTENSITY,  /* in the city's worst 20% by intensity, 三(二) */
    PO_CASE_INDUSTRIAL_POLICY, /* eliminated-category process or equipment, 三(一) */
    PO_CASE_ENVIRONMENT,       /* emissions over standard, 三(四) */
    PO_CASE_SAFETY,            /* safety conditions not met, 三(五) */
    PO_CASE_QUALITY,           /* products below compulsory standards, 三(六) */
    PO_CASE_NTYPES
};

enum po_case_state {
    PO_CS_OPEN,                /* finding recorded, nothing ordered yet */
    PO_CS_RECTIFYING,          /* rectification ordered, deadline running */
    PO_CS_EXTENSION_REQUESTED, /* the enterprise asked for more time */
    PO_CS_PASSED,              /* re-inspection passed / rectified */
    PO_CS_FAILED,              /* re-inspection failed or deadline missed */
    PO_CS_EXIT_ORDERED,        /* 停产退出 ordered */
    PO_CS_EXITED,              /* capacity exited */
    PO_CS_CLOSED,              /* case closed, the enterprise complies */
    PO_CS_SUPPLY_CONTROLLED,   /* factor supply controlled (要素供给) */
    PO_CS_PRODUCTION_LIMITED,  /* production limited at a level */
    PO_CS_SHUTDOWN_ORDERED,    /* 关停取缔 ordered */
    PO_CS_SEALED,              /* line sealed, dismantling deadline running */
    PO_CS_DISMANTLED,          /* main equipment dismantled */
    PO_CS_REPORTED,            /* exit reported to the MIIT bureau */
    PO_CS_RESTRICTED,          /* production limited or suspended for rectification */
    PO_CS_CLOSURE_PROPOSED,    /* closure proposed to the government with authority */
    PO_CS_CLOSED_DOWN, /* enterprise closed (责令停业、关闭 / 予以关闭 / 关停退出) */
    PO_CS_SUSPENDED,   /* 停产停业整顿 */
    PO_CS_RESUMED,     /* passed, production resumed */
    PO_CS_LICENCE_REVOKED, /* closed and its licences revoked */
    PO_CS_NSTATES
};

enum po_case_event_kind {
    PO_EV_ORDER_RECTIFICATION,
    PO_EV_REQUEST_EXTENSION,
    PO_EV_APPROVE_EXTENSION,
    PO_EV_REFUSE_EXTENSION,
    PO_EV_REINSPECT_PASS,
    PO_EV_REINSPECT_FAIL,
    PO_EV_OVERDUE,
    PO_EV_ORDER_EXIT,
    PO_EV_CONFIRM_EXIT,
    PO_EV_CLOSE,
    PO_EV_CONTROL_SUPPLY,
    PO_EV_LIMIT_PRODUCTION,
    PO_EV_LEAVE_WORST_GROUP,
    PO_EV_ORDER_SHUTDOWN,
    PO_EV_SEAL,
    PO_EV_DISMANTLE,
    PO_EV_REPORT,
    PO_EV_ORDER_LIMIT,
    PO_EV_ORDER_SUSPEND,
    PO_EV_PROPOSE_CLOSURE,
    PO_EV_APPROVE_CLOSURE,
    PO_EV_REJECT_CLOSURE,
    PO_EV_RESUME,
    PO_EV_REVOKE_LICENCE,
    PO_EV_NKINDS
};

/* Who may take a transition (bit flags).  SYSTEM is the scheduled tick (overdue). */
enum po_role {
    PO_ROLE_MIIT = 1u << 0,       /* 市工业和信息化局 */
    PO_ROLE_DRC = 1u << 1,        /* 市发展和改革委 */
    PO_ROLE_ENERGY = 1u << 2,     /* 市能源局 */
    PO_ROLE_ECO_ENV = 1u << 3,    /* 市生态环境局 */
    PO_ROLE_EMERGENCY = 1u << 4,  /* 市应急管理局 */
    PO_ROLE_MARKET = 1u << 5,     /* 市市场监管局 */
    PO_ROLE_DISTRICT = 1u << 6,   /* 区政府 */
    PO_ROLE_CITY_ADMIN = 1u << 7, /* the system's administrator at the city */
    PO_ROLE_GOVERNMENT = 1u << 8, /* 有批准权的人民政府 */
    PO_ROLE_SYSTEM = 1u << 9,     /* the scheduled tick: overdue */
};

/* Fields an event carries (bit flags); a transition lists those it requires. */
enum po_case_field {
    PO_F_REASON = 1u << 0,      /* a written reason */
    PO_F_MONTHS = 1u << 1,      /* extension months / dismantling deadline in months */
    PO_F_LIMIT_LEVEL = 1u << 2, /* production limit, percent of capacity */
    PO_F_YEARS_WORST = 1u << 3, /* consecutive years in the worst group */
    PO_F_LICENCE = 1u << 4,     /* the licence revoked */
};
#define PO_F_COUNT 5

/* Documents an event must attach (bit flags). */
enum po_case_doc {
    PO_DOC_ORDER = 1u << 0,        /* the order or notice served (整改/停产/关停 通知书) */
    PO_DOC_INSPECTION = 1u << 1,   /* inspection / re-inspection report */
    PO_DOC_APPLICATION = 1u << 2,  /* the enterprise's application */
    PO_DOC_DECISION = 1u << 3,     /* the authority's written decision */
    PO_DOC_RANKING = 1u << 4,      /* the year's intensity ranking */
    PO_DOC_PHOTOS = 1u << 5,       /* photos / acceptance record on site */
    PO_DOC_COMMITMENT = 1u << 6,   /* public commitment not to resume */
    PO_DOC_ANNOUNCEMENT = 1u << 7, /* announcement on the authority's portal */
    PO_DOC_REPORT = 1u << 8,       /* report to the MIIT bureau */
    PO_DOC_APPROVAL = 1u << 9,     /* approval of the government with authority */
};
#define PO_DOC_COUNT 10

/* The sealing checklist, 三(一): all six before `sealed`. */
enum po_seal_item {
    PO_SEAL_WATER_CUT = 1u << 0,
    PO_SEAL_POWER_CUT = 1u << 1,
    PO_SEAL_POWER_UNITS_REMOVED = 1u << 2,
    PO_SEAL_EQUIPMENT_SEALED = 1u << 3,
    PO_SEAL_COMMITMENT = 1u << 4,
    PO_SEAL_ANNOUNCEMENT = 1u << 5,
};
#define PO_SEAL_ALL 0x3fu
#define PO_SEAL_COUNT 6

enum po_case_guard {
    PO_G_NONE,
    PO_G_FIRST_EXTENSION, /* no extension granted yet, 1..the city's cap months (三(二)) */
    PO_G_SEAL_CHECKLIST,  /* the six items of 三(一) done */
    PO_G_OVERDUE,         /* the event's date is after the deadline */
    PO_G_YEARS_WORST,     /* still in the worst group for the city's number of years */
    /* the final exit of a case: an approved resettlement plan (职工安置方案: approved, executing
     * or done; 实施意见 四(六)), a fact of the event (struct po_case_event.resettlement_plan) */
    PO_G_RESETTLEMENT_PLAN,
};

enum po_case_deadline {
    PO_DL_KEEP,    /* the deadline does not change */
    PO_DL_NONE,    /* the deadline ends (nothing is due) */
    PO_DL_RECTIFY, /* the city's rectification period of the case type from the event's date */
    PO_DL_FIELD,   /* a period of the event's months from its date */
    PO_DL_EXTEND,  /* the running period extended by the event's months */
};

/* Registry statuses (migration 0001): what a case does to the equipment and enterprise. */
enum po_equipment_status {
    PO_EQ_UNCHANGED,
    PO_EQ_RUNNING,
    PO_EQ_LIMITED,
    PO_EQ_SUSPENDED,
    PO_EQ_SEALED,
    PO_EQ_DISMANTLED
};
enum po_enterprise_status {
    PO_ENT_UNCHANGED,
    PO_ENT_OPERATING,
    PO_ENT_LIMITED,
    PO_ENT_SUSPENDED,
    PO_ENT_CLOSED,
    PO_ENT_EXITED
};

struct po_case_transition {
    enum po_case_type type;
    enum po_case_state from;
    enum po_case_event_kind event;
    enum po_case_state to;
    unsigned roles;     /* enum po_role flags */
    unsigned fields;    /* enum po_case_field flags required */
    unsigned documents; /* enum po_case_doc flags required */
    enum po_case_guard guard;
    enum po_case_deadline deadline;
    enum po_equipment_status equipment;
    enum po_enterprise_status enterprise;
    const char *basis; /* document and article */
};

/* The city's parameters (data/city_params.csv, read by the caller: core loads nothing). */
struct po_casefsm_params {
    int intensity_exit_years; /* years in the worst group before exit (三(二): the city's) */
    int quota_rectify_months; /* energy quota: period to rectify (三(二)) */
    int quota_extension_max_months; /* energy quota: its one extension at most (三(二)) */
    int quality_rectify_months;     /* quality: period to rectify (三(六)) */
};

/* What an actor does; everything "now" comes in here. */
struct po_case_event {
    enum po_case_event_kind kind;
    enum po_role role;
    struct po_date on;  /* the day it takes effect (an order: the day it is served) */
    unsigned fields;    /* PO_F_* given */
    unsigned documents; /* PO_DOC_* attached */
    unsigned checklist; /* PO_SEAL_* done */
    int months;         /* with PO_F_MONTHS */
    int limit_level_pct;
    int years_worst;
    const char *reason; /* with PO_F_REASON */
    /* the case's resettlement plan as recorded when the event is taken (core/resettle.h), for
     * the rows guarded by PO_G_RESETTLEMENT_PLAN; PO_RPLAN_NONE (0): not recorded or not known,
     * and refused — a missing fact is never a verdict */
    enum po_rplan_status resettlement_plan;
    /* the event is read back from the case's log (a replay): the guards on facts outside the
     * case (PO_G_RESETTLEMENT_PLAN) held when it was taken and are not asked again */
    bool from_log;
};

struct po_case {
    enum po_case_type type;
    enum po_case_state state;
    bool has_deadline;
    struct po_date deadline;     /* the last day (reading 1, deadline.h) */
    struct po_date deadline_alt; /* the other reading where the law is unsettled */
    /* the deadline looked into a year the calendar lacks (PO_CAL_UNCOVERED_WEEKENDS):
     * counted with weekends only, recomputed by a replay with that year's calendar */
    bool deadline_provisional;
    int uncovered_year;      /* that year, 0 when the deadline is final */
    struct po_period period; /* the running period, for an extension */
    int extensions;          /* granted */
    int requested_months;    /* of the pending extension request */
    unsigned checklist;      /* PO_SEAL_* done so far */
    int limit_level_pct;
    enum po_equipment_status equipment;
    enum po_enterprise_status enterprise;
};

/* A new case of type, state OPEN, no deadline, statuses unchanged. */
void po_casefsm_init(struct po_case *out, enum po_case_type type);

/* All transitions of all types; *n gets the count.  Static, never freed. */
const struct po_case_transition *po_casefsm_table(size_t *n);

/* The transition for (type, from, event), or NULL when there is none. */
const struct po_case_transition *po_casefsm_find(enum po_case_type type, enum po_case_state from,
                                                 enum po_case_event_kind event);

/*
 * The events `role` may take from the case's state: up to cap written to
 * out, the number that exist returned.
 */
size_t po_casefsm_allowed(enum po_case_event_kind *out, size_t cap, const struct po_case *c,
                          unsigned role);

/*
 * Apply ev to c.  On success c is updated (state, deadline, statuses,
 * extension count) and *taken (may be NULL) is the row used.  On failure c
 * is unchanged and err says why in both languages:
 *   PO_EINVAL    no such transition from this state, a missing field or
 *                document, a guard not met (second extension, over the
 *                city's cap, checklist incomplete, not overdue ...);
 *   PO_EPERM     the role may not take it;
 *   PO_ENOTFOUND a deadline falls in a year the calendar does not cover and
 *                cal->uncovered is PO_CAL_UNCOVERED_ERROR.  With
 *                PO_CAL_UNCOVERED_WEEKENDS the deadline is provisional
 *                instead (deadline_provisional, uncovered_year), and an
 *                overdue event is refused (PO_EINVAL) while it is: a
 *                holiday of that year can still move the last day later.
 */
int po_casefsm_apply(struct po_case *c, const struct po_case_transition **taken,
                     const struct po_casefsm_params *params, const struct po_calendar *cal,
                     const struct po_case_event *ev, struct po_err *err);

/*
 * Whether the guard of t that depends on the case alone holds for an event on `on`, before the
 * event's own fields are known: a first extension only (PO_G_FIRST_EXTENSION, none granted
 * yet), an overdue event only after the later reading of the deadline and not while it is
 * provisional (PO_G_OVERDUE).  Guards on the event's input (the sealing checklist and months,
 * the years in the worst group) hold here: the form asks for them.  0, or PO_EINVAL with
 * casefsm's reason in both languages (the one po_casefsm_apply() would give).  Lists of what a
 * user may do now call it so they offer only what apply() will take.
 */
int po_casefsm_guard_now(const struct po_case *c, const struct po_case_transition *t,
                         struct po_date on, struct po_err *err);

/*
 * Whether a final exit (a row guarded by PO_G_RESETTLEMENT_PLAN: confirm_exit, dismantle,
 * approve_closure) can still be reached from state s of a case of type t, so that an exit
 * scheduled for the case still needs its resettlement plan.  False in a state already past it
 * or on a path that ends without exit (closed, resumed).
 */
bool po_casefsm_final_exit_ahead(enum po_case_type t, enum po_case_state s);

/*
 * The case type a finding of this criterion and measure (data/rules.csv names: "energy",
 * "factor_supply_control") is opened as: the lifecycle that starts with the measure the rule
 * names (table in casefsm.c).  0, or PO_EINVAL for an unknown criterion or NULL.
 */
int po_casefsm_type_for_finding(enum po_case_type *out, const char *criterion, const char *measure);

/* Stable ASCII names ("energy_quota", "rectifying", "order_rectification", "miit") and back. */
const char *po_casefsm_type_name(enum po_case_type t);
const char *po_casefsm_state_name(enum po_case_state s);
const char *po_casefsm_event_name(enum po_case_event_kind e);
const char *po_casefsm_role_name(enum po_role r);
const char *po_casefsm_equipment_name(enum po_equipment_status s);   /* NULL for UNCHANGED */
const char *po_casefsm_enterprise_name(enum po_enterprise_status s); /* NULL for UNCHANGED */
/*
 * Stable ASCII names of the flags an event carries, for the database, the API and the CLI:
 * PO_F_* ("reason", "months", "limit_level", "years_worst", "licence"), PO_DOC_* ("order",
 * "inspection", "application", ... as attachments are stored) and PO_SEAL_* ("water_cut",
 * "power_cut", ...).  Of a set of bits the lowest one's name; "?" for none.  The _parse
 * functions set *out to the one bit named and return 0, or return PO_EINVAL ("all" of the
 * checklist is the caller's: PO_SEAL_ALL).
 */
const char *po_casefsm_field_name(unsigned fields);
const char *po_casefsm_doc_name(unsigned documents);
const char *po_casefsm_seal_name(unsigned checklist);
int po_casefsm_field_parse(unsigned *out, const char *s);
int po_casefsm_doc_parse(unsigned *out, const char *s);
int po_casefsm_seal_parse(unsigned *out, const char *s);
int po_casefsm_state_parse(enum po_case_state *out, const char *s);
int po_casefsm_event_parse(enum po_case_event_kind *out, const char *s);
int po_casefsm_type_parse(enum po_case_type *out, const char *s);

#endif
