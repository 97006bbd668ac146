/*
 * listresp.h: lists as HTTP answers — the request's page as the app's
 * (app/listq.h: the queries themselves are src/app's), and a list, or the
 * error that came instead of it, written to the response.
 *
 * A list route reads its query parameters into the app function's filter
 * struct, calls it with po_listresp_pg(&pg), and answers with
 * po_listresp_answer() (paged) or po_resp_items() (short, unpaged).
 *
 * Memory: the response body lives in req->a; the items passed in are stolen.
 * Errors: none of its own; err's code becomes the status (po_resp_err).
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

#endif
