/*
 * caseread.c: a case's log as stored (caseread.h).
 *
 * Two statements, not one joined: an event has any number of attachments, and the replay,
 * which reads the log on every load and action, wants none of them.
 */
#include "app/caseread.h"
#include "util/arena.h"

#include <inttypes.h>
#include <string.h>

static int oom(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

/* Column col as a copy in a; NULL for SQL NULL (*ok false when out of memory). */
static const char *text(struct po_stmt *s, int col, struct po_arena *a, bool *ok)
{
    const char *t = po_stmt_text(s, col);
    if (!t)
        return NULL;
    char *c = po_arena_strdup(a, t);
    if (!c)
        *ok = false;
    return c;
}

static bool event_row(void *row, struct po_stmt *s, struct po_arena *a)
{
    struct po_case_event_row *e = row;
    bool ok = true;
    memset(e, 0, sizeof(*e));
    e->id = po_stmt_int(s, 0);
    e->case_id = po_stmt_int(s, 1);
    e->seq = po_stmt_int(s, 2);
    e->actor = text(s, 3, a, &ok);
    e->role = text(s, 4, a, &ok);
    e->actor_roles = text(s, 5, a, &ok);
    e->at = text(s, 6, a, &ok);
    e->on_date = text(s, 7, a, &ok);
    e->event = text(s, 8, a, &ok);
    e->prev_state = text(s, 9, a, &ok);
    e->new_state = text(s, 10, a, &ok);
    e->reason = text(s, 11, a, &ok);
    e->fields_json = text(s, 12, a, &ok);
    e->field_bits = (unsigned)po_stmt_int(s, 13);
    e->doc_bits = (unsigned)po_stmt_int(s, 14);
    e->checklist = (unsigned)po_stmt_int(s, 15);
    e->months = (int)po_stmt_int(s, 16);
    e->limit_level = (int)po_stmt_int(s, 17);
    e->years_worst = (int)po_stmt_int(s, 18);
    return ok;
}

/* Fills one row of an array from the statement's current row; false when out of memory. */
typedef bool row_fn(void *row, struct po_stmt *s, struct po_arena *a);

/* Every row sql selects with v bound, each of size bytes filled by fn, into *out (*n rows) in
 * a. */
static int read_rows(void **out, size_t *n, size_t size, row_fn *fn, struct po_store *st,
                     const char *sql, const struct po_value *v, size_t nv, struct po_arena *a,
                     struct po_err *err)
{
    struct po_stmt *s = NULL;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int rc = po_stmt_prepare(&s, st, sql, err);
    if (rc == 0)
        rc = po_stmt_bindv(s, v, nv, err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        rc = 0;
        if (*n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            void *g = po_arena_realloc(a, *out, cap * size, nc * size);
            if (!g) {
                rc = oom(err);
                break;
            }
            *out = g;
            cap = nc;
        }
        if (!fn((char *)*out + (*n)++ * size, s, a))
            rc = oom(err);
    }
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

static struct po_case_event_row *find_event(struct po_case_events *evs, int64_t id)
{
    for (size_t i = 0; i < evs->n; i++)
        if (evs->v[i].id == id)
            return &evs->v[i];
    return NULL;
}

/* Append one attachment to its event's array (kept in a, grown by one each time: an event
 * carries a handful). */
static int add_attachment(struct po_case_event_row *e, const struct po_case_attachment_row *r,
                          struct po_arena *a, struct po_err *err)
{
    struct po_case_attachment_row *g = po_arena_realloc(
        a, (void *)e->attach, e->nattach * sizeof(*g), (e->nattach + 1) * sizeof(*g));
    if (!g)
        return oom(err);
    g[e->nattach++] = *r;
    e->attach = g;
    return 0;
}

static int read_attachments(struct po_case_events *evs, struct po_store *st, int64_t case_id,
                            struct po_arena *a, struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct po_value v = po_vint(case_id);
    int rc = po_stmt_prepare(&s, st,
                             "SELECT a.id, a.event_id, a.doc, a.name, a.sha256, b.mime, b.size"
                             " FROM case_attachment a JOIN case_event e ON e.id = a.event_id"
                             " JOIN attachment_blob b ON b.sha256 = a.sha256"
                             " WHERE e.case_id = ? ORDER BY a.id",
                             err);
    if (rc == 0)
        rc = po_stmt_bindv(s, &v, 1, err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        bool ok = true;
        struct po_case_attachment_row r = {
            .id = po_stmt_int(s, 0),
            .event_id = po_stmt_int(s, 1),
            .doc = text(s, 2, a, &ok),
            .name = text(s, 3, a, &ok),
            .sha256 = text(s, 4, a, &ok),
            .mime = text(s, 5, a, &ok),
            .size = po_stmt_int(s, 6),
        };
        struct po_case_event_row *e = find_event(evs, r.event_id);
        rc = !ok ? oom(err) : e ? add_attachment(e, &r, a, err) : 0;
    }
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

int po_caseread_events(struct po_case_events *out, struct po_store *st, int64_t case_id,
                       unsigned flags, struct po_arena *a, struct po_err *err)
{
    void *v = NULL;
    struct po_value iv = po_vint(case_id);
    int rc = read_rows(&v, &out->n, sizeof(*out->v), event_row, st,
                       "SELECT id, case_id, seq, actor, role, actor_roles, at, on_date,"
                       " event, prev_state, new_state, reason, fields_json, field_bits,"
                       " doc_bits, checklist, months, limit_level, years_worst"
                       " FROM case_event WHERE case_id = ? ORDER BY seq",
                       &iv, 1, a, err);
    out->v = v;
    if (rc == 0 && (flags & PO_CASEREAD_ATTACH) && out->n)
        rc = read_attachments(out, st, case_id, a, err);
    return rc;
}

#define CASE_SELECT                                                                                \
    "SELECT id, case_type, uscc, state, equipment_id, finding_id, deadline, deadline_alt,"         \
    " coalesce(deadline_uncovered_year, 0), opened_on, opened_at, opened_by, opened_roles,"        \
    " opened_as, opened_reason FROM case_file"

static bool case_row(void *row, struct po_stmt *s, struct po_arena *a)
{
    struct po_case_row *c = row;
    bool ok = true;
    memset(c, 0, sizeof(*c));
    c->id = po_stmt_int(s, 0);
    c->case_type = text(s, 1, a, &ok);
    c->uscc = text(s, 2, a, &ok);
    c->state = text(s, 3, a, &ok);
    c->equipment_id = text(s, 4, a, &ok);
    c->finding_id = text(s, 5, a, &ok);
    c->deadline = text(s, 6, a, &ok);
    c->deadline_alt = text(s, 7, a, &ok);
    c->uncovered_year = (int)po_stmt_int(s, 8);
    c->opened_on = text(s, 9, a, &ok);
    c->opened_at = text(s, 10, a, &ok);
    c->opened_by = text(s, 11, a, &ok);
    c->opened_roles = text(s, 12, a, &ok);
    c->opened_as = text(s, 13, a, &ok);
    c->opened_reason = text(s, 14, a, &ok);
    return ok;
}

int po_caseread_get(struct po_case_row *out, struct po_store *st, int64_t id, struct po_arena *a,
                    struct po_err *err)
{
    void *v = NULL;
    size_t n = 0;
    struct po_value iv = po_vint(id);
    int rc =
        read_rows(&v, &n, sizeof(*out), case_row, st, CASE_SELECT " WHERE id = ?", &iv, 1, a, err);
    if (rc == 0 && n == 0)
        rc = po_err_set(err, PO_ENOTFOUND, "没有案件 %" PRId64, "no case %" PRId64, id);
    if (rc == 0)
        *out = *(struct po_case_row *)v;
    return rc;
}

int po_caseread_list(struct po_case_row **out, size_t *n, struct po_store *st,
                     const struct po_case_filter *f, struct po_arena *a, struct po_err *err)
{
    struct po_value f4[4] = { po_vtext(f->state), po_vtext(f->state), po_vtext(f->due_by),
                              po_vtext(f->due_by) };
    void *v = NULL;
    int rc = read_rows(&v, n, sizeof(**out), case_row, st,
                       CASE_SELECT " WHERE (CAST(? AS TEXT) IS NULL OR state = ?)"
                                   " AND (CAST(? AS TEXT) IS NULL OR"
                                   " (deadline IS NOT NULL AND deadline <= ?)) ORDER BY id",
                       f4, 4, a, err);
    *out = v;
    return rc;
}

/* ---- for the web ---- */

#define LIST_COLS                                                                                  \
    "c.id, c.case_type, c.uscc, e.name AS enterprise_name, e.district_code, "                      \
    "d.name AS district_name, c.equipment_id, c.finding_id, c.state, c.deadline, c.deadline_alt, " \
    "c.deadline_uncovered_year, c.opened_on"
#define LIST_FROM                                                                                  \
    "case_file c JOIN enterprise e ON e.uscc = c.uscc LEFT JOIN district d ON d.code = "           \
    "e.district_code"

static const struct po_listq_sort case_sorts[] = {
    { "id", "c.id" },       { "deadline", "c.deadline" },   { "opened_on", "c.opened_on" },
    { "state", "c.state" }, { "case_type", "c.case_type" }, { "uscc", "c.uscc" },
    { NULL, NULL },
};

json_t *po_caseread_page(int64_t *total, struct po_store *st, struct po_arena *a,
                         const struct po_case_list_filter *f, const struct po_listq_page *pg,
                         struct po_err *err)
{
    struct po_listq q;
    po_listq_init(&q, a);
    po_listq_and_text(&q, "e.district_code = ?", f->scope);
    po_listq_and_text(&q, "c.state = ?", f->state);
    po_listq_and_text(&q, "c.case_type = ?", f->type);
    po_listq_and_text(&q, "c.uscc = ?", f->uscc);
    po_listq_and_text(&q, "e.district_code = ?", f->district);
    po_listq_and_text(&q, "c.deadline IS NOT NULL AND c.deadline <= ?", f->due_by);
    json_t *items = po_listq_page(total, st, LIST_COLS, LIST_FROM, &q, case_sorts, "c.id DESC",
                                  "c.id", pg, err);
    po_listq_release(&q);
    return items;
}

/* The first row of rows (stolen), or NULL with PO_ENOTFOUND (zh, en) when there is none. */
static json_t *first_row(json_t *rows, const char *zh, const char *en, struct po_err *err)
{
    if (!rows)
        return NULL;
    json_t *r = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    if (!r)
        po_err_set(err, PO_ENOTFOUND, "%s%.0s", "%.0s%s", zh, en);
    return r;
}

json_t *po_caseread_case(struct po_store *st, int64_t id, const char *scope, struct po_err *err)
{
    struct po_value v[2] = { po_vint(id), po_vtext(scope) };
    static const char sql[] = "SELECT " LIST_COLS ", c.opened_at, c.opened_by, c.opened_roles, "
                              "c.opened_as, c.opened_reason FROM " LIST_FROM " WHERE c.id = ?";
    static const char scoped[] =
        "SELECT " LIST_COLS ", c.opened_at, c.opened_by, c.opened_roles, "
        "c.opened_as, c.opened_reason FROM " LIST_FROM " WHERE c.id = ? AND e.district_code = ?";
    return first_row(po_listq_all(st, scope ? scoped : sql, v, scope ? 2 : 1, err), "没有这个案件",
                     "no such case", err);
}

json_t *po_caseread_of_enterprise(struct po_store *st, const char *uscc, struct po_err *err)
{
    struct po_value v = po_vtext(uscc);
    return po_listq_all(st,
                        "SELECT id, case_type, equipment_id, finding_id, state, deadline, "
                        "deadline_alt, deadline_uncovered_year, opened_on "
                        "FROM case_file WHERE uscc = ? ORDER BY id DESC",
                        &v, 1, err);
}

json_t *po_caseread_of_finding(struct po_store *st, const char *fid, struct po_err *err)
{
    struct po_value v = po_vtext(fid);
    return po_listq_all(st,
                        "SELECT id, case_type, state, opened_on FROM case_file "
                        "WHERE finding_id = ? ORDER BY id",
                        &v, 1, err);
}

/* The first row of rows (stolen), json null when there is none. */
static json_t *row_or_null(json_t *rows)
{
    if (!rows)
        return NULL;
    json_t *r = json_incref(json_array_get(rows, 0));
    json_decref(rows);
    return r ? r : json_null();
}

json_t *po_caseread_finding(struct po_store *st, const char *fid, struct po_err *err)
{
    struct po_value v = po_vtext(fid);
    return row_or_null(po_listq_all(
        st,
        "SELECT f.run_id, r.year AS run_year, f.finding_id, f.uscc, f.enterprise_name, "
        "f.equipment_id, f.criterion, f.rule_id, f.rule_version, f.status, f.measure, "
        "f.departments, f.evidence, f.evidence_zh, f.legal_basis, e.district_code "
        "FROM evaluation_finding f JOIN evaluation_run r ON r.id = f.run_id "
        "JOIN enterprise e ON e.uscc = f.uscc WHERE f.finding_id = ? "
        "ORDER BY r.year DESC, r.id DESC LIMIT 1",
        &v, 1, err));
}

json_t *po_caseread_opening_finding(struct po_store *st, const char *fid, const char *opened_at,
                                    struct po_err *err)
{
    struct po_value v[2] = { po_vtext(fid), po_vtext(opened_at) };
    return row_or_null(po_listq_all(
        st,
        "SELECT f.run_id, r.year AS run_year, f.finding_id, f.equipment_id, f.criterion, "
        "f.rule_id, f.rule_version, f.status, f.measure, f.departments, f.evidence, "
        "f.evidence_zh, f.legal_basis, f.measure_basis FROM evaluation_finding f "
        "JOIN evaluation_run r ON r.id = f.run_id WHERE f.finding_id = ? "
        "ORDER BY CASE WHEN r.created_at <= ? THEN 0 ELSE 1 END, r.id DESC LIMIT 1",
        v, 2, err));
}

int po_caseread_blob(struct po_case_blob *out, struct po_store *st, int64_t id, const char *sha256,
                     struct po_arena *a, struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct po_value v[2] = { po_vint(id), po_vtext(sha256) };
    int rc = po_stmt_prepare(&s, st,
                             "SELECT a.doc, b.mime, b.content FROM case_attachment a "
                             "JOIN case_event e ON e.id = a.event_id "
                             "JOIN attachment_blob b ON b.sha256 = a.sha256 "
                             "WHERE e.case_id = ? AND a.sha256 = ? ORDER BY a.id",
                             err);
    if (rc == 0)
        rc = po_stmt_bindv(s, v, 2, err);
    if (rc == 0 && (rc = po_stmt_step(s, err)) == 0)
        rc = po_err_set(err, PO_ENOTFOUND, "此案件没有这个附件", "the case has no such attachment");
    if (rc == 1) {
        bool ok = true;
        out->doc = text(s, 0, a, &ok);
        out->mime = text(s, 1, a, &ok);
        out->content_base64 = text(s, 2, a, &ok);
        rc = ok ? 0 : oom(err);
    }
    po_stmt_finalize(s);
    return rc;
}
