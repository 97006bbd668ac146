/*
 * sheetw.h: write a table as CSV or XLSX, one row at a time.
 *
 * The export side of docs/import.md: what is written here imports back
 * unchanged through po_table_read() (table.h).
 *
 * CSV, written the way Excel writes "CSV UTF-8":
 *   - UTF-8 with a byte order mark, so Excel on a Chinese Windows shows
 *     Chinese instead of decoding the file as GBK;
 *   - "\r\n" line ends (RFC 4180, and what Excel writes);
 *   - a field is quoted only when it must be: it contains ',' '"' '\r' or
 *     '\n' (RFC 4180), or starts or ends with a space or tab (which a
 *     reader, ours included, would otherwise trim).  Quotes are doubled.
 *   - numbers are written as their exact text.
 * Text that Excel would take for a formula — starting with '=' '+' '-' '@',
 * TAB or CR, after any run of apostrophes — is written with one more leading
 * apostrophe (OWASP "CSV injection"): Excel shows it as text and runs
 * nothing.  po_table_read()'s CSV reader takes that apostrophe away again
 * (po_csv_formula_guard), so an export still imports back unchanged.  NUMBER
 * cells ("-12.5") are numbers, never guarded.
 *
 * XLSX (libxlsxwriter, constant-memory mode: rows stream to a temporary
 * file, so a large export does not grow in memory): one sheet, named as
 * given; numbers are numbers (Excel keeps 15 significant digits of the
 * exact text); the first row is bold and frozen; each column is as wide as
 * its widest cell (CJK characters count double) within 8 to 60 characters.
 * At most 1,048,576 rows and 16,384 columns, Excel's limits, and 32,767
 * characters per cell.  The file is assembled by po_sheetw_close().
 *
 * Ownership: po_sheetw_open() allocates; po_sheetw_close() flushes and
 * frees, also after an error.  A writer belongs to one thread at a time.
 *
 * Errors: PO_EINVAL (a bad sheet name, text not UTF-8, a NUMBER that is not a plain decimal, a
 * limit exceeded), PO_EIO, PO_ENOMEM, at each function, with err filled in both languages; the
 * first error of a row is sticky and returned again by po_sheetw_close(), which then removes the
 * file.
 */
#ifndef PO_SHEETW_H
#define PO_SHEETW_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

enum po_sheet_format { PO_SHEET_CSV, PO_SHEET_XLSX };

enum po_cell_kind { PO_CELL_EMPTY, PO_CELL_TEXT, PO_CELL_NUMBER };

struct po_cell {
    enum po_cell_kind kind;
    const char *text; /* UTF-8; for NUMBER too, the exact decimal text ("-1234.5"); NULL = "" */
};

struct po_sheetw;

/* Whether text s[0..len) is guarded in CSV: after any leading apostrophes it starts with
 * = + - @ TAB or CR.  The writer adds one apostrophe to such text; the reader removes one
 * from such text when it starts with an apostrophe. */
bool po_csv_formula_guard(const char *s, size_t len);

/*
 * Start writing to path; NULL means standard output (for XLSX the workbook
 * is built in a temporary file and copied out at close).  sheet_name is the
 * XLSX sheet name (NULL = "Sheet1"; at most 31 characters, none of
 * []:*?/\); ignored for CSV.  Returns 0, or PO_EINVAL (bad sheet name),
 * PO_EIO (cannot create the file), PO_ENOMEM.
 */
int po_sheetw_open(struct po_sheetw **out, const char *path, enum po_sheet_format fmt,
                   const char *sheet_name, struct po_err *err);

/*
 * Append a row of n cells.  Returns 0, or PO_EINVAL (text not UTF-8, a
 * NUMBER that is not a plain decimal, a limit above exceeded), PO_EIO.
 * After a failure the writer refuses further rows with the same error.
 */
int po_sheetw_row(struct po_sheetw *w, const struct po_cell *cells, size_t n, struct po_err *err);

/*
 * Finish the file and free w (w may be NULL).  Returns 0, or the first
 * error of an earlier po_sheetw_row() (err filled with it again), or PO_EIO
 * when the file cannot be written.  On any error the file at path is
 * removed, so no half-written export is left behind.
 */
int po_sheetw_close(struct po_sheetw *w, struct po_err *err);

/*
 * XLSX only: the workbook's creation time (document properties), so the same rows give the same
 * bytes (a publication's download); without it libxlsxwriter stamps the current time.  Call
 * before po_sheetw_close.  A no-op for CSV and for t <= 0.
 */
void po_sheetw_set_created(struct po_sheetw *w, long long t);

#endif
