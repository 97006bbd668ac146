/*
 * tablebuf.h: a whole table (header row first) as the bytes of a CSV or XLSX download.
 *
 * For the lists that leave phaseout as files (the credit platform's records, the banks'
 * lists): CSV as Excel writes "CSV UTF-8" (byte order mark, CRLF, RFC 4180 quoting) with every
 * text cell that Excel would take for a formula (starting = + - @ TAB CR) written with a
 * leading ' so that opening the file never runs it; XLSX through format/sheetw.h, every cell
 * text, the first row bold and frozen.
 *
 * Memory: bytes are appended to out.  Errors: PO_EINVAL (text not UTF-8, a sheet name Excel
 * refuses), PO_EIO (the XLSX temporary file), PO_ENOMEM; err filled in both languages.
 */
#ifndef PO_TABLEBUF_H
#define PO_TABLEBUF_H

#include <stddef.h>

#include "format/sheetw.h"
#include "util/err.h"

struct po_buf;

/* cells: nrows × ncols, row-major, NULL = empty; created: the XLSX creation time (Unix
 * seconds), 0 = now.  sheet: the XLSX sheet's name. */
int po_tablebuf_write(struct po_buf *out, enum po_sheet_format fmt, const char *sheet,
                      const char *const *cells, size_t ncols, size_t nrows, long long created,
                      struct po_err *err);

/* One CSV cell, neutralised and quoted as above. */
void po_tablebuf_csv_cell(struct po_buf *out, const char *s);

#endif
