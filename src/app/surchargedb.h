/*
 * surchargedb.h: the month's electricity and water surcharges of every enterprise, from the
 * database, stored as an immutable run (`phaseout surcharge`, migration 0019).
 *
 * What is read, for the month asked:
 *   - enterprises operating, limited or suspended (an exited or closed one is not billed);
 *   - electricity of the month from the energy table (energy_type electricity, month 1-12; a
 *     whole-year row is not a month's figure), converted to kWh with po_unit_convert.  Rows
 *     tagged with a product or production line are parts of the enterprise and are summed;
 *     for the same part (purpose, product) a metered row is taken over a reported one, the
 *     grid's meter being what a surcharge is billed on (the accounting, app/account_db.c,
 *     prefers the reported figure for the energy account: a different question).  No
 *     electricity row of the month: the kWh is not recorded, "cannot compute", never 0;
 *   - the facts from the latest evaluation run as of the month's last day (its findings,
 *     app/evaldb.h), the same for every day of the month; when every run is dated after the
 *     month, the latest run, its rows flagged low confidence (待核实) with its date as the reason:
 *       differential: the caught industrial_policy findings whose built-in rule
 *         (data/rules.csv) gives the category eliminated or restricted, the most severe one,
 *         with its equipment type as the sector; a cannot-decide one alone: cannot decide;
 *       punitive: the caught EN-QUOTA-LIMIT finding's figures ("calcium_carbide 947.18
 *         kgce/t > limit 940 (...)", the evaluation's figures to 0.01): % over the limit =
 *         (value − limit) / limit × 100, rounded half up to 10^-6 %, the largest among the
 *         products the punitive rules name; a cannot-decide one: cannot decide for an
 *         enterprise that made such a product in the evaluation's year;
 *       tiered (not from the evaluation): an enterprise with a running aluminium_cell unit:
 *         the unit-product electricity of the year before the month (the last whole year) of its
 *         aluminium product (an output product whose tag contains "alumin"): the product-tagged
 *         electricity (a whole-year row if there is one, else the months summed; metered over
 *         reported) over the output, kWh/t rounded half up to 10^-6; without either: cannot
 *         decide.  The registry does not split AC from DC electricity: the figure is the one
 *         recorded for the product;
 *     with no evaluation run at all, every enterprise whose units or products some rule
 *     names gets cannot decide (a missing fact is never "no surcharge");
 *   - water_use of the month, for the progressive water bands.
 * The jurisdictions of an enterprise are CN and its province's word in the rules (district
 * codes 15xxxx: NMG).  Rules come from the compiled-in data/surcharge_rules.csv.
 *
 * A run is never changed (triggers refuse); a second run of a month is a new run, and the
 * latest run of a month is the month's statement.  The diff compares it with the latest run
 * of the month before, per enterprise.
 *
 * Memory: everything lives in the arena given.  Errors: PO_EINVAL (a bad month), PO_ENOTFOUND
 * (no run of the month, no such run), PO_ENOMEM, the store's and the rule loaders'; err filled.
 */
#ifndef PO_SURCHARGEDB_H
#define PO_SURCHARGEDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/surcharge_stored.h"
#include "store/store.h"

struct po_arena;

/*
 * Compute the month (year, month) for every enterprise, store it as a new run by actor at
 * created_at (UTC ISO 8601) and read it back into *out.
 */
int po_surchargedb_compute(struct po_sc_stored_run *out, struct po_store *st, int year,
                           int month, const char *actor, const char *created_at,
                           struct po_arena *a, struct po_err *err);

/* The run run_id.  PO_ENOTFOUND when there is none. */
int po_surchargedb_read(struct po_sc_stored_run *out, struct po_store *st, int64_t run_id,
                        struct po_arena *a, struct po_err *err);

/* The month of the latest run of any month.  PO_ENOTFOUND when there is no run. */
int po_surchargedb_last_month(int *year, int *month, struct po_store *st, struct po_err *err);

/* The latest run of the month.  PO_ENOTFOUND when the month has none. */
int po_surchargedb_latest(struct po_sc_stored_run *out, struct po_store *st, int year,
                          int month, struct po_arena *a, struct po_err *err);

/* What changed for one enterprise from the previous month's run to this one. */
struct po_surchargedb_diff {
    const char *uscc, *name;
    int64_t before_micro, after_micro; /* the sums of the ok rows' amounts */
    const char *new_rows, *gone_rows;  /* "RULE vN status" entries, "; "-joined ("" none) */
};

/*
 * The enterprises whose amount or rows differ between prev and cur (rows compared by utility,
 * rule id, version and status), in USCC order.  Lives in a.  PO_ENOMEM.
 */
int po_surchargedb_diff(struct po_surchargedb_diff **out, size_t *n,
                        const struct po_sc_stored_run *prev,
                        const struct po_sc_stored_run *cur, struct po_arena *a,
                        struct po_err *err);

#endif
