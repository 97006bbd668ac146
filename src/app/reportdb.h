/*
 * reportdb.h: public supervision reports (举报, 实施意见 四(四) 接受社会监督;
 * issue 14 §3).
 *
 * Anyone may file a report: the enterprise (a USCC of a published list, or the
 * name as typed), what was seen (a category of data/report_categories.csv
 * and the words), where, when, an optional contact.  It gets an unguessable
 * receipt to look its status up (received 收到 / verifying 核查中 / closed
 * 已办结, with the public reply), and becomes a task of the enterprise's
 * district — a name the registry cannot place goes to the city bureau to
 * assign — due within report_reply_workdays working days of data/
 * city_params.csv on the legal calendar.  Staff move it on (verify, reply
 * and close, assign a district, link a case); `tick` flags the ones past
 * due.  Every change is a public_report_event row and an audit row.
 *
 * What is public: po_reportdb_public's receipt, category, status, dates and
 * the public reply — never the contact, the enterprise's USCC, the
 * district, the officers or the case.  The staff reads
 * (po_reportdb_list/get) carry the contact: the HTTP layer lets only the
 * city bureau and the handling district call them.
 *
 * Memory: strings and JSON (new references, the caller's) from the arena
 * or jansson.  Errors: PO_EINVAL naming the field (field names are the API's
 * and the form's), PO_ENOTFOUND (no such report or receipt), PO_EPERM (a
 * district acting on another district's report), PO_ENOMEM, the store's.
 */
#ifndef PO_REPORTDB_H
#define PO_REPORTDB_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"

struct po_arena;

/* Field limits (characters of UTF-8 text are counted as bytes / 3 at most: limits are bytes). */
#define PO_REPORT_MAX_NAME 300
#define PO_REPORT_MAX_SEEN 3000
#define PO_REPORT_MAX_PLACE 300
#define PO_REPORT_MAX_CONTACT 300
#define PO_REPORT_MAX_REPLY 3000

struct po_report_in {
    const char *uscc;            /* optional: an enterprise of a published list */
    const char *enterprise_text; /* required: the name as the reporter gives it */
    const char *category;        /* data/report_categories.csv */
    const char *seen, *place;
    const char *seen_on; /* YYYY-MM-DD, not after today */
    const char *contact; /* optional */
    const char *now;     /* UTC timestamp; NULL: the clock */
};

struct po_report_receipt {
    const char *receipt, *reply_due, *district_code; /* district NULL: the city triages */
};

int po_reportdb_file(struct po_store *st, struct po_arena *a, const struct po_report_in *in,
                     struct po_report_receipt *out, struct po_err *err);

/* {receipt, category, category_zh, category_en, status, status_zh, status_en, filed_on,
 *  reply_due, closed_on, public_reply} */
int po_reportdb_public(struct po_store *st, const char *receipt, json_t **out, struct po_err *err);

/* Staff: reports of district (NULL: all; "" with city_queue: those without a district), newest
 * first, each {id, receipt, uscc, enterprise_text, category, category_zh, seen, place, seen_on,
 * contact, filed_at, reply_due, district_code, district_name, status, public_reply, case_id,
 * overdue}. */
json_t *po_reportdb_list(struct po_store *st, const char *district, const char *status,
                         struct po_err *err);
/* One report with its events; PO_ENOTFOUND; PO_EPERM when district is set and not its own. */
json_t *po_reportdb_get(struct po_store *st, int64_t id, const char *district, struct po_err *err);

/* verify | reply (text = the public reply) | assign (district_code) | link_case (case_id) */
struct po_report_act {
    const char *action;
    const char *text;
    const char *district_code;
    int64_t case_id;
    const char *actor;
    const char *scope_district; /* the acting officer's district, or NULL for the city */
    const char *now;
};
int po_reportdb_act(struct po_store *st, int64_t id, const struct po_report_act *act,
                    struct po_err *err);

/* Flag every open report past its reply day as of as_of (YYYY-MM-DD); idempotent. */
int po_reportdb_tick(struct po_store *st, const char *as_of, const char *actor, int64_t *flagged,
                     struct po_err *err);

/* The open reports of uscc, for the enterprise's timeline: [{receipt?, ...}] as po_reportdb_list. */
json_t *po_reportdb_of_enterprise(struct po_store *st, const char *uscc, struct po_err *err);

#endif
