/*
 * api_notify.c: the reminders of `phaseout tick` — the notification list and running the
 * tick from the UI (docs/api.md "Notifications").
 *
 * The tick itself is app/casedb.h's po_casedb_tick(), the one the scheduled CLI run
 * (`phaseout tick --db ... --as-of DATE`, from cron) calls; POST /tick passes the user, whom
 * the tick's transaction then records in a second audit row when it added anything (the
 * tick's own row says "system").  Only the city bureau and the system administrator may: the
 * route needs PO_P_RUN_TICK (core/authz.c), which district officers do not hold, since one
 * tick covers every district.
 *
 * A notification is kept forever (the table is append-only), so the list also says whether
 * one is still pending: its deadline is still the case's running deadline and no more urgent
 * notification (due_30 < due_7 < overdue) exists for that case and deadline.  The top bar's
 * bell counts the pending overdue and due_7 ones.  days_left is computed here, not in SQL,
 * so both backends count days with the same core function (core/deadline.h).
 *
 * District scope: a district officer's queries get the district of the case's enterprise,
 * so another district's notifications are simply not listed.
 */
#include "http/api.h"
#include "http/listresp.h"

#include "app/casedb.h"
#include "util/arena.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* ---- GET /notifications ---- */

/* A notification is pending while the case still runs to its deadline and nothing more urgent
 * was notified for that case and deadline (due_30 < due_7 < overdue). */
static const char pending_cond[] =
    "n.deadline = c.deadline AND NOT EXISTS (SELECT 1 FROM notification m "
    "WHERE m.case_id = n.case_id AND m.deadline = n.deadline AND "
    "(CASE m.kind WHEN 'overdue' THEN 3 WHEN 'due_7' THEN 2 ELSE 1 END) > "
    "(CASE n.kind WHEN 'overdue' THEN 3 WHEN 'due_7' THEN 2 ELSE 1 END))";
/* the case's provisional mark applies when the notification is about its running deadline */
static const char notify_cols[] =
    "n.id, n.case_id, n.kind, n.deadline, n.as_of, n.followup, n.message, c.case_type, c.state, "
    "c.uscc, e.name AS enterprise_name, e.district_code, d.name AS district_name, "
    "c.equipment_id, c.deadline AS case_deadline, "
    "CASE WHEN n.deadline = c.deadline THEN c.deadline_uncovered_year END "
    "AS deadline_uncovered_year";
static const char notify_from[] = "notification n JOIN case_file c ON c.id = n.case_id "
                                  "JOIN enterprise e ON e.uscc = c.uscc "
                                  "LEFT JOIN district d ON d.code = e.district_code";
static const struct po_listq_sort notify_sorts[] = {
    { "id", "n.id" },     { "as_of", "n.as_of" },     { "deadline", "n.deadline" },
    { "kind", "n.kind" }, { "case_id", "n.case_id" }, { NULL, NULL },
};
#define NOTIFY_SORTS "id,as_of,deadline,kind,case_id"

/* kind: one of due_30, due_7, overdue, or several comma-separated; false with a 400. */
static bool kind_filter(struct po_listq *q, struct po_req *req, struct po_resp *resp)
{
    static const char *const kinds[] = { "due_30", "due_7", "overdue" };
    static const char *const conds[] = { "n.kind = ?", "n.kind IN (?, ?)", "n.kind IN (?, ?, ?)" };
    const char *s = po_req_query(req, "kind");
    struct po_value v[3];
    size_t n = 0;
    for (const char *p = s; p;) {
        size_t len = strcspn(p, ","), k = 0;
        while (k < 3 && !(strlen(kinds[k]) == len && !strncmp(kinds[k], p, len)))
            k++;
        if (k == 3 || n == 3) {
            po_api_bad_field(req, resp, 400, "kind",
                             "kind 应为 due_30、due_7、overdue 之一或以逗号分隔的几个",
                             "kind must be due_30, due_7 or overdue, or several comma-separated");
            return false;
        }
        v[n++] = po_vtext(kinds[k]);
        p = p[len] ? p + len + 1 : NULL;
    }
    if (n)
        po_listq_and(q, conds[n - 1], n, v);
    return true;
}

/* The list's filters; false with a 400 in resp. */
static bool notify_filters(struct po_listq *q, struct po_req *req, struct po_resp *resp)
{
    static const struct po_listresp_filter filters[] = {
        { "uscc", "c.uscc = ?" },
        { "district", "e.district_code = ?" },
        { NULL, NULL },
    };
    int64_t case_id;
    struct po_date since;
    const char *s = po_req_query(req, "since"), *p = po_req_query(req, "pending");
    if (!kind_filter(q, req, resp) ||
        po_req_query_int(&case_id, req, resp, "case_id", 0, 1, INT64_MAX) < 0)
        return false;
    if (!po_api_date_or(&since, s, po_api_today(req))) {
        po_api_bad_field(req, resp, 400, "since", "since 应为 YYYY-MM-DD 日期",
                         "since must be a date YYYY-MM-DD");
        return false;
    }
    if (p && strcmp(p, "true") && strcmp(p, "false")) {
        po_api_bad_field(req, resp, 400, "pending", "pending 应为 true 或 false",
                         "pending must be true or false");
        return false;
    }
    po_listresp_scope(q, req, "e.district_code");
    po_listresp_filters(q, req, filters);
    if (case_id) {
        struct po_value v = po_vint(case_id);
        po_listq_and(q, "n.case_id = ?", 1, &v);
    }
    if (s)
        po_listq_and_text(q, "n.as_of >= ?", s);
    const char *cond = !p                   ? NULL
                       : !strcmp(p, "true") ? pending_cond
                                            : po_arena_printf(req->a, "NOT (%s)", pending_cond);
    if (cond)
        po_listq_and(q, cond, 0, NULL);
    else if (p)
        q->where.failed = true; /* out of memory: the page answers it */
    return true;
}

/* One page: the count, then the rows with pending computed by the database. */
static void notify_page(struct po_req *req, struct po_resp *resp, const struct po_listq *q,
                        const struct po_page *pg, struct po_date as_of)
{
    const char *select = po_arena_printf(
        req->a, "%s, CASE WHEN %s THEN 1 ELSE 0 END AS pending_bool", notify_cols, pending_cond);
    if (!select)
        po_resp_error(req, resp, 503, "unavailable", "内存不足", "out of memory", NULL);
    else
        po_api_days_left_list(req, resp, select, notify_from, q, notify_sorts, "n.id DESC",
                              "n.id DESC", pg, as_of);
}

static void notifications(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    struct po_date as_of;
    if (po_req_page(&pg, req, resp, NOTIFY_SORTS) < 0 || !po_api_as_of_param(&as_of, req, resp))
        return;
    struct po_listq q;
    po_listq_init(&q, req->a);
    if (notify_filters(&q, req, resp))
        notify_page(req, resp, &q, &pg, as_of);
    po_listq_release(&q);
}

/* ---- POST /tick ---- */

static void tick(struct po_req *req, struct po_resp *resp)
{
    json_t *b = po_req_json(req, resp);
    if (!b)
        return;
    json_t *a = json_object_get(b, "as_of");
    struct po_date as_of = po_api_today(req);
    if (a && !json_is_null(a) &&
        !(json_is_string(a) && po_api_date_or(&as_of, json_string_value(a), as_of))) {
        po_api_bad_field(req, resp, 422, "as_of", "as_of 应为 YYYY-MM-DD 日期",
                         "as_of must be a date YYYY-MM-DD");
        return;
    }
    struct po_tick_report r;
    struct po_err err = PO_ERR_INIT;
    char roles[PO_UROLE_LIST_MAX];
    /* the account's own roles, as every audited write from the web names them */
    po_urole_format_list(roles, sizeof roles, req->session.user.roles);
    if (po_casedb_tick(&r, req->st, as_of, po_req_actor(req), roles, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    char on[16];
    po_deadline_format_date(on, sizeof on, as_of);
    po_resp_json(req, resp, 200,
                 json_pack("{s:s,s:I,s:I,s:I,s:I,s:I}", "as_of", on, "cases", (json_int_t)r.cases,
                           "due_30", (json_int_t)r.due_30, "due_7", (json_int_t)r.due_7, "overdue",
                           (json_int_t)r.overdue, "added",
                           (json_int_t)(r.due_30 + r.due_7 + r.overdue)),
                 false);
}

const struct po_route po_routes_notify[] = {
    { "GET", "/api/v1/notifications", notifications, PO_P_READ_REGISTRY, PO_RF_LIST,
      "notifications",
      "Reminders of the tick, newest first, with the case and whether each is still pending "
      "(district officers: their district's)",
      "kind,case_id,uscc,district,since,pending,as_of", NOTIFY_SORTS },
    { "POST", "/api/v1/tick", tick, PO_P_RUN_TICK, 0, "notifications",
      "Run the day's deadline check (city bureau and system administrator; idempotent)", NULL,
      NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};
