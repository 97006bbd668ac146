/*
 * migrate.c: the numbered schema migrations.
 *
 * The SQL of each step lives in src/store/sql/NNNN_name.<backend>.sql and is
 * compiled into the binary (util/embed.h), so a deployment needs no files
 * beside the executable.  A step runs in one transaction together with its
 * schema_version row: either both land or neither does.
 */
#include "store/migrate.h"
#include "util/embed.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const struct po_migration steps[] = {
    { 1,
      "registry: districts, industries, enterprises, equipment, yearly figures, "
      "inspections, licences, reference tables, revisions",
      "src/store/sql/0001_registry.sqlite.sql", "src/store/sql/0001_registry.pg.sql" },
    { 2, "accounting: dual-control targets per district and year",
      "src/store/sql/0002_accounting.sqlite.sql", "src/store/sql/0002_accounting.pg.sql" },
    { 3, "bytewise collation of key text columns (PostgreSQL)",
      "src/store/sql/0003_key_collation.sqlite.sql", "src/store/sql/0003_key_collation.pg.sql" },
    { 4, "revision triggers fire in every session mode (PostgreSQL)",
      "src/store/sql/0004_triggers_always.sqlite.sql",
      "src/store/sql/0004_triggers_always.pg.sql" },
    { 5, "evaluation: immutable runs of the rule set and their findings",
      "src/store/sql/0005_evaluation.sqlite.sql", "src/store/sql/0005_evaluation.pg.sql" },
    { 6, "cases: case files, append-only events and attachments, notifications, audit chain",
      "src/store/sql/0006_cases.sqlite.sql", "src/store/sql/0006_cases.pg.sql" },
    { 7, "exit plans: each district's yearly capacity to exit, per unit",
      "src/store/sql/0007_exit_plans.sqlite.sql", "src/store/sql/0007_exit_plans.pg.sql" },
    { 8, "accounts: users with roles, sessions, login attempts",
      "src/store/sql/0008_users.sqlite.sql", "src/store/sql/0008_users.pg.sql" },
    { 9, "evaluation: the evidence of each finding in Chinese as well",
      "src/store/sql/0009_evidence_zh.sqlite.sql", "src/store/sql/0009_evidence_zh.pg.sql" },
    { 10, "calendar: holiday notices imported at run time; provisional case deadlines",
      "src/store/sql/0010_calendar.sqlite.sql", "src/store/sql/0010_calendar.pg.sql" },
    { 11, "registry: has_downstream and two_high may be not recorded (NULL)",
      "src/store/sql/0011_facts_unrecorded.sqlite.sql",
      "src/store/sql/0011_facts_unrecorded.pg.sql" },
    { 13, "cases: the opener's and each actor's own account roles beside the casefsm role",
      "src/store/sql/0013_case_roles.sqlite.sql", "src/store/sql/0013_case_roles.pg.sql" },
    { 16, "evaluation: the data items a cannot-decide finding waits on (missing)",
      "src/store/sql/0016_finding_missing.sqlite.sql",
      "src/store/sql/0016_finding_missing.pg.sql" },
    { 17, "disclosure: document numbers, issued documents, frozen publications, public reports",
      "src/store/sql/0017_disclosure.sqlite.sql", "src/store/sql/0017_disclosure.pg.sql" },
    { 18, "credit: legal representatives, authority codes, credit repair, joint actions, support",
      "src/store/sql/0018_credit.sqlite.sql", "src/store/sql/0018_credit.pg.sql" },
    { 19, "surcharge: water use, immutable surcharge runs and their rows",
      "src/store/sql/0019_surcharge.sqlite.sql", "src/store/sql/0019_surcharge.pg.sql" },
    { 20, "resettlement: workers affected, resettlement and risk plans, outcomes, tick alerts",
      "src/store/sql/0020_resettlement.sqlite.sql", "src/store/sql/0020_resettlement.pg.sql" },
    { 21, "audit: the keyed chain (an HMAC under a key outside the database)",
      "src/store/sql/0021_audit_mac.sqlite.sql", "src/store/sql/0021_audit_mac.pg.sql" },
    { 22, "users: a second administrator's approval, the password change at the next login",
      "src/store/sql/0022_user_approval.sqlite.sql", "src/store/sql/0022_user_approval.pg.sql" },
};

const struct po_migration *po_migrations(size_t *n)
{
    *n = sizeof(steps) / sizeof(steps[0]);
    return steps;
}

static int ensure_version_table(struct po_store *st, struct po_err *err)
{
    return po_store_exec(st,
                         "CREATE TABLE IF NOT EXISTS schema_version ("
                         " version INTEGER PRIMARY KEY,"
                         " description TEXT NOT NULL,"
                         " applied_at TEXT NOT NULL)",
                         err);
}

int po_migrate_version(int *out, struct po_store *st, struct po_err *err)
{
    int64_t v = 0;
    int rc = ensure_version_table(st, err);
    if (rc == 0)
        rc = po_store_query_int(&v, st, "SELECT coalesce(max(version), 0) FROM schema_version",
                                NULL, 0, err);
    if (rc < 0)
        return rc;
    *out = (int)v;
    return 0;
}

static void utc_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int apply(struct po_store *st, const struct po_migration *m, struct po_err *err)
{
    const char *path = strcmp(po_store_backend(st), "pg") == 0 ? m->sql_pg : m->sql_sqlite;
    const struct po_embedded *e = path ? po_embed_find(path) : NULL;
    if (!e)
        return po_err_set(err, PO_EINTERNAL, "迁移 %d 缺少 %s 后端的 SQL",
                          "migration %d has no SQL for backend %s", m->version,
                          po_store_backend(st));
    char now[32];
    utc_now(now, sizeof(now));
    struct po_value v[3] = { po_vint(m->version), po_vtext(m->description), po_vtext(now) };
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = po_store_exec(st, (const char *)e->data, err);
    if (rc == 0)
        rc = po_store_run(st,
                          "INSERT INTO schema_version(version, description, applied_at) "
                          "VALUES (?, ?, ?)",
                          v, 3, err);
    rc = po_store_end(st, rc, err);
    if (rc < 0)
        po_err_context(err, "migration %d (%s)", m->version, path);
    return rc;
}

int po_migrate(struct po_store *st, struct po_err *err)
{
    int have;
    int rc = po_migrate_version(&have, st, err);
    if (rc < 0)
        return rc;
    size_t n;
    const struct po_migration *m = po_migrations(&n);
    int newest = m[n - 1].version;
    if (have > newest)
        return po_err_set(err, PO_ECONFLICT,
                          "数据库结构版本 %d 高于本程序支持的 %d，请升级 phaseout",
                          "database schema version %d is newer than this program's %d; upgrade "
                          "phaseout",
                          have, newest);
    for (size_t i = 0; i < n; i++) {
        /*
         * A step runs unless its own row is there, not only when it is newer than the newest
         * applied: the numbers of issue 12 were handed out in advance (0011-0015), so a
         * database already at 13 still needs 11 when that step lands after 13.
         */
        if (m[i].version <= have) {
            int64_t done = 0;
            struct po_value v = po_vint(m[i].version);
            rc = po_store_query_int(
                &done, st, "SELECT count(*) FROM schema_version WHERE version = ?", &v, 1, err);
            if (rc < 0)
                return rc;
            if (done)
                continue;
        }
        rc = apply(st, &m[i], err);
        if (rc < 0)
            return rc;
    }
    return 0;
}
