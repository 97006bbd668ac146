/* test_decimal.c: exact decimal parsing and formatting, table-driven. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/decimal.h"

static const struct {
    const char *in;
    enum po_dec_status st;
    int64_t want;
} cases[] = {
    { "0", PO_DEC_OK, 0 },
    { "1", PO_DEC_OK, 1000000 },
    { "-3", PO_DEC_OK, -3000000 },
    { "+2.5", PO_DEC_OK, 2500000 },
    { "1234.567", PO_DEC_OK, 1234567000 },
    { " 12.5 ", PO_DEC_OK, 12500000 },
    { "1,234,567.5", PO_DEC_OK, 1234567500000 },
    { "0.000001", PO_DEC_OK, 1 },
    { "0.1000000", PO_DEC_OK, 100000 },
    { ".5", PO_DEC_OK, 500000 },
    { "1.", PO_DEC_OK, 1000000 },
    { "0.0000001", PO_DEC_PRECISION, 0 },
    { "", PO_DEC_EMPTY, 0 },
    { "   ", PO_DEC_EMPTY, 0 },
    { "abc", PO_DEC_SYNTAX, 0 },
    { "1e5", PO_DEC_SYNTAX, 0 },
    { "12,34", PO_DEC_SYNTAX, 0 },
    { "1,2345", PO_DEC_SYNTAX, 0 },
    { ",123", PO_DEC_SYNTAX, 0 },
    { "1.2.3", PO_DEC_SYNTAX, 0 },
    { "-", PO_DEC_SYNTAX, 0 },
    { ".", PO_DEC_SYNTAX, 0 },
    { "¥12", PO_DEC_SYNTAX, 0 },
    { "１２", PO_DEC_SYNTAX, 0 },
    { "99999999999999999999", PO_DEC_RANGE, 0 },
    { "9223372036854.775807", PO_DEC_OK, INT64_MAX },
    { "9223372036854.775808", PO_DEC_RANGE, 0 },
};

static void test_decimal__parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int64_t v = 0;
        enum po_dec_status st = po_dec_parse(&v, cases[i].in, strlen(cases[i].in));
        if (st != cases[i].st)
            fail_msg("\"%s\": status %d, want %d", cases[i].in, st, cases[i].st);
        if (st == PO_DEC_OK && v != cases[i].want)
            fail_msg("\"%s\": %lld, want %lld", cases[i].in, (long long)v,
                     (long long)cases[i].want);
    }
}

static void test_decimal__format_round_trip(void **state)
{
    (void)state;
    static const struct {
        int64_t v;
        const char *s;
    } f[] = { { 0, "0" }, { 1500000, "1.5" }, { -1, "-0.000001" }, { 1234567000, "1234.567" },
              { -2000000, "-2" }, { INT64_MAX, "9223372036854.775807" } };
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
        char buf[40];
        po_dec_format(buf, sizeof(buf), f[i].v);
        assert_string_equal(buf, f[i].s);
        int64_t back;
        assert_int_equal(po_dec_parse(&back, buf, strlen(buf)), PO_DEC_OK);
        assert_true(back == f[i].v);
    }
}

static void test_decimal__int_parse(void **state)
{
    (void)state;
    int64_t v;
    assert_int_equal(po_int_parse(&v, "2023", 4), PO_DEC_OK);
    assert_int_equal(v, 2023);
    assert_int_equal(po_int_parse(&v, "2023.0", 6), PO_DEC_OK);
    assert_int_equal(po_int_parse(&v, "12.5", 4), PO_DEC_SYNTAX);
    assert_int_equal(po_int_parse(&v, "1,000", 5), PO_DEC_SYNTAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decimal__parse_table),
        cmocka_unit_test(test_decimal__format_round_trip),
        cmocka_unit_test(test_decimal__int_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
