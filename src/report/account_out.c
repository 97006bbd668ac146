/*
 * account_out.c: a year's accounts as a sheet and as JSON.
 *
 * The sheet is for people (one row per enterprise, Excel-friendly); the
 * JSON is for machines and audits (everything the sheet rounds away is
 * there, with the rule or factor behind it).  Both are built from the same
 * po_acct_run, so they cannot disagree.
 */
#include "report/account_out.h"
#include "core/decimal.h"
#include "util/arena.h"
#include "util/buf.h"

#include <jansson.h>
#include <string.h>

int po_account_run(struct po_acct_run *out, const struct po_acct_year *y,
                   const struct po_acct_refs *refs, const struct po_acct_policy *pol,
                   struct po_arena *a, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    out->year = y->year;
    out->refs = refs;
    out->policy = pol;
    out->e = po_arena_calloc(a, y->n ? y->n : 1, sizeof(*out->e));
    if (!out->e)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    struct po_acct_ctx ctx = { &refs->coef, pol, &refs->co2 };
    for (size_t i = 0; i < y->n; i++) {
        struct po_acct_entry *e = &out->e[i];
        e->ent = &y->ents[i];
        int rc = po_account_enterprise(&e->res, &e->ent->in, &ctx, a, err);
        if (rc == 0)
            rc = po_quota_enterprise(&e->quota, &e->ent->in, &e->res, &refs->quota, a, err);
        if (rc < 0) {
            po_err_context(err, "enterprise %s", e->ent->uscc);
            return rc;
        }
        out->n++;
    }
    return 0;
}

/* ---- formatting ---- */

char *po_account_dec(char *buf, size_t n, po_acct_i128 v, int scale)
{
    po_acct_fmt(buf, n, v, scale);
    char *dot = strchr(buf, '.');
    if (!dot)
        return buf;
    size_t len = strlen(buf);
    while (len > 0 && buf[len - 1] == '0')
        buf[--len] = '\0';
    if (buf[len - 1] == '.')
        buf[len - 1] = '\0';
    return buf;
}

static const struct {
    unsigned bit;
    const char *en, *zh;
} note_names[] = {
    { PO_NOTE_NO_ENERGY, "no_energy_data", "无能耗数据" },
    { PO_NOTE_UNKNOWN_FACTOR, "unknown_factor", "有记录缺少折标系数（未计入）" },
    { PO_NOTE_SUPERSEDED, "double_count_set_aside", "重复记录已剔除" },
    { PO_NOTE_EXCLUDED, "excluded_by_policy", "按政策扣除" },
    { PO_NOTE_VA_MISSING, "value_added_missing", "增加值缺失" },
    { PO_NOTE_VA_ZERO, "value_added_zero", "增加值为零" },
    { PO_NOTE_VA_NEGATIVE, "value_added_negative", "增加值为负" },
    { PO_NOTE_CO2_INCOMPLETE, "co2_incomplete", "碳排放不完整" },
    { PO_NOTE_LOW_CONFIDENCE, "low_confidence", "含低置信度依据" },
    { PO_NOTE_EQUAL_VALUE, "electricity_equal_value", "电力按等价值" },
    { PO_NOTE_LOW_CONFIDENCE_CO2, "low_confidence_co2", "碳排放因子置信度低" },
};

void po_account_notes(struct po_buf *b, unsigned notes, bool zh)
{
    bool first = true;
    for (size_t i = 0; i < sizeof(note_names) / sizeof(note_names[0]); i++) {
        if (!(notes & note_names[i].bit))
            continue;
        po_buf_addf(b, "%s%s", first ? "" : ";", zh ? note_names[i].zh : note_names[i].en);
        first = false;
    }
}

static const char *verdict_tag(enum po_quota_verdict v)
{
    static const char *const t[] = { "no_standard", "no_energy", "over_limit",
                                     "meets_limit", "meets_new", "advanced" };
    return (unsigned)v < 6 ? t[v] : "";
}

static const char *bench_tag(enum po_bench_verdict v)
{
    static const char *const t[] = { "", "below_baseline", "between", "benchmark" };
    return (unsigned)v < 4 ? t[v] : "";
}

static const char *scope_tag(enum po_quota_scope s)
{
    return s == PO_QUOTA_ELECTRICITY ? "electricity" : "comprehensive";
}

static const char *va_tag(enum po_va_status v)
{
    static const char *const t[] = { "ok", "missing", "zero", "negative" };
    return (unsigned)v < 4 ? t[v] : "";
}

/* ---- sheet ---- */

static const char *const sheet_cols[] = {
    "uscc",          "name",
    "district_code", "industry_code",
    "status",        "gross_tce",
    "excluded_tce",  "tce",
    "co2_t",         "value_added_10k_yuan",
    "intensity",     "carbon_intensity",
    "quota",         "notes",
    "notes_zh",
};
enum { NCOLS = sizeof(sheet_cols) / sizeof(sheet_cols[0]) };

static void quota_summary(struct po_buf *b, const struct po_quota_report *q)
{
    for (size_t i = 0; i < q->nres; i++)
        po_buf_addf(b, "%s%s:%s=%s", i ? ";" : "", q->res[i].map->product,
                    scope_tag(q->res[i].map->scope), verdict_tag(q->res[i].verdict));
}

static int sheet_row(struct po_sheetw *w, const struct po_acct_entry *e, struct po_err *err)
{
    const struct po_acct_result *r = &e->res;
    bool energy = !(r->notes & PO_NOTE_NO_ENERGY);
    char gross[48], excl[48], tce[48], co2[48], va[48], in[48], ci[48];
    po_acct_fmt(gross, sizeof(gross), po_acct_round_tce_e4(r->gross_e15), 4);
    po_acct_fmt(excl, sizeof(excl), po_acct_round_tce_e4(r->excl_total_e15), 4);
    po_acct_fmt(tce, sizeof(tce), po_acct_round_tce_e4(r->total_e15), 4);
    po_acct_fmt(co2, sizeof(co2), po_acct_round_co2_t_e3(r->co2_e16), 3);
    po_dec_format(va, sizeof(va), r->value_added_micro);
    po_acct_fmt(in, sizeof(in), r->intensity_e6, 6);
    po_acct_fmt(ci, sizeof(ci), r->carbon_intensity_e6, 6);
    struct po_buf q = PO_BUF_INIT, n = PO_BUF_INIT, nz = PO_BUF_INIT;
    quota_summary(&q, &e->quota);
    po_account_notes(&n, r->notes, false);
    po_account_notes(&nz, r->notes, true);
    const struct po_acct_ent *x = e->ent;
    struct po_cell c[NCOLS] = {
        { PO_CELL_TEXT, x->uscc },
        { PO_CELL_TEXT, x->name },
        { PO_CELL_TEXT, x->district },
        { PO_CELL_TEXT, x->industry },
        { PO_CELL_TEXT, x->status },
        { energy ? PO_CELL_NUMBER : PO_CELL_EMPTY, gross },
        { energy ? PO_CELL_NUMBER : PO_CELL_EMPTY, excl },
        { energy ? PO_CELL_NUMBER : PO_CELL_EMPTY, tce },
        { energy && !r->nco2_missing ? PO_CELL_NUMBER : PO_CELL_EMPTY, co2 },
        { r->va != PO_VA_MISSING ? PO_CELL_NUMBER : PO_CELL_EMPTY, va },
        { r->intensity_defined ? PO_CELL_NUMBER : PO_CELL_EMPTY, in },
        { r->carbon_intensity_defined ? PO_CELL_NUMBER : PO_CELL_EMPTY, ci },
        { PO_CELL_TEXT, q.buf },
        { PO_CELL_TEXT, n.buf },
        { PO_CELL_TEXT, nz.buf },
    };
    int rc = po_buf_failed(&q) || po_buf_failed(&n) || po_buf_failed(&nz)
                 ? po_err_set(err, PO_ENOMEM, "内存不足", "out of memory")
                 : po_sheetw_row(w, c, NCOLS, err);
    po_buf_release(&q);
    po_buf_release(&n);
    po_buf_release(&nz);
    return rc;
}

int po_account_write_sheet(size_t *rows, const struct po_acct_run *run, const char *path,
                           enum po_sheet_format fmt, struct po_err *err)
{
    struct po_sheetw *w;
    *rows = 0;
    int rc = po_sheetw_open(&w, path, fmt, "account", err);
    if (rc < 0)
        return rc;
    struct po_cell h[NCOLS];
    for (size_t i = 0; i < NCOLS; i++)
        h[i] = (struct po_cell){ PO_CELL_TEXT, sheet_cols[i] };
    rc = po_sheetw_row(w, h, NCOLS, err);
    for (size_t i = 0; rc == 0 && i < run->n; i++) {
        rc = sheet_row(w, &run->e[i], err);
        if (rc == 0)
            (*rows)++;
    }
    int crc = po_sheetw_close(w, rc < 0 ? NULL : err);
    return rc < 0 ? rc : crc;
}

/* ---- JSON ---- */

/* Set key to a decimal string of v × 10^-scale, or null. */
static void jdec(json_t *o, const char *key, bool set, po_acct_i128 v, int scale)
{
    char buf[48];
    json_object_set_new(o, key,
                        set ? json_string(po_acct_fmt(buf, sizeof(buf), v, scale)) : json_null());
}

static void jstr(json_t *o, const char *key, const char *s)
{
    json_object_set_new(o, key, s ? json_string(s) : json_null());
}

static json_t *rule_json(const struct po_policy_rule *r)
{
    json_t *o = json_object();
    char from[16], to[16];
    snprintf(from, sizeof(from), "%04d-%02d-%02d", r->from.y, r->from.m, r->from.d);
    snprintf(to, sizeof(to), "%04d-%02d-%02d", r->to.y, r->to.m, r->to.d);
    jstr(o, "rule", r->name);
    jstr(o, "value", r->value);
    jstr(o, "effective_from", from);
    jstr(o, "effective_to", r->to.y ? to : NULL);
    jstr(o, "document", r->document);
    jstr(o, "description_zh", r->desc_zh);
    jstr(o, "description_en", r->desc_en);
    jstr(o, "source", r->source);
    jstr(o, "confidence", r->confidence);
    json_object_set_new(o, "low_confidence", json_boolean(strcmp(r->confidence, "low") == 0));
    return o;
}

static json_t *policy_json(const struct po_acct_policy *p)
{
    json_t *o = json_object();
    char on[16];
    snprintf(on, sizeof(on), "%04d-12-31", p->year);
    jstr(o, "in_force_on", on);
    jstr(o, "electricity", p->equal_value ? "equal_value" : "equivalent_value");
    json_object_set_new(o, "electricity_chosen_by_user", json_boolean(p->chosen));
    if (p->equal) {
        json_t *e = json_object();
        char g[48];
        jstr(e, "gce_per_kwh", po_account_dec(g, sizeof(g), p->equal->gce_milli, 3));
        jstr(e, "basis", p->equal->basis);
        jstr(e, "source", p->equal->source);
        jstr(e, "confidence", p->equal->confidence);
        json_object_set_new(o, "equal_value", e);
    }
    json_t *rules = json_array();
    for (int k = 0; k < PO_RULE_COUNT; k++)
        if (p->rule[k])
            json_array_append_new(rules, rule_json(p->rule[k]));
    json_object_set_new(o, "rules", rules);
    json_object_set_new(o, "low_confidence", json_boolean(p->low_confidence));
    return o;
}

static json_t *record_json(const struct po_acct_record *r)
{
    json_t *o = json_object();
    char q[48];
    json_object_set_new(o, "month", json_integer(r->month));
    jstr(o, "energy_type", r->energy_type);
    jstr(o, "purpose", r->purpose == PO_PURPOSE_FEEDSTOCK ? "feedstock" : "fuel");
    jstr(o, "product", r->product);
    jstr(o, "source", r->metered ? "metered" : "reported");
    po_dec_format(q, sizeof(q), r->quantity_micro);
    jstr(o, "quantity", q);
    jstr(o, "unit", r->unit);
    return o;
}

static const char *const status_tags[] = { "counted", "unknown_factor", "superseded_by_reported",
                                           "superseded_by_whole_year" };
static const char *const co2_tags[] = { "counted", "not_combustion", "no_factor", "not_counted" };

static json_t *line_json(const struct po_acct_line *l)
{
    json_t *o = record_json(l->rec);
    char f[48];
    jstr(o, "status", status_tags[l->status]);
    if (l->coef) {
        jstr(o, "tce_per_unit", po_account_dec(f, sizeof(f), l->tce_e9_per_unit, 9));
        jstr(o, "factor", l->equal_value ? "equal_value" : "table");
        jstr(o, "factor_source", l->coef->source);
        jstr(o, "factor_confidence", l->coef->confidence);
    }
    jdec(o, "tce", l->status == PO_REC_COUNTED, po_acct_round_tce_e4(l->tce_e15), 4);
    if (l->excluded) {
        jstr(o, "excluded_from", po_excl_scope_en(l->excluded));
        jstr(o, "excluded_by", l->excl_rule ? l->excl_rule->name : NULL);
        jstr(o, "excluded_document", l->excl_rule ? l->excl_rule->document : NULL);
    }
    jstr(o, "co2", co2_tags[l->co2_status]);
    if (l->co2f) {
        jdec(o, "co2_t", true, po_acct_round_co2_t_e3(l->co2_e16), 3);
        jstr(o, "co2_factor", *l->co2f->factor_id ? l->co2f->factor_id : l->co2f->why);
        jstr(o, "co2_kg_per_base_unit", po_account_dec(f, sizeof(f), l->co2f->kg_e10, 10));
        jstr(o, "co2_why", l->co2f->why);
        jstr(o, "co2_source", l->co2f->source);
        jstr(o, "co2_confidence", l->co2f->confidence);
    }
    return o;
}

static json_t *sum_json(const struct po_acct_sum *s)
{
    json_t *o = json_object();
    jdec(o, "gross_tce", true, po_acct_round_tce_e4(s->gross_e15), 4);
    jdec(o, "tce", true, po_acct_round_tce_e4(s->total_e15), 4);
    json_object_set_new(o, "records", json_integer((json_int_t)s->records));
    return o;
}

static json_t *opt_json(struct po_opt o)
{
    char b[48];
    return o.set ? json_string(po_account_dec(b, sizeof(b), o.micro, 6)) : json_null();
}

static json_t *quota_json(const struct po_quota_result *q)
{
    json_t *o = json_object();
    char b[48];
    jstr(o, "product", q->map->product);
    jstr(o, "scope", scope_tag(q->map->scope));
    jstr(o, "unit", q->map->scope == PO_QUOTA_ELECTRICITY ? "kWh/t" : "kgce/t");
    jstr(o, "output_t", po_account_dec(b, sizeof(b), q->output_micro, 6));
    json_object_set_new(o, "records", json_integer((json_int_t)q->nrecords));
    jdec(o, "consumption", q->nrecords > 0, q->value_e2, 2);
    jstr(o, "verdict", verdict_tag(q->verdict));
    if (q->std) {
        char eff[16];
        snprintf(eff, sizeof(eff), "%04d-%02d-%02d", q->std->effective.y, q->std->effective.m,
                 q->std->effective.d);
        jstr(o, "standard", q->std->standard);
        jstr(o, "effective", eff);
        json_object_set_new(o, "in_force_from_this_year", json_boolean(q->std_new_in_year));
        json_object_set_new(o, "limit_existing", opt_json(q->std->limit_existing));
        json_object_set_new(o, "limit_new", opt_json(q->std->limit_new));
        json_object_set_new(o, "advanced", opt_json(q->std->advanced));
        jstr(o, "standard_source", q->std->source);
        jstr(o, "standard_confidence", q->std->confidence);
    } else {
        jstr(o, "standard", NULL);
    }
    if (q->bench) {
        jstr(o, "benchmark_edition", q->bench->edition);
        json_object_set_new(o, "benchmark", opt_json(q->bench->benchmark));
        json_object_set_new(o, "baseline", opt_json(q->bench->baseline));
        jstr(o, "benchmark_verdict", bench_tag(q->bench_verdict));
        jstr(o, "benchmark_confidence", q->bench->confidence);
    }
    jstr(o, "note", q->map->note);
    return o;
}

static json_t *notes_json(unsigned notes)
{
    json_t *a = json_array();
    for (size_t i = 0; i < sizeof(note_names) / sizeof(note_names[0]); i++)
        if (notes & note_names[i].bit)
            json_array_append_new(a, json_string(note_names[i].en));
    return a;
}

static json_t *breakdown_json(const struct po_acct_result *r)
{
    json_t *o = json_object();
    json_t *types = json_object();
    for (size_t i = 0; i < r->ntypes; i++)
        json_object_set_new(types, r->by_type[i].key, sum_json(&r->by_type[i]));
    json_object_set_new(o, "by_energy_type", types);
    json_t *purp = json_object();
    for (int p = 0; p < 2; p++)
        json_object_set_new(purp, r->by_purpose[p].key, sum_json(&r->by_purpose[p]));
    json_object_set_new(o, "by_purpose", purp);
    if (r->monthly) {
        json_t *m = json_array();
        for (int k = 0; k <= 12; k++) {
            if (!r->by_month[k].records)
                continue;
            json_t *x = sum_json(&r->by_month[k]);
            json_object_set_new(x, "month", json_integer(k));
            json_array_append_new(m, x);
        }
        json_object_set_new(o, "by_month", m);
    }
    return o;
}

static json_t *entry_json(const struct po_acct_entry *e)
{
    const struct po_acct_result *r = &e->res;
    const struct po_acct_ent *x = e->ent;
    bool energy = !(r->notes & PO_NOTE_NO_ENERGY);
    json_t *o = json_object();
    jstr(o, "uscc", x->uscc);
    jstr(o, "name", x->name);
    jstr(o, "district_code", x->district);
    jstr(o, "industry_code", x->industry);
    jstr(o, "status", x->status);
    json_object_set_new(o, "energy_data", json_boolean(energy));
    jdec(o, "gross_tce", energy, po_acct_round_tce_e4(r->gross_e15), 4);
    jdec(o, "excluded_tce", energy, po_acct_round_tce_e4(r->excl_total_e15), 4);
    jdec(o, "tce", energy, po_acct_round_tce_e4(r->total_e15), 4);
    jdec(o, "intensity_basis_tce", energy, po_acct_round_tce_e4(r->intensity_e15), 4);
    json_object_set_new(o, "breakdown", breakdown_json(r));
    json_t *lines = json_array();
    for (size_t i = 0; i < r->nlines; i++)
        json_array_append_new(lines, line_json(&r->lines[i]));
    json_object_set_new(o, "records", lines);
    jdec(o, "co2_t", energy, po_acct_round_co2_t_e3(r->co2_e16), 3);
    json_object_set_new(o, "co2_complete", json_boolean(energy && r->nco2_missing == 0));
    jstr(o, "value_added_status", va_tag(r->va));
    jdec(o, "value_added_10k_yuan", r->va != PO_VA_MISSING, r->value_added_micro, 6);
    jdec(o, "intensity", r->intensity_defined, r->intensity_e6, 6);
    jdec(o, "carbon_intensity", r->carbon_intensity_defined, r->carbon_intensity_e6, 6);
    json_t *q = json_array();
    for (size_t i = 0; i < e->quota.nres; i++)
        json_array_append_new(q, quota_json(&e->quota.res[i]));
    json_object_set_new(o, "unit_consumption", q);
    json_object_set_new(o, "untagged_records_not_attributed",
                        json_integer((json_int_t)e->quota.untagged_unattributed));
    json_object_set_new(o, "notes", notes_json(r->notes));
    return o;
}

int po_account_write_json(FILE *f, const struct po_acct_run *run, struct po_err *err)
{
    json_t *root = json_object();
    json_object_set_new(root, "year", json_integer(run->year));
    jstr(root, "unit_tce", "t standard coal (tce), 4 decimals, half up");
    jstr(root, "unit_intensity", "tce per 10k yuan value added, 6 decimals, half up");
    json_object_set_new(root, "policy", policy_json(run->policy));
    json_t *ents = json_array();
    for (size_t i = 0; i < run->n; i++)
        json_array_append_new(ents, entry_json(&run->e[i]));
    json_object_set_new(root, "enterprises", ents);
    int rc = json_dumpf(root, f, JSON_INDENT(1) | JSON_PRESERVE_ORDER) == 0 && fputc('\n', f) != EOF
                 ? 0
                 : po_err_set(err, PO_EIO, "写出 JSON 失败", "writing JSON failed");
    json_decref(root);
    return rc;
}
