/*
 * planwhatif.h: the what-if view of an exit plan (issue 6 item 5): before a
 * plan is committed, what its exits do to each district's energy total,
 * intensity and barometer levels for the year, and how much room under the
 * energy cap they free for new projects.
 *
 * "Before" is exactly the barometer of the year (`phaseout barometer`:
 * every year accounted under the year's policy and factors, the target
 * table — or, when it is empty, the demo defaults, read and NOT written).
 * "After" is the same run with the planned units' energy taken out of the
 * year's records as core/whatif.h ties it to each unit (whole enterprise,
 * product line, or pro rata by capacity; a unit with nothing attributable
 * is listed with the reason, never counted as zero).  The exits are
 * applied to the whole year — the view measures the room the next year's
 * projects get from a full year without the units — and only a whole-
 * enterprise exit takes value added away (whatif.h says why).
 *
 * Nothing is written, whether the plan rows come from the database or from
 * a file being considered.
 *
 * Memory: the report lives in the arena given.  Errors: PO_ENOTFOUND (a district not
 * registered), the accounting's and the store's codes, PO_ENOMEM, with err filled (below).
 */
#ifndef PO_PLANWHATIF_H
#define PO_PLANWHATIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/barometer.h"
#include "core/whatif.h"
#include "app/plandb.h"
#include "store/store.h"
#include "util/err.h"

struct po_arena;

/* One plan row: how its energy was found and how much it takes. */
struct po_whatif_unit_row {
    const struct po_plan_entry *plan;
    const char *enterprise_name;
    struct po_whatif_share share;
    bool has_tce;           /* attributed and counted on this row */
    int64_t removed_tce_e4; /* tce × 10^4 toward the total (总量) taken by this unit */
    const char *counted_with; /* whole-enterprise exit: the unit whose row carries it; NULL */
};

/* An area's figures on one side of the exits. */
struct po_whatif_side {
    int64_t tce_e4;   /* total consumption (总量), tce × 10^4 */
    int64_t va_micro; /* value added inside the intensity, 10k yuan × 10^6 */
    bool has_intensity;
    int64_t intensity_e6; /* tce per 10k yuan × 10^6 */
    enum po_level intensity_level, total_level;
    enum po_baro_reason intensity_reason, total_reason;
};

/* One area (the city or a district) before and after the exits. */
struct po_whatif_row {
    const char *district_code, *district_name, *level;
    size_t units_planned, units_attributed, enterprises_exiting;
    bool has_energy; /* some enterprise of the area has energy data for the year */
    struct po_whatif_side before, after;
    struct po_whatif_room room; /* cap - total, before and after; freed */
};

struct po_whatif_report {
    int year;
    struct po_whatif_row *areas; /* by code */
    size_t nareas;
    struct po_whatif_unit_row *units; /* the plan rows applied, by district, USCC, unit */
    size_t nunits;
    bool targets_default; /* the target table was empty: the demo defaults were used */
};

/*
 * The what-if view of year's plan.  rows NULL: the plan rows of year in
 * the database (po_plandb_rows()); otherwise rows[0..nrows) — e.g. from
 * po_plandb_read() — which must be resolved (district_code set).
 * district NULL: every area holding a planned unit (its district and the
 * areas above it); otherwise only that city or district, with only the
 * plan rows inside it applied.  Results live in a.  Errors:
 * PO_ENOTFOUND district not registered (or not a city or district);
 * the accounting's and the store's.  Writes nothing.  One thread per
 * store, as always.
 */
int po_plandb_whatif(struct po_whatif_report *out, struct po_store *st, int year,
                     const char *district, const struct po_plan_entry *rows, size_t nrows,
                     struct po_arena *a, struct po_err *err);

#endif
