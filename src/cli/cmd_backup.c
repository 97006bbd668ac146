/*
 * cmd_backup.c: phaseout backup | restore — a deployment into a directory with a manifest, and
 * back into an empty database, checked against the manifest (app/backup.h).
 */
#include "cli/cli.h"
#include "app/backup.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const backup_usage[] = {
    "usage: phaseout backup --db PATH_OR_URL --out DIR",
    "",
    "Writes the whole database into DIR (new or empty): SQLite through the online backup API",
    "(DIR/data.sqlite; the server may keep writing), PostgreSQL with pg_dump --format=custom",
    "(DIR/data.pgdump, postgresql-client), then DIR/manifest.json: version, schema level,",
    "backend, time, each table's rows and content hash, the part's SHA-256, the audit chain's",
    "head.  The audit key (PHASEOUT_AUDIT_KEY_FILE) is not in it: back it up apart",
    "(docs/deploy.md).",
    NULL,
};

static const char *const restore_usage[] = {
    "usage: phaseout restore --from DIR --db PATH_OR_URL",
    "",
    "Checks DIR/manifest.json and the part's SHA-256 (refused when they differ), restores into",
    "the database, which must hold no data (a PostgreSQL target: a new database without",
    "tables, or for a SQLite backup any empty one, through db copy), then checks every table's",
    "rows and hash and the audit chain's head against the manifest.  A PostgreSQL backup into",
    "SQLite: restore it into a new PostgreSQL database, then phaseout db copy.",
    NULL,
};

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int64_t total_rows(const struct po_backup_manifest *m)
{
    int64_t n = 0;
    for (size_t i = 0; i < m->ntables; i++)
        n += m->tables[i].rows;
    return n;
}

int cmd_backup(int argc, char **argv, struct po_cli *cli)
{
    (void)cli;
    static const struct po_cli_spec spec = { .usage = backup_usage,
                                             .take = PO_OPT_DB | PO_OPT_OUT | PO_OPT_HELP,
                                             .need = PO_OPT_OUT };
    struct po_cli_opts o;
    int rc = po_cli_parse(&o, &spec, NULL, argc, argv);
    if (rc)
        return rc;
    if (o.nargs)
        return po_cli_usage(backup_usage);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    struct po_backup_manifest m;
    rc = po_cli_open_store(&st, o.db, &err);
    if (rc == 0)
        rc = po_backup_make(&m, st, o.out, &err);
    if (rc == 0) {
        printf("备份完成：%s，%zu 张表 %" PRId64 " 行，审计日志 %" PRId64 " 行，用时 %.2f 秒\n"
               "backup done: %s, %zu tables, %" PRId64 " rows, audit log %" PRId64
               " rows, %.2f s\n",
               o.out, m.ntables, total_rows(&m), m.audit_rows, seconds_since(&t0), o.out,
               m.ntables, total_rows(&m), m.audit_rows, seconds_since(&t0));
        printf("part %s %" PRId64 " bytes sha256 %s\naudit head %s\n", m.part, m.part_bytes,
               m.part_sha256, m.audit_head[0] ? m.audit_head : "(empty)");
        if (!m.audit_ok)
            fprintf(stderr, "警告：审计链校验未通过，备份照原样保存\nwarning: the audit chain "
                            "does not verify; backed up as it is (phaseout audit verify)\n");
        if (!m.audit_keyed && m.audit_rows)
            fprintf(stderr, "注意：此处没有审计密钥，键控链未校验\nnote: no audit key here: the "
                            "keyed chain was not checked\n");
    }
    return po_cli_finish(st, rc, &err);
}

int cmd_restore(int argc, char **argv, struct po_cli *cli)
{
    (void)cli;
    static const struct po_cli_spec spec = { .usage = restore_usage,
                                             .take = PO_OPT_DB | PO_OPT_HELP };
    const char *from = NULL;
    const struct po_cli_opt own[] = { { "from", PO_CLI_STR, &from, NULL }, { NULL } };
    struct po_cli_opts o;
    int rc = po_cli_parse(&o, &spec, own, argc, argv);
    if (rc)
        return rc;
    if (o.nargs || !from)
        return po_cli_usage(restore_usage);
    struct po_err err = PO_ERR_INIT;
    const char *db = o.db ? o.db : getenv("PHASEOUT_DB");
    if (!db || !*db) {
        po_err_set(&err, PO_EINVAL, "请用 --db 或环境变量 PHASEOUT_DB 指定数据库",
                   "no database: give --db PATH_OR_URL or set PHASEOUT_DB");
        po_cli_report(&err);
        return 1;
    }
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct po_backup_restored r;
    rc = po_backup_restore(&r, from, db, &err);
    if (rc < 0) {
        po_cli_report(&err);
        return po_cli_exit_code(rc);
    }
    printf("恢复完成并已核对：%zu 张表 %" PRId64 " 行与清单一致，审计链 %" PRId64
           " 行链头一致，用时 %.2f 秒\n"
           "restore done and verified: %zu tables, %" PRId64 " rows as in the manifest, audit "
           "chain of %" PRId64 " rows with the same head, %.2f s\n",
           r.m.ntables, total_rows(&r.m), r.m.audit_rows, seconds_since(&t0), r.m.ntables,
           total_rows(&r.m), r.m.audit_rows, seconds_since(&t0));
    printf("backup of %s (%s, schema %d)%s\naudit head %s\n", r.m.created_at, r.m.backend,
           r.m.schema_version, r.via_copy ? ", restored through db copy" : "",
           r.m.audit_head[0] ? r.m.audit_head : "(empty)");
    if (r.m.audit_keyed && !r.keyed_checked)
        fprintf(stderr, "注意：此处没有审计密钥，键控链未校验；请一并恢复密钥文件\nnote: no audit "
                        "key here: the keyed chain was not checked; restore the key file too\n");
    return 0;
}
