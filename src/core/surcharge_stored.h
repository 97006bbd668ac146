/*
 * surcharge_stored.h: a surcharge run as stored (migration 0019), with its rows: plain data,
 * text columns as stored.  app/surchargedb.h computes, stores and reads them; report/
 * surcharge_out.h words them (the statement, the notice, the explanation).  The structs are
 * here, not in src/app, so that src/report need not include src/app (as core/finding.h).
 * Nothing to call: strings are owned by whoever filled the struct (an arena).
 */
#ifndef PO_SURCHARGE_STORED_H
#define PO_SURCHARGE_STORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One stored row of a run (surcharge_row). */
struct po_sc_stored_row {
    int seq;
    const char *uscc, *name, *district;
    const char *utility, *family; /* electricity | water; differential | punitive | tiered | water */
    const char *rule_id;          /* "" on a cannot-decide row */
    int rule_version;
    const char *kind, *sector;
    const char *basis; /* the category or band as shown; water: with the multiple and the price */
    bool has_basis, has_quantity, has_rate, has_amount;
    int64_t basis_micro, quantity_micro, steps, amount_micro;
    int64_t rate_micro; /* yuan/kWh × 10^6 (tiered: × steps); water: yuan/m3 × 10^6, the band's
                           multiple × the water price, rounded half up to 10^-6 yuan */
    const char *quantity_unit, *quantity_source; /* kWh | m3; metered / reported / water_use */
    int days, days_in_month;
    const char *status; /* ok | cannot_compute | cannot_decide */
    const char *reason_zh, *reason_en;
    bool low_confidence; /* 待核实 */
    const char *document, *article, *finding_id;
};

struct po_sc_stored_run {
    int64_t id;
    int year, month;
    const char *created_at, *actor, *rules_name, *rules_sha256;
    int64_t evaluation_run_id; /* 0: no evaluation was found */
    int64_t nenterprises, ncomputed, ncannot, total_micro;
    struct po_sc_stored_row *rows; /* by seq: enterprise (USCC), then family, then first day */
    size_t nrows;
};

#endif
