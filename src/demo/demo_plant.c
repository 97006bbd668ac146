/*
 * demo_plant.c: production lines of the demo city, and equipment.csv.
 *
 * A sector is described by "kinds" of unit (coke oven, carbide furnace, ...)
 * with a weighted table of sizes; place() draws an enterprise's units from
 * a kind, decides which ones already left (the Inner Mongolia campaign of
 * 2021-2023 closed most restricted units: IM Dept. of Industry & IT reply
 * No.525, see reference/wuhai_context.md) and, where an operating
 * enterprise lost all its units, adds the larger units that replaced them
 * (capacity replacement, "上大压小").  Sizes are real equipment classes; the
 * capacity a unit yields is a round engineering figure, not a plant's
 * licence value.
 */
#include "demo/demo_plant.h"
#include "demo/demo_recipe.h"
#include "core/deadline.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static const struct po_demo_recipe *recipe(enum po_demo_recipe_id id)
{
    return &po_demo_recipes[id];
}

/* ------------------------------------------------------------ unit kinds */

struct spec {
    int w;    /* weight when drawn; 0 = only as an anchor */
    int size; /* the defining size: cm, kVA, t/d, m3, t, MW or 10^4t/a */
    int flag; /* kind-specific: stamp-charged, open type, catalyst x10, ... */
    int cap;  /* capacity in the kind's unit, when not derived from size */
    bool restricted;
};

typedef int fill_fn(struct po_demo_unit *u, const struct spec *s, const struct po_demo_ent *e,
                    struct po_arena *a, int seq);

struct kind {
    const char *type;   /* catalog_items.csv tag */
    const char *prefix; /* equipment_id prefix */
    const char *cap_unit;
    int64_t per_cap; /* output units per year per unit of capacity */
    const struct spec *specs;
    size_t nspecs;
    const int *anchor; /* spec index of the first unit, for e->nth < nanchor */
    size_t nanchor;
    unsigned keep; /* bit nth: the anchor unit keeps running */
    int lo, hi;    /* units per enterprise */
    int same;      /* permille: a further unit repeats the first one's spec */
    fill_fn *fill;
};

#define T_A ((int64_t)1000)         /* kg per t */
#define WAN_T_A ((int64_t)10000000) /* kg per 10^4 t */

static const char *const unit_status_tags[] = { "running", "limited", "suspended", "sealed",
                                                "dismantled" };

const char *po_demo_plant_status_tag(enum po_demo_unit_status st)
{
    return unit_status_tags[st];
}

static struct po_demo_unit *add_unit(struct po_demo_ent *e, struct po_arena *a, const char *type,
                                     const char *prefix, int *seq)
{
    size_t n = e->nunits;
    struct po_demo_unit *units =
        po_arena_realloc(a, e->units, n * sizeof(*units), (n + 1) * sizeof(*units));
    if (!units)
        return NULL;
    e->units = units;
    e->nunits = n + 1;
    struct po_demo_unit *u = &units[n];
    memset(u, 0, sizeof(*u));
    *seq = 1;
    for (size_t i = 0; i < n; i++)
        if (strcmp(units[i].type, type) == 0)
            (*seq)++;
    snprintf(u->id, sizeof(u->id), "%s%02d", prefix, *seq);
    u->type = type;
    u->prod = -1;
    u->load = 1000;
    u->stop = PO_DEMO_MONTHS;
    return u;
}

static int add_prod(struct po_demo_ent *e, const struct po_demo_recipe *r)
{
    for (size_t i = 0; i < e->nprod; i++)
        if (e->prod[i].r == r)
            return (int)i;
    if (e->nprod == PO_DEMO_MAX_PROD)
        return -1;
    e->prod[e->nprod].r = r;
    return (int)e->nprod++;
}

/* Commissioning date, written as YYYY-MM, YYYY-MM-DD or YYYY as registries do. */
static void commission(struct po_demo_unit *u, struct po_demo_rng *r, int y_lo, int y_hi)
{
    u->comm_y = (int)po_demo_rng_range(r, y_lo, y_hi);
    u->comm_m = (int)po_demo_rng_range(r, 1, 12);
    u->comm_d = 0;
    int form = (int)po_demo_rng_range(r, 0, 9);
    if (form < 3)
        u->comm_d = (int)po_demo_rng_range(r, 1, po_deadline_days_in_month(u->comm_y, u->comm_m));
    else if (form == 9)
        u->comm_m = 0;
    if (u->comm_y < PO_DEMO_YEAR0)
        u->start = 0;
    else
        u->start = (u->comm_y - PO_DEMO_YEAR0) * 12 + (u->comm_m > 0 ? u->comm_m - 1 : 0);
}

/*
 * Status and producing months of a unit.  Units of closed, exited and
 * suspended enterprises stop with them; a restricted unit of a working
 * enterprise has left already with probability retire (permille).
 */
static void settle(struct po_demo_unit *u, const struct po_demo_ent *e, struct po_demo_rng *r,
                   int retire)
{
    if (e->status == PO_DEMO_CLOSED || e->status == PO_DEMO_EXITED) {
        u->stop = e->stop;
        bool gone = e->status == PO_DEMO_EXITED || po_demo_rng_chance(r, 400);
        u->status = gone ? PO_DEMO_DISMANTLED : PO_DEMO_SEALED;
        return;
    }
    if (e->status == PO_DEMO_SUSPENDED) {
        u->stop = e->stop;
        u->status = PO_DEMO_U_SUSPENDED;
        return;
    }
    if (po_demo_rng_chance(r, retire)) {
        u->stop = (int)po_demo_rng_range(r, 0, 12);
        u->status = po_demo_rng_chance(r, 550) ? PO_DEMO_DISMANTLED : PO_DEMO_SEALED;
        return;
    }
    u->stop = e->stop;
    u->status = PO_DEMO_RUNNING;
    if (e->status == PO_DEMO_LIMITED && po_demo_rng_chance(r, 600)) {
        u->status = PO_DEMO_U_LIMITED;
        u->load = 600;
    }
}

static bool producing(const struct po_demo_ent *e)
{
    for (size_t i = 0; i < e->nunits; i++)
        if (e->units[i].status == PO_DEMO_RUNNING || e->units[i].status == PO_DEMO_U_LIMITED)
            return true;
    return false;
}

static int one_unit(struct po_demo_ent *e, struct po_demo_rng *r, struct po_arena *a,
                    const struct kind *k, const struct spec *s, int prod, int retire, int y_lo,
                    int y_hi)
{
    int seq;
    struct po_demo_unit *u = add_unit(e, a, k->type, k->prefix, &seq);
    if (!u)
        return PO_ENOMEM;
    u->prod = prod;
    u->capacity = s->cap;
    u->capacity_unit = k->cap_unit;
    if (k->fill(u, s, e, a, seq) != 0)
        return PO_ENOMEM;
    u->rate = u->capacity * k->per_cap;
    commission(u, r, y_lo, y_hi);
    settle(u, e, r, retire);
    return 0;
}

/* Draw a spec that is not restricted (a replacement unit). */
static const struct spec *modern_spec(const struct kind *k, struct po_demo_rng *r)
{
    int w[16];
    size_t n = k->nspecs;
    assert(n <= PO_DEMO_NELEM(w));
    for (size_t i = 0; i < n; i++)
        w[i] = k->specs[i].restricted ? 0 : k->specs[i].w;
    return &k->specs[po_demo_rng_weighted(r, w, n)];
}

/*
 * Place an enterprise's units of kind k, all making product prod.  The
 * anchor rows give the first enterprises of a sector fixed threshold cases.
 */
static int place(struct po_demo_ent *e, struct po_demo_rng *r, struct po_arena *a,
                 const struct kind *k, int prod, struct po_err *err)
{
    int w[16];
    size_t nw = k->nspecs;
    assert(nw <= PO_DEMO_NELEM(w));
    for (size_t i = 0; i < nw; i++)
        w[i] = k->specs[i].w;
    const struct spec *first = &k->specs[po_demo_rng_weighted(r, w, nw)];
    bool keep = false;
    if (e->nth < k->nanchor) {
        first = &k->specs[k->anchor[e->nth]];
        keep = (k->keep >> e->nth) & 1u;
    }
    int n = (int)po_demo_rng_range(r, k->lo, k->hi);
    for (int i = 0; i < n; i++) {
        const struct spec *s = first;
        if (i > 0 && !po_demo_rng_chance(r, k->same))
            s = &k->specs[po_demo_rng_weighted(r, w, nw)];
        int retire = s->restricted ? 650 : 30;
        if (keep && i == 0)
            retire = 0;
        int y_hi = s->restricted ? 2012 : 2022;
        if (one_unit(e, r, a, k, s, prod, retire, 1998, y_hi) != 0)
            goto nomem;
    }
    if ((e->status == PO_DEMO_OPERATING || e->status == PO_DEMO_LIMITED) && !producing(e)) {
        int m = (int)po_demo_rng_range(r, k->lo, k->hi);
        for (int i = 0; i < m; i++)
            if (one_unit(e, r, a, k, modern_spec(k, r), prod, 0, 2021, 2023) != 0)
                goto nomem;
    }
    return 0;
nomem:
    return po_err_set(err, PO_ENOMEM, "生成设备时内存不足", "out of memory placing equipment");
}

/* Add one unit of a fixed spec (extra lines: PVC, refining furnaces, ...). */
static int extra(struct po_demo_ent *e, struct po_demo_rng *r, struct po_arena *a,
                 const struct kind *k, size_t spec, int prod, int retire, struct po_err *err)
{
    const struct spec *s = &k->specs[spec];
    int y_hi = s->restricted ? 2012 : 2022;
    if (one_unit(e, r, a, k, s, prod, retire, 2003, y_hi) != 0)
        return po_err_set(err, PO_ENOMEM, "生成设备时内存不足", "out of memory placing equipment");
    return 0;
}

/* ----------------------------------------------------------- fill-ins */

/* "4.3", "6.25", "7.0" from centimetres. */
static const char *metres(struct po_arena *a, int cm)
{
    if (cm % 10 == 0)
        return po_arena_printf(a, "%d.%d", cm / 100, cm % 100 / 10);
    return po_arena_printf(a, "%d.%02d", cm / 100, cm % 100);
}

static int fill_coke_oven(struct po_demo_unit *u, const struct spec *s, const struct po_demo_ent *e,
                          struct po_arena *a, int seq)
{
    (void)e;
    const char *m = metres(a, s->size);
    u->param[PO_DEMO_P_CHAMBER_HEIGHT_M] = m;
    u->param[PO_DEMO_P_STAMP_CHARGED] = s->flag ? "1" : "0";
    u->name = m ? po_arena_printf(a, "%d#焦炉（%s%s米）", seq, s->flag ? "捣固" : "顶装", m) : NULL;
    return u->name ? 0 : -1;
}

static int fill_carbide(struct po_demo_unit *u, const struct spec *s, const struct po_demo_ent *e,
                        struct po_arena *a, int seq)
{
    (void)e;
    u->capacity = (int64_t)s->size * 2;
    u->param[PO_DEMO_P_CAPACITY_KVA] = po_arena_printf(a, "%d", s->size);
    u->param[PO_DEMO_P_OPEN_TYPE] = s->flag ? "1" : "0";
    u->name =
        po_arena_printf(a, "%d#电石炉（%dkVA%s）", seq, s->size, s->flag ? "，开放式" : "，密闭式");
    return u->name && u->param[PO_DEMO_P_CAPACITY_KVA] ? 0 : -1;
}

static int fill_ferroalloy(struct po_demo_unit *u, const struct spec *s,
                           const struct po_demo_ent *e, struct po_arena *a, int seq)
{
    bool fesi = u->prod >= 0 && e->prod[u->prod].r == recipe(PO_DEMO_R_FESI);
    /* 0.9 power factor x 7500 h / (8400 or 4250 kWh/t), rounded to 100 t. */
    u->capacity = (int64_t)s->size * (fesi ? 8 : 16) / 1000 * 100;
    u->param[PO_DEMO_P_CAPACITY_KVA] = po_arena_printf(a, "%d", s->size);
    u->param[PO_DEMO_P_SEMI_CLOSED] = s->flag ? "1" : "0";
    u->name = po_arena_printf(a, "%d#矿热炉（%dkVA，%s）", seq, s->size, fesi ? "硅铁" : "硅锰");
    return u->name && u->param[PO_DEMO_P_CAPACITY_KVA] ? 0 : -1;
}

static int fill_refining(struct po_demo_unit *u, const struct spec *s, const struct po_demo_ent *e,
                         struct po_arena *a, int seq)
{
    (void)e;
    u->capacity = (int64_t)s->size / 5;
    u->param[PO_DEMO_P_CAPACITY_KVA] = po_arena_printf(a, "%d", s->size);
    u->name = po_arena_printf(a, "%d#精炼炉（%dkVA）", seq, s->size);
    return u->name && u->param[PO_DEMO_P_CAPACITY_KVA] ? 0 : -1;
}

static int fill_cell(struct po_demo_unit *u, const struct spec *s, const struct po_demo_ent *e,
                     struct po_arena *a, int seq)
{
    (void)e;
    u->param[PO_DEMO_P_CELL_TYPE] = s->flag ? "diaphragm" : "membrane";
    u->name = po_arena_printf(a, "%d#%s电解装置", seq, s->flag ? "隔膜法" : "离子膜");
    return u->name ? 0 : -1;
}

static int fill_pvc(struct po_demo_unit *u, const struct spec *s, const struct po_demo_ent *e,
                    struct po_arena *a, int seq)
{
    (void)e;
    u->param[PO_DEMO_P_ROUTE] = "acetylene";
    u->param[PO_DEMO_P_CATALYST_HGCL2_PCT] =
        po_arena_printf(a, "%d.%d", s->flag / 10, s->flag % 10);
    u->name = po_arena_printf(a, "%d#聚氯乙烯装置（电石法）", seq);
    return u->name && u->param[PO_DEMO_P_CATALYST_HGCL2_PCT] ? 0 : -1;
}

static int fill_clinker(struct po_demo_unit *u, const struct spec *s, const struct po_demo_ent *e,
                        struct po_arena *a, int seq)
{
    (void)e;
    u->capacity = s->size;
    u->param[PO_DEMO_P_CAPACITY_T_PER_DAY] = po_arena_printf(a, "%d", s->size);
    u->name = po_arena_printf(a, "%d#%dt/d新型干法熟料生产线", seq, s->size);
    return u->name && u->param[PO_DEMO_P_CAPACITY_T_PER_DAY] ? 0 : -1;
}

static int fill_shaft_kiln(struct po_demo_unit *u, const struct spec *s,
                           const struct po_demo_ent *e, struct po_arena *a, int seq)
{
    (void)e;
    u->capacity = s->size;
    u->param[PO_DEMO_P_KILN_TYPE] = "shaft";
    u->name = po_arena_printf(a, "%d#机立窑", seq);
    return u->name ? 0 : -1;
}

static const char *const lime_kilns[][2] = {
    { "native_or_ordinary_shaft", "土窑" },
    { "double_shaft", "双膛竖窑" },
    { "rotary", "回转窑" },
    { "sleeve", "套筒窑" },
};

static int fill_lime(struct po_demo_unit *u, const struct spec *s, const struct po_demo_ent *e,
                     struct po_arena *a, int seq)
{
    (void)e;
    u->capacity = s->size;
    u->param[PO_DEMO_P_KILN_TYPE] = lime_kilns[s->flag][0];
    u->param[PO_DEMO_P_CAPACITY_T_PER_DAY] = po_arena_printf(a, "%d", s->size);
    u->name = po_arena_printf(a, "%d#石灰%s", seq, lime_kilns[s->flag][1]);
    return u->name && u->param[PO_DEMO_P_CAPACITY_T_PER_DAY] ? 0 : -1;
}

static int fill_blast_furnace(struct po_demo_unit *u, const struct spec *s,
                              const struct po_demo_ent *e, struct po_arena *a, int seq)
{
    (void)e;
    u->capacity = (int64_t)s->size * 9 / 100;
    u->param[PO_DEMO_P_VOLUME_M3] = po_arena_printf(a, "%d", s->size);
    u->name = po_arena_printf(a, "%d#高炉（%d立方米）", seq, s->size);
    return u->name && u->param[PO_DEMO_P_VOLUME_M3] ? 0 : -1;
}

static int fill_converter(struct po_demo_unit *u, const struct spec *s, const struct po_demo_ent *e,
                          struct po_arena *a, int seq)
{
    (void)e;
    u->capacity = s->size;
    u->param[PO_DEMO_P_NOMINAL_CAPACITY_T] = po_arena_printf(a, "%d", s->size);
    u->name = po_arena_printf(a, "%d#转炉（%d吨）", seq, s->size);
    return u->name && u->param[PO_DEMO_P_NOMINAL_CAPACITY_T] ? 0 : -1;
}

static int fill_eaf(struct po_demo_unit *u, const struct spec *s, const struct po_demo_ent *e,
                    struct po_arena *a, int seq)
{
    (void)e;
    u->capacity = (int64_t)s->size * 7 / 10;
    u->param[PO_DEMO_P_NOMINAL_CAPACITY_T] = po_arena_printf(a, "%d", s->size);
    u->param[PO_DEMO_P_CAPACITY_KVA] = po_arena_printf(a, "%d", s->size * 500);
    u->name = po_arena_printf(a, "%d#电弧炉（%d吨）", seq, s->size);
    return u->name && u->param[PO_DEMO_P_NOMINAL_CAPACITY_T] && u->param[PO_DEMO_P_CAPACITY_KVA]
               ? 0
               : -1;
}

static int fill_induction(struct po_demo_unit *u, const struct spec *s, const struct po_demo_ent *e,
                          struct po_arena *a, int seq)
{
    (void)e;
    u->capacity = (int64_t)s->size * 3000;
    u->param[PO_DEMO_P_NOMINAL_CAPACITY_T] = po_arena_printf(a, "%d", s->size);
    u->param[PO_DEMO_P_USED_FOR_STEELMAKING] = "1";
    u->name = po_arena_printf(a, "%d#中频感应炉（%d吨）", seq, s->size);
    return u->name && u->param[PO_DEMO_P_NOMINAL_CAPACITY_T] ? 0 : -1;
}

static int fill_power(struct po_demo_unit *u, const struct spec *s, const struct po_demo_ent *e,
                      struct po_arena *a, int seq)
{
    (void)e;
    u->capacity = s->size;
    u->param[PO_DEMO_P_UNIT_CAPACITY_MW] = po_arena_printf(a, "%d", s->size);
    u->name = po_arena_printf(a, "%d#燃煤机组（%dMW）", seq, s->size);
    return u->name && u->param[PO_DEMO_P_UNIT_CAPACITY_MW] ? 0 : -1;
}

/* Lines without catalogue parameters: the name comes from the sector. */
static int fill_plain(struct po_demo_unit *u, const struct spec *s, const struct po_demo_ent *e,
                      struct po_arena *a, int seq)
{
    static const struct {
        const char *type, *label;
    } labels[] = {
        { "cement_grinding", "水泥粉磨系统" },
        { "coal_washing_plant", "重介选煤系统" },
        { "methanol", "焦炉煤气制甲醇装置" },
        { "wine", "葡萄酒灌装生产线" },
        { "paint", "涂料生产线" },
        { "plastic_pipe", "PVC管材挤出生产线" },
    };
    const char *label = "生产线";
    const char *key = u->type;
    if (strcmp(key, "other") == 0 && u->prod >= 0)
        key = e->prod[u->prod].r->product;
    for (size_t i = 0; i < PO_DEMO_NELEM(labels); i++)
        if (strcmp(labels[i].type, key) == 0)
            label = labels[i].label;
    u->capacity = s->size;
    if (strcmp(u->type, "cement_grinding") == 0) /* 10^4 t/a as Mt/a */
        u->param[PO_DEMO_P_CAPACITY_MT_PER_YEAR] =
            po_arena_printf(a, "%d.%d", s->size / 100, s->size % 100 / 10);
    if (strcmp(u->type, "coal_washing_plant") == 0)
        u->param[PO_DEMO_P_WASHING_CAPACITY] = po_arena_printf(a, "%d", s->size);
    u->name = po_arena_printf(a, "%d#%s", seq, label);
    return u->name ? 0 : -1;
}

/* ------------------------------------------------------------ sectors */

/*
 * Size tables: { weight, size, flag, capacity, restricted }.  Weight 0 means
 * the size appears only as an anchor.  "restricted" marks what the Inner
 * Mongolia campaign or the catalogue closes (see the comment of each table).
 */
#define SPECS(x) .specs = (x), .nspecs = PO_DEMO_NELEM(x)
#define ANCHORS(x) .anchor = (x), .nanchor = PO_DEMO_NELEM(x)

/* clang-format off */

/* Coke ovens (cm, stamp-charged): <= 4.3 m closed in Inner Mongolia (NMG-2021). */
static const struct spec coke_specs[] = {
    { 30, 430, 0, 60, true },   { 6, 430, 1, 50, true },    { 4, 380, 1, 40, true },
    { 0, 440, 0, 60, false },   { 22, 550, 1, 100, false }, { 20, 600, 0, 100, false },
    { 10, 625, 1, 110, false }, { 6, 700, 0, 150, false },
};
/* nth 0: 4.3 m running; 1: 4.4 m; 2: stamp-charged 3.8 m running; 3: stamp-charged 4.3 m */
static const int coke_anchor[] = { 0, 3, 2, 1 };
static const struct kind K_COKE = {
    .type = "coke_oven", .prefix = "JL", .cap_unit = "10^4t/a", .per_cap = WAN_T_A,
    SPECS(coke_specs), ANCHORS(coke_anchor), .keep = 0x7u, .lo = 2, .hi = 4, .same = 800,
    .fill = fill_coke_oven,
};

/* Carbide furnaces (kVA, open type): < 30 000 kVA closed in Inner Mongolia;
 * < 12 500 kVA and open furnaces are the catalogue's eliminated class. */
static const struct spec carbide_specs[] = {
    { 0, 6300, 1, 0, true },   { 2, 9000, 0, 0, true },    { 6, 12500, 0, 0, true },
    { 8, 16500, 0, 0, true },  { 10, 25500, 0, 0, true },  { 8, 27000, 0, 0, true },
    { 6, 30000, 0, 0, false }, { 10, 33000, 0, 0, false }, { 14, 40500, 0, 0, false },
    { 5, 48000, 0, 0, false },
};
/* nth 0: exactly 30 000 kVA; 1: 27 000 running; 2: 12 500 running; 3: 9 000; 4: open */
static const int carbide_anchor[] = { 6, 5, 2, 1, 0 };
static const struct kind K_CARBIDE = {
    .type = "carbide_furnace", .prefix = "DSL", .cap_unit = "t/a", .per_cap = T_A,
    SPECS(carbide_specs), ANCHORS(carbide_anchor), .keep = 0x7u, .lo = 2, .hi = 6,
    .same = 700, .fill = fill_carbide,
};

/* PVC lines (10^4 t/a, HgCl2 % x 10): above 6.5 % is the catalogue's line. */
static const struct spec pvc_specs[] = {
    { 6, 30, 45, 30, false }, { 1, 20, 65, 20, false }, { 0, 10, 108, 10, true },
    { 2, 40, 40, 40, false },
};
static const struct kind K_PVC = {
    .type = "pvc_unit", .prefix = "PVC", .cap_unit = "10^4t/a", .per_cap = WAN_T_A,
    SPECS(pvc_specs), .lo = 1, .hi = 1, .same = 1000, .fill = fill_pvc,
};

/* Ferroalloy furnaces (kVA, semi-closed): <= 25 000 kVA closed in Inner Mongolia by
 * end-2022; < 6 300 kVA eliminated by the catalogue. */
static const struct spec ferro_specs[] = {
    { 3, 6300, 1, 0, true },   { 10, 12500, 1, 0, true },  { 8, 16500, 0, 0, true },
    { 10, 25000, 0, 0, true }, { 0, 25001, 0, 0, false },  { 6, 25500, 0, 0, false },
    { 6, 30000, 0, 0, false }, { 12, 33000, 0, 0, false }, { 8, 36000, 0, 0, false },
    { 3, 48000, 0, 0, false },
};
/* nth 0: exactly 25 000 kVA running; 1: 25 001 kVA; 2: 12 500; 3: 6 300 */
static const int ferro_anchor[] = { 3, 4, 1, 0 };
static const struct kind K_FERRO = {
    .type = "ferroalloy_sae_furnace", .prefix = "KRL", .cap_unit = "t/a", .per_cap = T_A,
    SPECS(ferro_specs), ANCHORS(ferro_anchor), .keep = 0x3u, .lo = 2, .hi = 4, .same = 750,
    .fill = fill_ferroalloy,
};
/* Refining furnaces below 3 000 kVA: eliminated. */
static const struct spec refining_specs[] = { { 0, 2500, 0, 0, true } };
static const struct kind K_REFINING = {
    .type = "ferroalloy_refining_furnace", .prefix = "JLL", .cap_unit = "t/a", .per_cap = T_A,
    SPECS(refining_specs), .lo = 1, .hi = 1, .same = 1000, .fill = fill_refining,
};

/* Electrolysis (10^4 t/a, diaphragm): diaphragm cells are the eliminated class. */
static const struct spec cell_specs[] = {
    { 5, 20, 0, 20, false }, { 4, 30, 0, 30, false }, { 2, 40, 0, 40, false },
    { 0, 5, 1, 5, true },
};
static const struct kind K_CELL = {
    .type = "caustic_soda_cell", .prefix = "DJ", .cap_unit = "10^4t/a", .per_cap = WAN_T_A,
    SPECS(cell_specs), .lo = 1, .hi = 2, .same = 900, .fill = fill_cell,
};

/* Clinker lines (t/d): <= 2 500 t/d to exit (CBMF 2019 guidance). */
static const struct spec clinker_specs[] = {
    { 1, 1000, 0, 0, true },  { 2, 2000, 0, 0, true },  { 4, 2500, 0, 0, true },
    { 3, 3000, 0, 0, false }, { 3, 4000, 0, 0, false }, { 4, 4500, 0, 0, false },
    { 3, 5000, 0, 0, false },
};
/* nth 0: exactly 2 500 t/d running; 1: 2 000 t/d running */
static const int clinker_anchor[] = { 2, 1 };
static const struct kind K_CLINKER = {
    .type = "cement_clinker_line", .prefix = "SL", .cap_unit = "t/d", .per_cap = 300 * T_A,
    SPECS(clinker_specs), ANCHORS(clinker_anchor), .keep = 0x3u, .lo = 1, .hi = 2,
    .same = 500, .fill = fill_clinker,
};
/* Shaft kilns: eliminated. */
static const struct spec shaft_specs[] = { { 0, 300, 0, 0, true } };
static const struct kind K_SHAFT = {
    .type = "cement_kiln", .prefix = "LY", .cap_unit = "t/d", .per_cap = 300 * T_A,
    SPECS(shaft_specs), .lo = 1, .hi = 1, .same = 1000, .fill = fill_shaft_kiln,
};
/* Grinding stations (10^4 t/a): below 1 Mt/a is the CBMF 2019 exit line. */
static const struct spec grinding_specs[] = {
    { 3, 60, 0, 0, true }, { 4, 100, 0, 0, false }, { 3, 120, 0, 0, false },
};
static const struct kind K_GRINDING = {
    .type = "cement_grinding", .prefix = "FM", .cap_unit = "10^4t/a", .per_cap = WAN_T_A,
    SPECS(grinding_specs), .lo = 1, .hi = 2, .same = 700, .fill = fill_plain,
};

/* Lime kilns (t/d, lime_kilns index): native kilns are the eliminated class. */
static const struct spec lime_specs[] = {
    { 3, 100, 0, 0, true }, { 6, 500, 1, 0, false }, { 3, 600, 2, 0, false },
    { 4, 300, 3, 0, false },
};
/* nth 0: a native kiln still running; 1: a native kiln */
static const int lime_anchor[] = { 0, 0 };
static const struct kind K_LIME = {
    .type = "lime_kiln", .prefix = "HY", .cap_unit = "t/d", .per_cap = 330 * T_A,
    SPECS(lime_specs), ANCHORS(lime_anchor), .keep = 0x1u, .lo = 1, .hi = 3, .same = 700,
    .fill = fill_lime,
};

/* Coal washing plants (10^4 t/a); no catalogue item. */
static const struct spec washing_specs[] = {
    { 4, 60, 0, 0, false },  { 5, 90, 0, 0, false },  { 6, 120, 0, 0, false },
    { 6, 150, 0, 0, false }, { 5, 200, 0, 0, false }, { 4, 300, 0, 0, false },
    { 2, 400, 0, 0, false }, { 1, 600, 0, 0, false },
};
static const struct kind K_WASHING = {
    .type = "coal_washing_plant", .prefix = "XM", .cap_unit = "10^4t/a", .per_cap = WAN_T_A,
    SPECS(washing_specs), .lo = 1, .hi = 2, .same = 300, .fill = fill_plain,
};

/* Blast furnaces (m3): <= 400 m3 eliminated.  nth 0 runs one. */
static const struct spec bf_specs[] = {
    { 2, 400, 0, 0, true }, { 3, 450, 0, 0, false }, { 4, 1080, 0, 0, false },
    { 2, 1250, 0, 0, false },
};
static const int bf_anchor[] = { 0 };
static const struct kind K_BF = {
    .type = "blast_furnace", .prefix = "GL", .cap_unit = "10^4t/a", .per_cap = WAN_T_A,
    SPECS(bf_specs), ANCHORS(bf_anchor), .keep = 0x1u, .lo = 1, .hi = 2, .same = 600,
    .fill = fill_blast_furnace,
};
/* Converters (t): <= 30 t eliminated. */
static const struct spec converter_specs[] = {
    { 0, 30, 0, 0, true }, { 3, 60, 0, 0, false }, { 3, 80, 0, 0, false },
    { 2, 120, 0, 0, false },
};
static const struct kind K_CONVERTER = {
    .type = "converter", .prefix = "ZL", .cap_unit = "10^4t/a", .per_cap = WAN_T_A,
    SPECS(converter_specs), .lo = 1, .hi = 1, .same = 1000, .fill = fill_converter,
};
/* Electric arc furnaces (t): <= 30 t eliminated. */
static const struct spec eaf_specs[] = {
    { 2, 30, 0, 0, true }, { 4, 70, 0, 0, false }, { 2, 100, 0, 0, false },
};
static const struct kind K_EAF = {
    .type = "electric_arc_furnace", .prefix = "DHL", .cap_unit = "10^4t/a", .per_cap = WAN_T_A,
    SPECS(eaf_specs), .lo = 1, .hi = 2, .same = 800, .fill = fill_eaf,
};
/* Induction furnaces used for steelmaking ("ditiao" steel): eliminated. */
static const struct spec induction_specs[] = { { 0, 10, 0, 0, true } };
static const struct kind K_INDUCTION = {
    .type = "induction_furnace", .prefix = "ZPL", .cap_unit = "t/a", .per_cap = T_A,
    SPECS(induction_specs), .lo = 1, .hi = 1, .same = 1000, .fill = fill_induction,
};

/* Coal units (MW): < 100 MW eliminated, <= 300 MW restricted for new builds. */
static const struct spec power_specs[] = {
    { 0, 50, 0, 0, true },   { 4, 135, 0, 0, false }, { 3, 150, 0, 0, false },
    { 2, 200, 0, 0, false }, { 3, 300, 0, 0, false }, { 4, 330, 0, 0, false },
    { 3, 350, 0, 0, false }, { 1, 600, 0, 0, false },
};
static const struct kind K_POWER = {
    .type = "coal_power_unit", .prefix = "JZ", .cap_unit = "MW", .per_cap = 5000 * T_A,
    SPECS(power_specs), .lo = 2, .hi = 2, .same = 1000, .fill = fill_power,
};

/* Plants without catalogue items: "other" lines, in 10^4 t/a or t/a. */
static const struct spec methanol_specs[] = {
    { 2, 10, 0, 0, false }, { 3, 20, 0, 0, false }, { 1, 30, 0, 0, false },
};
static const struct kind K_METHANOL = {
    .type = "other", .prefix = "JC", .cap_unit = "10^4t/a", .per_cap = WAN_T_A,
    SPECS(methanol_specs), .lo = 1, .hi = 1, .same = 1000, .fill = fill_plain,
};
static const struct spec wine_specs[] = {
    { 3, 2000, 0, 0, false }, { 3, 5000, 0, 0, false }, { 1, 10000, 0, 0, false },
};
static const struct kind K_WINE = {
    .type = "other", .prefix = "GZ", .cap_unit = "t/a", .per_cap = T_A,
    SPECS(wine_specs), .lo = 1, .hi = 2, .same = 800, .fill = fill_plain,
};
static const struct spec paint_specs[] = {
    { 3, 5000, 0, 0, false }, { 2, 15000, 0, 0, false }, { 1, 30000, 0, 0, false },
};
static const struct kind K_PAINT = {
    .type = "other", .prefix = "TL", .cap_unit = "t/a", .per_cap = T_A,
    SPECS(paint_specs), .lo = 1, .hi = 2, .same = 800, .fill = fill_plain,
};
static const struct spec pipe_specs[] = {
    { 3, 5000, 0, 0, false }, { 3, 10000, 0, 0, false }, { 1, 20000, 0, 0, false },
};
static const struct kind K_PIPE = {
    .type = "other", .prefix = "GC", .cap_unit = "t/a", .per_cap = T_A,
    SPECS(pipe_specs), .lo = 2, .hi = 4, .same = 600, .fill = fill_plain,
};

/* clang-format on */

static int prod(struct po_demo_ent *e, enum po_demo_recipe_id id)
{
    return add_prod(e, recipe(id));
}

int po_demo_plant_coking(struct po_demo_ent *e, struct po_demo_rng *r, struct po_arena *a,
                         struct po_err *err)
{
    int coke = prod(e, PO_DEMO_R_COKE);
    e->has_downstream = po_demo_rng_chance(r, 250); /* tar or gas processing on site */
    return place(e, r, a, &K_COKE, coke, err);
}

int po_demo_plant_carbide(struct po_demo_ent *e, struct po_demo_rng *r, struct po_arena *a,
                          struct po_err *err)
{
    int rc = place(e, r, a, &K_CARBIDE, prod(e, PO_DEMO_R_CARBIDE), err);
    if (rc != 0)
        return rc;
    /* Wuhai's 2011 carbide rules favoured plants with a PVC line downstream. */
    e->has_downstream = e->nth % 4 == 0 || po_demo_rng_chance(r, 150);
    if (!e->has_downstream)
        return 0;
    int pvc = prod(e, PO_DEMO_R_PVC);
    static const int w[] = { 6, 1, 0, 2 };
    size_t spec = e->nth == 0 ? 1 : po_demo_rng_weighted(r, w, PO_DEMO_NELEM(w));
    rc = extra(e, r, a, &K_PVC, spec, pvc, 0, err);
    if (rc == 0 && e->nth == 4)
        rc = extra(e, r, a, &K_PVC, 2, pvc, 1000, err); /* an old high-mercury line, retired */
    return rc;
}

int po_demo_plant_ferroalloy(struct po_demo_ent *e, struct po_demo_rng *r, struct po_arena *a,
                             struct po_err *err)
{
    int alloy = prod(e, po_demo_rng_chance(r, 550) ? PO_DEMO_R_FESI : PO_DEMO_R_SIMN);
    int rc = place(e, r, a, &K_FERRO, alloy, err);
    if (rc == 0 && e->nth == 4)
        rc = extra(e, r, a, &K_REFINING, 0, alloy, 1000, err);
    return rc;
}

int po_demo_plant_caustic(struct po_demo_ent *e, struct po_demo_rng *r, struct po_arena *a,
                          struct po_err *err)
{
    int caustic = prod(e, PO_DEMO_R_CAUSTIC);
    int rc = place(e, r, a, &K_CELL, caustic, err);
    if (rc == 0 && e->nth == 0) /* an old diaphragm unit, retired */
        rc = extra(e, r, a, &K_CELL, 3, caustic, 1000, err);
    return rc;
}

int po_demo_plant_chlor_alkali(struct po_demo_ent *e, struct po_demo_rng *r, struct po_arena *a,
                               struct po_err *err)
{
    int rc = po_demo_plant_caustic(e, r, a, err);
    if (rc != 0)
        return rc;
    int pvc = prod(e, PO_DEMO_R_PVC);
    e->has_downstream = true;
    static const int w[] = { 6, 1, 0, 3 };
    size_t spec = e->nth == 1 ? 1 : po_demo_rng_weighted(r, w, PO_DEMO_NELEM(w));
    return extra(e, r, a, &K_PVC, spec, pvc, 0, err);
}

int po_demo_plant_cement(struct po_demo_ent *e, struct po_demo_rng *r, struct po_arena *a,
                         struct po_err *err)
{
    /* The last three cement enterprises of the sector are grinding stations. */
    if (e->nth + 3 >= (size_t)e->sec->count)
        return place(e, r, a, &K_GRINDING, prod(e, PO_DEMO_R_CEMENT), err);
    int clinker = prod(e, PO_DEMO_R_CLINKER);
    int rc = place(e, r, a, &K_CLINKER, clinker, err);
    if (rc == 0 && e->nth == 2)
        rc = extra(e, r, a, &K_SHAFT, 0, clinker, 1000, err);
    return rc;
}

int po_demo_plant_iron(struct po_demo_ent *e, struct po_demo_rng *r, struct po_arena *a,
                       struct po_err *err)
{
    int rc = place(e, r, a, &K_BF, prod(e, PO_DEMO_R_PIG_IRON), err);
    if (rc != 0 || e->nth > 1)
        return rc;
    /* The first two ironworks are integrated and also make steel. */
    int steel = prod(e, PO_DEMO_R_STEEL);
    static const int w[] = { 0, 3, 3, 2 };
    size_t spec = e->nth == 0 ? 0 : po_demo_rng_weighted(r, w, PO_DEMO_NELEM(w));
    return extra(e, r, a, &K_CONVERTER, spec, steel, 0, err);
}

int po_demo_plant_steel(struct po_demo_ent *e, struct po_demo_rng *r, struct po_arena *a,
                        struct po_err *err)
{
    int steel = prod(e, PO_DEMO_R_STEEL);
    if (e->nth == 0) /* a running "ditiao" induction furnace: the case to find */
        return extra(e, r, a, &K_INDUCTION, 0, steel, 0, err);
    if (e->nth == 1) {
        int rc = extra(e, r, a, &K_INDUCTION, 0, steel, 1000, err);
        if (rc != 0)
            return rc;
    }
    return place(e, r, a, &K_EAF, steel, err);
}

int po_demo_plant_power(struct po_demo_ent *e, struct po_demo_rng *r, struct po_arena *a,
                        struct po_err *err)
{
    /* The recipe depends on the unit size, so units come first (product index 0). */
    int rc = place(e, r, a, &K_POWER, 0, err);
    if (rc == 0 && e->nth == 0) /* a 50 MW unit, retired */
        rc = extra(e, r, a, &K_POWER, 0, 0, 1000, err);
    if (rc != 0)
        return rc;
    prod(e, e->units[0].capacity >= 300 ? PO_DEMO_R_POWER_LARGE : PO_DEMO_R_POWER_SMALL);
    return 0;
}

/* Sectors of one unit kind making one product. */
static const struct {
    const char *sector;
    const struct kind *kind;
    enum po_demo_recipe_id recipe;
} simple[] = {
    { "lime", &K_LIME, PO_DEMO_R_LIME },
    { "washing", &K_WASHING, PO_DEMO_R_WASHING },
    { "methanol", &K_METHANOL, PO_DEMO_R_METHANOL },
    { "wine", &K_WINE, PO_DEMO_R_WINE },
    { "paint", &K_PAINT, PO_DEMO_R_PAINT },
    { "pipes", &K_PIPE, PO_DEMO_R_PIPE },
};

int po_demo_plant_simple(struct po_demo_ent *e, struct po_demo_rng *r, struct po_arena *a,
                         struct po_err *err)
{
    for (size_t i = 0; i < PO_DEMO_NELEM(simple); i++)
        if (strcmp(simple[i].sector, e->sec->key) == 0)
            return place(e, r, a, simple[i].kind, prod(e, simple[i].recipe), err);
    return po_err_set(err, PO_EINTERNAL, "行业 %s 没有设备表", "sector %s has no unit table",
                      e->sec->key);
}

/* --------------------------------------------------------- equipment.csv */

/* The fixed columns of docs/import.md, then one column per parameter tag. */
static const char *const equipment_cols[] = {
    "uscc",
    "equipment_id",
    "equipment_type",
    "name",
    "status",
    "commissioned",
    "capacity",
    "capacity_unit",
    "product",
    /* parameter columns, in enum po_demo_param order */
    "chamber_height_m",
    "stamp_charged",
    "capacity_kva",
    "volume_m3",
    "nominal_capacity_t",
    "unit_capacity_mw",
    "capacity_t_per_day",
    "kiln_type",
    "cell_type",
    "route",
    "open_type",
    "semi_closed",
    "catalyst_hgcl2_pct",
    "used_for_steelmaking",
    "capacity_mt_per_year",
    "washing_capacity_10kt_per_year",
};
_Static_assert(PO_DEMO_NELEM(equipment_cols) == 9 + PO_DEMO_NPARAM,
               "one column per enum po_demo_param");

static void unit_row(struct po_demo_csv *c, const struct po_demo_ent *e,
                     const struct po_demo_unit *u)
{
    po_demo_csv_str(c, e->uscc);
    po_demo_csv_str(c, u->id);
    po_demo_csv_str(c, u->type);
    po_demo_csv_str(c, u->name);
    po_demo_csv_str(c, po_demo_plant_status_tag(u->status));
    if (u->comm_m == 0)
        po_demo_csv_int(c, u->comm_y);
    else if (u->comm_d == 0)
        po_demo_csv_strf(c, "%04d-%02d", u->comm_y, u->comm_m);
    else
        po_demo_csv_date(c, u->comm_y, u->comm_m, u->comm_d);
    po_demo_csv_int(c, u->capacity);
    po_demo_csv_str(c, u->capacity_unit);
    po_demo_csv_str(c, u->prod >= 0 ? e->prod[u->prod].r->product : NULL);
    for (int p = 0; p < PO_DEMO_NPARAM; p++)
        po_demo_csv_str(c, u->param[p]);
    po_demo_csv_end(c);
}

void po_demo_plant_equipment(struct po_demo_csv *c, const struct po_demo_city *city)
{
    po_demo_csv_header(c, equipment_cols, PO_DEMO_NELEM(equipment_cols));
    for (size_t i = 0; i < city->n; i++)
        for (size_t j = 0; j < city->ents[i].nunits; j++)
            unit_row(c, &city->ents[i], &city->ents[i].units[j]);
}
