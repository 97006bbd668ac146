/*
 * cityparams.c: reading data/city_params.csv (cityparams.h).
 *
 * A table of the known parameters with their ranges drives both the
 * parsing and the "each exactly once" check, so adding a parameter is one
 * row here and one row in the file.
 */
#include "refdata/cityparams.h"
#include "refdata/refdata.h"
#include "core/decimal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

enum {
    P_EXIT_YEARS,
    P_NOTICE,
    P_INTERVIEW,
    P_LOSS_MAKING,
    P_WORST_PCT,
    P_QUOTA_RECTIFY,
    P_QUOTA_EXTENSION,
    P_QUALITY_RECTIFY,
    P_REMIND_EARLY,
    P_REMIND_LATE,
    P_INTERVIEW_WORKDAYS,
    P_NOTICE_REPLY,
    P_LOSS_WINDOW,
    P_ATTACH_MIB,
    P_REPORT_REPLY,
    P_RECONSIDER,
    P_LAWSUIT,
    P_RESETTLE_ALERT,
    NPARAMS
};

#define M 1000000 /* the decimal parser's scale */
#define INT_AT(f) offsetof(struct po_city_params, f)
/* a whole number from lo to hi into member f */
#define WHOLE(name, lo, hi, f)                                                                     \
    {                                                                                              \
        name, (int64_t)(lo)*M, (int64_t)(hi)*M, true, false, INT_AT(f)                             \
    }

/* name, range (× 10^6), whole number, text, where a whole number goes */
static const struct param {
    const char *name;
    int64_t min_micro, max_micro;
    bool integer, text;
    size_t int_at; /* offset of the int member of a whole number */
} params[NPARAMS] = {
    [P_EXIT_YEARS] = WHOLE("intensity_exit_years", 1, 10, intensity_exit_years),
    [P_NOTICE] = { "plan_notice_below_pct", 0, 100 * M, false, false, 0 },
    [P_INTERVIEW] = { "plan_interview_below_pct", 0, 100 * M, false, false, 0 },
    [P_LOSS_MAKING] = { "loss_making_ranking", 0, 0, false, true, 0 },
    [P_WORST_PCT] = WHOLE("intensity_worst_pct", 1, 100, intensity_worst_pct),
    [P_QUOTA_RECTIFY] = WHOLE("quota_rectify_months", 1, 120, quota_rectify_months),
    [P_QUOTA_EXTENSION] = WHOLE("quota_extension_max_months", 1, 12, quota_extension_max_months),
    [P_QUALITY_RECTIFY] = WHOLE("quality_rectify_months", 1, 120, quality_rectify_months),
    [P_REMIND_EARLY] = WHOLE("reminder_early_days", 1, 365, reminder_early_days),
    [P_REMIND_LATE] = WHOLE("reminder_late_days", 1, 365, reminder_late_days),
    [P_INTERVIEW_WORKDAYS] =
        WHOLE("plan_interview_within_workdays", 1, 60, plan_interview_within_workdays),
    [P_NOTICE_REPLY] = WHOLE("plan_notice_reply_days", 1, 90, plan_notice_reply_days),
    [P_LOSS_WINDOW] = WHOLE("zombie_loss_window_years", 1, PO_CITYPARAMS_LOSS_WINDOW_MAX,
                            zombie_loss_window_years),
    /* 24: the HTTP body that carries an attachment base64-encoded is capped at 32 MiB */
    [P_ATTACH_MIB] = WHOLE("attachment_max_mib", 1, 24, attachment_max_mib),
    [P_REPORT_REPLY] = WHOLE("report_reply_workdays", 1, 90, report_reply_workdays),
    [P_RECONSIDER] = WHOLE("reconsideration_days", 1, 365, reconsideration_days),
    [P_LAWSUIT] = WHOLE("lawsuit_months", 1, 24, lawsuit_months),
    [P_RESETTLE_ALERT] = WHOLE("resettlement_alert_days", 1, 365, resettlement_alert_days),
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
    if (d->text) {
        if (po_rank_loss_parse(&p->loss_making, value) < 0)
            return po_err_set(err, PO_EINVAL, "城市参数 %s 的值 \"%s\" 应为 review 或 ranked_worst",
                              "city parameter %s: \"%s\" must be review or ranked_worst", param,
                              value);
        return 0;
    }
    int64_t v = 0;
    if (po_dec_parse(&v, value, strlen(value)) != PO_DEC_OK || (d->integer && v % M != 0))
        return d->integer
                   ? po_err_set(err, PO_EINVAL, "城市参数 %s 的值 \"%s\" 不是整数",
                                "city parameter %s: \"%s\" is not a whole number", param, value)
                   : po_err_set(err, PO_EINVAL, "城市参数 %s 的值 \"%s\" 不是数字",
                                "city parameter %s: \"%s\" is not a number", param, value);
    if (v < d->min_micro || v > d->max_micro)
        return po_err_set(err, PO_EINVAL, "城市参数 %s 的值 %s 超出范围 %lld–%lld",
                          "city parameter %s: %s is outside %lld-%lld", param, value,
                          (long long)(d->min_micro / M), (long long)(d->max_micro / M));
    if (k == P_NOTICE)
        p->plan_notice_pct_micro = v;
    else if (k == P_INTERVIEW)
        p->plan_interview_pct_micro = v;
    else
        *(int *)(void *)((char *)p + d->int_at) = (int)(v / M);
    return 0;
}

int po_cityparams_check(const struct po_city_params *p, struct po_err *err)
{
    if (p->plan_interview_pct_micro > p->plan_notice_pct_micro)
        return po_err_set(err, PO_EINVAL, "约谈阈值（plan_interview_below_pct）不能高于通报阈值",
                          "plan_interview_below_pct must not exceed plan_notice_below_pct");
    if (p->reminder_late_days > p->reminder_early_days)
        return po_err_set(
            err, PO_EINVAL,
            "第二次到期提醒（reminder_late_days）不能早于第一次（reminder_early_days）",
            "reminder_late_days must not exceed reminder_early_days");
    return 0;
}

struct load_ctx {
    struct po_city_params *p;
    const char *on; /* YYYY-MM-DD, or NULL: the latest row */
    int col_param, col_value, col_from, col_conf;
    int seen[NPARAMS];
    char from[NPARAMS][11]; /* effective_from of the row taken for each parameter */
};

static bool iso_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    return true;
}

/* One row of a parameter: taken when in force on x->on and later than the one taken so far. */
static int dated_row(struct load_ctx *x, int k, char **f, size_t n, struct po_err *err)
{
    const char *from = x->col_from >= 0 && (size_t)x->col_from < n ? f[x->col_from] : "";
    if (*from && !iso_date(from))
        return po_err_set(err, PO_EINVAL, "参数 %s 的 effective_from \"%s\" 应为 YYYY-MM-DD",
                          "parameter %s: effective_from \"%s\" must be YYYY-MM-DD", params[k].name,
                          from);
    if ((x->seen[k] & 1) && strcmp(x->from[k], from) == 0)
        return po_err_set(err, PO_EINVAL, "参数 %s 重复", "parameter %s given twice",
                          params[k].name);
    struct po_city_params tmp = *x->p;
    int rc = po_cityparams_set(&tmp, params[k].name, f[x->col_value], err); /* checked always */
    if (rc < 0)
        return rc;
    bool in_force = !x->on || strcmp(from, x->on) <= 0;
    bool later = !(x->seen[k] & 1) || strcmp(from, x->from[k]) > 0;
    if (!in_force || !later) {
        x->seen[k] |= 2; /* given, not in force or older: does not count as present */
        return 0;
    }
    *x->p = tmp;
    x->seen[k] |= 1;
    snprintf(x->from[k], sizeof x->from[k], "%s", from);
    const char *conf = x->col_conf >= 0 && (size_t)x->col_conf < n ? f[x->col_conf] : "";
    if (k == P_LOSS_MAKING) {
        snprintf(x->p->loss_making_from, sizeof x->p->loss_making_from, "%s", from);
        snprintf(x->p->loss_making_confidence, sizeof x->p->loss_making_confidence, "%s", conf);
    }
    if (k == P_WORST_PCT) {
        snprintf(x->p->worst_pct_from, sizeof x->p->worst_pct_from, "%s", from);
        snprintf(x->p->worst_pct_confidence, sizeof x->p->worst_pct_confidence, "%s", conf);
    }
    return 0;
}

static int row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct load_ctx *x = vctx;
    if (rowno == 0) {
        for (size_t i = 0; i < n; i++) {
            if (strcmp(f[i], "param") == 0)
                x->col_param = (int)i;
            if (strcmp(f[i], "value") == 0)
                x->col_value = (int)i;
            if (strcmp(f[i], "effective_from") == 0)
                x->col_from = (int)i;
            if (strcmp(f[i], "confidence") == 0)
                x->col_conf = (int)i;
        }
        if (x->col_param < 0 || x->col_value < 0)
            return po_err_set(err, PO_EINVAL, "%s 表头缺少 param 或 value 列",
                              "%s: the header lacks param or value", PO_CITYPARAMS_FILE);
        return 0;
    }
    int rc = 0;
    if ((size_t)x->col_param >= n || (size_t)x->col_value >= n)
        rc = po_err_set(err, PO_EINVAL, "列数不足", "too few columns");
    else if (find(f[x->col_param]) >= 0)
        rc = dated_row(x, find(f[x->col_param]), f, n, err);
    else
        rc = po_cityparams_set(x->p, f[x->col_param], f[x->col_value], err); /* unknown: refused */
    if (rc < 0)
        po_err_context(err, "%s row %zu", PO_CITYPARAMS_FILE, rowno + 1);
    return rc;
}

int po_cityparams_load_on(struct po_city_params *out, const char *on, struct po_err *err)
{
    struct po_city_params p = PO_CITY_PARAMS_DEFAULT;
    struct load_ctx x = { &p, on, -1, -1, -1, -1, { 0 }, { { 0 } } };
    int rc = po_ref_parse(PO_CITYPARAMS_FILE, row, &x, err);
    for (int k = 0; rc == 0 && k < NPARAMS; k++)
        if (!(x.seen[k] & 1))
            rc = x.seen[k] ? po_err_set(err, PO_EINVAL, "%s 的参数 %s 在 %s 尚未生效",
                                        "%s: parameter %s is not in force on %s",
                                        PO_CITYPARAMS_FILE, params[k].name, on)
                           : po_err_set(err, PO_EINVAL, "%s 缺少参数 %s", "%s lacks parameter %s",
                                        PO_CITYPARAMS_FILE, params[k].name);
    if (rc == 0)
        rc = po_cityparams_check(&p, err);
    if (rc == 0)
        *out = p;
    return rc;
}

int po_cityparams_load(struct po_city_params *out, struct po_err *err)
{
    return po_cityparams_load_on(out, NULL, err);
}
