/*
 * sheetw.c: the CSV and XLSX table writers.
 *
 * Both formats share the checks (UTF-8 text, plain decimal numbers) and the
 * sticky error, so callers check once per row and once at close.  The XLSX
 * writer uses libxlsxwriter's constant-memory mode: a 1.8M-row export would
 * otherwise keep every cell in memory until close.  Column widths are
 * taken from the first WIDTH_ROWS rows only, so the width scan does not
 * cost a large export anything noticeable.
 */
#include "format/sheetw.h"
#include "format/encoding.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define WIDTH_ROWS 10000
#define WIDTH_MIN 8
#define WIDTH_MAX 60

struct po_sheetw {
    enum po_sheet_format fmt;
    char name[128]; /* for messages: the file's base name, or "stdout" */
    char *path;     /* NULL for stdout */
    FILE *fp;       /* CSV */
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *bold;
    char *tmp; /* XLSX to stdout: the workbook is built here */
    size_t *width;
    size_t nwidth;
    size_t rows;
    int rc; /* sticky: the first failure, its message in saved */
    struct po_err saved;
};

static int nomem(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

static int io_error(struct po_sheetw *w, int e, struct po_err *err)
{
    return po_err_set(err, PO_EIO, "无法写入 %s：%s", "cannot write %s: %s", w->name, strerror(e));
}

static int open_csv(struct po_sheetw *w, struct po_err *err)
{
    w->fp = w->path ? fopen(w->path, "wb") : stdout;
    if (!w->fp)
        return io_error(w, errno, err);
    setvbuf(w->fp, NULL, _IOFBF, 1 << 16);
    if (fwrite("\xEF\xBB\xBF", 1, 3, w->fp) != 3)
        return io_error(w, errno, err);
    return 0;
}

static int open_xlsx(struct po_sheetw *w, const char *sheet_name, struct po_err *err)
{
    const char *file = w->path;
    if (!file) {
        const char *dir = getenv("TMPDIR");
        size_t cap = strlen(dir ? dir : "/tmp") + 32;
        w->tmp = malloc(cap);
        if (!w->tmp)
            return nomem(err);
        snprintf(w->tmp, cap, "%s/phaseout-xlsx-XXXXXX", dir ? dir : "/tmp");
        int fd = mkstemp(w->tmp);
        if (fd < 0) {
            int e = errno;
            free(w->tmp);
            w->tmp = NULL;
            return io_error(w, e, err);
        }
        close(fd);
        file = w->tmp;
    } else {
        /* libxlsxwriter creates the file only at close: find out now whether we can. */
        FILE *probe = fopen(file, "wb");
        if (!probe)
            return io_error(w, errno, err);
        fclose(probe);
    }
    lxw_workbook_options o = { .constant_memory = LXW_TRUE,
                               .tmpdir = NULL,
                               .use_zip64 = LXW_FALSE };
    w->wb = workbook_new_opt(file, &o);
    if (!w->wb)
        return nomem(err);
    const char *name = sheet_name ? sheet_name : "Sheet1";
    lxw_error le = workbook_validate_sheet_name(w->wb, name);
    if (le != LXW_NO_ERROR) {
        lxw_workbook_free(w->wb);
        w->wb = NULL;
        return po_err_set(err, PO_EINVAL, "工作表名称“%s”无效：%s", "invalid sheet name \"%s\": %s",
                          name, lxw_strerror(le));
    }
    w->ws = workbook_add_worksheet(w->wb, name);
    w->bold = workbook_add_format(w->wb);
    if (!w->ws || !w->bold)
        return nomem(err);
    format_set_bold(w->bold);
    worksheet_freeze_panes(w->ws, 1, 0);
    return 0;
}

static void free_writer(struct po_sheetw *w)
{
    free(w->path);
    free(w->tmp);
    free(w->width);
    free(w);
}

int po_sheetw_open(struct po_sheetw **out, const char *path, enum po_sheet_format fmt,
                   const char *sheet_name, struct po_err *err)
{
    *out = NULL;
    struct po_sheetw *w = calloc(1, sizeof(*w));
    if (!w)
        return nomem(err);
    w->fmt = fmt;
    const char *slash = path ? strrchr(path, '/') : NULL;
    snprintf(w->name, sizeof(w->name), "%s", !path ? "stdout" : slash ? slash + 1 : path);
    w->path = path ? strdup(path) : NULL;
    if (path && !w->path) {
        free_writer(w);
        return nomem(err);
    }
    int rc = fmt == PO_SHEET_XLSX ? open_xlsx(w, sheet_name, err) : open_csv(w, err);
    if (rc) {
        if (w->fp && w->fp != stdout)
            fclose(w->fp);
        if (w->wb)
            lxw_workbook_free(w->wb);
        if (w->path)
            unlink(w->path);
        if (w->tmp)
            unlink(w->tmp);
        free_writer(w);
        return rc;
    }
    *out = w;
    return 0;
}

/* [-+]digits[.digits][e[-+]digits], or .digits: what strtod reads the same everywhere. */
static bool plain_decimal(const char *s)
{
    size_t digits = 0;
    if (*s == '-' || *s == '+')
        s++;
    for (; *s >= '0' && *s <= '9'; s++)
        digits++;
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++)
            digits++;
    if (digits && (*s == 'e' || *s == 'E')) {
        s++;
        if (*s == '-' || *s == '+')
            s++;
        if (*s < '0' || *s > '9')
            return false;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    return digits && !*s;
}

static int check_cell(const struct po_sheetw *w, const struct po_cell *c, size_t col,
                      struct po_err *err)
{
    const char *t = c->text ? c->text : "";
    size_t len = strlen(t);
    if (c->kind == PO_CELL_NUMBER && *t && !plain_decimal(t))
        return po_err_set(err, PO_EINVAL, "%s 第%zu行第%zu列：“%.40s”不是数字",
                          "%s row %zu column %zu: \"%.40s\" is not a number", w->name, w->rows + 1,
                          col + 1, t);
    if (po_encoding_utf8_valid_len(t, len) != len)
        return po_err_set(err, PO_EINVAL, "%s 第%zu行第%zu列：文本不是有效的 UTF-8",
                          "%s row %zu column %zu: text is not valid UTF-8", w->name, w->rows + 1,
                          col + 1);
    return 0;
}

static bool csv_needs_quotes(const char *s, size_t len)
{
    if (!len)
        return false;
    if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t')
        return true;
    return strpbrk(s, ",\"\r\n") != NULL;
}

bool po_csv_formula_guard(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && s[i] == '\'')
        i++;
    return i < len && strchr("=+-@\t\r", s[i]) != NULL;
}

static void csv_field(FILE *fp, const char *s, bool text)
{
    size_t len = strlen(s);
    bool guard = text && po_csv_formula_guard(s, len);
    if (!guard && !csv_needs_quotes(s, len)) {
        fwrite(s, 1, len, fp);
        return;
    }
    putc('"', fp);
    if (guard)
        putc('\'', fp); /* not a formula: shown as text by Excel, taken away by our reader */
    for (const char *q = strchr(s, '"'); q; q = strchr(s, '"')) {
        fwrite(s, 1, (size_t)(q - s) + 1, fp); /* through the quote, then double it */
        putc('"', fp);
        s = q + 1;
    }
    fputs(s, fp);
    putc('"', fp);
}

static int csv_row(struct po_sheetw *w, const struct po_cell *cells, size_t n, struct po_err *err)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            putc(',', w->fp);
        if (cells[i].kind != PO_CELL_EMPTY && cells[i].text)
            csv_field(w->fp, cells[i].text, cells[i].kind == PO_CELL_TEXT);
    }
    fputs("\r\n", w->fp);
    return ferror(w->fp) ? io_error(w, errno, err) : 0;
}

static int note_width(struct po_sheetw *w, size_t col, const char *s)
{
    if (w->rows >= WIDTH_ROWS)
        return 0;
    if (col >= w->nwidth) {
        size_t n = col + 1 > 2 * w->nwidth ? col + 1 : 2 * w->nwidth;
        size_t *p = realloc(w->width, n * sizeof(*p));
        if (!p)
            return -1;
        memset(p + w->nwidth, 0, (n - w->nwidth) * sizeof(*p));
        w->width = p;
        w->nwidth = n;
    }
    size_t cw = po_encoding_display_width(s, strlen(s));
    if (cw > w->width[col])
        w->width[col] = cw;
    return 0;
}

static int xlsx_row(struct po_sheetw *w, const struct po_cell *cells, size_t n, struct po_err *err)
{
    if (w->rows >= LXW_ROW_MAX || n > LXW_COL_MAX)
        return po_err_set(err, PO_EINVAL, "%s：xlsx 最多 %d 行、%d 列，请导出为 CSV",
                          "%s: xlsx holds at most %d rows and %d columns, export as CSV", w->name,
                          LXW_ROW_MAX, LXW_COL_MAX);
    lxw_format *f = w->rows == 0 ? w->bold : NULL;
    for (size_t i = 0; i < n; i++) {
        const char *t = cells[i].text ? cells[i].text : "";
        if (cells[i].kind == PO_CELL_EMPTY || !*t)
            continue;
        if (note_width(w, i, t))
            return nomem(err);
        lxw_row_t r = (lxw_row_t)w->rows;
        lxw_col_t c = (lxw_col_t)i;
        lxw_error le = cells[i].kind == PO_CELL_NUMBER
                           ? worksheet_write_number(w->ws, r, c, strtod(t, NULL), f)
                           : worksheet_write_string(w->ws, r, c, t, f);
        if (le == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
            return po_err_set(err, PO_EINVAL, "%s 第%zu行第%zu列：文本超过 32767 个字符",
                              "%s row %zu column %zu: text longer than 32767 characters", w->name,
                              w->rows + 1, i + 1);
        if (le != LXW_NO_ERROR)
            return po_err_set(err, PO_EIO, "无法写入 %s：%s", "cannot write %s: %s", w->name,
                              lxw_strerror(le));
    }
    return 0;
}

int po_sheetw_row(struct po_sheetw *w, const struct po_cell *cells, size_t n, struct po_err *err)
{
    if (w->rc) {
        if (err)
            *err = w->saved;
        return w->rc;
    }
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++)
        rc = check_cell(w, &cells[i], i, &w->saved);
    if (!rc)
        rc = w->fmt == PO_SHEET_XLSX ? xlsx_row(w, cells, n, &w->saved)
                                     : csv_row(w, cells, n, &w->saved);
    if (rc) {
        w->rc = rc;
        if (err)
            *err = w->saved;
        return rc;
    }
    w->rows++;
    return 0;
}

static int copy_to_stdout(struct po_sheetw *w, struct po_err *err)
{
    FILE *in = fopen(w->tmp, "rb");
    if (!in)
        return io_error(w, errno, err);
    char buf[1 << 16];
    size_t n;
    int rc = 0;
    while (!rc && (n = fread(buf, 1, sizeof(buf), in)) > 0)
        if (fwrite(buf, 1, n, stdout) != n)
            rc = io_error(w, errno, err);
    if (!rc && (ferror(in) || fflush(stdout) != 0))
        rc = io_error(w, errno, err);
    fclose(in);
    return rc;
}

static int close_xlsx(struct po_sheetw *w, struct po_err *err)
{
    for (size_t i = 0; i < w->nwidth; i++) {
        size_t cw = w->width[i] + 2;
        cw = cw < WIDTH_MIN ? WIDTH_MIN : cw > WIDTH_MAX ? WIDTH_MAX : cw;
        worksheet_set_column(w->ws, (lxw_col_t)i, (lxw_col_t)i, (double)cw, NULL);
    }
    lxw_error le = workbook_close(w->wb);
    w->wb = NULL;
    if (le != LXW_NO_ERROR)
        return po_err_set(err, PO_EIO, "无法写入 %s：%s", "cannot write %s: %s", w->name,
                          lxw_strerror(le));
    return w->tmp && !w->rc ? copy_to_stdout(w, err) : 0;
}

static int close_csv(struct po_sheetw *w, struct po_err *err)
{
    int rc = 0;
    if (fflush(w->fp) != 0 || ferror(w->fp))
        rc = io_error(w, errno, err);
    if (w->fp != stdout && fclose(w->fp) != 0 && !rc)
        rc = io_error(w, errno, err);
    w->fp = NULL;
    return rc;
}

void po_sheetw_set_created(struct po_sheetw *w, long long t)
{
    if (!w || !w->wb || t <= 0)
        return;
    lxw_doc_properties props = { .created = (time_t)t };
    workbook_set_properties(w->wb, &props); /* copies what it keeps */
}

int po_sheetw_close(struct po_sheetw *w, struct po_err *err)
{
    if (!w)
        return 0;
    struct po_err e = PO_ERR_INIT;
    int rc = w->fmt == PO_SHEET_XLSX ? close_xlsx(w, &e) : close_csv(w, &e);
    if (w->rc) {
        rc = w->rc;
        e = w->saved;
    }
    if (rc && err)
        *err = e;
    if (rc && w->path)
        unlink(w->path); /* no half-written export left behind */
    if (w->tmp)
        unlink(w->tmp);
    free_writer(w);
    return rc;
}
