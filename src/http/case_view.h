/*
 * case_view.h: what a case screen shows beyond the stored rows (issue 12 §3) — for the
 * viewing user, the next steps casefsm permits and who must act otherwise, the deadline's
 * legal reasoning, the opening as the first entry of the history, and rules by their titles.
 *
 * api_case.c answers the routes; this module builds the JSON members from a replayed
 * struct po_case, the request's user and the case row.  Every function returns a new
 * reference (or fills members of the object given); allocations live in req->a or jansson.
 *
 * Errors: po_case_view_pick() returns 0 with *why set to PO_EPERM or PO_EINVAL (see below);
 * po_case_view_opening() returns NULL with resp filled on a store error; the rest cannot fail
 * but for memory (a NULL from jansson).
 */
#ifndef PO_HTTP_CASE_VIEW_H
#define PO_HTTP_CASE_VIEW_H

#include "core/casefsm.h"
#include "http/http.h"

/* The event's label ("责令限期整改" / "Order rectification"; leave_worst_group names the city's
 * cut, intensity_worst_pct: "退出后20%" with the shipped data), a new JSON string ("?" for an
 * unknown kind, NULL only when out of memory), and whether it is a legal act that changes a
 * status (confirmation and a reason, enforced by api_case.c). */
json_t *po_case_view_label(enum po_case_event_kind ev, bool zh);
bool po_case_view_destructive(enum po_case_event_kind ev);

/* The fields a transition needs from the user: the row's, plus reason for a legal act. */
unsigned po_case_view_fields(const struct po_case_transition *t);

/* The casefsm roles the user acts as (core/authz.h), 0 without act_case. */
unsigned po_case_view_roles(const struct po_req *req);

/*
 * The user's casefsm role for transition t taken on `on`: the lowest of the user's roles the
 * row names, when the guard that depends on the case alone holds (po_casefsm_guard_now).
 * 0 with *why (may be NULL) set to the reason in both languages when the user may not:
 * PO_EPERM (the row names none of the user's roles) or PO_EINVAL (the guard).
 */
enum po_role po_case_view_pick(const struct po_req *req, const struct po_case *c,
                               const struct po_case_transition *t, struct po_date on,
                               struct po_err *why);

/*
 * Set on r (the case row, with "district_name"): "allowed" (the transitions this user may take
 * now, as docs/api.md "Cases" shows them), "next_steps" (every transition from the current
 * state: who may act in words, whether this user may and why not), "waiting_on" (who must act
 * now, as a sentence: "本案当前待 市应急管理局、海勃湾区人民政府 办理"), and "acting_as" (the
 * user's own roles and the casefsm roles they act as).  as_of is "now" for the guards.
 */
void po_case_view_next(json_t *r, struct po_req *req, const struct po_case *c,
                       struct po_date as_of);

/*
 * The legal reasoning of the running deadline (Civil Code arts. 201-203 as applied by
 * core/deadline.c): the period, each step as a sentence in both languages with its article,
 * the articles' text, the other reading, a provisional note.  json null without a deadline.
 */
json_t *po_case_view_deadline(const struct po_case *c, const struct po_calendar *cal);

/*
 * The opening of the case r (its row, with opened_* and finding_id) as an event of the
 * history: actor, own roles, the casefsm role it was opened as, date, reason, the finding it
 * came from (with its rule's title) and the legal basis.  *finding gets that finding (new
 * reference, json null when the case has none).  NULL with resp filled on a store error.
 */
json_t *po_case_view_opening(json_t **finding, struct po_req *req, struct po_resp *resp, json_t *r);

/* "city,drc" as ["city","drc"]; json null for NULL (a role not recorded). */
json_t *po_case_view_role_list(const char *s);

/* The department that acts under casefsm role r, in words ("市应急管理局"); a district's
 * government is named with the district's name (NULL: "区人民政府"). */
const char *po_case_view_actor_zh(struct po_req *req, enum po_role r, const char *district);
const char *po_case_view_actor_en(struct po_req *req, enum po_role r, const char *district);

#endif
