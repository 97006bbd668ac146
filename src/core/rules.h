/*
 * rules.h: the phase-out rules (data/rules.csv) as checked values.
 *
 * A rule is data with a citation, never code: an id and a version, the
 * criterion of the Wuhai implementing opinion (三(一)…三(六)) it belongs to,
 * the dates it is in force, the jurisdiction it covers (CN, or a prefix of
 * the GB/T 2260 district code: 15 Inner Mongolia, 1503 Wuhai), what it looks
 * at (a piece of equipment of one type, or the enterprise), the conditions
 * that catch ("when") and the exception clause that releases ("unless"), the
 * measure, the departments, the legal basis and the source and confidence of
 * the curated row.  data/RULES.md describes the file format.
 *
 * Conditions are "tag OP value" joined by " & ": OP is one of < <= > >= = !=;
 * a tag is a parameter of data/equipment_params.csv or an enterprise fact
 * (po_rules_facts); numbers are exact decimals (×10^6), booleans 0/1, text
 * values may list alternatives "a|b|c" (= holds when any one matches).
 *
 * This module parses and validates rows already split into fields; it does
 * no I/O (src/refdata/rulesdata.c reads the embedded file).  Errors name the file,
 * the row (1 = first data row, as a spreadsheet shows it after the header)
 * and the column, in Chinese and English.  Pure and thread-safe.
 *
 * Memory: rules and every string they hold live in the rule set's arena; names are static.
 * Errors: po_rules_header, po_rules_add_row and po_rules_check return PO_EINVAL naming file, row
 * and column, or PO_ENOMEM; the _parse functions return -1 for an unknown name.
 */
#ifndef PO_RULES_H
#define PO_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "util/err.h"

struct po_arena;
struct po_buf;

enum po_criterion {
    PO_CRIT_INDUSTRIAL_POLICY = 0, /* 三(一) */
    PO_CRIT_ENERGY,                /* 三(二) */
    PO_CRIT_PRODUCTION_FACTOR,     /* 三(三) */
    PO_CRIT_ENVIRONMENT,           /* 三(四) */
    PO_CRIT_SAFETY,                /* 三(五) */
    PO_CRIT_QUALITY,               /* 三(六) */
    PO_CRIT_COUNT
};

/* Measures, most severe first: findings are listed in this order. */
enum po_measure {
    PO_MEAS_SHUTDOWN_DISMANTLE_OR_SEAL = 0,
    PO_MEAS_CLOSURE_REVOKE_LICENCE, /* closure, and the licences revoked (安全生产法 第113条) */
    PO_MEAS_CLOSURE_WITH_APPROVAL,
    PO_MEAS_SUSPEND,
    PO_MEAS_LIMIT_OR_SUSPEND,
    PO_MEAS_PHASE_OUT_PLAN,
    PO_MEAS_FACTOR_SUPPLY_CONTROL,
    PO_MEAS_RECTIFY_6_MONTHS,
    PO_MEAS_DIFFERENTIAL_PRICE_NO_EXPANSION,
    PO_MEAS_COUNT
};

enum po_rule_subject { PO_RSUBJ_EQUIPMENT = 0, PO_RSUBJ_ENTERPRISE };
enum po_rule_category { PO_RCAT_NONE = 0, PO_RCAT_ELIMINATED, PO_RCAT_RESTRICTED };
enum po_rule_op { PO_OP_LT = 0, PO_OP_LE, PO_OP_GT, PO_OP_GE, PO_OP_EQ, PO_OP_NE };
enum po_tag_type { PO_TAG_NUMBER = 0, PO_TAG_BOOL, PO_TAG_TEXT };

/* Departments (bit per department), as the policy text assigns them. */
enum {
    PO_DEPT_MIIT = 1 << 0,
    PO_DEPT_DRC = 1 << 1,
    PO_DEPT_ENERGY = 1 << 2,
    PO_DEPT_ECO_ENV = 1 << 3,
    PO_DEPT_EMERGENCY = 1 << 4,
    PO_DEPT_MARKET = 1 << 5,
};

/* A parameter or fact a condition may name. */
struct po_tag {
    const char *tag;
    enum po_tag_type type;
    const char *unit;    /* "" when none */
    const char *name_zh; /* Chinese name for the evidence; NULL: the tag itself */
};

struct po_tagset {
    const struct po_tag *tags;
    size_t n;
};

struct po_rule_cond {
    const char *tag;
    enum po_tag_type type;
    const char *unit;
    const char *name_zh; /* the tag's Chinese name, or NULL */
    enum po_rule_op op;
    int64_t num_micro; /* numbers and booleans (1 = 1000000) */
    const char *text;  /* text values: "a|b|c"; the value as written otherwise */
};

struct po_rule {
    const char *id;
    int version;
    enum po_criterion criterion;
    enum po_rule_subject subject;
    const char *scope;       /* "CN" or a district-code prefix */
    struct po_date from, to; /* inclusive; to.y == 0: open-ended */
    enum po_rule_category category;
    const char *equipment_type; /* "" for enterprise rules */
    struct po_rule_cond *when;
    size_t nwhen;
    struct po_rule_cond *unless;
    size_t nunless;
    enum po_measure measure;
    unsigned departments;
    const char *doc_no, *article, *issuer, *measure_basis, *title, *catalog_rows, *source;
    const char *title_zh;   /* the rule's Chinese name (optional last column title_zh); the
                               English title when the column is absent or the cell empty */
    const char *confidence; /* high | medium | low */
    bool low_confidence;
};

struct po_ruleset {
    struct po_rule *rules;
    size_t n, cap;
    struct po_arena *a; /* rules live here */
};

/*
 * The enterprise facts the evaluator computes: has_downstream, two_high, loss_years,
 * liabilities_exceed_assets (app/evaldb.h); has_quota_product, quota_over_limit,
 * has_efficiency_benchmark, below_baseline, intensity_worst_20pct (app/evalenergy.h);
 * environment_severity, safety_severity, quality_severity, production_licence_lapsed,
 * safety_licence_lapsed, discharge_permit_lapsed, holds_production_licence,
 * holds_safety_licence, holds_discharge_permit, safety_suspension_failed,
 * low_end_industry, washing_surplus_candidate (app/evaldb.h).
 */
extern const struct po_tag po_rules_facts[];
extern const size_t po_rules_nfacts;

/* Names for output and parsing; NULL / -1 when unknown. */
const char *po_criterion_name(enum po_criterion c);
const char *po_measure_name(enum po_measure m);
/*
 * The Chinese name of m appended to b; rectify_6_months names its period, rectify_months (the
 * city's parameter for the finding's criterion, refdata/cityparams.h: quota_rectify_months or
 * quality_rectify_months — the name keeps the number it was stored with).  -1 for an unknown
 * m, b untouched.
 */
int po_measure_add_zh(struct po_buf *b, enum po_measure m, int rectify_months);
/* Chinese rendering of a unit of data/equipment_params.csv ("m" → "米"); the unit itself when
   it has none (a symbol such as "%"). */
const char *po_rules_unit_zh(const char *unit);
/* Chinese name of an enumerated text value of data/equipment_params.csv ("dry_hollow" →
   "干法中空窑"); the value itself when it has none. */
const char *po_rules_value_zh(const char *value, size_t len);
int po_criterion_parse(const char *s);
int po_measure_parse(const char *s);
const char *po_rule_op_name(enum po_rule_op op);
/* "miit|drc" from a department mask, into buf (n >= 64). */
void po_rules_departments(char *buf, size_t n, unsigned mask);

/* An empty rule set whose rules live in a. */
void po_ruleset_init(struct po_ruleset *rs, struct po_arena *a);

/*
 * Check the header row of file: exactly the columns of data/RULES.md in
 * that order, the last one (title_zh) optional.  PO_EINVAL names the first
 * wrong or missing column.
 */
int po_rules_header(const char *file, char **fields, size_t n, struct po_err *err);

/*
 * Parse data row rowno (1-based) of file into a new rule of rs.  tags is
 * the set of known tags (equipment parameters and facts).  PO_EINVAL names
 * file, row and column of the first problem: unknown criterion, subject,
 * category, measure, department, operator or tag; a value that does not fit
 * its tag's type; a bad date or from > to; an equipment rule without an
 * equipment type; no condition; a missing legal basis (doc_no, article,
 * issuer), source or confidence.  PO_ENOMEM when the arena fails.
 */
int po_rules_add_row(struct po_ruleset *rs, const struct po_tagset *tags, const char *file,
                     size_t rowno, char **fields, size_t n, struct po_err *err);

/*
 * Whole-set checks after all rows: the same id and version twice, or two
 * versions of one id and scope in force on the same day.  PO_EINVAL.
 */
int po_rules_check(const struct po_ruleset *rs, const char *file, struct po_err *err);

/* Does the rule apply on day `on` to a place with this district code? */
bool po_rule_in_force(const struct po_rule *r, struct po_date on, const char *district_code);

/*
 * Compare a value against a condition.  Numbers and booleans by value_micro
 * (exact), text by text (alternatives "a|b").
 */
bool po_rule_cond_holds(const struct po_rule_cond *c, int64_t value_micro, const char *value_text);

#endif
