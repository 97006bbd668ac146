/*
 * evallist.c: stored evaluation runs and their findings as lists (evallist.h).
 */
#include "app/evallist.h"

#include "util/arena.h"

#define RUN_COLS                                                                                   \
    "id, year, as_of, rules_name, rules_sha256, data_sha256, nfindings, findings_sha256, "         \
    "created_at"

int po_evallist_run_exists(struct po_store *st, int64_t id, struct po_err *err)
{
    int64_t n = 0;
    struct po_value v = po_vint(id);
    struct po_err e = PO_ERR_INIT;
    int rc =
        po_store_query_int(&n, st, "SELECT count(*) FROM evaluation_run WHERE id = ?", &v, 1, &e);
    if (rc < 0 && rc != PO_ENOTFOUND) {
        if (err)
            *err = e;
        return rc;
    }
    return rc == 0 && n == 1 ? 0 : PO_ENOTFOUND;
}

json_t *po_evallist_run(struct po_store *st, int64_t id, struct po_err *err)
{
    struct po_value v = po_vint(id);
    json_t *rows =
        po_listq_all(st, "SELECT " RUN_COLS " FROM evaluation_run WHERE id = ?", &v, 1, err);
    json_t *r = rows ? json_incref(json_array_get(rows, 0)) : NULL;
    json_decref(rows);
    if (rows && !r)
        po_err_set(err, PO_ENOTFOUND, "没有这个评估批次", "no such evaluation run");
    return r;
}

static const struct po_listq_sort run_sorts[] = {
    { "id", "id" }, { "year", "year" }, { "as_of", "as_of" }, { "created_at", "created_at" },
    { NULL, NULL },
};

json_t *po_evallist_runs(int64_t *total, struct po_store *st, struct po_arena *a, int64_t year,
                         const struct po_listq_page *pg, struct po_err *err)
{
    struct po_listq q;
    po_listq_init(&q, a);
    struct po_value y = po_vint(year);
    if (year)
        po_listq_and(&q, "year = ?", 1, &y);
    json_t *items = po_listq_page(total, st, RUN_COLS, "evaluation_run", &q, run_sorts, "id DESC",
                                  "id", pg, err);
    po_listq_release(&q);
    return items;
}

static const char finding_cols[] =
    "f.finding_id, f.uscc, f.enterprise_name, e.district_code, f.equipment_id, f.criterion, "
    "f.rule_id, f.rule_version, f.status, f.measure, f.departments, f.legal_basis, f.confidence, "
    "f.missing";
static const char finding_from[] = "evaluation_finding f JOIN enterprise e ON e.uscc = f.uscc";
static const struct po_listq_sort finding_sorts[] = {
    { "seq", "f.seq" },
    { "uscc", "f.uscc" },
    { "criterion", "f.criterion" },
    { "status", "f.status" },
    { "measure", "f.measure" },
    { "rule_id", "f.rule_id" },
    { "enterprise_name", "f.enterprise_name" },
    { NULL, NULL },
};

json_t *po_evallist_findings(int64_t *total, struct po_store *st, struct po_arena *a, int64_t run,
                             const struct po_evallist_filter *f, const struct po_listq_page *pg,
                             struct po_err *err)
{
    struct po_listq q;
    po_listq_init(&q, a);
    struct po_value v = po_vint(run);
    po_listq_and(&q, "f.run_id = ?", 1, &v);
    if (f->scope)
        po_listq_and_text(&q, "e.district_code = ?", f->scope);
    const struct {
        const char *value, *cond;
    } conds[] = {
        { f->criterion, "f.criterion = ?" }, { f->status, "f.status = ?" },
        { f->uscc, "f.uscc = ?" },           { f->district, "e.district_code = ?" },
        { f->measure, "f.measure = ?" },     { f->rule_id, "f.rule_id = ?" },
    };
    for (size_t i = 0; i < sizeof conds / sizeof conds[0]; i++)
        if (conds[i].value)
            po_listq_and_text(&q, conds[i].cond, conds[i].value);
    if (f->q) {
        static const char *const cols[] = { "f.enterprise_name", "f.uscc", "f.rule_id" };
        po_listq_like(&q, cols, 3, f->q);
    }
    json_t *items = po_listq_page(total, st, finding_cols, finding_from, &q, finding_sorts, "f.seq",
                                  "f.finding_id", pg, err);
    po_listq_release(&q);
    return items;
}

json_t *po_evallist_enterprise_findings(struct po_store *st, const char *uscc, struct po_err *err)
{
    struct po_value v = po_vtext(uscc);
    return po_listq_all(st,
                        "SELECT f.run_id, f.finding_id, f.equipment_id, f.criterion, f.rule_id, "
                        "f.rule_version, f.status, f.measure, f.departments, f.legal_basis, "
                        "f.confidence, f.missing FROM evaluation_finding f "
                        "WHERE f.run_id = (SELECT max(id) FROM evaluation_run) AND f.uscc = ? "
                        "ORDER BY f.seq",
                        &v, 1, err);
}

json_t *po_evallist_finding_cases(struct po_store *st, const char *finding_id, const char *uscc,
                                  struct po_err *err)
{
    struct po_value v[2] = { po_vtext(finding_id), po_vtext(uscc) };
    return po_listq_all(st,
                        "SELECT id, case_type, state FROM case_file WHERE finding_id = ? "
                        "AND uscc = ? ORDER BY id",
                        v, 2, err);
}
