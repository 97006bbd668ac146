/*
 * surchargedata.h: loading the surcharge rules (data/surcharge_rules.csv) into the rule structs
 * of core/surcharge.h.
 *
 * One row is one version of one rule (rule_id, version unique).  The whole file is refused at
 * the first bad row, as the evaluation rules are (rulesdata.h): a half-loaded rule set would bill
 * some enterprises and silently skip others.  Columns are found by their header names, so their
 * order may change; every column data/RULES.md lists must be present.  Each value is checked
 * (utility electricity | water and a kind of it, 0/1 inclusivity given with its bound, exact
 * decimals for bounds, rate and step, YYYY-MM-DD dates with effective_to not before
 * effective_from, confidence high | medium | low); errors name the file, the row (1 = the first
 * data row, as a spreadsheet shows it minus the header) and the column, in both languages.
 *
 * The version of the set is the SHA-256 of the file's bytes (hex), stored with every run.
 *
 * Memory: the rules and their strings live in the arena given.  Errors: PO_EINVAL (a bad file,
 * row and column named), PO_ENOTFOUND (not compiled in), PO_EINTERNAL (malformed CSV),
 * PO_ENOMEM.  *out is unchanged on failure.  Thread-safe.
 */
#ifndef PO_SURCHARGEDATA_H
#define PO_SURCHARGEDATA_H

#include <stddef.h>

#include "core/surcharge.h"
#include "util/err.h"

struct po_arena;

#define PO_SURCHARGEDATA_FILE "data/surcharge_rules.csv"

struct po_surchargedata {
    const struct po_sc_rule *rules;
    size_t n;
    const char *name; /* the file's name, for messages */
    char hash[65];    /* SHA-256 (hex) of the file's bytes: the rule-set version */
};

/* Load the compiled-in data/surcharge_rules.csv. */
int po_surchargedata_load(struct po_surchargedata *out, struct po_arena *a, struct po_err *err);

/* The same from CSV bytes (data[0..len)) named name in messages: for tests and other files. */
int po_surchargedata_parse(struct po_surchargedata *out, const char *name, const char *data,
                           size_t len, struct po_arena *a, struct po_err *err);

/* Rule id at version in sd, or NULL. */
const struct po_sc_rule *po_surchargedata_find(const struct po_surchargedata *sd, const char *id,
                                               int version);

#endif
