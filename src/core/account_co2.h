/*
 * account_co2.h: CO2 factors per (energy type, dimension) for one year.
 *
 * A factor is kg CO2 per base unit of a dimension (kg, m3, kWh, MJ), times
 * 10^10 (kg_e10), so every factor of the reference data is an exact
 * integer:
 *
 *   fuels      low heat value (kJ per base unit, × 10 for range midpoints)
 *              × IPCC default factor (kg CO2 per TJ):
 *              raw coal 20908 kJ/kg × 94600 kg/TJ = 1.977 897 kg/kg
 *   grid       the year's electricity factor, kg CO2 per kWh (0.5366)
 *   heat       tCO2 per GJ = kg per MJ (0.11); steam in mass units through
 *              its heat value (3763 kJ/kg)
 *   zero       green-certificate renewable electricity
 *
 * A record's CO2 is quantity × base units per unit × kg_e10 = kg × 10^16,
 * exact in 128 bits.  Which factor applies to which type, and why, is
 * data (data/emission_factor_map.csv, built into a table by
 * refdata/account_ref.c); this module holds and looks them up.  Pure; the table
 * is read-only after loading.
 *
 * Memory: the table's rows and the strings it copies live in the arena given to
 * po_co2_table_init().
 *
 * Errors: po_co2_add returns PO_EINVAL for a (type, dimension) already in the table, or PO_ENOMEM;
 * a lookup that finds nothing returns NULL.
 */
#ifndef PO_ACCOUNT_CO2_H
#define PO_ACCOUNT_CO2_H

#include <stddef.h>
#include <stdint.h>

#include "core/units.h"
#include "util/err.h"

struct po_arena;

enum po_co2_method {
    PO_CO2_FUEL = 0, /* combustion: heat value × factor per TJ */
    PO_CO2_GRID,     /* purchased electricity at the year's grid factor */
    PO_CO2_ZERO,     /* zero-emission electricity */
    PO_CO2_HEAT,     /* purchased heat or steam */
};

struct po_co2_factor {
    const char *energy_type;
    enum po_dim dim; /* the dimension the factor is per */
    enum po_co2_method method;
    int64_t kg_e10;        /* kg CO2 per base unit of dim × 10^10 */
    const char *factor_id; /* "ipcc_coke", "elec_cn_avg_2022", "" */
    int64_t lhv_dkj;       /* heat value used, kJ per base unit × 10 (0: none) */
    int64_t ef_kg_per_tj;  /* factor used, kg CO2 per TJ (0: none) */
    int factor_year;       /* grid: the factor's data year (0: none) */
    const char *why, *source, *confidence;
};

struct po_co2_table {
    int year; /* the accounting year the grid factor was chosen for */
    struct po_co2_factor *rows;
    size_t n, cap;
    struct po_arena *a;
};

void po_co2_table_init(struct po_co2_table *t, int year, struct po_arena *a);

/* Add a factor (strings copied).  PO_EINVAL when (type, dim) is there already; PO_ENOMEM. */
int po_co2_add(struct po_co2_table *t, const struct po_co2_factor *f, struct po_err *err);

/* The factor of type for quantities in dimension dim; NULL when there is none. */
const struct po_co2_factor *po_co2_find(const struct po_co2_table *t, const char *type,
                                        enum po_dim dim);

/* Fuels: kg_e10 = heat value (kJ × 10 per base unit) × factor (kg CO2 per TJ).  Exact. */
int64_t po_co2_fuel_kg_e10(int64_t lhv_dkj, int64_t ef_kg_per_tj);

#endif
