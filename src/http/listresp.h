/*
 * listresp.h: lists as HTTP answers — the request's page, filters and
 * district scope turned into an app/listq.h query, and a list (or the
 * error that came instead) written to the response.
 *
 * The functions that take SQL text (po_listresp_all, _page, _list, and the
 * filter tables) are the bridge for route files whose queries have not moved
 * into src/app yet (issue 13: no SQL text in src/http); new code calls an app
 * function and answers with po_listresp_answer() or po_resp_items().
 *
 * Memory: everything lives in req->a; JSON returned is a new reference the
 * caller owns.  Errors: a function returning NULL (or false) has filled resp
 * (po_resp_err's status for the store's error, 503 when out of memory).
 */
#ifndef PO_HTTP_LISTRESP_H
#define PO_HTTP_LISTRESP_H

#include "app/listq.h"
#include "http/http.h"

/* The request's page (po_req_page) as the app's page. */
struct po_listq_page po_listresp_pg(const struct po_page *pg);

/* {"items": items, "total": n} for short unpaged lists, with an ETag; NULL items: resp is filled
 * already. */
void po_resp_items(struct po_req *req, struct po_resp *resp, json_t *items);

/* A page of items (po_resp_list) or, for NULL items, err's answer. */
void po_listresp_answer(struct po_req *req, struct po_resp *resp, json_t *items, int64_t total,
                        const struct po_page *pg, const struct po_err *err);

/* A query parameter and the condition it adds (one ? bound to its value). */
struct po_listresp_filter {
    const char *name;
    const char *cond;
};
/* AND the condition of every filter (NULL-terminated) whose parameter the request has. */
void po_listresp_filters(struct po_listq *q, struct po_req *req,
                         const struct po_listresp_filter *f);
/* AND "<col> = ?" with the user's district when the user is confined to one. */
void po_listresp_scope(struct po_listq *q, struct po_req *req, const char *col);

/* po_listq_page on the request's connection; NULL with resp filled on error. */
json_t *po_listresp_page(int64_t *total, struct po_req *req, struct po_resp *resp,
                         const char *select, const char *from, const struct po_listq *q,
                         const struct po_listq_sort *sorts, const char *def_order,
                         const char *tiebreak, const struct po_page *pg);
/* po_listresp_page, then the page answered (po_resp_list). */
void po_listresp_list(struct po_req *req, struct po_resp *resp, const char *select,
                      const char *from, struct po_listq *q, const struct po_listq_sort *sorts,
                      const char *def_order, const char *tiebreak, const struct po_page *pg);
/* po_listq_all on the request's connection; NULL with resp filled on error. */
json_t *po_listresp_all(struct po_req *req, struct po_resp *resp, const char *sql,
                        const struct po_value *v, size_t n);

#endif
