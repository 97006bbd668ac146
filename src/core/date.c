/*
 * date.c: parsing and comparing civil dates (date.h).
 *
 * Only the exact form YYYY-MM-DD is read: files, the API and the command
 * line all write it so, and a looser reader ("2024-2-1", "20240201") would
 * let two spellings of one day compare unequal as text in the database.
 */
#include "core/date.h"

#include <stdbool.h>

static int days_in_month(int y, int m)
{
    static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : dim[m - 1];
}

static int digits(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int po_date_parse(struct po_date *out, const char *s, size_t len)
{
    if (len != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    out->y = y;
    out->m = m;
    out->d = d;
    return 0;
}

int po_date_cmp(struct po_date a, struct po_date b)
{
    if (a.y != b.y)
        return a.y < b.y ? -1 : 1;
    if (a.m != b.m)
        return a.m < b.m ? -1 : 1;
    return a.d < b.d ? -1 : a.d > b.d;
}
