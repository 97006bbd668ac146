/* test_password.c: the password policy row by row (core/password.h, GB/T 22239-2019 level 3). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/password.h"

static void test_password__table(void **state)
{
    (void)state;
    static const struct {
        const char *pw, *user;
        int rc;
        const char *msg; /* part of the English message when refused */
    } rows[] = {
        { "Abcdefgh12", "zhangsan", 0, NULL },          /* 10 chars, 3 classes */
        { "Abcdefg12", "zhangsan", PO_EINVAL, "too short" }, /* 9 */
        { "abcdefgh12", "zhangsan", PO_EINVAL, "at least 3 of" },
        { "abcdefgh!2", "zhangsan", 0, NULL },          /* lower, other, digit */
        { "ABCDEFGH!!", "zhangsan", PO_EINVAL, "at least 3 of" },
        { "ABCDEFGH!a", "zhangsan", 0, NULL },
        { "乌海市工信局密码Ab", "zhangsan", 0, NULL }, /* 10 characters, non-ASCII is other */
        { "乌海市工信局密码A", "zhangsan", PO_EINVAL, "too short" }, /* 9 characters, 25 bytes */
        { "xZhangSan-2024", "zhangsan", PO_EINVAL, "username" },
        { "xzhangsan-2024X", "ZhangSan", PO_EINVAL, "username" },
        { "Zhang-San-2024", "zhangsan", 0, NULL },
        { "Abcdefgh12", "", 0, NULL },
        { "Abcdefgh12", NULL, 0, NULL },
        { "", "zhangsan", PO_EINVAL, "too short" },
        { NULL, "zhangsan", PO_EINVAL, "no password" },
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct po_err err = PO_ERR_INIT;
        int rc = po_password_check(rows[i].pw, rows[i].user, &err);
        if (rc != rows[i].rc)
            fail_msg("row %zu (%s): got %d (%s), want %d", i, rows[i].pw ? rows[i].pw : "NULL",
                     rc, err.msg, rows[i].rc);
        if (rows[i].msg) {
            if (!strstr(err.msg, rows[i].msg))
                fail_msg("row %zu: message \"%s\" lacks \"%s\"", i, err.msg, rows[i].msg);
            assert_true(err.msg_zh[0] != '\0');
        } else {
            assert_int_equal(err.code, 0); /* untouched on success */
        }
    }
}

static void test_password__length_limit_in_bytes(void **state)
{
    (void)state;
    char pw[200];
    struct po_err err = PO_ERR_INIT;
    memset(pw, 'a', sizeof(pw));
    memcpy(pw, "A1", 2);
    pw[PO_PASSWORD_MAX_BYTES] = '\0';
    assert_int_equal(po_password_check(pw, "bob", &err), 0);
    pw[PO_PASSWORD_MAX_BYTES] = 'a';
    pw[PO_PASSWORD_MAX_BYTES + 1] = '\0';
    assert_int_equal(po_password_check(pw, "bob", &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "too long"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_password__table),
        cmocka_unit_test(test_password__length_limit_in_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
