/*
 * notifyread.c: the notification list (notifyread.h).
 *
 * pending is computed by the database, the same condition filtering and answering, so the
 * count of a filtered page and its rows cannot disagree.
 */
#include "app/notifyread.h"

/* A notification is pending while the case still runs to its deadline and nothing more urgent
 * was notified for that case and deadline (due_30 < due_7 < overdue). */
#define PENDING                                                                                    \
    "n.deadline = c.deadline AND NOT EXISTS (SELECT 1 FROM notification m "                        \
    "WHERE m.case_id = n.case_id AND m.deadline = n.deadline AND "                                 \
    "(CASE m.kind WHEN 'overdue' THEN 3 WHEN 'due_7' THEN 2 ELSE 1 END) > "                        \
    "(CASE n.kind WHEN 'overdue' THEN 3 WHEN 'due_7' THEN 2 ELSE 1 END))"

/* the case's provisional mark applies when the notification is about its running deadline */
static const char notify_cols[] =
    "n.id, n.case_id, n.kind, n.deadline, n.as_of, n.followup, n.message, c.case_type, c.state, "
    "c.uscc, e.name AS enterprise_name, e.district_code, d.name AS district_name, "
    "c.equipment_id, c.deadline AS case_deadline, "
    "CASE WHEN n.deadline = c.deadline THEN c.deadline_uncovered_year END "
    "AS deadline_uncovered_year, CASE WHEN " PENDING " THEN 1 ELSE 0 END AS pending_bool";
static const char notify_from[] = "notification n JOIN case_file c ON c.id = n.case_id "
                                  "JOIN enterprise e ON e.uscc = c.uscc "
                                  "LEFT JOIN district d ON d.code = e.district_code";
static const struct po_listq_sort notify_sorts[] = {
    { "id", "n.id" },     { "as_of", "n.as_of" },     { "deadline", "n.deadline" },
    { "kind", "n.kind" }, { "case_id", "n.case_id" }, { NULL, NULL },
};

json_t *po_notifyread_page(int64_t *total, struct po_store *st, struct po_arena *a,
                           const struct po_notify_filter *f, const struct po_listq_page *pg,
                           struct po_err *err)
{
    static const char *const kind_conds[] = { "n.kind = ?", "n.kind IN (?, ?)",
                                              "n.kind IN (?, ?, ?)" };
    struct po_listq q;
    po_listq_init(&q, a);
    if (f->nkinds) {
        struct po_value v[3];
        size_t n = f->nkinds < 3 ? f->nkinds : 3;
        for (size_t i = 0; i < n; i++)
            v[i] = po_vtext(f->kinds[i]);
        po_listq_and(&q, kind_conds[n - 1], n, v);
    }
    po_listq_and_text(&q, "e.district_code = ?", f->scope);
    po_listq_and_text(&q, "c.uscc = ?", f->uscc);
    po_listq_and_text(&q, "e.district_code = ?", f->district);
    if (f->case_id) {
        struct po_value v = po_vint(f->case_id);
        po_listq_and(&q, "n.case_id = ?", 1, &v);
    }
    po_listq_and_text(&q, "n.as_of >= ?", f->since);
    if (f->pending >= 0)
        po_listq_and(&q, f->pending ? PENDING : "NOT (" PENDING ")", 0, NULL);
    json_t *items = po_listq_page(total, st, notify_cols, notify_from, &q, notify_sorts,
                                  "n.id DESC", "n.id DESC", pg, err);
    po_listq_release(&q);
    return items;
}
