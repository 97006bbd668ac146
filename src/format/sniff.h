/*
 * sniff.h: a data file in memory, and the formats refused by their first bytes.
 *
 * po_table_read() (table.c) and po_fastcsv_open() (fastcsv.c) open files
 * the same way and refuse the same formats with the same messages; this is
 * that one way.  The file is mapped read-only when it can be; a pipe or
 * anything else that cannot be mapped is read whole into the heap.
 *
 * Memory: a loaded file is the caller's until po_sniff_unload().  Errors: PO_EIO, PO_EINVAL or
 * PO_ENOMEM at the functions, with err filled in both languages.
 */
#ifndef PO_SNIFF_H
#define PO_SNIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/* A loaded file.  Caller owns; release with po_sniff_unload(). */
struct po_sniff_file {
    const char *data; /* the whole file, read-only */
    size_t len;
    void *map;  /* the mapping, or NULL */
    char *heap; /* the bytes of a file that could not be mapped, or NULL */
};

/*
 * Map path, or read it whole if it cannot be mapped; name (the base name)
 * is for messages.  Returns 0, or PO_EIO (cannot open or read, or a
 * directory), PO_EINVAL (too large), PO_ENOMEM; on failure *out holds
 * nothing to release.  An empty file is fine.
 */
int po_sniff_load(struct po_sniff_file *out, const char *path, const char *name,
                  struct po_err *err);
/* Unmap or free, and empty f.  Safe on an emptied or failed f. */
void po_sniff_unload(struct po_sniff_file *f);

/* Whether data starts as a ZIP archive, which is what an XLSX workbook is. */
bool po_sniff_is_xlsx(const char *data, size_t len);

/*
 * Refuse what neither reader reads: an old .xls (OLE2) workbook, UTF-16
 * text, and a file that is not a zip but holds a NUL byte (not text: a cell
 * "a\0b" would reach the database as "a"), with a message naming name (and
 * the NUL's byte offset) and what to save as instead.  Returns 0 or PO_EINVAL.
 */
int po_sniff_refuse(const char *data, size_t len, const char *name, struct po_err *err);

#endif
