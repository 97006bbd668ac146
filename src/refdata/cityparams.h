/*
 * cityparams.h: the parameters the city sets itself (data/city_params.csv).
 *
 * The Wuhai opinion's numbers and those it leaves to the city: the worst
 * share of the intensity ranking (三(二): 后20%), the rectification periods
 * and the extension cap (三(二), 三(六)), how many years an enterprise may
 * stay in the worst group before exit (三(二) names none), when a district's
 * slow exit plan earns a written notice (通报) or an interview (约谈) and the
 * periods those notices give (四(三) names none), the reminder windows, the
 * zombie-enterprise loss look-back and the attachment limit (the opinion is
 * silent: low confidence).  They are data with a source and a note, not
 * constants in code (STYLE §8), compiled in from data/city_params.csv, and
 * handed to src/core as parameters (core loads nothing).
 *
 * The file has a header row naming at least the columns param and value;
 * every known parameter must appear exactly once; an unknown parameter, a
 * value that is not a number, or one outside its range is refused, naming
 * the file, the row and the parameter in both languages.  The ranges are
 * here, not in the file, so an edit cannot widen them.
 *
 * Values are dated: an optional column effective_from (YYYY-MM-DD, empty:
 * always) lets a parameter appear once per date; the row in force on the
 * day asked is the one with the latest effective_from not after it.  A
 * parameter without a row in force on that day is refused.  Text-valued
 * parameters (loss_making_ranking: review | ranked_worst) keep their row's
 * effective_from and confidence, for the screens that show the choice.
 *
 * Memory: nothing is allocated; struct po_city_params is filled in place.
 * Errors: PO_EINVAL (a bad file, parameter or value — row and parameter
 * named — or one not in force on the day asked), PO_ENOTFOUND (the file not
 * compiled in), PO_EINTERNAL / PO_ENOMEM from the CSV parser
 * (refdata/refdata.h); *p is unchanged when po_cityparams_set() fails.
 */
#ifndef PO_CITYPARAMS_H
#define PO_CITYPARAMS_H

#include <stdint.h>

#include "core/rank_legal.h"

#include "util/err.h"

#define PO_CITYPARAMS_FILE "data/city_params.csv"

struct po_city_params {
    int intensity_exit_years;         /* 1..10: years in the worst group before exit */
    int64_t plan_notice_pct_micro;    /* 0..100 % × 10^6: below it, a written notice */
    int64_t plan_interview_pct_micro; /* 0..notice: below it, an interview */
    enum po_rank_loss loss_making;    /* loss_making_ranking: review | ranked_worst */
    char loss_making_from[11];        /* its row's effective_from ("" : always) */
    char loss_making_confidence[16];  /* its row's confidence (high / medium / low) */
    int intensity_worst_pct;        /* 1..100: the worst share of the ranking flagged (三(二)) */
    char worst_pct_from[11];        /* its row's effective_from ("" : always) */
    char worst_pct_confidence[16];  /* its row's confidence */
    int quota_rectify_months;       /* 1..120: energy-quota rectification period (三(二)) */
    int quota_extension_max_months; /* 1..12: its one extension at most (三(二)) */
    int quality_rectify_months;     /* 1..120: quality rectification period (三(六)) */
    int reminder_early_days;        /* 1..365: first reminder (kind due_30) */
    int reminder_late_days;         /* 1..early: second reminder (kind due_7) */
    int plan_interview_within_workdays; /* 1..60: the interview notice's period */
    int plan_notice_reply_days;         /* 1..90: the written notice's reply period */
    int zombie_loss_window_years;       /* 1..PO_CITYPARAMS_LOSS_WINDOW_MAX: loss_years look-back */
    int attachment_max_mib;             /* 1..24: largest case attachment, MiB */
    int report_reply_workdays;   /* 1..90: reply period of a public report (举报), workdays */
    int reconsideration_days;    /* 1..365: 行政复议 application period, days */
    int lawsuit_months;          /* 1..24: 行政诉讼 filing period, months */
    int resettlement_alert_days; /* 1..365: a scheduled exit this near without an approved
                                    职工安置方案 alerts (tick, 实施意见 四(六)) */
};

/* The longest loss_years look-back the loader accepts (evaldb sizes its rows by it). */
#define PO_CITYPARAMS_LOSS_WINDOW_MAX 10

/*
 * The values the file ships with, for tests and as the loader's starting point (every
 * parameter must still appear in the file).  The loaders are the one place these numbers
 * may be written (tests/static/test_policy_literals.sh).
 */
#define PO_CITY_PARAMS_DEFAULT                                                                     \
    {                                                                                              \
        .intensity_exit_years = 3, .plan_notice_pct_micro = 80000000,                              \
        .plan_interview_pct_micro = 50000000, .loss_making = PO_LOSS_REVIEW,                       \
        .loss_making_from = "", .loss_making_confidence = "low", .intensity_worst_pct = 20,        \
        .worst_pct_from = "", .worst_pct_confidence = "medium", .quota_rectify_months = 6,         \
        .quota_extension_max_months = 3, .quality_rectify_months = 6, .reminder_early_days = 30,   \
        .reminder_late_days = 7, .plan_interview_within_workdays = 5,                              \
        .plan_notice_reply_days = 15, .zombie_loss_window_years = 3, .attachment_max_mib = 20,     \
        .report_reply_workdays = 15, .reconsideration_days = 60, .lawsuit_months = 6,              \
        .resettlement_alert_days = 60                                                              \
    }

/*
 * Load the compiled-in data/city_params.csv into *out.  PO_EINVAL for a
 * bad file (row and parameter named), PO_ENOTFOUND when it is not compiled
 * in.  Pure apart from reading the embedded bytes; thread-safe.
 */
int po_cityparams_load(struct po_city_params *out, struct po_err *err);

/* The same, the rows in force on day `on` (YYYY-MM-DD); po_cityparams_load() takes the latest. */
int po_cityparams_load_on(struct po_city_params *out, const char *on, struct po_err *err);

/*
 * Set one parameter from its text value, checking its range.  PO_EINVAL
 * for an unknown parameter or a bad value.  *p is unchanged on error.
 */
int po_cityparams_set(struct po_city_params *p, const char *param, const char *value,
                      struct po_err *err);

/* Check the parameters against each other (interview <= notice, late <= early reminder).
 * PO_EINVAL. */
int po_cityparams_check(const struct po_city_params *p, struct po_err *err);

#endif
