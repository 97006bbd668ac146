/*
 * api_gaps.c: the 数据待补 (data to complete) work list, GET /api/v1/data-gaps (app/gapsdb.h),
 * and the names of what a cannot-decide finding waits for, for the findings lists.
 *
 * A district officer sees their district's items only, whatever ?district says; the others see
 * every district, or the one asked for.
 */
#include "http/api.h"
#include "http/http.h"

#include "refdata/factsources.h"
#include "app/gapsdb.h"
#include "util/arena.h"

#include <string.h>

static void data_gaps(struct po_req *req, struct po_resp *resp)
{
    const char *district = po_req_scope_district(req);
    if (!district)
        district = po_req_query(req, "district");
    struct po_gaps g;
    struct po_err err = PO_ERR_INIT;
    if (po_gapsdb_list(&g, req->st, district, req->a, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *body = po_gapsdb_json(&g, district);
    if (!body) {
        po_resp_error(req, resp, 500, "internal", "内存不足", "out of memory", NULL);
        return;
    }
    po_resp_json(req, resp, 200, body, true);
}

void po_api_missing_names(struct po_req *req, json_t *items)
{
    struct po_factsources fs;
    struct po_err err = PO_ERR_INIT;
    if (!items || po_factsources_load(&fs, req->a, &err) < 0)
        return;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        const char *m = po_json_str(it, "missing");
        json_object_set_new(it, "missing_zh",
                            m ? po_json_text(po_factsources_names(&fs, m, true, req->a))
                              : json_null());
        json_object_set_new(it, "missing_en",
                            m ? po_json_text(po_factsources_names(&fs, m, false, req->a))
                              : json_null());
        json_object_set_new(it, "missing_suppliers",
                            m ? po_json_text(po_factsources_suppliers(&fs, m, req->a))
                              : json_null());
    }
}

const struct po_route po_routes_gaps[] = {
    { "GET", "/api/v1/data-gaps", data_gaps, PO_P_READ_REGISTRY, 0, "evaluation",
      "The data to complete (数据待补): per enterprise, what the latest evaluation could not "
      "decide for want of, since when, who must supply it and the rules waiting on it "
      "(district officers: their district's)",
      "district", NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};
