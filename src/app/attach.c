/*
 * attach.c: attachments by content (attach.h).
 *
 * Judging by magic bytes rather than by extension is the point: a renamed
 * executable must not reach the case file as "order.pdf".
 */
#include "app/attach.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
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

const char *po_attach_sniff(const unsigned char *data, size_t len, const char *name,
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

static int read_all(unsigned char **out, size_t *len, const char *path, struct po_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return po_err_set(err, PO_EIO, "无法打开附件 %s", "cannot open attachment %s", path);
    size_t cap = PO_ATTACH_MAX + 1;
    unsigned char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    size_t n = fread(buf, 1, cap, f);
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        free(buf);
        return po_err_set(err, PO_EIO, "读取附件 %s 失败", "cannot read attachment %s", path);
    }
    if (n > PO_ATTACH_MAX) {
        free(buf);
        return po_err_set(err, PO_EINVAL, "附件 %s 超过 %u MiB 上限",
                          "attachment %s is larger than the limit of %u MiB", path,
                          PO_ATTACH_MAX / 1024u / 1024u);
    }
    *out = buf;
    *len = n;
    return 0;
}

int po_attach_store(char sha[PO_AUDIT_HEX], struct po_store *st, const char *path,
                    struct po_err *err)
{
    unsigned char *data = NULL;
    size_t len = 0;
    if (sodium_init() < 0)
        return po_err_set(err, PO_EINTERNAL, "libsodium 初始化失败", "libsodium failed to start");
    int rc = read_all(&data, &len, path, err);
    if (rc < 0)
        return rc;
    const char *why = "";
    const char *mime = po_attach_sniff(data, len, path, &why);
    if (!mime) {
        free(data);
        if (strcmp(why, "an executable") == 0)
            return po_err_set(err, PO_EINVAL, "附件 %s 被拒绝：按内容判断为可执行文件",
                              "attachment %s refused: by its content an executable", path);
        return po_err_set(err, PO_EINVAL,
                          "附件 %s 被拒绝：内容类型未知（接受 PDF、JPEG、PNG、OFD、DOCX、XLSX）",
                          "attachment %s refused: unknown type by its content (PDF, JPEG, PNG, "
                          "OFD, DOCX, XLSX accepted)",
                          path);
    }
    po_audit_sha256_hex(sha, data, len);
    size_t b64len = sodium_base64_encoded_len(len, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = malloc(b64len);
    if (!b64) {
        free(data);
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    sodium_bin2base64(b64, b64len, data, len, sodium_base64_VARIANT_ORIGINAL);
    free(data);
    struct po_value v[4] = { po_vtext(sha), po_vint((int64_t)len), po_vtext(mime), po_vtext(b64) };
    rc = po_store_run(st,
                      "INSERT INTO attachment_blob(sha256, size, mime, content) VALUES (?, ?, ?, ?)"
                      " ON CONFLICT(sha256) DO NOTHING",
                      v, 4, err);
    free(b64);
    return rc;
}
