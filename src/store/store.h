/*
 * store.h: the storage interface.  Every other part of phaseout reaches the
 * database through these wrappers and never through sqlite3 or libpq.
 *
 * Shape (SQLite's VFS, git's refs backends): a backend is a table of
 * operations, struct po_store_ops, selected by name at run time
 * (po_store_find("sqlite"), po_store_find("pg")).  Operations are low-level
 * — prepare, bind, step, read columns, transactions, bulk upsert — and the
 * SQL they run is portable: `?` placeholders (the PostgreSQL backend
 * rewrites them to $1, $2, ...), ON CONFLICT upserts, IS DISTINCT FROM.
 * Where the dialects must differ (DDL in migrations, bulk loading) the
 * backend owns the difference.  SQL text is always a constant of the
 * program or generated from constant table descriptions; values from input
 * are only ever bound, never spliced into SQL.
 *
 * Errors: every function returns 0 or a negative PO_E* code and fills err.
 * Backends map their native codes: unique/foreign-key/check violations →
 * PO_ECONFLICT, busy/locked/connection lost → PO_EUNAVAIL, everything else
 * → PO_EINTERNAL.
 *
 * Threads: a struct po_store is one connection, used by one thread at a
 * time.  Open one per thread.
 *
 * Memory: a store from po_store_open() is the caller's (po_store_close()), and so is a statement
 * until po_stmt_finalize() and an upsert until po_upsert_end() or po_upsert_abort().  Bound text
 * is copied at bind; text read from a row is the backend's, valid until the next step or reset of
 * that statement: copy what you keep (po_arena_strdup).  The names and descriptions returned are
 * the store's, valid while it is open.
 */
#ifndef PO_STORE_H
#define PO_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct po_store;
struct po_stmt;
struct po_upsert;

enum po_vtype { PO_V_NULL = 0, PO_V_INT, PO_V_TEXT, PO_V_REAL };

/* A bound value or a column read back.  Text is not owned. */
struct po_value {
    enum po_vtype type;
    int64_t i;
    double r;
    const char *s;
    size_t len;
};

#define PO_VNULL ((struct po_value){ PO_V_NULL, 0, 0.0, NULL, 0 })
struct po_value po_vint(int64_t i);
struct po_value po_vtext(const char *s); /* NULL s gives PO_V_NULL */
struct po_value po_vtextn(const char *s, size_t len);
struct po_value po_vreal(double r);

/*
 * A table the bulk upsert writes: the first nkeys columns are the natural
 * key (a UNIQUE or PRIMARY KEY constraint must exist on exactly them).
 */
struct po_table_desc {
    const char *name;
    const char *const *cols;
    size_t ncols;
    size_t nkeys;
};

struct po_upsert_counts {
    int64_t inserted, updated, unchanged;
};

/*
 * Fill vals (one per column of the table description) with row i.  Text
 * must stay valid until the next call.  Return 0, or a negative PO_E* with
 * err filled to stop the upsert.
 */
typedef int po_row_fetch_fn(void *ctx, size_t i, struct po_value *vals, struct po_err *err);

/* What po_store_dump shows the caller: snap holds exactly what was dumped. */
typedef int po_dump_look_fn(void *ctx, struct po_store *snap, struct po_err *err);

struct po_store_ops {
    int version; /* append methods only; bump when you do */
    const char *name;
    /* dsn: a file path or file: URI (sqlite; ?mode=ro opens read-only) or a postgresql:// URL (pg) */
    int (*open)(struct po_store **out, const char *dsn, struct po_err *err);
    void (*close)(struct po_store *st);
    /* Run constant SQL with no parameters; may hold several statements. */
    int (*exec)(struct po_store *st, const char *sql, struct po_err *err);
    int (*begin)(struct po_store *st, struct po_err *err); /* a write transaction */
    int (*commit)(struct po_store *st, struct po_err *err);
    int (*rollback)(struct po_store *st, struct po_err *err);

    int (*prepare)(struct po_stmt **out, struct po_store *st, const char *sql, struct po_err *err);
    /* idx is 1-based.  The value's text is copied. */
    int (*bind)(struct po_stmt *s, int idx, const struct po_value *v, struct po_err *err);
    /* 1: a row is ready; 0: done; <0: error. */
    int (*step)(struct po_stmt *s, struct po_err *err);
    /* Ready to bind and step again; bindings are cleared. */
    int (*reset)(struct po_stmt *s, struct po_err *err);
    int (*ncols)(struct po_stmt *s);
    /* The value of column col (0-based) of the current row; text valid until the next step/reset. */
    void (*column)(struct po_value *out, struct po_stmt *s, int col);
    const char *(*column_name)(struct po_stmt *s, int col);
    /* Rows changed by the last completed INSERT/UPDATE/DELETE of this statement. */
    int64_t (*changes)(struct po_stmt *s);
    void (*finalize)(struct po_stmt *s);

    /*
     * Bulk upsert into td (inside a transaction the caller holds): rows
     * whose key is new are inserted, rows whose other columns differ are
     * updated, identical rows are left alone and counted as unchanged.
     * SQLite: one prepared upsert per row.  PostgreSQL: COPY into a
     * temporary table, then one INSERT ... ON CONFLICT.
     */
    int (*upsert_begin)(struct po_upsert **out, struct po_store *st, const struct po_table_desc *td,
                        struct po_err *err);
    int (*upsert_row)(struct po_upsert *u, const struct po_value *vals, struct po_err *err);
    /* Finishes and frees u; counts filled on success. */
    int (*upsert_end)(struct po_upsert *u, struct po_upsert_counts *counts, struct po_err *err);
    void (*upsert_abort)(struct po_upsert *u);

    /* Identity of the database file/server for messages ("sqlite 3.40.1 demo.db"). */
    const char *(*describe)(struct po_store *st);

    /* version 2 */
    /*
     * Turn this connection's foreign-key enforcement off or on, outside a
     * transaction.  Only for bulk loads whose references the caller has
     * checked itself (the importer looks every reference up).  NULL: the
     * backend always enforces (PostgreSQL, where the check is cheap).
     */
    int (*fk_enforce)(struct po_store *st, bool on, struct po_err *err);

    /* version 3 */
    /*
     * Pull form of the bulk upsert, for callers that hold all rows already:
     * the backend asks for row i (0 <= i < nrows) when it needs it.  Same
     * semantics and counts as upsert_begin/row/end.  NULL: the wrapper
     * falls back to upsert_begin/row/end.  SQLite reads the rows through a
     * virtual table straight into one INSERT ... SELECT ... ON CONFLICT, so
     * no row is copied into a staging table.
     */
    int (*upsert_all)(struct po_store *st, const struct po_table_desc *td, size_t nrows,
                      po_row_fetch_fn *fetch, void *ctx, struct po_upsert_counts *counts,
                      struct po_err *err);

    /* version 4 */
    /*
     * Write a consistent copy of the whole database to the file path (a
     * backup's data part, app/backup.h), then call look on a store that
     * shows exactly what was copied (to count and hash it), outside any
     * transaction of the caller.  SQLite: the online backup API in one step
     * (one read transaction: other connections keep writing, WAL), the copy
     * a self-contained file (rollback journal), look given the copy opened
     * read-only.  PostgreSQL: a REPEATABLE READ, READ ONLY transaction
     * exports its snapshot, pg_dump --format=custom --snapshot dumps it, and
     * look runs on st inside that transaction.  NULL: cannot back up.
     */
    int (*dump)(struct po_store *st, const char *path, po_dump_look_fn *look, void *ctx,
                struct po_err *err);
    /*
     * Replace the database with the copy at path written by dump (the
     * caller has checked that it holds no data): SQLite the backup API from
     * the file, PostgreSQL pg_restore in one transaction (the database must
     * have no tables).  Outside a transaction.  NULL: unsupported.
     */
    int (*load)(struct po_store *st, const char *path, struct po_err *err);
    /*
     * Inside a write transaction: wait until no other transaction holds the
     * lock named key, and hold it until this one ends (PostgreSQL:
     * pg_advisory_xact_lock).  For a read-then-append that must not
     * interleave, such as the audit chain's next row.  NULL: write
     * transactions are serial already (SQLite's BEGIN IMMEDIATE).
     */
    int (*lock)(struct po_store *st, int64_t key, struct po_err *err);
};

/* Every backend struct begins with this. */
struct po_store {
    const struct po_store_ops *ops;
    int tx_depth;     /* maintained by the wrappers */
    long fail_after;  /* fault injection: < 0 off */
    bool tx_failed;   /* an inner rollback happened: the outer commit must fail */
};

struct po_stmt {
    struct po_store *st;
};

struct po_upsert {
    struct po_store *st;
};

/* ---- backends ---- */

/* The operation tables (store_sqlite.c, store_pg.c); callers use po_store_find(). */
extern const struct po_store_ops po_store_sqlite_ops;
extern const struct po_store_ops po_store_pg_ops;

/* "sqlite" or "pg"; NULL if unknown. */
const struct po_store_ops *po_store_find(const char *name);
/* Which backend a --db value names: "pg" for postgresql:// or postgres:// URLs, else "sqlite". */
const char *po_store_backend_for(const char *dsn);

/*
 * Open dsn with the backend it names, as it is: no migration (that is
 * po_app_open() in app/open.h, one layer up; store/migrate.h for the
 * steps).  Caller owns; close with po_store_close().  Errors: PO_EINVAL
 * for no dsn or one the backend cannot parse, PO_EUNAVAIL when the
 * backend is unknown or the database cannot be reached.
 */
int po_store_open(struct po_store **out, const char *dsn, struct po_err *err);
/*
 * Open the SQLite file at path read-only (a file: URI with mode=ro): nothing
 * is written to it or beside it (it must be in rollback-journal mode, as a
 * backup's copy is).  Errors: po_store_open's, PO_ENOMEM.
 */
int po_store_open_file_ro(struct po_store **out, const char *path, struct po_err *err);
void po_store_close(struct po_store *st);
const char *po_store_backend(const struct po_store *st); /* "sqlite" / "pg" */
const char *po_store_describe(struct po_store *st);

/* ---- wrappers (use these, never st->ops directly) ---- */

int po_store_exec(struct po_store *st, const char *sql, struct po_err *err);
/* Nested begin/commit are counted; only the outermost pair reaches the database. */
int po_store_begin(struct po_store *st, struct po_err *err);
int po_store_commit(struct po_store *st, struct po_err *err);
int po_store_rollback(struct po_store *st, struct po_err *err);
/*
 * End the transaction begun by po_store_begin() after the work that
 * returned rc: commit when rc is 0, roll back otherwise.  Returns rc, or the
 * commit's error.  The one place the "commit or roll back" choice is made:
 *     rc = po_store_begin(st, err); if (rc < 0) return rc;
 *     rc = work(st, ..., err);
 *     return po_store_end(st, rc, err);
 */
int po_store_end(struct po_store *st, int rc, struct po_err *err);

int po_stmt_prepare(struct po_stmt **out, struct po_store *st, const char *sql, struct po_err *err);
int po_stmt_bind(struct po_stmt *s, int idx, struct po_value v, struct po_err *err);
/* Bind n values to parameters 1..n. */
int po_stmt_bindv(struct po_stmt *s, const struct po_value *v, size_t n, struct po_err *err);
int po_stmt_step(struct po_stmt *s, struct po_err *err);
int po_stmt_reset(struct po_stmt *s, struct po_err *err);
int po_stmt_ncols(struct po_stmt *s);
struct po_value po_stmt_col(struct po_stmt *s, int col);
int64_t po_stmt_int(struct po_stmt *s, int col);     /* NULL reads as 0 */
const char *po_stmt_text(struct po_stmt *s, int col); /* NULL reads as NULL */
bool po_stmt_isnull(struct po_stmt *s, int col);
const char *po_stmt_colname(struct po_stmt *s, int col);
int64_t po_stmt_changes(struct po_stmt *s);
void po_stmt_finalize(struct po_stmt *s);

/* Prepare, bind n values, step once and finalize; for statements without rows. */
int po_store_run(struct po_store *st, const char *sql, const struct po_value *v, size_t n,
                 struct po_err *err);
/* Same, reading one integer from the first row; *out untouched when there is no row (returns PO_ENOTFOUND). */
int po_store_query_int(int64_t *out, struct po_store *st, const char *sql, const struct po_value *v,
                       size_t n, struct po_err *err);

/* See po_store_ops.fk_enforce; a no-op on backends without it.  Not inside a transaction. */
int po_store_fk_enforce(struct po_store *st, bool on, struct po_err *err);

int po_upsert_begin(struct po_upsert **out, struct po_store *st, const struct po_table_desc *td,
                    struct po_err *err);
int po_upsert_row(struct po_upsert *u, const struct po_value *vals, struct po_err *err);
int po_upsert_end(struct po_upsert *u, struct po_upsert_counts *counts, struct po_err *err);
void po_upsert_abort(struct po_upsert *u);
/* Bulk upsert of nrows rows pulled through fetch (see po_store_ops.upsert_all). In a transaction. */
int po_upsert_all(struct po_store *st, const struct po_table_desc *td, size_t nrows,
                  po_row_fetch_fn *fetch, void *ctx, struct po_upsert_counts *counts,
                  struct po_err *err);

/*
 * For backends whose bulk upsert stages rows in a table first: append to b
 * the statement that merges table source into td, built from the constant
 * description:
 *   INSERT INTO t(a,b,c) SELECT a,b,c FROM source WHERE true
 *     ON CONFLICT(a) DO UPDATE SET b=excluded.b, c=excluded.c
 *     WHERE t.b IS DISTINCT FROM excluded.b OR t.c IS DISTINCT FROM excluded.c
 * (DO NOTHING when every column is a key), so an identical row changes
 * nothing.  "WHERE true" keeps SQLite's parser from reading ON CONFLICT as a
 * join constraint.  Check po_buf_failed(b).
 */
struct po_buf;
void po_upsert_merge_sql(struct po_buf *b, const struct po_table_desc *td, const char *source);

/* See po_store_ops.lock: a no-op on backends without it.  Inside a transaction. */
int po_store_lock(struct po_store *st, int64_t key, struct po_err *err);
/* The lock keys (one per serialized resource). */
enum { PO_LOCK_AUDIT = 1 };

/* See po_store_ops.dump and .load; PO_EINVAL when the backend has none. */
int po_store_dump(struct po_store *st, const char *path, po_dump_look_fn *look, void *ctx,
                  struct po_err *err);
int po_store_load(struct po_store *st, const char *path, struct po_err *err);

/*
 * Fault injection (SQLite's *fault.test): make the (n+1)-th wrapper call
 * from now fail with PO_EUNAVAIL; n < 0 disables.  For tests only.
 */
void po_store_fail_after(struct po_store *st, long n);

#endif
