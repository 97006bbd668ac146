/*
 * decimal.h: exact fixed-point decimals (value × 10^6 in an int64).
 *
 * Figures arrive as decimal text and legal thresholds are compared exactly,
 * so they never pass through binary floating point.  Pure, thread-safe.
 *
 * Memory: none; results go to *out or the caller's buffer.  Errors: no po_err; a parse returns an
 * enum po_dec_status (PO_DEC_OK or why not), with po_dec_reason_en/_zh as the words for it.
 */
#ifndef PO_DECIMAL_H
#define PO_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PO_MICRO 1000000LL

enum po_dec_status {
    PO_DEC_OK = 0,
    PO_DEC_EMPTY,      /* empty or blank */
    PO_DEC_SYNTAX,     /* not a plain decimal number */
    PO_DEC_PRECISION,  /* more than 6 decimals (non-zero beyond the 6th) */
    PO_DEC_RANGE,      /* does not fit */
};

/*
 * Parse s[0..len) into *out (value × 10^6).  Accepts surrounding blanks, a
 * leading + or -, thousands separators "1,234,567.5" (groups of three
 * only), and trailing zeros beyond the 6th decimal ("0.1000000").  Rejects
 * exponents, currency signs, full-width digits, "1.", ".5" is accepted.
 */
enum po_dec_status po_dec_parse(int64_t *out, const char *s, size_t len);

/* The same at another scale: value × 10^digits (0 <= digits <= 18). */
enum po_dec_status po_dec_parse_scaled(int64_t *out, const char *s, size_t len, int digits);

/* Format v (× 10^6) as the shortest exact decimal: 1500000 → "1.5", -1 → "-0.000001". buf ≥ 32. */
size_t po_dec_format(char *buf, size_t n, int64_t v);

/* Parse a whole non-negative or negative integer (no decimals, no separators). */
enum po_dec_status po_int_parse(int64_t *out, const char *s, size_t len);

const char *po_dec_reason_en(enum po_dec_status st);
const char *po_dec_reason_zh(enum po_dec_status st);

#endif
