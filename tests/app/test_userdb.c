/*
 * test_userdb.c: accounts, login, the throttle, sessions and their audit rows on SQLite and
 * PostgreSQL (app/userdb.h).  Time is the caller's: each test moves `now` by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/authz.h"
#include "app/audit.h"
#include "app/userdb.h"
#include "store/testdb.h"
#include "store/storefix.h"
#include "util/arena.h"

#include <string.h>

static char g_dir[256];

#define B(r) (1u << (r))
#define T0 1800000000 /* 2027-01-15, any time will do */
#define PW "Wuhai-2026-ok"

struct fixture {
    const char *backend;
    char dsn[512];
    struct po_store *st;
    struct po_arena *a;
};

static int64_t audit_rows(struct po_store *st, const char *action)
{
    return storefix_int_text(st, "SELECT count(*) FROM audit_log WHERE action = ?", action);
}

static int setup(void **state)
{
    struct fixture *fx = *state;
    if (storefix_open_arena(&fx->st, &fx->a, fx->dsn, sizeof(fx->dsn), fx->backend, g_dir, "user") <
        0)
        return -1;
    storefix_exec(fx->st,
                  "INSERT INTO district(code, name, level) VALUES ('150300', '乌海市', 'city'),"
                  " ('150302', '海勃湾区', 'district')");
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    storefix_close(&fx->st, &fx->a);
    return 0;
}

static void add_ok(struct po_store *st, const char *u, unsigned roles, const char *district)
{
    struct po_err err = PO_ERR_INIT;
    if (po_userdb_add(st, u, "测试用户", PW, roles, district, "cli:root", &err) < 0)
        fail_msg("add %s: %s", u, err.msg);
}

static void login_ok(struct po_session *s, struct po_store *st, const char *u, const char *pw,
                     int64_t now)
{
    struct po_err err = PO_ERR_INIT;
    if (po_userdb_login(s, st, u, pw, "127.0.0.1", now, &err) < 0)
        fail_msg("login %s: %s", u, err.msg);
}

static void test_userdb__add_get_list_and_refusals(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    add_ok(fx->st, "wang.wu", B(PO_UR_CITY) | B(PO_UR_DRC), NULL);
    add_ok(fx->st, "hbw01", B(PO_UR_DISTRICT), "150302");
    add_ok(fx->st, "anquan", B(PO_UR_SECADMIN), "");

    struct po_user u;
    assert_int_equal(po_userdb_get(&u, fx->st, "wang.wu", &err), 0);
    assert_string_equal(u.username, "wang.wu");
    assert_string_equal(u.display_name, "测试用户");
    assert_int_equal(u.roles, B(PO_UR_CITY) | B(PO_UR_DRC));
    assert_string_equal(u.district_code, "");
    assert_false(u.disabled);
    assert_true(u.id > 0);
    assert_int_equal(po_userdb_get(&u, fx->st, "hbw01", &err), 0);
    assert_string_equal(u.district_code, "150302");
    assert_int_equal(po_userdb_get(&u, fx->st, "nobody", &err), PO_ENOTFOUND);

    /* the hash is argon2id, never the password */
    assert_int_equal(
        storefix_int_text(fx->st, "SELECT count(*) FROM app_user WHERE pw_hash LIKE '$argon2id$%'",
                          NULL),
        3);
    assert_int_equal(
        storefix_int_text(fx->st, "SELECT count(*) FROM app_user WHERE roles = ?", "city,drc"), 1);

    struct po_user *all = NULL;
    size_t n = 0;
    assert_int_equal(po_userdb_list(&all, &n, fx->st, fx->a, &err), 0);
    assert_int_equal(n, 3);
    assert_string_equal(all[0].username, "anquan");
    assert_string_equal(all[1].username, "hbw01");
    assert_string_equal(all[2].username, "wang.wu");

    /* duplicate */
    assert_int_equal(po_userdb_add(fx->st, "wang.wu", "", PW, B(PO_UR_BANK), NULL, "x", &err),
                     PO_ECONFLICT);
    assert_non_null(strstr(err.msg, "taken"));
    /* policy */
    assert_int_equal(po_userdb_add(fx->st, "li.si", "", "short1A", B(PO_UR_BANK), NULL, "x", &err),
                     PO_EINVAL);
    assert_non_null(strstr(err.msg, "too short"));
    assert_int_equal(
        po_userdb_add(fx->st, "li.si", "", "xLi.Si-2026", B(PO_UR_BANK), NULL, "x", &err),
        PO_EINVAL);
    assert_non_null(strstr(err.msg, "username"));
    /* separation of duties, district rules, unknown district, bad username */
    assert_int_equal(po_userdb_add(fx->st, "li.si", "", PW, B(PO_UR_SYSADMIN) | B(PO_UR_AUDITADMIN),
                                   NULL, "x", &err),
                     PO_EINVAL);
    assert_non_null(strstr(err.msg, "separation of duties"));
    assert_int_equal(po_userdb_add(fx->st, "li.si", "", PW, B(PO_UR_DISTRICT), NULL, "x", &err),
                     PO_EINVAL);
    assert_int_equal(po_userdb_add(fx->st, "li.si", "", PW, B(PO_UR_DISTRICT), "999999", "x", &err),
                     PO_EINVAL);
    assert_non_null(strstr(err.msg, "no district 999999"));
    assert_int_equal(po_userdb_add(fx->st, "li si", "", PW, B(PO_UR_BANK), NULL, "x", &err),
                     PO_EINVAL);
    assert_int_equal(po_userdb_add(fx->st, "", "", PW, B(PO_UR_BANK), NULL, "x", &err), PO_EINVAL);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM app_user"), 3);
    assert_int_equal(audit_rows(fx->st, "user.add"), 3);
    assert_int_equal(
        storefix_int_text(fx->st,
                          "SELECT count(*) FROM audit_log WHERE action = 'user.add'"
                          " AND object = ? AND detail = 'roles=district district=150302 role=cli'",
                          "user/hbw01"),
        1);

    /* display name */
    assert_int_equal(po_userdb_set_display_name(fx->st, "wang.wu", "王五", "cli:root", &err), 0);
    assert_int_equal(po_userdb_get(&u, fx->st, "wang.wu", &err), 0);
    assert_string_equal(u.display_name, "王五");
    assert_int_equal(audit_rows(fx->st, "user.name"), 1);
}

static void test_userdb__login_and_wrong_password(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    struct po_session s, back;
    add_ok(fx->st, "wang.wu", B(PO_UR_CITY), NULL);
    login_ok(&s, fx->st, "wang.wu", PW, T0);
    assert_int_equal(strlen(s.token), 43);
    assert_int_equal(strlen(s.csrf), 43);
    assert_string_not_equal(s.token, s.csrf);
    assert_int_equal(strspn(s.token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                     "0123456789-_"),
                     43);
    assert_string_equal(s.user.username, "wang.wu");
    assert_int_equal(s.user.roles, B(PO_UR_CITY));
    /* the table holds the token's hash, not the token */
    char th[PO_AUDIT_HEX];
    po_audit_sha256_hex(th, s.token, strlen(s.token));
    assert_int_equal(
        storefix_int_text(fx->st, "SELECT count(*) FROM user_session WHERE token_hash = ?", th), 1);
    assert_int_equal(storefix_int_text(
                         fx->st, "SELECT count(*) FROM user_session WHERE token_hash = ?", s.token),
                     0);

    assert_int_equal(po_userdb_session(&back, fx->st, s.token, T0 + 5, &err), 0);
    assert_string_equal(back.csrf, s.csrf);
    assert_string_equal(back.token, s.token);
    assert_string_equal(back.user.username, "wang.wu");
    assert_int_equal(po_userdb_session(&back, fx->st, "not-a-token", T0 + 5, &err), PO_ENOTFOUND);
    s.token[0] = s.token[0] == 'A' ? 'B' : 'A';
    assert_int_equal(po_userdb_session(&back, fx->st, s.token, T0 + 5, &err), PO_ENOTFOUND);

    /* wrong password, unknown user and disabled account: the same answer */
    struct po_err e1 = PO_ERR_INIT, e2 = PO_ERR_INIT, e3 = PO_ERR_INIT;
    assert_int_equal(po_userdb_login(&back, fx->st, "wang.wu", "Wuhai-2026-no", NULL, T0, &e1),
                     PO_EPERM);
    assert_int_equal(po_userdb_login(&back, fx->st, "nobody", PW, NULL, T0, &e2), PO_EPERM);
    add_ok(fx->st, "li.si", B(PO_UR_BANK), NULL);
    assert_int_equal(po_userdb_set_disabled(fx->st, "li.si", true, "cli:root", &err), 0);
    assert_int_equal(po_userdb_login(&back, fx->st, "li.si", PW, NULL, T0, &e3), PO_EPERM);
    assert_string_equal(e1.msg, "wrong username or password");
    assert_string_equal(e1.msg_zh, "用户名或密码错误");
    assert_string_equal(e2.msg, e1.msg);
    assert_string_equal(e3.msg, e1.msg);
    assert_string_equal(e2.msg_zh, e1.msg_zh);
    assert_string_equal(e3.msg_zh, e1.msg_zh);

    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM login_attempt WHERE ok = 1"), 1);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM login_attempt WHERE ok = 0"), 3);
    assert_int_equal(audit_rows(fx->st, "session.login"), 1);
    assert_int_equal(audit_rows(fx->st, "user.disable"), 1);
}

static int login_at(struct po_store *st, const char *u, const char *pw, const char *ip,
                    int64_t now, struct po_err *err)
{
    struct po_session s;
    return po_userdb_login(&s, st, u, pw, ip, now, err);
}

/* Per account and address: three failures free, then a delay that doubles, never a lock. */
static void test_userdb__throttle_grows_per_account_and_address(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    add_ok(fx->st, "wang.wu", B(PO_UR_CITY), NULL);
    const char *A = "10.0.0.9";
    for (int i = 0; i < PO_LOGIN_PAIR_FREE; i++)
        assert_int_equal(login_at(fx->st, "wang.wu", "Wrong-pass-1", A, T0 + i, &err), PO_EPERM);
    /* the 4th attempt, right after the 3rd failure: wait 1 s; the password is not looked at */
    assert_int_equal(login_at(fx->st, "wang.wu", PW, A, T0 + 2, &err), PO_ETHROTTLED);
    assert_string_equal(err.msg, "too many attempts, try again in 1 seconds");
    assert_int_equal(err.retry_after, 1);
    assert_non_null(strstr(err.msg_zh, "秒后再试"));
    /* the refused attempt counts: 4 failures, the last at T0 + 2, so 2 s from then */
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM login_attempt WHERE ok = 0"), 4);
    assert_int_equal(login_at(fx->st, "wang.wu", PW, A, T0 + 3, &err), PO_ETHROTTLED);
    assert_int_equal(err.retry_after, 1); /* 4 failures, the last at T0 + 2: 2 s from then */
    /* that one counted too: 5 failures, the last at T0 + 3, so 4 s — not before T0 + 7 */
    assert_int_equal(login_at(fx->st, "wang.wu", PW, A, T0 + 6, &err), PO_ETHROTTLED);
    /* the same account from another address is not held up */
    struct po_session s;
    assert_int_equal(po_userdb_login(&s, fx->st, "wang.wu", PW, "10.0.0.10", T0 + 3, &err), 0);
    /* waiting long enough, the right password works from A too, and the count starts afresh */
    assert_int_equal(login_at(fx->st, "wang.wu", PW, A, T0 + 6 + 8, &err), 0);
    for (int i = 0; i < PO_LOGIN_PAIR_FREE; i++)
        assert_int_equal(login_at(fx->st, "wang.wu", "Wrong-pass-1", A, T0 + 15, &err), PO_EPERM);

    /* many failures (refused ones count too): 2^(n - 3) seconds, at most the cap */
    for (int i = 0; i < 9; i++)
        assert_int_equal(login_at(fx->st, "li.si", "x", "10.0.0.20", T0, &err),
                         i < PO_LOGIN_PAIR_FREE ? PO_EPERM : PO_ETHROTTLED);
    assert_int_equal(login_at(fx->st, "li.si", "x", "10.0.0.20", T0, &err), PO_ETHROTTLED);
    assert_int_equal(err.retry_after, 64); /* 9 failures before it: 2^6 */
    for (int i = 0; i < 20; i++)
        login_at(fx->st, "li.si", "x", "10.0.0.20", T0, &err);
    assert_int_equal(login_at(fx->st, "li.si", "x", "10.0.0.20", T0, &err), PO_ETHROTTLED);
    assert_int_equal(err.retry_after, PO_LOGIN_PAIR_CAP);
    /* the window: failures older than 15 minutes no longer count */
    assert_int_equal(login_at(fx->st, "li.si", "x", "10.0.0.20", T0 + PO_LOGIN_WINDOW_SECONDS + 1,
                              &err),
                     PO_EPERM);
}

/* Password spraying from one address, and one account attacked from everywhere. */
static void test_userdb__throttle_per_address_and_per_account(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    char name[32], ip[32];
    for (int i = 0; i < 12; i++) {
        snprintf(name, sizeof name, "user%02d", i);
        add_ok(fx->st, name, B(PO_UR_BANK), NULL);
    }
    /* one guess at each of ten accounts from one address: free; the 11th account waits */
    for (int i = 0; i < PO_LOGIN_ADDR_FREE; i++) {
        snprintf(name, sizeof name, "user%02d", i);
        assert_int_equal(login_at(fx->st, name, "guess-1", "10.1.1.1", T0, &err), PO_EPERM);
    }
    assert_int_equal(login_at(fx->st, "user10", PW, "10.1.1.1", T0, &err), PO_ETHROTTLED);
    assert_int_equal(err.retry_after, 1);
    assert_int_equal(login_at(fx->st, "user10", PW, "10.1.1.2", T0, &err), 0);

    /* one account from ten addresses: the eleventh new address waits ... */
    add_ok(fx->st, "zhao.liu", B(PO_UR_CITY), NULL);
    assert_int_equal(login_at(fx->st, "zhao.liu", PW, "10.2.0.99", T0, &err), 0); /* known */
    for (int i = 0; i < PO_LOGIN_ACCOUNT_FREE; i++) {
        snprintf(ip, sizeof ip, "10.2.0.%d", i);
        assert_int_equal(login_at(fx->st, "zhao.liu", "guess", ip, T0 + 1, &err), PO_EPERM);
    }
    assert_int_equal(login_at(fx->st, "zhao.liu", PW, "10.2.0.50", T0 + 1, &err), PO_ETHROTTLED);
    /* ... but the real user at an address it logged in from lately is not kept out */
    assert_int_equal(login_at(fx->st, "zhao.liu", PW, "10.2.0.99", T0 + 1, &err), 0);

    /* each threshold reached is audited, for the security administrator */
    assert_int_equal(audit_rows(fx->st, "session.throttle"), 2);
    json_t *t = po_userdb_throttles(fx->st, 3650, &err);
    assert_non_null(t);
    assert_int_equal(json_array_size(t), 2);
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(t, 0), "detail")),
                           "scope=account "));
    assert_non_null(strstr(json_string_value(json_object_get(json_array_get(t, 1), "detail")),
                           "scope=address ip=10.1.1.1"));
    json_decref(t);
}

static void test_userdb__idle_expiry_and_touch(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    struct po_session s, back;
    add_ok(fx->st, "wang.wu", B(PO_UR_CITY), NULL);
    login_ok(&s, fx->st, "wang.wu", PW, T0);
    const char *last = "SELECT last_seen FROM user_session";
    /* within a minute: no write */
    assert_int_equal(po_userdb_session(&back, fx->st, s.token, T0 + 60, &err), 0);
    assert_int_equal(storefix_int(fx->st, last), T0);
    /* older than a minute: touched */
    assert_int_equal(po_userdb_session(&back, fx->st, s.token, T0 + 61, &err), 0);
    assert_int_equal(storefix_int(fx->st, last), T0 + 61);
    /* exactly 30 minutes idle is still alive (and touched) */
    int64_t t = T0 + 61 + PO_SESSION_IDLE_SECONDS;
    assert_int_equal(po_userdb_session(&back, fx->st, s.token, t, &err), 0);
    assert_int_equal(storefix_int(fx->st, last), t);
    /* 30 minutes and 1 second: gone, and the row deleted */
    t += PO_SESSION_IDLE_SECONDS + 1;
    assert_int_equal(po_userdb_session(&back, fx->st, s.token, t, &err), PO_ENOTFOUND);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM user_session"), 0);
    assert_int_equal(po_userdb_session(&back, fx->st, s.token, T0, &err), PO_ENOTFOUND);
}

static void test_userdb__changes_end_sessions(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    struct po_session s, s2, back;
    add_ok(fx->st, "wang.wu", B(PO_UR_CITY), NULL);
    add_ok(fx->st, "li.si", B(PO_UR_DRC), NULL);
    login_ok(&s2, fx->st, "li.si", PW, T0);

    /* disabled: the session is invalid at once; enabling does not bring it back */
    login_ok(&s, fx->st, "wang.wu", PW, T0);
    assert_int_equal(po_userdb_set_disabled(fx->st, "wang.wu", true, "anquan", &err), 0);
    assert_int_equal(po_userdb_session(&back, fx->st, s.token, T0 + 1, &err), PO_ENOTFOUND);
    assert_int_equal(po_userdb_set_disabled(fx->st, "wang.wu", false, "anquan", &err), 0);
    assert_int_equal(po_userdb_session(&back, fx->st, s.token, T0 + 1, &err), PO_ENOTFOUND);
    /* a disabled flag set behind userdb's back (psql) still refuses the session */
    login_ok(&s, fx->st, "wang.wu", PW, T0 + 2);
    storefix_exec(fx->st, "UPDATE app_user SET disabled = 1 WHERE username = 'wang.wu'");
    assert_int_equal(po_userdb_session(&back, fx->st, s.token, T0 + 3, &err), PO_ENOTFOUND);
    storefix_exec(fx->st, "UPDATE app_user SET disabled = 0 WHERE username = 'wang.wu'");

    /* passwd ends the sessions; the old password no longer works, the new one does */
    login_ok(&s, fx->st, "wang.wu", PW, T0 + 4);
    assert_int_equal(po_userdb_passwd(fx->st, "wang.wu", "weak", "anquan", &err), PO_EINVAL);
    assert_int_equal(po_userdb_session(&back, fx->st, s.token, T0 + 5, &err), 0);
    assert_int_equal(po_userdb_passwd(fx->st, "wang.wu", "New-Pass-2027", "anquan", &err), 0);
    assert_int_equal(po_userdb_session(&back, fx->st, s.token, T0 + 5, &err), PO_ENOTFOUND);
    assert_int_equal(po_userdb_login(&back, fx->st, "wang.wu", PW, NULL, T0 + 6, &err), PO_EPERM);
    login_ok(&s, fx->st, "wang.wu", "New-Pass-2027", T0 + 7);
    assert_int_equal(po_userdb_passwd(fx->st, "nobody", "New-Pass-2027", "anquan", &err),
                     PO_ENOTFOUND);

    /* roles: checked, stored, and the session ends */
    assert_int_equal(po_userdb_set_roles(fx->st, "wang.wu", B(PO_UR_SECADMIN) | B(PO_UR_SYSADMIN),
                                         NULL, "anquan", &err),
                     PO_EINVAL);
    assert_int_equal(po_userdb_session(&back, fx->st, s.token, T0 + 8, &err), 0);
    assert_int_equal(
        po_userdb_set_roles(fx->st, "wang.wu", B(PO_UR_DISTRICT), "150302", "anquan", &err), 0);
    assert_int_equal(po_userdb_session(&back, fx->st, s.token, T0 + 8, &err), PO_ENOTFOUND);
    struct po_user u;
    assert_int_equal(po_userdb_get(&u, fx->st, "wang.wu", &err), 0);
    assert_int_equal(u.roles, B(PO_UR_DISTRICT));
    assert_string_equal(u.district_code, "150302");
    assert_int_equal(po_userdb_set_roles(fx->st, "wang.wu", B(PO_UR_CITY), NULL, "anquan", &err),
                     0);
    assert_int_equal(po_userdb_get(&u, fx->st, "wang.wu", &err), 0);
    assert_string_equal(u.district_code, "");

    /* nobody else's session was touched */
    assert_int_equal(po_userdb_session(&back, fx->st, s2.token, T0 + 9, &err), 0);

    /* logout */
    assert_int_equal(po_userdb_logout(fx->st, s2.token, "li.si", &err), 0);
    assert_int_equal(po_userdb_session(&back, fx->st, s2.token, T0 + 9, &err), PO_ENOTFOUND);
    assert_int_equal(po_userdb_logout(fx->st, s2.token, "li.si", &err), PO_ENOTFOUND);

    /* every change has its audit row, none holds a password, and the chain holds */
    assert_int_equal(audit_rows(fx->st, "user.disable"), 1);
    assert_int_equal(audit_rows(fx->st, "user.enable"), 1);
    assert_int_equal(audit_rows(fx->st, "user.passwd"), 1);
    assert_int_equal(audit_rows(fx->st, "user.role"), 2);
    assert_int_equal(audit_rows(fx->st, "session.login"), 5);
    assert_int_equal(audit_rows(fx->st, "session.logout"), 1);
    assert_int_equal(storefix_int_text(fx->st,
                                       "SELECT count(*) FROM audit_log WHERE action = 'user.role'"
                                       " AND actor = 'anquan' AND object = ?",
                                       "user/wang.wu"),
                     2);
    assert_int_equal(storefix_int_text(fx->st, "SELECT count(*) FROM audit_log WHERE detail LIKE ?",
                                       "%Pass-2027%"),
                     0);
    struct po_audit_report rep;
    assert_int_equal(po_audit_verify(&rep, fx->st, &err), 0);
    assert_true(rep.ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_userdb__add_get_list_and_refusals),
        cmocka_unit_test(test_userdb__login_and_wrong_password),
        cmocka_unit_test(test_userdb__throttle_grows_per_account_and_address),
        cmocka_unit_test(test_userdb__throttle_per_address_and_per_account),
        cmocka_unit_test(test_userdb__idle_expiry_and_touch),
        cmocka_unit_test(test_userdb__changes_end_sessions),
    };
    if (testdb_tmpdir(g_dir, sizeof(g_dir)) < 0)
        return 1;
    static struct fixture fxs[2] = { { .backend = "sqlite" }, { .backend = "pg" } };
    int failed = storefix_run_both(tests, sizeof(tests) / sizeof(tests[0]), setup, teardown,
                                   &fxs[0], &fxs[1]);
    testdb_rmdir(g_dir);
    return testdb_exit_status(failed);
}
