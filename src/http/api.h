/*
 * api.h: what the API modules (api_*.c) offer each other.
 *
 * The enterprise detail (api_registry.c) gathers sections owned by other
 * modules: its energy history (api_account.c), findings (api_eval.c) and
 * cases (api_case.c).  Each returns a JSON array (new reference), or NULL
 * with resp filled on error.
 *
 * Memory: json_t * results are new references; the decorators
 * (po_api_rule_titles, _missing_names, _deadline_note, _days_left) set
 * members of the items given, with text from req->a or jansson.
 * Errors: no po_err of its own — a NULL result, or false from
 * po_api_as_of_param(), comes with the 4xx/5xx already in resp;
 * po_api_date_or() only returns false for text that is not a date.
 */
#ifndef PO_HTTP_API_H
#define PO_HTTP_API_H

#include "core/date.h"
#include "http/http.h"

/* {"username",...} of a user (api_session.c) */
json_t *po_api_user_json(const struct po_user *u);

/* Per year: {year, tce, co2_t, value_added_wan, intensity, rank, worst20}, oldest first. */
json_t *po_api_enterprise_energy(struct po_req *req, struct po_resp *resp, const char *uscc);
/* The findings of the latest evaluation run about the enterprise. */
json_t *po_api_enterprise_findings(struct po_req *req, struct po_resp *resp, const char *uscc);
/* Each item with "rule_id" and "rule_version" gets "rule_title_zh" / "rule_title_en" from the
 * rule set (data/rules.csv, po_rulesdata_titles: another version of the rule when the item's is
 * no longer there; null for a rule it does not hold) (case_view.c).  items may be NULL. */
void po_api_rule_titles(struct po_req *req, json_t *items);
/* Each item with "missing" (the '|'-joined tags of data/fact_sources.csv a cannot-decide finding
 * waits for) gets "missing_zh" / "missing_en" (the names, 、- or comma-joined) and
 * "missing_suppliers" (the departments, '|'-joined); null without (api_gaps.c). */
void po_api_missing_names(struct po_req *req, json_t *items);
/* The enterprise's cases, newest first. */
json_t *po_api_enterprise_cases(struct po_req *req, struct po_resp *resp, const char *uscc);
/*
 * A case row's column deadline_uncovered_year (case_file, migration 0010) replaced by
 * "deadline_provisional" (bool) and "deadline_note_zh" / "deadline_note_en" (the reason,
 * null when the deadline is final).  Rows without the column are left alone.
 */
void po_api_deadline_note(json_t *row);
/*
 * Each item of the array: po_api_deadline_note(), then "days_left" from as_of to its
 * "deadline" (null without one), counted by core/deadline.h so both backends agree.
 */
void po_api_days_left(json_t *items, struct po_date as_of);

/*
 * Answer a page of rows with a deadline: po_api_days_left() from as_of, then the page
 * (po_listresp_answer: for NULL items, err's answer).
 */
void po_api_days_left_answer(struct po_req *req, struct po_resp *resp, json_t *items, int64_t total,
                             const struct po_page *pg, struct po_date as_of,
                             const struct po_err *err);

/* The {id} of a case route: the case id, or 0 when it is not a positive integer (api_case.c). */
int64_t po_api_case_param(struct po_req *req);

/* ?as_of or today; false with a 400 in resp. */
bool po_api_as_of_param(struct po_date *out, struct po_req *req, struct po_resp *resp);
/* The request's day (req->now, UTC). */
struct po_date po_api_today(const struct po_req *req);
/* The date text s (NULL: def) into *out; false for anything but YYYY-MM-DD. */
bool po_api_date_or(struct po_date *out, const char *s, struct po_date def);
/* A 400 (query) or 422 (body) error naming one field. */
void po_api_bad_field(struct po_req *req, struct po_resp *resp, unsigned status, const char *field,
                      const char *zh, const char *en);

#endif
