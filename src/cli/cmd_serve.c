/*
 * cmd_serve.c: phaseout serve — the HTTP API and the web UI (docs/api.md).
 *
 * Migrates the database once, starts libmicrohttpd's thread pool, prints
 * the URL, and runs until SIGINT or SIGTERM.  Several servers may share one
 * PostgreSQL database: everything shared lives there (sessions, login
 * throttling, the audit log).
 */
#include "cli/cli.h"
#include "http/http.h"
#include "store/store.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const usage[] = {
    "usage: phaseout serve [--db PATH_OR_URL] [--listen HOST:PORT] [--web DIR] [--threads N]",
    "                      [--title TEXT] [--secure-cookie] [--public-burst N]",
    "                      [--session-hours N] [--allowed-origins LIST] [--max-connections N]",
    "  --listen   address to listen on (default 127.0.0.1:8080; port 0 picks a free one)",
    "  --web      the web UI's directory (default: ./web when it exists, or $PHASEOUT_WEB)",
    "  --threads  worker threads, each with its own database connection (default 8)",
    "  --title    the system's name in the UI (default 落后产能退出管理系统)",
    "  --secure-cookie  mark the session cookie Secure (when served behind HTTPS)",
    "  --session-hours  a session's absolute lifetime, however active (1 to 168; default 12)",
    "  --allowed-origins  comma-separated origins (https://host[:port]) whose pages may send",
    "                   writes besides this server's own (behind a proxy that renames the host)",
    "  --max-connections  open connections at most (default: what the open-file limit allows,",
    "                   up to 16384; one address may hold half); request headers must arrive",
    "                   within 10 s and a body at 1 KiB/s or more, and near the limit the idle",
    "                   connections of the addresses holding the most are closed first",
    "  --public-burst   requests one address may send to the public routes at once (default 120;",
    "                   reports: a sixth of it), refilled 4 a second (reports: one every 30 s)",
    "Environment: PHASEOUT_ACCESS_LOG=0 turns the access log on stderr off.",
    NULL,
};

/* --threads N: 1 to 128, else said here (exit 2, no usage). */
static int parse_threads(void *value, char *arg)
{
    if (po_cli_parse_int(value, arg, 1, 128) < 0) {
        fprintf(stderr, "错误：--threads 应为 1 到 128\nerror: --threads must be 1 to 128\n");
        return PO_CLI_REFUSED;
    }
    return 0;
}

/* --public-burst N: 6 to 10^7. */
static int parse_burst(void *value, char *arg)
{
    if (po_cli_parse_int(value, arg, 6, 10000000) < 0) {
        fprintf(stderr, "错误：--public-burst 应为 6 到 10000000\nerror: --public-burst must be 6 to 10000000\n");
        return PO_CLI_REFUSED;
    }
    return 0;
}

/* --max-connections N: 64 to 10^6. */
static int parse_conns(void *value, char *arg)
{
    if (po_cli_parse_int(value, arg, 64, 1000000) < 0) {
        fprintf(stderr, "错误：--max-connections 应为 64 到 1000000\nerror: --max-connections must be 64 to 1000000\n");
        return PO_CLI_REFUSED;
    }
    return 0;
}

/* --session-hours N: 1 to 168. */
static int parse_hours(void *value, char *arg)
{
    if (po_cli_parse_int(value, arg, 1, 168) < 0) {
        fprintf(stderr, "错误：--session-hours 应为 1 到 168\nerror: --session-hours must be 1 to 168\n");
        return PO_CLI_REFUSED;
    }
    return 0;
}

int cmd_serve(int argc, char **argv, struct po_cli *cli)
{
    (void)cli;
    static const struct po_cli_spec spec = { .usage = usage, .take = PO_OPT_DB | PO_OPT_HELP };
    const char *listen = "127.0.0.1:8080", *web = getenv("PHASEOUT_WEB"), *title = NULL;
    int threads = 8, burst = 0, hours = 12, conns = 0;
    const char *origins = NULL;
    bool secure = false;
    const struct po_cli_opt own[] = {
        { "listen", PO_CLI_STR, &listen, NULL },           { "web", PO_CLI_STR, &web, NULL },
        { "threads", PO_CLI_FN, &threads, parse_threads }, { "title", PO_CLI_STR, &title, NULL },
        { "secure-cookie", PO_CLI_FLAG, &secure, NULL },   { "public-burst", PO_CLI_FN, &burst, parse_burst },
        { "session-hours", PO_CLI_FN, &hours, parse_hours }, { "allowed-origins", PO_CLI_STR, &origins, NULL },
        { "max-connections", PO_CLI_FN, &conns, parse_conns },
        { NULL },
    };
    struct po_cli_opts o;
    int prc = po_cli_parse(&o, &spec, own, argc, argv);
    if (prc)
        return prc;
    if (o.nargs)
        return po_cli_usage(usage);
    const char *db = o.db;
    struct stat sb;
    if (!web && stat("web/index.html", &sb) == 0)
        web = "web";
    if (web && (stat(web, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
        fprintf(stderr, "错误：网页目录 %s 不存在\nerror: web directory %s does not exist\n", web, web);
        return 1;
    }

    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    if (po_cli_open_store(&st, db, &err) < 0) { /* migrates once, before any worker connects */
        po_cli_report(&err);
        return 1;
    }
    struct po_server_conf conf = { .dsn = db ? db : getenv("PHASEOUT_DB"), .web_dir = web,
                                   .title = title, .secure_cookie = secure,
                                   .public_burst = (unsigned)burst,
                                   .session_max_seconds = (int64_t)hours * 3600,
                                   .allowed_origins = origins,
                                   .max_connections = (unsigned)conns,
                                   .quiet = getenv("PHASEOUT_ACCESS_LOG") &&
                                            !strcmp(getenv("PHASEOUT_ACCESS_LOG"), "0") };
    po_store_close(st);

    /* block the signals in every thread; this one waits for them */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct po_server *srv = NULL;
    if (po_server_start(&srv, &conf, listen, (unsigned)threads, &err) < 0) {
        po_cli_report(&err);
        return 1;
    }
    char host[64] = "127.0.0.1";
    const char *colon = strrchr(listen, ':');
    if (colon && (size_t)(colon - listen) < sizeof host) {
        memcpy(host, listen, (size_t)(colon - listen));
        host[colon - listen] = 0;
    }
    printf("phaseout: serving http://%s:%u/ (API /api/v1, %d threads, %u connections at most%s)\n",
           host, po_server_port(srv), threads, po_server_max_connections(srv), web ? "" : ", no web UI");
    fflush(stdout);
    int sig = 0;
    sigwait(&set, &sig);
    fprintf(stderr, "phaseout: signal %d, stopping\n", sig);
    po_server_stop(srv);
    return 0;
}
