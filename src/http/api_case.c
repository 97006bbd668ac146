/*
 * api_case.c: enforcement cases — list, open, detail with the transitions allowed now,
 * actions with documents, attachments (docs/api.md "Cases").
 *
 * Every write goes through io/casedb.h (one transaction with its audit row); the state
 * machine is core/casefsm.h.  What the user may do is the casefsm roles its account acts as
 * (po_authz_case_roles): an action is taken in the first of them the transition allows, and
 * refused with 403 when none does.  Missing fields, documents and sealing-checklist items are
 * found from the transition row before anything is written and answered 422 with one detail
 * each.  Documents come as base64 in the JSON body; each is decoded, checked by content
 * (io/attach.h: 20 MiB, PDF/JPEG/PNG/OFD/DOCX/XLSX) and handed to casedb through a private
 * temporary directory removed afterwards.
 *
 * District scope: a district officer's queries get the district of the case's enterprise,
 * so another district's case is 404, as is a case that does not exist.
 */
#include "http/api.h"
#include "http/sqlq.h"

#include "io/attach.h"
#include "io/calendar.h"
#include "io/casedb.h"
#include "util/arena.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- names of the casefsm table for the UI ---- */

/* Labels of the events; destructive ones need a confirmation and a reason. */
static const struct {
    const char *zh, *en;
    bool destructive;
} events[PO_EV_NKINDS] = {
    [PO_EV_ORDER_RECTIFICATION] = { "责令限期整改", "Order rectification", false },
    [PO_EV_REQUEST_EXTENSION] = { "申请延期", "Request an extension", false },
    [PO_EV_APPROVE_EXTENSION] = { "批准延期", "Approve the extension", false },
    [PO_EV_REFUSE_EXTENSION] = { "不予延期", "Refuse the extension", false },
    [PO_EV_REINSPECT_PASS] = { "复查合格", "Re-inspection passed", false },
    [PO_EV_REINSPECT_FAIL] = { "复查不合格", "Re-inspection failed", false },
    [PO_EV_OVERDUE] = { "逾期未整改", "Deadline missed", false },
    [PO_EV_ORDER_EXIT] = { "责令停产退出", "Order exit", true },
    [PO_EV_CONFIRM_EXIT] = { "确认已退出", "Confirm the exit", true },
    [PO_EV_CLOSE] = { "结案", "Close the case", false },
    [PO_EV_CONTROL_SUPPLY] = { "实施要素供给管控", "Control factor supply", false },
    [PO_EV_LIMIT_PRODUCTION] = { "限制生产", "Limit production", false },
    [PO_EV_LEAVE_WORST_GROUP] = { "退出后20%", "Left the worst 20%", false },
    [PO_EV_ORDER_SHUTDOWN] = { "责令关停", "Order shutdown", true },
    [PO_EV_SEAL] = { "查封", "Seal", true },
    [PO_EV_DISMANTLE] = { "拆除主体设备", "Dismantle the main equipment", true },
    [PO_EV_REPORT] = { "报送市工信局", "Report to the MIIT bureau", false },
    [PO_EV_ORDER_LIMIT] = { "责令限产整治", "Order limited production", false },
    [PO_EV_ORDER_SUSPEND] = { "责令停产整治", "Order suspension", false },
    [PO_EV_PROPOSE_CLOSURE] = { "提请关闭", "Propose closure", true },
    [PO_EV_APPROVE_CLOSURE] = { "批准关闭", "Approve closure", true },
    [PO_EV_REJECT_CLOSURE] = { "不予关闭", "Reject closure", false },
    [PO_EV_RESUME] = { "恢复生产", "Resume production", false },
    [PO_EV_REVOKE_LICENCE] = { "吊销许可证", "Revoke the licence", true },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The names (casefsm.h) of bits, first to last: PO_F_*, PO_DOC_* or PO_SEAL_*. */
static json_t *bit_names(const char *(*name)(unsigned), unsigned n, unsigned bits)
{
    json_t *a = json_array();
    for (unsigned i = 0; i < n; i++)
        if (bits & (1u << i))
            json_array_append_new(a, json_string(name(1u << i)));
    return a;
}

/* ---- dates ---- */

struct po_date po_api_today(const struct po_req *req)
{
    time_t t = (time_t)req->now;
    struct tm tm;
    gmtime_r(&t, &tm);
    return (struct po_date){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
}

bool po_api_date_or(struct po_date *out, const char *s, struct po_date def)
{
    *out = def;
    return !s || po_date_parse(out, s, strlen(s)) == 0;
}

static json_t *field_detail(const char *field, const char *zh, const char *en)
{
    return json_pack("{s:s,s:s,s:s}", "field", field, "message_zh", zh, "message_en", en);
}

void po_api_bad_field(struct po_req *req, struct po_resp *resp, unsigned status, const char *field,
                      const char *zh, const char *en)
{
    po_resp_error(req, resp, status, "invalid", zh, en,
                  json_pack("[o]", field_detail(field, zh, en)));
}

bool po_api_as_of_param(struct po_date *out, struct po_req *req, struct po_resp *resp)
{
    if (po_api_date_or(out, po_req_query(req, "as_of"), po_api_today(req)))
        return true;
    po_api_bad_field(req, resp, 400, "as_of", "as_of 应为 YYYY-MM-DD 日期",
                     "as_of must be a date YYYY-MM-DD");
    return false;
}

void po_api_deadline_note(json_t *row)
{
    json_t *y = json_object_get(row, "deadline_uncovered_year");
    if (!y)
        return;
    bool prov = json_is_integer(y) && json_integer_value(y) > 0;
    char zh[PO_DEADLINE_NOTE_BUFSZ], en[PO_DEADLINE_NOTE_BUFSZ];
    if (prov)
        po_deadline_provisional_note(zh, sizeof zh, en, sizeof en, (int)json_integer_value(y));
    json_object_set_new(row, "deadline_provisional", json_boolean(prov));
    json_object_set_new(row, "deadline_note_zh", prov ? json_string(zh) : json_null());
    json_object_set_new(row, "deadline_note_en", prov ? json_string(en) : json_null());
    json_object_del(row, "deadline_uncovered_year");
}

void po_api_days_left(json_t *items, struct po_date as_of)
{
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        po_api_deadline_note(it);
        const char *dl = po_json_str(it, "deadline");
        struct po_date d;
        json_object_set_new(it, "days_left",
                            dl && po_date_parse(&d, dl, strlen(dl)) == 0
                                ? json_integer(po_deadline_days_between(as_of, d))
                                : json_null());
    }
}

/* ---- GET /cases ---- */

static const char case_cols[] =
    "c.id, c.case_type, c.uscc, e.name AS enterprise_name, e.district_code, c.equipment_id, "
    "c.finding_id, c.state, c.deadline, c.deadline_alt, c.deadline_uncovered_year, c.opened_on";
static const char case_from[] = "case_file c JOIN enterprise e ON e.uscc = c.uscc";
static const struct po_sqlq_sort case_sorts[] = {
    { "id", "c.id" },       { "deadline", "c.deadline" },   { "opened_on", "c.opened_on" },
    { "state", "c.state" }, { "case_type", "c.case_type" }, { "uscc", "c.uscc" },
    { NULL, NULL },
};
#define CASE_SORTS "id,deadline,opened_on,state,case_type,uscc"

/* The list's filters; false with a 400 in resp. */
static bool case_filters(struct po_sqlq *q, struct po_req *req, struct po_resp *resp,
                         struct po_date as_of)
{
    static const struct po_sqlq_filter filters[] = {
        { "state", "c.state = ?" },
        { "type", "c.case_type = ?" },
        { "uscc", "c.uscc = ?" },
        { "district", "e.district_code = ?" },
        { NULL, NULL },
    };
    const char *s = po_req_query(req, "state"), *t = po_req_query(req, "type");
    enum po_case_state st;
    enum po_case_type ty;
    if (s && po_casefsm_state_parse(&st, s) < 0) {
        po_api_bad_field(req, resp, 400, "state", "未知的案件状态", "unknown case state");
        return false;
    }
    if (t && po_casefsm_type_parse(&ty, t) < 0) {
        po_api_bad_field(req, resp, 400, "type", "未知的案件类型", "unknown case type");
        return false;
    }
    po_sqlq_scope(q, req, "e.district_code");
    po_sqlq_filters(q, req, filters);
    int64_t days;
    if (po_req_query_int(&days, req, resp, "due_within", -1, 0, 100000) < 0)
        return false;
    if (days >= 0) {
        char until[16];
        po_deadline_format_date(until, sizeof until, po_deadline_add_days(as_of, (long)days));
        po_sqlq_and_text(q, "c.deadline IS NOT NULL AND c.deadline <= ?",
                         po_arena_strdup(req->a, until));
    }
    return true;
}

void po_api_days_left_list(struct po_req *req, struct po_resp *resp, const char *select,
                           const char *from, const struct po_sqlq *q,
                           const struct po_sqlq_sort *sorts, const char *def_order,
                           const char *tiebreak, const struct po_page *pg, struct po_date as_of)
{
    int64_t total;
    json_t *items =
        po_sqlq_page(&total, req, resp, select, from, q, sorts, def_order, tiebreak, pg);
    if (!items)
        return;
    po_api_days_left(items, as_of);
    po_resp_list(req, resp, items, total, pg);
}

static void cases(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    struct po_date as_of;
    if (po_req_page(&pg, req, resp, CASE_SORTS) < 0 || !po_api_as_of_param(&as_of, req, resp))
        return;
    struct po_sqlq q;
    po_sqlq_init(&q);
    if (case_filters(&q, req, resp, as_of))
        po_api_days_left_list(req, resp, case_cols, case_from, &q, case_sorts, "c.id DESC", "c.id",
                              &pg, as_of);
    po_sqlq_release(&q);
}

json_t *po_api_enterprise_cases(struct po_req *req, struct po_resp *resp, const char *uscc)
{
    struct po_value v = po_vtext(uscc);
    json_t *items = po_sqlq_all(req, resp,
                                "SELECT id, case_type, equipment_id, finding_id, state, deadline, "
                                "deadline_alt, deadline_uncovered_year, opened_on "
                                "FROM case_file WHERE uscc = ? "
                                "ORDER BY id DESC",
                                &v, 1);
    if (items)
        po_api_days_left(items, po_api_today(req));
    return items;
}

/* ---- one case ---- */

/* The case {id} of the path; 0 when malformed (no case has it). */
static int64_t case_param(struct po_req *req)
{
    const char *s = po_req_param(req, "id");
    char *end;
    long long n = s ? strtoll(s, &end, 10) : 0;
    return n > 0 && *end == 0 ? (int64_t)n : 0;
}

/* Case id's row when the user may see it, or NULL with a 404 (or error) in resp. */
static json_t *case_row(struct po_req *req, struct po_resp *resp, int64_t id)
{
    const char *scope = po_req_scope_district(req);
    struct po_value v[2] = { po_vint(id), po_vtext(scope) };
    json_t *rows =
        po_sqlq_all(req, resp,
                    po_arena_printf(req->a,
                                    "SELECT %s, c.opened_at, c.opened_by FROM %s "
                                    "WHERE c.id = ?%s",
                                    case_cols, case_from, scope ? " AND e.district_code = ?" : ""),
                    v, scope ? 2 : 1);
    if (!rows)
        return NULL;
    json_t *r = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    if (!r)
        po_resp_error(req, resp, 404, "not_found", "没有这个案件", "no such case", NULL);
    return r;
}

/* The events with their attachments, oldest first. */
static json_t *case_events(struct po_req *req, struct po_resp *resp, int64_t id)
{
    struct po_value v = po_vint(id);
    json_t *evs =
        po_sqlq_all(req, resp,
                    "SELECT id, seq, on_date, event, prev_state, new_state, actor, role, at, "
                    "reason, fields_json FROM case_event WHERE case_id = ? ORDER BY seq",
                    &v, 1);
    json_t *atts =
        evs ? po_sqlq_all(req, resp,
                          "SELECT a.event_id, a.doc, a.name, a.sha256, b.mime, b.size "
                          "FROM case_attachment a JOIN case_event e ON e.id = a.event_id "
                          "JOIN attachment_blob b ON b.sha256 = a.sha256 "
                          "WHERE e.case_id = ? ORDER BY a.id",
                          &v, 1)
            : NULL;
    if (!atts) {
        json_decref(evs);
        return NULL;
    }
    size_t i, k;
    json_t *e, *a;
    json_array_foreach(evs, i, e)
    {
        const char *fj = po_json_str(e, "fields_json");
        json_t *f = fj ? json_loads(fj, 0, NULL) : NULL;
        json_object_set_new(e, "fields", f ? f : json_object());
        json_object_del(e, "fields_json");
        json_t *mine = json_array();
        json_array_foreach(
            atts, k, a) if (json_equal(json_object_get(a, "event_id"), json_object_get(e, "id")))
        {
            json_object_set_new(a, "url",
                                json_sprintf("/api/v1/cases/%" PRId64 "/attachments/%s", id,
                                             po_json_str(a, "sha256")));
            json_array_append(mine, a);
        }
        json_object_set_new(e, "attachments", mine);
    }
    json_decref(atts);
    return evs;
}

/* One transition the user may take now, for the UI. */
static json_t *allowed_json(const struct po_case *c, enum po_case_event_kind ev)
{
    const struct po_case_transition *t = po_casefsm_find(c->type, c->state, ev);
    unsigned fields = t->fields | (events[ev].destructive ? PO_F_REASON : 0u);
    json_t *j = json_pack(
        "{s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:b}", "event", po_casefsm_event_name(ev), "label_zh",
        events[ev].zh, "label_en", events[ev].en, "to_state", po_casefsm_state_name(t->to),
        "required_fields", bit_names(po_casefsm_field_name, PO_F_COUNT, fields),
        "required_documents", bit_names(po_casefsm_doc_name, PO_DOC_COUNT, t->documents),
        "legal_basis", t->basis, "destructive", events[ev].destructive);
    if (t->guard == PO_G_SEAL_CHECKLIST)
        json_object_set_new(
            j, "required_checklist",
            bit_names(po_casefsm_seal_name, PO_SEAL_COUNT, PO_SEAL_ALL & ~c->checklist));
    return j;
}

static json_t *allowed_list(const struct po_req *req, const struct po_case *c)
{
    unsigned roles =
        po_req_can(req, PO_P_ACT_CASE) ? po_authz_case_roles(req->session.user.roles) : 0u;
    enum po_case_event_kind ev[PO_EV_NKINDS];
    size_t n = po_casefsm_allowed(ev, PO_EV_NKINDS, c, roles);
    json_t *a = json_array();
    for (size_t i = 0; i < n && i < PO_EV_NKINDS; i++)
        json_array_append_new(a, allowed_json(c, ev[i]));
    return a;
}

/* Replay case id; false with resp filled. */
static bool case_load(struct po_case *c, struct po_calendar *cal, struct po_req *req,
                      struct po_resp *resp, int64_t id)
{
    struct po_err err = PO_ERR_INIT;
    int rc = po_calendar_load_store(cal, req->st, req->a, &err);
    if (rc == 0)
        rc = po_casedb_load(c, req->st, cal, id, &err);
    if (rc < 0)
        po_resp_err(req, resp, &err);
    return rc == 0;
}

/* Answer the case id (row r, stolen) with its events and allowed transitions. */
static void case_answer(struct po_req *req, struct po_resp *resp, json_t *r, int64_t id,
                        unsigned status)
{
    struct po_case c;
    struct po_calendar cal;
    struct po_date as_of;
    json_t *evs = NULL;
    if (!po_api_as_of_param(&as_of, req, resp) || !case_load(&c, &cal, req, resp, id) ||
        !(evs = case_events(req, resp, id))) {
        json_decref(r);
        return;
    }
    json_t *one = json_pack("[O]", r);
    po_api_days_left(one, as_of);
    json_decref(one);
    json_object_set_new(r, "events", evs);
    json_object_set_new(r, "allowed", allowed_list(req, &c));
    json_object_set_new(r, "checklist",
                        bit_names(po_casefsm_seal_name, PO_SEAL_COUNT, c.checklist));
    json_object_set_new(r, "extensions", json_integer(c.extensions));
    po_resp_json(req, resp, status, r, status == 200);
}

static void case_get(struct po_req *req, struct po_resp *resp)
{
    int64_t id = case_param(req);
    json_t *r = case_row(req, resp, id);
    if (r)
        case_answer(req, resp, r, id, 200);
}

/* ---- POST /cases ---- */

/* The user's first casefsm role among allowed (all when 0); 0 when none. */
static enum po_role pick_role(const struct po_req *req, unsigned allowed)
{
    unsigned mine = po_authz_case_roles(req->session.user.roles) & (allowed ? allowed : ~0u);
    return (enum po_role)(mine & (~mine + 1u));
}

static const char *opt_str(struct po_req *req, struct po_resp *resp, json_t *b, const char *key,
                           bool *ok)
{
    json_t *v = json_object_get(b, key);
    if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)))
        return NULL;
    if (!json_is_string(v)) {
        po_api_bad_field(req, resp, 422, key, "应为字符串", "must be a string");
        *ok = false;
    }
    return json_string_value(v);
}

/* The body of POST /cases into o; false with resp filled. */
static bool open_args(struct po_case_open *o, struct po_req *req, struct po_resp *resp)
{
    json_t *b = po_req_json(req, resp);
    if (!b)
        return false;
    bool ok = true;
    const char *type = opt_str(req, resp, b, "case_type", &ok);
    o->uscc = ok ? opt_str(req, resp, b, "uscc", &ok) : NULL;
    o->equipment_id = ok ? opt_str(req, resp, b, "equipment_id", &ok) : NULL;
    o->finding_id = ok ? opt_str(req, resp, b, "finding_id", &ok) : NULL;
    const char *on = ok ? opt_str(req, resp, b, "opened_on", &ok) : NULL;
    if (!ok)
        return false;
    if (!type || po_casefsm_type_parse(&o->type, type) < 0) {
        po_api_bad_field(
            req, resp, 422, "case_type",
            "case_type 应为 energy_quota、energy_intensity、industrial_policy、environment、"
            "safety 或 quality",
            "case_type must be energy_quota, energy_intensity, industrial_policy, "
            "environment, safety or quality");
        return false;
    }
    if (!o->uscc) {
        po_api_bad_field(req, resp, 422, "uscc", "需要 uscc", "uscc is required");
        return false;
    }
    if (!po_api_date_or(&o->on, on, po_api_today(req))) {
        po_api_bad_field(req, resp, 422, "opened_on", "opened_on 应为 YYYY-MM-DD 日期",
                         "opened_on must be a date YYYY-MM-DD");
        return false;
    }
    return true;
}

static void case_open(struct po_req *req, struct po_resp *resp)
{
    struct po_case_open o = { .actor = po_req_actor(req) };
    if (!open_args(&o, req, resp) || po_api_enterprise_visible(req, resp, o.uscc, NULL) < 0)
        return;
    o.role = pick_role(req, 0);
    if (!o.role ||
        !po_authz_acts_on_criterion(req->session.user.roles, po_casefsm_type_name(o.type))) {
        po_resp_error(req, resp, 403, "forbidden", "无权立此类案件",
                      "you may not open a case of this type", NULL);
        return;
    }
    struct po_err err = PO_ERR_INIT;
    int64_t id = 0;
    if (po_casedb_open(&id, req->st, &o, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *r = case_row(req, resp, id);
    if (r)
        case_answer(req, resp, r, id, 201);
}

/* ---- POST /cases/{id}/actions ---- */

struct action {
    struct po_case_action act;
    const char *fields[8];
    struct po_case_attach attach[16];
    unsigned field_bits, doc_bits, checklist;
    char dir[64]; /* the temporary directory of the documents, "" when none */
};

/* A scalar of "fields" as text; NULL when it is neither a string nor an integer. */
static const char *scalar_text(struct po_req *req, json_t *v)
{
    if (json_is_integer(v))
        return po_arena_printf(req->a, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* checklist: an array of item names or a comma-separated text; bits into *out. */
static const char *checklist_text(struct po_req *req, json_t *v, unsigned *out)
{
    const char *s = json_is_string(v) ? json_string_value(v) : NULL;
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        s = "";
        json_array_foreach(v, i, x)
        {
            if (!json_is_string(x))
                return NULL;
            s = po_arena_printf(req->a, "%s%s%s", s, i ? "," : "", json_string_value(x));
        }
    }
    for (const char *p = s; p && *p;) {
        size_t len = strcspn(p, ",");
        for (unsigned i = 0; i < PO_SEAL_COUNT; i++) {
            const char *name = po_casefsm_seal_name(1u << i);
            if (strlen(name) == len && !strncmp(name, p, len))
                *out |= 1u << i;
        }
        if (len == 3 && !strncmp(p, "all", 3))
            *out |= PO_SEAL_ALL;
        p += len + (p[len] == ',');
    }
    return s;
}

/* "fields" into "k=v" texts; false with a 422 in resp. */
static bool action_fields(struct action *x, struct po_req *req, struct po_resp *resp, json_t *f)
{
    const char *key;
    json_t *v;
    if (f && !json_is_object(f)) {
        po_api_bad_field(req, resp, 422, "fields", "fields 应为对象", "fields must be an object");
        return false;
    }
    json_object_foreach(f, key, v)
    {
        /* reason is the body's own member, not one of the fields */
        unsigned bit = 0;
        bool known = po_casefsm_field_parse(&bit, key) == 0 && bit != PO_F_REASON;
        const char *text = !strcmp(key, "checklist") ? checklist_text(req, v, &x->checklist)
                           : known                   ? scalar_text(req, v)
                                                     : NULL;
        if (!text || x->act.nfields == NELEM(x->fields)) {
            po_api_bad_field(
                req, resp, 422, po_arena_printf(req->a, "fields.%s", key),
                "未知字段或取值类型错误（可用 months、limit_level、years_worst、licence、"
                "checklist）",
                "unknown field or wrong type (months, limit_level, years_worst, licence, "
                "checklist)");
            return false;
        }
        if (known)
            x->field_bits |= bit;
        x->fields[x->act.nfields++] = po_arena_printf(req->a, "%s=%s", key, text);
    }
    x->act.fields = x->fields;
    return true;
}

/* A file name safe to create in our directory, ending as the given one does. */
static const char *safe_name(struct po_req *req, const char *name)
{
    const char *base = name ? strrchr(name, '/') : NULL;
    base = base ? base + 1 : name;
    if (!base || !*base || !strcmp(base, ".") || !strcmp(base, ".."))
        return "document";
    size_t n = strlen(base);
    char *s = po_arena_strdup(req->a, n > 120 ? base + n - 120 : base);
    for (char *p = s; p && *p; p++)
        if ((unsigned char)*p < 0x20 || *p == '\\')
            *p = '_';
    return s ? s : "document";
}

static bool write_file(const char *path, const unsigned char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    bool ok = f && fwrite(data, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = false;
    return ok;
}

/* Remove the documents' temporary files and directory. */
static void remove_docs(struct action *x)
{
    for (size_t i = 0; x->dir[0] && i < x->act.nattach; i++) {
        unlink(x->attach[i].path);
        char *slash = strrchr(x->attach[i].path, '/');
        if (slash) {
            *slash = 0;
            rmdir(x->attach[i].path);
        }
    }
    if (x->dir[0])
        rmdir(x->dir);
}

/* Document i: decode, check, write to the temporary directory; false with resp filled. */
static bool action_doc(struct action *x, struct po_req *req, struct po_resp *resp, json_t *d,
                       size_t i)
{
    const char *doc = po_json_str(d, "doc"), *b64 = po_json_str(d, "content_base64");
    const char *field = po_arena_printf(req->a, "documents[%zu]", i);
    unsigned bit = 0;
    if (po_casefsm_doc_parse(&bit, doc) < 0 || !b64) {
        po_api_bad_field(req, resp, 422, field, "需要 doc（文书类别）和 content_base64",
                         "doc (a document kind) and content_base64 are required");
        return false;
    }
    size_t cap = strlen(b64) / 4 * 3 + 3, len = 0;
    unsigned char *bin = po_arena_alloc(req->a, cap);
    if (!bin || sodium_base642bin(bin, cap, b64, strlen(b64), " \r\n\t", &len, NULL,
                                  sodium_base64_VARIANT_ORIGINAL) != 0) {
        po_api_bad_field(req, resp, 422, field, "content_base64 不是有效的 base64",
                         "content_base64 is not valid base64");
        return false;
    }
    const char *name = safe_name(req, po_json_str(d, "name")), *why = "";
    if (len > PO_ATTACH_MAX) {
        po_resp_error(req, resp, 413, "too_large", "附件超过 20 MiB",
                      "the attachment is over 20 MiB",
                      json_pack("[o]", field_detail(field, "超过 20 MiB", "over 20 MiB")));
        return false;
    }
    if (!po_attach_sniff(bin, len, name, &why)) {
        po_api_bad_field(req, resp, 422, field,
                         "附件类型被拒绝（按内容判断；接受 PDF、JPEG、PNG、OFD、DOCX、XLSX）",
                         "attachment type refused by its content (PDF, JPEG, PNG, OFD, DOCX, XLSX "
                         "accepted)");
        return false;
    }
    const char *sub = po_arena_printf(req->a, "%s/%zu", x->dir, i);
    const char *path = po_arena_printf(req->a, "%s/%s", sub, name);
    x->attach[x->act.nattach] = (struct po_case_attach){ po_casefsm_doc_name(bit), path };
    if (mkdir(sub, 0700) != 0 || (x->act.nattach++, !write_file(path, bin, len))) {
        po_resp_error(req, resp, 500, "internal", "无法写出临时文件",
                      "cannot write a temporary file", NULL);
        return false;
    }
    x->doc_bits |= bit;
    return true;
}

static bool action_docs(struct action *x, struct po_req *req, struct po_resp *resp, json_t *docs)
{
    if (docs && (!json_is_array(docs) || json_array_size(docs) > NELEM(x->attach))) {
        po_api_bad_field(req, resp, 422, "documents", "documents 应为至多 16 个文书的数组",
                         "documents must be an array of at most 16 documents");
        return false;
    }
    if (!json_array_size(docs))
        return true;
    snprintf(x->dir, sizeof x->dir, "%s", "/tmp/phaseout-attach-XXXXXX");
    if (!mkdtemp(x->dir)) {
        x->dir[0] = 0;
        po_resp_error(req, resp, 500, "internal", "无法创建临时目录",
                      "cannot create a temporary directory", NULL);
        return false;
    }
    size_t i;
    json_t *d;
    json_array_foreach(docs, i, d) if (!action_doc(x, req, resp, d, i)) return false;
    x->act.attach = x->attach;
    return true;
}

/* The body of POST /cases/{id}/actions into x and *ev; false with resp filled. */
static bool action_args(struct action *x, enum po_case_event_kind *ev, struct po_req *req,
                        struct po_resp *resp)
{
    json_t *b = po_req_json(req, resp);
    if (!b)
        return false;
    const char *e = po_json_str(b, "event"), *reason = po_json_str(b, "reason");
    if (!e || po_casefsm_event_parse(ev, e) < 0) {
        po_api_bad_field(req, resp, 422, "event", "未知事件", "unknown event");
        return false;
    }
    if (!po_api_date_or(&x->act.on, po_json_str(b, "on_date"), po_api_today(req))) {
        po_api_bad_field(req, resp, 422, "on_date", "on_date 应为 YYYY-MM-DD 日期",
                         "on_date must be a date YYYY-MM-DD");
        return false;
    }
    x->act.event = *ev;
    x->act.reason = reason && *reason ? reason : NULL;
    x->act.actor = po_req_actor(req);
    return action_fields(x, req, resp, json_object_get(b, "fields")) &&
           action_docs(x, req, resp, json_object_get(b, "documents"));
}

static void add_missing(json_t *d, const char *field, const char *zh, const char *en,
                        const char *name)
{
    char z[160], e[160];
    snprintf(z, sizeof z, "%s%s", zh, name);
    snprintf(e, sizeof e, "%s%s", en, name);
    json_array_append_new(d, field_detail(field, z, e));
}

/* What transition t needs that the action lacks, one detail each (empty array: nothing). */
static json_t *missing(const struct action *x, const struct po_case *c,
                       const struct po_case_transition *t)
{
    json_t *d = json_array();
    unsigned need = t->fields | (events[t->event].destructive ? PO_F_REASON : 0u);
    unsigned lack = need & ~(x->field_bits | (x->act.reason ? PO_F_REASON : 0u));
    char f[64];
    for (unsigned i = 0; i < PO_F_COUNT; i++) {
        const char *name = po_casefsm_field_name(1u << i);
        snprintf(f, sizeof f, i ? "fields.%s" : "%s", name);
        if (lack & (1u << i))
            add_missing(d, f, "缺少字段 ", "missing the field ", name);
    }
    for (unsigned i = 0; i < PO_DOC_COUNT; i++) {
        const char *name = po_casefsm_doc_name(1u << i);
        snprintf(f, sizeof f, "documents.%s", name);
        if (t->documents & ~x->doc_bits & (1u << i))
            add_missing(d, f, "缺少文书 ", "missing the document ", name);
    }
    unsigned seal =
        t->guard == PO_G_SEAL_CHECKLIST ? PO_SEAL_ALL & ~(c->checklist | x->checklist) : 0u;
    for (unsigned i = 0; i < PO_SEAL_COUNT; i++)
        if (seal & (1u << i))
            add_missing(d, "fields.checklist", "查封前清单缺少 ", "the sealing checklist lacks ",
                        po_casefsm_seal_name(1u << i));
    return d;
}

/* The transition exists now, the user may take it, nothing is missing; else resp filled. */
static bool action_allowed(struct action *x, const struct po_case *c, struct po_req *req,
                           struct po_resp *resp)
{
    const struct po_case_transition *t = po_casefsm_find(c->type, c->state, x->act.event);
    if (!t) {
        static const char zh[] = "案件当前状态下不能执行此事件",
                          en[] = "the case's current state does not allow this event";
        po_resp_error(req, resp, 409, "conflict", zh, en,
                      json_pack("[o]", field_detail("event", zh, en)));
        return false;
    }
    x->act.role = pick_role(req, t->roles);
    if (!x->act.role) {
        po_resp_error(req, resp, 403, "forbidden", "您的角色无权执行此事件",
                      "your role may not take this event", NULL);
        return false;
    }
    json_t *d = missing(x, c, t);
    if (json_array_size(d)) {
        po_resp_error(req, resp, 422, "invalid", "缺少必需的字段或文书",
                      "required fields or documents are missing", d);
        return false;
    }
    json_decref(d);
    return true;
}

static void case_act(struct po_req *req, struct po_resp *resp)
{
    int64_t id = case_param(req);
    json_t *r = case_row(req, resp, id);
    struct po_case c;
    struct po_calendar cal;
    struct action x;
    enum po_case_event_kind ev;
    memset(&x, 0, sizeof x);
    json_decref(r);
    if (r && case_load(&c, &cal, req, resp, id) && action_args(&x, &ev, req, resp) &&
        action_allowed(&x, &c, req, resp)) {
        struct po_err err = PO_ERR_INIT;
        if (po_casedb_act(NULL, req->st, &cal, id, &x.act, &err) < 0) {
            /* the case exists: not found here is about the action's input, not the path */
            if (err.code == PO_ENOTFOUND)
                err.code = PO_EINVAL;
            po_resp_err(req, resp, &err);
        } else if ((r = case_row(req, resp, id)))
            case_answer(req, resp, r, id, 200);
    }
    remove_docs(&x);
}

/* ---- GET /cases/{id}/attachments/{sha256} ---- */

static const char *mime_ext(const char *mime)
{
    static const char *const map[][2] = {
        { "application/pdf", "pdf" },
        { "image/jpeg", "jpg" },
        { "image/png", "png" },
        { "application/ofd", "ofd" },
        { "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx" },
        { "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx" },
    };
    for (size_t i = 0; mime && i < NELEM(map); i++)
        if (!strcmp(map[i][0], mime))
            return map[i][1];
    return "bin";
}

static void attachment(struct po_req *req, struct po_resp *resp)
{
    int64_t id = case_param(req);
    json_t *r = case_row(req, resp, id);
    if (!r)
        return;
    json_decref(r);
    const char *sha = po_req_param(req, "sha256");
    struct po_value v[2] = { po_vint(id), po_vtext(sha) };
    json_t *rows = po_sqlq_all(req, resp,
                               "SELECT a.doc, b.mime, b.content FROM case_attachment a "
                               "JOIN case_event e ON e.id = a.event_id "
                               "JOIN attachment_blob b ON b.sha256 = a.sha256 "
                               "WHERE e.case_id = ? AND a.sha256 = ? ORDER BY a.id",
                               v, 2);
    json_t *a = rows ? json_array_get(rows, 0) : NULL;
    const char *b64 = po_json_str(a, "content"), *mime = po_json_str(a, "mime");
    size_t cap = b64 ? strlen(b64) / 4 * 3 + 3 : 0, len = 0;
    char *bin = b64 ? po_arena_alloc(req->a, cap) : NULL;
    if (rows && !a)
        po_resp_error(req, resp, 404, "not_found", "此案件没有这个附件",
                      "the case has no such attachment", NULL);
    else if (a && (!bin || sodium_base642bin((unsigned char *)bin, cap, b64, strlen(b64), NULL,
                                             &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0))
        po_resp_error(req, resp, 500, "internal", "附件内容无法解码",
                      "the stored attachment cannot be decoded", NULL);
    else if (a)
        po_resp_file(
            req, resp, po_arena_strdup(req->a, mime),
            po_arena_printf(req->a, "%s-%.12s.%s", po_json_str(a, "doc"), sha, mime_ext(mime)), bin,
            len);
    json_decref(rows);
}

const struct po_route po_routes_case[] = {
    { "GET", "/api/v1/cases", cases, PO_P_READ_REGISTRY, PO_RF_LIST, "cases",
      "Cases with days left to the deadline (district officers: their district's)",
      "state,type,uscc,district,due_within,as_of", CASE_SORTS },
    { "POST", "/api/v1/cases", case_open, PO_P_OPEN_CASE, 0, "cases",
      "Open a case of a type the user acts on", NULL, NULL },
    { "GET", "/api/v1/cases/{id}", case_get, PO_P_READ_REGISTRY, 0, "cases",
      "One case with its events, attachments and the transitions the user may take now", "as_of",
      NULL },
    { "POST", "/api/v1/cases/{id}/actions", case_act, PO_P_ACT_CASE, PO_RF_BIG_JSON, "cases",
      "Take a transition with its fields and documents (base64)", "as_of", NULL },
    { "GET", "/api/v1/cases/{id}/attachments/{sha256}", attachment, PO_P_READ_REGISTRY,
      PO_RF_BINARY, "cases", "A document attached to the case, with its type", NULL, NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};
