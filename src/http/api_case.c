/*
 * api_case.c: enforcement cases — list, open, detail with the transitions allowed now,
 * actions with documents, attachments (docs/api.md "Cases").
 *
 * Every write goes through app/casedb.h (one transaction with its audit row); the state
 * machine is core/casefsm.h.  What the user may do is the casefsm roles its account acts as
 * (po_authz_case_roles): an action is taken in the first of them the transition allows, and
 * refused with 403 when none does.  Missing fields, documents and sealing-checklist items are
 * found from the transition row before anything is written and answered 422 with one detail
 * each.  Documents come as base64 in the JSON body; each is decoded, checked by content
 * (app/attach.h: the city's size limit, PDF/JPEG/PNG/OFD/DOCX/XLSX) and handed to casedb through a
 * private temporary directory removed afterwards.
 *
 * District scope: a district officer's queries get the district of the case's enterprise,
 * so another district's case is 404, as is a case that does not exist.
 */
#include "http/api.h"
#include "http/case_view.h"
#include "http/listresp.h"
#include "http/scope.h"

#include "app/attach.h"
#include "format/filetype.h"
#include "app/calendardb.h"
#include "refdata/calendar.h"
#include "app/casedb.h"
#include "app/caseread.h"
#include "util/arena.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

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

/* The list's filters into f (texts in req->a); false with a 400 in resp. */
static bool case_filters(struct po_case_list_filter *f, struct po_req *req, struct po_resp *resp,
                         struct po_date as_of)
{
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
    *f = (struct po_case_list_filter){ .scope = po_req_scope_district(req),
                                       .state = s,
                                       .type = t,
                                       .uscc = po_req_query(req, "uscc"),
                                       .district = po_req_query(req, "district") };
    int64_t days;
    if (po_req_query_int(&days, req, resp, "due_within", -1, 0, 100000) < 0)
        return false;
    if (days >= 0) {
        char until[16];
        po_deadline_format_date(until, sizeof until, po_deadline_add_days(as_of, (long)days));
        f->due_by = po_arena_strdup(req->a, until);
    }
    return true;
}

void po_api_days_left_answer(struct po_req *req, struct po_resp *resp, json_t *items, int64_t total,
                             const struct po_page *pg, struct po_date as_of,
                             const struct po_err *err)
{
    if (items)
        po_api_days_left(items, as_of);
    po_listresp_answer(req, resp, items, total, pg, err);
}

static void cases(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    struct po_date as_of;
    struct po_case_list_filter f;
    if (po_req_page(&pg, req, resp, PO_CASEREAD_SORTS) < 0 ||
        !po_api_as_of_param(&as_of, req, resp) || !case_filters(&f, req, resp, as_of))
        return;
    struct po_err err = PO_ERR_INIT;
    struct po_listq_page lp = po_listresp_pg(&pg);
    int64_t total = 0;
    json_t *items = po_caseread_page(&total, req->st, req->a, &f, &lp, &err);
    po_api_days_left_answer(req, resp, items, total, &pg, as_of, &err);
}

json_t *po_api_enterprise_cases(struct po_req *req, struct po_resp *resp, const char *uscc)
{
    struct po_err err = PO_ERR_INIT;
    json_t *items = po_caseread_of_enterprise(req->st, uscc, &err);
    if (items)
        po_api_days_left(items, po_api_today(req));
    else
        po_resp_err(req, resp, &err);
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

int64_t po_api_case_param(struct po_req *req)
{
    return case_param(req);
}

/* Case id's row when the user may see it, or NULL with a 404 (or error) in resp. */
static json_t *case_row(struct po_req *req, struct po_resp *resp, int64_t id)
{
    struct po_err err = PO_ERR_INIT;
    json_t *r = po_caseread_case(req->st, id, po_req_scope_district(req), &err);
    if (!r)
        po_resp_err(req, resp, &err);
    return r;
}

/* One attachment as the case page lists it, with its download url. */
static json_t *attachment_json(const struct po_case_attachment_row *a, int64_t id)
{
    return json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:o}", "event_id", (json_int_t)a->event_id, "doc",
                     a->doc, "name", a->name, "sha256", a->sha256, "mime", a->mime, "size",
                     (json_int_t)a->size, "url",
                     json_sprintf("/api/v1/cases/%" PRId64 "/attachments/%s", id, a->sha256));
}

/* One event of case id as the case page shows it: the row, its fields, labels and actor in
 * words, its attachments. */
static json_t *event_json(struct po_req *req, const struct po_case_event_row *r, int64_t id,
                          const char *district)
{
    json_t *e = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:o}", "id", (json_int_t)r->id,
                          "seq", (json_int_t)r->seq, "on_date", r->on_date, "event", r->event,
                          "prev_state", r->prev_state, "new_state", r->new_state, "actor", r->actor,
                          "role", r->role, "actor_roles", po_case_view_role_list(r->actor_roles),
                          "at", r->at, "reason", po_json_text(r->reason));
    if (!e)
        return NULL;
    json_t *f = r->fields_json ? json_loads(r->fields_json, 0, NULL) : NULL;
    json_object_set_new(e, "fields", f ? f : json_object());
    enum po_case_event_kind kind;
    bool known = po_casefsm_event_parse(&kind, r->event) == 0;
    json_object_set_new(e, "label_zh", known ? po_case_view_label(kind, true) : json_null());
    json_object_set_new(e, "label_en", known ? po_case_view_label(kind, false) : json_null());
    enum po_role role;
    struct po_err err = PO_ERR_INIT;
    bool rk = po_casedb_role_parse(&role, r->role, &err) == 0;
    json_object_set_new(e, "role_name_zh",
                        po_json_text(rk ? po_case_view_actor_zh(req, role, district) : NULL));
    json_object_set_new(e, "role_name_en",
                        po_json_text(rk ? po_case_view_actor_en(req, role, district) : NULL));
    json_t *mine = json_array();
    for (size_t k = 0; k < r->nattach; k++)
        json_array_append_new(mine, attachment_json(&r->attach[k], id));
    json_object_set_new(e, "attachments", mine);
    return e;
}

/* The events with their attachments, oldest first, after the opening (stolen). */
static json_t *case_events(struct po_req *req, struct po_resp *resp, int64_t id, json_t *opening,
                           const char *district)
{
    struct po_case_events evs;
    struct po_err err = PO_ERR_INIT;
    if (po_caseread_events(&evs, req->st, id, PO_CASEREAD_ATTACH, req->a, &err) < 0) {
        po_resp_err(req, resp, &err);
        json_decref(opening);
        return NULL;
    }
    json_t *out = json_array();
    json_array_append_new(out, opening);
    for (size_t i = 0; i < evs.n; i++)
        json_array_append_new(out, event_json(req, &evs.v[i], id, district));
    return out;
}

/* Replay case id; false with resp filled. */
static bool case_load(struct po_case *c, struct po_calendar *cal, struct po_req *req,
                      struct po_resp *resp, int64_t id)
{
    struct po_err err = PO_ERR_INIT;
    int rc = po_calendardb_load(cal, req->st, req->a, &err);
    if (rc == 0)
        rc = po_casedb_load(c, req->st, cal, id, &err);
    if (rc < 0)
        po_resp_err(req, resp, &err);
    return rc == 0;
}

/* Answer the case id (row r, stolen) with its history (the opening first), the finding it came
 * from, what this user may do now and who must act, and the deadline's reasoning. */
static void case_answer(struct po_req *req, struct po_resp *resp, json_t *r, int64_t id,
                        unsigned status)
{
    struct po_case c;
    struct po_calendar cal;
    struct po_date as_of;
    json_t *evs = NULL, *finding = NULL, *opening = NULL;
    const char *district = po_json_str(r, "district_name");
    if (!po_api_as_of_param(&as_of, req, resp) || !case_load(&c, &cal, req, resp, id) ||
        !(opening = po_case_view_opening(&finding, req, resp, r)) ||
        !(evs = case_events(req, resp, id, opening, district))) {
        json_decref(finding);
        json_decref(r);
        return;
    }
    json_t *one = json_pack("[O]", r);
    po_api_days_left(one, as_of);
    json_decref(one);
    json_object_set_new(r, "opened_roles", po_case_view_role_list(po_json_str(r, "opened_roles")));
    json_object_set_new(r, "events", evs);
    json_object_set_new(r, "finding", finding);
    po_case_view_next(r, req, &c, as_of);
    json_object_set_new(r, "deadline_explanation", po_case_view_deadline(&c, &cal));
    json_object_set_new(r, "checklist", json_array());
    for (unsigned i = 0; i < PO_SEAL_COUNT; i++)
        if (c.checklist & (1u << i))
            json_array_append_new(json_object_get(r, "checklist"),
                                  json_string(po_casefsm_seal_name(1u << i)));
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

/* ---- a finding as the ground of a case ---- */

/* The finding of the latest run holding it (the newest year first), with its enterprise's
 * district; NULL with a 404 when there is none or it is another district's. */
static json_t *finding_row(struct po_req *req, struct po_resp *resp, const char *fid)
{
    struct po_err err = PO_ERR_INIT;
    json_t *f = po_caseread_finding(req->st, fid, &err);
    if (!f) {
        po_resp_err(req, resp, &err);
        return NULL;
    }
    const char *scope = po_req_scope_district(req), *dc = po_json_str(f, "district_code");
    if (!json_is_null(f) && (!scope || (dc && !strcmp(dc, scope))))
        return f;
    json_decref(f);
    po_resp_error(req, resp, 404, "not_found", "没有这条研判结论", "no such finding", NULL);
    return NULL;
}

/* Why no case may be opened on finding fid of uscc ({status, code, message_zh, message_en}),
 * or NULL when one may: po_casedb_finding_check()'s refusal under its own code. */
static json_t *finding_refusal(struct po_req *req, const char *fid, const char *uscc)
{
    struct po_err err = PO_ERR_INIT;
    if (po_casedb_finding_check(req->st, fid, uscc, &err) == 0)
        return NULL;
    unsigned status = err.code == PO_EINVAL      ? 422
                      : err.code == PO_ECONFLICT ? 409
                      : err.code == PO_ENOTFOUND ? 404
                                                 : 500;
    const char *code = status == 422   ? "cannot_decide"
                       : status == 409 ? "stale_finding"
                       : status == 404 ? "not_found"
                                       : "internal";
    return json_pack("{s:i,s:s,s:s,s:s}", "status", (int)status, "code", code, "message_zh",
                     err.msg_zh[0] ? err.msg_zh : err.msg, "message_en", err.msg);
}

/* Answer a refusal built by finding_refusal (stolen), naming the field finding_id. */
static void refuse(struct po_req *req, struct po_resp *resp, json_t *why)
{
    const char *zh = po_arena_strdup(req->a, po_json_str(why, "message_zh"));
    const char *en = po_arena_strdup(req->a, po_json_str(why, "message_en"));
    po_resp_error(
        req, resp, (unsigned)json_integer_value(json_object_get(why, "status")),
        po_arena_strdup(req->a, po_json_str(why, "code")), zh, en,
        json_pack("[{s:s,s:s,s:s}]", "field", "finding_id", "message_zh", zh, "message_en", en));
    json_decref(why);
}

/* Why this user may not open a case of type on an enterprise it sees, or NULL. */
static json_t *type_refusal(const struct po_req *req, enum po_case_type type)
{
    if (!po_req_can(req, PO_P_OPEN_CASE) || !po_authz_case_roles(req->session.user.roles))
        return json_pack("{s:i,s:s,s:s,s:s}", "status", 403, "code", "forbidden", "message_zh",
                         "您的角色无权立案", "message_en", "your role may not open cases");
    if (!po_authz_acts_on_criterion(req->session.user.roles, po_casefsm_type_name(type)))
        return json_pack("{s:i,s:s,s:s,s:s}", "status", 403, "code", "forbidden", "message_zh",
                         "无权立此类案件", "message_en", "you may not open a case of this type");
    return NULL;
}

/* GET /cases/proposal?finding_id=: the case a finding would open, and whether this user may. */
static void case_proposal(struct po_req *req, struct po_resp *resp)
{
    const char *fid = po_req_query(req, "finding_id");
    if (!fid || !*fid) {
        po_api_bad_field(req, resp, 400, "finding_id", "需要 finding_id", "finding_id is required");
        return;
    }
    json_t *f = finding_row(req, resp, fid);
    if (!f)
        return;
    enum po_case_type type;
    bool typed = po_casefsm_type_for_finding(&type, po_json_str(f, "criterion"),
                                             po_json_str(f, "measure")) == 0;
    json_t *why = finding_refusal(req, fid, po_json_str(f, "uscc"));
    if (!why && typed)
        why = type_refusal(req, type);
    struct po_err err = PO_ERR_INIT;
    json_t *cases = po_caseread_of_finding(req->st, fid, &err);
    if (!cases) {
        po_resp_err(req, resp, &err);
        json_decref(f);
        json_decref(why);
        return;
    }
    json_t *one = json_pack("[O]", f);
    po_api_rule_titles(req, one);
    json_decref(one);
    json_t *r = json_pack("{s:o,s:s?,s:b,s:o,s:o}", "finding", f, "case_type",
                          typed ? po_casefsm_type_name(type) : NULL, "may_open", !why && typed,
                          "refusal", why ? why : json_null(), "cases", cases);
    po_resp_json(req, resp, 200, r, false);
}

/* ---- POST /cases ---- */

/* The casefsm role a case of type is opened as: the user's first that acts on the type's
 * first steps, else the user's first (city → miit). */
static enum po_role open_role(const struct po_req *req, enum po_case_type type)
{
    unsigned mine = po_authz_case_roles(req->session.user.roles), first = 0;
    size_t n;
    const struct po_case_transition *tab = po_casefsm_table(&n);
    for (size_t i = 0; i < n; i++)
        if (tab[i].type == type && tab[i].from == PO_CS_OPEN)
            first |= tab[i].roles;
    unsigned pick = mine & first ? mine & first : mine;
    return (enum po_role)(pick & (~pick + 1u));
}

/* The account's own roles as stored beside the casefsm role ("city", "drc,energy"). */
static const char *own_roles(struct po_req *req)
{
    char buf[PO_UROLE_LIST_MAX];
    return po_arena_strdup(req->a, po_urole_format_list(buf, sizeof buf, req->session.user.roles));
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

/* The body of POST /cases into o (*type_given: case_type was given); false with resp filled. */
static bool open_args(struct po_case_open *o, bool *type_given, struct po_req *req,
                      struct po_resp *resp)
{
    json_t *b = po_req_json(req, resp);
    if (!b)
        return false;
    bool ok = true;
    const char *type = opt_str(req, resp, b, "case_type", &ok);
    o->uscc = ok ? opt_str(req, resp, b, "uscc", &ok) : NULL;
    o->equipment_id = ok ? opt_str(req, resp, b, "equipment_id", &ok) : NULL;
    o->finding_id = ok ? opt_str(req, resp, b, "finding_id", &ok) : NULL;
    o->reason = ok ? opt_str(req, resp, b, "reason", &ok) : NULL;
    const char *on = ok ? opt_str(req, resp, b, "opened_on", &ok) : NULL;
    if (!ok)
        return false;
    *type_given = type != NULL;
    if ((type || !o->finding_id) && (!type || po_casefsm_type_parse(&o->type, type) < 0)) {
        po_api_bad_field(
            req, resp, 422, "case_type",
            "case_type 应为 energy_quota、energy_intensity、industrial_policy、environment、"
            "safety 或 quality",
            "case_type must be energy_quota, energy_intensity, industrial_policy, "
            "environment, safety or quality");
        return false;
    }
    if (!o->uscc && !o->finding_id) {
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

/* A finding's enterprise, unit and case type where the body left them out, and whether a case
 * may be opened on it; false with resp filled. */
static bool open_finding(struct po_case_open *o, bool type_given, struct po_req *req,
                         struct po_resp *resp)
{
    json_t *f = finding_row(req, resp, o->finding_id);
    if (!f)
        return false;
    const char *uscc = po_arena_strdup(req->a, po_json_str(f, "uscc"));
    const char *eq = po_json_str(f, "equipment_id");
    if (!o->uscc)
        o->uscc = uscc;
    if (!o->equipment_id && eq && *eq && !strcmp(o->uscc, uscc))
        o->equipment_id = po_arena_strdup(req->a, eq);
    bool typed = type_given || po_casefsm_type_for_finding(&o->type, po_json_str(f, "criterion"),
                                                           po_json_str(f, "measure")) == 0;
    json_decref(f);
    if (!typed) {
        po_api_bad_field(req, resp, 422, "case_type",
                         "无法由研判结论推定案件类型，请指定 case_type",
                         "no case type follows from the finding: give case_type");
        return false;
    }
    json_t *why = finding_refusal(req, o->finding_id, o->uscc);
    if (why)
        refuse(req, resp, why);
    return !why;
}

static void case_open(struct po_req *req, struct po_resp *resp)
{
    struct po_case_open o = { .actor = po_req_actor(req) };
    bool type_given = false;
    if (!open_args(&o, &type_given, req, resp) ||
        (o.finding_id && !open_finding(&o, type_given, req, resp)) ||
        po_scope_enterprise_visible(req, resp, o.uscc, NULL) < 0)
        return;
    json_t *why = type_refusal(req, o.type);
    if (why) {
        po_resp_error(req, resp, 403, "forbidden",
                      po_arena_strdup(req->a, po_json_str(why, "message_zh")),
                      po_arena_strdup(req->a, po_json_str(why, "message_en")), NULL);
        json_decref(why);
        return;
    }
    o.role = open_role(req, o.type);
    o.actor_roles = own_roles(req);
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
    struct po_city_params cp;
    struct po_err perr = PO_ERR_INIT;
    if (po_cityparams_load(&cp, &perr) < 0) {
        po_resp_err(req, resp, &perr);
        return false;
    }
    if (len > po_attach_max_bytes(&cp)) {
        int mib = cp.attachment_max_mib;
        po_resp_error(
            req, resp, 413, "too_large", po_arena_printf(req->a, "附件超过 %d MiB", mib),
            po_arena_printf(req->a, "the attachment is over %d MiB", mib),
            json_pack("[o]", field_detail(field, po_arena_printf(req->a, "超过 %d MiB", mib),
                                          po_arena_printf(req->a, "over %d MiB", mib))));
        return false;
    }
    if (!po_filetype_sniff(bin, len, name, &why)) {
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
    unsigned need = po_case_view_fields(t);
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
    struct po_err why = PO_ERR_INIT;
    x->act.role = po_case_view_pick(req, c, t, x->act.on, &why);
    x->act.actor_roles = own_roles(req);
    if (!x->act.role) {
        if (why.code == PO_EPERM)
            po_resp_error(req, resp, 403, "forbidden", "您的角色无权执行此事件",
                          "your role may not take this event", NULL);
        else
            po_resp_err(req, resp, &why);
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
    struct po_case_blob a;
    struct po_err err = PO_ERR_INIT;
    if (po_caseread_blob(&a, req->st, id, sha, req->a, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    size_t cap = strlen(a.content_base64) / 4 * 3 + 3, len = 0;
    char *bin = po_arena_alloc(req->a, cap);
    if (!bin ||
        sodium_base642bin((unsigned char *)bin, cap, a.content_base64, strlen(a.content_base64),
                          NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
        po_resp_error(req, resp, 500, "internal", "附件内容无法解码",
                      "the stored attachment cannot be decoded", NULL);
    else
        po_resp_file(req, resp, a.mime,
                     po_arena_printf(req->a, "%s-%.12s.%s", a.doc, sha, mime_ext(a.mime)), bin,
                     len);
}

const struct po_route po_routes_case[] = {
    { "GET", "/api/v1/cases", cases, PO_P_READ_REGISTRY, PO_RF_LIST, "cases",
      "Cases with days left to the deadline (district officers: their district's)",
      "state,type,uscc,district,due_within,as_of", PO_CASEREAD_SORTS },
    { "POST", "/api/v1/cases", case_open, PO_P_OPEN_CASE, 0, "cases",
      "Open a case of a type the user acts on (from a caught finding of the latest run)", NULL,
      NULL },
    { "GET", "/api/v1/cases/proposal", case_proposal, PO_P_READ_REGISTRY, 0, "cases",
      "The case a finding would open, and whether the user may open it", "finding_id", NULL },
    { "GET", "/api/v1/cases/{id}", case_get, PO_P_READ_REGISTRY, 0, "cases",
      "One case with its events, attachments and the transitions the user may take now", "as_of",
      NULL },
    { "POST", "/api/v1/cases/{id}/actions", case_act, PO_P_ACT_CASE, PO_RF_BIG_JSON, "cases",
      "Take a transition with its fields and documents (base64)", "as_of", NULL },
    { "GET", "/api/v1/cases/{id}/attachments/{sha256}", attachment, PO_P_READ_REGISTRY,
      PO_RF_BINARY, "cases", "A document attached to the case, with its type", NULL, NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};
