/*
 * demo_ledger.h: production, energy and money of the demo city.
 *
 * po_demo_ledger_run() turns units, utilisation and season into monthly
 * output per product; the writers derive energy.csv (monthly, by energy
 * type, in the units statistics offices receive), output.csv (yearly) and
 * economics.csv (yearly) from it.  Energy is drawn so that the unit-product
 * consumption of each enterprise sits at its quota position
 * (po_demo_ledger_pos): most between the advanced value and the limit, some
 * above the limit, a few better than advanced; positions improve a little
 * each year.  Coefficients are GB/T 2589-2020 reference values with
 * electricity at its equivalent value (0.1229 kgce/kWh); semi-coke, which
 * GB/T 2589 does not list, is taken as 0.9 kgce/kg.
 *
 * Memory: po_demo_ledger_run fills the products' monthly output (prod[].out) in the city given;
 * nothing is allocated.  Errors: none of its own; the writers' failures are sticky in the CSV
 * buffer (demo_csv.h), seen at save.
 */
#ifndef PO_DEMO_LEDGER_H
#define PO_DEMO_LEDGER_H

#include "demo/demo_city.h"

/* Fill prod[].out of every enterprise. */
void po_demo_ledger_run(struct po_demo_city *city);

/* Quota position of product p in year index y (0 = advanced, 1000 = limit). */
int po_demo_ledger_pos(const struct po_demo_ent *e, size_t p, int y);

/* Output of product p in year index y. */
int64_t po_demo_ledger_year_out(const struct po_demo_prod *p, int y);

/* True when e produced a product above its limit in some year. */
bool po_demo_ledger_over_limit(const struct po_demo_ent *e);

void po_demo_ledger_energy(struct po_demo_csv *c, const struct po_demo_city *city);
void po_demo_ledger_output(struct po_demo_csv *c, const struct po_demo_city *city);
void po_demo_ledger_economics(struct po_demo_csv *c, const struct po_demo_city *city);

#endif
