/*
 * evaldb.c: read the registry for the rules, judge, store the run.
 *
 * Four ordered queries (enterprises, economics, equipment, parameters)
 * instead of one per enterprise: the registry of a city is a few thousand
 * rows, and ordered reads let every row be attached by a binary search.
 * Each row read also feeds the data fingerprint, so two runs over the same
 * rows carry the same fingerprint.
 */
#include "app/evaldb.h"
#include "core/decimal.h"
#include "core/units.h"
#include "core/washbal.h"
#include "app/audit.h"
#include "app/caseread.h"
#include "app/evalenergy.h"
#include "refdata/refdata.h"
#include "refdata/cityparams.h"
#include "util/arena.h"
#include "util/buf.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ent {
    int64_t id;
    struct po_eval_enterprise e;
    struct po_eval_fact facts[32];
    int sev[3]; /* worst environment, safety, quality inspection: 0 none .. 3 serious;
                   -1 no inspection of the kind on file in the window (not recorded) */
    const char *sev_note[3], *sev_note_zh[3];
    int lic[3]; /* production, safety_production, pollutant_discharge: -1 none held,
                   0 valid on the as-of date, 1 lapsed */
    const char *lic_note[3], *lic_note_zh[3];
    const char *industry_code, *industry_edition;
    int susp_failed; /* a safety case's suspension failed (state as of the as-of date) */
    const char *susp_note, *susp_note_zh;
    struct po_eval_equipment *eq;
    size_t neq, cap;
    int64_t profit[PO_CITYPARAMS_LOSS_WINDOW_MAX]; /* profit[k]: year - k, k < the window */
    int64_t assets, liabilities;
    unsigned have;     /* bit k: profit[k] */
    bool have_balance; /* assets and liabilities of the year */
};

struct eqrow {
    int64_t id;
    struct po_eval_equipment eq;
    struct po_eval_fact *params;
    size_t np, cap;
};

struct load {
    struct po_store *st;
    struct po_arena *a;
    crypto_hash_sha256_state h;
    int year;
    int loss_window; /* years loss_years looks back (rulesdata: the city's, rules checked) */
    const struct po_tagset *tags; /* the rule file's tags: units and types of parameters */
    char from[11], asof[11];      /* the inspection window: 1 January of the year .. as-of */
    struct ent *ents;
    size_t nents, ents_cap;
    struct eqrow *eqs;
    size_t neqs, eqs_cap;
    struct po_energy_facts *ef; /* app/evalenergy.h, sorted by uscc */
    size_t nef;
    void *scratch; /* the state of the row callbacks of one pass (struct wash) */
};

static int oom(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

/* Fingerprint one row: every column as text, unit and record separators between. */
static void fingerprint(struct load *l, struct po_stmt *s)
{
    int n = po_stmt_ncols(s);
    for (int i = 0; i < n; i++) {
        char num[32];
        const char *t;
        if (po_stmt_isnull(s, i))
            t = "\\N";
        else if (po_stmt_col(s, i).type == PO_V_INT) {
            snprintf(num, sizeof num, "%lld", (long long)po_stmt_int(s, i));
            t = num;
        } else
            t = po_stmt_text(s, i);
        crypto_hash_sha256_update(&l->h, (const unsigned char *)t, strlen(t));
        crypto_hash_sha256_update(&l->h, (const unsigned char *)(i + 1 < n ? "\x1f" : "\x1e"), 1);
    }
}

static char *dup(struct load *l, struct po_stmt *s, int col)
{
    const char *t = po_stmt_text(s, col);
    return po_arena_strdup(l->a, t ? t : "");
}

/* Run sql with the bound values; call fn for each row. */
static int each(struct load *l, const char *sql, const struct po_value *v, size_t nv,
                int (*fn)(struct load *, struct po_stmt *, struct po_err *), struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, l->st, sql, err);
    if (rc == 0)
        rc = po_stmt_bindv(s, v, nv, err);
    while (rc == 0) {
        rc = po_stmt_step(s, err);
        if (rc <= 0)
            break;
        fingerprint(l, s);
        rc = fn(l, s, err);
    }
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

static int grow(void **p, size_t *cap, size_t n, size_t size, struct po_arena *a)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 64;
    void *q = po_arena_realloc(a, *p, *cap * size, nc * size);
    if (!q)
        return -1;
    *p = q;
    *cap = nc;
    return 0;
}

static int ent_row(struct load *l, struct po_stmt *s, struct po_err *err)
{
    if (grow((void **)&l->ents, &l->ents_cap, l->nents, sizeof *l->ents, l->a) < 0)
        return oom(err);
    struct ent *e = &l->ents[l->nents++];
    memset(e, 0, sizeof *e);
    e->id = po_stmt_int(s, 0);
    e->e.uscc = dup(l, s, 1);
    e->e.name = dup(l, s, 2);
    e->e.district_code = dup(l, s, 3);
    e->industry_code = dup(l, s, 6);
    e->industry_edition = dup(l, s, 7);
    size_t nf = 0;
    /* NULL: not recorded (migration 0011): the fact is absent, the rules reading it undecided */
    if (!po_stmt_isnull(s, 4))
        e->facts[nf++] = (struct po_eval_fact){ "has_downstream", po_stmt_int(s, 4) ? PO_MICRO : 0,
                                                NULL, NULL, NULL };
    if (!po_stmt_isnull(s, 5))
        e->facts[nf++] =
            (struct po_eval_fact){ "two_high", po_stmt_int(s, 5) ? PO_MICRO : 0, NULL, NULL, NULL };
    e->e.nfacts = nf;
    return e->e.uscc && e->e.name && e->e.district_code && e->industry_code && e->industry_edition
               ? 0
               : oom(err);
}

/*
 * Binary search of rows sorted by id, their first member: the index of id,
 * or n when absent.  struct ent and struct eqrow both begin with int64_t id.
 */
static size_t find_id(const void *rows, size_t n, size_t size, int64_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int64_t at;
        memcpy(&at, (const char *)rows + mid * size, sizeof at);
        if (at < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    int64_t at = 0;
    if (lo < n)
        memcpy(&at, (const char *)rows + lo * size, sizeof at);
    return lo < n && at == id ? lo : n;
}

static struct ent *find_ent(struct load *l, int64_t id)
{
    size_t i = find_id(l->ents, l->nents, sizeof *l->ents, id);
    return i < l->nents ? &l->ents[i] : NULL;
}

static int econ_row(struct load *l, struct po_stmt *s, struct po_err *err)
{
    (void)err;
    struct ent *e = find_ent(l, po_stmt_int(s, 0));
    int64_t k = l->year - po_stmt_int(s, 1);
    if (!e || k < 0 || k >= l->loss_window)
        return 0;
    if (!po_stmt_isnull(s, 2)) {
        e->profit[k] = po_stmt_int(s, 2);
        e->have |= 1u << k;
    }
    if (k == 0 && !po_stmt_isnull(s, 3) && !po_stmt_isnull(s, 4)) {
        e->assets = po_stmt_int(s, 3);
        e->liabilities = po_stmt_int(s, 4);
        e->have_balance = true;
    }
    return 0;
}

/* loss_years and liabilities_exceed_assets from the economics read (see evaldb.h). */
static int econ_facts(struct ent *e, int year, int window, struct po_arena *a)
{
    int64_t years = 0;
    int k = 0;
    bool known = false;
    for (; k < window; k++) {
        if (!(e->have & (1u << k)))
            break;
        if (e->profit[k] >= 0) {
            known = true;
            break;
        }
        years++;
        known = k == window - 1;
    }
    if (known)
        e->facts[e->e.nfacts++] =
            (struct po_eval_fact){ "loss_years", years * PO_MICRO, NULL, NULL, NULL };
    else {
        const char *why = po_arena_printf(a, "profit missing for %d", year - k);
        const char *zh = po_arena_printf(a, "%d 年利润数据缺失", year - k);
        if (!why || !zh)
            return -1;
        e->facts[e->e.nfacts++] =
            (struct po_eval_fact){ "loss_years", PO_EVAL_MISSING, why, zh, "profit" };
    }
    if (e->have_balance)
        e->facts[e->e.nfacts++] =
            (struct po_eval_fact){ "liabilities_exceed_assets",
                                   e->liabilities > e->assets ? PO_MICRO : 0, NULL, NULL, NULL };
    else {
        const char *why = po_arena_printf(a, "assets or liabilities missing for %d", year);
        const char *zh = po_arena_printf(a, "%d 年资产或负债数据缺失", year);
        if (!why || !zh)
            return -1;
        e->facts[e->e.nfacts++] =
            (struct po_eval_fact){ "liabilities_exceed_assets", PO_EVAL_MISSING, why, zh,
                                   "assets_liabilities" };
    }
    e->e.facts = e->facts;
    return 0;
}

static int eq_row(struct load *l, struct po_stmt *s, struct po_err *err)
{
    if (grow((void **)&l->eqs, &l->eqs_cap, l->neqs, sizeof *l->eqs, l->a) < 0)
        return oom(err);
    struct eqrow *q = &l->eqs[l->neqs];
    memset(q, 0, sizeof *q);
    q->id = po_stmt_int(s, 0);
    struct ent *e = find_ent(l, po_stmt_int(s, 1));
    if (!e)
        return 0; /* a closed or exited enterprise's unit */
    q->eq.equipment_id = dup(l, s, 2);
    q->eq.type = dup(l, s, 3);
    q->eq.commissioned = po_stmt_isnull(s, 4) ? NULL : dup(l, s, 4);
    if (!q->eq.equipment_id || !q->eq.type || (!po_stmt_isnull(s, 4) && !q->eq.commissioned))
        return oom(err);
    /* remember the owner in the unused count until attach() */
    q->eq.nparams = (size_t)(e - l->ents);
    l->neqs++;
    return 0;
}

static struct eqrow *find_eq(struct load *l, int64_t id)
{
    size_t i = find_id(l->eqs, l->neqs, sizeof *l->eqs, id);
    return i < l->neqs ? &l->eqs[i] : NULL;
}

static const struct po_tag *find_tag(const struct po_tagset *t, const char *tag)
{
    for (size_t i = 0; t && i < t->n; i++)
        if (strcmp(t->tags[i].tag, tag) == 0)
            return &t->tags[i];
    return NULL;
}

/*
 * A number or boolean as the rules compare it: in the tag's unit
 * (data/equipment_params.csv).  A value recorded in another unit is
 * converted when units.h knows both; otherwise, like a value that is not a
 * number, it is missing with the reason, so the finding says why.
 */
static int numeric_param(struct load *l, struct po_eval_fact *f, const struct po_tag *t,
                         bool null_num, const char *unit, struct po_err *err)
{
    const char *why = NULL, *zh = NULL;
    bool missing = false, noted = false;
    if (null_num && (!f->value_text || po_dec_parse(&f->value_micro, f->value_text,
                                                    strlen(f->value_text)) != PO_DEC_OK)) {
        missing = noted = true;
        const char *v = f->value_text ? f->value_text : "";
        why = po_arena_printf(l->a, "recorded value \"%s\" is not a number", v);
        zh = po_arena_printf(l->a, "记录值“%s”不是数字", v);
    } else if (unit && unit[0] && t->unit[0] && strcmp(unit, t->unit) != 0) {
        const struct po_unit *from = po_unit_find(unit, strlen(unit));
        const struct po_unit *to = po_unit_find(t->unit, strlen(t->unit));
        int64_t v;
        char num[32];
        noted = true;
        po_dec_format(num, sizeof num, f->value_micro);
        if (from && to && po_unit_convert(&v, f->value_micro, from, to) == 0) {
            f->value_micro = v;
            why = po_arena_printf(l->a, "recorded %s %s, converted", num, unit);
            zh = po_arena_printf(l->a, "记录值 %s %s，已换算", num, unit);
        } else {
            missing = true;
            why = po_arena_printf(l->a, "recorded in %s, the rule's unit is %s", unit, t->unit);
            zh = po_arena_printf(l->a, "记录单位为 %s，规则单位为 %s", unit,
                                 po_rules_unit_zh(t->unit));
        }
    }
    f->value_text = why;
    f->note_zh = zh;
    if (noted && (!why || !zh))
        return oom(err);
    if (missing)
        f->value_micro = PO_EVAL_MISSING;
    return 0;
}

static int param_row(struct load *l, struct po_stmt *s, struct po_err *err)
{
    struct eqrow *q = find_eq(l, po_stmt_int(s, 0));
    if (!q)
        return 0;
    if (grow((void **)&q->params, &q->cap, q->np, sizeof *q->params, l->a) < 0)
        return oom(err);
    struct po_eval_fact *f = &q->params[q->np++];
    f->tag = dup(l, s, 1);
    f->value_micro = po_stmt_int(s, 2);
    f->value_text = po_stmt_isnull(s, 3) ? NULL : dup(l, s, 3);
    f->note_zh = NULL;
    if (!f->tag || (!po_stmt_isnull(s, 3) && !f->value_text))
        return oom(err);
    const struct po_tag *t = find_tag(l->tags, f->tag);
    if (!t || t->type == PO_TAG_TEXT)
        return 0;
    return numeric_param(l, f, t, po_stmt_isnull(s, 2), po_stmt_text(s, 4), err);
}

/* Give every enterprise its units (owner index parked in eq.nparams by eq_row). */
static int attach(struct load *l, struct po_err *err)
{
    for (size_t i = 0; i < l->neqs; i++) {
        struct eqrow *q = &l->eqs[i];
        struct ent *e = &l->ents[q->eq.nparams];
        if (grow((void **)&e->eq, &e->cap, e->neq, sizeof *e->eq, l->a) < 0)
            return oom(err);
        q->eq.params = q->params;
        q->eq.nparams = q->np;
        e->eq[e->neq++] = q->eq;
    }
    for (size_t i = 0; i < l->nents; i++) {
        l->ents[i].e.eq = l->ents[i].eq;
        l->ents[i].e.neq = l->ents[i].neq;
        if (econ_facts(&l->ents[i], l->year, l->loss_window, l->a) < 0)
            return oom(err);
    }
    return 0;
}

static int load_all(struct load *l, struct po_err *err)
{
    struct po_value y[2] = { po_vint(l->year - (l->loss_window - 1)), po_vint(l->year) };
    int rc = each(l,
                  "SELECT e.id, e.uscc, e.name, e.district_code, e.has_downstream, i.two_high,"
                  " e.industry_code, e.industry_edition FROM enterprise e LEFT JOIN industry i"
                  " ON i.code = e.industry_code AND i.edition = e.industry_edition"
                  " WHERE e.status NOT IN ('closed', 'exited') ORDER BY e.id",
                  NULL, 0, ent_row, err);
    if (rc == 0)
        rc = each(l,
                  "SELECT enterprise_id, year, profit_micro, total_assets_micro,"
                  " total_liabilities_micro FROM economics WHERE year BETWEEN ? AND ?"
                  " ORDER BY enterprise_id, year",
                  y, 2, econ_row, err);
    if (rc == 0)
        rc = each(
            l,
            "SELECT id, enterprise_id, equipment_id, equipment_type, commissioned FROM equipment"
            " WHERE status NOT IN ('sealed', 'dismantled') ORDER BY id",
            NULL, 0, eq_row, err);
    if (rc == 0)
        rc = each(l,
                  "SELECT equipment_pk, param, value_micro, value_text, unit FROM equipment_param"
                  " ORDER BY equipment_pk, param",
                  NULL, 0, param_row, err);
    return rc == 0 ? attach(l, err) : rc;
}

static const char *const insp_kinds[3] = { "environment", "safety", "quality" };
static const char *const insp_facts[3] = { "environment_severity", "safety_severity",
                                           "quality_severity" };
static const char *const insp_missing[3] = { "environment_inspection", "safety_inspection",
                                             "quality_inspection" };
static const char *const insp_zh[3] = { "生态环境", "安全生产", "产品质量" };
static const char *const sev_names[4] = { "none", "minor", "major", "serious" };
static const char *const sev_zh[4] = { "无", "一般", "较重", "严重" };
static const char *const lic_types[3] = { "production", "safety_production",
                                          "pollutant_discharge" };
static const char *const lic_zh[3] = { "生产许可证", "安全生产许可证", "排污许可证" };
static const char *const lic_status_zh[][2] = {
    { "valid", "有效" },
    { "expired", "已到期" },
    { "suspended", "已暂扣" },
    { "revoked", "已吊销" },
};

/* The violation codes of the inspections import (docs/import.md). */
static const char *const violation_zh[][2] = {
    { "emission_exceedance", "超标排放" },
    { "unlicensed", "无证生产" },
    { "safety_conditions_unmet", "不具备安全生产条件" },
    { "quality_substandard", "产品质量不达标" },
    { "energy_quota_exceeded", "超能耗限额" },
    { "other", "其他" },
};

static const char *viol_zh(const char *v)
{
    for (size_t i = 0; i < sizeof violation_zh / sizeof violation_zh[0]; i++)
        if (strcmp(violation_zh[i][0], v) == 0)
            return violation_zh[i][1];
    return v;
}

static const char *status_zh(const char *st)
{
    for (size_t i = 0; st && i < sizeof lic_status_zh / sizeof lic_status_zh[0]; i++)
        if (strcmp(lic_status_zh[i][0], st) == 0)
            return lic_status_zh[i][1];
    return st ? st : "";
}
static const char *const lic_facts[3] = { "production_licence_lapsed", "safety_licence_lapsed",
                                          "discharge_permit_lapsed" };
static const char *const held_facts[3] = { "holds_production_licence", "holds_safety_licence",
                                           "holds_discharge_permit" };

static int pick(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (int)i;
    return -1;
}

/* The worst inspection of each kind in the window (the first of equals, by date). */
static int insp_row(struct load *l, struct po_stmt *s, struct po_err *err)
{
    struct ent *e = find_ent(l, po_stmt_int(s, 0));
    int k = pick(insp_kinds, 3, po_stmt_text(s, 1));
    int sev = pick(sev_names, 4, po_stmt_text(s, 2));
    if (!e || k < 0 || sev <= e->sev[k])
        return 0;
    const char *t[5];
    for (int i = 0; i < 5; i++) {
        t[i] = po_stmt_text(s, 3 + i);
        t[i] = t[i] ? t[i] : "";
    }
    struct po_buf b = PO_BUF_INIT, z = PO_BUF_INIT;
    b.arena = z.arena = l->a;
    po_buf_addf(&b, "%s %s %s", sev_names[sev], t[0], t[1]);
    po_buf_addf(&z, "%s（%s，%s）", sev_zh[sev], t[0], t[1]);
    /* violation and legal basis are quoted as recorded (the inspecting bureau's own words) */
    for (int i = 2; i < 5; i++)
        if (t[i][0]) {
            po_buf_addf(&b, "%s%s", i == 2 ? ": " : "; ", t[i]);
            po_buf_addf(&z, "%s%s", i == 2 ? "：" : "；", i == 2 ? viol_zh(t[i]) : t[i]);
        }
    if (po_buf_failed(&b) || po_buf_failed(&z))
        return oom(err);
    e->sev[k] = sev;
    e->sev_note[k] = b.buf;
    e->sev_note_zh[k] = z.buf;
    return 0;
}

/* Any licence of the type valid on the as-of date clears it; else the last one read is cited. */
static int lic_row(struct load *l, struct po_stmt *s, struct po_err *err)
{
    struct ent *e = find_ent(l, po_stmt_int(s, 0));
    int k = pick(lic_types, 3, po_stmt_text(s, 1));
    if (!e || k < 0 || e->lic[k] == 0)
        return 0;
    const char *num = po_stmt_text(s, 2), *st = po_stmt_text(s, 3);
    const char *from = po_stmt_text(s, 4), *to = po_stmt_text(s, 5), *rev = po_stmt_text(s, 6);
    /*
     * The status is today's; judged on the as-of date by the dates: an "expired" licence was
     * valid within its term, a revoked one until the day it was revoked.  A suspension has
     * no date in the registry, so a suspended licence counts as lapsed.
     */
    bool in_force = st && (strcmp(st, "valid") == 0 || strcmp(st, "expired") == 0 ||
                           (strcmp(st, "revoked") == 0 && rev && strcmp(rev, l->asof) > 0));
    bool valid =
        in_force && (!from || strcmp(from, l->asof) <= 0) && (!to || strcmp(to, l->asof) >= 0);
    e->lic[k] = valid ? 0 : 1;
    e->lic_note[k] = po_arena_printf(l->a, "%s %s %s, valid %s to %s", lic_types[k], num ? num : "",
                                     st ? st : "", from ? from : "?", to ? to : "?");
    e->lic_note_zh[k] =
        po_arena_printf(l->a, "%s %s（%s），有效期 %s 至 %s", lic_zh[k], num ? num : "",
                        status_zh(st), from ? from : "？", to ? to : "？");
    return e->lic_note[k] && e->lic_note_zh[k] ? 0 : oom(err);
}

/* Inspection and licence facts (see evaldb.h). */
static int record_facts(struct load *l, struct po_err *err)
{
    for (size_t i = 0; i < l->nents; i++)
        for (int k = 0; k < 3; k++)
            l->ents[i].lic[k] = l->ents[i].sev[k] = -1;
    struct po_value w[2] = { po_vtext(l->from), po_vtext(l->asof) };
    struct po_value a1 = po_vtext(l->asof);
    int rc = each(l,
                  "SELECT enterprise_id, kind, severity, date, document_no, violation,"
                  " legal_basis FROM inspection WHERE date >= ? AND date <= ?"
                  " ORDER BY enterprise_id, date, id",
                  w, 2, insp_row, err);
    if (rc == 0)
        rc = each(l,
                  "SELECT enterprise_id, licence_type, number, status, valid_from, valid_to,"
                  " revoked_on FROM licence WHERE valid_from IS NULL OR valid_from <= ?"
                  " ORDER BY enterprise_id, id",
                  &a1, 1, lic_row, err);
    for (size_t i = 0; rc == 0 && i < l->nents; i++) {
        struct ent *e = &l->ents[i];
        for (int k = 0; k < 3; k++) {
            if (e->sev[k] >= 0)
                e->facts[e->e.nfacts++] =
                    (struct po_eval_fact){ insp_facts[k], e->sev[k] * PO_MICRO, e->sev_note[k],
                                           e->sev_note_zh[k], NULL };
            else {
                /* not inspected in the window: not "no violation", not recorded (issue 12) */
                const char *en = po_arena_printf(l->a, "no %s inspection on file from %s to %s",
                                                 insp_kinds[k], l->from, l->asof);
                const char *zh =
                    po_arena_printf(l->a, "%s 至 %s 无%s检查记录", l->from, l->asof, insp_zh[k]);
                if (!en || !zh)
                    return oom(err);
                e->facts[e->e.nfacts++] = (struct po_eval_fact){ insp_facts[k], PO_EVAL_MISSING, en,
                                                                 zh, insp_missing[k] };
            }
            e->facts[e->e.nfacts++] =
                (struct po_eval_fact){ held_facts[k], e->lic[k] >= 0 ? PO_MICRO : 0, NULL, NULL,
                                       NULL };
            if (e->lic[k] >= 0)
                e->facts[e->e.nfacts++] =
                    (struct po_eval_fact){ lic_facts[k], e->lic[k] ? PO_MICRO : 0,
                                           e->lic[k] ? e->lic_note[k] : NULL,
                                           e->lic[k] ? e->lic_note_zh[k] : NULL, NULL };
        }
    }
    return rc;
}

/*
 * The state of each safety case on the as-of date (its last event on or before that day) and
 * the day of its latest failed re-inspection.  A case left failed, closure_proposed or
 * closed_down by then is a suspension that failed: 安全生产法 第一百一十三条 asks closure and
 * the revocation of licences next (see SAFETY-CLOSE in data/rules.csv).
 */
static int case_row(struct load *l, int64_t ent_id, int64_t case_id, const char *state,
                    const char *failed_on, struct po_err *err)
{
    struct ent *e = find_ent(l, ent_id);
    if (!e || !state || !failed_on || e->susp_failed)
        return 0;
    if (strcmp(state, "failed") != 0 && strcmp(state, "closure_proposed") != 0 &&
        strcmp(state, "closed_down") != 0)
        return 0;
    long long id = (long long)case_id;
    const char *state_zh = strcmp(state, "failed") == 0             ? "复查未通过"
                           : strcmp(state, "closure_proposed") == 0 ? "已提请关闭"
                                                                    : "已关闭";
    e->susp_failed = 1;
    e->susp_note = po_arena_printf(l->a, "safety case %lld: re-inspection failed on %s (state %s)",
                                   id, failed_on, state);
    e->susp_note_zh = po_arena_printf(l->a, "安全生产案件 %lld：%s 复查仍不具备安全生产条件（%s）",
                                      id, failed_on, state_zh);
    return e->susp_note && e->susp_note_zh ? 0 : oom(err);
}

struct safety_case {
    int64_t ent_id, case_id;
};

static int safety_cases(struct safety_case **out, size_t *n, struct load *l, struct po_err *err)
{
    struct po_stmt *s = NULL;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int rc = po_stmt_prepare(&s, l->st,
                             "SELECT e.id, c.id FROM case_file c JOIN enterprise e"
                             " ON e.uscc = c.uscc WHERE c.case_type = 'safety' ORDER BY e.id, c.id",
                             err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        rc = grow((void **)out, &cap, *n, sizeof(**out), l->a) < 0 ? oom(err) : 0;
        if (rc == 0)
            (*out)[(*n)++] = (struct safety_case){ po_stmt_int(s, 0), po_stmt_int(s, 1) };
    }
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

/* The row (enterprise id, case id, state, day of the latest failed re-inspection) as the
 * fingerprint has always seen it: integers in decimal, NULL as \N. */
static void fingerprint_case(struct load *l, const struct safety_case *c, const char *state,
                             const char *failed_on)
{
    char eid[32], cid[32];
    snprintf(eid, sizeof eid, "%lld", (long long)c->ent_id);
    snprintf(cid, sizeof cid, "%lld", (long long)c->case_id);
    const char *col[4] = { eid, cid, state, failed_on ? failed_on : "\\N" };
    for (int i = 0; i < 4; i++) {
        crypto_hash_sha256_update(&l->h, (const unsigned char *)col[i], strlen(col[i]));
        crypto_hash_sha256_update(&l->h, (const unsigned char *)(i + 1 < 4 ? "\x1f" : "\x1e"), 1);
    }
}

/* Case c on the as-of date from its log (app/caseread.h): the state its last event on or before
 * that day left, and the latest failed re-inspection up to that event's day. */
static int safety_case(struct load *l, const struct safety_case *c, struct po_arena *a,
                       struct po_err *err)
{
    struct po_case_events evs;
    int rc = po_caseread_events(&evs, l->st, c->case_id, 0, a, err);
    const struct po_case_event_row *last = NULL;
    for (size_t i = 0; rc == 0 && i < evs.n; i++)
        if (strcmp(evs.v[i].on_date, l->asof) <= 0)
            last = &evs.v[i];
    if (rc < 0 || !last)
        return rc;
    const char *failed_on = NULL;
    for (size_t i = 0; i < evs.n; i++) {
        const char *on = evs.v[i].on_date;
        if (strcmp(evs.v[i].event, "reinspect_fail") == 0 && strcmp(on, last->on_date) <= 0 &&
            (!failed_on || strcmp(on, failed_on) > 0))
            failed_on = on;
    }
    fingerprint_case(l, c, last->new_state, failed_on);
    return case_row(l, c->ent_id, c->case_id, last->new_state, failed_on, err);
}

static int case_facts(struct load *l, struct po_err *err)
{
    struct safety_case *cs = NULL;
    size_t n = 0;
    struct po_arena *a = po_arena_new();
    int rc = a ? safety_cases(&cs, &n, l, err) : oom(err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = safety_case(l, &cs[i], a, err);
    po_arena_destroy(a);
    for (size_t i = 0; rc == 0 && i < l->nents; i++) {
        struct ent *e = &l->ents[i];
        e->facts[e->e.nfacts++] =
            (struct po_eval_fact){ "safety_suspension_failed", e->susp_failed ? PO_MICRO : 0,
                                   e->susp_note, e->susp_note_zh, NULL };
    }
    return rc;
}

/* data/low_end_industries.csv: the classes 三(三) calls low-end basic chemicals and smelting. */
struct lowend {
    struct load *l;
};

static int lowend_row(void *ctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct load *l = ((struct lowend *)ctx)->l;
    if (rowno == 0)
        return 0;
    if (n < 4)
        return po_err_set(err, PO_EINTERNAL, "low_end_industries.csv 第 %zu 行列数不足",
                          "low_end_industries.csv row %zu is short", rowno);
    for (size_t i = 0; i < l->nents; i++) {
        struct ent *e = &l->ents[i];
        if (strcmp(e->industry_code, f[0]) != 0 || strcmp(e->industry_edition, f[1]) != 0)
            continue;
        const char *en = po_arena_printf(l->a, "GB/T 4754-%s class %s %s (low_end_industries.csv)",
                                         f[1], f[0], f[3]);
        const char *zh = po_arena_printf(l->a, "GB/T 4754-%s 行业小类 %s %s", f[1], f[0], f[2]);
        if (!en || !zh)
            return oom(err);
        e->facts[e->e.nfacts++] =
            (struct po_eval_fact){ "low_end_industry", PO_MICRO, en, zh, NULL };
    }
    return 0;
}

static int lowend_facts(struct load *l, struct po_err *err)
{
    struct lowend c = { l };
    int rc = po_ref_parse("data/low_end_industries.csv", lowend_row, &c, err);
    for (size_t i = 0; rc == 0 && i < l->nents; i++) {
        struct ent *e = &l->ents[i];
        bool have = false;
        for (size_t k = 0; k < e->e.nfacts; k++)
            have = have || strcmp(e->facts[k].tag, "low_end_industry") == 0;
        if (!have)
            e->facts[e->e.nfacts++] =
                (struct po_eval_fact){ "low_end_industry", 0, NULL, NULL, NULL };
    }
    return rc;
}

/* ------------------------------------------------ coal-washing balance (core/washbal.h) */

struct wash {
    struct load *l;
    int64_t per_coke_milli;
    struct po_washbal_plant *plants;
    size_t nplants, cap;
    int64_t coke_micro;
    size_t novens;
    struct po_buf why, why_zh; /* the first figures missing */
    int64_t power_micro;
    size_t npower;
};

static void missing(struct wash *w, const char *en, const char *zh)
{
    if (!en || !zh) {
        w->why.failed = true; /* reported as out of memory by washing_facts */
        return;
    }
    if (w->why.len < 200) {
        po_buf_addf(&w->why, "%s%s", w->why.len ? "; " : "", en);
        po_buf_addf(&w->why_zh, "%s%s", w->why_zh.len ? "；" : "", zh);
    }
}

static int factor_row(void *ctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct wash *w = ctx;
    if (rowno == 0 || n < 2 || strcmp(f[0], "washed_coal_per_t_coke") != 0)
        return 0;
    int64_t v;
    if (po_dec_parse(&v, f[1], strlen(f[1])) != PO_DEC_OK || v <= 0)
        return po_err_set(err, PO_EINTERNAL, "coal_balance.csv 第 %zu 行数值无效",
                          "coal_balance.csv row %zu has a bad value", rowno);
    w->per_coke_milli = v / 1000;
    return 0;
}

/* "10^4t/a" → tonnes a year × 10^6; -1 when the unit is not a mass per year. */
static int64_t per_year_t(int64_t v, const char *unit)
{
    size_t len = unit ? strlen(unit) : 0;
    if (len < 3 || strcmp(unit + len - 2, "/a") != 0)
        return -1;
    const struct po_unit *u = po_unit_find(unit, len - 2), *t = po_unit_find("t", 1);
    int64_t out;
    return u && po_unit_convert(&out, v, u, t) >= 0 ? out : -1;
}

/* One coke oven or washing plant: capacity from its parameter, else the equipment columns. */
static int cap_row(struct load *l, struct po_stmt *s, struct po_err *err)
{
    struct wash *w = (struct wash *)l->scratch;
    const char *uscc = po_stmt_text(s, 0), *id = po_stmt_text(s, 1), *type = po_stmt_text(s, 2);
    bool oven = type && strcmp(type, "coke_oven") == 0;
    int64_t t = -1;
    if (!po_stmt_isnull(s, 5))
        t = per_year_t(po_stmt_int(s, 5),
                       po_stmt_isnull(s, 6) ? (oven ? "kt/a" : "10^4t/a") : po_stmt_text(s, 6));
    else if (!po_stmt_isnull(s, 3))
        t = per_year_t(po_stmt_int(s, 3), po_stmt_text(s, 4));
    if (t < 0)
        missing(w, po_arena_printf(l->a, "capacity of %s %s unknown in t/a", uscc, id),
                po_arena_printf(l->a, "%s %s 的产能（吨/年）未知", uscc, id));
    if (oven) {
        w->novens++;
        if (t >= 0 && w->coke_micro != PO_WASHBAL_MISSING)
            w->coke_micro += t;
        else
            w->coke_micro = PO_WASHBAL_MISSING;
        return 0;
    }
    if (grow((void **)&w->plants, &w->cap, w->nplants, sizeof *w->plants, l->a) < 0)
        return oom(err);
    w->plants[w->nplants++] =
        (struct po_washbal_plant){ po_arena_strdup(l->a, uscc), po_arena_strdup(l->a, id),
                                   t >= 0 ? t : PO_WASHBAL_MISSING };
    return 0;
}

static int power_row(struct load *l, struct po_stmt *s, struct po_err *err)
{
    (void)err;
    struct wash *w = (struct wash *)l->scratch;
    const char *uscc = po_stmt_text(s, 0);
    const struct po_energy_facts *x = po_evalenergy_find(l->ef, l->nef, uscc);
    w->npower++;
    if (!x || x->coal_fuel_micro < 0) {
        missing(w,
                po_arena_printf(l->a, "coal burnt by power plant %s missing for %d", uscc, l->year),
                po_arena_printf(l->a, "电厂 %s %d 年燃煤量数据缺失", uscc, l->year));
        w->power_micro = PO_WASHBAL_MISSING;
    } else if (w->power_micro != PO_WASHBAL_MISSING)
        w->power_micro += x->coal_fuel_micro;
    return 0;
}

static const char *fmt_t(struct po_arena *a, int64_t micro)
{
    char num[32];
    po_dec_format(num, sizeof num, micro);
    return po_arena_strdup(a, num);
}

/* The balance in words, the same for every plant of the city. */
static int balance_notes(const char **en, const char **zh, const struct wash *w,
                         const struct po_washbal *b, struct po_arena *a)
{
    char f[32];
    po_dec_format(f, sizeof f, w->per_coke_milli * 1000);
    *en = po_arena_printf(a,
                          "city balance %d: washing capacity %s t/a of %zu plants; need %s t "
                          "(coke ovens %s t/a of coke x %s t washed coal per t (coal_balance.csv, "
                          "low confidence) = %s t; power plants' coal %s t, %zu enterprises); "
                          "surplus %s t; exit candidates smallest first: %zu plants, %s t/a",
                          w->l->year, fmt_t(a, b->washing_micro), w->nplants,
                          fmt_t(a, b->need_micro), fmt_t(a, w->coke_micro), f,
                          fmt_t(a, b->coke_need_micro), fmt_t(a, b->power_need_micro), w->npower,
                          fmt_t(a, b->surplus_micro), b->ncandidates, fmt_t(a, b->taken_micro));
    *zh = po_arena_printf(
        a,
        "%d 年全市洗煤平衡：洗煤能力 %s 吨/年（%zu 个洗煤厂）；需求 %s 吨（焦炉产能 "
        "%s 吨焦/年 × 吨焦耗洗精煤 %s 吨（coal_balance.csv，可信度低）= %s 吨；"
        "电厂燃煤 %s 吨，%zu 家）；过剩 %s 吨；按产能由小到大确定退出候选 %zu 个，"
        "合计 %s 吨/年",
        w->l->year, fmt_t(a, b->washing_micro), w->nplants, fmt_t(a, b->need_micro),
        fmt_t(a, w->coke_micro), f, fmt_t(a, b->coke_need_micro), fmt_t(a, b->power_need_micro),
        w->npower, fmt_t(a, b->surplus_micro), b->ncandidates, fmt_t(a, b->taken_micro));
    return *en && *zh ? 0 : -1;
}

/* Give the washing plant uscc/id the fact washing_surplus_candidate. */
static int put_plant_fact(struct load *l, const char *uscc, const char *id,
                          struct po_eval_fact fact)
{
    for (size_t i = 0; i < l->nents; i++) {
        struct ent *e = &l->ents[i];
        if (strcmp(e->e.uscc, uscc) != 0)
            continue;
        for (size_t k = 0; k < e->neq; k++) {
            struct po_eval_equipment *q = &e->eq[k];
            if (strcmp(q->equipment_id, id) != 0)
                continue;
            struct po_eval_fact *p = po_arena_calloc(l->a, q->nparams + 1, sizeof *p);
            if (!p)
                return -1;
            if (q->nparams)
                memcpy(p, q->params, q->nparams * sizeof *p);
            p[q->nparams] = fact;
            q->params = p;
            q->nparams++;
            return 0;
        }
    }
    return 0;
}

static int washing_facts(struct load *l, struct po_err *err)
{
    struct wash w;
    memset(&w, 0, sizeof w);
    w.l = l;
    w.why = (struct po_buf)PO_BUF_INIT;
    w.why_zh = (struct po_buf)PO_BUF_INIT;
    w.why.arena = w.why_zh.arena = l->a;
    l->scratch = &w;
    int rc = po_ref_parse("data/coal_balance.csv", factor_row, &w, err);
    if (rc == 0)
        rc = each(l,
                  "SELECT e.uscc, q.equipment_id, q.equipment_type, q.capacity_micro,"
                  " q.capacity_unit, p.value_micro, p.unit FROM equipment q"
                  " JOIN enterprise e ON e.id = q.enterprise_id"
                  " LEFT JOIN equipment_param p ON p.equipment_pk = q.id AND p.param ="
                  "  CASE q.equipment_type WHEN 'coke_oven' THEN 'capacity_kt_per_year'"
                  "  ELSE 'washing_capacity_10kt_per_year' END"
                  " WHERE q.equipment_type IN ('coke_oven', 'coal_washing_plant')"
                  " AND q.status NOT IN ('sealed', 'dismantled')"
                  " AND e.status NOT IN ('closed', 'exited') ORDER BY e.uscc, q.equipment_id",
                  NULL, 0, cap_row, err);
    if (rc == 0)
        rc = each(l,
                  "SELECT DISTINCT e.uscc FROM equipment q JOIN enterprise e"
                  " ON e.id = q.enterprise_id WHERE q.equipment_type = 'coal_power_unit'"
                  " AND q.status NOT IN ('sealed', 'dismantled')"
                  " AND e.status NOT IN ('closed', 'exited') ORDER BY e.uscc",
                  NULL, 0, power_row, err);
    l->scratch = NULL;
    if (rc < 0 || w.nplants == 0)
        return rc;
    struct po_washbal_input in = { w.plants, w.nplants, w.coke_micro, w.per_coke_milli,
                                   w.power_micro };
    struct po_washbal b;
    rc = po_washbal_compute(&b, &in, l->a, err);
    const char *en = NULL, *zh = NULL;
    if (rc == 0 && b.decided && balance_notes(&en, &zh, &w, &b, l->a) < 0)
        return oom(err);
    if (rc == 0 && !b.decided && (po_buf_failed(&w.why) || po_buf_failed(&w.why_zh)))
        return oom(err);
    for (size_t i = 0; rc == 0 && i < w.nplants; i++) {
        struct po_eval_fact f = { "washing_surplus_candidate", PO_EVAL_MISSING, w.why.buf,
                                  w.why_zh.buf, "coal_washing_balance" };
        if (b.decided) {
            const char *mine = po_arena_printf(l->a, "%s; this plant %s t/a", en,
                                               fmt_t(l->a, w.plants[i].capacity_micro));
            const char *mine_zh = po_arena_printf(l->a, "%s；本厂 %s 吨/年", zh,
                                                  fmt_t(l->a, w.plants[i].capacity_micro));
            if (!mine || !mine_zh)
                return oom(err);
            f = (struct po_eval_fact){ "washing_surplus_candidate", b.candidate[i] ? PO_MICRO : 0,
                                       mine, mine_zh, NULL };
        }
        if (put_plant_fact(l, w.plants[i].uscc, w.plants[i].equipment_id, f) < 0)
            return oom(err);
    }
    return rc;
}

static void add_fact(struct ent *e, const char *tag, int v, const char *note, const char *zh)
{
    if (v != PO_EF_UNKNOWN)
        e->facts[e->e.nfacts++] = (struct po_eval_fact){ tag, v ? PO_MICRO : 0, note, zh, NULL };
    else if (note)
        e->facts[e->e.nfacts++] = (struct po_eval_fact){ tag, PO_EVAL_MISSING, note, zh, NULL };
}

/* The energy facts (app/evalenergy.h) of every enterprise judged. */
static int energy_facts(struct load *l, struct po_err *err)
{
    struct po_energy_facts *f = NULL;
    size_t n = 0;
    int rc = po_evalenergy_load(&f, &n, l->st, l->year, l->a, err);
    if (rc < 0)
        return rc;
    l->ef = f;
    l->nef = n;
    for (size_t i = 0; i < l->nents; i++) {
        struct ent *e = &l->ents[i];
        const struct po_energy_facts *x = po_evalenergy_find(f, n, e->e.uscc);
        add_fact(e, "has_quota_product", x && x->has_quota_product, NULL, NULL);
        add_fact(e, "has_efficiency_benchmark", x && x->has_bench, NULL, NULL);
        if (!x)
            continue;
        add_fact(e, "quota_over_limit", x->quota_over, x->quota_note, x->quota_note_zh);
        add_fact(e, "below_baseline", x->below_baseline, x->bench_note, x->bench_note_zh);
        add_fact(e, "intensity_worst_20pct", x->worst20, x->rank_note, x->rank_note_zh);
        if (x->worst20 == PO_EF_UNKNOWN && x->rank_note) /* not ranked: what is missing */
            e->facts[e->e.nfacts - 1].missing = x->rank_missing;
    }
    return 0;
}

const char *const po_evaldb_columns[] = {
    "finding_id",    "uscc",       "enterprise_name", "equipment_id", "criterion", "rule_id",
    "rule_version",  "status",     "measure",         "departments",  "evidence",  "legal_basis",
    "measure_basis", "confidence", "source",          "evidence_zh",
};
const size_t po_evaldb_ncolumns = sizeof po_evaldb_columns / sizeof po_evaldb_columns[0];

const char *po_evaldb_cell(const struct po_finding *f, size_t k, struct po_arena *a)
{
    char d[128];
    switch (k) {
    case 0:
        return f->id;
    case 1:
        return f->uscc;
    case 2:
        return f->enterprise_name;
    case 3:
        return f->equipment_id;
    case 4:
        return po_criterion_name(f->rule->criterion);
    case 5:
        return f->rule->id;
    case 6:
        return po_arena_printf(a, "%d", f->rule->version);
    case 7:
        return f->status == PO_FIND_CAUGHT ? "caught" : "cannot_decide";
    case 8:
        return po_measure_name(f->rule->measure);
    case 9:
        po_rules_departments(d, sizeof d, f->rule->departments);
        return po_arena_strdup(a, d);
    case 10:
        return f->evidence;
    case 11:
        return po_finding_legal_basis(f, a);
    case 12:
        return f->rule->measure_basis;
    case 13:
        return f->rule->low_confidence ? "low (verify before acting)" : f->rule->confidence;
    case 14:
        return f->rule->source;
    case 15:
        return f->evidence_zh;
    }
    return "";
}

static int store_run(struct po_store *st, struct po_eval_run *r, const struct po_rulesdata *rd,
                     const char *created_at, struct po_arena *a, struct po_err *err)
{
    char asof[16];
    snprintf(asof, sizeof asof, "%04d-%02d-%02d", r->as_of.y, r->as_of.m, r->as_of.d);
    int rc = po_store_query_int(&r->id, st, "SELECT COALESCE(MAX(id), 0) + 1 FROM evaluation_run",
                                NULL, 0, err);
    if (rc < 0)
        return rc;
    struct po_value v[] = { po_vint(r->id),         po_vint(r->year),
                            po_vtext(asof),         po_vtext(rd->name),
                            po_vtext(rd->hash),     po_vtext(r->data_sha256),
                            po_vint((int64_t)r->n), po_vtext(r->findings_sha256),
                            po_vtext(created_at) };
    rc = po_store_run(st,
                      "INSERT INTO evaluation_run(id, year, as_of, rules_name, rules_sha256,"
                      " data_sha256, nfindings, findings_sha256, created_at)"
                      " VALUES (?,?,?,?,?,?,?,?,?)",
                      v, 9, err);
    struct po_stmt *s = NULL;
    if (rc == 0)
        rc = po_stmt_prepare(&s, st,
                             "INSERT INTO evaluation_finding(run_id, seq, finding_id, uscc,"
                             " enterprise_name, equipment_id, criterion, rule_id, rule_version,"
                             " status, measure, departments, evidence, legal_basis,"
                             " measure_basis, confidence, source, evidence_zh, missing)"
                             " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                             err);
    for (size_t i = 0; rc == 0 && i < r->n; i++) {
        struct po_value fv[19];
        fv[0] = po_vint(r->id);
        fv[1] = po_vint((int64_t)i + 1);
        for (size_t k = 0; k < po_evaldb_ncolumns; k++)
            fv[2 + k] = po_vtext(po_evaldb_cell(&r->findings[i], k, a));
        fv[8] = po_vint(r->findings[i].rule->version);
        /* not a CSV column: the printed findings (and their hash) stay as they were */
        fv[18] = po_vtext(
            r->findings[i].missing && r->findings[i].missing[0] ? r->findings[i].missing : NULL);
        rc = po_stmt_bindv(s, fv, 19, err);
        if (rc == 0)
            rc = po_stmt_step(s, err);
        if (rc == 0)
            rc = po_stmt_reset(s, err);
    }
    po_stmt_finalize(s);
    return rc;
}

static void hash_findings(char out[65], const struct po_finding *f, size_t n, struct po_arena *a)
{
    crypto_hash_sha256_state h;
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_init(&h);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < po_evaldb_ncolumns; k++) {
            const char *t = po_evaldb_cell(&f[i], k, a);
            t = t ? t : "";
            crypto_hash_sha256_update(&h, (const unsigned char *)t, strlen(t));
            crypto_hash_sha256_update(
                &h, (const unsigned char *)(k + 1 < po_evaldb_ncolumns ? "\x1f" : "\x1e"), 1);
        }
    crypto_hash_sha256_final(&h, d);
    sodium_bin2hex(out, 65, d, sizeof d);
}

/* The run's row in the audit chain, in the run's transaction (evaldb.h). */
static int audit_run(struct po_store *st, const struct po_eval_run *r,
                     const struct po_rulesdata *rd, const char *at, const char *actor,
                     struct po_arena *a, struct po_err *err)
{
    const char *object = po_arena_printf(a, "evaluation_run/%" PRId64, r->id);
    const char *detail =
        po_arena_printf(a, "year=%d as_of=%04d-%02d-%02d findings=%zu rules_sha256=%s", r->year,
                        r->as_of.y, r->as_of.m, r->as_of.d, r->n, rd->hash);
    if (!object || !detail)
        return oom(err);
    return po_audit_append(st, at, actor ? actor : "cli", "evaluation.run", object, detail, err);
}

int po_evaldb_run(struct po_eval_run *out, struct po_store *st, const struct po_rulesdata *rd,
                  const struct po_evaldb_opts *opts, struct po_arena *a, struct po_err *err)
{
    const int year = opts->year;
    const struct po_date as_of = opts->as_of;
    char now[32];
    const char *created_at = opts->created_at;
    if (!created_at) {
        po_audit_now(now, sizeof now);
        created_at = now;
    }
    struct load l;
    memset(&l, 0, sizeof l);
    memset(out, 0, sizeof *out);
    l.st = st;
    l.a = a;
    l.year = year;
    l.loss_window = rd->loss_window_years;
    l.tags = &rd->tags;
    snprintf(l.from, sizeof l.from, "%04d-01-01", year);
    snprintf(l.asof, sizeof l.asof, "%04d-%02d-%02d", as_of.y, as_of.m, as_of.d);
    out->year = year;
    out->as_of = as_of;
    crypto_hash_sha256_init(&l.h);
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = load_all(&l, err);
    if (rc == 0)
        rc = energy_facts(&l, err);
    if (rc == 0)
        rc = record_facts(&l, err);
    if (rc == 0)
        rc = case_facts(&l, err);
    if (rc == 0)
        rc = lowend_facts(&l, err);
    if (rc == 0)
        rc = washing_facts(&l, err);
    size_t cap = 0;
    for (size_t i = 0; rc == 0 && i < l.nents; i++) {
        rc =
            po_eval_enterprise(&out->findings, &out->n, &cap, &rd->rs, &l.ents[i].e, as_of, a, err);
        out->equipment += l.ents[i].neq;
    }
    out->enterprises = l.nents;
    if (rc == 0) {
        unsigned char d[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_final(&l.h, d);
        sodium_bin2hex(out->data_sha256, sizeof out->data_sha256, d, sizeof d);
        po_eval_sort(out->findings, out->n);
        hash_findings(out->findings_sha256, out->findings, out->n, a);
        rc = store_run(st, out, rd, created_at, a, err);
    }
    if (rc == 0)
        rc = audit_run(st, out, rd, created_at, opts->actor, a, err);
    return po_store_end(st, rc, err);
}
