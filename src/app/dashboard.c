/*
 * dashboard.c: the dashboard's counts and the credit lists' rows (dashboard.h).
 *
 * Which states and types mean an exit is core/casefsm.h's table, bound as values: the SQL
 * names no state, so a new transition that seals a unit counts without a change here.
 */
#include "app/dashboard.h"
#include "app/listq.h"
#include "core/casefsm.h"
#include "util/arena.h"
#include "util/buf.h"

#include <string.h>

/* ---- what the case machine says leads to exit ---- */

static bool exits(const struct po_case_transition *t, bool enterprise_only)
{
    bool ent = t->enterprise == PO_ENT_CLOSED || t->enterprise == PO_ENT_EXITED;
    bool eq = t->equipment == PO_EQ_SEALED || t->equipment == PO_EQ_DISMANTLED;
    return ent || (!enterprise_only && eq);
}

/* Names of the states (or types) reached by exit transitions, as bound values; count returned. */
static size_t exit_names(struct po_value *v, size_t cap, bool types, bool enterprise_only)
{
    size_t nt, n = 0;
    const struct po_case_transition *t = po_casefsm_table(&nt);
    for (size_t i = 0; i < nt; i++) {
        if (!exits(&t[i], enterprise_only))
            continue;
        const char *name = types ? po_casefsm_type_name(t[i].type) : po_casefsm_state_name(t[i].to);
        bool seen = false;
        for (size_t k = 0; k < n; k++)
            seen = seen || !strcmp(v[k].s, name);
        if (!seen && n < cap)
            v[n++] = po_vtext(name);
    }
    return n;
}

/* "?, ?, ?" for n values, in a; NULL when out of memory. */
static const char *marks(struct po_arena *a, size_t n)
{
    char *s = po_arena_alloc(a, 3 * n + 1), *p = s;
    for (size_t i = 0; s && i < n; i++) {
        if (i) {
            *p++ = ',';
            *p++ = ' ';
        }
        *p++ = '?';
    }
    if (p)
        *p = '\0';
    return s;
}

/*
 * The rows of fmt with its two %s replaced by in (the IN list, constant text and ? marks; NULL:
 * it could not be built) and the scope condition; binds the scope after v[0..n).
 */
static json_t *scoped_all(struct po_store *st, const char *scope, const char *fmt, const char *in,
                          struct po_value *v, size_t n, struct po_err *err)
{
    if (!in) {
        po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
        return NULL;
    }
    if (scope)
        v[n++] = po_vtext(scope);
    const char *p = strstr(fmt, "%s"), *q = p ? strstr(p + 2, "%s") : NULL;
    struct po_buf b = PO_BUF_INIT;
    po_buf_add(&b, fmt, (size_t)(p - fmt));
    po_buf_adds(&b, in);
    po_buf_add(&b, p + 2, (size_t)(q - p - 2));
    po_buf_adds(&b, scope ? " AND e.district_code = ?" : "");
    po_buf_adds(&b, q + 2);
    json_t *rows = po_buf_failed(&b) ? NULL : po_listq_all(st, b.buf, v, n, err);
    if (po_buf_failed(&b))
        po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    po_buf_release(&b);
    return rows;
}

static const char exited_sql[] =
    "SELECT CAST(substr(x.exited_on, 1, 4) AS INTEGER) AS year, x.industry_code, "
    "x.industry_name, SUM(x.capacity_micro) AS capacity_micro, x.capacity_unit AS unit, "
    "COUNT(*) AS units FROM (SELECT (SELECT MIN(ce.on_date) FROM case_event ce "
    "JOIN case_file c ON c.id = ce.case_id WHERE c.uscc = e.uscc AND %s) AS exited_on, "
    "e.industry_code, i.name AS industry_name, q.capacity_micro, q.capacity_unit "
    "FROM equipment q JOIN enterprise e ON e.id = q.enterprise_id LEFT JOIN industry i "
    "ON i.code = e.industry_code AND i.edition = e.industry_edition WHERE (q.status IN "
    "('sealed', 'dismantled') OR e.status IN ('closed', 'exited'))%s) x "
    "GROUP BY CAST(substr(x.exited_on, 1, 4) AS INTEGER), x.industry_code, x.industry_name, "
    "x.capacity_unit ORDER BY COALESCE(CAST(substr(x.exited_on, 1, 4) AS INTEGER), 0), "
    "x.industry_code, x.capacity_unit";

json_t *po_dashboard_exited_capacity(struct po_store *st, struct po_arena *a, const char *scope,
                                     struct po_err *err)
{
    /* the unit's own case, or any case that closed its enterprise */
    struct po_value v[2 * PO_CS_NSTATES + 1];
    size_t n = exit_names(v, PO_CS_NSTATES, false, false);
    size_t m = exit_names(v + n, PO_CS_NSTATES, false, true);
    const char *in_n = marks(a, n), *in_m = marks(a, m);
    const char *in = in_n && in_m ? po_arena_printf(a,
                                                    "ce.new_state IN (%s) AND (c.equipment_id IS "
                                                    "NULL OR c.equipment_id = q.equipment_id OR "
                                                    "ce.new_state IN (%s))",
                                                    in_n, in_m)
                                  : NULL;
    return scoped_all(st, scope, exited_sql, in, v, n + m, err);
}

json_t *po_dashboard_cases_by_state(struct po_store *st, struct po_arena *a, const char *scope,
                                    struct po_err *err)
{
    struct po_value v[1];
    (void)a;
    return scoped_all(st, scope,
                      "SELECT c.state, COUNT(*) AS count FROM case_file c JOIN enterprise e ON "
                      "e.uscc = c.uscc WHERE 1=1%s%s GROUP BY c.state ORDER BY c.state",
                      "", v, 0, err);
}

static const char cases_sql[] =
    "SELECT c.id AS case_id, c.case_type, c.uscc, e.name, e.district_code, c.state, c.deadline, "
    "c.deadline_uncovered_year FROM case_file c JOIN enterprise e ON e.uscc = c.uscc WHERE "
    "c.deadline IS NOT NULL AND %s%s "
    "ORDER BY c.deadline, c.id LIMIT 100";

json_t *po_dashboard_cases_due(struct po_store *st, struct po_arena *a, const char *scope,
                               const char *from, const char *to, struct po_err *err)
{
    struct po_value v[3];
    size_t n = 0;
    (void)a;
    v[n++] = po_vtext(from);
    if (to)
        v[n++] = po_vtext(to);
    return scoped_all(st, scope, cases_sql,
                      to ? "c.deadline >= ? AND c.deadline <= ?" : "c.deadline < ?", v, n, err);
}

static const char missed_sql[] =
    "SELECT c.uscc, e.name, e.district_code, c.id AS case_id, c.case_type, c.state, "
    "c.deadline AS since FROM case_file c JOIN enterprise e ON e.uscc = c.uscc "
    "WHERE c.deadline IS NOT NULL AND c.deadline < ? AND c.deadline_uncovered_year IS NULL "
    "AND c.case_type IN (%s)%s "
    "ORDER BY c.deadline, c.id";

json_t *po_dashboard_missed_exit(struct po_store *st, struct po_arena *a, const char *scope,
                                 const char *today, struct po_err *err)
{
    struct po_value v[PO_CASE_NTYPES + 2];
    v[0] = po_vtext(today);
    size_t n = 1 + exit_names(v + 1, PO_CASE_NTYPES, true, false);
    return scoped_all(st, scope, missed_sql, marks(a, n - 1), v, n, err);
}

static const char closed_sql[] =
    "SELECT e.uscc, e.name, e.district_code, e.status, (SELECT MIN(ce.on_date) FROM case_event ce "
    "JOIN case_file c ON c.id = ce.case_id WHERE c.uscc = e.uscc AND ce.new_state IN (%s)) AS "
    "since "
    "FROM enterprise e WHERE e.status IN ('closed', 'exited')%s ORDER BY e.uscc";

json_t *po_dashboard_closed(struct po_store *st, struct po_arena *a, const char *scope,
                            struct po_err *err)
{
    struct po_value v[PO_CS_NSTATES + 1];
    size_t n = exit_names(v, PO_CS_NSTATES, false, true);
    return scoped_all(st, scope, closed_sql, marks(a, n), v, n, err);
}
