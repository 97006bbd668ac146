/*
 * import_meter.c: the meter kind's monthly roll-up (phaseout import --kind meter).
 *
 * A monitoring feed is millions of 15-minute readings, but what the
 * registry keeps is energy use per enterprise, month and energy type
 * (source 'metered').  So each reading is folded, as it is read, into its
 * month's total (row_check returns 1 and the engine drops the row), and
 * finish() turns the totals into the rows the engine writes, all or
 * nothing like any import.  Memory is one total per (enterprise, month,
 * energy type) and one 372-byte slot bitmap per (meter, month) for the
 * duplicate check, not a row per reading.
 *
 * The cell layout is the energy kind's (G_* columns first, see
 * import_kinds.c) followed by meter_id and timestamp, so the energy kind's
 * unit check applies unchanged.
 */
#include "ingest/import_meter.h"
#include "ingest/import_diag.h"
#include "ingest/import_int.h"
#include "core/meter.h"
#include "core/units.h"
#include "util/arena.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MONTH_WORDS ((31 * PO_METER_SLOTS_PER_DAY + 63) / 64)

struct group {
    union cell *cells; /* the first reading's cells; the quantity becomes the total */
    size_t rowno;      /* of the first reading, for messages */
};

struct meter_state {
    struct po_strmap *groups; /* group key → index in g */
    struct group *g;
    size_t n, cap;
    struct po_strmap *meters; /* (enterprise, meter, year, month) → index in seen */
    uint64_t (*seen)[MONTH_WORDS];
    size_t nseen, capseen;
    struct po_buf key;
};

static struct meter_state *state(struct imp *im)
{
    if (im->kind_state)
        return im->kind_state;
    struct meter_state *s = po_arena_alloc(im->a, sizeof(*s));
    if (!s)
        return NULL;
    s->groups = po_strmap_new(im->a, 256);
    s->meters = po_strmap_new(im->a, 256);
    s->key = (struct po_buf)PO_BUF_ARENA(im->a);
    if (!s->groups || !s->meters)
        return NULL;
    im->kind_state = s;
    return s;
}

static void key_int(struct po_buf *b, int64_t v)
{
    po_buf_add(b, &v, sizeof(v));
}

static void key_text(struct po_buf *b, const char *s)
{
    po_buf_adds(b, s ? s : "");
    po_buf_addch(b, '\x1f');
}

/* Index of the slot bitmap of this reading's meter and month; -1 out of memory. */
static int64_t meter_month(struct meter_state *s, const union cell *c, int meter_col,
                           const struct po_meter_time *t, struct po_arena *a)
{
    po_buf_reset(&s->key);
    key_int(&s->key, c[0].i);
    key_int(&s->key, t->y * 100 + t->m);
    key_text(&s->key, c[meter_col].s);
    if (po_buf_failed(&s->key))
        return -1;
    int64_t idx = (int64_t)s->nseen;
    int put = po_strmap_put(s->meters, s->key.buf, s->key.len, idx, &idx);
    if (put < 0)
        return -1;
    if (put == 1) {
        if (s->nseen == s->capseen) {
            size_t ncap = s->capseen ? s->capseen * 2 : 64;
            void *ns = po_arena_realloc(a, s->seen, s->capseen * sizeof(*s->seen),
                                        ncap * sizeof(*s->seen));
            if (!ns)
                return -1;
            s->seen = ns;
            s->capseen = ncap;
        }
        memset(s->seen[s->nseen], 0, sizeof(s->seen[0]));
        s->nseen++;
    }
    return idx;
}

/*
 * The group of this reading (its natural key in the energy table), created
 * from its cells when new (*fresh set); -1 out of memory.
 */
static int64_t group_of(struct imp *im, struct meter_state *s, const union cell *c, size_t r,
                        bool *fresh)
{
    po_buf_reset(&s->key);
    for (size_t k = 0; k < im->k->ncols; k++) {
        const struct colspec *cs = &im->k->cols[k];
        if (!(cs->flags & CF_KEY))
            continue;
        if (cs->type == CT_ENERGY_TYPE || cs->type == CT_ENUM || cs->type == CT_CODE)
            key_text(&s->key, c[k].s);
        else
            key_int(&s->key, c[k].i);
    }
    if (po_buf_failed(&s->key))
        return -1;
    int64_t idx = (int64_t)s->n;
    int put = po_strmap_put(s->groups, s->key.buf, s->key.len, idx, &idx);
    if (put < 0)
        return -1;
    *fresh = put == 1;
    if (put == 1) {
        if (s->n == s->cap) {
            size_t ncap = s->cap ? s->cap * 2 : 64;
            struct group *ng =
                po_arena_realloc(im->a, s->g, s->cap * sizeof(*ng), ncap * sizeof(*ng));
            if (!ng)
                return -1;
            s->g = ng;
            s->cap = ncap;
        }
        union cell *copy = po_arena_calloc(im->a, im->width, sizeof(*copy));
        if (!copy)
            return -1;
        memcpy(copy, c, im->width * sizeof(*copy));
        s->g[s->n++] = (struct group){ copy, im->rownos[r] };
    }
    return idx;
}

int po_import_meter_fold(struct imp *im, size_t r, const struct po_meter_fold_cols *fc)
{
    struct meter_state *s = state(im);
    if (!s)
        return PO_ENOMEM;
    union cell *c = imp_row(im, r);
    const char *ts = c[fc->ts].s ? c[fc->ts].s : "";
    struct po_meter_time t;
    if (!po_meter_time_parse(&t, ts, strlen(ts)))
        return imp_diag(im, r, fc->ts, ts, "时间无效，应为 YYYY-MM-DD HH:MM:SS",
                        "invalid time, expected YYYY-MM-DD HH:MM:SS");
    if (t.y < 1990 || t.y > 2100)
        return imp_diag(im, r, fc->ts, ts, "年份应在1990至2100之间",
                        "year must be between 1990 and 2100");
    c[fc->year].i = t.y;
    c[fc->month].i = t.m;
    if (t.mi % 15 == 0 && t.ss == 0) {
        int64_t m = meter_month(s, c, fc->meter, &t, im->a);
        if (m < 0)
            return PO_ENOMEM;
        size_t slot = (size_t)(t.d - 1) * PO_METER_SLOTS_PER_DAY + (size_t)(t.hh * 4 + t.mi / 15);
        uint64_t bit = (uint64_t)1 << (slot % 64);
        if (s->seen[m][slot / 64] & bit)
            return imp_diag(im, r, fc->ts, ts, "同一计量表同一时段的读数重复",
                            "a second reading of this meter for this interval");
        s->seen[m][slot / 64] |= bit;
    }
    bool fresh = false;
    int64_t g = group_of(im, s, c, r, &fresh);
    if (g < 0)
        return PO_ENOMEM;
    if (fresh)
        return 1; /* folded: the engine drops the row */
    union cell *gc = s->g[g].cells;
    if (strcmp(gc[fc->unit].s, c[fc->unit].s) != 0) {
        char zh[160], en[160];
        snprintf(zh, sizeof(zh), "同一企业同一月份同一能源品种的单位不一致（第%zu行为 %s）",
                 s->g[g].rowno, gc[fc->unit].s);
        snprintf(en, sizeof(en),
                 "another unit than row %zu (%s) for this enterprise, month and "
                 "energy type",
                 s->g[g].rowno, gc[fc->unit].s);
        return imp_diag(im, r, fc->unit, c[fc->unit].s, zh, en);
    }
    if (__builtin_add_overflow(gc[fc->qty].i, c[fc->qty].i, &gc[fc->qty].i))
        return imp_diag(im, r, fc->qty, "", "月度合计超出范围",
                        "the month's total is out of range");
    return 1; /* folded: the engine drops the row */
}

int po_import_meter_finish(struct imp *im)
{
    struct meter_state *s = im->kind_state;
    size_t n = s ? s->n : 0;
    union cell *cells = realloc(im->cells, (n ? n : 1) * im->width * sizeof(*cells));
    if (!cells)
        return PO_ENOMEM;
    im->cells = cells;
    size_t *rownos = realloc(im->rownos, (n ? n : 1) * sizeof(*rownos));
    if (!rownos)
        return PO_ENOMEM;
    im->rownos = rownos;
    im->caprows = n ? n : 1;
    for (size_t i = 0; i < n; i++) {
        memcpy(imp_row(im, i), s->g[i].cells, im->width * sizeof(*cells));
        im->rownos[i] = s->g[i].rowno;
    }
    im->nrows = n;
    return 0;
}
