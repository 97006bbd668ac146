/*
 * arena.h: region allocator with cleanup callbacks.
 *
 * One arena per CLI command or HTTP request: everything allocated while
 * serving it lives until po_arena_destroy(), which also runs the cleanup
 * callbacks (statements, file descriptors) in reverse order of
 * registration.  Not thread-safe: an arena belongs to one thread at a time.
 *
 * Fault injection: po_arena_fail_after(a, n) makes the (n+1)-th allocation
 * from now fail, so tests can prove every error path reports PO_ENOMEM.
 *
 * Errors: allocation returns NULL when out of memory (or when a failure is injected), never
 * aborts; the caller turns it into PO_ENOMEM.  po_arena_cleanup_add returns PO_ENOMEM (without a
 * po_err: there is none to fill).
 */
#ifndef PO_ARENA_H
#define PO_ARENA_H

#include <stddef.h>

struct po_arena;

typedef void po_cleanup_fn(void *data);

/* Returns NULL when out of memory.  Caller owns; free with po_arena_destroy(). */
struct po_arena *po_arena_new(void);
void po_arena_destroy(struct po_arena *a);

/* Aligned to max_align_t.  NULL on failure (or injected failure). Memory is zeroed. */
void *po_arena_alloc(struct po_arena *a, size_t size);
/* The same, not zeroed: for buffers about to be filled whole (response bodies). */
void *po_arena_alloc_raw(struct po_arena *a, size_t size);
/* n * size with overflow check. */
void *po_arena_calloc(struct po_arena *a, size_t n, size_t size);
/* Grow an allocation made from this arena; the old block is not reclaimed. */
void *po_arena_realloc(struct po_arena *a, void *old, size_t oldsize, size_t newsize);
char *po_arena_strdup(struct po_arena *a, const char *s);
char *po_arena_strndup(struct po_arena *a, const char *s, size_t n);
char *po_arena_printf(struct po_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Run fn(data) when the arena is destroyed.  Returns 0, or PO_ENOMEM. */
int po_arena_cleanup_add(struct po_arena *a, po_cleanup_fn *fn, void *data);

/* Bytes handed out so far (for tests and benchmarks). */
size_t po_arena_used(const struct po_arena *a);

/* Fail every allocation after n more succeed; n < 0 disables. */
void po_arena_fail_after(struct po_arena *a, long n);

#endif
