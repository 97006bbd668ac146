/*
 * evalenergy.c: the accounting and the ranking turned into rule facts.
 *
 * The accounting is run as `phaseout account` runs it (same policy, same
 * factors), so a finding's figures are the ones the account shows; the
 * ranking is `rank --db`'s.  Notes name every product compared, worst first
 * is not attempted: the products are listed in the account's order.
 */
#include "app/evalenergy.h"
#include "core/account.h"
#include "core/decimal.h"
#include "core/rank.h"
#include "core/rank_legal.h"
#include "core/rules.h"
#include "core/units.h"
#include "app/account_db.h"
#include "report/account_out.h"
#include "refdata/account_ref.h"
#include "app/rankdb.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdlib.h>
#include <string.h>

static int by_uscc(const void *a, const void *b)
{
    return strcmp(((const struct po_energy_facts *)a)->uscc,
                  ((const struct po_energy_facts *)b)->uscc);
}

const struct po_energy_facts *po_evalenergy_find(const struct po_energy_facts *f, size_t n,
                                                 const char *uscc)
{
    struct po_energy_facts key = { .uscc = uscc };
    return n ? bsearch(&key, f, n, sizeof *f, by_uscc) : NULL;
}

/* Shortest exact decimal of v × 10^-2 (the quota value) and of micro × 10^-6. */
static void fmt_e2(char *buf, size_t n, int64_t v_e2)
{
    po_dec_format(buf, n, v_e2 * 10000);
}

static void fmt_micro(char *buf, size_t n, int64_t micro)
{
    po_dec_format(buf, n, micro);
}

/*
 * The document of an NDRC edition for the Chinese note: "2021 (发改产业〔2021〕1609号, issued
 * 2021-11)" gives 发改产业〔2021〕1609号; an edition without one is shown as it is.
 */
static const char *edition_zh(const char *ed, struct po_arena *a)
{
    const char *open = strchr(ed, '(');
    if (!open)
        return ed;
    size_t len = strcspn(open + 1, ",)");
    return po_arena_strndup(a, open + 1, len);
}

static const char *product_zh(const struct po_quota_result *r)
{
    return r->map->name_zh && r->map->name_zh[0] ? r->map->name_zh : r->map->product;
}

/* Quota and benchmark facts of one enterprise from its quota report. */
static int quota_facts(struct po_energy_facts *f, const struct po_quota_report *q,
                       struct po_arena *a)
{
    struct po_buf qn = PO_BUF_INIT, bn = PO_BUF_INIT, qz = PO_BUF_INIT, bz = PO_BUF_INIT;
    qn.arena = bn.arena = qz.arena = bz.arena = a;
    f->quota_over = f->below_baseline = PO_EF_UNKNOWN;
    for (size_t i = 0; i < q->nres; i++) {
        const struct po_quota_result *r = &q->res[i];
        char v[64], l[64];
        fmt_e2(v, sizeof v, r->value_e2);
        if (r->verdict != PO_QV_NO_STANDARD && r->std) {
            f->has_quota_product = true;
            if (r->verdict != PO_QV_NO_ENERGY && r->std->limit_existing.set) {
                bool over = r->verdict == PO_QV_OVER_LIMIT;
                fmt_micro(l, sizeof l, r->std->limit_existing.micro);
                po_buf_addf(&qn, "%s%s %s %s %s limit %s (%s)", qn.len ? "; " : "", r->map->product,
                            v, r->std->unit, over ? ">" : "<=", l, r->std->standard);
                /* a sentence with units: "焦炭单位产品能耗 139.14 千克标准煤/吨，超过限定值 …" */
                const char *uz = po_rules_unit_zh(r->std->unit);
                po_buf_addf(&qz, "%s%s单位产品能耗 %s %s，%s限定值 %s %s（%s）", qz.len ? "；" : "",
                            product_zh(r), v, uz, over ? "超过" : "未超过", l, uz,
                            r->std->standard);
                if (f->quota_over != 1)
                    f->quota_over = over;
            }
        }
        if (r->bench_verdict != PO_BV_NONE && r->bench) {
            f->has_bench = true;
            if (r->verdict != PO_QV_NO_ENERGY && r->bench->baseline.set) {
                bool below = r->bench_verdict == PO_BV_BELOW_BASELINE;
                fmt_micro(l, sizeof l, r->bench->baseline.micro);
                po_buf_addf(&bn, "%s%s %s %s %s baseline %s (NDRC %s)", bn.len ? "; " : "",
                            r->map->product, v, r->bench->unit, below ? ">" : "<=", l,
                            r->bench->edition);
                const char *ed = edition_zh(r->bench->edition, a);
                if (!ed)
                    return -1;
                const char *bu = po_rules_unit_zh(r->bench->unit);
                po_buf_addf(&bz, "%s%s单位产品能耗 %s %s，%s基准水平 %s %s（%s）",
                            bz.len ? "；" : "", product_zh(r), v, bu, below ? "高于" : "不高于", l,
                            bu, ed);
                if (f->below_baseline != 1)
                    f->below_baseline = below;
            }
        }
    }
    if (po_buf_failed(&qn) || po_buf_failed(&bn) || po_buf_failed(&qz) || po_buf_failed(&bz))
        return -1;
    f->quota_note = qn.len ? qn.buf : NULL;
    f->bench_note = bn.len ? bn.buf : NULL;
    f->quota_note_zh = qz.len ? qz.buf : NULL;
    f->bench_note_zh = bz.len ? bz.buf : NULL;
    return 0;
}

/* The worst-20 % fact of an enterprise the legal ranking leaves out: cannot decide, X missing. */
static int excluded_fact(struct po_energy_facts *ef, const struct po_rank_legal *r, uint32_t i,
                         int year, struct po_arena *a)
{
    const struct po_rank_legal_ent *x = &r->in[i];
    enum po_rank_reason why = r->reason[i];
    bool energy_ok = x->energy_reported && x->e.tce_e8 > 0;
    ef->worst20 = PO_EF_UNKNOWN;
    ef->rank_missing = po_rank_reason_missing(why, energy_ok);
    if (why == PO_RX_LOSS_REVIEW) {
        ef->rank_note = po_arena_printf(
            a,
            "not ranked: value added zero or negative for %d, listed for review by the city "
            "(loss_making_ranking = review)",
            year);
        ef->rank_note_zh = po_arena_printf(
            a,
            "未参加排名：%d 年工业增加值为零或负数（亏损企业），按城市参数 loss_making_ranking "
            "列入待审清单",
            year);
    } else {
        ef->rank_note = po_arena_printf(a, "not ranked: %s for %d", po_rank_reason_en(why), year);
        ef->rank_note_zh = po_arena_printf(a, "未参加排名：%d 年%s", year, po_rank_reason_zh(why));
    }
    return ef->rank_note && ef->rank_note_zh ? 0 : -1;
}

/*
 * The worst-20 % fact from the legal ranking (core/rank_legal.h): ranked
 * enterprises are flagged or not among the ranked only; the others cannot
 * be decided and name what is missing (rank_missing), never a violation.
 */
static int rank_facts(struct po_energy_facts *f, size_t n, struct po_store *st, int year,
                      const struct po_acct_refs *refs, struct po_arena *a, struct po_err *err)
{
    struct po_rank_legal lr;
    struct po_rankdb_info info;
    int rc = po_rankdb_legal(&lr, &info, st, year, &refs->coef, NULL, a, err);
    if (rc < 0)
        return rc;
    const struct po_rank_result *r = &lr.ranked;
    for (size_t k = 0; k < lr.nexcluded; k++) {
        uint32_t i = lr.excluded[k];
        struct po_energy_facts *ef =
            (struct po_energy_facts *)po_evalenergy_find(f, n, lr.in[i].e.uscc.ptr);
        if (ef && excluded_fact(ef, &lr, i, year, a) < 0)
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    for (size_t k = 0; k < r->n; k++) {
        size_t i = r->order[k];
        const struct po_rank_ent *e = &r->ents[i];
        struct po_energy_facts *ef =
            (struct po_energy_facts *)po_evalenergy_find(f, n, e->uscc.ptr);
        if (!ef)
            continue;
        ef->worst20 = po_rank_flagged(r, k + 1);
        if (po_rank_legal_loss_ranked(&lr, i)) {
            ef->rank_note = po_arena_printf(
                a,
                "value added zero or negative for %d, ranked worst by the city's choice "
                "(loss_making_ranking = ranked_worst): rank %zu of %zu ranked (worst %zu flagged)",
                year, k + 1, r->n, r->nflagged);
            ef->rank_note_zh = po_arena_printf(
                a,
                "%d 年工业增加值为零或负数（亏损企业），按城市参数 loss_making_ranking 排为最差："
                "第 %zu 位（参加排名 %zu 家，后 %zu 家标记）",
                year, k + 1, r->n, r->nflagged);
        } else {
            char iv[64];
            fmt_micro(iv, sizeof iv, r->intensity_e6[i]);
            ef->rank_note = po_arena_printf(
                a, "intensity %s tce per 10k yuan, rank %zu of %zu ranked (worst %zu flagged)", iv,
                k + 1, r->n, r->nflagged);
            ef->rank_note_zh = po_arena_printf(
                a,
                "单位增加值能耗 %s 吨标准煤/万元，全市排名第 %zu 位（参加排名 %zu 家，后 %zu "
                "家标记）",
                iv, k + 1, r->n, r->nflagged);
        }
        if (!ef->rank_note || !ef->rank_note_zh)
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    return 0;
}

/* Coal burnt as fuel: the counted records of raw, washed and middling coal, in tonnes. */
static int64_t coal_fuel(const struct po_acct_result *res)
{
    static const char *const coal[] = { "raw_coal", "washed_coal", "middling_coal" };
    const struct po_unit *t = po_unit_find("t", 1);
    int64_t sum = -1;
    for (size_t i = 0; i < res->nlines; i++) {
        const struct po_acct_record *r = res->lines[i].rec;
        bool is_coal = false;
        for (size_t k = 0; k < sizeof coal / sizeof coal[0]; k++)
            is_coal = is_coal || strcmp(r->energy_type, coal[k]) == 0;
        if (!is_coal || r->purpose != PO_PURPOSE_FUEL || res->lines[i].status != PO_REC_COUNTED)
            continue;
        const struct po_unit *u = po_unit_find(r->unit, strlen(r->unit));
        int64_t v;
        if (!u || po_unit_convert(&v, r->quantity_micro, u, t) < 0)
            continue;
        sum = (sum < 0 ? 0 : sum) + v;
    }
    return sum;
}

int po_evalenergy_load(struct po_energy_facts **out, size_t *n, struct po_store *st, int year,
                       struct po_arena *a, struct po_err *err)
{
    struct po_acct_refs refs;
    struct po_acct_policy pol;
    struct po_acct_year y;
    struct po_acct_run run;
    int rc = po_account_refs_load(&refs, year, a, err);
    if (rc == 0)
        rc = po_policy_resolve(&pol, &refs.policy, year, PO_ELEC_POLICY, err);
    if (rc == 0)
        rc = po_account_db_load(&y, st, year, a, err);
    if (rc == 0)
        rc = po_account_run(&run, &y, &refs, &pol, a, err);
    if (rc < 0)
        return rc;
    struct po_energy_facts *f = po_arena_calloc(a, run.n + 1, sizeof *f);
    if (!f)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < run.n; i++) {
        f[i].uscc = run.e[i].ent->uscc;
        f[i].worst20 = PO_EF_UNKNOWN;
        f[i].coal_fuel_micro = coal_fuel(&run.e[i].res);
        if (quota_facts(&f[i], &run.e[i].quota, a) < 0)
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    qsort(f, run.n, sizeof *f, by_uscc);
    *out = f;
    *n = run.n;
    return rank_facts(f, run.n, st, year, &refs, a, err);
}
