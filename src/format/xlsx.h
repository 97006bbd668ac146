/*
 * xlsx.h: internal to src/format, the XLSX half of po_table_read() and the row
 * assembly it shares with the CSV half.
 *
 * Nothing outside src/format includes this; use table.h.  The row assembly
 * (po_table_rowbuf_*) and progress throttling (po_table_progress_*) are
 * defined in table.c.
 */
#ifndef PO_XLSX_H
#define PO_XLSX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format/table.h"

/*
 * One row being assembled: fields are placed by 0-based column, gaps and
 * skipped columns are empty.  The bytes of all fields sit back to back in
 * text; fields[] is filled from the offsets only when the row is emitted,
 * because text may move while it grows.  Reused from row to row: after
 * the first rows a read allocates nothing per row.
 */
struct po_table_slot {
    size_t off, len;
};

struct po_table_rowbuf {
    const char *name; /* file base name, for messages */
    size_t rowno;     /* the row being assembled, for messages */
    size_t ncols;     /* slots in use */
    struct po_buf text;
    struct po_table_slot *slots;
    struct po_str *fields;
    size_t cap;       /* of slots and fields */
    size_t delivered; /* rows handed to the callback */
};

void po_table_rowbuf_init(struct po_table_rowbuf *rb, const char *name);
/*
 * Set column col (0-based) of the current row to s[0..len).  Returns 0, or
 * PO_EINVAL (too many columns, field too long) or PO_ENOMEM with err filled
 * naming the file and row.
 */
int po_table_rowbuf_set(struct po_table_rowbuf *rb, size_t col, const char *s, size_t len,
                        struct po_err *err);
/*
 * Hand the current row to fn as row rb->rowno (trailing empty fields
 * dropped; nothing is called if none is left) and start a new row.
 * Returns fn's return, or 0.
 */
int po_table_rowbuf_emit(struct po_table_rowbuf *rb, po_row_fn *fn, void *ctx, struct po_err *err);
void po_table_rowbuf_release(struct po_table_rowbuf *rb);

/* Calls opts->progress when the percentage done changes (at most ~100 times). */
struct po_table_progress {
    const struct po_table_opts *opts;
    uint64_t total;
    int last_pct;
};
void po_table_progress_init(struct po_table_progress *p, const struct po_table_opts *opts,
                            uint64_t total);
void po_table_progress_tick(struct po_table_progress *p, uint64_t done);

/*
 * Read the XLSX workbook at path (name is its base name, for messages),
 * the sheet opts->sheet.  Same contract as po_table_read().
 */
int po_xlsx_read(const char *path, const char *name, const struct po_table_opts *opts,
                 po_row_fn *fn, void *ctx, struct po_err *err);

#endif
