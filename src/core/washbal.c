/*
 * washbal.c: the coal-washing balance and its candidates (see washbal.h).
 *
 * The candidates are chosen on an index sorted by capacity rather than by
 * sorting the plants, so the caller's order (and its pointers) stay valid.
 */
#include "core/washbal.h"
#include "util/arena.h"

#include <stdlib.h>
#include <string.h>

static int bad(struct po_err *err)
{
    return po_err_set(err, PO_EINVAL, "洗煤平衡的数值为负或过大",
                      "a figure of the coal-washing balance is negative or too large");
}

struct ix {
    const struct po_washbal_plant *p;
    size_t i;
};

static int by_size(const void *va, const void *vb)
{
    const struct ix *a = va, *b = vb;
    if (a->p->capacity_micro != b->p->capacity_micro)
        return a->p->capacity_micro < b->p->capacity_micro ? -1 : 1;
    int c = strcmp(a->p->uscc, b->p->uscc);
    return c ? c : strcmp(a->p->equipment_id, b->p->equipment_id);
}

static int mark(struct po_washbal *out, const struct po_washbal_input *in, struct po_arena *a,
                struct po_err *err)
{
    struct ix *x = po_arena_calloc(a, in->nplants, sizeof *x);
    if (!x)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < in->nplants; i++)
        x[i] = (struct ix){ &in->plants[i], i };
    qsort(x, in->nplants, sizeof *x, by_size);
    for (size_t k = 0; k < in->nplants && out->taken_micro < out->surplus_micro; k++) {
        out->candidate[x[k].i] = true;
        out->ncandidates++;
        out->taken_micro += x[k].p->capacity_micro;
    }
    return 0;
}

int po_washbal_compute(struct po_washbal *out, const struct po_washbal_input *in,
                       struct po_arena *a, struct po_err *err)
{
    memset(out, 0, sizeof *out);
    if (in->nplants) {
        out->candidate = po_arena_calloc(a, in->nplants, sizeof *out->candidate);
        if (!out->candidate)
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    bool missing =
        in->coke_capacity_micro == PO_WASHBAL_MISSING || in->power_coal_micro == PO_WASHBAL_MISSING;
    for (size_t i = 0; i < in->nplants; i++) {
        int64_t c = in->plants[i].capacity_micro;
        if (c == PO_WASHBAL_MISSING) {
            missing = true;
            continue;
        }
        if (c < 0 || __builtin_add_overflow(out->washing_micro, c, &out->washing_micro))
            return bad(err);
    }
    if (missing)
        return 0;
    if (in->coke_capacity_micro < 0 || in->power_coal_micro < 0 || in->coal_per_coke_milli < 0 ||
        __builtin_mul_overflow(in->coke_capacity_micro, in->coal_per_coke_milli,
                               &out->coke_need_micro))
        return bad(err);
    out->coke_need_micro /= 1000; /* rounded down: the need is never overstated */
    out->power_need_micro = in->power_coal_micro;
    if (__builtin_add_overflow(out->coke_need_micro, out->power_need_micro, &out->need_micro))
        return bad(err);
    out->surplus_micro = out->washing_micro - out->need_micro;
    out->decided = true;
    return out->surplus_micro > 0 ? mark(out, in, a, err) : 0;
}
