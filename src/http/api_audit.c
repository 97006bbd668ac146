/*
 * api_audit.c: placeholder until the module's routes land (issue 7).
 */
#include "http/api.h"

const struct po_route po_routes_audit[] = {
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};
