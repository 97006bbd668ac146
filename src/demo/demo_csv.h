/*
 * demo_csv.h: writing the demo's CSV files.
 *
 * The files follow docs/import.md: UTF-8 without BOM, "\n" line ends, ","
 * separators, and RFC 4180 quotes only where a cell needs them (a comma, a
 * double quote, a line break, or leading/trailing space).  A file is built
 * in memory and written by po_demo_csv_save(), which writes NAME.tmp and
 * renames it, so a failed run never leaves a half-written file behind.
 * Appends never fail on their own: an allocation failure is sticky in the
 * buffer and reported by po_demo_csv_save() as PO_ENOMEM.
 *
 * Memory: the buffer is malloc'd; po_demo_csv_release() frees it, also after a failed save.
 * Errors: po_demo_csv_save returns PO_ENOMEM, PO_EINVAL (path too long) or PO_EIO; the appends
 * return nothing.
 */
#ifndef PO_DEMO_CSV_H
#define PO_DEMO_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

struct po_demo_csv {
    struct po_buf b;
    size_t col;  /* cells written in the current row */
    size_t rows; /* data rows ended so far (the header is not counted) */
};

#define PO_DEMO_CSV_INIT                                                                           \
    {                                                                                              \
        PO_BUF_INIT, 0, 0                                                                          \
    }

/* Write the header row (not counted in rows). */
void po_demo_csv_header(struct po_demo_csv *c, const char *const *cols, size_t n);

/* A text cell; NULL or "" is an empty cell. */
void po_demo_csv_str(struct po_demo_csv *c, const char *s);
void po_demo_csv_strf(struct po_demo_csv *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void po_demo_csv_int(struct po_demo_csv *c, int64_t v);

/*
 * The decimal v / 10^shift, written with exactly dec decimals after
 * rounding half away from zero (0 <= dec <= shift <= 18): (1234567, 3, 2)
 * is "1234.57".  Only integer arithmetic, so the text never depends on the
 * platform's floating point.
 */
void po_demo_csv_fixed(struct po_demo_csv *c, int64_t v, int shift, int dec);

/* A civil date as YYYY-MM-DD. */
void po_demo_csv_date(struct po_demo_csv *c, int y, int m, int d);

/* End the current row. */
void po_demo_csv_end(struct po_demo_csv *c);

/*
 * Write the file to dir/name (dir must exist).  Returns 0, PO_ENOMEM if an
 * append failed, PO_EINVAL if the path is too long, or PO_EIO.
 */
int po_demo_csv_save(struct po_demo_csv *c, const char *dir, const char *name, struct po_err *err);

void po_demo_csv_release(struct po_demo_csv *c);

#endif
