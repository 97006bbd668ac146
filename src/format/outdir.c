/* outdir.c: result files, written whole under a temporary name and renamed. */
#include "format/outdir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int po_outdir_make(const char *dir, struct po_err *err)
{
    struct stat st;
    if (mkdir(dir, 0777) == 0)
        return 0;
    if (errno == EEXIST && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return 0;
    return po_err_set(err, PO_EIO, "无法创建输出目录 %s：%s",
                      "cannot create the output folder %s: %s", dir,
                      strerror(errno == EEXIST ? ENOTDIR : errno));
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int po_outdir_write(const char *dir, const char *name, const char *data, size_t len,
                    struct po_err *err)
{
    char path[4096], tmp[4096 + 16];
    if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
        return po_err_set(err, PO_EINVAL, "路径过长：%s", "path too long: %s", dir);
    snprintf(tmp, sizeof(tmp), "%s.tmp%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return po_err_set(err, PO_EIO, "无法写入 %s：%s", "cannot write %s: %s", path,
                          strerror(errno));
    int rc = write_all(fd, data, len);
    int e = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        e = errno;
    }
    if (rc == 0 && rename(tmp, path) != 0) {
        rc = -1;
        e = errno;
    }
    if (rc) {
        unlink(tmp);
        return po_err_set(err, PO_EIO, "无法写入 %s：%s", "cannot write %s: %s", path, strerror(e));
    }
    return 0;
}
