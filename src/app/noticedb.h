/*
 * noticedb.h: official notices as PDF (issue 14 §4) — for a case
 * (rectification, suspension, shutdown, seal) or for a district whose exit
 * plan is behind (district-notice 通报, district-interview 约谈).
 *
 * A notice takes its words from data/notice_texts.csv, the authority and
 * its document-number prefix from data/authorities.csv, the figures from the
 * case (the finding's evidence and legal basis, the order's day, the
 * deadline and how it was counted) or from the plan's progress (plandb.h),
 * and the remedy periods from data/city_params.csv.  Issuing takes the next
 * document number (app/docno.h) in the transaction that records the
 * document (table issued_document, with the PDF) and its audit row.  Asking
 * again for the same kind and subject at the same step of the case (or the
 * same district, year and day) gives back the stored document: no number
 * is spent twice on one decision.
 *
 * A case notice needs its step: rectification a case ordered to rectify,
 * suspension one ordered to suspend, shutdown one ordered shut down, seal one
 * sealed; a district notice needs the district's plan below the notice line
 * (an interview: below the interview line) on that day.  Otherwise PO_EINVAL
 * saying what the case or district lacks.
 *
 * Memory: the result lives in the arena.  Errors: PO_EINVAL (bad kind, the
 * step missing), PO_ENOTFOUND (no such case or district, no plan), those of
 * report/officialdoc.h, PO_ENOMEM, or the store's.
 */
#ifndef PO_NOTICEDB_H
#define PO_NOTICEDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct po_arena;

struct po_notice_req {
    const char *kind;     /* rectification|suspension|shutdown|seal|district-notice|district-interview */
    int64_t case_id;      /* case kinds */
    const char *district; /* district kinds */
    int year;             /* district kinds: the plan year (0: the latest plan year) */
    const char *as_of;    /* district kinds: YYYY-MM-DD */
    const char *actor;
    const char *now; /* UTC timestamp; NULL: the clock */
};

struct po_notice {
    int64_t id;
    const char *number, *sha256, *subject;
    const unsigned char *pdf;
    size_t len;
    bool reissued; /* the stored document of an earlier request */
};

/* Whether kind is a case kind (1), a district kind (0) or unknown (-1). */
int po_noticedb_kind(const char *kind);

int po_noticedb_issue(struct po_store *st, struct po_arena *a, const struct po_notice_req *r,
                      struct po_notice *out, struct po_err *err);

#endif
