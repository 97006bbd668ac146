/*
 * test_evalread.c: the difference of two evaluation runs (app/evalread.h), which both
 * `evaluate --diff` and GET /api/v1/evaluations/{id}/diff print.
 *
 * po_evalread_compare row by row: findings as "id:status:measure:evidence:basis:confidence"
 * specs, the differences as "change id" words in the order returned.  Then po_evalread_diff
 * on stored runs, on SQLite and PostgreSQL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app/evalread.h"
#include "store/testdb.h"
#include "store/storefix.h"
#include "util/arena.h"
#include "util/buf.h"

struct row {
    const char *a, *b; /* space-separated finding specs, sorted by id */
    const char *want;  /* "change id ..." */
};

/* clang-format off */
static const struct row rows[] = {
    { "", "", "" },
    { "1:c:m:e:b:h", "1:c:m:e:b:h", "" },
    { "", "1:c:m:e:b:h", "added 1" },
    { "1:c:m:e:b:h", "", "removed 1" },
    { "1:c:m:e:b:h 3:c:m:e:b:h", "2:c:m:e:b:h 3:c:m:e:b:h", "removed 1 added 2" },
    /* changed: the status, the measure, the evidence or the legal basis */
    { "1:c:m:e:b:h", "1:u:m:e:b:h", "changed 1" },
    { "1:c:m:e:b:h", "1:c:n:e:b:h", "changed 1" },
    { "1:c:m:e:b:h", "1:c:m:f:b:h", "changed 1" },
    { "1:c:m:e:b:h", "1:c:m:e:d:h", "changed 1" },
    /* not a change: another column (here the confidence) */
    { "1:c:m:e:b:h", "1:c:m:e:b:l", "" },
    /* one merge in finding_id order */
    { "1:c:m:e:b:h 2:c:m:e:b:h 4:c:m:e:b:h 6:c:m:e:b:h",
      "2:c:m:e:b:h 3:c:m:e:b:h 4:u:m:e:b:h 5:c:m:e:b:h",
      "removed 1 added 3 changed 4 added 5 removed 6" },
};
/* clang-format on */

/* The findings of spec, in a; *n of them. */
static struct po_stored_finding *parse(size_t *n, const char *spec, struct po_arena *a)
{
    struct po_stored_finding *f = po_arena_calloc(a, 8, sizeof *f);
    char *s = po_arena_strdup(a, spec), *save = NULL;
    assert_non_null(f);
    assert_non_null(s);
    *n = 0;
    for (char *w = strtok_r(s, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        assert_true(*n < 8);
        const char **col[] = { &f[*n].finding_id, &f[*n].status,      &f[*n].measure,
                               &f[*n].evidence,   &f[*n].legal_basis, &f[*n].confidence };
        char *save2 = NULL, *p = strtok_r(w, ":", &save2);
        for (size_t k = 0; k < 6; k++, p = strtok_r(NULL, ":", &save2)) {
            assert_non_null(p);
            *col[k] = p;
        }
        f[*n].uscc = "911503021110312058";
        (*n)++;
    }
    return f;
}

static const char *words(const struct po_evaldiff *d, size_t n, struct po_arena *a)
{
    struct po_buf b = PO_BUF_INIT;
    b.arena = a;
    for (size_t i = 0; i < n; i++) {
        const struct po_stored_finding *x = d[i].before ? d[i].before : d[i].after;
        po_buf_addf(&b, "%s%s %s", i ? " " : "", po_evalread_change_name(d[i].change),
                    x->finding_id);
        /* before and after are there exactly when the change says so */
        assert_true((d[i].before != NULL) == (d[i].change != PO_EVALDIFF_ADDED));
        assert_true((d[i].after != NULL) == (d[i].change != PO_EVALDIFF_REMOVED));
    }
    assert_false(po_buf_failed(&b));
    return b.buf;
}

static void test_evalread__compare_table(void **state)
{
    (void)state;
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++) {
        struct po_arena *a = po_arena_new();
        struct po_err err = PO_ERR_INIT;
        size_t na, nb, n = 99;
        struct po_stored_finding *fa = parse(&na, rows[r].a, a), *fb = parse(&nb, rows[r].b, a);
        struct po_evaldiff *d = NULL;
        assert_int_equal(po_evalread_compare(&d, &n, fa, na, fb, nb, a, &err), 0);
        const char *got = words(d, n, a);
        if (strcmp(got, rows[r].want) != 0)
            fail_msg("row %zu: got \"%s\", want \"%s\"", r, got, rows[r].want);
        po_arena_destroy(a);
    }
}

static void test_evalread__compare_out_of_memory(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_err err = PO_ERR_INIT;
    size_t na, nb, n = 99;
    struct po_stored_finding *fa = parse(&na, rows[4].a, a), *fb = parse(&nb, rows[4].b, a);
    struct po_evaldiff *d = NULL;
    po_arena_fail_after(a, 0);
    assert_int_equal(po_evalread_compare(&d, &n, fa, na, fb, nb, a, &err), PO_ENOMEM);
    assert_null(d);
    assert_int_equal(n, 0);
    po_arena_destroy(a);
}

/* ---- on stored runs ---- */

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
    return storefix_open_arena(&fx->st, &fx->a, fx->dsn, sizeof(fx->dsn), fx->backend, g_dir,
                               "evalread");
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    storefix_close(&fx->st, &fx->a);
    return 0;
}

/* A finding of run `run` (status, evidence) as an INSERT. */
static void finding(struct fixture *fx, int run_id, int seq, const char *id, const char *status,
                    const char *evidence)
{
    char sql[1024];
    snprintf(
        sql, sizeof sql,
        "INSERT INTO evaluation_finding(run_id, finding_id, seq, uscc, enterprise_name,"
        " equipment_id, criterion, rule_id, rule_version, status, measure, departments,"
        " evidence, legal_basis, measure_basis, confidence, source) VALUES (%d, '%s', %d,"
        " '911503021110312058', '甲焦化', 'K1', 'industrial_policy', 'NMG-COKE-43', 1, '%s',"
        " 'phase_out_plan', 'miit', '%s', '内发改环资字〔2021〕209号', '三（一）', 'high', 's')",
        run_id, id, seq, status, evidence);
    storefix_exec(fx->st, sql);
}

static void test_evalread__diff_of_stored_runs(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    for (int id = 1; id <= 2; id++) {
        char sql[512];
        snprintf(sql, sizeof sql,
                 "INSERT INTO evaluation_run(id, year, as_of, rules_name, rules_sha256,"
                 " data_sha256, nfindings, findings_sha256, created_at) VALUES (%d, 2024,"
                 " '2024-12-31', 'data/rules.csv', 'aa', 'bb', 3, 'cc', '2026-01-0%dT00:00:00Z')",
                 id, id);
        storefix_exec(fx->st, sql);
    }
    finding(fx, 1, 1, "00aa", "caught", "chamber_height_m = 4.3");
    finding(fx, 1, 2, "00bb", "caught", "chamber_height_m = 4.3");
    finding(fx, 1, 3, "00cc", "caught", "chamber_height_m = 4.3");
    finding(fx, 2, 1, "00bb", "caught", "chamber_height_m = 4.3");
    finding(fx, 2, 2, "00dd", "caught", "chamber_height_m = 4.3");
    finding(fx, 2, 3, "00cc", "cannot_decide", "chamber_height_m missing");

    struct po_evaldiff *d = NULL;
    size_t n = 0;
    assert_int_equal(po_evalread_diff(&d, &n, fx->st, 1, 2, fx->a, &err), 0);
    assert_string_equal(words(d, n, fx->a), "removed 00aa changed 00cc added 00dd");
    assert_string_equal(d[1].before->status, "caught");
    assert_string_equal(d[1].after->status, "cannot_decide");
    assert_int_equal(d[1].after->run_id, 2);
    assert_string_equal(d[1].after->created_at, "2026-01-02T00:00:00Z");
    assert_int_equal(po_evalread_diff(&d, &n, fx->st, 2, 1, fx->a, &err), 0);
    assert_string_equal(words(d, n, fx->a), "added 00aa changed 00cc removed 00dd");
    assert_int_equal(po_evalread_diff(&d, &n, fx->st, 2, 2, fx->a, &err), 0);
    assert_int_equal(n, 0);

    /* a run that does not exist is named, the first one read first */
    assert_int_equal(po_evalread_diff(&d, &n, fx->st, 99, 98, fx->a, &err), PO_ENOTFOUND);
    assert_non_null(strstr(err.msg, "99"));
    struct po_err err2 = PO_ERR_INIT;
    assert_int_equal(po_evalread_diff(&d, &n, fx->st, 1, 98, fx->a, &err2), PO_ENOTFOUND);
    assert_non_null(strstr(err2.msg, "98"));
}

int main(void)
{
    const struct CMUnitTest pure[] = {
        cmocka_unit_test(test_evalread__compare_table),
        cmocka_unit_test(test_evalread__compare_out_of_memory),
    };
    int failed = cmocka_run_group_tests_name("compare", pure, NULL, NULL);
    if (testdb_tmpdir(g_dir, sizeof(g_dir)) < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evalread__diff_of_stored_runs),
    };
    static struct fixture fxs[2] = { { .backend = "sqlite" }, { .backend = "pg" } };
    failed += storefix_run_both(tests, sizeof(tests) / sizeof(tests[0]), setup, teardown, &fxs[0],
                                &fxs[1]);
    testdb_rmdir(g_dir);
    return testdb_exit_status(failed);
}
