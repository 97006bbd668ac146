/*
 * test_factsources.c: data/fact_sources.csv as compiled in (refdata/factsources.h).  Every data item
 * an evaluation can find not recorded resolves to a Chinese name and a department that must
 * supply it: every fact a rule of data/rules.csv reads, the data items evaldb names behind its
 * derived facts, and those of the legal ranking (value_added, energy_use, loss_review).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "refdata/factsources.h"
#include "refdata/rulesdata.h"
#include "util/arena.h"

static void known(const struct po_factsources *fs, const char *tag)
{
    struct po_fact_source tmp;
    const struct po_fact_source *r = po_factsources_find(fs, tag, &tmp);
    if (!r->known || !*r->name_zh || !*r->name_en || !*r->supplier || !*r->source)
        fail_msg("%s: not in data/fact_sources.csv or data/equipment_params.csv", tag);
    if (strcmp(r->name_zh, tag) == 0)
        fail_msg("%s: no Chinese name", tag);
}

static void test_factsources__every_missing_tag_has_a_name_and_a_supplier(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_err err = PO_ERR_INIT;
    struct po_factsources fs;
    assert_int_equal(po_factsources_load(&fs, a, &err), 0);
    struct po_rulesdata rd;
    assert_int_equal(po_rulesdata_load(&rd, NULL, a, &err), 0);
    for (size_t i = 0; i < rd.rs.n; i++) {
        for (size_t k = 0; k < rd.rs.rules[i].nwhen; k++)
            known(&fs, rd.rs.rules[i].when[k].tag);
        for (size_t k = 0; k < rd.rs.rules[i].nunless; k++)
            known(&fs, rd.rs.rules[i].unless[k].tag);
    }
    static const char *const behind[] = { "profit",
                                          "assets_liabilities",
                                          "environment_inspection",
                                          "safety_inspection",
                                          "quality_inspection",
                                          "coal_washing_balance",
                                          "value_added",
                                          "energy_use",
                                          "loss_review",
                                          "commissioned" };
    for (size_t i = 0; i < sizeof behind / sizeof behind[0]; i++)
        known(&fs, behind[i]);
    /* an equipment parameter: its name and unit from equipment_params.csv, supplied by miit */
    struct po_fact_source tmp;
    const struct po_fact_source *h = po_factsources_find(&fs, "chamber_height_m", &tmp);
    assert_string_equal(h->name_zh, "炭化室高度（m）");
    assert_string_equal(h->supplier, "miit");
    assert_string_equal(po_factsources_find(&fs, "has_downstream", &tmp)->supplier, "miit");
    assert_string_equal(po_factsources_find(&fs, "environment_inspection", &tmp)->supplier,
                        "eco_env");
    /* an unknown tag is shown as itself, never dropped */
    const struct po_fact_source *u = po_factsources_find(&fs, "no_such_tag", &tmp);
    assert_false(u->known);
    assert_string_equal(u->name_zh, "no_such_tag");
    /* names and suppliers of a '|'-joined list */
    assert_string_equal(po_factsources_names(&fs, "value_added|energy_use", true, a),
                        "工业增加值、综合能源消费量");
    assert_string_equal(po_factsources_names(&fs, "value_added|energy_use", false, a),
                        "value added, comprehensive energy consumption");
    assert_string_equal(po_factsources_suppliers(&fs, "profit|assets_liabilities|energy_use", a),
                        "miit|energy");
    po_arena_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_factsources__every_missing_tag_has_a_name_and_a_supplier),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
