/*
 * demo_credit.h: the consequences side of the demo city's year (issue 15 §1-3) — the bureau's
 * code for the credit platform, a repair requested and approved on the oldest complete record,
 * a refused request, joint-punishment measures recorded by the departments that apply them,
 * and enterprises eligible for credit support.  Run by po_demo_activity after the cases.
 *
 * Memory: none kept.  Errors: those of app/creditdb.h; err filled.
 */
#ifndef PO_DEMO_CREDIT_H
#define PO_DEMO_CREDIT_H

#include <stddef.h>

#include "core/date.h"
#include "store/store.h"
#include "util/err.h"

struct po_arena;

struct po_demo_credit_report {
    size_t records, complete, withdrawn, joint_actions, support;
};

int po_demo_credit(struct po_demo_credit_report *out, struct po_store *st, struct po_date as_of,
                   struct po_arena *a, struct po_err *err);

#endif
