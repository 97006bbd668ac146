/*
 * whatif.h: what planned exits take out of an enterprise's energy account
 * (issue 6 item 5, the what-if view before a plan is committed).
 *
 * Pure: the registry's units, the year's energy records and the planned
 * exits come in; the records that remain and, per exit, the records it
 * removes go out.  Accounting them (core/account.h) and the district sums
 * and levels (core/barometer.h) are the caller's: the same code as the
 * barometer, so "before" here is exactly the barometer's figure.
 *
 * How energy is tied to a planned unit (energy records carry a product /
 * production-line tag, energy.product; units carry equipment.product):
 *   1. ENTERPRISE — every registered unit of the enterprise is planned (or
 *      already sealed or dismantled): the whole enterprise goes, all its
 *      records and its value added.
 *   2. LINE — the unit has a product tag and the enterprise has records
 *      tagged with it: that line's records × the unit's share of the line's
 *      capacity (planned capacity / capacity of the enterprise's units with
 *      that product, in the same capacity unit; 1 when it is the only one).
 *   3. PRO_RATA — no record carries the tag, but the enterprise's records
 *      are whole-enterprise ("" tag) and every unit with a product makes
 *      the same product: the untagged records × the unit's share of that
 *      product's capacity.
 *   4. NONE — otherwise, with the reason (no product tag on the unit, the
 *      line's capacity not known, several products with untagged energy, no
 *      energy record for the year).  Never silently zero.
 * A share is planned / line capacity, capped at 1; several exits on one
 * line take their shares in turn and never more than the record holds.
 * Removed quantities are rounded half up to the record's 10^-6 unit.
 *
 * Value added: only a whole-enterprise exit removes it.  A line's share
 * of value added is not recorded anywhere, so a partial exit keeps the
 * enterprise's value added and the intensity after is the best case (the
 * energy goes, the value added stays); the view says so.
 *
 * Memory: the result's arrays live in the arena given and point at the input records' strings,
 * which must outlive it.  Errors: po_whatif_enterprise returns PO_ENOMEM only; a unit the registry
 * lacks is a share's reason, not an error.  Names are static strings.
 */
#ifndef PO_WHATIF_H
#define PO_WHATIF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/account.h"
#include "util/err.h"

struct po_arena;

/* A unit of the enterprise as registered. */
struct po_whatif_unit {
    const char *equipment_id;
    const char *product;       /* "" none */
    const char *capacity_unit; /* "" none */
    bool has_capacity;
    int64_t capacity_micro;
    bool out; /* already sealed or dismantled: not producing */
};

/* One planned exit. */
struct po_whatif_exit {
    const char *equipment_id;
    int64_t capacity_micro; /* planned capacity, the unit's capacity unit */
};

enum po_whatif_method {
    PO_WI_NONE = 0, /* nothing attributed: see the reason */
    PO_WI_ENTERPRISE,
    PO_WI_LINE,
    PO_WI_PRO_RATA,
};

enum po_whatif_reason {
    PO_WIR_OK = 0,
    PO_WIR_NOT_REGISTERED,    /* the unit is not a registered unit of the enterprise */
    PO_WIR_NO_PRODUCT,        /* the unit has no product tag */
    PO_WIR_NO_CAPACITY,       /* the line's capacity is not known (a unit without one) */
    PO_WIR_SEVERAL_PRODUCTS,  /* energy not tagged by product, and several products made */
    PO_WIR_NO_ENERGY,         /* no energy record for the year to attribute */
    PO_WIR_ALREADY_COUNTED,   /* the line's energy is already taken by the exits before */
};

/* How one exit's energy was found. */
struct po_whatif_share {
    enum po_whatif_method method;
    enum po_whatif_reason reason;
    const char *product; /* the records' tag taken from ("" whole-enterprise records) */
    int64_t num, den;    /* share = num / den (capacity × 10^6; ENTERPRISE: 1/1) */
};

struct po_whatif_result {
    bool whole;                     /* the enterprise exits: records and value added all go */
    struct po_whatif_share *shares; /* parallel to the exits */
    struct po_acct_record *after;   /* parallel to rec: what remains */
    struct po_acct_record **removed; /* per exit, parallel to rec: what it takes (NULL: none) */
};

/*
 * Apply the exits to one enterprise's records.  Everything lives in a.
 * PO_ENOMEM only (quantity × capacity is at most 2^126 in 128 bits).  A
 * planned unit the registry lacks is not an error: its share says
 * PO_WIR_NOT_REGISTERED.  For a whole-enterprise exit removed[0] holds all
 * the records and the other exits' removed are NULL (counted with the
 * first).
 */
int po_whatif_enterprise(struct po_whatif_result *out, const struct po_acct_record *rec,
                         size_t nrec, const struct po_whatif_unit *units, size_t nunits,
                         const struct po_whatif_exit *exits, size_t nexits, struct po_arena *a,
                         struct po_err *err);

/* Room under a cap (tce × 10^4), before and after, and what the exits free. */
struct po_whatif_room {
    bool has_cap;
    int64_t cap_e4;
    int64_t before_e4, after_e4; /* cap - total; negative: over the cap */
    int64_t freed_e4;            /* total before - total after (with or without a cap) */
};

void po_whatif_room(struct po_whatif_room *out, bool has_cap, int64_t cap_e4, int64_t total_before_e4,
                    int64_t total_after_e4);

const char *po_whatif_method_name(enum po_whatif_method m); /* "none" "enterprise" "line" ... */
const char *po_whatif_method_zh(enum po_whatif_method m);
const char *po_whatif_reason_en(enum po_whatif_reason r);
const char *po_whatif_reason_zh(enum po_whatif_reason r);

#endif
