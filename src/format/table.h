/*
 * table.h: read a CSV or XLSX file row by row, in UTF-8, whatever it came as.
 *
 * The importer does not care whether a bureau sent CSV from Excel on a
 * Chinese Windows (GBK), CSV from a script (UTF-8, maybe with a BOM) or an
 * .xlsx workbook: po_table_read() detects the format from the content (not
 * the file name), decodes, and hands each row to a callback as UTF-8
 * slices.  What it accepts is in docs/import.md.
 *
 * Formats and encodings:
 *   - XLSX: the file starts with "PK\x03\x04" (a zip).  Cells come as the
 *     text a user sees without formatting: shared, inline and formula
 *     strings as they are; booleans "1"/"0"; errors as their text
 *     ("#N/A"); numbers as the shortest decimal for 15 significant digits,
 *     never in exponent form for ordinary magnitudes ("0.3", "0.001",
 *     "12345678901"); numbers with a date format as "YYYY-MM-DD", or
 *     "YYYY-MM-DD HH:MM:SS" when they have a time of day, or "HH:MM:SS"
 *     below one day.  Cells are placed by their reference (A1, AB12); gaps
 *     become empty fields.  rowno is the sheet row number.
 *   - CSV: RFC 4180 (',' separated, '"' quoting, "\n" or "\r\n"), strict:
 *     a quote inside an unquoted field or text after a closing quote is an
 *     error, and so is an unterminated quote.  Spaces and tabs around an
 *     unquoted field are dropped (quote a field to keep them).  rowno is
 *     the record number, blank lines included, as Excel numbers the rows
 *     when it opens the file.
 *   - Old binary .xls (and password-protected workbooks, which are OLE2
 *     files too) and UTF-16 text are refused with a message that says what
 *     to save the file as.
 *
 * Rows: trailing empty fields are dropped, and a row left with no field (a
 * blank line, ",,,", an XLSX row of empty cells) is not delivered.  A row
 * has at most PO_TABLE_MAX_COLUMNS fields of at most PO_TABLE_MAX_FIELD
 * bytes; more is an error, not a truncation.
 *
 * Errors are bilingual and name the file (its base name) and, where it
 * applies, the row and the byte offset: "energy.csv row 14: unterminated
 * quoted field".  Rows before the error may already have been delivered,
 * so a caller that wants all-or-nothing keeps its writes until the end.
 *
 * Thread-safety: po_table_read() keeps no global state; separate calls may
 * run in separate threads.
 *
 * The options, the row and the limits are declared in format/tablerow.h,
 * the leaf that the CSV reader (table.c, which also dispatches) and the
 * XLSX reader (xlsx.c) share; this header includes it.
 */
#ifndef PO_TABLE_H
#define PO_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "format/tablerow.h"
#include "util/err.h"

/*
 * Read the table in path and call fn for each row.  opts may be NULL
 * (PO_TABLE_OPTS_INIT).  Returns 0 after the last row, the callback's
 * nonzero return, or:
 *   PO_EIO       the file cannot be opened or read
 *   PO_EINVAL    the content is refused: unknown format, malformed CSV or
 *                XLSX, undecodable bytes, a limit exceeded, an unknown
 *                encoding or sheet in opts
 *   PO_ENOTFOUND the sheet asked for does not exist (the message lists the sheets)
 *   PO_ENOMEM
 * with err filled.
 */
int po_table_read(const char *path, const struct po_table_opts *opts, po_row_fn *fn, void *ctx,
                  struct po_err *err);

#endif
