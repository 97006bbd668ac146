/*
 * resettledb.c: worker resettlement in the database (resettledb.h).
 *
 * Current values are derived, never stored: a plan's status is its last step, a headcount the
 * case's last count, an outcome figure the last row of its (case, group, outcome).  Each read
 * is one query with correlated subqueries (the same SQL on both backends); the figures that
 * need the state machine (the scheduled exit, whether a final exit is still ahead) are
 * computed here from the rows.  Money is fen in int64 from end to end, formatted once.
 */
#include "app/resettledb.h"
#include "app/audit.h"
#include "app/listq.h"
#include "core/casefsm.h"
#include "core/deadline.h"
#include "refdata/cityparams.h"
#include "util/buf.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define OOM(err) po_err_set(err, PO_ENOMEM, "内存不足", "out of memory")

/* The current status of a plan: its last step. */
static const char plan_status_sql[] = "SELECT status FROM resettlement_plan_event"
                                      " WHERE case_id = ? AND kind = ? ORDER BY seq DESC LIMIT 1";

int po_resettledb_plan_status(enum po_rplan_status *out, struct po_store *st, int64_t case_id,
                              enum po_rplan_kind kind, struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct po_value v[2] = { po_vint(case_id), po_vtext(po_rplan_kind_name(kind)) };
    *out = PO_RPLAN_NONE;
    int rc = po_stmt_prepare(&s, st, plan_status_sql, err);
    if (rc == 0)
        rc = po_stmt_bindv(s, v, 2, err);
    if (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        const char *t = po_stmt_text(s, 0);
        rc = po_rplan_status_parse(out, t ? t : "") < 0
                 ? po_err_set(err, PO_EINTERNAL, "存储的方案状态 \"%s\" 无法识别",
                              "stored plan status \"%s\" unknown", t ? t : "")
                 : 0;
    }
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

int po_resettledb_case_exists(struct po_store *st, int64_t id, struct po_err *err)
{
    int64_t n = 0;
    struct po_value v = po_vint(id);
    int rc = po_store_query_int(&n, st, "SELECT count(*) FROM case_file WHERE id = ?", &v, 1, err);
    if (rc == 0 && n == 0)
        rc = po_err_set(err, PO_ENOTFOUND, "没有案件 %" PRId64, "no case %" PRId64, id);
    return rc;
}

/* The next seq of the case's rows in a table (sql: its max), once the case is known to exist. */
static int case_next_seq(int64_t *out, struct po_store *st, int64_t id, const char *sql,
                         struct po_err *err)
{
    struct po_value v = po_vint(id);
    *out = 0;
    int rc = po_resettledb_case_exists(st, id, err);
    if (rc == 0)
        rc = po_store_query_int(out, st, sql, &v, 1, err);
    *out += 1;
    return rc;
}

static int audit(struct po_store *st, const char *at, const char *actor, const char *action,
                 int64_t case_id, struct po_buf *d, struct po_err *err)
{
    char object[32];
    snprintf(object, sizeof(object), "case/%" PRId64, case_id);
    if (po_buf_failed(d))
        return OOM(err);
    return po_audit_append(st, at, actor, action, object, d->buf, err);
}

static bool given(const char *s)
{
    return s && s[0];
}

/* The last step of a plan: its status and day (PO_RPLAN_NONE and no day when none). */
static int last_step(enum po_rplan_status *status, char *on, size_t n, int64_t *seq,
                     struct po_store *st, const struct po_rplan_step_in *in, struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct po_value v[2] = { po_vint(in->case_id), po_vtext(po_rplan_kind_name(in->kind)) };
    *status = PO_RPLAN_NONE;
    *seq = 0;
    on[0] = 0;
    int rc = po_stmt_prepare(&s, st,
                             "SELECT status, on_date, seq FROM resettlement_plan_event"
                             " WHERE case_id = ? AND kind = ? ORDER BY seq DESC LIMIT 1",
                             err);
    if (rc == 0)
        rc = po_stmt_bindv(s, v, 2, err);
    if (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        const char *t = po_stmt_text(s, 0);
        snprintf(on, n, "%s", po_stmt_text(s, 1));
        *seq = po_stmt_int(s, 2);
        rc = po_rplan_status_parse(status, t ? t : "") < 0
                 ? po_err_set(err, PO_EINTERNAL, "存储的方案状态 \"%s\" 无法识别",
                              "stored plan status \"%s\" unknown", t ? t : "")
                 : 0;
    }
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

static int plan_step_tx(struct po_store *st, const struct po_rplan_step_in *in, struct po_err *err)
{
    char at[32], on[16], last_on[16];
    enum po_rplan_status from;
    int64_t seq = 0;
    po_audit_now(at, sizeof(at));
    po_deadline_format_date(on, sizeof(on), in->on);
    int rc = po_resettledb_case_exists(st, in->case_id, err);
    if (rc == 0)
        rc = last_step(&from, last_on, sizeof(last_on), &seq, st, in, err);
    if (rc == 0)
        rc = po_rplan_step_check(in->kind, from, in->status, in->approved_by, given(in->document),
                                 err);
    if (rc == 0 && last_on[0] && strcmp(on, last_on) < 0)
        rc = po_err_set(err, PO_EINVAL, "%s的这一步（%s）早于上一步（%s）%.0s",
                        "%.0sthis step of the %s plan (%s) is dated before its last step (%s)",
                        po_rplan_kind_zh(in->kind), po_rplan_kind_name(in->kind), on, last_on);
    if (rc < 0)
        return rc;
    const char *by = po_rplan_approver_name(in->approved_by);
    struct po_value v[10] = { po_vint(in->case_id),
                              po_vtext(po_rplan_kind_name(in->kind)),
                              po_vint(seq + 1),
                              po_vtext(po_rplan_status_name(in->status)),
                              po_vtext(on),
                              po_vtext(by),
                              po_vtext(given(in->document) ? in->document : NULL),
                              po_vtext(given(in->note) ? in->note : NULL),
                              po_vtext(in->actor),
                              po_vtext(at) };
    rc = po_store_run(st,
                      "INSERT INTO resettlement_plan_event(case_id, kind, seq, status, on_date,"
                      " approved_by, document, note, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                      " ?)",
                      v, 10, err);
    struct po_buf d = PO_BUF_INIT;
    po_buf_addf(&d, "kind=%s %s->%s on=%s", po_rplan_kind_name(in->kind),
                po_rplan_status_name(from), po_rplan_status_name(in->status), on);
    if (by)
        po_buf_addf(&d, " approved_by=%s", by);
    if (given(in->document))
        po_buf_addf(&d, " document=%s", in->document);
    if (rc == 0)
        rc = audit(st, at, in->actor, "resettle.plan", in->case_id, &d, err);
    po_buf_release(&d);
    return rc;
}

int po_resettledb_plan_step(struct po_store *st, const struct po_rplan_step_in *in,
                            struct po_err *err)
{
    if (!po_deadline_date_valid(in->on))
        return po_err_set(err, PO_EINVAL, "日期无效", "the date is invalid");
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = plan_step_tx(st, in, err);
    return po_store_end(st, rc, err);
}

static int headcount_tx(struct po_store *st, const struct po_resettle_headcount_in *in,
                        struct po_err *err)
{
    char at[32], on[16];
    po_audit_now(at, sizeof(at));
    po_deadline_format_date(on, sizeof(on), in->on);
    int64_t seq = 0;
    int rc = case_next_seq(
        &seq, st, in->case_id,
        "SELECT coalesce(max(seq), 0) FROM resettlement_headcount WHERE case_id = ?", err);
    if (rc < 0)
        return rc;
    struct po_value v[9] = {
        po_vint(in->case_id),
        po_vint(seq),
        po_vint(in->workers[PO_WG_CONTRACT]),
        po_vint(in->workers[PO_WG_DISPATCHED]),
        po_vint(in->workers[PO_WG_NEAR_RETIREMENT]),
        po_vtext(on),
        po_vtext(given(in->document) ? in->document : NULL),
        po_vtext(in->actor),
        po_vtext(at),
    };
    rc = po_store_run(st,
                      "INSERT INTO resettlement_headcount(case_id, seq, contract, dispatched,"
                      " near_retirement, on_date, document, actor, at) VALUES (?, ?, ?, ?, ?, ?,"
                      " ?, ?, ?)",
                      v, 9, err);
    struct po_buf d = PO_BUF_INIT;
    po_buf_addf(&d, "contract=%" PRId64 " dispatched=%" PRId64 " near_retirement=%" PRId64 " on=%s",
                in->workers[PO_WG_CONTRACT], in->workers[PO_WG_DISPATCHED],
                in->workers[PO_WG_NEAR_RETIREMENT], on);
    if (rc == 0)
        rc = audit(st, at, in->actor, "resettle.headcount", in->case_id, &d, err);
    po_buf_release(&d);
    return rc;
}

int po_resettledb_headcount(struct po_store *st, const struct po_resettle_headcount_in *in,
                            struct po_err *err)
{
    if (!po_deadline_date_valid(in->on))
        return po_err_set(err, PO_EINVAL, "日期无效", "the date is invalid");
    for (int g = 0; g < PO_WG_N; g++)
        if (in->workers[g] < 0 || in->workers[g] > 1000000)
            return po_err_set(err, PO_EINVAL, "%s人数 %" PRId64 " 超出范围（0–1000000）%.0s",
                              "%.0s%" PRId64 " workers is out of range (0-1000000) for %s",
                              po_worker_group_zh((enum po_worker_group)g), in->workers[g],
                              po_worker_group_name((enum po_worker_group)g));
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = headcount_tx(st, in, err);
    return po_store_end(st, rc, err);
}

static int outcome_tx(struct po_store *st, const struct po_resettle_outcome_in *in,
                      struct po_err *err)
{
    char at[32], on[16], amount[32];
    po_audit_now(at, sizeof(at));
    po_deadline_format_date(on, sizeof(on), in->on);
    int64_t seq = 0;
    int rc = case_next_seq(
        &seq, st, in->case_id,
        "SELECT coalesce(max(seq), 0) FROM resettlement_outcome WHERE case_id = ?", err);
    if (rc < 0)
        return rc;
    struct po_value v[11] = {
        po_vint(in->case_id),
        po_vint(seq),
        po_vtext(po_worker_group_name(in->group)),
        po_vtext(po_resettle_outcome_name(in->outcome)),
        po_vint(in->workers),
        po_vint(in->amount_fen),
        po_vtext(on),
        po_vtext(given(in->document) ? in->document : NULL),
        po_vtext(given(in->note) ? in->note : NULL),
        po_vtext(in->actor),
        po_vtext(at),
    };
    rc = po_store_run(st,
                      "INSERT INTO resettlement_outcome(case_id, seq, worker_group, outcome,"
                      " workers, amount_fen, on_date, document, note, actor, at) VALUES (?, ?, ?,"
                      " ?, ?, ?, ?, ?, ?, ?, ?)",
                      v, 11, err);
    struct po_buf d = PO_BUF_INIT;
    po_buf_addf(&d, "group=%s outcome=%s workers=%" PRId64 " amount=%s on=%s",
                po_worker_group_name(in->group), po_resettle_outcome_name(in->outcome), in->workers,
                po_resettle_amount_format(amount, sizeof(amount), in->amount_fen), on);
    if (rc == 0)
        rc = audit(st, at, in->actor, "resettle.outcome", in->case_id, &d, err);
    po_buf_release(&d);
    return rc;
}

int po_resettledb_outcome(struct po_store *st, const struct po_resettle_outcome_in *in,
                          struct po_err *err)
{
    if (!po_deadline_date_valid(in->on))
        return po_err_set(err, PO_EINVAL, "日期无效", "the date is invalid");
    if (in->workers < 0 || in->workers > 1000000)
        return po_err_set(err, PO_EINVAL, "人数 %" PRId64 " 超出范围（0–1000000）",
                          "the number of workers, %" PRId64 ", is out of range (0-1000000)",
                          in->workers);
    if (in->amount_fen < 0)
        return po_err_set(err, PO_EINVAL, "金额不能为负", "the amount is negative");
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = outcome_tx(st, in, err);
    return po_store_end(st, rc, err);
}

/* ---- reads ---- */

/* The current outcome rows: the last of each (case, group, outcome). */
#define CURRENT_OUTCOME                                                                            \
    "o.seq = (SELECT max(o2.seq) FROM resettlement_outcome o2 WHERE o2.case_id = o.case_id"        \
    " AND o2.worker_group = o.worker_group AND o2.outcome = o.outcome)"

/* One row per case with what the lists and the tick need; %s: the conditions. */
static const char cases_sql[] =
    "SELECT c.id AS case_id, c.uscc, e.name AS enterprise_name, e.district_code,"
    " d.name AS district_name, c.case_type, c.state,"
    " (SELECT min(p.planned_on) FROM exit_plan p WHERE p.uscc = c.uscc"
    "  AND (c.equipment_id IS NULL OR p.equipment_id = c.equipment_id)) AS plan_on,"
    " CASE WHEN c.state = 'sealed' THEN c.deadline END AS dismantle_by,"
    " (SELECT r.status FROM resettlement_plan_event r WHERE r.case_id = c.id"
    "  AND r.kind = 'resettlement' ORDER BY r.seq DESC LIMIT 1) AS resettlement,"
    " (SELECT r.status FROM resettlement_plan_event r WHERE r.case_id = c.id"
    "  AND r.kind = 'risk' ORDER BY r.seq DESC LIMIT 1) AS risk,"
    " (SELECT h.contract FROM resettlement_headcount h WHERE h.case_id = c.id"
    "  ORDER BY h.seq DESC LIMIT 1) AS contract,"
    " (SELECT h.dispatched FROM resettlement_headcount h WHERE h.case_id = c.id"
    "  ORDER BY h.seq DESC LIMIT 1) AS dispatched,"
    " (SELECT h.near_retirement FROM resettlement_headcount h WHERE h.case_id = c.id"
    "  ORDER BY h.seq DESC LIMIT 1) AS near_retirement,"
    " (SELECT CAST(coalesce(sum(o.amount_fen), 0) AS BIGINT) FROM resettlement_outcome o"
    "  WHERE o.case_id = c.id AND " CURRENT_OUTCOME ") AS amount_fen,"
    " (SELECT count(*) FROM resettlement_outcome o WHERE o.case_id = c.id) AS noutcomes"
    " FROM case_file c JOIN enterprise e ON e.uscc = c.uscc"
    " LEFT JOIN district d ON d.code = e.district_code WHERE 1 = 1%s%s ORDER BY c.id";

static json_t *case_rows(struct po_store *st, const char *scope, int64_t id, struct po_err *err)
{
    struct po_value v[2];
    size_t n = 0;
    if (id > 0)
        v[n++] = po_vint(id);
    if (scope)
        v[n++] = po_vtext(scope);
    struct po_buf b = PO_BUF_INIT;
    const char *p = strstr(cases_sql, "%s%s");
    po_buf_add(&b, cases_sql, (size_t)(p - cases_sql));
    po_buf_adds(&b, id > 0 ? " AND c.id = ?" : "");
    po_buf_adds(&b, scope ? " AND e.district_code = ?" : "");
    po_buf_adds(&b, p + 4);
    json_t *rows = po_buf_failed(&b) ? NULL : po_listq_all(st, b.buf, v, n, err);
    if (po_buf_failed(&b))
        OOM(err);
    po_buf_release(&b);
    return rows;
}

static const char *jstr(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : NULL;
}

static json_int_t jint(const json_t *o, const char *k)
{
    return json_integer_value(json_object_get(o, k));
}

/* The earlier of two YYYY-MM-DD texts (NULL: absent). */
static const char *earlier(const char *a, const char *b)
{
    if (!a)
        return b;
    if (!b)
        return a;
    return strcmp(a, b) <= 0 ? a : b;
}

static enum po_rplan_status status_of(const json_t *r, const char *k)
{
    enum po_rplan_status s = PO_RPLAN_NONE;
    const char *t = jstr(r, k);
    if (t)
        (void)po_rplan_status_parse(&s, t);
    return s;
}

static bool final_exit_ahead(const json_t *r)
{
    enum po_case_type t;
    enum po_case_state s;
    const char *type = jstr(r, "case_type"), *state = jstr(r, "state");
    return po_casefsm_type_parse(&t, type ? type : "") == 0 &&
           po_casefsm_state_parse(&s, state ? state : "") == 0 && po_casefsm_final_exit_ahead(t, s);
}

/* A case row made readable: the scheduled exit, the statuses in Chinese, the amount. */
static void dress(json_t *r)
{
    const char *exit_on = earlier(jstr(r, "plan_on"), jstr(r, "dismantle_by"));
    json_object_set_new(r, "exit_on", exit_on ? json_string(exit_on) : json_null());
    json_object_set_new(r, "final_exit_ahead", json_boolean(final_exit_ahead(r)));
    enum po_rplan_status rs = status_of(r, "resettlement"), ks = status_of(r, "risk");
    json_object_set_new(r, "resettlement", json_string(po_rplan_status_name(rs)));
    json_object_set_new(r, "resettlement_zh", json_string(po_rplan_status_zh(rs)));
    json_object_set_new(r, "resettlement_approved", json_boolean(po_rplan_is_approved(rs)));
    json_object_set_new(r, "risk", json_string(po_rplan_status_name(ks)));
    json_object_set_new(r, "risk_zh", json_string(po_rplan_status_zh(ks)));
    bool counted = !json_is_null(json_object_get(r, "contract"));
    json_object_set_new(r, "workers",
                        counted ? json_integer(jint(r, "contract") + jint(r, "dispatched") +
                                               jint(r, "near_retirement"))
                                : json_null());
    char b[32];
    po_resettle_amount_format(b, sizeof(b), jint(r, "amount_fen"));
    json_object_set_new(r, "amount", json_string(b));
}

/* Whether a case belongs on the resettlement list: a record, a scheduled exit, an exit state. */
static bool listed(const json_t *r)
{
    static const char *const exit_states[] = {
        "exit_ordered", "shutdown_ordered", "sealed",      "closure_proposed", "exited",
        "dismantled",   "reported",         "closed_down", "licence_revoked"
    };
    if (status_of(r, "resettlement") != PO_RPLAN_NONE || status_of(r, "risk") != PO_RPLAN_NONE ||
        !json_is_null(json_object_get(r, "contract")) || jint(r, "noutcomes") > 0)
        return true;
    if (!json_is_null(json_object_get(r, "exit_on")) && final_exit_ahead(r))
        return true;
    const char *state = jstr(r, "state");
    for (size_t i = 0; state && i < sizeof(exit_states) / sizeof(exit_states[0]); i++)
        if (strcmp(state, exit_states[i]) == 0)
            return true;
    return false;
}

json_t *po_resettledb_list(struct po_store *st, const char *scope, struct po_err *err)
{
    json_t *rows = case_rows(st, scope, 0, err);
    if (!rows)
        return NULL;
    json_t *out = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        dress(r);
        if (listed(r))
            json_array_append(out, r);
    }
    json_decref(rows);
    return out;
}

static void money(json_t *rows)
{
    size_t i;
    json_t *r;
    char b[32];
    json_array_foreach(rows, i, r)
    {
        json_t *f = json_object_get(r, "amount_fen");
        if (!f)
            continue;
        json_object_set_new(
            r, "amount",
            json_string(po_resettle_amount_format(b, sizeof(b), jint(r, "amount_fen"))));
        enum po_resettle_outcome o;
        const char *name = jstr(r, "outcome");
        if (name && po_resettle_outcome_parse(&o, name) == 0)
            json_object_set_new(r, "outcome_zh", json_string(po_resettle_outcome_zh(o)));
        enum po_worker_group g;
        name = jstr(r, "worker_group");
        if (name && po_worker_group_parse(&g, name) == 0)
            json_object_set_new(r, "worker_group_zh", json_string(po_worker_group_zh(g)));
    }
}

static json_t *case_side(struct po_store *st, const char *sql, int64_t id, struct po_err *err)
{
    struct po_value v = po_vint(id);
    return po_listq_all(st, sql, &v, 1, err);
}

/* The plans of a case from its steps: {resettlement: {...}, risk: {...}}. */
static json_t *plans_of(json_t *steps)
{
    json_t *plans = json_object();
    for (int k = 0; k < PO_RPLAN_NKINDS; k++) {
        const char *kind = po_rplan_kind_name((enum po_rplan_kind)k);
        json_t *mine = json_array(), *last = NULL, *approval = NULL;
        size_t i;
        json_t *r;
        json_array_foreach(steps, i, r)
        {
            if (strcmp(jstr(r, "kind") ? jstr(r, "kind") : "", kind) != 0)
                continue;
            json_array_append(mine, r);
            last = r;
            if (!json_is_null(json_object_get(r, "approved_by")))
                approval = r;
        }
        enum po_rplan_status s = last ? status_of(last, "status") : PO_RPLAN_NONE;
        enum po_rplan_approver by = PO_RAPPROVER_NONE;
        if (approval && jstr(approval, "approved_by"))
            (void)po_rplan_approver_parse(&by, jstr(approval, "approved_by"));
        json_object_set_new(
            plans, kind,
            json_pack("{s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:o}", "name_zh",
                      po_rplan_kind_zh((enum po_rplan_kind)k), "status", po_rplan_status_name(s),
                      "status_zh", po_rplan_status_zh(s), "approved", po_rplan_is_approved(s),
                      "on_date", last ? json_copy(json_object_get(last, "on_date")) : json_null(),
                      "document", last ? json_copy(json_object_get(last, "document")) : json_null(),
                      "approved_by",
                      po_rplan_is_approved(s) && po_rplan_approver_name(by)
                          ? json_string(po_rplan_approver_name(by))
                          : json_null(),
                      "approved_by_zh",
                      po_rplan_is_approved(s) && po_rplan_approver_zh(by)
                          ? json_string(po_rplan_approver_zh(by))
                          : json_null(),
                      "approved_on",
                      po_rplan_is_approved(s) && approval
                          ? json_copy(json_object_get(approval, "on_date"))
                          : json_null(),
                      "steps", mine));
    }
    return plans;
}

json_t *po_resettledb_show(struct po_store *st, int64_t case_id, const char *scope,
                           struct po_err *err)
{
    json_t *rows = case_rows(st, scope, case_id, err);
    if (!rows)
        return NULL;
    json_t *c = json_array_get(rows, 0);
    if (!c) {
        json_decref(rows);
        po_err_set(err, PO_ENOTFOUND, "没有案件 %" PRId64, "no case %" PRId64, case_id);
        return NULL;
    }
    json_incref(c);
    json_decref(rows);
    dress(c);
    json_t *steps = case_side(st,
                              "SELECT kind, seq, status, on_date, approved_by, document, note,"
                              " actor, at FROM resettlement_plan_event WHERE case_id = ?"
                              " ORDER BY kind, seq",
                              case_id, err);
    json_t *heads = steps ? case_side(st,
                                      "SELECT seq, contract, dispatched, near_retirement, on_date,"
                                      " document, actor, at FROM resettlement_headcount"
                                      " WHERE case_id = ? ORDER BY seq",
                                      case_id, err)
                          : NULL;
    json_t *cur = heads ? case_side(st,
                                    "SELECT worker_group, outcome, workers, amount_fen, on_date,"
                                    " document, note FROM resettlement_outcome o"
                                    " WHERE o.case_id = ? AND " CURRENT_OUTCOME
                                    " ORDER BY worker_group, outcome",
                                    case_id, err)
                        : NULL;
    json_t *hist = cur ? case_side(st,
                                   "SELECT seq, worker_group, outcome, workers, amount_fen,"
                                   " on_date, document, note, actor, at FROM resettlement_outcome"
                                   " WHERE case_id = ? ORDER BY seq",
                                   case_id, err)
                       : NULL;
    if (!hist) {
        json_decref(steps);
        json_decref(heads);
        json_decref(cur);
        json_decref(c);
        return NULL;
    }
    money(cur);
    money(hist);
    size_t nh = json_array_size(heads);
    json_t *h = nh ? json_copy(json_array_get(heads, nh - 1)) : json_null();
    if (nh)
        json_object_set_new(
            h, "total",
            json_integer(jint(h, "contract") + jint(h, "dispatched") + jint(h, "near_retirement")));
    json_object_set_new(c, "headcount", h);
    json_object_set_new(c, "headcount_history", heads);
    json_object_set_new(c, "plans", plans_of(steps));
    json_decref(steps);
    json_object_set_new(c, "outcomes", cur);
    json_object_set_new(c, "outcome_history", hist);
    return c;
}

/* ---- totals ---- */

static json_t *zero_totals(void)
{
    json_t *o = json_pack("{s:i, s:i, s:{s:i, s:i, s:i, s:i}, s:{}, s:{}, s:I}", "cases", 0,
                          "headcount_missing", 0, "workers", "contract", 0, "dispatched", 0,
                          "near_retirement", 0, "total", 0, "plans", "outcomes", "amount_fen",
                          (json_int_t)0);
    json_t *p = json_object_get(o, "plans");
    for (int s = 0; s < PO_RPLAN_NSTATUS; s++)
        json_object_set_new(p, po_rplan_status_name((enum po_rplan_status)s), json_integer(0));
    json_t *out = json_object_get(o, "outcomes");
    for (int k = 0; k < PO_RO_N; k++)
        json_object_set_new(out, po_resettle_outcome_name((enum po_resettle_outcome)k),
                            json_pack("{s:i, s:I}", "workers", 0, "amount_fen", (json_int_t)0));
    return o;
}

static void add_int(json_t *o, const char *k, json_int_t n)
{
    json_object_set_new(o, k, json_integer(jint(o, k) + n));
}

static void add_case(json_t *t, const json_t *r)
{
    add_int(t, "cases", 1);
    json_t *w = json_object_get(t, "workers");
    for (int g = 0; g < PO_WG_N; g++) {
        const char *k = po_worker_group_name((enum po_worker_group)g);
        add_int(w, k, jint(r, k));
        add_int(w, "total", jint(r, k));
    }
    add_int(json_object_get(t, "plans"), jstr(r, "resettlement"), 1);
    /* a case without a headcount adds nothing to the workers, and is counted as such */
    if (json_is_null(json_object_get(r, "contract")))
        add_int(t, "headcount_missing", 1);
}

static void add_outcome(json_t *t, const json_t *o)
{
    json_t *x = json_object_get(json_object_get(t, "outcomes"), jstr(o, "outcome"));
    if (!x)
        return;
    add_int(x, "workers", jint(o, "workers"));
    add_int(x, "amount_fen", jint(o, "amount_fen"));
    add_int(t, "amount_fen", jint(o, "amount_fen"));
}

static void format_totals(json_t *t)
{
    char b[32];
    json_object_set_new(
        t, "amount", json_string(po_resettle_amount_format(b, sizeof(b), jint(t, "amount_fen"))));
    const char *k;
    json_t *x;
    json_object_foreach(json_object_get(t, "outcomes"), k, x) json_object_set_new(
        x, "amount", json_string(po_resettle_amount_format(b, sizeof(b), jint(x, "amount_fen"))));
}

/* The district's totals object in ds (made on first use). */
static json_t *district_of(json_t *ds, const json_t *r)
{
    const char *code = jstr(r, "district_code");
    size_t i;
    json_t *d;
    json_array_foreach(ds, i,
                       d) if (strcmp(jstr(d, "district_code"), code ? code : "") == 0) return d;
    d = zero_totals();
    json_object_set_new(d, "district_code", json_string(code ? code : ""));
    json_object_set(d, "district_name", json_object_get(r, "district_name"));
    json_array_append_new(ds, d);
    return d;
}

json_t *po_resettledb_totals(struct po_store *st, const char *scope, struct po_err *err)
{
    json_t *cases = po_resettledb_list(st, scope, err);
    if (!cases)
        return NULL;
    struct po_value v = po_vtext(scope);
    json_t *outs = po_listq_all(st,
                                scope ? "SELECT e.district_code, d.name AS district_name,"
                                        " o.outcome, o.workers, o.amount_fen"
                                        " FROM resettlement_outcome o"
                                        " JOIN case_file c ON c.id = o.case_id"
                                        " JOIN enterprise e ON e.uscc = c.uscc"
                                        " LEFT JOIN district d ON d.code = e.district_code"
                                        " WHERE " CURRENT_OUTCOME " AND e.district_code = ?"
                                      : "SELECT e.district_code, d.name AS district_name,"
                                        " o.outcome, o.workers, o.amount_fen"
                                        " FROM resettlement_outcome o"
                                        " JOIN case_file c ON c.id = o.case_id"
                                        " JOIN enterprise e ON e.uscc = c.uscc"
                                        " LEFT JOIN district d ON d.code = e.district_code"
                                        " WHERE " CURRENT_OUTCOME,
                                &v, scope ? 1 : 0, err);
    if (!outs) {
        json_decref(cases);
        return NULL;
    }
    json_t *ds = json_array(), *city = zero_totals();
    size_t i;
    json_t *r;
    json_array_foreach(cases, i, r)
    {
        add_case(district_of(ds, r), r);
        add_case(city, r);
    }
    json_array_foreach(outs, i, r)
    {
        add_outcome(district_of(ds, r), r);
        add_outcome(city, r);
    }
    json_array_foreach(ds, i, r) format_totals(r);
    format_totals(city);
    json_decref(cases);
    json_decref(outs);
    return json_pack("{s:o, s:o, s:o}", "scope", scope ? json_string(scope) : json_null(),
                     "districts", ds, "city", city);
}

/* ---- tick ---- */

static int alert(int64_t *added, struct po_store *st, const json_t *r, const char *exit_on,
                 long left, struct po_date as_of, struct po_err *err)
{
    char on[16];
    po_deadline_format_date(on, sizeof(on), as_of);
    enum po_rplan_status s = status_of(r, "resettlement");
    int64_t id = jint(r, "case_id");
    struct po_buf m = PO_BUF_INIT;
    if (left >= 0)
        po_buf_addf(&m, "案件 %" PRId64 " 计划于 %s 退出（还有 %ld 天），", id, exit_on, left);
    else
        po_buf_addf(&m, "案件 %" PRId64 " 计划退出日期 %s 已过 %ld 天，", id, exit_on, -left);
    if (s == PO_RPLAN_NONE)
        po_buf_adds(&m, "未记录职工安置方案");
    else
        po_buf_addf(&m, "职工安置方案尚未批准（当前：%s）", po_rplan_status_zh(s));
    po_buf_addf(&m,
                " / case %" PRId64 ": exit scheduled %s (%ld days %s) without an approved"
                " worker resettlement plan (%s)",
                id, exit_on, left >= 0 ? left : -left, left >= 0 ? "left" : "ago",
                s == PO_RPLAN_NONE ? "none recorded" : po_rplan_status_name(s));
    if (po_buf_failed(&m)) {
        po_buf_release(&m);
        return OOM(err);
    }
    struct po_value v[6] = { po_vint(id),  po_vtext("exit_without_plan"),     po_vtext(exit_on),
                             po_vtext(on), po_vtext(po_rplan_status_name(s)), po_vtext(m.buf) };
    struct po_stmt *stmt = NULL;
    int rc = po_stmt_prepare(&stmt, st,
                             "INSERT INTO resettlement_alert(case_id, kind, exit_on, as_of,"
                             " plan_status, message) VALUES (?, ?, ?, ?, ?, ?)"
                             " ON CONFLICT(case_id, kind, exit_on) DO NOTHING",
                             err);
    if (rc == 0)
        rc = po_stmt_bindv(stmt, v, 6, err);
    if (rc == 0)
        rc = po_stmt_step(stmt, err);
    if (rc >= 0) {
        *added += po_stmt_changes(stmt);
        rc = 0;
    }
    po_stmt_finalize(stmt);
    po_buf_release(&m);
    return rc;
}

static int tick_tx(struct po_resettle_tick *out, struct po_store *st, struct po_date as_of,
                   struct po_err *err)
{
    json_t *rows = case_rows(st, NULL, 0, err);
    if (!rows)
        return err->code;
    int rc = 0;
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        dress(r);
        const char *exit_on = jstr(r, "exit_on");
        struct po_date day;
        if (!exit_on || !final_exit_ahead(r) || po_date_parse(&day, exit_on, strlen(exit_on)) < 0)
            continue;
        out->cases++;
        long left = po_deadline_days_between(as_of, day);
        if (left > out->days || po_rplan_is_approved(status_of(r, "resettlement")))
            continue;
        rc = alert(&out->added, st, r, exit_on, left, as_of, err);
        if (rc < 0)
            break;
    }
    json_decref(rows);
    if (rc == 0 && out->added > 0) {
        char at[32], on[16], d[96];
        po_audit_now(at, sizeof(at));
        po_deadline_format_date(on, sizeof(on), as_of);
        snprintf(d, sizeof(d), "as_of=%s exit_without_plan=%" PRId64, on, out->added);
        rc = po_audit_append(st, at, "system", "tick.resettlement", "resettlement_alert", d, err);
    }
    return rc;
}

int po_resettledb_tick(struct po_resettle_tick *out, struct po_store *st, struct po_date as_of,
                       struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    struct po_city_params cp;
    char on[16];
    po_deadline_format_date(on, sizeof(on), as_of);
    int rc = po_cityparams_load_on(&cp, on, err);
    if (rc < 0)
        return rc;
    out->days = cp.resettlement_alert_days;
    rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = tick_tx(out, st, as_of, err);
    return po_store_end(st, rc, err);
}
