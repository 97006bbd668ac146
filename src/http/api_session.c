/*
 * api_session.c: log in, who am I, log out (docs/api.md "Session and users").
 *
 * The session lives in the database (app/userdb.h), so any server of the
 * deployment recognises the cookie another one set.  The cookie is
 * HttpOnly and SameSite=Strict; the CSRF token travels in the JSON answer
 * and must come back in X-CSRF-Token on every state-changing request.
 */
#include "http/http.h"

#include "util/arena.h"

#include <string.h>

json_t *po_api_user_json(const struct po_user *u);

json_t *po_api_user_json(const struct po_user *u)
{
    json_t *roles = json_array();
    json_t *labels = json_array();
    for (int r = 0; r < PO_UR_COUNT; r++)
        if (u->roles & (1u << r)) {
            json_array_append_new(roles, json_string(po_urole_name((enum po_urole)r)));
            json_array_append_new(labels, json_string(po_urole_label_zh((enum po_urole)r)));
        }
    json_t *perms = json_array();
    static const char *const perm_names[PO_P_COUNT] = {
        [PO_P_READ_REGISTRY] = "read_registry", [PO_P_IMPORT] = "import",
        [PO_P_RUN_EVAL] = "run_eval",           [PO_P_OPEN_CASE] = "open_case",
        [PO_P_ACT_CASE] = "act_case",           [PO_P_EDIT_PLAN] = "edit_plan",
        [PO_P_READ_AUDIT] = "read_audit",       [PO_P_MANAGE_USERS] = "manage_users",
        [PO_P_MANAGE_REF] = "manage_ref",       [PO_P_READ_CREDIT] = "read_credit",
        [PO_P_RUN_TICK] = "run_tick",
        [PO_P_PUBLISH] = "publish",
        [PO_P_HANDLE_REPORTS] = "handle_reports",
        [PO_P_ISSUE_NOTICE] = "issue_notice",
        [PO_P_MANAGE_CREDIT] = "manage_credit",
        [PO_P_JOINT] = "joint",
    };
    for (int p = 0; p < PO_P_COUNT; p++)
        if (perm_names[p] && po_authz_has(u->roles, (enum po_perm)p))
            json_array_append_new(perms, json_string(perm_names[p]));
    json_t *o = json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:b,s:b}", "username", u->username,
                          "display_name", u->display_name, "roles", roles, "role_labels_zh",
                          labels, "permissions", perms, "district_code",
                          u->district_code[0] ? json_string(u->district_code) : json_null(),
                          "disabled", u->disabled, "must_change_password", u->must_change);
    return o;
}

static void session_answer(struct po_req *req, struct po_resp *resp, unsigned status,
                           const struct po_session *s)
{
    json_t *j = json_pack("{s:o,s:s,s:i}", "user", po_api_user_json(&s->user), "csrf_token", s->csrf,
                          "idle_timeout_seconds", (int)PO_SESSION_IDLE_SECONDS);
    po_resp_json(req, resp, status, j, false);
}

static void login(struct po_req *req, struct po_resp *resp)
{
    json_t *j = po_req_json(req, resp);
    if (!j)
        return;
    const char *u = po_json_str(j, "username"), *p = po_json_str(j, "password");
    if (!u || !p || !*u || !*p) {
        po_resp_error(req, resp, 400, "invalid", "请填写用户名和密码", "username and password are required",
                      json_pack("[{s:s,s:s,s:s}]", "field", !u || !*u ? "username" : "password",
                                "message_zh", "必填", "message_en", "required"));
        return;
    }
    struct po_session s;
    struct po_err err = PO_ERR_INIT;
    int rc = po_userdb_login(&s, req->st, u, p, req->ip, req->now, &err);
    if (rc == PO_EPERM) {
        po_resp_error(req, resp, 401, "unauthenticated", err.msg_zh, err.msg, NULL);
        return;
    }
    if (rc < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    session_answer(req, resp, 200, &s);
    po_resp_header(resp, "Set-Cookie",
                   po_arena_printf(req->a, "po_session=%s; Path=/; HttpOnly; SameSite=Strict%s",
                                   s.token, req->conf->secure_cookie ? "; Secure" : ""));
}

static void whoami(struct po_req *req, struct po_resp *resp)
{
    session_answer(req, resp, 200, &req->session);
}

/* The account's own password change; required first when an administrator set the password. */
static void change_password(struct po_req *req, struct po_resp *resp)
{
    json_t *j = po_req_json(req, resp);
    if (!j)
        return;
    struct po_err err = PO_ERR_INIT;
    int rc = po_userdb_change_own(req->st, req->session.user.username,
                                  po_json_str(j, "current_password"), po_json_str(j, "new_password"),
                                  &err);
    if (rc == PO_EPERM) {
        po_resp_error(req, resp, 422, "invalid", err.msg_zh, err.msg,
                      json_pack("[{s:s,s:s,s:s}]", "field", "current_password", "message_zh",
                                err.msg_zh, "message_en", err.msg));
        return;
    }
    if (rc < 0) {
        if (err.code == PO_EINVAL)
            po_resp_error(req, resp, 422, "invalid", err.msg_zh, err.msg,
                          json_pack("[{s:s,s:s,s:s}]", "field", "new_password", "message_zh",
                                    err.msg_zh, "message_en", err.msg));
        else
            po_resp_err(req, resp, &err);
        return;
    }
    resp->status = 204; /* the sessions ended: sign in again with the new password */
    resp->body = "";
    resp->body_len = 0;
    po_resp_header(resp, "Set-Cookie", "po_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
}

static void logout(struct po_req *req, struct po_resp *resp)
{
    struct po_err err = PO_ERR_INIT;
    if (po_userdb_logout(req->st, req->session.token, po_req_actor(req), &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    resp->status = 204;
    resp->body = "";
    resp->body_len = 0;
    po_resp_header(resp, "Set-Cookie", "po_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
}

const struct po_route po_routes_session[] = {
    { "POST", "/api/v1/session", login, -1, PO_RF_PUBLIC | PO_RF_NO_CSRF, "session",
      "Log in with username and password; sets the session cookie, answers the CSRF token", NULL, NULL },
    { "GET", "/api/v1/session", whoami, -1, 0, "session", "The signed-in user and the CSRF token", NULL,
      NULL },
    { "DELETE", "/api/v1/session", logout, -1, 0, "session", "Log out", NULL, NULL },
    { "POST", "/api/v1/session/password", change_password, -1, 0, "session",
      "Change the own password {current_password, new_password}; ends the sessions (sign in again)",
      NULL, NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};
