/*
 * encoding.c: UTF-8 validation, GB18030 decoding through iconv, display width.
 *
 * The validator reads eight bytes at a time while they are ASCII, which is
 * nearly all of a typical energy CSV (codes, years, numbers), and checks
 * multi-byte sequences by hand against RFC 3629 table 3-7 ranges.  A
 * lookup-table DFA would be as fast on CJK text but slower on ASCII.
 */
#include "format/encoding.h"
#include "util/err.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HIGH_BITS UINT64_C(0x8080808080808080)

/* Length of the valid sequence starting at s[0] (a non-ASCII lead byte), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        else if (c == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        else if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else {
        return 0;
    }
    if (avail < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

size_t po_encoding_utf8_valid_len(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        if (len - i >= 8) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (!(w & HIGH_BITS)) {
                i += 8;
                continue;
            }
        }
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_seq(s + i, len - i);
        if (!n)
            return i;
        i += n;
    }
    return len;
}

struct po_decoder {
    iconv_t cd;
};

int po_encoding_open(struct po_decoder **out, const char *from, struct po_err *err)
{
    *out = NULL;
    struct po_decoder *d = malloc(sizeof(*d));
    if (!d)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    d->cd = iconv_open("UTF-8", from);
    if (d->cd == (iconv_t)-1) {
        free(d);
        return po_err_set(err, PO_EINVAL, "系统不支持字符编码 %s", "encoding %s is not supported",
                          from);
    }
    *out = d;
    return 0;
}

int po_encoding_decode(struct po_decoder *d, const char *in, size_t in_len, size_t *in_used,
                       char *out, size_t out_cap, size_t *out_len)
{
    char *ip = (char *)in; /* iconv's prototype is not const-correct */
    char *op = out;
    size_t il = in_len, ol = out_cap;
    size_t r = iconv(d->cd, &ip, &il, &op, &ol);
    int saved = errno;
    *in_used = (size_t)(ip - in);
    *out_len = (size_t)(op - out);
    if (r != (size_t)-1 || saved == E2BIG)
        return 0;
    iconv(d->cd, NULL, NULL, NULL, NULL); /* reset the shift state after an error */
    return PO_EINVAL; /* EILSEQ, or EINVAL: a sequence cut off by the end of the input */
}

void po_encoding_close(struct po_decoder *d)
{
    if (!d)
        return;
    iconv_close(d->cd);
    free(d);
}

/* East Asian Wide and Fullwidth ranges (Unicode UAX #11), the ones met in practice. */
static bool is_wide(uint32_t cp)
{
    static const struct {
        uint32_t lo, hi;
    } wide[] = {
        { 0x1100, 0x115F },   { 0x2E80, 0x303E }, { 0x3041, 0x33FF }, { 0x3400, 0x4DBF },
        { 0x4E00, 0x9FFF },   { 0xA000, 0xA4CF }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF },
        { 0xFE30, 0xFE4F },   { 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 }, { 0x20000, 0x2FFFD },
        { 0x30000, 0x3FFFD },
    };
    for (size_t i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
        if (cp >= wide[i].lo && cp <= wide[i].hi)
            return true;
    return false;
}

size_t po_encoding_display_width(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t w = 0, i = 0;
    while (i < len) {
        size_t n = s[i] < 0x80 ? 1 : utf8_seq(s + i, len - i);
        if (n <= 1) {
            w++;
            i++;
            continue;
        }
        uint32_t cp = (uint32_t)(s[i] & (0xFF >> (n + 1)));
        for (size_t k = 1; k < n; k++)
            cp = (cp << 6) | (uint32_t)(s[i + k] & 0x3F);
        w += is_wide(cp) ? 2 : 1;
        i += n;
    }
    return w;
}
