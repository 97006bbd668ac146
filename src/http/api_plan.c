/*
 * api_plan.c: district exit plans and their supervision (docs/api.md
 * "Plans and supervision"), over app/plandb.h.
 *
 * A planned unit counts as exited when the registry says so — the unit
 * sealed or dismantled, or its enterprise closed or exited — as plandb's
 * report counts it; nothing about progress is stored.  District officers
 * see and plan their own district only (another district's enterprise is
 * 404, as everywhere).
 */
#include "http/api.h"
#include "http/listresp.h"
#include "http/scope.h"

#include "core/decimal.h"
#include "core/deadline.h"
#include "refdata/cityparams.h"
#include "app/plandb.h"
#include "app/planwhatif.h"
#include "util/arena.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* A 422 about one field of the body. */
static void bad_field(struct po_req *req, struct po_resp *resp, const char *field, const char *zh,
                      const char *en)
{
    po_resp_error(req, resp, 422, "invalid", zh, en,
                  json_pack("[{s:s,s:s,s:s}]", "field", field, "message_zh", zh, "message_en", en));
}

/* The default plan year: the latest with plan rows, else this year; -1 with resp filled. */
static int default_year(int *year, bool *from_plans, struct po_req *req, struct po_resp *resp)
{
    time_t t = (time_t)req->now;
    struct tm tm;
    gmtime_r(&t, &tm);
    struct po_err err = PO_ERR_INIT;
    if (po_plandb_default_year(year, from_plans, req->st, tm.tm_year + 1900, &err) < 0) {
        po_resp_err(req, resp, &err);
        return -1;
    }
    return 0;
}

/* The year query parameter (default: default_year()); -1 with resp filled. */
static int query_year(int64_t *year, struct po_req *req, struct po_resp *resp)
{
    int def;
    if (default_year(&def, NULL, req, resp) < 0)
        return -1;
    return po_req_query_int(year, req, resp, "year", def, 1990, 2100);
}

/* GET /plans/default-year: the year the plan pages open on, and why. */
static void plan_default_year(struct po_req *req, struct po_resp *resp)
{
    int year;
    bool from_plans = false;
    if (default_year(&year, &from_plans, req, resp) < 0)
        return;
    po_resp_json(req, resp, 200,
                 json_pack("{s:i,s:s}", "year", year, "basis",
                           from_plans ? "latest_plan_year" : "current_year"),
                 true);
}

static void plans(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    int64_t year;
    if (po_req_page(&pg, req, resp, PO_PLANDB_SORTS) < 0 ||
        po_req_query_int(&year, req, resp, "year", 0, 0, 2100) < 0)
        return;
    struct po_plan_list_filter f = { .scope = po_req_scope_district(req),
                                     .district = po_req_query(req, "district"),
                                     .uscc = po_req_query(req, "uscc"),
                                     .year = year };
    struct po_err err = PO_ERR_INIT;
    struct po_listq_page lp = po_listresp_pg(&pg);
    int64_t total = 0;
    json_t *items = po_plandb_page(&total, req->st, req->a, &f, &lp, &err);
    po_listresp_answer(req, resp, items, total, &pg, &err);
}

/* The body's capacity (number or decimal text; absent or null: the registry's). */
static bool body_capacity(int64_t *micro, json_t *j)
{
    json_t *c = json_object_get(j, "capacity");
    *micro = -1;
    if (!c || json_is_null(c))
        return true;
    char buf[64];
    const char *s = buf;
    if (json_is_integer(c))
        snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT, json_integer_value(c));
    else if (json_is_real(c))
        snprintf(buf, sizeof buf, "%.6f", json_real_value(c));
    else if (json_is_string(c))
        s = json_string_value(c);
    else
        return false;
    return po_dec_parse(micro, s, strlen(s)) == PO_DEC_OK && *micro >= 0;
}

/* The plan entry of the body; false with a 422 (or 404 for an invisible enterprise) in resp. */
static bool body_entry(struct po_plan_entry *e, struct po_req *req, struct po_resp *resp, json_t *j)
{
    static const char *const need[] = { "uscc", "equipment_id", "planned_on", "measure" };
    json_t *y = json_object_get(j, "year");
    if (!json_is_integer(y) || json_integer_value(y) < 1990 || json_integer_value(y) > 2100) {
        bad_field(req, resp, "year", "year 应为 1990 至 2100 的整数",
                  "year must be a whole number 1990..2100");
        return false;
    }
    for (size_t i = 0; i < 4; i++) {
        const char *v = po_json_str(j, need[i]);
        if (!v || !*v) {
            bad_field(req, resp, need[i], "必填", "required");
            return false;
        }
    }
    memset(e, 0, sizeof *e);
    e->year = (int)json_integer_value(y);
    e->uscc = po_json_str(j, "uscc");
    e->equipment_id = po_json_str(j, "equipment_id");
    e->measure = po_json_str(j, "measure");
    e->actor = po_req_actor(req);
    struct po_err err = PO_ERR_INIT;
    const char *d = po_json_str(j, "planned_on");
    if (po_deadline_parse_date(&e->planned_on, d, strlen(d), &err) < 0) {
        bad_field(req, resp, "planned_on", err.msg_zh[0] ? err.msg_zh : err.msg, err.msg);
        return false;
    }
    if (!body_capacity(&e->capacity_micro, j)) {
        bad_field(req, resp, "capacity", "capacity 应为非负数", "capacity must be a number >= 0");
        return false;
    }
    return po_scope_enterprise_visible(req, resp, e->uscc, NULL) == 0;
}

static void plan_add(struct po_req *req, struct po_resp *resp)
{
    json_t *j = po_req_json(req, resp);
    if (!j)
        return;
    struct po_plan_entry e;
    struct po_err err = PO_ERR_INIT;
    if (!body_entry(&e, req, resp, j))
        return;
    if (po_plandb_add(req->st, &e, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *row = po_plandb_row(req->st, e.year, e.uscc, e.equipment_id, &err);
    if (!row) {
        po_resp_err(req, resp, &err);
        return;
    }
    po_resp_json(req, resp, 201, json_is_null(row) ? json_object() : row, false);
}

/* ---- supervision ---- */

/* A row of the report with its draft notice (app/plandb.h po_plandb_draft; null when on track). */
static json_t *progress_json(const struct po_plan_progress *p, const struct po_plan_draft *d)
{
    static const char *const flags[] = { "on_track", "notice", "interview" };
    return json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:I,s:I,s:f,s:s,s:o,s:o}", "district_code",
                     p->district_code, "district_name", p->district_name, "capacity_unit",
                     p->capacity_unit, "planned", po_json_micro(p->planned_micro), "due",
                     po_json_micro(p->expected_micro), "exited", po_json_micro(p->exited_micro),
                     "units_planned", (json_int_t)p->units_planned, "units_exited",
                     (json_int_t)p->units_exited, "progress_pct",
                     (double)(int64_t)(p->progress_pct * 10 + 0.5) / 10, "flag", flags[p->flag],
                     "draft_zh", po_json_text(d->zh), "draft_en", po_json_text(d->en));
}

/* The as_of query parameter (default: today, UTC); false with resp filled. */
static bool query_as_of(struct po_date *out, struct po_req *req, struct po_resp *resp)
{
    const char *s = po_req_query(req, "as_of");
    struct po_err err = PO_ERR_INIT;
    if (!s) {
        time_t t = (time_t)req->now;
        struct tm tm;
        gmtime_r(&t, &tm);
        *out = (struct po_date){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
        return true;
    }
    if (po_deadline_parse_date(out, s, strlen(s), &err) == 0)
        return true;
    po_resp_error(req, resp, 400, "invalid", err.msg_zh[0] ? err.msg_zh : err.msg, err.msg,
                  json_pack("[{s:s,s:s,s:s}]", "field", "as_of", "message_zh", "日期无效",
                            "message_en", "invalid date"));
    return false;
}

static void report(struct po_req *req, struct po_resp *resp)
{
    int64_t year;
    struct po_date as_of;
    if (query_year(&year, req, resp) < 0 || !query_as_of(&as_of, req, resp))
        return;
    struct po_city_params cp;
    struct po_err err = PO_ERR_INIT;
    struct po_plan_progress *p = NULL;
    size_t n = 0;
    int rc = po_cityparams_load(&cp, &err);
    struct po_plan_thresholds th = { (double)cp.plan_notice_pct_micro / 1e6,
                                     (double)cp.plan_interview_pct_micro / 1e6 };
    if (rc == 0)
        rc = po_plandb_report(&p, &n, req->st, (int)year, as_of, &th, req->a, &err);
    if (rc < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    const char *scope = po_req_scope_district(req);
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        struct po_plan_draft draft;
        if (scope && strcmp(scope, p[i].district_code))
            continue;
        if (po_plandb_draft(&draft, &p[i], (int)year, as_of, req->a, &err) < 0) {
            json_decref(items);
            po_resp_err(req, resp, &err);
            return;
        }
        json_array_append_new(items, progress_json(&p[i], &draft));
    }
    char d[16];
    json_t *j = json_pack("{s:I,s:s,s:f,s:f,s:o,s:I}", "year", (json_int_t)year, "as_of",
                          po_deadline_format_date(d, sizeof d, as_of), "notice_below_pct",
                          th.notice_pct, "interview_below_pct", th.interview_pct, "items", items,
                          "total", (json_int_t)json_array_size(items));
    po_resp_json(req, resp, 200, j, true);
}

/* ---- what if the plan is carried out ---- */

/* tce × 10^4 as a JSON number of tce */
static json_t *tce_json(int64_t e4)
{
    return json_real((double)e4 / 1e4);
}

static json_t *side_json(const struct po_whatif_side *x)
{
    return json_pack("{s:o,s:o,s:o,s:s,s:s,s:s,s:s}", "tce", tce_json(x->tce_e4), "value_added_wan",
                     po_json_micro(x->va_micro), "intensity",
                     x->has_intensity ? po_json_micro(x->intensity_e6) : json_null(),
                     "intensity_level", po_level_name_en(x->intensity_level), "total_level",
                     po_level_name_en(x->total_level), "intensity_reason",
                     po_baro_reason_en(x->intensity_reason), "total_reason",
                     po_baro_reason_en(x->total_reason));
}

static json_t *area_json(const struct po_whatif_row *r)
{
    const struct po_whatif_room *m = &r->room;
    json_t *room = json_pack(
        "{s:o,s:o,s:o,s:o}", "cap_tce", m->has_cap ? tce_json(m->cap_e4) : json_null(),
        "before_tce", m->has_cap ? tce_json(m->before_e4) : json_null(), "after_tce",
        m->has_cap ? tce_json(m->after_e4) : json_null(), "freed_tce", tce_json(m->freed_e4));
    return json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:b,s:o,s:o,s:o}", "district_code", r->district_code,
                     "district_name", r->district_name, "level", r->level, "units_planned",
                     (json_int_t)r->units_planned, "units_attributed",
                     (json_int_t)r->units_attributed, "enterprises_exiting",
                     (json_int_t)r->enterprises_exiting, "has_energy", r->has_energy, "before",
                     side_json(&r->before), "after", side_json(&r->after), "room", room);
}

static json_t *unit_json(const struct po_whatif_unit_row *u)
{
    const struct po_plan_entry *p = u->plan;
    bool none = u->share.method == PO_WI_NONE;
    return json_pack(
        "{s:s,s:o,s:s,s:s,s:o,s:s,s:s,s:s,s:o,s:o,s:o,s:o}", "uscc", p->uscc, "enterprise_name",
        po_json_text(u->enterprise_name), "equipment_id", p->equipment_id, "district_code",
        p->district_code, "capacity", po_json_micro(p->capacity_micro), "capacity_unit",
        p->capacity_unit, "method", po_whatif_method_name(u->share.method), "method_zh",
        po_whatif_method_zh(u->share.method), "reason",
        none ? json_string(po_whatif_reason_en(u->share.reason)) : json_null(), "reason_zh",
        none ? json_string(po_whatif_reason_zh(u->share.reason)) : json_null(), "removed_tce",
        u->has_tce ? tce_json(u->removed_tce_e4) : json_null(), "counted_with",
        po_json_text(u->counted_with));
}

static void whatif(struct po_req *req, struct po_resp *resp)
{
    int64_t year;
    if (query_year(&year, req, resp) < 0)
        return;
    const char *scope = po_req_scope_district(req);
    const char *district = po_req_query(req, "district");
    if (scope && district && strcmp(scope, district)) {
        po_resp_error(req, resp, 404, "not_found", "没有这个区的计划", "no such district plan",
                      NULL);
        return;
    }
    struct po_whatif_report r;
    struct po_err err = PO_ERR_INIT;
    if (po_plandb_whatif(&r, req->st, (int)year, scope ? scope : district, NULL, 0, req->a, &err) <
        0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *areas = json_array(), *units = json_array();
    for (size_t i = 0; i < r.nareas; i++)
        json_array_append_new(areas, area_json(&r.areas[i]));
    for (size_t i = 0; i < r.nunits; i++)
        json_array_append_new(units, unit_json(&r.units[i]));
    po_resp_json(req, resp, 200,
                 json_pack("{s:I,s:b,s:o,s:o}", "year", (json_int_t)year, "targets_default",
                           r.targets_default, "areas", areas, "units", units),
                 true);
}

const struct po_route po_routes_plan[] = {
    { "GET", "/api/v1/plans", plans, PO_P_READ_REGISTRY, PO_RF_LIST, "plans",
      "Exit plan rows with whether each unit has exited (from the registry)", "year,district,uscc",
      PO_PLANDB_SORTS },
    { "POST", "/api/v1/plans", plan_add, PO_P_EDIT_PLAN, 0, "plans",
      "Enter (or replace) one unit in its district's exit plan of a year", NULL, NULL },
    { "GET", "/api/v1/plans/report", report, PO_P_READ_REGISTRY, 0, "plans",
      "Plan progress per district and capacity unit, pro rata through the year; notice/interview "
      "flags with their drafts",
      "year,as_of", NULL },
    { "GET", "/api/v1/plans/default-year", plan_default_year, PO_P_READ_REGISTRY, 0, "plans",
      "The year the plan pages open on: the latest year with plan rows, else the current year",
      NULL, NULL },
    { "GET", "/api/v1/plans/whatif", whatif, PO_P_READ_REGISTRY, 0, "plans",
      "What the year's plan does to each area's energy total, intensity, barometer and cap room",
      "year,district", NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};
