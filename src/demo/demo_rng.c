/*
 * demo_rng.c: xoshiro256** seeded by splitmix64.
 *
 * Both generators are the public-domain reference algorithms
 * (prng.di.unimi.it).  Streams are derived by mixing the stream number into
 * the splitmix64 state before the four state words are drawn, which is how
 * the authors suggest seeding several generators from one seed.
 */
#include "demo/demo_rng.h"

#include <assert.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void po_demo_rng_init(struct po_demo_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed;
    uint64_t mixed = splitmix64(&x) ^ (stream * 0xD1342543DE82EF95u);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&mixed);
}

uint64_t po_demo_rng_next(struct po_demo_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

int64_t po_demo_rng_range(struct po_demo_rng *r, int64_t lo, int64_t hi)
{
    assert(lo <= hi);
    uint64_t span = (uint64_t)hi - (uint64_t)lo + 1;
    if (span == 0)
        return (int64_t)po_demo_rng_next(r);
    /* Reject the top partial bucket so every value is equally likely. */
    uint64_t limit = UINT64_MAX - UINT64_MAX % span;
    uint64_t v;
    do {
        v = po_demo_rng_next(r);
    } while (v >= limit);
    return (int64_t)((uint64_t)lo + v % span);
}

bool po_demo_rng_chance(struct po_demo_rng *r, int permille)
{
    return po_demo_rng_range(r, 0, 999) < permille;
}

size_t po_demo_rng_weighted(struct po_demo_rng *r, const int *w, size_t n)
{
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += w[i];
    assert(n > 0 && sum > 0);
    int64_t pick = po_demo_rng_range(r, 0, sum - 1);
    for (size_t i = 0; i < n; i++) {
        if (pick < w[i])
            return i;
        pick -= w[i];
    }
    return n - 1;
}
