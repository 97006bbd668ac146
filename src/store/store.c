/*
 * store.c: backend registry and the wrappers every caller goes through.
 *
 * The wrappers are the one home for argument checks, nested transaction
 * counting and fault injection (SQLite's sqlite3OsRead discipline), so the
 * backends stay small.
 */
#include "store/store.h"
#include "util/buf.h"

#include <string.h>

static const struct po_store_ops *const backends[] = {
    &po_store_sqlite_ops,
    &po_store_pg_ops,
};

struct po_value po_vint(int64_t i)
{
    struct po_value v = { PO_V_INT, i, 0.0, NULL, 0 };
    return v;
}

struct po_value po_vtext(const char *s)
{
    if (!s)
        return PO_VNULL;
    struct po_value v = { PO_V_TEXT, 0, 0.0, s, strlen(s) };
    return v;
}

struct po_value po_vtextn(const char *s, size_t len)
{
    if (!s)
        return PO_VNULL;
    struct po_value v = { PO_V_TEXT, 0, 0.0, s, len };
    return v;
}

struct po_value po_vreal(double r)
{
    struct po_value v = { PO_V_REAL, 0, r, NULL, 0 };
    return v;
}

const struct po_store_ops *po_store_find(const char *name)
{
    for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
        if (backends[i] && strcmp(backends[i]->name, name) == 0)
            return backends[i];
    return NULL;
}

const char *po_store_backend_for(const char *dsn)
{
    if (strncmp(dsn, "postgresql://", 13) == 0 || strncmp(dsn, "postgres://", 11) == 0)
        return "pg";
    return "sqlite";
}

static int fault(struct po_store *st, struct po_err *err)
{
    if (st->fail_after < 0)
        return 0;
    if (st->fail_after == 0)
        return po_err_set(err, PO_EUNAVAIL, "注入的存储故障", "injected store fault");
    st->fail_after--;
    return 0;
}

int po_store_open(struct po_store **out, const char *dsn, struct po_err *err)
{
    if (!dsn || !*dsn)
        return po_err_set(err, PO_EINVAL, "未指定数据库（--db 或 PHASEOUT_DB）",
                          "no database given (--db or PHASEOUT_DB)");
    const char *name = po_store_backend_for(dsn);
    const struct po_store_ops *ops = po_store_find(name);
    if (!ops || !ops->open)
        return po_err_set(err, PO_EUNAVAIL, "不支持的数据库后端：%s", "unsupported backend: %s",
                          name);
    int rc = ops->open(out, dsn, err);
    if (rc < 0)
        return rc;
    (*out)->tx_depth = 0;
    (*out)->fail_after = -1;
    (*out)->tx_failed = false;
    return 0;
}

int po_store_open_file_ro(struct po_store **out, const char *path, struct po_err *err)
{
    struct po_buf uri = PO_BUF_INIT;
    po_buf_adds(&uri, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p == 0x7f)
            po_buf_addf(&uri, "%%%02X", *p);
        else
            po_buf_addch(&uri, (char)*p);
    }
    po_buf_adds(&uri, "?mode=ro");
    int rc = po_buf_failed(&uri) ? po_err_set(err, PO_ENOMEM, "内存不足", "out of memory")
                                 : po_store_open(out, uri.buf, err);
    po_buf_release(&uri);
    return rc;
}

void po_store_close(struct po_store *st)
{
    if (st)
        st->ops->close(st);
}

const char *po_store_backend(const struct po_store *st)
{
    return st->ops->name;
}

const char *po_store_describe(struct po_store *st)
{
    return st->ops->describe ? st->ops->describe(st) : st->ops->name;
}

int po_store_exec(struct po_store *st, const char *sql, struct po_err *err)
{
    int rc = fault(st, err);
    return rc < 0 ? rc : st->ops->exec(st, sql, err);
}

int po_store_begin(struct po_store *st, struct po_err *err)
{
    int rc = fault(st, err);
    if (rc < 0)
        return rc;
    if (st->tx_depth == 0) {
        rc = st->ops->begin(st, err);
        if (rc < 0)
            return rc;
        st->tx_failed = false;
    }
    st->tx_depth++;
    return 0;
}

int po_store_commit(struct po_store *st, struct po_err *err)
{
    if (st->tx_depth <= 0)
        return po_err_set(err, PO_EINTERNAL, "没有进行中的事务", "commit without a transaction");
    if (st->tx_depth > 1) {
        st->tx_depth--;
        return 0;
    }
    int rc = fault(st, err);
    if (rc == 0 && st->tx_failed)
        rc = po_err_set(err, PO_ECONFLICT, "内层事务已回滚", "an inner transaction rolled back");
    if (rc < 0) {
        st->ops->rollback(st, NULL);
        st->tx_depth = 0;
        return rc;
    }
    st->tx_depth = 0;
    return st->ops->commit(st, err);
}

int po_store_rollback(struct po_store *st, struct po_err *err)
{
    if (st->tx_depth <= 0)
        return 0;
    if (st->tx_depth > 1) {
        st->tx_depth--;
        st->tx_failed = true;
        return 0;
    }
    st->tx_depth = 0;
    return st->ops->rollback(st, err);
}

int po_store_end(struct po_store *st, int rc, struct po_err *err)
{
    if (rc < 0) {
        po_store_rollback(st, NULL);
        return rc;
    }
    return po_store_commit(st, err);
}

int po_stmt_prepare(struct po_stmt **out, struct po_store *st, const char *sql, struct po_err *err)
{
    int rc = fault(st, err);
    return rc < 0 ? rc : st->ops->prepare(out, st, sql, err);
}

int po_stmt_bind(struct po_stmt *s, int idx, struct po_value v, struct po_err *err)
{
    return s->st->ops->bind(s, idx, &v, err);
}

int po_stmt_bindv(struct po_stmt *s, const struct po_value *v, size_t n, struct po_err *err)
{
    for (size_t i = 0; i < n; i++) {
        int rc = s->st->ops->bind(s, (int)i + 1, &v[i], err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int po_stmt_step(struct po_stmt *s, struct po_err *err)
{
    int rc = fault(s->st, err);
    return rc < 0 ? rc : s->st->ops->step(s, err);
}

int po_stmt_reset(struct po_stmt *s, struct po_err *err)
{
    return s->st->ops->reset(s, err);
}

int po_stmt_ncols(struct po_stmt *s)
{
    return s->st->ops->ncols(s);
}

struct po_value po_stmt_col(struct po_stmt *s, int col)
{
    struct po_value v;
    s->st->ops->column(&v, s, col);
    return v;
}

int64_t po_stmt_int(struct po_stmt *s, int col)
{
    struct po_value v = po_stmt_col(s, col);
    if (v.type == PO_V_INT)
        return v.i;
    if (v.type == PO_V_REAL)
        return (int64_t)v.r;
    return 0;
}

const char *po_stmt_text(struct po_stmt *s, int col)
{
    struct po_value v = po_stmt_col(s, col);
    return v.type == PO_V_NULL ? NULL : v.s;
}

bool po_stmt_isnull(struct po_stmt *s, int col)
{
    return po_stmt_col(s, col).type == PO_V_NULL;
}

const char *po_stmt_colname(struct po_stmt *s, int col)
{
    return s->st->ops->column_name(s, col);
}

int64_t po_stmt_changes(struct po_stmt *s)
{
    return s->st->ops->changes(s);
}

void po_stmt_finalize(struct po_stmt *s)
{
    if (s)
        s->st->ops->finalize(s);
}

/* Prepare sql, bind v, step once; *out is left for the caller to read and finalize. */
static int run_once(struct po_stmt **out, struct po_store *st, const char *sql,
                    const struct po_value *v, size_t n, struct po_err *err)
{
    int rc = po_stmt_prepare(out, st, sql, err);
    if (rc < 0)
        return rc;
    rc = po_stmt_bindv(*out, v, n, err);
    if (rc == 0)
        rc = po_stmt_step(*out, err);
    return rc;
}

int po_store_run(struct po_store *st, const char *sql, const struct po_value *v, size_t n,
                 struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = run_once(&s, st, sql, v, n, err);
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

int po_store_query_int(int64_t *out, struct po_store *st, const char *sql, const struct po_value *v,
                       size_t n, struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = run_once(&s, st, sql, v, n, err);
    if (rc == 1) {
        *out = po_stmt_int(s, 0);
        rc = 0;
    } else if (rc == 0) {
        rc = PO_ENOTFOUND;
    }
    po_stmt_finalize(s);
    return rc;
}

int po_store_fk_enforce(struct po_store *st, bool on, struct po_err *err)
{
    if (st->tx_depth)
        return po_err_set(err, PO_EINTERNAL, "事务内不能切换外键检查",
                          "foreign-key enforcement cannot change inside a transaction");
    if (st->ops->version < 2 || !st->ops->fk_enforce)
        return 0;
    return st->ops->fk_enforce(st, on, err);
}

int po_store_lock(struct po_store *st, int64_t key, struct po_err *err)
{
    if (st->tx_depth == 0)
        return po_err_set(err, PO_EINTERNAL, "锁只能在事务内获取", "a lock outside a transaction");
    int rc = fault(st, err);
    if (rc < 0 || st->ops->version < 4 || !st->ops->lock)
        return rc;
    return st->ops->lock(st, key, err);
}

int po_store_dump(struct po_store *st, const char *path, po_dump_look_fn *look, void *ctx,
                  struct po_err *err)
{
    if (st->ops->version < 4 || !st->ops->dump)
        return po_err_set(err, PO_EINVAL, "后端 %s 不支持备份", "backend %s cannot back up",
                          st->ops->name);
    if (st->tx_depth)
        return po_err_set(err, PO_EINTERNAL, "备份不能在事务内进行", "backup inside a transaction");
    int rc = fault(st, err);
    return rc < 0 ? rc : st->ops->dump(st, path, look, ctx, err);
}

int po_store_load(struct po_store *st, const char *path, struct po_err *err)
{
    if (st->ops->version < 4 || !st->ops->load)
        return po_err_set(err, PO_EINVAL, "后端 %s 不支持恢复", "backend %s cannot restore",
                          st->ops->name);
    if (st->tx_depth)
        return po_err_set(err, PO_EINTERNAL, "恢复不能在事务内进行", "restore inside a transaction");
    int rc = fault(st, err);
    return rc < 0 ? rc : st->ops->load(st, path, err);
}

/* A bulk upsert may start: no injected fault, and inside the caller's transaction. */
static int bulk_may_start(struct po_store *st, struct po_err *err)
{
    int rc = fault(st, err);
    if (rc == 0 && st->tx_depth == 0)
        rc = po_err_set(err, PO_EINTERNAL, "批量写入必须在事务内",
                        "bulk upsert outside a transaction");
    return rc;
}

int po_upsert_begin(struct po_upsert **out, struct po_store *st, const struct po_table_desc *td,
                    struct po_err *err)
{
    int rc = bulk_may_start(st, err);
    return rc < 0 ? rc : st->ops->upsert_begin(out, st, td, err);
}

int po_upsert_row(struct po_upsert *u, const struct po_value *vals, struct po_err *err)
{
    int rc = fault(u->st, err);
    return rc < 0 ? rc : u->st->ops->upsert_row(u, vals, err);
}

int po_upsert_end(struct po_upsert *u, struct po_upsert_counts *counts, struct po_err *err)
{
    return u->st->ops->upsert_end(u, counts, err);
}

int po_upsert_all(struct po_store *st, const struct po_table_desc *td, size_t nrows,
                  po_row_fetch_fn *fetch, void *ctx, struct po_upsert_counts *counts,
                  struct po_err *err)
{
    int rc = bulk_may_start(st, err);
    if (rc < 0)
        return rc;
    if (st->ops->version >= 3 && st->ops->upsert_all)
        return st->ops->upsert_all(st, td, nrows, fetch, ctx, counts, err);
    struct po_value vals[64];
    if (td->ncols > sizeof(vals) / sizeof(vals[0]))
        return po_err_set(err, PO_EINTERNAL, "列数过多", "too many columns");
    struct po_upsert *u = NULL;
    rc = po_upsert_begin(&u, st, td, err);
    for (size_t i = 0; rc == 0 && i < nrows; i++) {
        rc = fetch(ctx, i, vals, err);
        if (rc == 0)
            rc = po_upsert_row(u, vals, err);
    }
    if (rc < 0) {
        if (u)
            po_upsert_abort(u);
        return rc;
    }
    return po_upsert_end(u, counts, err);
}

void po_upsert_abort(struct po_upsert *u)
{
    if (u)
        u->st->ops->upsert_abort(u);
}

static void add_cols(struct po_buf *b, const struct po_table_desc *td, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        po_buf_addf(b, "%s%s", i > from ? "," : "", td->cols[i]);
}

void po_upsert_merge_sql(struct po_buf *b, const struct po_table_desc *td, const char *source)
{
    po_buf_addf(b, "INSERT INTO %s(", td->name);
    add_cols(b, td, 0, td->ncols);
    po_buf_adds(b, ") SELECT ");
    add_cols(b, td, 0, td->ncols);
    po_buf_addf(b, " FROM %s WHERE true ON CONFLICT(", source);
    add_cols(b, td, 0, td->nkeys);
    if (td->nkeys == td->ncols) {
        po_buf_adds(b, ") DO NOTHING");
        return;
    }
    po_buf_adds(b, ") DO UPDATE SET ");
    for (size_t i = td->nkeys; i < td->ncols; i++)
        po_buf_addf(b, "%s%s=excluded.%s", i > td->nkeys ? "," : "", td->cols[i], td->cols[i]);
    po_buf_adds(b, " WHERE ");
    for (size_t i = td->nkeys; i < td->ncols; i++)
        po_buf_addf(b, "%s%s.%s IS DISTINCT FROM excluded.%s", i > td->nkeys ? " OR " : "",
                    td->name, td->cols[i], td->cols[i]);
}

void po_store_fail_after(struct po_store *st, long n)
{
    st->fail_after = n;
}
