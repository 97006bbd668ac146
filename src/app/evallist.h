/*
 * evallist.h: stored evaluation runs and their findings as lists for the HTTP
 * API (docs/api.md "Evaluation"): the runs, one run, a run's findings paged and
 * filtered, an enterprise's findings of the latest run, the cases opened on a
 * finding.  Runs are immutable (migration 0005): everything here is a read.
 *
 * Rows are JSON objects by column name (app/listq.h).  A non-NULL scope confines
 * the findings to that district's enterprises (joined on the USCC).
 *
 * Memory: JSON returned is a new reference the caller owns; query text lives in
 * the arena passed in.  Errors: the store's (PO_EUNAVAIL, PO_EINVAL ...),
 * PO_ENOTFOUND where a function says so; NULL or a negative PO_E* with err
 * filled on failure, err untouched on success.
 */
#ifndef PO_APP_EVALLIST_H
#define PO_APP_EVALLIST_H

#include <stdint.h>

#include <jansson.h>

#include "app/listq.h"
#include "store/store.h"

struct po_arena;

/* 0 when run id exists, PO_ENOTFOUND when it does not (err untouched then too). */
int po_evallist_run_exists(struct po_store *st, int64_t id, struct po_err *err);
/* The run {id, year, as_of, rules_name, rules_sha256, data_sha256, nfindings,
 * findings_sha256, created_at}; PO_ENOTFOUND (err: "no such evaluation run"). */
json_t *po_evallist_run(struct po_store *st, int64_t id, struct po_err *err);

#define PO_EVALLIST_RUN_SORTS "id,year,as_of,created_at"
/* One page of runs (as po_evallist_run), newest first; year 0: every year. */
json_t *po_evallist_runs(int64_t *total, struct po_store *st, struct po_arena *a, int64_t year,
                         const struct po_listq_page *pg, struct po_err *err);

#define PO_EVALLIST_FINDING_SORTS "seq,uscc,criterion,status,measure,rule_id,enterprise_name"
/* Which findings of a run: NULL members do not filter. */
struct po_evallist_filter {
    const char *scope; /* the user's district */
    const char *criterion, *status, *uscc, *district, *measure, *rule_id;
    const char *q; /* in the enterprise's name, the USCC or the rule id */
};
/* One page of the findings of run {finding_id, uscc, enterprise_name, district_code,
 * equipment_id, criterion, rule_id, rule_version, status, measure, departments, legal_basis,
 * confidence, missing}, in the run's order unless sorted otherwise. */
json_t *po_evallist_findings(int64_t *total, struct po_store *st, struct po_arena *a, int64_t run,
                             const struct po_evallist_filter *f, const struct po_listq_page *pg,
                             struct po_err *err);

/* The findings of the latest run about the enterprise, in the run's order. */
json_t *po_evallist_enterprise_findings(struct po_store *st, const char *uscc, struct po_err *err);

/* The cases opened on the finding of the enterprise [{id, case_type, state}], by id. */
json_t *po_evallist_finding_cases(struct po_store *st, const char *finding_id, const char *uscc,
                                  struct po_err *err);

#endif
