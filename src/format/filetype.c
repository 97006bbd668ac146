/*
 * filetype.c: a document's type by its first bytes (filetype.h).
 *
 * Judging by magic bytes rather than by extension is the point: a renamed
 * executable must not reach the case file as "order.pdf".
 */
#include "format/filetype.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

static bool starts(const unsigned char *d, size_t len, const char *magic, size_t n)
{
    return len >= n && memcmp(d, magic, n) == 0;
}

static bool ends_with(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n >= e && strcasecmp(name + n - e, ext) == 0;
}

static const struct {
    const char *magic;
    size_t n;
    const char *mime; /* NULL: refused */
} magics[] = {
    { "%PDF-", 5, "application/pdf" },
    { "\xff\xd8\xff", 3, "image/jpeg" },
    { "\x89PNG\r\n\x1a\n", 8, "image/png" },
    { "\x7f"
      "ELF",
      4, NULL },
    { "MZ", 2, NULL },
    { "#!", 2, NULL },
    { "\xcf\xfa\xed\xfe", 4, NULL },
    { "\xfe\xed\xfa\xcf", 4, NULL },
    { "\xca\xfe\xba\xbe", 4, NULL },
};

const char *po_filetype_sniff(const unsigned char *data, size_t len, const char *name,
                              const char **why)
{
    for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++) {
        if (!starts(data, len, magics[i].magic, magics[i].n))
            continue;
        if (!magics[i].mime)
            *why = "an executable";
        return magics[i].mime;
    }
    if (starts(data, len, "PK\x03\x04", 4)) {
        if (ends_with(name, ".ofd"))
            return "application/ofd";
        if (ends_with(name, ".docx"))
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
        if (ends_with(name, ".xlsx"))
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        return "application/zip";
    }
    *why = "an unknown type";
    return NULL;
}
