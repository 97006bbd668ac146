/*
 * cityparams.c: reading data/city_params.csv (cityparams.h).
 *
 * A table of the known parameters with their ranges drives both the
 * parsing and the "each exactly once" check, so adding a parameter is one
 * row here and one row in the file.
 */
#include "io/cityparams.h"
#include "io/refdata.h"
#include "core/decimal.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

enum { P_EXIT_YEARS, P_NOTICE, P_INTERVIEW, NPARAMS };

static const struct param {
    const char *name;
    int64_t min_micro, max_micro;
    bool integer;
} params[NPARAMS] = {
    [P_EXIT_YEARS] = { "intensity_exit_years", 1000000, 10000000, true },
    [P_NOTICE] = { "plan_notice_below_pct", 0, 100000000, false },
    [P_INTERVIEW] = { "plan_interview_below_pct", 0, 100000000, false },
};

static int find(const char *name)
{
    for (int i = 0; i < NPARAMS; i++)
        if (strcmp(params[i].name, name) == 0)
            return i;
    return -1;
}

int po_cityparams_set(struct po_city_params *p, const char *param, const char *value,
                      struct po_err *err)
{
    int k = find(param);
    if (k < 0)
        return po_err_set(err, PO_EINVAL, "未知的城市参数 \"%s\"", "unknown city parameter \"%s\"",
                          param);
    const struct param *d = &params[k];
    int64_t v = 0;
    if (po_dec_parse(&v, value, strlen(value)) != PO_DEC_OK || (d->integer && v % 1000000 != 0))
        return d->integer ? po_err_set(err, PO_EINVAL, "城市参数 %s 的值 \"%s\" 不是整数",
                                       "city parameter %s: \"%s\" is not a whole number", param,
                                       value)
                          : po_err_set(err, PO_EINVAL, "城市参数 %s 的值 \"%s\" 不是数字",
                                       "city parameter %s: \"%s\" is not a number", param, value);
    if (v < d->min_micro || v > d->max_micro)
        return po_err_set(err, PO_EINVAL, "城市参数 %s 的值 %s 超出范围 %lld–%lld",
                          "city parameter %s: %s is outside %lld-%lld", param, value,
                          (long long)(d->min_micro / 1000000), (long long)(d->max_micro / 1000000));
    switch (k) {
    case P_EXIT_YEARS:
        p->intensity_exit_years = (int)(v / 1000000);
        break;
    case P_NOTICE:
        p->plan_notice_pct_micro = v;
        break;
    default:
        p->plan_interview_pct_micro = v;
        break;
    }
    return 0;
}

int po_cityparams_check(const struct po_city_params *p, struct po_err *err)
{
    if (p->plan_interview_pct_micro > p->plan_notice_pct_micro)
        return po_err_set(err, PO_EINVAL, "约谈阈值（plan_interview_below_pct）不能高于通报阈值",
                          "plan_interview_below_pct must not exceed plan_notice_below_pct");
    return 0;
}

struct load_ctx {
    struct po_city_params *p;
    int col_param, col_value;
    int seen[NPARAMS];
};

static int row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct load_ctx *x = vctx;
    if (rowno == 0) {
        for (size_t i = 0; i < n; i++) {
            if (strcmp(f[i], "param") == 0)
                x->col_param = (int)i;
            if (strcmp(f[i], "value") == 0)
                x->col_value = (int)i;
        }
        if (x->col_param < 0 || x->col_value < 0)
            return po_err_set(err, PO_EINVAL, "%s 表头缺少 param 或 value 列",
                              "%s: the header lacks param or value", PO_CITYPARAMS_FILE);
        return 0;
    }
    int rc = 0;
    if ((size_t)x->col_param >= n || (size_t)x->col_value >= n)
        rc = po_err_set(err, PO_EINVAL, "列数不足", "too few columns");
    else if (find(f[x->col_param]) >= 0 && x->seen[find(f[x->col_param])]++)
        rc = po_err_set(err, PO_EINVAL, "参数 %s 重复", "parameter %s given twice",
                        f[x->col_param]);
    else
        rc = po_cityparams_set(x->p, f[x->col_param], f[x->col_value], err);
    if (rc < 0)
        po_err_context(err, "%s row %zu", PO_CITYPARAMS_FILE, rowno + 1);
    return rc;
}

int po_cityparams_load(struct po_city_params *out, struct po_err *err)
{
    struct po_city_params p = PO_CITY_PARAMS_DEFAULT;
    struct load_ctx x = { &p, -1, -1, { 0 } };
    int rc = po_ref_parse(PO_CITYPARAMS_FILE, row, &x, err);
    for (int k = 0; rc == 0 && k < NPARAMS; k++)
        if (!x.seen[k])
            rc = po_err_set(err, PO_EINVAL, "%s 缺少参数 %s", "%s lacks parameter %s",
                            PO_CITYPARAMS_FILE, params[k].name);
    if (rc == 0)
        rc = po_cityparams_check(&p, err);
    if (rc == 0)
        *out = p;
    return rc;
}
