/*
 * evaluate.h: judging an enterprise and its equipment by the rule set.
 *
 * The caller (app/evaldb.c) gathers the facts — each equipment's parameters,
 * the enterprise facts named in core/rules.h — and the evaluation date; this
 * module decides, rule by rule, for every rule in force on that date for the
 * enterprise's district:
 *   - caught: every "when" condition holds and the "unless" clause does not;
 *   - cannot decide: no condition is false but a figure a condition or the
 *     exception needs is missing (insufficient data is a finding, never
 *     silence);
 *   - nothing: a condition is false, or the exception holds.
 * Each finding carries its evidence (the figures compared, with units, and
 * the thresholds) rendered twice, in English and in Chinese, from the same
 * comparisons, the rule (id, version, legal basis, measure, departments)
 * and the low-confidence flag of the rule.
 *
 * Pure: no I/O, no clock.  Thread-safe.
 *
 * Memory: findings, their evidence and the legal-basis line live in the arena given; they point at
 * the rule set and the enterprise's strings, which must outlive them.  Errors: po_eval_enterprise
 * returns PO_ENOMEM only (a missing figure is a finding, not an error).
 */
#ifndef PO_EVALUATE_H
#define PO_EVALUATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rules.h"

struct po_arena;

/* A figure known about a unit or an enterprise; absent from the list = missing. */
/*
 * value_micro of a fact known to be missing, with the reason in value_text
 * ("value added missing for 2024"): the same as an absent fact, but the
 * "cannot decide" finding names the reason.
 */
#define PO_EVAL_MISSING INT64_MIN

struct po_eval_fact {
    const char *tag;
    int64_t value_micro;    /* numbers and booleans */
    const char *value_text; /* text parameters; for numbers and booleans an optional note
                               shown in the evidence (the figures behind a derived fact) */
    const char *note_zh;    /* the note in Chinese for the Chinese evidence; NULL: none (the
                               English note is then shown there too) */
    const char *missing;    /* with PO_EVAL_MISSING: the registry data items whose absence
                               leaves the fact unknown, tags of data/fact_sources.csv joined
                               by '|' ("value_added", "energy_use"); NULL: the fact's own tag */
};

struct po_eval_equipment {
    const char *equipment_id;
    const char *type;
    const struct po_eval_fact *params;
    size_t nparams;
    /*
     * YYYY, YYYY-MM or YYYY-MM-DD, or NULL.  When a rule asks is_new_capacity
     * and the unit has no such parameter, the unit is new capacity for that
     * rule when it was commissioned on or after the rule took effect, old
     * when before, and undecided when the precision given cannot tell.
     */
    const char *commissioned;
};

struct po_eval_enterprise {
    const char *uscc, *name, *district_code;
    const struct po_eval_fact *facts; /* enterprise facts (has_downstream, ...) */
    size_t nfacts;
    const struct po_eval_equipment *eq; /* units still in place (not sealed or dismantled) */
    size_t neq;
};

enum po_finding_status { PO_FIND_CAUGHT = 0, PO_FIND_CANNOT_DECIDE };

struct po_finding {
    char id[17]; /* stable: FNV-1a 64 of uscc, equipment, rule id and version, in hex */
    const char *uscc, *enterprise_name;
    const char *equipment_id; /* "" for an enterprise finding */
    const struct po_rule *rule;
    enum po_finding_status status;
    const char *evidence;    /* English, figures with units */
    const char *evidence_zh; /* the same evidence in Chinese: tag names, units, operators,
                                exception and missing-data wording, and the notes' note_zh */
    const char *missing;     /* cannot decide: the data items not recorded, tags of
                                data/fact_sources.csv joined by '|'; NULL when caught */
};

/*
 * Append to *out (an arena array of *n findings, cap in *cap) the findings
 * of e on day `on`.  Everything lives in a.  PO_ENOMEM only.
 */
int po_eval_enterprise(struct po_finding **out, size_t *n, size_t *cap, const struct po_ruleset *rs,
                       const struct po_eval_enterprise *e, struct po_date on, struct po_arena *a,
                       struct po_err *err);

/*
 * Sort for output: by uscc, then caught before cannot-decide, then measure
 * severity (most severe first), rule id, version, equipment id.  The order is
 * total, so equal inputs give byte-identical output.
 */
void po_eval_sort(struct po_finding *f, size_t n);

/* The legal basis as one line: "doc_no article (issuer)". */
char *po_finding_legal_basis(const struct po_finding *f, struct po_arena *a);

#endif
