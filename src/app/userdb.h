/*
 * userdb.h: accounts, sessions and the login throttle (issue 7 item 2), migration 0008.
 *
 * Tables: app_user (one row per account: username, display name, argon2id
 * password hash, roles as comma-separated names, district code, disabled),
 * user_session (one row per logged-in browser, found by the hex SHA-256 of
 * its token so the table never holds a usable cookie) and login_attempt
 * (every login, good or bad, for the throttle and the record).
 *
 * Every change to an account is one transaction with its audit row
 * (app/audit.h): user.add, user.passwd, user.role, user.disable, user.enable,
 * user.name; sessions: session.login, session.logout.  No audit row ever
 * holds a password or a token.  Changing an account's password, roles or
 * disabled flag ends all of its sessions, so a change takes effect at once.
 *
 * Passwords: the policy of core/password.h; hashes are libsodium's
 * crypto_pwhash_str (argon2id, OPSLIMIT_INTERACTIVE, MEMLIMIT_INTERACTIVE:
 * about 0.1 s and 64 MiB per hash or verify, outside any transaction).
 * Roles: core/authz.h, checked by po_authz_check_roles().
 *
 * Times: the throttle and the idle timeout read `now`, unix seconds of the
 * caller's clock, so tests can move time; created_at / updated_at and the
 * audit rows use the real UTC clock.
 *
 * Errors: PO_EINVAL bad input (policy, roles, username, unknown district),
 * PO_ENOTFOUND no such user or session, PO_ECONFLICT duplicate username,
 * PO_EPERM failed login, PO_ETHROTTLED throttled login, or the store's.
 * Threads: as the store (one connection per thread).
 * PO_EINTERNAL (libsodium failed to start), PO_ENOMEM.
 *
 * Memory: a struct po_user or po_session is filled in place (fixed-size text); po_userdb_list()'s
 * array lives in the arena given.
 */
#ifndef PO_USERDB_H
#define PO_USERDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/authz.h"
#include "store/store.h"
#include "util/err.h"

struct po_arena;

#define PO_SESSION_IDLE_SECONDS (30 * 60)
#define PO_SESSION_MAX_SECONDS (12 * 3600) /* absolute lifetime by default (serve --session-hours) */
#define PO_SESSION_TOUCH_SECONDS 60 /* last_seen is rewritten only when older than this */
/*
 * The login throttle (issue 16 §0): failures are counted in the window per account and
 * address, per address and per account, each since the last good login of that scope.  From
 * PO_LOGIN_*_FREE failures on, the next attempt of that scope must wait 2^(n - FREE) seconds
 * after the last failure, at most the scope's cap: a growing delay, never a hard lock of the
 * name.  The per-account delay does not apply from an address the account logged in from in
 * the last PO_LOGIN_KNOWN_DAYS, so nobody elsewhere can keep the real user out.
 */
#define PO_LOGIN_WINDOW_SECONDS (15 * 60)
#define PO_LOGIN_PAIR_FREE 3      /* per account and address */
#define PO_LOGIN_PAIR_CAP 900
#define PO_LOGIN_ADDR_FREE 10     /* per address, every account (password spraying) */
#define PO_LOGIN_ADDR_CAP 900
#define PO_LOGIN_ACCOUNT_FREE 10  /* per account, every address */
#define PO_LOGIN_ACCOUNT_CAP 300
#define PO_LOGIN_KNOWN_DAYS 30

struct po_user {
    int64_t id;
    char username[64];      /* 1..63 bytes of [A-Za-z0-9._@-] */
    char display_name[128]; /* at most 127 bytes */
    unsigned roles;         /* 1u << enum po_urole */
    char district_code[16]; /* "" when none */
    bool disabled;
    bool must_change;       /* an administrator set the password: change it before anything */
};

/* token, csrf: 43-char base64url (no padding) of 32 random bytes, NUL-terminated. */
struct po_session {
    char token[64];
    char csrf[64];
    struct po_user user;
};

/*
 * Create an account.  username: 1..63 of [A-Za-z0-9._@-]; display_name
 * (NULL: "") at most 127 bytes; password by core/password.h; roles and
 * district_code (NULL or "": none) by po_authz_check_roles(), the district
 * must exist.  actor names who did it in the audit row ("cli:root",
 * "secadmin").  PO_ECONFLICT when the username is taken.
 */
int po_userdb_add(struct po_store *st, const char *username, const char *display_name,
                  const char *password, unsigned roles, const char *district_code,
                  const char *actor, struct po_err *err);
/* Set a new password (policy checked); ends the user's sessions.  PO_ENOTFOUND. */
int po_userdb_passwd(struct po_store *st, const char *username, const char *password,
                     const char *actor, struct po_err *err);
/* Replace roles and district code (checked as in add); ends the user's sessions. */
int po_userdb_set_roles(struct po_store *st, const char *username, unsigned roles,
                        const char *district_code, const char *actor, struct po_err *err);
/* Disable or enable; ends the user's sessions.  Audit user.disable / user.enable. */
int po_userdb_set_disabled(struct po_store *st, const char *username, bool disabled,
                           const char *actor, struct po_err *err);
/* Change the display name (at most 127 bytes); sessions stay.  Audit user.name. */
int po_userdb_set_display_name(struct po_store *st, const char *username,
                               const char *display_name, const char *actor, struct po_err *err);

/* One account by username.  PO_ENOTFOUND. */
int po_userdb_get(struct po_user *out, struct po_store *st, const char *username,
                  struct po_err *err);
/* Every account, by username (bytewise); *out lives in a. */
int po_userdb_list(struct po_user **out, size_t *n, struct po_store *st, struct po_arena *a,
                   struct po_err *err);

/*
 * Log in at unix time now from ip (NULL: unknown).
 *   - too soon after failures (the throttle above): PO_ETHROTTLED "too many
 *     attempts, try again in N seconds" with err->retry_after; the password is
 *     not looked at and the attempt is recorded as a failure (so hammering
 *     grows the delay).  A scope reaching its threshold is audited
 *     (session.throttle, po_userdb_throttles).
 *   - unknown user, wrong password or disabled account: PO_EPERM, the same
 *     message for all three ("用户名或密码错误" / "wrong username or
 *     password"); an unknown user costs a hash verify too, so timing does
 *     not tell which; the attempt is recorded.
 *   - else a new session (out filled), the attempt recorded as ok and an
 *     audit row session.login; idle sessions of every user are removed.
 * The attempt's row is committed even when the login fails.
 */
int po_userdb_login(struct po_session *out, struct po_store *st, const char *username,
                    const char *password, const char *ip, int64_t now, struct po_err *err);

/*
 * The session of token at unix time now: out gets token, csrf and the
 * user.  PO_ENOTFOUND when the token is unknown or malformed, the session
 * idle for more than PO_SESSION_IDLE_SECONDS (now - last_seen; the row is
 * deleted) or its user disabled.  last_seen is set to now only when it is
 * more than PO_SESSION_TOUCH_SECONDS old, so reads do not write on every
 * request.
 */
int po_userdb_session(struct po_session *out, struct po_store *st, const char *token,
                      int64_t now, struct po_err *err);

/* The same with an absolute lifetime: a session created more than max_age seconds before now
 * has ended too, however active (its row is deleted).  po_userdb_session uses
 * PO_SESSION_MAX_SECONDS. */
int po_userdb_session_aged(struct po_session *out, struct po_store *st, const char *token,
                           int64_t now, int64_t max_age, struct po_err *err);

/*
 * A second administrator's approval (issue 16 §0).  Through the web a security administrator
 * only asks; another security administrator decides:
 *   - create: an account with a business role (any but sysadmin, secadmin, auditadmin) is
 *     created disabled, with must_change, until approved;
 *   - grant: business roles added to an account are not given until approved;
 *   - reset: a business account's new password (kept as its hash) is not set until approved;
 *     then must_change is set and the sessions end.
 * The one who asked cannot decide (PO_EPERM).  Each step is audited (user.request,
 * user.approve, user.reject).
 */
#define PO_UR_ADMIN_BITS ((1u << PO_UR_SYSADMIN) | (1u << PO_UR_SECADMIN) | (1u << PO_UR_AUDITADMIN))
/* Whether a role set holds a business role. */
static inline bool po_userdb_business(unsigned roles)
{
    return (roles & ~PO_UR_ADMIN_BITS) != 0;
}
/* Hold a just-created account: disabled and must_change until approved (kind create). */
int po_userdb_hold_new(struct po_store *st, const char *username, unsigned roles,
                       const char *district_code, const char *actor, int64_t *id,
                       struct po_err *err);
/* Ask to grant roles (checked as in set_roles); nothing changes until approved. */
int po_userdb_request_grant(struct po_store *st, const char *username, unsigned roles,
                            const char *district_code, const char *actor, int64_t *id,
                            struct po_err *err);
/* Ask to reset the password (checked by the policy, hashed now); nothing changes until approved. */
int po_userdb_request_reset(struct po_store *st, const char *username, const char *password,
                            const char *actor, int64_t *id, struct po_err *err);
/* Decide a pending request (approve or not) as actor; PO_EPERM when actor asked it,
 * PO_ENOTFOUND when there is no request id, PO_ECONFLICT when decided already. */
int po_userdb_decide(struct po_store *st, int64_t id, bool approve, const char *actor,
                     struct po_err *err);
/* Every request, newest first: [{id, username, kind, roles, district_code, requested_by,
 * requested_at, decided_by, decided_at, decision}] (never the hash). */
json_t *po_userdb_changes(struct po_store *st, struct po_err *err);
/* The account's own password change (the current one verified, the new by the policy); clears
 * must_change and ends the account's sessions.  PO_EPERM for a wrong current password. */
int po_userdb_change_own(struct po_store *st, const char *username, const char *current,
                         const char *password, struct po_err *err);

/* The throttle events of the last days (audit rows session.throttle), newest first:
 * [{at, username, detail}] — for the security administrator. */
json_t *po_userdb_throttles(struct po_store *st, int days, struct po_err *err);

/* End the session of token, with an audit row session.logout.  PO_ENOTFOUND when unknown. */
int po_userdb_logout(struct po_store *st, const char *token, const char *actor,
                     struct po_err *err);

#endif
