/* strmap.c: open addressing with linear probing, grown at 50% load. */
#include "util/strmap.h"
#include "util/arena.h"

#include <string.h>

struct slot {
    const char *key; /* NULL: empty */
    uint32_t len;
    uint32_t hash;
    int64_t val;
};

struct po_strmap {
    struct po_arena *a;
    struct slot *slots;
    size_t cap, count;
};

static uint32_t fnv1a(const void *key, size_t len)
{
    const unsigned char *p = key;
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

struct po_strmap *po_strmap_new(struct po_arena *a, size_t expected)
{
    struct po_strmap *m = po_arena_alloc(a, sizeof(*m));
    if (!m)
        return NULL;
    size_t cap = 64;
    while (cap < expected * 2)
        cap *= 2;
    m->a = a;
    m->cap = cap;
    m->slots = po_arena_calloc(a, cap, sizeof(struct slot));
    return m->slots ? m : NULL;
}

static struct slot *find(const struct po_strmap *m, const void *key, size_t len, uint32_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        struct slot *s = &m->slots[i];
        if (!s->key || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
    }
}

static int grow(struct po_strmap *m)
{
    size_t ncap = m->cap * 2;
    struct slot *ns = po_arena_calloc(m->a, ncap, sizeof(struct slot));
    if (!ns)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        struct slot *s = &m->slots[i];
        if (!s->key)
            continue;
        for (size_t j = s->hash & (ncap - 1);; j = (j + 1) & (ncap - 1)) {
            if (!ns[j].key) {
                ns[j] = *s;
                break;
            }
        }
    }
    m->slots = ns;
    m->cap = ncap;
    return 0;
}

bool po_strmap_get(const struct po_strmap *m, const void *key, size_t len, int64_t *val)
{
    struct slot *s = find(m, key, len, fnv1a(key, len));
    if (!s->key)
        return false;
    if (val)
        *val = s->val;
    return true;
}

int po_strmap_put(struct po_strmap *m, const void *key, size_t len, int64_t val, int64_t *existing)
{
    if (len > UINT32_MAX)
        return -1;
    uint32_t h = fnv1a(key, len);
    struct slot *s = find(m, key, len, h);
    if (s->key) {
        if (existing)
            *existing = s->val;
        return 0;
    }
    if ((m->count + 1) * 2 > m->cap) {
        if (grow(m) < 0)
            return -1;
        s = find(m, key, len, h);
    }
    char *k = po_arena_alloc(m->a, len + 1);
    if (!k)
        return -1;
    memcpy(k, key, len);
    s->key = k;
    s->len = (uint32_t)len;
    s->hash = h;
    s->val = val;
    m->count++;
    return 1;
}

size_t po_strmap_count(const struct po_strmap *m)
{
    return m->count;
}
