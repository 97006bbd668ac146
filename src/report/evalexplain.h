/*
 * evalexplain.h: the plain-language explanation of a stored finding, in Chinese and English.
 *
 * `phaseout explain` prints one of the two texts; the HTTP API returns both.  The texts are
 * made from the stored finding only (core/finding.h, read by app/evalread.h), never from today's
 * rule file, so an explanation always cites the rule version, legal basis and figures of its own
 * run: the enterprise and unit, the outcome, the rule and criterion, the figures compared with
 * their units and thresholds (the Chinese text uses the Chinese evidence stored with the finding,
 * migration 0009), the legal basis, the measure and the text that sets it, the departments as
 * the Wuhai opinion assigns them, the source and confidence of the rule, the rule set's hash
 * and the data fingerprint.  A finding of a run made before migration 0009 has no Chinese
 * evidence; its Chinese text then quotes the English evidence and says so.
 *
 * Memory: the texts live in the arena given; department names are static.  Errors: PO_ENOMEM
 * only (the arena failed); po_explain_department() returns NULL for an unknown tag.
 */
#ifndef PO_EVALEXPLAIN_H
#define PO_EVALEXPLAIN_H

#include <stdbool.h>

#include "core/finding.h"
#include "util/err.h"

struct po_arena;

/* The city's periods a measure's name states (refdata/cityparams.h, from the caller):
   rectify_6_months is "N个月内整改" with N the quality one for a quality finding, else the
   energy-quota one. */
struct po_explain_periods {
    int quota_rectify_months;   /* quota_rectify_months */
    int quality_rectify_months; /* quality_rectify_months */
};

/*
 * Render f into *zh and *en (NUL-terminated, one line per item, ending in a newline).
 * Either out-pointer may be NULL when that language is not wanted.  Both strings live in
 * a until it is destroyed.  PO_ENOMEM when the arena fails (*zh and *en are then left
 * untouched).  Pure apart from the arena; thread-safe with distinct arenas.
 */
int po_explain_text(char **zh, char **en, const struct po_stored_finding *f,
                    const struct po_explain_periods *periods, struct po_arena *a,
                    struct po_err *err);

/* The bureau of a department tag (miit drc energy eco_env emergency market) in Chinese (zh)
   or English; NULL for any other tag. */
const char *po_explain_department(const char *tag, bool zh);

#endif
