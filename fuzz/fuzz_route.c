/*
 * fuzz_route.c: libFuzzer target for URL paths and query strings: the router (http/route.c,
 * po_route_match over every route table) and the query helpers every list and report route
 * uses (po_req_page, po_req_query_int, po_api_as_of_param), without a server.
 *
 * Input: "METHOD TARGET" on the first line (TARGET a path with an optional ?query; no space: GET
 * and the whole line is the target), split by fake_request_line() (fakereq.h): the path
 * unescaped and refused with an encoded NUL as the server does, the query for the fake
 * libmicrohttpd lookup.  Aborts (a finding) when:
 *   - a route is returned for another method (HEAD is GET), or its pattern does not match the
 *     path segment by segment, or the parameters are not its {names} in order, empty, or
 *     decoded to something holding a '/' that the pattern's segment could not;
 *   - paging accepts a page outside 1..1e9 or per_page outside 1..500, a sort not in the
 *     route's list, or a refusal is not a 400 with a JSON body.
 */
#include <stdbool.h>

#include "core/deadline.h"
#include "http/api.h"
#include "http/http.h"
#include "util/arena.h"
#include "fuzzutil.h"
#include "fakereq.h"

static size_t count_params(const char *pattern)
{
    size_t n = 0;
    for (const char *p = pattern; *p; p++)
        n += *p == '{';
    return n;
}

static void check_route(const struct po_route *r, const struct po_req *req, const char *method,
                        const char *path)
{
    const char *m = !strcmp(method, "HEAD") ? "GET" : method;
    if (strcmp(r->method, m) != 0 || req->nparams != count_params(r->pattern))
        abort();
    /* literal segments equal, {name} segments one non-empty segment each */
    const char *p = r->pattern, *q = path;
    size_t k = 0;
    while (*p) {
        if (*p == '{') {
            const char *pe = strchr(p, '}'), *qe = strchr(q, '/');
            size_t seg = qe ? (size_t)(qe - q) : strlen(q);
            if (!pe || seg == 0 || k >= req->nparams ||
                strncmp(req->param_names[k], p + 1, (size_t)(pe - p - 1)) != 0 ||
                req->param_names[k][pe - p - 1] != '\0' || !req->params[k] ||
                strlen(req->params[k]) > seg)
                abort();
            k++;
            p = pe + 1;
            q += seg;
            continue;
        }
        if (*p++ != *q++)
            abort();
    }
    if (*q)
        abort();
}

static void check_refusal(const struct po_resp *resp)
{
    if (resp->status != 400 || !resp->body || resp->body_len == 0)
        abort();
    json_error_t je;
    json_t *j = json_loadb(resp->body, resp->body_len, 0, &je);
    if (!j || !json_is_object(j))
        abort();
    json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *line = fuzz_cstr(data, size);
    char *nl = strchr(line, '\n');
    if (nl)
        *nl = '\0';
    const char *method;
    char *target = fake_request_line(line, &method, "", 0);
    if (!target) { /* the server answers 400 before routing */
        free(line);
        return 0;
    }

    struct po_arena *a = po_arena_new();
    if (!a)
        abort();
    struct po_req req = { .method = method, .path = target, .a = a, .now = 1765000000 };
    bool known = true;
    const struct po_route *r = po_route_match(&req, method, target, &known);
    if (r) {
        check_route(r, &req, method, target);
        for (size_t i = 0; i < req.nparams; i++)
            if (po_req_param(&req, req.param_names[i]) != req.params[i] &&
                strcmp(po_req_param(&req, req.param_names[i]), req.params[i]) != 0)
                abort();
    }

    struct po_resp resp = { 0 };
    struct po_page pg;
    const char *sorts = r && r->sorts ? r->sorts : "name,-year,uscc";
    if (po_req_page(&pg, &req, &resp, sorts) == 0) {
        if (pg.page < 1 || pg.page > 1000000000 || pg.per_page < 1 || pg.per_page > 500 ||
            pg.offset != (pg.page - 1) * pg.per_page || resp.status)
            abort();
        if (pg.sort) {
            const char *s = po_req_query(&req, "sort");
            if (!s || strstr(sorts, pg.sort) == NULL || pg.desc != (*s == '-'))
                abort();
        }
    } else {
        check_refusal(&resp);
    }
    struct po_resp r2 = { 0 };
    int64_t year = 0;
    if (po_req_query_int(&year, &req, &r2, "year", 2025, 2000, 2100) == 0) {
        if (year < 2000 || year > 2100)
            abort();
    } else {
        check_refusal(&r2);
    }
    struct po_resp r3 = { 0 };
    struct po_date asof = { 0, 0, 0 };
    if (po_api_as_of_param(&asof, &req, &r3)) {
        if (!po_deadline_date_valid(asof))
            abort();
    } else if (r3.status < 400) {
        abort();
    }
    po_arena_destroy(a);
    free(line);
    return 0;
}
