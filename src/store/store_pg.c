/*
 * store_pg.c: the PostgreSQL backend (libpq).
 *
 * The portable SQL of the callers is used as it is, with its `?`
 * placeholders rewritten to $1..$n.  Parameters travel as text and are
 * untyped: the server infers each one's type from its context (the column
 * it is compared with or inserted into).  Where SQL gives no context
 * (`SELECT ?`, `? IS NULL`), write CAST(? AS BIGINT) or CAST(? AS TEXT),
 * which both backends accept.
 *
 * Statements are prepared on the server (PQprepare) once per connection and
 * SQL text: a small cache maps the text to its server-side name, so a
 * statement prepared, run and finalized in a loop (po_store_run) costs one
 * round trip after the first time, and finalize needs no DEALLOCATE.  A
 * prepared `SELECT *` fails once its table gains or loses a column ("cached
 * plan must not change result type"), so exec (which runs the DDL)
 * retires every cached statement; if the DDL came from another connection,
 * the failing statement reports PO_EUNAVAIL and the next prepare of its
 * text starts afresh.
 *
 * A result is fetched whole on the first step and then walked row by row.
 * Queries that return millions of rows would want single-row mode; none do
 * yet.
 *
 * Transactions are plain BEGIN: READ COMMITTED, PostgreSQL's default.  The
 * bulk upsert stays exact under it because its counting is done by one
 * INSERT ... ON CONFLICT statement.  Unlike SQLite, a failed statement
 * aborts the whole transaction: the caller must roll back, and a commit of
 * such a transaction fails with PO_ECONFLICT.
 *
 * Bulk upsert: rows go into a temporary stage table by COPY (text format) in
 * chunks of about 64 KiB, then one INSERT ... SELECT ... ON CONFLICT merges
 * the stage into the table.  Each chunk is its own COPY, so the connection is
 * free between po_upsert_row() calls and the caller may run other
 * statements meanwhile, as it may with SQLite.  Every key may appear once
 * per upsert: a repeated key is refused with PO_EINVAL (SQLite lets the
 * last row win).
 */
#include "store/store.h"
#include "util/buf.h"

#include <libpq-fe.h>
#include <errno.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* Type OIDs (catalog/pg_type_d.h is not installed for clients). */
enum {
    OID_BOOL = 16,
    OID_INT8 = 20,
    OID_INT2 = 21,
    OID_INT4 = 23,
    OID_FLOAT4 = 700,
    OID_FLOAT8 = 701,
    OID_NUMERIC = 1700
};

enum { CACHE_SIZE = 64, COPY_CHUNK = 64 * 1024 };

/* A statement prepared on the server. */
struct pg_prepared {
    char *sql; /* the caller's text; NULL: free cache slot */
    char name[32];
    int nparams;
    int refs;           /* live statements using it */
    unsigned long used; /* for least-recently-used eviction */
    bool stale;         /* the schema may have changed: prepare anew, drop when unused */
};

struct pg_store {
    struct po_store base;
    PGconn *conn;
    unsigned long seq; /* names prepared statements and stage tables */
    struct pg_prepared cache[CACHE_SIZE];
    char desc[512];
};

enum stmt_state { ST_READY, ST_ROWS, ST_DONE };

struct pg_stmt {
    struct po_stmt base;
    struct pg_prepared *prep; /* a cache slot, or &own */
    struct pg_prepared own;   /* when the cache was full of live statements */
    char **vals;              /* bound values as text; NULL: SQL NULL */
    PGresult *res;            /* of the last execution */
    PGresult *meta;           /* column description before the first execution */
    enum stmt_state state;
    int row;
    int64_t changes;
};

struct pg_upsert {
    struct po_upsert base;
    const struct po_table_desc *td;
    char stage[40];
    struct po_buf copy_sql;
    struct po_buf data; /* rows not yet sent */
    int64_t rows;
};

static PGconn *conn_of(struct po_store *st)
{
    return ((struct pg_store *)st)->conn;
}

/*
 * SQLSTATE classes and codes that are not PO_EINTERNAL, first match wins
 * (Appendix A of the PostgreSQL manual).
 */
static const struct {
    const char *prefix;
    int code;
} sqlstates[] = {
    { "23", PO_ECONFLICT },   /* integrity constraint violation */
    { "08", PO_EUNAVAIL },    /* connection exception */
    { "53", PO_EUNAVAIL },    /* insufficient resources (disk full, too many connections) */
    { "57P0", PO_EUNAVAIL },  /* admin/crash shutdown, cannot connect now, database dropped */
    { "57014", PO_EUNAVAIL }, /* query canceled: statement_timeout */
    { "55P03", PO_EUNAVAIL }, /* lock not available: lock_timeout */
    { "40001", PO_EUNAVAIL }, /* serialization failure: retry */
    { "40P01", PO_EUNAVAIL }, /* deadlock detected: retry */
};

static int classify(const char *sqlstate, PGconn *conn)
{
    if (!sqlstate)
        return PQstatus(conn) == CONNECTION_BAD ? PO_EUNAVAIL : PO_EINTERNAL;
    for (size_t i = 0; i < sizeof(sqlstates) / sizeof(sqlstates[0]); i++)
        if (strncmp(sqlstate, sqlstates[i].prefix, strlen(sqlstates[i].prefix)) == 0)
            return sqlstates[i].code;
    return PO_EINTERNAL;
}

static void copy_field(char *dst, size_t n, const char *src)
{
    if (src)
        snprintf(dst, n, "%s", src);
}

/*
 * The one place libpq errors become PO_E* codes.  Takes res (may be NULL:
 * then the connection's message is used) and clears it.
 */
static int map_err(PGconn *conn, PGresult *res, int code, const char *what, struct po_err *err)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    char connmsg[256];
    if (!msg) {
        snprintf(connmsg, sizeof(connmsg), "%s", PQerrorMessage(conn));
        connmsg[strcspn(connmsg, "\n")] = '\0';
        msg = connmsg[0] ? connmsg : "unknown error";
    }
    if (code == 0)
        code = classify(state, conn);
    bool down = code == PO_EUNAVAIL && (!state || !strncmp(state, "08", 2) ||
                                        !strncmp(state, "57P", 3) || PQstatus(conn) == CONNECTION_BAD);
    if (state && !strcmp(state, "53100"))
        po_err_set(err, code, "数据库服务器磁盘已满（%s）：本次操作未保存，已有数据不受影响",
                   "the database server's disk is full (%s): this change was not saved, nothing "
                   "stored before is affected",
                   what);
    else if (down)
        po_err_set(err, code, "数据库暂时不可用（%s，%s）：%s；请稍后重试",
                   "the database is unavailable (%s, %s): %s; try again shortly", what,
                   state ? state : "-", msg);
    else
        po_err_set(err, code, "数据库错误（%s，%s）：%s", "database error (%s, %s): %s", what,
                   state ? state : "-", msg);
    if (err && res) {
        copy_field(err->detail, sizeof(err->detail),
                   PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL));
        copy_field(err->hint, sizeof(err->hint), PQresultErrorField(res, PG_DIAG_MESSAGE_HINT));
    }
    PQclear(res);
    return code;
}

static int oom(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

/* Run constant SQL; 0 if it ended in one of the statuses wanted. */
static int run(PGconn *conn, const char *sql, ExecStatusType want, const char *what,
               struct po_err *err)
{
    PGresult *res = PQexec(conn, sql);
    if (PQresultStatus(res) != want)
        return map_err(conn, res, 0, what, err);
    PQclear(res);
    return 0;
}

static void quiet(void *arg, const char *message)
{
    /* NOTICEs ("relation already exists, skipping") are not errors; stderr is the CLI's. */
    (void)arg;
    (void)message;
}

static void describe_conn(struct pg_store *s)
{
    int v = PQserverVersion(s->conn);
    char ver[32];
    if (v >= 100000)
        snprintf(ver, sizeof(ver), "%d.%d", v / 10000, v % 10000);
    else
        snprintf(ver, sizeof(ver), "%d.%d.%d", v / 10000, v / 100 % 100, v % 100);
    /* Never the password: only host, port and database name. */
    snprintf(s->desc, sizeof(s->desc), "postgresql %s %s:%s/%s", ver, PQhost(s->conn),
             PQport(s->conn), PQdb(s->conn));
}

static int pg_open(struct po_store **out, const char *dsn, struct po_err *err)
{
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(dsn, &perr);
    if (!opts) {
        po_err_set(err, PO_EINVAL, "PostgreSQL 连接地址无效：%s", "invalid postgresql url: %s",
                   perr ? perr : "out of memory");
        PQfreemem(perr);
        return PO_EINVAL;
    }
    PQconninfoFree(opts);
    struct pg_store *s = calloc(1, sizeof(*s));
    if (!s)
        return oom(err);
    /* The URL may set its own application_name; client_encoding is always UTF-8. */
    const char *const keys[] = { "fallback_application_name", "dbname", "client_encoding", NULL };
    const char *const vals[] = { "phaseout", dsn, "UTF8", NULL };
    s->conn = PQconnectdbParams(keys, vals, 1);
    if (PQstatus(s->conn) != CONNECTION_OK) {
        int rc = map_err(s->conn, NULL, PO_EUNAVAIL, "connect", err);
        PQfinish(s->conn);
        free(s);
        return rc;
    }
    PQsetNoticeProcessor(s->conn, quiet, NULL);
    s->base.ops = &po_store_pg_ops;
    describe_conn(s);
    *out = &s->base;
    return 0;
}

static void pg_close(struct po_store *st)
{
    struct pg_store *s = (struct pg_store *)st;
    for (size_t i = 0; i < CACHE_SIZE; i++)
        free(s->cache[i].sql);
    PQfinish(s->conn);
    free(s);
}

/*
 * After DDL no cached statement is reused.  They are deallocated later, when
 * their slot is needed or their last user finalizes: not now, because exec
 * may be a SET TRANSACTION that must come first in its transaction.
 */
static void invalidate_cache(struct pg_store *s)
{
    for (size_t i = 0; i < CACHE_SIZE; i++)
        s->cache[i].stale = s->cache[i].sql != NULL;
}

static int pg_exec(struct po_store *st, const char *sql, struct po_err *err)
{
    invalidate_cache((struct pg_store *)st);
    PGresult *res = PQexec(conn_of(st), sql);
    ExecStatusType rs = PQresultStatus(res);
    if (rs != PGRES_COMMAND_OK && rs != PGRES_TUPLES_OK)
        return map_err(conn_of(st), res, 0, "exec", err);
    PQclear(res);
    return 0;
}

static int pg_begin(struct po_store *st, struct po_err *err)
{
    return run(conn_of(st), "BEGIN", PGRES_COMMAND_OK, "begin", err);
}

static int aborted(struct po_err *err)
{
    return po_err_set(err, PO_ECONFLICT, "事务因先前的错误已中止并回滚",
                      "transaction aborted by an earlier error and rolled back");
}

static int pg_commit(struct po_store *st, struct po_err *err)
{
    PGconn *conn = conn_of(st);
    if (PQtransactionStatus(conn) == PQTRANS_INERROR) {
        run(conn, "ROLLBACK", PGRES_COMMAND_OK, "rollback", NULL);
        return aborted(err);
    }
    PGresult *res = PQexec(conn, "COMMIT");
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        return map_err(conn, res, 0, "commit", err);
    /* COMMIT of a failed transaction succeeds with the tag ROLLBACK. */
    bool rolled_back = strcmp(PQcmdStatus(res), "ROLLBACK") == 0;
    PQclear(res);
    return rolled_back ? aborted(err) : 0;
}

static int pg_rollback(struct po_store *st, struct po_err *err)
{
    if (PQtransactionStatus(conn_of(st)) == PQTRANS_IDLE)
        return 0;
    return run(conn_of(st), "ROLLBACK", PGRES_COMMAND_OK, "rollback", err);
}

/*
 * `?` → $1, $2, ... outside quoted literals, quoted identifiers and comments.
 * Dollar-quoted strings are not recognised: prepared SQL has none.
 */
static int rewrite_placeholders(struct po_buf *out, int *nparams, const char *sql)
{
    int n = 0;
    for (const char *p = sql; *p; p++) {
        char c = *p;
        if (c == '\'' || c == '"') {
            const char *end = strchr(p + 1, c); /* a doubled quote reads as two literals */
            size_t len = end ? (size_t)(end - p) + 1 : strlen(p);
            po_buf_add(out, p, len);
            p += len - 1;
        } else if (c == '-' && p[1] == '-') {
            size_t len = strcspn(p, "\n");
            po_buf_add(out, p, len);
            p += len - 1;
        } else if (c == '/' && p[1] == '*') {
            const char *end = strstr(p + 2, "*/");
            size_t len = end ? (size_t)(end - p) + 2 : strlen(p);
            po_buf_add(out, p, len);
            p += len - 1;
        } else if (c == '?') {
            po_buf_addf(out, "$%d", ++n);
        } else {
            po_buf_addch(out, c);
        }
    }
    *nparams = n;
    return po_buf_failed(out) ? PO_ENOMEM : 0;
}

static void forget(struct pg_store *s, struct pg_prepared *p)
{
    char sql[64];
    snprintf(sql, sizeof(sql), "DEALLOCATE %s", p->name);
    /* May fail in an aborted transaction: then the name stays until disconnect, unused. */
    run(s->conn, sql, PGRES_COMMAND_OK, "deallocate", NULL);
    free(p->sql);
    p->sql = NULL;
    p->stale = false;
}

/* A cache slot for a new statement: a free one, else a stale or the least recently used idle one.
 */
static struct pg_prepared *free_slot(struct pg_store *s)
{
    struct pg_prepared *lru = NULL;
    for (size_t i = 0; i < CACHE_SIZE; i++) {
        struct pg_prepared *p = &s->cache[i];
        if (!p->sql)
            return p;
        if (p->refs == 0 &&
            (!lru || (p->stale && !lru->stale) || (p->stale == lru->stale && p->used < lru->used)))
            lru = p;
    }
    if (lru)
        forget(s, lru);
    return lru;
}

static int prepare_new(struct pg_prepared *p, struct pg_store *s, const char *sql,
                       struct po_err *err)
{
    struct po_buf text = PO_BUF_INIT;
    int rc = rewrite_placeholders(&text, &p->nparams, sql);
    p->sql = rc == 0 ? strdup(sql) : NULL;
    if (!p->sql) {
        po_buf_release(&text);
        return oom(err);
    }
    snprintf(p->name, sizeof(p->name), "po_%lu", ++s->seq);
    PGresult *res = PQprepare(s->conn, p->name, text.buf, p->nparams, NULL);
    po_buf_release(&text);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        free(p->sql);
        p->sql = NULL;
        return map_err(s->conn, res, 0, "prepare", err);
    }
    PQclear(res);
    return 0;
}

static int pg_prepare(struct po_stmt **out, struct po_store *st, const char *sql,
                      struct po_err *err)
{
    struct pg_store *s = (struct pg_store *)st;
    struct pg_stmt *stmt = calloc(1, sizeof(*stmt));
    if (!stmt)
        return oom(err);
    struct pg_prepared *p = NULL;
    for (size_t i = 0; i < CACHE_SIZE && !p; i++)
        if (s->cache[i].sql && !s->cache[i].stale && strcmp(s->cache[i].sql, sql) == 0)
            p = &s->cache[i];
    if (!p) {
        p = free_slot(s);
        if (!p)
            p = &stmt->own;
        int rc = prepare_new(p, s, sql, err);
        if (rc < 0) {
            free(stmt);
            return rc;
        }
    }
    if (p->nparams > 0) {
        stmt->vals = calloc((size_t)p->nparams, sizeof(char *));
        if (!stmt->vals) {
            if (p == &stmt->own)
                forget(s, p);
            free(stmt);
            return oom(err);
        }
    }
    p->refs++;
    p->used = ++s->seq;
    stmt->prep = p;
    stmt->base.st = st;
    *out = &stmt->base;
    return 0;
}

static int pg_bind(struct po_stmt *ps, int idx, const struct po_value *v, struct po_err *err)
{
    struct pg_stmt *s = (struct pg_stmt *)ps;
    if (idx < 1 || idx > s->prep->nparams)
        return po_err_set(err, PO_EINTERNAL, "参数序号 %d 超出范围（共 %d 个）",
                          "bind index %d out of range (%d parameters)", idx, s->prep->nparams);
    char num[40];
    char *copy = NULL;
    switch (v->type) {
    case PO_V_INT:
        snprintf(num, sizeof(num), "%" PRId64, v->i);
        copy = strdup(num);
        break;
    case PO_V_REAL:
        snprintf(num, sizeof(num), "%.17g", v->r);
        copy = strdup(num);
        break;
    case PO_V_TEXT:
        copy = strndup(v->s, v->len);
        break;
    default:
        break;
    }
    if (v->type != PO_V_NULL && !copy)
        return oom(err);
    free(s->vals[idx - 1]);
    s->vals[idx - 1] = copy;
    return 0;
}

static void clear_result(struct pg_stmt *s)
{
    PQclear(s->res);
    s->res = NULL;
    s->state = ST_READY;
}

static int64_t parse_count(const char *s)
{
    return *s ? strtoll(s, NULL, 10) : 0;
}

/* Rows changed count only for statements that change rows, as sqlite3_changes(). */
static int64_t changed_rows(PGresult *res)
{
    static const char *const tags[] = { "INSERT", "UPDATE", "DELETE", "MERGE" };
    const char *status = PQcmdStatus(res);
    for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
        if (strncmp(status, tags[i], strlen(tags[i])) == 0)
            return parse_count(PQcmdTuples(res));
    return 0;
}

static int pg_step(struct po_stmt *ps, struct po_err *err)
{
    struct pg_stmt *s = (struct pg_stmt *)ps;
    if (s->state == ST_ROWS) {
        if (++s->row < PQntuples(s->res))
            return 1;
        s->state = ST_DONE;
        return 0;
    }
    /* Ready, or done and stepped again: execute (again), as sqlite3_step() after SQLITE_DONE. */
    clear_result(s);
    PGconn *conn = conn_of(ps->st);
    PGresult *res = PQexecPrepared(conn, s->prep->name, s->prep->nparams,
                                   (const char *const *)s->vals, NULL, NULL, 0);
    ExecStatusType rs = PQresultStatus(res);
    if (rs != PGRES_TUPLES_OK && rs != PGRES_COMMAND_OK) {
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        if (state && strcmp(state, "0A000") == 0) { /* cached plan must not change result type */
            s->prep->stale = true;
            return map_err(conn, res, PO_EUNAVAIL, "step", err);
        }
        return map_err(conn, res, 0, "step", err);
    }
    s->res = res;
    s->changes = changed_rows(res);
    s->row = 0;
    if (rs == PGRES_TUPLES_OK && PQntuples(res) > 0) {
        s->state = ST_ROWS;
        return 1;
    }
    s->state = ST_DONE;
    return 0;
}

static int pg_reset(struct po_stmt *ps, struct po_err *err)
{
    (void)err;
    struct pg_stmt *s = (struct pg_stmt *)ps;
    clear_result(s);
    for (int i = 0; i < s->prep->nparams; i++) {
        free(s->vals[i]);
        s->vals[i] = NULL;
    }
    return 0;
}

/* The columns of the last result, or of the statement's description before it ran. */
static const PGresult *shape(struct pg_stmt *s)
{
    if (s->res)
        return s->res;
    if (!s->meta) {
        PGresult *m = PQdescribePrepared(conn_of(s->base.st), s->prep->name);
        if (PQresultStatus(m) != PGRES_COMMAND_OK) {
            PQclear(m);
            return NULL;
        }
        s->meta = m;
    }
    return s->meta;
}

static int pg_ncols(struct po_stmt *ps)
{
    const PGresult *r = shape((struct pg_stmt *)ps);
    return r ? PQnfields(r) : 0;
}

static void pg_column(struct po_value *out, struct po_stmt *ps, int col)
{
    struct pg_stmt *s = (struct pg_stmt *)ps;
    memset(out, 0, sizeof(*out));
    out->type = PO_V_NULL;
    if (s->state != ST_ROWS || col < 0 || col >= PQnfields(s->res) ||
        PQgetisnull(s->res, s->row, col))
        return;
    const char *text = PQgetvalue(s->res, s->row, col);
    switch (PQftype(s->res, col)) {
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
        out->type = PO_V_INT;
        out->i = strtoll(text, NULL, 10);
        break;
    case OID_BOOL: /* SQLite has no booleans: comparisons yield 0 and 1 there */
        out->type = PO_V_INT;
        out->i = text[0] == 't';
        break;
    case OID_FLOAT4:
    case OID_FLOAT8:
    case OID_NUMERIC:
        out->type = PO_V_REAL;
        out->r = strtod(text, NULL);
        break;
    default:
        out->type = PO_V_TEXT;
        out->s = text;
        out->len = (size_t)PQgetlength(s->res, s->row, col);
    }
}

static const char *pg_column_name(struct po_stmt *ps, int col)
{
    const PGresult *r = shape((struct pg_stmt *)ps);
    return r ? PQfname(r, col) : NULL;
}

static int64_t pg_changes(struct po_stmt *ps)
{
    return ((struct pg_stmt *)ps)->changes;
}

static void pg_finalize(struct po_stmt *ps)
{
    struct pg_stmt *s = (struct pg_stmt *)ps;
    struct pg_store *st = (struct pg_store *)ps->st;
    pg_reset(ps, NULL);
    PQclear(s->meta);
    s->prep->refs--;
    if (s->prep == &s->own || (s->prep->stale && s->prep->refs == 0))
        forget(st, s->prep);
    free(s->vals);
    free(s);
}

/* ---- bulk upsert ---- */

static void add_cols(struct po_buf *b, const struct po_table_desc *td)
{
    for (size_t i = 0; i < td->ncols; i++)
        po_buf_addf(b, "%s%s", i ? "," : "", td->cols[i]);
}

/*
 * The merge (po_upsert_merge_sql), counting what it did:
 *   WITH m AS (INSERT ... ON CONFLICT ... RETURNING (xmax = 0) AS fresh)
 *   SELECT count(*) FILTER (WHERE fresh), count(*) FROM m
 * Identical rows are not updated and so not returned; a returned row is
 * fresh (inserted) when it has no xmax: an updated row carries the lock
 * ON CONFLICT took on it.
 */
static void build_merge_sql(struct po_buf *b, const struct po_table_desc *td, const char *stage)
{
    po_buf_adds(b, "WITH m AS (");
    po_upsert_merge_sql(b, td, stage);
    po_buf_adds(b, " RETURNING (xmax = 0) AS fresh) "
                   "SELECT count(*) FILTER (WHERE fresh), count(*) FROM m");
}

static void free_upsert(struct pg_upsert *u)
{
    po_buf_release(&u->copy_sql);
    po_buf_release(&u->data);
    free(u);
}

static int pg_upsert_begin(struct po_upsert **out, struct po_store *st,
                           const struct po_table_desc *td, struct po_err *err)
{
    struct pg_store *s = (struct pg_store *)st;
    struct pg_upsert *u = calloc(1, sizeof(*u));
    if (!u)
        return oom(err);
    u->base.st = st;
    u->td = td;
    u->copy_sql = (struct po_buf)PO_BUF_INIT;
    u->data = (struct po_buf)PO_BUF_INIT;
    snprintf(u->stage, sizeof(u->stage), "po_stage_%lu", ++s->seq);
    /* Only the listed columns, with their types and no constraints: the merge checks those. */
    struct po_buf create = PO_BUF_INIT;
    po_buf_addf(&create, "CREATE TEMP TABLE %s ON COMMIT DROP AS SELECT ", u->stage);
    add_cols(&create, td);
    po_buf_addf(&create, " FROM %s WITH NO DATA", td->name);
    po_buf_addf(&u->copy_sql, "COPY %s(", u->stage);
    add_cols(&u->copy_sql, td);
    po_buf_adds(&u->copy_sql, ") FROM STDIN");
    int rc = po_buf_failed(&create) || po_buf_failed(&u->copy_sql) ? oom(err) : 0;
    if (rc == 0)
        rc = run(s->conn, create.buf, PGRES_COMMAND_OK, "upsert stage", err);
    po_buf_release(&create);
    if (rc < 0) {
        free_upsert(u);
        return rc;
    }
    *out = &u->base;
    return 0;
}

/* COPY text format: backslash, tab, newline and carriage return escaped; NULL is \N. */
static void add_copy_value(struct po_buf *b, const struct po_value *v)
{
    switch (v->type) {
    case PO_V_INT:
        po_buf_addf(b, "%" PRId64, v->i);
        break;
    case PO_V_REAL:
        po_buf_addf(b, "%.17g", v->r);
        break;
    case PO_V_TEXT:
        for (size_t i = 0; i < v->len; i++) {
            char c = v->s[i];
            const char *esc = c == '\\'   ? "\\\\"
                              : c == '\t' ? "\\t"
                              : c == '\n' ? "\\n"
                              : c == '\r' ? "\\r"
                                          : NULL;
            if (esc)
                po_buf_add(b, esc, 2);
            else
                po_buf_addch(b, c);
        }
        break;
    default:
        po_buf_add(b, "\\N", 2);
    }
}

/* One COPY of the pending rows; the connection is idle again afterwards, whatever happens. */
static int flush(struct pg_upsert *u, struct po_err *err)
{
    PGconn *conn = conn_of(u->base.st);
    PGresult *res = PQexec(conn, u->copy_sql.buf);
    if (PQresultStatus(res) != PGRES_COPY_IN)
        return map_err(conn, res, 0, "upsert copy", err);
    PQclear(res);
    int ok = 1;
    for (size_t off = 0; off < u->data.len && ok == 1;) {
        size_t n = u->data.len - off < COPY_CHUNK ? u->data.len - off : COPY_CHUNK;
        ok = PQputCopyData(conn, u->data.buf + off, (int)n);
        off += n;
    }
    PQputCopyEnd(conn, ok == 1 ? NULL : "phaseout: sending rows failed");
    int rc = 0;
    while ((res = PQgetResult(conn)) != NULL) {
        if (rc == 0 && PQresultStatus(res) != PGRES_COMMAND_OK) {
            rc = map_err(conn, res, 0, "upsert copy", err);
            continue;
        }
        PQclear(res);
    }
    if (rc == 0 && ok != 1)
        rc = map_err(conn, NULL, 0, "upsert copy", err);
    po_buf_reset(&u->data);
    return rc;
}

static int pg_upsert_row(struct po_upsert *pu, const struct po_value *vals, struct po_err *err)
{
    struct pg_upsert *u = (struct pg_upsert *)pu;
    for (size_t i = 0; i < u->td->ncols; i++) {
        if (i)
            po_buf_addch(&u->data, '\t');
        add_copy_value(&u->data, &vals[i]);
    }
    po_buf_addch(&u->data, '\n');
    if (po_buf_failed(&u->data))
        return oom(err);
    u->rows++;
    return u->data.len >= COPY_CHUNK ? flush(u, err) : 0;
}

/*
 * Drop the stage now rather than at commit, so a transaction with many
 * upserts does not pile up temporary tables.  Not possible once the
 * transaction has failed; ON COMMIT DROP then removes it with the rollback.
 */
static void drop_stage(struct pg_upsert *u)
{
    PGconn *conn = conn_of(u->base.st);
    if (PQtransactionStatus(conn) != PQTRANS_INTRANS)
        return;
    char sql[64];
    snprintf(sql, sizeof(sql), "DROP TABLE IF EXISTS %s", u->stage);
    run(conn, sql, PGRES_COMMAND_OK, "upsert stage", NULL);
}

static void pg_upsert_abort(struct po_upsert *pu)
{
    struct pg_upsert *u = (struct pg_upsert *)pu;
    drop_stage(u);
    free_upsert(u);
}

static int merge(struct po_upsert_counts *counts, struct pg_upsert *u, struct po_err *err)
{
    PGconn *conn = conn_of(u->base.st);
    struct po_buf sql = PO_BUF_INIT;
    build_merge_sql(&sql, u->td, u->stage);
    if (po_buf_failed(&sql))
        return oom(err);
    PGresult *res = PQexec(conn, sql.buf);
    po_buf_release(&sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        if (state && strcmp(state, "21000") == 0)
            return map_err(conn, res, PO_EINVAL, "upsert: the same key twice in one batch", err);
        return map_err(conn, res, 0, "upsert", err);
    }
    int64_t fresh = parse_count(PQgetvalue(res, 0, 0));
    int64_t touched = parse_count(PQgetvalue(res, 0, 1));
    PQclear(res);
    if (counts) {
        counts->inserted = fresh;
        counts->updated = touched - fresh;
        counts->unchanged = u->rows - touched;
    }
    return 0;
}

static int pg_upsert_end(struct po_upsert *pu, struct po_upsert_counts *counts, struct po_err *err)
{
    struct pg_upsert *u = (struct pg_upsert *)pu;
    int rc = u->data.len ? flush(u, err) : 0;
    if (rc == 0)
        rc = merge(counts, u, err);
    if (rc == 0)
        drop_stage(u);
    free_upsert(u);
    return rc;
}

static const char *pg_describe(struct po_store *st)
{
    return ((struct pg_store *)st)->desc;
}

/*
 * Foreign-key checks off for a checked bulk load: session_replication_role
 * = replica skips the per-row foreign-key triggers, which are half the time
 * of a large import (bench/README.md).  It also skips ordinary triggers, so
 * every revision trigger is ENABLE ALWAYS (migration 0004) and keeps
 * recording.  Setting it needs superuser or, from PostgreSQL 15, `GRANT SET
 * ON PARAMETER session_replication_role TO <role>` (docs/deploy.md); without
 * that privilege the checks simply stay on.
 */
static int pg_fk_enforce(struct po_store *st, bool on, struct po_err *err)
{
    PGresult *res = PQexec(conn_of(st), on ? "SET session_replication_role = DEFAULT"
                                           : "SET session_replication_role = replica");
    if (PQresultStatus(res) == PGRES_COMMAND_OK) {
        PQclear(res);
        return 0;
    }
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    if (!on && state && strcmp(state, "42501") == 0) {
        PQclear(res); /* insufficient privilege: keep checking */
        return 0;
    }
    return map_err(conn_of(st), res, 0, "session_replication_role", err);
}

/* ---- dump and load: pg_dump / pg_restore ---- */

/*
 * The child's environment: ours, with every connection setting of conn that
 * has an environment variable (PGHOST, PGPORT, PGUSER, PGPASSWORD,
 * PGSSLMODE, ...) set to the value this connection uses, so the password
 * never appears on a command line.  NULL when out of memory; free with
 * free_env().
 */
static char **child_env(PGconn *conn)
{
    extern char **environ;
    PQconninfoOption *opts = PQconninfo(conn);
    if (!opts)
        return NULL;
    size_t n = 0, k = 0;
    while (environ[n])
        n++;
    for (PQconninfoOption *o = opts; o->keyword; o++)
        k++;
    char **env = calloc(n + k + 1, sizeof(*env));
    size_t m = 0;
    for (size_t i = 0; env && i < n; i++) {
        bool ours = false;
        for (PQconninfoOption *o = opts; o->keyword && !ours; o++) {
            size_t len = o->envvar ? strlen(o->envvar) : 0;
            ours = o->envvar && o->val && strncmp(environ[i], o->envvar, len) == 0 &&
                   environ[i][len] == '=';
        }
        if (!ours && !(env[m++] = strdup(environ[i])))
            break;
    }
    for (PQconninfoOption *o = opts; env && o->keyword; o++) {
        if (!o->envvar || !o->val || !strcmp(o->keyword, "dbname"))
            continue;
        size_t len = strlen(o->envvar) + strlen(o->val) + 2;
        char *e = malloc(len);
        if (!e)
            break;
        snprintf(e, len, "%s=%s", o->envvar, o->val);
        env[m++] = e;
    }
    PQconninfoFree(opts);
    return env;
}

static void free_env(char **env)
{
    for (size_t i = 0; env && env[i]; i++)
        free(env[i]);
    free(env);
}

/* Run argv[0] (searched in PATH) with the connection's settings; 0 when it exits 0. */
static int spawn_tool(PGconn *conn, char *const argv[], struct po_err *err)
{
    char **env = child_env(conn);
    if (!env)
        return oom(err);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, env);
    free_env(env);
    if (rc != 0)
        return po_err_set(err, PO_EUNAVAIL, "无法启动 %s：%s（请安装 postgresql-client）",
                          "cannot run %s: %s (install postgresql-client)", argv[0], strerror(rc));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return po_err_set(err, PO_EINTERNAL, "等待 %s 失败", "waiting for %s failed", argv[0]);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0;
    return po_err_set(err, PO_EUNAVAIL, "%s 失败（退出状态 %d），见上面的输出",
                      "%s failed (exit status %d): see its messages above", argv[0],
                      WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

static int pg_dump_op(struct po_store *st, const char *path, po_dump_look_fn *look, void *ctx,
                      struct po_err *err)
{
    PGconn *conn = conn_of(st);
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = po_store_exec(st, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", err);
    char snapshot[128] = "";
    if (rc == 0) {
        PGresult *res = PQexec(conn, "SELECT pg_export_snapshot()");
        if (PQresultStatus(res) != PGRES_TUPLES_OK) {
            rc = map_err(conn, res, 0, "pg_export_snapshot", err);
        } else {
            snprintf(snapshot, sizeof(snapshot), "--snapshot=%s", PQgetvalue(res, 0, 0));
            PQclear(res);
        }
    }
    if (rc == 0) {
        char file[4096], db[512];
        snprintf(file, sizeof(file), "--file=%s", path);
        snprintf(db, sizeof(db), "--dbname=%s", PQdb(conn));
        char *argv[] = { "pg_dump", "--format=custom", "--no-password", snapshot, file, db, NULL };
        rc = spawn_tool(conn, argv, err);
    }
    if (rc == 0 && look)
        rc = look(ctx, st, err);
    po_store_rollback(st, NULL); /* it only read */
    return rc;
}

static int pg_load_op(struct po_store *st, const char *path, struct po_err *err)
{
    PGconn *conn = conn_of(st);
    invalidate_cache((struct pg_store *)st);
    char file[4096], db[512];
    snprintf(file, sizeof(file), "%s", path);
    snprintf(db, sizeof(db), "--dbname=%s", PQdb(conn));
    char *argv[] = { "pg_restore", "--single-transaction", "--exit-on-error", "--no-owner",
                     "--no-privileges", "--no-password", db, file, NULL };
    return spawn_tool(conn, argv, err);
}

static int pg_lock(struct po_store *st, int64_t key, struct po_err *err)
{
    char sql[64];
    snprintf(sql, sizeof(sql), "SELECT pg_advisory_xact_lock(%" PRId64 ")", key);
    return run(conn_of(st), sql, PGRES_TUPLES_OK, "lock", err);
}

const struct po_store_ops po_store_pg_ops = {
    .version = 4,
    .name = "pg",
    .open = pg_open,
    .close = pg_close,
    .exec = pg_exec,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .prepare = pg_prepare,
    .bind = pg_bind,
    .step = pg_step,
    .reset = pg_reset,
    .ncols = pg_ncols,
    .column = pg_column,
    .column_name = pg_column_name,
    .changes = pg_changes,
    .finalize = pg_finalize,
    .upsert_begin = pg_upsert_begin,
    .upsert_row = pg_upsert_row,
    .upsert_end = pg_upsert_end,
    .upsert_abort = pg_upsert_abort,
    .describe = pg_describe,
    .fk_enforce = pg_fk_enforce,
    .dump = pg_dump_op,
    .load = pg_load_op,
    .lock = pg_lock,
};
