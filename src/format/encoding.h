/*
 * encoding.h: UTF-8 validation, legacy-encoding decoding and display width.
 *
 * The table reader needs three things from text encodings: a fast check
 * that a whole file is UTF-8 (it decides auto-detection and runs over the
 * 89 MB benchmark file, so it has an ASCII fast path), a streaming decoder
 * for the GBK / GB18030 files that Excel on a Chinese Windows writes (glibc
 * iconv), and the sheet writer wants the width a string takes in Excel,
 * where CJK characters count double.
 *
 * Thread-safety: the functions are pure, except that a struct po_decoder
 * belongs to one thread at a time.
 *
 * Memory: a decoder is the caller's (po_encoding_close()); decoded bytes go to the caller's
 * buffer.  Errors: po_encoding_open returns PO_EINVAL (unknown charset) or PO_ENOMEM;
 * po_encoding_decode PO_EINVAL without filling err; the length and width functions cannot fail.
 */
#ifndef PO_ENCODING_H
#define PO_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

struct po_err;

/*
 * Length of the longest prefix of s[0..len) that is well-formed UTF-8
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
 * Equals len when all of s is valid; a sequence cut off by the end of s
 * counts as invalid.  NUL bytes are valid.
 */
size_t po_encoding_utf8_valid_len(const char *s, size_t len);

/* A decoder from a legacy encoding to UTF-8.  Caller owns; free with po_encoding_close(). */
struct po_decoder;

/*
 * Open a decoder from the iconv charset from ("GB18030") to UTF-8.
 * Returns 0, or PO_EINVAL when the C library does not know the charset, or
 * PO_ENOMEM.
 */
int po_encoding_open(struct po_decoder **out, const char *from, struct po_err *err);

/*
 * Decode as much of in[0..in_len) as fits into out[0..out_cap).  On return
 * *in_used bytes of input were consumed and *out_len bytes produced.
 * Returns 0 when all input was consumed or out is full (call again with the
 * rest), or PO_EINVAL when the input at in + *in_used is not a valid
 * sequence: an invalid one, or one cut off by the end of in (the caller
 * holds the whole input, so a cut-off sequence is an error).  err is not
 * filled: the caller knows the file and the row to name.
 */
int po_encoding_decode(struct po_decoder *d, const char *in, size_t in_len, size_t *in_used,
                       char *out, size_t out_cap, size_t *out_len);

void po_encoding_close(struct po_decoder *d);

/*
 * Columns the UTF-8 text s[0..len) takes in a spreadsheet cell: one per
 * character, two for East Asian wide and full-width characters (CJK,
 * Hangul, full-width forms).  Invalid bytes count one each.
 */
size_t po_encoding_display_width(const char *s, size_t len);

#endif
