/*
 * fuzz_encoding.c: libFuzzer target for format/encoding.h — the UTF-8 validator, the GB18030 /
 * GBK decoder and the display width — which the table reader's encoding sniffing rests on.
 *
 * Aborts (a finding) when:
 *   - po_encoding_utf8_valid_len() disagrees with a byte-at-a-time reference validator written
 *     here from RFC 3629 (the real one has an eight-bytes-at-a-time ASCII path);
 *   - decoding as GB18030 through a small output buffer (1..64 bytes, from the first input
 *     byte, so sequences are cut at every point) gives other bytes, another stop or another
 *     error than one call with a big buffer; or produces invalid UTF-8;
 *   - the display width is below the character count or above twice the byte count.
 * The auto-detection itself (UTF-8, BOM, GBK) is in po_table_read(): fuzz_table and fuzz_csv.
 */
#include <stdbool.h>

#include "format/encoding.h"
#include "fuzzutil.h"

/* RFC 3629 table: length of the longest valid prefix, one byte at a time. */
static size_t ref_valid(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t n;
        unsigned lo = 0x80, hi = 0xBF;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            n = 2;
        else if (c == 0xE0)
            n = 3, lo = 0xA0;
        else if (c >= 0xE1 && c <= 0xEC)
            n = 3;
        else if (c == 0xED)
            n = 3, hi = 0x9F;
        else if (c >= 0xEE && c <= 0xEF)
            n = 3;
        else if (c == 0xF0)
            n = 4, lo = 0x90;
        else if (c >= 0xF1 && c <= 0xF3)
            n = 4;
        else if (c == 0xF4)
            n = 4, hi = 0x8F;
        else
            return i;
        if (len - i < n || s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (size_t k = 2; k < n; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        i += n;
    }
    return len;
}

static size_t ref_chars(const unsigned char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        size_t v = ref_valid(s + i, len - i);
        if (v == 0) { /* an invalid byte counts one */
            n++;
            i++;
            continue;
        }
        for (size_t k = 0; k < v; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                n++;
        i += v;
    }
    return n;
}

struct decoded {
    char *out;
    size_t len;
    size_t stop; /* input bytes consumed */
    int rc;
};

static struct decoded decode(const char *charset, const char *in, size_t len, size_t cap)
{
    struct decoded r = { malloc(len * 4 + 8), 0, 0, 0 };
    struct po_decoder *d;
    struct po_err err = PO_ERR_INIT;
    if (!r.out || po_encoding_open(&d, charset, &err) != 0)
        abort();
    char *buf = malloc(cap);
    if (!buf)
        abort();
    while (r.stop < len) {
        size_t used = 0, produced = 0;
        int rc = po_encoding_decode(d, in + r.stop, len - r.stop, &used, buf, cap, &produced);
        if (produced > cap || used > len - r.stop)
            abort();
        memcpy(r.out + r.len, buf, produced);
        r.len += produced;
        r.stop += used;
        if (rc != 0) {
            if (rc != PO_EINVAL)
                abort();
            r.rc = rc;
            break;
        }
        if (used == 0 && produced == 0)
            abort(); /* no progress with room left: would loop forever in the reader */
    }
    free(buf);
    po_encoding_close(d);
    return r;
}

static void same(const struct decoded *a, const struct decoded *b)
{
    if (a->rc != b->rc || a->stop != b->stop || a->len != b->len ||
        memcmp(a->out, b->out, a->len) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t v = po_encoding_utf8_valid_len(s, size);
    if (v != ref_valid(data, size))
        abort();
    size_t w = po_encoding_display_width(s, size);
    if (w < ref_chars(data, size) || w > 2 * size)
        abort();

    size_t cap = size ? (size_t)(data[0] % 64) + 1 : 1;
    const char *charsets[] = { "GB18030", "GBK" };
    for (size_t c = 0; c < 2; c++) {
        struct decoded big = decode(charsets[c], s, size, size * 4 + 8);
        if (po_encoding_utf8_valid_len(big.out, big.len) != big.len)
            abort(); /* the decoder hands out UTF-8 only */
        if (big.rc == 0 && big.stop != size)
            abort();
        if (cap >= 4) { /* the smallest buffer that holds every UTF-8 character */
            struct decoded small = decode(charsets[c], s, size, cap);
            same(&big, &small);
            free(small.out);
        }
        free(big.out);
    }
    return 0;
}
