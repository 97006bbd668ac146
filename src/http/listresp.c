/*
 * listresp.c: lists as HTTP answers (listresp.h).
 */
#include "http/listresp.h"

struct po_listq_page po_listresp_pg(const struct po_page *pg)
{
    return (struct po_listq_page){ pg->per_page, pg->offset, pg->sort, pg->desc };
}

void po_resp_items(struct po_req *req, struct po_resp *resp, json_t *items)
{
    if (items)
        po_resp_json(
            req, resp, 200,
            json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)json_array_size(items)),
            true);
}

void po_listresp_answer(struct po_req *req, struct po_resp *resp, json_t *items, int64_t total,
                        const struct po_page *pg, const struct po_err *err)
{
    if (items)
        po_resp_list(req, resp, items, total, pg);
    else
        po_resp_err(req, resp, err);
}

void po_listresp_filters(struct po_listq *q, struct po_req *req, const struct po_listresp_filter *f)
{
    for (; f->name; f++) {
        const char *v = po_req_query(req, f->name);
        if (v)
            po_listq_and_text(q, f->cond, v);
    }
}

void po_listresp_scope(struct po_listq *q, struct po_req *req, const char *col)
{
    const char *d = po_req_scope_district(req);
    if (d)
        po_listq_and_eq(q, col, d);
}

json_t *po_listresp_page(int64_t *total, struct po_req *req, struct po_resp *resp,
                         const char *select, const char *from, const struct po_listq *q,
                         const struct po_listq_sort *sorts, const char *def_order,
                         const char *tiebreak, const struct po_page *pg)
{
    struct po_err err = PO_ERR_INIT;
    struct po_listq_page lp = po_listresp_pg(pg);
    json_t *items =
        po_listq_page(total, req->st, select, from, q, sorts, def_order, tiebreak, &lp, &err);
    if (!items)
        po_resp_err(req, resp, &err);
    return items;
}

void po_listresp_list(struct po_req *req, struct po_resp *resp, const char *select,
                      const char *from, struct po_listq *q, const struct po_listq_sort *sorts,
                      const char *def_order, const char *tiebreak, const struct po_page *pg)
{
    int64_t total;
    json_t *items =
        po_listresp_page(&total, req, resp, select, from, q, sorts, def_order, tiebreak, pg);
    if (items)
        po_resp_list(req, resp, items, total, pg);
}

json_t *po_listresp_all(struct po_req *req, struct po_resp *resp, const char *sql,
                        const struct po_value *v, size_t n)
{
    struct po_err err = PO_ERR_INIT;
    json_t *items = po_listq_all(req->st, sql, v, n, &err);
    if (!items)
        po_resp_err(req, resp, &err);
    return items;
}
