/*
 * account.h: one enterprise's energy account for a year — standard coal,
 * exclusions, CO2, intensity.
 *
 * Inputs are the year's energy records as stored (quantity × 10^6 in the
 * unit as reported, energy type, purpose fuel/feedstock, product tag,
 * reported or metered), the output per product and the value added.  The
 * factor table (coef.h), the resolved policy (account_policy.h) and the
 * year's CO2 factors (account_co2.h) are passed in.  Pure: no I/O, no
 * clock, no globals; results live in the arena given.
 *
 * Arithmetic (STYLE §8):
 *   - a record's standard coal is factor (tce × 10^9 per unit) × quantity
 *     (× 10^6) = tce × 10^15, exact, summed in 128 bits (po_coef_apply);
 *   - a record's CO2 is kg × 10^16, exact (account_co2.h);
 *   - figures are rounded once, at output, half up (half away from zero):
 *     tce to 4 decimals (po_acct_round), CO2 to 3 decimals of a tonne,
 *     intensity and carbon intensity to 6 decimals of a unit per 10k yuan.
 *     Intensity I (× 10^6) = round-half-up(T_e15 / (V_micro × 1000)), the
 *     benchmark workload's rule (WORKLOAD.md §3) at a finer scale: the same
 *     quotient, the same rounding.
 *
 * Which records count:
 *   - a record whose (type, unit) has no factor is not counted and is
 *     reported (PO_REC_UNKNOWN_FACTOR, notes PO_NOTE_UNKNOWN_FACTOR);
 *   - figures are not counted twice: a metered record is set aside when a
 *     reported record of the same type, purpose, product and month exists
 *     (PO_REC_SUPERSEDED_METERED); monthly records are set aside when a
 *     whole-year record of the same type, purpose, product and source
 *     exists (PO_REC_SUPERSEDED_MONTHLY).  Both are listed, never dropped;
 *   - the policy's exclusions (feedstock, renewable electricity) keep the
 *     record in the gross figure and in the breakdowns, and take it out of
 *     the total (总量) and/or the intensity numerator (强度) as the rule in
 *     force says; every excluded record names its rule.
 *
 * Electricity is converted at the factor table's value (the equivalent
 * value) unless the policy says equal value, in which case the year's
 * coefficient (gce/kWh) replaces it for type "electricity" (green
 * renewable electricity keeps the equivalent value: its exclusion is a
 * policy matter, not a conversion).
 *
 * CO2: combustion of fuel records at their fuel's factor; feedstock
 * records are not combustion and carry no combustion CO2 (process
 * emissions are outside this account); electricity and heat (indirect) at
 * the year's factors whatever the purpose.  A counted record without a
 * factor makes the CO2 figure incomplete: it is reported, and the carbon
 * intensity is then not defined.
 *
 * Value added: missing → intensity missing (PO_VA_MISSING); zero or
 * negative → intensity not defined (PO_VA_ZERO / PO_VA_NEGATIVE); no
 * energy record at all → PO_NOTE_NO_ENERGY and no intensity ("no energy
 * data", not zero).
 *
 * Memory: a result's lines and breakdowns live in the arena given; lines point at the input
 * records and the tables of the context, which must outlive the result.  Names are static.
 *
 * Errors: po_account_enterprise returns PO_EINVAL (a figure that overflows 128 bits, an invalid
 * record, a unit units.h does not know) or PO_ENOMEM, with err filled; the rounding and formatting
 * helpers cannot fail.
 */
#ifndef PO_ACCOUNT_H
#define PO_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/account_co2.h"
#include "core/account_policy.h"
#include "core/coef.h"
#include "util/err.h"

struct po_arena;

enum po_purpose { PO_PURPOSE_FUEL = 0, PO_PURPOSE_FEEDSTOCK = 1 };

/* One energy record as stored (the energy table). */
struct po_acct_record {
    int month;               /* 0: the whole year; 1..12 */
    const char *energy_type; /* tag (units.h) */
    const char *unit;        /* canonical unit tag */
    int64_t quantity_micro;  /* >= 0, in unit */
    enum po_purpose purpose;
    const char *product; /* product / production-line tag; "" = the whole enterprise */
    bool metered;        /* source: metered (online monitoring) rather than reported */
};

/* Output of one product in the year, tonnes × 10^6. */
struct po_acct_output {
    const char *product;
    int64_t quantity_micro;
};

struct po_acct_input {
    int year;
    const struct po_acct_record *rec;
    size_t nrec;
    const struct po_acct_output *out;
    size_t nout;
    bool has_value_added;
    int64_t value_added_micro; /* 10k yuan × 10^6; any sign */
};

/*
 * An enterprise with its inputs for a year, and every enterprise of a year:
 * what app/account_db.h loads from the database and report/account_out.h
 * writes accounts of.  Plain data (strings as stored), here so that src/report
 * need not include src/app.
 */
struct po_acct_ent {
    int64_t id;
    const char *uscc, *name, *district, *industry, *status;
    struct po_acct_input in; /* in.year set; records and outputs sorted */
};

struct po_acct_year {
    int year;
    struct po_acct_ent *ents; /* by uscc */
    size_t n;
};

/* What the year's account uses; all read-only. */
struct po_acct_ctx {
    const struct po_coef_table *coef;    /* conversion factors (electricity: equivalent value) */
    const struct po_acct_policy *policy; /* resolved for the year assessed */
    const struct po_co2_table *co2;      /* NULL: CO2 not computed */
};

__extension__ typedef __int128 po_acct_i128;

enum po_rec_status {
    PO_REC_COUNTED = 0,        /* converted and counted (exclusions: see excluded) */
    PO_REC_UNKNOWN_FACTOR,     /* no factor for (type, unit): not counted */
    PO_REC_SUPERSEDED_METERED, /* a reported figure for the same slot exists */
    PO_REC_SUPERSEDED_MONTHLY, /* a whole-year figure for the same slot exists */
};

enum po_co2_status {
    PO_CO2_COUNTED = 0,    /* at the factor named */
    PO_CO2_NOT_COMBUSTION, /* feedstock: no combustion CO2 */
    PO_CO2_NO_FACTOR,      /* no factor: CO2 incomplete */
    PO_CO2_NOT_COUNTED,    /* the record itself is not counted (status != COUNTED) */
};

/* One record as accounted (lines are in input order). */
struct po_acct_line {
    const struct po_acct_record *rec;
    enum po_rec_status status;
    const struct po_coef *coef;             /* the table's factor (NULL when unknown) */
    int64_t tce_e9_per_unit;                /* the factor applied (equal value substitutes) */
    bool equal_value;                       /* the equal value was applied */
    po_acct_i128 tce_e15;                   /* tce × 10^15 of this record; 0 unless counted */
    unsigned excluded;                      /* PO_EXCL_* */
    const struct po_policy_rule *excl_rule; /* the rule behind `excluded` */
    enum po_co2_status co2_status;
    const struct po_co2_factor *co2f; /* when COUNTED */
    po_acct_i128 co2_e16;             /* kg CO2 × 10^16 */
};

/* Standard coal of one energy type (or purpose, or month). */
struct po_acct_sum {
    const char *key;        /* energy type tag */
    po_acct_i128 gross_e15; /* counted records */
    po_acct_i128 total_e15; /* of which counted toward the total */
    size_t records;
};

enum po_va_status {
    PO_VA_OK = 0,  /* value added > 0 */
    PO_VA_MISSING, /* no figure */
    PO_VA_ZERO,
    PO_VA_NEGATIVE,
};

/* Notes: bits of po_acct_result.notes. */
enum {
    PO_NOTE_NO_ENERGY = 1 << 0,      /* no energy record at all for the year */
    PO_NOTE_UNKNOWN_FACTOR = 1 << 1, /* records with no factor were not counted */
    PO_NOTE_SUPERSEDED = 1 << 2,     /* records set aside as double counts */
    PO_NOTE_EXCLUDED = 1 << 3,       /* the policy excluded records */
    PO_NOTE_VA_MISSING = 1 << 4,
    PO_NOTE_VA_ZERO = 1 << 5,
    PO_NOTE_VA_NEGATIVE = 1 << 6,
    PO_NOTE_CO2_INCOMPLETE = 1 << 7,      /* a counted record has no CO2 factor */
    PO_NOTE_LOW_CONFIDENCE = 1 << 8,      /* a policy rule or a conversion factor used is of low
                                             confidence: verify before deciding on the figures */
    PO_NOTE_EQUAL_VALUE = 1 << 9,         /* electricity at the equal value */
    PO_NOTE_LOW_CONFIDENCE_CO2 = 1 << 10, /* a CO2 factor used is of low confidence */
};

struct po_acct_result {
    struct po_acct_line *lines;
    size_t nlines;
    po_acct_i128 gross_e15;          /* every counted record */
    po_acct_i128 total_e15;          /* toward total consumption (总量) */
    po_acct_i128 intensity_e15;      /* the intensity numerator (强度) */
    po_acct_i128 excl_total_e15;     /* gross - total: shown, never silent */
    po_acct_i128 excl_intensity_e15; /* gross - intensity numerator */
    struct po_acct_sum *by_type;     /* sorted by tag */
    size_t ntypes;
    struct po_acct_sum by_purpose[2]; /* [PO_PURPOSE_FUEL], [PO_PURPOSE_FEEDSTOCK] */
    struct po_acct_sum by_month[13];  /* [0] whole-year records, [1..12] monthly */
    bool monthly;                     /* some counted record is monthly */
    size_t nunknown, nsuperseded, nexcluded;
    po_acct_i128 co2_e16; /* kg CO2 × 10^16, counted records with a factor */
    size_t nco2_missing;  /* counted records without a CO2 factor */
    enum po_va_status va;
    int64_t value_added_micro;     /* when va != PO_VA_MISSING */
    bool intensity_defined;        /* va == OK and there is energy data */
    int64_t intensity_e6;          /* tce per 10k yuan × 10^6, half up */
    bool carbon_intensity_defined; /* additionally CO2 complete */
    int64_t carbon_intensity_e6;   /* t CO2 per 10k yuan × 10^6, half up */
    unsigned notes;                /* PO_NOTE_* */
};

/*
 * Account one enterprise-year.  out->lines parallel in->rec.  Errors:
 * PO_EINVAL when a figure overflows 128 bits (absurd input) or a record's
 * unit is unknown to units.h; PO_ENOMEM.  err untouched on success.
 */
int po_account_enterprise(struct po_acct_result *out, const struct po_acct_input *in,
                          const struct po_acct_ctx *ctx, struct po_arena *a, struct po_err *err);

/* tce × 10^15 → tce × 10^4, half up (half away from zero). */
int64_t po_acct_round_tce_e4(po_acct_i128 tce_e15);
/* kg CO2 × 10^16 → t CO2 × 10^3, half up. */
int64_t po_acct_round_co2_t_e3(po_acct_i128 co2_e16);
/* Round num/den (den > 0) half away from zero to an integer. */
po_acct_i128 po_acct_div_round(po_acct_i128 num, po_acct_i128 den);

/*
 * Format a fixed-point figure with `scale` decimals, all printed
 * ("12.3400"); buf >= 48 bytes.  Returns buf.
 */
char *po_acct_fmt(char *buf, size_t n, po_acct_i128 v, int scale);

#endif
