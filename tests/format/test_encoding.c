/* test_encoding.c: UTF-8 validation, GB18030 decoding, display width, row by row. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "format/encoding.h"
#include "util/err.h"

#define S(lit) lit, sizeof(lit) - 1

static void test_encoding__utf8_valid_len(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t len, want;
    } cases[] = {
        { S(""), 0 },
        { S("plain ascii, longer than eight bytes"), 36 },
        { S("能耗 tce"), 10 },
        { S("\xF0\x9F\x98\x80 emoji"), 10 },
        { S("abcdefgh\xFF"), 8 },       /* after the 8-byte fast path */
        { S("ab\xC0\xAF"), 2 },         /* overlong '/' */
        { S("ab\xE0\x80\xAF"), 2 },     /* overlong, three bytes */
        { S("ab\xED\xA0\x80"), 2 },     /* surrogate U+D800 */
        { S("ab\xF4\x90\x80\x80"), 2 }, /* above U+10FFFF */
        { S("ab\xE4\xB8"), 2 },         /* cut off by the end */
        { S("\xD6\xD0\xCE\xC4"), 0 },   /* "中文" in GBK */
        { S("a\0b"), 3 },               /* NUL is valid */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t got = po_encoding_utf8_valid_len(cases[i].s, cases[i].len);
        if (got != cases[i].want)
            print_error("case %zu: got %zu\n", i, got);
        assert_int_equal(got, cases[i].want);
    }
}

static void test_encoding__decode_gb18030(void **state)
{
    (void)state;
    struct po_decoder *d;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_encoding_open(&d, "GB18030", &err), 0);
    char out[64];
    size_t used, n;
    assert_int_equal(po_encoding_decode(d, S("\xD6\xD0\xCE\xC4,x"), &used, out, sizeof(out), &n),
                     0);
    assert_int_equal(used, 6);
    assert_int_equal(n, 8);
    assert_memory_equal(out, "中文,x", 8);
    /* invalid lead byte 0xFF after one good character */
    assert_int_equal(po_encoding_decode(d, S("\xD6\xD0\xFF"), &used, out, sizeof(out), &n),
                     PO_EINVAL);
    assert_int_equal(used, 2);
    /* a character cut off at the end */
    assert_int_equal(po_encoding_decode(d, S("a\xD6"), &used, out, sizeof(out), &n), PO_EINVAL);
    assert_int_equal(used, 1);
    /* out full: not an error, the rest comes on the next call */
    assert_int_equal(po_encoding_decode(d, S("\xD6\xD0\xCE\xC4"), &used, out, 4, &n), 0);
    assert_int_equal(used, 2);
    po_encoding_close(d);
    assert_int_equal(po_encoding_open(&d, "NO-SUCH-CHARSET", &err), PO_EINVAL);
    assert_null(d);
}

static void test_encoding__display_width(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t width;
    } cases[] = {
        { "", 0 },
        { "tce", 3 },
        { "统一社会信用代码", 16 },
        { "产量（吨）", 10 },
        { "한국", 4 },
        { "café", 4 },
        { "\xFF", 1 },
        { "𠀀", 2 },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        assert_int_equal(po_encoding_display_width(cases[i].s, strlen(cases[i].s)), cases[i].width);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encoding__utf8_valid_len),
        cmocka_unit_test(test_encoding__decode_gb18030),
        cmocka_unit_test(test_encoding__display_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
