/*
 * uscc.c: GB 32100-2015 check character.
 *
 * Charset and weights are from GB 32100-2015 clause 4 and Annex B: the
 * value of a character is its index in USCC_CHARS; weight of position i
 * (1-based) is 3^(i-1) mod 31; check = 31 - (sum mod 31), where 31 maps to
 * '0'.  Cross-checked against python-stdnum cn/uscc.py and the benchmark
 * generator (shared/bench/gen.py).
 */
#include "core/uscc.h"

static const char USCC_CHARS[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int USCC_W[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
static const int ORG_W[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };

static int value_of(char c)
{
    for (int i = 0; USCC_CHARS[i]; i++)
        if (USCC_CHARS[i] == c)
            return i;
    return -1;
}

char po_uscc_check_char(const char *body17)
{
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        int v = value_of(body17[i]);
        if (v < 0)
            return '\0';
        sum += v * USCC_W[i];
    }
    int c = 31 - sum % 31;
    return USCC_CHARS[c == 31 ? 0 : c];
}

char po_uscc_org_check_char(const char *body8)
{
    int sum = 0;
    for (int i = 0; i < 8; i++) {
        char ch = body8[i];
        int v;
        if (ch >= '0' && ch <= '9')
            v = ch - '0';
        else if (ch >= 'A' && ch <= 'Z')
            v = ch - 'A' + 10;
        else
            return '\0';
        sum += v * ORG_W[i];
    }
    int c = 11 - sum % 11;
    if (c == 10)
        return 'X';
    if (c == 11)
        return '0';
    return (char)('0' + c);
}

enum po_uscc_status po_uscc_check(const char *code, size_t len, size_t *bad_pos, char *expected)
{
    if (len != 18)
        return PO_USCC_BAD_LENGTH;
    for (size_t i = 0; i < 18; i++) {
        if (value_of(code[i]) < 0) {
            if (bad_pos)
                *bad_pos = i;
            return PO_USCC_BAD_CHAR;
        }
    }
    char want = po_uscc_check_char(code);
    if (want != code[17]) {
        if (expected)
            *expected = want;
        return PO_USCC_BAD_CHECK;
    }
    return PO_USCC_OK;
}

const char *po_uscc_reason_en(enum po_uscc_status st)
{
    switch (st) {
    case PO_USCC_OK:
        return "valid";
    case PO_USCC_BAD_LENGTH:
        return "a unified social credit code has 18 characters";
    case PO_USCC_BAD_CHAR:
        return "character not allowed (only 0-9 and upper-case A-Y without I, O, S, V, Z)";
    case PO_USCC_BAD_CHECK:
        return "check character (18th) does not match GB 32100-2015";
    }
    return "invalid";
}

const char *po_uscc_reason_zh(enum po_uscc_status st)
{
    switch (st) {
    case PO_USCC_OK:
        return "有效";
    case PO_USCC_BAD_LENGTH:
        return "统一社会信用代码应为18位";
    case PO_USCC_BAD_CHAR:
        return "含有不允许的字符（只允许数字和大写字母，不含I、O、S、V、Z）";
    case PO_USCC_BAD_CHECK:
        return "第18位校验码与GB 32100-2015计算结果不符";
    }
    return "无效";
}
