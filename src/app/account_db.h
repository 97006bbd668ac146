/*
 * account_db.h: the accounting's inputs from the database, and the
 * per-enterprise totals other commands build on (rank --db).
 *
 * Every registered enterprise is loaded, whatever its status, with the
 * year's energy records, output and value added; one with no energy record
 * is there with nrec == 0 (the account says "no energy data").  Order is
 * fixed and backend-independent: enterprises by USCC (bytes), each one's
 * records by month, energy type, purpose, product, source (bytes) — sorted
 * here, not by SQL, because text collations differ between SQLite and
 * PostgreSQL.  SQL is portable (`?` placeholders), so everything runs on
 * both backends.
 *
 * Results live in the arena given.  A struct po_store is one connection:
 * one thread at a time.
 *
 * Errors: the store's codes and PO_ENOMEM, with err filled (each function
 * below says more).
 */
#ifndef PO_ACCOUNT_DB_H
#define PO_ACCOUNT_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/account.h"
#include "core/barometer.h"
#include "store/store.h"

struct po_arena;

/* struct po_acct_ent and struct po_acct_year (an enterprise with its inputs, a year of them) are
   plain data, in core/account.h, so src/report can write accounts without including src/app. */

/* Load every enterprise with its inputs for year.  Store errors pass through; PO_ENOMEM. */
int po_account_db_load(struct po_acct_year *out, struct po_store *st, int year, struct po_arena *a,
                       struct po_err *err);

/*
 * One enterprise's exact totals for a year under a policy — what a ranking
 * needs.  gross: every counted record; total: toward total consumption;
 * intensity: the intensity numerator (tce × 10^15 each, exact).  With the
 * policy of a year that excludes nothing (or data without feedstock and
 * renewable records), the three are equal and match the benchmark
 * workload's T (WORKLOAD.md §3): T(10^-8 tce) = total_e15 / 10^7, exactly.
 */
struct po_acct_total {
    const char *uscc, *name, *district, *industry;
    bool has_energy; /* at least one energy record in the year */
    po_acct_i128 gross_e15, total_e15, intensity_e15;
    bool has_value_added;
    int64_t value_added_micro; /* 10k yuan × 10^6, when has_value_added */
    size_t nunknown;           /* records without a factor: not counted, to be reported */
};

/*
 * Every enterprise's totals for year, by USCC.  coef: the factor table
 * (po_coefdata_default() or a user's file); pol: po_policy_resolve() of the
 * year.  Records whose (type, unit) the table lacks count nothing and are
 * counted in nunknown.  Memory: the totals live in a; each enterprise's
 * working account in a scratch arena freed as it goes, so a province's
 * records need not fit twice.
 */
int po_account_db_totals(struct po_acct_total **out, size_t *n, struct po_store *st, int year,
                         const struct po_coef_table *coef, const struct po_acct_policy *pol,
                         struct po_arena *a, struct po_err *err);

/* Every jurisdiction (district table), by code. */
int po_account_db_districts(struct po_district **out, size_t *n, struct po_store *st,
                            struct po_arena *a, struct po_err *err);

/* Every target row (dual_control_target), by district code and year. */
int po_account_db_targets(struct po_target **out, size_t *n, struct po_store *st,
                          struct po_arena *a, struct po_err *err);

/*
 * When the target table is empty, fill it with the defaults
 * (data/dual_control_targets.csv) whose district is registered, in one
 * transaction, so users can export, edit and import them back (import kind
 * "targets").  *inserted: rows written (0 when the table had rows).
 */
int po_account_db_seed_targets(size_t *inserted, struct po_store *st, struct po_arena *a,
                               struct po_err *err);

/*
 * The database's state as far as a year's accounting is concerned, as text into buf[n]
 * ("batch:revision:event:audit:targets", each a max id or a count): imports write an import
 * batch; updates and deletes of registry rows (enterprise and unit statuses, targets, figures)
 * a revision row by trigger; cases a case event; every other write through src/app an audit
 * row (logins and logouts change nothing here, and would recompute a year per login).
 * Targets seeded by `phaseout barometer` write none of these: their count.  The HTTP server
 * keys its accounting cache on it (http/acct_cache.h).  Errors: the store's.
 */
int po_account_db_fingerprint(char *buf, size_t n, struct po_store *st, struct po_err *err);

/* The latest year with energy records into *out (0: none).  Errors: the store's. */
int po_account_db_latest_year(int *out, struct po_store *st, struct po_err *err);

/* The years with energy records of enterprise uscc, oldest first, into *out (*n of them, in
 * a).  Errors: PO_ENOMEM; the store's. */
int po_account_db_years(int **out, size_t *n, struct po_store *st, const char *uscc,
                        struct po_arena *a, struct po_err *err);

#endif
