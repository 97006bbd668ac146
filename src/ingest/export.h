/*
 * export.h: write one registry kind as CSV (UTF-8 with BOM) or XLSX, with
 * the same columns the import accepts (English headers), so an export
 * imports back unchanged.  Equipment gets one column per parameter in use.
 *
 * Memory: the query and the parameter columns live in the arena given; the
 * file is written and closed before po_export() returns.
 * Errors: PO_EINVAL (an unknown kind, or meter: export energy instead), the
 * store's codes, the sheet writer's (PO_EIO, PO_EINVAL, PO_ENOMEM:
 * format/sheetw.h, which removes a half-written file), with err filled.
 */
#ifndef PO_EXPORT_H
#define PO_EXPORT_H

#include <stddef.h>

#include "format/sheetw.h"
#include "store/store.h"

struct po_arena;

/* path NULL: CSV to standard output.  *rows gets the data rows written. */
int po_export(size_t *rows, struct po_store *st, const char *kind, enum po_sheet_format fmt,
              const char *path, struct po_arena *a, struct po_err *err);

#endif
