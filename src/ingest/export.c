/*
 * export.c: registry kinds out as sheets.
 *
 * The SELECT is generated from the kind's column table (import_kinds.c),
 * the one description of each kind, so import and export cannot drift
 * apart.  Enterprise references come back as USCCs through a join.
 */
#include "ingest/export.h"
#include "ingest/import_int.h"
#include "ingest/import_kinds.h"
#include "core/decimal.h"
#include "util/arena.h"

#include <stdio.h>
#include <string.h>

static bool is_dec(enum ctype t)
{
    return t == CT_DEC || t == CT_DEC_NN;
}

static int build_sql(struct po_buf *sql, const struct kindspec *k)
{
    po_buf_adds(sql, "SELECT ");
    size_t n = 0;
    bool join = false;
    for (size_t c = 0; c < k->ncols; c++) {
        const struct colspec *cs = &k->cols[c];
        if (!cs->db)
            continue;
        if (cs->type == CT_ENTERPRISE) {
            po_buf_addf(sql, "%se.uscc", n ? ", " : "");
            join = true;
        } else {
            po_buf_addf(sql, "%st.%s", n ? ", " : "", cs->db);
        }
        n++;
    }
    if (k->has_params)
        po_buf_adds(sql, ", t.id");
    po_buf_addf(sql, " FROM %s t", k->table);
    if (join)
        po_buf_adds(sql, " JOIN enterprise e ON e.id = t.enterprise_id");
    po_buf_adds(sql, " ORDER BY ");
    n = 0;
    for (size_t c = 0; c < k->ncols; c++) {
        const struct colspec *cs = &k->cols[c];
        if (!cs->db || !(cs->flags & CF_KEY))
            continue;
        po_buf_addf(sql, "%s%s", n++ ? ", " : "",
                    cs->type == CT_ENTERPRISE ? "e.uscc" : cs->db);
    }
    return po_buf_failed(sql) ? PO_ENOMEM : 0;
}

struct pcol {
    const char *param;
    bool text;
};

static int load_param_cols(struct pcol **out, size_t *n, struct po_store *st, struct po_arena *a,
                           struct po_err *err)
{
    struct po_stmt *s;
    *n = 0;
    int rc = po_stmt_prepare(&s, st,
                             "SELECT param, max(CASE WHEN value_text IS NULL THEN 0 ELSE 1 END) "
                             "FROM equipment_param GROUP BY param ORDER BY param",
                             err);
    size_t cap = 0;
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            struct pcol *np = po_arena_realloc(a, *out, cap * sizeof(**out), ncap * sizeof(**out));
            if (!np) {
                rc = po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
                break;
            }
            *out = np;
            cap = ncap;
        }
        (*out)[*n].param = po_arena_strdup(a, po_stmt_text(s, 0));
        (*out)[*n].text = po_stmt_int(s, 1) != 0;
        (*n)++;
        rc = 0;
    }
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

static int header_row(struct po_sheetw *w, const struct kindspec *k, const struct pcol *pc,
                      size_t np, struct po_err *err)
{
    struct po_cell cells[96];
    size_t n = 0;
    for (size_t c = 0; c < k->ncols; c++)
        if (k->cols[c].db)
            cells[n++] = (struct po_cell){ PO_CELL_TEXT, k->cols[c].name };
    for (size_t p = 0; p < np && n < 96; p++)
        cells[n++] = (struct po_cell){ PO_CELL_TEXT, pc[p].param };
    return po_sheetw_row(w, cells, n, err);
}

static int param_cells(struct po_cell *cells, size_t *n, struct po_stmt *pq, int64_t id,
                       const struct pcol *pc, size_t np, struct po_arena *a, struct po_err *err)
{
    for (size_t p = 0; p < np; p++)
        cells[*n + p] = (struct po_cell){ PO_CELL_EMPTY, NULL };
    struct po_value v = po_vint(id);
    int rc = po_stmt_bindv(pq, &v, 1, err);
    while (rc == 0 && (rc = po_stmt_step(pq, err)) == 1) {
        const char *param = po_stmt_text(pq, 0);
        rc = 0;
        for (size_t p = 0; p < np; p++) {
            if (strcmp(pc[p].param, param) != 0)
                continue;
            if (!po_stmt_isnull(pq, 2)) {
                cells[*n + p] = (struct po_cell){ PO_CELL_TEXT, po_arena_strdup(a, po_stmt_text(pq, 2)) };
            } else if (!po_stmt_isnull(pq, 1)) {
                char buf[40];
                po_dec_format(buf, sizeof(buf), po_stmt_int(pq, 1));
                cells[*n + p] = (struct po_cell){ PO_CELL_NUMBER, po_arena_strdup(a, buf) };
            }
        }
    }
    po_stmt_reset(pq, err);
    *n += np;
    return rc < 0 ? rc : 0;
}

int po_export(size_t *rows, struct po_store *st, const char *kind, enum po_sheet_format fmt,
              const char *path, struct po_arena *a, struct po_err *err)
{
    const struct kindspec *k = po_import_kind_find(kind);
    *rows = 0;
    if (!k)
        return po_err_set(err, PO_EINVAL, "未知的导出类别：%s", "unknown export kind: %s", kind);
    if (strcmp(kind, "meter") == 0)
        return po_err_set(err, PO_EINVAL,
                          "计量读数导入后按月存为能耗记录（来源 metered），请导出 energy",
                          "meter readings are kept as monthly energy rows (source metered): "
                          "export --kind energy");
    if (!k->table || k->write)
        return po_err_set(err, PO_EINVAL,
                          "%s 为记录类导入，不按表导出：请用 phaseout resettle list / show",
                          "%s is imported as records, not exported as a table: use phaseout "
                          "resettle list / show",
                          kind);
    struct pcol *pc = NULL;
    size_t np = 0;
    struct po_buf sql = PO_BUF_ARENA(a);
    int rc = build_sql(&sql, k);
    if (rc < 0)
        return po_err_set(err, rc, "内存不足", "out of memory");
    if (k->has_params && (rc = load_param_cols(&pc, &np, st, a, err)) < 0)
        return rc;
    if (np > 64)
        np = 64;
    struct po_stmt *s = NULL, *pq = NULL;
    struct po_sheetw *w = NULL;
    rc = po_stmt_prepare(&s, st, sql.buf, err);
    if (rc == 0 && k->has_params)
        rc = po_stmt_prepare(&pq, st,
                             "SELECT param, value_micro, value_text FROM equipment_param "
                             "WHERE equipment_pk = ?",
                             err);
    if (rc == 0)
        rc = po_sheetw_open(&w, path, fmt, kind, err);
    if (rc == 0)
        rc = header_row(w, k, pc, np, err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        struct po_cell cells[96];
        char num[64][40];
        size_t n = 0;
        int col = 0;
        for (size_t c = 0; c < k->ncols; c++) {
            const struct colspec *cs = &k->cols[c];
            if (!cs->db)
                continue;
            struct po_value v = po_stmt_col(s, col++);
            /* month 0 is the whole year, which the import reads from an empty cell */
            if (v.type == PO_V_NULL || (cs->type == CT_MONTH && v.type == PO_V_INT && v.i == 0)) {
                cells[n++] = (struct po_cell){ PO_CELL_EMPTY, NULL };
            } else if (v.type == PO_V_INT && is_dec(cs->type)) {
                po_dec_format(num[n], sizeof(num[n]), v.i);
                cells[n] = (struct po_cell){ PO_CELL_NUMBER, num[n] };
                n++;
            } else if (v.type == PO_V_INT) {
                snprintf(num[n], sizeof(num[n]), "%lld", (long long)v.i);
                cells[n] = (struct po_cell){ PO_CELL_NUMBER, num[n] };
                n++;
            } else {
                cells[n++] = (struct po_cell){ PO_CELL_TEXT, v.s }; /* valid until the next step */
            }
        }
        rc = 0;
        if (k->has_params)
            rc = param_cells(cells, &n, pq, po_stmt_int(s, col), pc, np, a, err);
        if (rc == 0)
            rc = po_sheetw_row(w, cells, n, err);
        (*rows)++;
    }
    po_stmt_finalize(s);
    po_stmt_finalize(pq);
    if (w) {
        int rc2 = po_sheetw_close(w, rc < 0 ? NULL : err);
        if (rc == 0)
            rc = rc2;
    }
    return rc < 0 ? rc : 0;
}
