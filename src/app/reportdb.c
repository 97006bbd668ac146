/*
 * reportdb.c: public supervision reports (reportdb.h).
 */
#include "app/reportdb.h"

#include "app/audit.h"
#include "app/calendardb.h"
#include "core/deadline.h"
#include "format/encoding.h"
#include "refdata/cityparams.h"
#include "refdata/reftext.h"
#include "util/arena.h"
#include "util/buf.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *po_json_str_of(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static const char *const status_zh[] = { "收到", "核查中", "已办结" };
static const char *const status_en[] = { "received", "verifying", "closed" };
static const char *const status_names[] = { "received", "verifying", "closed" };

static int status_idx(const char *s)
{
    for (int i = 0; i < 3; i++)
        if (s && !strcmp(s, status_names[i]))
            return i;
    return 0;
}

static int field_err(struct po_err *err, const char *field, const char *zh, const char *en)
{
    return po_err_set(err, PO_EINVAL, "字段 %s：%s%.0s", "field %s: %.0s%s", field, zh, en);
}

/* A required (or optional) text of at most max bytes, valid UTF-8 with no control characters
 * but newlines and tabs. */
static int check_text(const char *v, const char *field, size_t max, bool required,
                      struct po_err *err)
{
    if (!v || !*v)
        return required ? field_err(err, field, "必填", "required") : 0;
    size_t n = strlen(v);
    if (n > max)
        return po_err_set(err, PO_EINVAL, "字段 %s：超过 %zu 字节", "field %s: longer than %zu bytes",
                          field, max);
    if (po_encoding_utf8_valid_len(v, n) != n)
        return field_err(err, field, "不是 UTF-8 文本", "is not UTF-8 text");
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r')
            return field_err(err, field, "含有控制字符", "contains control characters");
    return 0;
}

/* The receipt: 12 characters of an alphabet without look-alikes (0/O, 1/I/L). */
static void new_receipt(char out[13])
{
    static const char alpha[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    for (int i = 0; i < 12; i++)
        out[i] = alpha[randombytes_uniform((uint32_t)(sizeof(alpha) - 1))];
    out[12] = 0;
}

/* n working days after d on the legal calendar (a year it lacks: weekends only). */
static int add_workdays(struct po_date *out, struct po_store *st, struct po_arena *a,
                        struct po_date d, int n, struct po_err *err)
{
    struct po_calendar cal;
    int rc = po_calendardb_load(&cal, st, a, err);
    if (rc < 0)
        return rc;
    cal.uncovered = PO_CAL_UNCOVERED_WEEKENDS;
    for (int k = 0; k < n;) {
        d = po_deadline_add_days(d, 1);
        bool rest;
        rc = po_deadline_is_rest_day(&rest, &cal, d, true, err);
        if (rc < 0)
            return rc;
        if (!rest)
            k++;
    }
    *out = d;
    return 0;
}

static int event(struct po_store *st, int64_t id, const char *at, const char *actor,
                 const char *ev, const char *detail, struct po_err *err)
{
    struct po_value v[1] = { po_vint(id) };
    int64_t seq = 0;
    int rc = po_store_query_int(&seq, st,
                                "SELECT coalesce(max(seq), 0) + 1 FROM public_report_event"
                                " WHERE report_id = ?",
                                v, 1, err);
    struct po_value w[6] = { po_vint(id),    po_vint(seq),  po_vtext(at),
                             po_vtext(actor), po_vtext(ev), po_vtext(detail) };
    if (rc == 0)
        rc = po_store_run(st,
                          "INSERT INTO public_report_event(report_id, seq, at, actor, event, detail)"
                          " VALUES (?, ?, ?, ?, ?, ?)",
                          w, 6, err);
    char object[48];
    snprintf(object, sizeof(object), "report/%" PRId64, id);
    if (rc == 0)
        rc = po_audit_append(st, at, actor, !strcmp(ev, "filed") ? "report.file" : "report.act",
                             object, detail, err);
    return rc;
}

int po_reportdb_file(struct po_store *st, struct po_arena *a, const struct po_report_in *in,
                     struct po_report_receipt *out, struct po_err *err)
{
    char now[32];
    if (in->now)
        snprintf(now, sizeof(now), "%s", in->now);
    else
        po_audit_now(now, sizeof(now));
    int rc;
    if ((rc = check_text(in->enterprise_text, "enterprise", PO_REPORT_MAX_NAME, true, err)) < 0 ||
        (rc = check_text(in->category, "category", 64, true, err)) < 0 ||
        (rc = check_text(in->seen, "seen", PO_REPORT_MAX_SEEN, true, err)) < 0 ||
        (rc = check_text(in->place, "place", PO_REPORT_MAX_PLACE, true, err)) < 0 ||
        (rc = check_text(in->seen_on, "seen_on", 10, true, err)) < 0 ||
        (rc = check_text(in->contact, "contact", PO_REPORT_MAX_CONTACT, false, err)) < 0 ||
        (rc = check_text(in->uscc, "uscc", 18, false, err)) < 0)
        return rc;
    const char *label;
    if (po_reftext_get(&label, a, PO_REPORT_CATEGORIES_FILE, in->category, "label_zh", err) < 0)
        return field_err(err, "category", "不是已知的举报类别", "not a known category");
    struct po_date seen, today;
    if (po_deadline_parse_date(&seen, in->seen_on, strlen(in->seen_on), err) < 0)
        return field_err(err, "seen_on", "应为日期 YYYY-MM-DD", "must be a date YYYY-MM-DD");
    po_deadline_parse_date(&today, now, 10, err);
    if (po_date_cmp(seen, today) > 0)
        return field_err(err, "seen_on", "不能晚于今天", "must not be after today");
    const char *district = NULL;
    if (in->uscc && *in->uscc) {
        struct po_stmt *s = NULL;
        rc = po_stmt_prepare(&s, st,
                             "SELECT e.district_code FROM enterprise e WHERE e.uscc = ? AND EXISTS"
                             " (SELECT 1 FROM publication_row r WHERE r.uscc = e.uscc)",
                             err);
        if (rc == 0)
            rc = po_stmt_bind(s, 1, po_vtext(in->uscc), err);
        if (rc == 0 && (rc = po_stmt_step(s, err)) == 1)
            district = po_arena_strdup(a, po_stmt_text(s, 0));
        po_stmt_finalize(s);
        if (rc < 0)
            return rc;
        if (rc == 0)
            return field_err(err, "uscc", "不是公示名单中的企业（可只填写企业名称）",
                             "not an enterprise of a published list (give the name only)");
    }
    struct po_city_params cp;
    if ((rc = po_cityparams_load_on(&cp, po_arena_strndup(a, now, 10), err)) < 0)
        return rc;
    struct po_date due;
    char dues[16], receipt[13];
    rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = add_workdays(&due, st, a, today, cp.report_reply_workdays, err);
    po_deadline_format_date(dues, sizeof(dues), due);
    int64_t id = 0;
    if (rc == 0)
        rc = po_store_query_int(&id, st, "SELECT coalesce(max(id), 0) + 1 FROM public_report",
                                NULL, 0, err);
    new_receipt(receipt);
    if (rc == 0) {
        struct po_value v[13] = { po_vint(id),
                                  po_vtext(receipt),
                                  po_vtext(in->uscc && *in->uscc ? in->uscc : NULL),
                                  po_vtext(in->enterprise_text),
                                  po_vtext(in->category),
                                  po_vtext(in->seen),
                                  po_vtext(in->place),
                                  po_vtext(in->seen_on),
                                  po_vtext(in->contact && *in->contact ? in->contact : NULL),
                                  po_vtext(now),
                                  po_vtextn(now, 10),
                                  po_vtext(dues),
                                  po_vtext(district) };
        rc = po_store_run(st,
                          "INSERT INTO public_report(id, receipt, uscc, enterprise_text, category,"
                          " seen, place, seen_on, contact, filed_at, filed_on, reply_due,"
                          " district_code, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                          " 'received')",
                          v, 13, err);
    }
    if (rc == 0)
        rc = event(st, id, now, "public", "filed",
                   po_arena_printf(a, "category=%s district=%s reply_due=%s", in->category,
                                   district ? district : "city", dues),
                   err);
    rc = po_store_end(st, rc, err);
    if (rc == 0) {
        out->receipt = po_arena_strdup(a, receipt);
        out->reply_due = po_arena_strdup(a, dues);
        out->district_code = district;
    }
    return rc;
}

static json_t *category_words(const char *cat, json_t *o)
{
    struct po_arena *a = po_arena_new();
    const char *zh = NULL, *en = NULL;
    struct po_err e = PO_ERR_INIT;
    if (a) {
        if (po_reftext_get(&zh, a, PO_REPORT_CATEGORIES_FILE, cat, "label_zh", &e) < 0)
            zh = NULL;
        if (po_reftext_get(&en, a, PO_REPORT_CATEGORIES_FILE, cat, "label_en", &e) < 0)
            en = NULL;
    }
    json_object_set_new(o, "category_zh", zh ? json_string(zh) : json_null());
    json_object_set_new(o, "category_en", en ? json_string(en) : json_null());
    po_arena_destroy(a);
    return o;
}

static json_t *jtext(struct po_stmt *s, int col)
{
    return po_stmt_isnull(s, col) ? json_null() : json_string(po_stmt_text(s, col));
}

int po_reportdb_public(struct po_store *st, const char *receipt, json_t **out, struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(
        &s, st,
        "SELECT r.receipt, r.category, r.status, r.filed_on, r.reply_due, r.public_reply,"
        " (SELECT max(substr(v.at, 1, 10)) FROM public_report_event v WHERE v.report_id = r.id"
        "  AND v.event = 'reply')"
        " FROM public_report r WHERE r.receipt = ?",
        err);
    if (rc == 0)
        rc = po_stmt_bind(s, 1, po_vtext(receipt), err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    if (rc == 1) {
        int k = status_idx(po_stmt_text(s, 2));
        json_t *o = json_object();
        json_object_set_new(o, "receipt", jtext(s, 0));
        json_object_set_new(o, "category", jtext(s, 1));
        category_words(po_stmt_text(s, 1), o);
        json_object_set_new(o, "status", json_string(status_names[k]));
        json_object_set_new(o, "status_zh", json_string(status_zh[k]));
        json_object_set_new(o, "status_en", json_string(status_en[k]));
        json_object_set_new(o, "filed_on", jtext(s, 3));
        json_object_set_new(o, "reply_due", jtext(s, 4));
        json_object_set_new(o, "public_reply", jtext(s, 5));
        json_object_set_new(o, "closed_on", jtext(s, 6));
        *out = o;
        rc = 0;
    } else if (rc == 0) {
        rc = po_err_set(err, PO_ENOTFOUND, "没有这个回执号", "no such receipt");
    }
    po_stmt_finalize(s);
    return rc;
}

#define STAFF_COLS                                                                                 \
    "r.id, r.receipt, r.uscc, r.enterprise_text, r.category, r.seen, r.place, r.seen_on,"         \
    " r.contact, r.filed_at, r.reply_due, r.district_code, d.name, r.status, r.public_reply,"     \
    " r.case_id, r.overdue_on"
#define STAFF_FROM " FROM public_report r LEFT JOIN district d ON d.code = r.district_code"

static json_t *staff_row(struct po_stmt *s)
{
    static const char *const names[] = { "id",          "receipt",   "uscc",          "enterprise_text",
                                         "category",    "seen",      "place",         "seen_on",
                                         "contact",     "filed_at",  "reply_due",     "district_code",
                                         "district_name", "status",  "public_reply",  "case_id",
                                         "overdue_on" };
    json_t *o = json_object();
    for (int i = 0; i < 17; i++) {
        json_t *v = (i == 0 || i == 15) && !po_stmt_isnull(s, i)
                        ? json_integer(po_stmt_int(s, i))
                        : jtext(s, i);
        json_object_set_new(o, names[i], v);
    }
    int k = status_idx(po_stmt_text(s, 13));
    json_object_set_new(o, "status_zh", json_string(status_zh[k]));
    json_object_set_new(o, "status_en", json_string(status_en[k]));
    json_object_set_new(o, "overdue", json_boolean(!po_stmt_isnull(s, 16)));
    return category_words(po_stmt_text(s, 4), o);
}

static json_t *staff_query(struct po_store *st, const char *sql, const struct po_value *v,
                           size_t n, struct po_err *err)
{
    struct po_stmt *s = NULL;
    if (po_stmt_prepare(&s, st, sql, err) < 0)
        return NULL;
    json_t *items = json_array();
    int rc = po_stmt_bindv(s, v, n, err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        json_array_append_new(items, staff_row(s));
        rc = 0;
    }
    po_stmt_finalize(s);
    if (rc < 0) {
        json_decref(items);
        return NULL;
    }
    return items;
}

json_t *po_reportdb_list(struct po_store *st, const char *district, const char *status,
                         struct po_err *err)
{
    struct po_value v[4] = { po_vint(district != NULL), po_vtext(district ? district : ""),
                             po_vtext(status ? status : ""), po_vtext(status ? status : "") };
    return staff_query(st,
                       "SELECT " STAFF_COLS STAFF_FROM
                       " WHERE (? = 0 OR coalesce(r.district_code, '') = ?)"
                       " AND (? = '' OR r.status = ?) ORDER BY r.id DESC",
                       v, 4, err);
}

json_t *po_reportdb_of_enterprise(struct po_store *st, const char *uscc, struct po_err *err)
{
    struct po_value v[1] = { po_vtext(uscc) };
    return staff_query(st, "SELECT " STAFF_COLS STAFF_FROM " WHERE r.uscc = ? ORDER BY r.id DESC",
                       v, 1, err);
}

json_t *po_reportdb_get(struct po_store *st, int64_t id, const char *district, struct po_err *err)
{
    struct po_value v[1] = { po_vint(id) };
    json_t *rows = staff_query(st, "SELECT " STAFF_COLS STAFF_FROM " WHERE r.id = ?", v, 1, err);
    if (!rows)
        return NULL;
    json_t *r = json_array_get(rows, 0);
    if (!r) {
        json_decref(rows);
        po_err_set(err, PO_ENOTFOUND, "没有第 %" PRId64 " 号举报", "no report %" PRId64, id);
        return NULL;
    }
    const char *dc = po_json_str_of(r, "district_code");
    if (district && (!dc || strcmp(dc, district))) {
        json_decref(rows);
        po_err_set(err, PO_EPERM, "该举报不由你区办理", "this report is not your district's");
        return NULL;
    }
    json_incref(r);
    json_decref(rows);
    struct po_stmt *s = NULL;
    if (po_stmt_prepare(&s, st,
                        "SELECT seq, at, actor, event, detail FROM public_report_event"
                        " WHERE report_id = ? ORDER BY seq",
                        err) < 0) {
        json_decref(r);
        return NULL;
    }
    json_t *evs = json_array();
    int rc = po_stmt_bind(s, 1, po_vint(id), err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        json_array_append_new(evs, json_pack("{s:I,s:o,s:o,s:o,s:o}", "seq",
                                             (json_int_t)po_stmt_int(s, 0), "at", jtext(s, 1),
                                             "actor", jtext(s, 2), "event", jtext(s, 3), "detail",
                                             jtext(s, 4)));
        rc = 0;
    }
    po_stmt_finalize(s);
    json_object_set_new(r, "events", evs);
    if (rc < 0) {
        json_decref(r);
        return NULL;
    }
    return r;
}

int po_reportdb_act(struct po_store *st, int64_t id, const struct po_report_act *act,
                    struct po_err *err)
{
    char now[32];
    if (act->now)
        snprintf(now, sizeof(now), "%s", act->now);
    else
        po_audit_now(now, sizeof(now));
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    json_t *r = po_reportdb_get(st, id, act->scope_district, err);
    if (!r)
        return po_store_end(st, err->code ? err->code : PO_EINTERNAL, err);
    const char *status = po_json_str_of(r, "status");
    const char *a = act->action ? act->action : "";
    char detail[PO_REPORT_MAX_REPLY + 128];
    if (!strcmp(status, "closed")) {
        rc = po_err_set(err, PO_EINVAL, "该举报已办结", "this report is closed");
    } else if (!strcmp(a, "verify")) {
        if (!strcmp(status, "verifying"))
            rc = po_err_set(err, PO_EINVAL, "已在核查中", "already being verified");
        else
            rc = po_store_run(st, "UPDATE public_report SET status = 'verifying' WHERE id = ?",
                              (struct po_value[]){ po_vint(id) }, 1, err);
        snprintf(detail, sizeof(detail), "verify");
    } else if (!strcmp(a, "reply")) {
        rc = check_text(act->text, "public_reply", PO_REPORT_MAX_REPLY, true, err);
        if (rc == 0)
            rc = po_store_run(st,
                              "UPDATE public_report SET status = 'closed', public_reply = ?"
                              " WHERE id = ?",
                              (struct po_value[]){ po_vtext(act->text), po_vint(id) }, 2, err);
        snprintf(detail, sizeof(detail), "reply");
    } else if (!strcmp(a, "assign")) {
        int64_t n = 0;
        if (act->scope_district)
            rc = po_err_set(err, PO_EPERM, "只有市工信局可以指派区县",
                            "only the city bureau assigns a district");
        else if (!act->district_code ||
                 (rc = po_store_query_int(&n, st,
                                          "SELECT count(*) FROM district WHERE code = ? AND"
                                          " level IN ('district', 'park')",
                                          (struct po_value[]){ po_vtext(act->district_code) }, 1,
                                          err)) < 0 ||
                 n == 0)
            rc = rc < 0 ? rc : field_err(err, "district_code", "不是区县代码", "not a district code");
        else
            rc = po_store_run(st, "UPDATE public_report SET district_code = ? WHERE id = ?",
                              (struct po_value[]){ po_vtext(act->district_code), po_vint(id) }, 2,
                              err);
        snprintf(detail, sizeof(detail), "assign district=%s",
                 act->district_code ? act->district_code : "");
    } else if (!strcmp(a, "link_case")) {
        int64_t n = 0;
        const char *uscc = po_json_str_of(r, "uscc");
        rc = po_store_query_int(&n, st,
                                "SELECT count(*) FROM case_file WHERE id = ? AND uscc = ?",
                                (struct po_value[]){ po_vint(act->case_id), po_vtext(uscc) }, 2,
                                err);
        if (rc == 0 && n == 0)
            rc = field_err(err, "case_id", "不是该企业的案件", "not a case of this enterprise");
        if (rc == 0)
            rc = po_store_run(st, "UPDATE public_report SET case_id = ? WHERE id = ?",
                              (struct po_value[]){ po_vint(act->case_id), po_vint(id) }, 2, err);
        snprintf(detail, sizeof(detail), "link_case case=%" PRId64, act->case_id);
    } else {
        rc = field_err(err, "action", "应为 verify、reply、assign 或 link_case",
                       "must be verify, reply, assign or link_case");
    }
    json_decref(r);
    if (rc == 0)
        rc = event(st, id, now, act->actor, a, detail, err);
    return po_store_end(st, rc, err);
}

int po_reportdb_tick(struct po_store *st, const char *as_of, const char *actor, int64_t *flagged,
                     struct po_err *err)
{
    char now[32];
    po_audit_now(now, sizeof(now));
    *flagged = 0;
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    struct po_stmt *s = NULL;
    rc = po_stmt_prepare(&s, st,
                         "SELECT id FROM public_report WHERE status <> 'closed' AND"
                         " overdue_on IS NULL AND reply_due < ? ORDER BY id",
                         err);
    int64_t ids[1024];
    size_t n = 0;
    if (rc == 0)
        rc = po_stmt_bind(s, 1, po_vtext(as_of), err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        rc = 0;
        if (n < sizeof(ids) / sizeof(ids[0]))
            ids[n++] = po_stmt_int(s, 0);
    }
    if (rc == 0 || rc == 1)
        rc = 0;
    po_stmt_finalize(s);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = po_store_run(st, "UPDATE public_report SET overdue_on = ? WHERE id = ?",
                          (struct po_value[]){ po_vtext(as_of), po_vint(ids[i]) }, 2, err);
        char detail[64];
        snprintf(detail, sizeof(detail), "overdue as_of=%s", as_of);
        if (rc == 0)
            rc = event(st, ids[i], now, actor, "overdue", detail, err);
    }
    rc = po_store_end(st, rc, err);
    if (rc == 0)
        *flagged = (int64_t)n;
    return rc;
}
