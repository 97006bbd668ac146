/*
 * casedb.c: cases in the database (casedb.h).
 *
 * Every write runs in one transaction with its audit row, so the audit
 * chain and the case log cannot disagree after a crash.  Ids are assigned
 * as max + 1 inside that transaction (as evaluation runs are), which keeps
 * the SQL the same on both backends.
 */
#include "app/casedb.h"
#include "app/attach.h"
#include "app/audit.h"
#include "app/caseread.h"
#include "app/resettledb.h"
#include "refdata/cityparams.h"
#include "util/arena.h"
#include "util/buf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALL_ROLES 0x3ffu

int po_casedb_role_parse(enum po_role *out, const char *s, struct po_err *err)
{
    for (unsigned i = 0; i < 10; i++) {
        enum po_role r = (enum po_role)(1u << i);
        if (strcmp(po_casefsm_role_name(r), s) == 0) {
            *out = r;
            return 0;
        }
    }
    return po_err_set(err, PO_EINVAL, "未知角色 \"%s\"", "unknown role \"%s\"", s);
}

/* Document and checklist names are casefsm's (po_casefsm_doc_name, po_casefsm_seal_name). */
static int doc_bit(unsigned *out, const char *name, struct po_err *err)
{
    if (po_casefsm_doc_parse(out, name) == 0)
        return 0;
    return po_err_set(err, PO_EINVAL, "未知文书类别 \"%s\"", "unknown document kind \"%s\"", name);
}

static int checklist_bits(unsigned *out, const char *list, struct po_err *err)
{
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ",");
        char item[32];
        unsigned bit = 0;
        snprintf(item, sizeof(item), "%.*s", (int)len, p);
        if (len < sizeof(item) && strcmp(item, "all") == 0)
            bit = PO_SEAL_ALL;
        else if (len >= sizeof(item) || po_casefsm_seal_parse(&bit, item) < 0)
            return po_err_set(err, PO_EINVAL, "未知查封清单项 \"%.*s\"",
                              "unknown sealing checklist item \"%.*s\"", (int)len, p);
        *out |= bit;
        p += len + (p[len] == ',');
    }
    return 0;
}

static int int_value(int *out, const char *key, const char *v, struct po_err *err)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || *end || n < 0 || n > 1000)
        return po_err_set(err, PO_EINVAL, "字段 %s 的值 \"%s\" 不是 0 到 1000 的整数",
                          "field %s: \"%s\" is not an integer from 0 to 1000", key, v);
    *out = (int)n;
    return 0;
}

static void json_str(struct po_buf *b, const char *s, size_t n)
{
    po_buf_addch(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            po_buf_addf(b, "\\%c", c);
        else if (c < 0x20)
            po_buf_addf(b, "\\u%04x", c);
        else
            po_buf_addch(b, (char)c);
    }
    po_buf_addch(b, '"');
}

/* One "k=v" into ev, and into the JSON object in b. */
static int one_field(struct po_case_event *ev, struct po_buf *b, const char *kv, struct po_err *err)
{
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv)
        return po_err_set(err, PO_EINVAL, "字段 \"%s\" 应为 键=值", "field \"%s\" is not key=value",
                          kv);
    size_t klen = (size_t)(eq - kv);
    const char *v = eq + 1;
    char key[32];
    snprintf(key, sizeof(key), "%.*s", (int)klen, kv);
    int rc = 0;
    if (strcmp(key, "months") == 0) {
        rc = int_value(&ev->months, key, v, err);
        ev->fields |= PO_F_MONTHS;
    } else if (strcmp(key, "limit_level") == 0) {
        rc = int_value(&ev->limit_level_pct, key, v, err);
        ev->fields |= PO_F_LIMIT_LEVEL;
    } else if (strcmp(key, "years_worst") == 0) {
        rc = int_value(&ev->years_worst, key, v, err);
        ev->fields |= PO_F_YEARS_WORST;
    } else if (strcmp(key, "licence") == 0) {
        ev->fields |= PO_F_LICENCE;
    } else if (strcmp(key, "checklist") == 0) {
        rc = checklist_bits(&ev->checklist, v, err);
    } else if (strcmp(key, "decision_no") == 0) {
        /* the decision's document number (处罚决定书文号), kept for the credit record only */
        if (!*v || strlen(v) > 128)
            return po_err_set(err, PO_EINVAL, "字段 decision_no 应为 1 至 128 字节的文号",
                              "field decision_no must be a document number of 1 to 128 bytes");
    } else {
        return po_err_set(err, PO_EINVAL,
                          "未知字段 \"%s\"（可用 months、limit_level、years_worst、licence、"
                          "checklist、decision_no）",
                          "unknown field \"%s\" (months, limit_level, years_worst, licence, "
                          "checklist, decision_no)",
                          key);
    }
    if (b->len > 1)
        po_buf_addch(b, ',');
    json_str(b, kv, klen);
    po_buf_addch(b, ':');
    json_str(b, v, strlen(v));
    return rc;
}

static int build_event(struct po_case_event *ev, struct po_buf *json,
                       const struct po_case_action *act, struct po_err *err)
{
    memset(ev, 0, sizeof(*ev));
    ev->kind = act->event;
    ev->role = act->role;
    ev->on = act->on;
    po_buf_addch(json, '{');
    for (size_t i = 0; i < act->nfields; i++) {
        int rc = one_field(ev, json, act->fields[i], err);
        if (rc < 0)
            return rc;
    }
    po_buf_addch(json, '}');
    if (act->reason && act->reason[0]) {
        ev->fields |= PO_F_REASON;
        ev->reason = act->reason;
    }
    for (size_t i = 0; i < act->nattach; i++) {
        unsigned bit = 0;
        int rc = doc_bit(&bit, act->attach[i].doc, err);
        if (rc < 0)
            return rc;
        ev->documents |= bit;
    }
    if (po_buf_failed(json))
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    return 0;
}

/* The city's numbers for the state machine, from data/city_params.csv. */
static int case_params(struct po_casefsm_params *out, struct po_err *err)
{
    struct po_city_params cp;
    int rc = po_cityparams_load(&cp, err);
    if (rc == 0)
        *out = (struct po_casefsm_params){
            .intensity_exit_years = cp.intensity_exit_years,
            .quota_rectify_months = cp.quota_rectify_months,
            .quota_extension_max_months = cp.quota_extension_max_months,
            .quality_rectify_months = cp.quality_rectify_months,
        };
    return rc;
}

static int replay_row(struct po_case *c, const struct po_casefsm_params *params,
                      const struct po_calendar *cal, const struct po_case_event_row *r,
                      struct po_err *err)
{
    struct po_case_event ev;
    memset(&ev, 0, sizeof(ev));
    int rc = po_casedb_role_parse(&ev.role, r->role ? r->role : "", err);
    if (rc == 0)
        rc = po_deadline_parse_date(&ev.on, r->on_date ? r->on_date : "",
                                    r->on_date ? strlen(r->on_date) : 0, err);
    if (rc == 0 && po_casefsm_event_parse(&ev.kind, r->event ? r->event : "") < 0)
        rc = po_err_set(err, PO_EINTERNAL, "存储的事件名 \"%s\" 无法识别",
                        "stored event \"%s\" unknown", r->event ? r->event : "");
    if (rc < 0)
        return rc;
    ev.reason = r->reason;
    ev.fields = r->field_bits;
    ev.documents = r->doc_bits;
    ev.checklist = r->checklist;
    ev.months = r->months;
    ev.limit_level_pct = r->limit_level;
    ev.years_worst = r->years_worst;
    ev.from_log = true; /* its guards on outside facts (the resettlement plan) held when taken */
    return po_casefsm_apply(c, NULL, params, cal, &ev, err);
}

/* Cases never wait for next year's notice: a year the calendar lacks gives a provisional
 * deadline (weekends only, marked), which the next replay with that year's data replaces. */
static struct po_calendar provisional_ok(const struct po_calendar *cal)
{
    struct po_calendar c = *cal;
    c.uncovered = PO_CAL_UNCOVERED_WEEKENDS;
    return c;
}

int po_casedb_load(struct po_case *out, struct po_store *st, const struct po_calendar *calendar,
                   int64_t id, struct po_err *err)
{
    const struct po_calendar cal_ok = provisional_ok(calendar), *cal = &cal_ok;
    struct po_stmt *s = NULL;
    struct po_value v = po_vint(id);
    enum po_case_type type = PO_CASE_ENERGY_QUOTA;
    int rc = po_stmt_prepare(&s, st, "SELECT case_type FROM case_file WHERE id = ?", err);
    if (rc == 0)
        rc = po_stmt_bindv(s, &v, 1, err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    if (rc == 0)
        rc = po_err_set(err, PO_ENOTFOUND, "没有案件 %" PRId64, "no case %" PRId64, id);
    else if (rc == 1) {
        const char *t = po_stmt_text(s, 0);
        rc = po_casefsm_type_parse(&type, t ? t : "") < 0
                 ? po_err_set(err, PO_EINTERNAL, "案件类型 \"%s\" 无法识别",
                              "case type \"%s\" unknown", t ? t : "")
                 : 0;
    }
    po_stmt_finalize(s);
    struct po_casefsm_params params;
    if (rc == 0)
        rc = case_params(&params, err);
    if (rc < 0)
        return rc;
    po_casefsm_init(out, type);
    struct po_arena *a = po_arena_new();
    struct po_case_events evs;
    rc = a ? po_caseread_events(&evs, st, id, 0, a, err)
           : po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; rc == 0 && i < evs.n; i++) {
        rc = replay_row(out, &params, cal, &evs.v[i], err);
        if (rc < 0)
            po_err_context(err, "replaying event %" PRId64 " of case %" PRId64, evs.v[i].seq, id);
    }
    po_arena_destroy(a);
    return rc < 0 ? rc : 0;
}

static int next_id(int64_t *out, struct po_store *st, const char *sql, struct po_err *err)
{
    *out = 0;
    int rc = po_store_query_int(out, st, sql, NULL, 0, err);
    *out += 1;
    return rc;
}

static int check_exists(struct po_store *st, const char *sql, const struct po_value *v, size_t n,
                        const char *what, const char *key, struct po_err *err)
{
    int64_t x = 0;
    int rc = po_store_query_int(&x, st, sql, v, n, err);
    if (rc == PO_ENOTFOUND || (rc == 0 && x == 0)) {
        po_err_clear(err);
        return po_err_set(err, PO_ENOTFOUND, "没有 %s \"%s\"", "no %s \"%s\"", what, key);
    }
    return rc;
}

int po_casedb_finding_check(struct po_store *st, const char *finding_id, const char *uscc,
                            struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct po_value v[2] = { po_vtext(finding_id), po_vtext(uscc) };
    int64_t latest = 0, year = 0;
    bool have = false, cannot = false;
    /* the latest run: the newest year evaluated, and of that year the latest run */
    int rc = po_stmt_prepare(&s, st,
                             "SELECT r.id, r.year, f.status FROM evaluation_run r"
                             " LEFT JOIN evaluation_finding f ON f.run_id = r.id"
                             " AND f.finding_id = ? AND f.uscc = ?"
                             " ORDER BY r.year DESC, r.id DESC LIMIT 1",
                             err);
    if (rc == 0)
        rc = po_stmt_bindv(s, v, 2, err);
    if (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        latest = po_stmt_int(s, 0);
        year = po_stmt_int(s, 1);
        have = !po_stmt_isnull(s, 2);
        cannot = have && strcmp(po_stmt_text(s, 2), "caught") != 0;
        rc = 0;
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    if (cannot)
        return po_err_set(err, PO_EINVAL, PO_CASEDB_CANNOT_DECIDE_ZH, PO_CASEDB_CANNOT_DECIDE_EN);
    if (have)
        return 0;
    rc = check_exists(st,
                      "SELECT count(*) FROM evaluation_finding WHERE finding_id = ? AND uscc = ?",
                      v, 2, "finding of this enterprise", finding_id, err);
    if (rc < 0)
        return rc;
    return po_err_set(err, PO_ECONFLICT,
                      "研判结论 %s 不在最新一次评估（#%" PRId64 "，%" PRId64
                      " 年度）中，不能据此立案：请依最新评估的结论办理",
                      "the finding %s is not in the latest evaluation (run %" PRId64
                      ", year %" PRId64 "): open cases on the latest run's findings",
                      finding_id, latest, year);
}

static int check_open(struct po_store *st, const struct po_case_open *o, struct po_err *err)
{
    struct po_value v[2] = { po_vtext(o->uscc), po_vtext(o->equipment_id) };
    int rc = check_exists(st, "SELECT count(*) FROM enterprise WHERE uscc = ?", v, 1, "enterprise",
                          o->uscc, err);
    if (rc == 0 && o->equipment_id)
        rc = check_exists(st,
                          "SELECT count(*) FROM equipment q JOIN enterprise e"
                          " ON e.id = q.enterprise_id WHERE e.uscc = ? AND q.equipment_id = ?",
                          v, 2, "equipment", o->equipment_id, err);
    if (rc == 0 && o->finding_id)
        rc = po_casedb_finding_check(st, o->finding_id, o->uscc, err);
    return rc;
}

/* " role=<own roles> acting_as=<casefsm role>", or " role=<casefsm role>" when they agree. */
static void audit_role(struct po_buf *d, const char *actor_roles, enum po_role role)
{
    const char *as = po_casefsm_role_name(role);
    if (actor_roles && strcmp(actor_roles, as) != 0)
        po_buf_addf(d, " role=%s acting_as=%s", actor_roles, as);
    else
        po_buf_addf(d, " role=%s", as);
}

int po_casedb_open(int64_t *out, struct po_store *st, const struct po_case_open *o,
                   struct po_err *err)
{
    char at[32], on[16], object[32];
    po_audit_now(at, sizeof(at));
    po_deadline_format_date(on, sizeof(on), o->on);
    const char *as = po_casefsm_role_name(o->role);
    int64_t id = 0;
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = check_open(st, o, err);
    if (rc == 0)
        rc = next_id(&id, st, "SELECT coalesce(max(id), 0) FROM case_file", err);
    if (rc == 0) {
        struct po_value v[12] = { po_vint(id),
                                  po_vtext(po_casefsm_type_name(o->type)),
                                  po_vtext(o->uscc),
                                  po_vtext(o->equipment_id),
                                  po_vtext(o->finding_id),
                                  po_vtext(po_casefsm_state_name(PO_CS_OPEN)),
                                  po_vtext(on),
                                  po_vtext(at),
                                  po_vtext(o->actor),
                                  po_vtext(o->actor_roles ? o->actor_roles : as),
                                  po_vtext(as),
                                  po_vtext(o->reason && o->reason[0] ? o->reason : NULL) };
        rc = po_store_run(st,
                          "INSERT INTO case_file(id, case_type, uscc, equipment_id, finding_id,"
                          " state, opened_on, opened_at, opened_by, opened_roles, opened_as,"
                          " opened_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          v, 12, err);
    }
    if (rc == 0) {
        struct po_buf d = PO_BUF_INIT;
        po_buf_addf(&d, "type=%s uscc=%s equipment=%s finding=%s", po_casefsm_type_name(o->type),
                    o->uscc, o->equipment_id ? o->equipment_id : "",
                    o->finding_id ? o->finding_id : "");
        audit_role(&d, o->actor_roles, o->role);
        po_buf_addf(&d, " on=%s", on);
        if (o->reason && o->reason[0])
            po_buf_addf(&d, " reason=%s", o->reason);
        snprintf(object, sizeof(object), "case/%" PRId64, id);
        rc = po_buf_failed(&d) ? po_err_set(err, PO_ENOMEM, "内存不足", "out of memory")
                               : po_audit_append(st, at, o->actor, "case.open", object, d.buf, err);
        po_buf_release(&d);
    }
    rc = po_store_end(st, rc, err);
    if (rc == 0)
        *out = id;
    return rc;
}

/* The case's enterprise and unit (NULL: none), copied into the caller's buffers. */
static int case_subject(char *uscc, size_t un, char *eq, size_t en, bool *has_eq,
                        struct po_store *st, int64_t id, struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct po_value v = po_vint(id);
    int rc = po_stmt_prepare(&s, st, "SELECT uscc, equipment_id FROM case_file WHERE id = ?", err);
    if (rc == 0)
        rc = po_stmt_bindv(s, &v, 1, err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    if (rc == 1) {
        snprintf(uscc, un, "%s", po_stmt_text(s, 0));
        *has_eq = !po_stmt_isnull(s, 1);
        snprintf(eq, en, "%s", *has_eq ? po_stmt_text(s, 1) : "");
        rc = 0;
    } else if (rc == 0) {
        rc = po_err_set(err, PO_ENOTFOUND, "没有案件 %" PRId64, "no case %" PRId64, id);
    }
    po_stmt_finalize(s);
    return rc;
}

/* The registry statuses the transition sets (casefsm gives them). */
static int apply_status(struct po_store *st, const struct po_case_transition *t, const char *uscc,
                        const char *eq, bool has_eq, struct po_err *err)
{
    int rc = 0;
    const char *es = po_casefsm_equipment_name(t->equipment);
    if (es) {
        struct po_value v[3] = { po_vtext(es), po_vtext(uscc), po_vtext(eq) };
        rc = po_store_run(st,
                          has_eq ? "UPDATE equipment SET status = ? WHERE enterprise_id ="
                                   " (SELECT id FROM enterprise WHERE uscc = ?)"
                                   " AND equipment_id = ?"
                                 : "UPDATE equipment SET status = ? WHERE enterprise_id ="
                                   " (SELECT id FROM enterprise WHERE uscc = ?)",
                          v, has_eq ? 3 : 2, err);
    }
    const char *ns = po_casefsm_enterprise_name(t->enterprise);
    if (rc == 0 && ns) {
        struct po_value v[2] = { po_vtext(ns), po_vtext(uscc) };
        rc = po_store_run(st, "UPDATE enterprise SET status = ? WHERE uscc = ?", v, 2, err);
    }
    return rc;
}

static int insert_event(int64_t *event_id, struct po_store *st, int64_t id,
                        const struct po_case_action *act, const struct po_case_event *ev,
                        const char *at, const char *json, enum po_case_state from,
                        enum po_case_state to, struct po_err *err)
{
    int64_t seq = 0;
    char on[16];
    po_deadline_format_date(on, sizeof(on), ev->on);
    struct po_value cv = po_vint(id);
    int rc = next_id(event_id, st, "SELECT coalesce(max(id), 0) FROM case_event", err);
    if (rc == 0)
        rc = po_store_query_int(&seq, st, "SELECT count(*) FROM case_event WHERE case_id = ?", &cv,
                                1, err);
    if (rc < 0)
        return rc;
    const char *as = po_casefsm_role_name(act->role);
    struct po_value v[19] = {
        po_vint(*event_id),
        po_vint(id),
        po_vint(seq + 1),
        po_vtext(act->actor),
        po_vtext(as),
        po_vtext(at),
        po_vtext(on),
        po_vtext(po_casefsm_event_name(ev->kind)),
        po_vtext(ev->reason),
        po_vtext(json),
        po_vint(ev->fields),
        po_vint(ev->documents),
        po_vint(ev->checklist),
        po_vint(ev->months),
        po_vint(ev->limit_level_pct),
        po_vint(ev->years_worst),
        po_vtext(po_casefsm_state_name(from)),
        po_vtext(po_casefsm_state_name(to)),
        po_vtext(act->actor_roles ? act->actor_roles : as),
    };
    return po_store_run(st,
                        "INSERT INTO case_event(id, case_id, seq, actor, role, at, on_date, event,"
                        " reason, fields_json, field_bits, doc_bits, checklist, months,"
                        " limit_level, years_worst, prev_state, new_state, actor_roles) VALUES"
                        " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        v, 19, err);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Store the attachments of event_id; their hashes go to the audit detail d. */
static int insert_attachments(struct po_store *st, int64_t event_id,
                              const struct po_case_action *act, struct po_buf *d,
                              struct po_err *err)
{
    struct po_city_params cp;
    if (act->nattach > 0 && po_cityparams_load(&cp, err) < 0)
        return err->code;
    for (size_t i = 0; i < act->nattach; i++) {
        char sha[PO_AUDIT_HEX];
        int64_t aid = 0;
        int rc = po_attach_store(sha, st, act->attach[i].path, po_attach_max_bytes(&cp), err);
        if (rc == 0)
            rc = next_id(&aid, st, "SELECT coalesce(max(id), 0) FROM case_attachment", err);
        if (rc == 0) {
            struct po_value v[5] = { po_vint(aid), po_vint(event_id), po_vtext(act->attach[i].doc),
                                     po_vtext(base_name(act->attach[i].path)), po_vtext(sha) };
            rc = po_store_run(st,
                              "INSERT INTO case_attachment(id, event_id, doc, name, sha256)"
                              " VALUES (?, ?, ?, ?, ?)",
                              v, 5, err);
        }
        if (rc < 0)
            return rc;
        po_buf_addf(d, " %s=%s", act->attach[i].doc, sha);
    }
    return 0;
}

static int update_derived(struct po_store *st, int64_t id, const struct po_case *c,
                          struct po_err *err)
{
    char dl[16], alt[16];
    po_deadline_format_date(dl, sizeof(dl), c->deadline);
    po_deadline_format_date(alt, sizeof(alt), c->deadline_alt);
    bool prov = c->has_deadline && c->deadline_provisional;
    struct po_value v[5] = { po_vtext(po_casefsm_state_name(c->state)),
                             c->has_deadline ? po_vtext(dl) : PO_VNULL,
                             c->has_deadline ? po_vtext(alt) : PO_VNULL,
                             prov ? po_vint(c->uncovered_year) : PO_VNULL, po_vint(id) };
    return po_store_run(st,
                        "UPDATE case_file SET state = ?, deadline = ?, deadline_alt = ?,"
                        " deadline_uncovered_year = ? WHERE id = ?",
                        v, 5, err);
}

static int act_tx(struct po_case *c, struct po_store *st, const struct po_calendar *calendar,
                  int64_t id, const struct po_case_action *act, struct po_err *err)
{
    const struct po_calendar cal_ok = provisional_ok(calendar), *cal = &cal_ok;
    char uscc[64], eq[128], at[32], object[32];
    bool has_eq = false;
    struct po_case_event ev;
    struct po_buf json = PO_BUF_INIT, d = PO_BUF_INIT;
    const struct po_case_transition *t = NULL;
    int64_t event_id = 0;
    po_audit_now(at, sizeof(at));
    int rc = case_subject(uscc, sizeof(uscc), eq, sizeof(eq), &has_eq, st, id, err);
    if (rc == 0)
        rc = po_casedb_load(c, st, cal, id, err);
    if (rc == 0)
        rc = build_event(&ev, &json, act, err);
    enum po_case_state from = c->state;
    struct po_casefsm_params params;
    if (rc == 0)
        rc = case_params(&params, err);
    /* the final exit needs an approved resettlement plan (实施意见 四(六)): the fact is the
     * store's, read in this transaction, and casefsm decides */
    if (rc == 0)
        rc = po_resettledb_plan_status(&ev.resettlement_plan, st, id, PO_RPLAN_RESETTLEMENT, err);
    if (rc == 0)
        rc = po_casefsm_apply(c, &t, &params, cal, &ev, err);
    if (rc == 0)
        rc = insert_event(&event_id, st, id, act, &ev, at, json.buf, from, c->state, err);
    po_buf_addf(&d, "event=%s %s->%s", po_casefsm_event_name(ev.kind), po_casefsm_state_name(from),
                po_casefsm_state_name(c->state));
    audit_role(&d, act->actor_roles, act->role);
    if (rc == 0 && t->guard == PO_G_RESETTLEMENT_PLAN)
        po_buf_addf(&d, " resettlement_plan=%s", po_rplan_status_name(ev.resettlement_plan));
    if (rc == 0)
        rc = insert_attachments(st, event_id, act, &d, err);
    if (rc == 0)
        rc = update_derived(st, id, c, err);
    if (rc == 0)
        rc = apply_status(st, t, uscc, eq, has_eq, err);
    snprintf(object, sizeof(object), "case/%" PRId64, id);
    if (rc == 0 && po_buf_failed(&d))
        rc = po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    if (rc == 0)
        rc = po_audit_append(st, at, act->actor, "case.act", object, d.buf, err);
    po_buf_release(&json);
    po_buf_release(&d);
    return rc;
}

int po_casedb_act(struct po_case *out, struct po_store *st, const struct po_calendar *cal,
                  int64_t id, const struct po_case_action *act, struct po_err *err)
{
    struct po_case c;
    memset(&c, 0, sizeof(c));
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = act_tx(&c, st, cal, id, act, err);
    rc = po_store_end(st, rc, err);
    if (rc == 0 && out)
        *out = c;
    return rc;
}

struct tick_case {
    int64_t id;
    struct po_case c; /* only type and state are used */
    struct po_date deadline, alt;
    int uncovered_year; /* 0: the deadline is final; else provisional for want of this year */
};

static int read_running(struct tick_case **out, size_t *n, struct po_store *st, struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct tick_case *v = NULL;
    size_t cap = 0;
    *n = 0;
    int rc = po_stmt_prepare(&s, st,
                             "SELECT id, case_type, state, deadline, deadline_alt,"
                             " coalesce(deadline_uncovered_year, 0) FROM case_file"
                             " WHERE deadline IS NOT NULL ORDER BY id",
                             err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            struct tick_case *g = realloc(v, cap * sizeof(*v));
            if (!g) {
                rc = po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
                break;
            }
            v = g;
        }
        struct tick_case *t = &v[*n];
        memset(t, 0, sizeof(*t));
        t->id = po_stmt_int(s, 0);
        const char *type = po_stmt_text(s, 1), *state = po_stmt_text(s, 2);
        const char *dl = po_stmt_text(s, 3), *alt = po_stmt_text(s, 4);
        rc = 0;
        if (po_casefsm_type_parse(&t->c.type, type ? type : "") < 0 ||
            po_casefsm_state_parse(&t->c.state, state ? state : "") < 0 ||
            po_date_parse(&t->deadline, dl, strlen(dl)) < 0)
            rc = po_err_set(err, PO_EINTERNAL, "案件 %" PRId64 " 的存储状态无法识别",
                            "case %" PRId64 ": stored state unreadable", t->id);
        if (rc == 0 && (!alt || po_date_parse(&t->alt, alt, strlen(alt)) < 0))
            t->alt = t->deadline;
        t->uncovered_year = (int)po_stmt_int(s, 5);
        (*n)++;
    }
    po_stmt_finalize(s);
    if (rc < 0) {
        free(v);
        return rc;
    }
    *out = v;
    return 0;
}

/* The proposed next events, names joined by " | " into b.  An overdue provisional deadline
 * first needs its year's calendar (casefsm refuses the overdue event until then). */
static void followup(struct po_buf *b, const struct tick_case *t, bool overdue)
{
    struct po_case c = t->c;
    if (overdue && t->uncovered_year)
        po_buf_addf(b, "calendar import %d, then ", t->uncovered_year);
    if (overdue) {
        const struct po_case_transition *o = po_casefsm_find(c.type, c.state, PO_EV_OVERDUE);
        if (o) {
            po_buf_addf(b, "%s -> %s, then ", po_casefsm_event_name(PO_EV_OVERDUE),
                        po_casefsm_state_name(o->to));
            c.state = o->to;
        }
    }
    enum po_case_event_kind ev[PO_EV_NKINDS];
    size_t n = po_casefsm_allowed(ev, PO_EV_NKINDS, &c, ALL_ROLES);
    for (size_t i = 0; i < n && i < PO_EV_NKINDS; i++)
        po_buf_addf(b, "%s%s", i ? " | " : "", po_casefsm_event_name(ev[i]));
}

/* The notification's text in both languages; a provisional deadline says so and why. */
static void message(struct po_buf *m, const struct tick_case *t, bool overdue, const char *f,
                    struct po_date as_of)
{
    char dl[16], alt[16], zh[PO_DEADLINE_NOTE_BUFSZ] = "", en[PO_DEADLINE_NOTE_BUFSZ] = "";
    po_deadline_format_date(dl, sizeof(dl), t->deadline);
    po_deadline_format_date(alt, sizeof(alt), t->alt);
    const char *pz = t->uncovered_year ? "暂定" : "", *pe = t->uncovered_year ? "provisional " : "";
    long left = po_deadline_days_between(as_of, t->deadline);
    if (overdue)
        po_buf_addf(m, "案件 %" PRId64 " %s期限 %s（另一解读 %s）已届满，建议：%s", t->id, pz, dl,
                    alt, f);
    else
        po_buf_addf(m, "案件 %" PRId64 " 距%s期限 %s 还有 %ld 天", t->id, pz, dl, left);
    if (t->uncovered_year) {
        po_deadline_provisional_note(zh, sizeof(zh), en, sizeof(en), t->uncovered_year);
        po_buf_addf(m, "（%s）", zh);
    }
    if (overdue)
        po_buf_addf(m,
                    " / case %" PRId64 " is overdue: %sdeadline %s (other reading %s) passed;"
                    " proposed: %s",
                    t->id, pe, dl, alt, f);
    else
        po_buf_addf(m, " / case %" PRId64 ": %ld days left to the %sdeadline %s", t->id, left, pe,
                    dl);
    if (t->uncovered_year)
        po_buf_addf(m, " (PROVISIONAL: %s)", en);
}

static int notify(int64_t *added, struct po_store *st, const struct tick_case *t, const char *kind,
                  struct po_date as_of, struct po_err *err)
{
    char dl[16], on[16];
    po_deadline_format_date(dl, sizeof(dl), t->deadline);
    po_deadline_format_date(on, sizeof(on), as_of);
    bool overdue = strcmp(kind, "overdue") == 0;
    struct po_buf f = PO_BUF_INIT, m = PO_BUF_INIT;
    followup(&f, t, overdue);
    message(&m, t, overdue, f.buf, as_of);
    int64_t id = 0;
    int rc = po_buf_failed(&f) || po_buf_failed(&m)
                 ? po_err_set(err, PO_ENOMEM, "内存不足", "out of memory")
                 : next_id(&id, st, "SELECT coalesce(max(id), 0) FROM notification", err);
    if (rc == 0) {
        struct po_value v[7] = { po_vint(id),  po_vint(t->id),  po_vtext(kind), po_vtext(dl),
                                 po_vtext(on), po_vtext(f.buf), po_vtext(m.buf) };
        struct po_stmt *s = NULL;
        rc = po_stmt_prepare(&s, st,
                             "INSERT INTO notification(id, case_id, kind, deadline, as_of,"
                             " followup, message) VALUES (?, ?, ?, ?, ?, ?, ?)"
                             " ON CONFLICT(case_id, kind, deadline) DO NOTHING",
                             err);
        if (rc == 0)
            rc = po_stmt_bindv(s, v, 7, err);
        if (rc == 0)
            rc = po_stmt_step(s, err);
        if (rc >= 0) {
            *added = po_stmt_changes(s);
            rc = 0;
        }
        po_stmt_finalize(s);
    }
    po_buf_release(&f);
    po_buf_release(&m);
    return rc;
}

/* The kind of reminder as_of calls for, or NULL; the windows are the report's (city_params). */
static const char *tick_kind(const struct tick_case *t, const struct po_tick_report *r,
                             struct po_date as_of)
{
    struct po_date latest = po_date_cmp(t->alt, t->deadline) > 0 ? t->alt : t->deadline;
    if (po_date_cmp(as_of, latest) > 0)
        return "overdue";
    long left = po_deadline_days_between(as_of, t->deadline);
    if (left < 0)
        return NULL; /* past reading 1 but not the later reading: not yet overdue */
    if (left <= r->late_days)
        return "due_7";
    if (left <= r->early_days)
        return "due_30";
    return NULL;
}

static int tick_tx(struct po_tick_report *out, struct po_store *st, struct po_date as_of,
                   struct po_err *err)
{
    struct tick_case *v = NULL;
    size_t n = 0;
    int rc = read_running(&v, &n, st, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *kind = tick_kind(&v[i], out, as_of);
        out->cases++;
        if (!kind)
            continue;
        int64_t added = 0;
        rc = notify(&added, st, &v[i], kind, as_of, err);
        int64_t *count = strcmp(kind, "overdue") == 0 ? &out->overdue
                         : strcmp(kind, "due_7") == 0 ? &out->due_7
                                                      : &out->due_30;
        *count += added;
    }
    free(v);
    if (rc == 0 && out->due_30 + out->due_7 + out->overdue > 0) {
        char at[32], on[16], d[128];
        po_audit_now(at, sizeof(at));
        po_deadline_format_date(on, sizeof(on), as_of);
        snprintf(d, sizeof(d), "as_of=%s due_30=%" PRId64 " due_7=%" PRId64 " overdue=%" PRId64, on,
                 out->due_30, out->due_7, out->overdue);
        rc = po_audit_append(st, at, "system", "tick", "notification", d, err);
    }
    return rc;
}

/* The cached columns of one case as stored, to tell whether a replay changed them. */
struct cached {
    int64_t id;
    char state[32], deadline[16], alt[16];
    int64_t year;
};

static int read_cached(struct cached **out, size_t *n, struct po_store *st, struct po_err *err)
{
    struct po_stmt *s = NULL;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int rc = po_stmt_prepare(&s, st,
                             "SELECT id, state, coalesce(deadline, ''), coalesce(deadline_alt, ''),"
                             " coalesce(deadline_uncovered_year, 0) FROM case_file ORDER BY id",
                             err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        rc = 0;
        if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            struct cached *g = realloc(*out, cap * sizeof(**out));
            if (!g) {
                rc = po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
                break;
            }
            *out = g;
        }
        struct cached *c = &(*out)[(*n)++];
        c->id = po_stmt_int(s, 0);
        snprintf(c->state, sizeof(c->state), "%s", po_stmt_text(s, 1));
        snprintf(c->deadline, sizeof(c->deadline), "%s", po_stmt_text(s, 2));
        snprintf(c->alt, sizeof(c->alt), "%s", po_stmt_text(s, 3));
        c->year = po_stmt_int(s, 4);
    }
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

static bool cache_differs(const struct cached *k, const struct po_case *c)
{
    char dl[16] = "", alt[16] = "";
    if (c->has_deadline) {
        po_deadline_format_date(dl, sizeof(dl), c->deadline);
        po_deadline_format_date(alt, sizeof(alt), c->deadline_alt);
    }
    int64_t year = c->has_deadline && c->deadline_provisional ? c->uncovered_year : 0;
    return strcmp(k->state, po_casefsm_state_name(c->state)) != 0 || strcmp(k->deadline, dl) != 0 ||
           strcmp(k->alt, alt) != 0 || k->year != year;
}

int po_casedb_refresh(int64_t *cases, int64_t *changed, struct po_store *st,
                      const struct po_calendar *cal, struct po_err *err)
{
    struct cached *v = NULL;
    size_t n = 0;
    *cases = *changed = 0;
    int rc = read_cached(&v, &n, st, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct po_case c;
        rc = po_casedb_load(&c, st, cal, v[i].id, err);
        if (rc == PO_EINVAL || rc == PO_EPERM || rc == PO_ENOTFOUND) {
            struct po_err why = *err;
            po_err_clear(err);
            rc = po_err_set(err, PO_ECONFLICT,
                            "案件 %" PRId64 " 已记录的事件在新的节假日日历下不再成立：%s%.0s",
                            "the recorded events of case %" PRId64
                            " do not hold under the new holiday calendar: %.0s%s",
                            v[i].id, why.msg_zh, why.msg);
            break;
        }
        (*cases)++;
        if (rc == 0 && cache_differs(&v[i], &c)) {
            rc = update_derived(st, v[i].id, &c, err);
            (*changed)++;
        }
    }
    free(v);
    return rc;
}

/* The second audit row of a tick someone asked for: who, with their own roles. */
static int tick_by(struct po_store *st, const struct po_tick_report *r, struct po_date as_of,
                   const char *by, const char *by_roles, struct po_err *err)
{
    char at[32], on[16];
    po_audit_now(at, sizeof(at));
    po_deadline_format_date(on, sizeof(on), as_of);
    struct po_buf d = PO_BUF_INIT;
    po_buf_addf(&d, "as_of=%s due_30=%" PRId64 " due_7=%" PRId64 " overdue=%" PRId64 " role=%s", on,
                r->due_30, r->due_7, r->overdue, by_roles ? by_roles : "");
    int rc = po_buf_failed(&d)
                 ? po_err_set(err, PO_ENOMEM, "内存不足", "out of memory")
                 : po_audit_append(st, at, by, "tick.run", "notification", d.buf, err);
    po_buf_release(&d);
    return rc;
}

int po_casedb_tick(struct po_tick_report *out, struct po_store *st, struct po_date as_of,
                   const char *by, const char *by_roles, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    struct po_city_params cp;
    int rc = po_cityparams_load(&cp, err);
    if (rc < 0)
        return rc;
    out->early_days = cp.reminder_early_days;
    out->late_days = cp.reminder_late_days;
    rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = tick_tx(out, st, as_of, err);
    if (rc == 0 && by && out->due_30 + out->due_7 + out->overdue > 0)
        rc = tick_by(st, out, as_of, by, by_roles, err);
    return po_store_end(st, rc, err);
}
