/* decimal.c: exact decimal text <-> int64 × 10^6. */
#include "core/decimal.h"

#include <stdio.h>

static bool blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

enum po_dec_status po_dec_parse_scaled(int64_t *out, const char *s, size_t len, int digits)
{
    size_t i = 0, end = len;
    while (i < end && blank(s[i]))
        i++;
    while (end > i && blank(s[end - 1]))
        end--;
    if (i == end)
        return PO_DEC_EMPTY;
    bool neg = false;
    if (s[i] == '+' || s[i] == '-') {
        neg = s[i] == '-';
        i++;
    }
    uint64_t ip = 0;
    size_t ndig = 0, group = 0;
    bool seen_sep = false;
    for (; i < end && s[i] != '.'; i++) {
        char c = s[i];
        if (c == ',') {
            /* a separator needs 1-3 digits before the first and exactly 3 between */
            if (ndig == 0 || (seen_sep ? group != 3 : group > 3))
                return PO_DEC_SYNTAX;
            seen_sep = true;
            group = 0;
            continue;
        }
        if (c < '0' || c > '9')
            return PO_DEC_SYNTAX;
        if (ip > (uint64_t)INT64_MAX / 10)
            return PO_DEC_RANGE;
        ip = ip * 10 + (uint64_t)(c - '0');
        ndig++;
        group++;
    }
    if (seen_sep && group != 3)
        return PO_DEC_SYNTAX;
    uint64_t frac = 0;
    size_t nfrac = 0;
    if (i < end) { /* s[i] == '.' */
        i++;
        if (i == end && ndig == 0)
            return PO_DEC_SYNTAX;
        for (; i < end; i++) {
            char c = s[i];
            if (c < '0' || c > '9')
                return PO_DEC_SYNTAX;
            if (nfrac < (size_t)digits) {
                frac = frac * 10 + (uint64_t)(c - '0');
            } else if (c != '0') {
                return PO_DEC_PRECISION;
            }
            nfrac++;
            ndig++;
        }
    }
    if (ndig == 0)
        return PO_DEC_SYNTAX;
    uint64_t scale = 1;
    for (int k = 0; k < digits; k++)
        scale *= 10;
    for (size_t k = nfrac < (size_t)digits ? nfrac : (size_t)digits; k < (size_t)digits; k++)
        frac *= 10;
    if (ip > (uint64_t)INT64_MAX / scale)
        return PO_DEC_RANGE;
    uint64_t v = ip * scale + frac;
    if (v > (uint64_t)INT64_MAX)
        return PO_DEC_RANGE;
    *out = neg ? -(int64_t)v : (int64_t)v;
    return PO_DEC_OK;
}

enum po_dec_status po_dec_parse(int64_t *out, const char *s, size_t len)
{
    return po_dec_parse_scaled(out, s, len, 6);
}

enum po_dec_status po_int_parse(int64_t *out, const char *s, size_t len)
{
    int64_t v;
    enum po_dec_status st = po_dec_parse(&v, s, len);
    if (st != PO_DEC_OK)
        return st;
    if (v % PO_MICRO != 0)
        return PO_DEC_SYNTAX;
    for (size_t i = 0; i < len; i++)
        if (s[i] == ',')
            return PO_DEC_SYNTAX;
    *out = v / PO_MICRO;
    return PO_DEC_OK;
}

size_t po_dec_format(char *buf, size_t n, int64_t v)
{
    uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t ip = a / (uint64_t)PO_MICRO, fp = a % (uint64_t)PO_MICRO;
    int w = snprintf(buf, n, "%s%llu", v < 0 ? "-" : "", (unsigned long long)ip);
    if (w < 0 || (size_t)w >= n)
        return 0;
    if (fp) {
        char f[8];
        snprintf(f, sizeof(f), "%06llu", (unsigned long long)fp);
        int k = 6;
        while (k > 0 && f[k - 1] == '0')
            k--;
        f[k] = '\0';
        int w2 = snprintf(buf + w, n - (size_t)w, ".%s", f);
        if (w2 < 0 || (size_t)(w + w2) >= n)
            return 0;
        w += w2;
    }
    return (size_t)w;
}

const char *po_dec_reason_en(enum po_dec_status st)
{
    switch (st) {
    case PO_DEC_OK:
        return "ok";
    case PO_DEC_EMPTY:
        return "a number is required";
    case PO_DEC_SYNTAX:
        return "not a number (plain decimal expected, e.g. 1234.5)";
    case PO_DEC_PRECISION:
        return "more than 6 decimal places";
    case PO_DEC_RANGE:
        return "number too large";
    }
    return "invalid number";
}

const char *po_dec_reason_zh(enum po_dec_status st)
{
    switch (st) {
    case PO_DEC_OK:
        return "正确";
    case PO_DEC_EMPTY:
        return "必须填写数值";
    case PO_DEC_SYNTAX:
        return "不是有效数字（应为普通小数，如 1234.5）";
    case PO_DEC_PRECISION:
        return "小数位数超过6位";
    case PO_DEC_RANGE:
        return "数值过大";
    }
    return "数值无效";
}
