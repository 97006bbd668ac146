/*
 * test_store.c: the storage conformance suite (STYLE.md 6).
 *
 * Every case runs on SQLite (a real file in a temporary directory) and, when
 * PHASEOUT_TEST_PG_DSN is set, again on PostgreSQL (unset: the PostgreSQL
 * cases are listed as skipped and the binary exits 77); each case gets a fresh
 * database, migrated.  Cases test the contract of store.h, not a backend:
 * where the backends may differ, the case does not look.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/open.h"
#include "store/copy.h"
#include "store/migrate.h"
#include "store/store.h"
#include "store/testdb.h"
#include "store/storefix.h"
#include "util/embed.h"

/* The schema version a fresh database reaches: the last migration's. */
static int newest_version(void)
{
    size_t n;
    const struct po_migration *m = po_migrations(&n);
    return m[n - 1].version;
}

struct suite {
    const char *backend; /* "sqlite" or "pg" */
    const char *dir;
    int seq;
};

struct fixture {
    struct suite *suite;
    char name[32];
    char dsn[512];
    struct po_store *st;
    int extra; /* databases made by fx_another() */
};

#define CHECK(call) check_rc((call), &err, __FILE__, __LINE__)

static void check_rc(int rc, const struct po_err *err, const char *file, int line)
{
    if (rc >= 0)
        return;
    print_error("%s (%d): %s [%s] %s\n", po_err_name(rc), rc, err->msg, err->context, err->detail);
    _fail(file, line);
}

static int setup(void **state)
{
    struct suite *su = *state;
    struct fixture *fx = calloc(1, sizeof(*fx));
    if (!fx)
        return -1;
    fx->suite = su;
    snprintf(fx->name, sizeof(fx->name), "c%d", ++su->seq);
    struct po_err err = PO_ERR_INIT;
    if (testdb_create(fx->dsn, sizeof(fx->dsn), su->backend, su->dir, fx->name) < 0 ||
        po_app_open(&fx->st, fx->dsn, &err) < 0) {
        print_error("setup %s: %s\n", fx->dsn, err.msg);
        free(fx);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    po_store_close(fx->st);
    testdb_destroy(fx->suite->backend, fx->name);
    for (int i = 1; i <= fx->extra; i++) {
        char name[48];
        snprintf(name, sizeof(name), "%s_%d", fx->name, i);
        testdb_destroy(fx->suite->backend, name); /* SQLite files go with the directory */
    }
    free(fx);
    return 0;
}

/*
 * Another fresh database for the case, of backend be, opened and migrated.
 * PostgreSQL databases get pg_options (see testdb_create_opts).
 */
static struct po_store *fx_another(struct fixture *fx, const char *be, const char *pg_options,
                                   char *dsn, size_t n)
{
    char name[48];
    snprintf(name, sizeof(name), "%s_%d", fx->name, ++fx->extra);
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    assert_int_equal(testdb_create_opts(dsn, n, be, fx->suite->dir, name, pg_options), 0);
    CHECK(po_app_open(&st, dsn, &err));
    return st;
}

static int64_t count(struct po_store *st, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
    int64_t n = -1;
    struct po_err err = PO_ERR_INIT;
    CHECK(po_store_query_int(&n, st, sql, NULL, 0, &err));
    return n;
}

static void run(struct po_store *st, const char *sql, const struct po_value *v, size_t n)
{
    struct po_err err = PO_ERR_INIT;
    CHECK(po_store_run(st, sql, v, n, &err));
}

/* One district, one industry, enterprise id 1: what most cases build on. */
static void seed_min(struct po_store *st)
{
    run(st, "INSERT INTO district(code, name, level) VALUES ('110000', '北京市', 'province')", NULL,
        0);
    run(st,
        "INSERT INTO industry(code, edition, name, two_high)"
        " VALUES ('3011', '2017', '水泥制造', 1)",
        NULL, 0);
    run(st,
        "INSERT INTO enterprise(id, uscc, name, district_code, industry_code) "
        "VALUES (1, '91110000000000001X', '甲水泥厂', '110000', '3011')",
        NULL, 0);
}

/* ---- migrations ---- */

static void test_store__migrate_twice_is_idempotent(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    int v = 0;
    CHECK(po_migrate_version(&v, fx->st, &err));
    assert_int_equal(v, newest_version());
    CHECK(po_migrate(fx->st, &err));
    CHECK(po_migrate_version(&v, fx->st, &err));
    assert_int_equal(v, newest_version());
    po_store_close(fx->st);
    fx->st = NULL;
    CHECK(po_app_open(&fx->st, fx->dsn, &err));
    CHECK(po_migrate_version(&v, fx->st, &err));
    assert_int_equal(v, newest_version());
    size_t nsteps;
    po_migrations(&nsteps); /* one row per step: helpers' numbers may leave gaps until merged */
    assert_int_equal(count(fx->st, "schema_version"), (int64_t)nsteps);
    assert_int_equal(count(fx->st, "district"), 0);
}

/*
 * 0011: a database made before step 11 (every step but 11 applied, as an existing deployment
 * at 13 is) gets the step on the next open; its enterprises keep has_downstream 0 and 1, its
 * industries two_high, every foreign key still holds, the revision triggers still fire, and a
 * new enterprise or industry written without the fact has it not recorded (NULL), not 0.
 */
static void test_store__facts_become_nullable_on_an_old_database(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    char dsn[512], name[48];
    snprintf(name, sizeof(name), "%s_%d", fx->name, ++fx->extra);
    const char *be = fx->suite->backend;
    assert_int_equal(testdb_create(dsn, sizeof(dsn), be, fx->suite->dir, name), 0);
    struct po_store *st = NULL;
    CHECK(po_store_open(&st, dsn, &err));
    CHECK(po_store_exec(st,
                        "CREATE TABLE schema_version (version INTEGER PRIMARY KEY,"
                        " description TEXT NOT NULL, applied_at TEXT NOT NULL)",
                        &err));
    size_t n;
    const struct po_migration *m = po_migrations(&n);
    for (size_t i = 0; i < n; i++) {
        if (m[i].version == 11)
            continue;
        const struct po_embedded *e =
            po_embed_find(strcmp(be, "pg") == 0 ? m[i].sql_pg : m[i].sql_sqlite);
        assert_non_null(e);
        CHECK(po_store_exec(st, (const char *)e->data, &err));
        struct po_value v = po_vint(m[i].version);
        CHECK(po_store_run(st,
                           "INSERT INTO schema_version VALUES (?, 'old', '2026-01-01T00:00:00Z')",
                           &v, 1, &err));
    }
    seed_min(st);
    run(st,
        "INSERT INTO enterprise(id, uscc, name, district_code, industry_code, has_downstream) "
        "VALUES (2, '91110000000000002X', '乙石灰厂', '110000', '3011', 1)",
        NULL, 0);
    run(st,
        "INSERT INTO equipment(enterprise_id, equipment_id, equipment_type) VALUES (2, 'K1', "
        "'lime_kiln')",
        NULL, 0);
    /* before the step: not NULL, 0 by default */
    assert_int_equal(storefix_int(st, "SELECT has_downstream FROM enterprise WHERE id = 1"), 0);
    po_store_close(st);
    st = NULL;
    CHECK(po_app_open(&st, dsn, &err));
    assert_int_equal(count(st, "schema_version"), (int64_t)n);
    assert_int_equal(storefix_int(st, "SELECT has_downstream FROM enterprise WHERE id = 1"), 0);
    assert_int_equal(storefix_int(st, "SELECT has_downstream FROM enterprise WHERE id = 2"), 1);
    assert_int_equal(storefix_int(st, "SELECT count(*) FROM industry WHERE two_high IS NULL"), 0);
    assert_int_equal(count(st, "equipment"), 1);
    run(st,
        "INSERT INTO enterprise(id, uscc, name, district_code, industry_code) "
        "VALUES (3, '91110000000000003X', '丙电石厂', '110000', '3011')",
        NULL, 0);
    assert_int_equal(
        storefix_int(st, "SELECT count(*) FROM enterprise WHERE id = 3 AND has_downstream IS NULL"),
        1);
    run(st, "INSERT INTO industry(code, edition, name) VALUES ('3012', '2017', '石灰')", NULL, 0);
    assert_int_equal(
        storefix_int(st, "SELECT count(*) FROM industry WHERE code = '3012' AND two_high IS NULL"),
        1);
    /* the revision trigger is back, the foreign keys still hold */
    int64_t revs = count(st, "revision");
    run(st, "UPDATE enterprise SET has_downstream = NULL WHERE id = 2", NULL, 0);
    assert_int_equal(count(st, "revision"), revs + 1);
    struct po_err e2 = PO_ERR_INIT;
    assert_int_equal(po_store_run(st,
                                  "INSERT INTO equipment(enterprise_id, equipment_id, "
                                  "equipment_type) VALUES (99, 'X', 'lime_kiln')",
                                  NULL, 0, &e2),
                     PO_ECONFLICT);
    assert_int_equal(
        po_store_run(st, "UPDATE enterprise SET has_downstream = 2 WHERE id = 2", NULL, 0, &e2),
        PO_ECONFLICT);
    po_store_close(st);
}

static void test_store__newer_database_refused(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    run(fx->st,
        "INSERT INTO schema_version(version, description, applied_at) "
        "VALUES (999, 'from the future', '2099-01-01T00:00:00Z')",
        NULL, 0);
    assert_int_equal(po_migrate(fx->st, &err), PO_ECONFLICT);
    assert_non_null(strstr(err.msg, "999"));
    po_store_close(fx->st);
    fx->st = NULL;
    struct po_store *st = NULL;
    assert_int_equal(po_app_open(&st, fx->dsn, &err), PO_ECONFLICT);
    assert_null(st);
    CHECK(po_store_open(&fx->st, fx->dsn, &err)); /* for teardown */
}

/* ---- values ---- */

struct typed_row {
    struct po_value i, t, r;
};

static void check_value(struct po_value got, struct po_value want, int64_t row)
{
    if (got.type != want.type)
        fail_msg("row %" PRId64 ": type %d, want %d", row, got.type, want.type);
    if (want.type == PO_V_INT)
        assert_true(got.i == want.i);
    if (want.type == PO_V_REAL)
        assert_true(got.r == want.r);
    if (want.type == PO_V_TEXT) {
        assert_int_equal(got.len, want.len);
        assert_memory_equal(got.s, want.s, want.len);
    }
}

static void check_typed_rows(struct po_store *st, const struct typed_row *rows, size_t n)
{
    struct po_err err = PO_ERR_INIT;
    struct po_stmt *s;
    CHECK(po_stmt_prepare(&s, st, "SELECT k, i, t, r FROM po_types ORDER BY k", &err));
    for (size_t k = 0; k < n; k++) {
        assert_int_equal(po_stmt_step(s, &err), 1);
        assert_int_equal(po_stmt_int(s, 0), (int64_t)k);
        check_value(po_stmt_col(s, 1), rows[k].i, (int64_t)k);
        check_value(po_stmt_col(s, 2), rows[k].t, (int64_t)k);
        check_value(po_stmt_col(s, 3), rows[k].r, (int64_t)k);
    }
    assert_int_equal(po_stmt_step(s, &err), 0);
    po_stmt_finalize(s);
}

static void test_store__types_round_trip(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    static const char zh[] = "淘汰落后产能：水泥熟料 ≤ 2500 t/d（能耗双控）";
    static const char esc[] = "tab\there\nnew\\line\r and 'quote' ? \\N";
    const struct typed_row rows[] = {
        { po_vint(INT64_MAX), po_vtext(""), po_vreal(0.1) },
        { po_vint(INT64_MIN), PO_VNULL, po_vreal(-1e300) },
        { po_vint(0), po_vtext(zh), PO_VNULL },
        { po_vint(-1), po_vtext(esc), po_vreal(1.0 / 3.0) },
        { PO_VNULL, po_vtext("\\N"), po_vreal(-0.5) },
    };
    size_t n = sizeof(rows) / sizeof(rows[0]);
    CHECK(po_store_exec(fx->st,
                        "CREATE TABLE po_types (k BIGINT PRIMARY KEY, i BIGINT, t TEXT,"
                        " r DOUBLE PRECISION)",
                        &err));
    struct po_stmt *ins;
    CHECK(po_stmt_prepare(&ins, fx->st, "INSERT INTO po_types(k, i, t, r) VALUES (?, ?, ?, ?)",
                          &err));
    for (size_t k = 0; k < n; k++) {
        struct po_value v[4] = { po_vint((int64_t)k), rows[k].i, rows[k].t, rows[k].r };
        CHECK(po_stmt_bindv(ins, v, 4, &err));
        assert_int_equal(po_stmt_step(ins, &err), 0);
        assert_int_equal(po_stmt_changes(ins), 1);
        CHECK(po_stmt_reset(ins, &err));
    }
    po_stmt_finalize(ins);
    check_typed_rows(fx->st, rows, n);

    /* `?` in literals and comments is not a parameter. */
    int64_t got = 0;
    struct po_value one = po_vint(1);
    CHECK(po_store_query_int(&got, fx->st,
                             "SELECT count(*) FROM po_types -- any? rows\n"
                             "WHERE t = 'what?' OR t = '''?' /* ? */ OR k = ?",
                             &one, 1, &err));
    assert_int_equal(got, 1);

    /* The same values through the bulk path (COPY escaping on PostgreSQL). */
    static const char *const cols[] = { "k", "i", "t", "r" };
    const struct po_table_desc td = { "po_types", cols, 4, 1 };
    CHECK(po_store_exec(fx->st, "DELETE FROM po_types", &err));
    CHECK(po_store_begin(fx->st, &err));
    struct po_upsert *u;
    CHECK(po_upsert_begin(&u, fx->st, &td, &err));
    for (size_t k = 0; k < n; k++) {
        struct po_value v[4] = { po_vint((int64_t)k), rows[k].i, rows[k].t, rows[k].r };
        CHECK(po_upsert_row(u, v, &err));
    }
    struct po_upsert_counts c;
    CHECK(po_upsert_end(u, &c, &err));
    CHECK(po_store_commit(fx->st, &err));
    assert_int_equal(c.inserted, (int64_t)n);
    check_typed_rows(fx->st, rows, n);
}

/* ---- statements ---- */

static void test_store__statement_reuse_with_reset(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    seed_min(fx->st);
    struct po_stmt *ins;
    CHECK(po_stmt_prepare(
        &ins, fx->st, "INSERT INTO district(code, name, level, parent_code) VALUES (?, ?, ?, ?)",
        &err));
    for (int i = 0; i < 50; i++) {
        char code[16], name[32];
        snprintf(code, sizeof(code), "1101%02d", i);
        snprintf(name, sizeof(name), "区%d", i);
        struct po_value v[4] = { po_vtext(code), po_vtext(name),
                                 po_vtext(i % 2 ? "district" : "city"), po_vtext("110000") };
        CHECK(po_stmt_bindv(ins, v, 4, &err));
        assert_int_equal(po_stmt_step(ins, &err), 0);
        CHECK(po_stmt_reset(ins, &err));
    }
    po_stmt_finalize(ins);
    assert_int_equal(count(fx->st, "district"), 51);

    struct po_stmt *q;
    CHECK(po_stmt_prepare(&q, fx->st,
                          "SELECT code, name FROM district WHERE level = ? ORDER BY code", &err));
    assert_int_equal(po_stmt_ncols(q), 2);
    assert_string_equal(po_stmt_colname(q, 1), "name");
    static const struct {
        const char *level;
        int rows;
        const char *first;
    } cases[] = {
        { "city", 25, "110100" },    { "district", 25, "110101" }, { "park", 0, NULL },
        { "province", 1, "110000" }, { "city", 25, "110100" },
    };
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        CHECK(po_stmt_bind(q, 1, po_vtext(cases[c].level), &err));
        int n = 0, rc;
        while ((rc = po_stmt_step(q, &err)) == 1) {
            if (n == 0)
                assert_string_equal(po_stmt_text(q, 0), cases[c].first);
            n++;
        }
        CHECK(rc);
        assert_int_equal(n, cases[c].rows);
        CHECK(po_stmt_reset(q, &err));
    }
    /* Reset in the middle of a result, then run again. */
    CHECK(po_stmt_bind(q, 1, po_vtext("city"), &err));
    assert_int_equal(po_stmt_step(q, &err), 1);
    assert_int_equal(po_stmt_step(q, &err), 1);
    CHECK(po_stmt_reset(q, &err));
    CHECK(po_stmt_bind(q, 1, po_vtext("district"), &err));
    assert_int_equal(po_stmt_step(q, &err), 1);
    assert_string_equal(po_stmt_text(q, 0), "110101");
    po_stmt_finalize(q);

    struct po_stmt *up;
    CHECK(
        po_stmt_prepare(&up, fx->st, "UPDATE district SET name = name || ? WHERE level = ?", &err));
    struct po_value v[2] = { po_vtext("·"), po_vtext("district") };
    CHECK(po_stmt_bindv(up, v, 2, &err));
    assert_int_equal(po_stmt_step(up, &err), 0);
    assert_int_equal(po_stmt_changes(up), 25);
    CHECK(po_stmt_reset(up, &err));
    v[1] = po_vtext("nowhere");
    CHECK(po_stmt_bindv(up, v, 2, &err));
    assert_int_equal(po_stmt_step(up, &err), 0);
    assert_int_equal(po_stmt_changes(up), 0);
    po_stmt_finalize(up);
}

/* More statements than any backend's cache: alive at once, and one after another. */
static void test_store__many_statements(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    enum { N = 150 };
    struct po_stmt *live[N];
    for (int i = 0; i < N; i++) {
        char sql[64];
        snprintf(sql, sizeof(sql), "SELECT %d + ?", i);
        CHECK(po_stmt_prepare(&live[i], fx->st, sql, &err));
    }
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i < N; i++) {
            CHECK(po_stmt_bind(live[i], 1, po_vint(round), &err));
            assert_int_equal(po_stmt_step(live[i], &err), 1);
            assert_int_equal(po_stmt_int(live[i], 0), i + round);
            CHECK(po_stmt_reset(live[i], &err));
        }
    }
    for (int i = 0; i < N; i++)
        po_stmt_finalize(live[i]);
    for (int i = 0; i < 3 * N; i++) {
        char sql[64];
        snprintf(sql, sizeof(sql), "SELECT %d + ?", i % (2 * N));
        int64_t got = 0;
        struct po_value v = po_vint(1);
        CHECK(po_store_query_int(&got, fx->st, sql, &v, 1, &err));
        assert_int_equal(got, i % (2 * N) + 1);
    }
}

static void test_store__constraint_violations_conflict(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    seed_min(fx->st);
    static const struct {
        const char *what, *sql;
    } cases[] = {
        { "primary key", "INSERT INTO district(code, name, level) VALUES ('110000', 'x', 'city')" },
        { "unique", "INSERT INTO enterprise(uscc, name, district_code, industry_code)"
                    " VALUES ('91110000000000001X', '乙', '110000', '3011')" },
        { "foreign key", "INSERT INTO enterprise(uscc, name, district_code, industry_code)"
                         " VALUES ('91110000000000002X', '丙', '999999', '3011')" },
        { "composite foreign key",
          "INSERT INTO enterprise(uscc, name, district_code, industry_code, industry_edition)"
          " VALUES ('91110000000000003X', '丁', '110000', '3011', '2011')" },
        { "check", "INSERT INTO district(code, name, level) VALUES ('120000', 'x', 'planet')" },
        { "check on update", "UPDATE enterprise SET employees = -1" },
        { "not null", "INSERT INTO district(code, level) VALUES ('130000', 'province')" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        po_err_clear(&err);
        int rc = po_store_run(fx->st, cases[i].sql, NULL, 0, &err);
        if (rc != PO_ECONFLICT)
            fail_msg("%s: got %d (%s), want PO_ECONFLICT", cases[i].what, rc, err.msg);
        assert_int_equal(err.code, PO_ECONFLICT);
        assert_true(err.msg[0] && err.msg_zh[0]);
    }
    /* Inside a transaction: the caller rolls back and nothing of it stays. */
    CHECK(po_store_begin(fx->st, &err));
    run(fx->st, "INSERT INTO district(code, name, level) VALUES ('120000', '天津市', 'province')",
        NULL, 0);
    assert_int_equal(po_store_run(fx->st, cases[0].sql, NULL, 0, &err), PO_ECONFLICT);
    CHECK(po_store_rollback(fx->st, &err));
    assert_int_equal(count(fx->st, "district"), 1);
    assert_int_equal(count(fx->st, "enterprise"), 1);
}

/* ---- transactions ---- */

static int64_t districts_seen_by(const char *dsn)
{
    struct po_err err = PO_ERR_INIT;
    struct po_store *other;
    CHECK(po_store_open(&other, dsn, &err));
    int64_t n = count(other, "district");
    po_store_close(other);
    return n;
}

static void test_store__nested_begin_commit_counts(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    CHECK(po_store_begin(fx->st, &err));
    CHECK(po_store_begin(fx->st, &err));
    run(fx->st, "INSERT INTO district(code, name, level) VALUES ('110000', 'a', 'province')", NULL,
        0);
    CHECK(po_store_commit(fx->st, &err)); /* inner: nothing reaches the database */
    assert_int_equal(fx->st->tx_depth, 1);
    assert_int_equal(districts_seen_by(fx->dsn), 0);
    CHECK(po_store_commit(fx->st, &err));
    assert_int_equal(fx->st->tx_depth, 0);
    assert_int_equal(districts_seen_by(fx->dsn), 1);

    /* An inner rollback dooms the outer transaction. */
    CHECK(po_store_begin(fx->st, &err));
    run(fx->st, "INSERT INTO district(code, name, level) VALUES ('120000', 'b', 'province')", NULL,
        0);
    CHECK(po_store_begin(fx->st, &err));
    CHECK(po_store_rollback(fx->st, &err));
    assert_int_equal(po_store_commit(fx->st, &err), PO_ECONFLICT);
    assert_int_equal(fx->st->tx_depth, 0);
    assert_int_equal(count(fx->st, "district"), 1);

    assert_int_equal(po_store_commit(fx->st, &err), PO_EINTERNAL);
    CHECK(po_store_rollback(fx->st, &err)); /* without a transaction: nothing to do */
}

static void upsert_economics(struct po_upsert_counts *c, struct po_store *st, int n, int changed)
{
    static const char *const cols[] = { "enterprise_id", "year", "value_added_micro",
                                        "revenue_micro", "employees" };
    const struct po_table_desc td = { "economics", cols, 5, 2 };
    struct po_err err = PO_ERR_INIT;
    struct po_upsert *u;
    CHECK(po_store_begin(st, &err));
    CHECK(po_upsert_begin(&u, st, &td, &err));
    for (int i = 0; i < n; i++) {
        int64_t emp = i % 100 == 0 && i / 100 < changed ? i + 1 : i;
        struct po_value v[5] = { po_vint(1), po_vint(1000 + i), po_vint((int64_t)i * 1000 - 500000),
                                 i % 2 ? PO_VNULL : po_vint(i), po_vint(emp) };
        CHECK(po_upsert_row(u, v, &err));
    }
    CHECK(po_upsert_end(u, c, &err));
    CHECK(po_store_commit(st, &err));
}

static void test_store__rollback_leaves_nothing(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    seed_min(fx->st);
    static const char *const cols[] = { "enterprise_id", "year", "employees" };
    const struct po_table_desc td = { "economics", cols, 3, 2 };
    CHECK(po_store_begin(fx->st, &err));
    run(fx->st, "INSERT INTO district(code, name, level) VALUES ('120000', 'b', 'province')", NULL,
        0);
    run(fx->st, "UPDATE enterprise SET name = '改名'", NULL, 0);
    struct po_upsert *u;
    CHECK(po_upsert_begin(&u, fx->st, &td, &err));
    for (int i = 0; i < 200; i++) {
        struct po_value v[3] = { po_vint(1), po_vint(i), po_vint(i) };
        CHECK(po_upsert_row(u, v, &err));
    }
    CHECK(po_upsert_end(u, NULL, &err));
    assert_int_equal(count(fx->st, "economics"), 200);
    CHECK(po_store_rollback(fx->st, &err));
    assert_int_equal(count(fx->st, "economics"), 0);
    assert_int_equal(count(fx->st, "district"), 1);
    assert_int_equal(count(fx->st, "revision"), 0);

    /* An upsert abandoned half way, then rolled back. */
    CHECK(po_store_begin(fx->st, &err));
    CHECK(po_upsert_begin(&u, fx->st, &td, &err));
    struct po_value v[3] = { po_vint(1), po_vint(2020), po_vint(5) };
    CHECK(po_upsert_row(u, v, &err));
    po_upsert_abort(u);
    CHECK(po_store_rollback(fx->st, &err));
    assert_int_equal(count(fx->st, "economics"), 0);
    struct po_upsert_counts c;
    upsert_economics(&c, fx->st, 3, 0); /* the store works on */
    assert_int_equal(c.inserted, 3);
}

/*
 * The work the fault-injection case repeats: a transaction with plain
 * statements, a reused prepared statement and a bulk upsert large enough to
 * be sent in several pieces.  Cleans up on every error, as callers must.
 */
static int workload(struct po_store *st, struct po_err *err)
{
    static const char *const cols[] = { "code", "edition", "name", "two_high" };
    const struct po_table_desc td = { "industry", cols, 4, 2 };
    char longname[4000];
    memset(longname, 'x', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    struct po_stmt *s = NULL;
    struct po_upsert *u = NULL;
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = po_store_run(st,
                      "INSERT INTO district(code, name, level) VALUES ('110000', 'a', 'province')",
                      NULL, 0, err);
    if (rc == 0)
        rc = po_stmt_prepare(&s, st,
                             "INSERT INTO district(code, name, level, parent_code) "
                             "VALUES (?, ?, 'city', '110000')",
                             err);
    for (int i = 0; i < 3 && rc == 0; i++) {
        char code[8];
        snprintf(code, sizeof(code), "1101%02d", i);
        struct po_value v[2] = { po_vtext(code), po_vtext("市") };
        rc = po_stmt_bindv(s, v, 2, err);
        if (rc == 0)
            rc = po_stmt_step(s, err);
        po_stmt_reset(s, NULL);
    }
    if (rc == 0)
        rc = po_upsert_begin(&u, st, &td, err);
    for (int i = 0; i < 40 && rc == 0; i++) {
        char code[8];
        snprintf(code, sizeof(code), "%04d", i);
        struct po_value v[4] = { po_vtext(code), po_vtext("2017"), po_vtext(longname),
                                 po_vint(i % 2) };
        rc = po_upsert_row(u, v, err);
    }
    if (u && rc == 0)
        rc = po_upsert_end(u, NULL, err);
    else if (u)
        po_upsert_abort(u);
    po_stmt_finalize(s);
    if (rc == 0)
        return po_store_commit(st, err);
    po_store_rollback(st, NULL);
    return rc;
}

static void test_store__fault_injection_fails_cleanly(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    long n;
    int rc = -1;
    for (n = 0; n < 500 && rc < 0; n++) {
        po_store_fail_after(fx->st, n);
        po_err_clear(&err);
        rc = workload(fx->st, &err);
        po_store_fail_after(fx->st, -1);
        if (rc < 0) {
            if (rc != PO_EUNAVAIL || strcmp(err.msg, "injected store fault") != 0)
                fail_msg("fault at call %ld: %d %s", n, rc, err.msg);
            assert_int_equal(fx->st->tx_depth, 0);
            assert_int_equal(count(fx->st, "district"), 0);
            assert_int_equal(count(fx->st, "industry"), 0);
        }
    }
    assert_int_equal(rc, 0);
    assert_true(n > 40); /* every call of the workload failed once */
    assert_int_equal(count(fx->st, "district"), 4);
    assert_int_equal(count(fx->st, "industry"), 40);
}

/* ---- bulk upsert ---- */

static void test_store__bulk_upsert_counts(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    seed_min(fx->st);
    struct po_upsert_counts c;
    upsert_economics(&c, fx->st, 1000, 0);
    assert_int_equal(c.inserted, 1000);
    assert_int_equal(c.updated, 0);
    assert_int_equal(c.unchanged, 0);
    assert_int_equal(count(fx->st, "economics"), 1000);

    upsert_economics(&c, fx->st, 1000, 0);
    assert_int_equal(c.inserted, 0);
    assert_int_equal(c.updated, 0);
    assert_int_equal(c.unchanged, 1000);
    assert_int_equal(count(fx->st, "revision"), 0);

    upsert_economics(&c, fx->st, 1000, 10);
    assert_int_equal(c.inserted, 0);
    assert_int_equal(c.updated, 10);
    assert_int_equal(c.unchanged, 990);
    assert_int_equal(count(fx->st, "revision"), 10);

    /* Partial columns: the others stay as they are.  NULL to a value is a change. */
    static const char *const cols[] = { "enterprise_id", "year", "revenue_micro" };
    const struct po_table_desc td = { "economics", cols, 3, 2 };
    int64_t before = 0, after = 0;
    const char *sum = "SELECT sum(value_added_micro) + sum(employees) FROM economics";
    CHECK(po_store_query_int(&before, fx->st, sum, NULL, 0, &err));
    CHECK(po_store_begin(fx->st, &err));
    struct po_upsert *u;
    CHECK(po_upsert_begin(&u, fx->st, &td, &err));
    for (int i = 0; i < 1000; i++) {
        struct po_value v[3] = { po_vint(1), po_vint(1000 + i),
                                 i % 2 ? (i < 10 ? po_vint(7) : PO_VNULL) : po_vint(i) };
        CHECK(po_upsert_row(u, v, &err));
    }
    struct po_value fresh[3] = { po_vint(1), po_vint(5000), po_vint(42) };
    CHECK(po_upsert_row(u, fresh, &err));
    CHECK(po_upsert_end(u, &c, &err));
    CHECK(po_store_commit(fx->st, &err));
    assert_int_equal(c.inserted, 1);
    assert_int_equal(c.updated, 5);
    assert_int_equal(c.unchanged, 995);
    CHECK(po_store_query_int(&after, fx->st, sum, NULL, 0, &err));
    assert_int_equal(before, after);
    int64_t nulls = -1;
    CHECK(po_store_query_int(&nulls, fx->st,
                             "SELECT count(*) FROM economics WHERE year = 5000"
                             " AND value_added_micro IS NULL AND employees IS NULL",
                             NULL, 0, &err));
    assert_int_equal(nulls, 1);
}

static void test_store__revision_rows_on_update(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    seed_min(fx->st);
    run(fx->st,
        "INSERT INTO equipment(id, enterprise_id, equipment_id, equipment_type) "
        "VALUES (9, 1, 'K1', 'cement_kiln')",
        NULL, 0);
    run(fx->st,
        "INSERT INTO equipment_param(equipment_pk, param, value_micro) VALUES (9, 'tpd', "
        "2500000000)",
        NULL, 0);
    assert_int_equal(count(fx->st, "revision"), 0);
    run(fx->st, "UPDATE enterprise SET name = '乙水泥厂' WHERE id = 1", NULL, 0);
    run(fx->st, "DELETE FROM equipment_param WHERE equipment_pk = 9", NULL, 0);
    struct po_stmt *s;
    CHECK(po_stmt_prepare(&s, fx->st,
                          "SELECT table_name, op, old_values, changed_at FROM revision ORDER BY id",
                          &err));
    static const struct {
        const char *table, *op, *has;
    } want[] = {
        { "enterprise", "update", "甲水泥厂" },
        { "equipment_param", "delete", "2500000000" },
    };
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(po_stmt_step(s, &err), 1);
        assert_string_equal(po_stmt_text(s, 0), want[i].table);
        assert_string_equal(po_stmt_text(s, 1), want[i].op);
        assert_non_null(strstr(po_stmt_text(s, 2), want[i].has));
        const char *at = po_stmt_text(s, 3); /* 2026-01-31T08:00:00.000Z */
        assert_int_equal(strlen(at), 24);
        assert_true(at[10] == 'T' && at[19] == '.' && at[23] == 'Z');
    }
    assert_int_equal(po_stmt_step(s, &err), 0);
    po_stmt_finalize(s);
}

/* ---- db copy ---- */

/* Rows in every table, with NULLs, empty strings, Chinese and a child district sorting first. */
static void seed_all(struct po_store *st)
{
    static const char *const sql[] = {
        "INSERT INTO district(code, name, level, parent_code) VALUES"
        " ('Z00000', '远省', 'province', NULL), ('A00100', '近市', 'city', 'Z00000'),"
        " ('150000', '内蒙古自治区', 'province', NULL), ('150300', '乌海市', 'city', '150000'),"
        " ('150302', '海勃湾区', 'district', '150300'), ('150302P01', '千里山工业园', 'park', "
        "'150302')",
        /* A child whose row comes before its parent's: copying in table order would fail. */
        "INSERT INTO district(code, name, level) VALUES ('Y00000', '新省', 'province')",
        "UPDATE district SET parent_code = 'Y00000' WHERE code = 'A00100'",
        "INSERT INTO industry(code, edition, name, two_high) VALUES"
        " ('3011', '2017', '水泥制造', 1), ('3011', '2011', '水泥制造', 1), ('3110', '2017', "
        "'炼铁', 1)",
        "INSERT INTO enterprise(id, uscc, name, district_code, park_code, industry_code,"
        " industry_edition, founded, status, employees, address) VALUES"
        " (5, '911503027012345678', '乌海水泥', '150302', '150302P01', '3011', '2017', 1998,"
        "  'operating', 0, ''),"
        " (7, '911503027012345679', '千里山钢铁', '150302', NULL, '3110', '2017', NULL, 'limited',"
        "  NULL, NULL),"
        " (100, '91Z000007012345670', '旧厂', 'A00100', NULL, '3011', '2011', 1980, 'exited', 12,"
        "  'line1\nline2\ttab')",
        "INSERT INTO equipment(id, enterprise_id, equipment_id, equipment_type, name, status,"
        " commissioned, capacity_micro, capacity_unit) VALUES"
        " (3, 5, 'K1', 'cement_kiln', '1号窑', 'running', '2005-06', 2500000000, 't/d'),"
        " (9, 7, 'BF2', 'blast_furnace', NULL, 'sealed', NULL, NULL, NULL)",
        "INSERT INTO equipment_param(equipment_pk, param, value_micro, value_text, unit) VALUES"
        " (3, 'tpd', 2500000000, NULL, 't/d'), (3, 'kiln_type', NULL, 'dry', NULL),"
        " (9, 'volume', 1080000000, NULL, 'm3')",
        "INSERT INTO energy(enterprise_id, year, month, energy_type, purpose, product, source,"
        " quantity_micro, unit) VALUES"
        " (5, 2024, 0, 'raw_coal', 'fuel', '', 'reported', 123456789000, 't'),"
        " (5, 2024, 0, 'raw_coal', 'fuel', 'clinker', 'reported', 100000000, 't'),"
        " (7, 2024, 3, 'electricity', 'fuel', '', 'metered', 9223372036854775807, 'kWh')",
        "INSERT INTO output(enterprise_id, year, product, quantity_micro) VALUES"
        " (5, 2024, 'clinker', 800000000000)",
        "INSERT INTO economics(enterprise_id, year, value_added_micro, revenue_micro, employees)"
        " VALUES (5, 2024, -1500000, NULL, 120), (7, 2024, NULL, NULL, NULL)",
        "INSERT INTO inspection(id, enterprise_id, department, date, kind, severity, violation)"
        " VALUES (2, 7, 'eco_env', '2024-05-01', 'environment', 'major', '超标排放')",
        "INSERT INTO licence(id, licence_type, number, enterprise_id, status) VALUES"
        " (4, 'pollutant_discharge', '91150302MA0001', 7, 'valid')",
        "INSERT INTO dual_control_target(district_code, year, base_year,"
        " intensity_reduction_pct_micro, energy_cap_tce_micro, note) VALUES"
        " ('150300', 2025, 2023, 6000000, NULL, '演示'), ('150302', 2024, 2023, NULL,"
        " 8000000000000, NULL)",
        /* Keys whose bytewise order is not a collation's: Tariffs < holidays < 节假日 < 电价. */
        "INSERT INTO ref_table(name, version, sha256, columns, nrows, loaded_at) VALUES"
        " ('Tariffs', 1, 'ab', 'a,b', 2, '2026-01-01T00:00:00Z'),"
        " ('holidays', 2, 'ef', 'date', 0, '2026-01-02T00:00:00Z'),"
        " ('节假日', 1, '01', 'date', 0, '2026-01-02T00:00:00Z'),"
        " ('电价', 1, '02', 'a', 0, '2026-01-02T00:00:00Z')",
        "INSERT INTO ref_row(name, version, rowno, data, source) VALUES"
        " ('Tariffs', 1, 1, '[\"1\",\"x\"]', NULL), ('Tariffs', 1, 2, '[\"2\",\"\\\\\"]', "
        "'发改委'),"
        " ('电价', 1, 1, '[\"峰\"]', NULL), ('节假日', 1, 1, '[\"2026-01-01\"]', NULL)",
        "INSERT INTO import_batch(id, kind, file_name, sha256, format, nrows, inserted, updated,"
        " unchanged, imported_at) VALUES (1, 'enterprises', 'a.csv', 'cd', 'csv', 3, 3, 0, 0,"
        " '2026-01-01T00:00:00Z')",
        "INSERT INTO evaluation_run(id, year, as_of, rules_name, rules_sha256, data_sha256,"
        " nfindings, findings_sha256, created_at) VALUES (1, 2024, '2024-12-31',"
        " 'data/rules.csv', 'aa', 'bb', 1, 'cc', '2026-01-01T00:00:00Z')",
        "INSERT INTO evaluation_finding(run_id, finding_id, seq, uscc, enterprise_name,"
        " equipment_id, criterion, rule_id, rule_version, status, measure, departments, evidence,"
        " legal_basis, measure_basis, confidence, source) VALUES (1, '00ff', 1,"
        " '911503027012345678', '乌海水泥', 'K1', 'industrial_policy', 'IP-CEMENT-KILN', 1,"
        " 'caught', 'shutdown_dismantle_or_seal', 'miit', 'kiln_type = dry', '令29号', '三（一）',"
        " 'medium', 's')",
        "INSERT INTO case_file(id, case_type, uscc, equipment_id, finding_id, state, deadline,"
        " deadline_alt, opened_on, opened_at, opened_by) VALUES (1, 'energy_quota',"
        " '911503027012345678', 'K1', '00ff', 'rectifying', '2025-02-28', '2025-02-28',"
        " '2024-08-31', '2026-01-01T00:00:00Z', '王五')",
        "INSERT INTO case_event(id, case_id, seq, actor, role, at, on_date, event, reason,"
        " fields_json, field_bits, doc_bits, checklist, months, limit_level, years_worst,"
        " prev_state, new_state) VALUES (1, 1, 1, '王五', 'miit', '2026-01-01T00:00:00Z',"
        " '2024-08-31', 'order_rectification', NULL, '{}', 0, 3, 0, 0, 0, 0, 'open',"
        " 'rectifying')",
        "INSERT INTO attachment_blob(sha256, size, mime, content) VALUES ('ab12', 3,"
        " 'application/pdf', 'JVBE')",
        "INSERT INTO case_attachment(id, event_id, doc, name, sha256) VALUES (1, 1, 'order',"
        " '通知书.pdf', 'ab12')",
        "INSERT INTO notification(id, case_id, kind, deadline, as_of, followup, message) VALUES"
        " (1, 1, 'due_30', '2025-02-28', '2025-02-01', 'reinspect_pass', '还有 27 天')",
        "INSERT INTO audit_log(id, at, actor, action, object, detail, prev_hash, hash) VALUES"
        " (1, '2026-01-01T00:00:00Z', '王五', 'case.open', 'case/1', 'type=energy_quota', '00',"
        " 'ff')",
        "INSERT INTO exit_plan(year, uscc, equipment_id, district_code, capacity_micro,"
        " capacity_unit, planned_on, measure, entered_by, entered_at) VALUES (2025,"
        " '911503027012345678', 'K1', '150302', 60000000, '10^4t/a', '2025-06-30', 'dismantle',"
        " '王五', '2026-01-01T00:00:00Z')",
        "INSERT INTO app_user(id, username, display_name, pw_hash, roles, district_code, disabled,"
        " created_at, updated_at) VALUES (1, 'wang.wu', '王五', '$argon2id$x', 'district',"
        " '150302', 0, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'), (2, 'anquan', '',"
        " '$argon2id$y', 'secadmin', NULL, 1, '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')",
        "INSERT INTO user_session(token_hash, user_id, csrf_token, created_at, last_seen, ip)"
        " VALUES ('ab', 1, 'c', 1800000000, 1800000060, NULL)",
        "INSERT INTO user_change(id, username, kind, roles, district_code, pw_hash, requested_by,"
        " requested_at, decided_by, decided_at, decision) VALUES (1, 'wang.wu', 'grant', 'city',"
        " NULL, NULL, 'web:anquan', '2026-01-03T00:00:00Z', 'web:an2', '2026-01-04T00:00:00Z',"
        " 'approved'), (2, 'wang.wu', 'reset', NULL, NULL, '$argon2id$z', 'web:anquan',"
        " '2026-01-05T00:00:00Z', NULL, NULL, NULL)",
        "INSERT INTO login_attempt(id, username, ip, at, ok) VALUES (1, 'wang.wu', '127.0.0.1',"
        " 1800000000, 1), (2, '未知', NULL, 1800000001, 0)",
        "INSERT INTO calendar_import(id, imported_at, actor, file_name, sha256, nrows, years)"
        " VALUES (1, '2026-11-27T00:00:00Z', '王五', '2027.csv', 'ef', 2, '2027')",
        "INSERT INTO calendar_day(import_id, day, kind, name, source) VALUES"
        " (1, '2027-01-01', 'holiday', '元旦', '国办发明电'), (1, '2027-02-06', 'workday', '春节',"
        " '国办发明电')",
        "INSERT INTO doc_number(authority, year, last) VALUES ('miit', 2026, 1)",
        "INSERT INTO issued_document(id, authority, year, seq, number, kind, subject, step, sha256,"
        " content, issued_on, issued_at, issued_by) VALUES (1, 'miit', 2026, 1, '乌工信发〔2026〕1号',"
        " 'rectification', 'case/1', 1, 'ab', 'JVBERi0=', '2026-12-07', '2026-12-07T00:00:00Z',"
        " 'cli:王五')",
        "INSERT INTO publication(id, number, list, year, district_code, published_at, actor,"
        " supersedes, reason, nrows, canonical, sha256) VALUES (1, '乌工信公〔2026〕1号', 'exits',"
        " 2025, NULL, '2026-12-07T00:00:00Z', 'cli:王五', NULL, NULL, 1, 'phaseout-publication 1\n',"
        " 'cd'), (2, '乌工信公〔2026〕2号', 'exits', 2025, NULL, '2026-12-08T00:00:00Z', 'cli:王五', 1,"
        " '更正', 1, 'phaseout-publication 1\n', 'ef')",
        "INSERT INTO publication_row(publication_id, seq, enterprise_name, uscc, district_code,"
        " district_name, equipment, capacity, capacity_unit, measure_zh, deadline, basis_zh) VALUES"
        " (1, 1, '甲', '91150302MA0N00001X', '150302', '海勃湾区', 'K1', '10', 't/a', '拆除', '2025-06-30',"
        " '依据'), (2, 1, '甲', '91150302MA0N00001X', '150302', '海勃湾区', 'K1', '12', 't/a', '拆除',"
        " '2025-06-30', '依据')",
        "INSERT INTO public_report(id, receipt, uscc, enterprise_text, category, seen, place, seen_on,"
        " contact, filed_at, filed_on, reply_due, district_code, status) VALUES (1, 'ABCDEFGHJKMN',"
        " NULL, '某厂', 'other', '冒烟', '乌达', '2026-12-01', NULL, '2026-12-02T00:00:00Z',"
        " '2026-12-02', '2026-12-23', NULL, 'received')",
        "INSERT INTO public_report_event(report_id, seq, at, actor, event, detail) VALUES (1, 1,"
        " '2026-12-02T00:00:00Z', 'public', 'filed', 'category=other')",
        "INSERT INTO credit_authority(code, uscc, set_by, set_at) VALUES ('miit',"
        " '11150300MB0000000X', 'cli:王五', '2026-12-07T00:00:00Z')",
        "INSERT INTO credit_event(case_id, event_seq, seq, kind, on_date, actor, at, note, proof)"
        " VALUES (1, 1, 1, 'repair_apply', '2026-12-07', 'cli:王五', '2026-12-07T00:00:00Z', '已整改',"
        " '验收报告')",
        "INSERT INTO joint_action(id, case_id, event_seq, measure, taken_on, document, note, actor,"
        " role, at) VALUES (1, 1, 1, 'land_supply', '2026-12-07', '乌自然资函〔2026〕1号', NULL,"
        " 'cli:王五', 'natres', '2026-12-07T00:00:00Z')",
        "INSERT INTO credit_support(id, uscc, kind, on_date, document, note, actor, at) VALUES"
        " (1, '911503027012345678', 'voluntary_exit', '2026-12-01', '乌工信函〔2026〕2号', NULL,"
        " 'cli:王五', '2026-12-07T00:00:00Z')",
        "INSERT INTO credit_flag(case_id, event_seq, kind, as_of, message) VALUES (1, 1,"
        " 'period_ending', '2026-12-07', '公示期将于 2027-01-01 届满')",
        "INSERT INTO water_use(enterprise_id, year, month, use_m3_micro, quota_m3_micro,"
        " price_micro) VALUES (5, 2025, 6, 1300000000, 1000000000, 4500000), (7, 2025, 6, 10000000,"
        " NULL, NULL)",
        "UPDATE water_use SET use_m3_micro = 1250000000 WHERE enterprise_id = 5",
        "INSERT INTO surcharge_run(id, year, month, created_at, actor, rules_name, rules_sha256,"
        " evaluation_run_id, nenterprises, nrows, ncomputed, ncannot, total_micro) VALUES (1, 2025,"
        " 6, '2026-12-08T00:00:00Z', 'cli:王五', 'data/surcharge_rules.csv', 'ab', 1, 2, 2, 1, 1,"
        " 10000000)",
        "INSERT INTO surcharge_row(run_id, seq, uscc, enterprise_name, district_code, utility,"
        " family, rule_id, rule_version, kind, sector, basis, basis_micro, quantity_micro,"
        " quantity_unit, quantity_source, rate_micro, steps, days, days_in_month, amount_micro,"
        " status, reason_zh, reason_en, low_confidence, document, article, finding_id) VALUES"
        " (1, 1, '911503027012345678', '乌海水泥', '150302', 'electricity', 'differential',"
        " 'DIFF-RESTRICTED', 1, 'restricted', 'cement_kiln', 'restricted', 1, 100000000000,"
        " 'kWh', 'metered', 100000, 0, 30, 30, 10000000, 'ok', '', '', 0, '发改价格〔2010〕978号',"
        " '第一条', 'f1'), (1, 2, '911503027012345679', '千里山钢铁', '150302', 'electricity',"
        " 'differential', '', 0, '', 'blast_furnace', '', NULL, NULL, 'kWh', '', NULL, 0, 30, 30,"
        " NULL, 'cannot_compute', '无法计算：用电量未记录', 'cannot compute: kWh not recorded', 1,"
        " '', '', '')",
        "INSERT INTO resettlement_headcount(case_id, seq, contract, dispatched, near_retirement,"
        " on_date, document, actor, at) VALUES (1, 1, 120, 15, 8, '2026-12-01', '职工花名册',"
        " 'cli:王五', '2026-12-07T00:00:00Z')",
        "INSERT INTO resettlement_plan_event(case_id, kind, seq, status, on_date, approved_by,"
        " document, note, actor, at) VALUES (1, 'resettlement', 1, 'draft', '2026-12-01', NULL,"
        " NULL, NULL, 'cli:王五', '2026-12-07T00:00:00Z'), (1, 'resettlement', 2, 'approved',"
        " '2026-12-05', 'congress', '职代会决议〔2026〕1号', NULL, 'cli:王五',"
        " '2026-12-07T00:00:00Z'), (1, 'risk', 1, 'draft', '2026-12-01', NULL, NULL, NULL,"
        " 'cli:王五', '2026-12-07T00:00:00Z')",
        "INSERT INTO resettlement_outcome(case_id, seq, worker_group, outcome, workers, amount_fen,"
        " on_date, document, note, actor, at) VALUES (1, 1, 'contract', 'compensated', 40,"
        " 123456789, '2026-12-06', '补偿协议', NULL, 'cli:王五', '2026-12-07T00:00:00Z')",
        "INSERT INTO resettlement_alert(case_id, kind, exit_on, as_of, plan_status, message) VALUES"
        " (1, 'exit_without_plan', '2027-01-31', '2026-12-07', 'none', '未记录职工安置方案')",
        "UPDATE enterprise SET legal_representative = '张三' WHERE id = 5",
        "UPDATE case_file SET deadline_uncovered_year = 2027 WHERE id = 1",
        "UPDATE enterprise SET status = 'suspended' WHERE id = 7",
        "DELETE FROM equipment_param WHERE param = 'kiln_type'",
    };
    for (size_t i = 0; i < sizeof(sql) / sizeof(sql[0]); i++)
        run(st, sql[i], NULL, 0);
}

static void check_report(const struct po_copy_report *r)
{
    assert_int_equal(r->schema_version, newest_version());
    assert_true(r->ntables >= 14);
    for (size_t i = 0; i < r->ntables; i++) {
        const struct po_copy_table *t = &r->tables[i];
        if (!t->match || t->rows == 0)
            fail_msg("%s: %" PRId64 " rows, %s vs %s", t->table, t->rows, t->hash, t->target_hash);
        assert_int_equal(strlen(t->hash), 64);
    }
}

static void test_store__copy_round_trip_keeps_every_hash(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    char src_dsn[512], mid_dsn[512], back_dsn[512];
    struct po_store *src = fx_another(fx, "sqlite", "", src_dsn, sizeof(src_dsn));
    seed_all(src);
    /*
     * The middle database sorts text the way a Chinese DBA's might (ICU
     * zh-CN): the hashes must not depend on the database's collation.
     */
    struct po_store *mid = fx_another(
        fx, fx->suite->backend, "LOCALE_PROVIDER icu ICU_LOCALE 'zh-CN'", mid_dsn, sizeof(mid_dsn));
    struct po_copy_report there, back;
    CHECK(po_store_copy(src, mid, &there, &err));
    check_report(&there);
    struct po_store *dst = fx_another(fx, "sqlite", "", back_dsn, sizeof(back_dsn));
    CHECK(po_store_copy(mid, dst, &back, &err));
    check_report(&back);
    assert_int_equal(there.ntables, back.ntables);
    for (size_t i = 0; i < there.ntables; i++) {
        assert_string_equal(there.tables[i].table, back.tables[i].table);
        assert_string_equal(there.tables[i].hash, back.tables[i].hash);
    }
    /* Ids were kept, and new ones continue after them (PostgreSQL: the sequences). */
    run(mid,
        "INSERT INTO enterprise(uscc, name, district_code, industry_code) "
        "VALUES ('911503020000000001', '新厂', '150302', '3011')",
        NULL, 0);
    int64_t id = 0;
    CHECK(po_store_query_int(
        &id, mid, "SELECT id FROM enterprise WHERE uscc = '911503020000000001'", NULL, 0, &err));
    assert_int_equal(id, 101);

    /* A non-empty target is refused and left as it was. */
    char before[65], after[65];
    int64_t rows = 0;
    CHECK(po_store_table_hash(before, &rows, dst, "district", &err));
    struct po_copy_report again;
    assert_int_equal(po_store_copy(src, dst, &again, &err), PO_ECONFLICT);
    assert_non_null(strstr(err.msg, "not empty"));
    assert_int_equal(again.ntables, 0);
    CHECK(po_store_table_hash(after, &rows, dst, "district", &err));
    assert_string_equal(before, after);
    assert_int_equal(rows, 7);
    po_store_close(src);
    po_store_close(mid);
    po_store_close(dst);
}

/* A target that changes what it is given: the check sees it and nothing stays. */
static void test_store__copy_mismatch_rolls_back(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    char src_dsn[512];
    struct po_store *src = fx_another(fx, "sqlite", "", src_dsn, sizeof(src_dsn));
    seed_all(src);
    const char *tamper = strcmp(fx->suite->backend, "pg") == 0
                             ? "CREATE FUNCTION po_tamper() RETURNS trigger LANGUAGE plpgsql AS $$"
                               " BEGIN NEW.two_high := 1 - NEW.two_high; RETURN NEW; END $$;"
                               "CREATE TRIGGER po_tamper BEFORE INSERT ON industry"
                               " FOR EACH ROW EXECUTE FUNCTION po_tamper()"
                             : "CREATE TRIGGER po_tamper AFTER INSERT ON industry BEGIN"
                               " UPDATE industry SET two_high = 1 - two_high"
                               " WHERE code = NEW.code AND edition = NEW.edition; END";
    CHECK(po_store_exec(fx->st, tamper, &err));
    struct po_copy_report r;
    assert_int_equal(po_store_copy(src, fx->st, &r, &err), PO_ECONFLICT);
    assert_non_null(strstr(err.msg, "industry"));
    assert_true(r.ntables >= 14);
    for (size_t i = 0; i < r.ntables; i++) {
        bool tampered = strcmp(r.tables[i].table, "industry") == 0;
        if (tampered || strcmp(r.tables[i].table, "revision") != 0)
            assert_int_equal(r.tables[i].match, !tampered);
    }
    assert_int_equal(count(fx->st, "industry"), 0);
    assert_int_equal(count(fx->st, "district"), 0);
    po_store_close(src);
}

static void test_store__copy_knows_every_table(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    CHECK(po_store_copy_check_tables(fx->st, &err));
    CHECK(po_store_exec(fx->st, "CREATE TABLE po_unlisted (x BIGINT)", &err));
    assert_int_equal(po_store_copy_check_tables(fx->st, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "po_unlisted"));
    char dsn[512];
    struct po_store *other = fx_another(fx, fx->suite->backend, "", dsn, sizeof(dsn));
    struct po_copy_report r;
    assert_int_equal(po_store_copy(fx->st, other, &r, &err), PO_EINVAL);
    po_store_close(other);
}

static void test_store__table_hash_is_canonical(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    seed_min(fx->st);
    char h0[65], h[65];
    int64_t rows = 0;
    CHECK(po_store_table_hash(h0, &rows, fx->st, "enterprise", &err));
    assert_int_equal(rows, 1);
    static const struct {
        const char *sql;
        bool same; /* as h0 afterwards */
    } steps[] = {
        { "UPDATE enterprise SET address = ''", false }, /* NULL is not empty */
        { "UPDATE enterprise SET address = NULL", true },
        { "UPDATE enterprise SET founded = 2001", false },
        { "UPDATE enterprise SET founded = NULL", true },
        { "ALTER TABLE enterprise RENAME COLUMN address TO addr", false }, /* names count */
    };
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        CHECK(po_store_exec(fx->st, steps[i].sql, &err));
        CHECK(po_store_table_hash(h, &rows, fx->st, "enterprise", &err));
        if ((strcmp(h, h0) == 0) != steps[i].same)
            fail_msg("after %s: hash %s, before %s", steps[i].sql, h, h0);
    }
    assert_int_equal(po_store_table_hash(h, &rows, fx->st, "schema_version", &err), PO_EINVAL);
}

static void test_store__describe_and_bad_dsn(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    const char *d = po_store_describe(fx->st);
    struct po_store *st = NULL;
    if (strcmp(fx->suite->backend, "sqlite") == 0) {
        assert_true(strncmp(d, "sqlite 3.", 9) == 0);
        char bad[600];
        snprintf(bad, sizeof(bad), "%s/no/such/dir/x.db", fx->suite->dir);
        assert_int_equal(po_store_open(&st, bad, &err), PO_EUNAVAIL);
        return;
    }
    assert_true(strncmp(d, "postgresql ", 11) == 0);
    assert_non_null(strstr(d, "/po_t_"));
    /* A password in the URL never shows (the test server trusts any). */
    char url[600];
    const char *at = strchr(fx->dsn, '@');
    assert_non_null(at);
    snprintf(url, sizeof(url), "postgresql://postgres:s3cret%s", at);
    CHECK(po_store_open(&st, url, &err));
    assert_null(strstr(po_store_describe(st), "s3cret"));
    po_store_close(st);
    st = NULL;
    assert_int_equal(
        po_store_open(&st, "postgresql://postgres@127.0.0.1:1/x?connect_timeout=2", &err),
        PO_EUNAVAIL);
    assert_int_equal(po_store_open(&st, "postgresql://[bad", &err), PO_EINVAL);
    assert_null(st);
}

/* ---- dump and load (phaseout backup / restore, app/backup.h) ---- */

struct dump_seen {
    char hash[PO_COPY_MAX_TABLES][65];
    int64_t rows[PO_COPY_MAX_TABLES];
};

static int dump_look(void *ctx, struct po_store *snap, struct po_err *err)
{
    struct dump_seen *seen = ctx;
    for (size_t i = 0; i < po_store_copy_ntables(); i++) {
        int rc = po_store_table_hash(seen->hash[i], &seen->rows[i], snap, po_store_copy_table(i),
                                     err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* The dump holds every row as the look saw it; a load into a bare database gives them back. */
static void test_store__dump_and_load_keep_every_hash(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    seed_all(fx->st);
    char path[600];
    snprintf(path, sizeof(path), "%s/%s.dump", fx->suite->dir, fx->name);
    struct dump_seen seen;
    memset(&seen, 0, sizeof(seen));
    CHECK(po_store_dump(fx->st, path, dump_look, &seen, &err));
    char name[48], dsn[512];
    snprintf(name, sizeof(name), "%s_%d", fx->name, ++fx->extra);
    assert_int_equal(
        testdb_create_opts(dsn, sizeof(dsn), fx->suite->backend, fx->suite->dir, name, ""), 0);
    struct po_store *to = NULL;
    CHECK(po_store_open(&to, dsn, &err)); /* not migrated: the load brings the schema */
    struct po_store_census c;
    CHECK(po_store_census(&c, to, &err));
    assert_int_equal(c.tables, 0);
    CHECK(po_store_load(to, path, &err));
    for (size_t i = 0; i < po_store_copy_ntables(); i++) {
        char src_hash[65], dst_hash[65];
        int64_t src_rows = 0, dst_rows = 0;
        const char *t = po_store_copy_table(i);
        CHECK(po_store_table_hash(src_hash, &src_rows, fx->st, t, &err));
        CHECK(po_store_table_hash(dst_hash, &dst_rows, to, t, &err));
        if (src_rows == 0 || seen.rows[i] != src_rows || dst_rows != src_rows ||
            strcmp(seen.hash[i], src_hash) != 0 || strcmp(dst_hash, src_hash) != 0)
            fail_msg("%s: %" PRId64 " rows seen, %" PRId64 " in the source, %" PRId64
                     " loaded",
                     t, seen.rows[i], src_rows, dst_rows);
    }
    CHECK(po_store_census(&c, to, &err));
    assert_int_equal(c.rows > 0, 1);
    /* neither inside a transaction; the lock only inside one */
    assert_int_equal(po_store_lock(to, PO_LOCK_AUDIT, &err), PO_EINTERNAL);
    CHECK(po_store_begin(to, &err));
    CHECK(po_store_lock(to, PO_LOCK_AUDIT, &err));
    assert_int_equal(po_store_dump(to, path, NULL, NULL, &err), PO_EINTERNAL);
    assert_int_equal(po_store_load(to, path, &err), PO_EINTERNAL);
    CHECK(po_store_rollback(to, &err));
    po_store_close(to);
    unlink(path);
}

/* ---- the table of cases, run once per backend ---- */

static const struct {
    const char *name;
    CMUnitTestFunction fn;
} cases[] = {
    { "migrate_twice_is_idempotent", test_store__migrate_twice_is_idempotent },
    { "newer_database_refused", test_store__newer_database_refused },
    { "facts_become_nullable_on_an_old_database",
      test_store__facts_become_nullable_on_an_old_database },
    { "types_round_trip", test_store__types_round_trip },
    { "statement_reuse_with_reset", test_store__statement_reuse_with_reset },
    { "many_statements", test_store__many_statements },
    { "constraint_violations_conflict", test_store__constraint_violations_conflict },
    { "nested_begin_commit_counts", test_store__nested_begin_commit_counts },
    { "rollback_leaves_nothing", test_store__rollback_leaves_nothing },
    { "fault_injection_fails_cleanly", test_store__fault_injection_fails_cleanly },
    { "bulk_upsert_counts", test_store__bulk_upsert_counts },
    { "revision_rows_on_update", test_store__revision_rows_on_update },
    { "copy_round_trip_keeps_every_hash", test_store__copy_round_trip_keeps_every_hash },
    { "copy_mismatch_rolls_back", test_store__copy_mismatch_rolls_back },
    { "copy_knows_every_table", test_store__copy_knows_every_table },
    { "table_hash_is_canonical", test_store__table_hash_is_canonical },
    { "describe_and_bad_dsn", test_store__describe_and_bad_dsn },
    { "dump_and_load_keep_every_hash", test_store__dump_and_load_keep_every_hash },
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* Run every case on su's backend; su NULL: list them all as skipped (PostgreSQL off). */
static int run_backend(struct suite *su, const char *group)
{
    struct CMUnitTest tests[NCASES];
    for (size_t i = 0; i < NCASES; i++) {
        struct CMUnitTest t = { cases[i].name, cases[i].fn, setup, teardown, su };
        tests[i] = t;
    }
    if (!su)
        return storefix_skip_group(group, tests, NCASES, "PHASEOUT_TEST_PG_DSN not set");
    return _cmocka_run_group_tests(group, tests, NCASES, NULL, NULL);
}

int main(void)
{
    char dir[256];
    if (testdb_tmpdir(dir, sizeof(dir)) < 0) {
        perror("test_store: mkdtemp");
        return 1;
    }
    struct suite sq = { "sqlite", dir, 0 };
    printf("store conformance: sqlite (%s)\n", dir);
    int failed = run_backend(&sq, "store/sqlite");
    if (testdb_pg_dsn()) {
        struct suite pg = { "pg", dir, 0 };
        printf("store conformance: pg (%s)\n", testdb_pg_dsn());
        failed += run_backend(&pg, "store/pg");
    } else {
        failed += run_backend(NULL, "store/pg");
    }
    testdb_rmdir(dir);
    return testdb_exit_status(failed);
}
