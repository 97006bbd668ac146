/*
 * demo_model.h: the types of the demo city's in-memory model (demo_city.h):
 * energy types, statuses, parameters, recipes, units, enterprises, sectors
 * and the city.  Plain data, no functions: demo_city.c builds the model from
 * the plants (demo_plant.h) and recipes (demo_recipe.h), which include only
 * this header, so none of them includes another.  Units and conventions are
 * demo_city.h's.
 */
#ifndef PO_DEMO_MODEL_H
#define PO_DEMO_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "demo/demo_csv.h"
#include "demo/demo_rng.h"
#include "util/arena.h"
#include "util/err.h"

/* Elements of an array (tables only). */
#define PO_DEMO_NELEM(x) (sizeof(x) / sizeof((x)[0]))

#define PO_DEMO_YEAR0 2023
#define PO_DEMO_YEARS 3
#define PO_DEMO_MONTHS (12 * PO_DEMO_YEARS)
#define PO_DEMO_MAX_PROD 2

/* Energy types the demo uses (a subset of docs/import.md's list). */
enum po_demo_energy {
    PO_DEMO_E_NONE = -1,
    PO_DEMO_E_RAW_COAL,
    PO_DEMO_E_WASHED_COAL,
    PO_DEMO_E_COKE,
    PO_DEMO_E_SEMI_COKE,
    PO_DEMO_E_COKE_OVEN_GAS,
    PO_DEMO_E_NATURAL_GAS,
    PO_DEMO_E_ELECTRICITY,
    PO_DEMO_E_STEAM,
    PO_DEMO_E_DIESEL,
    PO_DEMO_E_COUNT
};

/* Enterprise status (docs/import.md enterprises.status). */
enum po_demo_ent_status {
    PO_DEMO_OPERATING,
    PO_DEMO_LIMITED,
    PO_DEMO_SUSPENDED,
    PO_DEMO_CLOSED,
    PO_DEMO_EXITED
};

/* Equipment status (docs/import.md equipment.status). */
enum po_demo_unit_status {
    PO_DEMO_RUNNING,
    PO_DEMO_U_LIMITED,
    PO_DEMO_U_SUSPENDED,
    PO_DEMO_SEALED,
    PO_DEMO_DISMANTLED
};

/*
 * Equipment parameter columns, named by the tags of data/equipment_params.csv
 * (catalog_items.csv's parameters); each is set only on the equipment types
 * that file lists for it.
 */
enum po_demo_param {
    PO_DEMO_P_CHAMBER_HEIGHT_M,
    PO_DEMO_P_STAMP_CHARGED,
    PO_DEMO_P_CAPACITY_KVA,
    PO_DEMO_P_VOLUME_M3,
    PO_DEMO_P_NOMINAL_CAPACITY_T,
    PO_DEMO_P_UNIT_CAPACITY_MW,
    PO_DEMO_P_CAPACITY_T_PER_DAY,
    PO_DEMO_P_KILN_TYPE,
    PO_DEMO_P_CELL_TYPE,
    PO_DEMO_P_ROUTE,
    PO_DEMO_P_OPEN_TYPE,
    PO_DEMO_P_SEMI_CLOSED,
    PO_DEMO_P_CATALYST_HGCL2_PCT,
    PO_DEMO_P_USED_FOR_STEELMAKING,
    PO_DEMO_P_CAPACITY_MT_PER_YEAR,
    PO_DEMO_P_WASHING_CAPACITY,
    PO_DEMO_NPARAM
};

/*
 * How a product is made, in energy.  Comprehensive energy per unit of output
 * runs from adv (grade 1, "advanced") to lim (grade 3, the limit existing
 * plants must meet), in mgce per output unit (= gce/t for mass products).
 * Electricity runs from wh_adv to wh_lim, in Wh per 1000 output units
 * (Wh/t); what is left of the comprehensive figure is split over mix
 * (permille).  feed is feedstock (purpose feedstock) in base units per 1000
 * output units; feed_in_quota says whether the quota counts it.  Power
 * plants measure output in kWh and write no output row.
 */
struct po_demo_recipe {
    const char *product;
    const char *name_zh;
    const char *standard; /* the quota standard, or NULL */
    int64_t adv, lim;
    int64_t wh_adv, wh_lim;
    struct {
        enum po_demo_energy type;
        int permille;
    } mix[3];
    enum po_demo_energy feed;
    int64_t feed_per_1000;
    bool feed_in_quota;
    int64_t price;   /* yuan per 1000 output units */
    bool no_output;  /* output is not a mass (electricity) */
    bool winter_cut; /* staggered winter production (cement clinker) */
};

/* A production line or main piece of equipment. */
struct po_demo_unit {
    char id[16];
    const char *type; /* catalog_items.csv equipment_type tag */
    const char *name;
    enum po_demo_unit_status status;
    int comm_y, comm_m, comm_d; /* comm_d 0: YYYY-MM; comm_m 0: YYYY */
    int64_t capacity;
    const char *capacity_unit;
    int prod;     /* index into the enterprise's prod[], or -1 */
    int64_t rate; /* output units per year at full load */
    int start;    /* produces in month indexes [start, stop) */
    int stop;
    int load; /* permille of rate while producing */
    const char *param[PO_DEMO_NPARAM];
};

struct po_demo_prod {
    const struct po_demo_recipe *r;
    int pos; /* 2023 position: 0 = advanced value, 1000 = limit; may be outside */
    int64_t out[PO_DEMO_MONTHS]; /* output units per month (po_demo_ledger_run) */
};

struct po_demo_sector;

/* Enterprises with a scripted story in inspections.csv and licences.csv. */
enum po_demo_role {
    PO_DEMO_ROLE_NONE,
    PO_DEMO_ROLE_REVOKED,          /* safety licence revoked, then closed */
    PO_DEMO_ROLE_UNLICENSED,       /* produces without a production licence */
    PO_DEMO_ROLE_LICENCE_SUSPENDED /* pollutant discharge licence suspended */
};

struct po_demo_ent {
    size_t idx; /* position in the city */
    size_t nth; /* position within its sector */
    const struct po_demo_sector *sec;
    char uscc[19];
    const char *name;
    const char *address;
    const char *legal_rep; /* 法定代表人; NULL: not recorded */
    const char *override_reason; /* non-NULL: uscc fails its check on purpose */
    const char *district;
    const char *park; /* NULL: not in a park */
    enum po_demo_ent_status status;
    int stop; /* produces in month indexes [0, stop) at most */
    int founded;
    int employees;
    bool has_downstream;
    bool zombie;
    enum po_demo_role role;
    int util; /* permille of capacity used in a normal year */
    struct po_demo_unit *units;
    size_t nunits;
    struct po_demo_prod prod[PO_DEMO_MAX_PROD];
    size_t nprod;
};

/*
 * Builds an enterprise's equipment and products (demo_plant.c), from its
 * sector, status and position within the sector (e->nth).  Returns 0 or
 * PO_ENOMEM.
 */
typedef int po_demo_plant_fn(struct po_demo_ent *e, struct po_demo_rng *r, struct po_arena *a,
                             struct po_err *err);

struct po_demo_sector {
    const char *key;
    const char *industry;
    const char *edition;
    const char *words[4]; /* name words ("焦化"); NULL-terminated */
    int count;
    int park_w[6];     /* weights: no park, then the parks in table order */
    int district_w[3]; /* for enterprises outside parks */
    int emp_lo, emp_hi;
    int va_lo, va_hi; /* value-added rate, permille of gross output */
    po_demo_plant_fn *plant;
    bool hazchem;             /* needs a safety production licence */
    const char *prod_licence; /* production licence product class, or NULL */
};

struct po_demo_city {
    uint64_t seed;
    struct po_demo_ent *ents;
    size_t n;
};

#endif
