/*
 * gapsdb.c: the 数据待补 work list from the stored findings (gapsdb.h).
 *
 * Two reads: the cannot-decide findings of the latest run (of the district), which make the
 * items; then every cannot-decide finding with `missing` of those enterprises in all runs, oldest
 * first, which dates each item from the first run that named it.
 */
#include "app/gapsdb.h"
#include "report/evalexplain.h"
#include "refdata/factsources.h"
#include "refdata/rulesdata.h"
#include "util/arena.h"
#include "util/strmap.h"

#include <string.h>

struct build {
    struct po_gaps *g;
    size_t cap;
    struct po_arena *a;
    struct po_strmap *index; /* "uscc\x1ftag" → item */
    struct po_factsources fs;
    struct po_rulesdata rd;
};

static int oom(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

static char *text(struct po_arena *a, struct po_stmt *s, int col)
{
    const char *t = po_stmt_text(s, col);
    return po_arena_strdup(a, t ? t : "");
}

static char *key(struct po_arena *a, const char *uscc, const char *tag, size_t len)
{
    return po_arena_printf(a, "%s\x1f%.*s", uscc, (int)len, tag);
}

/* The item of (uscc, tag), made from the finding row s when new; NULL on allocation failure. */
static struct po_gap *item(struct build *b, struct po_stmt *s, const char *tag, size_t len)
{
    const char *uscc = po_stmt_text(s, 0);
    char *k = key(b->a, uscc, tag, len);
    if (!k)
        return NULL;
    int64_t at;
    if (po_strmap_get(b->index, k, strlen(k), &at))
        return &b->g->items[at];
    struct po_gaps *g = b->g;
    if (g->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 64;
        void *p =
            po_arena_realloc(b->a, g->items, b->cap * sizeof *g->items, nc * sizeof *g->items);
        if (!p)
            return NULL;
        g->items = p;
        b->cap = nc;
    }
    struct po_gap *it = &g->items[g->n];
    memset(it, 0, sizeof *it);
    it->tag = po_arena_printf(b->a, "%.*s", (int)len, tag);
    if (!it->tag || po_strmap_put(b->index, k, strlen(k), (int64_t)g->n, NULL) < 0)
        return NULL;
    g->n++;
    struct po_fact_source tmp;
    const struct po_fact_source *fs = po_factsources_find(&b->fs, it->tag, &tmp);
    it->uscc = text(b->a, s, 0);
    it->enterprise_name = text(b->a, s, 1);
    it->district_code = text(b->a, s, 2);
    it->district_name = text(b->a, s, 3);
    it->name_zh = po_arena_strdup(b->a, fs->name_zh);
    it->name_en = po_arena_strdup(b->a, fs->name_en);
    it->table = fs->table;
    it->column = fs->column;
    it->source = fs->source ? fs->source : "";
    it->confidence = fs->confidence ? fs->confidence : "";
    it->supplier = fs->supplier;
    const char *zh = po_explain_department(fs->supplier, true);
    const char *en = po_explain_department(fs->supplier, false);
    it->supplier_zh = zh ? zh : "";
    it->supplier_en = en ? en : "";
    it->since_run = g->run_id;
    it->since_year = g->year;
    it->since_as_of = g->as_of;
    return it->uscc && it->enterprise_name && it->district_code && it->district_name &&
                   it->name_zh && it->name_en
               ? it
               : NULL;
}

static int add_rule(struct build *b, struct po_gap *it, struct po_stmt *s)
{
    if (it->nrules % 8 == 0) {
        void *p = po_arena_realloc(b->a, it->rules, it->nrules * sizeof *it->rules,
                                   (it->nrules + 8) * sizeof *it->rules);
        if (!p)
            return -1;
        it->rules = p;
    }
    struct po_gap_rule *r = &it->rules[it->nrules++];
    r->rule_id = text(b->a, s, 5);
    r->version = po_stmt_int(s, 6);
    r->equipment_id = text(b->a, s, 7);
    r->finding_id = text(b->a, s, 8);
    po_rulesdata_titles(&r->title_zh, &r->title_en, &b->rd, r->rule_id, r->version);
    return r->rule_id && r->equipment_id && r->finding_id ? 0 : -1;
}

/* Call fn for each tag of the '|'-joined list. */
static int each_tag(struct build *b, struct po_stmt *s, const char *list,
                    int (*fn)(struct build *, struct po_stmt *, const char *, size_t))
{
    for (const char *p = list ? list : ""; *p;) {
        size_t len = strcspn(p, "|");
        if (len) {
            int rc = fn(b, s, p, len);
            if (rc < 0)
                return rc;
        }
        p += len + (p[len] == '|');
    }
    return 0;
}

static int latest_tag(struct build *b, struct po_stmt *s, const char *tag, size_t len)
{
    struct po_gap *it = item(b, s, tag, len);
    return it ? add_rule(b, it, s) : -1;
}

/* An older run naming (uscc, tag): the item dates from it (rows come oldest first). */
static int older_tag(struct build *b, struct po_stmt *s, const char *tag, size_t len)
{
    char *k = key(b->a, po_stmt_text(s, 0), tag, len);
    int64_t at;
    if (!k)
        return -1;
    if (!po_strmap_get(b->index, k, strlen(k), &at))
        return 0;
    struct po_gap *it = &b->g->items[at];
    int64_t run = po_stmt_int(s, 1), year = po_stmt_int(s, 2);
    if (year < it->since_year || (year == it->since_year && run < it->since_run)) {
        it->since_run = run;
        it->since_year = year;
        it->since_as_of = text(b->a, s, 3);
        return it->since_as_of ? 0 : -1;
    }
    return 0;
}

static int latest_run(struct po_gaps *g, struct po_store *st, struct po_arena *a,
                      struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, st,
                             "SELECT id, year, as_of FROM evaluation_run"
                             " ORDER BY year DESC, id DESC LIMIT 1",
                             err);
    if (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        g->run_id = po_stmt_int(s, 0);
        g->year = po_stmt_int(s, 1);
        g->as_of = text(a, s, 2);
        rc = g->as_of ? 0 : oom(err);
    }
    po_stmt_finalize(s);
    return rc;
}

int po_gapsdb_list(struct po_gaps *out, struct po_store *st, const char *district,
                   struct po_arena *a, struct po_err *err)
{
    struct po_gaps g = { 0, 0, "", NULL, 0 };
    struct build b;
    memset(&b, 0, sizeof b);
    b.g = &g;
    b.a = a;
    b.index = po_strmap_new(a, 256);
    if (!b.index)
        return oom(err);
    int rc = po_factsources_load(&b.fs, a, err);
    if (rc == 0)
        rc = po_rulesdata_load(&b.rd, NULL, a, err);
    if (rc == 0)
        rc = latest_run(&g, st, a, err);
    if (rc < 0 || g.run_id == 0) {
        if (rc == 0)
            *out = g;
        return rc;
    }
    const char *d = district && *district ? district : "";
    struct po_value v[3] = { po_vint(g.run_id), po_vtext(d), po_vtext(d) };
    struct po_stmt *s = NULL;
    rc = po_stmt_prepare(&s, st,
                         "SELECT f.uscc, f.enterprise_name, e.district_code, COALESCE(di.name, ''),"
                         " f.missing, f.rule_id, f.rule_version, f.equipment_id, f.finding_id"
                         " FROM evaluation_finding f JOIN enterprise e ON e.uscc = f.uscc"
                         " LEFT JOIN district di ON di.code = e.district_code"
                         " WHERE f.run_id = ? AND f.status = 'cannot_decide'"
                         " AND f.missing IS NOT NULL AND (? = '' OR e.district_code = ?)"
                         " ORDER BY e.district_code, f.uscc, f.seq",
                         err);
    if (rc == 0)
        rc = po_stmt_bindv(s, v, 3, err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1)
        rc = each_tag(&b, s, po_stmt_text(s, 4), latest_tag) < 0 ? oom(err) : 0;
    po_stmt_finalize(s);
    s = NULL;
    if (rc < 0)
        return rc;
    /* since when: the earlier runs naming the same item */
    struct po_value w[3] = { po_vint(g.run_id), po_vtext(d), po_vtext(d) };
    rc = po_stmt_prepare(&s, st,
                         "SELECT f.uscc, r.id, r.year, r.as_of, f.missing"
                         " FROM evaluation_finding f JOIN evaluation_run r ON r.id = f.run_id"
                         " JOIN enterprise e ON e.uscc = f.uscc"
                         " WHERE r.id <> ? AND f.status = 'cannot_decide'"
                         " AND f.missing IS NOT NULL AND (? = '' OR e.district_code = ?)"
                         " ORDER BY r.year, r.id",
                         err);
    if (rc == 0)
        rc = po_stmt_bindv(s, w, 3, err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1)
        rc = each_tag(&b, s, po_stmt_text(s, 4), older_tag) < 0 ? oom(err) : 0;
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    *out = g;
    return 0;
}

static json_t *text_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *gap_json(const struct po_gap *g)
{
    json_t *rules = json_array();
    for (size_t i = 0; rules && i < g->nrules; i++) {
        const struct po_gap_rule *r = &g->rules[i];
        json_array_append_new(
            rules, json_pack("{s:s,s:I,s:o,s:o,s:s,s:s}", "rule_id", r->rule_id, "rule_version",
                             (json_int_t)r->version, "rule_title_zh", text_or_null(r->title_zh),
                             "rule_title_en", text_or_null(r->title_en), "equipment_id",
                             r->equipment_id, "finding_id", r->finding_id));
    }
    json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:s,s:o}",
                          "district_code", g->district_code, "district_name", g->district_name,
                          "uscc", g->uscc, "enterprise_name", g->enterprise_name, "missing", g->tag,
                          "missing_zh", g->name_zh, "missing_en", g->name_en, "table", g->table,
                          "column", g->column, "supplier_department", g->supplier, "supplier_zh",
                          g->supplier_zh, "supplier_en", g->supplier_en, "since_run",
                          (json_int_t)g->since_run, "since_year", (json_int_t)g->since_year,
                          "since_as_of", g->since_as_of, "rules", rules ? rules : json_array());
    /* a low-confidence row of data/fact_sources.csv is flagged in the UI (待核实, its source) */
    json_object_set_new(j, "source", json_string(g->source ? g->source : ""));
    json_object_set_new(j, "confidence", json_string(g->confidence ? g->confidence : ""));
    return j;
}

json_t *po_gapsdb_json(const struct po_gaps *g, const char *district)
{
    json_t *items = json_array(), *districts = json_array();
    for (size_t i = 0; items && districts && i < g->n; i++) {
        json_array_append_new(items, gap_json(&g->items[i]));
        size_t nd = json_array_size(districts);
        json_t *last = nd ? json_array_get(districts, nd - 1) : NULL;
        if (last && strcmp(json_string_value(json_object_get(last, "district_code")),
                           g->items[i].district_code) == 0)
            json_object_set_new(
                last, "total",
                json_integer(json_integer_value(json_object_get(last, "total")) + 1));
        else
            json_array_append_new(districts, json_pack("{s:s,s:s,s:i}", "district_code",
                                                       g->items[i].district_code, "district_name",
                                                       g->items[i].district_name, "total", 1));
    }
    json_t *run = g->run_id ? json_pack("{s:I,s:I,s:s}", "id", (json_int_t)g->run_id, "year",
                                        (json_int_t)g->year, "as_of", g->as_of)
                            : json_null();
    json_t *body =
        json_pack("{s:o,s:o,s:o,s:I,s:o}", "run", run, "district", text_or_null(district),
                  "districts", districts, "total", (json_int_t)g->n, "items", items);
    return body;
}
