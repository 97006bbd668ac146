/*
 * creditdb.h: the consequences of a missed deadline (issue 15 §1-3) — credit records for the
 * national credit information sharing platform with their repair flow, joint punishment per
 * department, and the two lists for banks.
 *
 * A credit record is an administrative measure of data/credit_measures.csv (order_exit,
 * order_shutdown, order_suspend, order_limit, approve_closure, revoke_licence) taken on a case
 * after the case missed its deadline (an earlier `overdue` or `reinspect_fail` event).  Records
 * are derived from the append-only case log, never stored; their id is "CASE-SEQ" (the case and
 * the measure's event number).  Each carries the fields of data/credit_fields.csv, filled from
 * the enterprise (name, code, 法定代表人), the event (date; `decision_no` field or the notice
 * issued for it, app/noticedb.h), the finding (facts, legal basis), data/credit_periods.csv
 * (violation type, public period) and the authority (data/authorities.csv, its code from
 * `credit authority`).  po_credit_check (core/credit.h) lists what is missing: such a record is
 * reported, never exported half-filled.
 *
 * Repair (信用修复): the enterprise applies with its proof after the shortest public period, the
 * city bureau approves (the record is withdrawn, and the withdrawal goes out in the next export)
 * or refuses; at the end of the longest period the record leaves the list by itself.
 * po_creditdb_tick flags records whose period ends within 30 days or has ended.
 *
 * Joint punishment: while a record is in force (public or repair requested), each measure of
 * data/joint_measures.csv applies, by the department the file names; a department records what it
 * did (measure, date, document).  Banks: `restrict` lists enterprises with a record in force or a
 * case past its deadline (no new credit); `support` those the city recorded as having left
 * low-end capacity of their own accord, merged, restructured or transformed (实施意见 三(七)).
 *
 * Memory: JSON returned is the caller's (json_decref); text in the arena given.  Errors: PO_EINVAL
 * with a bilingual message (bad date, refused step, unknown measure or department, wrong role),
 * PO_ENOTFOUND (no such record, enterprise or authority), those of the store and of
 * refdata/reftext.h; err filled.
 */
#ifndef PO_CREDITDB_H
#define PO_CREDITDB_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "store/store.h"

struct po_arena;

struct po_credit_q {
    const char *as_of;    /* YYYY-MM-DD */
    const char *scope;    /* a district code, or NULL for the city */
    const char *uscc;     /* one enterprise, or NULL */
    const char *status;   /* public|repair_requested|withdrawn|expired, or NULL */
    const char *record;   /* one record "CASE-SEQ", or NULL */
};

/*
 * Every record as of q->as_of: objects {id, case_id, event_seq, uscc, name, district_code,
 * case_type, event, decided_on, status, status_zh, repair_from, public_until, withdrawn_on,
 * fields: {key: value}, problems: [{field, name_zh, why_zh, why_en}], complete, events: [...],
 * actions: [...], flags: [...]}, in decision-date order.
 */
json_t *po_creditdb_records(struct po_store *st, struct po_arena *a, const struct po_credit_q *q,
                            struct po_err *err);

/* The field list of data/credit_fields.csv: [{key, name_zh, format, required, max_len}]. */
json_t *po_creditdb_fields(struct po_arena *a, struct po_err *err);

/* A record id "CASE-SEQ" into its parts; PO_EINVAL saying the form. */
int po_creditdb_parse_id(int64_t *case_id, int64_t *seq, const char *id, struct po_err *err);

/* A repair step (repair_apply|repair_approve|repair_refuse) on day `on`, audited. */
int po_creditdb_repair(struct po_store *st, struct po_arena *a, const char *record,
                       const char *kind, const char *on, const char *note, const char *proof,
                       const char *actor, struct po_err *err);

/* The unified social credit code of an authority of data/authorities.csv, audited. */
int po_creditdb_set_authority(struct po_store *st, struct po_arena *a, const char *code,
                              const char *uscc, const char *actor, struct po_err *err);

/* An enterprise eligible for credit support (kind voluntary_exit|merger|restructuring|
 * transformation, the day, the document), audited. */
int po_creditdb_support_add(struct po_store *st, struct po_arena *a, const char *uscc,
                            const char *kind, const char *on, const char *document,
                            const char *note, const char *actor, struct po_err *err);

/*
 * The joint-punishment list of one department (a role name of data/joint_measures.csv, or NULL
 * for every department): per record in force and measure of that department, {record, uscc,
 * name, district_code, measure, area_zh, department, department_zh, measure_zh, basis_zh,
 * since, actions: [...]}.
 */
json_t *po_creditdb_joint_list(struct po_store *st, struct po_arena *a, const char *department,
                               const char *as_of, const char *scope, struct po_err *err);

/* What a department did on a record under a measure; role must be the measure's department
 * (or city, recording for it).  Refused when the record is not in force on `on`.  Audited. */
int po_creditdb_joint_record(struct po_store *st, struct po_arena *a, const char *record,
                             const char *measure, const char *on, const char *document,
                             const char *note, const char *role, const char *actor,
                             struct po_err *err);

/* The departments of data/joint_measures.csv: [{department, department_zh, measures: [...]}]. */
json_t *po_creditdb_departments(struct po_arena *a, struct po_err *err);

/* A bank list (restrict|support) as of a day: [{uscc, name, district_code, reason_zh,
 * reason_en, since, basis_zh}]. */
json_t *po_creditdb_bank_list(struct po_store *st, struct po_arena *a, const char *which,
                              const char *as_of, struct po_err *err);

/* An audit entry for a file handed out (the credit platform's export, a bank list): action
 * e.g. "credit.export" or "credit.bank_download", object and detail as written. */
int po_creditdb_audit_download(struct po_store *st, const char *actor, const char *action,
                               const char *object, const char *detail, struct po_err *err);

/* Flags for records whose public period ends within `days` days of as_of or has ended; each
 * flag is made once (table credit_flag).  *made gets how many are new. */
int po_creditdb_tick(struct po_store *st, struct po_arena *a, const char *as_of, int days,
                     int64_t *made, struct po_err *err);

#endif
