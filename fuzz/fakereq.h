/*
 * fakereq.h: a request without a server, for fuzz_route and fuzz_api (included by one file per
 * target).
 *
 * Handlers read the query and headers through po_req_query() / po_req_header(), which ask
 * libmicrohttpd's MHD_lookup_connection_value() for req->conn (po_req_text_ok() walks them with
 * MHD_get_connection_values()).  A target defines those functions
 * here (the executable's definition is the one linked), answering from the fuzz input: the query
 * string is split at '&' and '=' and unescaped as the server does ('+' is a space, %XX decoded
 * but %00, as server.c's unescape callback), the first of repeated names wins; headers are "Name: value"
 * lines.  So what a handler sees is what the server would hand it, and no socket is opened.
 */
#ifndef PO_FAKEREQ_H
#define PO_FAKEREQ_H

#include <microhttpd.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#define FAKE_MAX 48

static struct {
    char *buf; /* the query and header text, split in place */
    const char *qk[FAKE_MAX], *qv[FAKE_MAX];
    size_t nq;
    const char *hk[FAKE_MAX], *hv[FAKE_MAX];
    size_t nh;
} fake;

const char *MHD_lookup_connection_value(struct MHD_Connection *connection,
                                        enum MHD_ValueKind kind, const char *key)
{
    (void)connection;
    if (kind == MHD_GET_ARGUMENT_KIND) {
        for (size_t i = 0; i < fake.nq; i++)
            if (!strcmp(fake.qk[i], key))
                return fake.qv[i];
    } else if (kind == MHD_HEADER_KIND) {
        for (size_t i = 0; i < fake.nh; i++)
            if (!strcasecmp(fake.hk[i], key))
                return fake.hv[i];
    }
    return NULL;
}

/* As the server's unescape callback (server.c) after libmicrohttpd's '+' to space: %XX decoded
 * except %00, which stays as it is (the server answers 400 to it in the path). */
int MHD_get_connection_values(struct MHD_Connection *connection, enum MHD_ValueKind kind,
                              MHD_KeyValueIterator iterator, void *iterator_cls)
{
    (void)connection;
    int n = 0;
    if (kind & MHD_GET_ARGUMENT_KIND)
        for (size_t i = 0; i < fake.nq; i++, n++)
            if (iterator && iterator(iterator_cls, MHD_GET_ARGUMENT_KIND, fake.qk[i], fake.qv[i]) != MHD_YES)
                return n + 1;
    if (kind & MHD_HEADER_KIND)
        for (size_t i = 0; i < fake.nh; i++, n++)
            if (iterator && iterator(iterator_cls, MHD_HEADER_KIND, fake.hk[i], fake.hv[i]) != MHD_YES)
                return n + 1;
    return n;
}

static int fake_hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
         : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void fake_unescape(char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        int hi = r[0] == '%' ? fake_hex(r[1]) : -1, lo = hi >= 0 ? fake_hex(r[2]) : -1;
        if (lo >= 0 && (hi | lo)) {
            *w++ = (char)(hi * 16 + lo);
            r += 3;
        } else {
            *w++ = *r == '+' ? ' ' : *r;
            r++;
        }
    }
    *w = '\0';
}

/* Set the query (q[0..qn), without '?') and headers (h[0..hn), lines); the text is copied. */
static void fake_set(const char *q, size_t qn, const char *h, size_t hn)
{
    free(fake.buf);
    fake.nq = fake.nh = 0;
    fake.buf = malloc(qn + hn + 2);
    if (!fake.buf)
        abort();
    memcpy(fake.buf, q, qn);
    fake.buf[qn] = '\0';
    memcpy(fake.buf + qn + 1, h, hn);
    fake.buf[qn + 1 + hn] = '\0';
    char *s = fake.buf;
    while (s && *s && fake.nq < FAKE_MAX) {
        char *amp = strchr(s, '&');
        if (amp)
            *amp = '\0';
        char *eq = strchr(s, '=');
        if (eq)
            *eq = '\0';
        if (*s) {
            fake_unescape(s);
            fake.qk[fake.nq] = s;
            fake.qv[fake.nq] = eq ? eq + 1 : "";
            if (eq)
                fake_unescape(eq + 1);
            fake.nq++;
        }
        s = amp ? amp + 1 : NULL;
    }
    s = fake.buf + qn + 1;
    while (s && *s && fake.nh < FAKE_MAX) {
        char *nl = strchr(s, '\n');
        if (nl)
            *nl = '\0';
        char *colon = strchr(s, ':');
        if (colon) {
            *colon = '\0';
            char *v = colon + 1;
            while (*v == ' ')
                v++;
            fake.hk[fake.nh] = s;
            fake.hv[fake.nh++] = v;
        }
        s = nl ? nl + 1 : NULL;
    }
}

/*
 * Split the request line "METHOD TARGET" in place (no space: GET, the whole line the target),
 * hand the query of TARGET and the header lines h[0..hn) to fake_set(), and unescape the path as
 * the server does.  *method and the returned path point into line; NULL when the server would
 * answer 400 before routing (an encoded NUL left in the path).
 */
static char *fake_request_line(char *line, const char **method, const char *h, size_t hn)
{
    *method = "GET";
    char *target = line, *sp = strchr(line, ' ');
    if (sp) {
        *sp = '\0';
        *method = line;
        target = sp + 1;
    }
    char *qm = strchr(target, '?');
    if (qm)
        *qm = '\0';
    fake_set(qm ? qm + 1 : "", qm ? strlen(qm + 1) : 0, h, hn);
    fake_unescape(target);
    return strstr(target, "%00") ? NULL : target;
}

#endif
