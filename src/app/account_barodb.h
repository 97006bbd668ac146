/*
 * account_barodb.h: the barometer over the database (account_barodb.c); the
 * accounting and rating themselves are report/account_out.h and
 * core/barometer.h.  Declared here, not in report/, because it reads the
 * store: src/report includes no store and no app.
 *
 * Memory: everything in the arena given.  Errors: the store's codes and
 * those of the accounting and rating (report/account_out.h,
 * core/barometer.h), PO_ENOMEM, with err filled.
 */
#ifndef PO_ACCOUNT_BARODB_H
#define PO_ACCOUNT_BARODB_H

#include <stddef.h>

#include "core/barometer.h"
#include "report/account_out.h"
#include "store/store.h"

struct po_arena;

/*
 * The barometer over the database (`phaseout barometer`, the HTTP API):
 * accounts the year, the year before and the base years of the year's
 * targets — every one under pol, the policy of the year (803号: base and
 * target alike) — and rates every city and district.  targets: any years
 * (the table's, or the defaults when it is empty).  out->cur is the year's
 * own accounting run, out->report the levels.  Everything lives in a.
 */
struct po_baro_db {
    struct po_acct_run cur;
    struct po_baro_report report;
    struct po_district *districts;
    size_t ndistricts;
};
int po_barometer_db_run(struct po_baro_db *out, struct po_store *st, int year,
                        const struct po_acct_refs *refs, const struct po_acct_policy *pol,
                        const struct po_target *targets, size_t ntargets, struct po_arena *a,
                        struct po_err *err);

#endif
