/*
 * import_resettle.c: the resettlement kind's checks and writer (import_resettle.h).
 *
 * The rows are records, not a table's rows: the engine's upsert does not apply (the tables are
 * append-only and a plan step depends on the step before it), so the kind writes them itself,
 * in file order, through the same functions the CLI and the API use — one set of rules.
 */
#include "ingest/import_resettle.h"
#include "ingest/import_diag.h"
#include "app/resettledb.h"
#include "core/deadline.h"
#include "core/resettle.h"
#include "util/arena.h"
#include "util/strmap.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static bool is(const union cell *c, int col, const char *tag)
{
    return c[col].s && strcmp(c[col].s, tag) == 0;
}

static int need(struct imp *im, size_t r, int col, const char *record)
{
    const union cell *c = imp_row(im, r);
    bool missing =
        (col == RS_CONTRACT || col == RS_DISPATCHED || col == RS_NEAR || col == RS_WORKERS)
            ? c[col].i == CELL_NULL
            : !c[col].s;
    if (!missing)
        return 0;
    return imp_diagf(im, r, col, "", "记录类型为 %s 时必须填写此列", "required for record %s",
                     record);
}

int po_import_resettle_check(struct imp *im, size_t r)
{
    union cell *c = imp_row(im, r);
    int rc = 0;
    if (is(c, RS_RECORD, "headcount")) {
        for (int col = RS_CONTRACT; rc == 0 && col <= RS_NEAR; col++)
            rc = need(im, r, col, "headcount");
    } else if (is(c, RS_RECORD, "plan")) {
        rc = need(im, r, RS_PLAN, "plan");
        if (rc == 0)
            rc = need(im, r, RS_STATUS, "plan");
    } else {
        rc = need(im, r, RS_GROUP, "outcome");
        if (rc == 0)
            rc = need(im, r, RS_OUTCOME, "outcome");
        if (rc == 0)
            rc = need(im, r, RS_WORKERS, "outcome");
        /* yuan × 10^6 as parsed: fen are whole hundredths */
        if (rc == 0 && c[RS_AMOUNT].i != CELL_NULL && c[RS_AMOUNT].i % 10000 != 0)
            rc = imp_diag(im, r, RS_AMOUNT, "", "金额至多两位小数（元）",
                          "an amount has at most two decimals (yuan)");
    }
    if (rc == 0 && c[RS_APPROVED_BY].s && !is(c, RS_STATUS, "approved"))
        rc = imp_diag(im, r, RS_APPROVED_BY, c[RS_APPROVED_BY].s,
                      "只有批准（approved）时才填写批准机关",
                      "approved_by is only for status approved");
    if (rc == 0 && c[RS_WORKERS].i != CELL_NULL && c[RS_WORKERS].i > 1000000)
        rc = imp_diag(im, r, RS_WORKERS, "", "人数超出范围（0–1000000）",
                      "workers out of range (0-1000000)");
    return rc;
}

/* The status and last day of the plan of (case, kind) so far: the store's, then the file's. */
struct seen {
    enum po_rplan_status status;
    char on[16];
};

static int plan_row(struct imp *im, struct po_strmap *seen, struct seen *v, size_t *nv, size_t r)
{
    union cell *c = imp_row(im, r);
    char key[48];
    int n = snprintf(key, sizeof(key), "%" PRId64 "/%s", c[RS_CASE].i, c[RS_PLAN].s);
    int64_t at;
    if (!po_strmap_get(seen, key, (size_t)n, &at)) {
        enum po_rplan_kind kind;
        struct po_err err = PO_ERR_INIT;
        (void)po_rplan_kind_parse(&kind, c[RS_PLAN].s);
        at = (int64_t)(*nv)++;
        memset(&v[at], 0, sizeof(v[at]));
        if (po_resettledb_plan_status(&v[at].status, im->st, c[RS_CASE].i, kind, &err) < 0)
            return imp_diag(im, r, RS_CASE, "", err.msg_zh, err.msg);
        if (po_strmap_put(seen, key, (size_t)n, at, NULL) < 0)
            return PO_ENOMEM;
    }
    enum po_rplan_kind kind;
    enum po_rplan_status to;
    enum po_rplan_approver by = PO_RAPPROVER_NONE;
    (void)po_rplan_kind_parse(&kind, c[RS_PLAN].s);
    (void)po_rplan_status_parse(&to, c[RS_STATUS].s);
    if (c[RS_APPROVED_BY].s)
        (void)po_rplan_approver_parse(&by, c[RS_APPROVED_BY].s);
    struct po_err err = PO_ERR_INIT;
    if (po_rplan_step_check(kind, v[at].status, to, by, c[RS_DOCUMENT].s != NULL, &err) < 0)
        return imp_diag(im, r, RS_STATUS, c[RS_STATUS].s, err.msg_zh, err.msg);
    if (v[at].on[0] && strcmp(c[RS_ON].s, v[at].on) < 0)
        return imp_diag(im, r, RS_ON, c[RS_ON].s, "早于该方案的上一步",
                        "before the plan's previous step");
    v[at].status = to;
    snprintf(v[at].on, sizeof(v[at].on), "%s", c[RS_ON].s);
    return 0;
}

int po_import_resettle_finish(struct imp *im)
{
    struct po_strmap *seen = po_strmap_new(im->a, im->nrows);
    struct seen *v = po_arena_calloc(im->a, im->nrows ? im->nrows : 1, sizeof(*v));
    size_t nv = 0;
    if (!seen || !v)
        return PO_ENOMEM;
    int rc = 0;
    for (size_t r = 0; rc == 0 && r < im->nrows; r++) {
        union cell *c = imp_row(im, r);
        struct po_err err = PO_ERR_INIT;
        if (po_resettledb_case_exists(im->st, c[RS_CASE].i, &err) < 0) {
            rc = imp_diag(im, r, RS_CASE, "", err.msg_zh, err.msg);
            continue;
        }
        if (is(c, RS_RECORD, "plan"))
            rc = plan_row(im, seen, v, &nv, r);
    }
    return rc;
}

static int date_of(struct po_date *out, const char *s, struct po_err *err)
{
    return po_deadline_parse_date(out, s, strlen(s), err);
}

static int write_row(struct imp *im, size_t r, const char *actor, struct po_err *err)
{
    const union cell *c = imp_row(im, r);
    struct po_date on;
    int rc = date_of(&on, c[RS_ON].s, err);
    if (rc < 0)
        return rc;
    const char *doc = c[RS_DOCUMENT].s, *note = c[RS_NOTE].s;
    if (is(c, RS_RECORD, "headcount")) {
        struct po_resettle_headcount_in h = {
            c[RS_CASE].i, { c[RS_CONTRACT].i, c[RS_DISPATCHED].i, c[RS_NEAR].i }, on, doc, actor
        };
        return po_resettledb_headcount(im->st, &h, err);
    }
    if (is(c, RS_RECORD, "plan")) {
        struct po_rplan_step_in p = {
            c[RS_CASE].i, PO_RPLAN_RESETTLEMENT, PO_RPLAN_DRAFT, on, PO_RAPPROVER_NONE, doc, note,
            actor
        };
        (void)po_rplan_kind_parse(&p.kind, c[RS_PLAN].s);
        (void)po_rplan_status_parse(&p.status, c[RS_STATUS].s);
        if (c[RS_APPROVED_BY].s)
            (void)po_rplan_approver_parse(&p.approved_by, c[RS_APPROVED_BY].s);
        return po_resettledb_plan_step(im->st, &p, err);
    }
    struct po_resettle_outcome_in o = { .case_id = c[RS_CASE].i,
                                        .workers = c[RS_WORKERS].i,
                                        .amount_fen = c[RS_AMOUNT].i == CELL_NULL
                                                          ? 0
                                                          : c[RS_AMOUNT].i / 10000,
                                        .on = on,
                                        .document = doc,
                                        .note = note,
                                        .actor = actor };
    (void)po_worker_group_parse(&o.group, c[RS_GROUP].s);
    (void)po_resettle_outcome_parse(&o.outcome, c[RS_OUTCOME].s);
    return po_resettledb_outcome(im->st, &o, err);
}

int po_import_resettle_write(struct imp *im, const char *actor, struct po_err *err)
{
    int rc = 0;
    for (size_t r = 0; rc == 0 && r < im->nrows; r++) {
        rc = write_row(im, r, actor, err);
        if (rc < 0)
            po_err_context(err, "%s row %zu", im->file, im->rownos[r]);
    }
    if (rc == 0)
        im->res->counts.inserted = (int64_t)im->nrows;
    return rc;
}
