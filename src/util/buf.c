/* buf.c: growable strings and slices. */
#include "util/buf.h"
#include "util/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

char po_buf_empty[1];

void po_buf_grow(struct po_buf *b, size_t extra)
{
    if (b->failed)
        return;
    if (extra > SIZE_MAX - b->len - 1) {
        b->failed = true;
        return;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p;
    if (b->arena)
        p = po_arena_realloc(b->arena, b->cap ? b->buf : NULL, b->cap ? b->len + 1 : 0, cap);
    else
        p = realloc(b->cap ? b->buf : NULL, cap);
    if (!p) {
        b->failed = true;
        return;
    }
    if (!b->cap)
        p[0] = '\0';
    b->buf = p;
    b->cap = cap;
}

void po_buf_add(struct po_buf *b, const void *data, size_t len)
{
    po_buf_grow(b, len);
    if (b->failed)
        return;
    memcpy(b->buf + b->len, data, len);
    b->len += len;
    b->buf[b->len] = '\0';
}

void po_buf_adds(struct po_buf *b, const char *s)
{
    po_buf_add(b, s, strlen(s));
}

void po_buf_addch(struct po_buf *b, char c)
{
    po_buf_add(b, &c, 1);
}

void po_buf_vaddf(struct po_buf *b, const char *fmt, va_list ap)
{
    if (b->failed)
        return;
    va_list ap2;
    va_copy(ap2, ap);
    char tmp[256];
    int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    if (n < 0) {
        b->failed = true;
    } else if ((size_t)n < sizeof(tmp)) {
        po_buf_add(b, tmp, (size_t)n);
    } else {
        po_buf_grow(b, (size_t)n);
        if (!b->failed) {
            vsnprintf(b->buf + b->len, (size_t)n + 1, fmt, ap2);
            b->len += (size_t)n;
        }
    }
    va_end(ap2);
}

void po_buf_addf(struct po_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    po_buf_vaddf(b, fmt, ap);
    va_end(ap);
}

void po_buf_reset(struct po_buf *b)
{
    b->len = 0;
    if (b->cap)
        b->buf[0] = '\0';
    b->failed = false;
}

void po_buf_release(struct po_buf *b)
{
    if (b->cap && !b->arena)
        free(b->buf);
    b->buf = po_buf_empty;
    b->len = b->cap = 0;
    b->failed = false;
}

char *po_buf_detach(struct po_buf *b, size_t *len)
{
    if (b->failed)
        return NULL;
    char *p;
    if (!b->cap) {
        p = b->arena ? po_arena_strdup(b->arena, "") : strdup("");
    } else {
        p = b->buf;
    }
    if (len)
        *len = b->len;
    b->buf = po_buf_empty;
    b->len = b->cap = 0;
    return p;
}

bool po_buf_failed(const struct po_buf *b)
{
    return b->failed;
}

bool po_str_eq(struct po_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && memcmp(s.ptr, lit, n) == 0;
}

bool po_str_eq_nocase(struct po_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && strncasecmp(s.ptr, lit, n) == 0;
}

struct po_str po_str_trim(struct po_str s)
{
    while (s.len && (s.ptr[0] == ' ' || s.ptr[0] == '\t' || s.ptr[0] == '\r' || s.ptr[0] == '\n')) {
        s.ptr++;
        s.len--;
    }
    while (s.len && (s.ptr[s.len - 1] == ' ' || s.ptr[s.len - 1] == '\t' ||
                     s.ptr[s.len - 1] == '\r' || s.ptr[s.len - 1] == '\n'))
        s.len--;
    return s;
}

struct po_str po_str_c(const char *s)
{
    struct po_str r = { s, strlen(s) };
    return r;
}
