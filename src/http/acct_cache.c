/* acct_cache.c: the per-process cache of a year's accounting (see acct_cache.h). */
#include "http/acct_cache.h"
#include "app/account_barodb.h"

#include "core/rank.h"
#include "core/rank_legal.h"
#include "app/account_db.h"
#include "report/account_out.h"
#include "app/account_db.h"
#include "app/rankdb.h"
#include "store/store.h"
#include "util/arena.h"

#include <inttypes.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_VIEWS 8
#define MAX_BODIES 32

struct entry {
    struct po_acct_view v; /* first: a view pointer is its entry */
    char fp[PO_ACCT_FP_MAX];
    struct po_arena *a;
    int refs;
    bool dead;
    uint64_t used;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;         /* the tables below */
static pthread_mutex_t compute_mu = PTHREAD_MUTEX_INITIALIZER; /* one computation at a time */
static struct entry *views[MAX_VIEWS];
static uint64_t clock_ticks;
static char latest_fp[PO_ACCT_FP_MAX];
static int latest_year;

/* ---- the fingerprint ---- */

int po_acct_fingerprint(char *buf, struct po_store *st, struct po_err *err)
{
    return po_account_db_fingerprint(buf, PO_ACCT_FP_MAX, st, err);
}

int po_acct_latest_year(int *out, struct po_store *st, const char *fp, struct po_err *err)
{
    pthread_mutex_lock(&mu);
    bool hit = strcmp(latest_fp, fp) == 0;
    *out = latest_year;
    pthread_mutex_unlock(&mu);
    if (hit)
        return 0;
    int rc = po_account_db_latest_year(out, st, err);
    if (rc == 0) {
        pthread_mutex_lock(&mu);
        snprintf(latest_fp, sizeof(latest_fp), "%s", fp);
        latest_year = *out;
        pthread_mutex_unlock(&mu);
    }
    return rc;
}

/* ---- low-confidence figures ---- */

static void add_low(json_t *arr, const char *what, const char *name, const char *source)
{
    size_t i;
    json_t *o;
    json_array_foreach(arr, i,
                       o) if (!strcmp(json_string_value(json_object_get(o, "what")), what) &&
                              !strcmp(json_string_value(json_object_get(o, "name")), name)) return;
    json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:s}", "what", what, "name", name, "source",
                                         source ? source : "", "confidence", "low"));
}

static bool low(const char *confidence)
{
    return confidence && strcmp(confidence, "low") == 0;
}

/* The low-confidence factors and rules one enterprise's account used (JSON text, or NULL). */
static const char *row_low_conf(const struct po_acct_result *r, struct po_arena *a)
{
    if (!(r->notes & (PO_NOTE_LOW_CONFIDENCE | PO_NOTE_LOW_CONFIDENCE_CO2)))
        return NULL;
    json_t *arr = json_array();
    for (size_t i = 0; i < r->nlines; i++) {
        const struct po_acct_line *l = &r->lines[i];
        if (l->coef && low(l->coef->confidence))
            add_low(arr, "conversion_factor", l->rec->energy_type, l->coef->source);
        if (l->excl_rule && low(l->excl_rule->confidence))
            add_low(arr, "policy_rule", l->excl_rule->name, l->excl_rule->source);
        if (l->co2f && low(l->co2f->confidence))
            add_low(arr, "co2_factor", l->rec->energy_type, l->co2f->source);
    }
    char *s = json_dumps(arr, JSON_COMPACT);
    json_decref(arr);
    const char *out = s ? po_arena_strdup(a, s) : NULL;
    free(s);
    return out;
}

static const char default_targets_source[] =
    "data/dual_control_targets.csv: demo targets, not the city's real targets "
    "(the dual_control_target table is empty; import --kind targets)";

/* The year's policy rules and targets of low confidence. */
static const char *policy_json(const struct po_acct_policy *pol, bool default_targets,
                               struct po_arena *a)
{
    json_t *arr = json_array();
    for (int k = 0; k < PO_RULE_COUNT; k++)
        if (pol->rule[k] && low(pol->rule[k]->confidence))
            add_low(arr, "policy_rule", pol->rule[k]->name, pol->rule[k]->source);
    if (pol->equal && low(pol->equal->confidence))
        add_low(arr, "electricity_equal_value", pol->equal->basis, pol->equal->source);
    if (default_targets)
        add_low(arr, "targets", "dual_control_targets", default_targets_source);
    json_t *o = json_pack("{s:o,s:s}", "low_confidence", arr, "targets",
                          default_targets ? "default" : "table");
    char *s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    const char *out = s ? po_arena_strdup(a, s) : NULL;
    free(s);
    return out;
}

/* ---- computing a year ---- */

struct scratch {
    struct po_acct_refs refs;
    struct po_acct_policy pol;
    struct po_target *targets;
    size_t ntargets;
    bool default_targets;
    struct po_baro_db baro;
    struct po_rank_legal rank;
    struct po_rankdb_info info;
    enum po_rank_loss loss;
    char loss_from[11], loss_conf[16];
    int worst_pct;
    char worst_from[11], worst_conf[16];
};

static int load_inputs(struct scratch *s, struct po_store *st, int year, struct po_arena *a,
                       struct po_err *err)
{
    int rc = po_account_refs_load(&s->refs, year, a, err);
    if (rc == 0)
        rc = po_policy_resolve(&s->pol, &s->refs.policy, year, PO_ELEC_POLICY, err);
    if (rc == 0)
        rc = po_account_db_targets(&s->targets, &s->ntargets, st, a, err);
    if (rc == 0 && s->ntargets == 0) {
        /* a GET writes nothing: the defaults `phaseout barometer` would seed, in memory */
        s->default_targets = true;
        rc = po_account_targets_default(&s->targets, &s->ntargets, a, err);
    }
    if (rc == 0)
        rc = po_barometer_db_run(&s->baro, st, year, &s->refs, &s->pol, s->targets, s->ntargets, a,
                                 err);
    if (rc == 0)
        rc = po_rankdb_city_loss(&s->loss, s->loss_from, s->loss_conf, year, err);
    if (rc == 0)
        rc = po_rankdb_city_cut(&s->worst_pct, s->worst_from, s->worst_conf, err);
    if (rc == 0)
        rc = po_rankdb_legal(&s->rank, &s->info, st, year, &s->refs.coef, &s->loss, a, err);
    return rc;
}

static const char *dup(struct po_arena *a, const char *s)
{
    return po_arena_strdup(a, s ? s : "");
}

static void fill_row(struct po_acct_row *r, const struct po_acct_entry *e, struct po_arena *a)
{
    const struct po_acct_result *res = &e->res;
    r->uscc = dup(a, e->ent->uscc);
    r->name = dup(a, e->ent->name);
    r->district = dup(a, e->ent->district);
    r->industry = dup(a, e->ent->industry);
    r->status = dup(a, e->ent->status);
    r->has_energy = !(res->notes & PO_NOTE_NO_ENERGY);
    r->tce_e4 = po_acct_round_tce_e4(res->total_e15);
    r->co2_complete = res->nco2_missing == 0;
    r->co2_t_e3 = po_acct_round_co2_t_e3(res->co2_e16);
    r->has_va = res->va != PO_VA_MISSING;
    r->va_micro = res->value_added_micro;
    r->has_intensity = res->intensity_defined;
    r->intensity_e6 = res->intensity_e6;
    r->notes = res->notes;
    r->low_conf = row_low_conf(res, a);
    r->rank_intensity_e6 = -1;
}

static int row_cmp(const void *key, const void *elem)
{
    return strcmp((const char *)key, ((const struct po_acct_row *)elem)->uscc);
}

/* The legal ranking onto the rows: ranks, the rows in rank order, and those left out. */
static int attach_ranks(struct po_acct_view *v, const struct po_rank_legal *lr, struct po_arena *a,
                        struct po_err *err)
{
    const struct po_rank_result *rk = &lr->ranked;
    v->ranked = po_arena_calloc(a, rk->n ? rk->n : 1, sizeof(*v->ranked));
    v->excluded = po_arena_calloc(a, lr->nexcluded ? lr->nexcluded : 1, sizeof(*v->excluded));
    if (!v->ranked || !v->excluded)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t k = 0; k < lr->nexcluded; k++) {
        uint32_t i = lr->excluded[k];
        const struct po_rank_legal_ent *x = &lr->in[i];
        struct po_acct_row *row = bsearch(x->e.uscc.ptr, v->rows, v->n, sizeof(*v->rows), row_cmp);
        if (!row)
            continue;
        row->rank_reason = (unsigned char)lr->reason[i];
        row->rank_missing =
            po_rank_reason_missing(lr->reason[i], x->energy_reported && x->e.tce_e8 > 0);
        v->excluded[v->nexcluded++] = (uint32_t)(row - v->rows);
    }
    for (size_t r = 0; r < rk->n; r++) {
        uint32_t i = rk->order[r];
        struct po_acct_row *row =
            bsearch(rk->ents[i].uscc.ptr, v->rows, v->n, sizeof(*v->rows), row_cmp);
        if (!row)
            return po_err_set(err, PO_EINTERNAL, "排名中的企业 %s 不在核算中",
                              "ranked enterprise %s missing from the accounts",
                              rk->ents[i].uscc.ptr);
        row->rank = (uint32_t)(r + 1);
        row->worst20 = po_rank_flagged(rk, r + 1);
        row->rank_intensity_e6 = rk->intensity_e6[i];
        row->rank_tce_e4 = (rk->ents[i].tce_e8 + 5000) / 10000;
        row->rank_loss_worst = po_rank_legal_loss_ranked(lr, i);
        v->ranked[v->nranked++] = (uint32_t)(row - v->rows);
    }
    v->nworst20 = rk->nflagged;
    if (rk->nflagged) {
        int64_t cut = rk->intensity_e6[rk->order[rk->nflagged - 1]];
        v->has_cut = cut >= 0;
        v->cut_e6 = cut;
    }
    return 0;
}

static int keep_areas(struct po_acct_view *v, const struct po_baro_report *rep, int year,
                      struct po_arena *a, struct po_err *err)
{
    size_t n = rep->nareas ? rep->nareas : 1;
    v->area_json = po_arena_calloc(a, n, sizeof(char *));
    v->area_level = po_arena_calloc(a, n, sizeof(char *));
    v->area_code = po_arena_calloc(a, n, sizeof(char *));
    if (!v->area_json || !v->area_level || !v->area_code)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < rep->nareas; i++) {
        json_t *o = po_barometer_area_json(&rep->areas[i], year);
        char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(o);
        v->area_json[i] = s ? po_arena_strdup(a, s) : NULL;
        free(s);
        v->area_level[i] = dup(a, rep->areas[i].district->level);
        v->area_code[i] = dup(a, rep->areas[i].district->code);
        if (!v->area_json[i])
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    v->nareas = rep->nareas;
    return 0;
}

static void sum_all(struct po_acct_view *v, const struct po_acct_run *run)
{
    struct po_area_year y;
    memset(&y, 0, sizeof(y));
    y.accounted = true;
    for (size_t i = 0; i < run->n; i++)
        po_barometer_add(&y, &run->e[i].res);
    struct po_acct_totals *t = &v->all;
    int64_t e9 = 0;
    t->enterprises = y.enterprises;
    t->has_energy = y.with_energy > 0;
    t->tce_e4 = po_acct_round_tce_e4(y.total_e15);
    t->co2_complete = y.co2_incomplete == 0;
    t->co2_t_e3 = po_acct_round_co2_t_e3(y.co2_e16);
    t->va_micro = (int64_t)y.va_micro;
    t->has_intensity = po_barometer_intensity_e9(&e9, &y, false);
    t->intensity_e6 = (int64_t)po_acct_div_round(e9, 1000);
    size_t ncity = 0;
    for (size_t i = 0; i < v->nareas; i++)
        if (!strcmp(v->area_level[i], "city") && ncity++ == 0)
            t->city = v->area_code[i];
    if (ncity != 1)
        t->city = NULL;
}

/* Compute the year into e->v, keeping only what the answers need (e->a). */
static int compute(struct entry *e, struct po_store *st, int year, struct po_err *err)
{
    struct po_arena *sa = po_arena_new();
    struct scratch *s = sa ? po_arena_calloc(sa, 1, sizeof(*s)) : NULL;
    if (!s) {
        po_arena_destroy(sa);
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    struct po_acct_view *v = &e->v;
    v->year = year;
    int rc = load_inputs(s, st, year, sa, err);
    if (rc == 0) {
        v->n = s->baro.cur.n;
        v->rows = po_arena_calloc(e->a, v->n ? v->n : 1, sizeof(*v->rows));
        rc = v->rows ? 0 : po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    for (size_t i = 0; rc == 0 && i < v->n; i++)
        fill_row(&v->rows[i], &s->baro.cur.e[i], e->a);
    if (rc == 0)
        rc = attach_ranks(v, &s->rank, e->a, err);
    if (rc == 0) {
        v->loss_making = (int)s->loss;
        memcpy(v->loss_from, s->loss_from, sizeof v->loss_from);
        memcpy(v->loss_confidence, s->loss_conf, sizeof v->loss_confidence);
        v->worst_pct = s->worst_pct;
        memcpy(v->worst_from, s->worst_from, sizeof v->worst_from);
        memcpy(v->worst_confidence, s->worst_conf, sizeof v->worst_confidence);
    }
    if (rc == 0)
        rc = keep_areas(v, &s->baro.report, year, e->a, err);
    if (rc == 0)
        sum_all(v, &s->baro.cur);
    if (rc == 0) {
        v->policy_json = policy_json(&s->pol, s->default_targets, e->a);
        rc = v->policy_json ? 0 : po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    po_arena_destroy(sa);
    return rc;
}

/* ---- the table of views ---- */

static void entry_free(struct entry *e)
{
    if (e) {
        po_arena_destroy(e->a);
        free(e);
    }
}

/* The live entry for (year, fp), referenced; or NULL.  Caller holds mu. */
static struct entry *find_locked(int year, const char *fp)
{
    for (size_t i = 0; i < MAX_VIEWS; i++) {
        struct entry *e = views[i];
        if (e && !e->dead && e->v.year == year && !strcmp(e->fp, fp)) {
            e->refs++;
            e->used = ++clock_ticks;
            return e;
        }
    }
    return NULL;
}

/* Drop entries of other states, and the least recently used when full.  Caller holds mu. */
static void insert_locked(struct entry *e)
{
    size_t slot = MAX_VIEWS, lru = MAX_VIEWS;
    for (size_t i = 0; i < MAX_VIEWS; i++) {
        struct entry *x = views[i];
        if (x && strcmp(x->fp, e->fp) != 0)
            x->dead = true;
        if (x && x->dead && x->refs == 0) {
            entry_free(x);
            views[i] = x = NULL;
        }
        if (!x && slot == MAX_VIEWS)
            slot = i;
        if (x && x->refs == 0 && (lru == MAX_VIEWS || x->used < views[lru]->used))
            lru = i;
    }
    if (slot == MAX_VIEWS && lru != MAX_VIEWS) {
        entry_free(views[lru]);
        views[lru] = NULL;
        slot = lru;
    }
    e->refs = 1;
    e->used = ++clock_ticks;
    if (slot != MAX_VIEWS)
        views[slot] = e;
    else
        e->dead = true; /* every slot in use: served once, freed when given back */
}

static struct entry *find(int year, const char *fp)
{
    pthread_mutex_lock(&mu);
    struct entry *e = find_locked(year, fp);
    pthread_mutex_unlock(&mu);
    return e;
}

static int compute_new(struct entry **out, struct po_store *st, int year, const char *fp,
                       struct po_err *err)
{
    struct entry *e = calloc(1, sizeof(*e));
    if (e)
        e->a = po_arena_new();
    if (!e || !e->a) {
        free(e);
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    snprintf(e->fp, sizeof(e->fp), "%s", fp);
    int rc = compute(e, st, year, err);
#ifdef __GLIBC__
    malloc_trim(0); /* the year's working memory (hundreds of MB at a province's scale) */
#endif
    if (rc < 0) {
        entry_free(e);
        return rc;
    }
    pthread_mutex_lock(&mu);
    insert_locked(e);
    pthread_mutex_unlock(&mu);
    *out = e;
    return 0;
}

int po_acct_view_get(const struct po_acct_view **out, struct po_store *st, int year, const char *fp,
                     struct po_err *err)
{
    struct entry *e = find(year, fp);
    int rc = 0;
    if (!e) {
        pthread_mutex_lock(&compute_mu);
        e = find(year, fp); /* another thread may have computed it meanwhile */
        if (!e)
            rc = compute_new(&e, st, year, fp, err);
        pthread_mutex_unlock(&compute_mu);
    }
    *out = rc == 0 ? &e->v : NULL;
    return rc;
}

void po_acct_view_put(const struct po_acct_view *v)
{
    if (!v)
        return;
    struct entry *e = (struct entry *)(uintptr_t)v;
    pthread_mutex_lock(&mu);
    bool in_table = false;
    for (size_t i = 0; i < MAX_VIEWS; i++)
        in_table = in_table || views[i] == e;
    bool free_it = --e->refs == 0 && e->dead;
    if (free_it && in_table)
        for (size_t i = 0; i < MAX_VIEWS; i++)
            if (views[i] == e)
                views[i] = NULL;
    pthread_mutex_unlock(&mu);
    if (free_it)
        entry_free(e);
}

/* ---- whole answers ---- */

struct body {
    char *key, *body, *etag;
    size_t len;
    uint64_t used;
};

static struct body bodies[MAX_BODIES];

static void body_clear(struct body *b)
{
    free(b->key), free(b->body), free(b->etag);
    memset(b, 0, sizeof(*b));
}

bool po_acct_body_get(struct po_req *req, struct po_resp *resp, const char *key)
{
    char *body = NULL, *etag = NULL;
    size_t len = 0;
    pthread_mutex_lock(&mu);
    for (size_t i = 0; i < MAX_BODIES; i++)
        if (bodies[i].key && !strcmp(bodies[i].key, key)) {
            bodies[i].used = ++clock_ticks;
            len = bodies[i].len;
            body = po_arena_alloc_raw(req->a, len + 1);
            etag = po_arena_strdup(req->a, bodies[i].etag);
            if (body && etag)
                memcpy(body, bodies[i].body, len + 1);
            break;
        }
    pthread_mutex_unlock(&mu);
    if (!body || !etag)
        return false;
    resp->status = 200;
    resp->content_type = "application/json; charset=utf-8";
    resp->body = body;
    resp->body_len = len;
    po_resp_header(resp, "Cache-Control", "no-store");
    po_resp_header(resp, "ETag", etag);
    const char *inm = po_req_header(req, "If-None-Match");
    if (inm && (!strcmp(inm, etag) || !strcmp(inm, "*"))) {
        resp->status = 304;
        resp->body = "";
        resp->body_len = 0;
        resp->content_type = NULL;
    }
    return true;
}

static const char *etag_of(const struct po_resp *resp)
{
    for (size_t i = 0; i < resp->nheaders; i++)
        if (!strcmp(resp->headers[i].name, "ETag"))
            return resp->headers[i].value;
    return NULL;
}

void po_acct_body_put(const char *key, const struct po_resp *resp)
{
    const char *etag = etag_of(resp);
    if (resp->status != 200 || !etag)
        return;
    struct body nb = { strdup(key), malloc(resp->body_len + 1), strdup(etag), resp->body_len, 0 };
    if (!nb.key || !nb.body || !nb.etag) {
        body_clear(&nb);
        return;
    }
    memcpy(nb.body, resp->body, resp->body_len);
    nb.body[resp->body_len] = '\0';
    pthread_mutex_lock(&mu);
    size_t slot = 0;
    for (size_t i = 0; i < MAX_BODIES; i++) {
        if (!bodies[i].key || !strcmp(bodies[i].key, key)) {
            slot = i;
            break;
        }
        if (bodies[i].used < bodies[slot].used)
            slot = i;
    }
    body_clear(&bodies[slot]);
    nb.used = ++clock_ticks;
    bodies[slot] = nb;
    pthread_mutex_unlock(&mu);
}
