/*
 * backup.h: `phaseout backup` and `phaseout restore` (issue 16 §4) — a whole
 * deployment written to a directory with a manifest that proves it whole.
 *
 * A backup is a directory holding one data part and manifest.json:
 *   data.sqlite   (SQLite) the database as of one moment, through the online
 *                 backup API while other connections keep writing;
 *   data.pgdump   (PostgreSQL) pg_dump --format=custom of one snapshot.
 * The manifest (format "phaseout-backup", format_version 1) names the
 * program's version, the schema migration level, the backend, when it was
 * made, each part's size and SHA-256, every data table's row count and
 * content hash (store/copy.h's, the same on both backends), and the audit
 * chain's head (app/audit.h) — all read from the very snapshot that was
 * dumped.  manifest.json is written last, so a directory without one is an
 * unfinished backup.
 *
 * A restore refuses a backup whose manifest does not verify (unknown
 * format, a part missing, its size or hash different), a schema newer than
 * this program, and a target that holds any data.  It loads the part —
 * SQLite into SQLite with the backup API, PostgreSQL into a database
 * without tables with pg_restore, a SQLite backup into PostgreSQL through
 * po_store_copy (store/copy.h) — and then checks every table's count and
 * hash and the audit chain's row count and head against the manifest
 * (PO_ECONFLICT naming the first difference).  A PostgreSQL backup into
 * SQLite takes two steps: restore it into a new PostgreSQL database, then
 * `phaseout db copy` (refused here with that hint).
 *
 * Not in the backup: the audit key (app/audit.h) — it lives outside the
 * database on purpose and is kept apart (docs/deploy.md).  Without it the
 * restore still checks the SHA-256 chain and says the keyed one was not.
 *
 * Memory: everything is in the caller's structs.  Errors: PO_EINVAL (a bad
 * or unfinished backup, a PostgreSQL backup for SQLite), PO_ECONFLICT (a
 * target with data; a restored database that differs), PO_EIO (files), and
 * the stores' codes.
 */
#ifndef PO_APP_BACKUP_H
#define PO_APP_BACKUP_H

#include <stdbool.h>
#include <stdint.h>

#include "app/audit.h"
#include "store/copy.h"
#include "store/store.h"
#include "util/err.h"

#define PO_BACKUP_FORMAT "phaseout-backup"
#define PO_BACKUP_FORMAT_VERSION 1
#define PO_BACKUP_MANIFEST "manifest.json"

struct po_backup_table {
    char name[64];
    int64_t rows;
    char hash[65];
};

struct po_backup_manifest {
    char version[32];      /* the program that wrote it */
    char backend[16];      /* "sqlite" / "pg" */
    int schema_version;
    char created_at[32];   /* UTC */
    char part[32];         /* "data.sqlite" / "data.pgdump" */
    int64_t part_bytes;
    char part_sha256[65];
    size_t ntables;
    struct po_backup_table tables[PO_COPY_MAX_TABLES];
    int64_t audit_rows;
    char audit_head[PO_AUDIT_HEX];
    bool audit_ok;         /* the chain held when the backup was made */
    bool audit_keyed;      /* the keyed chain was checked then */
    char audit_mac[PO_AUDIT_HEX];
};

/*
 * Back st up into dir (created; it must not exist or be empty): the part,
 * then manifest.json.  out is the manifest written.  st outside a
 * transaction.
 */
int po_backup_make(struct po_backup_manifest *out, struct po_store *st, const char *dir,
                   struct po_err *err);

/* Read dir's manifest and check it and its part (size, SHA-256); PO_EINVAL saying what is wrong. */
int po_backup_check(struct po_backup_manifest *out, const char *dir, struct po_err *err);

struct po_backup_restored {
    struct po_backup_manifest m;
    bool via_copy;       /* a SQLite backup restored into PostgreSQL through po_store_copy */
    bool keyed_checked;  /* the keyed audit chain was checked too (the key is here) */
};

/*
 * Restore the backup in dir into the database dsn, which must hold no data,
 * and check it against the manifest.  On a difference after loading, the
 * target keeps what was loaded and the error says it must not be used.
 */
int po_backup_restore(struct po_backup_restored *out, const char *dir, const char *dsn,
                      struct po_err *err);

#endif
