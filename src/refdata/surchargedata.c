/*
 * surchargedata.c: reading data/surcharge_rules.csv (surchargedata.h).
 *
 * A table of the columns (name, required) maps the header once; each row is then read column by
 * column through small checked parsers, so every refusal names its column.  Bounds, rates and
 * steps go through the exact decimal parser: a band edge in the file compares exactly with a
 * figure that sits on it.
 */
#include "refdata/surchargedata.h"
#include "refdata/refdata.h"
#include "core/decimal.h"
#include "util/arena.h"
#include "util/embed.h"

#include <sodium.h>
#include <stdbool.h>
#include <string.h>

enum {
    C_ID,
    C_VERSION,
    C_UTILITY,
    C_KIND,
    C_JUR,
    C_SECTORS,
    C_LOWER,
    C_LOWER_INCL,
    C_UPPER,
    C_UPPER_INCL,
    C_BOUND_UNIT,
    C_RATE,
    C_RATE_UNIT,
    C_STEP,
    C_FROM,
    C_TO,
    C_DOC,
    C_ARTICLE,
    C_NOTE,
    C_POLICY_ROW,
    C_SOURCE,
    C_CONF,
    NCOLS
};

static const char *const colnames[NCOLS] = {
    [C_ID] = "rule_id",
    [C_VERSION] = "version",
    [C_UTILITY] = "utility",
    [C_KIND] = "kind",
    [C_JUR] = "jurisdiction",
    [C_SECTORS] = "sectors",
    [C_LOWER] = "lower",
    [C_LOWER_INCL] = "lower_inclusive",
    [C_UPPER] = "upper",
    [C_UPPER_INCL] = "upper_inclusive",
    [C_BOUND_UNIT] = "bound_unit",
    [C_RATE] = "rate",
    [C_RATE_UNIT] = "rate_unit",
    [C_STEP] = "step",
    [C_FROM] = "effective_from",
    [C_TO] = "effective_to",
    [C_DOC] = "document",
    [C_ARTICLE] = "article",
    [C_NOTE] = "rate_note",
    [C_POLICY_ROW] = "policy_row",
    [C_SOURCE] = "source",
    [C_CONF] = "confidence",
};

struct ctx {
    const char *name;
    struct po_arena *a;
    int col[NCOLS];
    struct po_sc_rule *rules;
    size_t n, cap;
    size_t rowno; /* the row being read: 1 = the first data row */
};

static const char *cell(const struct ctx *x, char **f, size_t n, int c)
{
    return (size_t)x->col[c] < n ? f[x->col[c]] : "";
}

static int bad(const struct ctx *x, int c, const char *v, const char *want_zh, const char *want_en,
               struct po_err *err)
{
    return po_err_set(err, PO_EINVAL, "%s 第 %zu 行 %s 列的值 \"%s\" 无效：应为%s%.0s",
                      "%s row %zu, column %s: \"%s\" is invalid: expected %.0s%s", x->name, x->rowno,
                      colnames[c], v, want_zh, want_en);
}

/* An optional exact decimal: *has false when empty. */
static int opt_dec(bool *has, int64_t *out, const struct ctx *x, char **f, size_t n, int c,
                   struct po_err *err)
{
    const char *v = cell(x, f, n, c);
    *has = *v != '\0';
    *out = 0;
    if (*has && po_dec_parse(out, v, strlen(v)) != PO_DEC_OK)
        return bad(x, c, v, "十进制数", "a decimal number", err);
    if (*has && *out < 0)
        return bad(x, c, v, "非负数", "a non-negative number", err);
    return 0;
}

/* Inclusivity of a bound: 0 or 1 when the bound is given, empty when not. */
static int incl(bool *out, bool has_bound, const struct ctx *x, char **f, size_t n, int c,
                struct po_err *err)
{
    const char *v = cell(x, f, n, c);
    *out = strcmp(v, "1") == 0;
    if (has_bound ? (strcmp(v, "0") == 0 || *out) : *v == '\0')
        return 0;
    return has_bound ? bad(x, c, v, "0 或 1", "0 or 1", err)
                     : bad(x, c, v, "空（未给出边界）", "empty (no bound given)", err);
}

static int date_cell(struct po_date *out, bool optional, const struct ctx *x, char **f, size_t n,
                     int c, struct po_err *err)
{
    const char *v = cell(x, f, n, c);
    memset(out, 0, sizeof *out);
    if (optional && *v == '\0')
        return 0;
    if (po_date_parse(out, v, strlen(v)) < 0)
        return bad(x, c, v, "YYYY-MM-DD 日期", "a YYYY-MM-DD date", err);
    return 0;
}

static int text(const char **out, const struct ctx *x, char **f, size_t n, int c, bool required,
                struct po_err *err)
{
    const char *v = cell(x, f, n, c);
    if (required && *v == '\0')
        return bad(x, c, v, "非空值", "a value", err);
    *out = po_arena_strdup(x->a, v);
    return *out ? 0 : po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

static int whole(int *out, const struct ctx *x, char **f, size_t n, int c, struct po_err *err)
{
    const char *v = cell(x, f, n, c);
    int64_t i = 0;
    if (po_int_parse(&i, v, strlen(v)) != PO_DEC_OK || i < 1 || i > 1000000)
        return bad(x, c, v, "正整数", "a positive whole number", err);
    *out = (int)i;
    return 0;
}

static int kind_cells(struct po_sc_rule *r, const struct ctx *x, char **f, size_t n,
                      struct po_err *err)
{
    const char *u = cell(x, f, n, C_UTILITY);
    if (strcmp(u, "electricity") == 0)
        r->utility = PO_SC_ELECTRICITY;
    else if (strcmp(u, "water") == 0)
        r->utility = PO_SC_WATER;
    else
        return bad(x, C_UTILITY, u, " electricity 或 water", "electricity or water", err);
    const char *k = cell(x, f, n, C_KIND);
    enum po_sc_kind kind = PO_SC_ELIMINATED;
    if (po_sc_kind_parse(&kind, k) < 0)
        return bad(x, C_KIND, k, " eliminated、restricted、punitive_band、tiered_step 或 water_band",
                   "eliminated, restricted, punitive_band, tiered_step or water_band", err);
    if ((kind == PO_SC_WATER_BAND) != (r->utility == PO_SC_WATER))
        return bad(x, C_KIND, k, "与 utility 相符的类别", "a kind of the row's utility", err);
    r->kind = kind;
    const char *ru = cell(x, f, n, C_RATE_UNIT);
    const char *want = r->utility == PO_SC_WATER ? "x_water_price" : "yuan/kWh";
    if (strcmp(ru, want) != 0)
        return bad(x, C_RATE_UNIT, ru, want, want, err);
    return 0;
}

static int bound_cells(struct po_sc_rule *r, const struct ctx *x, char **f, size_t n,
                       struct po_err *err)
{
    bool has_step = false;
    int rc = opt_dec(&r->has_lower, &r->lower_micro, x, f, n, C_LOWER, err);
    if (rc == 0)
        rc = incl(&r->lower_incl, r->has_lower, x, f, n, C_LOWER_INCL, err);
    if (rc == 0)
        rc = opt_dec(&r->has_upper, &r->upper_micro, x, f, n, C_UPPER, err);
    if (rc == 0)
        rc = incl(&r->upper_incl, r->has_upper, x, f, n, C_UPPER_INCL, err);
    if (rc == 0)
        rc = opt_dec(&r->has_rate, &r->rate_micro, x, f, n, C_RATE, err);
    if (rc == 0)
        rc = opt_dec(&has_step, &r->step_micro, x, f, n, C_STEP, err);
    if (rc < 0)
        return rc;
    if (r->has_lower && r->has_upper && r->upper_micro < r->lower_micro)
        return bad(x, C_UPPER, cell(x, f, n, C_UPPER), "不小于 lower 的数", "a number >= lower",
                   err);
    bool banded = r->kind == PO_SC_PUNITIVE || r->kind == PO_SC_TIERED ||
                  r->kind == PO_SC_WATER_BAND;
    const char *bu = cell(x, f, n, C_BOUND_UNIT);
    const char *want = r->kind == PO_SC_TIERED ? "kWh/t" : banded ? "pct_over_quota" : "";
    if ((r->has_lower || r->has_upper) != banded)
        return bad(x, C_LOWER, cell(x, f, n, C_LOWER),
                   banded ? "该类别的边界" : "空（差别电价不分档）",
                   banded ? "a bound for this kind" : "empty (the differential price has no band)",
                   err);
    if ((r->has_lower || r->has_upper) && strcmp(bu, want) != 0)
        return bad(x, C_BOUND_UNIT, bu, want, want, err);
    if (has_step && (r->kind != PO_SC_TIERED || !r->has_lower || r->step_micro == 0))
        return bad(x, C_STEP, cell(x, f, n, C_STEP), "空（仅阶梯电价带下限时可设正步长）",
                   "empty (a positive step only for a tiered rule with a lower bound)", err);
    return 0;
}

static int rule_cells(struct po_sc_rule *r, const struct ctx *x, char **f, size_t n,
                      struct po_err *err)
{
    int rc = text(&r->rule_id, x, f, n, C_ID, true, err);
    if (rc == 0)
        rc = whole(&r->version, x, f, n, C_VERSION, err);
    if (rc == 0)
        rc = kind_cells(r, x, f, n, err);
    if (rc == 0)
        rc = text(&r->jurisdiction, x, f, n, C_JUR, true, err);
    if (rc == 0)
        rc = text(&r->sectors, x, f, n, C_SECTORS, true, err);
    if (rc == 0)
        rc = bound_cells(r, x, f, n, err);
    if (rc == 0)
        rc = date_cell(&r->from, false, x, f, n, C_FROM, err);
    if (rc == 0)
        rc = date_cell(&r->to, true, x, f, n, C_TO, err);
    if (rc == 0 && r->to.y && po_date_cmp(r->to, r->from) < 0)
        rc = bad(x, C_TO, cell(x, f, n, C_TO), "不早于 effective_from 的日期",
                 "a date not before effective_from", err);
    if (rc == 0)
        rc = text(&r->document, x, f, n, C_DOC, true, err);
    if (rc == 0)
        rc = text(&r->article, x, f, n, C_ARTICLE, false, err);
    if (rc == 0)
        rc = text(&r->rate_note, x, f, n, C_NOTE, false, err);
    if (rc == 0)
        rc = text(&r->source, x, f, n, C_SOURCE, false, err);
    if (rc == 0)
        rc = text(&r->confidence, x, f, n, C_CONF, true, err);
    if (rc == 0 && strcmp(r->confidence, "high") != 0 && strcmp(r->confidence, "medium") != 0 &&
        strcmp(r->confidence, "low") != 0)
        rc = bad(x, C_CONF, r->confidence, " high、medium 或 low", "high, medium or low", err);
    if (rc == 0)
        rc = whole(&r->policy_row, x, f, n, C_POLICY_ROW, err);
    return rc;
}

static int header(struct ctx *x, char **f, size_t n, struct po_err *err)
{
    for (int c = 0; c < NCOLS; c++) {
        x->col[c] = -1;
        for (size_t i = 0; i < n; i++)
            if (strcmp(f[i], colnames[c]) == 0)
                x->col[c] = (int)i;
        if (x->col[c] < 0)
            return po_err_set(err, PO_EINVAL, "%s 表头缺少 %s 列", "%s: the header lacks column %s",
                              x->name, colnames[c]);
    }
    return 0;
}

static int row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct ctx *x = vctx;
    if (rowno == 0)
        return header(x, f, n, err);
    x->rowno = rowno;
    if (x->n == x->cap) {
        size_t ncap = x->cap ? x->cap * 2 : 32;
        struct po_sc_rule *nr = po_arena_realloc(x->a, x->rules, x->cap * sizeof *nr,
                                                 ncap * sizeof *nr);
        if (!nr)
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
        x->rules = nr;
        x->cap = ncap;
    }
    struct po_sc_rule *r = &x->rules[x->n];
    memset(r, 0, sizeof *r);
    int rc = rule_cells(r, x, f, n, err);
    for (size_t i = 0; rc == 0 && i < x->n; i++)
        if (x->rules[i].version == r->version && strcmp(x->rules[i].rule_id, r->rule_id) == 0)
            rc = po_err_set(err, PO_EINVAL, "%s 第 %zu 行：规则 %s 第 %d 版重复",
                            "%s row %zu: rule %s version %d is given twice", x->name, rowno,
                            r->rule_id, r->version);
    if (rc < 0)
        return rc;
    x->n++;
    return 0;
}

int po_surchargedata_parse(struct po_surchargedata *out, const char *name, const char *data,
                           size_t len, struct po_arena *a, struct po_err *err)
{
    struct ctx x = { .name = name, .a = a };
    int rc = po_ref_parse_bytes(name, (const unsigned char *)data, len, row, &x, err);
    if (rc == 0 && x.n == 0)
        rc = po_err_set(err, PO_EINVAL, "%s 没有规则", "%s has no rules", name);
    if (rc < 0)
        return rc;
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)data, len);
    sodium_bin2hex(out->hash, sizeof out->hash, h, sizeof h);
    out->rules = x.rules;
    out->n = x.n;
    out->name = name;
    return 0;
}

int po_surchargedata_load(struct po_surchargedata *out, struct po_arena *a, struct po_err *err)
{
    const struct po_embedded *e = po_embed_find(PO_SURCHARGEDATA_FILE);
    if (!e)
        return po_err_set(err, PO_ENOTFOUND, "没有参考数据表 %s", "no reference table %s",
                          PO_SURCHARGEDATA_FILE);
    return po_surchargedata_parse(out, PO_SURCHARGEDATA_FILE, (const char *)e->data, e->len, a,
                                  err);
}

const struct po_sc_rule *po_surchargedata_find(const struct po_surchargedata *sd, const char *id,
                                               int version)
{
    for (size_t i = 0; i < sd->n; i++)
        if (sd->rules[i].version == version && strcmp(sd->rules[i].rule_id, id) == 0)
            return &sd->rules[i];
    return NULL;
}
