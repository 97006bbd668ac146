/*
 * rulesdata.h: loading the rule set (data/rules.csv, or a file given by the
 * user) and the parameter tags it may name (data/equipment_params.csv plus
 * the enterprise facts of core/rules.h).
 *
 * The whole set is refused at the first bad row: a rule file is law made
 * data, and a half-loaded one would silently drop findings.  Errors name the
 * file, the row (1 = first data row) and the column, in both languages.
 *
 * Memory: the rule set, tags and names live in the arena given; the titles
 * of po_rulesdata_titles() point into the loaded set.  Errors:
 * po_rulesdata_load() returns PO_EINVAL (a bad rule file, one with no
 * rules or with a rule beyond the loss window, a bad data/city_params.csv), PO_EIO (path cannot be read or hashed), PO_EINTERNAL (a compiled-
 * in file missing or malformed), PO_ENOMEM; the lookups return NULL.
 */
#ifndef PO_RULESDATA_H
#define PO_RULESDATA_H

#include <stdint.h>

#include "core/rules.h"

struct po_arena;

struct po_rulesdata {
    struct po_ruleset rs;
    struct po_tagset tags;
    const char *name;      /* "data/rules.csv" or the path given */
    char hash[65];         /* SHA-256 (hex) of the rule file's bytes: the rule-set version */
    int loss_window_years; /* the look-back of fact loss_years (city_params.csv) */
};

/*
 * Load and check the rules.  path NULL: the compiled-in data/rules.csv;
 * otherwise that CSV file.  Everything lives in a.  PO_EINVAL for a bad
 * rule file (file, row, column named) — also a rule asking for more loss
 * years than the city's look-back (zombie_loss_window_years, kept in
 * loss_window_years for the evaluator), which could never hold — or a bad
 * data/city_params.csv; PO_EIO when path cannot be read.
 */
int po_rulesdata_load(struct po_rulesdata *out, const char *path, struct po_arena *a,
                      struct po_err *err);

/* Rule id at version in rd, or NULL. */
const struct po_rule *po_rulesdata_find(const struct po_rulesdata *rd, const char *id,
                                        int64_t version);

/*
 * The rule's names for a bureau user: the Chinese name (title_zh) and the English title of
 * rule id at version in the compiled-in data/rules.csv; of another version of the same id
 * when that version is not there (a run made with an older rule file); NULL when the built-in
 * file has no such rule (a user's rule file).  rd is the loaded built-in set.
 */
void po_rulesdata_titles(const char **zh, const char **en, const struct po_rulesdata *rd,
                         const char *id, int64_t version);

#endif
