/*
 * evaldb.h: evaluation runs over the registry (`phaseout evaluate`).
 *
 * po_evaldb_run reads what the rules look at — enterprises still in
 * business with their district, two-high flag and downstream flag, the
 * economics of the year and the two before it (losses, assets,
 * liabilities), every unit not sealed or dismantled with its parameters —
 * judges them with core/evaluate.h on the as-of date, sorts the findings
 * and stores them as a new immutable run (migration 0005) together with the
 * rule set's hash and a SHA-256 fingerprint of the rows read.
 *
 * Equipment parameters are compared in their tag's unit (data/equipment_params.csv): a
 * value recorded in another unit is converted when core/units.h knows both, and is
 * otherwise missing with the reason, as is a numeric value that is not a number.
 *
 * Enterprise facts (core/rules.h po_rules_facts):
 *   has_downstream            enterprise.has_downstream; missing when NULL (not recorded)
 *   two_high                  industry.two_high of the enterprise's class; missing when
 *                             the class is not in the industry table or its flag is NULL
 *   loss_years                consecutive years with profit < 0 ending with the data
 *                             year, looking back at most the city's window
 *                             (data/city_params.csv zombie_loss_window_years, carried by
 *                             the rule set, whose loss_years conditions were checked
 *                             against it); missing when a year needed is missing
 *   liabilities_exceed_assets total_liabilities > total_assets in the data year
 *   environment_severity, safety_severity, quality_severity
 *                             the worst inspection of that kind dated from 1 January of
 *                             the data year to the as-of date: 0 none, 1 minor, 2 major,
 *                             3 serious; the note cites date, document, violation, basis;
 *                             missing (environment_inspection, safety_inspection,
 *                             quality_inspection) when no inspection of the kind is on file
 *                             in that window: not inspected is not "no violation"
 *   holds_production_licence, holds_safety_licence, holds_discharge_permit
 *                             1 when the registry has a licence of the type (valid or not)
 *   production_licence_lapsed, safety_licence_lapsed, discharge_permit_lapsed
 *                             0 when a licence of the type is valid on the as-of date (within
 *                             its term, not yet revoked, not suspended), 1 when the enterprise
 *                             holds only lapsed ones; missing when it holds none (whether it
 *                             needs one is not in the registry, so rules ask holds_* first)
 *   safety_suspension_failed  1 when a safety case of the enterprise (case_file, case_event of
 *                             migration 0006) stood failed, closure_proposed or closed_down on
 *                             the as-of date after a failed re-inspection; 0 otherwise; the
 *                             note names the case and the day
 *   low_end_industry          1 when the enterprise's GB/T 4754 class is listed in
 *                             data/low_end_industries.csv (basic chemicals and smelting), else 0
 *   washing_surplus_candidate (a parameter of each coal_washing_plant unit) 1 when the city's
 *                             coal-washing balance (core/washbal.h: washing capacity against
 *                             coke-oven capacity × data/coal_balance.csv plus the coal the power
 *                             plants burnt) names the plant among the smallest covering the
 *                             surplus, 0 when not; missing, with the reason, when a capacity or a
 *                             power plant's coal is unknown; the note shows the whole balance
 *
 * Memory: the run and its findings live in the arena given; column names are static.
 * Errors: po_evaldb_run() returns the store's codes (nothing stored then: one transaction), those
 * of reading the energy facts (app/evalenergy.h) and of the evaluation (core/evaluate.h),
 * PO_EINTERNAL for a malformed compiled-in table (data/low_end_industries.csv,
 * data/coal_balance.csv), PO_ENOMEM, with err filled.
 */
#ifndef PO_EVALDB_H
#define PO_EVALDB_H

#include <stddef.h>
#include <stdint.h>

#include "core/evaluate.h"
#include "refdata/rulesdata.h"
#include "store/store.h"

struct po_arena;

struct po_eval_run {
    int64_t id;
    int year;
    struct po_date as_of;
    char data_sha256[65];
    char findings_sha256[65];
    struct po_finding *findings;
    size_t n;
    size_t enterprises, equipment; /* judged */
};

/* What to evaluate, and who asks. */
struct po_evaldb_opts {
    int year;               /* the data year */
    struct po_date as_of;   /* rules in force and records dated up to this day */
    const char *created_at; /* ISO 8601 UTC text; NULL = now (po_audit_now) */
    const char *actor;      /* for the audit row: "cli", "web:<name>"; NULL = "cli" */
};
#define PO_EVALDB_OPTS_INIT                                                                        \
    {                                                                                              \
        0, { 0, 0, 0 }, NULL, NULL                                                                 \
    }

/*
 * Evaluate and store a run, with its audit row (app/audit.h: action
 * "evaluation.run", object "evaluation_run/<id>", detail the year, as-of
 * date, number of findings and the rule set's hash; actor opts->actor), in
 * one transaction: the run and its audit row land together or not at all.
 * Everything lives in a.
 */
int po_evaldb_run(struct po_eval_run *out, struct po_store *st, const struct po_rulesdata *rd,
                  const struct po_evaldb_opts *opts, struct po_arena *a, struct po_err *err);

/* The CSV columns of a finding (po_evaldb_cell gives column k of this list). */
extern const char *const po_evaldb_columns[];
extern const size_t po_evaldb_ncolumns;

/* The text of column k of finding f (arena strings). */
const char *po_evaldb_cell(const struct po_finding *f, size_t k, struct po_arena *a);

#endif
