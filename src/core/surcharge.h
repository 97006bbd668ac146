/*
 * surcharge.h: the month's electricity and water surcharges of one enterprise (实施意见 四(五):
 * differential, punitive and tiered electricity prices; progressive over-quota water prices).
 *
 * The rules are data (data/surcharge_rules.csv, read by refdata/surchargedata.h), the facts are
 * passed in per day of the month (the evaluation's findings as the app read them), so every case
 * is a row of a test table.  Three families of electricity rule are judged separately and may
 * stack: the differential price by catalogue category (eliminated / restricted), the punitive
 * price by the percentage over the energy quota, the tiered price by unit-product electricity
 * (electrolytic aluminium).  For each day the family's fact selects at most one rule:
 *   - kind (category eliminated → kind eliminated, restricted → restricted; the punitive and
 *     tiered families: the band holding the fact's value, bounds inclusive or exclusive as the
 *     rule row says), the fact's sector tag among the rule's sectors, the enterprise's
 *     jurisdiction among the rule's (a province's rule over the national one), in force on the
 *     day (effective_from..effective_to inclusive); among several, the narrower jurisdiction,
 *     then the later effective_from.
 * Days under one rule make one row; a day whose fact is unknown makes a "cannot decide" row (a
 * missing fact is never "no surcharge").
 *
 * Arithmetic (exact: int64 × 10^6 and a 128-bit intermediate, no floating point):
 *   amount = kWh × rate × days_applicable / days_in_month, rounded half up to 0.01 yuan once per
 *   row (enterprise × rule); tiered_step rate = rate × ceil((value − lower) / step) (a part of a
 *   step counts as a whole step, 发改价格〔2021〕1239号).
 *   water, per band (progressive): volume in band = the use above quota × (1 + lower %) and not
 *   above quota × (1 + upper %); amount = volume × water price × multiplier × days / days_in_month,
 *   rounded the same way.
 * Missing kWh (or water use, quota, price) → status cannot_compute with the reason, never 0.
 * A rule without a rate (set by the provincial price authority) → cannot_compute, with its note.
 *
 * Pure: no I/O, no clock, no globals.  Thread-safe.
 * Memory: rows are written to the caller's array (no allocation); the strings in them point into
 * the rules and facts given, or to static text.  Errors: po_sc_month() returns the number of rows,
 * or -1 when out_cap is too small (PO_SC_MAX_ROWS is always enough for one enterprise) or the
 * month is invalid.
 */
#ifndef PO_SURCHARGE_H
#define PO_SURCHARGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"

enum po_sc_utility { PO_SC_ELECTRICITY = 1, PO_SC_WATER = 2 };

enum po_sc_kind {
    PO_SC_ELIMINATED = 1, /* differential, catalogue eliminated class */
    PO_SC_RESTRICTED,     /* differential, catalogue restricted class */
    PO_SC_PUNITIVE,       /* punitive_band: % over the energy quota */
    PO_SC_TIERED,         /* tiered_step: unit-product electricity, kWh/t */
    PO_SC_WATER_BAND,     /* water_band: % over the water quota */
};

/* The families of fact; a row belongs to one. */
enum po_sc_family { PO_SC_F_DIFFERENTIAL = 0, PO_SC_F_PUNITIVE, PO_SC_F_TIERED, PO_SC_NFAMILY };

struct po_sc_rule {
    const char *rule_id;
    int version;
    enum po_sc_utility utility;
    enum po_sc_kind kind;
    const char *jurisdiction; /* "CN" or a province code word ("NMG") */
    const char *sectors;      /* '|'-joined tags: catalogue equipment types, product tags */
    bool has_lower, lower_incl, has_upper, upper_incl;
    int64_t lower_micro, upper_micro; /* % over quota or kWh/t, × 10^6 */
    bool has_rate;
    int64_t rate_micro; /* yuan/kWh × 10^6; water: multiplier of the water price × 10^6 */
    int64_t step_micro; /* tiered_step: kWh/t per step × 10^6; 0 = a flat band */
    struct po_date from, to; /* to.y == 0: open-ended */
    const char *document, *article, *rate_note, *source, *confidence;
    int policy_row; /* line of data/electricity_price_policies.csv it was curated from */
};

enum po_sc_state { PO_SC_NA = 0, PO_SC_UNKNOWN, PO_SC_KNOWN };

/* Category values of the differential family. */
enum { PO_SC_CAT_NONE = 0, PO_SC_CAT_RESTRICTED = 1, PO_SC_CAT_ELIMINATED = 2 };

/*
 * One fact of one day.  state NA: the enterprise is outside the family (no sector of it);
 * UNKNOWN: it is inside but the fact is not recorded or the finding cannot decide; KNOWN: value
 * is a category (PO_SC_CAT_*), the % over quota × 10^6 (0: not over) or kWh/t × 10^6.
 */
struct po_sc_fact {
    enum po_sc_state state;
    int64_t value_micro;
    const char *sector;  /* the tag matched against rule sectors */
    const char *finding; /* where the fact came from (a finding id), shown by explain */
    const char *why;     /* UNKNOWN: why not known (English), for the row's reason */
};

struct po_sc_day {
    struct po_sc_fact f[PO_SC_NFAMILY];
};

struct po_sc_input {
    int year, month;
    const char *const *jurisdictions; /* the rule jurisdictions of the enterprise's place */
    size_t njur;                      /* ordered broadest first: { "CN", "NMG" } */
    bool has_kwh;
    int64_t kwh_micro;
    const struct po_sc_day *days; /* days_in_month entries, day 1 first */
};

enum po_sc_status { PO_SC_COMPUTED = 1, PO_SC_CANNOT };

struct po_sc_row {
    enum po_sc_family family;         /* water rows: PO_SC_F_DIFFERENTIAL, unused */
    const struct po_sc_rule *rule;    /* NULL: a cannot-decide row of the family */
    enum po_sc_status status;
    const char *reason_en, *reason_zh; /* cannot_compute: why ("" when computed) */
    int days, days_in_month;
    int64_t quantity_micro;           /* kWh (or over-quota m3 in the band) of the month */
    int64_t basis_micro;              /* the fact's value (category, % over, kWh/t) */
    int64_t rate_micro;               /* the rate applied (tiered: × steps) */
    int64_t steps;                    /* tiered_step: steps counted; 0 otherwise */
    const char *sector, *finding;
    int64_t amount_micro;             /* yuan × 10^6, a multiple of 10^4 (0.01 yuan) */
    bool low_confidence;              /* the rule's confidence is low (待核实) */
};

#define PO_SC_MAX_ROWS 64

/* True when the rule is in force on day d. */
bool po_sc_rule_in_force(const struct po_sc_rule *r, struct po_date d);

/* True when value lies in the rule's band (no bounds: always). */
bool po_sc_in_band(const struct po_sc_rule *r, int64_t value_micro);

/*
 * The electricity rows of one enterprise for the month.  Rules of every utility may be given;
 * only electricity ones are used.  Rows are in family order, then by first day applied.
 */
int po_sc_month(struct po_sc_row *out, size_t out_cap, const struct po_sc_input *in,
                const struct po_sc_rule *rules, size_t nrules);

/* Water of one enterprise for the month; has_* false = not recorded. */
struct po_sc_water {
    int year, month;
    bool has_use, has_quota, has_price;
    int64_t use_m3_micro, quota_m3_micro, price_micro; /* price: yuan/m3 × 10^6 */
    const char *const *jurisdictions;
    size_t njur;
};

/* The water rows (one per band with over-quota volume, or one cannot_compute row). */
int po_sc_water_month(struct po_sc_row *out, size_t out_cap, const struct po_sc_water *in,
                      const struct po_sc_rule *rules, size_t nrules);

/* round_half_up(a × b × num / den / 10^10) × 10^4: yuan × 10^6 rounded to 0.01 (a, b × 10^6). */
int64_t po_sc_amount(int64_t a_micro, int64_t b_micro, int64_t num, int64_t den);

/* True when the '|'-joined list holds tag exactly (a rule's sectors). */
bool po_sc_has_tag(const char *list, const char *tag);

const char *po_sc_kind_tag(enum po_sc_kind k); /* "eliminated", ..., "water_band" */
const char *po_sc_kind_zh(enum po_sc_kind k);  /* "淘汰类差别电价", ... */
const char *po_sc_family_tag(enum po_sc_family f);
int po_sc_kind_parse(enum po_sc_kind *out, const char *s);

#endif
