/*
 * publishdb.h: publications of the public lists (实施意见 四(四)), frozen,
 * hashed and versioned (issue 14 §1).
 *
 * A publication freezes a list as it stands: its rows (enterprise, USCC,
 * district, unit, capacity, measure, deadline, legal basis in words), the
 * time, the actor, a document number from app/docno.h (authority
 * miit_public) and the SHA-256 of its canonical serialisation
 * (report/publication.h).  Tables publication and publication_row refuse
 * UPDATE and DELETE on both backends; a correction is a new publication of
 * the same list, year and scope that supersedes the old one with a reason,
 * and the old one stays readable, marked 已更正 (superseded_by).
 *
 * What each list holds, for a year and the city or one district:
 *   exits       the year's exit plans (exit_plan): each unit, its capacity,
 *               the measure and the planned day;
 *   rectifying  cases ordered to rectify in the year (the order's day) that
 *               are still rectifying or asking for an extension, with the
 *               deadline;
 *   closed      enterprises closed by law whose case reached closed_down,
 *               licence_revoked or exited in the year;
 *   sealed      units sealed or dismantled in the year.
 * A row's legal basis is that of the finding its case came from (the rule
 * data: the catalogue item or standard and the opinion's clause); a row with
 * no case, or a case opened without a finding, takes the list's basis from
 * data/publication_lists.csv.  A list is refused — nothing written, every
 * reason named — when a row's finding could not be decided, when a row's
 * enterprise is on the 数据待补 work list (app/gapsdb.h), or when it is
 * empty (nothing to announce).
 *
 * Memory: everything returned lives in the arena given.  Errors: PO_EINVAL
 * (bad list, year, scope, supersedes/reason, or a refused list: err says why;
 * the preview lists every reason), PO_ENOTFOUND (no such publication or
 * district), PO_ENOMEM, or the store's.
 */
#ifndef PO_PUBLISHDB_H
#define PO_PUBLISHDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/publication.h"
#include "store/store.h"

struct po_arena;

struct po_pub_filter {
    int year;                  /* 0: any */
    int list;                  /* -1: any */
    const char *district_code; /* NULL: any scope; "" city-wide only */
    bool current_only;
};

/* Newest first. */
int po_pubdb_list(struct po_store *st, struct po_arena *a, const struct po_pub_filter *f,
                  struct po_publication **out, size_t *n, struct po_err *err);
/* With rows.  PO_ENOTFOUND. */
int po_pubdb_get(struct po_store *st, struct po_arena *a, int64_t id, struct po_publication *out,
                 struct po_err *err);

struct po_pub_hit {
    struct po_publication pub; /* no rows */
    struct po_pub_row row;
};
/* Rows of every publication whose enterprise name contains q or whose USCC starts with q. */
int po_pubdb_search(struct po_store *st, struct po_arena *a, const char *q, size_t limit,
                    struct po_pub_hit **out, size_t *n, struct po_err *err);

/* The list as it would be published now, and why it would be refused (nrefusals 0: it would not). */
struct po_pub_preview {
    struct po_publication pub; /* number, id, published_at, sha256 not yet set */
    const char **refusals_zh, **refusals_en;
    size_t nrefusals;
};
int po_pubdb_preview(struct po_store *st, struct po_arena *a, enum po_pub_list list, int year,
                     const char *district_code, struct po_pub_preview *out, struct po_err *err);

struct po_pub_request {
    enum po_pub_list list;
    int year;
    const char *district_code; /* NULL: city-wide */
    const char *actor;         /* "cli:NAME" or "web:USER" — audited */
    int64_t supersedes;        /* 0: none */
    const char *reason;        /* required with supersedes, refused without */
    const char *now;           /* UTC timestamp; NULL: the clock */
};
/* Freeze and store, with its audit row, in one transaction.  *out filled (with rows). */
int po_pubdb_publish(struct po_store *st, struct po_arena *a, const struct po_pub_request *r,
                     struct po_publication *out, struct po_err *err);

/* Recompute the hash from the stored rows: 0 with *ok set; *why (English) says what differs. */
int po_pubdb_verify(struct po_store *st, struct po_arena *a, int64_t id, bool *ok,
                    const char **why, struct po_err *err);

#endif
