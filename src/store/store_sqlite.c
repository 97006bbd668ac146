/*
 * store_sqlite.c: the SQLite backend (the embedded default).
 *
 * Connection settings: WAL (readers never block the writer, and a killed
 * writer leaves the database as of its last commit), foreign keys on, a
 * busy timeout so two processes queue instead of failing, synchronous=FULL
 * because a government register prefers a slower commit to a lost one.
 * Write transactions are BEGIN IMMEDIATE: taking the write lock up front
 * turns a later SQLITE_BUSY deadlock into a wait.
 */
#include "store/store.h"
#include "util/buf.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The rows an upsert_all is reading, seen by the po_rows virtual table. */
struct rows_src {
    po_row_fetch_fn *fetch;
    void *ctx;
    size_t nrows, ncols;
    struct po_value vals[64];
    size_t cached; /* row in vals, or SIZE_MAX */
    struct po_err *err;
    int rc;
};

/*
 * Prepared statements are kept for reuse, as tclsqlite's statement cache
 * does: a server runs the same few queries on every request, and preparing
 * them is most of the cost of a short query.  A finalized statement whose
 * SQL is cached goes back, reset and unbound; the least recently used idle
 * entry makes room.  A statement in use is never handed out twice.
 */
#define SQ_CACHE_SIZE 48

struct sq_cached {
    char *sql;
    sqlite3_stmt *stmt;
    bool in_use;
    uint64_t used; /* tick of the last hand-out */
};

struct sq_store {
    struct po_store base;
    sqlite3 *db;
    char desc[512];
    struct rows_src src;
    struct sq_cached cache[SQ_CACHE_SIZE];
    uint64_t tick;
};

struct sq_stmt {
    struct po_stmt base;
    sqlite3_stmt *stmt;
    int64_t changes;
    struct sq_cached *cached; /* the cache entry it came from, or NULL */
};

/*
 * Bulk upsert: rows go first into a constraint-free temporary table (in
 * memory: temp_store=MEMORY), then into the target with one INSERT ...
 * SELECT ... ON CONFLICT.  Measured on 1.78M energy rows this takes about
 * 60% of the time of one prepared upsert per row, because the per-row work
 * of the second is a plain append.
 */
struct sq_upsert {
    struct po_upsert base;
    const struct po_table_desc *td;
    struct po_stmt *ins;
    int64_t before, rows;
};

static sqlite3 *db_of(struct po_store *st)
{
    return ((struct sq_store *)st)->db;
}

/* The one place SQLite result codes become PO_E* codes. */
static int map_err(sqlite3 *db, int rc, const char *what, struct po_err *err)
{
    int code;
    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
        code = PO_ECONFLICT;
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
        code = PO_EUNAVAIL;
        break;
    case SQLITE_NOMEM:
        code = PO_ENOMEM;
        break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
        code = PO_EINVAL;
        break;
    default:
        code = PO_EINTERNAL;
    }
    const char *m = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if ((rc & 0xff) == SQLITE_FULL) {
        po_err_set(err, code, "磁盘已满，数据库无法写入（%s）：本次操作未保存，已有数据不受影响",
                   "the disk is full, the database cannot be written (%s): this change was not "
                   "saved, nothing stored before is affected",
                   what);
        if (err)
            snprintf(err->hint, sizeof(err->hint),
                     "free space on the database's file system; reading goes on meanwhile");
        return code;
    }
    return po_err_set(err, code, "数据库错误（%s）：%s", "database error (%s): %s", what, m);
}

static void sq_close(struct po_store *st)
{
    struct sq_store *s = (struct sq_store *)st;
    for (size_t i = 0; i < SQ_CACHE_SIZE; i++) {
        sqlite3_finalize(s->cache[i].stmt);
        free(s->cache[i].sql);
    }
    sqlite3_close_v2(s->db);
    free(s);
}

static int sq_exec(struct po_store *st, const char *sql, struct po_err *err)
{
    int rc = sqlite3_exec(db_of(st), sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : map_err(db_of(st), rc, "exec", err);
}

static const sqlite3_module rows_module;

static int sq_open(struct po_store **out, const char *dsn, struct po_err *err)
{
    struct sq_store *s = calloc(1, sizeof(*s));
    if (!s)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    int rc = sqlite3_open_v2(dsn, &s->db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
                                 SQLITE_OPEN_URI,
                             NULL);
    if (rc != SQLITE_OK) {
        po_err_set(err, PO_EUNAVAIL, "无法打开数据库 %s：%s", "cannot open database %s: %s", dsn,
                   s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
        sqlite3_close_v2(s->db);
        free(s);
        return PO_EUNAVAIL;
    }
    sqlite3_busy_timeout(s->db, 10000);
    sqlite3_create_module_v2(s->db, "po_rows", &rows_module, &s->src, NULL);
    sqlite3_extended_result_codes(s->db, 1);
    s->base.ops = &po_store_sqlite_ops;
    snprintf(s->desc, sizeof(s->desc), "sqlite %s %s", sqlite3_libversion(), dsn);
    /*
     * page_size takes effect only on a new, empty database (and must come
     * before WAL): 16 KiB pages made the bulk load of 1.78M energy rows a
     * third faster than the 4 KiB default (bench/import.sh).
     */
    static const char pragmas[] = "PRAGMA page_size=16384;"
                                  "PRAGMA journal_mode=WAL;"
                                  "PRAGMA foreign_keys=ON;"
                                  "PRAGMA synchronous=FULL;"
                                  "PRAGMA temp_store=MEMORY;"
                                  "PRAGMA cache_size=-65536;";
    /* read-only (a file: URI with mode=ro, e.g. a backup's copy): nothing is written */
    static const char pragmas_ro[] = "PRAGMA foreign_keys=ON;"
                                     "PRAGMA temp_store=MEMORY;";
    bool ro = sqlite3_db_readonly(s->db, "main") == 1;
    rc = sqlite3_exec(s->db, ro ? pragmas_ro : pragmas, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        int code = map_err(s->db, rc, dsn, err);
        sqlite3_close_v2(s->db);
        free(s);
        return code;
    }
    *out = &s->base;
    return 0;
}

static int sq_begin(struct po_store *st, struct po_err *err)
{
    return sq_exec(st, "BEGIN IMMEDIATE", err);
}

static int sq_commit(struct po_store *st, struct po_err *err)
{
    return sq_exec(st, "COMMIT", err);
}

static int sq_rollback(struct po_store *st, struct po_err *err)
{
    if (sqlite3_get_autocommit(db_of(st)))
        return 0; /* SQLite already rolled back (e.g. after SQLITE_FULL) */
    return sq_exec(st, "ROLLBACK", err);
}

static int sq_prepare(struct po_stmt **out, struct po_store *st, const char *sql,
                      struct po_err *err)
{
    struct sq_store *db = (struct sq_store *)st;
    struct sq_stmt *s = calloc(1, sizeof(*s));
    if (!s)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    s->base.st = st;
    *out = &s->base;
    struct sq_cached *victim = NULL;
    for (size_t i = 0; i < SQ_CACHE_SIZE; i++) {
        struct sq_cached *c = &db->cache[i];
        if (c->sql && !c->in_use && !strcmp(c->sql, sql)) {
            c->in_use = true;
            c->used = ++db->tick;
            s->stmt = c->stmt;
            s->cached = c;
            return 0;
        }
        if (!c->in_use && (!victim || !c->sql || (victim->sql && c->used < victim->used)))
            victim = c;
    }
    int rc = sqlite3_prepare_v2(db->db, sql, -1, &s->stmt, NULL);
    if (rc != SQLITE_OK) {
        free(s);
        *out = NULL;
        return map_err(db->db, rc, "prepare", err);
    }
    char *copy = victim ? strdup(sql) : NULL;
    if (copy) {
        sqlite3_finalize(victim->stmt);
        free(victim->sql);
        *victim = (struct sq_cached){ copy, s->stmt, true, ++db->tick };
        s->cached = victim;
    }
    return 0;
}

static int bind_value(struct po_stmt *ps, int idx, const struct po_value *v,
                      sqlite3_destructor_type keep, struct po_err *err)
{
    struct sq_stmt *s = (struct sq_stmt *)ps;
    int rc;
    switch (v->type) {
    case PO_V_INT:
        rc = sqlite3_bind_int64(s->stmt, idx, v->i);
        break;
    case PO_V_REAL:
        rc = sqlite3_bind_double(s->stmt, idx, v->r);
        break;
    case PO_V_TEXT:
        rc = sqlite3_bind_text64(s->stmt, idx, v->s, v->len, keep, SQLITE_UTF8);
        break;
    default:
        rc = sqlite3_bind_null(s->stmt, idx);
    }
    return rc == SQLITE_OK ? 0 : map_err(sqlite3_db_handle(s->stmt), rc, "bind", err);
}

static int sq_bind(struct po_stmt *ps, int idx, const struct po_value *v, struct po_err *err)
{
    return bind_value(ps, idx, v, SQLITE_TRANSIENT, err);
}

static int sq_step(struct po_stmt *ps, struct po_err *err)
{
    struct sq_stmt *s = (struct sq_stmt *)ps;
    sqlite3 *db = sqlite3_db_handle(s->stmt);
    int rc = sqlite3_step(s->stmt);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE) {
        s->changes = sqlite3_changes64(db);
        return 0;
    }
    int code = map_err(db, rc, "step", err);
    sqlite3_reset(s->stmt);
    return code;
}

static int sq_reset(struct po_stmt *ps, struct po_err *err)
{
    (void)err;
    struct sq_stmt *s = (struct sq_stmt *)ps;
    sqlite3_reset(s->stmt);
    sqlite3_clear_bindings(s->stmt);
    return 0;
}

static int sq_ncols(struct po_stmt *ps)
{
    return sqlite3_column_count(((struct sq_stmt *)ps)->stmt);
}

static void sq_column(struct po_value *out, struct po_stmt *ps, int col)
{
    sqlite3_stmt *st = ((struct sq_stmt *)ps)->stmt;
    memset(out, 0, sizeof(*out));
    switch (sqlite3_column_type(st, col)) {
    case SQLITE_INTEGER:
        out->type = PO_V_INT;
        out->i = sqlite3_column_int64(st, col);
        break;
    case SQLITE_FLOAT:
        out->type = PO_V_REAL;
        out->r = sqlite3_column_double(st, col);
        break;
    case SQLITE_NULL:
        out->type = PO_V_NULL;
        break;
    default:
        out->type = PO_V_TEXT;
        out->s = (const char *)sqlite3_column_text(st, col);
        out->len = (size_t)sqlite3_column_bytes(st, col);
        if (!out->s) {
            out->s = "";
            out->len = 0;
        }
    }
}

static const char *sq_column_name(struct po_stmt *ps, int col)
{
    return sqlite3_column_name(((struct sq_stmt *)ps)->stmt, col);
}

static int64_t sq_changes(struct po_stmt *ps)
{
    return ((struct sq_stmt *)ps)->changes;
}

static void sq_finalize(struct po_stmt *ps)
{
    struct sq_stmt *s = (struct sq_stmt *)ps;
    if (s->cached) {
        sqlite3_reset(s->stmt);
        sqlite3_clear_bindings(s->stmt);
        s->cached->in_use = false;
    } else {
        sqlite3_finalize(s->stmt);
    }
    free(s);
}

static void col_list(struct po_buf *b, const struct po_table_desc *td)
{
    for (size_t i = 0; i < td->ncols; i++)
        po_buf_addf(b, "%s%s", i ? "," : "", td->cols[i]);
}

/* source into td (po_upsert_merge_sql): sqlite3_changes() counts only real changes. */
static int build_source_sql(struct po_buf *b, const struct po_table_desc *td, const char *source)
{
    po_upsert_merge_sql(b, td, source);
    return po_buf_failed(b) ? PO_ENOMEM : 0;
}

static int build_upsert_sql(struct po_buf *b, const struct po_table_desc *td)
{
    return build_source_sql(b, td, "temp.po_stage");
}

static int count_rows(int64_t *out, struct po_store *st, const char *table, struct po_err *err)
{
    char sql[160];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
    return po_store_query_int(out, st, sql, NULL, 0, err);
}

static int sq_upsert_begin(struct po_upsert **out, struct po_store *st,
                           const struct po_table_desc *td, struct po_err *err)
{
    struct sq_upsert *u = calloc(1, sizeof(*u));
    if (!u)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    u->base.st = st;
    u->td = td;
    struct po_buf sql = PO_BUF_INIT;
    po_buf_adds(&sql, "DROP TABLE IF EXISTS temp.po_stage; CREATE TEMP TABLE po_stage(");
    col_list(&sql, td);
    po_buf_adds(&sql, ")");
    int rc = po_buf_failed(&sql) ? po_err_set(err, PO_ENOMEM, "内存不足", "out of memory") : 0;
    if (rc == 0)
        rc = sq_exec(st, sql.buf, err);
    po_buf_reset(&sql);
    po_buf_adds(&sql, "INSERT INTO temp.po_stage VALUES(");
    for (size_t i = 0; i < td->ncols; i++)
        po_buf_adds(&sql, i ? ",?" : "?");
    po_buf_adds(&sql, ")");
    if (rc == 0 && po_buf_failed(&sql))
        rc = po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    if (rc == 0)
        rc = count_rows(&u->before, st, td->name, err);
    if (rc == 0)
        rc = sq_prepare(&u->ins, st, sql.buf, err);
    po_buf_release(&sql);
    if (rc < 0) {
        free(u);
        return rc;
    }
    *out = &u->base;
    return 0;
}

static int sq_upsert_row(struct po_upsert *pu, const struct po_value *vals, struct po_err *err)
{
    struct sq_upsert *u = (struct sq_upsert *)pu;
    int rc = 0;
    /* the values outlive the step inside this call: no copy (SQLITE_STATIC) */
    for (size_t i = 0; i < u->td->ncols && rc == 0; i++)
        rc = bind_value(u->ins, (int)i + 1, &vals[i], SQLITE_STATIC, err);
    if (rc == 0)
        rc = sq_step(u->ins, err);
    sqlite3_reset(((struct sq_stmt *)u->ins)->stmt);
    if (rc < 0)
        return rc;
    u->rows++;
    return 0;
}

static void sq_upsert_abort(struct po_upsert *pu)
{
    struct sq_upsert *u = (struct sq_upsert *)pu;
    if (u->ins)
        sq_finalize(u->ins);
    sq_exec(pu->st, "DROP TABLE IF EXISTS temp.po_stage", NULL);
    free(u);
}

static int sq_upsert_end(struct po_upsert *pu, struct po_upsert_counts *counts, struct po_err *err)
{
    struct sq_upsert *u = (struct sq_upsert *)pu;
    struct po_buf sql = PO_BUF_INIT;
    int rc = build_upsert_sql(&sql, u->td);
    if (rc < 0)
        po_err_set(err, rc, "内存不足", "out of memory");
    int64_t changed = 0, after = 0;
    if (rc == 0)
        rc = sq_exec(pu->st, sql.buf, err);
    if (rc == 0)
        changed = sqlite3_changes64(db_of(pu->st));
    po_buf_release(&sql);
    if (rc == 0)
        rc = count_rows(&after, pu->st, u->td->name, err);
    if (rc == 0 && counts) {
        /* SQLite has one writer and we hold the lock: the count difference is ours. */
        counts->inserted = after - u->before;
        counts->updated = changed - counts->inserted;
        counts->unchanged = u->rows - changed;
    }
    sq_upsert_abort(pu);
    return rc;
}


/*
 * The po_rows virtual table: a read-only view of the rows an upsert_all
 * caller holds in memory, so that one INSERT ... SELECT ... ON CONFLICT
 * reads them without a staging copy.  Its columns are named by the
 * CREATE VIRTUAL TABLE arguments; the data comes from the connection's
 * rows_src, set for the duration of one upsert_all.
 */
struct rows_vtab {
    sqlite3_vtab base;
    struct rows_src *src;
};

struct rows_cursor {
    sqlite3_vtab_cursor base;
    size_t row;
};

static int rows_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
                        sqlite3_vtab **out, char **errmsg)
{
    (void)errmsg;
    struct po_buf decl = PO_BUF_INIT;
    po_buf_adds(&decl, "CREATE TABLE x(");
    for (int i = 3; i < argc; i++)
        po_buf_addf(&decl, "%s%s", i > 3 ? "," : "", argv[i]);
    po_buf_adds(&decl, ")");
    int rc = po_buf_failed(&decl) ? SQLITE_NOMEM : sqlite3_declare_vtab(db, decl.buf);
    po_buf_release(&decl);
    if (rc != SQLITE_OK)
        return rc;
    struct rows_vtab *v = sqlite3_malloc(sizeof(*v));
    if (!v)
        return SQLITE_NOMEM;
    memset(v, 0, sizeof(*v));
    v->src = aux;
    *out = &v->base;
    return SQLITE_OK;
}

static int rows_disconnect(sqlite3_vtab *v)
{
    sqlite3_free(v);
    return SQLITE_OK;
}

static int rows_best_index(sqlite3_vtab *v, sqlite3_index_info *info)
{
    (void)v;
    info->estimatedCost = 1e6;
    return SQLITE_OK;
}

static int rows_open(sqlite3_vtab *v, sqlite3_vtab_cursor **out)
{
    (void)v;
    struct rows_cursor *c = sqlite3_malloc(sizeof(*c));
    if (!c)
        return SQLITE_NOMEM;
    memset(c, 0, sizeof(*c));
    *out = &c->base;
    return SQLITE_OK;
}

static int rows_close(sqlite3_vtab_cursor *c)
{
    sqlite3_free(c);
    return SQLITE_OK;
}

static int rows_filter(sqlite3_vtab_cursor *c, int idx, const char *idxstr, int argc,
                       sqlite3_value **argv)
{
    (void)idx;
    (void)idxstr;
    (void)argc;
    (void)argv;
    ((struct rows_cursor *)c)->row = 0;
    return SQLITE_OK;
}

static int rows_next(sqlite3_vtab_cursor *c)
{
    ((struct rows_cursor *)c)->row++;
    return SQLITE_OK;
}

static int rows_eof(sqlite3_vtab_cursor *c)
{
    struct rows_src *src = ((struct rows_vtab *)c->pVtab)->src;
    return ((struct rows_cursor *)c)->row >= src->nrows;
}

static int rows_column(sqlite3_vtab_cursor *c, sqlite3_context *ctx, int col)
{
    struct rows_src *src = ((struct rows_vtab *)c->pVtab)->src;
    size_t row = ((struct rows_cursor *)c)->row;
    if (src->cached != row) {
        src->rc = src->fetch(src->ctx, row, src->vals, src->err);
        if (src->rc < 0) {
            sqlite3_result_error(ctx, "row source failed", -1);
            return SQLITE_ERROR;
        }
        src->cached = row;
    }
    const struct po_value *v = &src->vals[col];
    switch (v->type) {
    case PO_V_INT:
        sqlite3_result_int64(ctx, v->i);
        break;
    case PO_V_REAL:
        sqlite3_result_double(ctx, v->r);
        break;
    case PO_V_TEXT:
        /* valid until the next fetch, and SQLite copies it before then (TRANSIENT) */
        sqlite3_result_text64(ctx, v->s, v->len, SQLITE_TRANSIENT, SQLITE_UTF8);
        break;
    default:
        sqlite3_result_null(ctx);
    }
    return SQLITE_OK;
}

static int rows_rowid(sqlite3_vtab_cursor *c, sqlite3_int64 *out)
{
    *out = (sqlite3_int64)((struct rows_cursor *)c)->row;
    return SQLITE_OK;
}

static const sqlite3_module rows_module = {
    .iVersion = 0,
    .xCreate = rows_connect,
    .xConnect = rows_connect,
    .xBestIndex = rows_best_index,
    .xDisconnect = rows_disconnect,
    .xDestroy = rows_disconnect,
    .xOpen = rows_open,
    .xClose = rows_close,
    .xFilter = rows_filter,
    .xNext = rows_next,
    .xEof = rows_eof,
    .xColumn = rows_column,
    .xRowid = rows_rowid,
};

static int sq_upsert_all(struct po_store *st, const struct po_table_desc *td, size_t nrows,
                         po_row_fetch_fn *fetch, void *ctx, struct po_upsert_counts *counts,
                         struct po_err *err)
{
    struct sq_store *s = (struct sq_store *)st;
    if (td->ncols > sizeof(s->src.vals) / sizeof(s->src.vals[0]))
        return po_err_set(err, PO_EINTERNAL, "列数过多", "too many columns");
    int64_t before = 0, after = 0, changed = 0;
    struct po_buf sql = PO_BUF_INIT;
    po_buf_adds(&sql, "DROP TABLE IF EXISTS temp.po_src; CREATE VIRTUAL TABLE temp.po_src USING po_rows(");
    col_list(&sql, td);
    po_buf_adds(&sql, ")");
    int rc = po_buf_failed(&sql) ? po_err_set(err, PO_ENOMEM, "内存不足", "out of memory") : 0;
    if (rc == 0)
        rc = count_rows(&before, st, td->name, err);
    if (rc == 0)
        rc = sq_exec(st, sql.buf, err);
    po_buf_reset(&sql);
    if (rc == 0)
        rc = build_source_sql(&sql, td, "temp.po_src");
    if (rc == PO_ENOMEM)
        po_err_set(err, rc, "内存不足", "out of memory");
    if (rc == 0) {
        s->src = (struct rows_src){ fetch, ctx, nrows, td->ncols, { { 0 } }, SIZE_MAX, err, 0 };
        rc = sqlite3_exec(s->db, sql.buf, NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            rc = s->src.rc < 0 ? s->src.rc : map_err(s->db, rc, "upsert", err);
        else
            changed = sqlite3_changes64(s->db);
        memset(&s->src, 0, sizeof(s->src));
    }
    po_buf_release(&sql);
    sq_exec(st, "DROP TABLE IF EXISTS temp.po_src", NULL);
    if (rc == 0)
        rc = count_rows(&after, st, td->name, err);
    if (rc == 0 && counts) {
        /* SQLite has one writer and we hold the lock: the count difference is ours. */
        counts->inserted = after - before;
        counts->updated = changed - counts->inserted;
        counts->unchanged = (int64_t)nrows - changed;
    }
    return rc;
}

static int sq_fk_enforce(struct po_store *st, bool on, struct po_err *err)
{
    return sq_exec(st, on ? "PRAGMA foreign_keys=ON" : "PRAGMA foreign_keys=OFF", err);
}

/*
 * Copy every page of src's main database into dst's in one step: one read
 * transaction on src, so the copy is a snapshot even while other
 * connections write (WAL readers do not block the writer).  A busy or
 * locked step is retried for up to about 10 s.
 */
static int copy_pages(sqlite3 *dst, sqlite3 *src, const char *what, struct po_err *err)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b)
        return map_err(dst, sqlite3_errcode(dst), what, err);
    int rc;
    for (int tries = 0;; tries++) {
        rc = sqlite3_backup_step(b, -1);
        if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries == 100)
            break;
        sqlite3_sleep(100);
    }
    int fin = sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        return map_err(NULL, rc, what, err);
    return fin == SQLITE_OK ? 0 : map_err(dst, fin, what, err);
}

static int sq_dump(struct po_store *st, const char *path, po_dump_look_fn *look, void *ctx,
                   struct po_err *err)
{
    if (!sqlite3_get_autocommit(db_of(st)))
        return po_err_set(err, PO_EINTERNAL, "备份不能在事务内进行", "backup inside a transaction");
    sqlite3 *dst = NULL;
    int rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        rc = map_err(dst, rc, path, err);
        sqlite3_close_v2(dst);
        return rc;
    }
    rc = copy_pages(dst, db_of(st), "backup", err);
    /* a self-contained file: no -wal beside it, readable read-only */
    if (rc == 0 && sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK)
        rc = map_err(dst, sqlite3_errcode(dst), path, err);
    if (sqlite3_close(dst) != SQLITE_OK && rc == 0)
        rc = po_err_set(err, PO_EIO, "无法关闭 %s", "cannot close %s", path);
    if (rc < 0 || !look)
        return rc;
    struct po_store *snap = NULL;
    rc = po_store_open_file_ro(&snap, path, err);
    if (rc == 0)
        rc = look(ctx, snap, err);
    if (snap)
        po_store_close(snap);
    return rc;
}

static int sq_load(struct po_store *st, const char *path, struct po_err *err)
{
    sqlite3 *src = NULL;
    int rc = sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL);
    if (rc != SQLITE_OK) {
        rc = map_err(src, rc, path, err);
        sqlite3_close_v2(src);
        return rc;
    }
    struct sq_store *s = (struct sq_store *)st;
    for (size_t i = 0; i < SQ_CACHE_SIZE; i++) { /* the schema is replaced: no statement survives */
        if (s->cache[i].in_use)
            continue;
        sqlite3_finalize(s->cache[i].stmt);
        free(s->cache[i].sql);
        s->cache[i] = (struct sq_cached){ 0 };
    }
    rc = copy_pages(s->db, src, "restore", err);
    sqlite3_close_v2(src);
    /* the copy is in rollback-journal mode: back to this backend's settings */
    if (rc == 0)
        rc = sq_exec(st, "PRAGMA journal_mode=WAL", err);
    return rc;
}

static const char *sq_describe(struct po_store *st)
{
    return ((struct sq_store *)st)->desc;
}

const struct po_store_ops po_store_sqlite_ops = {
    .version = 4,
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .exec = sq_exec,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .prepare = sq_prepare,
    .bind = sq_bind,
    .step = sq_step,
    .reset = sq_reset,
    .ncols = sq_ncols,
    .column = sq_column,
    .column_name = sq_column_name,
    .changes = sq_changes,
    .finalize = sq_finalize,
    .upsert_begin = sq_upsert_begin,
    .upsert_row = sq_upsert_row,
    .upsert_end = sq_upsert_end,
    .upsert_abort = sq_upsert_abort,
    .describe = sq_describe,
    .fk_enforce = sq_fk_enforce,
    .upsert_all = sq_upsert_all,
    .dump = sq_dump,
    .load = sq_load,
};
