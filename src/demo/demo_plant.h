/*
 * demo_plant.h: equipment of the demo city's enterprises, and equipment.csv.
 *
 * One builder per sector places production lines with parameters named by
 * the tags of catalog_items.csv.  Some units fall under a catalogue or
 * Inner Mongolia threshold (4.3 m coke ovens, carbide furnaces below
 * 30 000 kVA, ferroalloy furnaces of 25 000 kVA and below, clinker lines of
 * 2 500 t/d and below, native lime kilns, induction furnaces), some sit just
 * on the safe side (4.4 m, exactly 30 000 kVA, 25 001 kVA, stamp-charged
 * 3.8 m).  The first enterprises of a sector ("anchors", e->nth 0..4) always
 * get the same threshold cases whatever the seed, so tests and demos can
 * rely on them; the rest is drawn from weighted tables.
 *
 * Memory: the units, their parameters and products live in the arena given to the builder.
 * Errors: a builder returns 0 or PO_ENOMEM (PO_EINTERNAL for an inconsistent table, a bug);
 * po_demo_plant_equipment's failure is sticky in the CSV buffer.
 */
#ifndef PO_DEMO_PLANT_H
#define PO_DEMO_PLANT_H

#include "demo/demo_model.h"

po_demo_plant_fn po_demo_plant_coking;
po_demo_plant_fn po_demo_plant_carbide;
po_demo_plant_fn po_demo_plant_ferroalloy;
po_demo_plant_fn po_demo_plant_chlor_alkali;
po_demo_plant_fn po_demo_plant_caustic;
po_demo_plant_fn po_demo_plant_cement;
po_demo_plant_fn po_demo_plant_iron;
po_demo_plant_fn po_demo_plant_steel;
po_demo_plant_fn po_demo_plant_power;
/* lime, washing, methanol, wine, paint, pipes: one kind of unit, one product */
po_demo_plant_fn po_demo_plant_simple;

/* The equipment status tag as docs/import.md spells it ("running", ...). */
const char *po_demo_plant_status_tag(enum po_demo_unit_status st);

/* Write equipment.csv: the header and every enterprise's units. */
void po_demo_plant_equipment(struct po_demo_csv *c, const struct po_demo_city *city);

#endif
