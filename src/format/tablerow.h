/*
 * tablerow.h: what po_table_read() (format/table.h) is given and delivers —
 * its options, a row, the limits — and the row assembly and progress
 * throttling that its CSV half (table.c) and XLSX half (xlsx.c) share.
 *
 * A leaf of src/format: it includes only src/util.  Outside src/format,
 * include format/table.h, which includes this.  The row buffer owns its
 * memory (malloc): po_table_rowbuf_release() frees it.
 */
#ifndef PO_TABLEROW_H
#define PO_TABLEROW_H

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
#define PO_TABLE_OPTS_INIT                                                                         \
    {                                                                                              \
        NULL, NULL, NULL, NULL, NULL                                                               \
    }

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
    const struct po_table_opts *opts; /* may be NULL */
    uint64_t total;
    int last_pct;
};
void po_table_progress_init(struct po_table_progress *p, const struct po_table_opts *opts,
                            uint64_t total);
void po_table_progress_tick(struct po_table_progress *p, uint64_t done);

#endif
