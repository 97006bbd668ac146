/*
 * rankdir.h: the ranking's inputs straight from a folder of CSV files (rank --from).
 *
 * An analyst handed raw data, and the benchmark, have a folder with
 * enterprises.csv (uscc,name,district_code,industry_code,...),
 * energy.csv (uscc,year,month,energy_type,quantity,unit) and
 * value_added.csv (uscc,year,value_added_10k_yuan), as
 * ../shared/bench/gen.py writes them.  po_rankdir_load() reads them
 * (columns found by header name, any order, extra columns ignored) into
 * the po_rank_ent array that po_rank_compute() ranks, computing T and V
 * exactly as ../shared/bench/WORKLOAD.md §3-§4 says:
 *
 *   T = Σ quantity × factor over the year's energy rows, where the factor
 *       of (energy_type, unit) comes from the coefficient table given
 *       (tce per unit × 10^9, exact); the sum is exact in 10^-12 tce and
 *       rounded half up once to 10^-8 tce (exact whenever factors have at
 *       most 5 decimals, as GB/T 2589's do);
 *   V = value added × 100, unknown when the row is missing or the field empty.
 *
 * What is refused (PO_EINVAL, bilingual, naming file, row, column and
 * value): a missing file or column, an invalid or duplicate USCC in
 * enterprises.csv, an empty district or industry code, or one that is not
 * in districts.csv / industries.csv when the folder has those; in the
 * target year's energy rows a year, month or quantity that does not parse,
 * a negative quantity or more than 3 decimals; a value added that does not
 * parse or has more than 2 decimals, or two rows for one enterprise and year.
 * What is counted and skipped (the workload's inner-join semantics):
 * energy rows of other years, of (type, unit) pairs the table does not
 * know, and of USCCs not in enterprises.csv; value-added rows of other
 * years and unknown USCCs.  Rows of other years are not checked beyond
 * their year.  Energy types and units may also be given by their Chinese
 * names or aliases (units.h) when the table has the canonical pair.
 *
 * energy.csv, the big one, is read in opts->threads parallel parts
 * (fastcsv.h); each thread sums into its own array, merged at the end.
 *
 * Memory: rd owns ents (malloc'd) and the mapping of enterprises.csv their
 * slices point into: po_rankdir_close() frees both (after an error rd is
 * closed already); smaller pieces live in the arena given.  Errors: PO_EINVAL (what is
 * refused above), PO_EIO (a file cannot be read), PO_ENOMEM, PO_EINTERNAL,
 * with err filled.
 */
#ifndef PO_RANKDIR_H
#define PO_RANKDIR_H

#include <stddef.h>
#include <stdint.h>

#include "core/coef.h"
#include "core/rank.h"
#include "format/fastcsv.h"
#include "util/err.h"

struct po_arena;

struct po_rankdir_opts {
    int year;                         /* the target year */
    const struct po_coef_table *coef; /* the factors (po_coefdata_default or _load_file) */
    unsigned threads;                 /* parts of energy.csv read in parallel, >= 1 */
};

/* An unknown (energy_type, unit) pair and how many rows of the year had it. */
struct po_rankdir_unknown {
    char energy_type[64], unit[64]; /* truncated */
    uint64_t rows;
};

#define PO_RANKDIR_MAX_UNKNOWN 16

struct po_rankdir_stats {
    uint64_t energy_rows;          /* data rows of energy.csv */
    uint64_t energy_year_rows;     /* of the target year */
    uint64_t energy_used_rows;     /* that contributed to some T */
    uint64_t unknown_pair_rows;    /* of the year, skipped: unknown (type, unit) */
    uint64_t unknown_uscc_rows;    /* of the year, skipped: not in enterprises.csv */
    uint64_t va_rows;              /* value-added rows of the target year */
    uint64_t va_unknown_uscc_rows; /* of the year, skipped: not in enterprises.csv */
    struct po_rankdir_unknown unknown[PO_RANKDIR_MAX_UNKNOWN]; /* the first pairs seen */
    size_t nunknown;
    unsigned energy_parts; /* parts energy.csv was read in */
};

/*
 * The loaded folder.  ents[0..n) are in enterprises.csv order; their
 * slices point into the mapped enterprises.csv (or the arena), so the
 * struct must stay open while they are used.  rd owns ents (malloc'd: at
 * the country scale an arena would keep every smaller copy as it grows);
 * close with po_rankdir_close().
 */
struct po_rankdir {
    struct po_rank_ent *ents;
    size_t n;
    struct po_rankdir_stats stats;
    struct po_fastcsv enterprises; /* private: the mapping the slices point into */
};

/*
 * Read dir/enterprises.csv, dir/energy.csv and dir/value_added.csv.
 * Arrays live in a.  Returns 0, or PO_EIO (a file cannot be read),
 * PO_EINVAL (see above), PO_ENOMEM, PO_EINTERNAL, with err filled; rd is
 * then closed already.
 */
int po_rankdir_load(struct po_rankdir *rd, const char *dir, const struct po_rankdir_opts *opts,
                    struct po_arena *a, struct po_err *err);
void po_rankdir_close(struct po_rankdir *rd);

#endif
