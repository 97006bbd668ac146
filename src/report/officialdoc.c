/*
 * officialdoc.c: an official document laid out as GB/T 9704-2012 asks (officialdoc.h).
 *
 * Sizes (GB/T 9704-2012 5.2, 7): the type area is 156 mm × 225 mm, top margin 37 mm, left
 * margin 28 mm; body text 3号 (16 pt), the title 2号 (22 pt), the authority's mark larger and
 * red, the separator line red; 22 lines of 28 characters per page.
 */
#include "report/officialdoc.h"

#include "format/pdf.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RED 0xcc0000u
#define SERIF "Noto Serif CJK SC"
#define SANS "Noto Sans CJK SC"

char *po_officialdoc_date_zh(char *buf, size_t n, const char *iso)
{
    int y = 0, m = 0, d = 0;
    if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
        snprintf(buf, n, "%s", iso ? iso : "");
    else
        snprintf(buf, n, "%d年%d月%d日", y, m, d);
    return buf;
}

int po_officialdoc_pdf(const struct po_officialdoc *d, struct po_buf *out, struct po_err *err)
{
    if (!d->authority_zh || !d->doc_number || !d->title)
        return po_err_set(err, PO_EINVAL, "公文缺少发文机关、文号或标题",
                          "a document needs its authority, number and title");
    const struct po_pdf_page pg = { 37, 35, 28, 26 };
    char created[40] = "";
    if (d->date_iso)
        snprintf(created, sizeof(created), "%.10sT00:00:00Z", d->date_iso);
    struct po_pdf *p;
    int rc = po_pdf_begin(&p, out, &pg, d->title, d->date_iso ? created : NULL, err);
    if (rc < 0)
        return rc;
    const struct po_pdf_style mark = { SERIF, 30, true, RED, PO_PDF_CENTER, 0, 0, 14 };
    const struct po_pdf_style number = { SERIF, 16, false, 0, PO_PDF_CENTER, 0, 0, 6 };
    const struct po_pdf_style title = { SERIF, 22, true, 0, PO_PDF_CENTER, 0, 34, 16 };
    const struct po_pdf_style body = { SERIF, 16, false, 0, PO_PDF_JUSTIFY, 2, 28, 0 };
    const struct po_pdf_style left = { SERIF, 16, false, 0, PO_PDF_LEFT, 0, 28, 0 };
    const struct po_pdf_style right = { SERIF, 16, false, 0, PO_PDF_RIGHT, 0, 28, 0 };
    const struct po_pdf_style seal = { SERIF, 16, true, RED, PO_PDF_RIGHT, 0, 28, 4 };
    const struct po_pdf_style cell = { SANS, 8, false, 0, PO_PDF_LEFT, 0, 0, 12 };
    const struct po_pdf_style small = { SANS, 9, false, 0x444444u, PO_PDF_LEFT, 0, 0, 0 };

    po_pdf_text(p, d->authority_zh, &mark);
    po_pdf_text(p, d->doc_number, &number);
    po_pdf_rule(p, RED, 1.5, 20);
    po_pdf_text(p, d->title, &title);
    if (d->addressee && *d->addressee) {
        struct po_buf b = PO_BUF_INIT;
        po_buf_adds(&b, d->addressee);
        po_buf_adds(&b, "：");
        po_pdf_text(p, po_buf_failed(&b) ? d->addressee : b.buf, &left);
        po_buf_release(&b);
    }
    for (size_t i = 0; i < d->nparas; i++)
        po_pdf_text(p, d->paras[i], &body);
    if (d->ncols && d->table_head) {
        po_pdf_space(p, 10);
        po_pdf_table(p, d->table_head, d->table_widths, d->ncols, d->table_cells, d->nrows, &cell);
    }
    po_pdf_space(p, 28);
    po_pdf_keep(p, 90);
    if (d->seal_text)
        po_pdf_text(p, d->seal_text, &seal);
    if (d->date_zh)
        po_pdf_text(p, d->date_zh, &right);
    if (d->footer) {
        po_pdf_space(p, 20);
        po_pdf_rule(p, 0x888888u, 0.5, 4);
        po_pdf_text(p, d->footer, &small);
    }
    return po_pdf_end(p, err);
}
