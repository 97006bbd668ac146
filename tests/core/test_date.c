/*
 * test_date.c: civil dates (core/date.h) — YYYY-MM-DD read exactly, Gregorian
 * leap years, and the order of two days.  One row per case.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/date.h"

struct parse_row {
    const char *text;
    int ok; /* 0 parsed, -1 refused */
    struct po_date want;
};

/* clang-format off */
static const struct parse_row parse_rows[] = {
    { "2024-02-29", 0, { 2024, 2, 29 } },  /* leap year */
    { "2000-02-29", 0, { 2000, 2, 29 } },  /* divisible by 400 */
    { "1900-02-29", -1, { 0, 0, 0 } },     /* divisible by 100 only */
    { "2023-02-29", -1, { 0, 0, 0 } },
    { "2023-02-28", 0, { 2023, 2, 28 } },
    { "2024-04-31", -1, { 0, 0, 0 } },
    { "2024-12-31", 0, { 2024, 12, 31 } },
    { "0001-01-01", 0, { 1, 1, 1 } },
    { "0000-01-01", -1, { 0, 0, 0 } },
    { "2024-13-01", -1, { 0, 0, 0 } },
    { "2024-00-10", -1, { 0, 0, 0 } },
    { "2024-01-00", -1, { 0, 0, 0 } },
    { "2023-1-01", -1, { 0, 0, 0 } },      /* exactly YYYY-MM-DD */
    { "2023-01-1", -1, { 0, 0, 0 } },
    { "20230101", -1, { 0, 0, 0 } },
    { "2023/01/01", -1, { 0, 0, 0 } },
    { "2023-01-01T00:00:00Z", -1, { 0, 0, 0 } },
    { " 2023-01-01", -1, { 0, 0, 0 } },
    { "2023-+1-01", -1, { 0, 0, 0 } },
    { "", -1, { 0, 0, 0 } },
};
/* clang-format on */

static void test_date__parse(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parse_rows / sizeof parse_rows[0]; i++) {
        const struct parse_row *r = &parse_rows[i];
        struct po_date d = { -7, -7, -7 };
        int rc = po_date_parse(&d, r->text, strlen(r->text));
        if (rc != r->ok)
            fail_msg("\"%s\": rc %d, want %d", r->text, rc, r->ok);
        if (rc == 0 && (d.y != r->want.y || d.m != r->want.m || d.d != r->want.d))
            fail_msg("\"%s\": got %d-%d-%d", r->text, d.y, d.m, d.d);
        if (rc < 0 && (d.y != -7 || d.m != -7 || d.d != -7))
            fail_msg("\"%s\": refused but out written", r->text);
    }
}

static void test_date__parse_reads_len_bytes_only(void **state)
{
    (void)state;
    struct po_date d;
    assert_int_equal(po_date_parse(&d, "2024-03-15 and more", 10), 0);
    assert_int_equal(d.d, 15);
    assert_int_equal(po_date_parse(&d, "2024-03-15", 9), -1);
}

struct cmp_row {
    struct po_date a, b;
    int want; /* sign */
};

/* clang-format off */
static const struct cmp_row cmp_rows[] = {
    { { 2024, 1, 1 }, { 2024, 1, 1 }, 0 },
    { { 2024, 1, 1 }, { 2024, 1, 2 }, -1 },
    { { 2024, 1, 31 }, { 2024, 2, 1 }, -1 },   /* month before day */
    { { 2023, 12, 31 }, { 2024, 1, 1 }, -1 },  /* year before month */
    { { 2025, 1, 1 }, { 2024, 12, 31 }, 1 },
    { { 2024, 3, 2 }, { 2024, 3, 1 }, 1 },
    { { 0, 0, 0 }, { 1, 1, 1 }, -1 },          /* "no date" sorts first */
};
/* clang-format on */

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

static void test_date__cmp(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cmp_rows / sizeof cmp_rows[0]; i++) {
        const struct cmp_row *r = &cmp_rows[i];
        if (sign(po_date_cmp(r->a, r->b)) != r->want || sign(po_date_cmp(r->b, r->a)) != -r->want)
            fail_msg("row %zu: cmp %d", i, po_date_cmp(r->a, r->b));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_date__parse),
        cmocka_unit_test(test_date__parse_reads_len_bytes_only),
        cmocka_unit_test(test_date__cmp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
