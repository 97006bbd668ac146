/*
 * xlsx.c: read one sheet of an .xlsx workbook (libzip + expat).
 *
 * An .xlsx file is a zip of XML parts.  We read, in this order, the
 * workbook's relationships (where each part lives), the workbook (sheet
 * order, names, the 1904 date system), the sheet asked for is chosen, then
 * the styles (which cell formats are dates: a date is only a number with a
 * date format), the shared strings, and last the sheet, which is streamed
 * through expat and never held whole.  Everything is streamed from
 * zip_fread() into the XML parser in 64 KiB pieces.
 *
 * The file is untrusted: an entry larger than 1 GiB uncompressed is refused
 * before and while it is inflated (zip bombs), a DOCTYPE is refused (entity
 * expansion), and every index read from the file (shared string numbers,
 * style numbers, cell references) is range-checked.  Names of elements are
 * matched on their local part (after any "x:" prefix), so both transitional
 * and strict OOXML and prefixed elements work.  Expat's namespace
 * processing would do this properly but costs a third of the parse time on
 * a large sheet, and no two OOXML elements we read share a local name.
 *
 * Speed: a 1M-row sheet is some 300 MB of XML.  Numbers, most of the
 * cells, skip strtod and printf when their text is already canonical.
 */
#include "format/xlsx.h"
#include "format/tablerow.h"
#include "util/arena.h"

#include <expat.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#define MAX_ENTRY ((zip_uint64_t)1 << 30) /* uncompressed bytes of one zip entry */
#define MAX_SHEET_COLS 16384              /* XFD: what a cell reference may name */
#define NS_SEP ':'                        /* between a prefix and the local name */

struct rel {
    const char *id, *target, *type;
};

struct sheet {
    const char *name, *rid;
};

struct numfmt {
    unsigned long id;
    bool date;
};

struct xlsx {
    const char *name; /* of the file, for messages */
    const char *part; /* the zip entry being parsed, for messages */
    const struct po_table_opts *opts;
    po_row_fn *fn;
    void *ctx;
    struct po_err *err;
    int rc;
    zip_t *zip;
    XML_Parser xp;
    struct po_arena *arena; /* names, targets: everything small */

    struct rel *rels;
    size_t nrels, caprels;
    struct sheet *sheets;
    size_t nsheets, capsheets;
    bool date1904;

    struct numfmt *fmts;
    size_t nfmts, capfmts;
    bool *xf_date; /* per cellXfs index: is its number format a date? */
    unsigned long *xf_fmt;
    size_t nxf, capxf;
    bool in_cellxfs;

    struct po_buf sst_text;
    struct po_table_slot *sst;
    size_t nsst, capsst;

    /* Character data goes to dst while collecting (a <t> or <v> of interest). */
    struct po_buf *dst;
    size_t dst_start;
    bool collecting;
    int in_rph; /* phonetic runs: their <t> is not part of the text */
    bool in_si, in_row, in_c, in_is;

    struct po_table_rowbuf rb;
    size_t prev_row, col, next_col, style;
    char ctype[12];
    struct po_buf val;
    char num[80];
    struct po_table_progress pg;
};

/* ---- small helpers ---- */

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap * 2 : 16;
    if (n < need)
        n = need;
    if (n > SIZE_MAX / size)
        return NULL;
    void *q = realloc(p, n * size);
    if (q)
        *cap = n;
    return q;
}

static void fail(struct xlsx *x, int rc)
{
    x->rc = rc;
    if (x->xp)
        XML_StopParser(x->xp, XML_FALSE);
}

static void fail_nomem(struct xlsx *x)
{
    fail(x, po_err_set(x->err, PO_ENOMEM, "内存不足", "out of memory"));
}

static int damaged(struct xlsx *x, const char *why)
{
    po_err_set(x->err, PO_EINVAL, "%s 不是有效的 xlsx 文件（%s）",
               "%s is not a valid xlsx file (%s)", x->name, why);
    snprintf(x->err->hint, sizeof(x->err->hint), "%s",
             "open it in Excel and save it again as .xlsx, or save as CSV / "
             "请用 Excel 打开后重新另存为 .xlsx 或 CSV");
    return x->rc = PO_EINVAL;
}

static const char *local_name(const char *n)
{
    const char *p = strrchr(n, NS_SEP);
    return p ? p + 1 : n;
}

static const char *attr(const XML_Char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strncmp(atts[i], "xmlns", 5) != 0 && strcmp(local_name(atts[i]), name) == 0)
            return atts[i + 1];
    return NULL;
}

/* A non-negative decimal integer, all of s; false if not one or above max. */
static bool parse_index(const char *s, size_t max, size_t *out)
{
    size_t v = 0;
    if (!s || !*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        size_t d = (size_t)(*s - '0');
        if (d > max || v > (max - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

static void on_chars(void *ud, const XML_Char *s, int len)
{
    struct xlsx *x = ud;
    if (x->rc || !x->collecting || len <= 0)
        return;
    if (x->dst->len - x->dst_start + (size_t)len > PO_TABLE_MAX_FIELD) {
        if (x->in_c)
            fail(x, po_err_set(x->err, PO_EINVAL, "%s 第%zu行第%zu列：单元格内容超过 1 MiB",
                               "%s row %zu column %zu: field longer than 1 MiB", x->name,
                               x->rb.rowno, x->col + 1));
        else
            fail(x, po_err_set(x->err, PO_EINVAL, "%s：%s 中的字符串超过 1 MiB",
                               "%s: a string in %s is longer than 1 MiB", x->name, x->part));
        return;
    }
    po_buf_add(x->dst, s, (size_t)len);
    if (po_buf_failed(x->dst))
        fail_nomem(x);
}

static void on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                       int has_internal_subset)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    struct xlsx *x = ud;
    fail(x, damaged(x, "a DOCTYPE is not allowed"));
}

/* Stream zip entry `part` through expat with the given handlers. */
static int parse_part(struct xlsx *x, const char *part, bool required, XML_StartElementHandler st,
                      XML_EndElementHandler en, bool progress)
{
    char why[200];
    zip_int64_t idx = zip_name_locate(x->zip, part, ZIP_FL_NOCASE);
    if (idx < 0) {
        snprintf(why, sizeof(why), "%s is missing", part);
        return required ? damaged(x, why) : 0;
    }
    zip_stat_t zs;
    zip_stat_init(&zs);
    if (zip_stat_index(x->zip, (zip_uint64_t)idx, 0, &zs) == 0 && (zs.valid & ZIP_STAT_SIZE) &&
        zs.size > MAX_ENTRY) {
        snprintf(why, sizeof(why), "%s unpacks to more than 1 GiB", part);
        return damaged(x, why);
    }
    zip_file_t *zf = zip_fopen_index(x->zip, (zip_uint64_t)idx, 0);
    if (!zf) {
        snprintf(why, sizeof(why), "%s: %s", part, zip_strerror(x->zip));
        return damaged(x, why);
    }
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p) {
        zip_fclose(zf);
        return po_err_set(x->err, PO_ENOMEM, "内存不足", "out of memory");
    }
    XML_SetUserData(p, x);
    XML_SetElementHandler(p, st, en);
    XML_SetCharacterDataHandler(p, on_chars);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    x->xp = p;
    x->part = part;
    if (progress)
        po_table_progress_init(&x->pg, x->opts, (zs.valid & ZIP_STAT_SIZE) ? zs.size : 0);
    char buf[1 << 16];
    zip_uint64_t total = 0;
    for (;;) {
        zip_int64_t n = zip_fread(zf, buf, sizeof(buf));
        if (n < 0) {
            snprintf(why, sizeof(why), "%s: %s", part, zip_file_strerror(zf));
            damaged(x, why);
            break;
        }
        total += (zip_uint64_t)n;
        if (total > MAX_ENTRY) {
            snprintf(why, sizeof(why), "%s unpacks to more than 1 GiB", part);
            damaged(x, why);
            break;
        }
        if (XML_Parse(p, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
            if (!x->rc) {
                snprintf(why, sizeof(why), "%s line %lu: %s", part,
                         (unsigned long)XML_GetCurrentLineNumber(p),
                         XML_ErrorString(XML_GetErrorCode(p)));
                damaged(x, why);
            }
            break;
        }
        if (x->rc || n == 0)
            break;
        if (progress)
            po_table_progress_tick(&x->pg, total);
    }
    x->xp = NULL;
    XML_ParserFree(p);
    zip_fclose(zf);
    return x->rc;
}

/* ---- workbook and its relationships ---- */

static void rels_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    struct xlsx *x = ud;
    if (x->rc || strcmp(local_name(el), "Relationship") != 0)
        return;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target"), *type = attr(atts, "Type");
    if (!id || !target)
        return;
    struct rel *r = grow(x->rels, &x->caprels, x->nrels + 1, sizeof(*r));
    if (!r) {
        fail_nomem(x);
        return;
    }
    x->rels = r;
    r[x->nrels] = (struct rel){ po_arena_strdup(x->arena, id), po_arena_strdup(x->arena, target),
                                po_arena_strdup(x->arena, type ? type : "") };
    if (!r[x->nrels].id || !r[x->nrels].target || !r[x->nrels].type) {
        fail_nomem(x);
        return;
    }
    x->nrels++;
}

static void workbook_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    struct xlsx *x = ud;
    const char *ln = local_name(el);
    if (x->rc)
        return;
    if (strcmp(ln, "workbookPr") == 0) {
        const char *v = attr(atts, "date1904");
        x->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
        return;
    }
    if (strcmp(ln, "sheet") != 0)
        return;
    const char *name = attr(atts, "name"), *rid = attr(atts, "id");
    if (!name || !rid)
        return;
    struct sheet *s = grow(x->sheets, &x->capsheets, x->nsheets + 1, sizeof(*s));
    if (!s) {
        fail_nomem(x);
        return;
    }
    x->sheets = s;
    s[x->nsheets] =
        (struct sheet){ po_arena_strdup(x->arena, name), po_arena_strdup(x->arena, rid) };
    if (!s[x->nsheets].name || !s[x->nsheets].rid) {
        fail_nomem(x);
        return;
    }
    x->nsheets++;
}

static void ignore_end(void *ud, const XML_Char *el)
{
    (void)ud, (void)el;
}

/* The part a relationship of the workbook points to: targets are relative to xl/. */
static const char *rel_part(struct xlsx *x, const char *target)
{
    if (target[0] == '/')
        return target + 1;
    if (strncmp(target, "../", 3) == 0)
        return target + 3;
    return po_arena_printf(x->arena, "xl/%s", target);
}

/* The part of the first relationship whose type ends with /suffix, or fallback. */
static const char *rel_by_type(struct xlsx *x, const char *suffix, const char *fallback)
{
    size_t sl = strlen(suffix);
    for (size_t i = 0; i < x->nrels; i++) {
        size_t tl = strlen(x->rels[i].type);
        if (tl > sl && x->rels[i].type[tl - sl - 1] == '/' &&
            strcmp(x->rels[i].type + tl - sl, suffix) == 0)
            return rel_part(x, x->rels[i].target);
    }
    return fallback;
}

static int sheet_not_found(struct xlsx *x, const char *want)
{
    char list[160] = "";
    size_t used = 0;
    for (size_t i = 0; i < x->nsheets && used < sizeof(list); i++) {
        int n = snprintf(list + used, sizeof(list) - used, "%s%zu \"%s\"", i ? ", " : "", i + 1,
                         x->sheets[i].name);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    return po_err_set(x->err, PO_ENOTFOUND, "%s 中没有工作表“%s”（现有：%s）",
                      "%s has no sheet \"%s\" (sheets: %s)", x->name, want, list);
}

/*
 * opts->sheet: NULL is the first sheet; digits are a position when in range
 * (sheets are often named after years, so "2023" falls back to a name);
 * otherwise a name, exactly, then ignoring ASCII case as Excel does.
 */
static int choose_sheet(struct xlsx *x, const char **part)
{
    const char *want = x->opts ? x->opts->sheet : NULL;
    size_t pick = SIZE_MAX, pos;
    if (x->nsheets == 0)
        return damaged(x, "the workbook has no sheets");
    if (!want)
        pick = 0;
    else if (parse_index(want, x->nsheets, &pos) && pos >= 1)
        pick = pos - 1;
    for (size_t i = 0; want && pick == SIZE_MAX && i < x->nsheets; i++)
        if (strcmp(x->sheets[i].name, want) == 0)
            pick = i;
    for (size_t i = 0; want && pick == SIZE_MAX && i < x->nsheets; i++)
        if (strcasecmp(x->sheets[i].name, want) == 0)
            pick = i;
    if (pick == SIZE_MAX)
        return x->rc = sheet_not_found(x, want);
    for (size_t i = 0; i < x->nrels; i++)
        if (strcmp(x->rels[i].id, x->sheets[pick].rid) == 0) {
            *part = rel_part(x, x->rels[i].target);
            if (!*part)
                return x->rc = po_err_set(x->err, PO_ENOMEM, "内存不足", "out of memory");
            if (x->opts && x->opts->info)
                snprintf(x->opts->info->sheet, sizeof(x->opts->info->sheet), "%s",
                         x->sheets[pick].name);
            return 0;
        }
    return damaged(x, "a sheet has no part");
}

/* ---- styles: which cell formats are dates ---- */

/*
 * Built-in date and time formats: 14-22 and 45-47 everywhere, 27-36 and
 * 50-58 in the Chinese (and other East Asian) locales, where they are
 * dates like yyyy"年"m"月"d"日" and are written without a numFmt entry.
 */
static bool builtin_date(unsigned long id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

/* A custom format is a date if a date or time token (y m d h s) occurs outside quotes and []. */
static bool format_is_date(const char *code)
{
    for (const char *p = code; *p; p++) {
        switch (*p) {
        case '"':
            p = strchr(p + 1, '"');
            if (!p)
                return false;
            break;
        case '\\':
        case '_':
        case '*':
            if (!p[1])
                return false;
            p++;
            break;
        case '[':
            if (strchr("hHmMsS", p[1]) && p[1])
                return true; /* elapsed time: [h]:mm */
            p = strchr(p + 1, ']');
            if (!p)
                return false;
            break;
        default:
            if (strchr("yYmMdDhHsS", *p))
                return true;
        }
    }
    return false;
}

static void styles_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    struct xlsx *x = ud;
    const char *ln = local_name(el);
    size_t id = 0;
    if (x->rc)
        return;
    if (strcmp(ln, "cellXfs") == 0) {
        x->in_cellxfs = true;
    } else if (strcmp(ln, "numFmt") == 0) {
        const char *code = attr(atts, "formatCode");
        if (!parse_index(attr(atts, "numFmtId"), 1u << 20, &id) || !code)
            return;
        struct numfmt *f = grow(x->fmts, &x->capfmts, x->nfmts + 1, sizeof(*f));
        if (!f) {
            fail_nomem(x);
            return;
        }
        x->fmts = f;
        f[x->nfmts++] = (struct numfmt){ id, format_is_date(code) };
    } else if (strcmp(ln, "xf") == 0 && x->in_cellxfs) {
        if (!parse_index(attr(atts, "numFmtId"), 1u << 20, &id))
            id = 0;
        unsigned long *f = grow(x->xf_fmt, &x->capxf, x->nxf + 1, sizeof(*f));
        if (!f) {
            fail_nomem(x);
            return;
        }
        x->xf_fmt = f;
        f[x->nxf++] = id;
    }
}

static void styles_end(void *ud, const XML_Char *el)
{
    struct xlsx *x = ud;
    if (strcmp(local_name(el), "cellXfs") == 0)
        x->in_cellxfs = false;
}

/* A numFmt entry overrides a built-in id, so look at those first. */
static int resolve_date_styles(struct xlsx *x)
{
    if (!x->nxf)
        return 0;
    x->xf_date = calloc(x->nxf, sizeof(*x->xf_date));
    if (!x->xf_date)
        return x->rc = po_err_set(x->err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < x->nxf; i++) {
        bool custom = false;
        for (size_t k = 0; k < x->nfmts && !custom; k++)
            if (x->fmts[k].id == x->xf_fmt[i]) {
                custom = true;
                x->xf_date[i] = x->fmts[k].date;
            }
        if (!custom)
            x->xf_date[i] = builtin_date(x->xf_fmt[i]);
    }
    return 0;
}

/* ---- shared strings ---- */

/*
 * OOXML escapes characters XML cannot carry as _xHHHH_ ("_x000D_" is a
 * carriage return, "_x005F_" a literal underscore).  Decode in place: the
 * UTF-8 form (at most 3 bytes) is shorter than the escape (7).
 */
static size_t unescape_ooxml(char *s, size_t len)
{
    size_t r = 0, w = 0;
    while (r < len) {
        unsigned cp = 0;
        bool esc = len - r >= 7 && s[r] == '_' && s[r + 1] == 'x' && s[r + 6] == '_';
        for (size_t k = 2; esc && k < 6; k++) {
            char c = s[r + k];
            int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
            esc = d >= 0;
            cp = cp << 4 | (unsigned)(d & 0xF);
        }
        if (!esc || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
            s[w++] = s[r++];
            continue;
        }
        if (cp < 0x80) {
            s[w++] = (char)cp;
        } else if (cp < 0x800) {
            s[w++] = (char)(0xC0 | (cp >> 6));
            s[w++] = (char)(0x80 | (cp & 0x3F));
        } else {
            s[w++] = (char)(0xE0 | (cp >> 12));
            s[w++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            s[w++] = (char)(0x80 | (cp & 0x3F));
        }
        r += 7;
    }
    return w;
}

/* <t> inside <si>, <r> or <is> is text, unless inside a phonetic run. */
static void text_start(struct xlsx *x, const char *ln, bool in_text)
{
    if (strcmp(ln, "rPh") == 0)
        x->in_rph++;
    else if (strcmp(ln, "t") == 0 && in_text && !x->in_rph)
        x->collecting = true;
}

static void text_end(struct xlsx *x, const char *ln)
{
    if (strcmp(ln, "rPh") == 0 && x->in_rph)
        x->in_rph--;
    else if (strcmp(ln, "t") == 0 || strcmp(ln, "v") == 0)
        x->collecting = false;
}

static void sst_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    (void)atts;
    struct xlsx *x = ud;
    const char *ln = local_name(el);
    if (x->rc)
        return;
    if (strcmp(ln, "si") == 0) {
        x->in_si = true;
        x->dst = &x->sst_text;
        x->dst_start = x->sst_text.len;
        return;
    }
    text_start(x, ln, x->in_si);
}

static void sst_end(void *ud, const XML_Char *el)
{
    struct xlsx *x = ud;
    const char *ln = local_name(el);
    if (x->rc)
        return;
    if (strcmp(ln, "si") != 0) {
        text_end(x, ln);
        return;
    }
    struct po_table_slot *s = grow(x->sst, &x->capsst, x->nsst + 1, sizeof(*s));
    if (!s) {
        fail_nomem(x);
        return;
    }
    x->sst = s;
    size_t start = x->dst_start;
    size_t len = unescape_ooxml(x->sst_text.buf + start, x->sst_text.len - start);
    x->sst_text.len = start + len;
    x->sst_text.buf[x->sst_text.len] = '\0';
    s[x->nsst++] = (struct po_table_slot){ start, len };
    x->in_si = false;
    x->collecting = false;
}

/* ---- cell values ---- */

/* Howard Hinnant's civil_from_days: days since 1970-01-01 to a proleptic Gregorian date. */
static void civil_from_days(long long z, int *y, int *m, int *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    long long mm = mp < 10 ? mp + 3 : mp - 9;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)mm;
    *y = (int)(yoe + era * 400 + (mm <= 2));
}

/*
 * An Excel serial date as text.  1900 system: serial 1 is 1900-01-01, and
 * Excel (copying Lotus 1-2-3) counts a 1900-02-29 as serial 60, so later
 * serials are one day ahead of the calendar.  1904 system: serial 0 is
 * 1904-01-01.  A serial below 1 is a time of day only.  False when out of
 * Excel's range (before 1900, after 9999): the caller writes the number.
 */
static bool format_date(char *out, size_t cap, double serial, bool date1904)
{
    if (!(serial >= 0 && serial < 2958466))
        return false;
    double day = floor(serial);
    long long days = (long long)day, secs = llround((serial - day) * 86400.0);
    if (secs >= 86400) {
        days++;
        secs -= 86400;
    }
    int h = (int)(secs / 3600), mi = (int)(secs / 60 % 60), s = (int)(secs % 60);
    if (days == 0) {
        snprintf(out, cap, "%02d:%02d:%02d", h, mi, s);
        return true;
    }
    int y = 1900, m = 2, d = 29;
    if (date1904)
        civil_from_days(days - 24107, &y, &m, &d);
    else if (days != 60)
        civil_from_days(days - (days < 60 ? 25568 : 25569), &y, &m, &d);
    if (secs)
        snprintf(out, cap, "%04d-%02d-%02d %02d:%02d:%02d", y, m, d, h, mi, s);
    else
        snprintf(out, cap, "%04d-%02d-%02d", y, m, d);
    return true;
}

/*
 * A number as Excel shows it in a General cell, without its exponent form:
 * 15 significant digits, trailing zeros dropped, so 0.1+0.2 stored as
 * 0.30000000000000004 reads "0.3", 1E-3 reads "0.001" and 12345678901
 * stays whole.  Only beyond 1e21 or below 1e-20 an exponent is used.
 */
static void format_number(char *out, size_t cap, double v)
{
    if (v == 0 || !isfinite(v)) {
        snprintf(out, cap, "%s", v == 0 ? "0" : "#NUM!");
        return;
    }
    char e[40], digits[16];
    snprintf(e, sizeof(e), "%.14e", fabs(v)); /* d.dddddddddddddde+XX */
    size_t nd = 0;
    for (const char *p = e; *p && *p != 'e'; p++)
        if (*p != '.')
            digits[nd++] = *p;
    long exp = strtol(strchr(e, 'e') + 1, NULL, 10);
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    struct po_buf b = PO_BUF_INIT;
    if (v < 0)
        po_buf_addch(&b, '-');
    if (exp > 20 || exp < -20) {
        po_buf_addch(&b, digits[0]);
        if (nd > 1) {
            po_buf_addch(&b, '.');
            po_buf_add(&b, digits + 1, nd - 1);
        }
        po_buf_addf(&b, "E%c%02ld", exp < 0 ? '-' : '+', labs(exp));
    } else if (exp >= 0) {
        for (long i = 0; i <= exp; i++)
            po_buf_addch(&b, (size_t)i < nd ? digits[i] : '0');
        if (nd > (size_t)exp + 1) {
            po_buf_addch(&b, '.');
            po_buf_add(&b, digits + exp + 1, nd - (size_t)exp - 1);
        }
    } else {
        po_buf_adds(&b, "0.");
        for (long i = 0; i < -exp - 1; i++)
            po_buf_addch(&b, '0');
        po_buf_add(&b, digits, nd);
    }
    snprintf(out, cap, "%s", po_buf_failed(&b) ? "#NUM!" : b.buf);
    po_buf_release(&b);
}

/*
 * The fast path of format_number(): v[0..len) is a plain decimal with at
 * most 15 significant digits (what Excel writes for nearly every number).
 * A double holds any such decimal exactly to 15 digits, so the slow path
 * would print it back unchanged except for trailing zeros in the fraction.
 * Returns the length of the canonical text (a prefix of v), or 0 when the
 * slow path must decide: an exponent, more digits, leading zeros, zero.
 */
static size_t short_decimal(const char *v, size_t len)
{
    size_t i = v[0] == '-' ? 1 : 0, start = i, sig = 0, zeros = 0;
    bool nonzero = false;
    for (; i < len && v[i] >= '0' && v[i] <= '9'; i++)
        if (nonzero || v[i] != '0') {
            nonzero = true;
            sig++;
        }
    if (i == start || (i - start > 1 && v[start] == '0'))
        return 0;
    size_t end = i;
    if (i < len && v[i] == '.') {
        size_t frac = ++i;
        for (; i < len && v[i] >= '0' && v[i] <= '9'; i++)
            ;
        if (i == frac)
            return 0;
        for (end = i; end > frac && v[end - 1] == '0';)
            end--;
        for (size_t k = frac; k < end; k++)
            if (nonzero || v[k] != '0') {
                nonzero = true;
                sig++;
            } else {
                zeros++;
            }
        if (end == frac)
            end = frac - 1; /* "5.000" reads "5" */
    }
    return i == len && nonzero && sig <= 15 && zeros < 20 ? end : 0;
}

/* An ISO 8601 cell (t="d"): "2024-01-05T00:00:00" reads "2024-01-05", a time keeps " HH:MM:SS". */
static size_t tidy_iso_date(char *s, size_t len)
{
    if (len < 19 || s[10] != 'T')
        return len;
    if (strncmp(s + 11, "00:00:00", 8) == 0)
        return 10;
    s[10] = ' ';
    return 19;
}

static int cell_text(struct xlsx *x, const char **out, size_t *len)
{
    const char *t = x->ctype;
    char *v = x->val.buf;
    size_t idx;
    *out = v;
    *len = x->val.len;
    if (strcmp(t, "s") == 0) {
        if (!parse_index(v, x->nsst ? x->nsst - 1 : 0, &idx) || idx >= x->nsst)
            return po_err_set(x->err, PO_EINVAL, "%s 第%zu行第%zu列：共享字符串编号 %.20s 不存在",
                              "%s row %zu column %zu: shared string %.20s does not exist", x->name,
                              x->rb.rowno, x->col + 1, v);
        *out = x->sst_text.buf + x->sst[idx].off;
        *len = x->sst[idx].len;
    } else if (strcmp(t, "inlineStr") == 0) {
        *len = unescape_ooxml(v, x->val.len);
    } else if (strcmp(t, "d") == 0) {
        *len = tidy_iso_date(v, x->val.len);
    } else if (strcmp(t, "str") != 0 && strcmp(t, "e") != 0 && strcmp(t, "b") != 0 && *len) {
        bool date = x->style < x->nxf && x->xf_date && x->xf_date[x->style];
        size_t fast = date ? 0 : short_decimal(v, x->val.len);
        if (fast) {
            *len = fast;
            return 0;
        }
        char *end;
        double d = strtod(v, &end);
        if (end != v + x->val.len)
            return 0; /* not a number after all: keep the text */
        if (!date || !format_date(x->num, sizeof(x->num), d, x->date1904))
            format_number(x->num, sizeof(x->num), d);
        *out = x->num;
        *len = strlen(x->num);
    }
    return 0;
}

/* ---- the sheet ---- */

/* "AB12" -> column 27 (0-based 27); false if the letters are missing or beyond XFD. */
static bool parse_ref_col(const char *r, size_t *col)
{
    size_t c = 0;
    const char *p = r;
    for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
        c = c * 26 + (size_t)((*p | 0x20) - 'a' + 1);
        if (c > MAX_SHEET_COLS)
            return false;
    }
    if (p == r)
        return false;
    *col = c - 1;
    return true;
}

static void cell_start(struct xlsx *x, const XML_Char **atts)
{
    const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
    x->in_c = true;
    x->col = x->next_col;
    if (r && !parse_ref_col(r, &x->col)) {
        fail(x, po_err_set(x->err, PO_EINVAL, "%s 第%zu行：单元格引用“%.20s”无效",
                           "%s row %zu: bad cell reference \"%.20s\"", x->name, x->rb.rowno, r));
        return;
    }
    size_t tl = t ? strlen(t) : 0;
    if (tl >= sizeof(x->ctype))
        tl = 0; /* an unknown long type reads as a number, like no type */
    memcpy(x->ctype, t ? t : "", tl);
    x->ctype[tl] = '\0';
    if (!s || !parse_index(s, SIZE_MAX, &x->style))
        x->style = 0;
    po_buf_reset(&x->val);
    x->dst = &x->val;
    x->dst_start = 0;
}

static void sheet_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    struct xlsx *x = ud;
    const char *ln = local_name(el);
    if (x->rc)
        return;
    if (strcmp(ln, "row") == 0) {
        size_t r;
        x->in_row = true;
        x->rb.rowno = parse_index(attr(atts, "r"), SIZE_MAX, &r) ? r : x->prev_row + 1;
        x->next_col = 0;
    } else if (strcmp(ln, "c") == 0 && x->in_row) {
        cell_start(x, atts);
    } else if (x->in_c && strcmp(ln, "v") == 0) {
        x->collecting = true;
    } else if (x->in_c && strcmp(ln, "is") == 0) {
        x->in_is = true;
    } else if (x->in_c) {
        text_start(x, ln, x->in_is);
    }
}

static void sheet_end(void *ud, const XML_Char *el)
{
    struct xlsx *x = ud;
    const char *ln = local_name(el);
    if (x->rc)
        return;
    if (strcmp(ln, "c") == 0 && x->in_c) {
        const char *s;
        size_t len;
        x->in_c = x->collecting = x->in_is = false;
        x->in_rph = 0;
        int rc = cell_text(x, &s, &len);
        if (!rc)
            rc = po_table_rowbuf_set(&x->rb, x->col, s, len, x->err);
        x->next_col = x->col + 1;
        if (rc)
            fail(x, rc);
    } else if (strcmp(ln, "row") == 0 && x->in_row) {
        x->in_row = false;
        x->prev_row = x->rb.rowno;
        int rc = po_table_rowbuf_emit(&x->rb, x->fn, x->ctx, x->err);
        if (rc)
            fail(x, rc);
    } else if (strcmp(ln, "is") == 0) {
        x->in_is = false;
    } else {
        text_end(x, ln);
    }
}

/* ---- entry point ---- */

static int open_zip(struct xlsx *x, const char *path)
{
    int zerr = 0;
    x->zip = zip_open(path, ZIP_RDONLY, &zerr);
    if (x->zip)
        return 0;
    zip_error_t ze;
    zip_error_init_with_code(&ze, zerr);
    char why[160];
    snprintf(why, sizeof(why), "damaged zip: %s", zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return damaged(x, why);
}

static int read_book(struct xlsx *x, const char *path)
{
    const char *sheet_part = NULL;
    int rc = open_zip(x, path);
    if (!rc)
        rc = parse_part(x, "xl/_rels/workbook.xml.rels", true, rels_start, ignore_end, false);
    if (!rc)
        rc = parse_part(x, "xl/workbook.xml", true, workbook_start, ignore_end, false);
    if (!rc)
        rc = choose_sheet(x, &sheet_part);
    const char *styles = rc ? NULL : rel_by_type(x, "styles", "xl/styles.xml");
    const char *sst = rc ? NULL : rel_by_type(x, "sharedStrings", "xl/sharedStrings.xml");
    if (!rc && (!styles || !sst))
        rc = po_err_set(x->err, PO_ENOMEM, "内存不足", "out of memory");
    if (!rc)
        rc = parse_part(x, styles, false, styles_start, styles_end, false);
    if (!rc)
        rc = resolve_date_styles(x);
    if (!rc)
        rc = parse_part(x, sst, false, sst_start, sst_end, false);
    if (!rc)
        rc = parse_part(x, sheet_part, true, sheet_start, sheet_end, true);
    if (!rc)
        po_table_progress_tick(&x->pg, x->pg.total);
    return rc;
}

int po_xlsx_read(const char *path, const char *name, const struct po_table_opts *opts,
                 po_row_fn *fn, void *ctx, struct po_err *err)
{
    struct xlsx x = { .name = name, .opts = opts, .fn = fn, .ctx = ctx, .err = err };
    x.sst_text = (struct po_buf)PO_BUF_INIT;
    x.val = (struct po_buf)PO_BUF_INIT;
    x.dst = &x.val;
    po_table_rowbuf_init(&x.rb, name);
    x.arena = po_arena_new();
    int rc =
        x.arena ? read_book(&x, path) : po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    if (opts && opts->info)
        opts->info->rows = x.rb.delivered;
    if (x.zip)
        zip_discard(x.zip);
    po_table_rowbuf_release(&x.rb);
    po_buf_release(&x.sst_text);
    po_buf_release(&x.val);
    free(x.rels);
    free(x.sheets);
    free(x.fmts);
    free(x.xf_fmt);
    free(x.xf_date);
    free(x.sst);
    po_arena_destroy(x.arena);
    return rc;
}
