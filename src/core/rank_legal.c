/*
 * rank_legal.c: the legal ranking — who is ranked, then the benchmark's
 * order over them (rank_legal.h).
 */
#include "core/rank_legal.h"
#include "util/arena.h"

#include <string.h>

enum po_rank_reason po_rank_legal_reason(const struct po_rank_ent *e, bool energy_reported,
                                         enum po_rank_loss loss)
{
    if (!e->va_known)
        return PO_RX_VALUE_ADDED_MISSING;
    if (!energy_reported)
        return PO_RX_ENERGY_NOT_REPORTED;
    if (e->tce_e8 == 0)
        return PO_RX_ENERGY_ZERO;
    if (e->va_c <= 0 && loss == PO_LOSS_REVIEW)
        return PO_RX_LOSS_REVIEW;
    return PO_RX_RANKED;
}

int po_rank_legal_compute(struct po_rank_legal *out, const struct po_rank_legal_ent *in, size_t n,
                          enum po_rank_loss loss, int worst_pct, struct po_arena *a,
                          struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    out->in = in;
    out->n = n;
    out->loss = loss;
    if (n > UINT32_MAX)
        return po_err_set(err, PO_EINVAL, "企业过多（%zu 家）", "too many enterprises (%zu)", n);
    out->reason = po_arena_calloc(a, n ? n : 1, sizeof(*out->reason));
    out->excluded = po_arena_calloc(a, n ? n : 1, sizeof(*out->excluded));
    uint32_t *from = po_arena_calloc(a, n ? n : 1, sizeof(*from));
    struct po_rank_ent *ents = po_arena_calloc(a, n ? n : 1, sizeof(*ents));
    if (!out->reason || !out->excluded || !from || !ents)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        enum po_rank_reason r = po_rank_legal_reason(&in[i].e, in[i].energy_reported, loss);
        out->reason[i] = r;
        out->by_reason[r]++;
        if (r != PO_RX_RANKED) {
            out->excluded[out->nexcluded++] = (uint32_t)i;
            continue;
        }
        from[m] = (uint32_t)i;
        ents[m++] = in[i].e;
    }
    out->ranked_from = from;
    return po_rank_compute(&out->ranked, ents, m, worst_pct, a, err);
}

bool po_rank_legal_loss_ranked(const struct po_rank_legal *r, size_t ranked_index)
{
    const struct po_rank_ent *e = &r->ranked.ents[ranked_index];
    return e->va_known && e->va_c <= 0;
}

static const char *const tags[PO_RX_N] = {
    "", "value_added_missing", "energy_not_reported", "energy_zero", "loss_review",
};
static const char *const zh[PO_RX_N] = {
    "", "增加值未记录", "能耗未报送", "能耗为零", "亏损企业待审",
};
static const char *const en[PO_RX_N] = {
    "",
    "value added not recorded",
    "energy use not reported",
    "energy use zero",
    "loss-making, listed for review",
};

const char *po_rank_reason_tag(enum po_rank_reason r)
{
    return (unsigned)r < PO_RX_N ? tags[r] : "";
}

const char *po_rank_reason_zh(enum po_rank_reason r)
{
    return (unsigned)r < PO_RX_N ? zh[r] : "";
}

const char *po_rank_reason_en(enum po_rank_reason r)
{
    return (unsigned)r < PO_RX_N ? en[r] : "";
}

const char *po_rank_reason_missing(enum po_rank_reason r, bool energy_ok)
{
    switch (r) {
    case PO_RX_VALUE_ADDED_MISSING:
        return energy_ok ? "value_added" : "value_added|energy_use";
    case PO_RX_ENERGY_NOT_REPORTED:
    case PO_RX_ENERGY_ZERO:
        return "energy_use";
    case PO_RX_LOSS_REVIEW:
        return "loss_review";
    default:
        return NULL;
    }
}

const char *po_rank_policy_name(enum po_rank_policy p)
{
    return p == PO_RANK_BENCHMARK ? "benchmark" : "legal";
}

int po_rank_policy_parse(enum po_rank_policy *out, const char *s)
{
    if (strcmp(s, "legal") == 0)
        *out = PO_RANK_LEGAL;
    else if (strcmp(s, "benchmark") == 0)
        *out = PO_RANK_BENCHMARK;
    else
        return -1;
    return 0;
}

const char *po_rank_loss_name(enum po_rank_loss l)
{
    return l == PO_LOSS_RANKED_WORST ? "ranked_worst" : "review";
}

int po_rank_loss_parse(enum po_rank_loss *out, const char *s)
{
    if (strcmp(s, "review") == 0)
        *out = PO_LOSS_REVIEW;
    else if (strcmp(s, "ranked_worst") == 0)
        *out = PO_LOSS_RANKED_WORST;
    else
        return -1;
    return 0;
}
