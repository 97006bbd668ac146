/*
 * buf.h: growable byte string (git's strbuf, with SQLite's sticky errors).
 *
 * Invariants: buf is never NULL and always NUL-terminated; len excludes the
 * NUL.  Errors are sticky: once an append fails, failed is set and further
 * appends do nothing, so a long run of appends is checked once with
 * po_buf_failed().  With arena set the storage comes from the arena and is
 * never freed individually; otherwise from malloc, released by
 * po_buf_release().
 *
 * Memory: po_buf_detach hands the storage to the caller (free() it unless it came from an arena);
 * a struct po_str borrows its bytes and owns nothing.  Errors: appends never return one; check
 * po_buf_failed() once at the end (an allocation failed: PO_ENOMEM to the caller).
 */
#ifndef PO_BUF_H
#define PO_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct po_arena;

struct po_buf {
    char *buf;
    size_t len, cap;
    bool failed;
    struct po_arena *arena;
};

extern char po_buf_empty[];
#define PO_BUF_INIT { po_buf_empty, 0, 0, false, NULL }
#define PO_BUF_ARENA(a) { po_buf_empty, 0, 0, false, (a) }

/* A slice of bytes that is not owned (nginx's ngx_str_t). */
struct po_str {
    const char *ptr;
    size_t len;
};

void po_buf_grow(struct po_buf *b, size_t extra);
void po_buf_add(struct po_buf *b, const void *data, size_t len);
void po_buf_adds(struct po_buf *b, const char *s);
void po_buf_addch(struct po_buf *b, char c);
void po_buf_addf(struct po_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void po_buf_vaddf(struct po_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Empty the string, keeping its storage. */
void po_buf_reset(struct po_buf *b);
/* Free malloc storage and return to PO_BUF_INIT. */
void po_buf_release(struct po_buf *b);
/* Take ownership of the storage (malloc'd, or arena memory). NULL if failed. */
char *po_buf_detach(struct po_buf *b, size_t *len);
bool po_buf_failed(const struct po_buf *b);

/* Slices */
bool po_str_eq(struct po_str s, const char *lit);
bool po_str_eq_nocase(struct po_str s, const char *lit);
struct po_str po_str_trim(struct po_str s);
struct po_str po_str_c(const char *s);

#endif
