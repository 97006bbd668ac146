/*
 * copy.c: move a deployment between stores, and prove nothing was lost.
 *
 * The tables are one constant list, in foreign-key order, each with its
 * primary key: the key orders the content hash and, with the other columns,
 * forms the bulk upsert's description.  A table that exists in a database
 * but not in the list is refused, so a table added by a later migration
 * cannot be left behind silently (tests/store/test_store.c checks the list
 * against the schema as well).
 *
 * Column lists are read from the databases (SELECT * on an empty result),
 * not written here, so a new column needs no change.  The hash puts the key
 * columns first and the others in name order, and hashes the column names
 * too: two databases whose tables differ in a column cannot hash alike.
 */
#include "store/copy.h"
#include "store/migrate.h"
#include "util/buf.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_KEYS = 8, MAX_COLS = 64 };

struct copy_key {
    const char *col;
    bool text; /* ordered bytewise: COLLATE "C" on PostgreSQL, SQLite's BINARY */
};

enum {
    COPY_IDENTITY = 1, /* keys[0] is a generated id: advance the PostgreSQL sequence */
    COPY_TREE = 2,     /* rows reference their parent row by parent_code: parents first */
};

struct copy_spec {
    const char *table;
    unsigned flags;
    struct copy_key keys[MAX_KEYS]; /* the primary key, in order */
};

#define INT(col)                                                                                   \
    {                                                                                              \
        col, false                                                                                 \
    }
#define TXT(col)                                                                                   \
    {                                                                                              \
        col, true                                                                                  \
    }

/* Foreign-key order: every table after the tables it references. */
static const struct copy_spec specs[] = {
    { "district", COPY_TREE, { TXT("code") } },
    { "industry", 0, { TXT("code"), TXT("edition") } },
    { "enterprise", COPY_IDENTITY, { INT("id") } },
    { "equipment", COPY_IDENTITY, { INT("id") } },
    { "equipment_param", 0, { INT("equipment_pk"), TXT("param") } },
    { "energy",
      0,
      { INT("enterprise_id"), INT("year"), INT("month"), TXT("energy_type"), TXT("purpose"),
        TXT("product"), TXT("source") } },
    { "output", 0, { INT("enterprise_id"), INT("year"), TXT("product") } },
    { "economics", 0, { INT("enterprise_id"), INT("year") } },
    { "inspection", COPY_IDENTITY, { INT("id") } },
    { "licence", COPY_IDENTITY, { INT("id") } },
    { "dual_control_target", 0, { TXT("district_code"), INT("year") } },
    { "ref_table", 0, { TXT("name"), INT("version") } },
    { "ref_row", 0, { TXT("name"), INT("version"), INT("rowno") } },
    { "import_batch", COPY_IDENTITY, { INT("id") } },
    { "revision", COPY_IDENTITY, { INT("id") } },
    { "evaluation_run", 0, { INT("id") } },
    { "evaluation_finding", 0, { INT("run_id"), TXT("finding_id") } },
    { "case_file", 0, { INT("id") } },
    { "case_event", 0, { INT("id") } },
    { "attachment_blob", 0, { TXT("sha256") } },
    { "case_attachment", 0, { INT("id") } },
    { "notification", 0, { INT("id") } },
    { "audit_log", 0, { INT("id") } },
    { "exit_plan", 0, { INT("year"), TXT("uscc"), TXT("equipment_id") } },
    { "app_user", COPY_IDENTITY, { INT("id") } },
    { "user_change", 0, { INT("id") } },
    { "user_session", 0, { TXT("token_hash") } },
    { "login_attempt", COPY_IDENTITY, { INT("id") } },
    { "calendar_import", 0, { INT("id") } },
    { "calendar_day", 0, { INT("import_id"), TXT("day") } },
    { "doc_number", 0, { TXT("authority"), INT("year") } },
    { "issued_document", 0, { INT("id") } },
    { "publication", 0, { INT("id") } },
    { "publication_row", 0, { INT("publication_id"), INT("seq") } },
    { "public_report", 0, { INT("id") } },
    { "public_report_event", 0, { INT("report_id"), INT("seq") } },
    { "credit_authority", 0, { TXT("code") } },
    { "credit_event", 0, { INT("case_id"), INT("event_seq"), INT("seq") } },
    { "joint_action", 0, { INT("id") } },
    { "credit_support", 0, { INT("id") } },
    { "credit_flag", 0, { INT("case_id"), INT("event_seq"), TXT("kind") } },
    { "water_use", 0, { INT("enterprise_id"), INT("year"), INT("month") } },
    { "surcharge_run", 0, { INT("id") } },
    { "surcharge_row", 0, { INT("run_id"), INT("seq") } },
    { "resettlement_headcount", 0, { INT("case_id"), INT("seq") } },
    { "resettlement_plan_event", 0, { INT("case_id"), TXT("kind"), INT("seq") } },
    { "resettlement_outcome", 0, { INT("case_id"), INT("seq") } },
    { "resettlement_alert", 0, { INT("case_id"), TXT("kind"), TXT("exit_on") } },
};

/*
 * A COPY_TREE table is read parents first (by depth from the roots).  The
 * bulk upsert of both backends inserts a table in one statement, which
 * checks a self-reference at its end, so today the order is a safeguard; a
 * row whose parent is missing is not read at all and fails the count check.
 */
static const char tree_prefix[] =
    "WITH RECURSIVE tree(code, depth) AS ("
    " SELECT code, 0 FROM district WHERE parent_code IS NULL"
    " UNION ALL"
    " SELECT d.code, tree.depth + 1 FROM district d JOIN tree ON d.parent_code = tree.code) ";
static const char tree_suffix[] = " JOIN tree USING (code) ORDER BY tree.depth";

#define NSPECS (sizeof(specs) / sizeof(specs[0]))
_Static_assert(NSPECS <= PO_COPY_MAX_TABLES, "PO_COPY_MAX_TABLES too small");

/* Tables that exist but are not data: the target creates its own. */
static const char *const not_copied[] = { "schema_version" };

/* A table's columns in canonical order: the keys, then the others by name. */
struct cols {
    const char *name[MAX_COLS];
    size_t n, nkeys;
    char store[4096];
};

static bool is_pg(struct po_store *st)
{
    return strcmp(po_store_backend(st), "pg") == 0;
}

static const struct copy_spec *find_spec(const char *table)
{
    for (size_t i = 0; i < NSPECS; i++)
        if (strcmp(specs[i].table, table) == 0)
            return &specs[i];
    return NULL;
}

static bool is_key(const struct copy_spec *t, const char *col)
{
    for (size_t k = 0; k < MAX_KEYS && t->keys[k].col; k++)
        if (strcmp(t->keys[k].col, col) == 0)
            return true;
    return false;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int too_wide(const char *table, struct po_err *err)
{
    return po_err_set(err, PO_EINTERNAL, "表 %s 的列太多", "table %s has too many columns", table);
}

static int add_col(struct cols *c, size_t *used, const char *name, const char *table,
                   struct po_err *err)
{
    size_t len = strlen(name) + 1;
    if (c->n == MAX_COLS || len > sizeof(c->store) - *used)
        return too_wide(table, err);
    memcpy(c->store + *used, name, len);
    c->name[c->n++] = c->store + *used;
    *used += len;
    return 0;
}

static int read_cols(struct cols *c, struct po_store *st, const struct copy_spec *t,
                     struct po_err *err)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE 1 = 0", t->table);
    struct po_stmt *s;
    int rc = po_stmt_prepare(&s, st, sql, err);
    if (rc < 0)
        return rc;
    rc = po_stmt_step(s, err);
    size_t used = 0;
    c->n = 0;
    for (size_t k = 0; rc >= 0 && k < MAX_KEYS && t->keys[k].col; k++)
        rc = add_col(c, &used, t->keys[k].col, t->table, err);
    c->nkeys = c->n;
    int ncols = rc < 0 ? 0 : po_stmt_ncols(s);
    for (int i = 0; rc >= 0 && i < ncols; i++) {
        const char *name = po_stmt_colname(s, i);
        if (!is_key(t, name))
            rc = add_col(c, &used, name, t->table, err);
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    if (c->n != (size_t)ncols)
        return po_err_set(err, PO_EINTERNAL, "表 %s 缺少主键列", "table %s lacks its key columns",
                          t->table);
    qsort(c->name + c->nkeys, c->n - c->nkeys, sizeof(c->name[0]), cmp_names);
    return 0;
}

static void add_list(struct po_buf *b, const struct cols *c)
{
    for (size_t i = 0; i < c->n; i++)
        po_buf_addf(b, "%s%s", i ? ", " : "", c->name[i]);
}

/* ---- content hash ---- */

/* One column: "N" for NULL, "<len>:<bytes>" for a value; ints decimal, reals %.17g. */
static void render(struct po_buf *b, const struct po_value *v)
{
    char num[40];
    switch (v->type) {
    case PO_V_NULL:
        po_buf_addch(b, 'N');
        return;
    case PO_V_INT:
        snprintf(num, sizeof(num), "%" PRId64, v->i);
        break;
    case PO_V_REAL:
        snprintf(num, sizeof(num), "%.17g", v->r);
        break;
    default:
        po_buf_addf(b, "%zu:", v->len);
        po_buf_add(b, v->s, v->len);
        return;
    }
    po_buf_addf(b, "%zu:%s", strlen(num), num);
}

static int hash_sql(struct po_buf *b, struct po_store *st, const struct copy_spec *t,
                    const struct cols *c)
{
    po_buf_adds(b, "SELECT ");
    add_list(b, c);
    po_buf_addf(b, " FROM %s ORDER BY ", t->table);
    for (size_t k = 0; k < c->nkeys; k++)
        po_buf_addf(b, "%s%s%s", k ? ", " : "", t->keys[k].col,
                    t->keys[k].text && is_pg(st) ? " COLLATE \"C\"" : "");
    return po_buf_failed(b) ? PO_ENOMEM : 0;
}

static void hex_of(char hex[65], const unsigned char *digest)
{
    for (size_t i = 0; i < crypto_hash_sha256_BYTES; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
}

static int hash_rows(crypto_hash_sha256_state *h, int64_t *rows, struct po_stmt *s, size_t ncols,
                     struct po_err *err)
{
    struct po_buf row = PO_BUF_INIT;
    int rc;
    while ((rc = po_stmt_step(s, err)) == 1) {
        po_buf_reset(&row);
        for (size_t i = 0; i < ncols; i++) {
            struct po_value v = po_stmt_col(s, (int)i);
            render(&row, &v);
        }
        po_buf_addch(&row, '\n');
        if (po_buf_failed(&row)) {
            rc = po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
            break;
        }
        crypto_hash_sha256_update(h, (const unsigned char *)row.buf, row.len);
        (*rows)++;
    }
    po_buf_release(&row);
    return rc;
}

static int hash_table(char hex[65], int64_t *rows, struct po_store *st, const struct copy_spec *t,
                      struct po_err *err)
{
    struct cols c;
    int rc = read_cols(&c, st, t, err);
    if (rc < 0)
        return rc;
    struct po_buf sql = PO_BUF_INIT;
    if (hash_sql(&sql, st, t, &c) < 0) {
        po_buf_release(&sql);
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    for (size_t i = 0; i < c.n; i++) /* the header: column names count too */
        crypto_hash_sha256_update(&h, (const unsigned char *)c.name[i], strlen(c.name[i]) + 1);
    struct po_stmt *s;
    rc = po_stmt_prepare(&s, st, sql.buf, err);
    po_buf_release(&sql);
    if (rc < 0)
        return rc;
    *rows = 0;
    rc = hash_rows(&h, rows, s, c.n, err);
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, digest);
    hex_of(hex, digest);
    return 0;
}

int po_store_table_hash(char hex[65], int64_t *rows, struct po_store *st, const char *table,
                        struct po_err *err)
{
    const struct copy_spec *t = find_spec(table);
    if (!t)
        return po_err_set(err, PO_EINVAL, "未知的表：%s", "unknown table: %s", table);
    return hash_table(hex, rows, st, t, err);
}

/* ---- the list against the catalog ---- */

static bool known_table(const char *name)
{
    for (size_t i = 0; i < sizeof(not_copied) / sizeof(not_copied[0]); i++)
        if (strcmp(not_copied[i], name) == 0)
            return true;
    return find_spec(name) != NULL;
}

/* The tables of st's catalog, one name a row. */
static int prepare_catalog(struct po_stmt **out, struct po_store *st, struct po_err *err)
{
    const char *sql =
        is_pg(st)
            ? "SELECT table_name FROM information_schema.tables"
              " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'";
    return po_stmt_prepare(out, st, sql, err);
}

int po_store_copy_check_tables(struct po_store *st, struct po_err *err)
{
    struct po_stmt *s;
    int rc = prepare_catalog(&s, st, err);
    if (rc < 0)
        return rc;
    size_t found = 0;
    while ((rc = po_stmt_step(s, err)) == 1) {
        const char *name = po_stmt_text(s, 0);
        if (!known_table(name)) {
            rc = po_err_set(err, PO_EINVAL, "数据库中有未知的表 %s，复制会丢失它",
                            "the database has a table db copy does not know: %s", name);
            break;
        }
        found += find_spec(name) != NULL;
    }
    po_stmt_finalize(s);
    if (rc == 0 && found != NSPECS)
        rc = po_err_set(err, PO_EINVAL, "数据库缺少 %zu 张数据表",
                        "the database lacks %zu data tables", NSPECS - found);
    if (rc < 0)
        po_err_context(err, "%s", po_store_describe(st));
    return rc;
}

size_t po_store_copy_ntables(void)
{
    return NSPECS;
}

const char *po_store_copy_table(size_t i)
{
    return i < NSPECS ? specs[i].table : NULL;
}

static int count_rows(int64_t *out, struct po_store *st, const char *table, struct po_err *err);

int po_store_census(struct po_store_census *out, struct po_store *st, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    struct po_stmt *s;
    int rc = prepare_catalog(&s, st, err);
    if (rc < 0)
        return rc;
    bool present[NSPECS] = { false };
    while ((rc = po_stmt_step(s, err)) == 1) {
        const struct copy_spec *t = find_spec(po_stmt_text(s, 0));
        out->tables++;
        if (t)
            present[t - specs] = true;
    }
    po_stmt_finalize(s);
    for (size_t i = 0; rc == 0 && i < NSPECS; i++) {
        int64_t n = 0;
        if (present[i])
            rc = count_rows(&n, st, specs[i].table, err);
        if (n > 0 && !out->first) {
            out->first = specs[i].table;
            out->first_rows = n;
        }
        out->rows += n;
    }
    return rc;
}

/* ---- copying ---- */

static int count_rows(int64_t *out, struct po_store *st, const char *table, struct po_err *err)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
    return po_store_query_int(out, st, sql, NULL, 0, err);
}

static int check_empty(struct po_store *to, struct po_err *err)
{
    for (size_t i = 0; i < NSPECS; i++) {
        int64_t n = 0;
        int rc = count_rows(&n, to, specs[i].table, err);
        if (rc < 0)
            return rc;
        if (n > 0) {
            po_err_set(err, PO_ECONFLICT, "目标数据库不是空的：表 %s 有 %" PRId64 " 行",
                       "the target database is not empty: table %s has %" PRId64 " rows",
                       specs[i].table, n);
            if (err)
                snprintf(err->hint, sizeof(err->hint), "copy into a new, empty database");
            return PO_ECONFLICT;
        }
    }
    return 0;
}

static int copy_rows(struct po_upsert *u, struct po_stmt *s, size_t ncols, struct po_err *err)
{
    struct po_value vals[MAX_COLS];
    int rc;
    while ((rc = po_stmt_step(s, err)) == 1) {
        for (size_t i = 0; i < ncols; i++)
            vals[i] = po_stmt_col(s, (int)i);
        rc = po_upsert_row(u, vals, err);
        if (rc < 0)
            break;
    }
    return rc;
}

static int copy_table(struct po_store *from, struct po_store *to, const struct copy_spec *t,
                      struct po_err *err)
{
    struct cols c;
    int rc = read_cols(&c, from, t, err);
    if (rc < 0)
        return rc;
    struct po_buf sql = PO_BUF_INIT;
    bool tree = t->flags & COPY_TREE;
    po_buf_addf(&sql, "%sSELECT ", tree ? tree_prefix : "");
    add_list(&sql, &c);
    po_buf_addf(&sql, " FROM %s%s", t->table, tree ? tree_suffix : "");
    if (po_buf_failed(&sql)) {
        po_buf_release(&sql);
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    struct po_stmt *s;
    rc = po_stmt_prepare(&s, from, sql.buf, err);
    po_buf_release(&sql);
    if (rc < 0)
        return rc;
    const struct po_table_desc td = { t->table, c.name, c.n, c.nkeys };
    struct po_upsert *u;
    rc = po_upsert_begin(&u, to, &td, err);
    if (rc == 0) {
        rc = copy_rows(u, s, c.n, err);
        if (rc < 0)
            po_upsert_abort(u);
        else
            rc = po_upsert_end(u, NULL, err);
    }
    po_stmt_finalize(s);
    return rc;
}

/* PostgreSQL identity columns: the next generated id follows the largest copied. */
static int advance_sequences(struct po_store *to, struct po_err *err)
{
    if (!is_pg(to))
        return 0; /* SQLite's INTEGER PRIMARY KEY takes max(id) + 1 by itself */
    for (size_t i = 0; i < NSPECS; i++) {
        const struct copy_spec *t = &specs[i];
        if (!(t->flags & COPY_IDENTITY))
            continue;
        char sql[256];
        snprintf(sql, sizeof(sql),
                 "SELECT setval(pg_get_serial_sequence('%s', '%s'), max(%s)) FROM %s", t->table,
                 t->keys[0].col, t->keys[0].col, t->table);
        int rc = po_store_run(to, sql, NULL, 0, err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static int verify(struct po_copy_report *out, struct po_store *from, struct po_store *to,
                  struct po_err *err)
{
    const struct po_copy_table *bad = NULL;
    for (size_t i = 0; i < NSPECS; i++) {
        struct po_copy_table *r = &out->tables[i];
        r->table = specs[i].table;
        out->ntables = i + 1;
        int rc = hash_table(r->hash, &r->rows, from, &specs[i], err);
        if (rc == 0)
            rc = hash_table(r->target_hash, &r->target_rows, to, &specs[i], err);
        if (rc < 0)
            return rc;
        r->match = r->rows == r->target_rows && strcmp(r->hash, r->target_hash) == 0;
        if (!r->match && !bad)
            bad = r;
    }
    if (bad)
        return po_err_set(err, PO_ECONFLICT,
                          "复制后表 %s 不一致（源 %" PRId64 " 行，目标 %" PRId64 " 行），已回滚",
                          "table %s differs after the copy (%" PRId64
                          " rows in the source, %" PRId64 " in the target); rolled back",
                          bad->table, bad->rows, bad->target_rows);
    return 0;
}

static int source_version(int *out, struct po_store *from, struct po_err *err)
{
    int64_t v = 0;
    int rc = po_store_query_int(&v, from, "SELECT coalesce(max(version), 0) FROM schema_version",
                                NULL, 0, err);
    if (rc < 0) {
        po_err_context(err, "reading the source's schema version");
        return rc;
    }
    *out = (int)v;
    return 0;
}

static int check_versions(struct po_copy_report *out, struct po_store *from, struct po_store *to,
                          struct po_err *err)
{
    int have = 0, want = 0;
    int rc = po_migrate(to, err);
    if (rc == 0)
        rc = po_migrate_version(&want, to, err);
    if (rc == 0)
        rc = source_version(&have, from, err);
    if (rc < 0)
        return rc;
    if (have != want)
        return po_err_set(err, PO_EINVAL, "源数据库结构版本为 %d，目标为 %d",
                          "the source's schema version is %d, the target's %d; open the source "
                          "with this program first to migrate it",
                          have, want);
    out->schema_version = want;
    rc = po_store_copy_check_tables(from, err);
    return rc < 0 ? rc : po_store_copy_check_tables(to, err);
}

/* The source's snapshot: one read transaction, REPEATABLE READ where READ COMMITTED is the rule. */
static int begin_snapshot(struct po_store *from, struct po_err *err)
{
    int rc = po_store_begin(from, err);
    if (rc == 0 && is_pg(from)) {
        rc = po_store_exec(from, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", err);
        if (rc < 0)
            po_store_rollback(from, NULL);
    }
    return rc;
}

int po_store_copy(struct po_store *from, struct po_store *to, struct po_copy_report *out,
                  struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    if (from == to)
        return po_err_set(err, PO_EINVAL, "源与目标是同一个数据库",
                          "source and target are the same");
    if (from->tx_depth > 0 || to->tx_depth > 0)
        return po_err_set(err, PO_EINTERNAL, "复制不能在事务内进行",
                          "db copy inside a transaction");
    if (sodium_init() < 0)
        return po_err_set(err, PO_EINTERNAL, "libsodium 初始化失败", "libsodium failed to start");
    int rc = check_versions(out, from, to, err);
    if (rc < 0)
        return rc;
    rc = begin_snapshot(from, err);
    if (rc < 0)
        return rc;
    rc = po_store_begin(to, err);
    if (rc < 0) {
        po_store_rollback(from, NULL);
        return rc;
    }
    rc = check_empty(to, err);
    for (size_t i = 0; rc == 0 && i < NSPECS; i++) {
        rc = copy_table(from, to, &specs[i], err);
        if (rc < 0)
            po_err_context(err, "copying table %s", specs[i].table);
    }
    if (rc == 0)
        rc = advance_sequences(to, err);
    if (rc == 0)
        rc = verify(out, from, to, err);
    if (rc == 0)
        rc = po_store_commit(to, err);
    else
        po_store_rollback(to, NULL);
    po_store_rollback(from, NULL); /* it only read */
    return rc;
}
