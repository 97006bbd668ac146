/*
 * whatif.c: planned exits taken out of an enterprise's records (whatif.h).
 *
 * Quantities stay exact integers (10^-6 of the record's unit): a share is
 * the ratio of two capacities, applied to each record with one rounding,
 * half up, so the remaining and the removed parts add up to the record.
 */
#include "core/whatif.h"
#include "util/arena.h"

#include <string.h>

static int nomem(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

static const struct po_whatif_unit *unit_of(const struct po_whatif_unit *u, size_t n,
                                            const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(u[i].equipment_id, id) == 0)
            return &u[i];
    return NULL;
}

static bool planned(const struct po_whatif_exit *x, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(x[i].equipment_id, id) == 0)
            return true;
    return false;
}

/* Every registered unit planned or already out: the enterprise goes as a whole. */
static bool whole_exit(const struct po_whatif_unit *u, size_t nu, const struct po_whatif_exit *x,
                       size_t nx)
{
    if (nu == 0 || nx == 0)
        return false;
    for (size_t i = 0; i < nu; i++)
        if (!u[i].out && !planned(x, nx, u[i].equipment_id))
            return false;
    return true;
}

static bool has_tag(const struct po_acct_record *rec, size_t n, const char *tag)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(rec[i].product, tag) == 0)
            return true;
    return false;
}

/* The capacity of the enterprise's units making u's product in u's unit; false when unknown. */
static bool line_capacity(int64_t *den, const struct po_whatif_unit *units, size_t n,
                          const struct po_whatif_unit *u)
{
    *den = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(units[i].product, u->product) != 0 ||
            strcmp(units[i].capacity_unit, u->capacity_unit) != 0)
            continue;
        if (!units[i].has_capacity)
            return false;
        *den += units[i].capacity_micro;
    }
    return *den > 0;
}

/* Which records an exit draws from, and its share; method NONE with the reason otherwise. */
static struct po_whatif_share share_of(const struct po_acct_record *rec, size_t nrec,
                                       const struct po_whatif_unit *units, size_t nunits,
                                       const struct po_whatif_exit *x)
{
    struct po_whatif_share s = { PO_WI_NONE, PO_WIR_OK, "", 0, 0 };
    const struct po_whatif_unit *u = unit_of(units, nunits, x->equipment_id);
    if (!u) {
        s.reason = PO_WIR_NOT_REGISTERED;
        return s;
    }
    if (!u->product[0]) {
        s.reason = PO_WIR_NO_PRODUCT;
        return s;
    }
    if (has_tag(rec, nrec, u->product)) {
        s.method = PO_WI_LINE;
        s.product = u->product;
    } else if (!has_tag(rec, nrec, "")) {
        s.reason = PO_WIR_NO_ENERGY;
        return s;
    } else {
        for (size_t i = 0; i < nunits; i++)
            if (units[i].product[0] && strcmp(units[i].product, u->product) != 0) {
                s.reason = PO_WIR_SEVERAL_PRODUCTS;
                return s;
            }
        s.method = PO_WI_PRO_RATA;
    }
    if (!line_capacity(&s.den, units, nunits, u)) {
        s.method = PO_WI_NONE;
        s.reason = PO_WIR_NO_CAPACITY;
        return s;
    }
    s.num = x->capacity_micro < s.den ? x->capacity_micro : s.den;
    return s;
}

/* Take the share of every record with the share's tag from after into removed. */
static void take(struct po_acct_record *removed, struct po_acct_record *after,
                 const struct po_acct_record *rec, size_t nrec, struct po_whatif_share *s)
{
    int64_t wanted = 0, taken = 0;
    for (size_t i = 0; i < nrec; i++) {
        if (strcmp(rec[i].product, s->product) != 0)
            continue;
        int64_t want =
            (int64_t)po_acct_div_round((po_acct_i128)rec[i].quantity_micro * s->num, s->den);
        int64_t t = want < after[i].quantity_micro ? want : after[i].quantity_micro;
        removed[i].quantity_micro = t;
        after[i].quantity_micro -= t;
        wanted += want;
        taken += t;
    }
    if (wanted > 0 && taken == 0) {
        s->method = PO_WI_NONE;
        s->reason = PO_WIR_ALREADY_COUNTED;
    }
}

/* A copy of rec with every quantity zero. */
static struct po_acct_record *zeroed(const struct po_acct_record *rec, size_t nrec,
                                     struct po_arena *a)
{
    struct po_acct_record *r = po_arena_calloc(a, nrec ? nrec : 1, sizeof(*r));
    if (!r)
        return NULL;
    for (size_t i = 0; i < nrec; i++) {
        r[i] = rec[i];
        r[i].quantity_micro = 0;
    }
    return r;
}

int po_whatif_enterprise(struct po_whatif_result *out, const struct po_acct_record *rec,
                         size_t nrec, const struct po_whatif_unit *units, size_t nunits,
                         const struct po_whatif_exit *exits, size_t nexits, struct po_arena *a,
                         struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    out->shares = po_arena_calloc(a, nexits ? nexits : 1, sizeof(*out->shares));
    out->removed = po_arena_calloc(a, nexits ? nexits : 1, sizeof(*out->removed));
    out->after = po_arena_calloc(a, nrec ? nrec : 1, sizeof(*out->after));
    if (!out->shares || !out->removed || !out->after)
        return nomem(err);
    if (nrec)
        memcpy(out->after, rec, nrec * sizeof(*rec));
    out->whole = whole_exit(units, nunits, exits, nexits);
    if (out->whole) {
        for (size_t k = 0; k < nexits; k++)
            out->shares[k] = (struct po_whatif_share){ PO_WI_ENTERPRISE, PO_WIR_OK, "", 1, 1 };
        out->removed[0] = po_arena_calloc(a, nrec ? nrec : 1, sizeof(*rec));
        if (!out->removed[0])
            return nomem(err);
        if (nrec)
            memcpy(out->removed[0], rec, nrec * sizeof(*rec));
        for (size_t i = 0; i < nrec; i++)
            out->after[i].quantity_micro = 0;
        return 0;
    }
    for (size_t k = 0; k < nexits; k++) {
        out->shares[k] = share_of(rec, nrec, units, nunits, &exits[k]);
        if (out->shares[k].method == PO_WI_NONE)
            continue;
        out->removed[k] = zeroed(rec, nrec, a);
        if (!out->removed[k])
            return nomem(err);
        take(out->removed[k], out->after, rec, nrec, &out->shares[k]);
        if (out->shares[k].method == PO_WI_NONE)
            out->removed[k] = NULL;
    }
    return 0;
}

void po_whatif_room(struct po_whatif_room *out, bool has_cap, int64_t cap_e4, int64_t total_before_e4,
                    int64_t total_after_e4)
{
    out->has_cap = has_cap;
    out->cap_e4 = has_cap ? cap_e4 : 0;
    out->before_e4 = has_cap ? cap_e4 - total_before_e4 : 0;
    out->after_e4 = has_cap ? cap_e4 - total_after_e4 : 0;
    out->freed_e4 = total_before_e4 - total_after_e4;
}

const char *po_whatif_method_name(enum po_whatif_method m)
{
    static const char *const n[] = { "none", "enterprise", "line", "pro_rata" };
    return (unsigned)m < 4 ? n[m] : "";
}

const char *po_whatif_method_zh(enum po_whatif_method m)
{
    static const char *const n[] = { "无法归属", "整体退出", "按生产线", "按产能比例" };
    return (unsigned)m < 4 ? n[m] : "";
}

static const char *const reasons_en[] = {
    [PO_WIR_OK] = "",
    [PO_WIR_NOT_REGISTERED] = "the unit is not registered for the enterprise",
    [PO_WIR_NO_PRODUCT] = "the unit has no product tag, and the enterprise does not exit whole",
    [PO_WIR_NO_CAPACITY] = "the capacity of the unit's product line is not known",
    [PO_WIR_SEVERAL_PRODUCTS] =
        "the enterprise's energy is not tagged by product and it makes several products",
    [PO_WIR_NO_ENERGY] = "no energy record of the year to attribute",
    [PO_WIR_ALREADY_COUNTED] = "the line's energy is already taken by the exits before it",
};

static const char *const reasons_zh[] = {
    [PO_WIR_OK] = "",
    [PO_WIR_NOT_REGISTERED] = "该设备未登记在该企业名下",
    [PO_WIR_NO_PRODUCT] = "设备未标注产品，且企业并非整体退出",
    [PO_WIR_NO_CAPACITY] = "该产品生产线的产能不详",
    [PO_WIR_SEVERAL_PRODUCTS] = "企业能耗未按产品分列，且生产多种产品",
    [PO_WIR_NO_ENERGY] = "该年度没有可归属的能耗记录",
    [PO_WIR_ALREADY_COUNTED] = "该生产线能耗已由前面的退出项全部扣除",
};

const char *po_whatif_reason_en(enum po_whatif_reason r)
{
    return (unsigned)r <= PO_WIR_ALREADY_COUNTED ? reasons_en[r] : "";
}

const char *po_whatif_reason_zh(enum po_whatif_reason r)
{
    return (unsigned)r <= PO_WIR_ALREADY_COUNTED ? reasons_zh[r] : "";
}
