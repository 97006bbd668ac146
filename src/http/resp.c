/*
 * resp.c: what handlers share — query and body parsing, paging, the one
 * error shape, JSON bodies with ETags.
 */
#include "http/http.h"

#include "format/encoding.h"
#include "util/arena.h"

#include <inttypes.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *po_req_query(struct po_req *req, const char *name)
{
    const char *v = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
    return v && *v ? v : NULL;
}

const char *po_req_header(struct po_req *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

struct text_check {
    const char *bad; /* the first parameter that is not UTF-8, or "" when its name is not */
};

static bool utf8(const char *s)
{
    size_t n = strlen(s);
    return po_encoding_utf8_valid_len(s, n) == n;
}

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    struct text_check *c = cls;
    if (!c->bad && (!utf8(key) || (value && !utf8(value))))
        c->bad = utf8(key) ? key : "";
    return MHD_YES;
}

bool po_req_text_ok(struct po_req *req, struct po_resp *resp)
{
    struct text_check c = { NULL };
    for (size_t i = 0; i < req->nparams && !c.bad; i++)
        if (!utf8(req->params[i]))
            c.bad = req->param_names[i];
    if (!c.bad && req->conn)
        MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, check_arg, &c);
    if (!c.bad)
        return true;
    char zh[200], en[200];
    snprintf(zh, sizeof zh, "参数 %s 不是有效的 UTF-8 文本", *c.bad ? c.bad : "名");
    snprintf(en, sizeof en, "parameter %s is not valid UTF-8 text", *c.bad ? c.bad : "name");
    po_resp_error(req, resp, 400, "invalid", zh, en,
                  json_pack("[{s:s,s:s,s:s}]", "field", *c.bad ? c.bad : "?", "message_zh", zh,
                            "message_en", en));
    return false;
}

const char *po_req_param(struct po_req *req, const char *name)
{
    for (size_t i = 0; i < req->nparams; i++)
        if (!strcmp(req->param_names[i], name))
            return req->params[i];
    return NULL;
}

json_t *po_req_json(struct po_req *req, struct po_resp *resp)
{
    if (!req->body || !req->body_len) {
        po_resp_error(req, resp, 400, "invalid", "请求体为空：需要一个 JSON 对象",
                      "empty body: a JSON object is required", NULL);
        return NULL;
    }
    json_error_t je;
    json_t *j = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        char zh[300], en[300];
        snprintf(zh, sizeof zh, "JSON 格式错误（第 %d 行第 %d 列）：%s", je.line, je.column, je.text);
        snprintf(en, sizeof en, "malformed JSON (line %d, column %d): %s", je.line, je.column, je.text);
        po_resp_error(req, resp, 400, "invalid", zh, en, NULL);
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        po_resp_error(req, resp, 400, "invalid", "请求体必须是 JSON 对象",
                      "the body must be a JSON object", NULL);
        return NULL;
    }
    po_arena_cleanup_add(req->a, (po_cleanup_fn *)json_decref, j);
    return j;
}

int po_req_query_int(int64_t *out, struct po_req *req, struct po_resp *resp, const char *name,
                     int64_t def, int64_t lo, int64_t hi)
{
    const char *v = po_req_query(req, name);
    if (!v) {
        *out = def;
        return 0;
    }
    char *end;
    long long x = strtoll(v, &end, 10);
    if (end == v || *end || x < lo || x > hi) {
        char zh[200], en[200];
        snprintf(zh, sizeof zh, "查询参数 %s 应为 %" PRId64 " 到 %" PRId64 " 之间的整数", name, lo, hi);
        snprintf(en, sizeof en, "query parameter %s must be an integer from %" PRId64 " to %" PRId64,
                 name, lo, hi);
        json_t *d = json_pack("[{s:s,s:s,s:s}]", "field", name, "message_zh", zh, "message_en", en);
        po_resp_error(req, resp, 400, "invalid", zh, en, d);
        return -1;
    }
    *out = x;
    return 0;
}

const char *po_req_scope_district(const struct po_req *req)
{
    if (!req->authenticated || !po_authz_district_scoped(req->session.user.roles))
        return NULL;
    return req->session.user.district_code;
}

const char *po_req_actor(struct po_req *req)
{
    return po_arena_printf(req->a, "web:%s", req->authenticated ? req->session.user.username : "-");
}

bool po_req_can(const struct po_req *req, enum po_perm p)
{
    return req->authenticated && po_authz_has(req->session.user.roles, p);
}

static bool in_list(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == n && !memcmp(p, name, n))
            return true;
        p = e ? e + 1 : NULL;
    }
    return false;
}

int po_req_page(struct po_page *out, struct po_req *req, struct po_resp *resp, const char *sorts)
{
    memset(out, 0, sizeof *out);
    if (po_req_query_int(&out->page, req, resp, "page", 1, 1, 1000000000) < 0 ||
        po_req_query_int(&out->per_page, req, resp, "per_page", 20, 1, 500) < 0)
        return -1;
    out->offset = (out->page - 1) * out->per_page;
    const char *s = po_req_query(req, "sort");
    if (s) {
        out->desc = *s == '-';
        if (*s == '-' || *s == '+')
            s++;
        if (!in_list(sorts, s)) {
            char zh[300], en[300];
            snprintf(zh, sizeof zh, "不能按“%s”排序；可用字段：%s", s, sorts ? sorts : "无");
            snprintf(en, sizeof en, "cannot sort by '%s'; sortable: %s", s, sorts ? sorts : "none");
            po_resp_error(req, resp, 400, "invalid", zh, en,
                          json_pack("[{s:s,s:s,s:s}]", "field", "sort", "message_zh", zh,
                                    "message_en", en));
            return -1;
        }
        out->sort = s;
    }
    return 0;
}

void po_resp_header(struct po_resp *resp, const char *name, const char *value)
{
    if (resp->nheaders < sizeof resp->headers / sizeof resp->headers[0])
        resp->headers[resp->nheaders++] = (struct po_resp_header){ name, value };
}

void po_resp_json(struct po_req *req, struct po_resp *resp, unsigned status, json_t *j, bool etag)
{
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15)) : NULL;
    json_decref(j);
    if (!s) {
        resp->status = 500;
        resp->content_type = "application/json; charset=utf-8";
        resp->body = "{\"code\":\"internal\",\"message_zh\":\"内存不足\",\"message_en\":\"out of memory\","
                     "\"details\":[]}";
        resp->body_len = strlen(resp->body);
        return;
    }
    po_arena_cleanup_add(req->a, free, s);
    resp->status = status;
    resp->content_type = "application/json; charset=utf-8";
    resp->body = s;
    resp->body_len = strlen(s);
    bool cache_set = false; /* a handler's own (the public, unchanging answers) wins */
    for (size_t i = 0; i < resp->nheaders; i++)
        cache_set |= strcasecmp(resp->headers[i].name, "Cache-Control") == 0;
    if (!cache_set)
        po_resp_header(resp, "Cache-Control", "no-store");
    if (etag && status == 200) {
        unsigned char h[16];
        crypto_generichash(h, sizeof h, (const unsigned char *)s, resp->body_len, NULL, 0);
        char *tag = po_arena_alloc(req->a, 2 * sizeof h + 3);
        if (!tag)
            return;
        tag[0] = '"';
        sodium_bin2hex(tag + 1, 2 * sizeof h + 1, h, sizeof h);
        strcat(tag, "\"");
        po_resp_header(resp, "ETag", tag);
        const char *inm = po_req_header(req, "If-None-Match");
        if (inm && (!strcmp(inm, tag) || !strcmp(inm, "*"))) {
            resp->status = 304;
            resp->body = "";
            resp->body_len = 0;
            resp->content_type = NULL;
        }
    }
}

void po_resp_list(struct po_req *req, struct po_resp *resp, json_t *items, int64_t total,
                  const struct po_page *pg)
{
    json_t *j = json_object();
    json_object_set_new(j, "items", items ? items : json_array());
    json_object_set_new(j, "total", json_integer(total));
    json_object_set_new(j, "page", json_integer(pg->page));
    json_object_set_new(j, "per_page", json_integer(pg->per_page));
    po_resp_json(req, resp, 200, j, true);
}

void po_resp_error(struct po_req *req, struct po_resp *resp, unsigned status, const char *code,
                   const char *zh, const char *en, json_t *details)
{
    json_t *j = json_object();
    json_object_set_new(j, "code", json_string(code));
    json_object_set_new(j, "message_zh", json_string(zh ? zh : ""));
    json_object_set_new(j, "message_en", json_string(en ? en : ""));
    json_object_set_new(j, "details", details ? details : json_array());
    resp->nheaders = 0;
    po_resp_json(req, resp, status, j, false);
}

void po_resp_err(struct po_req *req, struct po_resp *resp, const struct po_err *err)
{
    unsigned status;
    const char *code;
    switch (err->code) {
    case PO_EINVAL: status = 422, code = "invalid"; break;
    case PO_ENOTFOUND: status = 404, code = "not_found"; break;
    case PO_ECONFLICT: status = 409, code = "conflict"; break;
    case PO_EUNAVAIL: status = 503, code = "unavailable"; break;
    case PO_EPERM: status = 403, code = "forbidden"; break;
    case PO_ETHROTTLED: status = 429, code = "too_many_requests"; break;
    default: status = 500, code = "internal"; break;
    }
    const char *zh = err->msg_zh[0] ? err->msg_zh : err->msg;
    if (err->context[0]) {
        zh = po_arena_printf(req->a, "%s：%s", err->context, zh);
        po_resp_error(req, resp, status, code, zh,
                      po_arena_printf(req->a, "%s: %s", err->context, err->msg), NULL);
    } else {
        po_resp_error(req, resp, status, code, zh, err->msg, NULL);
    }
    if (err->code == PO_EUNAVAIL) /* the database is down or busy: worth another try soon */
        po_resp_header(resp, "Retry-After", "5");
    if (err->code == PO_ETHROTTLED) /* the seconds the throttle asks, else its whole window */
        po_resp_header(resp, "Retry-After",
                       po_arena_printf(req->a, "%d", err->retry_after > 0 ? err->retry_after
                                                                          : PO_LOGIN_WINDOW_SECONDS));
}

/* s percent-encoded as RFC 5987 asks (attr-char kept), in a; NULL when out of memory */
static char *pct_encode(struct po_arena *a, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *out = po_arena_alloc(a, 3 * n + 1), *e = out;
    for (size_t i = 0; out && i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '.' || c == '-' || c == '_') {
            *e++ = (char)c;
        } else {
            *e++ = '%';
            *e++ = hex[c >> 4];
            *e++ = hex[c & 15];
        }
    }
    if (out)
        *e = 0;
    return out;
}

void po_resp_file_utf8(struct po_req *req, struct po_resp *resp, const char *content_type,
                       const char *filename, const char *utf8_name, const char *body, size_t len)
{
    resp->status = 200;
    resp->content_type = content_type;
    resp->body = body;
    resp->body_len = len;
    /* filename: ASCII, chosen by the handler; filename* (RFC 6266 / 5987) the UTF-8 name */
    const char *cd = po_arena_printf(req->a, "attachment; filename=\"%s\"", filename);
    const char *enc = utf8_name ? pct_encode(req->a, utf8_name) : NULL;
    if (enc)
        cd = po_arena_printf(req->a, "%s; filename*=UTF-8''%s", cd, enc);
    po_resp_header(resp, "Content-Disposition", cd);
    po_resp_header(resp, "Cache-Control", "no-store");
}

void po_resp_file(struct po_req *req, struct po_resp *resp, const char *content_type,
                  const char *filename, const char *body, size_t len)
{
    po_resp_file_utf8(req, resp, content_type, filename, NULL, body, len);
}

json_t *po_json_text(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *po_json_micro(int64_t micro)
{
    /* exact to the 6th decimal for |x| < 2^53 micro-units */
    return json_real((double)micro / 1e6);
}

const char *po_json_str(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}
