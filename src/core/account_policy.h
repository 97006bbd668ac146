/*
 * account_policy.h: the accounting policy — dated rules with citations.
 *
 * Which conventions an energy account follows is not a constant of the
 * program but data (data/accounting_policy.csv), each rule with its
 * document, dates, source and confidence, as OpenFisca keeps dated
 * parameters apart from formulas:
 *
 *   electricity_convention       equivalent_value | equal_value   (GB/T 2589-2020)
 *   feedstock_excluded           total | total|intensity          (发改环资〔2022〕803号)
 *   renewable_excluded           total | total|intensity          (1258号, 113号)
 *   quota_electricity_convention equivalent_value                 (the quota standards)
 *   barometer_total_warning_pct  a percentage of the cap          (this project's choice)
 *
 * Reference date: a year is accounted under the rules in force on its 31
 * December, for the whole year — a rule that starts during the year governs
 * that year's account.  The same rule picks the version of a quota
 * standard (quota.h).  Comparisons between years (the barometer) account
 * every year under the policy of the year assessed, as 803号 asks for the
 * base and target year alike.
 *
 * The equal value (等价值) of electricity is the year's national average
 * coal consumption of thermal power supply (data/electricity_equal_value.csv);
 * it is chosen per year, by the policy table or by the caller.
 *
 * Pure: no I/O.  The table's rows live in the arena given to
 * po_policy_table_init; it is read-only after loading and may be shared
 * between threads.
 *
 * Errors: po_policy_add and po_policy_add_equal_value return PO_EINVAL naming the field in both
 * languages, or PO_ENOMEM; po_policy_resolve returns PO_EINVAL (two rules of one kind in force on
 * one day) or PO_ENOTFOUND (the equal value asked for and no coefficient for the year).  Rule
 * names and scope words are static strings.
 */
#ifndef PO_ACCOUNT_POLICY_H
#define PO_ACCOUNT_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h" /* struct po_date: the rules' dates in force */
#include "util/err.h"

struct po_arena;

enum po_rule_kind {
    PO_RULE_ELECTRICITY = 0,   /* electricity_convention */
    PO_RULE_FEEDSTOCK,         /* feedstock_excluded */
    PO_RULE_RENEWABLE,         /* renewable_excluded */
    PO_RULE_QUOTA_ELECTRICITY, /* quota_electricity_convention */
    PO_RULE_TOTAL_WARNING,     /* barometer_total_warning_pct */
    PO_RULE_COUNT
};

/* Where an exclusion applies: bits of po_policy_rule.scope. */
enum {
    PO_EXCL_TOTAL = 1,     /* left out of total consumption (总量) */
    PO_EXCL_INTENSITY = 2, /* left out of the intensity numerator (强度) */
};

struct po_policy_rule {
    enum po_rule_kind kind;
    const char *name;        /* as in the file: "feedstock_excluded" */
    struct po_date from, to; /* in force from..to inclusive; to.y == 0: open-ended */
    const char *value;       /* as in the file: "total|intensity" */
    unsigned scope;          /* exclusion rules: PO_EXCL_* */
    bool equal_value;        /* electricity rules: true for equal_value */
    int64_t number_micro;    /* barometer_total_warning_pct: the percentage × 10^6 */
    const char *document;    /* issuing body, number, date */
    const char *desc_zh, *desc_en;
    const char *source, *confidence;
};

/* One year's equal value of electricity (data/electricity_equal_value.csv). */
struct po_equal_value {
    int year;
    int64_t gce_milli; /* gce per kWh × 1000; also tce per kWh × 10^9 */
    const char *basis, *source, *confidence;
};

struct po_policy_table {
    struct po_policy_rule *rules;
    size_t nrules, caprules;
    struct po_equal_value *eq;
    size_t neq, capeq;
    struct po_arena *a;
};

void po_policy_table_init(struct po_policy_table *t, struct po_arena *a);

/*
 * Add a rule from the fields of a policy row (strings are copied).  The
 * name must be one of the rule names above, dates YYYY-MM-DD (to may be
 * empty), from <= to, and the value valid for the rule.  PO_EINVAL with
 * the field named in both languages; PO_ENOMEM.
 */
int po_policy_add(struct po_policy_table *t, const char *name, const char *from, const char *to,
                  const char *value, const char *document, const char *desc_zh, const char *desc_en,
                  const char *source, const char *confidence, struct po_err *err);

/* Add a year's equal value: gce per kWh as decimal text, at most 3 decimals.  PO_EINVAL, PO_ENOMEM.
 */
int po_policy_add_equal_value(struct po_policy_table *t, int year, const char *gce_per_kwh,
                              const char *basis, const char *source, const char *confidence,
                              struct po_err *err);

/* The caller's choice of electricity convention, over the policy table's. */
enum po_elec_choice {
    PO_ELEC_POLICY = 0, /* as the table says for the year */
    PO_ELEC_EQUIVALENT, /* 当量值 */
    PO_ELEC_EQUAL,      /* 等价值, with the year's coefficient */
};

/* The policy in force for one accounting year. */
struct po_acct_policy {
    int year;
    struct po_date on;                                /* 31 December of year */
    const struct po_policy_rule *rule[PO_RULE_COUNT]; /* in force on `on`, or NULL */
    bool equal_value;                                 /* electricity at the equal value */
    bool chosen;                                      /* the convention came from the caller */
    const struct po_equal_value *equal;               /* its coefficient, when equal_value */
    unsigned feedstock;                               /* PO_EXCL_* applied to feedstock records */
    unsigned renewable;              /* PO_EXCL_* applied to renewable_electricity */
    int64_t total_warning_pct_micro; /* 0: no total-consumption warning band */
    bool low_confidence; /* an accounting rule in force, or the equal value used, is of low
                            confidence (the barometer's warning band is not counted here) */
};

/*
 * Resolve the policy of `year`.  Errors: PO_EINVAL when two rules of one
 * kind are in force on the same day; PO_ENOTFOUND when the equal value is
 * asked for and the table has no coefficient for the year.
 */
int po_policy_resolve(struct po_acct_policy *out, const struct po_policy_table *t, int year,
                      enum po_elec_choice choice, struct po_err *err);

/* The rule name of a kind ("feedstock_excluded"). */
const char *po_rule_name(enum po_rule_kind k);
/* "总量、强度" / "total and intensity" for a PO_EXCL_* set. */
const char *po_excl_scope_zh(unsigned scope);
const char *po_excl_scope_en(unsigned scope);

#endif
