/*
 * units.h: physical units and energy types, as tables.
 *
 * Every unit belongs to one dimension and is an exact integer multiple of
 * that dimension's base unit (kg, m3, kWh, MJ, kgce), so conversions between
 * units of one dimension are exact integer arithmetic.  Energy types name
 * the dimension(s) their quantities may be given in; the coefficients to
 * standard coal are reference data (data/energy_conversion_coefficients.csv),
 * not here.  Pure, thread-safe.
 *
 * Memory: the tables are static, never freed.  Errors: lookups return NULL for an unknown unit or
 * type; po_unit_convert returns -1 on a dimension mismatch or overflow and 1 when it had to round.
 */
#ifndef PO_UNITS_H
#define PO_UNITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum po_dim {
    PO_DIM_MASS = 1,        /* base kg */
    PO_DIM_VOLUME = 2,      /* base m3 */
    PO_DIM_ELECTRICITY = 4, /* base kWh */
    PO_DIM_HEAT = 8,        /* base MJ */
    PO_DIM_COAL_EQ = 16,    /* base kgce */
};

struct po_unit {
    const char *tag;     /* canonical spelling stored in the database: "10^4kWh" */
    enum po_dim dim;
    int64_t base_mult;   /* how many base units one of this unit is */
    const char *aliases; /* '|'-separated: "万kWh|万千瓦时" */
};

struct po_energy_type {
    const char *tag;     /* "electricity" */
    const char *name_zh; /* "电力" */
    unsigned dims;       /* OR of enum po_dim the quantity may be given in */
};

/* Look a unit up by canonical tag or alias (case-insensitive for ASCII). NULL if unknown. */
const struct po_unit *po_unit_find(const char *s, size_t len);
/* Look an energy type up by tag or Chinese name. NULL if unknown. */
const struct po_energy_type *po_energy_type_find(const char *s, size_t len);
const struct po_energy_type *po_energy_types(size_t *n);
const struct po_unit *po_units(size_t *n);
/*
 * A capacity unit tag as written in a document: "10^4t/a" → "万吨/年" (zh) or
 * "10k t/a" (en); an unknown tag comes back as it is.
 */
const char *po_capacity_unit_zh(const char *tag);
const char *po_capacity_unit_en(const char *tag);
const char *po_dim_name_en(enum po_dim d);
const char *po_dim_name_zh(enum po_dim d);

/*
 * Convert q_micro (× 10^6, in unit from) to unit to of the same dimension.
 * Exact when the result is representable at 10^-6; otherwise rounds half
 * away from zero and returns 1.  Returns -1 on a dimension mismatch or
 * overflow, 0 when exact.
 */
int po_unit_convert(int64_t *out, int64_t q_micro, const struct po_unit *from,
                    const struct po_unit *to);

#endif
