/*
 * cityparams.h: the parameters the city sets itself (data/city_params.csv).
 *
 * The Wuhai opinion leaves some numbers to the city: how many years an
 * enterprise may stay in the worst 20 % by energy intensity before exit
 * (三(二) names none), and when a district's slow exit plan earns a written
 * notice (通报) or an interview (约谈) (四(二) names none).  They are data
 * with a source and a note, not constants in code (STYLE §8), compiled in
 * from data/city_params.csv.
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
 */
#ifndef PO_CITYPARAMS_H
#define PO_CITYPARAMS_H

#include <stdint.h>

#include "core/rank_legal.h"

#include "util/err.h"

#define PO_CITYPARAMS_FILE "data/city_params.csv"

struct po_city_params {
    int intensity_exit_years;         /* 1..10: years in the worst 20 % before exit */
    int64_t plan_notice_pct_micro;    /* 0..100 % × 10^6: below it, a written notice */
    int64_t plan_interview_pct_micro; /* 0..notice: below it, an interview */
    enum po_rank_loss loss_making;    /* loss_making_ranking: review | ranked_worst */
    char loss_making_from[11];        /* its row's effective_from ("" : always) */
    char loss_making_confidence[16];  /* its row's confidence (high / medium / low) */
};

/* The defaults the file ships with (3 years, 80 %, 50 %, loss-making firms listed for review). */
#define PO_CITY_PARAMS_DEFAULT                                                                     \
    {                                                                                              \
        3, 80000000, 50000000, PO_LOSS_REVIEW, "", "low"                                           \
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

/* Check the parameters against each other (interview <= notice).  PO_EINVAL. */
int po_cityparams_check(const struct po_city_params *p, struct po_err *err);

#endif
