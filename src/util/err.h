/*
 * err.h: the error struct every fallible function fills.
 *
 * A function returns 0 on success or a negative PO_E* code, and fills *err
 * on failure only; on success *err is left untouched, so a run of calls can
 * be checked once.  Messages come in two languages because the people who
 * read them are Chinese-speaking bureau staff and English-speaking
 * operators: msg_zh and msg (English).  The fields are fixed arrays, so
 * reporting an error never allocates.
 *
 * Memory: a struct po_err is the caller's, usually on the stack (PO_ERR_INIT); the setters copy
 * and truncate into its arrays, and po_err_name returns static strings.  A fallible function
 * returns 0 or one of the codes below (a few pure helpers return -1 or a status enum instead, as
 * their headers say); each header names which codes its functions return and when.
 */
#ifndef PO_ERR_H
#define PO_ERR_H

#include <stdarg.h>
#include <stddef.h>

enum {
    PO_OK = 0,
    PO_EINVAL = -1,    /* bad input: the caller or the user can fix it */
    PO_ENOTFOUND = -2, /* the thing asked for does not exist */
    PO_ECONFLICT = -3, /* constraint or concurrent change */
    PO_EUNAVAIL = -4,  /* a resource is down or busy: retry may work */
    PO_ENOMEM = -5,    /* allocation failed */
    PO_EIO = -6,       /* file or socket error */
    PO_EINTERNAL = -7, /* a bug or a backend failure we cannot classify */
    PO_EPERM = -8,     /* not allowed */
    PO_ETHROTTLED = -9, /* too many attempts: wait before trying again (login throttle) */
};

struct po_err {
    int code;
    char msg[256];     /* English, short, lowercase, no trailing period */
    char msg_zh[256];  /* Chinese */
    char detail[512];  /* optional: full sentences */
    char hint[256];    /* optional: what the user can do */
    char context[256]; /* optional: "importing energy.csv" */
    int retry_after;   /* PO_ETHROTTLED: seconds to wait (0: unknown) */
};

#define PO_ERR_INIT { 0, "", "", "", "", "", 0 }

/*
 * Set code and both messages.  Both formats take the same arguments in the
 * same order.  Returns code (negative), so callers can write
 *     return po_err_set(err, PO_EINVAL, "…%s…", "bad %s", x);
 * err may be NULL.
 */
int po_err_set(struct po_err *err, int code, const char *fmt_zh, const char *fmt_en, ...)
    __attribute__((format(printf, 3, 5))) __attribute__((format(printf, 4, 5)));

int po_err_vset(struct po_err *err, int code, const char *fmt_zh, const char *fmt_en, va_list ap)
    __attribute__((format(printf, 3, 0))) __attribute__((format(printf, 4, 0)));

/* English-only message, with the Chinese copied from a generic phrase for code. */
int po_err_setf(struct po_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Prefix context ("importing x.csv: ") as the error propagates outward. */
void po_err_context(struct po_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A short English name of a code: "invalid input", "not found", ... */
const char *po_err_name(int code);

void po_err_clear(struct po_err *err);

#endif
