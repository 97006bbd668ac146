/* test_conns.c: which connections the reaper closes when crowded (po_conns_pick, conns.h);
 * tests/http/slowclients.test.mjs drives the whole of it with real sockets. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "http/conns.h"

/* n connections of address addr, accepted at since, since+1, ...; between requests or not */
static size_t add(struct po_conns_ent *e, size_t at, size_t n, uint64_t addr, int64_t since,
                  bool between)
{
    for (size_t i = 0; i < n; i++)
        e[at + i] = (struct po_conns_ent){ .addr = addr, .since_ms = since + (int64_t)i,
                                           .between = between, .conn = (void *)(uintptr_t)(at + i + 1) };
    return at + n;
}

static size_t count(const struct po_conns_ent *e, size_t n, uint64_t addr, int why)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += e[i].addr == addr && e[i].close == why;
    return k;
}

static void test_conns__room_is_left_alone(void **state)
{
    (void)state;
    struct po_conns_ent e[900];
    size_t n = add(e, 0, 300, 1, 0, true); /* below 3/4 of the per-address 512 */
    n = add(e, n, 300, 2, 0, true);
    n = add(e, n, 296, 3, 0, false);       /* 896 open: 7/8 of 1024, not above */
    assert_int_equal(po_conns_pick(e, n, 1024, 512), 0);
}

static void test_conns__crowded_closes_the_biggest_addresses_oldest_first(void **state)
{
    (void)state;
    static struct po_conns_ent e[1100];
    size_t n = add(e, 0, 350, 1, 1000, true); /* an attacker, slow headers */
    n = add(e, n, 350, 2, 0, true);           /* another, older */
    n = add(e, n, 300, 3, 0, false);          /* in requests: never cut */
    n = add(e, n, 3, 4, 0, true);             /* a user's idle keep-alive connections */
    size_t k = po_conns_pick(e, n, 1024, 512);
    /* 1003 open > 896: down to 768, so 235 closed, from addresses 1 and 2 (350 each) */
    assert_int_equal(k, 1003 - 768);
    assert_int_equal(count(e, n, 3, PO_CONNS_CROWDED), 0);
    assert_int_equal(count(e, n, 4, PO_CONNS_CROWDED), 0);
    assert_int_equal(count(e, n, 2, PO_CONNS_CROWDED), 235); /* older first among the equals */
    for (size_t i = 0; i < n; i++) /* and the oldest of address 2 */
        if (e[i].addr == 2 && e[i].close)
            assert_true(e[i].since_ms < 235);
}

static void test_conns__one_address_is_held_to_its_share(void **state)
{
    (void)state;
    struct po_conns_ent e[600];
    size_t n = add(e, 0, 100, 7, 0, false);   /* a NAT's requests in progress */
    n = add(e, n, 400, 7, 100, true);         /* and its idle connections */
    n = add(e, n, 10, 8, 0, true);
    size_t k = po_conns_pick(e, n, 1024, 512);
    assert_int_equal(k, 500 - 384); /* above 3/4 of 512 */
    assert_int_equal(count(e, n, 7, PO_CONNS_SHARE), 116);
    for (size_t i = 0; i < n; i++)
        if (e[i].close)
            assert_true(e[i].between && e[i].since_ms < 100 + 116);
}

static void test_conns__nothing_between_requests_nothing_closed(void **state)
{
    (void)state;
    struct po_conns_ent e[1000];
    size_t n = add(e, 0, 1000, 1, 0, false);
    assert_int_equal(po_conns_pick(e, n, 1024, 512), 0);
    assert_int_equal(po_conns_pick(NULL, 0, 1024, 512), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_conns__room_is_left_alone),
        cmocka_unit_test(test_conns__crowded_closes_the_biggest_addresses_oldest_first),
        cmocka_unit_test(test_conns__one_address_is_held_to_its_share),
        cmocka_unit_test(test_conns__nothing_between_requests_nothing_closed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
