/*
 * demo_city.h: the in-memory model of the demo city (a Wuhai-like city).
 *
 * po_demo_city_build() draws enterprises, their equipment and their
 * position against the energy quota; the writers in demo_city.c,
 * demo_plant.c, demo_ledger.c and demo_records.c turn the model into the
 * import files of docs/import.md.  Everything lives in the arena given to
 * po_demo_city_build() and is read-only afterwards except for the monthly
 * output, which po_demo_ledger_run() fills in.
 *
 * The model covers 2023-01 .. 2025-12; "month index" m is 0 for 2023-01 and
 * 35 for 2025-12.  Quantities are integers in base units: kg for masses, m3
 * for gases, kWh for electricity, and mgce (milligrams of standard coal) for
 * energy, so that 1 mgce/kg equals 1 gce/t.
 *
 * The model's types are in demo_model.h (a leaf, so that the plants and
 * recipes this file builds the city from need not include it).
 *
 * Errors: po_demo_city_build returns PO_ENOMEM or PO_EINTERNAL (an inconsistent table, a bug); the
 * writers report through the CSV buffer (demo_csv.h: failure is sticky, seen at save).
 */
#ifndef PO_DEMO_CITY_H
#define PO_DEMO_CITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "demo/demo_csv.h"
#include "demo/demo_model.h"
#include "demo/demo_rng.h"
#include "util/arena.h"
#include "util/err.h"

/*
 * Random streams: po_demo_rng_init(r, seed, po_demo_city_stream(idx, purpose))
 * gives enterprise idx its own sequence per purpose.
 */
enum {
    PO_DEMO_S_IDENTITY = 1,
    PO_DEMO_S_PLANT,
    PO_DEMO_S_LEDGER,
    PO_DEMO_S_ECONOMICS,
    PO_DEMO_S_ENERGY,
    PO_DEMO_S_LICENCES,
    PO_DEMO_S_RECORDS
};
uint64_t po_demo_city_stream(size_t idx, int purpose);

/*
 * Build the city for seed into *out; all memory comes from a.  Returns 0,
 * PO_ENOMEM, or PO_EINTERNAL if a table is inconsistent (a bug).
 */
int po_demo_city_build(struct po_demo_city *out, struct po_arena *a, uint64_t seed,
                       struct po_err *err);

/*
 * Writers of districts.csv, industries.csv and enterprises.csv (header and
 * rows).  Jurisdictions and industries do not depend on the city or seed.
 */
void po_demo_city_districts(struct po_demo_csv *c, const struct po_demo_city *city);
void po_demo_city_industries(struct po_demo_csv *c, const struct po_demo_city *city);
void po_demo_city_enterprises(struct po_demo_csv *c, const struct po_demo_city *city);

/* The enterprise status tag as docs/import.md spells it ("operating", ...). */
const char *po_demo_city_status_tag(enum po_demo_ent_status st);

/* Civil dates (proleptic Gregorian): days in month m of y; day of week, 0 = Sunday. */
int po_demo_city_days_in_month(int y, int m);
int po_demo_city_weekday(int y, int m, int d);

#endif
