/*
 * publication.c: a publication's canonical text, CSV, XLSX and announcement PDF
 * (publication.h).
 */
#include "report/publication.h"

#include "format/tablebuf.h"

#include "format/sheetw.h"
#include "refdata/reftext.h"
#include "report/officialdoc.h"
#include "util/arena.h"
#include "util/buf.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void esc(struct po_buf *b, const char *s)
{
    for (; s && *s; s++)
        switch (*s) {
        case '\\': po_buf_adds(b, "\\\\"); break;
        case '\t': po_buf_adds(b, "\\t"); break;
        case '\r': po_buf_adds(b, "\\r"); break;
        case '\n': po_buf_adds(b, "\\n"); break;
        default: po_buf_addch(b, *s);
        }
}

static void field(struct po_buf *b, const char *name, const char *v)
{
    po_buf_adds(b, name);
    po_buf_addch(b, '\t');
    esc(b, v);
    po_buf_addch(b, '\n');
}

/* The ten row fields in canonical order. */
static void row_fields(const struct po_pub_row *r, const char *f[10])
{
    const char *v[10] = { r->enterprise_name, r->uscc,          r->district_code, r->district_name,
                          r->equipment,       r->capacity,      r->capacity_unit, r->measure_zh,
                          r->deadline,        r->basis_zh };
    memcpy(f, v, sizeof(v));
}

int po_pub_canonical(const struct po_publication *p, struct po_buf *out)
{
    char num[32];
    po_buf_adds(out, "phaseout-publication 1\n");
    field(out, "number", p->number);
    field(out, "list", po_pub_list_name(p->list));
    snprintf(num, sizeof(num), "%d", p->year);
    field(out, "year", num);
    field(out, "scope", p->district_code ? p->district_code : "city");
    field(out, "published_at", p->published_at);
    field(out, "actor", p->actor);
    if (p->supersedes)
        snprintf(num, sizeof(num), "%lld", (long long)p->supersedes);
    else
        num[0] = 0;
    field(out, "supersedes", num);
    field(out, "reason", p->reason ? p->reason : "");
    snprintf(num, sizeof(num), "%zu", p->nrows);
    field(out, "rows", num);
    for (size_t i = 0; i < p->nrows; i++) {
        const char *f[10];
        row_fields(&p->rows[i], f);
        for (int k = 0; k < 10; k++) {
            if (k)
                po_buf_addch(out, '\t');
            esc(out, f[k]);
        }
        po_buf_addch(out, '\n');
    }
    return po_buf_failed(out) ? PO_ENOMEM : 0;
}

int po_pub_hash(const struct po_publication *p, char hex[65])
{
    struct po_buf b = PO_BUF_INIT;
    int rc = po_pub_canonical(p, &b);
    if (rc == 0) {
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, (const unsigned char *)b.buf, b.len);
        sodium_bin2hex(hex, 65, h, sizeof(h));
    }
    po_buf_release(&b);
    return rc;
}

static const char *const head[] = { "序号",     "企业名称", "统一社会信用代码", "所在地区",
                                    "设备（生产线）", "产能", "计量单位", "措施",
                                    "期限",     "依据" };
#define NHEAD (sizeof(head) / sizeof(head[0]))

/* Row i's cells in the order of head (the number as text in num). */
static void cells_of(const struct po_pub_row *r, size_t i, char num[24], const char *c[NHEAD])
{
    snprintf(num, 24, "%zu", i + 1);
    const char *v[NHEAD] = { num,          r->enterprise_name, r->uscc,          r->district_name,
                             r->equipment, r->capacity,        r->capacity_unit, r->measure_zh,
                             r->deadline,  r->basis_zh };
    memcpy(c, v, sizeof(v));
}

int po_pub_csv(const struct po_publication *p, struct po_buf *out, struct po_err *err)
{
    po_buf_adds(out, "\xEF\xBB\xBF");
    for (size_t k = 0; k < NHEAD; k++) {
        if (k)
            po_buf_addch(out, ',');
        po_tablebuf_csv_cell(out, head[k]);
    }
    po_buf_adds(out, "\r\n");
    for (size_t i = 0; i < p->nrows; i++) {
        char num[24];
        const char *c[NHEAD];
        cells_of(&p->rows[i], i, num, c);
        for (size_t k = 0; k < NHEAD; k++) {
            if (k)
                po_buf_addch(out, ',');
            po_tablebuf_csv_cell(out, c[k]);
        }
        po_buf_adds(out, "\r\n");
    }
    if (po_buf_failed(out))
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    return 0;
}

int po_pub_xlsx(const struct po_publication *p, struct po_buf *out, struct po_err *err)
{
    size_t nrows = p->nrows + 1;
    const char **cells = calloc(nrows * NHEAD, sizeof(*cells));
    char(*nums)[24] = calloc(nrows, sizeof(*nums));
    if (!cells || !nums) {
        free(cells), free(nums);
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    memcpy(cells, head, sizeof(head));
    for (size_t i = 0; i < p->nrows; i++)
        cells_of(&p->rows[i], i, nums[i], cells + (i + 1) * NHEAD);
    /* the publication's own time: the same publication, the same bytes */
    struct tm tm = { 0 };
    long long created = p->published_at && strptime(p->published_at, "%Y-%m-%dT%H:%M:%SZ", &tm)
                            ? (long long)timegm(&tm)
                            : 0;
    int rc = po_tablebuf_write(out, PO_SHEET_XLSX, "公示名单", cells, NHEAD, nrows, created, err);
    free(cells);
    free(nums);
    return rc;
}

int po_pub_pdf(const struct po_publication *p, struct po_buf *out, struct po_err *err)
{
    struct po_arena *a = po_arena_new();
    if (!a)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    const char *heading, *basis, *authority, *seal, *title;
    const char *list = po_pub_list_name(p->list);
    int rc = po_reftext_get(&heading, a, PO_PUBLISTS_FILE, list, "heading_zh", err);
    if (rc == 0)
        rc = po_reftext_get(&basis, a, PO_PUBLISTS_FILE, list, "basis_zh", err);
    if (rc == 0)
        rc = po_reftext_get(&title, a, PO_PUBLISTS_FILE, list, "title_zh", err);
    if (rc == 0)
        rc = po_reftext_get(&authority, a, PO_AUTHORITIES_FILE, "miit_public", "name_zh", err);
    if (rc == 0)
        rc = po_reftext_get(&seal, a, PO_AUTHORITIES_FILE, "miit_public", "seal_zh", err);
    if (rc < 0) {
        po_arena_destroy(a);
        return rc;
    }
    char year[16], date[40], hex[65];
    snprintf(year, sizeof(year), "%d", p->year);
    const char *names[] = { "year" };
    const char *values[] = { year };
    const char *t = po_reftext_fill(a, heading, names, values, 1);
    const char *scope = p->district_name ? p->district_name : "全市";
    const char *paras[3];
    paras[0] = po_arena_printf(a,
                               "根据%s，现将%s%s（%s年，共%zu条）予以公告，接受社会监督。",
                               basis, scope, title, year, p->nrows);
    paras[1] = p->supersedes ? po_arena_printf(a, "本公告更正此前发布的第 %lld 号公示，更正原因：%s。",
                                               (long long)p->supersedes, p->reason ? p->reason : "")
                             : "如对名单有异议，或发现名单内企业违规生产，可通过市工业和信息化局公开网站“举报”栏目反映。";
    paras[2] = NULL;
    size_t nparas = 2;
    const char **cells = po_arena_alloc(a, (p->nrows ? p->nrows : 1) * NHEAD * sizeof(*cells));
    char(*nums)[24] = po_arena_alloc(a, (p->nrows ? p->nrows : 1) * 24);
    if (!t || !paras[0] || !paras[1] || !cells || !nums) {
        po_arena_destroy(a);
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    for (size_t i = 0; i < p->nrows; i++)
        cells_of(&p->rows[i], i, nums[i], cells + i * NHEAD);
    po_pub_hash(p, hex);
    static const double widths[NHEAD] = { 0.5, 1.8, 1.9, 1.0, 1.8, 1.0, 0.8, 1.1, 1.3, 3.4 };
    struct po_officialdoc d = {
        .authority_zh = authority,
        .doc_number = p->number,
        .title = t,
        .paras = paras,
        .nparas = nparas,
        .table_head = head,
        .ncols = NHEAD,
        .table_cells = cells,
        .nrows = p->nrows,
        .date_zh = po_officialdoc_date_zh(date, sizeof(date), p->published_at),
        .seal_text = seal,
        .footer = po_arena_printf(a, "本公告数据的 SHA-256 校验值：%s（公示编号 %lld，可在公开网站核验）",
                                  hex, (long long)p->id),
        .date_iso = p->published_at,
        .table_widths = widths,
    };
    rc = po_officialdoc_pdf(&d, out, err);
    po_arena_destroy(a);
    return rc;
}
