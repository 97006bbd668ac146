/*
 * fuzz_api.c: libFuzzer target for the HTTP API's request handling after the server's own checks:
 * the JSON request bodies of every route family (case opening and actions with their base64
 * documents, plans, credit, publications, reports, resettlement, surcharges, public reports),
 * the list filters and query parameters of every GET route, and the uploads of
 * POST /api/v1/imports, run against the demo city in SQLite, without a server.
 *
 * At start the target builds the demo city (cmd_demo, cmd_evaluate for 2024) into a template
 * database in a temporary directory.  Input: requests separated by a line "=====", each
 *     METHOD TARGET
 *     Header: value            (optional lines, until an empty line)
 *
 *     body
 * with two headers of the target's own: X-Fuzz-Roles (role names as po_urole_parse_list takes
 * them; default every role but district and bank, which confine what is seen) and X-Fuzz-District (the signed-in user's district).  Each request
 * is routed (po_route_match), refused as the server would when the session's roles lack the
 * route's permission, checked for UTF-8 parameters (po_req_text_ok) and handed to the handler
 * with the body NUL-terminated, as server.c's dispatch does; the query and headers go to the fake libmicrohttpd lookup (fakereq.h).  Writes
 * go to a copy of the template, restored before the next input after any write, so every input
 * starts from the same city and a crash replays.
 *
 * Aborts (a finding) when a handler answers no status, a status outside 200-599, a 500 (bad
 * input must be a 4xx; a 503 "unavailable" is the store's and allowed), or a JSON answer that is
 * not JSON.  Routes left out: the login and the account routes that set passwords (Argon2 per
 * input would be all the target did).
 */
#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>

#include "app/open.h"
#include "app/userdb.h"
#include "cli/cli.h"
#include "core/authz.h"
#include "http/http.h"
#include "store/store.h"
#include "util/arena.h"
#include "fuzzutil.h"
#include "fakereq.h"

static char dir[64], tmpl[96], work[96];
static struct po_store *st;
static bool dirty = true;
static struct po_server_conf conf = { .title = "fuzz", .quiet = true };

static void rm_db(const char *path)
{
    char p[128];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

static void cleanup(void)
{
    if (st)
        po_store_close(st);
    rm_db(work);
    rm_db(tmpl);
    rmdir(dir);
}

static int cli(int (*fn)(int, char **, struct po_cli *), int argc, char **argv)
{
    struct po_cli c = { po_arena_new(), "phaseout" };
    int saved = dup(1), null = open("/dev/null", O_WRONLY);
    dup2(null, 1); /* the demo's summary */
    int rc = fn(argc, argv, &c);
    fflush(stdout);
    dup2(saved, 1);
    close(null);
    close(saved);
    po_arena_destroy(c.a);
    return rc;
}

static void init(void)
{
    snprintf(dir, sizeof dir, "/tmp/fuzz-api-XXXXXX");
    if (!mkdtemp(dir))
        abort();
    snprintf(tmpl, sizeof tmpl, "%s/template.db", dir);
    snprintf(work, sizeof work, "%s/work.db", dir);
    atexit(cleanup);
    char *demo[] = { "demo", "--db", tmpl, NULL };
    char *eval[] = { "evaluate", "--db", tmpl, "--year", "2024", NULL };
    if (cli(cmd_demo, 3, demo) != 0 || cli(cmd_evaluate, 5, eval) != 0)
        abort();
    /* one WAL-less file to copy: checkpoint by reopening with the journal folded in */
    struct po_store *t;
    struct po_err err = PO_ERR_INIT;
    if (po_app_open(&t, tmpl, &err) != 0 ||
        po_userdb_add(t, "fuzz", "模糊测试", "Wuhai-Coke-Oven-2026!", 1u << PO_UR_CITY, NULL, "fuzz",
                      &err) != 0) {
        po_cli_report(&err);
        abort();
    }
    po_store_close(t);
}

static void copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    if (!in || !out)
        abort();
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            abort();
    fclose(in);
    if (fclose(out) != 0)
        abort();
}

static void reset(void)
{
    if (st)
        po_store_close(st);
    st = NULL;
    rm_db(work);
    copy_file(tmpl, work);
    struct po_err err = PO_ERR_INIT;
    if (po_store_open(&st, work, &err) != 0)
        abort();
    dirty = false;
}

static bool skipped(const char *method, const char *pattern)
{
    return (!strcmp(method, "POST") && !strcmp(pattern, "/api/v1/session")) ||
           (!strcmp(method, "POST") && !strcmp(pattern, "/api/v1/users")) ||
           (!strcmp(method, "PATCH") && !strcmp(pattern, "/api/v1/users/{username}"));
}

static void check_answer(const struct po_resp *resp)
{
    if (resp->status < 200 || resp->status > 599 || resp->status == 500)
        abort();
    if (resp->content_type && strstr(resp->content_type, "json") && resp->body &&
        resp->status != 304) {
        json_error_t je;
        json_t *j = json_loadb(resp->body, resp->body_len, 0, &je);
        if (!j)
            abort();
        json_decref(j);
    }
}

/* One request of text[0..n): "METHOD TARGET\nheaders\n\nbody". */
static void request(char *text, size_t n)
{
    char *nl = memchr(text, '\n', n);
    size_t l1 = nl ? (size_t)(nl - text) : n;
    char *line = fuzz_cstr((const uint8_t *)text, l1);
    char *rest = nl ? nl + 1 : text + n;
    size_t rn = (size_t)(text + n - rest);
    /* headers up to an empty line */
    char *hend = NULL;
    for (char *p = rest; p < rest + rn; p++)
        if (*p == '\n' && (p == rest || p[-1] == '\n')) {
            hend = p;
            break;
        }
    size_t hn = hend ? (size_t)(hend - rest) : 0;
    const char *body = hend ? hend + 1 : rest;
    size_t blen = (size_t)(rest + rn - body);

    const char *method;
    char *target = fake_request_line(line, &method, hend ? rest : "", hn);
    if (!target || !(!strncmp(target, "/api/", 5) || !strncmp(target, "/public", 7))) {
        free(line);
        return;
    }

    struct po_arena *a = po_arena_new();
    if (!a)
        abort();
    struct po_req req = { .method = method, .path = target, .a = a, .now = 1765180800,
                          .ip = "192.0.2.7", .conf = &conf, .st = st };
    bool known = false;
    const struct po_route *r = po_route_match(&req, method, target, &known);
    if (!r || skipped(r->method, r->pattern)) {
        po_arena_destroy(a);
        free(line);
        return;
    }
    /* every role but the confined ones (a district officer sees one district, a bank its lists) */
    unsigned roles = PO_UR_ALL & ~(1u << PO_UR_DISTRICT) & ~(1u << PO_UR_BANK);
    const char *rl = MHD_lookup_connection_value(NULL, MHD_HEADER_KIND, "X-Fuzz-Roles");
    struct po_err err = PO_ERR_INIT;
    if (rl && po_urole_parse_list(&roles, rl, &err) != 0)
        roles = 0;
    const char *district = MHD_lookup_connection_value(NULL, MHD_HEADER_KIND, "X-Fuzz-District");
    req.authenticated = !(r->flags & PO_RF_PUBLIC) || roles;
    req.session.user.id = 1;
    snprintf(req.session.user.username, sizeof req.session.user.username, "fuzz");
    req.session.user.roles = roles;
    snprintf(req.session.user.district_code, sizeof req.session.user.district_code, "%s",
             district ? district : "");
    snprintf(req.session.csrf, sizeof req.session.csrf, "csrf");
    if (!(r->flags & PO_RF_PUBLIC) && r->perm >= 0 && !po_authz_has(roles, (enum po_perm)r->perm)) {
        po_arena_destroy(a); /* the server's 403 */
        free(line);
        return;
    }
    /* the body, NUL-terminated as server.c hands it */
    char *b = po_arena_alloc(a, blen + 1);
    if (!b)
        abort();
    memcpy(b, body, blen);
    b[blen] = '\0';
    req.body = blen ? b : NULL;
    req.body_len = blen;
    if (strcmp(r->method, "GET") != 0)
        dirty = true;
    struct po_resp resp = { 0 };
    req.conn = (struct MHD_Connection *)&fake; /* not NULL: po_req_text_ok walks the query */
    if (po_req_text_ok(&req, &resp)) /* as dispatch() in server.c */
        r->handler(&req, &resp);
    if (getenv("FUZZ_API_TRACE")) /* which answer each seed gets: FUZZ_API_TRACE=1 fuzz_api FILE */
        fprintf(stderr, "%s %s -> %u %.*s\n", method, target, resp.status,
                (int)(resp.body_len > 160 ? 160 : resp.body_len), resp.body ? resp.body : "");
    check_answer(&resp);
    po_arena_destroy(a);
    free(line);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0])
        init();
    if (dirty)
        reset();
    char *text = fuzz_cstr(data, size);
    char *p = text, *end = text + size;
    for (int k = 0; p < end && k < 4; k++) { /* at most 4 requests an input */
        char *sep = NULL;
        for (char *q = p; q + 6 <= end && !sep; q++)
            if (!memcmp(q, "\n=====", 6))
                sep = q;
        request(p, (size_t)((sep ? sep : end) - p));
        if (!sep)
            break;
        p = sep + 6;
        if (p < end && *p == '\n')
            p++;
    }
    free(text);
    return 0;
}
