/*
 * rankdir.c: enterprises.csv, energy.csv and value_added.csv into po_rank_ent.
 *
 * Shape, for speed (energy.csv is 35 million rows at the benchmark's
 * country scale): the files are mapped (fastcsv), so enterprise codes are
 * slices of the mapping and nothing is allocated per row.  A USCC goes to
 * its enterprise through an open-addressing table, and before that through
 * a one-entry cache, because energy rows come grouped by enterprise.  The
 * factor of an (energy_type, unit) pair comes from a small per-thread cache
 * keyed by the bytes of both fields, filled from the coefficient table on
 * first sight.  Quantities are parsed by po_fastcsv_milli().  Each thread sums q × factor into its
 * own 128-bit array; the arrays are added at the end.
 */
#include "ingest/rankdir.h"
#include "core/decimal.h"
#include "core/units.h"
#include "core/uscc.h"
#include "util/arena.h"
#include "util/strmap.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARTS 16

/* ---- columns ---- */

struct col {
    const char *name;
    bool required;
    int idx; /* -1: absent */
};

static int find_cols(struct col *cols, size_t n, const struct po_row *hdr, const char *file,
                     struct po_err *err)
{
    for (size_t c = 0; c < n; c++) {
        cols[c].idx = -1;
        for (size_t i = 0; i < hdr->nfields && cols[c].idx < 0; i++)
            if (po_str_eq(hdr->fields[i], cols[c].name))
                cols[c].idx = (int)i;
        if (cols[c].idx < 0 && cols[c].required)
            return po_err_set(err, PO_EINVAL, "%s 第%zu行：缺少列“%s”",
                              "%s row %zu: no column \"%s\"", file, hdr->rowno, cols[c].name);
    }
    return 0;
}

static struct po_str cell(const struct po_row *row, const struct col *c)
{
    struct po_str none = { "", 0 };
    return c->idx >= 0 && (size_t)c->idx < row->nfields ? row->fields[c->idx] : none;
}

static int cell_err(struct po_err *err, const char *file, const struct po_row *row,
                    const struct col *c, const char *why_zh, const char *why_en)
{
    return po_fastcsv_cell_error(err, file, row->rowno, (size_t)c->idx, c->name, cell(row, c),
                                 why_zh, why_en);
}

/* A slice that stays valid: in the mapping already, or copied into a. */
static int keep(struct po_str *s, const struct po_fastcsv *f, struct po_arena *a)
{
    if (s->ptr >= f->data && s->ptr + s->len <= f->data + f->len)
        return 0;
    char *copy = po_arena_strndup(a, s->ptr, s->len);
    if (!copy)
        return -1;
    s->ptr = copy;
    return 0;
}

/* A whole number of up to 9 digits; -1 if not one. */
static int small_int(struct po_str s)
{
    if (s.len == 0 || s.len > 9)
        return -1;
    int v = 0;
    for (size_t i = 0; i < s.len; i++) {
        if (s.ptr[i] < '0' || s.ptr[i] > '9')
            return -1;
        v = v * 10 + (s.ptr[i] - '0');
    }
    return v;
}

/* a == b for short byte strings, without a call: USCCs are 18 bytes, type and unit names ~10. */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
    while (n >= 8) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y)
            return false;
        a += 8;
        b += 8;
        n -= 8;
    }
    while (n--)
        if (*a++ != *b++)
            return false;
    return true;
}

/* ---- USCC → enterprise index ---- */

struct uindex {
    uint32_t *slots; /* enterprise index + 1; 0 empty (malloc'd) */
    size_t mask;
    const struct po_rank_ent *ents;
    size_t n;
};

static uint64_t load64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static size_t hash_bytes(const char *p, size_t n)
{
    uint64_t h;
    if (n >= 8) {
        h = load64(p) * 0x9E3779B97F4A7C15ULL ^ load64(p + n - 8) * 0xC2B2AE3D27D4EB4FULL;
        if (n > 16)
            h ^= load64(p + n / 2 - 4) * 0x165667B19E3779F9ULL;
    } else {
        h = 0xcbf29ce484222325ULL;
        for (size_t i = 0; i < n; i++)
            h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
    }
    h ^= n;
    return (size_t)(h ^ h >> 29);
}

/* Index of the enterprise with this uscc, or -1. */
static int64_t uindex_find(const struct uindex *x, const char *p, size_t n)
{
    for (size_t i = hash_bytes(p, n) & x->mask;; i = (i + 1) & x->mask) {
        uint32_t s = x->slots[i];
        if (!s)
            return -1;
        const struct po_str *u = &x->ents[s - 1].uscc;
        if (u->len == n && same_bytes(u->ptr, p, n))
            return s - 1;
    }
}

/*
 * The index of uscc p[0..n), trying the enterprise after `last` first:
 * the benchmark's files (and most exports) list enterprises in one order,
 * so the guess saves a hash lookup and its cache misses.
 */
static int64_t uindex_next(const struct uindex *x, int64_t last, const char *p, size_t n)
{
    size_t guess = (size_t)(last + 1);
    if (guess < x->n && x->ents[guess].uscc.len == n && same_bytes(x->ents[guess].uscc.ptr, p, n))
        return (int64_t)guess;
    return uindex_find(x, p, n);
}

/* Insert ents[idx]; returns the index already there for a duplicate, else -1. */
static int64_t uindex_put(struct uindex *x, uint32_t idx)
{
    const struct po_str *k = &x->ents[idx].uscc;
    size_t i = hash_bytes(k->ptr, k->len) & x->mask;
    for (; x->slots[i]; i = (i + 1) & x->mask) {
        const struct po_str *u = &x->ents[x->slots[i] - 1].uscc;
        if (u->len == k->len && memcmp(u->ptr, k->ptr, k->len) == 0)
            return x->slots[i] - 1;
    }
    x->slots[i] = idx + 1;
    return -1;
}

/* ---- reading a file ---- */

static int read_file(struct po_fastcsv *f, const char *dir, const char *name, struct col *cols,
                     size_t ncols, const struct po_fastcsv_opts *o, po_row_fn *fn,
                     void *const *ctxs, unsigned *nused, struct po_err *err)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
        return po_err_set(err, PO_EINVAL, "路径过长：%s", "path too long: %s", dir);
    int rc = po_fastcsv_open(f, path, err);
    if (rc)
        return rc;
    f->name = name; /* path is on this stack: name the file by its static name */
    struct po_fastcsv_cursor c;
    struct po_row hdr;
    size_t body, base;
    rc = po_fastcsv_header(&c, f, &hdr, &body, &base, err);
    if (rc == 0)
        rc = po_err_set(err, PO_EINVAL, "%s 为空（应有表头）", "%s is empty (a header is expected)",
                        name);
    if (rc == 1)
        rc = find_cols(cols, ncols, &hdr, name, err);
    po_fastcsv_cursor_release(&c);
    if (rc == 0)
        rc = po_fastcsv_read(f, body, base, o, fn, ctxs, nused, err);
    return rc;
}

/* ---- reference codes (districts.csv, industries.csv), when the folder has them ---- */

struct codes_ctx {
    struct po_strmap *set;
    struct col *code;
    const char *file;
};

static int code_row(void *vctx, const struct po_row *row, struct po_err *err)
{
    struct codes_ctx *c = vctx;
    struct po_str v = cell(row, c->code);
    if (v.len && po_strmap_put(c->set, v.ptr, v.len, 0, NULL) < 0)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    return 0;
}

/* *out = the set of codes in dir/name, or NULL when the file does not exist. */
static int load_codes(struct po_strmap **out, const char *dir, const char *name, struct po_arena *a,
                      struct po_err *err)
{
    char path[4096];
    *out = NULL;
    if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
        return po_err_set(err, PO_EINVAL, "路径过长：%s", "path too long: %s", dir);
    FILE *probe = fopen(path, "rb");
    if (!probe)
        return 0;
    fclose(probe);
    struct col code = { "code", true, -1 };
    struct codes_ctx c = { po_strmap_new(a, 1024), &code, name };
    if (!c.set)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    struct po_fastcsv f;
    void *ctx = &c;
    unsigned used;
    int rc = read_file(&f, dir, name, &code, 1, NULL, code_row, &ctx, &used, err);
    po_fastcsv_close(&f);
    if (rc == 0)
        *out = c.set; /* keys are copied into a by po_strmap_put */
    return rc;
}

/* ---- enterprises.csv ---- */

enum { E_USCC, E_DISTRICT, E_INDUSTRY, E_NCOLS };

struct ent_ctx {
    struct po_rankdir *rd;
    struct col cols[E_NCOLS];
    size_t cap;
    struct po_arena *a;
    struct po_strmap *districts, *industries; /* NULL: not checked */
};

static const char ENT[] = "enterprises.csv";

static int check_code(struct ent_ctx *c, const struct po_row *row, int col,
                      const struct po_strmap *set, const char *ref, struct po_err *err)
{
    struct po_str v = cell(row, &c->cols[col]);
    int64_t dummy;
    if (!v.len)
        return cell_err(err, ENT, row, &c->cols[col], "不能为空", "required");
    if (set && !po_strmap_get(set, v.ptr, v.len, &dummy)) {
        char zh[96], en[96];
        snprintf(zh, sizeof(zh), "%s 中没有此代码", ref);
        snprintf(en, sizeof(en), "unknown code: not in %s", ref);
        return cell_err(err, ENT, row, &c->cols[col], zh, en);
    }
    return 0;
}

static int ent_row(void *vctx, const struct po_row *row, struct po_err *err)
{
    struct ent_ctx *c = vctx;
    struct po_rankdir *rd = c->rd;
    struct po_str u = cell(row, &c->cols[E_USCC]);
    enum po_uscc_status us = po_uscc_check(u.ptr, u.len, NULL, NULL);
    if (us != PO_USCC_OK) {
        char zh[160], en[160];
        snprintf(zh, sizeof(zh), "统一社会信用代码无效：%s", po_uscc_reason_zh(us));
        snprintf(en, sizeof(en), "not a valid uscc: %s", po_uscc_reason_en(us));
        return cell_err(err, ENT, row, &c->cols[E_USCC], zh, en);
    }
    int rc = check_code(c, row, E_DISTRICT, c->districts, "districts.csv", err);
    if (rc == 0)
        rc = check_code(c, row, E_INDUSTRY, c->industries, "industries.csv", err);
    if (rc)
        return rc;
    if (rd->n == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 1024;
        struct po_rank_ent *ne = realloc(rd->ents, ncap * sizeof(*ne));
        if (!ne)
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
        rd->ents = ne;
        c->cap = ncap;
    }
    struct po_rank_ent *e = &rd->ents[rd->n];
    *e = (struct po_rank_ent){
        u, cell(row, &c->cols[E_DISTRICT]), cell(row, &c->cols[E_INDUSTRY]), 0, 0, false
    };
    if (keep(&e->uscc, &rd->enterprises, c->a) || keep(&e->district, &rd->enterprises, c->a) ||
        keep(&e->industry, &rd->enterprises, c->a))
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    rd->n++;
    return 0;
}

static int load_enterprises(struct po_rankdir *rd, struct uindex *x, const char *dir,
                            struct po_arena *a, struct po_err *err)
{
    struct ent_ctx c = {
        rd,
        { { "uscc", true, -1 }, { "district_code", true, -1 }, { "industry_code", true, -1 } },
        0,
        a,
        NULL,
        NULL
    };
    int rc = load_codes(&c.districts, dir, "districts.csv", a, err);
    if (rc == 0)
        rc = load_codes(&c.industries, dir, "industries.csv", a, err);
    void *ctx = &c;
    unsigned used;
    if (rc == 0)
        rc =
            read_file(&rd->enterprises, dir, ENT, c.cols, E_NCOLS, NULL, ent_row, &ctx, &used, err);
    if (rc)
        return rc;
    if (rd->n > UINT32_MAX / 4)
        return po_err_set(err, PO_EINVAL, "企业过多", "too many enterprises");
    size_t cap = 1024;
    while (cap < rd->n * 2)
        cap *= 2;
    x->slots = calloc(cap, sizeof(*x->slots));
    x->mask = cap - 1;
    x->ents = rd->ents;
    x->n = rd->n;
    if (!x->slots)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < rd->n; i++) {
        int64_t dup = uindex_put(x, (uint32_t)i);
        if (dup >= 0)
            return po_err_set(err, PO_EINVAL, "%s：统一社会信用代码 %.*s 重复（第%zu家与第%zu家）",
                              "%s: uscc %.*s appears twice (enterprises %zu and %zu)", ENT,
                              (int)rd->ents[i].uscc.len, rd->ents[i].uscc.ptr, (size_t)dup + 1,
                              i + 1);
    }
    return 0;
}

/* ---- energy.csv ---- */

enum { G_USCC, G_YEAR, G_MONTH, G_TYPE, G_QTY, G_UNIT, G_NCOLS };

static const char ENERGY[] = "energy.csv";

#define PAIR_SLOTS 64

struct pair {
    char type[48], unit[24];
    uint8_t tlen, ulen; /* 0: empty slot */
    int64_t e9;         /* -1: unknown */
    int unknown;        /* index in the part's unknown list, or -1 */
};

struct energy_part {
    const struct col *cols;
    const struct uindex *x;
    const struct po_coef_table *coef;
    int year;
    po_i128 *sum;     /* per enterprise, tce × 10^12 */
    char last_u[64];  /* a copy: a quoted field's slice does not outlive its row */
    size_t last_ulen; /* 0: nothing cached */
    int64_t last_idx; /* the last known enterprise, -1 at first */
    bool last_known;  /* whether the cached uscc is that enterprise */
    uint64_t rows, year_rows, used_rows, unknown_pair_rows, unknown_uscc_rows;
    struct pair pairs[PAIR_SLOTS];
    struct po_rankdir_unknown unknown[PO_RANKDIR_MAX_UNKNOWN];
    size_t nunknown;
};

static size_t pair_hash(struct po_str t, struct po_str u)
{
    size_t h = t.len * 31 + u.len * 7;
    if (t.len)
        h += (unsigned char)t.ptr[0] * 131u + (unsigned char)t.ptr[t.len - 1] * 17u;
    if (u.len)
        h += (unsigned char)u.ptr[0] * 3u + (unsigned char)u.ptr[u.len - 1] * 257u;
    return h;
}

/* The factor of (type, unit) in tce × 10^9 per unit, or -1: canonical names first, aliases next. */
static int64_t resolve(const struct po_coef_table *coef, struct po_str t, struct po_str u)
{
    const struct po_coef *c = po_coef_find(coef, t.ptr, t.len, u.ptr, u.len);
    if (c)
        return c->tce_e9;
    const struct po_energy_type *et = po_energy_type_find(t.ptr, t.len);
    const struct po_unit *un = po_unit_find(u.ptr, u.len);
    if (!et && !un)
        return -1;
    struct po_str ct = et ? po_str_c(et->tag) : t, cu = un ? po_str_c(un->tag) : u;
    c = po_coef_find(coef, ct.ptr, ct.len, cu.ptr, cu.len);
    return c ? c->tce_e9 : -1;
}

static void note_unknown(struct energy_part *p, struct pair *slot, struct po_str t, struct po_str u)
{
    p->unknown_pair_rows++;
    if (slot && slot->unknown >= 0) {
        p->unknown[slot->unknown].rows++;
        return;
    }
    for (size_t i = 0; !slot && i < p->nunknown; i++) /* not cacheable: find it by name */
        if (strlen(p->unknown[i].energy_type) == t.len && strlen(p->unknown[i].unit) == u.len &&
            memcmp(p->unknown[i].energy_type, t.ptr, t.len) == 0 &&
            memcmp(p->unknown[i].unit, u.ptr, u.len) == 0) {
            p->unknown[i].rows++;
            return;
        }
    if (p->nunknown == PO_RANKDIR_MAX_UNKNOWN)
        return;
    struct po_rankdir_unknown *k = &p->unknown[p->nunknown];
    snprintf(k->energy_type, sizeof(k->energy_type), "%.*s", (int)t.len, t.ptr);
    snprintf(k->unit, sizeof(k->unit), "%.*s", (int)u.len, u.ptr);
    k->rows = 1;
    if (slot)
        slot->unknown = (int)p->nunknown;
    p->nunknown++;
}

/* The factor through the cache; -1 for an unknown pair (counted). */
static int64_t factor(struct energy_part *p, struct po_str t, struct po_str u)
{
    size_t h = pair_hash(t, u);
    struct pair *slot = NULL;
    for (size_t i = 0; i < PAIR_SLOTS; i++) {
        struct pair *s = &p->pairs[(h + i) % PAIR_SLOTS];
        if (!s->tlen) {
            slot = s;
            break;
        }
        if (s->tlen == t.len && s->ulen == u.len && same_bytes(s->type, t.ptr, t.len) &&
            same_bytes(s->unit, u.ptr, u.len)) {
            if (s->e9 < 0)
                note_unknown(p, s, t, u);
            return s->e9;
        }
    }
    int64_t e9 = resolve(p->coef, t, u);
    if (slot && t.len && t.len <= sizeof(slot->type) && u.len && u.len <= sizeof(slot->unit)) {
        memcpy(slot->type, t.ptr, t.len);
        memcpy(slot->unit, u.ptr, u.len);
        slot->tlen = (uint8_t)t.len;
        slot->ulen = (uint8_t)u.len;
        slot->e9 = e9;
        slot->unknown = -1;
    } else {
        slot = NULL;
    }
    if (e9 < 0)
        note_unknown(p, slot, t, u);
    return e9;
}

static int energy_row(void *vctx, const struct po_row *row, struct po_err *err)
{
    struct energy_part *p = vctx;
    const struct col *cols = p->cols;
    p->rows++;
    struct po_str y = cell(row, &cols[G_YEAR]);
    int year = y.len == 4 ? small_int(y) : -1;
    if (year < 0) {
        int64_t v;
        if (po_int_parse(&v, y.ptr, y.len) != PO_DEC_OK || v < 0 || v > 9999)
            return cell_err(err, ENERGY, row, &cols[G_YEAR], "应为年份", "a year is expected");
        year = (int)v;
    }
    if (year != p->year)
        return 0;
    p->year_rows++;
    if (cols[G_MONTH].idx >= 0) {
        int m = small_int(cell(row, &cols[G_MONTH]));
        if (m < 1 || m > 12)
            return cell_err(err, ENERGY, row, &cols[G_MONTH], "应为1至12的月份",
                            "a month 1..12 is expected");
    }
    int64_t q;
    int st = po_fastcsv_milli(&q, cell(row, &cols[G_QTY]));
    if (st != PO_DEC_OK)
        return cell_err(err, ENERGY, row, &cols[G_QTY],
                        st == PO_DEC_PRECISION ? "至多3位小数" : po_dec_reason_zh(st),
                        st == PO_DEC_PRECISION ? "at most 3 decimals" : po_dec_reason_en(st));
    if (q < 0)
        return cell_err(err, ENERGY, row, &cols[G_QTY], "能耗量不能为负数",
                        "a quantity cannot be negative");
    struct po_str u = cell(row, &cols[G_USCC]);
    if (!u.len || u.len != p->last_ulen || !same_bytes(u.ptr, p->last_u, u.len)) {
        int64_t i = uindex_next(p->x, p->last_idx, u.ptr, u.len);
        p->last_idx = i < 0 ? p->last_idx : i; /* an unknown uscc keeps the guess going */
        p->last_known = i >= 0;
        p->last_ulen = u.len <= sizeof(p->last_u) ? u.len : 0;
        memcpy(p->last_u, u.ptr, p->last_ulen);
    }
    if (!p->last_known) {
        p->unknown_uscc_rows++;
        return 0;
    }
    int64_t e9 = factor(p, cell(row, &cols[G_TYPE]), cell(row, &cols[G_UNIT]));
    if (e9 < 0)
        return 0;
    p->sum[p->last_idx] += (po_i128)q * e9;
    p->used_rows++;
    return 0;
}

/* Add part statistics into st; unknown pairs merged by name. */
static void merge_stats(struct po_rankdir_stats *st, const struct energy_part *p)
{
    st->energy_rows += p->rows;
    st->energy_year_rows += p->year_rows;
    st->energy_used_rows += p->used_rows;
    st->unknown_pair_rows += p->unknown_pair_rows;
    st->unknown_uscc_rows += p->unknown_uscc_rows;
    for (size_t i = 0; i < p->nunknown; i++) {
        size_t k = 0;
        while (k < st->nunknown &&
               (strcmp(st->unknown[k].energy_type, p->unknown[i].energy_type) != 0 ||
                strcmp(st->unknown[k].unit, p->unknown[i].unit) != 0))
            k++;
        if (k < st->nunknown)
            st->unknown[k].rows += p->unknown[i].rows;
        else if (st->nunknown < PO_RANKDIR_MAX_UNKNOWN)
            st->unknown[st->nunknown++] = p->unknown[i];
    }
}

static void free_sums(struct energy_part *parts, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        free(parts[k].sum);
}

/* T = Σ over the parts, from 10^-12 to 10^-8 tce half up (exact for factors at 10^-5 tce). */
static int totals_e8(struct po_rankdir *rd, const struct energy_part *parts, unsigned used,
                     struct po_err *err)
{
    for (size_t i = 0; i < rd->n; i++) {
        po_i128 s = 0;
        for (unsigned k = 0; k < used; k++)
            s += parts[k].sum[i];
        po_i128 t = (s + 5000) / 10000;
        if (t > INT64_MAX)
            return po_err_set(err, PO_EINVAL, "企业 %.*s 的能耗合计超出范围",
                              "the energy total of %.*s is out of range", (int)rd->ents[i].uscc.len,
                              rd->ents[i].uscc.ptr);
        rd->ents[i].tce_e8 = (int64_t)t;
    }
    return 0;
}

static int load_energy(struct po_rankdir *rd, const struct uindex *x, const char *dir,
                       const struct po_rankdir_opts *o, struct po_arena *a, struct po_err *err)
{
    struct col cols[G_NCOLS] = { { "uscc", true, -1 },     { "year", true, -1 },
                                 { "month", false, -1 },   { "energy_type", true, -1 },
                                 { "quantity", true, -1 }, { "unit", true, -1 } };
    unsigned nparts = o->threads < 1 ? 1 : o->threads > MAX_PARTS ? MAX_PARTS : o->threads;
    struct energy_part *parts = po_arena_calloc(a, nparts, sizeof(*parts));
    void *ctxs[MAX_PARTS];
    if (!parts)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (unsigned k = 0; k < nparts; k++) {
        parts[k] = (struct energy_part){
            .cols = cols, .x = x, .coef = o->coef, .year = o->year, .last_idx = -1
        };
        parts[k].sum = calloc(rd->n ? rd->n : 1, sizeof(po_i128));
        if (!parts[k].sum) {
            free_sums(parts, k);
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
        }
        ctxs[k] = &parts[k];
    }
    struct po_fastcsv f;
    struct po_fastcsv_opts fo = PO_FASTCSV_OPTS_INIT;
    fo.threads = nparts;
    fo.drop_behind = true;
    unsigned used = 0;
    int rc = read_file(&f, dir, ENERGY, cols, G_NCOLS, &fo, energy_row, ctxs, &used, err);
    po_fastcsv_close(&f);
    if (rc == 0) {
        rd->stats.energy_parts = used;
        for (unsigned k = 0; k < used; k++)
            merge_stats(&rd->stats, &parts[k]);
        rc = totals_e8(rd, parts, used, err);
    }
    free_sums(parts, nparts);
    return rc;
}

/* ---- value_added.csv ---- */

enum { V_USCC, V_YEAR, V_VALUE, V_NCOLS };

static const char VA[] = "value_added.csv";

struct va_ctx {
    struct col cols[V_NCOLS];
    const struct uindex *x;
    struct po_rank_ent *ents;
    bool *seen;
    int year;
    struct po_rankdir_stats *st;
    int64_t last; /* the last enterprise found */
};

static int va_row(void *vctx, const struct po_row *row, struct po_err *err)
{
    struct va_ctx *c = vctx;
    struct po_str y = cell(row, &c->cols[V_YEAR]);
    int64_t year;
    if (po_int_parse(&year, y.ptr, y.len) != PO_DEC_OK)
        return cell_err(err, VA, row, &c->cols[V_YEAR], "应为年份", "a year is expected");
    if (year != c->year)
        return 0;
    c->st->va_rows++;
    struct po_str v = cell(row, &c->cols[V_VALUE]);
    int64_t va = 0;
    if (v.len) {
        enum po_dec_status st = po_dec_parse_scaled(&va, v.ptr, v.len, 2);
        if (st != PO_DEC_OK)
            return cell_err(err, VA, row, &c->cols[V_VALUE],
                            st == PO_DEC_PRECISION ? "至多2位小数" : po_dec_reason_zh(st),
                            st == PO_DEC_PRECISION ? "at most 2 decimals" : po_dec_reason_en(st));
    }
    struct po_str u = cell(row, &c->cols[V_USCC]);
    int64_t i = uindex_next(c->x, c->last, u.ptr, u.len);
    if (i < 0) {
        c->st->va_unknown_uscc_rows++;
        return 0;
    }
    if (c->seen[i])
        return cell_err(err, VA, row, &c->cols[V_USCC], "同一企业同一年份出现两行",
                        "a second row for this enterprise and year");
    c->seen[i] = true;
    c->last = i;
    c->ents[i].va_c = va;
    c->ents[i].va_known = v.len > 0;
    return 0;
}

static int load_value_added(struct po_rankdir *rd, const struct uindex *x, const char *dir,
                            int year, struct po_err *err)
{
    struct va_ctx c = {
        { { "uscc", true, -1 }, { "year", true, -1 }, { "value_added_10k_yuan", true, -1 } },
        x,
        rd->ents,
        calloc(rd->n ? rd->n : 1, sizeof(bool)),
        year,
        &rd->stats,
        -1
    };
    if (!c.seen)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    struct po_fastcsv f;
    void *ctx = &c;
    unsigned used;
    int rc = read_file(&f, dir, VA, c.cols, V_NCOLS, NULL, va_row, &ctx, &used, err);
    po_fastcsv_close(&f);
    free(c.seen);
    return rc;
}

/* ---- entry points ---- */

int po_rankdir_load(struct po_rankdir *rd, const char *dir, const struct po_rankdir_opts *opts,
                    struct po_arena *a, struct po_err *err)
{
    memset(rd, 0, sizeof(*rd));
    rd->enterprises.data = "";
    struct uindex x = { NULL, 0, NULL, 0 };
    int rc = load_enterprises(rd, &x, dir, a, err);
    if (rc == 0)
        rc = load_energy(rd, &x, dir, opts, a, err);
    if (rc == 0)
        rc = load_value_added(rd, &x, dir, opts->year, err);
    free(x.slots);
    if (rc)
        po_rankdir_close(rd);
    return rc;
}

void po_rankdir_close(struct po_rankdir *rd)
{
    po_fastcsv_close(&rd->enterprises);
    free(rd->ents);
    rd->ents = NULL;
    rd->n = 0;
}
