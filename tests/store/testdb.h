/*
 * testdb.h: fresh, empty databases for tests, on SQLite and PostgreSQL.
 *
 * Header-only because every test is one .c file (Makefile).  Any test that
 * needs a database can run on both backends:
 *
 *     char dir[256], dsn[512];
 *     testdb_tmpdir(dir, sizeof(dir));                 // once per test file
 *     testdb_create(dsn, sizeof(dsn), "pg", dir, "t1"); // or "sqlite"
 *     ... po_app_open(&st, dsn, &err) ...           // opened and migrated (app/open.h)
 *     testdb_destroy("pg", "t1");
 *     testdb_rmdir(dir);                               // at the end
 *
 * SQLite databases are files in the temporary directory.  PostgreSQL
 * databases are created with CREATE DATABASE on the server named by
 * PHASEOUT_TEST_PG_DSN (scripts/pg.sh start prints it), named
 * po_t_<pid>_<name> so test binaries running side by side do not collide.
 * When the variable is unset, testdb_pg_dsn() is NULL and a suite skips its
 * PostgreSQL half: it says "SKIP: pg: PHASEOUT_TEST_PG_DSN not set"
 * (testdb_skip) and, when nothing failed, main returns 77
 * (testdb_exit_status), which scripts/run-unit.sh counts and lists as a skip
 * and scripts/test.sh fails on in CI.  When it is set, failing to reach the
 * server is a test failure, not a skip.
 */
#ifndef PO_TESTDB_H
#define PO_TESTDB_H

#include <ftw.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The PostgreSQL server for tests, or NULL when the PostgreSQL runs are off. */
static inline const char *testdb_pg_dsn(void)
{
    const char *dsn = getenv("PHASEOUT_TEST_PG_DSN");
    return dsn && *dsn ? dsn : NULL;
}

/* The exit status of a test binary that skipped part of itself (automake's convention). */
#define TESTDB_EXIT_SKIP 77

static inline int *testdb_skipped_(void)
{
    static int skipped;
    return &skipped;
}

/*
 * Part of this binary cannot run here: say so on stdout as "SKIP: what: why"
 * (the line scripts/run-unit.sh lists) and remember it for testdb_exit_status.
 */
static inline void testdb_skip(const char *what, const char *why)
{
    printf("SKIP: %s: %s\n", what, why);
    fflush(stdout);
    *testdb_skipped_() = 1;
}

/* main's return value: 1 when a test failed, else TESTDB_EXIT_SKIP after a testdb_skip, else 0. */
static inline int testdb_exit_status(int failed)
{
    return failed ? 1 : *testdb_skipped_() ? TESTDB_EXIT_SKIP : 0;
}

/* A new private directory (mkdtemp) for this test file's databases. 0 or -1. */
static inline int testdb_tmpdir(char *out, size_t n)
{
    const char *base = getenv("TMPDIR");
    int len = snprintf(out, n, "%s/phaseout-test.XXXXXX", base && *base ? base : "/tmp");
    if (len < 0 || (size_t)len >= n)
        return -1;
    return mkdtemp(out) ? 0 : -1;
}

static inline int testdb_rm_(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

/* Remove the directory and everything in it. */
static inline void testdb_rmdir(const char *dir)
{
    nftw(dir, testdb_rm_, 16, FTW_DEPTH | FTW_PHYS);
}

static inline void testdb_pg_name(char *out, size_t n, const char *name)
{
    snprintf(out, n, "po_t_%ld_%s", (long)getpid(), name);
}

static inline void testdb_quiet_(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Run SQL on the maintenance connection; 0 or -1 (message on stderr). */
static inline int testdb_pg_admin(const char *sql)
{
    PGconn *c = PQconnectdb(testdb_pg_dsn());
    int rc = -1;
    PQsetNoticeProcessor(c, testdb_quiet_, NULL); /* "does not exist, skipping" */
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "testdb: cannot connect to PHASEOUT_TEST_PG_DSN: %s", PQerrorMessage(c));
    } else {
        PGresult *r = PQexec(c, sql);
        if (PQresultStatus(r) == PGRES_COMMAND_OK)
            rc = 0;
        else
            fprintf(stderr, "testdb: %s: %s", sql, PQerrorMessage(c));
        PQclear(r);
    }
    PQfinish(c);
    return rc;
}

/* PHASEOUT_TEST_PG_DSN with its database replaced by db. */
static inline int testdb_pg_url(char *out, size_t n, const char *db)
{
    const char *dsn = testdb_pg_dsn();
    const char *auth = strstr(dsn, "://");
    if (!auth)
        return -1;
    const char *path = strchr(auth + 3, '/');
    const char *query = strchr(auth + 3, '?');
    if (!path || (query && path > query))
        path = query ? query : dsn + strlen(dsn);
    int len = snprintf(out, n, "%.*s/%s%s", (int)(path - dsn), dsn, db, query ? query : "");
    return len < 0 || (size_t)len >= n ? -1 : 0;
}

/*
 * A fresh empty database named name for backend "sqlite" or "pg"; its DSN
 * goes into dsn.  An old one of the same name is dropped first.
 * pg_options are added to CREATE DATABASE (a collation, say); "" for the
 * server's defaults.  0 or -1.
 */
static inline int testdb_create_opts(char *dsn, size_t n, const char *backend, const char *dir,
                                     const char *name, const char *pg_options)
{
    if (strcmp(backend, "sqlite") == 0) {
        int len = snprintf(dsn, n, "%s/%s.db", dir, name);
        if (len < 0 || (size_t)len >= n)
            return -1;
        static const char *const suffix[] = { "", "-wal", "-shm" };
        for (size_t i = 0; i < 3; i++) {
            char f[600];
            snprintf(f, sizeof(f), "%s%s", dsn, suffix[i]);
            unlink(f);
        }
        return 0;
    }
    char db[64], sql[256];
    testdb_pg_name(db, sizeof(db), name);
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", db);
    if (testdb_pg_admin(sql) < 0)
        return -1;
    snprintf(sql, sizeof(sql), "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' %s", db,
             pg_options);
    if (testdb_pg_admin(sql) < 0)
        return -1;
    return testdb_pg_url(dsn, n, db);
}

static inline int testdb_create(char *dsn, size_t n, const char *backend, const char *dir,
                                const char *name)
{
    return testdb_create_opts(dsn, n, backend, dir, name, "");
}

/* Drop a database testdb_create made (SQLite files go with testdb_rmdir). */
static inline void testdb_destroy(const char *backend, const char *name)
{
    if (strcmp(backend, "pg") != 0)
        return;
    char db[64], sql[256];
    testdb_pg_name(db, sizeof(db), name);
    snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", db);
    testdb_pg_admin(sql);
}

#endif
