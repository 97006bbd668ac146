/*
 * rank.c: the intensity ranking and its district / industry totals.
 *
 * The ranking is a sort on a packed key (I with "undefined" as the largest
 * value, T, index) so the comparator touches one small array and the uscc
 * bytes only on exact ties.  Totals go through a hash of the code (there are
 * ~10 districts in a city, ~7,000 in a country) and the groups alone are then
 * sorted.  Output is formatted by hand, not printf: at 400,000 enterprises
 * snprintf would cost more than the ranking.
 */
#include "core/rank.h"
#include "core/coef.h"
#include "util/arena.h"
#include "util/strmap.h"

#include <stdlib.h>
#include <string.h>

struct key {
    uint64_t ik; /* I, or UINT64_MAX when undefined: sorted descending */
    int64_t t;   /* T, descending */
    const struct po_rank_ent *e;
    uint32_t idx;
};

int po_rank_str_cmp(struct po_str a, struct po_str b)
{
    size_t n = a.len < b.len ? a.len : b.len;
    int c = n ? memcmp(a.ptr, b.ptr, n) : 0;
    if (c)
        return c;
    return a.len < b.len ? -1 : a.len > b.len;
}

static int cmp_key(const void *va, const void *vb)
{
    const struct key *a = va, *b = vb;
    if (a->ik != b->ik)
        return a->ik > b->ik ? -1 : 1;
    if (a->t != b->t)
        return a->t > b->t ? -1 : 1;
    return po_rank_str_cmp(a->e->uscc, b->e->uscc);
}

static int cmp_group(const void *va, const void *vb)
{
    const struct po_rank_group *a = va, *b = vb;
    return po_rank_str_cmp(a->code, b->code);
}

/* I = round-half-up(T / V) = (2T + V) div 2V, in 128 bits so no T can overflow it. */
static int64_t intensity(const struct po_rank_ent *e)
{
    if (!e->va_known || e->va_c <= 0)
        return -1;
    po_i128 q = ((po_i128)2 * e->tce_e8 + e->va_c) / ((po_i128)2 * e->va_c);
    return q > INT64_MAX ? INT64_MAX : (int64_t)q;
}

/*
 * Totals by district (col 0) or industry (col 1), sorted by code.  The
 * enterprises are visited in input order (flagged[i] says whether ents[i]
 * is flagged), not rank order: sequential memory, not a cache miss each.
 */
static int totals(struct po_rank_group **out, size_t *nout, const struct po_rank_result *r,
                  const bool *flagged, int col, struct po_arena *a, struct po_err *err)
{
    struct po_strmap *m = po_strmap_new(a, 64);
    struct po_rank_group *g = NULL;
    size_t ng = 0, cap = 0;
    if (!m)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < r->n; i++) {
        const struct po_rank_ent *e = &r->ents[i];
        struct po_str code = col == 0 ? e->district : e->industry;
        int64_t gi = (int64_t)ng;
        int put = po_strmap_put(m, code.ptr, code.len, gi, &gi);
        if (put < 0)
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
        if (put == 1) {
            if (ng == cap) {
                size_t ncap = cap ? cap * 2 : 64;
                g = po_arena_realloc(a, g, cap * sizeof(*g), ncap * sizeof(*g));
                if (!g)
                    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
                cap = ncap;
            }
            g[ng++] = (struct po_rank_group){ code, 0, 0, 0 };
        }
        struct po_rank_group *grp = &g[gi];
        grp->enterprises++;
        grp->flagged += flagged[i];
        if (__builtin_add_overflow(grp->tce_e8, e->tce_e8, &grp->tce_e8))
            return po_err_set(err, PO_EINVAL, "“%.*s”的能耗合计超出范围",
                              "the energy total of \"%.*s\" is out of range", (int)code.len,
                              code.ptr);
    }
    if (ng)
        qsort(g, ng, sizeof(*g), cmp_group);
    *out = g;
    *nout = ng;
    return 0;
}

int po_rank_compute(struct po_rank_result *out, const struct po_rank_ent *ents, size_t n,
                    int worst_pct, struct po_arena *a, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    if (n > UINT32_MAX)
        return po_err_set(err, PO_EINVAL, "企业过多（%zu 家）", "too many enterprises (%zu)", n);
    if (worst_pct < 1 || worst_pct > 100)
        return po_err_set(err, PO_EINVAL, "后 %d%% 的比例超出范围（1–100）",
                          "a worst share of %d%% is out of range (1-100)", worst_pct);
    out->ents = ents;
    out->n = n;
    out->worst_pct = worst_pct;
    /* ceil(n × pct / 100); n <= 2^32 and pct <= 100, so the product fits in 64 bits */
    out->nflagged = (size_t)(((uint64_t)n * (uint64_t)worst_pct + 99u) / 100u);
    out->order = po_arena_calloc(a, n ? n : 1, sizeof(*out->order));
    out->intensity_e6 = po_arena_calloc(a, n ? n : 1, sizeof(*out->intensity_e6));
    struct key *k = malloc((n ? n : 1) * sizeof(*k));
    if (!out->order || !out->intensity_e6 || !k) {
        free(k);
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        if (ents[i].tce_e8 < 0) {
            free(k);
            return po_err_set(err, PO_EINVAL, "企业 %.*s 的能耗为负数",
                              "enterprise %.*s has a negative energy total", (int)ents[i].uscc.len,
                              ents[i].uscc.ptr);
        }
        int64_t in = intensity(&ents[i]);
        out->intensity_e6[i] = in;
        k[i] = (struct key){ in < 0 ? UINT64_MAX : (uint64_t)in, ents[i].tce_e8, &ents[i],
                             (uint32_t)i };
    }
    if (n)
        qsort(k, n, sizeof(*k), cmp_key);
    for (size_t i = 0; i < n; i++)
        out->order[i] = k[i].idx;
    free(k);
    bool *flagged = calloc(n ? n : 1, sizeof(*flagged));
    if (!flagged)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < out->nflagged; i++)
        flagged[out->order[i]] = true;
    int rc = totals(&out->districts, &out->ndistricts, out, flagged, 0, a, err);
    if (rc == 0)
        rc = totals(&out->industries, &out->nindustries, out, flagged, 1, a, err);
    free(flagged);
    return rc;
}

/* ---- formatting ---- */

/* Write v in decimal at p; return the end. */
static char *put_u64(char *p, uint64_t v)
{
    char tmp[20];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static char *put_fixed(char *p, int64_t v, int decimals)
{
    static const uint64_t pow10[] = { 1,
                                      10,
                                      100,
                                      1000,
                                      10000,
                                      100000,
                                      1000000,
                                      10000000,
                                      100000000,
                                      1000000000,
                                      10000000000ULL,
                                      100000000000ULL,
                                      1000000000000ULL,
                                      10000000000000ULL,
                                      100000000000000ULL,
                                      1000000000000000ULL,
                                      10000000000000000ULL,
                                      100000000000000000ULL,
                                      1000000000000000000ULL };
    uint64_t u = v < 0 ? 0 : (uint64_t)v; /* never negative here: see the header */
    uint64_t d = pow10[decimals], frac = u % d;
    p = put_u64(p, u / d);
    *p++ = '.';
    for (int i = decimals - 1; i >= 0; i--) {
        p[i] = (char)('0' + frac % 10);
        frac /= 10;
    }
    return p + decimals;
}

/* tce × 10^8 → tce × 10^4, half up: (T + 5000) div 10000 without overflow near INT64_MAX. */
static int64_t round_e4(int64_t t)
{
    return t / 10000 + (t % 10000 >= 5000);
}

/* Longest line: a field of len bytes plus numbers (20 digits each) and separators. */
#define LINE_EXTRA 96

void po_rank_put_fixed(struct po_buf *b, int64_t v, int decimals)
{
    if (decimals < 1 || decimals > 18)
        decimals = decimals < 1 ? 1 : 18;
    po_buf_grow(b, 48);
    if (po_buf_failed(b))
        return;
    char *end = put_fixed(b->buf + b->len, v, decimals);
    b->len = (size_t)(end - b->buf);
    b->buf[b->len] = '\0';
}

static void format_result(struct po_buf *b, const struct po_rank_result *r)
{
    po_buf_adds(b, "uscc,tce,intensity,rank,flagged\n");
    for (size_t rank = 1; rank <= r->n; rank++) {
        /* rank order is random order in memory: fetch a few rows ahead, in two steps */
        if (rank + 16 <= r->n) {
            __builtin_prefetch(&r->ents[r->order[rank + 15]]);
            __builtin_prefetch(&r->intensity_e6[r->order[rank + 15]]);
        }
        if (rank + 8 <= r->n)
            __builtin_prefetch(r->ents[r->order[rank + 7]].uscc.ptr);
        uint32_t i = r->order[rank - 1];
        const struct po_rank_ent *e = &r->ents[i];
        po_buf_grow(b, e->uscc.len + LINE_EXTRA);
        if (po_buf_failed(b))
            return;
        char *p = b->buf + b->len;
        memcpy(p, e->uscc.ptr, e->uscc.len);
        p += e->uscc.len;
        *p++ = ',';
        p = put_fixed(p, round_e4(e->tce_e8), 4);
        *p++ = ',';
        if (r->intensity_e6[i] >= 0)
            p = put_fixed(p, r->intensity_e6[i], 6);
        *p++ = ',';
        p = put_u64(p, rank);
        *p++ = ',';
        *p++ = po_rank_flagged(r, rank) ? '1' : '0';
        *p++ = '\n';
        b->len = (size_t)(p - b->buf);
    }
    if (!po_buf_failed(b))
        b->buf[b->len] = '\0';
}

static void format_groups(struct po_buf *b, const char *header, const struct po_rank_group *g,
                          size_t n)
{
    po_buf_adds(b, header);
    for (size_t i = 0; i < n; i++) {
        po_buf_grow(b, g[i].code.len + LINE_EXTRA);
        if (po_buf_failed(b))
            return;
        char *p = b->buf + b->len;
        memcpy(p, g[i].code.ptr, g[i].code.len);
        p += g[i].code.len;
        *p++ = ',';
        p = put_u64(p, g[i].enterprises);
        *p++ = ',';
        p = put_u64(p, g[i].flagged);
        *p++ = ',';
        p = put_fixed(p, round_e4(g[i].tce_e8), 4);
        *p++ = '\n';
        b->len = (size_t)(p - b->buf);
    }
    if (!po_buf_failed(b))
        b->buf[b->len] = '\0';
}

void po_rank_format(struct po_buf *b, const struct po_rank_result *r, enum po_rank_file which)
{
    switch (which) {
    case PO_RANK_RESULT_CSV:
        format_result(b, r);
        break;
    case PO_RANK_DISTRICT_CSV:
        format_groups(b, "district_code,enterprises,flagged,tce\n", r->districts, r->ndistricts);
        break;
    case PO_RANK_INDUSTRY_CSV:
        format_groups(b, "industry_code,enterprises,flagged,tce\n", r->industries, r->nindustries);
        break;
    }
}

const char *po_rank_file_name(enum po_rank_file which)
{
    switch (which) {
    case PO_RANK_RESULT_CSV:
        return "result.csv";
    case PO_RANK_DISTRICT_CSV:
        return "district.csv";
    case PO_RANK_INDUSTRY_CSV:
        return "industry.csv";
    }
    return "";
}
