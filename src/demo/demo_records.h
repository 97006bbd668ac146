/*
 * demo_records.h: inspections.csv and licences.csv of the demo city.
 *
 * Inspections come from a fixed plan per department (routine checks,
 * emission exceedances, safety conditions, quality, energy) drawn over
 * enterprises that were producing at the time, plus one energy-quota
 * inspection for each enterprise above its quota limit, plus the scripted
 * stories of enum po_demo_role.  Document numbers are assigned per
 * department and year in date order, as a bureau's register would have
 * them.  Licences: a pollutant discharge licence for every enterprise, a
 * safety production licence for hazardous-chemical producers and a
 * production licence where the sector needs one; licences that ran out
 * before 2026 are expired and usually renewed.
 *
 * Memory: nothing is allocated outside the CSV buffer.  Errors: none returned; out of memory is
 * sticky in the CSV buffer (demo_csv.h), seen at save.
 */
#ifndef PO_DEMO_RECORDS_H
#define PO_DEMO_RECORDS_H

#include "demo/demo_city.h"

/*
 * Write inspections.csv.  Needs po_demo_ledger_run() first (the energy-quota
 * cases).  Out of memory marks c failed, as every csv append does.
 */
void po_demo_records_inspections(struct po_demo_csv *c, const struct po_demo_city *city);

void po_demo_records_licences(struct po_demo_csv *c, const struct po_demo_city *city);

#endif
