/*
 * coefdata.h: conversion-factor tables from data.
 *
 * The project's default table comes from the compiled-in reference data:
 * data/energy_type_coefficients.csv maps each energy type the importer
 * knows to a row of data/energy_conversion_coefficients.csv (GB/T
 * 2589-2020), saying which value is taken (a range's midpoint rounded to
 * the table's 4 decimals, the gas-field value for natural gas, the
 * equivalent value for electricity) and why.  A user's table is a CSV like
 * the benchmark's coefficients.csv: energy_type,unit,tce_per_unit[,source].
 *
 * Memory: rows and their text live in the arena t was initialised with
 * (po_coef_table_init).  Errors: po_coefdata_default() returns PO_EINTERNAL
 * for a bad compiled-in file, PO_ENOMEM; po_coefdata_load_file() PO_EINVAL
 * (header, row or value named; an empty file), the table reader's codes
 * (PO_EIO when the file cannot be read), PO_ENOMEM.
 */
#ifndef PO_COEFDATA_H
#define PO_COEFDATA_H

#include "core/coef.h"

/* Fill t with the project's default factors.  Rows keep source and confidence. */
int po_coefdata_default(struct po_coef_table *t, struct po_err *err);

/*
 * Fill t from a CSV file: header energy_type,unit,tce_per_unit (source
 * optional), tce per unit with up to 9 decimals.  Errors name file, row and
 * column, in both languages.
 */
int po_coefdata_load_file(struct po_coef_table *t, const char *path, struct po_err *err);

#endif
