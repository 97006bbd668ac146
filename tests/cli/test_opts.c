/*
 * test_opts.c: the shared options of every command (src/cli/opts.c), table-driven.
 *
 * Each row is a command line, the spec of a command that takes some of the
 * shared options and has a few of its own, and what po_cli_parse() must
 * give: the exit status (0 or 2) and, when 0, the values.  The usage text
 * and getopt's messages go to stderr, which the test does not read.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "cli/opts.h"

static const char *const usage[] = { "usage: test", NULL };
static const char *const formats[] = { "csv", "xlsx", NULL };
static const char *const langs[] = { "zh", "en", NULL };

/* One spec for the table: everything shared, a year range of its own, --db needed. */
static const struct po_cli_spec spec = {
    .usage = usage,
    .take = PO_OPT_DB | PO_OPT_YEAR | PO_OPT_FORMAT | PO_OPT_OUT | PO_OPT_LANG | PO_OPT_AS_OF |
            PO_OPT_HELP,
    .need = PO_OPT_DB,
    .year_min = 2000,
    .year_max = 2030,
    .formats = formats,
    .format = "csv",
    .langs = langs,
    .lang = "zh",
    .as_of_date = true,
};

struct own {
    const char *kind;
    bool quiet;
    int n;
};

static int parse_n(void *value, char *arg)
{
    if (strcmp(arg, "refuse") == 0)
        return PO_CLI_REFUSED;
    if (strcmp(arg, "1") != 0)
        return PO_CLI_USAGE;
    *(int *)value = 1;
    return 0;
}

static const struct {
    const char *line; /* words separated by one space; argv[0] is "cmd" */
    int status;
    const char *db, *format, *lang, *out, *kind;
    int year, nargs;
    bool quiet;
} cases[] = {
    { "cmd --db d", 0, "d", "csv", "zh", NULL, NULL, 0, 0, false },
    { "cmd --db=d --year 2024 --format xlsx --lang en --out o", 0, "d", "xlsx", "en", "o", NULL,
      2024, 0, false },
    { "cmd a --db d b", 0, "d", "csv", "zh", NULL, NULL, 0, 2, false },
    { "cmd --db d --kind k --quiet", 0, "d", "csv", "zh", NULL, "k", 0, 0, true },
    { "cmd --db d --ye 2030 --ki k", 0, "d", "csv", "zh", NULL, "k", 2030, 0, false },
    { "cmd --db d -- --year", 0, "d", "csv", "zh", NULL, NULL, 0, 1, false },
    { "cmd --db d --as-of 2024-02-29", 0, "d", "csv", "zh", NULL, NULL, 0, 0, false },
    { "cmd --db d --n 1", 0, "d", "csv", "zh", NULL, NULL, 0, 0, false },
    /* usage errors */
    { "cmd", 2, NULL, NULL, NULL, NULL, NULL, 0, 0, false }, /* --db needed */
    { "cmd --db d --year 1999", 2, NULL, NULL, NULL, NULL, NULL, 0, 0, false },
    { "cmd --db d --year 2031", 2, NULL, NULL, NULL, NULL, NULL, 0, 0, false },
    { "cmd --db d --year 20x4", 2, NULL, NULL, NULL, NULL, NULL, 0, 0, false },
    { "cmd --db d --format pdf", 2, NULL, NULL, NULL, NULL, NULL, 0, 0, false },
    { "cmd --db d --lang fr", 2, NULL, NULL, NULL, NULL, NULL, 0, 0, false },
    { "cmd --db d --as-of 2023-02-29", 2, NULL, NULL, NULL, NULL, NULL, 0, 0, false },
    { "cmd --db d --help", 2, NULL, NULL, NULL, NULL, NULL, 0, 0, false },
    { "cmd --db d --bogus", 2, NULL, NULL, NULL, NULL, NULL, 0, 0, false },
    { "cmd --db", 2, NULL, NULL, NULL, NULL, NULL, 0, 0, false },
    { "cmd --db d --n 2", 2, NULL, NULL, NULL, NULL, NULL, 0, 0, false },
    { "cmd --db d --n refuse", 2, NULL, NULL, NULL, NULL, NULL, 0, 0, false },
    { "cmd --db d --quiet=yes", 2, NULL, NULL, NULL, NULL, NULL, 0, 0, false },
};

static void test_opts__table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char buf[256], *argv[16];
        int argc = 0;
        snprintf(buf, sizeof(buf), "%s", cases[i].line);
        for (char *w = buf, *sp; w; w = sp ? sp + 1 : NULL) {
            sp = strchr(w, ' ');
            if (sp)
                *sp = '\0';
            argv[argc++] = w;
        }
        argv[argc] = NULL;
        struct own own = { NULL, false, 0 };
        const struct po_cli_opt table[] = {
            { "kind", PO_CLI_STR, &own.kind, NULL },
            { "quiet", PO_CLI_FLAG, &own.quiet, NULL },
            { "n", PO_CLI_FN, &own.n, parse_n },
            { NULL },
        };
        struct po_cli_opts o;
        int st = po_cli_parse(&o, &spec, table, argc, argv);
        if (st != cases[i].status)
            fail_msg("%s: status %d, want %d", cases[i].line, st, cases[i].status);
        if (st)
            continue;
        assert_string_equal(o.db, cases[i].db);
        assert_string_equal(o.format, cases[i].format);
        assert_string_equal(o.lang, cases[i].lang);
        if (cases[i].out)
            assert_string_equal(o.out, cases[i].out);
        else
            assert_null(o.out);
        if (cases[i].kind)
            assert_string_equal(own.kind, cases[i].kind);
        else
            assert_null(own.kind);
        assert_int_equal(o.year, cases[i].year);
        assert_int_equal(o.nargs, cases[i].nargs);
        assert_int_equal(own.quiet, cases[i].quiet);
    }
}

static void test_opts__as_of_and_operands(void **state)
{
    (void)state;
    char a0[] = "cmd", a1[] = "x", a2[] = "--as-of", a3[] = "2024-03-01", a4[] = "--db", a5[] = "d";
    char *argv[] = { a0, a1, a2, a3, a4, a5, NULL };
    struct po_cli_opts o;
    assert_int_equal(po_cli_parse(&o, &spec, NULL, 6, argv), 0);
    assert_string_equal(o.as_of, "2024-03-01");
    assert_int_equal(o.as_of_date.y, 2024);
    assert_int_equal(o.as_of_date.m, 3);
    assert_int_equal(o.as_of_date.d, 1);
    assert_int_equal(o.nargs, 1);
    assert_string_equal(o.args[0], "x"); /* getopt moved the operand behind the options */
}

/* Without as_of_date the text is kept as given: the command checks it (exit 1, not 2). */
static void test_opts__as_of_text_only(void **state)
{
    (void)state;
    static const struct po_cli_spec text = { .usage = usage, .take = PO_OPT_AS_OF };
    char a0[] = "cmd", a1[] = "--as-of", a2[] = "2023-02-29";
    char *argv[] = { a0, a1, a2, NULL };
    struct po_cli_opts o;
    assert_int_equal(po_cli_parse(&o, &text, NULL, 3, argv), 0);
    assert_string_equal(o.as_of, "2023-02-29");
    assert_int_equal(o.as_of_date.y, 0);
    assert_null(o.db);
    assert_null(o.format);
}

/* An option the spec does not take is unknown, shared or not. */
static void test_opts__only_what_is_taken(void **state)
{
    (void)state;
    static const struct po_cli_spec dbonly = { .usage = usage, .take = PO_OPT_DB };
    char a0[] = "cmd", a1[] = "--year", a2[] = "2024", a3[] = "--help";
    char *argv[] = { a0, a1, a2, NULL };
    struct po_cli_opts o;
    assert_int_equal(po_cli_parse(&o, &dbonly, NULL, 3, argv), 2);
    char *argv2[] = { a0, a3, NULL };
    assert_int_equal(po_cli_parse(&o, &dbonly, NULL, 2, argv2), 2);
}

static void test_opts__values(void **state)
{
    (void)state;
    int v = 7;
    assert_int_equal(po_cli_parse_int(&v, "12", 1, 16), 0);
    assert_int_equal(v, 12);
    assert_int_equal(po_cli_parse_int(&v, "17", 1, 16), -1);
    assert_int_equal(po_cli_parse_int(&v, "", 1, 16), -1);
    assert_int_equal(po_cli_parse_int(&v, "3x", 1, 16), -1);
    assert_int_equal(v, 12);
    assert_int_equal(po_cli_parse_year(&v, "1990"), 0);
    assert_int_equal(po_cli_parse_year(&v, "1989"), -1);
    enum po_elec_choice e;
    assert_int_equal(po_cli_parse_elec(&e, NULL), 0);
    assert_int_equal(e, PO_ELEC_POLICY);
    assert_int_equal(po_cli_parse_elec(&e, "equal"), 0);
    assert_int_equal(e, PO_ELEC_EQUAL);
    assert_int_equal(po_cli_parse_elec(&e, "nope"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opts__table),
        cmocka_unit_test(test_opts__as_of_and_operands),
        cmocka_unit_test(test_opts__as_of_text_only),
        cmocka_unit_test(test_opts__only_what_is_taken),
        cmocka_unit_test(test_opts__values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
