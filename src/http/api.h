/*
 * api.h: what the API modules (api_*.c) offer each other.
 *
 * The enterprise detail (api_registry.c) gathers sections owned by other
 * modules: its energy history (api_account.c), findings (api_eval.c) and
 * cases (api_case.c).  Each returns a JSON array (new reference), or NULL
 * with resp filled on error.
 */
#ifndef PO_HTTP_API_H
#define PO_HTTP_API_H

#include "http/http.h"

/* {"username",...} of a user (api_session.c) */
json_t *po_api_user_json(const struct po_user *u);

/* Per year: {year, tce, co2_t, value_added_wan, intensity, rank, worst20}, oldest first. */
json_t *po_api_enterprise_energy(struct po_req *req, struct po_resp *resp, const char *uscc);
/* The findings of the latest evaluation run about the enterprise. */
json_t *po_api_enterprise_findings(struct po_req *req, struct po_resp *resp, const char *uscc);
/* The enterprise's cases, newest first. */
json_t *po_api_enterprise_cases(struct po_req *req, struct po_resp *resp, const char *uscc);
/*
 * A case row's column deadline_uncovered_year (case_file, migration 0010) replaced by
 * "deadline_provisional" (bool) and "deadline_note_zh" / "deadline_note_en" (the reason,
 * null when the deadline is final).  Rows without the column are left alone.
 */
void po_api_deadline_note(json_t *row);

/*
 * The enterprise with this USCC when the user may see it (district scope):
 * 0, or PO_ENOTFOUND (also for another district's enterprise) with resp
 * filled.  *district (may be NULL) gets its district code (arena).
 */
int po_api_enterprise_visible(struct po_req *req, struct po_resp *resp, const char *uscc,
                              const char **district);

#endif
