/*
 * api_audit.c: the audit log and its hash chain (docs/api.md "Audit"),
 * for the auditor and the audit administrator (PO_P_READ_AUDIT).
 *
 * The log is read as stored; /verify walks the whole chain (app/audit.h)
 * and names the first row that does not hold.  Print or keep the head
 * hash elsewhere: the chain alone cannot show its newest rows removed.
 * Each row carries its action in words (action_zh, action_en: report/audit_actions.h);
 * /actions lists them for the page's filter.
 */
#include "http/api.h"
#include "http/listresp.h"

#include "app/audit.h"
#include "report/audit_actions.h"

static void audit_list(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    if (po_req_page(&pg, req, resp, PO_AUDIT_LIST_SORTS) < 0)
        return;
    struct po_audit_filter f = { po_req_query(req, "actor"), po_req_query(req, "action"),
                                 po_req_query(req, "object") };
    struct po_err err = PO_ERR_INIT;
    struct po_listq_page lp = po_listresp_pg(&pg);
    int64_t total;
    json_t *items = po_audit_list(&total, req->st, req->a, &f, &lp, &err);
    if (!items) {
        po_resp_err(req, resp, &err);
        return;
    }
    size_t i;
    json_t *row;
    json_array_foreach(items, i, row)
    {
        const struct po_audit_action *a = po_audit_action_find(po_json_str(row, "action"));
        /* an action without words (a writer the table lacks) is null, never the identifier */
        json_object_set_new(row, "action_zh", a ? json_string(a->zh) : json_null());
        json_object_set_new(row, "action_en", a ? json_string(a->en) : json_null());
    }
    po_resp_list(req, resp, items, total, &pg);
}

static void audit_actions(struct po_req *req, struct po_resp *resp)
{
    json_t *items = json_array();
    for (const struct po_audit_action *a = po_audit_actions; a->action; a++)
        json_array_append_new(items, json_pack("{s:s,s:s,s:s}", "action", a->action, "action_zh",
                                               a->zh, "action_en", a->en));
    po_resp_items(req, resp, items);
}

static void audit_verify(struct po_req *req, struct po_resp *resp)
{
    struct po_audit_report r;
    struct po_err err = PO_ERR_INIT;
    if (po_audit_verify(&r, req->st, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *j =
        json_pack("{s:b,s:I,s:s}", "ok", r.ok, "rows", (json_int_t)r.count, "head_hash", r.head);
    json_object_set_new(j, "first_bad_id", r.ok ? json_null() : json_integer(r.bad_id));
    json_object_set_new(j, "reason", r.ok ? json_null() : json_string(r.why));
    json_object_set_new(j, "reason_zh", r.ok ? json_null() : json_string(r.why_zh));
    /* the keyed chain (an HMAC under a key outside the database): checked when the key is here */
    json_object_set_new(j, "keyed", json_boolean(r.keyed && r.keyed_from));
    json_object_set_new(j, "keyed_from", r.keyed_from ? json_integer(r.keyed_from) : json_null());
    json_object_set_new(j, "mac_head", r.mac_head[0] ? json_string(r.mac_head) : json_null());
    po_resp_json(req, resp, 200, j, false);
}

const struct po_route po_routes_audit[] = {
    { "GET", "/api/v1/audit", audit_list, PO_P_READ_AUDIT, PO_RF_LIST, "audit",
      "The audit log, newest first; object matches as a substring", "actor,action,object",
      PO_AUDIT_LIST_SORTS },
    { "GET", "/api/v1/audit/actions", audit_actions, PO_P_READ_AUDIT, 0, "audit",
      "The actions of the audit log with their names in Chinese and English", NULL, NULL },
    { "GET", "/api/v1/audit/verify", audit_verify, PO_P_READ_AUDIT, 0, "audit",
      "Walk the audit hash chain: ok, the head hash, or the first row that fails", NULL, NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};
