/*
 * demo_recipe.h: how the demo city's products are made, in energy.
 *
 * One row per product (struct po_demo_recipe in demo_city.h): the quota
 * range from grade 1 ("advanced") to grade 3 (the limit existing plants
 * must meet) of the standards in reference/energy_quota_standards.csv, the
 * electricity range, the split of the remaining energy over fuels, any
 * feedstock, and a price for the economics.  Read-only data.
 *
 * Memory: static.  Errors: none.
 */
#ifndef PO_DEMO_RECIPE_H
#define PO_DEMO_RECIPE_H

#include "demo/demo_model.h"

enum po_demo_recipe_id {
    PO_DEMO_R_COKE,
    PO_DEMO_R_CARBIDE,
    PO_DEMO_R_PVC,
    PO_DEMO_R_CAUSTIC,
    PO_DEMO_R_FESI,
    PO_DEMO_R_SIMN,
    PO_DEMO_R_CLINKER,
    PO_DEMO_R_CEMENT,
    PO_DEMO_R_LIME,
    PO_DEMO_R_WASHING,
    PO_DEMO_R_PIG_IRON,
    PO_DEMO_R_STEEL,
    PO_DEMO_R_METHANOL,
    PO_DEMO_R_WINE,
    PO_DEMO_R_PAINT,
    PO_DEMO_R_PIPE,
    PO_DEMO_R_POWER_LARGE,
    PO_DEMO_R_POWER_SMALL,
    PO_DEMO_R_COUNT
};

extern const struct po_demo_recipe po_demo_recipes[PO_DEMO_R_COUNT];

#endif
