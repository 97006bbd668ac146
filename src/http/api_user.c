/*
 * api_user.c: accounts and roles for the security administrator
 * (PO_P_MANAGE_USERS; docs/api.md "Session and users"), over app/userdb.h.
 *
 * Every refusal of bad input is a 422 whose details name the field: the
 * password policy (core/password.h), the role rules (core/authz.h: no two
 * of sysadmin / secadmin / auditadmin, a district code with the district
 * role only), an unknown district, a malformed username.  A PATCH checks
 * every field it carries before changing any, so a refused PATCH changes
 * nothing; each change is then its own transaction with its audit row.  A
 * security administrator cannot disable itself or drop its own secadmin
 * role (the system would be left without one who can undo it).
 */
#include "http/api.h"

#include "core/password.h"
#include "util/arena.h"

#include <string.h>

/* A 422 naming field, with err's message. */
static void bad_field(struct po_req *req, struct po_resp *resp, const char *field,
                      const struct po_err *err)
{
    const char *zh = err->msg_zh[0] ? err->msg_zh : err->msg;
    po_resp_error(req, resp, 422, "invalid", zh, err->msg,
                  json_pack("[{s:s,s:s,s:s}]", "field", field, "message_zh", zh, "message_en",
                            err->msg));
}

/* The field an app/userdb.h refusal is about, from its message. */
static const char *field_of(const struct po_err *err)
{
    if (strstr(err->msg, "username"))
        return "username";
    if (strstr(err->msg, "display name"))
        return "display_name";
    if (strstr(err->msg, "district"))
        return "district_code";
    if (strstr(err->msg, "password"))
        return "password";
    return "roles";
}

/* An app/userdb.h failure as a response: input errors name their field. */
static void userdb_failed(struct po_req *req, struct po_resp *resp, const struct po_err *err)
{
    if (err->code == PO_EINVAL)
        bad_field(req, resp, field_of(err), err);
    else
        po_resp_err(req, resp, err);
}

/* The account, with the ids of the requests waiting for a second administrator (pending). */
static void pending_answer(struct po_req *req, struct po_resp *resp, unsigned status,
                           const char *username, int64_t a, int64_t b)
{
    struct po_user u;
    struct po_err err = PO_ERR_INIT;
    if (po_userdb_get(&u, req->st, username, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *o = po_api_user_json(&u), *p = json_array();
    if (a)
        json_array_append_new(p, json_integer(a));
    if (b)
        json_array_append_new(p, json_integer(b));
    json_object_set_new(o, "pending", p);
    po_resp_json(req, resp, status, o, false);
}

static void users(struct po_req *req, struct po_resp *resp)
{
    struct po_user *u = NULL;
    size_t n = 0;
    struct po_err err = PO_ERR_INIT;
    if (po_userdb_list(&u, &n, req->st, req->a, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, po_api_user_json(&u[i]));
    json_t *j = json_pack("{s:o,s:I}", "items", items, "total", (json_int_t)n);
    po_resp_json(req, resp, 200, j, true);
}

/* The body's roles array as bits; false with a 422 in resp. */
static bool body_roles(unsigned *bits, struct po_req *req, struct po_resp *resp, json_t *roles)
{
    struct po_err err = PO_ERR_INIT;
    size_t i;
    json_t *r;
    *bits = 0;
    if (!json_is_array(roles)) {
        po_err_set(&err, PO_EINVAL, "roles 应为角色名数组", "roles must be an array of role names");
        bad_field(req, resp, "roles", &err);
        return false;
    }
    json_array_foreach(roles, i, r)
    {
        enum po_urole u;
        if (po_urole_parse(&u, json_is_string(r) ? json_string_value(r) : "", &err) < 0) {
            bad_field(req, resp, "roles", &err);
            return false;
        }
        *bits |= 1u << u;
    }
    return true;
}

/* The body's district_code: NULL when absent, "" for null; false when of another type. */
static bool body_district(const char **out, json_t *j)
{
    json_t *d = json_object_get(j, "district_code");
    *out = !d ? NULL : json_is_null(d) ? "" : json_string_value(d);
    return !d || json_is_null(d) || json_is_string(d);
}

/* Roles with the district code, by the rules of core/authz.h; false with a 422. */
static bool roles_ok(struct po_req *req, struct po_resp *resp, unsigned bits, const char *district)
{
    struct po_err err = PO_ERR_INIT;
    if (po_authz_check_roles(bits, district, &err) == 0)
        return true;
    bad_field(req, resp, strstr(err.msg, "district") ? "district_code" : "roles", &err);
    return false;
}

static bool password_ok(struct po_req *req, struct po_resp *resp, const char *password,
                        const char *username)
{
    struct po_err err = PO_ERR_INIT;
    if (!password) {
        po_err_set(&err, PO_EINVAL, "请填写密码", "a password is required");
    } else if (po_password_check(password, username, &err) == 0)
        return true;
    bad_field(req, resp, "password", &err);
    return false;
}

static void user_add(struct po_req *req, struct po_resp *resp)
{
    json_t *j = po_req_json(req, resp);
    if (!j)
        return;
    const char *name = po_json_str(j, "username");
    const char *display = po_json_str(j, "display_name");
    const char *district;
    unsigned bits;
    struct po_err err = PO_ERR_INIT;
    if (!name || !*name) {
        po_err_set(&err, PO_EINVAL, "请填写用户名", "a username is required");
        bad_field(req, resp, "username", &err);
        return;
    }
    if (!body_district(&district, j)) {
        po_err_set(&err, PO_EINVAL, "district_code 应为文本或 null", "district_code must be text or null");
        bad_field(req, resp, "district_code", &err);
        return;
    }
    if (!password_ok(req, resp, po_json_str(j, "password"), name) ||
        !body_roles(&bits, req, resp, json_object_get(j, "roles")) ||
        !roles_ok(req, resp, bits, district))
        return;
    if (po_userdb_add(req->st, name, display, po_json_str(j, "password"), bits, district,
                      po_req_actor(req), &err) < 0) {
        userdb_failed(req, resp, &err);
        return;
    }
    /* a business role: held (disabled, password to change) until another administrator approves */
    int64_t pending = 0;
    if (po_userdb_business(bits) &&
        po_userdb_hold_new(req->st, name, bits, district, po_req_actor(req), &pending, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    pending_answer(req, resp, pending ? 202 : 201, name, pending, 0);
}

/* ---- PATCH ---- */

/* What a PATCH asks for, checked before anything is changed. */
struct patch {
    const char *password, *display;
    bool set_roles, set_disabled, disabled;
    unsigned roles;
    const char *district;
};

/* Read and check the body against the account as it is; false with resp filled. */
static bool patch_read(struct patch *p, struct po_req *req, struct po_resp *resp, json_t *j,
                       const struct po_user *u)
{
    struct po_err err = PO_ERR_INIT;
    memset(p, 0, sizeof *p);
    json_t *dis = json_object_get(j, "disabled"), *roles = json_object_get(j, "roles");
    json_t *pw = json_object_get(j, "password"), *dn = json_object_get(j, "display_name");
    const char *district;
    if (dis && !json_is_boolean(dis)) {
        po_err_set(&err, PO_EINVAL, "disabled 应为 true 或 false", "disabled must be true or false");
        bad_field(req, resp, "disabled", &err);
        return false;
    }
    if ((pw && !json_is_string(pw)) || (dn && !json_is_string(dn))) {
        po_err_set(&err, PO_EINVAL, "应为文本", "must be text");
        bad_field(req, resp, pw && !json_is_string(pw) ? "password" : "display_name", &err);
        return false;
    }
    if (!body_district(&district, j)) {
        po_err_set(&err, PO_EINVAL, "district_code 应为文本或 null", "district_code must be text or null");
        bad_field(req, resp, "district_code", &err);
        return false;
    }
    p->set_disabled = dis != NULL;
    p->disabled = json_is_true(dis);
    p->display = json_string_value(dn);
    p->password = json_string_value(pw);
    p->roles = u->roles;
    if (roles && !body_roles(&p->roles, req, resp, roles))
        return false;
    p->set_roles = roles || district;
    /* a role change without a district keeps the district when the district role stays */
    p->district = district ? district
                  : (p->roles & (1u << PO_UR_DISTRICT)) ? u->district_code
                                                         : "";
    if (p->set_roles && !roles_ok(req, resp, p->roles, p->district))
        return false;
    return !p->password || password_ok(req, resp, p->password, u->username);
}

/* A security administrator may not lock itself out. */
static bool not_self_lockout(struct po_req *req, struct po_resp *resp, const struct patch *p,
                             const char *username)
{
    if (strcmp(username, req->session.user.username))
        return true;
    struct po_err err = PO_ERR_INIT;
    if (p->set_disabled && p->disabled) {
        po_err_set(&err, PO_EINVAL, "不能停用自己的账号", "you cannot disable your own account");
        bad_field(req, resp, "disabled", &err);
        return false;
    }
    if (p->set_roles && !(p->roles & (1u << PO_UR_SECADMIN))) {
        po_err_set(&err, PO_EINVAL, "不能取消自己的安全管理员角色",
                   "you cannot remove your own secadmin role");
        bad_field(req, resp, "roles", &err);
        return false;
    }
    return true;
}

/*
 * Apply the checked changes, each with its audit row.  A business role added, or a new
 * password of an account with a business role, is only asked for: *grant, *reset get the
 * requests' ids (another security administrator decides, app/userdb.h).
 */
static int patch_apply(struct po_req *req, const struct patch *p, const struct po_user *u,
                       int64_t *grant, int64_t *reset, struct po_err *err)
{
    const char *actor = po_req_actor(req), *username = u->username;
    int rc = 0;
    bool adds_business = p->set_roles && po_userdb_business(p->roles & ~u->roles);
    bool business = po_userdb_business(u->roles) || (p->set_roles && po_userdb_business(p->roles));
    if (p->display)
        rc = po_userdb_set_display_name(req->st, username, p->display, actor, err);
    if (rc == 0 && p->set_roles && adds_business)
        rc = po_userdb_request_grant(req->st, username, p->roles, p->district, actor, grant, err);
    else if (rc == 0 && p->set_roles)
        rc = po_userdb_set_roles(req->st, username, p->roles, p->district, actor, err);
    if (rc == 0 && p->password && business)
        rc = po_userdb_request_reset(req->st, username, p->password, actor, reset, err);
    else if (rc == 0 && p->password)
        rc = po_userdb_passwd(req->st, username, p->password, actor, err);
    if (rc == 0 && p->set_disabled)
        rc = po_userdb_set_disabled(req->st, username, p->disabled, actor, err);
    return rc;
}

static void user_patch(struct po_req *req, struct po_resp *resp)
{
    const char *username = po_req_param(req, "username");
    json_t *j = po_req_json(req, resp);
    if (!j)
        return;
    struct po_user u;
    struct po_err err = PO_ERR_INIT;
    struct patch p;
    if (po_userdb_get(&u, req->st, username, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    if (!patch_read(&p, req, resp, j, &u) || !not_self_lockout(req, resp, &p, username))
        return;
    int64_t grant = 0, reset = 0;
    if (patch_apply(req, &p, &u, &grant, &reset, &err) < 0) {
        userdb_failed(req, resp, &err);
        return;
    }
    pending_answer(req, resp, grant || reset ? 202 : 200, username, grant, reset);
}

/* ---- requests for a second administrator ---- */

static void changes(struct po_req *req, struct po_resp *resp)
{
    struct po_err err = PO_ERR_INIT;
    json_t *c = po_userdb_changes(req->st, &err);
    if (!c) {
        po_resp_err(req, resp, &err);
        return;
    }
    po_resp_json(req, resp, 200,
                 json_pack("{s:o,s:I}", "items", c, "total", (json_int_t)json_array_size(c)), false);
}

static void decide(struct po_req *req, struct po_resp *resp)
{
    json_t *j = po_req_json(req, resp);
    if (!j)
        return;
    json_t *id = json_object_get(j, "id");
    const char *d = po_json_str(j, "decision");
    if (!json_is_integer(id) || !d || (strcmp(d, "approve") && strcmp(d, "reject"))) {
        po_resp_error(req, resp, 422, "invalid", "应为 {id, decision: approve|reject}",
                      "want {id, decision: approve|reject}",
                      json_pack("[{s:s,s:s,s:s}]", "field", json_is_integer(id) ? "decision" : "id",
                                "message_zh", "取值无效", "message_en", "invalid value"));
        return;
    }
    struct po_err err = PO_ERR_INIT;
    if (po_userdb_decide(req->st, json_integer_value(id), !strcmp(d, "approve"), po_req_actor(req),
                         &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    changes(req, resp);
}

/* The login throttle's events of the last week (audit rows session.throttle). */
static void throttles(struct po_req *req, struct po_resp *resp)
{
    struct po_err err = PO_ERR_INIT;
    json_t *t = po_userdb_throttles(req->st, 7, &err);
    if (!t) {
        po_resp_err(req, resp, &err);
        return;
    }
    po_resp_json(req, resp, 200, json_pack("{s:o,s:I}", "items", t, "total",
                                           (json_int_t)json_array_size(t)),
                 false);
}

const struct po_route po_routes_user[] = {
    { "GET", "/api/v1/login-throttles", throttles, PO_P_MANAGE_USERS, 0, "users",
      "Recent login throttle events (a week back): which account or address, how many failures",
      NULL, NULL },
    { "GET", "/api/v1/users", users, PO_P_MANAGE_USERS, 0, "users", "Every account (security administrator)",
      NULL, NULL },
    { "POST", "/api/v1/users", user_add, PO_P_MANAGE_USERS, 0, "users",
      "Create an account: username, display_name, password, roles, district_code", NULL, NULL },
    { "GET", "/api/v1/user-changes", changes, PO_P_MANAGE_USERS, 0, "users",
      "Requests for a second security administrator: accounts with a business role, business roles "
      "granted, business passwords reset; pending or decided",
      NULL, NULL },
    { "POST", "/api/v1/user-changes/decisions", decide, PO_P_MANAGE_USERS, 0, "users",
      "Decide a request {id, decision: approve|reject} (not the administrator who asked)", NULL,
      NULL },
    { "PATCH", "/api/v1/users/{username}", user_patch, PO_P_MANAGE_USERS, 0, "users",
      "Change roles, district, disabled, password or display name; ends the account's sessions",
      NULL, NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};
