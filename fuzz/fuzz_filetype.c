/*
 * fuzz_filetype.c: libFuzzer target for file-type sniffing: format/filetype.h (what a case
 * attachment is, by content) and format/sniff.h (the formats the table readers refuse, the
 * loading of a data file).
 *
 * Input: a name length byte, the name (as an upload gives it), then the content.  Aborts (a
 * finding) when:
 *   - po_filetype_sniff() accepts a type outside PDF, JPEG, PNG, OFD, DOCX, XLSX and zip, accepts
 *     content that starts like an executable (ELF, MZ, Mach-O, "#!"), refuses without a reason,
 *     or lets the name pick the type of content that is not a zip;
 *   - po_sniff_refuse() refuses without both messages, or refuses a zip;
 *   - po_sniff_load() of the content written to a file gives other bytes back.
 */
#include <stdbool.h>

#include "format/filetype.h"
#include "format/sniff.h"
#include "fuzzutil.h"

static bool starts(const uint8_t *d, size_t n, const char *m, size_t mn)
{
    return n >= mn && memcmp(d, m, mn) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t nl = data[0] % 32;
    if (nl > size - 1)
        nl = size - 1;
    char *name = fuzz_cstr(data + 1, nl);
    const uint8_t *body = data + 1 + nl;
    size_t len = size - 1 - nl;

    const char *why = NULL;
    const char *mime = po_filetype_sniff(body, len, name, &why);
    bool exe = starts(body, len, "\x7f" "ELF", 4) || starts(body, len, "MZ", 2) ||
               starts(body, len, "#!", 2) || starts(body, len, "\xcf\xfa\xed\xfe", 4) ||
               starts(body, len, "\xfe\xed\xfa\xcf", 4) || starts(body, len, "\xca\xfe\xba\xbe", 4);
    bool zip = starts(body, len, "PK\x03\x04", 4);
    if (mime) {
        static const char *const ok[] = {
            "application/pdf", "image/jpeg", "image/png", "application/ofd", "application/zip",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        };
        bool known = false;
        for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
            known = known || !strcmp(mime, ok[i]);
        if (!known || exe || why)
            abort();
        if (!zip && strcmp(mime, po_filetype_sniff(body, len, "x.bin", &why)) != 0)
            abort(); /* the name only picks among zip containers */
    } else if (!why || !*why) {
        abort();
    }
    if (po_sniff_is_xlsx((const char *)body, len) != zip)
        abort();

    struct po_err err = PO_ERR_INIT;
    int rc = po_sniff_refuse((const char *)body, len, name, &err);
    fuzz_check_err(rc, &err);
    if (rc != 0 && zip)
        abort();

    const char *path = fuzz_tmpfile("filetype", body, len);
    if (path) {
        struct po_sniff_file f;
        struct po_err lerr = PO_ERR_INIT;
        rc = po_sniff_load(&f, path, "upload", &lerr);
        fuzz_check_err(rc, &lerr);
        if (rc == 0 && (f.len != len || (len && memcmp(f.data, body, len) != 0)))
            abort();
        if (rc == 0)
            po_sniff_unload(&f);
    }
    free(name);
    return 0;
}
