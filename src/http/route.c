/*
 * route.c: the table of route tables, and matching a path against patterns
 * ("/api/v1/enterprises/{id}": literal segments compare exactly, {name}
 * takes one non-empty segment, percent-decoded).
 */
#include "http/http.h"

#include "util/arena.h"

#include <string.h>

const struct po_route *const po_route_tables[] = {
    po_routes_meta,    po_routes_session, po_routes_user, po_routes_registry, po_routes_import,
    po_routes_account, po_routes_eval,    po_routes_case, po_routes_plan,     po_routes_audit,
    po_routes_notify,
    po_routes_gaps,
    po_routes_policy,
    po_routes_public,
    po_routes_disclose,
    po_routes_credit,
    po_routes_resettle,
    po_routes_surcharge,
    NULL,
};

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decode n bytes of s into the arena; NULL on a bad escape or a NUL byte. */
static char *decode(struct po_arena *a, const char *s, size_t n)
{
    char *out = po_arena_alloc(a, n + 1);
    if (!out)
        return NULL;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%') {
            if (i + 2 >= n)
                return NULL;
            int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
            if (h < 0 || l < 0 || (h == 0 && l == 0))
                return NULL;
            out[j++] = (char)(h * 16 + l);
            i += 2;
        } else {
            out[j++] = s[i];
        }
    }
    out[j] = 0;
    return out;
}

/* Match path against pattern; fill params when req is given. */
static bool match(const char *pattern, const char *path, struct po_req *req)
{
    size_t np = 0;
    const char *p = pattern, *q = path;
    while (*p && *q) {
        if (*p == '{') {
            const char *pe = strchr(p, '}');
            const char *qe = strchr(q, '/');
            if (!qe)
                qe = q + strlen(q);
            if (!pe || qe == q)
                return false;
            if (req) {
                if (np >= PO_HTTP_MAX_PARAMS)
                    return false;
                char *v = decode(req->a, q, (size_t)(qe - q));
                if (!v)
                    return false;
                req->param_names[np] = po_arena_strndup(req->a, p + 1, (size_t)(pe - p - 1));
                req->params[np] = v;
            }
            np++;
            p = pe + 1;
            q = qe;
            continue;
        }
        if (*p != *q)
            return false;
        p++;
        q++;
    }
    if (*p || *q)
        return false;
    if (req)
        req->nparams = np;
    return true;
}

const struct po_route *po_route_match(struct po_req *req, const char *method, const char *path,
                                      bool *path_known)
{
    *path_known = false;
    const char *m = !strcmp(method, "HEAD") ? "GET" : method;
    /* two passes: literal routes win over parameter routes ("/enterprises/export" vs "/enterprises/{id}") */
    for (int pass = 0; pass < 2; pass++)
        for (size_t t = 0; po_route_tables[t]; t++)
            for (const struct po_route *r = po_route_tables[t]; r->method; r++) {
                if ((strchr(r->pattern, '{') != NULL) != (pass == 1) || !match(r->pattern, path, NULL))
                    continue;
                if (strcmp(r->method, m)) {
                    *path_known = true;
                    continue;
                }
                return match(r->pattern, path, req) ? r : NULL;
            }
    return NULL;
}
