/*
 * test_rulesdata.c: the compiled-in rule set loads and checks; a broken
 * rule file on disk is refused, naming file, row and column.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "refdata/rulesdata.h"
#include "util/arena.h"

/* The compiled-in rule set, loaded into a (the test fails when it does not load). */
static void builtin(struct po_rulesdata *rd, struct po_arena *a)
{
    struct po_err err = PO_ERR_INIT;
    if (po_rulesdata_load(rd, NULL, a, &err) != 0)
        fail_msg("%s", err.msg);
}

static void test_rulesdata__builtin_loads(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_rulesdata rd;
    builtin(&rd, a);
    assert_true(rd.rs.n >= 40);
    assert_int_equal(strlen(rd.hash), 64);
    const struct po_rule *r = po_rulesdata_find(&rd, "IP-COKE-43", 1);
    assert_non_null(r);
    assert_int_equal(r->nunless, 2); /* stamp-charged >= 3.8 m */
    assert_string_equal(r->scope, "CN");
    assert_string_equal(r->unless[1].unit, "m");
    r = po_rulesdata_find(&rd, "IP-COKE-43", 2);
    assert_non_null(r);
    assert_int_equal(r->from.y, 2024);
    assert_true(r->low_confidence);
    r = po_rulesdata_find(&rd, "NMG-CARBIDE-30000", 1);
    assert_non_null(r);
    assert_string_equal(r->scope, "15");
    assert_int_equal(r->when[0].num_micro, 30000000000LL);
    r = po_rulesdata_find(&rd, "PF-ZOMBIE", 1);
    assert_non_null(r);
    assert_int_equal(r->subject, PO_RSUBJ_ENTERPRISE);
    po_arena_destroy(a);
}

/* Bureau users read the rule's Chinese name, never the id or the English title alone. */
static void test_rulesdata__every_builtin_rule_has_a_chinese_name(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_rulesdata rd;
    builtin(&rd, a);
    for (size_t i = 0; i < rd.rs.n; i++) {
        const struct po_rule *r = &rd.rs.rules[i];
        bool cjk = false;
        for (const unsigned char *p = (const unsigned char *)r->title_zh; *p; p++)
            cjk = cjk || *p >= 0xe4; /* the lead byte of a CJK ideograph in UTF-8 */
        if (r->title_zh == r->title || !cjk || strcmp(r->title_zh, r->id) == 0)
            fail_msg("%s/%d has no Chinese name: \"%s\"", r->id, r->version, r->title_zh);
    }
    assert_string_equal(po_rulesdata_find(&rd, "PF-INDEP-LIME", 1)->title_zh,
                        "无下游产业配套的独立石灰企业");
    po_arena_destroy(a);
}

static int load_text(struct po_rulesdata *rd, struct po_arena *a, const char *text,
                     struct po_err *err)
{
    char path[] = "/tmp/po_rulesXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *fp = fdopen(fd, "w");
    fputs(text, fp);
    fclose(fp);
    int rc = po_rulesdata_load(rd, path, a, err);
    unlink(path);
    return rc;
}

#define HEAD                                                                                       \
    "rule_id,version,criterion,subject,scope,effective_from,effective_to,"                         \
    "category,equipment_type,when,unless,measure,departments,doc_no,article,"                      \
    "issuer,measure_basis,title,catalog_rows,source,confidence"
#define ROW                                                                                        \
    "Y-1,1,energy,enterprise,1503,2021-01-01,,,,two_high=1,,rectify_6_months,drc,doc,art,DRC,b,t," \
    ",s,low"

/* A rule file of its own (--rules) may leave title_zh out; the English title is shown then. */
static void test_rulesdata__title_zh_column_optional(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_rulesdata rd;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(load_text(&rd, a, HEAD "\n" ROW "\n", &err), 0);
    assert_string_equal(rd.rs.rules[0].title_zh, "t");
    assert_int_equal(load_text(&rd, a, HEAD ",title_zh\n" ROW ",两高企业\n", &err), 0);
    assert_string_equal(rd.rs.rules[0].title_zh, "两高企业");
    assert_int_equal(load_text(&rd, a, HEAD ",title_zh\n" ROW ",\n", &err), 0);
    assert_string_equal(rd.rs.rules[0].title_zh, "t");
    assert_int_equal(load_text(&rd, a, HEAD ",titel_zh\n" ROW ",x\n", &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "title_zh"));
    po_arena_destroy(a);
}

/*
 * The loss_years look-back is the city's (zombie_loss_window_years, 3 as shipped): a rule
 * asking for more loss years than it counts could never fire, so the file is refused in both
 * languages, naming the rule; at the window, or below it, it loads.
 */
static void test_rulesdata__loss_years_beyond_window_refused(void **state)
{
    (void)state;
    static const struct {
        const char *when;
        int rc;
    } t[] = {
        { "loss_years>=3", 0 },         { "loss_years=3", 0 },
        { "loss_years>2", 0 },          { "loss_years<5", 0 },
        { "loss_years>=4", PO_EINVAL }, { "loss_years>3", PO_EINVAL },
        { "loss_years=4", PO_EINVAL },  { "two_high=1 & loss_years>=9", PO_EINVAL },
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        struct po_arena *a = po_arena_new();
        struct po_rulesdata rd;
        struct po_err err = PO_ERR_INIT;
        char text[1024];
        snprintf(text, sizeof text,
                 HEAD "\nZ-1,1,production_factor,enterprise,1503,2021-01-01,,,,%s,,"
                      "phase_out_plan,drc,doc,art,DRC,b,t,,s,low\n",
                 t[i].when);
        int rc = load_text(&rd, a, text, &err);
        if (rc != t[i].rc)
            fail_msg("%s: rc %d (%s)", t[i].when, rc, err.msg);
        if (rc == 0)
            assert_int_equal(rd.loss_window_years, 3);
        else {
            assert_non_null(strstr(err.msg, "rule Z-1 asks for more loss years than the look-back "
                                            "of 3"));
            assert_non_null(strstr(err.msg_zh, "zombie_loss_window_years"));
        }
        po_arena_destroy(a);
    }
}

static void test_rulesdata__broken_file_refused(void **state)
{
    (void)state;
    static const struct {
        const char *row;
        const char *want;
    } cases[] = {
        { "X-1,1,industrial_policy,equipment,CN,2020-01-01,,eliminated,coke_oven,"
          "chamber_height_m<4.3,,shutdown,miit,doc,art,NDRC,b,t,,s,high",
          "row 2 column measure" },
        { "X-1,1,industrial_policy,equipment,CN,2020-01-01,,eliminated,coke_oven,"
          "chamber_hight_m<4.3,,shutdown_dismantle_or_seal,miit,doc,art,NDRC,b,t,,s,high",
          "row 2 column when" },
        { "X-1,1,industrial_policy,equipment,CN,2020-01-01,,eliminated,coke_oven,"
          "chamber_height_m<4.3,,shutdown_dismantle_or_seal,miit,,art,NDRC,b,t,,s,high",
          "row 2 column doc_no" },
    };
    const char *good = "Y-1,1,energy,enterprise,1503,2021-01-01,,,,two_high=1,,"
                       "rectify_6_months,drc,doc,art,DRC,b,t,,s,low";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[] = "/tmp/po_rulesXXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        FILE *fp = fdopen(fd, "w");
        fprintf(fp,
                "rule_id,version,criterion,subject,scope,effective_from,effective_to,"
                "category,equipment_type,when,unless,measure,departments,doc_no,article,"
                "issuer,measure_basis,title,catalog_rows,source,confidence\n%s\n%s\n",
                good, cases[i].row);
        fclose(fp);
        struct po_arena *a = po_arena_new();
        struct po_rulesdata rd;
        struct po_err err = PO_ERR_INIT;
        int rc = po_rulesdata_load(&rd, path, a, &err);
        unlink(path);
        if (rc != PO_EINVAL || !strstr(err.msg, cases[i].want) || !strstr(err.msg, path))
            fail_msg("case %zu: rc %d %s", i, rc, err.msg);
        po_arena_destroy(a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rulesdata__builtin_loads),
        cmocka_unit_test(test_rulesdata__broken_file_refused),
        cmocka_unit_test(test_rulesdata__every_builtin_rule_has_a_chinese_name),
        cmocka_unit_test(test_rulesdata__title_zh_column_optional),
        cmocka_unit_test(test_rulesdata__loss_years_beyond_window_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
