/*
 * credit.h: records for the national credit information sharing platform (issue 15 §1) — the
 * checks every exported record passes, its public period, and where its repair flow stands.
 *
 * A record is one administrative measure (责令停产停业, 责令关闭, 吊销许可证件 …) taken on a
 * case after the enterprise missed its deadline (app/creditdb.h derives them from the case log).
 * Its fields are those of the 双公示 administrative-penalty data standard, listed with their
 * formats in data/credit_fields.csv; po_credit_check tells, field by field, why a record cannot
 * be exported — a record is exported whole or not at all.  The public period runs from the
 * decision date: repair (信用修复) may be asked for after the shortest period, and the record
 * leaves the public list by itself at the end of the longest (data/credit_periods.csv).
 *
 * Pure: no I/O, no clock ("as of" is passed in).  Thread-safe.
 *
 * Memory: nothing is allocated; problems go into the caller's array.  Errors: po_credit_check
 * returns the number of problems (0: the record may be exported); po_credit_field_parse PO_EINVAL
 * with a bilingual message naming the column.
 */
#ifndef PO_CREDIT_H
#define PO_CREDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/date.h"
#include "util/err.h"

enum po_credit_format {
    PO_CF_TEXT,    /* any text up to max_len characters */
    PO_CF_USCC,    /* a unified social credit code, its check character right (GB 32100-2015) */
    PO_CF_DATE,    /* YYYY-MM-DD, a real day */
    PO_CF_ENUM,    /* one of the values listed, '|'-separated */
    PO_CF_DECIMAL, /* a plain decimal number, not negative */
};

/* One field of the data standard (a row of data/credit_fields.csv). */
struct po_credit_field {
    const char *key;     /* the identifier in JSON and the code: "uscc" */
    const char *name_zh; /* the standard's name, the CSV/XLSX header: "统一社会信用代码" */
    enum po_credit_format format;
    bool required;
    size_t max_len;      /* characters (not bytes); 0: no limit */
    const char *values;  /* PO_CF_ENUM: "a|b|c" */
};

/* format text ("text", "uscc", "date", "enum", "decimal") into *out; PO_EINVAL naming it. */
int po_credit_format_parse(enum po_credit_format *out, const char *s, struct po_err *err);

/* Why one field cannot go out. */
struct po_credit_problem {
    size_t field;       /* index into the fields */
    const char *why_zh; /* static text */
    const char *why_en;
};

/*
 * Check values[i] (NULL or "" = not recorded) against fields[i] for i < n: a required field
 * present, text within max_len characters and valid UTF-8, a USCC whose check character is
 * right, a real date, a listed value, a decimal.  Writes at most max problems to out and returns
 * how many there are (possibly more than max).
 */
size_t po_credit_check(const struct po_credit_field *fields, size_t n, const char *const *values,
                       struct po_credit_problem *out, size_t max);

/* The public period of a record decided on `decided`. */
struct po_credit_period {
    struct po_date repair_from;  /* decided + min months: repair may be asked for from this day */
    struct po_date public_until; /* decided + max months: the last day on the public list */
};
struct po_credit_period po_credit_period_of(struct po_date decided, int min_months,
                                            int max_months);

/* The repair flow's events, in order (table credit_event). */
enum po_credit_event { PO_CRE_APPLY, PO_CRE_APPROVE, PO_CRE_REFUSE };
const char *po_credit_event_name(enum po_credit_event e);
int po_credit_event_parse(enum po_credit_event *out, const char *s);

enum po_credit_status {
    PO_CRS_PUBLIC,           /* on the public list */
    PO_CRS_REPAIR_REQUESTED, /* on the list, a repair request waiting for the city bureau */
    PO_CRS_WITHDRAWN,        /* repaired: withdrawn from the list (the withdrawal is exported) */
    PO_CRS_EXPIRED,          /* the longest period is over: off the list by itself */
};
const char *po_credit_status_name(enum po_credit_status s);
const char *po_credit_status_zh(enum po_credit_status s);

/*
 * Where a record stands on as_of, from its period and its events (kinds[i] on days[i], in
 * order, those after as_of ignored); *withdrawn_on gets the approval's day when withdrawn.
 */
enum po_credit_status po_credit_status_at(struct po_credit_period p,
                                          const enum po_credit_event *kinds,
                                          const struct po_date *days, size_t n,
                                          struct po_date as_of, struct po_date *withdrawn_on);

/*
 * Whether event e may follow the events so far on day `on`: apply only while public (not
 * waiting, withdrawn or expired) and not before repair_from; approve and refuse only while a
 * request waits.  0, or PO_EINVAL with a bilingual message saying why not.
 */
int po_credit_event_check(struct po_credit_period p, const enum po_credit_event *kinds,
                          const struct po_date *days, size_t n, enum po_credit_event e,
                          struct po_date on, struct po_err *err);

#endif
