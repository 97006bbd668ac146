/*
 * server.c: libmicrohttpd glue — read the request, check session, CSRF and
 * permission, call the route's handler, queue its response; serve the web
 * UI's files.
 *
 * libmicrohttpd calls the access handler several times per request: first
 * with no body (we match the route and refuse an oversized Content-Length
 * at once), then with body chunks (appended up to the route's limit), then
 * once more with nothing left, when we dispatch.  One arena per request
 * holds everything a handler allocates; it is freed in the completion
 * callback.
 */
#include "http/http.h"

#include "http/conns.h"

#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

#include <arpa/inet.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct po_server {
    struct MHD_Daemon *d;
    struct po_conns *conns; /* every connection, and the reaper of the slow ones */
    struct po_server_conf conf;
    unsigned port, max_connections, per_ip;
};

/* ---- one database connection per pool thread ---- */

static pthread_mutex_t stores_mu = PTHREAD_MUTEX_INITIALIZER;
static struct po_store *stores[256];
static size_t nstores;
static _Thread_local struct po_store *tl_store;
static _Thread_local bool tl_store_bad;

static int thread_store(struct po_store **out, const struct po_server_conf *conf, struct po_err *err)
{
    if (tl_store && tl_store_bad) {
        /* the connection failed last time (server restarted, network): open a new one */
        pthread_mutex_lock(&stores_mu);
        for (size_t i = 0; i < nstores; i++)
            if (stores[i] == tl_store)
                stores[i] = stores[--nstores];
        pthread_mutex_unlock(&stores_mu);
        po_store_close(tl_store);
        tl_store = NULL;
    }
    tl_store_bad = false;
    if (!tl_store) {
        int rc = po_store_open(&tl_store, conf->dsn, err);
        if (rc < 0) {
            tl_store = NULL;
            return rc;
        }
        pthread_mutex_lock(&stores_mu);
        if (nstores < sizeof stores / sizeof stores[0])
            stores[nstores++] = tl_store;
        pthread_mutex_unlock(&stores_mu);
    }
    *out = tl_store;
    return 0;
}

/* ---- per-address budget of the anonymous routes (PO_RF_RATE_LIMITED) ---- */

/*
 * A token bucket per client address: reads may burst to --public-burst (RL_READ_BURST) and
 * refill at RL_READ_PER_S a second; writes (a public report) burst to a sixth of it and refill one every
 * RL_WRITE_EVERY_S seconds.  Generous for a person or an office behind one NAT, a wall for a
 * flood.  The table is fixed (RL_SLOTS, open addressing over the address hash): an address
 * whose slot is taken by another takes it over, so memory never grows and a flood from many
 * addresses only forgets budgets.  One mutex; the work under it is a few arithmetic steps.
 */
#define RL_SLOTS 4096
#define RL_READ_BURST 120.0 /* the default of --public-burst */
#define RL_READ_PER_S 4.0
#define RL_WRITE_EVERY_S 30.0

static struct rl_slot {
    char ip[INET6_ADDRSTRLEN];
    double read, write; /* tokens */
    double at;          /* seconds, CLOCK_MONOTONIC, of the last refill */
} rl_slots[RL_SLOTS];
static pthread_mutex_t rl_mu = PTHREAD_MUTEX_INITIALIZER;

/* 0 when allowed, else the seconds to wait. */
static unsigned rl_take(const char *ip, bool write, unsigned burst)
{
    double rb = burst ? (double)burst : RL_READ_BURST, wb = rb / 6.0;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    uint32_t h = 2166136261u;
    for (const char *p = ip; *p; p++)
        h = (h ^ (uint8_t)*p) * 16777619u;
    pthread_mutex_lock(&rl_mu);
    struct rl_slot *sl = &rl_slots[h % RL_SLOTS];
    if (strcmp(sl->ip, ip) != 0) {
        snprintf(sl->ip, sizeof sl->ip, "%s", ip);
        sl->read = rb;
        sl->write = wb;
        sl->at = now;
    }
    double dt = now - sl->at;
    sl->at = now;
    sl->read = sl->read + dt * RL_READ_PER_S;
    if (sl->read > rb)
        sl->read = rb;
    sl->write = sl->write + dt / RL_WRITE_EVERY_S;
    if (sl->write > wb)
        sl->write = wb;
    double *tok = write ? &sl->write : &sl->read;
    unsigned wait = 0;
    if (*tok >= 1.0)
        *tok -= 1.0;
    else
        wait = (unsigned)((1.0 - *tok) * (write ? RL_WRITE_EVERY_S : 1.0 / RL_READ_PER_S)) + 1;
    pthread_mutex_unlock(&rl_mu);
    return wait;
}

/* ---- per-request state ---- */

struct reqctx {
    struct po_arena *a;
    struct po_buf body;
    size_t limit;
    bool too_large;
    const struct po_route *route;
    bool path_known;
    struct po_req req;
    struct timespec t0;
};

static void free_ctx(struct reqctx *c)
{
    if (!c)
        return;
    po_buf_release(&c->body);
    po_arena_destroy(c->a);
    free(c);
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)toe;
    po_conns_completed(conn);
    free_ctx(*con_cls);
    *con_cls = NULL;
}

static const char *const security_headers[][2] = {
    { "X-Content-Type-Options", "nosniff" },
    { "X-Frame-Options", "DENY" },
    { "Referrer-Policy", "same-origin" }, /* no-referrer would make a form's Origin "null" */
    { "Content-Security-Policy",
      "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
      "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'" },
};

/*
 * The body lives in the request's arena (or is static), which is freed only
 * when libmicrohttpd reports the request completed, after the response has
 * been sent: so it is handed over without a copy.
 */
static enum MHD_Result queue(struct MHD_Connection *conn, struct po_resp *r)
{
    struct MHD_Response *mr = MHD_create_response_from_buffer(r->body_len, (void *)(uintptr_t)r->body,
                                                              MHD_RESPMEM_PERSISTENT);
    if (!mr)
        return MHD_NO;
    if (r->content_type)
        MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    for (size_t i = 0; i < r->nheaders; i++)
        MHD_add_response_header(mr, r->headers[i].name, r->headers[i].value);
    for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
        MHD_add_response_header(mr, security_headers[i][0], security_headers[i][1]);
    enum MHD_Result ret = MHD_queue_response(conn, r->status, mr);
    MHD_destroy_response(mr);
    return ret;
}

static void access_log(struct reqctx *c, unsigned status)
{
    if (c->req.conf->quiet)
        return;
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - c->t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - c->t0.tv_nsec) / 1e6;
    char ts[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
    fprintf(stderr, "%s %s %s %s %u %.1fms %s\n", ts, c->req.ip ? c->req.ip : "-", c->req.method,
            c->req.path, status, ms, c->req.authenticated ? c->req.session.user.username : "-");
}

/* ---- static files of the web UI ---- */

static const char *mime_of(const char *path)
{
    static const char *const map[][2] = {
        { ".html", "text/html; charset=utf-8" },
        { ".js", "text/javascript; charset=utf-8" },
        { ".mjs", "text/javascript; charset=utf-8" },
        { ".css", "text/css; charset=utf-8" },
        { ".json", "application/json; charset=utf-8" },
        { ".svg", "image/svg+xml" },
        { ".png", "image/png" },
        { ".ico", "image/x-icon" },
        { ".woff2", "font/woff2" },
        { ".map", "application/json" },
        { ".txt", "text/plain; charset=utf-8" },
    };
    const char *dot = strrchr(path, '.');
    if (dot)
        for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
            if (!strcmp(dot, map[i][0]))
                return map[i][1];
    return "application/octet-stream";
}

static enum MHD_Result serve_static(struct MHD_Connection *conn, struct reqctx *c)
{
    const struct po_server_conf *conf = c->req.conf;
    const char *path = c->req.path;
    struct po_resp r = { .status = 404, .content_type = "text/plain; charset=utf-8",
                         .body = "not found\n", .body_len = 10 };
    if (!conf->web_dir || (strcmp(c->req.method, "GET") && strcmp(c->req.method, "HEAD")) ||
        strstr(path, "..") || strchr(path, '\\')) {
        access_log(c, r.status);
        return queue(conn, &r);
    }
    /* only the app's own files: index.html, web/app/ and the chart library — never the web
     * root's README.md, package.json or package-lock.json, nor the rest of node_modules
     * (issue 16 §0) */
    bool app_file = !strcmp(path, "/") || !strcmp(path, "/index.html") ||
                    !strncmp(path, "/app/", 5) || !strncmp(path, "/vendor/echarts/dist/", 21);
    if (!app_file) {
        access_log(c, r.status);
        return queue(conn, &r);
    }
    const char *file;
    if (!strcmp(path, "/") || !strcmp(path, "/index.html"))
        file = po_arena_printf(c->a, "%s/index.html", conf->web_dir);
    else if (!strncmp(path, "/vendor/", 8))
        file = po_arena_printf(c->a, "%s/node_modules/%s", conf->web_dir, path + 8);
    else
        file = po_arena_printf(c->a, "%s%s", conf->web_dir, path);
    int fd = file ? open(file, O_RDONLY | O_CLOEXEC) : -1;
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        access_log(c, r.status);
        return queue(conn, &r);
    }
    /* ETag from size and modification time, as nginx does */
    char etag[64];
    snprintf(etag, sizeof etag, "\"%llx-%llx\"", (unsigned long long)sb.st_mtime,
             (unsigned long long)sb.st_size);
    const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "If-None-Match");
    struct MHD_Response *mr;
    unsigned status = 200;
    if (inm && !strcmp(inm, etag)) {
        close(fd);
        mr = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        status = 304;
    } else {
        mr = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
    }
    if (!mr)
        return MHD_NO;
    MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, mime_of(file));
    MHD_add_response_header(mr, MHD_HTTP_HEADER_ETAG, etag);
    MHD_add_response_header(mr, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
    for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
        MHD_add_response_header(mr, security_headers[i][0], security_headers[i][1]);
    enum MHD_Result ret = MHD_queue_response(conn, status, mr);
    MHD_destroy_response(mr);
    access_log(c, status);
    return ret;
}

/* ---- dispatch ---- */

static bool state_changing(const char *m)
{
    return strcmp(m, "GET") && strcmp(m, "HEAD") && strcmp(m, "OPTIONS");
}

/* The host[:port] of an origin "scheme://host[:port]" or a URL, into buf; false if none. */
static bool origin_host(char *buf, size_t n, const char *o)
{
    const char *p = o ? strstr(o, "://") : NULL;
    if (!p)
        return false;
    p += 3;
    size_t k = strcspn(p, "/?#");
    if (!k || k >= n)
        return false;
    memcpy(buf, p, k);
    buf[k] = '\0';
    return true;
}

/* Whether origin (scheme://host[:port]) is in the comma-separated list. */
static bool origin_listed(const char *origin, size_t len, const char *list)
{
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ',');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        while (k && *p == ' ')
            p++, k--;
        while (k && p[k - 1] == ' ')
            k--;
        if (k == len && !strncasecmp(p, origin, len))
            return true;
        p = e ? e + 1 : p + k;
    }
    return false;
}

/*
 * A state-changing request from a page of another site is refused (CSRF, login CSRF): its
 * Origin — or, without one, its Referer — must be this server's own (the Host it was sent to)
 * or one of --allowed-origins.  A request with neither (a script, curl) passes: the CSRF token
 * and the session still guard it.
 */
static bool same_origin(const struct po_req *req)
{
    const char *o = po_req_header((struct po_req *)req, "Origin");
    const char *from = o;
    if (!o)
        from = po_req_header((struct po_req *)req, "Referer");
    if (!from)
        return true;
    if (!strcmp(from, "null"))
        return false;
    char host[256];
    if (!origin_host(host, sizeof host, from))
        return false;
    const char *want = po_req_header((struct po_req *)req, "Host");
    if (want && !strcasecmp(host, want))
        return true;
    const char *end = strstr(from, "://") + 3 + strlen(host);
    return origin_listed(from, (size_t)(end - from), req->conf->allowed_origins);
}

static void dispatch(struct reqctx *c, struct po_resp *resp)
{
    struct po_req *req = &c->req;
    const struct po_route *rt = c->route;
    struct po_err err = PO_ERR_INIT;

    if (!rt) {
        if (c->path_known)
            po_resp_error(req, resp, 405, "method_not_allowed", "不支持该请求方法",
                          "method not allowed for this path", NULL);
        else
            po_resp_error(req, resp, 404, "not_found", "没有这个接口", "no such API route", NULL);
        return;
    }
    if (c->too_large) {
        po_resp_error(req, resp, 413, "too_large", "请求体过大", "request body too large", NULL);
        return;
    }
    if (state_changing(req->method) && !same_origin(req)) {
        po_resp_error(req, resp, 403, "forbidden", "拒绝来自其他网站的请求（Origin 不是本系统）",
                      "a request from another site is refused (Origin is not this server's)",
                      NULL);
        return;
    }
    if ((rt->flags & PO_RF_NO_CSRF) && !(rt->flags & PO_RF_HTML)) {
        /* the login: JSON only, so no cross-site form can post it (the public report form is
         * a form, anonymous: nothing to forge) */
        const char *ct = po_req_header(req, "Content-Type");
        if (!ct || strncasecmp(ct, "application/json", 16) != 0 ||
            (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
            po_resp_error(req, resp, 415, "unsupported_media_type",
                          "请以 application/json 提交", "send the body as application/json", NULL);
            return;
        }
    }
    if (rt->flags & PO_RF_RATE_LIMITED) {
        unsigned wait = rl_take(req->ip ? req->ip : "-", state_changing(req->method), req->conf->public_burst);
        if (wait) {
            po_resp_error(req, resp, 429, "too_many_requests", "请求过于频繁，请稍后再试",
                          "too many requests from your address: try again later", NULL);
            po_resp_header(resp, "Retry-After", po_arena_printf(req->a, "%u", wait));
            return;
        }
    }
    if (thread_store(&req->st, req->conf, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    req->body = c->body.len ? c->body.buf : NULL;
    req->body_len = c->body.len;

    const char *cookie = MHD_lookup_connection_value(c->req.conn, MHD_COOKIE_KIND, "po_session");
    if (cookie && *cookie) {
        int64_t max_age = req->conf->session_max_seconds ? req->conf->session_max_seconds
                                                         : PO_SESSION_MAX_SECONDS;
        int rc = po_userdb_session_aged(&req->session, req->st, cookie, req->now, max_age, &err);
        if (rc == 0)
            req->authenticated = true;
        else if (rc != PO_ENOTFOUND) {
            if (rc == PO_EUNAVAIL || rc == PO_EINTERNAL)
                tl_store_bad = true;
            po_resp_err(req, resp, &err);
            return;
        }
    }
    if (!(rt->flags & PO_RF_PUBLIC)) {
        if (!req->authenticated) {
            po_resp_error(req, resp, 401, "unauthenticated", "请先登录（会话不存在或已超时）",
                          "sign in first (no session, or it timed out)", NULL);
            return;
        }
        if (state_changing(req->method) && !(rt->flags & PO_RF_NO_CSRF)) {
            const char *tok = po_req_header(req, "X-CSRF-Token");
            size_t n = strlen(req->session.csrf);
            if (!tok || strlen(tok) != n || sodium_memcmp(tok, req->session.csrf, n) != 0) {
                po_resp_error(req, resp, 403, "forbidden",
                              "缺少或错误的 CSRF 令牌（X-CSRF-Token）",
                              "missing or wrong CSRF token (X-CSRF-Token)", NULL);
                return;
            }
        }
        /* a password an administrator set: nothing but changing it (and the session itself) */
        if (req->session.user.must_change && strcmp(rt->pattern, "/api/v1/session") &&
            strcmp(rt->pattern, "/api/v1/session/password")) {
            po_resp_error(req, resp, 403, "password_change_required",
                          "管理员为您设置的密码须先修改，方可继续使用",
                          "change the password an administrator set before anything else", NULL);
            return;
        }
        if (rt->perm >= 0 && !po_authz_has(req->session.user.roles, (enum po_perm)rt->perm)) {
            po_resp_error(req, resp, 403, "forbidden", "您的角色无权进行此操作",
                          "your role may not do this", NULL);
            return;
        }
    }
    if (po_req_text_ok(req, resp))
        rt->handler(req, resp);
    if (!resp->status)
        po_resp_error(req, resp, 500, "internal", "内部错误：处理程序未作答",
                      "internal error: the handler gave no answer", NULL);
    if (resp->status == 503)
        tl_store_bad = true; /* the store said unavailable (connection lost): reconnect next time */
}

/* Paths answered by the route table: the API and the public portal's pages (issue 14). */
/* How many Content-Length headers the request has, when they disagree (else 1 or 0). */
struct cl_count {
    unsigned n;
    const char *first;
    bool differ;
};

static enum MHD_Result count_cl(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
    (void)kind;
    struct cl_count *c = cls;
    if (key && !strcasecmp(key, "Content-Length")) {
        if (c->n++ && strcmp(c->first, value ? value : ""))
            c->differ = true;
        if (c->n == 1)
            c->first = value ? value : "";
    }
    return MHD_YES;
}

static unsigned content_lengths(struct MHD_Connection *conn)
{
    struct cl_count c = { 0, NULL, false };
    MHD_get_connection_values(conn, MHD_HEADER_KIND, count_cl, &c);
    return c.differ ? c.n : (c.n ? 1 : 0);
}

static int hexdig(char c)
{
    return c >= '0' && c <= '9' ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* libmicrohttpd's unescaping of the path and query, except that an encoded NUL stays "%00":
 * decoded, it would end the path early ("/app/main.js%00.png" serving main.js); the handler
 * answers 400 to it. */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
    (void)cls;
    (void)conn;
    char *w = s;
    for (const char *r = s; *r;) {
        int hi = r[0] == '%' ? hexdig(r[1]) : -1, lo = hi >= 0 ? hexdig(r[2]) : -1;
        if (lo >= 0 && (hi | lo)) {
            *w++ = (char)(hi * 16 + lo);
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
    return (size_t)(w - s);
}

static bool routed(const char *url)
{
    return !strncmp(url, "/api/", 5) || !strcmp(url, "/public") || !strncmp(url, "/public/", 8);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *conn, const char *url,
                               const char *method, const char *version, const char *upload_data,
                               size_t *upload_data_size, void **con_cls)
{
    (void)version;
    const struct po_server *s = cls;
    struct reqctx *c = *con_cls;
    if (!c) {
        c = calloc(1, sizeof *c);
        if (!c)
            return MHD_NO;
        c->a = po_arena_new();
        if (!c->a) {
            free(c);
            return MHD_NO;
        }
        clock_gettime(CLOCK_MONOTONIC, &c->t0);
        *con_cls = c;
        c->req.method = po_arena_strdup(c->a, method);
        c->req.path = po_arena_strdup(c->a, url);
        c->req.conf = &s->conf;
        c->req.conn = conn;
        c->req.a = c->a;
        c->req.now = (int64_t)time(NULL);
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        char ip[INET6_ADDRSTRLEN] = "-";
        if (ci && ci->client_addr) {
            if (ci->client_addr->sa_family == AF_INET)
                inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, ip,
                          sizeof ip);
            else if (ci->client_addr->sa_family == AF_INET6)
                inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, ip,
                          sizeof ip);
        }
        c->req.ip = po_arena_strdup(c->a, ip);
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
        po_conns_request(conn, cl ? strtoull(cl, NULL, 10) : 0);
        if (content_lengths(conn) > 1 || strstr(url, "%00")) {
            struct po_resp r = { 0 };
            po_resp_error(&c->req, &r, 400, "bad_request",
                          content_lengths(conn) > 1 ? "请求含有多个不一致的 Content-Length"
                                                    : "请求路径含有编码的空字符（%00）",
                          content_lengths(conn) > 1 ? "conflicting Content-Length headers"
                                                    : "an encoded NUL (%00) in the path",
                          NULL);
            access_log(c, r.status);
            po_conns_answering(conn);
            return queue(conn, &r);
        }
        /*
         * A body without a length (Transfer-Encoding: chunked) is refused before any of it is
         * read: libmicrohttpd can answer only before the body or after all of it, and a
         * chunked body past the limit would otherwise be read to its end.  Browsers and the
         * UI always send Content-Length.
         */
        const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding");
        if (te && strcasecmp(te, "identity")) {
            struct po_resp r = { 0 };
            po_resp_error(&c->req, &r, 411, "length_required",
                          "请求体须带 Content-Length（不接受分块传输）",
                          "send the body with a Content-Length (chunked bodies are refused)", NULL);
            access_log(c, r.status);
            po_conns_answering(conn);
            return queue(conn, &r);
        }
        if (routed(url)) {
            c->route = po_route_match(&c->req, method, url, &c->path_known);
            c->limit = !c->route                        ? 0
                       : (c->route->flags & PO_RF_UPLOAD) ? PO_HTTP_MAX_UPLOAD
                       : (c->route->flags & PO_RF_BIG_JSON) ? PO_HTTP_MAX_ATTACHMENT_BODY
                                                            : PO_HTTP_MAX_JSON_BODY;
            /*
             * An oversized body is read and dropped, then answered 413, so the client
             * reads the answer instead of a reset connection; only a body far past
             * the limit is refused before it is read (the connection then closes).
             */
            if (cl && strtoull(cl, NULL, 10) > c->limit + PO_HTTP_DRAIN_MAX && c->route) {
                struct po_resp r = { 0 };
                po_resp_error(&c->req, &r, 413, "too_large", "请求体过大", "request body too large",
                              NULL);
                access_log(c, r.status);
                po_conns_answering(conn);
                return queue(conn, &r);
            }
        }
        return MHD_YES;
    }
    if (*upload_data_size) {
        po_conns_body(conn, *upload_data_size);
        if (c->route && !c->too_large) {
            if (c->body.len + *upload_data_size > c->limit)
                c->too_large = true;
            else
                po_buf_add(&c->body, upload_data, *upload_data_size);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    po_conns_answering(conn);
    if (!routed(url))
        return serve_static(conn, c);
    if (po_buf_failed(&c->body)) {
        struct po_resp r = { 0 };
        po_resp_error(&c->req, &r, 503, "unavailable", "内存不足", "out of memory", NULL);
        return queue(conn, &r);
    }
    po_buf_addch(&c->body, '\0'); /* handlers may treat the body as a string */
    if (c->body.len)
        c->body.len--;
    struct po_resp r = { 0 };
    dispatch(c, &r);
    access_log(c, r.status);
    return queue(conn, &r);
}

/*
 * The connection limit: what the open files allow (the soft limit raised to the hard one,
 * less 256 for the database connections, uploads and static files), at most
 * PO_HTTP_MAX_CONNECTIONS, or --max-connections when lower; at least 8 per thread
 * (libmicrohttpd gives each pool thread its share).
 */
static unsigned connection_limit(unsigned wanted, unsigned nthreads)
{
    rlim_t fds = 1024;
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        rlim_t want = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 1048576 ? 1048576 : rl.rlim_max;
        if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
            struct rlimit up = { .rlim_cur = want, .rlim_max = rl.rlim_max };
            if (setrlimit(RLIMIT_NOFILE, &up) == 0)
                rl.rlim_cur = want;
        }
        fds = rl.rlim_cur == RLIM_INFINITY ? 1048576 : rl.rlim_cur;
    }
    rlim_t limit = fds > 512 ? fds - 256 : fds / 2;
    if (limit > PO_HTTP_MAX_CONNECTIONS)
        limit = PO_HTTP_MAX_CONNECTIONS;
    if (wanted && wanted < limit)
        limit = wanted;
    if (limit < 8 * (rlim_t)nthreads)
        limit = 8 * (rlim_t)nthreads;
    return (unsigned)limit;
}

int po_server_start(struct po_server **out, const struct po_server_conf *conf, const char *listen,
                    unsigned nthreads, struct po_err *err)
{
    if (sodium_init() < 0)
        return po_err_set(err, PO_EINTERNAL, "libsodium 初始化失败", "libsodium failed to start");
    char host[64] = "127.0.0.1";
    const char *colon = strrchr(listen, ':');
    const char *portstr = colon ? colon + 1 : listen;
    if (colon) {
        size_t hl = (size_t)(colon - listen);
        if (hl == 0 || hl >= sizeof host)
            return po_err_set(err, PO_EINVAL, "监听地址“%s”无效（应为 主机:端口）",
                              "bad listen address '%s' (want host:port)", listen);
        memcpy(host, listen, hl);
        host[hl] = 0;
    }
    char *end;
    long port = strtol(portstr, &end, 10);
    if (end == portstr || *end || port < 0 || port > 65535)
        return po_err_set(err, PO_EINVAL, "监听端口“%s”无效", "bad listen port '%s'", portstr);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1)
        return po_err_set(err, PO_EINVAL, "监听主机“%s”不是 IPv4 地址",
                          "listen host '%s' is not an IPv4 address", host);
    struct po_server *s = calloc(1, sizeof *s);
    if (!s)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    s->conf = *conf;
    if (nthreads < 1)
        nthreads = 1;
#ifdef __GLIBC__
    /* a fixed threshold: a block of 1 MiB or more (an upload, a year's accounting) is mapped
     * and unmapped, not left in a thread's arena after the first large one (glibc's sliding
     * threshold), so the RSS stays flat (bench/soak.sh) */
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
    s->max_connections = connection_limit(conf->max_connections, nthreads);
    s->per_ip = s->max_connections / 2; /* high, for a NAT; conns.c closes its idle ones first */
    int rc = po_conns_start(&s->conns, s->max_connections, s->per_ip, conf->quiet, err);
    if (rc < 0) {
        free(s);
        return rc;
    }
    /* The 60 s idle timeout is libmicrohttpd's, reset by every byte: the reaper adds the
     * header deadline and the body's minimum rate (conns.h). */
    s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG,
                            0, NULL, NULL, handler, s,
                            MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
                            MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)nthreads,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)60,
                            MHD_OPTION_CONNECTION_LIMIT, s->max_connections,
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, s->per_ip,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
                            MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned int)4096,
                            MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                            MHD_OPTION_NOTIFY_CONNECTION, po_conns_notify, s->conns,
                            MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
                            MHD_OPTION_END);
    if (!s->d) {
        po_conns_stop(s->conns);
        free(s);
        return po_err_set(err, PO_EIO, "无法在 %s 上监听（端口被占用？）",
                          "cannot listen on %s (port in use?)", listen);
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = di ? di->port : (unsigned)port;
    *out = s;
    return 0;
}

unsigned po_server_port(const struct po_server *s)
{
    return s->port;
}

unsigned po_server_max_connections(const struct po_server *s)
{
    return s->max_connections;
}

void po_server_stop(struct po_server *s)
{
    if (!s)
        return;
    po_conns_halt(s->conns);
    MHD_stop_daemon(s->d);
    po_conns_stop(s->conns);
    pthread_mutex_lock(&stores_mu);
    for (size_t i = 0; i < nstores; i++)
        po_store_close(stores[i]);
    nstores = 0;
    pthread_mutex_unlock(&stores_mu);
    free(s);
}
