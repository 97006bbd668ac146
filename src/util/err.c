/* err.c: filling struct po_err. */
#include "util/err.h"

#include <stdio.h>
#include <string.h>

static const struct {
    int code;
    const char *en;
    const char *zh;
} names[] = {
    { PO_OK, "ok", "成功" },
    { PO_EINVAL, "invalid input", "输入无效" },
    { PO_ENOTFOUND, "not found", "未找到" },
    { PO_ECONFLICT, "conflict", "冲突" },
    { PO_EUNAVAIL, "unavailable", "暂不可用" },
    { PO_ENOMEM, "out of memory", "内存不足" },
    { PO_EIO, "i/o error", "读写错误" },
    { PO_EINTERNAL, "internal error", "内部错误" },
    { PO_EPERM, "permission denied", "无权操作" },
    { PO_ETHROTTLED, "too many attempts", "尝试次数过多" },
};

const char *po_err_name(int code)
{
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].code == code)
            return names[i].en;
    return "error";
}

static const char *name_zh(int code)
{
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].code == code)
            return names[i].zh;
    return "错误";
}

int po_err_vset(struct po_err *err, int code, const char *fmt_zh, const char *fmt_en, va_list ap)
{
    if (!err)
        return code;
    va_list ap2;
    va_copy(ap2, ap);
    memset(err, 0, sizeof(*err));
    err->code = code;
    vsnprintf(err->msg_zh, sizeof(err->msg_zh), fmt_zh, ap);
    vsnprintf(err->msg, sizeof(err->msg), fmt_en, ap2);
    va_end(ap2);
    return code;
}

int po_err_set(struct po_err *err, int code, const char *fmt_zh, const char *fmt_en, ...)
{
    va_list ap;
    va_start(ap, fmt_en);
    po_err_vset(err, code, fmt_zh, fmt_en, ap);
    va_end(ap);
    return code;
}

int po_err_setf(struct po_err *err, int code, const char *fmt, ...)
{
    if (!err)
        return code;
    va_list ap;
    va_start(ap, fmt);
    memset(err, 0, sizeof(*err));
    err->code = code;
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    snprintf(err->msg_zh, sizeof(err->msg_zh), "%s：%s", name_zh(code), err->msg);
    return code;
}

void po_err_context(struct po_err *err, const char *fmt, ...)
{
    if (!err)
        return;
    char add[256], old[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(add, sizeof(add), fmt, ap);
    va_end(ap);
    memcpy(old, err->context, sizeof(old));
    if (old[0])
        snprintf(err->context, sizeof(err->context), "%s: %s", add, old);
    else
        snprintf(err->context, sizeof(err->context), "%s", add);
}

void po_err_clear(struct po_err *err)
{
    if (err)
        memset(err, 0, sizeof(*err));
}
