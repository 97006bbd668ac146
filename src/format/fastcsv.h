/*
 * fastcsv.h: a fast reader for large machine-written UTF-8 CSV files.
 *
 * The analytics commands (rank --from, meter) read files of millions of
 * rows that a program wrote: no quoting in practice, "\n" line ends, UTF-8.
 * po_table_read() is the general reader (any encoding, XLSX, libcsv
 * copying every field twice); this one maps the file and hands out slices
 * of the mapping itself, finding separators 64 bytes at a time with SIMD
 * compares (SSE2 on x86-64, plain C elsewhere).  It still reads every
 * RFC 4180 file exactly as po_table_read() does: a record that holds a '"'
 * or a '\r' is re-read by a byte-at-a-time state machine with libcsv's
 * strict rules (the fast path covers the rest), so the rows delivered are
 * the same, with the same row numbers:
 *
 *   - ',' separated, '"' quoting with "" for a quote, a record ends at "\n",
 *     "\r\n" or a lone "\r"; quoted fields may hold separators and newlines;
 *   - strict: a quote inside an unquoted field, text after a closing quote
 *     and an unterminated quote are errors;
 *   - spaces and tabs around an unquoted field are dropped;
 *   - trailing empty fields are dropped and a record left with none (a
 *     blank line, ",,,") is not delivered, but counted: rowno is the record
 *     number, blank lines included, the header being row 1;
 *   - a UTF-8 BOM at the start is skipped;
 *   - the apostrophe our CSV writers put before a cell Excel would take for a
 *     formula ("'=1", "'-5": po_csv_formula_guard, sheetw.h) is taken away
 *     (found missing here by fuzz/fuzz_fastcsv.c: "'@K" came out as it was);
 *   - at most PO_TABLE_MAX_COLUMNS fields of at most PO_TABLE_MAX_FIELD bytes.
 *
 * Differences from po_table_read(), by design: the bytes are not checked
 * to be UTF-8 (callers check the fields they use; the fast path would pay a
 * second pass for it), GBK and XLSX are not read (po_fastcsv_open() refuses
 * XLSX, .xls and UTF-16 with the same messages), and there is no progress
 * callback.  fuzz/fuzz_fastcsv.c checks the equivalence on random input.
 *
 * Errors are bilingual and name the file, the row, the column and the byte
 * offset: "energy.csv row 14, column 3 (byte 612): misplaced quote".
 *
 * Memory: the file is mapped read-only, so a 2 GB file costs page cache,
 * not heap; fields of quoted records are unescaped into a per-cursor buffer.
 */
#ifndef PO_FASTCSV_H
#define PO_FASTCSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "format/table.h"
#include "util/buf.h"
#include "util/err.h"

/* An open file.  Caller owns; release with po_fastcsv_close(). */
struct po_fastcsv {
    const char *name; /* base name of the path, for messages (points into the path) */
    const char *data; /* the whole file, read-only */
    size_t len;
    size_t body; /* offset of the first record: 3 after a UTF-8 BOM, else 0 */
    void *map;   /* private: the mapping, or NULL */
    char *heap;  /* private: the bytes of a file that could not be mapped (a pipe) */
};

/*
 * Map path (or read it whole if it cannot be mapped).  path must outlive
 * f (f->name points into it).  Returns 0, or PO_EIO (cannot open or read,
 * or a directory), PO_EINVAL (XLSX, .xls or UTF-16 content: use the
 * importer), PO_ENOMEM.  An empty file is fine (no rows).
 */
int po_fastcsv_open(struct po_fastcsv *f, const char *path, struct po_err *err);
void po_fastcsv_close(struct po_fastcsv *f);

/*
 * A position in a file, reading records one at a time.  The members are
 * private; a cursor belongs to one thread.  Release with
 * po_fastcsv_cursor_release() (it may own a buffer and a field array).
 */
struct po_fastcsv_cursor {
    const struct po_fastcsv *f;
    size_t pos;                    /* where the next record starts */
    size_t stop;                   /* no record starting at or after stop is read */
    size_t rowno;                  /* records read so far, blank ones included, plus the row base */
    size_t blk;                    /* offset of the 64-byte block the masks describe, or SIZE_MAX */
    uint64_t m_stop, m_nl, m_spec; /* ',' or '\n'; '\n'; '"' or '\r' */
    struct po_str *fields;
    size_t cap;
    struct po_buf scratch; /* unescaped fields of the current slow-path record */
    size_t *offs;          /* their offsets in scratch */
    size_t offs_cap;
    bool drop_behind; /* give read pages back (see po_fastcsv_opts) */
    size_t dropped;   /* pages before this offset were given back */
};

/*
 * Read the records that start in [start, stop) of f (a record may run past
 * stop, to the end of the file).  start must be the start of a record:
 * f->body, or a value from po_fastcsv_cursor_pos().  The first record read
 * is numbered rowbase + 1.
 */
void po_fastcsv_cursor_init(struct po_fastcsv_cursor *c, const struct po_fastcsv *f, size_t start,
                            size_t stop, size_t rowbase);
void po_fastcsv_cursor_release(struct po_fastcsv_cursor *c);

/*
 * Read the next non-blank record into *row.  Returns 1 with row set (its
 * fields are valid until the next call), 0 at the end of the range, or
 * PO_EINVAL (malformed CSV, a limit exceeded) / PO_ENOMEM with err filled.
 */
int po_fastcsv_next(struct po_fastcsv_cursor *c, struct po_row *row, struct po_err *err);

/* Offset just past the last record read (its line end included). */
size_t po_fastcsv_cursor_pos(const struct po_fastcsv_cursor *c);
/* Records read so far, blank ones included, plus the row base. */
size_t po_fastcsv_cursor_rows(const struct po_fastcsv_cursor *c);

struct po_fastcsv_opts {
    unsigned threads; /* parts read in parallel (1 = in this thread); capped at 16 */
    size_t min_part;  /* do not split into parts smaller than this many bytes */
    /*
     * For a file read once: every few MB, the pages already read are given
     * back (madvise MADV_DONTNEED; they stay in the page cache), so the
     * process's resident memory holds a window of the file, not all of it.
     * The bytes stay readable (a later access reads them again), so slices
     * kept past their row remain correct, only slower.
     */
    bool drop_behind;
};
#define PO_FASTCSV_OPTS_INIT                                                                       \
    {                                                                                              \
        1, (size_t)1 << 20, false                                                                  \
    }

/*
 * Call fn for every non-blank record from start (a record start, e.g. just
 * after the header) to the end of the file, splitting the bytes into up to
 * opts->threads parts at line ends and reading the parts in parallel
 * threads: part k calls fn(ctxs[k], ...), so each thread has its own
 * context and needs no locks.  opts may be NULL (one thread).
 *
 * A line end may sit inside a quoted field, so a split is a guess: it is
 * checked when the part before it is done, and when that part's last
 * record ran past the split, the parts after it are thrown away and that
 * part goes on to the end of the file instead.  So the rows of the file
 * are delivered exactly once to the contexts ctxs[0..*nused), in file
 * order within each context, and a caller merges those (and ignores or
 * resets the others).
 *
 * Row numbers: rowbase is the number of records before start (1 after a
 * header).  In part 0, row->rowno is exact; in later parts it is not known
 * while the parts run, so it is provisional: use it only for messages.  If
 * fn or the CSV fails in a later part, the failing record is read once
 * more after the parts are done, now with its exact row number, and fn is
 * called again with it: fn must fail the same way again, so it should
 * check a row before it changes its context.  The error of the earliest
 * failing part is returned; fn's nonzero return stops its part.
 *
 * Returns 0, fn's nonzero return, PO_EINVAL (malformed CSV), PO_ENOMEM or
 * PO_EINTERNAL (a thread cannot start) with err filled.
 */
int po_fastcsv_read(const struct po_fastcsv *f, size_t start, size_t rowbase,
                    const struct po_fastcsv_opts *opts, po_row_fn *fn, void *const *ctxs,
                    unsigned *nused, struct po_err *err);

/*
 * Read the header (the first non-blank record) into *row, as
 * po_fastcsv_next() would, and set *body_start to where the data starts
 * and *rowbase to the records read (1 unless blank lines precede the
 * header).  Returns 1, 0 (the file has no record) or an error.  The
 * cursor c is initialised here and must be released by the caller.
 */
int po_fastcsv_header(struct po_fastcsv_cursor *c, const struct po_fastcsv *f, struct po_row *row,
                      size_t *body_start, size_t *rowbase, struct po_err *err);

/*
 * A decimal cell × 1000, exactly: "digits.ddd" (what machine-written files
 * hold) is parsed inline, anything else by po_dec_parse_scaled(), which
 * takes a sign, no or fewer decimals, and trailing zeros beyond the third.
 * Returns PO_DEC_OK or the po_dec_status saying why not (core/decimal.h).
 */
int po_fastcsv_milli(int64_t *out, struct po_str s);

/*
 * Fill err (PO_EINVAL) about a cell, in both languages: "energy.csv row 14,
 * column 5 \"quantity\", value \"-1\": <why>".  colno is 0-based.  Returns PO_EINVAL.
 */
int po_fastcsv_cell_error(struct po_err *err, const char *file, size_t rowno, size_t colno,
                          const char *colname, struct po_str value, const char *why_zh,
                          const char *why_en);

#endif
