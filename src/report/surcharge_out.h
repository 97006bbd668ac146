/*
 * surcharge_out.h: the words and files of a surcharge run (core/surcharge_stored.h): the
 * statement for the grid company (CSV and XLSX, one row per enterprise and rule), the notice to
 * an enterprise (PDF, report/officialdoc.h, its words from data/notice_texts.csv row
 * "surcharge"), and the explanation of one enterprise's figures.
 *
 * Figures are written as exact decimals: quantities and rates as stored (po_dec_format), money
 * as yuan with exactly two decimals.  A row of a low-confidence rule says 待核实 (to verify) in
 * its own column; a row that cannot be computed or decided has no amount, its status and its
 * reason.  The CSV is UTF-8 with a BOM, "\r\n" line ends, and a cell Excel would take for a
 * formula neutralised (format/tablebuf.h po_tablebuf_csv_cell).
 *
 * Memory: texts live in the arena given or are appended to the caller's buffer.  Errors:
 * PO_ENOMEM, PO_EIO (the XLSX file), PO_ENOTFOUND (an enterprise with no row in the run), those
 * of format/sheetw.h and report/officialdoc.h, with err filled.
 */
#ifndef PO_SURCHARGE_OUT_H
#define PO_SURCHARGE_OUT_H

#include <stddef.h>
#include <stdint.h>

#include "core/surcharge_stored.h"
#include "util/err.h"

struct po_arena;
struct po_buf;

/* "1234.50" of yuan × 10^6 (rounded rows are multiples of 0.01 yuan) into buf (>= 32). */
char *po_scout_yuan(char *buf, size_t n, int64_t micro);

/* The statement as CSV bytes, appended to out. */
int po_scout_csv(struct po_buf *out, const struct po_sc_stored_run *run, struct po_arena *a,
                 struct po_err *err);

/* The statement as an XLSX file at path. */
int po_scout_xlsx(const char *path, const struct po_sc_stored_run *run, struct po_arena *a,
                  struct po_err *err);

/*
 * The notice of the enterprise of rows [lo, hi) (one enterprise's rows of run), dated date_iso
 * (YYYY-MM-DD), as PDF bytes appended to out.
 */
int po_scout_notice(struct po_buf *out, const struct po_sc_stored_run *run, size_t lo, size_t hi,
                    const char *date_iso, struct po_arena *a, struct po_err *err);

/* The explanation of uscc's rows of run, bilingual text appended to out.  PO_ENOTFOUND. */
int po_scout_explain(struct po_buf *out, const struct po_sc_stored_run *run, const char *uscc,
                     struct po_arena *a, struct po_err *err);

#endif
