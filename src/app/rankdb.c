/* rankdb.c: ranking inputs from the database (see rankdb.h for the choices). */
#include "app/rankdb.h"
#include "app/account_db.h"
#include "refdata/account_ref.h"
#include "refdata/cityparams.h"
#include "util/arena.h"
#include "util/strmap.h"

#include <stdio.h>
#include <string.h>

static struct po_str str_of(const char *s)
{
    struct po_str r = { s ? s : "", s ? strlen(s) : 0 };
    return r;
}

/* Enterprises that are not production enterprises (closed, exited), by USCC. */
static int load_skipped(struct po_strmap **out, struct po_store *st, struct po_arena *a,
                        struct po_err *err)
{
    struct po_strmap *m = po_strmap_new(a, 256);
    if (!m)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    struct po_stmt *s;
    int rc = po_stmt_prepare(
        &s, st, "SELECT uscc FROM enterprise WHERE status IN ('closed', 'exited')", err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        struct po_value u = po_stmt_col(s, 0);
        rc = po_strmap_put(m, u.s, u.len, 1, NULL) < 0
                 ? po_err_set(err, PO_ENOMEM, "内存不足", "out of memory")
                 : 0;
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    *out = m;
    return 0;
}

/* The production enterprises of year with their T, V and whether they reported energy. */
static int load_ents(struct po_rank_legal_ent **out, size_t *nout, struct po_rankdb_info *info,
                     struct po_store *st, int year, const struct po_coef_table *coef,
                     struct po_arena *a, struct po_err *err)
{
    memset(info, 0, sizeof(*info));
    struct po_policy_table pt;
    struct po_acct_policy pol;
    po_policy_table_init(&pt, a);
    int rc = po_account_policy_load(&pt, err);
    if (rc == 0)
        rc = po_policy_resolve(&pol, &pt, year, PO_ELEC_POLICY, err);
    struct po_acct_total *tot = NULL;
    size_t n = 0;
    if (rc == 0)
        rc = po_account_db_totals(&tot, &n, st, year, coef, &pol, a, err);
    struct po_strmap *skip = NULL;
    if (rc == 0)
        rc = load_skipped(&skip, st, a, err);
    if (rc < 0)
        return rc;
    struct po_rank_legal_ent *ents = po_arena_calloc(a, n ? n : 1, sizeof(*ents));
    if (!ents)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const struct po_acct_total *t = &tot[i];
        info->nunknown += t->nunknown;
        if (po_strmap_get(skip, t->uscc, strlen(t->uscc), NULL)) {
            info->skipped++;
            continue;
        }
        /* tce × 10^15 → × 10^8, half up once (the sum is >= 0) */
        po_acct_i128 e8 = (t->intensity_e15 + 5000000) / 10000000;
        if (t->intensity_e15 < 0 || e8 > INT64_MAX)
            return po_err_set(err, PO_EINVAL, "%s 的能耗合计超出范围",
                              "energy total of %s out of range", t->uscc);
        struct po_rank_legal_ent *x = &ents[m++];
        struct po_rank_ent *e = &x->e;
        x->name = t->name;
        x->energy_reported = t->has_energy;
        e->uscc = str_of(t->uscc);
        e->district = str_of(t->district);
        e->industry = str_of(t->industry);
        e->tce_e8 = (int64_t)e8;
        e->va_known = t->has_value_added;
        if (t->has_value_added) {
            int64_t v = t->value_added_micro;
            e->va_c = v >= 0 ? (v + 5000) / 10000 : -((-v + 5000) / 10000);
        }
    }
    *out = ents;
    *nout = m;
    return 0;
}

int po_rankdb_compute(struct po_rank_result *out, struct po_rankdb_info *info, struct po_store *st,
                      int year, const struct po_coef_table *coef, struct po_arena *a,
                      struct po_err *err)
{
    struct po_rank_legal_ent *x = NULL;
    size_t m = 0;
    int rc = load_ents(&x, &m, info, st, year, coef, a, err);
    if (rc < 0)
        return rc;
    struct po_rank_ent *ents = po_arena_calloc(a, m ? m : 1, sizeof(*ents));
    if (!ents)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < m; i++)
        ents[i] = x[i].e;
    info->ranked = m;
    int pct = 0;
    rc = po_rankdb_city_cut(&pct, NULL, NULL, err);
    return rc < 0 ? rc : po_rank_compute(out, ents, m, pct, a, err);
}

/* A parameter row's effective_from and confidence to the caller's buffers (either NULL). */
static void row_meta(char from[11], char confidence[16], const char *f, const char *c)
{
    if (from)
        snprintf(from, 11, "%s", f);
    if (confidence)
        snprintf(confidence, 16, "%s", c);
}

int po_rankdb_city_cut(int *out, char from[11], char confidence[16], struct po_err *err)
{
    struct po_city_params cp;
    int rc = po_cityparams_load(&cp, err);
    if (rc < 0)
        return rc;
    *out = cp.intensity_worst_pct;
    row_meta(from, confidence, cp.worst_pct_from, cp.worst_pct_confidence);
    return 0;
}

int po_rankdb_city_loss(enum po_rank_loss *out, char from[11], char confidence[16], int year,
                        struct po_err *err)
{
    struct po_city_params cp;
    char on[16];
    snprintf(on, sizeof on, "%04d-12-31", year);
    int rc = po_cityparams_load_on(&cp, on, err);
    if (rc < 0)
        return rc;
    *out = cp.loss_making;
    row_meta(from, confidence, cp.loss_making_from, cp.loss_making_confidence);
    return 0;
}

int po_rankdb_legal(struct po_rank_legal *out, struct po_rankdb_info *info, struct po_store *st,
                    int year, const struct po_coef_table *coef, const enum po_rank_loss *loss,
                    struct po_arena *a, struct po_err *err)
{
    enum po_rank_loss l = PO_LOSS_REVIEW;
    int rc = loss ? (l = *loss, 0) : po_rankdb_city_loss(&l, NULL, NULL, year, err);
    struct po_rank_legal_ent *x = NULL;
    size_t m = 0;
    int pct = 0;
    if (rc == 0)
        rc = po_rankdb_city_cut(&pct, NULL, NULL, err);
    if (rc == 0)
        rc = load_ents(&x, &m, info, st, year, coef, a, err);
    if (rc == 0)
        rc = po_rank_legal_compute(out, x, m, l, pct, a, err);
    if (rc == 0)
        info->ranked = out->ranked.n;
    return rc;
}

/* A CSV field: quoted when it holds a comma, a quote or a line end. */
static void put_field(struct po_buf *b, const char *s, size_t len)
{
    if (!memchr(s, ',', len) && !memchr(s, '"', len) && !memchr(s, '\n', len) &&
        !memchr(s, '\r', len)) {
        po_buf_add(b, s, len);
        return;
    }
    po_buf_addch(b, '"');
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            po_buf_addch(b, '"');
        po_buf_addch(b, s[i]);
    }
    po_buf_addch(b, '"');
}

void po_rankdb_format_excluded(struct po_buf *b, const struct po_rank_legal *r)
{
    po_buf_adds(b, "uscc,name,district_code,reason,reason_zh,missing\n");
    for (size_t k = 0; k < r->nexcluded; k++) {
        uint32_t i = r->excluded[k];
        const struct po_rank_legal_ent *x = &r->in[i];
        enum po_rank_reason why = r->reason[i];
        bool energy_ok = x->energy_reported && x->e.tce_e8 > 0;
        const char *name = x->name ? x->name : "";
        put_field(b, x->e.uscc.ptr, x->e.uscc.len);
        po_buf_addch(b, ',');
        put_field(b, name, strlen(name));
        po_buf_addch(b, ',');
        put_field(b, x->e.district.ptr, x->e.district.len);
        po_buf_addf(b, ",%s,%s,%s\n", po_rank_reason_tag(why), po_rank_reason_zh(why),
                    po_rank_reason_missing(why, energy_ok));
    }
}
