/*
 * scope.c: what a signed-in user may see of the registry (scope.h).
 */
#include "http/scope.h"

#include "app/registry.h"

#include <string.h>

int po_scope_enterprise_visible(struct po_req *req, struct po_resp *resp, const char *uscc,
                                const char **district)
{
    struct po_err err = PO_ERR_INIT;
    const char *d = NULL;
    int rc = po_registry_enterprise_district(&d, req->st, req->a, uscc, &err);
    if (rc < 0 && rc != PO_ENOTFOUND) {
        po_resp_err(req, resp, &err);
        return rc;
    }
    const char *scope = po_req_scope_district(req);
    if (rc == PO_ENOTFOUND || (scope && (!d || strcmp(scope, d)))) {
        po_resp_error(req, resp, 404, "not_found", "没有这家企业", "no such enterprise", NULL);
        return PO_ENOTFOUND;
    }
    if (district)
        *district = d;
    return 0;
}
