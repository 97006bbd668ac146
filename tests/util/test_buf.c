/* test_buf.c: po_buf, po_arena and po_err basics. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/err.h"

static void test_buf__append_and_format(void **state)
{
    (void)state;
    struct po_buf b = PO_BUF_INIT;
    assert_string_equal(b.buf, "");
    po_buf_adds(&b, "能耗");
    po_buf_addf(&b, " %d tce", 42);
    for (int i = 0; i < 100; i++)
        po_buf_addch(&b, 'x');
    assert_false(po_buf_failed(&b));
    assert_int_equal(b.len, strlen("能耗 42 tce") + 100);
    assert_memory_equal(b.buf, "能耗 42 tce", strlen("能耗 42 tce"));
    po_buf_release(&b);
    assert_string_equal(b.buf, "");
}

static void test_buf__arena_backed_and_fault(void **state)
{
    (void)state;
    struct po_arena *a = po_arena_new();
    struct po_buf b = PO_BUF_ARENA(a);
    po_buf_addf(&b, "%s", "hello");
    assert_string_equal(b.buf, "hello");
    po_arena_fail_after(a, 0);
    char big[5000];
    memset(big, 'y', sizeof(big));
    po_buf_add(&b, big, sizeof(big));
    assert_true(po_buf_failed(&b));
    po_buf_adds(&b, "more");
    assert_true(po_buf_failed(&b));
    assert_null(po_arena_alloc(a, 10));
    po_arena_destroy(a);
}

static void test_err__bilingual_and_untouched_on_success(void **state)
{
    (void)state;
    struct po_err err = PO_ERR_INIT;
    int rc = po_err_set(&err, PO_EINVAL, "第%d行错误", "error in row %d", 7);
    assert_int_equal(rc, PO_EINVAL);
    assert_string_equal(err.msg, "error in row 7");
    assert_string_equal(err.msg_zh, "第7行错误");
    po_err_context(&err, "importing %s", "a.csv");
    po_err_context(&err, "cli");
    assert_string_equal(err.context, "cli: importing a.csv");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf__append_and_format),
        cmocka_unit_test(test_buf__arena_backed_and_fault),
        cmocka_unit_test(test_err__bilingual_and_untouched_on_success),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
