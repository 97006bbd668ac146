/* tablebuf.c: a table as CSV or XLSX bytes (tablebuf.h). */
#include "format/tablebuf.h"

#include "util/buf.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void po_tablebuf_csv_cell(struct po_buf *b, const char *s)
{
    s = s ? s : "";
    bool formula = po_csv_formula_guard(s, strlen(s));
    bool quote = formula || strpbrk(s, ",\"\r\n") != NULL || s[0] == ' ' ||
                 (s[0] && s[strlen(s) - 1] == ' ');
    if (quote)
        po_buf_addch(b, '"');
    if (formula)
        po_buf_addch(b, '\'');
    for (; *s; s++) {
        if (*s == '"')
            po_buf_addch(b, '"');
        po_buf_addch(b, *s);
    }
    if (quote)
        po_buf_addch(b, '"');
}

static int csv(struct po_buf *out, const char *const *cells, size_t ncols, size_t nrows,
               struct po_err *err)
{
    po_buf_adds(out, "\xEF\xBB\xBF");
    for (size_t r = 0; r < nrows; r++) {
        for (size_t c = 0; c < ncols; c++) {
            if (c)
                po_buf_addch(out, ',');
            po_tablebuf_csv_cell(out, cells[r * ncols + c]);
        }
        po_buf_adds(out, "\r\n");
    }
    if (po_buf_failed(out))
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    return 0;
}

static int xlsx(struct po_buf *out, const char *sheet, const char *const *cells, size_t ncols,
                size_t nrows, long long created, struct po_err *err)
{
    char path[] = "/tmp/phaseout-table-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return po_err_set(err, PO_EIO, "无法创建临时文件", "cannot create a temporary file");
    close(fd);
    struct po_sheetw *w = NULL;
    int rc = po_sheetw_open(&w, path, PO_SHEET_XLSX, sheet, err);
    struct po_cell *row = rc == 0 ? calloc(ncols ? ncols : 1, sizeof(*row)) : NULL;
    if (rc == 0 && !row)
        rc = po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t r = 0; rc == 0 && r < nrows; r++) {
        for (size_t c = 0; c < ncols; c++) {
            const char *v = cells[r * ncols + c];
            row[c] = (struct po_cell){ v && *v ? PO_CELL_TEXT : PO_CELL_EMPTY, v };
        }
        rc = po_sheetw_row(w, row, ncols, err);
    }
    free(row);
    if (w && rc == 0 && created)
        po_sheetw_set_created(w, created);
    if (w) {
        int crc = po_sheetw_close(w, rc == 0 ? err : &(struct po_err)PO_ERR_INIT);
        if (rc == 0)
            rc = crc;
    }
    FILE *f = rc == 0 ? fopen(path, "rb") : NULL;
    if (rc == 0 && !f)
        rc = po_err_set(err, PO_EIO, "无法读回临时文件", "cannot read the temporary file back");
    if (f) {
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
            po_buf_add(out, buf, n);
        fclose(f);
        if (po_buf_failed(out))
            rc = po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    unlink(path);
    return rc;
}

int po_tablebuf_write(struct po_buf *out, enum po_sheet_format fmt, const char *sheet,
                      const char *const *cells, size_t ncols, size_t nrows, long long created,
                      struct po_err *err)
{
    return fmt == PO_SHEET_CSV ? csv(out, cells, ncols, nrows, err)
                               : xlsx(out, sheet, cells, ncols, nrows, created, err);
}
