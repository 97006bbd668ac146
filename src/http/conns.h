/*
 * conns.h: the server's connections watched against slow clients (issue 16 §0).
 *
 * libmicrohttpd resets its idle timeout on every byte, so a client sending a header byte a
 * second holds a connection for ever, and 1,024 of them used to fill the server.  Every
 * connection is registered here (MHD_OPTION_NOTIFY_CONNECTION) and a reaper thread, every
 * 200 ms, shuts down (shutdown(2); libmicrohttpd then closes it) the connections
 *
 *   - whose request headers are not complete PO_CONNS_HEADER_MS after the accept, or after
 *     the end of the previous request on a keep-alive connection (so an idle keep-alive
 *     connection lasts that long too);
 *   - whose body arrives slower than PO_CONNS_BODY_MIN_RATE bytes a second on average,
 *     after a grace of PO_CONNS_HEADER_MS;
 *   - when more than 7/8 of the connection limit are open: the ones between requests (idle
 *     or still sending their headers) of the addresses holding the most, oldest first, down
 *     to 3/4 — so a new connection always finds room and a normal request is answered;
 *   - when one address holds more than 3/4 of the per-address limit: its oldest connections
 *     between requests, down to that share — so a NAT or a proxy is never refused because
 *     of its own idle connections.
 *
 * A connection inside a request (from its headers to the end of its response) is never cut
 * by the last two rules.  The fd is shut down under the table's mutex, and libmicrohttpd
 * notifies the close (which takes the mutex) before it closes the fd, so the reaper never
 * touches a descriptor reused by another connection.
 */
#ifndef PO_HTTP_CONNS_H
#define PO_HTTP_CONNS_H

#include "util/err.h"

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PO_CONNS_HEADER_MS 10000     /* request headers complete within 10 s */
#define PO_CONNS_BODY_MIN_RATE 1024  /* bytes a second, on average, after the grace */
#define PO_CONNS_PERIOD_MS 200       /* the reaper's period */

struct po_conns;

/* Starts the reaper.  limit: the connection limit given to libmicrohttpd; per_ip: its
 * per-address limit; quiet: no summary line on stderr (at most one every 10 s while it closes
 * connections).  Caller owns; free with po_conns_stop(), after MHD_stop_daemon(). */
int po_conns_start(struct po_conns **out, unsigned limit, unsigned per_ip, bool quiet,
                   struct po_err *err);
/* Stops the reaper thread (call before MHD_stop_daemon: no shutdown after it). */
void po_conns_halt(struct po_conns *w);
/* Frees the table (after MHD_stop_daemon, which notified every close). */
void po_conns_stop(struct po_conns *w);

/* MHD_OPTION_NOTIFY_CONNECTION's callback; cls is the struct po_conns. */
void po_conns_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
                     enum MHD_ConnectionNotificationCode code);

/* The access handler's first call (the headers are in); body: the Content-Length, 0 if none. */
void po_conns_request(struct MHD_Connection *conn, uint64_t body);
/* n more bytes of the body received. */
void po_conns_body(struct MHD_Connection *conn, size_t n);
/* The body is all in (or will not be read): the handler runs, then the response is sent. */
void po_conns_answering(struct MHD_Connection *conn);
/* The request is over (MHD_OPTION_NOTIFY_COMPLETED): the next one's header deadline starts. */
void po_conns_completed(struct MHD_Connection *conn);

/* What the reaper did since the start, for the log. */
struct po_conns_stats {
    unsigned long long header_late, body_slow, crowded, address_share;
};
void po_conns_stats(struct po_conns_stats *out, struct po_conns *w);

/*
 * The policy, pure (tests/http/test_conns.c).  One entry per open connection not already
 * being closed; the reaper fills addr, since_ms and between, po_conns_pick sets close.
 */
enum { PO_CONNS_SHARE = 1, PO_CONNS_CROWDED = 2 };
struct po_conns_ent {
    uint64_t addr;    /* the client address (hashed) */
    int64_t since_ms; /* accept, or the end of the previous request */
    bool between;     /* between requests: idle, or still sending the headers */
    unsigned char close; /* out: 0 kept, PO_CONNS_SHARE or PO_CONNS_CROWDED */
    unsigned addr_n;  /* out: open connections of that address */
    void *conn;       /* the caller's */
};
/* Marks the connections to close for crowding (above 7/8 of limit: the ones between requests
 * of the addresses holding the most, oldest first, down to 3/4) and for an address above 3/4
 * of per_ip (its oldest between requests, down to that share); returns how many.  Reorders
 * ents. */
size_t po_conns_pick(struct po_conns_ent *ents, size_t n, unsigned limit, unsigned per_ip);

#endif
