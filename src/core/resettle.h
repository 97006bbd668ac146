/*
 * resettle.h: worker resettlement of an exit case (职工安置, 实施意见 四(六); issue 15 §5).
 *
 * A case whose capacity exits has two plans, the resettlement plan (职工安置方案, kind
 * resettlement) and the risk-handling plan (风险处置预案, kind risk).  Each goes
 *     draft -> submitted -> approved -> executing -> done
 * with one way back, submitted -> draft (returned for revision).  Approval is by the
 * employees' congress (职工代表大会, congress) or by the district government (district), and
 * the approval names which, with its document.  The store keeps every step (append-only); the
 * current status is the last step, derived (app/resettledb.h).
 *
 * The employees affected are counted per group (contract, dispatched, near_retirement), and
 * the outcomes per group and kind (re-employed internally or elsewhere, retired early, social
 * insurance transferred, trained, compensated) as counts and an amount in fen (yuan × 100,
 * exact: money never passes through binary floating point).
 *
 * Pure: names, parsing and the step rule; no I/O.  Thread-safe.  Memory: every name is static.
 * Errors: po_rplan_step_check() and po_resettle_amount_parse() PO_EINVAL with the reason in both
 * languages; the _parse functions 0 or PO_EINVAL without a message.
 */
#ifndef PO_RESETTLE_H
#define PO_RESETTLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum po_rplan_kind {
    PO_RPLAN_RESETTLEMENT, /* 职工安置方案 */
    PO_RPLAN_RISK,         /* 风险处置预案 */
    PO_RPLAN_NKINDS
};

/* A plan's status; NONE: no step recorded (a missing fact, never a verdict). */
enum po_rplan_status {
    PO_RPLAN_NONE = 0,
    PO_RPLAN_DRAFT,
    PO_RPLAN_SUBMITTED,
    PO_RPLAN_APPROVED,
    PO_RPLAN_EXECUTING,
    PO_RPLAN_DONE,
    PO_RPLAN_NSTATUS
};

/* Who approved a plan. */
enum po_rplan_approver {
    PO_RAPPROVER_NONE = 0,
    PO_RAPPROVER_CONGRESS, /* 职工代表大会 */
    PO_RAPPROVER_DISTRICT, /* 区人民政府 */
};

enum po_worker_group {
    PO_WG_CONTRACT,        /* 合同制职工 */
    PO_WG_DISPATCHED,      /* 劳务派遣人员 */
    PO_WG_NEAR_RETIREMENT, /* 临近退休人员 */
    PO_WG_N
};

enum po_resettle_outcome {
    PO_RO_REEMPLOYED_INTERNAL,   /* 内部转岗安置 */
    PO_RO_REEMPLOYED_EXTERNAL,   /* 外部再就业 */
    PO_RO_RETIRED_EARLY,         /* 内部退养 / 提前退休 */
    PO_RO_INSURANCE_TRANSFERRED, /* 社会保险关系转移接续 */
    PO_RO_TRAINED,               /* 转岗培训 */
    PO_RO_COMPENSATED,           /* 经济补偿 */
    PO_RO_N
};

/* approved, executing or done: what the final exit of a case needs (core/casefsm.h). */
bool po_rplan_is_approved(enum po_rplan_status s);

/*
 * Whether a plan at status `from` may take the step to `to`, approved by `by` (only with
 * approved, and then required), with a document (required from submitted on: the plan as
 * submitted, the approving resolution or decision, the execution report).  0, or PO_EINVAL
 * naming the plan (职工安置方案 / 风险处置预案) and the step refused.
 */
int po_rplan_step_check(enum po_rplan_kind kind, enum po_rplan_status from, enum po_rplan_status to,
                        enum po_rplan_approver by, bool has_document, struct po_err *err);

/*
 * A non-negative amount of yuan with at most two decimals ("12345.6", "0") as fen in *out.
 * PO_EINVAL with the reason (not a number, more than two decimals, negative, too large).
 */
int po_resettle_amount_parse(int64_t *out, const char *s, struct po_err *err);

/* fen as yuan with two decimals ("12345.60"); buf of at least 32. */
const char *po_resettle_amount_format(char *buf, size_t n, int64_t fen);

/* Stable ASCII names (database, API, CLI, import) and Chinese labels; "?" when out of range. */
const char *po_rplan_kind_name(enum po_rplan_kind k);
const char *po_rplan_kind_zh(enum po_rplan_kind k);
const char *po_rplan_status_name(enum po_rplan_status s); /* "none" for NONE */
const char *po_rplan_status_zh(enum po_rplan_status s);
const char *po_rplan_approver_name(enum po_rplan_approver a); /* NULL for NONE */
const char *po_rplan_approver_zh(enum po_rplan_approver a);
const char *po_worker_group_name(enum po_worker_group g);
const char *po_worker_group_zh(enum po_worker_group g);
const char *po_resettle_outcome_name(enum po_resettle_outcome o);
const char *po_resettle_outcome_zh(enum po_resettle_outcome o);
int po_rplan_kind_parse(enum po_rplan_kind *out, const char *s);
int po_rplan_status_parse(enum po_rplan_status *out, const char *s); /* not "none" */
int po_rplan_approver_parse(enum po_rplan_approver *out, const char *s);
int po_worker_group_parse(enum po_worker_group *out, const char *s);
int po_resettle_outcome_parse(enum po_resettle_outcome *out, const char *s);

#endif
