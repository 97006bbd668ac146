/*
 * scope.h: what a signed-in user may see of the registry — the district
 * scope of a district officer applied to one enterprise.
 *
 * A leaf of the API modules: the enterprise page (api_registry.c) gathers
 * sections from api_case.c and api_eval.c, and those check visibility here,
 * so they never depend on api_registry.c.
 *
 * Memory: the district code returned is in req->a.  Errors: PO_ENOTFOUND
 * (404, also for another district's enterprise) or the store's code, with
 * the answer already in resp.
 */
#ifndef PO_HTTP_SCOPE_H
#define PO_HTTP_SCOPE_H

#include "http/http.h"

/*
 * The enterprise with this USCC when the user may see it (district scope):
 * 0, or a negative PO_E* with resp filled — PO_ENOTFOUND (404) also for another
 * district's enterprise, the store's error otherwise.  *district (may be NULL)
 * gets its district code (in req->a).
 */
int po_scope_enterprise_visible(struct po_req *req, struct po_resp *resp, const char *uscc,
                                const char **district);

#endif
