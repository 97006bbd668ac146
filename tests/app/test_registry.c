/*
 * test_registry.c: the registry's lists (app/registry.h) and the paged-list engine under them
 * (app/listq.h), on SQLite and PostgreSQL.
 *
 * Three enterprises in two districts: a page and its total, the sort names mapped to their
 * columns (an unknown one keeps the default order), the district scope, LIKE metacharacters
 * matched literally, x_bool columns as JSON booleans, and the enterprise detail and district
 * lookup with PO_ENOTFOUND and err untouched on success.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "app/registry.h"
#include "store/testdb.h"
#include "store/storefix.h"
#include "util/arena.h"

static char g_dir[256];

struct fixture {
    const char *backend;
    char dsn[512];
    struct po_store *st;
    struct po_arena *a;
};

static int setup(void **state)
{
    struct fixture *fx = *state;
    int rc = storefix_open_arena(&fx->st, &fx->a, fx->dsn, sizeof(fx->dsn), fx->backend, g_dir,
                                 "registry");
    if (rc < 0)
        return rc;
    storefix_exec(fx->st, "INSERT INTO district(code, name, level) VALUES ('150302', '海勃湾区', "
                          "'district'), ('150303', '海南区', 'district')");
    storefix_exec(fx->st, "INSERT INTO industry(code, edition, name, two_high) VALUES "
                          "('2521', '2017', '炼焦', 1), ('3011', '2017', '水泥制造', NULL)");
    storefix_exec(fx->st,
                  "INSERT INTO enterprise(id, uscc, name, district_code, industry_code, employees) "
                  "VALUES (1, '911503021110312058', '甲焦化', '150302', '2521', 30), "
                  "(2, '911503031110312059', '乙100%_焦化', '150303', '2521', 10), "
                  "(3, '91150302MA0Q4KXL3E', '丙建材', '150302', '3011', 20)");
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    storefix_close(&fx->st, &fx->a);
    return 0;
}

/* The "uscc" of each item, space-separated. */
static const char *usccs(json_t *items, struct po_arena *a)
{
    const char *s = "";
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) s = po_arena_printf(
        a, "%s%s%s", s, i ? " " : "", json_string_value(json_object_get(it, "uscc")));
    return s;
}

static void test_registry__enterprise_pages(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    struct po_registry_ent_filter all = { .two_high = -1 };
    struct po_listq_page pg = { 2, 0, NULL, false };
    int64_t total = -1;
    json_t *items = po_registry_enterprises(&total, fx->st, fx->a, &all, &pg, &err);
    assert_non_null(items);
    assert_int_equal(total, 3);
    assert_string_equal(usccs(items, fx->a), "911503021110312058 91150302MA0Q4KXL3E");
    /* the joined names and the _bool column as a boolean (null for a class whose flag is not
     * recorded) */
    json_t *first = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(first, "district_name")), "海勃湾区");
    assert_true(json_is_true(json_object_get(first, "two_high")));
    assert_true(json_is_null(json_object_get(json_array_get(items, 1), "two_high")));
    assert_null(json_object_get(first, "two_high_bool"));
    json_decref(items);

    /* the second page, sorted by employees descending */
    pg = (struct po_listq_page){ 2, 2, "employees", true };
    items = po_registry_enterprises(&total, fx->st, fx->a, &all, &pg, &err);
    assert_int_equal(total, 3);
    assert_string_equal(usccs(items, fx->a), "911503031110312059");
    json_decref(items);
    pg = (struct po_listq_page){ 10, 0, "employees", false };
    items = po_registry_enterprises(&total, fx->st, fx->a, &all, &pg, &err);
    assert_string_equal(usccs(items, fx->a),
                        "911503031110312059 91150302MA0Q4KXL3E 911503021110312058");
    json_decref(items);
    /* a name that is not one of the list's sorts keeps the default order */
    pg = (struct po_listq_page){ 10, 0, "e.id; DROP TABLE enterprise", true };
    items = po_registry_enterprises(&total, fx->st, fx->a, &all, &pg, &err);
    assert_string_equal(usccs(items, fx->a),
                        "911503021110312058 91150302MA0Q4KXL3E 911503031110312059");
    json_decref(items);

    /* the scope, the two-high flag, and a keyword whose % and _ are literal */
    pg = (struct po_listq_page){ 10, 0, NULL, false };
    struct po_registry_ent_filter f = { .scope = "150302", .two_high = -1 };
    items = po_registry_enterprises(&total, fx->st, fx->a, &f, &pg, &err);
    assert_int_equal(total, 2);
    json_decref(items);
    f = (struct po_registry_ent_filter){ .two_high = 1 };
    items = po_registry_enterprises(&total, fx->st, fx->a, &f, &pg, &err);
    assert_int_equal(total, 2);
    json_decref(items);
    f = (struct po_registry_ent_filter){ .two_high = -1, .q = "100%_" };
    items = po_registry_enterprises(&total, fx->st, fx->a, &f, &pg, &err);
    assert_string_equal(usccs(items, fx->a), "911503031110312059");
    json_decref(items);
    f = (struct po_registry_ent_filter){ .two_high = -1, .q = "%" };
    items = po_registry_enterprises(&total, fx->st, fx->a, &f, &pg, &err);
    assert_int_equal(total, 1);
    json_decref(items);
    assert_int_equal(err.code, 0); /* untouched on success */
}

static void test_registry__enterprise_and_district(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    json_t *e = po_registry_enterprise(fx->st, fx->a, "2", &err);
    assert_non_null(e);
    assert_string_equal(json_string_value(json_object_get(e, "uscc")), "911503031110312059");
    assert_int_equal(po_registry_enterprise_sections(e, fx->st, "2026-01-01", &err), 0);
    assert_int_equal(json_array_size(json_object_get(e, "equipment")), 0);
    json_decref(e);
    e = po_registry_enterprise(fx->st, fx->a, "91150302MA0Q4KXL3E", &err);
    assert_int_equal(json_integer_value(json_object_get(e, "id")), 3);
    json_decref(e);
    /* an all-digit USCC is a USCC, not a row id */
    e = po_registry_enterprise(fx->st, fx->a, "911503021110312058", &err);
    assert_non_null(e);
    assert_int_equal(json_integer_value(json_object_get(e, "id")), 1);
    json_decref(e);
    const char *d = NULL;
    assert_int_equal(po_registry_enterprise_district(&d, fx->st, fx->a, "911503031110312059", &err),
                     0);
    assert_string_equal(d, "150303");
    assert_int_equal(err.code, 0);

    assert_null(po_registry_enterprise(fx->st, fx->a, "99", &err));
    assert_int_equal(err.code, PO_ENOTFOUND);
    struct po_err err2 = PO_ERR_INIT;
    assert_int_equal(po_registry_enterprise_district(&d, fx->st, fx->a, "nope", &err2),
                     PO_ENOTFOUND);
    assert_null(d);
    json_t *head, *rows;
    struct po_err err3 = PO_ERR_INIT;
    assert_int_equal(po_registry_reference(&head, &rows, fx->st, "no_such_table", &err3),
                     PO_ENOTFOUND);
    assert_null(head);
}

int main(void)
{
    if (testdb_tmpdir(g_dir, sizeof(g_dir)) < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry__enterprise_pages),
        cmocka_unit_test(test_registry__enterprise_and_district),
    };
    static struct fixture fxs[2] = { { .backend = "sqlite" }, { .backend = "pg" } };
    int failed = storefix_run_both(tests, sizeof(tests) / sizeof(tests[0]), setup, teardown,
                                   &fxs[0], &fxs[1]);
    testdb_rmdir(g_dir);
    return testdb_exit_status(failed);
}
