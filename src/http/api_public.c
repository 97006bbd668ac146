/*
 * api_public.c: the public side (issue 14 §2, §3) — the API /api/v1/public/ and the portal's
 * pages /public/, answered without a session, rate-limited per address (PO_RF_RATE_LIMITED).
 *
 * Only what was published is public.  A publication is shown through pub_json's allow-list
 * (never the actor, findings, evidence, cases or notes); a report's status through
 * app/reportdb.h's po_reportdb_public (never the contact, the district or the officer).  A
 * publication and its downloads never change: they carry a strong ETag from the SHA-256 and
 * `Cache-Control: public, max-age=31536000, immutable`, and If-None-Match is answered 304.
 */
#include "http/api.h"
#include "http/public_html.h"

#include "app/publishdb.h"
#include "app/reportdb.h"
#include "refdata/reftext.h"
#include "report/publication.h"
#include "util/arena.h"
#include "util/buf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMMUTABLE "public, max-age=31536000, immutable"
#define SEARCH_MAX_Q 60
#define SEARCH_LIMIT 200

/* ---- JSON of a publication: the public allow-list ---- */

static json_t *po_pub_row_json(const struct po_pub_row *r)
{
    return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "enterprise_name",
                     r->enterprise_name, "uscc", r->uscc, "district_code", r->district_code,
                     "district_name", r->district_name, "equipment", r->equipment, "capacity",
                     r->capacity, "capacity_unit", r->capacity_unit, "measure", r->measure_zh,
                     "deadline", r->deadline, "basis", r->basis_zh);
}

static json_t *pub_json(const struct po_publication *p, bool rows)
{
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(p->id));
    json_object_set_new(o, "number", json_string(p->number));
    json_object_set_new(o, "list", json_string(po_pub_list_name(p->list)));
    json_object_set_new(o, "list_zh", json_string(po_pub_list_label_zh(p->list)));
    json_object_set_new(o, "year", json_integer(p->year));
    json_object_set_new(o, "scope", json_string(p->district_code ? p->district_code : "city"));
    json_object_set_new(o, "district_name", po_json_text(p->district_name));
    json_object_set_new(o, "published_at", json_string(p->published_at));
    json_object_set_new(o, "sha256", json_string(p->sha256));
    json_object_set_new(o, "supersedes", p->supersedes ? json_integer(p->supersedes) : json_null());
    json_object_set_new(o, "superseded_by",
                        p->superseded_by ? json_integer(p->superseded_by) : json_null());
    json_object_set_new(o, "reason", po_json_text(p->reason));
    json_object_set_new(o, "nrows", json_integer((json_int_t)p->nrows));
    json_object_set_new(o, "status", json_string(p->superseded_by ? "corrected" : "current"));
    json_t *d = json_object();
    const char *fmts[] = { "csv", "xlsx", "pdf", "txt" };
    const char *keys[] = { "csv", "xlsx", "pdf", "canonical" };
    for (int i = 0; i < 4; i++)
        json_object_set_new(d, keys[i],
                            json_sprintf("/api/v1/public/publications/%" PRId64 ".%s", p->id,
                                         fmts[i]));
    json_object_set_new(o, "downloads", d);
    if (rows) {
        json_t *a = json_array();
        for (size_t i = 0; i < p->nrows; i++)
            json_array_append_new(a, po_pub_row_json(&p->rows[i]));
        json_object_set_new(o, "rows", a);
    }
    return o;
}

static bool not_modified(struct po_req *req, struct po_resp *resp, const char *etag)
{
    po_resp_header(resp, "ETag", etag);
    po_resp_header(resp, "Cache-Control", IMMUTABLE);
    const char *inm = po_req_header(req, "If-None-Match");
    if (inm && !strcmp(inm, etag)) {
        resp->status = 304;
        resp->body = "";
        resp->body_len = 0;
        return true;
    }
    return false;
}

/* "12", "12.csv", "12.xlsx", "12.pdf", "12.txt": the id and the format ("" for JSON). */
static bool parse_pub_id(const char *s, int64_t *id, const char **fmt)
{
    char *end;
    long long v = s ? strtoll(s, &end, 10) : 0;
    if (!s || end == s || v <= 0)
        return false;
    *id = v;
    *fmt = *end == '.' ? end + 1 : end;
    return !**fmt || !strcmp(*fmt, "csv") || !strcmp(*fmt, "xlsx") || !strcmp(*fmt, "pdf") ||
           !strcmp(*fmt, "txt");
}

static void pub_list(struct po_req *req, struct po_resp *resp)
{
    int64_t year;
    if (po_req_query_int(&year, req, resp, "year", 0, 0, 2100) < 0)
        return;
    struct po_pub_filter f = { (int)year, -1, NULL, false };
    const char *list = po_req_query(req, "list");
    struct po_err err = PO_ERR_INIT;
    enum po_pub_list l;
    if (list && *list) {
        if (po_pub_list_parse(&l, list, &err) < 0) {
            po_resp_err(req, resp, &err);
            return;
        }
        f.list = (int)l;
    }
    struct po_publication *ps;
    size_t n;
    if (po_pubdb_list(req->st, req->a, &f, &ps, &n, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, pub_json(&ps[i], false));
    po_resp_header(resp, "Cache-Control", "public, max-age=60");
    po_resp_json(req, resp, 200, json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n),
                 true);
}

static void pub_get(struct po_req *req, struct po_resp *resp)
{
    int64_t id;
    const char *fmt;
    if (!parse_pub_id(po_req_param(req, "id"), &id, &fmt)) {
        po_resp_error(req, resp, 404, "not_found", "没有这份公示", "no such publication", NULL);
        return;
    }
    struct po_publication p;
    struct po_err err = PO_ERR_INIT;
    if (po_pubdb_get(req->st, req->a, id, &p, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    /* superseded_by is not in the hash: a correction changes the JSON's, not the files' */
    char *etag = po_arena_printf(req->a, "\"%.32s-%s%s\"", p.sha256, *fmt ? fmt : "json",
                                 *fmt ? "" : (p.superseded_by ? "-c" : ""));
    if (not_modified(req, resp, etag))
        return;
    if (!*fmt) {
        po_resp_json(req, resp, 200, pub_json(&p, true), false);
        return;
    }
    struct po_buf b = PO_BUF_INIT;
    b.arena = req->a;
    int rc = !strcmp(fmt, "csv")    ? po_pub_csv(&p, &b, &err)
             : !strcmp(fmt, "xlsx") ? po_pub_xlsx(&p, &b, &err)
             : !strcmp(fmt, "pdf")  ? po_pub_pdf(&p, &b, &err)
                                    : (po_pub_canonical(&p, &b) < 0 ? PO_ENOMEM : 0);
    if (rc < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    const char *ct = !strcmp(fmt, "csv")    ? "text/csv; charset=utf-8"
                     : !strcmp(fmt, "xlsx") ? "application/vnd.openxmlformats-officedocument."
                                              "spreadsheetml.sheet"
                     : !strcmp(fmt, "pdf")  ? "application/pdf"
                                            : "text/plain; charset=utf-8";
    resp->status = 200;
    resp->content_type = ct;
    resp->body = b.buf;
    resp->body_len = b.len;
    po_resp_header(resp, "Content-Disposition",
                   po_arena_printf(req->a, "inline; filename=\"publication-%" PRId64 ".%s\"", id,
                                   fmt));
}

static void pub_search(struct po_req *req, struct po_resp *resp)
{
    const char *q = po_req_query(req, "q");
    if (!q || !*q || strlen(q) > SEARCH_MAX_Q) {
        po_resp_error(req, resp, 400, "invalid", "q 应为 1 至 60 字节的企业名称或统一社会信用代码",
                      "q must be 1 to 60 bytes of an enterprise name or USCC", NULL);
        return;
    }
    struct po_pub_hit *h;
    size_t n;
    struct po_err err = PO_ERR_INIT;
    if (po_pubdb_search(req->st, req->a, q, SEARCH_LIMIT, &h, &n, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = po_pub_row_json(&h[i].row);
        json_object_set_new(o, "publication", pub_json(&h[i].pub, false));
        json_array_append_new(items, o);
    }
    po_resp_header(resp, "Cache-Control", "public, max-age=60");
    po_resp_json(req, resp, 200, json_pack("{s:s,s:o,s:I}", "q", q, "items", items, "total",
                                           (json_int_t)n),
                 true);
}

/* ---- reports ---- */

static int file_report(struct po_req *req, const struct po_report_in *in,
                       struct po_report_receipt *out, struct po_err *err)
{
    return po_reportdb_file(req->st, req->a, in, out, err);
}

static void report_post(struct po_req *req, struct po_resp *resp)
{
    json_t *b = po_req_json(req, resp);
    if (!b)
        return;
    struct po_report_in in = { po_json_str(b, "uscc"),  po_json_str(b, "enterprise"),
                               po_json_str(b, "category"), po_json_str(b, "seen"),
                               po_json_str(b, "place"), po_json_str(b, "seen_on"),
                               po_json_str(b, "contact"), NULL };
    struct po_report_receipt r;
    struct po_err err = PO_ERR_INIT;
    if (file_report(req, &in, &r, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    po_resp_json(req, resp, 201,
                 json_pack("{s:s,s:s,s:s,s:s}", "receipt", r.receipt, "status", "received",
                           "reply_due", r.reply_due, "status_url",
                           po_arena_printf(req->a, "/api/v1/public/reports/%s", r.receipt)),
                 false);
}

static void report_get(struct po_req *req, struct po_resp *resp)
{
    json_t *o = NULL;
    struct po_err err = PO_ERR_INIT;
    if (po_reportdb_public(req->st, po_req_param(req, "receipt"), &o, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    po_resp_header(resp, "Cache-Control", "no-cache");
    po_resp_json(req, resp, 200, o, true);
}

/* ---- the portal's pages ---- */

static void row_cells(struct po_buf *b, const struct po_pub_row *r)
{
    const char *c[] = { r->enterprise_name, r->uscc,     r->district_name, r->equipment,
                        r->capacity,        r->capacity_unit, r->measure_zh, r->deadline,
                        r->basis_zh };
    for (size_t k = 0; k < sizeof(c) / sizeof(c[0]); k++) {
        po_buf_adds(b, k == 1 ? "<td class=\"mono\">" : "<td>");
        po_html_text(b, c[k]);
        po_buf_adds(b, "</td>");
    }
}

static const char row_head[] =
    "<tr><th scope=\"col\">企业名称</th><th scope=\"col\">统一社会信用代码</th><th scope=\"col\">"
    "所在地区</th><th scope=\"col\">设备（生产线）</th><th scope=\"col\">产能</th><th scope=\"col\">"
    "单位</th><th scope=\"col\">措施</th><th scope=\"col\">期限</th><th scope=\"col\">依据</th></tr>";

static void pub_line(struct po_buf *b, const struct po_publication *p)
{
    po_buf_addf(b, "<tr><td><a href=\"/public/publications/%" PRId64 "\">", p->id);
    po_html_text(b, p->number);
    po_buf_adds(b, "</a></td><td>");
    po_html_text(b, po_pub_list_label_zh(p->list));
    po_buf_addf(b, "</td><td>%d</td><td>", p->year);
    po_html_text(b, p->district_name ? p->district_name : "全市");
    po_buf_addf(b, "</td><td>%.10s</td><td>%zu</td><td>", p->published_at, p->nrows);
    if (p->superseded_by)
        po_buf_addf(b, "<span class=\"corrected\">已更正</span>（见 <a href=\"/public/publications/"
                       "%" PRId64 "\">第 %" PRId64 " 号</a>）",
                    p->superseded_by, p->superseded_by);
    else
        po_buf_adds(b, "现行");
    po_buf_addf(b, "</td><td><a href=\"/api/v1/public/publications/%" PRId64 ".pdf\">PDF</a> "
                   "<a href=\"/api/v1/public/publications/%" PRId64 ".csv\">CSV</a> "
                   "<a href=\"/api/v1/public/publications/%" PRId64 ".xlsx\">XLSX</a></td></tr>",
                p->id, p->id, p->id);
}

static void page_index(struct po_req *req, struct po_resp *resp)
{
    struct po_pub_filter f = { 0, -1, NULL, false };
    struct po_publication *ps;
    size_t n;
    struct po_err err = PO_ERR_INIT;
    if (po_pubdb_list(req->st, req->a, &f, &ps, &n, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    struct po_buf b = PO_BUF_INIT;
    po_public_begin(&b, "公示名单");
    po_buf_adds(&b, "<p class=\"note\">按年度公布的落后产能退出企业名单、限期整改企业名单、依法关闭企业"
                    "名单和封存拆除生产线名单。每份公示发布后不再改动；更正以新的公示发布，原公示保留并"
                    "标注“已更正”。每份公示附 SHA-256 校验值。</p>");
    int year = -1;
    for (size_t i = 0; i < n; i++) {
        if (ps[i].year != year) {
            if (year != -1)
                po_buf_adds(&b, "</table>");
            year = ps[i].year;
            po_buf_addf(&b, "<h2>%d 年度</h2><table><tr><th scope=\"col\">文号</th><th scope=\"col\">"
                            "名单</th><th scope=\"col\">年度</th><th scope=\"col\">范围</th><th "
                            "scope=\"col\">发布日期</th><th scope=\"col\">条数</th><th scope=\"col\">"
                            "状态</th><th scope=\"col\">下载</th></tr>",
                        year);
        }
        pub_line(&b, &ps[i]);
    }
    if (year != -1)
        po_buf_adds(&b, "</table>");
    else
        po_buf_adds(&b, "<p>尚无公示。</p>");
    po_public_end(&b);
    po_public_answer(req, resp, 200, &b);
}

static void page_publication(struct po_req *req, struct po_resp *resp)
{
    int64_t id;
    const char *fmt;
    struct po_publication p;
    struct po_err err = PO_ERR_INIT;
    if (!parse_pub_id(po_req_param(req, "id"), &id, &fmt) || *fmt ||
        po_pubdb_get(req->st, req->a, id, &p, &err) < 0) {
        struct po_buf b = PO_BUF_INIT;
        po_public_begin(&b, "没有这份公示");
        po_buf_adds(&b, "<p><a href=\"/public/\">返回公示名单</a></p>");
        po_public_end(&b);
        po_public_answer(req, resp, 404, &b);
        return;
    }
    struct po_buf b = PO_BUF_INIT;
    const char *label = po_pub_list_label_zh(p.list);
    bool yearly = !strncmp(label, "年度", strlen("年度")); /* "2025年度…", not "2025年年度…" */
    po_public_begin(&b, po_arena_printf(req->a, "%s%d%s%s", p.district_name ? p.district_name : "全市",
                                        p.year, yearly ? "" : "年", label));
    po_buf_adds(&b, "<p>文号：");
    po_html_text(&b, p.number);
    po_buf_addf(&b, "　发布日期：%.10s　共 %zu 条</p>", p.published_at, p.nrows);
    if (p.superseded_by)
        po_buf_addf(&b, "<p class=\"corrected\">本公示已更正，以 <a href=\"/public/publications/%" PRId64
                        "\">第 %" PRId64 " 号公示</a> 为准。</p>",
                    p.superseded_by, p.superseded_by);
    if (p.supersedes) {
        po_buf_addf(&b, "<p>本公示更正 <a href=\"/public/publications/%" PRId64 "\">第 %" PRId64
                        " 号公示</a>，原因：",
                    p.supersedes, p.supersedes);
        po_html_text(&b, p.reason);
        po_buf_adds(&b, "</p>");
    }
    po_buf_addf(&b, "<p>SHA-256 校验值：<span class=\"mono\">%s</span>（对 <a href=\"/api/v1/public/"
                    "publications/%" PRId64 ".txt\">规范文本</a> 运行 sha256sum 即可核验）</p>",
                p.sha256, p.id);
    po_buf_addf(&b, "<p>下载：<a href=\"/api/v1/public/publications/%" PRId64 ".pdf\">公告 PDF</a>　"
                    "<a href=\"/api/v1/public/publications/%" PRId64 ".csv\">CSV</a>　"
                    "<a href=\"/api/v1/public/publications/%" PRId64 ".xlsx\">XLSX</a></p>",
                p.id, p.id, p.id);
    po_buf_adds(&b, "<table>");
    po_buf_adds(&b, row_head);
    for (size_t i = 0; i < p.nrows; i++) {
        po_buf_adds(&b, "<tr>");
        row_cells(&b, &p.rows[i]);
        po_buf_adds(&b, "</tr>");
    }
    po_buf_adds(&b, "</table>");
    po_public_end(&b);
    po_public_answer(req, resp, 200, &b);
    po_resp_header(resp, "ETag", po_arena_printf(req->a, "\"%.32s-html%s\"", p.sha256,
                                                 p.superseded_by ? "-c" : ""));
}

static void page_search(struct po_req *req, struct po_resp *resp)
{
    const char *q = po_req_query(req, "q");
    struct po_buf b = PO_BUF_INIT;
    po_public_begin(&b, "查询企业");
    po_buf_adds(&b, "<form method=\"get\" action=\"/public/search\"><label for=\"q\">企业名称或统一社会"
                    "信用代码</label><input id=\"q\" name=\"q\" maxlength=\"60\" value=\"");
    po_html_text(&b, q ? q : "");
    po_buf_adds(&b, "\"><button type=\"submit\">查询</button></form>");
    if (q && *q) {
        struct po_pub_hit *h = NULL;
        size_t n = 0;
        struct po_err err = PO_ERR_INIT;
        if (strlen(q) > SEARCH_MAX_Q) {
            po_buf_adds(&b, "<p class=\"error\">查询词过长（最多 60 字节）。</p>");
        } else if (po_pubdb_search(req->st, req->a, q, SEARCH_LIMIT, &h, &n, &err) < 0) {
            po_buf_adds(&b, "<p class=\"error\">查询失败，请稍后再试。</p>");
        } else if (!n) {
            po_buf_adds(&b, "<p>已公布的名单中没有匹配的企业。</p>");
        } else {
            po_buf_addf(&b, "<p>共 %zu 条（仅限已公布的名单）。</p><table><tr><th scope=\"col\">公示"
                            "</th>%s",
                        n, row_head + 4);
            for (size_t i = 0; i < n; i++) {
                po_buf_addf(&b, "<tr><td><a href=\"/public/publications/%" PRId64 "\">",
                            h[i].pub.id);
                po_html_text(&b, h[i].pub.number);
                po_buf_adds(&b, "</a>");
                if (h[i].pub.superseded_by)
                    po_buf_adds(&b, " <span class=\"corrected\">已更正</span>");
                po_buf_adds(&b, "</td>");
                row_cells(&b, &h[i].row);
                po_buf_adds(&b, "</tr>");
            }
            po_buf_adds(&b, "</table>");
        }
    }
    po_public_end(&b);
    po_public_answer(req, resp, 200, &b);
}

/* The yearly exit progress from current publications only: rows announced to exit, and rows
 * announced closed or sealed, per year. */
static void page_progress(struct po_req *req, struct po_resp *resp)
{
    struct po_pub_filter f = { 0, -1, NULL, true };
    struct po_publication *ps;
    size_t n;
    struct po_err err = PO_ERR_INIT;
    if (po_pubdb_list(req->st, req->a, &f, &ps, &n, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    enum { MAXY = 16 };
    int years[MAXY];
    size_t exits[MAXY] = { 0 }, done[MAXY] = { 0 }, ny = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < ny && years[k] != ps[i].year)
            k++;
        if (k == ny) {
            if (ny == MAXY)
                continue;
            years[ny++] = ps[i].year;
        }
        if (ps[i].list == PO_PUB_EXITS)
            exits[k] += ps[i].nrows;
        else if (ps[i].list == PO_PUB_CLOSED || ps[i].list == PO_PUB_SEALED)
            done[k] += ps[i].nrows;
    }
    for (size_t i = 1; i < ny; i++) /* by year */
        for (size_t j = i; j > 0 && years[j - 1] > years[j]; j--) {
            int y = years[j];
            years[j] = years[j - 1];
            years[j - 1] = y;
            size_t e = exits[j];
            exits[j] = exits[j - 1];
            exits[j - 1] = e;
            size_t d = done[j];
            done[j] = done[j - 1];
            done[j - 1] = d;
        }
    size_t max = 1;
    for (size_t i = 0; i < ny; i++)
        max = exits[i] > max ? exits[i] : done[i] > max ? done[i] : max;
    struct po_buf b = PO_BUF_INIT;
    po_public_begin(&b, "年度退出进度");
    po_buf_adds(&b, "<p class=\"note\">仅依据已公布的现行公示统计：红色为年度退出名单所列条数，灰色为"
                    "依法关闭及封存拆除名单所列条数。</p>");
    if (!ny) {
        po_buf_adds(&b, "<p>尚无公示。</p>");
    } else {
        double w = 560, h = 220, bw = w / (double)ny;
        po_buf_addf(&b, "<svg role=\"img\" aria-label=\"年度退出进度\" width=\"%.0f\" height=\"%.0f\" "
                        "viewBox=\"0 0 %.0f %.0f\" xmlns=\"http://www.w3.org/2000/svg\">",
                    w, h + 40, w, h + 40);
        for (size_t i = 0; i < ny; i++) {
            double x = (double)i * bw + bw * 0.15, cw = bw * 0.3;
            double he = h * (double)exits[i] / (double)max, hd = h * (double)done[i] / (double)max;
            po_buf_addf(&b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#b71c1c\">"
                            "<title>%d 年退出名单 %zu 条</title></rect>",
                        x, h - he + 10, cw, he, years[i], exits[i]);
            po_buf_addf(&b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#888\">"
                            "<title>%d 年关闭、封存 %zu 条</title></rect>",
                        x + cw, h - hd + 10, cw, hd, years[i], done[i]);
            po_buf_addf(&b, "<text x=\"%.1f\" y=\"%.0f\" font-size=\"13\" text-anchor=\"middle\">%d</text>",
                        x + cw, h + 30, years[i]);
        }
        po_buf_adds(&b, "</svg><table><tr><th scope=\"col\">年度</th><th scope=\"col\">退出名单条数</th>"
                        "<th scope=\"col\">关闭、封存条数</th></tr>");
        for (size_t i = 0; i < ny; i++)
            po_buf_addf(&b, "<tr><td>%d</td><td>%zu</td><td>%zu</td></tr>", years[i], exits[i], done[i]);
        po_buf_adds(&b, "</table>");
    }
    po_public_end(&b);
    po_public_answer(req, resp, 200, &b);
}

/* Decode application/x-www-form-urlencoded field name of body into the arena; NULL absent. */
static const char *form_field(struct po_req *req, const char *name)
{
    const char *p = req->body;
    size_t nl = strlen(name);
    while (p && *p) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > nl && p[nl] == '=' && !strncmp(p, name, nl)) {
            char *out = po_arena_alloc(req->a, len + 1);
            if (!out)
                return NULL;
            size_t j = 0;
            for (size_t i = nl + 1; i < len; i++) {
                char c = p[i];
                if (c == '+') {
                    out[j++] = ' ';
                } else if (c == '%' && i + 2 < len + 1 && p[i + 1] && p[i + 2]) {
                    char hex[3] = { p[i + 1], p[i + 2], 0 };
                    char *e;
                    long v = strtol(hex, &e, 16);
                    if (*e || v == 0)
                        return NULL; /* a bad escape or a NUL */
                    out[j++] = (char)v;
                    i += 2;
                } else {
                    out[j++] = c;
                }
            }
            out[j] = 0;
            return out;
        }
        p = amp ? amp + 1 : NULL;
    }
    return NULL;
}

static void report_form(struct po_req *req, struct po_resp *resp, const char *error,
                        unsigned status)
{
    struct po_buf b = PO_BUF_INIT;
    po_public_begin(&b, "我要举报");
    po_buf_adds(&b, "<p class=\"note\">发现已封存的生产线重新生产、已退出的企业仍在生产、无证生产等行为，"
                    "可在此举报。提交后请记下回执号，凭回执号查询办理情况。联系方式选填，仅市工信局和"
                    "负责核查的区政府可见。</p>");
    if (error) {
        po_buf_adds(&b, "<p class=\"error\" role=\"alert\">");
        po_html_text(&b, error);
        po_buf_adds(&b, "</p>");
    }
    po_buf_adds(&b, "<form method=\"post\" action=\"/public/report\">"
                    "<label for=\"enterprise\">企业名称（必填）</label>"
                    "<input id=\"enterprise\" name=\"enterprise\" maxlength=\"100\" required>"
                    "<label for=\"uscc\">统一社会信用代码（选填，须为公示名单中的企业）</label>"
                    "<input id=\"uscc\" name=\"uscc\" maxlength=\"18\">"
                    "<label for=\"category\">举报类别（必填）</label><select id=\"category\" "
                    "name=\"category\" required>");
    struct po_arena *a = req->a;
    const char **keys = NULL;
    size_t nk = 0;
    struct po_err err = PO_ERR_INIT;
    po_reftext_keys(&keys, &nk, a, PO_REPORT_CATEGORIES_FILE, &err);
    for (size_t i = 0; i < nk; i++) {
        const char *label = keys[i];
        po_reftext_get(&label, a, PO_REPORT_CATEGORIES_FILE, keys[i], "label_zh", &err);
        po_buf_adds(&b, "<option value=\"");
        po_html_text(&b, keys[i]);
        po_buf_adds(&b, "\">");
        po_html_text(&b, label);
        po_buf_adds(&b, "</option>");
    }
    po_buf_adds(&b, "</select><label for=\"seen\">看到的情况（必填）</label>"
                    "<textarea id=\"seen\" name=\"seen\" rows=\"5\" maxlength=\"1000\" required></textarea>"
                    "<label for=\"place\">地点（必填）</label><input id=\"place\" name=\"place\" "
                    "maxlength=\"100\" required><label for=\"seen_on\">日期（必填）</label>"
                    "<input id=\"seen_on\" name=\"seen_on\" type=\"date\" required>"
                    "<label for=\"contact\">联系方式（选填）</label><input id=\"contact\" "
                    "name=\"contact\" maxlength=\"100\">"
                    "<div style=\"display:none\"><label for=\"website\">请勿填写</label><input "
                    "id=\"website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\"></div>"
                    "<button type=\"submit\">提交举报</button></form>");
    po_public_end(&b);
    po_public_answer(req, resp, status, &b);
}

static void page_report_form(struct po_req *req, struct po_resp *resp)
{
    report_form(req, resp, NULL, 200);
}

static void page_report_post(struct po_req *req, struct po_resp *resp)
{
    const char *trap = form_field(req, "website");
    if (trap && *trap) { /* the hidden field a person never fills */
        report_form(req, resp, "提交未被接受。", 400);
        return;
    }
    struct po_report_in in = { form_field(req, "uscc"),     form_field(req, "enterprise"),
                               form_field(req, "category"), form_field(req, "seen"),
                               form_field(req, "place"),    form_field(req, "seen_on"),
                               form_field(req, "contact"),  NULL };
    struct po_report_receipt r;
    struct po_err err = PO_ERR_INIT;
    if (file_report(req, &in, &r, &err) < 0) {
        report_form(req, resp, po_arena_printf(req->a, "未能提交：%s", err.msg_zh),
                    err.code == PO_EINVAL ? 400 : 503);
        return;
    }
    resp->status = 303;
    resp->content_type = "text/plain; charset=utf-8";
    resp->body = "see the receipt\n";
    resp->body_len = 16;
    po_resp_header(resp, "Location", po_arena_printf(req->a, "/public/report/%s", r.receipt));
}

static void receipt_page(struct po_req *req, struct po_resp *resp, const char *receipt)
{
    struct po_buf b = PO_BUF_INIT;
    po_public_begin(&b, "举报办理情况");
    po_buf_adds(&b, "<form method=\"get\" action=\"/public/report/status\"><label for=\"receipt\">回执号"
                    "</label><input id=\"receipt\" name=\"receipt\" maxlength=\"20\" value=\"");
    po_html_text(&b, receipt ? receipt : "");
    po_buf_adds(&b, "\"><button type=\"submit\">查询</button></form>");
    unsigned status = 200;
    if (receipt && *receipt) {
        json_t *o = NULL;
        struct po_err err = PO_ERR_INIT;
        if (po_reportdb_public(req->st, receipt, &o, &err) < 0) {
            po_buf_adds(&b, "<p class=\"error\">没有这个回执号。</p>");
            status = err.code == PO_ENOTFOUND ? 404 : 503;
        } else {
            const char *k[][2] = { { "回执号", "receipt" },   { "类别", "category_zh" },
                                   { "状态", "status_zh" },   { "收到日期", "filed_on" },
                                   { "答复期限", "reply_due" }, { "办结日期", "closed_on" },
                                   { "答复", "public_reply" } };
            po_buf_adds(&b, "<table>");
            for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
                po_buf_adds(&b, "<tr><th scope=\"row\">");
                po_buf_adds(&b, k[i][0]);
                po_buf_adds(&b, i == 0 ? "</th><td class=\"mono\" id=\"receipt-no\">" : "</th><td>");
                const char *v = po_json_str(o, k[i][1]);
                po_html_text(&b, v ? v : "—");
                po_buf_adds(&b, "</td></tr>");
            }
            po_buf_adds(&b, "</table>");
            json_decref(o);
        }
    }
    po_public_end(&b);
    po_public_answer(req, resp, status, &b);
}

static void page_receipt(struct po_req *req, struct po_resp *resp)
{
    receipt_page(req, resp, po_req_param(req, "receipt"));
}

static void page_receipt_lookup(struct po_req *req, struct po_resp *resp)
{
    receipt_page(req, resp, po_req_query(req, "receipt"));
}

#define PUB (PO_RF_PUBLIC | PO_RF_RATE_LIMITED)
#define PAGE (PO_RF_PUBLIC | PO_RF_RATE_LIMITED | PO_RF_HTML)

const struct po_route po_routes_public[] = {
    { "GET", "/api/v1/public/publications", pub_list, -1, PUB, "public",
      "Published lists (no session): current and corrected, newest first", "year,list", NULL },
    { "GET", "/api/v1/public/publications/{id}", pub_get, -1, PUB | PO_RF_BINARY, "public",
      "One publication with its rows; {id}.csv, .xlsx, .pdf (the announcement), .txt (the "
      "canonical text its SHA-256 is of); immutable, ETag",
      NULL, NULL },
    { "GET", "/api/v1/public/search", pub_search, -1, PUB, "public",
      "Rows of published lists by enterprise name or USCC (no session)", "q", NULL },
    { "POST", "/api/v1/public/reports", report_post, -1, PUB | PO_RF_NO_CSRF, "public",
      "File a public report (举报): enterprise, category, seen, place, seen_on, contact; gives a "
      "receipt",
      NULL, NULL },
    { "GET", "/api/v1/public/reports/{receipt}", report_get, -1, PUB, "public",
      "A public report's status and public reply by its receipt", NULL, NULL },
    { "GET", "/public", page_index, -1, PAGE, "public", "portal", NULL, NULL },
    { "GET", "/public/", page_index, -1, PAGE, "public", "portal", NULL, NULL },
    { "GET", "/public/publications/{id}", page_publication, -1, PAGE, "public", "portal", NULL,
      NULL },
    { "GET", "/public/search", page_search, -1, PAGE, "public", "portal", "q", NULL },
    { "GET", "/public/progress", page_progress, -1, PAGE, "public", "portal", NULL, NULL },
    { "GET", "/public/report", page_report_form, -1, PAGE, "public", "portal", NULL, NULL },
    { "GET", "/public/portal.css", po_public_css, -1, PAGE, "public", "portal", NULL, NULL },
    { "POST", "/public/report", page_report_post, -1, PAGE | PO_RF_NO_CSRF, "public", "portal",
      NULL, NULL },
    { "GET", "/public/report/status", page_receipt_lookup, -1, PAGE, "public", "portal",
      "receipt", NULL },
    { "GET", "/public/report/{receipt}", page_receipt, -1, PAGE, "public", "portal", NULL, NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};
