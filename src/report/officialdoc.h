/*
 * officialdoc.h: an official document (公文) as PDF, laid out after GB/T
 * 9704-2012 《党政机关公文格式》: the issuing authority's mark in red at the
 * top, the document number 〔YYYY〕N号 under it, the red separator line, the
 * title, the addressee, the body, an optional table (announcements), the
 * date and the seal placeholder at the right, page numbers "— N —".  The
 * words are the caller's (notices from data/notice_texts.csv, announcements
 * from data/publication_lists.csv): nothing legal is written here.
 *
 * Memory: the document's strings are the caller's and only read; the PDF
 * bytes are appended to out.  Errors: those of format/pdf.h (PO_ENOMEM,
 * PO_EINTERNAL), and PO_EINVAL for a document without authority, number or
 * title.  Deterministic: the same document gives the same bytes.
 */
#ifndef PO_OFFICIALDOC_H
#define PO_OFFICIALDOC_H

#include <stddef.h>

#include "util/err.h"

struct po_buf;

struct po_officialdoc {
    const char *authority_zh; /* 发文机关: "乌海市工业和信息化局" */
    const char *doc_number;   /* "乌工信发〔2025〕7号" */
    const char *title;        /* 标题 */
    const char *addressee;    /* 主送: enterprise or district; NULL for an announcement */
    const char *const *paras; /* body paragraphs, UTF-8 */
    size_t nparas;
    const char *const *table_head; /* optional table: ncols headers ... */
    size_t ncols;
    const char *const *table_cells; /* ... and nrows * ncols cells, row-major */
    size_t nrows;
    const char *date_zh;   /* 成文日期 "2025年3月1日" */
    const char *seal_text; /* 印章 placeholder; NULL: none */
    const char *footer;    /* small print after the date (a publication's hash); NULL */
    const char *date_iso;  /* the PDF's creation date "2025-03-01" (added; NULL: none) */
    const double *table_widths; /* ncols shares of the width (added; NULL: equal) */
};

int po_officialdoc_pdf(const struct po_officialdoc *d, struct po_buf *out, struct po_err *err);

/* "2025年3月1日" of "2025-03-01" into buf (at least 32 bytes); buf. */
char *po_officialdoc_date_zh(char *buf, size_t n, const char *iso);

#endif
