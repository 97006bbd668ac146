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
 */
#ifndef PO_TABLE_H
#define PO_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

#define PO_TABLE_MAX_FIELD ((size_t)1 << 20) /* bytes of UTF-8 in one field */
#define PO_TABLE_MAX_COLUMNS 4096

/* What po_table_read() found; filled as soon as it knows, so also on most errors. */
struct po_table_info {
    char format[24]; /* "csv utf-8", "csv utf-8-bom", "csv gb18030", "xlsx"; "" if unknown */
    char sheet[64];  /* XLSX: the name of the sheet read (truncated); "" for CSV */
    size_t rows;     /* rows delivered to the callback */
};

struct po_table_opts {
    /* CSV only: NULL or "auto", "utf-8", "gbk", "gb18030" (gbk decodes as GB18030, a superset). */
    const char *encoding;
    /*
     * XLSX only.  NULL = the first sheet; digits = a position (1-based, workbook
     * order) when in range, else a name, since sheets are often named "2023";
     * otherwise a name, exact or else ignoring ASCII case.
     */
    const char *sheet;
    /* Optional: called at most ~100 times with bytes done of total, last with done == total. */
    void (*progress)(void *ctx, uint64_t done, uint64_t total);
    void *progress_ctx;
    /* Optional out: what was detected (see struct po_table_info). */
    struct po_table_info *info;
};
#define PO_TABLE_OPTS_INIT { NULL, NULL, NULL, NULL, NULL }

struct po_row {
    size_t rowno;                /* as a user sees it: the header is row 1 (see above) */
    size_t nfields;              /* >= 1 */
    const struct po_str *fields; /* UTF-8, valid only during the callback */
};

/*
 * Called once per row.  Return 0 to go on, or a negative PO_E* (with err
 * filled) to stop: po_table_read() then returns that value and leaves err
 * as the callback set it.
 */
typedef int po_row_fn(void *ctx, const struct po_row *row, struct po_err *err);

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
