/*
 * public_html.h: the page frame of the public portal /public/ (issue 14 §2):
 * plain HTML in Chinese, one inline style sheet, no script, no cookie.
 * Every text goes through po_html_text (escaped), so nothing a reporter or
 * the registry wrote can become markup.
 *
 * Memory: everything is appended to the caller's buffer; po_public_answer
 * copies it into req->a.  Errors: none; a failed buffer is answered 503.
 */
#ifndef PO_PUBLIC_HTML_H
#define PO_PUBLIC_HTML_H

#include "http/http.h"
#include "util/buf.h"

/* doctype, head (title, the style sheet), the header with the portal's menu, <main>. */
void po_public_begin(struct po_buf *b, const char *title_zh);
/* </main>, the footer, </html>. */
void po_public_end(struct po_buf *b);
/* s escaped for text and attribute values (& < > " '). */
void po_html_text(struct po_buf *b, const char *s);
/* The page as the answer: text/html, Cache-Control as given (NULL: no-cache). */
/* GET /public/portal.css: the portal's style sheet (no inline style under the CSP). */
void po_public_css(struct po_req *req, struct po_resp *resp);
void po_public_answer(struct po_req *req, struct po_resp *resp, unsigned status, struct po_buf *b);

#endif
