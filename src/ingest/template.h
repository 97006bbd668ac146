/*
 * template.h: the import template of a kind, for the people who fill it in.
 *
 * XLSX: sheet 1, named after the kind in Chinese, holds the Chinese headers the importer accepts
 * (required ones shaded) and one example row that imports as it is; sheet 2, 填写说明, explains
 * each column: header, English name, meaning, unit, allowed values, required or not, example.
 * The importer reads the first sheet, so a filled-in template imports unchanged.
 * Markdown: the same explanation as a table (docs/import.md is built from it).
 *
 * Memory: nothing to free; the writers close what they open.  Errors: PO_EINVAL (an unknown kind,
 * or a column without its doc), PO_EIO (the file cannot be written), PO_ENOMEM, with err filled.
 */
#ifndef PO_TEMPLATE_H
#define PO_TEMPLATE_H

#include <stdio.h>

#include "util/err.h"

/* Write kind's template to path.  Returns 0, or PO_EINVAL (unknown kind), PO_EIO, PO_ENOMEM. */
int po_template_write_xlsx(const char *kind, const char *path, struct po_err *err);

/* Write kind's column explanation as a Markdown section to f.  Same errors. */
int po_template_write_md(const char *kind, FILE *f, struct po_err *err);

/*
 * Check that every column of every kind has its doc (import_doc.c).  Returns 0, or PO_EINVAL with
 * err naming the first kind and column without one.
 */
int po_template_check_docs(struct po_err *err);

#endif
