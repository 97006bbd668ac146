/*
 * http.h: the HTTP server's request, response and route table (docs/api.md).
 *
 * Shape (cgit's cmd table, Redis's command table): every API route is one
 * row { method, pattern, handler, permission, summary, query params } in a
 * static table of its module (api_*.c).  The dispatcher (server.c) matches
 * the row, checks the session, the CSRF token and the permission, and calls
 * the handler with a ready struct po_req; the OpenAPI document
 * (openapi.c) is generated from the same rows, so the two cannot drift.
 *
 * A handler reads req (path parameters, query, JSON body, the session's
 * user and the thread's database connection) and fills resp, usually with
 * po_resp_json() or po_resp_error().  It never touches libmicrohttpd.
 * Everything it allocates lives in req->a, freed after the response is
 * queued.
 *
 * Threads: libmicrohttpd's thread pool calls handlers; each pool thread has
 * its own database connection (struct po_store is one connection), opened
 * on first use.  Nothing is shared between requests in a process but
 * read-only tables and caches keyed by the database's own state, so several
 * servers on one PostgreSQL database behave as one (issue 7 item 5).
 *
 * Memory: a response body is owned by req->a (or static); json_t * given to
 * po_resp_json/po_resp_list/po_resp_error are stolen; po_openapi_doc()'s
 * document is the caller's (json_decref).  A server from po_server_start()
 * is the caller's: po_server_stop() frees it.
 * Errors: handlers answer with a status, never a po_err — po_resp_err() maps
 * err->code to it; po_req_json(), po_req_query_int() and po_req_page()
 * return NULL or -1 with a 400 in resp (po_req_query() NULL: absent).
 * po_server_start() returns PO_EINVAL (a bad listen address), PO_EIO
 * (cannot listen), PO_ENOMEM or PO_EINTERNAL (libsodium).
 */
#ifndef PO_HTTP_H
#define PO_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/authz.h"
#include "app/userdb.h"
#include "util/err.h"

struct po_arena;
struct po_store;
struct MHD_Connection;

#define PO_HTTP_MAX_PARAMS 4
#define PO_HTTP_MAX_JSON_BODY (1u << 20)     /* 1 MiB for JSON requests */
#define PO_HTTP_MAX_CONNECTIONS 16384u       /* open connections at most (src/http/conns.h) */
#define PO_HTTP_MAX_UPLOAD (64u << 20)       /* 64 MiB for file uploads (imports) */
#define PO_HTTP_MAX_ATTACHMENT_BODY (32u << 20) /* case actions carry base64 documents */
#define PO_HTTP_DRAIN_MAX (16u << 20)        /* bytes past the limit read and dropped before a 413 */

struct po_server_conf {
    const char *dsn;     /* --db */
    const char *web_dir; /* --web: static root; NULL: no UI */
    const char *title;   /* system name shown in the UI */
    bool secure_cookie;  /* add Secure to the cookie (behind TLS) */
    bool quiet;          /* no access log on stderr */
    unsigned public_burst; /* --public-burst: per-address burst of the public routes; 0: 120 */
    int64_t session_max_seconds; /* --session-hours: a session's absolute lifetime; 0: 12 h */
    const char *allowed_origins; /* --allowed-origins: comma-separated origins besides the
                                    server's own (behind a proxy), or NULL */
    unsigned max_connections; /* --max-connections: lower than what the open files allow;
                                 0: as many as they allow, up to PO_HTTP_MAX_CONNECTIONS */
};

struct po_req {
    const char *method; /* "GET" ... */
    const char *path;   /* without the query */
    const char *param_names[PO_HTTP_MAX_PARAMS];
    const char *params[PO_HTTP_MAX_PARAMS]; /* path parameters, decoded */
    size_t nparams;
    const char *body; /* the request body (NUL-terminated), may be NULL */
    size_t body_len;
    const char *ip;
    int64_t now; /* unix seconds, taken once per request */
    bool authenticated;
    struct po_session session; /* valid when authenticated */
    struct po_store *st;       /* this thread's connection */
    struct po_arena *a;
    const struct po_server_conf *conf;
    struct MHD_Connection *conn; /* for po_req_query/po_req_header only */
};

struct po_resp_header {
    const char *name, *value;
};

struct po_resp {
    unsigned status;
    const char *content_type;
    const char *body; /* owned by req->a (or static) */
    size_t body_len;
    struct po_resp_header headers[6];
    size_t nheaders;
};

typedef void po_handler_fn(struct po_req *req, struct po_resp *resp);

enum po_route_flags {
    PO_RF_PUBLIC = 1u << 0,  /* no session needed */
    PO_RF_NO_CSRF = 1u << 1, /* state-changing but exempt from the CSRF check (the login) */
    PO_RF_UPLOAD = 1u << 2,  /* body up to PO_HTTP_MAX_UPLOAD, raw bytes */
    PO_RF_LIST = 1u << 3,    /* paged list: page, per_page, sort documented */
    PO_RF_BINARY = 1u << 4,  /* answers a file, not JSON */
    PO_RF_BIG_JSON = 1u << 5,/* JSON body up to PO_HTTP_MAX_ATTACHMENT_BODY */
    PO_RF_RATE_LIMITED = 1u << 6, /* anonymous-facing: server.c limits requests per client address */
    PO_RF_HTML = 1u << 7,    /* a /public/ page: answers HTML, not listed in the OpenAPI document */
};

struct po_route {
    const char *method;
    const char *pattern; /* "/api/v1/enterprises/{id}" */
    po_handler_fn *handler;
    int perm;            /* enum po_perm, or -1 when any signed-in user may call it */
    unsigned flags;      /* enum po_route_flags */
    const char *tag;     /* OpenAPI tag */
    const char *summary; /* one line, English */
    const char *query;   /* query parameters, comma-separated ("year,district,q"), or NULL */
    const char *sorts;   /* sortable fields for lists, comma-separated, or NULL */
};

/* Route tables of the modules, each ending with a row whose method is NULL. */
extern const struct po_route po_routes_session[];
extern const struct po_route po_routes_registry[];
extern const struct po_route po_routes_import[];
extern const struct po_route po_routes_account[];
extern const struct po_route po_routes_eval[];
extern const struct po_route po_routes_gaps[];
extern const struct po_route po_routes_case[];
extern const struct po_route po_routes_notify[];
extern const struct po_route po_routes_plan[];
extern const struct po_route po_routes_audit[];
extern const struct po_route po_routes_user[];
extern const struct po_route po_routes_meta[];
extern const struct po_route po_routes_policy[];
extern const struct po_route po_routes_public[];
extern const struct po_route po_routes_disclose[];
extern const struct po_route po_routes_credit[];
extern const struct po_route po_routes_resettle[];
extern const struct po_route po_routes_surcharge[];

/* Every table, NULL-terminated (route.c). */
extern const struct po_route *const po_route_tables[];

/*
 * Find the route for method and path; fills req->params.  *path_known is
 * set when some route has the path with another method (405, not 404).
 */
const struct po_route *po_route_match(struct po_req *req, const char *method, const char *path,
                                      bool *path_known);

/* ---- request helpers ---- */

const char *po_req_query(struct po_req *req, const char *name);   /* NULL when absent */
const char *po_req_header(struct po_req *req, const char *name);
const char *po_req_param(struct po_req *req, const char *name);   /* path parameter */
/*
 * Whether every path parameter and query parameter (name and value) is UTF-8 text; false with a
 * 400 naming the first that is not in resp.  server.c asks before every handler: handlers echo
 * parameters in JSON, which jansson builds from UTF-8 only (a district=%FF answered 500 "out of
 * memory", found by fuzz/fuzz_api.c).
 */
bool po_req_text_ok(struct po_req *req, struct po_resp *resp);
/* The body as a JSON object; on failure fills resp with a 400 and returns NULL. */
json_t *po_req_json(struct po_req *req, struct po_resp *resp);
/* Integer query parameter within [lo, hi]; def when absent; -1 with a 400 in resp when bad. */
int po_req_query_int(int64_t *out, struct po_req *req, struct po_resp *resp, const char *name,
                     int64_t def, int64_t lo, int64_t hi);
/* The district the user is confined to, or NULL. */
const char *po_req_scope_district(const struct po_req *req);
/* The actor text for the audit log: "web:<username>". */
const char *po_req_actor(struct po_req *req);
/* The user may do p (the route's permission is checked before the handler already). */
bool po_req_can(const struct po_req *req, enum po_perm p);

/* Paging: page (1..), per_page (1..500, default 20), sort (one of the route's sorts, '-' for descending). */
struct po_page {
    int64_t page, per_page, offset;
    const char *sort; /* field name, or NULL for the default */
    bool desc;
};
int po_req_page(struct po_page *out, struct po_req *req, struct po_resp *resp, const char *sorts);

/* ---- response helpers ---- */

/* Serialize j (stolen) as the body with status; adds a strong ETag when etag is set
   and answers 304 when If-None-Match matches. */
void po_resp_json(struct po_req *req, struct po_resp *resp, unsigned status, json_t *j, bool etag);
/* {"items","total","page","per_page"} with ETag. items is stolen. */
void po_resp_list(struct po_req *req, struct po_resp *resp, json_t *items, int64_t total,
                  const struct po_page *pg);
/* The error shape of docs/api.md; details (stolen) may be NULL. */
void po_resp_error(struct po_req *req, struct po_resp *resp, unsigned status, const char *code,
                   const char *zh, const char *en, json_t *details);
/* A struct po_err as an error response: the status and code from err->code. */
void po_resp_err(struct po_req *req, struct po_resp *resp, const struct po_err *err);
void po_resp_header(struct po_resp *resp, const char *name, const char *value);
/* A file download: body owned by req->a. */
void po_resp_file(struct po_req *req, struct po_resp *resp, const char *content_type,
                  const char *filename, const char *body, size_t len);
/* The same with a UTF-8 file name too (filename*, RFC 5987), for names in Chinese; NULL = none. */
void po_resp_file_utf8(struct po_req *req, struct po_resp *resp, const char *content_type,
                       const char *filename, const char *utf8_name, const char *body, size_t len);

/* JSON values from store columns: NULL → null. */
json_t *po_json_text(const char *s);
/* A micro-unit integer (x 10^6) as a JSON number. */
json_t *po_json_micro(int64_t micro);
/* Get a string member or NULL. */
const char *po_json_str(json_t *obj, const char *key);

/* ---- the server ---- */

/* The OpenAPI 3 document of every route (openapi.c). Caller frees with json_decref. */
json_t *po_openapi_doc(void);

struct po_server;
/* Start listening on host:port with nthreads pool threads. */
int po_server_start(struct po_server **out, const struct po_server_conf *conf, const char *listen,
                    unsigned nthreads, struct po_err *err);
void po_server_stop(struct po_server *s);
/* The port actually bound (when listen asked for port 0). */
unsigned po_server_port(const struct po_server *s);
/* The connection limit in force (--max-connections, or what the open files allow). */
unsigned po_server_max_connections(const struct po_server *s);

#endif
