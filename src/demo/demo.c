/*
 * demo.c: po_demo_write, the order in which the demo city is written.
 *
 * The model is built once in an arena (demo_city.c, demo_plant.c), the
 * ledger fills in monthly output (demo_ledger.c), then every file is
 * rendered into memory and saved.  Files are independent renderings of one
 * model, so the order below only matters for which file a failure stops at.
 */
#include "demo/demo.h"
#include "demo/demo_city.h"
#include "demo/demo_csv.h"
#include "demo/demo_ledger.h"
#include "demo/demo_plant.h"
#include "demo/demo_records.h"

#include <string.h>

typedef void writer_fn(struct po_demo_csv *c, const struct po_demo_city *city);

/* The files, in import order (docs/import.md: parents before children). */
static const struct {
    const char *name;
    writer_fn *write;
} files[] = {
    { "districts.csv", po_demo_city_districts },
    { "industries.csv", po_demo_city_industries },
    { "enterprises.csv", po_demo_city_enterprises },
    { "equipment.csv", po_demo_plant_equipment },
    { "energy.csv", po_demo_ledger_energy },
    { "output.csv", po_demo_ledger_output },
    { "economics.csv", po_demo_ledger_economics },
    { "inspections.csv", po_demo_records_inspections },
    { "licences.csv", po_demo_records_licences },
};

#define NFILES PO_DEMO_NELEM(files)
_Static_assert(NFILES == 9, "one file per field of struct po_demo_stats");

static int write_all(const char *dir, const struct po_demo_city *city, struct po_demo_stats *st,
                     struct po_err *err)
{
    size_t rows[NFILES] = { 0 };
    int rc = 0;
    for (size_t i = 0; i < NFILES && rc == 0; i++) {
        struct po_demo_csv c = PO_DEMO_CSV_INIT;
        files[i].write(&c, city);
        rc = po_demo_csv_save(&c, dir, files[i].name, err);
        rows[i] = c.rows;
        po_demo_csv_release(&c);
    }
    if (rc != 0) {
        po_err_context(err, "writing the demo city");
        return rc;
    }
    *st = (struct po_demo_stats){ rows[0], rows[1], rows[2], rows[3], rows[4],
                                  rows[5], rows[6], rows[7], rows[8] };
    return 0;
}

int po_demo_write(const char *dir, uint64_t seed, struct po_demo_stats *out, struct po_err *err)
{
    struct po_demo_stats st;
    memset(&st, 0, sizeof(st));
    struct po_arena *a = po_arena_new();
    if (!a)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    struct po_demo_city city;
    int rc = po_demo_city_build(&city, a, seed, err);
    if (rc == 0) {
        po_demo_ledger_run(&city);
        rc = write_all(dir, &city, &st, err);
    }
    po_arena_destroy(a);
    if (rc == 0 && out)
        *out = st;
    return rc;
}
