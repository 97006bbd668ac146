/*
 * import_kinds.h: the import kinds (import_kinds.c): the table of every kind
 * with its columns and checks.  po_import_file (ingest/import.h, defined in
 * import_kinds.c) hands this table to the engine (po_import_run, import.c) as
 * data; export.c and template.c walk it.  The table is static and read-only.
 *
 * Memory: nothing is allocated.  Errors: none — po_import_kind_find() returns
 * NULL for an unknown kind.
 */
#ifndef PO_IMPORT_KINDS_H
#define PO_IMPORT_KINDS_H

#include <stddef.h>

#include "ingest/import_int.h"

/* The kind called name, or NULL. */
const struct kindspec *po_import_kind_find(const char *name);
extern const struct kindspec po_import_kind_table[];
extern const size_t po_import_kind_count;

#endif
