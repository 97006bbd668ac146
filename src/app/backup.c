/*
 * backup.c: backup and restore with a manifest (backup.h).
 *
 * The counts, content hashes and audit head of the manifest are read inside
 * po_store_dump's look, from the very snapshot dumped (SQLite: the copy,
 * read-only; PostgreSQL: the exported snapshot's transaction), so a
 * backup taken while a server writes is still exactly described.  The
 * restore reads them again from the restored database the same way.
 */
#include "app/backup.h"
#include "store/migrate.h"
#include "util/version.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

static int path_join(char *out, size_t n, const char *dir, const char *name, struct po_err *err)
{
    if ((size_t)snprintf(out, n, "%s/%s", dir, name) >= n)
        return po_err_set(err, PO_EINVAL, "路径太长：%s", "path too long: %s", dir);
    return 0;
}

static const char *part_for(const char *backend)
{
    return strcmp(backend, "pg") == 0 ? "data.pgdump" : "data.sqlite";
}

/* dir created, or existing and empty. */
static int make_dir(const char *dir, struct po_err *err)
{
    if (mkdir(dir, 0700) == 0)
        return 0;
    if (errno != EEXIST)
        return po_err_set(err, PO_EIO, "无法创建目录 %s：%s", "cannot create directory %s: %s",
                          dir, strerror(errno));
    DIR *d = opendir(dir);
    if (!d)
        return po_err_set(err, PO_EIO, "无法打开目录 %s：%s", "cannot open directory %s: %s", dir,
                          strerror(errno));
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)) != NULL)
        empty = !strcmp(e->d_name, ".") || !strcmp(e->d_name, "..");
    closedir(d);
    if (!empty)
        return po_err_set(err, PO_ECONFLICT, "目录 %s 不是空的，请为每次备份使用新目录",
                          "directory %s is not empty: give each backup a new directory", dir);
    return 0;
}

/* Hex SHA-256 and size of a file. */
static int hash_file(char hex[65], int64_t *bytes, const char *path, struct po_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return po_err_set(err, PO_EINVAL, "备份缺少文件 %s", "the backup lacks the file %s", path);
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    unsigned char buf[65536];
    size_t k;
    *bytes = 0;
    while ((k = fread(buf, 1, sizeof(buf), f)) > 0) {
        crypto_hash_sha256_update(&h, buf, k);
        *bytes += (int64_t)k;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad)
        return po_err_set(err, PO_EIO, "读取 %s 失败", "reading %s failed", path);
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, d);
    for (size_t i = 0; i < sizeof(d); i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    return 0;
}

static int schema_level(int *out, struct po_store *st, struct po_err *err)
{
    int64_t v = 0;
    int rc = po_store_query_int(&v, st, "SELECT coalesce(max(version), 0) FROM schema_version",
                                NULL, 0, err);
    *out = (int)v;
    return rc;
}

/* Tables, schema level and audit head of a store, as the manifest records them. */
static int describe(struct po_backup_manifest *m, struct po_store *st, struct po_err *err)
{
    int rc = schema_level(&m->schema_version, st, err);
    m->ntables = po_store_copy_ntables();
    for (size_t i = 0; rc == 0 && i < m->ntables; i++) {
        struct po_backup_table *t = &m->tables[i];
        snprintf(t->name, sizeof(t->name), "%s", po_store_copy_table(i));
        rc = po_store_table_hash(t->hash, &t->rows, st, t->name, err);
    }
    struct po_audit_report r;
    if (rc == 0)
        rc = po_audit_verify(&r, st, err);
    if (rc == 0) {
        m->audit_rows = r.count;
        snprintf(m->audit_head, sizeof(m->audit_head), "%s", r.head);
        m->audit_ok = r.ok;
        m->audit_keyed = r.keyed && r.keyed_from > 0;
        snprintf(m->audit_mac, sizeof(m->audit_mac), "%s", m->audit_keyed ? r.mac_head : "");
    }
    return rc;
}

static int look(void *ctx, struct po_store *snap, struct po_err *err)
{
    return describe(ctx, snap, err);
}

static json_t *manifest_json(const struct po_backup_manifest *m)
{
    json_t *tables = json_array();
    for (size_t i = 0; i < m->ntables; i++)
        json_array_append_new(tables, json_pack("{s:s, s:I, s:s}", "name", m->tables[i].name,
                                                "rows", (json_int_t)m->tables[i].rows, "sha256",
                                                m->tables[i].hash));
    return json_pack("{s:s, s:i, s:s, s:s, s:i, s:s, s:[{s:s, s:I, s:s}], s:o, "
                     "s:{s:I, s:s, s:b, s:b, s:s}}",
                     "format", PO_BACKUP_FORMAT, "format_version", PO_BACKUP_FORMAT_VERSION,
                     "phaseout_version", m->version, "backend", m->backend, "schema_version",
                     m->schema_version, "created_at", m->created_at, "parts", "name", m->part,
                     "bytes", (json_int_t)m->part_bytes, "sha256", m->part_sha256, "tables",
                     tables, "audit", "rows", (json_int_t)m->audit_rows, "head", m->audit_head,
                     "ok", m->audit_ok, "keyed", m->audit_keyed, "mac_head", m->audit_mac);
}

/* Write the manifest durably: a temporary file synced, renamed, the directory synced. */
static int write_manifest(const struct po_backup_manifest *m, const char *dir, struct po_err *err)
{
    char tmp[4096], path[4096];
    int rc = path_join(tmp, sizeof(tmp), dir, PO_BACKUP_MANIFEST ".tmp", err);
    if (rc == 0)
        rc = path_join(path, sizeof(path), dir, PO_BACKUP_MANIFEST, err);
    if (rc < 0)
        return rc;
    json_t *j = manifest_json(m);
    char *text = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    if (!text)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    size_t len = strlen(text);
    bool ok = fd >= 0 && write(fd, text, len) == (ssize_t)len && write(fd, "\n", 1) == 1 &&
              fsync(fd) == 0;
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    free(text);
    if (!ok || rename(tmp, path) != 0)
        return po_err_set(err, PO_EIO, "无法写入 %s：%s", "cannot write %s: %s", path,
                          strerror(errno));
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return 0;
}

int po_backup_make(struct po_backup_manifest *out, struct po_store *st, const char *dir,
                   struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    if (sodium_init() < 0)
        return po_err_set(err, PO_EINTERNAL, "libsodium 初始化失败", "libsodium failed to start");
    snprintf(out->version, sizeof(out->version), "%s", PO_VERSION);
    snprintf(out->backend, sizeof(out->backend), "%s", po_store_backend(st));
    snprintf(out->part, sizeof(out->part), "%s", part_for(out->backend));
    po_audit_now(out->created_at, sizeof(out->created_at));
    char part[4096];
    int rc = path_join(part, sizeof(part), dir, out->part, err);
    if (rc == 0)
        rc = make_dir(dir, err);
    if (rc == 0)
        rc = po_store_dump(st, part, look, out, err);
    if (rc == 0)
        rc = hash_file(out->part_sha256, &out->part_bytes, part, err);
    if (rc == 0)
        rc = write_manifest(out, dir, err);
    if (rc < 0)
        po_err_context(err, "backing up to %s", dir);
    return rc;
}

/* ---- reading and checking a manifest ---- */

static int bad_manifest(const char *path, const char *what, struct po_err *err)
{
    return po_err_set(err, PO_EINVAL, "备份清单 %s 无效：%s", "backup manifest %s is invalid: %s",
                      path, what);
}

static bool is_hex64(const char *s)
{
    if (!s || strlen(s) != 64)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}

static int parse_tables(struct po_backup_manifest *m, json_t *tables, const char *path,
                        struct po_err *err)
{
    if (!json_is_array(tables) || json_array_size(tables) > PO_COPY_MAX_TABLES)
        return bad_manifest(path, "tables", err);
    size_t i;
    json_t *t;
    json_array_foreach(tables, i, t)
    {
        const char *name = NULL, *hash = NULL;
        json_int_t rows = -1;
        if (json_unpack(t, "{s:s, s:I, s:s}", "name", &name, "rows", &rows, "sha256", &hash) ||
            rows < 0 || !is_hex64(hash) || strlen(name) >= sizeof(m->tables[i].name))
            return bad_manifest(path, "a table's name, rows or sha256", err);
        snprintf(m->tables[i].name, sizeof(m->tables[i].name), "%s", name);
        snprintf(m->tables[i].hash, sizeof(m->tables[i].hash), "%s", hash);
        m->tables[i].rows = rows;
    }
    m->ntables = json_array_size(tables);
    return 0;
}

static int parse_manifest(struct po_backup_manifest *m, json_t *j, const char *path,
                          struct po_err *err)
{
    const char *format = NULL, *version = NULL, *backend = NULL, *created = NULL;
    int fv = 0, schema = 0;
    json_t *parts = NULL, *tables = NULL, *audit = NULL;
    if (json_unpack(j, "{s:s, s:i}", "format", &format, "format_version", &fv) ||
        strcmp(format, PO_BACKUP_FORMAT) != 0 || fv != PO_BACKUP_FORMAT_VERSION)
        return po_err_set(err, PO_EINVAL, "%s 不是本程序认识的备份格式（需要 %s %d）",
                          "%s is not a backup format this program knows (wanted %s version %d)",
                          path, PO_BACKUP_FORMAT, PO_BACKUP_FORMAT_VERSION);
    if (json_unpack(j, "{s:s, s:s, s:i, s:s, s:o, s:o, s:o}", "phaseout_version", &version,
                    "backend", &backend, "schema_version", &schema, "created_at", &created,
                    "parts", &parts, "tables", &tables, "audit", &audit))
        return bad_manifest(path, "a field is missing or of the wrong type", err);
    if (strcmp(backend, "sqlite") != 0 && strcmp(backend, "pg") != 0)
        return bad_manifest(path, "unknown backend", err);
    snprintf(m->version, sizeof(m->version), "%s", version);
    snprintf(m->backend, sizeof(m->backend), "%s", backend);
    snprintf(m->created_at, sizeof(m->created_at), "%s", created);
    m->schema_version = schema;
    const char *pname = NULL, *phash = NULL;
    json_int_t pbytes = -1;
    if (!json_is_array(parts) || json_array_size(parts) != 1 ||
        json_unpack(json_array_get(parts, 0), "{s:s, s:I, s:s}", "name", &pname, "bytes", &pbytes,
                    "sha256", &phash) ||
        strcmp(pname, part_for(backend)) != 0 || pbytes < 0 || !is_hex64(phash))
        return bad_manifest(path, "parts", err);
    snprintf(m->part, sizeof(m->part), "%s", pname);
    snprintf(m->part_sha256, sizeof(m->part_sha256), "%s", phash);
    m->part_bytes = pbytes;
    const char *head = NULL, *mac = NULL;
    json_int_t arows = -1;
    int aok = 0, akeyed = 0;
    if (json_unpack(audit, "{s:I, s:s, s:b, s:b, s:s}", "rows", &arows, "head", &head, "ok", &aok,
                    "keyed", &akeyed, "mac_head", &mac) ||
        arows < 0 || (head[0] && !is_hex64(head)) || (mac[0] && !is_hex64(mac)))
        return bad_manifest(path, "audit", err);
    m->audit_rows = arows;
    snprintf(m->audit_head, sizeof(m->audit_head), "%s", head);
    snprintf(m->audit_mac, sizeof(m->audit_mac), "%s", mac);
    m->audit_ok = aok;
    m->audit_keyed = akeyed;
    return parse_tables(m, tables, path, err);
}

int po_backup_check(struct po_backup_manifest *out, const char *dir, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    if (sodium_init() < 0)
        return po_err_set(err, PO_EINTERNAL, "libsodium 初始化失败", "libsodium failed to start");
    char path[4096], part[4096];
    int rc = path_join(path, sizeof(path), dir, PO_BACKUP_MANIFEST, err);
    if (rc < 0)
        return rc;
    json_error_t je;
    json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        if (access(path, F_OK) != 0)
            return po_err_set(err, PO_EINVAL, "%s 没有备份清单 %s（不是备份，或备份未完成）",
                              "%s has no %s: not a backup, or an unfinished one", dir,
                              PO_BACKUP_MANIFEST);
        return bad_manifest(path, je.text, err);
    }
    rc = parse_manifest(out, j, path, err);
    json_decref(j);
    if (rc == 0)
        rc = path_join(part, sizeof(part), dir, out->part, err);
    char hex[65];
    int64_t bytes = 0;
    if (rc == 0)
        rc = hash_file(hex, &bytes, part, err);
    if (rc == 0 && (bytes != out->part_bytes || strcmp(hex, out->part_sha256) != 0))
        rc = po_err_set(err, PO_EINVAL,
                        "备份文件 %s 与清单不符（%" PRId64 " 字节，SHA-256 %.16s…，清单为 %" PRId64
                        " 字节，%.16s…）：文件已损坏或被改动，拒绝恢复",
                        "backup part %s does not match its manifest (%" PRId64
                        " bytes, SHA-256 %.16s..., the manifest says %" PRId64
                        " bytes, %.16s...): damaged or altered, not restored",
                        part, bytes, hex, out->part_bytes, out->part_sha256);
    return rc;
}

/* ---- restoring ---- */

static int check_target_empty(struct po_store_census *c, struct po_store *st, struct po_err *err)
{
    const char *dsn = po_store_describe(st);
    int rc = po_store_census(c, st, err);
    if (rc < 0)
        return rc;
    if (c->rows > 0) {
        po_err_set(err, PO_ECONFLICT,
                   "目标数据库 %s 不是空的（表 %s 有 %" PRId64 " 行），只能恢复到空数据库",
                   "the target database %s is not empty (table %s has %" PRId64
                   " rows): restore only into an empty database",
                   dsn, c->first, c->first_rows);
        if (err)
            snprintf(err->hint, sizeof(err->hint),
                     "restore into a new database (a new SQLite file, or createdb)");
        return PO_ECONFLICT;
    }
    return 0;
}

/* After loading: every table and the audit chain as the manifest says. */
static int verify_restored(struct po_backup_restored *out, struct po_store *st, struct po_err *err)
{
    const struct po_backup_manifest *m = &out->m;
    int level = 0;
    int rc = schema_level(&level, st, err);
    if (rc < 0)
        return rc;
    const char *hint = "the restored database does not match the backup: do not use it";
    if (level != m->schema_version)
        return po_err_set(err, PO_ECONFLICT, "恢复后结构版本为 %d，清单为 %d：%.0s不可使用",
                          "the restored schema version is %d, the manifest's %d: %s", level,
                          m->schema_version, hint);
    for (size_t i = 0; i < m->ntables; i++) {
        const struct po_backup_table *t = &m->tables[i];
        char hex[65];
        int64_t rows = 0;
        rc = po_store_table_hash(hex, &rows, st, t->name, err);
        if (rc < 0)
            return rc;
        if (rows != t->rows || strcmp(hex, t->hash) != 0)
            return po_err_set(err, PO_ECONFLICT,
                              "恢复后表 %s 有 %" PRId64 " 行（内容哈希 %.16s…），清单为 %" PRId64
                              " 行（%.16s…）：%.0s恢复的数据库与备份不符，不可使用",
                              "table %s has %" PRId64 " rows after the restore (content hash "
                              "%.16s...), the manifest %" PRId64 " (%.16s...): %s",
                              t->name, rows, hex, t->rows, t->hash, hint);
    }
    struct po_audit_report r;
    rc = po_audit_verify(&r, st, err);
    if (rc < 0)
        return rc;
    if (r.count != m->audit_rows || strcmp(r.head, m->audit_head) != 0 || r.ok != m->audit_ok)
        return po_err_set(err, PO_ECONFLICT,
                          "恢复后审计链有 %" PRId64 " 行，链头 %.16s…，清单为 %" PRId64
                          " 行，%.16s…：%.0s不可使用",
                          "the restored audit chain has %" PRId64 " rows, head %.16s..., the "
                          "manifest %" PRId64 ", %.16s...: %s",
                          r.count, r.head, m->audit_rows, m->audit_head, hint);
    out->keyed_checked = r.keyed && m->audit_keyed;
    if (out->keyed_checked && strcmp(r.mac_head, m->audit_mac) != 0)
        return po_err_set(err, PO_ECONFLICT, "恢复后审计链的密钥校验值与清单不符：%.0s不可使用",
                          "the restored audit chain's mac head differs from the manifest's: %s",
                          hint);
    return 0;
}

/* A SQLite backup into PostgreSQL: the part opened read-only, copied with po_store_copy. */
static int copy_in(struct po_store *to, const char *part, struct po_err *err)
{
    struct po_store *from = NULL;
    int rc = po_store_open_file_ro(&from, part, err);
    struct po_copy_report rep;
    if (rc == 0)
        rc = po_store_copy(from, to, &rep, err);
    if (from)
        po_store_close(from);
    return rc;
}

int po_backup_restore(struct po_backup_restored *out, const char *dir, const char *dsn,
                      struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    int rc = po_backup_check(&out->m, dir, err);
    if (rc < 0)
        return rc;
    size_t nsteps = 0;
    const struct po_migration *steps = po_migrations(&nsteps);
    if (out->m.schema_version > steps[nsteps - 1].version)
        return po_err_set(err, PO_EINVAL, "备份的结构版本 %d 比本程序的 %d 新，请用新版程序恢复",
                          "the backup's schema version %d is newer than this program's %d: "
                          "restore with a newer phaseout",
                          out->m.schema_version, steps[nsteps - 1].version);
    const char *target = po_store_backend_for(dsn);
    if (strcmp(out->m.backend, "pg") == 0 && strcmp(target, "pg") != 0) {
        po_err_set(err, PO_EINVAL, "PostgreSQL 备份不能直接恢复到 SQLite",
                   "a PostgreSQL backup cannot be restored into SQLite directly");
        if (err)
            snprintf(err->hint, sizeof(err->hint),
                     "restore it into a new PostgreSQL database, then phaseout db copy --from "
                     "THAT_URL --to THE_SQLITE_FILE");
        return PO_EINVAL;
    }
    out->via_copy = strcmp(out->m.backend, target) != 0;
    if (out->via_copy && out->m.schema_version != steps[nsteps - 1].version) {
        po_err_set(err, PO_EINVAL, "备份的结构版本 %d 与本程序的 %d 不同，不能直接跨后端恢复",
                   "the backup's schema version %d is not this program's %d: it cannot be "
                   "restored into another backend directly",
                   out->m.schema_version, steps[nsteps - 1].version);
        if (err)
            snprintf(err->hint, sizeof(err->hint),
                     "restore it into a new SQLite file, then phaseout db copy from that file "
                     "(which migrates it first)");
        return PO_EINVAL;
    }
    char part[4096];
    rc = path_join(part, sizeof(part), dir, out->m.part, err);
    struct po_store *st = NULL;
    if (rc == 0)
        rc = po_store_open(&st, dsn, err);
    struct po_store_census c;
    if (rc == 0)
        rc = check_target_empty(&c, st, err);
    if (rc == 0 && !out->via_copy && strcmp(target, "pg") == 0 && c.tables > 0) {
        rc = po_err_set(err, PO_ECONFLICT,
                        "目标数据库 %s 已有 %zu 张表；pg_restore 需要一个没有表的新数据库",
                        "the target database %s has %zu tables: pg_restore needs a new database "
                        "without tables",
                        po_store_describe(st), c.tables);
        if (err)
            snprintf(err->hint, sizeof(err->hint), "createdb a new database and restore into it");
    }
    if (rc == 0)
        rc = out->via_copy ? copy_in(st, part, err) : po_store_load(st, part, err);
    if (rc == 0)
        rc = verify_restored(out, st, err);
    if (st)
        po_store_close(st);
    if (rc < 0)
        po_err_context(err, "restoring %s", dir);
    return rc;
}
