/*
 * openapi.c: the OpenAPI 3.0 document, generated from the route tables
 * that dispatch requests (http.h), and the meta routes that serve it.
 */
#include "http/http.h"

#include "app/registry.h"
#include "store/store.h"

#include <string.h>

static json_t *error_schema(void)
{
    return json_pack("{s:s,s:[s,s,s],s:{s:{s:s},s:{s:s},s:{s:s},s:{s:s,s:{s:s}}}}", "type", "object",
                     "required", "code", "message_zh", "message_en", "properties", "code", "type",
                     "string", "message_zh", "type", "string", "message_en", "type", "string",
                     "details", "type", "array", "items", "type", "object");
}

static void add_param(json_t *params, const char *name, size_t n, const char *in, bool required)
{
    json_t *p = json_object();
    json_object_set_new(p, "name", json_stringn(name, n));
    json_object_set_new(p, "in", json_string(in));
    json_object_set_new(p, "required", json_boolean(required));
    bool integer = (n == 4 && !memcmp(name, "page", 4)) || (n == 8 && !memcmp(name, "per_page", 8)) ||
                   (n == 4 && !memcmp(name, "year", 4)) || (n == 2 && !memcmp(name, "id", 2)) ||
                   (n == 10 && !memcmp(name, "due_within", 10));
    json_object_set_new(p, "schema", json_pack("{s:s}", "type", integer ? "integer" : "string"));
    json_array_append_new(params, p);
}

static void add_list(json_t *params, const char *csv, const char *in)
{
    for (const char *p = csv; p && *p;) {
        const char *e = strchr(p, ',');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l)
            add_param(params, p, l, in, false);
        p = e ? e + 1 : NULL;
    }
}

json_t *po_openapi_doc(void)
{
    json_t *paths = json_object();
    for (size_t t = 0; po_route_tables[t]; t++)
        for (const struct po_route *r = po_route_tables[t]; r->method; r++) {
            if (r->flags & PO_RF_HTML)
                continue; /* the public portal's pages are not API */
            json_t *item = json_object_get(paths, r->pattern);
            if (!item) {
                item = json_object();
                json_object_set_new(paths, r->pattern, item);
            }
            json_t *op = json_object();
            json_object_set_new(op, "summary", json_string(r->summary));
            json_object_set_new(op, "tags", json_pack("[s]", r->tag));
            char opid[160];
            size_t k = 0;
            for (const char *c = r->method; *c && k < sizeof opid - 1; c++)
                opid[k++] = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
            for (const char *c = r->pattern + 7; *c && k < sizeof opid - 1; c++)
                opid[k++] = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ? *c : '_';
            opid[k] = 0;
            json_object_set_new(op, "operationId", json_string(opid));
            json_t *params = json_array();
            for (const char *c = strchr(r->pattern, '{'); c; c = strchr(c + 1, '{')) {
                const char *e = strchr(c, '}');
                add_param(params, c + 1, (size_t)(e - c - 1), "path", true);
            }
            if (r->flags & PO_RF_LIST)
                add_list(params, "page,per_page,sort", "query");
            add_list(params, r->query, "query");
            if (json_array_size(params))
                json_object_set_new(op, "parameters", params);
            else
                json_decref(params);
            if (!strcmp(r->method, "POST") || !strcmp(r->method, "PATCH") || !strcmp(r->method, "PUT")) {
                const char *ct = r->flags & PO_RF_UPLOAD ? "application/octet-stream" : "application/json";
                json_object_set_new(op, "requestBody",
                                    json_pack("{s:b,s:{s:{s:{s:s}}}}", "required", 1, "content", ct,
                                              "schema", "type",
                                              r->flags & PO_RF_UPLOAD ? "string" : "object"));
            }
            json_t *responses = json_object();
            const char *ok = !strcmp(r->method, "DELETE") ? "204" : "200";
            json_object_set_new(responses, ok,
                                json_pack("{s:s}", "description",
                                          r->flags & PO_RF_BINARY ? "the file" : "success"));
            json_object_set_new(responses, "default",
                                json_pack("{s:s,s:{s:{s:{s:s}}}}", "description",
                                          "error (code, message_zh, message_en, details)", "content",
                                          "application/json", "schema", "$ref",
                                          "#/components/schemas/Error"));
            json_object_set_new(op, "responses", responses);
            if (r->flags & PO_RF_PUBLIC)
                json_object_set_new(op, "security", json_array());
            if (r->perm >= 0)
                json_object_set_new(op, "x-permission", json_integer(r->perm));
            char m[8];
            size_t i = 0;
            for (; r->method[i] && i < sizeof m - 1; i++)
                m[i] = (char)(r->method[i] + 32);
            m[i] = 0;
            json_object_set_new(item, m, op);
        }
    return json_pack("{s:s,s:{s:s,s:s,s:s},s:[{s:s}],s:o,s:{s:{s:o},s:{s:{s:s,s:s,s:s}}},s:[{s:[]}]}",
                     "openapi", "3.0.3", "info", "title", "phaseout API", "version", "1",
                     "description",
                     "落后产能退出管理系统 — energy dual control and capacity phase-out (docs/api.md)",
                     "servers", "url", "/", "paths", paths, "components", "schemas", "Error",
                     error_schema(), "securitySchemes", "session", "type", "apiKey", "in", "cookie",
                     "name", "po_session", "security", "session");
}

static void openapi(struct po_req *req, struct po_resp *resp)
{
    po_resp_json(req, resp, 200, po_openapi_doc(), true);
}

static void health(struct po_req *req, struct po_resp *resp)
{
    struct po_err err = PO_ERR_INIT;
    if (po_registry_ping(req->st, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    po_resp_json(req, resp, 200,
                 json_pack("{s:b,s:s,s:s}", "ok", 1, "backend", po_store_backend(req->st), "title",
                           req->conf->title ? req->conf->title : "落后产能退出管理系统"),
                 false);
}

const struct po_route po_routes_meta[] = {
    { "GET", "/api/v1/openapi.json", openapi, -1, PO_RF_PUBLIC, "meta", "This OpenAPI document", NULL,
      NULL },
    { "GET", "/api/v1/health", health, -1, PO_RF_PUBLIC, "meta",
      "Liveness: the database answers; the system's title", NULL, NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};
