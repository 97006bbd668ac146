/*
 * noticedb.c: official notices for cases and districts (noticedb.h).
 */
#include "app/noticedb.h"

#include "app/audit.h"
#include "app/docno.h"
#include "app/plandb.h"
#include "core/deadline.h"
#include "refdata/cityparams.h"
#include "refdata/reftext.h"
#include "report/officialdoc.h"
#include "util/arena.h"
#include "util/buf.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AUTHORITY "miit"

static int nomem(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

/* The case kinds and the event each needs. */
static const struct {
    const char *kind, *event, *event_zh;
} case_kinds[] = {
    { "rectification", "order_rectification", "责令限期整改" },
    { "suspension", "order_suspend", "责令停产整顿" },
    { "shutdown", "order_shutdown", "责令关停" },
    { "seal", "seal", "封存" },
};
#define NCASEKINDS (sizeof(case_kinds) / sizeof(case_kinds[0]))

int po_noticedb_kind(const char *kind)
{
    for (size_t i = 0; i < NCASEKINDS; i++)
        if (kind && !strcmp(kind, case_kinds[i].kind))
            return 1;
    if (kind && (!strcmp(kind, "district-notice") || !strcmp(kind, "district-interview")))
        return 0;
    return -1;
}

static const char *text(struct po_stmt *s, int col, struct po_arena *a)
{
    const char *t = po_stmt_text(s, col);
    return po_arena_strdup(a, t ? t : "");
}

struct doc {
    const char *title, *addressee, *subject;
    const char *paras[6];
    size_t nparas;
    int64_t step;
};

static int word(const char **out, struct po_arena *a, const char *file, const char *key,
                const char *col, struct po_err *err)
{
    return po_reftext_get(out, a, file, key, col, err);
}

static int case_doc(struct doc *d, struct po_store *st, struct po_arena *a,
                    const struct po_notice_req *r, const struct po_city_params *cp,
                    const char *reconsider, struct po_err *err)
{
    size_t k = 0;
    while (k < NCASEKINDS && strcmp(case_kinds[k].kind, r->kind))
        k++;
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(
        &s, st,
        "SELECT e.name, c.uscc, coalesce(c.equipment_id, ''), coalesce(q.name, ''),"
        " coalesce(c.deadline, ''), coalesce(f.evidence_zh, f.evidence, ''),"
        " coalesce(f.legal_basis, ''), coalesce(f.measure_basis, ''),"
        " (SELECT count(*) FROM case_event v WHERE v.case_id = c.id),"
        " (SELECT max(v.on_date) FROM case_event v WHERE v.case_id = c.id AND v.event = ?),"
        " (SELECT max(v.months) FROM case_event v WHERE v.case_id = c.id AND v.event = ?)"
        " FROM case_file c JOIN enterprise e ON e.uscc = c.uscc"
        " LEFT JOIN equipment q ON q.enterprise_id = e.id AND q.equipment_id = c.equipment_id"
        " LEFT JOIN evaluation_finding f ON f.finding_id = c.finding_id AND f.run_id ="
        "  (SELECT max(g.run_id) FROM evaluation_finding g WHERE g.finding_id = c.finding_id)"
        " WHERE c.id = ?",
        err);
    struct po_value v[3] = { po_vtext(case_kinds[k].event), po_vtext(case_kinds[k].event),
                             po_vint(r->case_id) };
    if (rc == 0)
        rc = po_stmt_bindv(s, v, 3, err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    if (rc == 0)
        rc = po_err_set(err, PO_ENOTFOUND, "没有第 %" PRId64 " 号案件", "no case %" PRId64,
                        r->case_id);
    const char *name = NULL, *uscc = NULL, *eq = NULL, *eqname = NULL, *deadline = NULL;
    const char *finding = NULL, *lb = NULL, *mb = NULL, *start = NULL;
    int64_t months = 0;
    if (rc == 1) {
        name = text(s, 0, a);
        uscc = text(s, 1, a);
        eq = text(s, 2, a);
        eqname = text(s, 3, a);
        deadline = text(s, 4, a);
        finding = text(s, 5, a);
        lb = text(s, 6, a);
        mb = text(s, 7, a);
        d->step = po_stmt_int(s, 8);
        start = po_stmt_isnull(s, 9) ? NULL : text(s, 9, a);
        months = po_stmt_int(s, 10);
        rc = 0;
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    if (!start)
        return po_err_set(err, PO_EINVAL,
                          "第 %" PRId64 " 号案件没有“%s”这一步，不能出具%s",
                          "case %" PRId64 " has no step %s: no %s notice for it", r->case_id,
                          case_kinds[k].event, r->kind);
    const char *title, *body, *action, *how, *remedy;
    if ((rc = word(&title, a, PO_NOTICE_TEXTS_FILE, r->kind, "title_zh", err)) < 0 ||
        (rc = word(&body, a, PO_NOTICE_TEXTS_FILE, r->kind, "body_zh", err)) < 0 ||
        (rc = word(&action, a, PO_NOTICE_TEXTS_FILE, r->kind, "action_zh", err)) < 0 ||
        (rc = word(&how, a, PO_NOTICE_TEXTS_FILE, "deadline", "body_zh", err)) < 0 ||
        (rc = word(&remedy, a, PO_NOTICE_TEXTS_FILE, "remedy", "body_zh", err)) < 0)
        return rc;
    char dl[40], st_zh[40];
    po_officialdoc_date_zh(dl, sizeof(dl), deadline);
    po_officialdoc_date_zh(st_zh, sizeof(st_zh), start);
    if (!strcmp(r->kind, "rectification") && !months)
        months = cp->quota_rectify_months;
    const char *monthsw = months ? po_arena_printf(a, "%" PRId64 "个月", months) : "";
    const char *equipment = *eq ? po_arena_printf(a, "%s%s%s", eq, *eqname ? " " : "", eqname)
                                : "生产经营活动";
    const char *basis = po_arena_printf(a, "%s%s%s", lb, *mb ? "和" : "", mb);
    char rd[16], lm[16];
    snprintf(rd, sizeof(rd), "%d", cp->reconsideration_days);
    snprintf(lm, sizeof(lm), "%d", cp->lawsuit_months);
    const char *names[] = { "equipment", "finding",   "basis",          "deadline",
                            "start",     "months",    "reconsideration_days",
                            "lawsuit_months", "reconsider_body" };
    const char *values[] = { equipment, *finding ? finding : "（见案卷）", *lb ? basis : "有关规定",
                             *deadline ? dl : "另行通知", st_zh, monthsw, rd, lm, reconsider };
    size_t nv = sizeof(names) / sizeof(names[0]);
    d->title = title;
    d->addressee = name;
    d->subject = po_arena_printf(a, "case/%" PRId64, r->case_id);
    d->paras[d->nparas++] = po_reftext_fill(a, body, names, values, nv);
    d->paras[d->nparas++] = po_reftext_fill(a, action, names, values, nv);
    if (*deadline && months)
        d->paras[d->nparas++] = po_reftext_fill(a, how, names, values, nv);
    d->paras[d->nparas++] = po_reftext_fill(a, remedy, names, values, nv);
    d->paras[d->nparas++] = po_arena_printf(a, "统一社会信用代码：%s。", uscc);
    for (size_t i = 0; i < d->nparas; i++)
        if (!d->paras[i])
            return nomem(err);
    return 0;
}

static int district_doc(struct doc *d, struct po_store *st, struct po_arena *a,
                        const struct po_notice_req *r, const struct po_city_params *cp,
                        struct po_err *err)
{
    bool interview = !strcmp(r->kind, "district-interview");
    struct po_date as_of;
    if (!r->as_of)
        return po_err_set(err, PO_EINVAL, "区县通报须给出 --as-of 日期",
                          "a district notice needs --as-of");
    int rc = po_deadline_parse_date(&as_of, r->as_of, strlen(r->as_of), err);
    int year = r->year;
    if (rc == 0 && !year)
        rc = po_plandb_default_year(&year, NULL, st, as_of.y, err);
    struct po_plan_progress *p = NULL;
    size_t n = 0;
    struct po_plan_thresholds th = { (double)cp->plan_notice_pct_micro / 1e6,
                                     (double)cp->plan_interview_pct_micro / 1e6 };
    if (rc == 0)
        rc = po_plandb_report(&p, &n, st, year, as_of, &th, a, err);
    if (rc < 0)
        return rc;
    size_t i = 0;
    while (i < n && strcmp(p[i].district_code, r->district))
        i++;
    if (i == n)
        return po_err_set(err, PO_ENOTFOUND, "%d 年没有区县 %s 的退出计划",
                          "%d: no exit plan of district %s", year, r->district);
    enum po_plan_flag want = interview ? PO_PLAN_INTERVIEW : PO_PLAN_NOTICE;
    if (p[i].flag < want)
        return po_err_set(err, PO_EINVAL, "%s 截至 %s 的计划完成率 %.1f%% 未低于%s%.0s线，不出具该文书",
                          "%s: plan progress as of %s, %.1f%%, is not below the %.0s%s line: no such notice",
                          p[i].district_name, r->as_of, p[i].progress_pct,
                          interview ? "约谈" : "通报", interview ? "interview" : "notice");
    struct po_plan_draft dr;
    rc = po_plandb_draft(&dr, &p[i], year, as_of, a, err);
    if (rc < 0)
        return rc;
    const char *nl = dr.zh ? strchr(dr.zh, '\n') : NULL;
    d->title = nl ? po_arena_strndup(a, dr.zh, (size_t)(nl - dr.zh)) : "关于退出计划进度的通报";
    d->paras[d->nparas++] = nl ? nl + 1 : (dr.zh ? dr.zh : "");
    d->addressee = po_arena_printf(a, "%s人民政府", p[i].district_name);
    d->subject = po_arena_printf(a, "district/%s/%d/%s/%s", r->district, year, r->as_of, r->kind);
    d->step = 0;
    return d->title && d->addressee && d->subject ? 0 : nomem(err);
}

/* The stored document of this kind, subject and step, if any: 1 found, 0 none. */
static int find_stored(struct po_notice *out, struct po_store *st, struct po_arena *a,
                       const char *kind, const char *subject, int64_t step, struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, st,
                             "SELECT id, number, sha256, content FROM issued_document"
                             " WHERE kind = ? AND subject = ? AND step = ?",
                             err);
    struct po_value v[3] = { po_vtext(kind), po_vtext(subject), po_vint(step) };
    if (rc == 0)
        rc = po_stmt_bindv(s, v, 3, err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    if (rc == 1) {
        out->id = po_stmt_int(s, 0);
        out->number = text(s, 1, a);
        out->sha256 = text(s, 2, a);
        const char *b64 = po_stmt_text(s, 3);
        size_t cap = strlen(b64), len = 0;
        unsigned char *bin = po_arena_alloc(a, cap + 1);
        if (!bin || sodium_base642bin(bin, cap, b64, cap, NULL, &len, NULL,
                                      sodium_base64_VARIANT_ORIGINAL) != 0)
            rc = nomem(err);
        out->pdf = bin;
        out->len = len;
        out->reissued = true;
    }
    po_stmt_finalize(s);
    return rc;
}

int po_noticedb_issue(struct po_store *st, struct po_arena *a, const struct po_notice_req *r,
                      struct po_notice *out, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    int kind = po_noticedb_kind(r->kind);
    if (kind < 0)
        return po_err_set(err, PO_EINVAL,
                          "文书种类“%s”未知：应为 rectification、suspension、shutdown、seal、"
                          "district-notice 或 district-interview",
                          "unknown notice kind \"%s\": want rectification, suspension, shutdown, "
                          "seal, district-notice or district-interview",
                          r->kind ? r->kind : "");
    if ((kind == 1 && r->case_id <= 0) || (kind == 0 && (!r->district || !*r->district)))
        return po_err_set(err, PO_EINVAL, "%s 须指定%s", "%s needs %s", r->kind,
                          kind ? "--case" : "--district");
    struct po_city_params cp;
    const char *authority, *seal, *reconsider;
    int rc = po_cityparams_load(&cp, err);
    if (rc == 0)
        rc = word(&authority, a, PO_AUTHORITIES_FILE, AUTHORITY, "name_zh", err);
    if (rc == 0)
        rc = word(&seal, a, PO_AUTHORITIES_FILE, AUTHORITY, "seal_zh", err);
    if (rc == 0)
        rc = word(&reconsider, a, PO_AUTHORITIES_FILE, AUTHORITY, "reconsider_body", err);
    if (rc < 0)
        return rc;
    char now[32];
    if (r->now)
        snprintf(now, sizeof(now), "%s", r->now);
    else
        po_audit_now(now, sizeof(now));
    rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    struct doc d = { 0 };
    rc = kind ? case_doc(&d, st, a, r, &cp, reconsider, err) : district_doc(&d, st, a, r, &cp, err);
    if (rc == 0) {
        rc = find_stored(out, st, a, r->kind, d.subject, d.step, err);
        if (rc == 1) {
            out->subject = d.subject;
            return po_store_end(st, 0, err);
        }
    }
    int year = atoi(now);
    int64_t seq = 0, id = 0;
    if (rc == 0)
        rc = po_docno_take(st, AUTHORITY, year, &seq, err);
    if (rc == 0)
        rc = po_store_query_int(&id, st, "SELECT coalesce(max(id), 0) + 1 FROM issued_document",
                                NULL, 0, err);
    struct po_buf pdf = PO_BUF_INIT;
    pdf.arena = a;
    char date_zh[40], day[11];
    snprintf(day, sizeof(day), "%.10s", now);
    if (rc == 0) {
        out->number = po_docno_format(a, AUTHORITY, year, seq);
        struct po_officialdoc od = {
            .authority_zh = authority,
            .doc_number = out->number,
            .title = d.title,
            .addressee = d.addressee,
            .paras = d.paras,
            .nparas = d.nparas,
            .date_zh = po_officialdoc_date_zh(date_zh, sizeof(date_zh), day),
            .seal_text = seal,
            .date_iso = day,
        };
        rc = out->number ? po_officialdoc_pdf(&od, &pdf, err) : nomem(err);
    }
    char hex[65] = "";
    char *b64 = NULL;
    if (rc == 0) {
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, (const unsigned char *)pdf.buf, pdf.len);
        sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
        size_t b64len = sodium_base64_encoded_len(pdf.len, sodium_base64_VARIANT_ORIGINAL);
        b64 = po_arena_alloc(a, b64len);
        if (!b64)
            rc = nomem(err);
        else
            sodium_bin2base64(b64, b64len, (const unsigned char *)pdf.buf, pdf.len,
                              sodium_base64_VARIANT_ORIGINAL);
    }
    if (rc == 0) {
        struct po_value v[13] = { po_vint(id),           po_vtext(AUTHORITY), po_vint(year),
                                  po_vint(seq),          po_vtext(out->number), po_vtext(r->kind),
                                  po_vtext(d.subject),   po_vint(d.step),      po_vtext(hex),
                                  po_vtext(b64),         po_vtext(day),        po_vtext(now),
                                  po_vtext(r->actor) };
        rc = po_store_run(st,
                          "INSERT INTO issued_document(id, authority, year, seq, number, kind,"
                          " subject, step, sha256, content, issued_on, issued_at, issued_by)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          v, 13, err);
    }
    if (rc == 0) {
        char *detail = po_arena_printf(a, "kind=%s number=%s subject=%s sha256=%s", r->kind,
                                       out->number, d.subject, hex);
        char *object = po_arena_printf(a, "document/%" PRId64, id);
        rc = detail && object
                 ? po_audit_append(st, now, r->actor, "document.issue", object, detail, err)
                 : nomem(err);
    }
    rc = po_store_end(st, rc, err);
    if (rc == 0) {
        out->id = id;
        out->sha256 = po_arena_strdup(a, hex);
        out->subject = d.subject;
        out->pdf = (const unsigned char *)pdf.buf;
        out->len = pdf.len;
    }
    return rc;
}
