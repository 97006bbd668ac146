/*
 * conns.c: every connection of the server, and the reaper that closes the slow ones
 * (conns.h says which and why).
 *
 * One mutex guards the list and every connection's fields; the work under it is a few
 * stores per request, and for the reaper one pass over the list every 200 ms.
 */
#include "http/conns.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

struct track {
    struct track *prev, *next;
    struct po_conns *w;
    int fd;
    uint64_t addr;
    int64_t since_ms;   /* accept, or the end of the previous request */
    int64_t request_ms; /* the headers of the current request complete */
    uint64_t body_want, body_got;
    bool in_request, answering, doomed;
};

struct po_conns {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t th;
    bool running, halt, quiet;
    struct track *head;
    size_t n;
    unsigned limit, per_ip;
    struct po_conns_stats st, logged;
    int64_t logged_ms;
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* FNV-1a over the address bytes; an IPv4-mapped IPv6 address counts as its IPv4 one. */
static uint64_t addr_key(const struct sockaddr *sa)
{
    const unsigned char *p = NULL;
    size_t k = 0;
    if (sa && sa->sa_family == AF_INET) {
        p = (const unsigned char *)&((const struct sockaddr_in *)sa)->sin_addr;
        k = 4;
    } else if (sa && sa->sa_family == AF_INET6) {
        p = (const unsigned char *)&((const struct sockaddr_in6 *)sa)->sin6_addr;
        k = 16;
        static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
        if (!memcmp(p, mapped, 12)) {
            p += 12;
            k = 4;
        }
    }
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < k; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

static struct track *tracked(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

void po_conns_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                     enum MHD_ConnectionNotificationCode code)
{
    struct po_conns *w = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        struct track *t = calloc(1, sizeof *t);
        if (!t)
            return; /* not watched: libmicrohttpd's own limits and timeout still apply */
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        t->fd = ci ? ci->connect_fd : -1;
        ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        t->addr = addr_key(ci ? ci->client_addr : NULL);
        t->w = w;
        t->since_ms = now_ms();
        pthread_mutex_lock(&w->mu);
        t->next = w->head;
        if (w->head)
            w->head->prev = t;
        w->head = t;
        w->n++;
        pthread_mutex_unlock(&w->mu);
        *socket_context = t;
        return;
    }
    struct track *t = *socket_context;
    if (!t)
        return;
    /* libmicrohttpd closes the fd after this returns: once unlinked, the reaper cannot reach it */
    pthread_mutex_lock(&w->mu);
    if (t->prev)
        t->prev->next = t->next;
    else
        w->head = t->next;
    if (t->next)
        t->next->prev = t->prev;
    w->n--;
    pthread_mutex_unlock(&w->mu);
    free(t);
    *socket_context = NULL;
}

void po_conns_request(struct MHD_Connection *conn, uint64_t body)
{
    struct track *t = tracked(conn);
    if (!t)
        return;
    pthread_mutex_lock(&t->w->mu);
    t->in_request = true;
    t->answering = false;
    t->request_ms = now_ms();
    t->body_want = body;
    t->body_got = 0;
    pthread_mutex_unlock(&t->w->mu);
}

void po_conns_body(struct MHD_Connection *conn, size_t n)
{
    struct track *t = tracked(conn);
    if (!t)
        return;
    pthread_mutex_lock(&t->w->mu);
    t->body_got += n;
    pthread_mutex_unlock(&t->w->mu);
}

void po_conns_answering(struct MHD_Connection *conn)
{
    struct track *t = tracked(conn);
    if (!t)
        return;
    pthread_mutex_lock(&t->w->mu);
    t->answering = true;
    pthread_mutex_unlock(&t->w->mu);
}

void po_conns_completed(struct MHD_Connection *conn)
{
    struct track *t = tracked(conn);
    if (!t)
        return;
    pthread_mutex_lock(&t->w->mu);
    t->in_request = false;
    t->answering = false;
    t->since_ms = now_ms();
    pthread_mutex_unlock(&t->w->mu);
}

/* ---- the policy ---- */

static int by_addr(const void *x, const void *y)
{
    const struct po_conns_ent *a = x, *b = y;
    if (a->addr != b->addr)
        return a->addr < b->addr ? -1 : 1;
    return (a->since_ms > b->since_ms) - (a->since_ms < b->since_ms);
}

/* Candidates first (between requests, not yet marked), the addresses holding the most first,
 * oldest first. */
static int by_crowding(const void *x, const void *y)
{
    const struct po_conns_ent *a = x, *b = y;
    bool ca = a->between && !a->close, cb = b->between && !b->close;
    if (ca != cb)
        return ca ? -1 : 1;
    if (a->addr_n != b->addr_n)
        return a->addr_n > b->addr_n ? -1 : 1;
    return (a->since_ms > b->since_ms) - (a->since_ms < b->since_ms);
}

size_t po_conns_pick(struct po_conns_ent *ents, size_t n, unsigned limit, unsigned per_ip)
{
    if (!n)
        return 0;
    qsort(ents, n, sizeof *ents, by_addr);
    size_t closed = 0, share = per_ip - per_ip / 4;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && ents[j].addr == ents[i].addr)
            j++;
        for (size_t k = i; k < j; k++) {
            ents[k].addr_n = (unsigned)(j - i);
            ents[k].close = 0;
        }
        size_t over = j - i > share ? j - i - share : 0;
        for (size_t k = i; k < j && over; k++) /* oldest first */
            if (ents[k].between) {
                ents[k].close = PO_CONNS_SHARE;
                over--;
                closed++;
            }
        i = j;
    }
    size_t open = n - closed, high = limit - limit / 8, low = limit - limit / 4;
    if (open > high) {
        size_t need = open - low;
        qsort(ents, n, sizeof *ents, by_crowding);
        for (size_t i = 0; i < n && need && ents[i].between && !ents[i].close; i++) {
            ents[i].close = PO_CONNS_CROWDED;
            need--;
            closed++;
        }
    }
    return closed;
}

/* ---- the reaper ---- */

static void cut(struct track *t)
{
    if (t->fd >= 0)
        shutdown(t->fd, SHUT_RDWR); /* libmicrohttpd sees the end of the stream and closes it */
    t->doomed = true;
}

static void sweep(struct po_conns *w)
{
    int64_t now = now_ms();
    struct po_conns_ent *ents = w->n ? malloc(w->n * sizeof *ents) : NULL;
    size_t k = 0;
    for (struct track *t = w->head; t; t = t->next) {
        if (t->doomed)
            continue;
        if (!t->in_request && now - t->since_ms > PO_CONNS_HEADER_MS) {
            cut(t);
            w->st.header_late++;
            continue;
        }
        if (t->in_request && !t->answering && t->body_got < t->body_want &&
            now - t->request_ms >
                PO_CONNS_HEADER_MS + (int64_t)(t->body_got * 1000 / PO_CONNS_BODY_MIN_RATE)) {
            cut(t);
            w->st.body_slow++;
            continue;
        }
        if (ents)
            ents[k++] = (struct po_conns_ent){ .addr = t->addr, .since_ms = t->since_ms,
                                               .between = !t->in_request, .conn = t };
    }
    if (po_conns_pick(ents, k, w->limit, w->per_ip))
        for (size_t i = 0; i < k; i++) {
            if (ents[i].close == PO_CONNS_SHARE)
                w->st.address_share++;
            else if (ents[i].close == PO_CONNS_CROWDED)
                w->st.crowded++;
            else
                continue;
            cut(ents[i].conn);
        }
    free(ents);
    /* a line every 10 s at most while it works, so an attack does not flood the log */
    if (!w->quiet && now - w->logged_ms >= 10000 && memcmp(&w->st, &w->logged, sizeof w->st)) {
        fprintf(stderr,
                "phaseout: closed slow connections: %llu headers late, %llu bodies slow, "
                "%llu crowded, %llu over an address's share (%zu open of %u)\n",
                w->st.header_late - w->logged.header_late, w->st.body_slow - w->logged.body_slow,
                w->st.crowded - w->logged.crowded, w->st.address_share - w->logged.address_share,
                w->n, w->limit);
        w->logged = w->st;
        w->logged_ms = now;
    }
}

/*
 * The reaper is also the server's housekeeper: every 30 s it hands the pages glibc's malloc
 * keeps free in the pool threads' arenas back to the system (malloc_trim), so the RSS follows
 * what is in use rather than the largest burst seen (bench/soak.sh).
 */
static void *reaper(void *arg)
{
    struct po_conns *w = arg;
    unsigned ticks = 0;
    pthread_mutex_lock(&w->mu);
    while (!w->halt) {
#ifdef __GLIBC__
        if (++ticks % (30000 / PO_CONNS_PERIOD_MS) == 0) {
            pthread_mutex_unlock(&w->mu);
            malloc_trim(0);
            pthread_mutex_lock(&w->mu);
            if (w->halt)
                break;
        }
#else
        (void)ticks;
#endif
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_nsec += (long)PO_CONNS_PERIOD_MS * 1000000L;
        ts.tv_sec += ts.tv_nsec / 1000000000L;
        ts.tv_nsec %= 1000000000L;
        pthread_cond_timedwait(&w->cv, &w->mu, &ts);
        if (!w->halt)
            sweep(w);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

int po_conns_start(struct po_conns **out, unsigned limit, unsigned per_ip, bool quiet,
                   struct po_err *err)
{
    struct po_conns *w = calloc(1, sizeof *w);
    if (!w)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    w->limit = limit;
    w->per_ip = per_ip;
    w->quiet = quiet;
    pthread_mutex_init(&w->mu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&w->th, NULL, reaper, w) != 0) {
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        free(w);
        return po_err_set(err, PO_EINTERNAL, "无法启动连接监视线程",
                          "cannot start the connection reaper thread");
    }
    w->running = true;
    *out = w;
    return 0;
}

void po_conns_halt(struct po_conns *w)
{
    if (!w || !w->running)
        return;
    pthread_mutex_lock(&w->mu);
    w->halt = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->th, NULL);
    w->running = false;
}

void po_conns_stop(struct po_conns *w)
{
    if (!w)
        return;
    po_conns_halt(w);
    /* connections libmicrohttpd did not report closed (none expected) */
    for (struct track *t = w->head, *next; t; t = next) {
        next = t->next;
        free(t);
    }
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
}

void po_conns_stats(struct po_conns_stats *out, struct po_conns *w)
{
    pthread_mutex_lock(&w->mu);
    *out = w->st;
    pthread_mutex_unlock(&w->mu);
}
