/*
 * xlsx.h: internal to src/format, the XLSX half of po_table_read().
 *
 * Nothing outside src/format includes this; use table.h.  The row assembly
 * (po_table_rowbuf_*) and progress throttling (po_table_progress_*) it
 * shares with the CSV half are in format/tablerow.h, a leaf: table.c
 * (the dispatcher) includes xlsx.h, xlsx.h does not include table.h.
 */
#ifndef PO_XLSX_H
#define PO_XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format/tablerow.h"

/*
 * Read the XLSX workbook at path (name is its base name, for messages),
 * the sheet opts->sheet.  Same contract as po_table_read().
 */
int po_xlsx_read(const char *path, const char *name, const struct po_table_opts *opts,
                 po_row_fn *fn, void *ctx, struct po_err *err);

#endif
