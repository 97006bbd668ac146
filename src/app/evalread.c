/*
 * evalread.c: stored findings by id or by run, and the difference of two runs.
 *
 * One SELECT list for both readers, so a finding read for `explain` and one
 * read for `--diff` are the same struct filled the same way.  Runs come back
 * sorted by finding_id, so the difference is one merge of two sorted lists.
 */
#include "app/evalread.h"
#include "refdata/rulesdata.h"
#include "util/arena.h"

#include <stdbool.h>
#include <string.h>

#define COLS                                                                                       \
    "r.id, r.as_of, r.rules_name, r.rules_sha256, r.data_sha256, r.created_at, f.finding_id,"      \
    " f.uscc, f.enterprise_name, f.equipment_id, f.criterion, f.rule_id, f.rule_version,"          \
    " f.status, f.measure, f.departments, f.evidence, f.legal_basis, f.measure_basis,"             \
    " f.confidence, f.source, COALESCE(f.evidence_zh, ''), COALESCE(f.missing, '')"                \
    " FROM evaluation_finding f JOIN evaluation_run r ON r.id = f.run_id"

static int fill(struct po_stored_finding *f, struct po_stmt *s, struct po_arena *a,
                struct po_err *err)
{
    const char **txt[] = { &f->as_of,       &f->rules_name,      &f->rules_sha256,
                           &f->data_sha256, &f->created_at,      &f->finding_id,
                           &f->uscc,        &f->enterprise_name, &f->equipment_id,
                           &f->criterion,   &f->rule_id,         NULL,
                           &f->status,      &f->measure,         &f->departments,
                           &f->evidence,    &f->legal_basis,     &f->measure_basis,
                           &f->confidence,  &f->source,          &f->evidence_zh,
                           &f->missing };
    f->run_id = po_stmt_int(s, 0);
    f->rule_version = po_stmt_int(s, 12);
    for (int i = 0; i < (int)(sizeof txt / sizeof txt[0]); i++) {
        if (!txt[i])
            continue;
        const char *t = po_stmt_text(s, i + 1);
        *txt[i] = po_arena_strdup(a, t ? t : "");
        if (!*txt[i])
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    return 0;
}

/* The rules' names of f[0..n) from the compiled-in rule file, loaded once per call. */
static int titles(struct po_stored_finding *f, size_t n, struct po_arena *a, struct po_err *err)
{
    if (n == 0)
        return 0;
    struct po_rulesdata rd;
    int rc = po_rulesdata_load(&rd, NULL, a, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        po_rulesdata_titles(&f[i].rule_title_zh, &f[i].rule_title, &rd, f[i].rule_id,
                            f[i].rule_version);
    return rc;
}

int po_evalread_finding(struct po_stored_finding *out, struct po_store *st, const char *finding_id,
                        int64_t run_id, struct po_arena *a, struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct po_value v[2] = { po_vtext(finding_id), po_vint(run_id) };
    int rc = po_stmt_prepare(&s, st,
                             "SELECT " COLS " WHERE f.finding_id = ? AND (? = 0 OR r.id = ?)"
                             " ORDER BY r.id DESC LIMIT 1",
                             err);
    if (rc == 0)
        rc = po_stmt_bindv(s, v, 2, err);
    if (rc == 0)
        rc = po_stmt_bind(s, 3, po_vint(run_id), err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    if (rc == 1) {
        rc = fill(out, s, a, err);
        if (rc == 0)
            rc = titles(out, 1, a, err);
    } else if (rc == 0)
        rc = po_err_set(err, PO_ENOTFOUND, "没有评估结论 %s", "no finding %s in any evaluation run",
                        finding_id);
    po_stmt_finalize(s);
    return rc;
}

int po_evalread_run(struct po_stored_finding **out, size_t *n, struct po_store *st, int64_t run_id,
                    struct po_arena *a, struct po_err *err)
{
    int64_t exists = 0;
    struct po_value v = po_vint(run_id);
    int rc = po_store_query_int(&exists, st, "SELECT count(*) FROM evaluation_run WHERE id = ?", &v,
                                1, err);
    if (rc < 0)
        return rc;
    if (!exists)
        return po_err_set(err, PO_ENOTFOUND, "没有评估批次 %lld", "no evaluation run %lld",
                          (long long)run_id);
    struct po_stmt *s = NULL;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    rc = po_stmt_prepare(&s, st, "SELECT " COLS " WHERE f.run_id = ? ORDER BY f.finding_id", err);
    if (rc == 0)
        rc = po_stmt_bind(s, 1, v, err);
    while (rc == 0) {
        rc = po_stmt_step(s, err);
        if (rc != 1)
            break;
        rc = 0;
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 256;
            struct po_stored_finding *p =
                po_arena_realloc(a, *out, cap * sizeof **out, nc * sizeof **out);
            if (!p) {
                rc = po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
                break;
            }
            *out = p;
            cap = nc;
        }
        rc = fill(&(*out)[(*n)++], s, a, err);
    }
    po_stmt_finalize(s);
    if (rc >= 0)
        rc = titles(*out, *n, a, err);
    return rc < 0 ? rc : 0;
}

const char *po_evalread_change_name(enum po_evaldiff_change c)
{
    switch (c) {
    case PO_EVALDIFF_REMOVED:
        return "removed";
    case PO_EVALDIFF_ADDED:
        return "added";
    case PO_EVALDIFF_CHANGED:
        return "changed";
    }
    return "";
}

/* What `changed` means: the judgement or its grounds, not the run's own columns. */
static bool same(const struct po_stored_finding *a, const struct po_stored_finding *b)
{
    return strcmp(a->status, b->status) == 0 && strcmp(a->measure, b->measure) == 0 &&
           strcmp(a->evidence, b->evidence) == 0 && strcmp(a->legal_basis, b->legal_basis) == 0;
}

int po_evalread_compare(struct po_evaldiff **out, size_t *n, const struct po_stored_finding *a,
                        size_t na, const struct po_stored_finding *b, size_t nb,
                        struct po_arena *ar, struct po_err *err)
{
    /* at most one difference per finding of either run; one more so that none is 0 bytes */
    struct po_evaldiff *d = po_arena_calloc(ar, na + nb + 1, sizeof *d);
    *out = NULL;
    *n = 0;
    if (!d)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    size_t i = 0, j = 0, k = 0;
    while (i < na || j < nb) {
        int c = i == na ? 1 : j == nb ? -1 : strcmp(a[i].finding_id, b[j].finding_id);
        if (c < 0) {
            d[k++] = (struct po_evaldiff){ PO_EVALDIFF_REMOVED, &a[i++], NULL };
        } else if (c > 0) {
            d[k++] = (struct po_evaldiff){ PO_EVALDIFF_ADDED, NULL, &b[j++] };
        } else {
            if (!same(&a[i], &b[j]))
                d[k++] = (struct po_evaldiff){ PO_EVALDIFF_CHANGED, &a[i], &b[j] };
            i++;
            j++;
        }
    }
    *out = d;
    *n = k;
    return 0;
}

int po_evalread_diff(struct po_evaldiff **out, size_t *n, struct po_store *st, int64_t run_a,
                     int64_t run_b, struct po_arena *a, struct po_err *err)
{
    struct po_stored_finding *fa = NULL, *fb = NULL;
    size_t na = 0, nb = 0;
    int rc = po_evalread_run(&fa, &na, st, run_a, a, err);
    if (rc == 0)
        rc = po_evalread_run(&fb, &nb, st, run_b, a, err);
    if (rc == 0)
        rc = po_evalread_compare(out, n, fa, na, fb, nb, a, err);
    return rc;
}
