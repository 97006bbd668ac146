/*
 * publishdb.c: freeze, store, read and verify publications (publishdb.h).
 */
#include "app/publishdb.h"

#include "app/audit.h"
#include "app/docno.h"
#include "app/gapsdb.h"
#include "core/decimal.h"
#include "refdata/reftext.h"
#include "report/publication.h"
#include "util/arena.h"
#include "util/buf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PUB_AUTHORITY "miit_public"

static int nomem(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

static const char *dup(struct po_arena *a, const char *s)
{
    return po_arena_strdup(a, s ? s : "");
}

/* Grow an arena array of elements of size sz to hold n + 1. */
static int grow(void **arr, size_t *cap, size_t n, size_t sz, struct po_arena *a)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap ? 2 * *cap : 16;
    void *p = po_arena_alloc(a, nc * sz);
    if (!p)
        return -1;
    if (n)
        memcpy(p, *arr, n * sz);
    *arr = p;
    *cap = nc;
    return 0;
}

/* The measure of an exit plan row in words (plan measures are the API's words). */
static const char *plan_measure_zh(const char *m)
{
    static const char *const map[][2] = {
        { "dismantle", "拆除主体设备" }, { "seal", "封存" },       { "exit", "关停退出" },
        { "shutdown", "关停" },          { "closure", "依法关闭" }, { "transform", "改造升级" },
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (!strcmp(m, map[i][0]))
            return map[i][1];
    return m;
}

static const char *state_measure_zh(const char *state)
{
    static const char *const map[][2] = {
        { "rectifying", "限期整改" },      { "extension_requested", "限期整改（申请延期）" },
        { "closed_down", "依法关闭" },     { "licence_revoked", "依法关闭并吊销许可证" },
        { "exited", "停产退出" },          { "sealed", "封存" },
        { "dismantled", "拆除主体设备" },
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (!strcmp(state, map[i][0]))
            return map[i][1];
    return state;
}

struct gather {
    struct po_store *st;
    struct po_arena *a;
    struct po_publication *pub;
    size_t cap;
    const char *list_basis;
    const char **rz, **re;
    size_t nref, capz, cape;
    const char **crit; /* per row: the criterion of its finding; NULL: none */
};

static int refuse(struct gather *g, const char *zh, const char *en)
{
    if (grow((void **)&g->rz, &g->capz, g->nref, sizeof(*g->rz), g->a) < 0 ||
        grow((void **)&g->re, &g->cape, g->nref, sizeof(*g->re), g->a) < 0)
        return -1;
    g->rz[g->nref] = zh;
    g->re[g->nref] = en;
    g->nref++;
    return 0;
}

/*
 * The legal basis of a row: that of the finding of the latest case on the unit (or the
 * enterprise) with one, else the list's.  A finding that could not be decided is refused.
 */
static int basis_of(const char **out, const char **crit, struct gather *g, const char *uscc,
                    const char *equipment, const char *finding, struct po_err *err)
{
    *crit = NULL;
    struct po_stmt *s = NULL;
    const char *fid = finding;
    int rc = 0;
    if (!fid) {
        rc = po_stmt_prepare(&s, g->st,
                             "SELECT finding_id FROM case_file WHERE uscc = ? AND finding_id IS NOT"
                             " NULL AND (equipment_id = ? OR equipment_id IS NULL OR ? = '')"
                             " ORDER BY id DESC LIMIT 1",
                             err);
        struct po_value v[3] = { po_vtext(uscc), po_vtext(equipment), po_vtext(equipment) };
        if (rc == 0)
            rc = po_stmt_bindv(s, v, 3, err);
        if (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
            fid = po_arena_strdup(g->a, po_stmt_text(s, 0));
            rc = 0;
        }
        po_stmt_finalize(s);
        s = NULL;
        if (rc < 0)
            return rc;
    }
    if (!fid && equipment && *equipment) {
        /* no case: the unit's own finding of the latest run (what put it in the plan) */
        rc = po_stmt_prepare(&s, g->st,
                             "SELECT finding_id FROM evaluation_finding WHERE uscc = ? AND"
                             " equipment_id = ? AND status = 'caught' AND run_id ="
                             " (SELECT max(id) FROM evaluation_run) ORDER BY seq LIMIT 1",
                             err);
        struct po_value v[2] = { po_vtext(uscc), po_vtext(equipment) };
        if (rc == 0)
            rc = po_stmt_bindv(s, v, 2, err);
        if (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
            fid = po_arena_strdup(g->a, po_stmt_text(s, 0));
            rc = 0;
        }
        po_stmt_finalize(s);
        s = NULL;
        if (rc < 0)
            return rc;
    }
    *out = g->list_basis;
    if (!fid)
        return 0;
    rc = po_stmt_prepare(&s, g->st,
                         "SELECT status, legal_basis, measure_basis, criterion FROM evaluation_finding"
                         " WHERE finding_id = ? ORDER BY run_id DESC LIMIT 1",
                         err);
    if (rc == 0)
        rc = po_stmt_bind(s, 1, po_vtext(fid), err);
    if (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        rc = 0;
        *crit = po_arena_strdup(g->a, po_stmt_text(s, 3));
        if (!strcmp(po_stmt_text(s, 0), "cannot_decide")) {
            if (refuse(g, po_arena_printf(g->a, "%s：依据的研判结论无法判定（%s）", uscc, fid),
                       po_arena_printf(g->a, "%s: its finding could not be decided (%s)", uscc,
                                       fid)) < 0)
                rc = nomem(err);
        } else {
            const char *lb = po_stmt_text(s, 1), *mb = po_stmt_text(s, 2);
            *out = po_arena_printf(g->a, "%s%s%s", lb ? lb : "", mb && *mb ? "；" : "",
                                   mb ? mb : "");
        }
    }
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

static struct po_pub_row *new_row(struct gather *g)
{
    if (grow((void **)&g->pub->rows, &g->cap, g->pub->nrows, sizeof(struct po_pub_row), g->a) <
        0)
        return NULL;
    struct po_pub_row *r = &g->pub->rows[g->pub->nrows++];
    memset(r, 0, sizeof(*r));
    return r;
}

static const char *capacity_text(struct po_arena *a, struct po_stmt *s, int col)
{
    if (po_stmt_isnull(s, col))
        return "";
    char buf[40];
    po_dec_format(buf, sizeof(buf), po_stmt_int(s, col));
    return po_arena_strdup(a, buf);
}

static const char *equipment_text(struct po_arena *a, const char *id, const char *name)
{
    if (!id || !*id)
        return "";
    return name && *name ? po_arena_printf(a, "%s %s", id, name) : po_arena_strdup(a, id);
}

static int gather_exits(struct gather *g, int year, const char *district, struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(
        &s, g->st,
        "SELECT e.name, p.uscc, p.district_code, coalesce(d.name, ''), p.equipment_id,"
        " coalesce(q.name, ''), p.capacity_micro, p.capacity_unit, p.measure, p.planned_on"
        " FROM exit_plan p JOIN enterprise e ON e.uscc = p.uscc"
        " LEFT JOIN district d ON d.code = p.district_code"
        " LEFT JOIN equipment q ON q.enterprise_id = e.id AND q.equipment_id = p.equipment_id"
        " WHERE p.year = ? AND (? = '' OR p.district_code = ?)"
        " ORDER BY p.district_code, p.uscc, p.equipment_id",
        err);
    struct po_value v[3] = { po_vint(year), po_vtext(district ? district : ""),
                             po_vtext(district ? district : "") };
    if (rc == 0)
        rc = po_stmt_bindv(s, v, 3, err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        struct po_pub_row *r = new_row(g);
        if (!r) {
            rc = nomem(err);
            break;
        }
        r->enterprise_name = dup(g->a, po_stmt_text(s, 0));
        r->uscc = dup(g->a, po_stmt_text(s, 1));
        r->district_code = dup(g->a, po_stmt_text(s, 2));
        r->district_name = dup(g->a, po_stmt_text(s, 3));
        r->equipment = equipment_text(g->a, po_stmt_text(s, 4), po_stmt_text(s, 5));
        r->capacity = capacity_text(g->a, s, 6);
        r->capacity_unit = dup(g->a, po_stmt_text(s, 7));
        r->measure_zh = dup(g->a, plan_measure_zh(po_stmt_text(s, 8)));
        r->deadline = dup(g->a, po_stmt_text(s, 9));
        r->basis_zh = dup(g->a, po_stmt_text(s, 4)); /* the unit, for basis_of below */
        rc = 0;
    }
    po_stmt_finalize(s);
    g->crit = po_arena_alloc(g->a, (g->pub->nrows + 1) * sizeof(*g->crit));
    if (rc == 0 && !g->crit)
        rc = nomem(err);
    for (size_t i = 0; rc == 0 && i < g->pub->nrows; i++) {
        struct po_pub_row *r = &g->pub->rows[i];
        rc = basis_of(&r->basis_zh, &g->crit[i], g, r->uscc, r->basis_zh, NULL, err);
    }
    return rc < 0 ? rc : 0;
}

/* The case lists: which states, and which day places a case in a year. */
static int gather_cases(struct gather *g, enum po_pub_list list, int year, const char *district,
                        struct po_err *err)
{
    const char *states = list == PO_PUB_RECTIFYING ? "('rectifying', 'extension_requested')"
                         : list == PO_PUB_CLOSED   ? "('closed_down', 'licence_revoked', 'exited')"
                                                   : "('sealed', 'dismantled')";
    const char *day = list == PO_PUB_RECTIFYING
                          ? "(SELECT min(v.on_date) FROM case_event v WHERE v.case_id = c.id"
                            " AND v.event = 'order_rectification')"
                          : "(SELECT max(v.on_date) FROM case_event v WHERE v.case_id = c.id)";
    char *sql = po_arena_printf(
        g->a,
        "SELECT e.name, c.uscc, e.district_code, coalesce(d.name, ''),"
        " coalesce(c.equipment_id, ''), coalesce(q.name, ''), q.capacity_micro,"
        " coalesce(q.capacity_unit, ''), c.state, coalesce(c.deadline, ''), c.finding_id, %s"
        " FROM case_file c JOIN enterprise e ON e.uscc = c.uscc"
        " LEFT JOIN district d ON d.code = e.district_code"
        " LEFT JOIN equipment q ON q.enterprise_id = e.id AND q.equipment_id = c.equipment_id"
        " WHERE c.state IN %s AND (? = '' OR e.district_code = ?)"
        " ORDER BY e.district_code, c.uscc, c.id",
        day, states);
    if (!sql)
        return nomem(err);
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, g->st, sql, err);
    struct po_value v[2] = { po_vtext(district ? district : ""),
                             po_vtext(district ? district : "") };
    if (rc == 0)
        rc = po_stmt_bindv(s, v, 2, err);
    char yr[8];
    snprintf(yr, sizeof(yr), "%04d", year);
    const char **findings = NULL;
    size_t fcap = 0;
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        rc = 0;
        const char *on = po_stmt_text(s, 11);
        if (!on || strncmp(on, yr, 4) != 0)
            continue;
        size_t i = g->pub->nrows;
        struct po_pub_row *r = new_row(g);
        if (!r || grow((void **)&findings, &fcap, i, sizeof(*findings), g->a) < 0) {
            rc = nomem(err);
            break;
        }
        r->enterprise_name = dup(g->a, po_stmt_text(s, 0));
        r->uscc = dup(g->a, po_stmt_text(s, 1));
        r->district_code = dup(g->a, po_stmt_text(s, 2));
        r->district_name = dup(g->a, po_stmt_text(s, 3));
        r->equipment = equipment_text(g->a, po_stmt_text(s, 4), po_stmt_text(s, 5));
        r->capacity = capacity_text(g->a, s, 6);
        r->capacity_unit = dup(g->a, po_stmt_text(s, 7));
        r->measure_zh = dup(g->a, state_measure_zh(po_stmt_text(s, 8)));
        r->deadline = list == PO_PUB_RECTIFYING ? dup(g->a, po_stmt_text(s, 9)) : dup(g->a, on);
        r->basis_zh = dup(g->a, po_stmt_text(s, 4));
        findings[i] = po_stmt_isnull(s, 10) ? NULL : dup(g->a, po_stmt_text(s, 10));
    }
    po_stmt_finalize(s);
    g->crit = po_arena_alloc(g->a, (g->pub->nrows + 1) * sizeof(*g->crit));
    if (rc == 0 && !g->crit)
        rc = nomem(err);
    for (size_t i = 0; rc == 0 && i < g->pub->nrows; i++) {
        struct po_pub_row *r = &g->pub->rows[i];
        g->crit[i] = NULL;
        if (findings[i])
            rc = basis_of(&r->basis_zh, &g->crit[i], g, r->uscc, r->basis_zh, findings[i], err);
        else
            r->basis_zh = g->list_basis;
    }
    return rc < 0 ? rc : 0;
}

static int district_name(const char **out, struct po_store *st, struct po_arena *a,
                         const char *code, struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, st, "SELECT name FROM district WHERE code = ?", err);
    if (rc == 0)
        rc = po_stmt_bind(s, 1, po_vtext(code), err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    if (rc == 1)
        *out = dup(a, po_stmt_text(s, 0));
    po_stmt_finalize(s);
    if (rc == 0)
        return po_err_set(err, PO_ENOTFOUND, "没有区县 %s", "no district %s", code);
    return rc < 0 ? rc : 0;
}

/*
 * Whether a 数据待补 item bears on a row listed under criterion crit: one of the rules waiting on
 * the item judges that criterion.  A row without a finding (crit NULL) is held by any item.
 */
static bool gap_bears(struct po_store *st, int64_t run, const struct po_gap *gap, const char *crit)
{
    if (!crit)
        return true;
    for (size_t j = 0; j < gap->nrules; j++) {
        struct po_stmt *s = NULL;
        struct po_err e = PO_ERR_INIT;
        if (po_stmt_prepare(&s, st,
                            "SELECT criterion FROM evaluation_finding WHERE run_id = ? AND"
                            " finding_id = ?",
                            &e) < 0)
            return true;
        struct po_value v[2] = { po_vint(run), po_vtext(gap->rules[j].finding_id) };
        bool hit = true;
        if (po_stmt_bindv(s, v, 2, &e) == 0 && po_stmt_step(s, &e) == 1)
            hit = strcmp(po_stmt_text(s, 0), crit) == 0;
        po_stmt_finalize(s);
        if (hit)
            return true;
    }
    return false;
}

int po_pubdb_preview(struct po_store *st, struct po_arena *a, enum po_pub_list list, int year,
                     const char *district_code, struct po_pub_preview *out, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    if ((unsigned)list >= PO_PUB_NLISTS)
        return po_err_set(err, PO_EINVAL, "名单无效", "bad list");
    if (year < 1990 || year > 2100)
        return po_err_set(err, PO_EINVAL, "年份 %d 无效", "bad year %d", year);
    if (district_code && !*district_code)
        district_code = NULL;
    struct po_publication *p = &out->pub;
    p->list = list;
    p->year = year;
    p->district_code = district_code ? dup(a, district_code) : NULL;
    int rc = district_code ? district_name(&p->district_name, st, a, district_code, err) : 0;
    struct gather g = { .st = st, .a = a, .pub = p };
    if (rc == 0)
        rc = po_reftext_get(&g.list_basis, a, PO_PUBLISTS_FILE, po_pub_list_name(list),
                            "basis_zh", err);
    if (rc == 0)
        rc = list == PO_PUB_EXITS ? gather_exits(&g, year, district_code, err)
                                  : gather_cases(&g, list, year, district_code, err);
    struct po_gaps gaps;
    if (rc == 0)
        rc = po_gapsdb_list(&gaps, st, district_code, a, err);
    for (size_t i = 0; rc == 0 && i < p->nrows; i++) {
        const struct po_pub_row *r = &p->rows[i];
        for (size_t k = 0; k < gaps.n; k++)
            if (!strcmp(gaps.items[k].uscc, r->uscc) &&
                gap_bears(st, gaps.run_id, &gaps.items[k], g.crit ? g.crit[i] : NULL)) {
                if (refuse(&g,
                           po_arena_printf(a, "%s（%s）在数据待补清单上：%s 未记录", r->enterprise_name,
                                           r->uscc, gaps.items[k].name_zh),
                           po_arena_printf(a, "%s (%s) is on the data-to-complete list: %s not recorded",
                                           r->enterprise_name, r->uscc, gaps.items[k].name_en)) < 0)
                    rc = nomem(err);
                break;
            }
    }
    if (rc == 0 && p->nrows == 0 &&
        refuse(&g, po_arena_printf(a, "%d 年%s没有可公布的行", year, po_pub_list_label_zh(list)),
               po_arena_printf(a, "the %s list of %d has no rows to publish",
                               po_pub_list_name(list), year)) < 0)
        rc = nomem(err);
    out->refusals_zh = g.rz;
    out->refusals_en = g.re;
    out->nrefusals = g.nref;
    return rc;
}

/* The publication's metadata columns, in this order, for the readers below. */
#define PUB_COLS                                                                                   \
    "p.id, p.number, p.list, p.year, p.district_code, d.name, p.published_at, p.actor,"         \
    " p.sha256, p.supersedes, p.reason,"                                                          \
    " (SELECT n.id FROM publication n WHERE n.supersedes = p.id), p.nrows"
#define PUB_FROM " FROM publication p LEFT JOIN district d ON d.code = p.district_code"

static void read_pub(struct po_publication *p, struct po_stmt *s, struct po_arena *a)
{
    memset(p, 0, sizeof(*p));
    p->id = po_stmt_int(s, 0);
    p->number = dup(a, po_stmt_text(s, 1));
    enum po_pub_list l = PO_PUB_EXITS;
    po_pub_list_parse(&l, po_stmt_text(s, 2), &(struct po_err)PO_ERR_INIT);
    p->list = l;
    p->year = (int)po_stmt_int(s, 3);
    p->district_code = po_stmt_isnull(s, 4) ? NULL : dup(a, po_stmt_text(s, 4));
    p->district_name = po_stmt_isnull(s, 4) ? NULL : dup(a, po_stmt_text(s, 5));
    p->published_at = dup(a, po_stmt_text(s, 6));
    p->actor = dup(a, po_stmt_text(s, 7));
    p->sha256 = dup(a, po_stmt_text(s, 8));
    p->supersedes = po_stmt_int(s, 9);
    p->reason = po_stmt_isnull(s, 10) ? NULL : dup(a, po_stmt_text(s, 10));
    p->superseded_by = po_stmt_int(s, 11);
    p->nrows = (size_t)po_stmt_int(s, 12);
}

static int read_rows(struct po_store *st, struct po_arena *a, struct po_publication *p,
                     struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, st,
                             "SELECT enterprise_name, uscc, district_code, district_name, equipment,"
                             " capacity, capacity_unit, measure_zh, deadline, basis_zh"
                             " FROM publication_row WHERE publication_id = ? ORDER BY seq",
                             err);
    if (rc == 0)
        rc = po_stmt_bind(s, 1, po_vint(p->id), err);
    p->rows = po_arena_alloc(a, (p->nrows ? p->nrows : 1) * sizeof(*p->rows));
    if (!p->rows)
        rc = nomem(err);
    size_t n = 0;
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        rc = 0;
        if (n >= p->nrows) {
            n++;
            continue;
        }
        struct po_pub_row *r = &p->rows[n++];
        const char **f[10] = { &r->enterprise_name, &r->uscc,          &r->district_code,
                               &r->district_name,   &r->equipment,     &r->capacity,
                               &r->capacity_unit,   &r->measure_zh,    &r->deadline,
                               &r->basis_zh };
        for (int k = 0; k < 10; k++)
            *f[k] = dup(a, po_stmt_text(s, k));
    }
    po_stmt_finalize(s);
    if (rc == 0 && n != p->nrows)
        p->nrows = n > p->nrows ? p->nrows : n; /* verify reports the difference */
    return rc < 0 ? rc : 0;
}

int po_pubdb_get(struct po_store *st, struct po_arena *a, int64_t id, struct po_publication *out,
                 struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, st, "SELECT " PUB_COLS PUB_FROM " WHERE p.id = ?", err);
    if (rc == 0)
        rc = po_stmt_bind(s, 1, po_vint(id), err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    if (rc == 1)
        read_pub(out, s, a);
    po_stmt_finalize(s);
    if (rc == 0)
        return po_err_set(err, PO_ENOTFOUND, "没有第 %" PRId64 " 号公示", "no publication %" PRId64,
                          id);
    if (rc < 0)
        return rc;
    return read_rows(st, a, out, err);
}

int po_pubdb_list(struct po_store *st, struct po_arena *a, const struct po_pub_filter *f,
                  struct po_publication **out, size_t *n, struct po_err *err)
{
    *out = NULL;
    *n = 0;
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(
        &s, st,
        "SELECT " PUB_COLS PUB_FROM
        " WHERE (? = 0 OR p.year = ?) AND (? = '' OR p.list = ?)"
        " AND (? = 0 OR coalesce(p.district_code, '') = ?)"
        " AND (? = 0 OR NOT EXISTS (SELECT 1 FROM publication n WHERE n.supersedes = p.id))"
        " ORDER BY p.id DESC",
        err);
    const char *list = f->list >= 0 ? po_pub_list_name((enum po_pub_list)f->list) : NULL;
    struct po_value v[7] = { po_vint(f->year),
                             po_vint(f->year),
                             po_vtext(list ? list : ""),
                             po_vtext(list ? list : ""),
                             po_vint(f->district_code != NULL),
                             po_vtext(f->district_code ? f->district_code : ""),
                             po_vint(f->current_only) };
    if (rc == 0)
        rc = po_stmt_bindv(s, v, 7, err);
    size_t cap = 0;
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        rc = 0;
        if (grow((void **)out, &cap, *n, sizeof(**out), a) < 0) {
            rc = nomem(err);
            break;
        }
        read_pub(&(*out)[(*n)++], s, a);
    }
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

int po_pubdb_search(struct po_store *st, struct po_arena *a, const char *q, size_t limit,
                    struct po_pub_hit **out, size_t *n, struct po_err *err)
{
    *out = NULL;
    *n = 0;
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(
        &s, st,
        "SELECT " PUB_COLS ", r.enterprise_name, r.uscc, r.district_code, r.district_name,"
        " r.equipment, r.capacity, r.capacity_unit, r.measure_zh, r.deadline, r.basis_zh" PUB_FROM
        " JOIN publication_row r ON r.publication_id = p.id"
        " WHERE r.enterprise_name LIKE ? ESCAPE '!' OR r.uscc LIKE ? ESCAPE '!'"
        " ORDER BY p.id DESC, r.seq LIMIT ?",
        err);
    /* q as a LIKE pattern: its own % _ ! escaped, a substring of the name, a prefix of the USCC */
    struct po_buf e = PO_BUF_INIT;
    e.arena = a;
    for (const char *c = q; *c; c++) {
        if (*c == '%' || *c == '_' || *c == '!')
            po_buf_addch(&e, '!');
        po_buf_addch(&e, *c);
    }
    const char *lit = po_buf_failed(&e) ? "" : (e.buf ? e.buf : "");
    char *name = po_arena_printf(a, "%%%s%%", lit), *prefix = po_arena_printf(a, "%s%%", lit);
    if (!name || !prefix)
        rc = rc ? rc : nomem(err);
    struct po_value v[3] = { po_vtext(name), po_vtext(prefix), po_vint((int64_t)limit) };
    if (rc == 0)
        rc = po_stmt_bindv(s, v, 3, err);
    size_t cap = 0;
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        rc = 0;
        if (grow((void **)out, &cap, *n, sizeof(**out), a) < 0) {
            rc = nomem(err);
            break;
        }
        struct po_pub_hit *h = &(*out)[(*n)++];
        read_pub(&h->pub, s, a);
        struct po_pub_row *r = &h->row;
        const char **f[10] = { &r->enterprise_name, &r->uscc,          &r->district_code,
                               &r->district_name,   &r->equipment,     &r->capacity,
                               &r->capacity_unit,   &r->measure_zh,    &r->deadline,
                               &r->basis_zh };
        for (int k = 0; k < 10; k++)
            *f[k] = dup(a, po_stmt_text(s, 13 + k));
    }
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

static int check_supersedes(struct po_store *st, struct po_arena *a, const struct po_pub_request *r,
                            struct po_err *err)
{
    if (!r->supersedes) {
        if (r->reason && *r->reason)
            return po_err_set(err, PO_EINVAL, "更正原因（--reason）只与 --supersedes 一起使用",
                              "--reason goes only with --supersedes");
        /* one current publication per list, year and scope: a new one is a correction */
        struct po_pub_filter f = { r->year, (int)r->list,
                                   r->district_code && *r->district_code ? r->district_code : "",
                                   true };
        struct po_publication *cur;
        size_t n;
        int rc = po_pubdb_list(st, a, &f, &cur, &n, err);
        if (rc < 0)
            return rc;
        if (n)
            return po_err_set(err, PO_EINVAL,
                              "该名单已有现行公示第 %" PRId64 " 号（%s）：如需更正，请用 --supersedes %" PRId64
                              " --reason 说明原因",
                              "this list already has current publication %" PRId64
                              " (%s): to correct it, use --supersedes %" PRId64 " --reason",
                              cur[0].id, cur[0].number, cur[0].id);
        return 0;
    }
    if (!r->reason || !*r->reason)
        return po_err_set(err, PO_EINVAL, "更正一份公示须写明原因（--reason）",
                          "a correction needs its reason (--reason)");
    struct po_publication old;
    int rc = po_pubdb_get(st, a, r->supersedes, &old, err);
    if (rc < 0)
        return rc;
    if (old.superseded_by)
        return po_err_set(err, PO_EINVAL, "第 %" PRId64 " 号公示已被第 %" PRId64 " 号更正，请更正最新的一份",
                          "publication %" PRId64 " was already corrected by %" PRId64
                          ": correct the latest",
                          old.id, old.superseded_by);
    const char *dc = r->district_code && *r->district_code ? r->district_code : NULL;
    if (old.list != r->list || old.year != r->year ||
        (old.district_code == NULL) != (dc == NULL) ||
        (dc && strcmp(dc, old.district_code) != 0))
        return po_err_set(err, PO_EINVAL,
                          "更正须针对同一名单、年度和范围（第 %" PRId64 " 号是 %s %d %s）",
                          "a correction must be of the same list, year and scope (%" PRId64
                          " is %s %d %s)",
                          old.id, po_pub_list_name(old.list), old.year,
                          old.district_code ? old.district_code : "city");
    return 0;
}

static int write_pub(struct po_store *st, struct po_arena *a, struct po_publication *p,
                     const char *canonical, struct po_err *err)
{
    struct po_value v[12] = { po_vint(p->id),
                              po_vtext(p->number),
                              po_vtext(po_pub_list_name(p->list)),
                              po_vint(p->year),
                              po_vtext(p->district_code),
                              po_vtext(p->published_at),
                              po_vtext(p->actor),
                              p->supersedes ? po_vint(p->supersedes) : PO_VNULL,
                              po_vtext(p->reason),
                              po_vint((int64_t)p->nrows),
                              po_vtext(canonical),
                              po_vtext(p->sha256) };
    int rc = po_store_run(st,
                          "INSERT INTO publication(id, number, list, year, district_code,"
                          " published_at, actor, supersedes, reason, nrows, canonical, sha256)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          v, 12, err);
    for (size_t i = 0; rc == 0 && i < p->nrows; i++) {
        const struct po_pub_row *r = &p->rows[i];
        struct po_value w[12] = { po_vint(p->id),          po_vint((int64_t)i + 1),
                                  po_vtext(r->enterprise_name), po_vtext(r->uscc),
                                  po_vtext(r->district_code),   po_vtext(r->district_name),
                                  po_vtext(r->equipment),       po_vtext(r->capacity),
                                  po_vtext(r->capacity_unit),   po_vtext(r->measure_zh),
                                  po_vtext(r->deadline),        po_vtext(r->basis_zh) };
        rc = po_store_run(st,
                          "INSERT INTO publication_row(publication_id, seq, enterprise_name, uscc,"
                          " district_code, district_name, equipment, capacity, capacity_unit,"
                          " measure_zh, deadline, basis_zh)"
                          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          w, 12, err);
    }
    if (rc == 0) {
        char *detail = po_arena_printf(a, "list=%s year=%d scope=%s rows=%zu sha256=%s%s",
                                       po_pub_list_name(p->list), p->year,
                                       p->district_code ? p->district_code : "city", p->nrows,
                                       p->sha256,
                                       p->supersedes ? po_arena_printf(a, " supersedes=%" PRId64,
                                                                       p->supersedes)
                                                     : "");
        char *object = po_arena_printf(a, "publication/%" PRId64, p->id);
        rc = detail && object ? po_audit_append(st, p->published_at, p->actor, "publication.publish",
                                                object, detail, err)
                              : nomem(err);
    }
    return rc;
}

int po_pubdb_publish(struct po_store *st, struct po_arena *a, const struct po_pub_request *r,
                     struct po_publication *out, struct po_err *err)
{
    char now[32];
    if (r->now)
        snprintf(now, sizeof(now), "%s", r->now);
    else
        po_audit_now(now, sizeof(now));
    if (!r->actor || !*r->actor)
        return po_err_set(err, PO_EINVAL, "须写明发布人（--actor）", "the actor is required (--actor)");
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    struct po_pub_preview pv;
    rc = check_supersedes(st, a, r, err);
    if (rc == 0)
        rc = po_pubdb_preview(st, a, r->list, r->year, r->district_code, &pv, err);
    if (rc == 0 && pv.nrefusals) {
        struct po_buf zh = PO_BUF_INIT, en = PO_BUF_INIT;
        zh.arena = en.arena = a;
        for (size_t i = 0; i < pv.nrefusals && i < 5; i++) {
            po_buf_addf(&zh, "%s%s", i ? "；" : "", pv.refusals_zh[i]);
            po_buf_addf(&en, "%s%s", i ? "; " : "", pv.refusals_en[i]);
        }
        if (pv.nrefusals > 5) {
            po_buf_addf(&zh, "；另有 %zu 条", pv.nrefusals - 5);
            po_buf_addf(&en, "; and %zu more", pv.nrefusals - 5);
        }
        rc = po_err_set(err, PO_EINVAL, "不予发布：%s%.0s", "not published: %.0s%s",
                        po_buf_failed(&zh) ? "" : zh.buf, po_buf_failed(&en) ? "" : en.buf);
    }
    int64_t seq = 0, id = 0;
    struct po_publication *p = &pv.pub;
    int issue_year = atoi(now);
    if (rc == 0)
        rc = po_docno_take(st, PUB_AUTHORITY, issue_year, &seq, err);
    if (rc == 0)
        rc = po_store_query_int(&id, st, "SELECT coalesce(max(id), 0) + 1 FROM publication", NULL,
                                0, err);
    if (rc == 0) {
        p->id = id;
        p->number = po_docno_format(a, PUB_AUTHORITY, issue_year, seq);
        p->published_at = po_arena_strdup(a, now);
        p->actor = po_arena_strdup(a, r->actor);
        p->supersedes = r->supersedes;
        p->reason = r->supersedes ? po_arena_strdup(a, r->reason) : NULL;
        struct po_buf canon = PO_BUF_INIT;
        canon.arena = a;
        char hex[65];
        if (!p->number || !p->published_at || !p->actor || po_pub_canonical(p, &canon) < 0 ||
            po_pub_hash(p, hex) < 0 || !(p->sha256 = po_arena_strdup(a, hex)))
            rc = nomem(err);
        if (rc == 0)
            rc = write_pub(st, a, p, canon.buf, err);
    }
    rc = po_store_end(st, rc, err);
    if (rc == 0)
        *out = *p;
    return rc;
}

int po_pubdb_verify(struct po_store *st, struct po_arena *a, int64_t id, bool *ok,
                    const char **why, struct po_err *err)
{
    struct po_publication p;
    int rc = po_pubdb_get(st, a, id, &p, err);
    if (rc < 0)
        return rc;
    int64_t nstored = 0;
    struct po_value v[1] = { po_vint(id) };
    rc = po_store_query_int(&nstored, st,
                            "SELECT count(*) FROM publication_row WHERE publication_id = ?", v, 1,
                            err);
    if (rc < 0)
        return rc;
    char hex[65];
    if (po_pub_hash(&p, hex) < 0)
        return nomem(err);
    *ok = (size_t)nstored == p.nrows && strcmp(hex, p.sha256) == 0;
    *why = *ok ? "" : (size_t)nstored != p.nrows
                        ? po_arena_printf(a, "%" PRId64 " rows stored, %zu published", nstored, p.nrows)
                        : po_arena_printf(a, "stored rows hash to %s, published %s", hex, p.sha256);
    return 0;
}
