/* coefdata.c: building factor tables from the reference data or a user's file. */
#include "refdata/coefdata.h"
#include "refdata/refdata.h"
#include "format/table.h"
#include "core/decimal.h"
#include "core/units.h"
#include "util/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the project's default ---- */

struct ref_row {
    char *type, *unit, *kgce, *kmin, *kmax, *source;
};

struct ref_ctx {
    struct ref_row rows[64];
    size_t n;
    struct po_arena *a;
};

static int collect_ref(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct ref_ctx *c = vctx;
    if (rowno == 0 || n < 9)
        return 0;
    if (c->n == sizeof(c->rows) / sizeof(c->rows[0]))
        return po_err_set(err, PO_EINTERNAL, "折标系数表过长", "coefficient table too long");
    struct ref_row *r = &c->rows[c->n++];
    /* energy_type,name_zh,unit,low_heat_value,low_heat_unit,kgce_per_unit,kgce_min,kgce_max,source */
    r->type = po_arena_strdup(c->a, f[0]);
    r->unit = po_arena_strdup(c->a, f[2]);
    r->kgce = po_arena_strdup(c->a, f[5]);
    r->kmin = po_arena_strdup(c->a, f[6]);
    r->kmax = po_arena_strdup(c->a, f[7]);
    r->source = po_arena_strdup(c->a, f[8]);
    if (!r->type || !r->unit || !r->kgce || !r->kmin || !r->kmax || !r->source)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    return 0;
}

struct map_ctx {
    struct ref_ctx *ref;
    struct po_coef_table *t;
};

static int parse_kgce(int64_t *out, const char *s)
{
    return po_dec_parse(out, s, strlen(s)) == PO_DEC_OK ? 0 : -1;
}

/* The value a mapping row takes: the coefficient, or a range's midpoint at 4 decimals. */
static int value_of(int64_t *kgce_micro, const struct ref_row *r, const char *rule)
{
    if (strstr(rule, "midpoint")) {
        int64_t lo, hi;
        if (parse_kgce(&lo, r->kmin) < 0 || parse_kgce(&hi, r->kmax) < 0)
            return -1;
        int64_t mid = lo + hi;                      /* 2 × midpoint, micro */
        *kgce_micro = (mid + 100) / 200 * 100;      /* midpoint rounded half up to 1e-4 */
        return 0;
    }
    return parse_kgce(kgce_micro, r->kgce);
}

static int apply_map(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct map_ctx *c = vctx;
    if (rowno == 0)
        return 0;
    if (n < 5)
        return po_err_set(err, PO_EINTERNAL, "energy_type_coefficients.csv 第%zu行列数不足",
                          "energy_type_coefficients.csv row %zu is short", rowno + 1);
    const struct ref_row *r = NULL;
    for (size_t i = 0; i < c->ref->n && !r; i++)
        if (strcmp(c->ref->rows[i].type, f[1]) == 0)
            r = &c->ref->rows[i];
    int64_t kgce;
    if (!r || value_of(&kgce, r, f[2]) < 0)
        return po_err_set(err, PO_EINTERNAL, "energy_type_coefficients.csv 第%zu行：参考系数 %s 不可用",
                          "energy_type_coefficients.csv row %zu: reference coefficient %s unusable",
                          rowno + 1, f[1]);
    char source[512];
    snprintf(source, sizeof(source), "%s (%s: %s)", r->source, f[1], f[3]);
    /*
     * Quantities of standard coal are given in kgce/tce (units.h), while the
     * reference row says "1 kgce per kg of standard coal": the factor is per
     * kgce for a type measured in standard coal.
     */
    const struct po_energy_type *et = po_energy_type_find(f[0], strlen(f[0]));
    const struct po_unit *ru = po_unit_find(r->unit, strlen(r->unit));
    const char *base = r->unit;
    if (et && ru && !(et->dims & (unsigned)ru->dim) && (et->dims & PO_DIM_COAL_EQ))
        base = "kgce";
    return po_coef_set_dimension(c->t, f[0], base, kgce, source, f[4], err);
}

int po_coefdata_default(struct po_coef_table *t, struct po_err *err)
{
    struct ref_ctx ref;
    memset(&ref, 0, sizeof(ref));
    ref.a = t->a;
    int rc = po_ref_parse("data/energy_conversion_coefficients.csv", collect_ref, &ref, err);
    if (rc < 0)
        return rc;
    struct map_ctx mc = { &ref, t };
    return po_ref_parse("data/energy_type_coefficients.csv", apply_map, &mc, err);
}

/* ---- a user's file ---- */

struct file_ctx {
    struct po_coef_table *t;
    const char *file;
    int col_type, col_unit, col_tce, col_src;
    bool header;
};

static struct po_str field(const struct po_row *row, int i)
{
    struct po_str none = { "", 0 };
    return i >= 0 && (size_t)i < row->nfields ? po_str_trim(row->fields[i]) : none;
}

static int file_row(void *vctx, const struct po_row *row, struct po_err *err)
{
    struct file_ctx *c = vctx;
    if (!c->header) {
        c->header = true;
        for (size_t i = 0; i < row->nfields; i++) {
            struct po_str h = po_str_trim(row->fields[i]);
            if (po_str_eq(h, "energy_type"))
                c->col_type = (int)i;
            else if (po_str_eq(h, "unit"))
                c->col_unit = (int)i;
            else if (po_str_eq(h, "tce_per_unit"))
                c->col_tce = (int)i;
            else if (po_str_eq(h, "source"))
                c->col_src = (int)i;
        }
        if (c->col_type < 0 || c->col_unit < 0 || c->col_tce < 0)
            return po_err_set(err, PO_EINVAL,
                              "%s 第1行：表头应含 energy_type、unit、tce_per_unit",
                              "%s row 1: the header needs energy_type, unit, tce_per_unit", c->file);
        return 0;
    }
    struct po_str ty = field(row, c->col_type), un = field(row, c->col_unit);
    struct po_str tc = field(row, c->col_tce), sr = field(row, c->col_src);
    int64_t e9;
    if (!ty.len || !un.len)
        return po_err_set(err, PO_EINVAL, "%s 第%zu行：能源品种和单位不能为空",
                          "%s row %zu: energy_type and unit are required", c->file, row->rowno);
    enum po_dec_status ds = po_dec_parse_scaled(&e9, tc.ptr, tc.len, 9);
    if (ds != PO_DEC_OK || e9 < 0)
        return po_err_set(err, PO_EINVAL, "%s 第%zu行 列“tce_per_unit” 值“%.*s”：应为非负小数（至多9位小数）",
                          "%s row %zu, column \"tce_per_unit\", value \"%.*s\": a non-negative "
                          "decimal with at most 9 decimals is expected",
                          c->file, row->rowno, (int)tc.len, tc.ptr);
    char type[64], unit[64], src[256];
    snprintf(type, sizeof(type), "%.*s", (int)ty.len, ty.ptr);
    const struct po_unit *u = po_unit_find(un.ptr, un.len);
    snprintf(unit, sizeof(unit), "%.*s", u ? (int)strlen(u->tag) : (int)un.len, u ? u->tag : un.ptr);
    snprintf(src, sizeof(src), "%s: %.*s", c->file, (int)sr.len, sr.ptr);
    return po_coef_set(c->t, type, unit, e9, src, "", err);
}

int po_coefdata_load_file(struct po_coef_table *t, const char *path, struct po_err *err)
{
    const char *base = strrchr(path, '/');
    struct file_ctx c = { t, base ? base + 1 : path, -1, -1, -1, -1, false };
    int rc = po_table_read(path, NULL, file_row, &c, err);
    if (rc == 0 && !c.header)
        rc = po_err_set(err, PO_EINVAL, "%s 为空", "%s is empty", c.file);
    return rc;
}
