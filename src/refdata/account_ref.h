/*
 * account_ref.h: the accounting's reference tables, from the data/ files
 * compiled into the binary.
 *
 *   data/accounting_policy.csv        dated rules (account_policy.h)
 *   data/electricity_equal_value.csv  the equal value of electricity per year
 *   data/emission_factor_map.csv      which CO2 factor each energy type takes
 *   data/emission_factors.csv         IPCC fuel factors (kg CO2 per TJ)
 *   data/grid_emission_factors.csv    the electricity factor per year
 *   data/energy_conversion_coefficients.csv  heat values for fuel CO2
 *   data/energy_quota_standards.csv   quota standards with effective dates
 *   data/efficiency_benchmark_levels.csv     NDRC benchmark / baseline
 *   data/product_quotas.csv           our product tags → both
 *   data/dual_control_targets.csv     demo targets (the barometer's default)
 *
 * Columns are found by their header names, so a column added to a file
 * breaks nothing; a column missing is PO_EINTERNAL naming file and column
 * (the files are ours and checked by tests/report/test_account.c).  Everything
 * lives in the arena given.  Not thread-safe while loading; the tables are
 * read-only afterwards.
 *
 * Memory: everything in the arena given (the tables' own arena for the
 * pieces).  Errors: PO_EINTERNAL for a malformed file or a column
 * missing, a bad value with the code of the core table it is added to
 * (PO_EINVAL, account_policy.h, quota.h, barometer.h) and "file row N" in
 * err->context, PO_ENOMEM.
 */
#ifndef PO_ACCOUNT_REF_H
#define PO_ACCOUNT_REF_H

#include <stddef.h>

#include "core/account.h"
#include "core/barometer.h"
#include "core/quota.h"
#include "util/err.h"

struct po_arena;

/* Everything one year's account needs besides the registry. */
struct po_acct_refs {
    struct po_coef_table coef;
    struct po_policy_table policy;
    struct po_quota_tables quota;
    struct po_co2_table co2; /* for the year given to po_account_refs_load */
};

/* Load the default factors, the policy, the quota tables and the year's CO2 factors. */
int po_account_refs_load(struct po_acct_refs *out, int year, struct po_arena *a,
                         struct po_err *err);

/* The pieces, for callers that need one (t initialised by the caller). */
int po_account_policy_load(struct po_policy_table *t, struct po_err *err);
int po_account_quota_load(struct po_quota_tables *t, struct po_err *err);
/* CO2 factors for t->year: fuels always, electricity when the year has a grid factor. */
int po_account_co2_load(struct po_co2_table *t, struct po_err *err);

/* The default targets (data/dual_control_targets.csv), every year. */
int po_account_targets_default(struct po_target **out, size_t *n, struct po_arena *a,
                               struct po_err *err);

#endif
