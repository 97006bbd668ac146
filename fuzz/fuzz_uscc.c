/*
 * fuzz_uscc.c: libFuzzer target for core/uscc.h, the check of a unified social credit code as
 * every import row, API path and form field gives it.
 *
 * Aborts (a finding) when po_uscc_check() says OK for a code that the definition in GB
 * 32100-2015, computed independently here (charset, 3^i mod 31 weights), rejects or the other
 * way round; when the bad position or the expected check character is wrong; when
 * po_uscc_check_char() / po_uscc_org_check_char() read beyond their 17 / 8 characters or
 * disagree; or when a reason is missing in either language.
 */
#include <stdbool.h>

#include "core/uscc.h"
#include "fuzzutil.h"

static const char charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int val(unsigned char c)
{
    const char *p = c ? strchr(charset, c) : NULL;
    return p ? (int)(p - charset) : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    size_t bad = 99;
    char expected = 0;
    enum po_uscc_status st = po_uscc_check(s, size, &bad, &expected);
    if (!*po_uscc_reason_en(st) || !*po_uscc_reason_zh(st))
        abort();
    enum po_uscc_status want = PO_USCC_OK;
    size_t want_bad = 99;
    char want_exp = 0;
    if (size != 18) {
        want = PO_USCC_BAD_LENGTH;
    } else {
        for (size_t i = 0; i < 18 && want == PO_USCC_OK; i++)
            if (val(data[i]) < 0)
                want = PO_USCC_BAD_CHAR, want_bad = i;
        if (want == PO_USCC_OK) {
            int sum = 0, w = 1;
            for (size_t i = 0; i < 17; i++, w = w * 3 % 31)
                sum += val(data[i]) * w;
            want_exp = charset[(31 - sum % 31) % 31];
            if (want_exp != s[17])
                want = PO_USCC_BAD_CHECK;
        }
    }
    if (st != want || (st == PO_USCC_BAD_CHAR && bad != want_bad) ||
        (st == PO_USCC_BAD_CHECK && expected != want_exp))
        abort();

    /* the check-character helpers get exactly 17 / 8 bytes on the heap, so ASan sees overreads */
    if (size >= 17) {
        char *body = malloc(17);
        memcpy(body, s, 17);
        char c = po_uscc_check_char(body);
        bool ok = true;
        for (size_t i = 0; i < 17; i++)
            ok = ok && val(data[i]) >= 0;
        if ((c != 0) != ok || (ok && size == 18 && (c == s[17]) != (st == PO_USCC_OK)))
            abort();
        free(body);
    }
    if (size >= 8) {
        char *org = malloc(8);
        memcpy(org, s, 8);
        (void)po_uscc_org_check_char(org);
        free(org);
    }
    return 0;
}
