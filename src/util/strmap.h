/*
 * strmap.h: byte-string → int64 hash map (open addressing, FNV-1a).
 *
 * Keys are copied into the map's arena; the map never frees anything on
 * its own, everything goes with the arena.  Used for USCC → enterprise id
 * lookups and duplicate-key detection during imports.  Not thread-safe.
 *
 * Errors: no po_err; po_strmap_new returns NULL and po_strmap_put -1 when out of memory.
 */
#ifndef PO_STRMAP_H
#define PO_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct po_arena;
struct po_strmap;

/* NULL when out of memory. */
struct po_strmap *po_strmap_new(struct po_arena *a, size_t expected);
/* Look key up; true and *val set when present. */
bool po_strmap_get(const struct po_strmap *m, const void *key, size_t len, int64_t *val);
/*
 * Insert key → val unless present.  Returns 1 when inserted, 0 when the key
 * was already there (*existing gets its value if not NULL), -1 when out of
 * memory.
 */
int po_strmap_put(struct po_strmap *m, const void *key, size_t len, int64_t val, int64_t *existing);
size_t po_strmap_count(const struct po_strmap *m);

#endif
