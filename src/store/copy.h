/*
 * copy.h: move a whole deployment from one store to another (`phaseout db
 * copy`), SQLite → PostgreSQL, PostgreSQL → SQLite, or SQLite → SQLite.
 *
 * What is copied: every data table of the schema, in foreign-key order
 * (parents first), every row with its ids, in one transaction on the
 * target, through the bulk upsert (COPY on PostgreSQL).  Identity
 * sequences on a PostgreSQL target are moved past the largest id copied.
 * schema_version is not copied: the target must already be migrated to the
 * source's version (po_app_open() migrates; po_store_copy() migrates the
 * target again to be sure, which is a no-op when it is current).
 *
 * What is checked: the target must be empty (no row in any data table),
 * and both databases must hold exactly the tables po_store_copy knows.
 * After copying, each table's row count and content hash are computed the
 * same way on both sides and compared: SHA-256 over a canonical rendering
 * of every row in primary-key order (text keys ordered bytewise on both
 * backends), with every column as "N" for NULL or "<len>:<bytes>" for a
 * value (integers in decimal, reals as %.17g), a row ending in '\n'.  Any
 * difference rolls the target back and fails the copy.
 *
 * The source is read in one transaction (REPEATABLE READ on PostgreSQL; on
 * SQLite the write lock), so the copy is a consistent snapshot and writers
 * wait until it ends.
 *
 * Not thread-safe beyond the stores' own rule: one thread per store.
 *
 * Memory: nothing is allocated for the caller; the report is the caller's struct, table names in
 * it are static.  Errors: at each function (PO_ECONFLICT, PO_EINVAL, and the stores' PO_EUNAVAIL /
 * PO_EINTERNAL / PO_ENOMEM).
 */
#ifndef PO_COPY_H
#define PO_COPY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define PO_COPY_MAX_TABLES 64

struct po_copy_table {
    const char *table;    /* static string */
    int64_t rows;         /* rows read from the source */
    int64_t target_rows;  /* rows counted in the target after the copy */
    char hash[65];        /* source content hash, lowercase hex SHA-256 */
    char target_hash[65]; /* the same computed on the target */
    bool match;           /* rows == target_rows and the hashes are equal */
};

struct po_copy_report {
    size_t ntables;
    struct po_copy_table tables[PO_COPY_MAX_TABLES];
    int schema_version; /* of both databases */
};

/*
 * Copy every data table of from into to, which must be empty.  out lists
 * the tables checked so far: all of them after a copy, with match = false
 * where a table differs; none when the copy was refused or failed before
 * the check.  Returns 0, or:
 *   PO_ECONFLICT  the target is not empty, or a table's count or hash differs
 *                 (the target is rolled back)
 *   PO_EINVAL     the schema versions differ, or a database has a table this
 *                 program does not know (it would be lost)
 *   PO_EUNAVAIL / PO_EINTERNAL / PO_ENOMEM from the stores
 * Neither store may be inside a transaction when called.
 */
int po_store_copy(struct po_store *from, struct po_store *to, struct po_copy_report *out,
                  struct po_err *err);

/*
 * Check that st has exactly the tables po_store_copy copies (plus
 * schema_version), reading the backend's catalog.  PO_EINVAL names the
 * first table missing from either side.
 */
int po_store_copy_check_tables(struct po_store *st, struct po_err *err);

/*
 * The content hash of one table as po_store_copy computes it (lowercase hex
 * into hex[65]), and its row count.  table must be one po_store_copy knows
 * (PO_EINVAL otherwise).
 */
int po_store_table_hash(char hex[65], int64_t *rows, struct po_store *st, const char *table,
                        struct po_err *err);

/* The tables po_store_copy copies, in its order: their number, and the i-th name (static). */
size_t po_store_copy_ntables(void);
const char *po_store_copy_table(size_t i);

/* What a database holds, for a restore into it (only into an empty one). */
struct po_store_census {
    size_t tables;           /* tables in the catalog, any (schema_version too) */
    int64_t rows;            /* rows in the data tables po_store_copy knows that exist */
    const char *first;       /* the first of them with rows (static), NULL when none */
    int64_t first_rows;
};
int po_store_census(struct po_store_census *out, struct po_store *st, struct po_err *err);

#endif
