/*
 * account_baro.c: the barometer's report as a sheet and as JSON.
 *
 * One row per area with the figures a level rests on (intensity this
 * year, last year and in the base year, the reduction achieved and the one
 * required, the cap and the share used), the level and its reason in both
 * languages, so a reader can check every level by hand.
 */
#include "report/account_out.h"
#include "util/buf.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* A cell: a number formatted into s, or text pointed to by p (never copied, never cut). */
struct fig {
    char s[48];
    const char *p;
    bool set;
};

static const char *fig_text(const struct fig *f)
{
    return f->p ? f->p : f->s;
}

static struct fig tce(const struct po_area_year *y, po_acct_i128 e15)
{
    struct fig f = { "", NULL, y->accounted && y->with_energy > 0 };
    po_acct_fmt(f.s, sizeof(f.s), po_acct_round_tce_e4(e15), 4);
    return f;
}

static struct fig co2t(const struct po_area_year *y)
{
    struct fig f = { "", NULL, y->accounted && y->with_energy > 0 && y->co2_incomplete == 0 };
    po_acct_fmt(f.s, sizeof(f.s), po_acct_round_co2_t_e3(y->co2_e16), 3);
    return f;
}

/* An intensity × 10^9 printed at 6 decimals (rounded half up from the 10^-9 figure). */
static struct fig inten(bool has, int64_t e9)
{
    struct fig f = { "", NULL, has };
    po_acct_fmt(f.s, sizeof(f.s), po_acct_div_round(e9, 1000), 6);
    return f;
}

static struct fig pct4(bool has, int64_t e4)
{
    struct fig f = { "", NULL, has };
    po_acct_fmt(f.s, sizeof(f.s), e4, 4);
    return f;
}

static struct fig micro(bool has, int64_t m)
{
    struct fig f = { "", NULL, has };
    po_account_dec(f.s, sizeof(f.s), m, 6);
    return f;
}

static struct fig count(size_t n)
{
    struct fig f = { "", NULL, true };
    snprintf(f.s, sizeof(f.s), "%zu", n);
    return f;
}

static struct fig text(const char *s)
{
    struct fig f = { "", s ? s : "", s && *s };
    return f;
}

static const char *const area_cols[] = {
    "district_code",
    "name",
    "level",
    "year",
    "base_year",
    "enterprises",
    "with_energy",
    "value_added_missing",
    "tce",
    "excluded_tce",
    "prev_tce",
    "value_added_10k_yuan",
    "intensity",
    "prev_intensity",
    "base_intensity",
    "intensity_yoy_pct",
    "intensity_reduction_pct",
    "intensity_target_pct",
    "intensity_level",
    "intensity_level_zh",
    "intensity_reason",
    "energy_cap_tce",
    "cap_share_pct",
    "total_level",
    "total_level_zh",
    "total_reason",
    "co2_t",
    "co2_intensity",
    "co2_intensity_reduction_pct",
    "co2_intensity_target_pct",
    "co2_intensity_level",
    "co2_cap_t",
    "co2_total_level",
    "warning_level",
    "warning_level_zh",
    "warning_basis",
};
enum { NAREA = sizeof(area_cols) / sizeof(area_cols[0]) };

static void area_figs(struct fig *f, const struct po_baro_area *a, int year)
{
    const struct po_baro_intensity *i = &a->intensity, *c = &a->co2_intensity;
    const struct po_target *t = a->target;
    size_t k = 0;
    f[k++] = text(a->district->code);
    f[k++] = text(a->district->name);
    f[k++] = text(a->district->level);
    f[k++] = count((size_t)year);
    f[k] = count(t ? (size_t)t->base_year : 0);
    f[k++].set = t != NULL;
    f[k++] = count(a->cur.enterprises);
    f[k++] = count(a->cur.with_energy);
    f[k++] = count(a->cur.va_missing);
    f[k++] = tce(&a->cur, a->cur.total_e15);
    f[k++] = tce(&a->cur, a->cur.excluded_e15);
    f[k++] = tce(&a->prev, a->prev.total_e15);
    f[k++] = micro(a->cur.with_energy > 0, (int64_t)a->cur.va_micro);
    f[k++] = inten(i->has_cur, i->cur_e9);
    f[k++] = inten(i->has_prev, i->prev_e9);
    f[k++] = inten(i->has_base && t, i->base_e9);
    f[k++] = pct4(i->has_cur && i->has_prev && i->prev_e9 > 0, i->yoy_pct_e4);
    f[k++] = pct4(i->has_cur && i->has_base && i->base_e9 > 0 && t, i->reduction_pct_e4);
    f[k++] = micro(t && t->intensity_pct.set, t ? t->intensity_pct.micro : 0);
    f[k++] = text(po_level_name_en(i->level));
    f[k++] = text(po_level_name_zh(i->level));
    f[k++] = text(po_baro_reason_en(i->reason));
    f[k++] = micro(a->total.cap_micro > 0, a->total.cap_micro);
    f[k++] = pct4(a->total.cap_micro > 0, a->total.share_pct_e4);
    f[k++] = text(po_level_name_en(a->total.level));
    f[k++] = text(po_level_name_zh(a->total.level));
    f[k++] = text(po_baro_reason_en(a->total.reason));
    f[k++] = co2t(&a->cur);
    f[k++] = inten(c->has_cur && a->cur.co2_incomplete == 0, c->cur_e9);
    f[k++] =
        pct4(c->has_cur && c->has_base && c->base_e9 > 0 && t && c->reason != PO_BR_CO2_INCOMPLETE,
             c->reduction_pct_e4);
    f[k++] = micro(t && t->co2_intensity_pct.set, t ? t->co2_intensity_pct.micro : 0);
    f[k++] = text(po_level_name_en(c->level));
    f[k++] = micro(a->co2_total.cap_micro > 0, a->co2_total.cap_micro);
    f[k++] = text(po_level_name_en(a->co2_total.level));
    f[k++] = text(po_level_name_en(a->warning));
    f[k++] = text(po_level_name_zh(a->warning));
    f[k++] = text(po_baro_basis_name(a->basis));
}

static bool numeric(const char *col)
{
    static const char *const texts[] = { "district_code",
                                         "name",
                                         "level",
                                         "intensity_level",
                                         "intensity_level_zh",
                                         "intensity_reason",
                                         "total_level",
                                         "total_level_zh",
                                         "total_reason",
                                         "co2_intensity_level",
                                         "co2_total_level",
                                         "warning_level",
                                         "warning_level_zh",
                                         "warning_basis",
                                         "industry_code" };
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        if (strcmp(col, texts[i]) == 0)
            return false;
    return true;
}

static int write_rows(size_t *rows, const char *path, enum po_sheet_format fmt, const char *sheet,
                      const char *const *cols, size_t ncols, struct fig *figs, size_t nrows,
                      struct po_err *err)
{
    struct po_sheetw *w;
    struct po_cell c[64];
    *rows = 0;
    int rc = po_sheetw_open(&w, path, fmt, sheet, err);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < ncols; i++)
        c[i] = (struct po_cell){ PO_CELL_TEXT, cols[i] };
    rc = po_sheetw_row(w, c, ncols, err);
    for (size_t r = 0; rc == 0 && r < nrows; r++) {
        for (size_t i = 0; i < ncols; i++) {
            const struct fig *f = &figs[r * ncols + i];
            c[i].kind = !f->set ? PO_CELL_EMPTY : numeric(cols[i]) ? PO_CELL_NUMBER : PO_CELL_TEXT;
            c[i].text = fig_text(f);
        }
        rc = po_sheetw_row(w, c, ncols, err);
        if (rc == 0)
            (*rows)++;
    }
    int crc = po_sheetw_close(w, rc < 0 ? NULL : err);
    return rc < 0 ? rc : crc;
}

int po_barometer_write_sheet(size_t *rows, const struct po_baro_report *rep, int year,
                             const char *path, enum po_sheet_format fmt, struct po_err *err)
{
    struct fig *f = calloc(rep->nareas ? rep->nareas * NAREA : 1, sizeof(*f));
    if (!f)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < rep->nareas; i++)
        area_figs(&f[i * NAREA], &rep->areas[i], year);
    int rc = write_rows(rows, path, fmt, "barometer", area_cols, NAREA, f, rep->nareas, err);
    free(f);
    return rc;
}

static const char *const ind_cols[] = {
    "industry_code", "year",  "enterprises",          "with_energy", "tce",
    "excluded_tce",  "co2_t", "value_added_10k_yuan", "intensity"
};
enum { NIND = sizeof(ind_cols) / sizeof(ind_cols[0]) };

int po_barometer_write_industries(size_t *rows, const struct po_baro_report *rep, int year,
                                  const char *path, enum po_sheet_format fmt, struct po_err *err)
{
    struct fig *f = calloc(rep->nindustries ? rep->nindustries * NIND : 1, sizeof(*f));
    if (!f)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < rep->nindustries; i++) {
        const struct po_area_year *c = &rep->industries[i].cur;
        struct fig *x = &f[i * NIND];
        int64_t e9 = 0;
        bool has = po_barometer_intensity_e9(&e9, c, false);
        x[0] = text(rep->industries[i].industry);
        x[1] = count((size_t)year);
        x[2] = count(c->enterprises);
        x[3] = count(c->with_energy);
        x[4] = tce(c, c->total_e15);
        x[5] = tce(c, c->excluded_e15);
        x[6] = co2t(c);
        x[7] = micro(c->with_energy > 0, (int64_t)c->va_micro);
        x[8] = inten(has, e9);
    }
    int rc = write_rows(rows, path, fmt, "industries", ind_cols, NIND, f, rep->nindustries, err);
    free(f);
    return rc;
}

/* ---- JSON ---- */

static void jfig(json_t *o, const char *key, struct fig f)
{
    json_object_set_new(o, key, f.set ? json_string(fig_text(&f)) : json_null());
}

json_t *po_barometer_area_json(const struct po_baro_area *area, int year)
{
    struct fig f[NAREA];
    area_figs(f, area, year);
    json_t *o = json_object();
    for (size_t k = 0; k < NAREA; k++)
        jfig(o, area_cols[k], f[k]);
    const struct po_target *t = area->target;
    json_object_set_new(o, "intensity_reason_zh",
                        json_string(po_baro_reason_zh(area->intensity.reason)));
    json_object_set_new(o, "total_reason_zh", json_string(po_baro_reason_zh(area->total.reason)));
    json_object_set_new(o, "warning_basis_zh", json_string(po_baro_basis_zh(area->basis)));
    json_object_set_new(o, "target_note", t ? json_string(t->note) : json_null());
    json_object_set_new(o, "target_source", t ? json_string(t->source) : json_null());
    return o;
}

int po_barometer_write_json(FILE *out, const struct po_baro_report *rep, int year,
                            const struct po_acct_policy *pol, struct po_err *err)
{
    json_t *root = json_object();
    json_object_set_new(root, "year", json_integer(year));
    json_t *m = json_object();
    json_object_set_new(m, "intensity",
                        json_string("发改办环资〔2021〕629号: level 1 red = intensity did not fall "
                                    "year on year; level 2 yellow = fell but behind the schedule "
                                    "(the year's cumulative reduction target vs its base year); "
                                    "level 3 green = on schedule"));
    char tot[256], pct[48];
    snprintf(tot, sizeof(tot),
             "project choice (629号 gives no numeric criteria): red = over the year's cap; "
             "yellow = at or above %s%% of the cap; green = below",
             po_account_dec(pct, sizeof(pct), pol->total_warning_pct_micro, 6));
    json_object_set_new(m, "total", json_string(tot));
    json_object_set_new(m, "warning",
                        json_string("the card's level: the worse of the intensity level and the "
                                    "total level (warning_basis says which); a rating that could "
                                    "not be made does not count"));
    json_object_set_new(m, "value_added",
                        json_string("current prices as reported; enterprises without value added "
                                    "are outside the intensity, their energy counts in the total"));
    json_object_set_new(root, "method", m);
    json_t *areas = json_array();
    for (size_t i = 0; i < rep->nareas; i++)
        json_array_append_new(areas, po_barometer_area_json(&rep->areas[i], year));
    json_object_set_new(root, "areas", areas);
    json_t *inds = json_array();
    for (size_t i = 0; i < rep->nindustries; i++) {
        const struct po_area_year *c = &rep->industries[i].cur;
        json_t *o = json_object();
        int64_t e9 = 0;
        bool has = po_barometer_intensity_e9(&e9, c, false);
        jfig(o, "industry_code", text(rep->industries[i].industry));
        jfig(o, "enterprises", count(c->enterprises));
        jfig(o, "with_energy", count(c->with_energy));
        jfig(o, "tce", tce(c, c->total_e15));
        jfig(o, "excluded_tce", tce(c, c->excluded_e15));
        jfig(o, "co2_t", co2t(c));
        jfig(o, "intensity", inten(has, e9));
        json_array_append_new(inds, o);
    }
    json_object_set_new(root, "industries", inds);
    int rc =
        json_dumpf(root, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER) == 0 && fputc('\n', out) != EOF
            ? 0
            : po_err_set(err, PO_EIO, "写出 JSON 失败", "writing JSON failed");
    json_decref(root);
    return rc;
}
