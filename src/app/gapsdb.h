/*
 * gapsdb.h: the 数据待补 (data to complete) work list.
 *
 * Built from the cannot-decide findings of the latest evaluation run (the newest year evaluated,
 * of that year the latest run: the run cases are opened from) whose `missing` names the data
 * items not recorded (migration 0016, tags of data/fact_sources.csv).  One item per enterprise
 * and data item: what is missing (its name, table and column), since when (the first run, by
 * year and id, whose cannot-decide findings of the enterprise named the item), who must supply it
 * (the department of data/fact_sources.csv), and the rules waiting on it.  Ordered by district,
 * enterprise, then the item's order of first appearance.
 *
 * Memory: the list lives in the arena given; po_gapsdb_json() returns a new reference the caller
 * owns (json_decref).  Errors: po_gapsdb_list() returns the store's codes, those of loading the
 * rule set and data/fact_sources.csv (refdata/), or PO_ENOMEM, with err filled; po_gapsdb_json()
 * NULL out of memory.
 */
#ifndef PO_GAPSDB_H
#define PO_GAPSDB_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "store/store.h"

struct po_arena;

struct po_gap_rule {
    const char *rule_id, *title_zh, *title_en; /* titles NULL when the rule file lacks it */
    int64_t version;
    const char *equipment_id; /* "" for an enterprise rule */
    const char *finding_id;
};

struct po_gap {
    const char *district_code, *district_name; /* name "" when the district is unknown */
    const char *uscc, *enterprise_name;
    const char *tag, *name_zh, *name_en, *table, *column;
    const char *source, *confidence; /* of the data/fact_sources.csv row; "" for an unknown tag */
    const char *supplier, *supplier_zh, *supplier_en; /* department; "" when none is known */
    int64_t since_run;
    int64_t since_year;
    const char *since_as_of;
    struct po_gap_rule *rules;
    size_t nrules;
};

struct po_gaps {
    int64_t run_id; /* 0: no evaluation run yet */
    int64_t year;
    const char *as_of;
    struct po_gap *items;
    size_t n;
};

/*
 * The work list, of district (its code; NULL or "": every district).  Everything lives in a.
 * A database without any run gives run_id 0 and no items.
 */
int po_gapsdb_list(struct po_gaps *out, struct po_store *st, const char *district,
                   struct po_arena *a, struct po_err *err);

/*
 * The list as JSON (new reference; NULL on allocation failure): {run: {id, year, as_of} | null,
 * district, districts: [{district_code, district_name, total}], total, items: [{district_code,
 * district_name, uscc, enterprise_name, missing (the tag), missing_zh, missing_en, table, column,
 * supplier_department, supplier_zh, supplier_en, since_run, since_year, since_as_of, rules:
 * [{rule_id, rule_version, rule_title_zh, rule_title_en, equipment_id, finding_id}]}]}.
 */
json_t *po_gapsdb_json(const struct po_gaps *g, const char *district);

#endif
