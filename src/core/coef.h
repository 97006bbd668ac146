/*
 * coef.h: conversion factors to standard coal, per (energy type, unit).
 *
 * A factor is tonnes of standard coal per one unit of the quantity as
 * reported, times 10^9 (tce_e9): exact for every coefficient of GB/T
 * 2589-2020 at its printed precision (0.1229 kgce/kWh is 122900 tce_e9 per
 * kWh), so a converted figure that sits on a legal threshold compares
 * exactly.  The factors are data (the project's reference table, or a file
 * the user gives); this module only holds and looks them up.  Pure, no I/O.
 *
 * Lookup is on the exact (type, unit) pair as stored by the importer
 * (canonical unit tags).  An unknown pair is not guessed: callers report it.
 *
 * Memory: the rows and the strings copied into them live in the table's arena.  Errors:
 * po_coef_set and po_coef_set_dimension return PO_ENOMEM, and po_coef_set_dimension PO_EINVAL for
 * a unit that is not a base unit of units.h or a factor too large; po_coef_find returns NULL for a
 * pair it does not hold.
 */
#ifndef PO_COEF_H
#define PO_COEF_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct po_arena;

struct po_coef {
    const char *energy_type; /* "electricity" */
    const char *unit;        /* canonical unit tag, "MWh" */
    int64_t tce_e9;          /* tce per unit × 10^9 */
    const char *source;      /* citation, for explanations */
    const char *confidence;  /* "high" | "medium" | "low" | "" */
};

struct po_coef_table {
    struct po_coef *rows;
    size_t n, cap;
    struct po_arena *a; /* everything lives here */
};

/* Empty table whose rows live in a. */
void po_coef_table_init(struct po_coef_table *t, struct po_arena *a);

/* Add or replace the factor of (type, unit); strings are copied.  PO_ENOMEM. */
int po_coef_set(struct po_coef_table *t, const char *type, const char *unit, int64_t tce_e9,
                const char *source, const char *confidence, struct po_err *err);

/*
 * Given a factor in kgce per base unit of a dimension (kgce_micro: kgce ×
 * 10^6 per kg, m3, kWh or MJ), set the factor of every unit of that
 * dimension (units.h): tce_e9 = kgce_micro × units per base unit.
 */
int po_coef_set_dimension(struct po_coef_table *t, const char *type, const char *base_unit,
                          int64_t kgce_micro, const char *source, const char *confidence,
                          struct po_err *err);

/* NULL when the pair is not in the table. */
const struct po_coef *po_coef_find(const struct po_coef_table *t, const char *type, size_t tlen,
                                   const char *unit, size_t ulen);

/* 128-bit integers (GCC and Clang): sums of tce × 10^15 over a city never overflow. */
__extension__ typedef __int128 po_i128;

/* tce_e9 × quantity_micro → tce × 10^15, exact. */
static inline po_i128 po_coef_apply(const struct po_coef *c, int64_t quantity_micro)
{
    return (po_i128)c->tce_e9 * quantity_micro;
}

#endif
