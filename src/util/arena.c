/*
 * arena.c: region allocator.
 *
 * Blocks grow geometrically up to 1 MiB; a request larger than a quarter of
 * the block size gets a block of its own, so one huge allocation does not
 * waste the tail of the current block.
 */
#include "util/arena.h"

#include <stdarg.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct block {
    struct block *next;
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
};

struct cleanup {
    struct cleanup *next;
    po_cleanup_fn *fn;
    void *data;
};

struct po_arena {
    struct block *head;
    struct cleanup *cleanups;
    size_t next_size;
    size_t total;
    long fail_after;
};

#define ALIGN (alignof(max_align_t))
#define MAX_BLOCK ((size_t)1 << 20)

struct po_arena *po_arena_new(void)
{
    struct po_arena *a = calloc(1, sizeof(*a));
    if (!a)
        return NULL;
    a->next_size = 4096;
    a->fail_after = -1;
    return a;
}

void po_arena_destroy(struct po_arena *a)
{
    if (!a)
        return;
    for (struct cleanup *c = a->cleanups; c; c = c->next)
        c->fn(c->data);
    struct block *b = a->head;
    while (b) {
        struct block *n = b->next;
        free(b);
        b = n;
    }
    free(a);
}

static int injected_failure(struct po_arena *a)
{
    if (a->fail_after < 0)
        return 0;
    if (a->fail_after == 0)
        return 1;
    a->fail_after--;
    return 0;
}

static struct block *new_block(size_t size)
{
    struct block *b = malloc(sizeof(*b) + size);
    if (!b)
        return NULL;
    b->size = size;
    b->used = 0;
    return b;
}

static void *alloc(struct po_arena *a, size_t size, bool zero);

void *po_arena_alloc(struct po_arena *a, size_t size)
{
    return alloc(a, size, true);
}

void *po_arena_alloc_raw(struct po_arena *a, size_t size)
{
    return alloc(a, size, false);
}

static void *alloc(struct po_arena *a, size_t size, bool zero)
{
    if (!a || injected_failure(a))
        return NULL;
    if (size == 0)
        size = 1;
    if (size > SIZE_MAX - ALIGN)
        return NULL;
    size = (size + ALIGN - 1) & ~(ALIGN - 1);
    struct block *b = a->head;
    if (!b || b->size - b->used < size) {
        if (size > a->next_size / 4) {
            /* big request: a dedicated block behind the current one */
            struct block *big = new_block(size);
            if (!big)
                return NULL;
            big->used = size;
            if (b) {
                big->next = b->next;
                b->next = big;
            } else {
                big->next = NULL;
                a->head = big;
            }
            a->total += size;
            if (zero)
                memset(big->data, 0, size);
            return big->data;
        }
        b = new_block(a->next_size);
        if (!b)
            return NULL;
        b->next = a->head;
        a->head = b;
        if (a->next_size < MAX_BLOCK)
            a->next_size *= 2;
    }
    void *p = b->data + b->used;
    b->used += size;
    a->total += size;
    if (zero)
        memset(p, 0, size);
    return p;
}

void *po_arena_calloc(struct po_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return po_arena_alloc(a, n * size);
}

void *po_arena_realloc(struct po_arena *a, void *old, size_t oldsize, size_t newsize)
{
    if (newsize <= oldsize && old)
        return old;
    void *p = po_arena_alloc(a, newsize);
    if (p && old && oldsize)
        memcpy(p, old, oldsize);
    return p;
}

char *po_arena_strndup(struct po_arena *a, const char *s, size_t n)
{
    char *p = po_arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *po_arena_strdup(struct po_arena *a, const char *s)
{
    return po_arena_strndup(a, s, strlen(s));
}

char *po_arena_printf(struct po_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = po_arena_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

int po_arena_cleanup_add(struct po_arena *a, po_cleanup_fn *fn, void *data)
{
    struct cleanup *c = po_arena_alloc(a, sizeof(*c));
    if (!c)
        return -5; /* PO_ENOMEM; arena.h stays free of err.h */
    c->fn = fn;
    c->data = data;
    c->next = a->cleanups;
    a->cleanups = c;
    return 0;
}

size_t po_arena_used(const struct po_arena *a)
{
    return a->total;
}

void po_arena_fail_after(struct po_arena *a, long n)
{
    a->fail_after = n;
}
