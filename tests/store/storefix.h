/*
 * storefix.h: what every database-backed cmocka test file does the same way.
 *
 * Include after <cmocka.h> and store/testdb.h.  Each test gets a fresh
 * database (storefix_open) and the whole list runs once per backend
 * (storefix_run_both): SQLite always, PostgreSQL when PHASEOUT_TEST_PG_DSN is
 * set; otherwise the PostgreSQL group is listed as skipped, test by test
 * (cmocka's skip()), and main ends with `return testdb_exit_status(failed);`
 * so the binary exits 77.  Header-only because every test is one .c file
 * (Makefile).
 */
#ifndef PO_STOREFIX_H
#define PO_STOREFIX_H

#include <stdio.h>
#include <stdlib.h>

#include "app/open.h"
#include "store/store.h"
#include "util/arena.h"

/*
 * Create a fresh database "<prefix><n>" for backend in dir, its DSN in dsn,
 * and open (migrate) it into *st.  0, or -1 after saying why on stderr.
 */
static inline int storefix_open(struct po_store **st, char *dsn, size_t n, const char *backend,
                                const char *dir, const char *prefix)
{
    static int seq;
    char name[64];
    snprintf(name, sizeof(name), "%s%d", prefix, ++seq);
    if (testdb_create(dsn, n, backend, dir, name) < 0)
        return -1;
    struct po_err err = PO_ERR_INIT;
    if (po_app_open(st, dsn, &err) < 0) {
        fprintf(stderr, "open %s: %s\n", dsn, err.msg);
        return -1;
    }
    return 0;
}

/* storefix_open, then a new arena into *a (the fixture's st and a).  0, or -1. */
static inline int storefix_open_arena(struct po_store **st, struct po_arena **a, char *dsn,
                                      size_t n, const char *backend, const char *dir,
                                      const char *prefix)
{
    if (storefix_open(st, dsn, n, backend, dir, prefix) < 0)
        return -1;
    *a = po_arena_new();
    return *a ? 0 : -1;
}

/* Close what storefix_open_arena opened; both NULL after. */
static inline void storefix_close(struct po_store **st, struct po_arena **a)
{
    po_store_close(*st);
    po_arena_destroy(*a);
    *st = NULL;
    *a = NULL;
}

/* Run sql (no parameters) on st; a failure fails the test, naming the statement. */
static inline void storefix_exec(struct po_store *st, const char *sql)
{
    struct po_err err = PO_ERR_INIT;
    if (po_store_exec(st, sql, &err) < 0)
        fail_msg("%s: %s", sql, err.msg);
}

/* The integer sql selects with params[0..n); a failure fails the test. */
static inline int64_t storefix_intv(struct po_store *st, const char *sql,
                                    const struct po_value *params, size_t n)
{
    struct po_err err = PO_ERR_INIT;
    int64_t v = -1;
    if (po_store_query_int(&v, st, sql, params, n, &err) < 0)
        fail_msg("%s: %s", sql, err.msg);
    return v;
}

/* The integer sql (no parameters) selects; a failure fails the test. */
static inline int64_t storefix_int(struct po_store *st, const char *sql)
{
    return storefix_intv(st, sql, NULL, 0);
}

/* The integer sql selects with one text parameter arg (NULL: none). */
static inline int64_t storefix_int_text(struct po_store *st, const char *sql, const char *arg)
{
    struct po_value p = po_vtext(arg);
    return storefix_intv(st, sql, &p, arg ? 1 : 0);
}

/* Column col of audit_log row id as text, in a; the row must exist. */
static inline const char *storefix_audit_col(struct po_store *st, struct po_arena *a, int64_t id,
                                             const char *col)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT %s FROM audit_log WHERE id = ?", col);
    struct po_err err = PO_ERR_INIT;
    struct po_stmt *s = NULL;
    const char *out = NULL;
    if (po_stmt_prepare(&s, st, sql, &err) == 0 && po_stmt_bind(s, 1, po_vint(id), &err) == 0 &&
        po_stmt_step(s, &err) == 1)
        out = po_arena_strdup(a, po_stmt_text(s, 0));
    po_stmt_finalize(s);
    assert_non_null(out);
    return out;
}

static void storefix_skip_(void **state)
{
    (void)state;
    skip();
}

/*
 * Report tests[0..n) as group's skipped tests without running them (cmocka
 * lists each as SKIPPED) and testdb_skip(group, why).  0 failed, or 1 when out
 * of memory.
 */
static inline int storefix_skip_group(const char *group, const struct CMUnitTest *tests, size_t n,
                                      const char *why)
{
    struct CMUnitTest *run = calloc(n, sizeof(*run));
    if (!run)
        return 1;
    for (size_t i = 0; i < n; i++) {
        run[i].name = tests[i].name;
        run[i].test_func = storefix_skip_;
    }
    testdb_skip(group, why);
    _cmocka_run_group_tests(group, run, n, NULL, NULL);
    free(run);
    return 0;
}

/*
 * Run tests[0..n) with setup/teardown, first with sqlite_state as every
 * test's initial state, then (when PostgreSQL is on) with pg_state; with
 * PostgreSQL off the second run is storefix_skip_group("pg", ...).
 * Returns the number of failed tests.
 */
static inline int storefix_run_both(const struct CMUnitTest *tests, size_t n,
                                    CMFixtureFunction setup, CMFixtureFunction teardown,
                                    void *sqlite_state, void *pg_state)
{
    struct CMUnitTest *run = calloc(n, sizeof(*run));
    if (!run)
        return 1;
    int failed = 0;
    for (int b = 0; b < 2; b++) {
        if (b && !testdb_pg_dsn()) {
            failed += storefix_skip_group("pg", tests, n, "PHASEOUT_TEST_PG_DSN not set");
            break;
        }
        for (size_t i = 0; i < n; i++) {
            run[i] = tests[i];
            run[i].setup_func = setup;
            run[i].teardown_func = teardown;
            run[i].initial_state = b ? pg_state : sqlite_state;
        }
        failed += _cmocka_run_group_tests(b ? "pg" : "sqlite", run, n, NULL, NULL);
    }
    free(run);
    return failed;
}

#endif
