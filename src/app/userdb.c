/*
 * userdb.c: accounts, sessions and the login throttle (userdb.h).
 *
 * Hashing and verifying a password takes about 0.1 s, so it happens before
 * the transaction begins: a SQLite writer would otherwise hold the database
 * lock for that long on every login.  The throttle's count is read outside
 * the transaction too; two racing logins may both get one more try, which
 * does not change what an attacker can do in a window.
 */
#include "app/userdb.h"
#include "core/authz.h"
#include "core/password.h"
#include "app/audit.h"
#include "app/listq.h"
#include "util/arena.h"

#include <inttypes.h>
#include <stddef.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/*
 * An argon2id hash (same parameters as ours) of a password nobody knows:
 * verified against for unknown usernames, so they take as long as known ones.
 */
static const char dummy_hash[crypto_pwhash_STRBYTES] =
    "$argon2id$v=19$m=65536,t=2,p=1$0Ub3o9v1AmF24Bxp1br5yw$"
    "3OK4QTIQDrg0Da5XXgUEG5m23hAQhjZirs87CuP9t6k";

#define TOKEN_BYTES 32
#define TOKEN_CHARS 43 /* base64url of 32 bytes, no padding */

static int start(struct po_err *err)
{
    if (sodium_init() < 0)
        return po_err_set(err, PO_EINTERNAL, "libsodium 初始化失败", "libsodium failed to start");
    return 0;
}

static bool username_ok(const char *u)
{
    size_t n = u ? strlen(u) : 0;
    if (n == 0 || n >= sizeof(((struct po_user *)0)->username))
        return false;
    for (const char *p = u; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              strchr("._@-", *p)))
            return false;
    return true;
}

static int check_username(const char *u, struct po_err *err)
{
    if (username_ok(u))
        return 0;
    return po_err_set(err, PO_EINVAL, "用户名须为 1 至 63 个字母、数字或 . _ @ -",
                      "a username is 1 to 63 letters, digits or . _ @ -");
}

static int check_display_name(const char *d, struct po_err *err)
{
    if (d && strlen(d) >= sizeof(((struct po_user *)0)->display_name))
        return po_err_set(err, PO_EINVAL, "显示名太长：至多 %zu 字节",
                          "display name too long: at most %zu bytes",
                          sizeof(((struct po_user *)0)->display_name) - 1);
    return 0;
}

/* Roles by po_authz_check_roles, and the district, when given, in the registry. */
static int check_roles(struct po_store *st, unsigned roles, const char *district,
                       struct po_err *err)
{
    int rc = po_authz_check_roles(roles, district, err);
    if (rc < 0 || !district || !district[0])
        return rc;
    if (strlen(district) >= sizeof(((struct po_user *)0)->district_code))
        return po_err_set(err, PO_EINVAL, "行政区划代码 %.20s… 太长",
                          "district code %.20s... too long", district);
    int64_t n = 0;
    struct po_value v = po_vtext(district);
    rc = po_store_query_int(&n, st, "SELECT count(*) FROM district WHERE code = ?", &v, 1, err);
    if (rc == 0 && n == 0)
        rc = po_err_set(err, PO_EINVAL, "行政区划 %s 不存在", "no district %s", district);
    return rc;
}

static int hash_password(char out[crypto_pwhash_STRBYTES], const char *password, struct po_err *err)
{
    if (crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return po_err_set(err, PO_ENOMEM, "计算密码散列时内存不足",
                          "out of memory hashing the password");
    return 0;
}

static void object_of(char *buf, size_t n, const char *username)
{
    snprintf(buf, n, "user/%s", username);
}

static int audit(struct po_store *st, const char *actor, const char *action, const char *username,
                 const char *detail, struct po_err *err)
{
    char at[32], object[96];
    po_audit_now(at, sizeof(at));
    object_of(object, sizeof(object), username);
    return po_audit_append(st, at, actor ? actor : "", action, object, detail ? detail : "", err);
}

static int user_id(int64_t *id, struct po_store *st, const char *username, struct po_err *err)
{
    if (!username)
        return po_err_set(err, PO_EINVAL, "缺少用户名", "no username given");
    struct po_value v = po_vtext(username);
    int rc = po_store_query_int(id, st, "SELECT id FROM app_user WHERE username = ?", &v, 1, err);
    if (rc == PO_ENOTFOUND)
        return po_err_set(err, PO_ENOTFOUND, "用户 %s 不存在", "no user %s", username);
    return rc;
}

static int end_sessions(struct po_store *st, int64_t id, struct po_err *err)
{
    struct po_value v = po_vint(id);
    return po_store_run(st, "DELETE FROM user_session WHERE user_id = ?", &v, 1, err);
}

/*
 * Prepare sql, bind its one parameter arg and step: 1 a row is ready, 0 none,
 * < 0 error.  The caller reads the row and finalizes *s in every case.
 */
static int query_one(struct po_stmt **s, struct po_store *st, const char *sql, const char *arg,
                     struct po_err *err)
{
    int rc = po_stmt_prepare(s, st, sql, err);
    if (rc == 0)
        rc = po_stmt_bind(*s, 1, po_vtext(arg), err);
    if (rc == 0)
        rc = po_stmt_step(*s, err);
    return rc;
}

/* ---- accounts ---- */

static int add_tx(struct po_store *st, const char *username, const char *display_name,
                  const char *hash, unsigned roles, const char *district, const char *actor,
                  struct po_err *err)
{
    char at[32], list[PO_UROLE_LIST_MAX], detail[256];
    po_audit_now(at, sizeof(at));
    po_urole_format_list(list, sizeof(list), roles);
    int64_t n = 0;
    struct po_value u = po_vtext(username);
    int rc =
        po_store_query_int(&n, st, "SELECT count(*) FROM app_user WHERE username = ?", &u, 1, err);
    if (rc == 0 && n > 0)
        rc = po_err_set(err, PO_ECONFLICT, "用户名 %s 已存在", "username %s is taken", username);
    if (rc < 0)
        return rc;
    struct po_value v[7] = { po_vtext(username),
                             po_vtext(display_name ? display_name : ""),
                             po_vtext(hash),
                             po_vtext(list),
                             district && district[0] ? po_vtext(district) : PO_VNULL,
                             po_vtext(at),
                             po_vtext(at) };
    rc = po_store_run(st,
                      "INSERT INTO app_user(username, display_name, pw_hash, roles, district_code,"
                      " disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
                      v, 7, err);
    snprintf(detail, sizeof(detail), "roles=%s district=%s", list,
             district && district[0] ? district : "");
    if (rc == 0)
        rc = audit(st, actor, "user.add", username, detail, err);
    return rc;
}

int po_userdb_add(struct po_store *st, const char *username, const char *display_name,
                  const char *password, unsigned roles, const char *district_code,
                  const char *actor, struct po_err *err)
{
    char hash[crypto_pwhash_STRBYTES];
    int rc = start(err);
    if (rc == 0)
        rc = check_username(username, err);
    if (rc == 0)
        rc = check_display_name(display_name, err);
    if (rc == 0)
        rc = po_password_check(password, username, err);
    if (rc == 0)
        rc = check_roles(st, roles, district_code, err);
    if (rc == 0)
        rc = hash_password(hash, password, err);
    if (rc < 0)
        return rc;
    rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = add_tx(st, username, display_name, hash, roles, district_code, actor, err);
    return po_store_end(st, rc, err);
}

/*
 * One change to an existing account, in one transaction with its audit row:
 * run sql (its last parameter the user id) with v[0..nv), end the user's
 * sessions when kill is set.
 */
struct change {
    const char *sql;
    struct po_value v[4];
    size_t nv;
    bool kill;
    const char *action, *detail;
};

static int change_tx(struct po_store *st, const char *username, struct change *c, const char *actor,
                     struct po_err *err)
{
    int64_t id = 0;
    int rc = user_id(&id, st, username, err);
    if (rc < 0)
        return rc;
    c->v[c->nv] = po_vint(id);
    rc = po_store_run(st, c->sql, c->v, c->nv + 1, err);
    if (rc == 0 && c->kill)
        rc = end_sessions(st, id, err);
    if (rc == 0)
        rc = audit(st, actor, c->action, username, c->detail, err);
    return rc;
}

static int change(struct po_store *st, const char *username, struct change *c, const char *actor,
                  struct po_err *err)
{
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = change_tx(st, username, c, actor, err);
    return po_store_end(st, rc, err);
}

int po_userdb_passwd(struct po_store *st, const char *username, const char *password,
                     const char *actor, struct po_err *err)
{
    char hash[crypto_pwhash_STRBYTES], at[32];
    int rc = start(err);
    if (rc == 0)
        rc = po_password_check(password, username, err);
    if (rc == 0)
        rc = hash_password(hash, password, err);
    if (rc < 0)
        return rc;
    po_audit_now(at, sizeof(at));
    struct change c = { "UPDATE app_user SET pw_hash = ?, updated_at = ? WHERE id = ?",
                        { po_vtext(hash), po_vtext(at) },
                        2,
                        true,
                        "user.passwd",
                        "" };
    return change(st, username, &c, actor, err);
}

int po_userdb_set_roles(struct po_store *st, const char *username, unsigned roles,
                        const char *district_code, const char *actor, struct po_err *err)
{
    char at[32], list[PO_UROLE_LIST_MAX], detail[256];
    bool has = district_code && district_code[0];
    int rc = check_roles(st, roles, district_code, err);
    if (rc < 0)
        return rc;
    po_audit_now(at, sizeof(at));
    po_urole_format_list(list, sizeof(list), roles);
    snprintf(detail, sizeof(detail), "roles=%s district=%s", list, has ? district_code : "");
    struct change c = { "UPDATE app_user SET roles = ?, district_code = ?, updated_at = ?"
                        " WHERE id = ?",
                        { po_vtext(list), has ? po_vtext(district_code) : PO_VNULL, po_vtext(at) },
                        3,
                        true,
                        "user.role",
                        detail };
    return change(st, username, &c, actor, err);
}

int po_userdb_set_disabled(struct po_store *st, const char *username, bool disabled,
                           const char *actor, struct po_err *err)
{
    char at[32];
    po_audit_now(at, sizeof(at));
    struct change c = { "UPDATE app_user SET disabled = ?, updated_at = ? WHERE id = ?",
                        { po_vint(disabled), po_vtext(at) },
                        2,
                        true,
                        disabled ? "user.disable" : "user.enable",
                        "" };
    return change(st, username, &c, actor, err);
}

int po_userdb_set_display_name(struct po_store *st, const char *username, const char *display_name,
                               const char *actor, struct po_err *err)
{
    char at[32], detail[160];
    const char *d = display_name ? display_name : "";
    int rc = check_display_name(d, err);
    if (rc < 0)
        return rc;
    po_audit_now(at, sizeof(at));
    snprintf(detail, sizeof(detail), "display_name=%s", d);
    struct change c = { "UPDATE app_user SET display_name = ?, updated_at = ? WHERE id = ?",
                        { po_vtext(d), po_vtext(at) },
                        2,
                        false,
                        "user.name",
                        detail };
    return change(st, username, &c, actor, err);
}

/* ---- reading ---- */

#define USER_COLS                                                                                  \
    "u.id, u.username, u.display_name, u.roles, u.district_code, u.disabled, "                     \
    "u.must_change_password"
#define USER_NCOLS 7

/* The user of columns first..first+5 of the current row (USER_COLS). */
static void read_user(struct po_user *u, struct po_stmt *s, int first)
{
    const char *dc = po_stmt_text(s, first + 4);
    unsigned roles = 0;
    memset(u, 0, sizeof(*u));
    u->id = po_stmt_int(s, first);
    snprintf(u->username, sizeof(u->username), "%s", po_stmt_text(s, first + 1));
    snprintf(u->display_name, sizeof(u->display_name), "%s", po_stmt_text(s, first + 2));
    /* a list this program wrote; an unknown name (a later version's role) grants nothing */
    if (po_urole_parse_list(&roles, po_stmt_text(s, first + 3), NULL) == 0)
        u->roles = roles;
    snprintf(u->district_code, sizeof(u->district_code), "%s", dc ? dc : "");
    u->disabled = po_stmt_int(s, first + 5) != 0;
    u->must_change = po_stmt_int(s, first + 6) != 0;
}

int po_userdb_get(struct po_user *out, struct po_store *st, const char *username,
                  struct po_err *err)
{
    if (!username)
        return po_err_set(err, PO_EINVAL, "缺少用户名", "no username given");
    struct po_stmt *s = NULL;
    int rc = query_one(&s, st, "SELECT " USER_COLS " FROM app_user u WHERE u.username = ?",
                       username, err);
    if (rc == 0)
        rc = po_err_set(err, PO_ENOTFOUND, "用户 %s 不存在", "no user %s", username);
    else if (rc == 1) {
        read_user(out, s, 0);
        rc = 0;
    }
    po_stmt_finalize(s);
    return rc;
}

int po_userdb_list(struct po_user **out, size_t *n, struct po_store *st, struct po_arena *a,
                   struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct po_user *v = NULL;
    size_t len = 0, cap = 0;
    int rc =
        po_stmt_prepare(&s, st, "SELECT " USER_COLS " FROM app_user u ORDER BY u.username", err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            struct po_user *nv = po_arena_realloc(a, v, cap * sizeof(*v), ncap * sizeof(*v));
            if (!nv) {
                rc = po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
                break;
            }
            v = nv;
            cap = ncap;
        }
        read_user(&v[len++], s, 0);
        rc = 0;
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    *out = v;
    *n = len;
    return 0;
}

/* ---- login and sessions ---- */

#define WRONG_ZH "用户名或密码错误"
#define WRONG_EN "wrong username or password"

/*
 * The throttle's key: the username as typed, cut to the column's useful
 * length so a megabyte of "username" is not stored.
 */
static struct po_value attempt_key(const char *username)
{
    size_t n = strlen(username);
    return po_vtextn(username, n < 64 ? n : 64);
}

/* Failures of one scope in the window, after its last good login: how many, the last one. */
struct fails {
    int64_t n, last;
};

/* scope: "username = ? AND ip = ?", "ip = ?" or "username = ?"; a, b its values.  reset: a
 * good login of the scope starts the count afresh (not for an address: whoever holds an
 * account there could otherwise wipe the count of the guesses at others). */
static int scope_failures(struct fails *out, struct po_store *st, const char *scope,
                          struct po_value a, const struct po_value *b, bool reset, int64_t now,
                          struct po_err *err)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT count(*), coalesce(max(at), 0) FROM login_attempt WHERE %s AND ok = 0"
             " AND at > ? AND at <= ?%s%s%s",
             scope, reset ? " AND id > coalesce((SELECT max(id) FROM login_attempt WHERE " : "",
             reset ? scope : "", reset ? " AND ok = 1), 0)" : "");
    struct po_value v[6];
    size_t n = 0;
    v[n++] = a;
    if (b)
        v[n++] = *b;
    v[n++] = po_vint(now - PO_LOGIN_WINDOW_SECONDS);
    v[n++] = po_vint(now);
    if (reset)
        v[n++] = a;
    if (reset && b)
        v[n++] = *b;
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, st, sql, err);
    if (rc == 0)
        rc = po_stmt_bindv(s, v, n, err);
    if (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        out->n = po_stmt_int(s, 0);
        out->last = po_stmt_int(s, 1);
        rc = 0;
    }
    po_stmt_finalize(s);
    return rc;
}

/* Seconds still to wait after n failures, the last at `last`; 0: may try now. */
static int64_t wait_for(struct fails f, int64_t free_n, int64_t cap, int64_t now)
{
    if (f.n < free_n)
        return 0;
    int64_t e = f.n - free_n, d = e >= 20 ? cap : (int64_t)1 << e;
    if (d > cap)
        d = cap;
    return f.last + d > now ? f.last + d - now : 0;
}

struct throttle {
    struct fails pair, addr, account;
    bool known; /* the account logged in from this address lately: no per-account delay */
    int64_t wait;
    const char *scope; /* the scope that imposes the wait */
};

static int throttle_of(struct throttle *t, struct po_store *st, const char *username,
                       const char *ip, int64_t now, struct po_err *err)
{
    memset(t, 0, sizeof *t);
    struct po_value u = attempt_key(username), a = po_vtext(ip);
    int rc = scope_failures(&t->account, st, "username = ?", u, NULL, true, now, err);
    if (rc == 0 && ip)
        rc = scope_failures(&t->pair, st, "username = ? AND ip = ?", u, &a, true, now, err);
    if (rc == 0 && ip)
        rc = scope_failures(&t->addr, st, "ip = ?", a, NULL, false, now, err);
    if (rc == 0 && ip) {
        int64_t k = 0;
        struct po_value v[3] = { u, a, po_vint(now - (int64_t)PO_LOGIN_KNOWN_DAYS * 86400) };
        rc = po_store_query_int(&k, st,
                                "SELECT count(*) FROM login_attempt WHERE username = ? AND ip = ?"
                                " AND ok = 1 AND at > ?",
                                v, 3, err);
        t->known = k > 0;
    }
    if (rc < 0)
        return rc;
    int64_t w;
    if ((w = wait_for(t->pair, PO_LOGIN_PAIR_FREE, PO_LOGIN_PAIR_CAP, now)) > t->wait)
        t->wait = w, t->scope = "account_address";
    if ((w = wait_for(t->addr, PO_LOGIN_ADDR_FREE, PO_LOGIN_ADDR_CAP, now)) > t->wait)
        t->wait = w, t->scope = "address";
    if (!t->known &&
        (w = wait_for(t->account, PO_LOGIN_ACCOUNT_FREE, PO_LOGIN_ACCOUNT_CAP, now)) > t->wait)
        t->wait = w, t->scope = "account";
    return 0;
}

static int record_attempt(struct po_store *st, const char *username, const char *ip, int64_t now,
                          bool ok, struct po_err *err)
{
    struct po_value v[4] = { attempt_key(username), po_vtext(ip), po_vint(now), po_vint(ok) };
    return po_store_run(st, "INSERT INTO login_attempt(username, ip, at, ok) VALUES (?, ?, ?, ?)",
                        v, 4, err);
}

/* After a failure: an audit row for each scope that has just reached its threshold. */
static int audit_thresholds(struct po_store *st, const char *username, const char *ip,
                            const struct throttle *before, struct po_err *err)
{
    static const struct {
        const char *name;
        size_t off;
        int64_t free_n;
    } scopes[] = {
        { "account_address", offsetof(struct throttle, pair), PO_LOGIN_PAIR_FREE },
        { "address", offsetof(struct throttle, addr), PO_LOGIN_ADDR_FREE },
        { "account", offsetof(struct throttle, account), PO_LOGIN_ACCOUNT_FREE },
    };
    for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++) {
        const struct fails *f = (const struct fails *)((const char *)before + scopes[i].off);
        if (f->n + 1 != scopes[i].free_n || (!ip && i < 2))
            continue;
        char detail[200];
        snprintf(detail, sizeof detail, "scope=%s ip=%s failures=%lld", scopes[i].name,
                 ip ? ip : "-", (long long)(f->n + 1));
        int rc = audit(st, "system", "session.throttle", username, detail, err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Record a failed attempt (committed on its own), then return the refusal with its message. */
static int refuse(struct po_store *st, const char *username, const char *ip, int64_t now,
                  const struct throttle *t, struct po_err *err)
{
    int rc = po_store_begin(st, err);
    if (rc == 0) {
        rc = record_attempt(st, username, ip, now, false, err);
        if (rc == 0 && !t->wait)
            rc = audit_thresholds(st, username, ip, t, err);
        rc = po_store_end(st, rc, err);
    }
    if (rc < 0)
        return rc;
    if (!t->wait)
        return po_err_set(err, PO_EPERM, WRONG_ZH, WRONG_EN);
    po_err_set(err, PO_ETHROTTLED, "登录失败次数过多，请 %lld 秒后再试",
               "too many attempts, try again in %lld seconds", (long long)t->wait);
    err->retry_after = (int)t->wait;
    return PO_ETHROTTLED;
}

json_t *po_userdb_throttles(struct po_store *st, int days, struct po_err *err)
{
    char since[32];
    time_t t = time(NULL) - (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &tm);
    struct po_value v[1] = { po_vtext(since) };
    return po_listq_all(st,
                        "SELECT at, object AS username, detail FROM audit_log WHERE action ="
                        " 'session.throttle' AND at >= ? ORDER BY id DESC LIMIT 500",
                        v, 1, err);
}

/* The account and its hash; *found false when there is none. */
static int lookup(struct po_user *u, char *hash, size_t hn, bool *found, struct po_store *st,
                  const char *username, struct po_err *err)
{
    struct po_stmt *s = NULL;
    *found = false;
    if (!username_ok(username))
        return 0;
    int rc =
        query_one(&s, st, "SELECT " USER_COLS ", u.pw_hash FROM app_user u WHERE u.username = ?",
                  username, err);
    if (rc == 1) {
        read_user(u, s, 0);
        snprintf(hash, hn, "%s", po_stmt_text(s, USER_NCOLS));
        *found = true;
        rc = 0;
    }
    po_stmt_finalize(s);
    return rc;
}

static void new_token(char out[64])
{
    unsigned char b[TOKEN_BYTES];
    randombytes_buf(b, sizeof(b));
    sodium_bin2base64(out, 64, b, sizeof(b), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(b, sizeof(b));
}

static int login_tx(struct po_store *st, const struct po_session *ses, const char *ip, int64_t now,
                    struct po_err *err)
{
    char th[PO_AUDIT_HEX], detail[128 + PO_UROLE_LIST_MAX], roles[PO_UROLE_LIST_MAX];
    po_audit_sha256_hex(th, ses->token, strlen(ses->token));
    struct po_value idle = po_vint(now - PO_SESSION_IDLE_SECONDS);
    struct po_value v[6] = { po_vtext(th), po_vint(ses->user.id), po_vtext(ses->csrf),
                             po_vint(now), po_vint(now),          po_vtext(ip) };
    int rc = record_attempt(st, ses->user.username, ip, now, true, err);
    if (rc == 0)
        rc = po_store_run(st, "DELETE FROM user_session WHERE last_seen < ?", &idle, 1, err);
    if (rc == 0)
        rc = po_store_run(st,
                          "INSERT INTO user_session(token_hash, user_id, csrf_token, created_at,"
                          " last_seen, ip) VALUES (?, ?, ?, ?, ?, ?)",
                          v, 6, err);
    /* the actor is the account itself (not "web:NAME"): its roles, as it logs in with them */
    snprintf(detail, sizeof(detail), "ip=%s role=%s", ip ? ip : "",
             po_urole_format_list(roles, sizeof(roles), ses->user.roles));
    if (rc == 0)
        rc = audit(st, ses->user.username, "session.login", ses->user.username, detail, err);
    return rc;
}

int po_userdb_login(struct po_session *out, struct po_store *st, const char *username,
                    const char *password, const char *ip, int64_t now, struct po_err *err)
{
    struct po_session ses;
    char hash[crypto_pwhash_STRBYTES];
    bool found = false;
    struct throttle th = { 0 };
    const char *u = username ? username : "";
    const char *pw = password ? password : "";
    int rc = start(err);
    if (rc == 0)
        rc = throttle_of(&th, st, u, ip, now, err);
    if (rc < 0)
        return rc;
    if (th.wait)
        return refuse(st, u, ip, now, &th, err);
    memset(&ses, 0, sizeof(ses));
    rc = lookup(&ses.user, hash, sizeof(hash), &found, st, u, err);
    if (rc < 0)
        return rc;
    /* Verify even when the answer is known to be no, so every refusal takes as long. */
    size_t pwlen = strlen(pw);
    bool good = crypto_pwhash_str_verify(found ? hash : dummy_hash, pw,
                                         pwlen > PO_PASSWORD_MAX_BYTES ? PO_PASSWORD_MAX_BYTES
                                                                       : pwlen) == 0;
    if (!found || ses.user.disabled || pwlen > PO_PASSWORD_MAX_BYTES || !good)
        return refuse(st, u, ip, now, &th, err);
    new_token(ses.token);
    new_token(ses.csrf);
    rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = po_store_end(st, login_tx(st, &ses, ip, now, err), err);
    if (rc == 0)
        *out = ses;
    sodium_memzero(&ses, sizeof(ses));
    return rc;
}

static bool token_ok(const char *t)
{
    if (!t || strlen(t) != TOKEN_CHARS)
        return false;
    for (const char *p = t; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return false;
    return true;
}

static int no_session(struct po_err *err)
{
    return po_err_set(err, PO_ENOTFOUND, "会话不存在或已过期，请重新登录",
                      "no such session or it has expired; log in again");
}

int po_userdb_session(struct po_session *out, struct po_store *st, const char *token, int64_t now,
                      struct po_err *err)
{
    return po_userdb_session_aged(out, st, token, now, PO_SESSION_MAX_SECONDS, err);
}

int po_userdb_session_aged(struct po_session *out, struct po_store *st, const char *token,
                           int64_t now, int64_t max_age, struct po_err *err)
{
    if (!token_ok(token))
        return no_session(err);
    char th[PO_AUDIT_HEX];
    po_audit_sha256_hex(th, token, strlen(token));
    struct po_session ses;
    int64_t last = 0, created = 0;
    struct po_stmt *s = NULL;
    int rc = query_one(&s, st,
                       "SELECT " USER_COLS ", s.csrf_token, s.last_seen, s.created_at FROM user_session s"
                       " JOIN app_user u ON u.id = s.user_id WHERE s.token_hash = ?",
                       th, err);
    if (rc == 1) {
        memset(&ses, 0, sizeof(ses));
        read_user(&ses.user, s, 0);
        snprintf(ses.csrf, sizeof(ses.csrf), "%s", po_stmt_text(s, USER_NCOLS));
        snprintf(ses.token, sizeof(ses.token), "%s", token);
        last = po_stmt_int(s, USER_NCOLS + 1);
        created = po_stmt_int(s, USER_NCOLS + 2);
    }
    po_stmt_finalize(s);
    if (rc == 0)
        return no_session(err);
    if (rc < 0)
        return rc;
    struct po_value v[2] = { po_vint(now), po_vtext(th) };
    if (now - last > PO_SESSION_IDLE_SECONDS || now - created > max_age || ses.user.disabled) {
        rc = po_store_run(st, "DELETE FROM user_session WHERE token_hash = ?", &v[1], 1, err);
        return rc < 0 ? rc : no_session(err);
    }
    if (now - last > PO_SESSION_TOUCH_SECONDS) {
        rc = po_store_run(st, "UPDATE user_session SET last_seen = ? WHERE token_hash = ?", v, 2,
                          err);
        if (rc < 0)
            return rc;
    }
    *out = ses;
    return 0;
}

static int logout_tx(struct po_store *st, const char *th, const char *actor, struct po_err *err)
{
    struct po_stmt *s = NULL;
    char username[64] = "";
    int rc = query_one(&s, st,
                       "SELECT u.username FROM user_session s JOIN app_user u"
                       " ON u.id = s.user_id WHERE s.token_hash = ?",
                       th, err);
    if (rc == 1)
        snprintf(username, sizeof(username), "%s", po_stmt_text(s, 0));
    po_stmt_finalize(s);
    if (rc == 0)
        return no_session(err);
    if (rc < 0)
        return rc;
    struct po_value v = po_vtext(th);
    rc = po_store_run(st, "DELETE FROM user_session WHERE token_hash = ?", &v, 1, err);
    if (rc == 0)
        rc = audit(st, actor && actor[0] ? actor : username, "session.logout", username, "", err);
    return rc;
}

int po_userdb_logout(struct po_store *st, const char *token, const char *actor, struct po_err *err)
{
    if (!token_ok(token))
        return no_session(err);
    char th[PO_AUDIT_HEX];
    po_audit_sha256_hex(th, token, strlen(token));
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    return po_store_end(st, logout_tx(st, th, actor, err), err);
}

/* ---- a second administrator's approval ---- */

static int insert_change(struct po_store *st, const char *username, const char *kind,
                         unsigned roles, const char *district, const char *hash,
                         const char *actor, int64_t *id, struct po_err *err)
{
    char at[32], list[PO_UROLE_LIST_MAX];
    po_audit_now(at, sizeof at);
    po_urole_format_list(list, sizeof list, roles);
    int rc = po_store_query_int(id, st, "SELECT coalesce(max(id), 0) + 1 FROM user_change", NULL,
                                0, err);
    bool has = district && district[0];
    struct po_value v[8] = { po_vint(*id),
                             po_vtext(username),
                             po_vtext(kind),
                             roles ? po_vtext(list) : PO_VNULL,
                             has ? po_vtext(district) : PO_VNULL,
                             hash ? po_vtext(hash) : PO_VNULL,
                             po_vtext(actor),
                             po_vtext(at) };
    if (rc == 0)
        rc = po_store_run(st,
                          "INSERT INTO user_change(id, username, kind, roles, district_code,"
                          " pw_hash, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          v, 8, err);
    char detail[256];
    snprintf(detail, sizeof detail, "request=%lld kind=%s%s%s", (long long)*id, kind,
             roles ? " roles=" : "", roles ? list : "");
    if (rc == 0)
        rc = audit(st, actor, "user.request", username, detail, err);
    return rc;
}

int po_userdb_hold_new(struct po_store *st, const char *username, unsigned roles,
                       const char *district_code, const char *actor, int64_t *id,
                       struct po_err *err)
{
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    struct po_value v[1] = { po_vtext(username) };
    rc = po_store_run(st,
                      "UPDATE app_user SET disabled = 1, must_change_password = 1 WHERE username = ?",
                      v, 1, err);
    if (rc == 0)
        rc = insert_change(st, username, "create", roles, district_code, NULL, actor, id, err);
    return po_store_end(st, rc, err);
}

int po_userdb_request_grant(struct po_store *st, const char *username, unsigned roles,
                            const char *district_code, const char *actor, int64_t *id,
                            struct po_err *err)
{
    int64_t uid = 0;
    int rc = start(err);
    if (rc == 0)
        rc = check_roles(st, roles, district_code, err);
    if (rc == 0)
        rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = user_id(&uid, st, username, err);
    if (rc == 0)
        rc = insert_change(st, username, "grant", roles, district_code, NULL, actor, id, err);
    return po_store_end(st, rc, err);
}

int po_userdb_request_reset(struct po_store *st, const char *username, const char *password,
                            const char *actor, int64_t *id, struct po_err *err)
{
    char hash[crypto_pwhash_STRBYTES];
    int64_t uid = 0;
    int rc = start(err);
    if (rc == 0)
        rc = po_password_check(password, username, err);
    if (rc == 0)
        rc = hash_password(hash, password, err);
    if (rc == 0)
        rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = user_id(&uid, st, username, err);
    if (rc == 0)
        rc = insert_change(st, username, "reset", 0, NULL, hash, actor, id, err);
    sodium_memzero(hash, sizeof hash);
    return po_store_end(st, rc, err);
}

/* Give the approved request: the account enabled, the roles granted or the password set. */
static int apply_change(struct po_store *st, const char *username, const char *kind,
                        const char *roles, const char *district, const char *hash,
                        const char *at, struct po_err *err)
{
    int64_t uid = 0;
    int rc = user_id(&uid, st, username, err);
    if (rc < 0)
        return rc;
    if (!strcmp(kind, "create")) {
        struct po_value u[2] = { po_vtext(at), po_vint(uid) };
        return po_store_run(st, "UPDATE app_user SET disabled = 0, updated_at = ? WHERE id = ?",
                            u, 2, err);
    }
    if (!strcmp(kind, "grant")) {
        unsigned bits = 0;
        rc = po_urole_parse_list(&bits, roles, err);
        if (rc == 0)
            rc = check_roles(st, bits, district, err);
        struct po_value r[4] = { po_vtext(roles), district[0] ? po_vtext(district) : PO_VNULL,
                                 po_vtext(at), po_vint(uid) };
        if (rc == 0)
            rc = po_store_run(st,
                              "UPDATE app_user SET roles = ?, district_code = ?, updated_at = ?"
                              " WHERE id = ?",
                              r, 4, err);
        return rc == 0 ? end_sessions(st, uid, err) : rc;
    }
    struct po_value u[3] = { po_vtext(hash), po_vtext(at), po_vint(uid) };
    rc = po_store_run(st,
                      "UPDATE app_user SET pw_hash = ?, must_change_password = 1, updated_at = ?"
                      " WHERE id = ?",
                      u, 3, err);
    return rc == 0 ? end_sessions(st, uid, err) : rc;
}

int po_userdb_decide(struct po_store *st, int64_t id, bool approve, const char *actor,
                     struct po_err *err)
{
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    struct po_stmt *s = NULL;
    struct po_value k = po_vint(id);
    char username[64] = "", kind[16] = "", roles[PO_UROLE_LIST_MAX] = "", district[16] = "",
         by[128] = "", hash[crypto_pwhash_STRBYTES] = "";
    bool decided = false;
    rc = po_stmt_prepare(&s, st,
                         "SELECT username, kind, coalesce(roles, ''), coalesce(district_code, ''),"
                         " coalesce(pw_hash, ''), requested_by, decision FROM user_change"
                         " WHERE id = ?",
                         err);
    if (rc == 0)
        rc = po_stmt_bindv(s, &k, 1, err);
    if (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        snprintf(username, sizeof username, "%s", po_stmt_text(s, 0));
        snprintf(kind, sizeof kind, "%s", po_stmt_text(s, 1));
        snprintf(roles, sizeof roles, "%s", po_stmt_text(s, 2));
        snprintf(district, sizeof district, "%s", po_stmt_text(s, 3));
        snprintf(hash, sizeof hash, "%s", po_stmt_text(s, 4));
        snprintf(by, sizeof by, "%s", po_stmt_text(s, 5));
        decided = po_stmt_text(s, 6) != NULL;
        rc = 0;
    } else if (rc == 0) {
        rc = po_err_set(err, PO_ENOTFOUND, "没有第 %lld 号账号变更申请",
                        "no account change request %lld", (long long)id);
    }
    po_stmt_finalize(s);
    if (rc == 0 && decided)
        rc = po_err_set(err, PO_ECONFLICT, "第 %lld 号申请已处理", "request %lld is decided already",
                        (long long)id);
    if (rc == 0 && !strcmp(by, actor ? actor : ""))
        rc = po_err_set(err, PO_EPERM, "须由另一位安全管理员决定（申请人不能批准自己的申请）",
                        "another security administrator must decide (not the one who asked)");
    char at[32];
    po_audit_now(at, sizeof at);
    if (rc == 0 && approve)
        rc = apply_change(st, username, kind, roles, district, hash, at, err);
    struct po_value d[4] = { po_vtext(actor), po_vtext(at),
                             po_vtext(approve ? "approved" : "rejected"), po_vint(id) };
    if (rc == 0)
        rc = po_store_run(st,
                          "UPDATE user_change SET decided_by = ?, decided_at = ?, decision = ?"
                          " WHERE id = ?",
                          d, 4, err);
    char detail[200];
    snprintf(detail, sizeof detail, "request=%lld kind=%s asked_by=%s", (long long)id, kind, by);
    if (rc == 0)
        rc = audit(st, actor, approve ? "user.approve" : "user.reject", username, detail, err);
    sodium_memzero(hash, sizeof hash);
    return po_store_end(st, rc, err);
}

json_t *po_userdb_changes(struct po_store *st, struct po_err *err)
{
    return po_listq_all(st,
                        "SELECT id, username, kind, roles, district_code, requested_by,"
                        " requested_at, decided_by, decided_at, decision FROM user_change"
                        " ORDER BY id DESC LIMIT 500",
                        NULL, 0, err);
}

int po_userdb_change_own(struct po_store *st, const char *username, const char *current,
                         const char *password, struct po_err *err)
{
    struct po_user u;
    char hash[crypto_pwhash_STRBYTES], fresh[crypto_pwhash_STRBYTES];
    bool found = false;
    int rc = lookup(&u, hash, sizeof hash, &found, st, username, err);
    if (rc < 0)
        return rc;
    const char *cur = current ? current : "";
    if (!found || crypto_pwhash_str_verify(hash, cur, strlen(cur)) != 0)
        return po_err_set(err, PO_EPERM, "当前密码不正确", "the current password is wrong");
    if (password && !strcmp(password, cur))
        return po_err_set(err, PO_EINVAL, "新密码不能与当前密码相同",
                          "the new password must differ from the current one");
    if ((rc = po_password_check(password, username, err)) < 0 ||
        (rc = hash_password(fresh, password, err)) < 0)
        return rc;
    char at[32];
    po_audit_now(at, sizeof at);
    struct change c = { "UPDATE app_user SET pw_hash = ?, must_change_password = 0, updated_at = ?"
                        " WHERE id = ?",
                        { po_vtext(fresh), po_vtext(at) },
                        2,
                        true,
                        "user.passwd_own",
                        "" };
    char actor[80]; /* the account itself, through the web */
    snprintf(actor, sizeof actor, "web:%s", username);
    rc = change(st, username, &c, actor, err);
    sodium_memzero(fresh, sizeof fresh);
    return rc;
}
