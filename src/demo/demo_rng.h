/*
 * demo_rng.h: pseudo-random numbers for the demo city (xoshiro256**).
 *
 * The demo must give byte-identical files for a seed on every machine, so it
 * uses its own generator instead of rand(): xoshiro256** (Blackman and
 * Vigna), seeded through splitmix64.  A seed fans out into independent
 * streams, one per purpose and enterprise (po_demo_rng_init's stream), so
 * one enterprise drawing one more number does not shift every other one.
 * Integer arithmetic only.  A struct po_demo_rng belongs to one thread.
 *
 * Memory: none (the state is the caller's struct).  Errors: none; the arguments' preconditions (lo
 * <= hi, weights) are the caller's.
 */
#ifndef PO_DEMO_RNG_H
#define PO_DEMO_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct po_demo_rng {
    uint64_t s[4];
};

/* Seed r with the stream numbered stream of seed. */
void po_demo_rng_init(struct po_demo_rng *r, uint64_t seed, uint64_t stream);

uint64_t po_demo_rng_next(struct po_demo_rng *r);

/* Uniform in [lo, hi], without modulo bias; lo <= hi. */
int64_t po_demo_rng_range(struct po_demo_rng *r, int64_t lo, int64_t hi);

/* True with probability permille / 1000. */
bool po_demo_rng_chance(struct po_demo_rng *r, int permille);

/* An index into w[0..n), drawn with the weights in w (n > 0, weights >= 0, sum > 0). */
size_t po_demo_rng_weighted(struct po_demo_rng *r, const int *w, size_t n);

#endif
