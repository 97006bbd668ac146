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
 * The list is app/notifyread.h's, with whether each notification is still pending.  The top
 * bar's bell counts the pending overdue and due_7 ones.  days_left is computed here, not in
 * SQL, so both backends count days with the same core function (core/deadline.h).
 *
 * District scope: a district officer's queries get the district of the case's enterprise,
 * so another district's notifications are simply not listed.
 */
#include "http/api.h"
#include "app/reportdb.h"
#include "http/listresp.h"

#include "app/casedb.h"
#include "app/notifyread.h"
#include "util/arena.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* ---- GET /notifications ---- */

/* kind: one of due_30, due_7, overdue, or several comma-separated; false with a 400. */
static bool kind_filter(struct po_notify_filter *f, struct po_req *req, struct po_resp *resp)
{
    static const char *const kinds[] = { "due_30", "due_7", "overdue" };
    const char *s = po_req_query(req, "kind");
    for (const char *p = s; p;) {
        size_t len = strcspn(p, ","), k = 0;
        while (k < 3 && !(strlen(kinds[k]) == len && !strncmp(kinds[k], p, len)))
            k++;
        if (k == 3 || f->nkinds == 3) {
            po_api_bad_field(req, resp, 400, "kind",
                             "kind 应为 due_30、due_7、overdue 之一或以逗号分隔的几个",
                             "kind must be due_30, due_7 or overdue, or several comma-separated");
            return false;
        }
        f->kinds[f->nkinds++] = kinds[k];
        p = p[len] ? p + len + 1 : NULL;
    }
    return true;
}

/* The list's filters into f; false with a 400 in resp. */
static bool notify_filters(struct po_notify_filter *f, struct po_req *req, struct po_resp *resp)
{
    struct po_date since;
    const char *s = po_req_query(req, "since"), *p = po_req_query(req, "pending");
    *f = (struct po_notify_filter){ .pending = -1 };
    if (!kind_filter(f, req, resp) ||
        po_req_query_int(&f->case_id, req, resp, "case_id", 0, 1, INT64_MAX) < 0)
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
    f->scope = po_req_scope_district(req);
    f->uscc = po_req_query(req, "uscc");
    f->district = po_req_query(req, "district");
    f->since = s;
    f->pending = p ? !strcmp(p, "true") : -1;
    return true;
}

static void notifications(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    struct po_date as_of;
    struct po_notify_filter f;
    if (po_req_page(&pg, req, resp, PO_NOTIFYREAD_SORTS) < 0 ||
        !po_api_as_of_param(&as_of, req, resp) || !notify_filters(&f, req, resp))
        return;
    struct po_err err = PO_ERR_INIT;
    struct po_listq_page lp = po_listresp_pg(&pg);
    int64_t total = 0;
    json_t *items = po_notifyread_page(&total, req->st, req->a, &f, &lp, &err);
    po_api_days_left_answer(req, resp, items, total, &pg, as_of, &err);
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
    int64_t reports = 0;
    if (po_reportdb_tick(req->st, on, po_req_actor(req), &reports, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    po_resp_json(req, resp, 200,
                 json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:I}", "as_of", on, "cases", (json_int_t)r.cases,
                           "due_30", (json_int_t)r.due_30, "due_7", (json_int_t)r.due_7, "overdue",
                           (json_int_t)r.overdue, "added",
                           (json_int_t)(r.due_30 + r.due_7 + r.overdue), "reports_overdue",
                           (json_int_t)reports),
                 false);
}

const struct po_route po_routes_notify[] = {
    { "GET", "/api/v1/notifications", notifications, PO_P_READ_REGISTRY, PO_RF_LIST,
      "notifications",
      "Reminders of the tick, newest first, with the case and whether each is still pending "
      "(district officers: their district's)",
      "kind,case_id,uscc,district,since,pending,as_of", PO_NOTIFYREAD_SORTS },
    { "POST", "/api/v1/tick", tick, PO_P_RUN_TICK, 0, "notifications",
      "Run the day's deadline check (city bureau and system administrator; idempotent)", NULL,
      NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};
