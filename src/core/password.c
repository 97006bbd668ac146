/* password.c: the password policy (password.h). */
#include "core/password.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Whether hay contains needle, ASCII case-insensitively (bytes >= 0x80 compare as they are). */
static bool contains_nocase(const char *hay, const char *needle)
{
    size_t hn = strlen(hay), nn = strlen(needle);
    for (size_t i = 0; nn <= hn && i <= hn - nn; i++) {
        size_t k = 0;
        while (k < nn && lower((unsigned char)hay[i + k]) == lower((unsigned char)needle[k]))
            k++;
        if (k == nn)
            return true;
    }
    return false;
}

int po_password_check(const char *password, const char *username, struct po_err *err)
{
    if (!password)
        return po_err_set(err, PO_EINVAL, "缺少密码", "no password given");
    size_t bytes = strlen(password), chars = 0;
    bool lo = false, up = false, digit = false, other = false;
    for (const unsigned char *p = (const unsigned char *)password; *p; p++) {
        if ((*p & 0xC0) != 0x80) /* not a UTF-8 continuation byte: a new character */
            chars++;
        if (*p >= 'a' && *p <= 'z')
            lo = true;
        else if (*p >= 'A' && *p <= 'Z')
            up = true;
        else if (*p >= '0' && *p <= '9')
            digit = true;
        else
            other = true;
    }
    if (chars < PO_PASSWORD_MIN_CHARS)
        return po_err_set(err, PO_EINVAL, "密码太短：至少 %d 个字符，现为 %zu 个",
                          "password too short: at least %d characters, got %zu",
                          PO_PASSWORD_MIN_CHARS, chars);
    if (bytes > PO_PASSWORD_MAX_BYTES)
        return po_err_set(err, PO_EINVAL, "密码太长：至多 %d 字节，现为 %zu 字节",
                          "password too long: at most %d bytes, got %zu", PO_PASSWORD_MAX_BYTES,
                          bytes);
    int classes = (int)lo + (int)up + (int)digit + (int)other;
    if (classes < 3)
        return po_err_set(err, PO_EINVAL,
                          "密码须包含小写字母、大写字母、数字、其他符号中的至少 3 类，现为 %d 类",
                          "password needs at least 3 of: lower case, upper case, digits, other "
                          "characters; it has %d",
                          classes);
    if (username && username[0] && contains_nocase(password, username))
        return po_err_set(err, PO_EINVAL, "密码不得包含用户名",
                          "password must not contain the username");
    return 0;
}
