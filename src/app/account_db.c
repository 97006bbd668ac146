/*
 * account_db.c: loading a year's accounting inputs, totals for ranking,
 * districts and targets.
 *
 * Loading is four scans (enterprises, energy, output, economics) keyed by
 * the enterprise id; the rows of each scan are gathered per enterprise by a
 * counting pass over an id → index map, so memory is one array per table.
 * Short strings that repeat (energy type, unit, product) are interned.
 */
#include "app/account_db.h"
#include "refdata/account_ref.h"
#include "core/account_grow.h"
#include "util/arena.h"
#include "util/strmap.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int nomem(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

struct loader {
    struct po_store *st;
    struct po_arena *a;
    struct po_strmap *ids;  /* enterprise id (8 bytes) → index */
    struct po_strmap *strs; /* interned text → index into interned */
    const char **interned;
    size_t ninterned, capinterned;
    struct po_acct_year *y;
    size_t cap;           /* of y->ents */
    struct rec_row *rows; /* energy rows of the year, before they are placed */
    size_t nrows, caprows;
    struct po_arena *scratch; /* holds rows; destroyed after loading */
};

static const char *intern(struct loader *l, const char *s)
{
    if (!s)
        s = "";
    size_t len = strlen(s);
    int64_t idx;
    if (po_strmap_get(l->strs, s, len, &idx))
        return l->interned[idx];
    if (po_acct_grow((void **)&l->interned, &l->capinterned, l->ninterned, sizeof(char *), l->a) <
        0)
        return NULL;
    char *c = po_arena_strndup(l->a, s, len);
    if (!c || po_strmap_put(l->strs, s, len, (int64_t)l->ninterned, NULL) < 0)
        return NULL;
    l->interned[l->ninterned++] = c;
    return c;
}

static struct po_acct_ent *ent_of(struct loader *l, int64_t id)
{
    int64_t idx;
    if (!po_strmap_get(l->ids, &id, sizeof(id), &idx))
        return NULL;
    return &l->y->ents[idx];
}

static int cmp_ent(const void *a, const void *b)
{
    return strcmp(((const struct po_acct_ent *)a)->uscc, ((const struct po_acct_ent *)b)->uscc);
}

typedef int row_fn(struct loader *l, struct po_stmt *s, struct po_err *err);

/* Run sql (with the year bound to its one `?` when it has one) and hand each row to fn. */
static int each_row(struct loader *l, const char *sql, row_fn *fn, struct po_err *err)
{
    struct po_stmt *s;
    struct po_value yv = po_vint(l->y->year);
    int rc = po_stmt_prepare(&s, l->st, sql, err);
    if (rc == 0 && strchr(sql, '?'))
        rc = po_stmt_bindv(s, &yv, 1, err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1)
        rc = fn(l, s, err);
    po_stmt_finalize(s);
    return rc;
}

static int enterprise_row(struct loader *l, struct po_stmt *s, struct po_err *err)
{
    if (po_acct_grow((void **)&l->y->ents, &l->cap, l->y->n, sizeof(*l->y->ents), l->a) < 0)
        return nomem(err);
    struct po_acct_ent *e = &l->y->ents[l->y->n++];
    memset(e, 0, sizeof(*e));
    e->id = po_stmt_int(s, 0);
    e->uscc = po_arena_strdup(l->a, po_stmt_text(s, 1));
    e->name = po_arena_strdup(l->a, po_stmt_text(s, 2));
    e->district = intern(l, po_stmt_text(s, 3));
    e->industry = intern(l, po_stmt_text(s, 4));
    e->status = intern(l, po_stmt_text(s, 5));
    e->in.year = l->y->year;
    return !e->uscc || !e->name || !e->district || !e->industry || !e->status ? nomem(err) : 0;
}

static int load_enterprises(struct loader *l, struct po_err *err)
{
    int rc = each_row(l,
                      "SELECT id, uscc, name, district_code, industry_code, status "
                      "FROM enterprise",
                      enterprise_row, err);
    if (rc < 0)
        return rc;
    if (l->y->n > 1)
        qsort(l->y->ents, l->y->n, sizeof(*l->y->ents), cmp_ent);
    for (size_t i = 0; i < l->y->n; i++)
        if (po_strmap_put(l->ids, &l->y->ents[i].id, sizeof(int64_t), (int64_t)i, NULL) < 0)
            return nomem(err);
    return 0;
}

struct rec_row {
    int64_t id;
    struct po_acct_record r;
};

static int cmp_rec(const void *a, const void *b)
{
    const struct po_acct_record *x = a, *y = b;
    if (x->month != y->month)
        return x->month < y->month ? -1 : 1;
    int c = strcmp(x->energy_type, y->energy_type);
    if (c != 0)
        return c;
    if (x->purpose != y->purpose)
        return x->purpose < y->purpose ? -1 : 1;
    c = strcmp(x->product, y->product);
    if (c != 0)
        return c;
    return (int)x->metered - (int)y->metered;
}

static int energy_row(struct loader *l, struct po_stmt *s, struct po_err *err)
{
    if (po_acct_grow((void **)&l->rows, &l->caprows, l->nrows, sizeof(*l->rows), l->scratch) < 0)
        return nomem(err);
    struct rec_row *x = &l->rows[l->nrows++];
    x->id = po_stmt_int(s, 0);
    x->r.month = (int)po_stmt_int(s, 1);
    x->r.energy_type = intern(l, po_stmt_text(s, 2));
    x->r.purpose =
        strcmp(po_stmt_text(s, 3), "feedstock") == 0 ? PO_PURPOSE_FEEDSTOCK : PO_PURPOSE_FUEL;
    x->r.product = intern(l, po_stmt_text(s, 4));
    x->r.metered = strcmp(po_stmt_text(s, 5), "metered") == 0;
    x->r.quantity_micro = po_stmt_int(s, 6);
    x->r.unit = intern(l, po_stmt_text(s, 7));
    return !x->r.energy_type || !x->r.product || !x->r.unit ? nomem(err) : 0;
}

/* Count per enterprise, give each its slice, place, sort. */
static int place_energy(struct loader *l, struct po_err *err)
{
    for (size_t i = 0; i < l->nrows; i++) {
        struct po_acct_ent *e = ent_of(l, l->rows[i].id);
        if (e)
            e->in.nrec++;
    }
    for (size_t i = 0; i < l->y->n; i++) {
        struct po_acct_ent *e = &l->y->ents[i];
        e->in.rec = e->in.nrec ? po_arena_alloc(l->a, e->in.nrec * sizeof(*e->in.rec)) : NULL;
        if (e->in.nrec && !e->in.rec)
            return nomem(err);
        e->in.nrec = 0;
    }
    for (size_t i = 0; i < l->nrows; i++) {
        struct po_acct_ent *e = ent_of(l, l->rows[i].id);
        if (e)
            ((struct po_acct_record *)e->in.rec)[e->in.nrec++] = l->rows[i].r;
    }
    for (size_t i = 0; i < l->y->n; i++) {
        struct po_acct_ent *e = &l->y->ents[i];
        if (e->in.nrec > 1)
            qsort((void *)e->in.rec, e->in.nrec, sizeof(*e->in.rec), cmp_rec);
    }
    return 0;
}

static int load_energy(struct loader *l, struct po_err *err)
{
    l->scratch = po_arena_new();
    if (!l->scratch)
        return nomem(err);
    int rc = each_row(l,
                      "SELECT enterprise_id, month, energy_type, purpose, product, source, "
                      "quantity_micro, unit FROM energy WHERE year = ?",
                      energy_row, err);
    if (rc == 0)
        rc = place_energy(l, err);
    po_arena_destroy(l->scratch);
    l->scratch = NULL;
    return rc;
}

static int cmp_out(const void *a, const void *b)
{
    return strcmp(((const struct po_acct_output *)a)->product,
                  ((const struct po_acct_output *)b)->product);
}

static int output_row(struct loader *l, struct po_stmt *s, struct po_err *err)
{
    struct po_acct_ent *e = ent_of(l, po_stmt_int(s, 0));
    if (!e)
        return 0;
    /* an enterprise makes a handful of products: grow one by one */
    struct po_acct_output *n = po_arena_realloc(l->a, (void *)e->in.out, e->in.nout * sizeof(*n),
                                                (e->in.nout + 1) * sizeof(*n));
    if (!n)
        return nomem(err);
    n[e->in.nout].product = intern(l, po_stmt_text(s, 1));
    n[e->in.nout].quantity_micro = po_stmt_int(s, 2);
    e->in.out = n;
    return n[e->in.nout++].product ? 0 : nomem(err);
}

static int load_output(struct loader *l, struct po_err *err)
{
    int rc = each_row(l, "SELECT enterprise_id, product, quantity_micro FROM output WHERE year = ?",
                      output_row, err);
    for (size_t i = 0; rc == 0 && i < l->y->n; i++)
        if (l->y->ents[i].in.nout > 1)
            qsort((void *)l->y->ents[i].in.out, l->y->ents[i].in.nout,
                  sizeof(struct po_acct_output), cmp_out);
    return rc;
}

static int economics_row(struct loader *l, struct po_stmt *s, struct po_err *err)
{
    (void)err;
    struct po_acct_ent *e = ent_of(l, po_stmt_int(s, 0));
    if (e && !po_stmt_isnull(s, 1)) {
        e->in.has_value_added = true;
        e->in.value_added_micro = po_stmt_int(s, 1);
    }
    return 0;
}

static int load_economics(struct loader *l, struct po_err *err)
{
    return each_row(l, "SELECT enterprise_id, value_added_micro FROM economics WHERE year = ?",
                    economics_row, err);
}

int po_account_db_load(struct po_acct_year *out, struct po_store *st, int year, struct po_arena *a,
                       struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    out->year = year;
    struct loader l;
    memset(&l, 0, sizeof(l));
    l.st = st;
    l.a = a;
    l.ids = po_strmap_new(a, 1024);
    l.strs = po_strmap_new(a, 256);
    l.y = out;
    if (!l.ids || !l.strs)
        return nomem(err);
    int rc = load_enterprises(&l, err);
    if (rc == 0)
        rc = load_energy(&l, err);
    if (rc == 0)
        rc = load_output(&l, err);
    if (rc == 0)
        rc = load_economics(&l, err);
    if (rc < 0)
        po_err_context(err, "loading the %d accounts", year);
    return rc;
}

int po_account_db_totals(struct po_acct_total **out, size_t *n, struct po_store *st, int year,
                         const struct po_coef_table *coef, const struct po_acct_policy *pol,
                         struct po_arena *a, struct po_err *err)
{
    struct po_arena *work = po_arena_new();
    if (!work)
        return nomem(err);
    struct po_acct_year y;
    int rc = po_account_db_load(&y, st, year, work, err);
    struct po_acct_total *t = NULL;
    if (rc == 0) {
        t = po_arena_calloc(a, y.n ? y.n : 1, sizeof(*t));
        if (!t)
            rc = nomem(err);
    }
    struct po_acct_ctx ctx = { coef, pol, NULL };
    for (size_t i = 0; rc == 0 && i < y.n; i++) {
        const struct po_acct_ent *e = &y.ents[i];
        struct po_arena *scratch = po_arena_new();
        struct po_acct_result r;
        rc = scratch ? po_account_enterprise(&r, &e->in, &ctx, scratch, err) : nomem(err);
        if (rc == 0) {
            t[i].uscc = po_arena_strdup(a, e->uscc);
            t[i].name = po_arena_strdup(a, e->name);
            t[i].district = po_arena_strdup(a, e->district);
            t[i].industry = po_arena_strdup(a, e->industry);
            t[i].has_energy = e->in.nrec > 0;
            t[i].gross_e15 = r.gross_e15;
            t[i].total_e15 = r.total_e15;
            t[i].intensity_e15 = r.intensity_e15;
            t[i].has_value_added = e->in.has_value_added;
            t[i].value_added_micro = e->in.value_added_micro;
            t[i].nunknown = r.nunknown;
            if (!t[i].uscc || !t[i].name || !t[i].district || !t[i].industry)
                rc = nomem(err);
        }
        po_arena_destroy(scratch);
    }
    po_arena_destroy(work);
    if (rc < 0)
        return rc;
    *out = t;
    *n = y.n;
    return 0;
}

/* ---- districts and targets ---- */

static int cmp_district(const void *a, const void *b)
{
    return strcmp(((const struct po_district *)a)->code, ((const struct po_district *)b)->code);
}

int po_account_db_districts(struct po_district **out, size_t *n, struct po_store *st,
                            struct po_arena *a, struct po_err *err)
{
    struct po_stmt *s;
    struct po_district *d = NULL;
    size_t cnt = 0, cap = 0;
    int rc = po_stmt_prepare(&s, st, "SELECT code, name, level, parent_code FROM district", err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        rc = 0;
        if (po_acct_grow((void **)&d, &cap, cnt, sizeof(*d), a) < 0) {
            rc = nomem(err);
            break;
        }
        struct po_district *x = &d[cnt++];
        x->code = po_arena_strdup(a, po_stmt_text(s, 0));
        x->name = po_arena_strdup(a, po_stmt_text(s, 1));
        x->level = po_arena_strdup(a, po_stmt_text(s, 2));
        x->parent = po_stmt_isnull(s, 3) ? NULL : po_arena_strdup(a, po_stmt_text(s, 3));
        if (!x->code || !x->name || !x->level || (!po_stmt_isnull(s, 3) && !x->parent))
            rc = nomem(err);
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    if (cnt > 1)
        qsort(d, cnt, sizeof(*d), cmp_district);
    *out = d;
    *n = cnt;
    return 0;
}

static struct po_opt opt_col(struct po_stmt *s, int c)
{
    struct po_opt o = { !po_stmt_isnull(s, c), 0 };
    if (o.set)
        o.micro = po_stmt_int(s, c);
    return o;
}

static int cmp_target(const void *a, const void *b)
{
    const struct po_target *x = a, *y = b;
    int c = strcmp(x->district_code, y->district_code);
    return c ? c : (x->year > y->year) - (x->year < y->year);
}

int po_account_db_targets(struct po_target **out, size_t *n, struct po_store *st,
                          struct po_arena *a, struct po_err *err)
{
    struct po_stmt *s;
    struct po_target *t = NULL;
    size_t cnt = 0, cap = 0;
    int rc =
        po_stmt_prepare(&s, st,
                        "SELECT district_code, year, base_year, intensity_reduction_pct_micro, "
                        "energy_cap_tce_micro, co2_intensity_reduction_pct_micro, "
                        "co2_cap_t_micro, note, source FROM dual_control_target",
                        err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        rc = 0;
        if (po_acct_grow((void **)&t, &cap, cnt, sizeof(*t), a) < 0) {
            rc = nomem(err);
            break;
        }
        struct po_target *x = &t[cnt++];
        memset(x, 0, sizeof(*x));
        x->district_code = po_arena_strdup(a, po_stmt_text(s, 0));
        x->year = (int)po_stmt_int(s, 1);
        x->base_year = (int)po_stmt_int(s, 2);
        x->intensity_pct = opt_col(s, 3);
        x->energy_cap_tce = opt_col(s, 4);
        x->co2_intensity_pct = opt_col(s, 5);
        x->co2_cap_t = opt_col(s, 6);
        x->note = po_arena_strdup(a, po_stmt_text(s, 7) ? po_stmt_text(s, 7) : "");
        x->source = po_arena_strdup(a, po_stmt_text(s, 8) ? po_stmt_text(s, 8) : "");
        if (!x->district_code || !x->note || !x->source)
            rc = nomem(err);
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    if (cnt > 1)
        qsort(t, cnt, sizeof(*t), cmp_target);
    *out = t;
    *n = cnt;
    return 0;
}

static struct po_value opt_val(struct po_opt o)
{
    return o.set ? po_vint(o.micro) : PO_VNULL;
}

int po_account_db_seed_targets(size_t *inserted, struct po_store *st, struct po_arena *a,
                               struct po_err *err)
{
    *inserted = 0;
    int64_t have = 0;
    int rc =
        po_store_query_int(&have, st, "SELECT count(*) FROM dual_control_target", NULL, 0, err);
    if (rc < 0 || have > 0)
        return rc;
    struct po_target *t;
    size_t nt;
    rc = po_account_targets_default(&t, &nt, a, err);
    if (rc < 0)
        return rc;
    rc = po_store_begin(st, err);
    for (size_t i = 0; rc == 0 && i < nt; i++) {
        int64_t known = 0;
        struct po_value dv = po_vtext(t[i].district_code);
        rc = po_store_query_int(&known, st, "SELECT count(*) FROM district WHERE code = ?", &dv, 1,
                                err);
        if (rc < 0 || !known)
            continue;
        struct po_value v[9] = {
            po_vtext(t[i].district_code), po_vint(t[i].year),
            po_vint(t[i].base_year),      opt_val(t[i].intensity_pct),
            opt_val(t[i].energy_cap_tce), opt_val(t[i].co2_intensity_pct),
            opt_val(t[i].co2_cap_t),      po_vtext(t[i].note),
            po_vtext(t[i].source),
        };
        rc = po_store_run(st,
                          "INSERT INTO dual_control_target(district_code, year, base_year, "
                          "intensity_reduction_pct_micro, energy_cap_tce_micro, "
                          "co2_intensity_reduction_pct_micro, co2_cap_t_micro, note, source) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          v, 9, err);
        if (rc == 0)
            (*inserted)++;
    }
    rc = po_store_end(st, rc, err);
    if (rc < 0)
        *inserted = 0;
    return rc;
}

int po_account_db_fingerprint(char *buf, size_t n, struct po_store *st, struct po_err *err)
{
    enum { COLS = 5 };
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(
        &s, st,
        "SELECT (SELECT max(id) FROM import_batch), (SELECT max(id) FROM revision), "
        "(SELECT max(id) FROM case_event), "
        "(SELECT id FROM audit_log WHERE action NOT LIKE 'session.%' ORDER BY id DESC LIMIT 1), "
        "(SELECT count(*) FROM dual_control_target)",
        err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    if (rc == 1) {
        size_t len = 0;
        for (int k = 0; k < COLS && len < n; k++)
            len +=
                (size_t)snprintf(buf + len, n - len, "%s%" PRId64, k ? ":" : "", po_stmt_int(s, k));
        rc = 0;
    }
    po_stmt_finalize(s);
    return rc;
}

int po_account_db_latest_year(int *out, struct po_store *st, struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, st, "SELECT max(year) FROM energy", err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    if (rc == 1) {
        *out = (int)po_stmt_int(s, 0);
        rc = 0;
    }
    po_stmt_finalize(s);
    return rc;
}

int po_account_db_years(int **out, size_t *n, struct po_store *st, const char *uscc,
                        struct po_arena *a, struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct po_value v = po_vtext(uscc);
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int rc = po_stmt_prepare(&s, st,
                             "SELECT DISTINCT n.year FROM energy n JOIN enterprise e ON "
                             "e.id = n.enterprise_id WHERE e.uscc = ? ORDER BY n.year",
                             err);
    if (rc == 0)
        rc = po_stmt_bindv(s, &v, 1, err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        rc = 0;
        if (*n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            int *g = po_arena_realloc(a, *out, cap * sizeof(**out), nc * sizeof(**out));
            if (!g) {
                rc = po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
                break;
            }
            *out = g;
            cap = nc;
        }
        (*out)[(*n)++] = (int)po_stmt_int(s, 0);
    }
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}
