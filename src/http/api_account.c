/*
 * api_account.c: placeholder until the module's routes land (issue 7).
 */
#include "http/api.h"

const struct po_route po_routes_account[] = {
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};

json_t *po_api_enterprise_energy(struct po_req *req, struct po_resp *resp, const char *uscc)
{
    (void)req, (void)resp, (void)uscc;
    return json_array();
}
