/*
 * registry.h: reading the registry — districts, industries, enterprises,
 * equipment, energy records and reference tables — for the HTTP API and the
 * CLI (the writes are ingest/import.c's).
 *
 * Memory: text returned lives in the arena passed in; JSON returned is a new
 * reference the caller owns.  Errors: the store's (PO_EUNAVAIL, PO_EINVAL ...),
 * PO_ENOTFOUND where a function says so; err filled on failure, untouched on
 * success.
 */
#ifndef PO_APP_REGISTRY_H
#define PO_APP_REGISTRY_H

#include "store/store.h"

struct po_arena;

/*
 * The district code of the enterprise with this USCC into *out (in a; NULL when the
 * enterprise has none): 0, or PO_ENOTFOUND when there is no such enterprise.
 */
int po_registry_enterprise_district(const char **out, struct po_store *st, struct po_arena *a,
                                    const char *uscc, struct po_err *err);

#endif
