/*
 * pdf.h: A4 PDF pages of text blocks, rules and tables, drawn with cairo and
 * laid out with pango (so Chinese wraps and breaks as it should, in the CJK
 * fonts fontconfig finds: fonts-noto-cjk on Debian).  Knows nothing of
 * enterprises or documents: report/officialdoc.c composes an official
 * document from these blocks.
 *
 * The writer flows blocks down the page inside the type area given at
 * po_pdf_begin; a block that does not fit goes on, line by line, on a new
 * page; a table repeats its header row on every page it spans.  Every page
 * gets a centred page number "— N —" below the type area (GB/T 9704-2012
 * 7.5).  The output is deterministic: the PDF's creation date is the one
 * given, not the clock, so the same blocks give the same bytes.
 *
 * Memory: a struct po_pdf is the caller's until po_pdf_end (which frees it,
 * whatever it returns); the PDF bytes are appended to the caller's buffer.
 * Errors: po_pdf_begin PO_ENOMEM / PO_EINTERNAL (cairo could not start);
 * po_pdf_end PO_EINTERNAL (cairo failed while drawing) or PO_ENOMEM (the
 * buffer), with err filled.  Drawing calls record the first failure and
 * do nothing after it.  Not thread-safe for one writer; separate writers
 * may run on separate threads.
 */
#ifndef PO_PDF_H
#define PO_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

struct po_buf;
struct po_pdf;

enum po_pdf_align { PO_PDF_LEFT, PO_PDF_CENTER, PO_PDF_RIGHT, PO_PDF_JUSTIFY };

struct po_pdf_style {
    const char *family;  /* a fontconfig family: "Noto Serif CJK SC", "Noto Sans CJK SC" */
    double size_pt;      /* font size */
    bool bold;
    uint32_t rgb;        /* 0xRRGGBB */
    enum po_pdf_align align;
    double indent_em;    /* first-line indent in ems (2 for body text) */
    double line_pt;      /* line pitch; 0: the font's */
    double after_pt;     /* space after the block */
};

/* Margins in millimetres: the type area is the page less these. */
struct po_pdf_page {
    double top_mm, bottom_mm, left_mm, right_mm;
};

int po_pdf_begin(struct po_pdf **out, struct po_buf *dst, const struct po_pdf_page *pg,
                 const char *title, const char *create_date, struct po_err *err);
/* A paragraph (UTF-8; '\n' breaks lines). */
void po_pdf_text(struct po_pdf *p, const char *utf8, const struct po_pdf_style *s);
/* A horizontal rule across the type area. */
void po_pdf_rule(struct po_pdf *p, uint32_t rgb, double width_pt, double after_pt);
/* Vertical space. */
void po_pdf_space(struct po_pdf *p, double pt);
/* Blocks below the current point must start on a page with at least need_pt left. */
void po_pdf_keep(struct po_pdf *p, double need_pt);
/* A table: ncols header cells, then nrows rows of ncols cells, row-major; widths are shares. */
void po_pdf_table(struct po_pdf *p, const char *const *head, const double *widths, size_t ncols,
                  const char *const *cells, size_t nrows, const struct po_pdf_style *s);
/* Finish the last page and write the PDF into dst; frees p. */
int po_pdf_end(struct po_pdf *p, struct po_err *err);

#endif
