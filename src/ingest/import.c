/*
 * import.c: the import engine — header mapping, cell parsing, registry
 * lookups, duplicate keys, then one transaction of bulk upserts.
 *
 * Why two phases (read and check everything, then write) rather than
 * writing as we read and rolling back on error: the bureau wants every
 * error of a file in one report, not the first; and a file with an error
 * must leave the database exactly as it was, byte for byte, which a
 * rolled-back transaction does not promise (WAL frames, freed pages).  The
 * cost is memory: parsed rows are kept as 8-byte cells, about 80 bytes per
 * energy row.
 */
#include "ingest/import.h"
#include "ingest/import_diag.h"
#include "ingest/import_int.h"
#include "app/audit.h"
#include "format/table.h"
#include "core/decimal.h"
#include "core/units.h"
#include "core/uscc.h"
#include "util/arena.h"
#include "util/embed.h"
#include "util/strmap.h"

#include <ctype.h>
#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *const po_district_levels[] = { "province", "city", "district", "park" };

/* ---- a district officer's import (po_import_opts.scope_district) ---- */

bool imp_kind_per_enterprise(const struct kindspec *k)
{
    for (size_t c = 0; c < k->ncols; c++)
        if (k->cols[c].type == CT_ENTERPRISE || k->cols[c].type == CT_USCC)
            return true;
    return false;
}

/*
 * Every enterprise a row names by USCC must be the district's.  The cells
 * hold the enterprise's id; the diagnostic shows the USCC as written.
 */
static int scope_check(struct imp *im, size_t r, const struct po_row *row)
{
    const union cell *c = imp_row(im, r);
    for (size_t k = 0; k < im->k->ncols; k++) {
        if (im->k->cols[k].type != CT_ENTERPRISE || c[k].i == CELL_NULL || imp_in_scope(im, c[k].i))
            continue;
        int f = im->colpos[k];
        struct po_str v = f >= 0 && (size_t)f < row->nfields ? po_str_trim(row->fields[f])
                                                             : (struct po_str){ "", 0 };
        const char *uscc = po_arena_strndup(im->a, v.ptr, v.len);
        if (!uscc)
            return PO_ENOMEM;
        return imp_scope_diag(im, r, (int)k, uscc);
    }
    return 0;
}

/* ---- header ---- */

/*
 * Normalise a header for matching: trim, ASCII lower case, full-width
 * brackets and spaces folded, inner spaces dropped.  "产量（吨）" and
 * "产量(吨)" compare equal, and so do "Value_Added_10k_Yuan " and
 * "value_added_10k_yuan".
 */
static void norm_header(struct po_buf *b, const char *s, size_t len)
{
    po_buf_reset(b);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBC &&
            ((unsigned char)s[i + 2] == 0x88 || (unsigned char)s[i + 2] == 0x89)) {
            po_buf_addch(b, (unsigned char)s[i + 2] == 0x88 ? '(' : ')');
            i += 2;
        } else if (c == 0xE3 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                   (unsigned char)s[i + 2] == 0x80) {
            i += 2; /* ideographic space */
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            continue;
        } else {
            po_buf_addch(b, (char)tolower(c));
        }
    }
}

static bool header_matches(struct po_buf *scratch, const char *norm, const char *name,
                           const char *aliases)
{
    norm_header(scratch, name, strlen(name));
    if (strcmp(scratch->buf, norm) == 0)
        return true;
    for (const char *p = aliases; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        norm_header(scratch, p, n);
        if (strcmp(scratch->buf, norm) == 0)
            return true;
        if (!bar)
            break;
        p = bar + 1;
    }
    return false;
}

static int accepted_list(struct imp *im, struct po_buf *out)
{
    for (size_t c = 0; c < im->k->ncols; c++)
        po_buf_addf(out, "%s%s", c ? ", " : "", im->k->cols[c].name);
    if (im->k->has_params)
        po_buf_adds(out, ", <parameter tags of data/equipment_params.csv>");
    return po_buf_failed(out) ? PO_ENOMEM : 0;
}

static int map_header(struct imp *im, const struct po_row *row)
{
    struct po_buf norm = PO_BUF_ARENA(im->a);
    im->nfilecols = row->nfields;
    im->fileheaders = po_arena_calloc(im->a, row->nfields, sizeof(char *));
    im->map = po_arena_calloc(im->a, row->nfields, sizeof(int));
    if (!im->fileheaders || !im->map)
        return PO_ENOMEM;
    for (size_t f = 0; f < row->nfields; f++) {
        struct po_str h = row->fields[f];
        im->fileheaders[f] = po_arena_strndup(im->a, h.ptr, h.len);
        if (!im->fileheaders[f])
            return PO_ENOMEM;
        im->map[f] = -1;
        norm_header(&norm, h.ptr, h.len);
        if (norm.len == 0)
            continue; /* an unnamed column: its cells must be empty (checked per row) */
        char *nz = po_arena_strdup(im->a, norm.buf);
        if (!nz)
            return PO_ENOMEM;
        int found = -1;
        for (size_t c = 0; c < im->k->ncols && found < 0; c++)
            if (header_matches(&im->scratch, nz, im->k->cols[c].name, im->k->cols[c].aliases))
                found = (int)c;
        if (found >= 0) {
            if (im->colpos[found] >= 0) {
                imp_diag_at(im, row->rowno, im->fileheaders[f], NULL, "列重复出现",
                            "column appears twice");
                continue;
            }
            im->colpos[found] = (int)f;
            im->map[f] = found;
            continue;
        }
        for (size_t p = 0; p < im->nparams && found < 0; p++)
            if (header_matches(&im->scratch, nz, im->params[p].tag, im->params[p].name_zh))
                found = (int)p;
        if (found >= 0) {
            if (im->param_pos[found] >= 0) {
                imp_diag_at(im, row->rowno, im->fileheaders[f], NULL, "列重复出现",
                            "column appears twice");
                continue;
            }
            im->param_pos[found] = (int)f;
            im->map[f] = -2 - found;
            continue;
        }
        if (header_matches(&im->scratch, nz, "note", "备注|说明"))
            continue;
        struct po_buf acc = PO_BUF_ARENA(im->a);
        if (accepted_list(im, &acc) < 0)
            return PO_ENOMEM;
        char zh[1024], en[1024];
        snprintf(zh, sizeof(zh), "未知的列名；%s 可接受的列：%s（中文列名见 docs/import.md）",
                 im->k->name, acc.buf);
        snprintf(en, sizeof(en), "unknown column; accepted for %s: %s (Chinese names in "
                 "docs/import.md)", im->k->name, acc.buf);
        imp_diag_at(im, row->rowno, im->fileheaders[f], NULL, zh, en);
    }
    for (size_t c = 0; c < im->k->ncols; c++) {
        const struct colspec *cs = &im->k->cols[c];
        if ((cs->flags & CF_REQUIRED) && im->colpos[c] < 0) {
            char zh[256], en[256];
            snprintf(zh, sizeof(zh), "缺少必填列 %s（%s）", cs->name, cs->aliases);
            snprintf(en, sizeof(en), "required column %s is missing", cs->name);
            imp_diag_at(im, row->rowno, cs->name, NULL, zh, en);
        }
    }
    return 0;
}

/* ---- cells ---- */

static bool parse_date(int *y, int *m, int *d, const char *s, size_t len, int parts_needed)
{
    /* YYYY[-MM[-DD]] with '-', '/' or '.' separators, or 2024年3月5日 */
    int v[3] = { 0, 0, 0 }, n = 0;
    size_t i = 0;
    while (n < 3) {
        size_t start = i;
        int x = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9' && i - start < 4)
            x = x * 10 + (s[i++] - '0');
        if (i == start)
            return false;
        v[n++] = x;
        if (i == len)
            break;
        if (s[i] == '-' || s[i] == '/' || s[i] == '.') {
            i++;
        } else if (len - i >= 3 && (memcmp(s + i, "年", 3) == 0 || memcmp(s + i, "月", 3) == 0)) {
            i += 3;
            if (i == len)
                break;
        } else if (len - i == 3 && memcmp(s + i, "日", 3) == 0) {
            i += 3;
            break;
        } else {
            return false;
        }
    }
    if (i != len || n < parts_needed)
        return false;
    static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (v[0] < 1900 || v[0] > 2100)
        return false;
    if (n >= 2 && (v[1] < 1 || v[1] > 12))
        return false;
    if (n == 3) {
        bool leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
        int max = v[1] == 2 && !leap ? 28 : mdays[v[1] - 1];
        if (v[2] < 1 || v[2] > max)
            return false;
    }
    *y = v[0];
    *m = n >= 2 ? v[1] : 0;
    *d = n == 3 ? v[2] : 0;
    return true;
}

static const char *match_enum(const struct po_enumval *ev, const char *s, size_t len)
{
    for (; ev->tag; ev++) {
        if (strlen(ev->tag) == len && strncasecmp(ev->tag, s, len) == 0)
            return ev->tag;
        for (const char *p = ev->aliases; p && *p;) {
            const char *bar = strchr(p, '|');
            size_t n = bar ? (size_t)(bar - p) : strlen(p);
            if (n == len && strncasecmp(p, s, len) == 0)
                return ev->tag;
            if (!bar)
                break;
            p = bar + 1;
        }
    }
    return NULL;
}

/* a yes/no cell; empty is "not recorded" (NULL), never "no" */
#define BOOL_ZH "应为 是/否、yes/no、true/false、1/0 或 Y/N；未掌握的留空（表示未记录）"
#define BOOL_EN                                                                                    \
    "expected 是/否, yes/no, true/false, 1/0 or Y/N; leave the cell empty when it is not known " \
    "(not recorded)"
static const struct po_enumval bool_vals[] = {
    { "1", "是|true|yes|y|有|t" },
    { "0", "否|false|no|n|无|f" },
    { NULL, NULL },
};

static int enum_error(struct imp *im, size_t r, int col, const char *v, const struct po_enumval *ev)
{
    struct po_buf list = PO_BUF_ARENA(im->a);
    for (const struct po_enumval *e = ev; e->tag; e++) {
        const char *bar = e->aliases ? strchr(e->aliases, '|') : NULL;
        int n = e->aliases ? (bar ? (int)(bar - e->aliases) : (int)strlen(e->aliases)) : 0;
        po_buf_addf(&list, "%s%s%s%.*s", e == ev ? "" : ", ", e->tag, n ? " " : "", n,
                    e->aliases ? e->aliases : "");
    }
    if (po_buf_failed(&list))
        return PO_ENOMEM;
    return imp_diagf(im, r, col, v, "取值无效，应为：%s", "not an accepted value; use one of: %s",
                     list.buf);
}

/*
 * Keep a cell's text for the write phase.  Short values repeat a lot
 * (product tags, district codes, units), so they are interned: one copy
 * per distinct value, which keeps a million-row file's memory flat.
 */
static const char *keep(struct imp *im, const char *s, size_t len)
{
    if (len > 32)
        return po_arena_strndup(im->a, s, len);
    int64_t idx;
    if (po_strmap_get(im->interned, s, len, &idx))
        return (const char *)(intptr_t)idx;
    const char *copy = po_arena_strndup(im->a, s, len);
    if (!copy || po_strmap_put(im->interned, s, len, (int64_t)(intptr_t)copy, NULL) < 0)
        return NULL;
    return copy;
}

static bool is_int_type(enum ctype t)
{
    return t == CT_INT || t == CT_YEAR || t == CT_MONTH || t == CT_DEC || t == CT_DEC_NN ||
           t == CT_FOUNDED || t == CT_BOOL || t == CT_ENTERPRISE;
}

static int parse_cell(struct imp *im, size_t r, int col, struct po_str raw, union cell *out)
{
    const struct colspec *cs = &im->k->cols[col];
    struct po_str v = po_str_trim(raw);
    char *txt = NULL;
    out->i = CELL_NULL;
    if (v.len == 0) {
        if (cs->flags & CF_REQUIRED)
            return imp_diag(im, r, col, "", "必填项为空", "required value is empty");
        if (cs->type == CT_MONTH) {
            out->i = 0;
        } else if (cs->dflt) {
            if (cs->type == CT_BOOL || cs->type == CT_INT)
                out->i = strtoll(cs->dflt, NULL, 10);
            else
                out->s = cs->dflt;
        } else if (!is_int_type(cs->type)) {
            out->s = NULL;
        }
        return 0;
    }
    /* a NUL-terminated copy in a reused buffer; kept text is copied again (keep()) */
    po_buf_reset(&im->cellbuf);
    po_buf_add(&im->cellbuf, v.ptr, v.len);
    if (po_buf_failed(&im->cellbuf))
        return PO_ENOMEM;
    txt = im->cellbuf.buf;
    int64_t x;
    enum po_dec_status ds;
    int y, m, d;
    switch (cs->type) {
    case CT_TEXT:
        out->s = keep(im, txt, v.len);
        return out->s ? 0 : PO_ENOMEM;
    case CT_CODE:
        if (v.len > 64 || memchr(v.ptr, ' ', v.len))
            return imp_diag(im, r, col, txt, "编码不能含空格且不超过64个字符",
                            "a code has no spaces and at most 64 characters");
        out->s = keep(im, txt, v.len);
        return out->s ? 0 : PO_ENOMEM;
    case CT_INT:
    case CT_YEAR:
    case CT_MONTH:
        ds = po_int_parse(&x, v.ptr, v.len);
        if (ds != PO_DEC_OK)
            return imp_diag(im, r, col, txt, "应为整数", "a whole number is expected");
        if (cs->type == CT_YEAR && (x < 1990 || x > 2100))
            return imp_diag(im, r, col, txt, "年份应在1990至2100之间",
                            "year must be between 1990 and 2100");
        if (cs->type == CT_MONTH && (x < 1 || x > 12))
            return imp_diag(im, r, col, txt, "月份应为1至12（全年数据留空）",
                            "month must be 1 to 12 (leave empty for the whole year)");
        if (cs->type == CT_INT && (x < 0 || x > 100000000))
            return imp_diag(im, r, col, txt, "应为0至1亿之间的整数",
                            "must be a whole number from 0 to 100,000,000");
        out->i = x;
        return 0;
    case CT_DEC:
    case CT_DEC_NN:
        ds = po_dec_parse(&x, v.ptr, v.len);
        if (ds != PO_DEC_OK)
            return imp_diag(im, r, col, txt, po_dec_reason_zh(ds), po_dec_reason_en(ds));
        if (cs->type == CT_DEC_NN && x < 0)
            return imp_diag(im, r, col, txt, "不能为负数", "must not be negative");
        /* absurd figures: 10^12 of any unit is beyond any plant on earth */
        if (x > 1000000000000LL * PO_MICRO || x < -1000000000000LL * PO_MICRO)
            return imp_diag(im, r, col, txt, "数值超出合理范围（绝对值不超过1万亿）",
                            "figure out of any plausible range (absolute value over 10^12)");
        out->i = x;
        return 0;
    case CT_DATE:
    case CT_DATE_PARTIAL:
        if (!parse_date(&y, &m, &d, v.ptr, v.len, cs->type == CT_DATE ? 3 : 1))
            return imp_diag(im, r, col, txt,
                            cs->type == CT_DATE ? "日期无效，应为 YYYY-MM-DD"
                                                : "日期无效，应为 YYYY、YYYY-MM 或 YYYY-MM-DD",
                            cs->type == CT_DATE ? "invalid date, expected YYYY-MM-DD"
                                                : "invalid date, expected YYYY, YYYY-MM or "
                                                  "YYYY-MM-DD");
        if (m == 0)
            out->s = po_arena_printf(im->a, "%04d", y);
        else if (d == 0)
            out->s = po_arena_printf(im->a, "%04d-%02d", y, m);
        else
            out->s = po_arena_printf(im->a, "%04d-%02d-%02d", y, m, d);
        return out->s ? 0 : PO_ENOMEM;
    case CT_FOUNDED:
        if (!parse_date(&y, &m, &d, v.ptr, v.len, 1))
            return imp_diag(im, r, col, txt, "应为年份（如 1998）或日期",
                            "a year (e.g. 1998) or a date is expected");
        out->i = y;
        return 0;
    case CT_BOOL: {
        const char *t = match_enum(bool_vals, v.ptr, v.len);
        if (!t)
            return imp_diag(im, r, col, txt, BOOL_ZH, BOOL_EN);
        out->i = t[0] == '1';
        return 0;
    }
    case CT_ENUM: {
        const char *t = match_enum(cs->enums, v.ptr, v.len);
        if (!t)
            return enum_error(im, r, col, txt, cs->enums);
        out->s = t;
        return 0;
    }
    case CT_EDITION:
        if (strcmp(txt, "2017") == 0 || strcmp(txt, "GB/T 4754-2017") == 0 ||
            strcmp(txt, "GB/T4754-2017") == 0)
            out->s = "2017";
        else if (strcmp(txt, "2011") == 0 || strcmp(txt, "GB/T 4754-2011") == 0 ||
                 strcmp(txt, "GB/T4754-2011") == 0)
            out->s = "2011";
        else
            return imp_diag(im, r, col, txt, "行业分类版本应为 2017 或 2011",
                            "industry classification edition must be 2017 or 2011");
        return 0;
    case CT_ENERGY_TYPE: {
        const struct po_energy_type *et = po_energy_type_find(v.ptr, v.len);
        if (!et)
            return imp_diag(im, r, col, txt, "未知的能源品种（见 docs/import.md 能源品种表）",
                            "unknown energy type (see the list in docs/import.md)");
        out->s = et->tag;
        return 0;
    }
    case CT_UNIT: {
        const struct po_unit *u = po_unit_find(v.ptr, v.len);
        /* the kind decides whether an unknown unit is an error */
        out->s = u ? u->tag : keep(im, txt, v.len);
        return out->s ? 0 : PO_ENOMEM;
    }
    case CT_USCC: {
        size_t bad = 0;
        enum po_uscc_status us = po_uscc_check(v.ptr, v.len, &bad, NULL);
        if (us == PO_USCC_BAD_LENGTH || us == PO_USCC_BAD_CHAR)
            return imp_diag(im, r, col, txt, po_uscc_reason_zh(us), po_uscc_reason_en(us));
        /* a wrong check character is judged with the override (kind check) */
        out->s = keep(im, txt, v.len);
        return out->s ? 0 : PO_ENOMEM;
    }
    case CT_ENTERPRISE: {
        int64_t id;
        if (po_strmap_get(im->enterprises, v.ptr, v.len, &id)) {
            out->i = id;
            return 0;
        }
        enum po_uscc_status us = po_uscc_check(v.ptr, v.len, NULL, NULL);
        if (us == PO_USCC_BAD_LENGTH || us == PO_USCC_BAD_CHAR)
            return imp_diag(im, r, col, txt, po_uscc_reason_zh(us), po_uscc_reason_en(us));
        return imp_diag(im, r, col, txt, "企业不在台账中（请先导入企业）",
                        "enterprise not in the registry (import enterprises first)");
    }
    case CT_DISTRICT:
        out->s = keep(im, txt, v.len);
        return out->s ? 0 : PO_ENOMEM;
    }
    return 0;
}

/* ---- rows ---- */

static int grow_rows(struct imp *im)
{
    size_t ncap = im->caprows ? im->caprows * 2 : 1024;
    union cell *nc = realloc(im->cells, ncap * im->width * sizeof(union cell));
    if (!nc)
        return PO_ENOMEM;
    im->cells = nc;
    size_t *nr = realloc(im->rownos, ncap * sizeof(size_t));
    if (!nr)
        return PO_ENOMEM;
    im->rownos = nr;
    im->caprows = ncap;
    return 0;
}

/* An absent parameter: NULL text for text parameters, CELL_NULL for the others. */
static void param_null(const struct param *pm, union cell *out)
{
    if (pm->type == 2)
        out->s = NULL;
    else
        out->i = CELL_NULL;
}

static int parse_param(struct imp *im, size_t r, size_t p, struct po_str raw, union cell *out)
{
    struct po_str v = po_str_trim(raw);
    const struct param *pm = &im->params[p];
    param_null(pm, out);
    if (v.len == 0)
        return 0;
    const char *txt = keep(im, v.ptr, v.len);
    if (!txt)
        return PO_ENOMEM;
    const char *col = im->fileheaders[im->param_pos[p]];
    if (pm->type == 2) {
        out->s = txt;
        return 0;
    }
    if (pm->type == 1) {
        const char *t = match_enum(bool_vals, v.ptr, v.len);
        if (!t)
            return imp_diag_at(im, im->rownos[r], col, txt, BOOL_ZH, BOOL_EN);
        out->i = t[0] == '1' ? PO_MICRO : 0;
        return 0;
    }
    int64_t x;
    enum po_dec_status ds = po_dec_parse(&x, v.ptr, v.len);
    if (ds != PO_DEC_OK)
        return imp_diag_at(im, im->rownos[r], col, txt, po_dec_reason_zh(ds), po_dec_reason_en(ds));
    if (x < 0)
        return imp_diag_at(im, im->rownos[r], col, txt, "参数不能为负数",
                           "a parameter must not be negative");
    out->i = x;
    return 0;
}

/*
 * Files repeat themselves down a column (one enterprise's twelve months,
 * the same energy type and unit), so a cell equal to the one above it in
 * the same column takes the same parsed value without being parsed again.
 * Only successful parses are remembered; parse_cell depends on nothing but
 * the text and the column.
 */
static bool cacheable(enum ctype t)
{
    return t == CT_ENERGY_TYPE || t == CT_UNIT || t == CT_ENUM || t == CT_EDITION ||
           t == CT_ENTERPRISE || t == CT_BOOL || t == CT_YEAR || t == CT_MONTH;
}

static int parse_memo(struct imp *im, size_t r, size_t c, struct po_str v, union cell *out)
{
    struct memo *m = &im->memo[c];
    if (m->valid && m->len == v.len && (v.len == 0 || memcmp(m->raw, v.ptr, v.len) == 0)) {
        *out = m->val;
        return 0;
    }
    /*
     * Columns with few distinct values (types, units, years, enterprises)
     * also keep every value seen, keyed by column and text.
     */
    char key[72];
    bool cache = cacheable(im->k->cols[c].type) && v.len < sizeof(key) - 1;
    if (cache) {
        key[0] = (char)c;
        memcpy(key + 1, v.ptr, v.len);
        if (po_strmap_get(im->parsed, key, v.len + 1, &out->i))
            return 0;
    }
    size_t before = im->res->ndiags;
    int rc = parse_cell(im, r, (int)c, v, out);
    if (cache && rc == 0 && im->res->ndiags == before &&
        po_strmap_put(im->parsed, key, v.len + 1, out->i, NULL) < 0)
        return PO_ENOMEM;
    m->valid = false;
    if (rc == 0 && im->res->ndiags == before && v.len <= 256) {
        if (v.len > m->cap) {
            char *nr = po_arena_alloc(im->a, 256);
            if (!nr)
                return 0; /* no memo this time: still correct */
            m->raw = nr;
            m->cap = 256;
        }
        if (v.len)
            memcpy(m->raw, v.ptr, v.len);
        m->len = v.len;
        m->val = *out;
        m->valid = true;
    }
    return rc;
}

static int on_row(void *ctx, const struct po_row *row, struct po_err *err)
{
    struct imp *im = ctx;
    if (!im->have_header) {
        im->have_header = true;
        int rc = map_header(im, row);
        if (rc < 0)
            return po_err_set(err, rc, "内存不足", "out of memory");
        if (im->res->ndiags)
            return po_err_set(err, PO_EINVAL, "表头有误", "bad header");
        return 0;
    }
    if (im->nrows == im->caprows && grow_rows(im) < 0)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    size_t r = im->nrows++;
    im->rownos[r] = row->rowno;
    union cell *cells = imp_row(im, r);
    size_t before = im->res->ndiags;
    int rc = 0;
    for (size_t f = row->nfields; f-- > im->nfilecols;) {
        if (po_str_trim(row->fields[f]).len) {
            rc = imp_diag_at(im, row->rowno, NULL, NULL, "数据列数多于表头列数",
                             "more values than header columns");
            break;
        }
    }
    for (size_t c = 0; c < im->k->ncols && rc == 0; c++) {
        int f = im->colpos[c];
        struct po_str none = { "", 0 };
        struct po_str v = f >= 0 && (size_t)f < row->nfields ? row->fields[f] : none;
        rc = parse_memo(im, r, c, v, &cells[c]);
    }
    for (size_t p = 0; p < im->nparams && rc == 0; p++) {
        int f = im->param_pos[p];
        param_null(&im->params[p], &cells[im->k->ncols + p]);
        if (f >= 0 && (size_t)f < row->nfields)
            rc = parse_param(im, r, p, row->fields[f], &cells[im->k->ncols + p]);
    }
    if (rc == 0 && im->res->ndiags == before && im->scope)
        rc = scope_check(im, r, row);
    if (rc == 0 && im->res->ndiags == before && im->k->row_check)
        rc = im->k->row_check(im, r);
    if (rc == 1) { /* the kind folded the row into its own totals (meter) */
        im->nrows--;
        im->folded++;
        rc = 0;
    }
    if (rc < 0)
        return po_err_set(err, rc, "内存不足", "out of memory");
    return 0;
}

/* ---- registry lookups ---- */

static int load_lookups(struct imp *im, struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc;
    im->enterprises = po_strmap_new(im->a, 1024);
    im->districts = po_strmap_new(im->a, 256);
    im->district_parent = po_strmap_new(im->a, 256);
    im->industries = po_strmap_new(im->a, 256);
    im->interned = po_strmap_new(im->a, 1024);
    im->parsed = po_strmap_new(im->a, 1024);
    if (!im->enterprises || !im->districts || !im->industries || !im->interned || !im->parsed ||
        !im->district_parent)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");

    rc = po_stmt_prepare(&s, im->st, "SELECT uscc, id FROM enterprise", err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        struct po_value u = po_stmt_col(s, 0);
        rc = po_strmap_put(im->enterprises, u.s, u.len, po_stmt_int(s, 1), NULL) < 0 ? PO_ENOMEM
                                                                                      : 0;
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc == PO_ENOMEM ? po_err_set(err, rc, "内存不足", "out of memory") : rc;

    if (im->scope) {
        im->in_scope = po_strmap_new(im->a, 256);
        if (!im->in_scope)
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
        struct po_value d = po_vtext(im->scope);
        rc = po_stmt_prepare(&s, im->st, "SELECT id FROM enterprise WHERE district_code = ?", err);
        if (rc == 0)
            rc = po_stmt_bindv(s, &d, 1, err);
        while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
            int64_t id = po_stmt_int(s, 0);
            rc = po_strmap_put(im->in_scope, &id, sizeof(id), 1, NULL) < 0 ? PO_ENOMEM : 0;
        }
        po_stmt_finalize(s);
        if (rc < 0)
            return rc == PO_ENOMEM ? po_err_set(err, rc, "内存不足", "out of memory") : rc;
    }

    rc = po_stmt_prepare(&s, im->st, "SELECT code, level, parent_code FROM district", err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        struct po_value c = po_stmt_col(s, 0);
        const char *lv = po_stmt_text(s, 1);
        int64_t level = 0;
        for (int i = 0; i < 4; i++)
            if (strcmp(lv, po_district_levels[i]) == 0)
                level = i;
        rc = po_strmap_put(im->districts, c.s, c.len, level, NULL) < 0 ? PO_ENOMEM : 0;
        const char *parent = po_stmt_text(s, 2);
        if (rc == 0 && parent) {
            if (im->nparent_codes == im->capparent_codes) {
                size_t ncap = im->capparent_codes ? im->capparent_codes * 2 : 64;
                const char **np = po_arena_realloc(im->a, im->parent_codes,
                                                   im->capparent_codes * sizeof(char *),
                                                   ncap * sizeof(char *));
                if (!np) {
                    rc = PO_ENOMEM;
                    break;
                }
                im->parent_codes = np;
                im->capparent_codes = ncap;
            }
            im->parent_codes[im->nparent_codes] = po_arena_strdup(im->a, parent);
            rc = po_strmap_put(im->district_parent, c.s, c.len, (int64_t)im->nparent_codes++,
                               NULL) < 0
                     ? PO_ENOMEM
                     : 0;
        }
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc == PO_ENOMEM ? po_err_set(err, rc, "内存不足", "out of memory") : rc;

    rc = po_stmt_prepare(&s, im->st, "SELECT code, edition FROM industry", err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        char key[80];
        int n = snprintf(key, sizeof(key), "%s\x1f%s", po_stmt_text(s, 0), po_stmt_text(s, 1));
        rc = po_strmap_put(im->industries, key, (size_t)n, 1, NULL) < 0 ? PO_ENOMEM : 0;
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc == PO_ENOMEM ? po_err_set(err, rc, "内存不足", "out of memory") : rc;
    return 0;
}

static int load_params(struct imp *im, struct po_err *err)
{
    const struct po_embedded *e = po_embed_find("data/equipment_params.csv");
    if (!e)
        return po_err_set(err, PO_EINTERNAL, "缺少 data/equipment_params.csv",
                          "data/equipment_params.csv is not built in");
    size_t cap = 64;
    im->params = po_arena_calloc(im->a, cap, sizeof(struct param));
    if (!im->params)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    /* simple CSV: no quoting in this file's first five columns */
    const char *p = (const char *)e->data, *end = p + e->len;
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    p = nl ? nl + 1 : end; /* skip header */
    while (p < end && im->nparams < cap) {
        nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *f[5];
        size_t fl[5], n = 0;
        const char *q = p;
        while (n < 5 && q <= le) {
            const char *c = memchr(q, ',', (size_t)(le - q));
            const char *fe = c ? c : le;
            f[n] = q;
            fl[n] = (size_t)(fe - q);
            n++;
            q = fe + 1;
        }
        if (n == 5 && fl[0]) {
            struct param *pm = &im->params[im->nparams++];
            pm->tag = po_arena_strndup(im->a, f[0], fl[0]);
            pm->type = strncmp(f[1], "bool", 4) == 0 ? 1 : strncmp(f[1], "text", 4) == 0 ? 2 : 0;
            pm->unit = fl[2] ? po_arena_strndup(im->a, f[2], fl[2]) : NULL;
            pm->name_zh = po_arena_strndup(im->a, f[3], fl[3]);
        }
        p = le + 1;
    }
    im->param_pos = po_arena_calloc(im->a, im->nparams ? im->nparams : 1, sizeof(int));
    if (!im->param_pos)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < im->nparams; i++)
        im->param_pos[i] = -1;
    return 0;
}

/* ---- duplicate natural keys ---- */

/*
 * An open-addressing table of (hash, row) pairs: 8 bytes a row instead of a
 * copy of every key, comparing candidate rows cell by cell.  Key text is
 * interned or compared with strcmp, integers directly.
 */
static bool is_int_type(enum ctype t);

static uint32_t key_hash(struct imp *im, const union cell *c)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t k = 0; k < im->k->ncols; k++) {
        const struct colspec *cs = &im->k->cols[k];
        if (!(cs->flags & CF_KEY))
            continue;
        if (is_int_type(cs->type)) {
            h = (h ^ (uint64_t)c[k].i) * 1099511628211ULL;
        } else {
            for (const char *p = c[k].s ? c[k].s : ""; *p; p++)
                h = (h ^ (unsigned char)*p) * 1099511628211ULL;
            h = (h ^ 0xff) * 1099511628211ULL;
        }
    }
    return (uint32_t)(h ^ (h >> 32));
}

static bool key_equal(struct imp *im, const union cell *a, const union cell *b)
{
    for (size_t k = 0; k < im->k->ncols; k++) {
        const struct colspec *cs = &im->k->cols[k];
        if (!(cs->flags & CF_KEY))
            continue;
        if (is_int_type(cs->type)) {
            if (a[k].i != b[k].i)
                return false;
        } else if (a[k].s != b[k].s &&
                   strcmp(a[k].s ? a[k].s : "", b[k].s ? b[k].s : "") != 0) {
            return false;
        }
    }
    return true;
}

static int check_duplicates(struct imp *im)
{
    size_t cap = 64;
    while (cap < im->nrows * 2)
        cap *= 2;
    uint64_t *slots = calloc(cap, sizeof(uint64_t)); /* hash << 32 | (row + 1); 0 = empty */
    if (!slots)
        return PO_ENOMEM;
    int rc = 0;
    for (size_t r = 0; r < im->nrows && rc == 0; r++) {
        const union cell *c = imp_row(im, r);
        uint32_t h = key_hash(im, c);
        for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1)) {
            if (!slots[i]) {
                slots[i] = (uint64_t)h << 32 | (uint64_t)(r + 1);
                break;
            }
            size_t other = (size_t)(slots[i] & 0xffffffffu) - 1;
            if ((uint32_t)(slots[i] >> 32) == h && key_equal(im, c, imp_row(im, other))) {
                char zh[128], en[128];
                snprintf(zh, sizeof(zh), "与第 %zu 行重复（相同的唯一标识列）", im->rownos[other]);
                snprintf(en, sizeof(en), "duplicate of row %zu (same key columns)",
                         im->rownos[other]);
                rc = imp_diag(im, r, -1, NULL, zh, en);
                break;
            }
        }
    }
    free(slots);
    return rc;
}

/* ---- writing ---- */

static struct po_value cell_value(const struct colspec *cs, union cell c)
{
    if (is_int_type(cs->type))
        return c.i == CELL_NULL ? PO_VNULL : po_vint(c.i);
    return po_vtext(c.s);
}

static void progress_bar(const char *what, size_t done, size_t total)
{
    static const char bar[] = "########################################";
    int w = total ? (int)(40 * done / total) : 40;
    fprintf(stderr, "\r%-8s [%-40.*s] %3d%%", what, w, bar, total ? (int)(100 * done / total) : 100);
    if (done == total)
        fputc('\n', stderr);
}

static void read_progress(void *ctx, uint64_t done, uint64_t total)
{
    (void)ctx;
    progress_bar("读取/read", (size_t)(done >> 10), (size_t)(total >> 10));
}

static int write_params(struct imp *im, struct po_err *err);

struct fetch_ctx {
    struct imp *im;
    const int *which;
    size_t n;
    bool progress;
    size_t step;
};

/* Row i of the write order as database values (po_row_fetch_fn). */
static int fetch_row(void *vctx, size_t i, struct po_value *vals, struct po_err *err)
{
    (void)err;
    struct fetch_ctx *f = vctx;
    struct imp *im = f->im;
    size_t r = im->order ? im->order[i] : i;
    const union cell *cells = imp_row(im, r);
    for (size_t j = 0; j < f->n; j++)
        vals[j] = cell_value(&im->k->cols[f->which[j]], cells[f->which[j]]);
    if (f->progress && (i % f->step == 0 || i + 1 == im->nrows))
        progress_bar("写入/write", i + 1, im->nrows);
    return 0;
}

static int write_rows(struct imp *im, bool progress, struct po_err *err)
{
    const struct kindspec *k = im->k;
    const char *dbcols[64];
    int which[64];
    size_t n = 0, nkeys = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t c = 0; c < k->ncols; c++) {
            const struct colspec *cs = &k->cols[c];
            bool key = (cs->flags & CF_KEY) != 0;
            if (!cs->db || key != (pass == 0))
                continue;
            /* an absent column is left alone on update (its table default applies on insert) */
            if (!key && im->colpos[c] < 0 && !(cs->flags & CF_ALWAYS))
                continue;
            dbcols[n] = cs->db;
            which[n] = (int)c;
            n++;
            if (key)
                nkeys++;
        }
    }
    struct po_table_desc td = { k->table, dbcols, n, nkeys };
    struct fetch_ctx f = { im, which, n, progress, im->nrows / 100 + 1 };
    int rc = po_upsert_all(im->st, &td, im->nrows, fetch_row, &f, &im->res->counts, err);
    if (rc < 0)
        po_err_context(err, "%s", im->file);
    if (rc == 0 && k->has_params)
        rc = write_params(im, err);
    return rc;
}

/*
 * Equipment parameters: a present column with a value sets it, a present
 * column left empty removes it ("not applicable"), an absent column leaves
 * it alone.
 */
static int write_params(struct imp *im, struct po_err *err)
{
    bool any = false;
    for (size_t p = 0; p < im->nparams; p++)
        any = any || im->param_pos[p] >= 0;
    if (!any)
        return 0;
    static const char *const pcols[] = { "equipment_pk", "param", "value_micro", "value_text",
                                         "unit" };
    struct po_table_desc td = { "equipment_param", pcols, 5, 2 };
    struct po_stmt *idq = NULL, *del = NULL;
    struct po_upsert *u = NULL;
    int rc = po_stmt_prepare(&idq, im->st,
                             "SELECT id FROM equipment WHERE enterprise_id = ? AND equipment_id = ?",
                             err);
    if (rc == 0)
        rc = po_stmt_prepare(&del, im->st,
                             "DELETE FROM equipment_param WHERE equipment_pk = ? AND param = ?",
                             err);
    if (rc == 0)
        rc = po_upsert_begin(&u, im->st, &td, err);
    int64_t removed = 0;
    for (size_t r = 0; r < im->nrows && rc == 0; r++) {
        union cell *cells = imp_row(im, r);
        struct po_value key[2] = { po_vint(cells[0].i), po_vtext(cells[1].s) };
        rc = po_stmt_bindv(idq, key, 2, err);
        if (rc == 0 && (rc = po_stmt_step(idq, err)) == 1) {
            int64_t pk = po_stmt_int(idq, 0);
            rc = 0;
            for (size_t p = 0; p < im->nparams && rc == 0; p++) {
                if (im->param_pos[p] < 0)
                    continue;
                union cell c = cells[im->k->ncols + p];
                const struct param *pm = &im->params[p];
                if (pm->type == 2 ? c.s == NULL : c.i == CELL_NULL) {
                    struct po_value dv[2] = { po_vint(pk), po_vtext(pm->tag) };
                    rc = po_stmt_bindv(del, dv, 2, err);
                    if (rc == 0)
                        rc = po_stmt_step(del, err);
                    removed += po_stmt_changes(del);
                    po_stmt_reset(del, err);
                    continue;
                }
                struct po_value pv[5] = { po_vint(pk), po_vtext(pm->tag),
                                          pm->type == 2 ? PO_VNULL : po_vint(c.i),
                                          pm->type == 2 ? po_vtext(c.s) : PO_VNULL,
                                          po_vtext(pm->unit) };
                rc = po_upsert_row(u, pv, err);
            }
        } else if (rc == 0) {
            rc = po_err_set(err, PO_EINTERNAL, "设备写入后未找到", "equipment row vanished");
        }
        po_stmt_reset(idq, err);
    }
    struct po_upsert_counts pc = { 0, 0, 0 };
    if (u) {
        if (rc == 0)
            rc = po_upsert_end(u, &pc, err);
        else
            po_upsert_abort(u);
    }
    po_stmt_finalize(idq);
    po_stmt_finalize(del);
    im->res->params_changed = pc.inserted + pc.updated + removed;
    return rc;
}

static int file_sha256(char hex[65], const char *path, struct po_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return po_err_set(err, PO_EIO, "无法读取文件 %s", "cannot read %s", path);
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    unsigned char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        crypto_hash_sha256_update(&h, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (bad)
        return po_err_set(err, PO_EIO, "读取文件出错 %s", "error reading %s", path);
    unsigned char out[32];
    crypto_hash_sha256_final(&h, out);
    sodium_bin2hex(hex, 65, out, 32);
    return 0;
}

/*
 * The file's SHA-256 for the import log is computed on the second core
 * while the first parses the file: it reads the same bytes, which the page
 * cache then serves to both.
 */
struct hasher {
    pthread_t tid;
    const char *path;
    char hex[65];
    struct po_err err;
    int rc;
    bool started;
};

static void *hash_main(void *arg)
{
    struct hasher *h = arg;
    h->rc = file_sha256(h->hex, h->path, &h->err);
    return NULL;
}

static void hasher_start(struct hasher *h, const char *path)
{
    memset(h, 0, sizeof(*h));
    h->path = path;
    h->started = pthread_create(&h->tid, NULL, hash_main, h) == 0;
}

static int hasher_join(struct hasher *h, struct po_err *err)
{
    if (!h->started)
        return file_sha256(h->hex, h->path, err);
    pthread_join(h->tid, NULL);
    h->started = false;
    if (h->rc < 0 && err)
        *err = h->err;
    return h->rc;
}

static int record_batch(struct imp *im, struct hasher *hs, const struct po_import_opts *o,
                        struct po_err *err)
{
    char now[32];
    int rc = hasher_join(hs, err);
    if (rc < 0)
        return rc;
    const char *hex = hs->hex;
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
    struct po_import_result *res = im->res;
    struct po_value v[10] = { po_vtext(im->k->name), po_vtext(im->file), po_vtext(hex),
                              po_vtext(res->format), po_vint((int64_t)res->rows),
                              po_vint(res->counts.inserted), po_vint(res->counts.updated),
                              po_vint(res->counts.unchanged), po_vtext(now),
                              po_vtext(o->actor ? o->actor : "cli") };
    rc = po_store_run(im->st,
                      "INSERT INTO import_batch(kind, file_name, sha256, format, nrows, inserted,"
                      " updated, unchanged, imported_at, actor) VALUES (?,?,?,?,?,?,?,?,?,?)",
                      v, 10, err);
    if (rc < 0)
        return rc;
    /* the audit chain (app/audit.h) records the import in the same transaction as its rows */
    char object[320], detail[256];
    snprintf(object, sizeof(object), "%s:%s", im->k->name, im->file);
    snprintf(detail, sizeof(detail),
             "rows=%zu inserted=%" PRId64 " updated=%" PRId64 " unchanged=%" PRId64
             " format=%s sha256=%s",
             res->rows, res->counts.inserted, res->counts.updated, res->counts.unchanged,
             res->format, hex);
    return po_audit_append(im->st, now, o->actor ? o->actor : "cli", "import", object, detail,
                           err);
}

/* PHASEOUT_TIMING=1 prints the phases' wall times on stderr (for bench/). */
static void phase(const char *name)
{
    static struct timespec last;
    struct timespec now;
    if (!getenv("PHASEOUT_TIMING"))
        return;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (name && last.tv_sec)
        fprintf(stderr, "timing: %-10s %.3f s\n", name,
                (double)(now.tv_sec - last.tv_sec) + (double)(now.tv_nsec - last.tv_nsec) / 1e9);
    last = now;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void free_rows(struct imp *im)
{
    po_buf_release(&im->cellbuf);
    free(im->cells);
    free(im->rownos);
    free(im->order);
    im->cells = NULL;
    im->rownos = NULL;
    im->order = NULL;
}

int po_import_run(struct po_import_result *out, const struct kindspec *kinds, size_t nkinds,
                  struct po_store *st, const char *path, const struct po_import_opts *o,
                  struct po_arena *a, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    out->file = base_name(path);
    const struct kindspec *k = NULL;
    for (size_t i = 0; o->kind && !k && i < nkinds; i++)
        if (strcmp(kinds[i].name, o->kind) == 0)
            k = &kinds[i];
    if (!k)
        return po_err_set(err, PO_EINVAL, "未知的导入类别：%s", "unknown import kind: %s",
                          o->kind ? o->kind : "(none)");
    /* a district officer's file is checked row by row against the district: only per enterprise */
    if (o->scope_district && !imp_kind_per_enterprise(k))
        return po_err_set(err, PO_EPERM,
                          "区县账号只能导入本辖区企业的数据；%s 类数据不属于某个企业，"
                          "请由市工业和信息化局导入",
                          "a district officer imports only its district's enterprises' data; %s "
                          "rows are not about an enterprise (the city bureau imports them)",
                          k->name);
    if (sodium_init() < 0)
        return po_err_set(err, PO_EINTERNAL, "libsodium 初始化失败", "libsodium failed to start");
    struct imp im;
    memset(&im, 0, sizeof(im));
    im.a = a;
    im.st = st;
    im.k = k;
    im.res = out;
    im.file = out->file;
    im.scope = o->scope_district;
    im.scratch = (struct po_buf)PO_BUF_ARENA(a);
    im.cellbuf = (struct po_buf)PO_BUF_INIT;
    for (size_t i = 0; i < sizeof(im.colpos) / sizeof(im.colpos[0]); i++)
        im.colpos[i] = -1;
    int rc = load_lookups(&im, err);
    if (rc == 0 && k->has_params)
        rc = load_params(&im, err);
    if (rc < 0)
        return rc;
    im.width = k->ncols + im.nparams;
    im.memo = po_arena_calloc(a, k->ncols, sizeof(struct memo));
    if (!im.memo)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");

    struct po_table_info info;
    memset(&info, 0, sizeof(info));
    struct po_table_opts to = PO_TABLE_OPTS_INIT;
    to.encoding = o->encoding;
    to.sheet = o->sheet;
    to.info = &info;
    bool bar = o->progress && isatty(STDERR_FILENO);
    if (bar)
        to.progress = read_progress;
    struct hasher hs;
    hasher_start(&hs, path);
    phase(NULL);
    rc = po_table_read(path, &to, on_row, &im, err);
    phase("read");
    snprintf(out->format, sizeof(out->format), "%s", info.format);
    out->rows = im.nrows + im.folded;
    if (rc < 0 && out->ndiags == 0) {
        hasher_join(&hs, NULL);
        free_rows(&im);
        po_err_context(err, "%s", out->file);
        return rc;
    }
    if (rc == 0 && !im.have_header)
        imp_diag_at(&im, 0, NULL, NULL, "文件为空（没有表头）",
                    "the file is empty (no header row)");
    if (rc == 0 && out->ndiags == 0)
        rc = check_duplicates(&im);
    if (rc == 0 && out->ndiags == 0 && k->finish)
        rc = k->finish(&im);
    phase("check");
    if (rc < 0 && out->ndiags == 0) {
        hasher_join(&hs, NULL);
        free_rows(&im);
        return po_err_set(err, rc, "内存不足", "out of memory");
    }
    if (out->ndiags) {
        hasher_join(&hs, NULL);
        free_rows(&im);
        return po_err_set(err, PO_EINVAL, "%s 中有 %zu 处错误，未导入任何数据",
                          "%s: %zu error(s); nothing imported", out->file, out->ndiags);
    }
    /*
     * Every reference was looked up above, so the database need not check
     * them again row by row (on SQLite that halves the write time).  Rows
     * the references point to are never deleted (an enterprise exits by
     * status), so nothing can vanish between the lookups and the write.
     * Only for a top-level import: inside a caller's transaction the
     * setting cannot change and stays on.
     */
    bool fk_off = st->tx_depth == 0 && po_store_fk_enforce(st, false, err) == 0;
    rc = po_store_begin(st, err);
    bool began = rc == 0;
    if (rc == 0)
        rc = k->write ? k->write(&im, o->actor ? o->actor : "cli", err)
                      : write_rows(&im, bar, err);
    phase("write");
    if (rc == 0)
        rc = record_batch(&im, &hs, o, err);
    phase("log");
    if (began)
        rc = po_store_end(st, rc, err);
    phase("commit");
    if (fk_off)
        po_store_fk_enforce(st, true, NULL);
    if (hs.started)
        hasher_join(&hs, NULL);
    free_rows(&im);
    return rc;
}
