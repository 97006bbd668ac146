/*
 * account_grow.h: arena-backed array growth shared by the accounting modules.
 *
 * Tables of the accounting (rules, factors, quota rows, targets, rows read
 * from the database) grow one element at a time into an arena; doubling
 * keeps that linear.  The old block is left in the arena (arena.h).
 *
 * Memory: the array lives in the arena given.  Errors: po_acct_grow returns -1 when the arena is
 * out of memory and leaves *v and *cap unchanged; the caller reports PO_ENOMEM.
 */
#ifndef PO_ACCOUNT_GROW_H
#define PO_ACCOUNT_GROW_H

#include <stddef.h>

#include "util/arena.h"

/*
 * Make room for element n of *v (elements of size bytes, capacity *cap):
 * doubles the capacity (first 16) when full.  0, or -1 when out of memory
 * (*v and *cap unchanged).
 */
static inline int po_acct_grow(void **v, size_t *cap, size_t n, size_t size, struct po_arena *a)
{
    if (n < *cap)
        return 0;
    size_t ncap = *cap ? *cap * 2 : 16;
    void *nv = po_arena_realloc(a, *v, *cap * size, ncap * size);
    if (!nv)
        return -1;
    *v = nv;
    *cap = ncap;
    return 0;
}

#endif
