/*
 * factsources.c: reading data/fact_sources.csv and the names of data/equipment_params.csv
 * (factsources.h).
 */
#include "refdata/factsources.h"
#include "refdata/refdata.h"
#include "util/arena.h"
#include "util/buf.h"

#include <string.h>

enum { F_TAG, F_NAME_ZH, F_NAME_EN, F_TABLE, F_COLUMN, F_SUPPLIER, F_SOURCE, F_CONF, F_N };
static const char *const cols[F_N] = { "tag",    "name_zh",   "name_en",
                                       "table",  "column",    "supplier_department",
                                       "source", "confidence" };
static const char *const departments[] = {
    "miit", "drc", "energy", "eco_env", "emergency", "market"
};

struct load {
    struct po_factsources *fs;
    size_t cap;
    struct po_arena *a;
    int pos[F_N];                           /* column of each field in the file being read */
    const struct po_fact_source *param_row; /* equipment_param, for the parameters */
};

static bool one_of(const char *s, const char *const *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, set[i]) == 0)
            return true;
    return false;
}

static struct po_fact_source *add(struct load *l)
{
    struct po_factsources *fs = l->fs;
    if (fs->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 64;
        void *p =
            po_arena_realloc(l->a, fs->rows, l->cap * sizeof *fs->rows, nc * sizeof *fs->rows);
        if (!p)
            return NULL;
        fs->rows = p;
        l->cap = nc;
    }
    struct po_fact_source *r = &fs->rows[fs->n++];
    memset(r, 0, sizeof *r);
    return r;
}

static int header(struct load *l, char **f, size_t n, const char *const *want, size_t nwant,
                  const char *file, struct po_err *err)
{
    for (size_t k = 0; k < nwant; k++) {
        l->pos[k] = -1;
        for (size_t i = 0; i < n; i++)
            if (strcmp(f[i], want[k]) == 0)
                l->pos[k] = (int)i;
        if (l->pos[k] < 0)
            return po_err_set(err, PO_EINVAL, "%s 表头缺少列 %s", "%s: the header lacks column %s",
                              file, want[k]);
    }
    return 0;
}

static const char *cell(const struct load *l, char **f, size_t n, int k)
{
    return l->pos[k] >= 0 && (size_t)l->pos[k] < n ? f[l->pos[k]] : "";
}

static int file_row(void *ctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct load *l = ctx;
    if (rowno == 0)
        return header(l, f, n, cols, F_N, PO_FACTSOURCES_FILE, err);
    const char *v[F_N];
    for (int k = 0; k < F_N; k++)
        v[k] = cell(l, f, n, k);
    const char *why_zh = NULL, *why_en = NULL;
    if (!*v[F_TAG] || !*v[F_NAME_ZH] || !*v[F_NAME_EN])
        why_zh = "tag、name_zh、name_en 不能为空", why_en = "tag, name_zh and name_en are required";
    else if (!one_of(v[F_SUPPLIER], departments, sizeof departments / sizeof departments[0]))
        why_zh = "supplier_department 应为 miit、drc、energy、eco_env、emergency 或 market 之一",
        why_en = "supplier_department must be one of miit drc energy eco_env emergency market";
    else if (!one_of(v[F_CONF], (const char *const[]){ "high", "medium", "low" }, 3))
        why_zh = "confidence 应为 high、medium 或 low",
        why_en = "confidence must be high, medium or low";
    for (size_t i = 0; !why_zh && i < l->fs->n; i++)
        if (strcmp(l->fs->rows[i].tag, v[F_TAG]) == 0)
            why_zh = "tag 重复", why_en = "duplicate tag";
    if (why_zh)
        return po_err_set(err, PO_EINVAL, "%s 第 %zu 行（%s）：%s%.0s", "%s row %zu (%s): %.0s%s",
                          PO_FACTSOURCES_FILE, rowno + 1, v[F_TAG], why_zh, why_en);
    struct po_fact_source *r = add(l);
    if (!r)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    const char **dst[F_N] = { &r->tag,    &r->name_zh,  &r->name_en, &r->table,
                              &r->column, &r->supplier, &r->source,  &r->confidence };
    for (int k = 0; k < F_N; k++)
        if (!(*dst[k] = po_arena_strdup(l->a, v[k])))
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    r->known = true;
    return 0;
}

enum { P_TAG, P_UNIT, P_NAME_ZH, P_NAME_EN, P_N };
static const char *const pcols[P_N] = { "tag", "unit", "name_zh", "name_en" };

static int param_row(void *ctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct load *l = ctx;
    if (rowno == 0)
        return header(l, f, n, pcols, P_N, "data/equipment_params.csv", err);
    const char *tag = cell(l, f, n, P_TAG), *unit = cell(l, f, n, P_UNIT);
    for (size_t i = 0; i < l->fs->nfile; i++)
        if (strcmp(l->fs->rows[i].tag, tag) == 0)
            return 0; /* the file's own row wins */
    const struct po_fact_source *p = l->param_row;
    struct po_fact_source *r = add(l);
    if (!r)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    r->tag = po_arena_strdup(l->a, tag);
    r->name_zh = *unit ? po_arena_printf(l->a, "%s（%s）", cell(l, f, n, P_NAME_ZH), unit)
                       : po_arena_strdup(l->a, cell(l, f, n, P_NAME_ZH));
    r->name_en = *unit ? po_arena_printf(l->a, "%s (%s)", cell(l, f, n, P_NAME_EN), unit)
                       : po_arena_strdup(l->a, cell(l, f, n, P_NAME_EN));
    r->table = p->table;
    r->column = r->tag;
    r->supplier = p->supplier;
    r->source = p->source;
    r->confidence = p->confidence;
    r->known = true;
    return r->tag && r->name_zh && r->name_en
               ? 0
               : po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

int po_factsources_load(struct po_factsources *out, struct po_arena *a, struct po_err *err)
{
    struct po_factsources fs = { NULL, 0, 0 };
    struct load l = { &fs, 0, a, { 0 }, NULL };
    int rc = po_ref_parse(PO_FACTSOURCES_FILE, file_row, &l, err);
    if (rc < 0)
        return rc;
    fs.nfile = fs.n;
    for (size_t i = 0; i < fs.n; i++)
        if (strcmp(fs.rows[i].tag, "equipment_param") == 0)
            l.param_row = &fs.rows[i];
    if (!l.param_row)
        return po_err_set(err, PO_EINVAL, "%s 缺少 equipment_param 行",
                          "%s lacks the row equipment_param", PO_FACTSOURCES_FILE);
    /* rows may move as the array grows: keep the parameter row's fields, not its address */
    struct po_fact_source param = *l.param_row;
    l.param_row = &param;
    rc = po_ref_parse("data/equipment_params.csv", param_row, &l, err);
    if (rc < 0)
        return rc;
    *out = fs;
    return 0;
}

const struct po_fact_source *po_factsources_find(const struct po_factsources *fs, const char *tag,
                                                 struct po_fact_source *tmp)
{
    for (size_t i = 0; i < fs->n; i++)
        if (strcmp(fs->rows[i].tag, tag) == 0)
            return &fs->rows[i];
    *tmp = (struct po_fact_source){ tag, tag, tag, "", "", "", "", "", false };
    return tmp;
}

/* Call fn for each tag of the '|'-joined list (copied into a NUL-terminated buffer). */
static void each_tag(const char *tags, void (*fn)(void *, const char *), void *ctx)
{
    char t[128];
    for (const char *p = tags ? tags : ""; *p;) {
        size_t len = strcspn(p, "|");
        if (len && len < sizeof t) {
            memcpy(t, p, len);
            t[len] = '\0';
            fn(ctx, t);
        }
        p += len + (p[len] == '|');
    }
}

struct join {
    const struct po_factsources *fs;
    struct po_buf b;
    bool zh, suppliers;
};

static void join_one(void *ctx, const char *tag)
{
    struct join *j = ctx;
    struct po_fact_source tmp;
    const struct po_fact_source *r = po_factsources_find(j->fs, tag, &tmp);
    const char *s = j->suppliers ? r->supplier : j->zh ? r->name_zh : r->name_en;
    if (!*s)
        return;
    if (j->suppliers) {
        size_t n = strlen(s);
        for (const char *q = strstr(j->b.buf, s); q; q = strstr(q + 1, s))
            if ((q == j->b.buf || q[-1] == '|') && (q[n] == '\0' || q[n] == '|'))
                return; /* once each */
    }
    if (j->b.len)
        po_buf_adds(&j->b, j->suppliers ? "|" : j->zh ? "、" : ", ");
    po_buf_adds(&j->b, s);
}

static char *join(const struct po_factsources *fs, const char *tags, bool zh, bool suppliers,
                  struct po_arena *a)
{
    struct join j = { fs, PO_BUF_INIT, zh, suppliers };
    j.b.arena = a;
    each_tag(tags, join_one, &j);
    return po_buf_failed(&j.b) ? NULL : po_arena_strdup(a, j.b.buf);
}

char *po_factsources_names(const struct po_factsources *fs, const char *tags, bool zh,
                           struct po_arena *a)
{
    return join(fs, tags, zh, false, a);
}

char *po_factsources_suppliers(const struct po_factsources *fs, const char *tags,
                               struct po_arena *a)
{
    return join(fs, tags, false, true, a);
}
