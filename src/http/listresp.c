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
