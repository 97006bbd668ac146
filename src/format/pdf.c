/*
 * pdf.c: A4 pages of text, rules and tables with cairo + pango (pdf.h).
 */
#include "format/pdf.h"

#include "util/buf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM 2.834645669 /* points per millimetre */
#define A4_W (210.0 * MM)
#define A4_H (297.0 * MM)

struct po_pdf {
    cairo_surface_t *surface;
    cairo_t *cr;
    struct po_buf *dst;
    bool failed;
    double left, right, top, bottom; /* type area, points from the page's top left */
    double y;                        /* the current point */
    int page;
    bool blank;                      /* nothing drawn on this page yet */
};

static cairo_status_t write_fn(void *closure, const unsigned char *data, unsigned int len)
{
    struct po_pdf *p = closure;
    po_buf_add(p->dst, data, len);
    return po_buf_failed(p->dst) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

int po_pdf_begin(struct po_pdf **out, struct po_buf *dst, const struct po_pdf_page *pg,
                 const char *title, const char *create_date, struct po_err *err)
{
    struct po_pdf *p = calloc(1, sizeof(*p));
    if (!p)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    p->dst = dst;
    p->surface = cairo_pdf_surface_create_for_stream(write_fn, p, A4_W, A4_H);
    if (cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(p->surface);
        free(p);
        return po_err_set(err, PO_EINTERNAL, "无法创建 PDF", "cannot start the PDF");
    }
    if (title)
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, title);
    if (create_date) {
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATE_DATE, create_date);
        cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_MOD_DATE, create_date);
    }
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "phaseout");
    p->cr = cairo_create(p->surface);
    p->left = pg->left_mm * MM;
    p->right = A4_W - pg->right_mm * MM;
    p->top = pg->top_mm * MM;
    p->bottom = A4_H - pg->bottom_mm * MM;
    p->y = p->top;
    p->page = 1;
    p->blank = true;
    *out = p;
    return 0;
}

static PangoLayout *layout_for(struct po_pdf *p, const char *text, const struct po_pdf_style *s,
                               double width)
{
    PangoLayout *l = pango_cairo_create_layout(p->cr);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, s->family ? s->family : "Noto Serif CJK SC");
    pango_font_description_set_absolute_size(fd, s->size_pt * PANGO_SCALE);
    pango_font_description_set_weight(fd, s->bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, s->align == PO_PDF_CENTER  ? PANGO_ALIGN_CENTER
                                  : s->align == PO_PDF_RIGHT ? PANGO_ALIGN_RIGHT
                                                             : PANGO_ALIGN_LEFT);
    pango_layout_set_justify(l, s->align == PO_PDF_JUSTIFY);
    if (s->indent_em > 0)
        pango_layout_set_indent(l, (int)(s->indent_em * s->size_pt * PANGO_SCALE));
    if (s->line_pt > 0)
        pango_layout_set_line_spacing(l, (float)(s->line_pt / (s->size_pt * 1.45)));
    pango_layout_set_text(l, text ? text : "", -1);
    return l;
}

static void page_number(struct po_pdf *p)
{
    char num[32];
    snprintf(num, sizeof(num), "— %d —", p->page);
    struct po_pdf_style s = { "Noto Serif CJK SC", 14, false, 0, PO_PDF_CENTER, 0, 0, 0 };
    PangoLayout *l = layout_for(p, num, &s, p->right - p->left);
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    cairo_move_to(p->cr, p->left, p->bottom + 7 * MM);
    pango_cairo_show_layout(p->cr, l);
    g_object_unref(l);
}

static void new_page(struct po_pdf *p)
{
    page_number(p);
    cairo_show_page(p->cr);
    p->page++;
    p->y = p->top;
    p->blank = true;
}

static void set_rgb(cairo_t *cr, uint32_t rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0);
}

/* Draw l's lines at x from the current point on, breaking pages between lines. */
static void flow(struct po_pdf *p, PangoLayout *l, double x, uint32_t rgb)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    double shift = 0; /* layout y (points) that sits at p->y */
    double y0 = p->y;
    do {
        PangoRectangle r;
        pango_layout_iter_get_line_extents(it, NULL, &r);
        double top = (double)r.y / PANGO_SCALE, h = (double)r.height / PANGO_SCALE;
        if (y0 + top - shift + h > p->bottom && !(p->blank && y0 + top - shift == p->top)) {
            new_page(p);
            y0 = p->top;
            shift = top;
        }
        double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
        set_rgb(p->cr, rgb);
        cairo_move_to(p->cr, x + (double)r.x / PANGO_SCALE, y0 + base - shift);
        pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
        p->y = y0 + top - shift + h;
        p->blank = false;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

void po_pdf_text(struct po_pdf *p, const char *utf8, const struct po_pdf_style *s)
{
    if (p->failed)
        return;
    PangoLayout *l = layout_for(p, utf8, s, p->right - p->left);
    flow(p, l, p->left, s->rgb);
    g_object_unref(l);
    p->y += s->after_pt;
}

void po_pdf_rule(struct po_pdf *p, uint32_t rgb, double width_pt, double after_pt)
{
    if (p->failed)
        return;
    if (p->y + width_pt > p->bottom)
        new_page(p);
    set_rgb(p->cr, rgb);
    cairo_set_line_width(p->cr, width_pt);
    cairo_move_to(p->cr, p->left, p->y + width_pt / 2);
    cairo_line_to(p->cr, p->right, p->y + width_pt / 2);
    cairo_stroke(p->cr);
    p->y += width_pt + after_pt;
    p->blank = false;
}

void po_pdf_space(struct po_pdf *p, double pt)
{
    if (!p->failed && !p->blank)
        p->y += pt;
}

void po_pdf_keep(struct po_pdf *p, double need_pt)
{
    if (!p->failed && !p->blank && p->y + need_pt > p->bottom)
        new_page(p);
}

#define PAD 3.0

/* One table row's cells laid out at widths w; its height. */
static double row_layouts(struct po_pdf *p, PangoLayout **ls, const char *const *cells,
                          const double *w, size_t ncols, const struct po_pdf_style *s)
{
    double h = 0;
    for (size_t c = 0; c < ncols; c++) {
        ls[c] = layout_for(p, cells[c], s, w[c] - 2 * PAD);
        int lw, lh;
        pango_layout_get_size(ls[c], &lw, &lh);
        if ((double)lh / PANGO_SCALE > h)
            h = (double)lh / PANGO_SCALE;
    }
    return h + 2 * PAD;
}

static void draw_row(struct po_pdf *p, PangoLayout **ls, const double *w, size_t ncols, double h,
                     bool head)
{
    double x = p->left;
    for (size_t c = 0; c < ncols; c++) {
        if (head) {
            cairo_set_source_rgb(p->cr, 0.92, 0.92, 0.92);
            cairo_rectangle(p->cr, x, p->y, w[c], h);
            cairo_fill(p->cr);
        }
        cairo_set_source_rgb(p->cr, 0, 0, 0);
        cairo_set_line_width(p->cr, 0.5);
        cairo_rectangle(p->cr, x, p->y, w[c], h);
        cairo_stroke(p->cr);
        cairo_move_to(p->cr, x + PAD, p->y + PAD);
        pango_cairo_show_layout(p->cr, ls[c]);
        g_object_unref(ls[c]);
        x += w[c];
    }
    p->y += h;
    p->blank = false;
}

void po_pdf_table(struct po_pdf *p, const char *const *head, const double *widths, size_t ncols,
                  const char *const *cells, size_t nrows, const struct po_pdf_style *s)
{
    if (p->failed || ncols == 0)
        return;
    double *w = calloc(ncols, sizeof(*w));
    PangoLayout **ls = calloc(ncols, sizeof(*ls));
    if (!w || !ls) {
        free(w);
        free(ls);
        p->failed = true;
        return;
    }
    double total = 0;
    for (size_t c = 0; c < ncols; c++)
        total += widths ? widths[c] : 1;
    for (size_t c = 0; c < ncols; c++)
        w[c] = (p->right - p->left) * (widths ? widths[c] : 1) / total;
    struct po_pdf_style hs = *s;
    hs.bold = true;
    hs.align = PO_PDF_CENTER;
    hs.indent_em = 0;
    struct po_pdf_style cs = *s;
    cs.indent_em = 0;
    double hh = row_layouts(p, ls, head, w, ncols, &hs);
    if (p->y + 2 * hh > p->bottom)
        new_page(p);
    draw_row(p, ls, w, ncols, hh, true);
    for (size_t r = 0; r < nrows; r++) {
        double h = row_layouts(p, ls, cells + r * ncols, w, ncols, &cs);
        if (p->y + h > p->bottom) {
            PangoLayout **hl = calloc(ncols, sizeof(*hl));
            if (!hl) {
                for (size_t c = 0; c < ncols; c++)
                    g_object_unref(ls[c]);
                p->failed = true;
                break;
            }
            new_page(p);
            draw_row(p, hl, w, ncols, row_layouts(p, hl, head, w, ncols, &hs), true);
            free(hl);
        }
        draw_row(p, ls, w, ncols, h, false);
    }
    p->y += s->after_pt;
    free(w);
    free(ls);
}

int po_pdf_end(struct po_pdf *p, struct po_err *err)
{
    page_number(p);
    cairo_show_page(p->cr);
    cairo_destroy(p->cr);
    cairo_surface_finish(p->surface);
    cairo_status_t st = cairo_surface_status(p->surface);
    cairo_surface_destroy(p->surface);
    bool failed = p->failed, nomem = po_buf_failed(p->dst);
    free(p);
    if (nomem)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    if (failed || st != CAIRO_STATUS_SUCCESS)
        return po_err_set(err, PO_EINTERNAL, "生成 PDF 失败：%s", "drawing the PDF failed: %s",
                          cairo_status_to_string(st));
    return 0;
}
