/*
 * creditdb.c: credit records, repair, joint punishment and bank lists (creditdb.h).
 */
#include "app/creditdb.h"

#include "app/audit.h"
#include "app/listq.h"
#include "core/casefsm.h"
#include "core/credit.h"
#include "core/date.h"
#include "core/deadline.h"
#include "core/uscc.h"
#include "refdata/reftext.h"
#include "util/arena.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELDS_FILE "data/credit_fields.csv"
#define PERIODS_FILE "data/credit_periods.csv"
#define MEASURES_FILE "data/credit_measures.csv"
#define JOINT_FILE "data/joint_measures.csv"
#define AUTHORITY "miit" /* the bureau that runs phaseout: 数据来源单位 and, by default, 处罚机关 */
#define MAX_FIELDS 32
#define MAX_EVENTS 64

static int nomem(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

static const char *jstr(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static int parse_day(struct po_date *d, const char *s, const char *what, struct po_err *err)
{
    if (!s || po_date_parse(d, s, strlen(s)) != 0)
        return po_err_set(err, PO_EINVAL, "%s 应为 YYYY-MM-DD 格式的日期：\"%s\"",
                          "%s must be a date YYYY-MM-DD: \"%s\"", what, s ? s : "");
    return 0;
}

static const char *fmt_day(struct po_arena *a, struct po_date d)
{
    char buf[16];
    po_deadline_format_date(buf, sizeof(buf), d);
    return po_arena_strdup(a, buf);
}

/* ---- the field list ---- */

static int load_fields(struct po_credit_field *f, const char **defaults, size_t *n,
                       struct po_arena *a, struct po_err *err)
{
    const char **keys;
    size_t nk;
    int rc = po_reftext_keys(&keys, &nk, a, FIELDS_FILE, err);
    if (rc < 0)
        return rc;
    if (nk > MAX_FIELDS)
        return po_err_set(err, PO_EINTERNAL, "%s 字段过多", "%s has too many fields", FIELDS_FILE);
    for (size_t i = 0; i < nk; i++) {
        const char *name, *format, *req, *max, *values, *def;
        if ((rc = po_reftext_get(&name, a, FIELDS_FILE, keys[i], "name_zh", err)) < 0 ||
            (rc = po_reftext_get(&format, a, FIELDS_FILE, keys[i], "format", err)) < 0 ||
            (rc = po_reftext_get(&req, a, FIELDS_FILE, keys[i], "required", err)) < 0 ||
            (rc = po_reftext_get(&max, a, FIELDS_FILE, keys[i], "max_len", err)) < 0 ||
            (rc = po_reftext_get(&values, a, FIELDS_FILE, keys[i], "values", err)) < 0 ||
            (rc = po_reftext_get(&def, a, FIELDS_FILE, keys[i], "default", err)) < 0)
            return rc;
        f[i] = (struct po_credit_field){ keys[i], name, PO_CF_TEXT, !strcmp(req, "1"),
                                         (size_t)strtoul(max, NULL, 10), values };
        if ((rc = po_credit_format_parse(&f[i].format, format, err)) < 0)
            return rc;
        defaults[i] = *def ? def : NULL;
    }
    *n = nk;
    return 0;
}

json_t *po_creditdb_fields(struct po_arena *a, struct po_err *err)
{
    struct po_credit_field f[MAX_FIELDS];
    const char *def[MAX_FIELDS];
    size_t n;
    static const char *const fmt[] = { "text", "uscc", "date", "enum", "decimal" };
    if (load_fields(f, def, &n, a, err) < 0)
        return NULL;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:b,s:I}", "key", f[i].key, "name_zh",
                                             f[i].name_zh, "format", fmt[f[i].format], "required",
                                             f[i].required, "max_len", (json_int_t)f[i].max_len));
    if (!arr)
        nomem(err);
    return arr;
}

int po_creditdb_parse_id(int64_t *case_id, int64_t *seq, const char *id, struct po_err *err)
{
    char *end;
    const char *s = id ? id : "";
    long long c = strtoll(s, &end, 10);
    if (end != s && *end == '-' && c > 0) {
        const char *t = end + 1;
        long long q = strtoll(t, &end, 10);
        if (end != t && *end == '\0' && q > 0) {
            *case_id = c, *seq = q;
            return 0;
        }
    }
    return po_err_set(err, PO_EINVAL, "信用记录编号应为 案件号-步骤号（如 12-5）：\"%s\"",
                      "a credit record id is CASE-SEQ (e.g. 12-5): \"%s\"", s);
}

/* ---- deriving records ---- */

/* Every measure event of data/credit_measures.csv as "?, ?, ..." with the values. */
static int measure_events(const char ***ev, size_t *n, struct po_arena *a, struct po_err *err)
{
    return po_reftext_keys(ev, n, a, MEASURES_FILE, err);
}

static const char records_sql_head[] =
    "SELECT c.id AS case_id, ce.seq AS event_seq, c.case_type, c.uscc, e.name,"
    " e.district_code, e.legal_representative, ce.event, ce.on_date, ce.reason, ce.role,"
    " ce.fields_json,"
    " (SELECT m.event FROM case_event m WHERE m.case_id = c.id AND m.seq < ce.seq AND"
    "  m.event IN ('overdue', 'reinspect_fail') ORDER BY m.seq DESC LIMIT 1) AS miss_event,"
    " (SELECT m.on_date FROM case_event m WHERE m.case_id = c.id AND m.seq < ce.seq AND"
    "  m.event IN ('overdue', 'reinspect_fail') ORDER BY m.seq DESC LIMIT 1) AS miss_on,"
    " (SELECT f.evidence_zh FROM evaluation_finding f WHERE f.finding_id = c.finding_id"
    "  ORDER BY f.run_id DESC LIMIT 1) AS evidence_zh,"
    " (SELECT f.legal_basis FROM evaluation_finding f WHERE f.finding_id = c.finding_id"
    "  ORDER BY f.run_id DESC LIMIT 1) AS legal_basis,"
    " (SELECT f.measure_basis FROM evaluation_finding f WHERE f.finding_id = c.finding_id"
    "  ORDER BY f.run_id DESC LIMIT 1) AS measure_basis"
    " FROM case_event ce JOIN case_file c ON c.id = ce.case_id JOIN enterprise e ON e.uscc = c.uscc"
    " WHERE ce.on_date <= ? AND EXISTS (SELECT 1 FROM case_event m WHERE m.case_id = c.id AND"
    " m.seq < ce.seq AND m.event IN ('overdue', 'reinspect_fail')) AND ce.event IN (";

static json_t *raw_records(struct po_store *st, struct po_arena *a, const struct po_credit_q *q,
                           struct po_err *err)
{
    const char **ev;
    size_t nev;
    if (measure_events(&ev, &nev, a, err) < 0)
        return NULL;
    struct po_buf b = PO_BUF_INIT;
    struct po_value v[32];
    size_t n = 0;
    po_buf_adds(&b, records_sql_head);
    v[n++] = po_vtext(q->as_of);
    for (size_t i = 0; i < nev && n < 24; i++) {
        po_buf_adds(&b, i ? ", ?" : "?");
        v[n++] = po_vtext(ev[i]);
    }
    po_buf_addch(&b, ')');
    if (q->scope) {
        po_buf_adds(&b, " AND e.district_code = ?");
        v[n++] = po_vtext(q->scope);
    }
    if (q->uscc) {
        po_buf_adds(&b, " AND c.uscc = ?");
        v[n++] = po_vtext(q->uscc);
    }
    int64_t cid = 0, seq = 0;
    if (q->record) {
        if (po_creditdb_parse_id(&cid, &seq, q->record, err) < 0) {
            po_buf_release(&b);
            return NULL;
        }
        po_buf_adds(&b, " AND c.id = ? AND ce.seq = ?");
        v[n++] = po_vint(cid);
        v[n++] = po_vint(seq);
    }
    po_buf_adds(&b, " ORDER BY ce.on_date, c.id, ce.seq");
    json_t *rows = NULL;
    if (po_buf_failed(&b))
        nomem(err);
    else
        rows = po_listq_all(st, b.buf, v, n, err);
    po_buf_release(&b);
    return rows;
}

/* The notice issued for the measure (app/noticedb.h) of the file's notice_kind, if any. */
static const char *issued_number(struct po_store *st, struct po_arena *a, int64_t case_id,
                                 int64_t seq, const char *kind, struct po_err *err)
{
    if (!kind || !*kind)
        return NULL;
    struct po_value v[3] = { po_vtext(po_arena_printf(a, "case/%" PRId64, case_id)),
                             po_vint(seq), po_vtext(kind) };
    json_t *rows = po_listq_all(st,
                                "SELECT number FROM issued_document WHERE subject = ? AND step >= ?"
                                " AND kind = ? ORDER BY step, id LIMIT 1",
                                v, 3, err);
    const char *num = rows && json_array_size(rows)
                          ? po_arena_strdup(a, jstr(json_array_get(rows, 0), "number"))
                          : NULL;
    json_decref(rows);
    return num;
}

static int record_events(json_t **out, enum po_credit_event *kinds, struct po_date *days,
                         size_t *n, struct po_store *st, int64_t case_id, int64_t seq,
                         struct po_err *err)
{
    struct po_value v[2] = { po_vint(case_id), po_vint(seq) };
    json_t *rows = po_listq_all(st,
                                "SELECT seq, kind, on_date, actor, at, note, proof FROM credit_event"
                                " WHERE case_id = ? AND event_seq = ? ORDER BY seq",
                                v, 2, err);
    if (!rows)
        return err->code ? err->code : PO_EINTERNAL;
    size_t i, k = 0;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        if (k == MAX_EVENTS)
            break;
        const char *on = jstr(r, "on_date");
        if (po_credit_event_parse(&kinds[k], jstr(r, "kind")) < 0 ||
            po_date_parse(&days[k], on ? on : "", on ? strlen(on) : 0) < 0)
            continue;
        k++;
    }
    *n = k;
    *out = rows;
    return 0;
}

static const char *period_text(struct po_arena *a, const char *type, const char *col,
                               struct po_err *err)
{
    const char *s;
    struct po_err e2 = PO_ERR_INIT;
    if (po_reftext_get(&s, a, PERIODS_FILE, type, col, &e2) == 0)
        return s;
    if (po_reftext_get(&s, a, PERIODS_FILE, "default", col, err) == 0)
        return s;
    return NULL;
}

static const char *authority_uscc(struct po_store *st, struct po_arena *a, const char *code,
                                  struct po_err *err)
{
    struct po_value v[1] = { po_vtext(code) };
    json_t *rows =
        po_listq_all(st, "SELECT uscc FROM credit_authority WHERE code = ?", v, 1, err);
    const char *u = rows && json_array_size(rows)
                        ? po_arena_strdup(a, jstr(json_array_get(rows, 0), "uscc"))
                        : NULL;
    json_decref(rows);
    return u;
}

/* The legal basis casefsm names for the measure (the event of that case type), or NULL. */
static const char *transition_basis(const char *type, const char *event)
{
    size_t n;
    const struct po_case_transition *t = po_casefsm_table(&n);
    for (size_t i = 0; type && event && i < n; i++)
        if (!strcmp(po_casefsm_type_name(t[i].type), type) &&
            !strcmp(po_casefsm_event_name(t[i].event), event))
            return t[i].basis;
    return NULL;
}

/* The record's values, one per field, in field order. */
static int fill_values(const char **vals, const struct po_credit_field *f, const char **def,
                       size_t nf, json_t *r, struct po_credit_period p, struct po_store *st,
                       struct po_arena *a, struct po_err *err)
{
    const char *type = jstr(r, "case_type"), *event = jstr(r, "event");
    int64_t cid = json_integer_value(json_object_get(r, "case_id"));
    int64_t seq = json_integer_value(json_object_get(r, "event_seq"));
    json_t *fj = json_loads(jstr(r, "fields_json") ? jstr(r, "fields_json") : "{}", 0, NULL);
    const char *decision_no = fj ? jstr(fj, "decision_no") : NULL;
    const char *licence = fj ? jstr(fj, "licence") : NULL;
    decision_no = decision_no ? po_arena_strdup(a, decision_no) : NULL;
    licence = licence ? po_arena_strdup(a, licence) : NULL;
    json_decref(fj);
    const char *category = NULL, *content = NULL, *notice_kind = NULL;
    int rc;
    if ((rc = po_reftext_get(&category, a, MEASURES_FILE, event, "penalty_category", err)) < 0 ||
        (rc = po_reftext_get(&content, a, MEASURES_FILE, event, "content_zh", err)) < 0 ||
        (rc = po_reftext_get(&notice_kind, a, MEASURES_FILE, event, "notice_kind", err)) < 0)
        return rc;
    if (!decision_no)
        decision_no = issued_number(st, a, cid, seq, notice_kind, err);
    const char *auth_name = NULL;
    if ((rc = po_reftext_get(&auth_name, a, PO_AUTHORITIES_FILE, AUTHORITY, "name_zh", err)) < 0)
        return rc;
    const char *auth_uscc = authority_uscc(st, a, AUTHORITY, err);
    const char *miss = jstr(r, "miss_event"), *miss_on = jstr(r, "miss_on");
    const char *evid = jstr(r, "evidence_zh");
    const char *facts = po_arena_printf(
        a, "%s%s%s于 %s %s。", evid && *evid ? "经核查：" : "", evid ? evid : "",
        evid && *evid ? "；" : "", miss_on ? miss_on : "",
        miss && !strcmp(miss, "overdue") ? "整改（整顿）期限届满未完成" : "经复查仍不达标");
    const char *lb = jstr(r, "legal_basis"), *mb = jstr(r, "measure_basis");
    /* the finding's legal basis and measure basis; a case opened without a finding: the
     * basis casefsm gives the measure itself */
    const char *basis = lb || mb ? po_arena_printf(a, "%s%s%s", lb ? lb : "",
                                                   lb && mb && *mb ? "；" : "", mb ? mb : "")
                                 : transition_basis(type, event);
    const char *reason = jstr(r, "reason");
    const char *pcontent =
        reason && *reason ? po_arena_printf(a, "%s（%s）", content, reason) : content;
    for (size_t i = 0; i < nf; i++) {
        const char *k = f[i].key, *v = NULL;
        if (!strcmp(k, "name"))
            v = jstr(r, "name");
        else if (!strcmp(k, "uscc"))
            v = jstr(r, "uscc");
        else if (!strcmp(k, "legal_representative"))
            v = jstr(r, "legal_representative");
        else if (!strcmp(k, "decision_number"))
            v = decision_no;
        else if (!strcmp(k, "violation_type"))
            v = period_text(a, type, "violation_type_zh", err);
        else if (!strcmp(k, "violation_facts"))
            v = facts;
        else if (!strcmp(k, "basis"))
            v = basis;
        else if (!strcmp(k, "penalty_category"))
            v = category;
        else if (!strcmp(k, "penalty_content"))
            v = pcontent;
        else if (!strcmp(k, "licence_revoked"))
            v = !strcmp(event, "revoke_licence") ? licence : NULL;
        else if (!strcmp(k, "decision_date"))
            v = jstr(r, "on_date");
        else if (!strcmp(k, "public_until"))
            v = fmt_day(a, p.public_until);
        else if (!strcmp(k, "authority") || !strcmp(k, "source_unit"))
            v = auth_name;
        else if (!strcmp(k, "authority_uscc") || !strcmp(k, "source_unit_uscc"))
            v = auth_uscc;
        else if (!strcmp(k, "remarks"))
            v = po_arena_printf(a, "phaseout 案件 %" PRId64 " 第 %" PRId64 " 步（%s）", cid, seq,
                                event);
        if (!v)
            v = def[i];
        vals[i] = v ? po_arena_strdup(a, v) : NULL;
    }
    /* a licence revoked must be named (the standard's conditional field) */
    return 0;
}

static json_t *side_rows(struct po_store *st, const char *sql, int64_t cid, int64_t seq,
                         struct po_err *err)
{
    struct po_value v[2] = { po_vint(cid), po_vint(seq) };
    return po_listq_all(st, sql, v, 2, err);
}

static json_t *one_record(json_t *r, const struct po_credit_field *f, const char **def, size_t nf,
                          struct po_date as_of, struct po_store *st, struct po_arena *a,
                          struct po_err *err)
{
    int64_t cid = json_integer_value(json_object_get(r, "case_id"));
    int64_t seq = json_integer_value(json_object_get(r, "event_seq"));
    const char *type = jstr(r, "case_type"), *on = jstr(r, "on_date");
    struct po_date decided;
    if (parse_day(&decided, on, "on_date", err) < 0)
        return NULL;
    const char *mn = period_text(a, type, "min_months", err);
    const char *mx = period_text(a, type, "max_months", err);
    if (!mn || !mx)
        return NULL;
    struct po_credit_period p = po_credit_period_of(decided, atoi(mn), atoi(mx));
    enum po_credit_event kinds[MAX_EVENTS];
    struct po_date days[MAX_EVENTS];
    size_t nev = 0;
    json_t *events = NULL;
    if (record_events(&events, kinds, days, &nev, st, cid, seq, err) < 0)
        return NULL;
    struct po_date wd = { 0, 0, 0 };
    enum po_credit_status s = po_credit_status_at(p, kinds, days, nev, as_of, &wd);
    const char *vals[MAX_FIELDS];
    if (fill_values(vals, f, def, nf, r, p, st, a, err) < 0) {
        json_decref(events);
        return NULL;
    }
    struct po_credit_problem probs[MAX_FIELDS];
    size_t np = po_credit_check(f, nf, vals, probs, MAX_FIELDS);
    json_t *fields = json_object(), *problems = json_array();
    for (size_t i = 0; i < nf; i++)
        json_object_set_new(fields, f[i].key, vals[i] ? json_string(vals[i]) : json_null());
    for (size_t i = 0; i < np && i < MAX_FIELDS; i++)
        json_array_append_new(problems,
                              json_pack("{s:s,s:s,s:s,s:s}", "field", f[probs[i].field].key,
                                        "name_zh", f[probs[i].field].name_zh, "why_zh",
                                        probs[i].why_zh, "why_en", probs[i].why_en));
    json_t *o = json_pack(
        "{s:s,s:I,s:I,s:s,s:s,s:s?,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o?,s:o,s:o,s:b,s:o}", "id",
        po_arena_printf(a, "%" PRId64 "-%" PRId64, cid, seq), "case_id", (json_int_t)cid,
        "event_seq", (json_int_t)seq, "uscc", jstr(r, "uscc"), "name", jstr(r, "name"),
        "district_code", jstr(r, "district_code"), "case_type", type, "event", jstr(r, "event"),
        "decided_on", on, "status", po_credit_status_name(s), "status_zh",
        po_credit_status_zh(s), "repair_from", fmt_day(a, p.repair_from), "public_until",
        fmt_day(a, p.public_until), "withdrawn_on",
        s == PO_CRS_WITHDRAWN ? json_string(fmt_day(a, wd)) : NULL, "fields", fields, "problems",
        problems, "complete", np == 0, "events", events);
    if (!o)
        return NULL;
    json_t *acts = side_rows(st,
                             "SELECT id, measure, taken_on, document, note, actor, role, at FROM"
                             " joint_action WHERE case_id = ? AND event_seq = ? ORDER BY id",
                             cid, seq, err);
    json_t *flags = side_rows(st,
                              "SELECT kind, as_of, message FROM credit_flag WHERE case_id = ? AND"
                              " event_seq = ? ORDER BY kind",
                              cid, seq, err);
    if (!acts || !flags) {
        json_decref(acts);
        json_decref(flags);
        json_decref(o);
        return NULL;
    }
    json_object_set_new(o, "actions", acts);
    json_object_set_new(o, "flags", flags);
    return o;
}

json_t *po_creditdb_records(struct po_store *st, struct po_arena *a, const struct po_credit_q *q,
                            struct po_err *err)
{
    struct po_date as_of;
    if (parse_day(&as_of, q->as_of, "as_of", err) < 0)
        return NULL;
    struct po_credit_field f[MAX_FIELDS];
    const char *def[MAX_FIELDS];
    size_t nf;
    if (load_fields(f, def, &nf, a, err) < 0)
        return NULL;
    json_t *rows = raw_records(st, a, q, err);
    if (!rows)
        return NULL;
    json_t *out = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        json_t *o = one_record(r, f, def, nf, as_of, st, a, err);
        if (!o) {
            json_decref(out);
            out = NULL;
            break;
        }
        if (q->status && strcmp(q->status, jstr(o, "status")) != 0)
            json_decref(o);
        else
            json_array_append_new(out, o);
    }
    json_decref(rows);
    return out;
}

/* ---- repair ---- */

static json_t *the_record(struct po_store *st, struct po_arena *a, const char *record,
                          const char *as_of, struct po_err *err)
{
    struct po_credit_q q = { .as_of = as_of, .record = record };
    json_t *rows = po_creditdb_records(st, a, &q, err);
    if (!rows)
        return NULL;
    if (!json_array_size(rows)) {
        json_decref(rows);
        po_err_set(err, PO_ENOTFOUND, "没有信用记录 %s（截至 %s）", "no credit record %s (as of %s)",
                   record, as_of);
        return NULL;
    }
    json_t *r = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return r;
}

int po_creditdb_repair(struct po_store *st, struct po_arena *a, const char *record,
                       const char *kind, const char *on, const char *note, const char *proof,
                       const char *actor, struct po_err *err)
{
    enum po_credit_event e;
    struct po_date day;
    int64_t cid, seq;
    int rc;
    if (po_credit_event_parse(&e, kind) < 0)
        return po_err_set(err, PO_EINVAL,
                          "步骤应为 repair_apply（申请）、repair_approve（批准）或 repair_refuse（不予修复）",
                          "the step must be repair_apply, repair_approve or repair_refuse");
    if ((rc = po_creditdb_parse_id(&cid, &seq, record, err)) < 0 ||
        (rc = parse_day(&day, on, "on", err)) < 0)
        return rc;
    if (!note || !*note)
        return po_err_set(err, PO_EINVAL, "请填写说明（申请的整改情况或审核意见）",
                          "a note is required (the rectification done, or the decision's reason)");
    if (e == PO_CRE_APPLY && (!proof || !*proof))
        return po_err_set(err, PO_EINVAL, "申请信用修复须附整改完成的证明材料（proof）",
                          "a repair request needs the proof of rectification (proof)");
    if ((rc = po_store_begin(st, err)) < 0)
        return rc;
    json_t *r = the_record(st, a, record, on, err);
    if (!r)
        return po_store_end(st, err->code ? err->code : PO_EINTERNAL, err);
    struct po_date decided, days[MAX_EVENTS];
    enum po_credit_event kinds[MAX_EVENTS];
    size_t n = 0;
    parse_day(&decided, jstr(r, "decided_on"), "decided_on", err);
    struct po_credit_period p;
    parse_day(&p.repair_from, jstr(r, "repair_from"), "repair_from", err);
    parse_day(&p.public_until, jstr(r, "public_until"), "public_until", err);
    json_t *evs = NULL;
    rc = record_events(&evs, kinds, days, &n, st, cid, seq, err);
    json_decref(evs);
    if (rc == 0)
        rc = po_credit_event_check(p, kinds, days, n, e, day, err);
    if (rc == 0) {
        char at[32];
        po_audit_now(at, sizeof(at));
        struct po_value v[9] = { po_vint(cid),        po_vint(seq),  po_vint((int64_t)n + 1),
                                 po_vtext(kind),      po_vtext(on),  po_vtext(actor),
                                 po_vtext(at),        po_vtext(note), po_vtext(proof) };
        rc = po_store_run(st,
                          "INSERT INTO credit_event(case_id, event_seq, seq, kind, on_date, actor,"
                          " at, note, proof) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          v, 9, err);
        if (rc == 0)
            rc = po_audit_append(st, at, actor, "credit.repair",
                                 po_arena_printf(a, "credit/%s", record),
                                 po_arena_printf(a, "step=%s on=%s uscc=%s", kind, on,
                                                 jstr(r, "uscc")),
                                 err);
    }
    json_decref(r);
    return po_store_end(st, rc, err);
}

int po_creditdb_set_authority(struct po_store *st, struct po_arena *a, const char *code,
                              const char *uscc, const char *actor, struct po_err *err)
{
    const char *name;
    int rc = po_reftext_get(&name, a, PO_AUTHORITIES_FILE, code ? code : "", "name_zh", err);
    if (rc < 0)
        return rc;
    char want = 0;
    enum po_uscc_status us = po_uscc_check(uscc ? uscc : "", uscc ? strlen(uscc) : 0, NULL, &want);
    if (us != PO_USCC_OK)
        return po_err_set(err, PO_EINVAL, "统一社会信用代码 \"%s\" 无效：%s%.0s",
                          "unified social credit code \"%s\" is not valid: %.0s%s", uscc ? uscc : "",
                          po_uscc_reason_zh(us), po_uscc_reason_en(us));
    if ((rc = po_store_begin(st, err)) < 0)
        return rc;
    char at[32];
    po_audit_now(at, sizeof(at));
    struct po_value v[4] = { po_vtext(code), po_vtext(uscc), po_vtext(actor), po_vtext(at) };
    rc = po_store_run(st,
                      "INSERT INTO credit_authority(code, uscc, set_by, set_at) VALUES (?, ?, ?, ?)"
                      " ON CONFLICT (code) DO UPDATE SET uscc = excluded.uscc, set_by ="
                      " excluded.set_by, set_at = excluded.set_at",
                      v, 4, err);
    if (rc == 0)
        rc = po_audit_append(st, at, actor, "credit.authority",
                             po_arena_printf(a, "authority/%s", code),
                             po_arena_printf(a, "uscc=%s", uscc), err);
    return po_store_end(st, rc, err);
}

int po_creditdb_support_add(struct po_store *st, struct po_arena *a, const char *uscc,
                            const char *kind, const char *on, const char *document,
                            const char *note, const char *actor, struct po_err *err)
{
    static const char *const kinds[] = { "voluntary_exit", "merger", "restructuring",
                                         "transformation" };
    bool ok = false;
    for (size_t i = 0; kind && i < 4; i++)
        ok |= !strcmp(kind, kinds[i]);
    struct po_date d;
    int rc;
    if (!ok)
        return po_err_set(err, PO_EINVAL,
                          "类别应为 voluntary_exit（主动退出）、merger（兼并）、restructuring（重组）或 "
                          "transformation（转型）",
                          "kind must be voluntary_exit, merger, restructuring or transformation");
    if ((rc = parse_day(&d, on, "on", err)) < 0)
        return rc;
    if (!document || !*document)
        return po_err_set(err, PO_EINVAL, "请填写依据文件（document）",
                          "the supporting document is required (document)");
    if ((rc = po_store_begin(st, err)) < 0)
        return rc;
    int64_t id = 0, exists = 0;
    struct po_value u[1] = { po_vtext(uscc) };
    rc = po_store_query_int(&exists, st, "SELECT count(*) FROM enterprise WHERE uscc = ?", u, 1,
                            err);
    if (rc == 0 && !exists)
        rc = po_err_set(err, PO_ENOTFOUND, "企业 %s 未登记", "enterprise %s is not registered",
                        uscc ? uscc : "");
    if (rc == 0)
        rc = po_store_query_int(&id, st, "SELECT coalesce(max(id), 0) + 1 FROM credit_support",
                                NULL, 0, err);
    char at[32];
    po_audit_now(at, sizeof(at));
    if (rc == 0) {
        struct po_value v[8] = { po_vint(id),      po_vtext(uscc),     po_vtext(kind),
                                 po_vtext(on),     po_vtext(document), po_vtext(note),
                                 po_vtext(actor),  po_vtext(at) };
        rc = po_store_run(st,
                          "INSERT INTO credit_support(id, uscc, kind, on_date, document, note,"
                          " actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          v, 8, err);
    }
    if (rc == 0)
        rc = po_audit_append(st, at, actor, "credit.support", po_arena_printf(a, "enterprise/%s", uscc),
                             po_arena_printf(a, "kind=%s on=%s document=%s", kind, on, document),
                             err);
    return po_store_end(st, rc, err);
}

/* ---- joint punishment ---- */

static bool in_force(json_t *r)
{
    const char *s = jstr(r, "status");
    return s && (!strcmp(s, "public") || !strcmp(s, "repair_requested"));
}

json_t *po_creditdb_departments(struct po_arena *a, struct po_err *err)
{
    const char **keys;
    size_t n;
    if (po_reftext_keys(&keys, &n, a, JOINT_FILE, err) < 0)
        return NULL;
    json_t *out = json_array();
    for (size_t i = 0; out && i < n; i++) {
        const char *dep, *dep_zh, *area;
        if (po_reftext_get(&dep, a, JOINT_FILE, keys[i], "department", err) < 0 ||
            po_reftext_get(&dep_zh, a, JOINT_FILE, keys[i], "department_zh", err) < 0 ||
            po_reftext_get(&area, a, JOINT_FILE, keys[i], "area_zh", err) < 0) {
            json_decref(out);
            return NULL;
        }
        json_t *d = NULL;
        size_t k;
        json_t *x;
        json_array_foreach(out, k, x) if (!strcmp(jstr(x, "department"), dep)) d = x;
        if (!d) {
            d = json_pack("{s:s,s:s,s:[]}", "department", dep, "department_zh", dep_zh,
                          "measures");
            json_array_append_new(out, d);
        }
        json_array_append_new(json_object_get(d, "measures"),
                              json_pack("{s:s,s:s}", "key", keys[i], "area_zh", area));
    }
    return out;
}

json_t *po_creditdb_joint_list(struct po_store *st, struct po_arena *a, const char *department,
                               const char *as_of, const char *scope, struct po_err *err)
{
    const char **keys;
    size_t nm;
    if (po_reftext_keys(&keys, &nm, a, JOINT_FILE, err) < 0)
        return NULL;
    if (department) {
        bool known = false;
        for (size_t m = 0; m < nm; m++) {
            const char *dep;
            if (po_reftext_get(&dep, a, JOINT_FILE, keys[m], "department", err) < 0)
                return NULL;
            known |= !strcmp(dep, department);
        }
        if (!known) {
            po_err_set(err, PO_EINVAL, "部门 \"%s\" 不实施联合惩戒措施（见 %s）",
                       "department \"%s\" applies no joint-punishment measure (see %s)",
                       department, JOINT_FILE);
            return NULL;
        }
    }
    struct po_credit_q q = { .as_of = as_of, .scope = scope };
    json_t *recs = po_creditdb_records(st, a, &q, err);
    if (!recs)
        return NULL;
    json_t *out = json_array();
    size_t i;
    json_t *r;
    json_array_foreach(recs, i, r)
    {
        if (!in_force(r))
            continue;
        for (size_t m = 0; m < nm; m++) {
            const char *dep, *dep_zh, *area, *measure, *basis;
            if (po_reftext_get(&dep, a, JOINT_FILE, keys[m], "department", err) < 0 ||
                po_reftext_get(&dep_zh, a, JOINT_FILE, keys[m], "department_zh", err) < 0 ||
                po_reftext_get(&area, a, JOINT_FILE, keys[m], "area_zh", err) < 0 ||
                po_reftext_get(&measure, a, JOINT_FILE, keys[m], "measure_zh", err) < 0 ||
                po_reftext_get(&basis, a, JOINT_FILE, keys[m], "basis_zh", err) < 0) {
                json_decref(recs);
                json_decref(out);
                return NULL;
            }
            if (department && strcmp(dep, department) != 0)
                continue;
            json_t *acts = json_array(), *x;
            size_t k;
            json_array_foreach(json_object_get(r, "actions"), k, x) if (
                !strcmp(jstr(x, "measure"), keys[m])) json_array_append(acts, x);
            json_array_append_new(
                out, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o}", "record",
                               jstr(r, "id"), "uscc", jstr(r, "uscc"), "name", jstr(r, "name"),
                               "district_code", jstr(r, "district_code"), "measure", keys[m],
                               "area_zh", area, "department", dep, "department_zh", dep_zh,
                               "measure_zh", measure, "basis_zh", basis, "since",
                               jstr(r, "decided_on"), "until", jstr(r, "public_until"),
                               "actions", acts));
        }
    }
    json_decref(recs);
    return out;
}

int po_creditdb_joint_record(struct po_store *st, struct po_arena *a, const char *record,
                             const char *measure, const char *on, const char *document,
                             const char *note, const char *role, const char *actor,
                             struct po_err *err)
{
    const char *dep;
    struct po_date d;
    int64_t cid, seq;
    int rc;
    struct po_err e2 = PO_ERR_INIT;
    if (po_reftext_get(&dep, a, JOINT_FILE, measure ? measure : "", "department", &e2) < 0)
        return po_err_set(err, PO_EINVAL, "未知的联合惩戒措施 \"%s\"（见 %s）",
                          "unknown joint-punishment measure \"%s\" (see %s)",
                          measure ? measure : "", JOINT_FILE);
    if (strcmp(role, dep) != 0 && strcmp(role, "city") != 0)
        return po_err_set(err, PO_EPERM, "措施 %s 由 %s 实施，您的角色 %s 不能登记",
                          "measure %s is applied by %s; your role %s cannot record it", measure,
                          dep, role);
    if ((rc = po_creditdb_parse_id(&cid, &seq, record, err)) < 0 ||
        (rc = parse_day(&d, on, "on", err)) < 0)
        return rc;
    if (!document || !*document)
        return po_err_set(err, PO_EINVAL, "请填写所依据的文书（document）",
                          "the document of the measure taken is required (document)");
    if ((rc = po_store_begin(st, err)) < 0)
        return rc;
    json_t *r = the_record(st, a, record, on, err);
    if (!r)
        return po_store_end(st, err->code ? err->code : PO_EINTERNAL, err);
    if (!in_force(r))
        rc = po_err_set(err, PO_EINVAL, "信用记录 %s 在 %s 已%s，联合惩戒措施随之终止",
                        "credit record %s is %s on %s: its joint-punishment measures have ended",
                        record, on, jstr(r, "status_zh"));
    int64_t id = 0;
    if (rc == 0)
        rc = po_store_query_int(&id, st, "SELECT coalesce(max(id), 0) + 1 FROM joint_action",
                                NULL, 0, err);
    char at[32];
    po_audit_now(at, sizeof(at));
    if (rc == 0) {
        struct po_value v[10] = { po_vint(id),       po_vint(cid),   po_vint(seq),
                                  po_vtext(measure), po_vtext(on),   po_vtext(document),
                                  po_vtext(note),    po_vtext(actor), po_vtext(role),
                                  po_vtext(at) };
        rc = po_store_run(st,
                          "INSERT INTO joint_action(id, case_id, event_seq, measure, taken_on,"
                          " document, note, actor, role, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          v, 10, err);
    }
    if (rc == 0)
        rc = po_audit_append(st, at, actor, "credit.joint_action",
                             po_arena_printf(a, "credit/%s", record),
                             po_arena_printf(a, "measure=%s on=%s document=%s", measure, on,
                                             document),
                             err);
    json_decref(r);
    return po_store_end(st, rc, err);
}

/* ---- bank lists ---- */

json_t *po_creditdb_bank_list(struct po_store *st, struct po_arena *a, const char *which,
                              const char *as_of, struct po_err *err)
{
    struct po_date d;
    if (parse_day(&d, as_of, "as_of", err) < 0)
        return NULL;
    if (!which || (strcmp(which, "restrict") && strcmp(which, "support"))) {
        po_err_set(err, PO_EINVAL, "名单应为 restrict（限制授信）或 support（支持）",
                   "the list must be restrict or support");
        return NULL;
    }
    json_t *out = json_array();
    if (!strcmp(which, "support")) {
        static const char *const zh[][2] = { { "voluntary_exit", "主动退出低端低效产能" },
                                             { "merger", "实施兼并" },
                                             { "restructuring", "实施重组" },
                                             { "transformation", "转型升级" } };
        struct po_value v[1] = { po_vtext(as_of) };
        json_t *rows = po_listq_all(st,
                                    "SELECT s.uscc, e.name, e.district_code, s.kind, s.on_date,"
                                    " s.document FROM credit_support s JOIN enterprise e ON"
                                    " e.uscc = s.uscc WHERE s.on_date <= ? ORDER BY s.on_date,"
                                    " s.id",
                                    v, 1, err);
        if (!rows) {
            json_decref(out);
            return NULL;
        }
        size_t i;
        json_t *r;
        json_array_foreach(rows, i, r)
        {
            const char *k = jstr(r, "kind"), *kz = k;
            for (size_t j = 0; j < 4; j++)
                if (!strcmp(zh[j][0], k))
                    kz = zh[j][1];
            json_array_append_new(
                out, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "uscc", jstr(r, "uscc"), "name",
                               jstr(r, "name"), "district_code", jstr(r, "district_code"),
                               "reason_zh", po_arena_printf(a, "%s（%s）", kz, jstr(r, "document")),
                               "reason_en", po_arena_printf(a, "%s (%s)", k, jstr(r, "document")),
                               "since", jstr(r, "on_date"), "basis_zh",
                               "《实施意见》三(七)：对主动退出低端低效产能、化解过剩产能、实施兼并重组的企业，积极予以信贷支持"));
        }
        json_decref(rows);
        return out;
    }
    struct po_credit_q q = { .as_of = as_of };
    json_t *recs = po_creditdb_records(st, a, &q, err);
    if (!recs) {
        json_decref(out);
        return NULL;
    }
    size_t i;
    json_t *r;
    json_array_foreach(recs, i, r)
    {
        if (!in_force(r))
            continue;
        bool seen = false;
        size_t k;
        json_t *x;
        json_array_foreach(out, k, x) seen |= !strcmp(jstr(x, "uscc"), jstr(r, "uscc"));
        if (seen)
            continue;
        json_array_append_new(
            out, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "uscc", jstr(r, "uscc"), "name",
                           jstr(r, "name"), "district_code", jstr(r, "district_code"),
                           "reason_zh",
                           po_arena_printf(a, "未按期完成整改或退出，实施联合惩戒（信用记录 %s，%s）",
                                           jstr(r, "id"), jstr(json_object_get(r, "fields"),
                                                              "penalty_category")
                                                              ? jstr(json_object_get(r, "fields"),
                                                                     "penalty_category")
                                                              : ""),
                           "reason_en",
                           po_arena_printf(a, "missed its deadline; under joint punishment "
                                              "(credit record %s)",
                                           jstr(r, "id")),
                           "since", jstr(r, "decided_on"), "basis_zh",
                           "《实施意见》三(七)：对未按期退出落后产能的企业，严控新增授信，压缩退出存量贷款"));
    }
    json_decref(recs);
    /* cases past their deadline without a measure yet: missed (overdue, failed re-inspection,
     * not since passed or closed), or ordered to exit and past the exit deadline */
    struct po_value v[3] = { po_vtext(as_of), po_vtext(as_of), po_vtext(as_of) };
    json_t *late = po_listq_all(
        st,
        "SELECT c.id, c.uscc, e.name, e.district_code, m.event, m.on_date, NULL AS deadline"
        " FROM case_file c JOIN enterprise e ON e.uscc = c.uscc JOIN case_event m ON"
        " m.case_id = c.id AND m.event IN ('overdue', 'reinspect_fail') AND m.on_date <= ?"
        " WHERE NOT EXISTS (SELECT 1 FROM case_event p WHERE p.case_id = c.id AND p.seq > m.seq"
        " AND p.on_date <= ? AND p.event IN ('reinspect_pass', 'close', 'resume', 'confirm_exit'))"
        " UNION ALL"
        " SELECT c.id, c.uscc, e.name, e.district_code, 'exit_overdue', c.deadline, c.deadline"
        " FROM case_file c JOIN enterprise e ON e.uscc = c.uscc WHERE c.state = 'exit_ordered'"
        " AND c.deadline IS NOT NULL AND c.deadline < ?"
        " ORDER BY 6, 1",
        v, 3, err);
    if (!late) {
        json_decref(out);
        return NULL;
    }
    json_array_foreach(late, i, r)
    {
        bool seen = false;
        size_t k;
        json_t *x;
        json_array_foreach(out, k, x) seen |= !strcmp(jstr(x, "uscc"), jstr(r, "uscc"));
        if (seen)
            continue;
        const char *ev = jstr(r, "event");
        bool exit_late = !strcmp(ev, "exit_overdue");
        json_int_t cid = json_integer_value(json_object_get(r, "id"));
        json_array_append_new(
            out,
            json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "uscc", jstr(r, "uscc"), "name",
                      jstr(r, "name"), "district_code", jstr(r, "district_code"), "reason_zh",
                      po_arena_printf(a, exit_late ? "责令退出期限已过仍未完成退出（案件 %lld）"
                                      : !strcmp(ev, "overdue")
                                          ? "整改期限届满未完成整改（案件 %lld）"
                                          : "经复查仍不达标（案件 %lld）",
                                      (long long)cid),
                      "reason_en",
                      po_arena_printf(a, exit_late ? "past its exit deadline (case %lld)"
                                      : !strcmp(ev, "overdue")
                                          ? "missed its rectification deadline (case %lld)"
                                          : "failed its re-inspection (case %lld)",
                                      (long long)cid),
                      "since", jstr(r, "on_date"), "basis_zh",
                      "《实施意见》三(七)：对未按期退出落后产能的企业，严控新增授信，压缩退出存量贷款"));
    }
    json_decref(late);
    return out;
}

int po_creditdb_audit_download(struct po_store *st, const char *actor, const char *action,
                               const char *object, const char *detail, struct po_err *err)
{
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    char at[32];
    po_audit_now(at, sizeof(at));
    return po_store_end(st, po_audit_append(st, at, actor, action, object, detail, err), err);
}

/* ---- tick ---- */

int po_creditdb_tick(struct po_store *st, struct po_arena *a, const char *as_of, int days,
                     int64_t *made, struct po_err *err)
{
    struct po_date today;
    int rc;
    *made = 0;
    if ((rc = parse_day(&today, as_of, "as_of", err)) < 0)
        return rc;
    struct po_credit_q q = { .as_of = as_of };
    if ((rc = po_store_begin(st, err)) < 0)
        return rc;
    json_t *recs = po_creditdb_records(st, a, &q, err);
    if (!recs)
        return po_store_end(st, err->code ? err->code : PO_EINTERNAL, err);
    struct po_date soon = po_deadline_add_days(today, days);
    size_t i;
    json_t *r;
    json_array_foreach(recs, i, r)
    {
        const char *s = jstr(r, "status"), *until = jstr(r, "public_until");
        struct po_date u;
        if (rc < 0 || parse_day(&u, until, "public_until", err) < 0)
            break;
        const char *kind = NULL, *msg = NULL;
        if (!strcmp(s, "expired")) {
            kind = "period_ended";
            msg = po_arena_printf(a, "信用记录 %s（%s）公示期已于 %s 届满，已停止公示；相关联合惩戒措施终止",
                                  jstr(r, "id"), jstr(r, "name"), until);
        } else if (strcmp(s, "withdrawn") && po_date_cmp(u, soon) <= 0) {
            kind = "period_ending";
            msg = po_arena_printf(a, "信用记录 %s（%s）公示期将于 %s 届满", jstr(r, "id"),
                                  jstr(r, "name"), until);
        }
        if (!kind)
            continue;
        struct po_value v[5] = { po_vint(json_integer_value(json_object_get(r, "case_id"))),
                                 po_vint(json_integer_value(json_object_get(r, "event_seq"))),
                                 po_vtext(kind), po_vtext(as_of), po_vtext(msg) };
        int64_t have = 0;
        rc = po_store_query_int(&have, st,
                                "SELECT count(*) FROM credit_flag WHERE case_id = ? AND event_seq"
                                " = ? AND kind = ?",
                                v, 3, err);
        if (rc == 0 && !have) {
            rc = po_store_run(st,
                              "INSERT INTO credit_flag(case_id, event_seq, kind, as_of, message)"
                              " VALUES (?, ?, ?, ?, ?)",
                              v, 5, err);
            if (rc == 0)
                ++*made;
        }
    }
    json_decref(recs);
    return po_store_end(st, rc, err);
}
