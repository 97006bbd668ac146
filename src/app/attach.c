/*
 * attach.c: attachments by content (attach.h); the type is judged by
 * format/filetype.c.
 */
#include "app/attach.h"
#include "format/filetype.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t po_attach_max_bytes(const struct po_city_params *cp)
{
    return (size_t)cp->attachment_max_mib * 1024u * 1024u;
}

static int read_all(unsigned char **out, size_t *len, const char *path, size_t max,
                    struct po_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return po_err_set(err, PO_EIO, "无法打开附件 %s", "cannot open attachment %s", path);
    size_t cap = max + 1;
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
    if (n > max) {
        free(buf);
        return po_err_set(err, PO_EINVAL, "附件 %s 超过 %zu MiB 上限",
                          "attachment %s is larger than the limit of %zu MiB", path,
                          max / 1024u / 1024u);
    }
    *out = buf;
    *len = n;
    return 0;
}

int po_attach_store(char sha[PO_AUDIT_HEX], struct po_store *st, const char *path, size_t max_bytes,
                    struct po_err *err)
{
    unsigned char *data = NULL;
    size_t len = 0;
    if (sodium_init() < 0)
        return po_err_set(err, PO_EINTERNAL, "libsodium 初始化失败", "libsodium failed to start");
    int rc = read_all(&data, &len, path, max_bytes, err);
    if (rc < 0)
        return rc;
    const char *why = "";
    const char *mime = po_filetype_sniff(data, len, path, &why);
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
