/* acct_json.c: the accounting routes' shared pieces (see acct_json.h). */
#include "http/acct_json.h"
#include "core/rank_legal.h"

#include "core/account.h"
#include "report/account_out.h"
#include "util/arena.h"
#include "util/buf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void store_error(struct po_req *req, struct po_resp *resp, const struct po_err *err)
{
    po_resp_err(req, resp, err);
}

int po_acct_begin(struct po_acct_req *c, struct po_req *req, struct po_resp *resp, bool view)
{
    memset(c, 0, sizeof(*c));
    c->scope = po_req_scope_district(req);
    struct po_err err = PO_ERR_INIT;
    int latest = 0;
    if (po_acct_fingerprint(c->fp, req->st, &err) < 0 ||
        po_acct_latest_year(&latest, req->st, c->fp, &err) < 0) {
        store_error(req, resp, &err);
        return -1;
    }
    int64_t y;
    /* the barometer accounts the year before too */
    if (po_req_query_int(&y, req, resp, "year", latest ? latest : 2000, 1991, 2100) < 0)
        return -1;
    c->year = (int)y;
    if (view && po_acct_view_get(&c->v, req->st, c->year, c->fp, &err) < 0) {
        store_error(req, resp, &err);
        return -1;
    }
    return 0;
}

void po_acct_end(struct po_acct_req *c)
{
    po_acct_view_put(c->v);
    c->v = NULL;
}

json_t *po_acct_num(bool set, int64_t v, int scale)
{
    if (!set)
        return json_null();
    char buf[48];
    po_account_dec(buf, sizeof(buf), v, scale);
    return json_real(strtod(buf, NULL));
}

bool po_acct_row_visible(const struct po_acct_req *c, const struct po_acct_row *r)
{
    return !c->scope || strcmp(c->scope, r->district) == 0;
}

/* The notes as tags ("no_energy_data", ...). */
static json_t *notes_json(unsigned notes)
{
    struct po_buf b = PO_BUF_INIT;
    po_account_notes(&b, notes, false);
    json_t *arr = json_array();
    const char *s = b.buf;
    while (s && *s) {
        const char *e = strchr(s, ';');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        json_array_append_new(arr, json_stringn(s, n));
        s = e ? e + 1 : s + n;
    }
    po_buf_release(&b);
    return arr;
}

json_t *po_acct_row_json(const struct po_acct_row *r)
{
    json_t *o =
        json_pack("{s:s,s:s,s:s,s:s,s:s}", "uscc", r->uscc, "name", r->name, "district_code",
                  r->district, "industry_code", r->industry, "status", r->status);
    json_object_set_new(o, "tce", po_acct_num(r->has_energy, r->tce_e4, 4));
    json_object_set_new(o, "co2_t", po_acct_num(r->has_energy && r->co2_complete, r->co2_t_e3, 3));
    json_object_set_new(o, "value_added_wan", po_acct_num(r->has_va, r->va_micro, 6));
    json_object_set_new(o, "intensity", po_acct_num(r->has_intensity, r->intensity_e6, 6));
    json_object_set_new(o, "rank", r->rank ? json_integer(r->rank) : json_null());
    json_object_set_new(o, "worst20", json_boolean(r->worst20));
    json_object_set_new(o, "rank_reason",
                        r->rank_reason       ? json_string(po_rank_reason_tag(r->rank_reason))
                        : r->rank_loss_worst ? json_string("loss_ranked_worst")
                                             : json_null());
    json_object_set_new(o, "notes", notes_json(r->notes));
    json_object_set_new(o, "confidence", json_string(r->low_conf ? "low" : "normal"));
    if (r->low_conf)
        json_object_set_new(o, "low_confidence", json_loads(r->low_conf, 0, NULL));
    return o;
}

/* ---- the ranking's summary ---- */

json_t *po_acct_rank_summary(const struct po_acct_req *c, const char *district, json_t **excluded)
{
    const struct po_acct_view *v = c->v;
    size_t count[PO_RX_N] = { 0 };
    const char *missing[PO_RX_N] = { NULL };
    *excluded = json_array();
    for (size_t k = 0; k < v->nexcluded; k++) {
        const struct po_acct_row *r = &v->rows[v->excluded[k]];
        if (!po_acct_row_visible(c, r) || (district && strcmp(district, r->district)))
            continue;
        enum po_rank_reason why = (enum po_rank_reason)r->rank_reason;
        count[why]++;
        missing[why] = missing[why] ? missing[why] : r->rank_missing;
        json_array_append_new(
            *excluded, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s?}", "uscc", r->uscc, "name", r->name,
                                 "district_code", r->district, "reason", po_rank_reason_tag(why),
                                 "label_zh", po_rank_reason_zh(why), "label_en",
                                 po_rank_reason_en(why), "missing", r->rank_missing));
    }
    json_t *by = json_array();
    for (int why = PO_RX_VALUE_ADDED_MISSING; why < PO_RX_N; why++) {
        if (why == PO_RX_LOSS_REVIEW && v->loss_making != PO_LOSS_REVIEW && !count[why])
            continue; /* the city ranks them worst: not a reason this year */
        const char *m = missing[why]                       ? missing[why]
                        : why == PO_RX_VALUE_ADDED_MISSING ? "value_added"
                        : why == PO_RX_LOSS_REVIEW         ? "loss_review"
                                                           : "energy_use";
        json_array_append_new(
            by, json_pack("{s:s,s:s,s:s,s:s,s:I}", "reason", po_rank_reason_tag(why), "label_zh",
                          po_rank_reason_zh(why), "label_en", po_rank_reason_en(why), "missing", m,
                          "count", (json_int_t)count[why]));
    }
    size_t nexcluded = json_array_size(*excluded);
    return json_pack("{s:s,s:I,s:I,s:o,s:I,s:o,s:{s:s,s:s,s:s?,s:s?},s:{s:s,s:i,s:s?,s:s?}}",
                     "policy", "legal", "ranked", (json_int_t)v->nranked, "cut_rank",
                     (json_int_t)v->nworst20, "cut_intensity",
                     po_acct_num(v->has_cut, v->cut_e6, 6), "excluded", (json_int_t)nexcluded,
                     "excluded_by_reason", by, "loss_making", "param", "loss_making_ranking",
                     "value", po_rank_loss_name((enum po_rank_loss)v->loss_making),
                     "effective_from", v->loss_from[0] ? v->loss_from : NULL, "confidence",
                     v->loss_confidence[0] ? v->loss_confidence : NULL, "worst_cut", "param",
                     "intensity_worst_pct", "value", v->worst_pct, "effective_from",
                     v->worst_from[0] ? v->worst_from : NULL, "confidence",
                     v->worst_confidence[0] ? v->worst_confidence : NULL);
}

/* ---- the barometer's areas ---- */

/* The CLI's decimal strings as JSON numbers. */
static void numbers(json_t *o)
{
    static const char *const texts[] = { "district_code",
                                         "name",
                                         "level",
                                         "intensity_level",
                                         "intensity_level_zh",
                                         "intensity_reason",
                                         "total_level",
                                         "total_level_zh",
                                         "total_reason",
                                         "co2_intensity_level",
                                         "co2_total_level",
                                         "intensity_reason_zh",
                                         "total_reason_zh",
                                         "target_note",
                                         "target_source",
                                         "warning_level",
                                         "warning_level_zh",
                                         "warning_basis",
                                         "warning_basis_zh" };
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        bool text = false;
        for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
            text = text || !strcmp(k, texts[i]);
        const char *s = json_is_string(v) ? json_string_value(v) : NULL;
        if (!text && s)
            json_object_set_new(o, k,
                                strchr(s, '.') ? json_real(strtod(s, NULL))
                                               : json_integer(strtoll(s, NULL, 10)));
    }
}

static void rename_key(json_t *o, const char *from, const char *to)
{
    json_t *v = json_object_get(o, from);
    if (v) {
        json_object_set(o, to, v);
        json_object_del(o, from);
    }
}

/* docs/api.md names beside the CLI's, and progress = achieved / required reduction. */
static json_t *area_item(const char *text)
{
    json_t *o = json_loads(text, 0, NULL);
    if (!o)
        return NULL;
    numbers(o);
    rename_key(o, "level", "area_level");
    rename_key(o, "name", "district_name");
    json_object_set(o, "level", json_object_get(o, "intensity_level"));
    json_object_set(o, "level_zh", json_object_get(o, "intensity_level_zh"));
    json_object_set(o, "energy_tce", json_object_get(o, "tce"));
    json_t *got = json_object_get(o, "intensity_reduction_pct");
    json_t *need = json_object_get(o, "intensity_target_pct");
    bool ok = json_is_number(got) && json_is_number(need) && json_number_value(need) > 0;
    double pct = ok ? json_number_value(got) / json_number_value(need) * 100 : 0;
    json_object_set_new(o, "progress_pct",
                        ok ? json_real((double)llround(pct * 1e4) / 1e4) : json_null());
    return o;
}

json_t *po_acct_barometer_items(const struct po_acct_req *c)
{
    json_t *items = json_array();
    size_t n = c->scope ? strlen(c->scope) : 0;
    for (size_t i = 0; i < c->v->nareas; i++) {
        /* a district officer: its district and the parks in it */
        if (c->scope && strncmp(c->v->area_code[i], c->scope, n) != 0)
            continue;
        json_t *o = area_item(c->v->area_json[i]);
        if (o)
            json_array_append_new(items, o);
    }
    return items;
}

json_t *po_acct_policy(const struct po_acct_req *c)
{
    json_t *p = json_loads(c->v->policy_json, 0, NULL);
    return p ? p : json_object();
}

void po_acct_today(char *buf, const struct po_req *req)
{
    time_t t = (time_t)req->now;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, 11, "%Y-%m-%d", &tm);
}
