/*
 * sniff.c: load a data file (mapped, or read whole) and refuse formats by their first bytes.
 *
 * Mapped, not read: the benchmark imports an 89 MB CSV and ranks from
 * files of millions of rows, so the common path never copies the file.
 */
#include "format/sniff.h"
#include "util/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Pipes and other files that cannot be mapped are read whole. */
static int read_all(struct po_sniff_file *f, int fd, const char *name, struct po_err *err)
{
    struct po_buf b = PO_BUF_INIT;
    for (;;) {
        po_buf_grow(&b, 1 << 16);
        if (po_buf_failed(&b))
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
        ssize_t n = read(fd, b.buf + b.len, b.cap - b.len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            po_buf_release(&b);
            return po_err_set(err, PO_EIO, "无法读取 %s：%s", "cannot read %s: %s", name,
                              strerror(e));
        }
        if (n == 0)
            break;
        b.len += (size_t)n;
    }
    f->heap = po_buf_detach(&b, &f->len);
    f->data = f->heap;
    return 0;
}

static int map_file(struct po_sniff_file *f, int fd, const char *name, struct po_err *err)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return po_err_set(err, PO_EIO, "无法读取 %s：%s", "cannot read %s: %s", name,
                          strerror(errno));
    if (S_ISDIR(st.st_mode))
        return po_err_set(err, PO_EIO, "%s 是目录，不是文件", "%s is a directory", name);
    if (!S_ISREG(st.st_mode) || st.st_size == 0)
        return read_all(f, fd, name, err);
    if ((uint64_t)st.st_size > SIZE_MAX)
        return po_err_set(err, PO_EINVAL, "%s 太大", "%s is too large", name);
    f->len = (size_t)st.st_size;
    f->map = mmap(NULL, f->len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (f->map == MAP_FAILED) {
        f->map = NULL;
        f->len = 0;
        return read_all(f, fd, name, err);
    }
    madvise(f->map, f->len, MADV_SEQUENTIAL);
    f->data = f->map;
    return 0;
}

int po_sniff_load(struct po_sniff_file *out, const char *path, const char *name, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return po_err_set(err, PO_EIO, "无法打开 %s：%s", "cannot open %s: %s", name,
                          strerror(errno));
    int rc = map_file(out, fd, name, err);
    close(fd);
    if (rc)
        memset(out, 0, sizeof(*out));
    return rc;
}

void po_sniff_unload(struct po_sniff_file *f)
{
    if (f->map)
        munmap(f->map, f->len);
    free(f->heap);
    memset(f, 0, sizeof(*f));
}

bool po_sniff_is_xlsx(const char *data, size_t len)
{
    return len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0;
}

int po_sniff_refuse(const char *data, size_t len, const char *name, struct po_err *err)
{
    const unsigned char *s = (const unsigned char *)data;
    if (len >= 4 && s[0] == 0xD0 && s[1] == 0xCF && s[2] == 0x11 && s[3] == 0xE0)
        return po_err_set(
            err, PO_EINVAL,
            "%s 是旧版 .xls 格式（或加密的工作簿），不支持；请在 Excel 中另存为 .xlsx 或 CSV",
            "%s: old .xls format (or a password-protected workbook) not supported, "
            "save as .xlsx or CSV",
            name);
    if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
        return po_err_set(err, PO_EINVAL,
                          "%s 是 UTF-16（Unicode 文本），不支持；请另存为“CSV UTF-8”",
                          "%s: UTF-16 (Unicode text) not supported, save as \"CSV UTF-8\"", name);
    /* A NUL byte is never text: every consumer keeps cells as C strings, so "name\0tail" would
     * be stored as "name" without a word (found by fuzz/fuzz_calendar.c). */
    const char *nul = po_sniff_is_xlsx(data, len) ? NULL : memchr(data, 0, len);
    if (nul)
        return po_err_set(err, PO_EINVAL,
                          "%s 第 %zu 字节处有 NUL 字节，不是文本文件；请另存为“CSV UTF-8”",
                          "%s: a NUL byte at byte offset %zu: not a text file, save as \"CSV UTF-8\"",
                          name, (size_t)(nul - data));
    return 0;
}
