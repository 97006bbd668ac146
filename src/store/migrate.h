/*
 * migrate.h: numbered schema migrations, applied when a front end opens the database
 * (po_app_open in app/open.h; the store itself only opens).
 *
 * Each step has a version, a description and SQL per backend, runs in one
 * transaction and is recorded in schema_version.  Shipped steps are never
 * edited; a fix is a new step (Zabbix's DBPATCH_ADD).
 *
 * Memory: the steps and their SQL are static (compiled in from src/store/sql/).  Errors:
 * po_migrate returns PO_ECONFLICT for a database newer than this program, PO_EINTERNAL for a step
 * without SQL for the backend, and the store's errors (the failed step is rolled back, the steps
 * before it stay applied); po_migrate_version the store's errors.
 */
#ifndef PO_MIGRATE_H
#define PO_MIGRATE_H

#include "store/store.h"

struct po_migration {
    int version;
    const char *description;
    const char *sql_sqlite;
    const char *sql_pg;
};

/* Apply every step newer than the database's version.  Refuses a database newer than this program. */
int po_migrate(struct po_store *st, struct po_err *err);

/* The database's current schema version (0 for an empty database). */
int po_migrate_version(int *out, struct po_store *st, struct po_err *err);

/* The steps, in order; *n gets their count. */
const struct po_migration *po_migrations(size_t *n);

#endif
