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
 */
#ifndef PO_CITYPARAMS_H
#define PO_CITYPARAMS_H

#include <stdint.h>

#include "util/err.h"

#define PO_CITYPARAMS_FILE "data/city_params.csv"

struct po_city_params {
    int intensity_exit_years;         /* 1..10: years in the worst 20 % before exit */
    int64_t plan_notice_pct_micro;    /* 0..100 % × 10^6: below it, a written notice */
    int64_t plan_interview_pct_micro; /* 0..notice: below it, an interview */
};

/* The defaults the file ships with (3 years, 80 %, 50 %). */
#define PO_CITY_PARAMS_DEFAULT { 3, 80000000, 50000000 }

/*
 * Load the compiled-in data/city_params.csv into *out.  PO_EINVAL for a
 * bad file (row and parameter named), PO_ENOTFOUND when it is not compiled
 * in.  Pure apart from reading the embedded bytes; thread-safe.
 */
int po_cityparams_load(struct po_city_params *out, struct po_err *err);

/*
 * Set one parameter from its text value, checking its range.  PO_EINVAL
 * for an unknown parameter or a bad value.  *p is unchanged on error.
 */
int po_cityparams_set(struct po_city_params *p, const char *param, const char *value,
                      struct po_err *err);

/* Check the parameters against each other (interview <= notice).  PO_EINVAL. */
int po_cityparams_check(const struct po_city_params *p, struct po_err *err);

#endif
