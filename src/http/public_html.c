/*
 * public_html.c: the public portal's page frame (public_html.h).
 */
#include "http/public_html.h"

#include "util/arena.h"

#include <string.h>

static const char style[] =
    "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:0;color:#222;"
    "background:#fafafa}header{background:#b71c1c;color:#fff;padding:12px 24px}"
    "header a{color:#fff;margin-right:18px;text-decoration:none}header strong{font-size:20px;"
    "margin-right:32px}main{max-width:1100px;margin:0 auto;padding:16px 24px;background:#fff}"
    "table{border-collapse:collapse;width:100%;font-size:14px;margin:8px 0 16px}"
    "th,td{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}"
    "th{background:#f0f0f0}.mono{font-family:monospace;word-break:break-all}"
    ".corrected{color:#b71c1c;font-weight:bold}.note{color:#555;font-size:13px}"
    "form label{display:block;margin:10px 0 4px}input,select,textarea{font-size:15px;"
    "padding:4px;width:100%;max-width:640px;box-sizing:border-box}button{font-size:15px;"
    "padding:6px 18px;margin-top:12px}.error{color:#b71c1c}footer{text-align:center;"
    "color:#777;font-size:12px;padding:16px}@media print{header,footer,form{display:none}}";

void po_html_text(struct po_buf *b, const char *s)
{
    for (; s && *s; s++)
        switch (*s) {
        case '&': po_buf_adds(b, "&amp;"); break;
        case '<': po_buf_adds(b, "&lt;"); break;
        case '>': po_buf_adds(b, "&gt;"); break;
        case '"': po_buf_adds(b, "&quot;"); break;
        case '\'': po_buf_adds(b, "&#39;"); break;
        default: po_buf_addch(b, *s);
        }
}

void po_public_begin(struct po_buf *b, const char *title_zh)
{
    po_buf_adds(b, "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                   "<title>");
    po_html_text(b, title_zh);
    /* the style sheet is a file (/public/portal.css): the CSP allows no inline style */
    po_buf_adds(b, " — 淘汰落后产能信息公开</title>"
                   "<link rel=\"stylesheet\" href=\"/public/portal.css\"></head><body><header><strong>淘汰落后产能信息公开</strong>"
                   "<a href=\"/public/\">公示名单</a><a href=\"/public/search\">查询企业</a>"
                   "<a href=\"/public/progress\">退出进度</a><a href=\"/public/report\">我要举报</a>"
                   "<a href=\"/public/report/status\">举报查询</a></header><main><h1>");
    po_html_text(b, title_zh);
    po_buf_adds(b, "</h1>\n");
}

void po_public_end(struct po_buf *b)
{
    po_buf_adds(b, "</main><footer>依据《乌海市落实能耗双控措施依法依规推动落后产能退出的实施意见》"
                   "四(四) 强化信息公开，接受社会监督。本站不使用 Cookie。</footer></body></html>\n");
}

void po_public_css(struct po_req *req, struct po_resp *resp)
{
    (void)req;
    resp->status = 200;
    resp->content_type = "text/css; charset=utf-8";
    resp->body = style;
    resp->body_len = sizeof style - 1;
    po_resp_header(resp, "Cache-Control", "public, max-age=3600");
}

void po_public_answer(struct po_req *req, struct po_resp *resp, unsigned status, struct po_buf *b)
{
    if (po_buf_failed(b)) {
        po_resp_error(req, resp, 503, "unavailable", "内存不足", "out of memory", NULL);
        po_buf_release(b);
        return;
    }
    char *body = po_arena_alloc(req->a, b->len + 1);
    if (!body) {
        po_buf_release(b);
        po_resp_error(req, resp, 503, "unavailable", "内存不足", "out of memory", NULL);
        return;
    }
    memcpy(body, b->buf, b->len);
    body[b->len] = 0;
    resp->status = status;
    resp->content_type = "text/html; charset=utf-8";
    resp->body = body;
    resp->body_len = b->len;
    po_resp_header(resp, "Cache-Control", "no-cache");
    po_buf_release(b);
}
