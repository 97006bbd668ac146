/*
 * surcharge_out.c: the statement, the notice and the explanation of a surcharge run
 * (surcharge_out.h).
 *
 * One table of columns gives the statement's header and each row's cells, so the CSV, the XLSX
 * and the notice's table cannot disagree on what a column holds.
 */
#include "report/surcharge_out.h"
#include "core/decimal.h"
#include "core/surcharge.h"
#include "format/sheetw.h"
#include "refdata/reftext.h"
#include "report/officialdoc.h"
#include "format/tablebuf.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

__extension__ typedef __int128 i128;

enum {
    C_USCC,
    C_NAME,
    C_DISTRICT,
    C_RULE,
    C_KIND,
    C_BASIS,
    C_QTY,
    C_UNIT,
    C_SOURCE,
    C_RATE,
    C_DAYS,
    C_AMOUNT,
    C_STATUS,
    C_REASON,
    C_DOC,
    C_VERIFY,
    NCOLS
};

static const char *const head[NCOLS] = {
    "统一社会信用代码", "企业名称",  "行政区划",         "规则及版本", "加价类别",
    "类别或档次",       "电量或水量", "单位",             "数据来源",   "加价标准（元/单位）",
    "适用天数/当月天数", "金额（元）", "状态",             "原因",       "依据文件及条款",
    "核实情况",
};

static const bool numeric[NCOLS] = { [C_QTY] = true, [C_RATE] = true, [C_AMOUNT] = true };

char *po_scout_yuan(char *buf, size_t n, int64_t micro)
{
    bool neg = micro < 0;
    uint64_t m = neg ? (uint64_t)0 - (uint64_t)micro : (uint64_t)micro;
    uint64_t cents = (m + 5000) / 10000;
    snprintf(buf, n, "%s%llu.%02llu", neg ? "-" : "", (unsigned long long)(cents / 100),
             (unsigned long long)(cents % 100));
    return buf;
}

static const char *dec(struct po_arena *a, int64_t v)
{
    char b[40];
    po_dec_format(b, sizeof b, v);
    return po_arena_strdup(a, b);
}

static const char *kind_zh(const struct po_sc_stored_row *r)
{
    enum po_sc_kind k;
    if (r->kind[0] && po_sc_kind_parse(&k, r->kind) == 0)
        return po_sc_kind_zh(k);
    if (strcmp(r->family, "punitive") == 0)
        return "超能耗限额惩罚性电价";
    if (strcmp(r->family, "tiered") == 0)
        return "阶梯电价";
    return strcmp(r->family, "water") == 0 ? "超定额累进加价水价" : "差别电价";
}

/* The cells of r in the order of head; NULL when out of memory. */
static const char **cells(const struct po_sc_stored_row *r, struct po_arena *a)
{
    const char **c = po_arena_calloc(a, NCOLS, sizeof *c);
    if (!c)
        return NULL;
    char y[32];
    c[C_USCC] = r->uscc;
    c[C_NAME] = r->name;
    c[C_DISTRICT] = r->district;
    c[C_RULE] = r->rule_id[0] ? po_arena_printf(a, "%s v%d", r->rule_id, r->rule_version) : "";
    c[C_KIND] = kind_zh(r);
    c[C_BASIS] = r->basis;
    c[C_QTY] = r->has_quantity ? dec(a, r->quantity_micro) : "";
    c[C_UNIT] = r->quantity_unit;
    c[C_SOURCE] = r->quantity_source;
    c[C_RATE] = r->has_rate ? dec(a, r->rate_micro) : "";
    c[C_DAYS] = po_arena_printf(a, "%d/%d", r->days, r->days_in_month);
    c[C_AMOUNT] = r->has_amount ? po_arena_strdup(a, po_scout_yuan(y, sizeof y, r->amount_micro))
                                : "";
    c[C_STATUS] = r->status;
    c[C_REASON] = r->reason_zh;
    c[C_DOC] = r->document[0] ? po_arena_printf(a, "%s %s", r->document, r->article) : "";
    c[C_VERIFY] = r->low_confidence ? "待核实" : "";
    for (int i = 0; i < NCOLS; i++)
        if (!c[i])
            return NULL;
    return c;
}

static int nomem(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

int po_scout_csv(struct po_buf *out, const struct po_sc_stored_run *run, struct po_arena *a,
                 struct po_err *err)
{
    po_buf_adds(out, "\xEF\xBB\xBF");
    for (size_t i = 0; i <= run->nrows; i++) {
        const char *const *c = i == 0 ? head : cells(&run->rows[i - 1], a);
        if (!c)
            return nomem(err);
        for (int k = 0; k < NCOLS; k++) {
            if (k)
                po_buf_addch(out, ',');
            po_tablebuf_csv_cell(out, c[k]);
        }
        po_buf_adds(out, "\r\n");
    }
    return po_buf_failed(out) ? nomem(err) : 0;
}

int po_scout_xlsx(const char *path, const struct po_sc_stored_run *run, struct po_arena *a,
                  struct po_err *err)
{
    struct po_sheetw *w = NULL;
    int rc = po_sheetw_open(&w, path, PO_SHEET_XLSX, "附加费", err);
    if (rc < 0)
        return rc;
    struct po_cell row[NCOLS];
    for (size_t i = 0; rc == 0 && i <= run->nrows; i++) {
        const char *const *c = i == 0 ? head : cells(&run->rows[i - 1], a);
        if (!c) {
            rc = nomem(err);
            break;
        }
        for (int k = 0; k < NCOLS; k++)
            row[k] = (struct po_cell){ !c[k][0]                 ? PO_CELL_EMPTY
                                       : i && numeric[k]        ? PO_CELL_NUMBER
                                                                : PO_CELL_TEXT,
                                       c[k] };
        rc = po_sheetw_row(w, row, NCOLS, err);
    }
    /* the run's time, not the clock's: the same run gives the same workbook */
    struct tm tm = { 0 };
    const char *end = strptime(run->created_at, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (end && !*end)
        po_sheetw_set_created(w, (long long)timegm(&tm));
    int crc = po_sheetw_close(w, err);
    return rc < 0 ? rc : crc;
}

/* ---- the notice ---- */

static int word(const char **out, struct po_arena *a, const char *file, const char *key,
                const char *col, struct po_err *err)
{
    return po_reftext_get(out, a, file, key, col, err);
}

/* The distinct "document article" of the rows, "、"-joined. */
static const char *bases(const struct po_sc_stored_run *run, size_t lo, size_t hi,
                         struct po_arena *a)
{
    struct po_buf b = PO_BUF_INIT;
    b.arena = a;
    for (size_t i = lo; i < hi; i++) {
        const struct po_sc_stored_row *r = &run->rows[i];
        if (!r->document[0])
            continue;
        bool seen = false;
        for (size_t j = lo; j < i && !seen; j++)
            seen = strcmp(run->rows[j].document, r->document) == 0;
        if (!seen)
            po_buf_addf(&b, "%s《%s》", b.len ? "、" : "", r->document);
    }
    return po_buf_failed(&b) ? NULL : b.buf;
}

int po_scout_notice(struct po_buf *out, const struct po_sc_stored_run *run, size_t lo, size_t hi,
                    const char *date_iso, struct po_arena *a, struct po_err *err)
{
    const char *title, *body, *action, *authority, *seal;
    int rc = word(&title, a, PO_NOTICE_TEXTS_FILE, "surcharge", "title_zh", err);
    if (rc == 0)
        rc = word(&body, a, PO_NOTICE_TEXTS_FILE, "surcharge", "body_zh", err);
    if (rc == 0)
        rc = word(&action, a, PO_NOTICE_TEXTS_FILE, "surcharge", "action_zh", err);
    if (rc == 0)
        rc = word(&authority, a, PO_AUTHORITIES_FILE, "miit", "name_zh", err);
    if (rc == 0)
        rc = word(&seal, a, PO_AUTHORITIES_FILE, "miit", "seal_zh", err);
    if (rc < 0)
        return rc;
    int64_t total = 0;
    for (size_t i = lo; i < hi; i++)
        if (run->rows[i].has_amount)
            total += run->rows[i].amount_micro;
    char y[32], month[32];
    snprintf(month, sizeof month, "%d年%d月", run->year, run->month);
    const char *names[] = { "month", "total", "basis" };
    const char *vals[] = { month, po_scout_yuan(y, sizeof y, total), bases(run, lo, hi, a) };
    if (!vals[2])
        return nomem(err);
    static const int tcols[] = { C_RULE, C_KIND, C_BASIS, C_QTY, C_UNIT, C_RATE,
                                 C_DAYS, C_AMOUNT, C_STATUS, C_VERIFY };
    enum { NT = sizeof tcols / sizeof tcols[0] };
    const char **th = po_arena_calloc(a, NT, sizeof *th);
    const char **tc = po_arena_calloc(a, NT * (hi - lo) + 1, sizeof *tc);
    const char *paras[2] = { po_reftext_fill(a, body, names, vals, 3),
                             po_reftext_fill(a, action, names, vals, 3) };
    if (!th || !tc || !paras[0] || !paras[1])
        return nomem(err);
    for (size_t k = 0; k < NT; k++)
        th[k] = head[tcols[k]];
    for (size_t i = lo; i < hi; i++) {
        const char **c = cells(&run->rows[i], a);
        if (!c)
            return nomem(err);
        for (size_t k = 0; k < NT; k++)
            tc[(i - lo) * NT + k] = c[tcols[k]];
    }
    static const double widths[NT] = { 1.6, 1.5, 1.4, 1.3, 0.6, 0.8, 0.8, 1.1, 1.1, 0.7 };
    size_t nth = 1; /* the enterprise's place in the run */
    for (size_t i = 1; i <= lo; i++)
        nth += strcmp(run->rows[i].uscc, run->rows[i - 1].uscc) != 0;
    char date_zh[40];
    struct po_officialdoc d = {
        .authority_zh = authority,
        .doc_number = po_arena_printf(a, "附加费核算第%lld-%zu号", (long long)run->id, nth),
        .title = po_reftext_fill(a, title, names, vals, 3),
        .addressee = run->rows[lo].name,
        .paras = paras,
        .nparas = 2,
        .table_head = th,
        .ncols = NT,
        .table_cells = tc,
        .nrows = hi - lo,
        .date_zh = po_officialdoc_date_zh(date_zh, sizeof date_zh, date_iso),
        .seal_text = seal,
        .footer = po_arena_printf(a, "规则集 %s sha256 %.16s…；统一社会信用代码 %s",
                                  run->rules_name, run->rules_sha256, run->rows[lo].uscc),
        .date_iso = date_iso,
        .table_widths = widths,
    };
    if (!d.doc_number || !d.title || !d.footer)
        return nomem(err);
    return po_officialdoc_pdf(&d, out, err);
}

/* ---- the explanation ---- */

/* quantity × rate × days / days_in_month before rounding: exact to 10^-6 yuan, or "≈". */
static void formula(struct po_buf *b, const struct po_sc_stored_row *r)
{
    char q[40], rt[40], exact[40], y[32];
    po_dec_format(q, sizeof q, r->quantity_micro);
    po_dec_format(rt, sizeof rt, r->rate_micro);
    i128 n = (i128)r->quantity_micro * r->rate_micro * r->days;
    i128 d = (i128)r->days_in_month * PO_MICRO;
    i128 v = n / d;
    po_dec_format(exact, sizeof exact, (int64_t)v);
    po_buf_addf(b, "  公式 / formula: %s %s × %s × %d / %d = %s%s 元 / yuan\n", q,
                r->quantity_unit, rt, r->days, r->days_in_month, n % d ? "≈ " : "", exact);
    po_buf_addf(b, "  舍入 / rounding: 每行一次，四舍五入到 0.01 元 / once per row, half up to 0.01"
                   " yuan → %s 元 / yuan\n",
                po_scout_yuan(y, sizeof y, r->amount_micro));
}

static void explain_row(struct po_buf *b, const struct po_sc_stored_row *r)
{
    if (r->rule_id[0])
        po_buf_addf(b, "规则 / rule %s v%d（%s，%s）%s\n", r->rule_id, r->rule_version,
                    kind_zh(r), r->kind, r->low_confidence ? " 待核实 / to verify (low confidence)" : "");
    else
        po_buf_addf(b, "规则 / rule: —（%s）\n", kind_zh(r));
    po_buf_addf(b, "  事实 / fact: %s%s%s%s%s\n", r->basis[0] ? r->basis : "—",
                r->sector[0] ? "，部位 / sector " : "", r->sector,
                r->finding_id[0] ? "，评估结论 / finding " : "", r->finding_id);
    char q[40], rt[40];
    if (r->has_quantity)
        po_dec_format(q, sizeof q, r->quantity_micro);
    po_buf_addf(b, "  数量 / quantity: %s %s%s%s%s\n", r->has_quantity ? q : "未记录 / not recorded",
                r->quantity_unit, r->quantity_source[0] ? "（" : "", r->quantity_source,
                r->quantity_source[0] ? "）" : "");
    if (r->has_rate)
        po_dec_format(rt, sizeof rt, r->rate_micro);
    po_buf_addf(b, "  标准 / rate: %s 元/%s%s\n", r->has_rate ? rt : "—", r->quantity_unit,
                r->steps ? "（阶梯步数 / steps counted）" : "");
    if (r->steps)
        po_buf_addf(b, "  阶梯 / steps: %lld\n", (long long)r->steps);
    po_buf_addf(b, "  天数 / days: %d / %d\n", r->days, r->days_in_month);
    if (r->has_amount)
        formula(b, r);
    else
        po_buf_addf(b, "  状态 / status: %s — %s / %s\n", r->status, r->reason_zh, r->reason_en);
    if (r->document[0])
        po_buf_addf(b, "  依据 / legal basis: %s %s\n", r->document, r->article);
}

int po_scout_explain(struct po_buf *out, const struct po_sc_stored_run *run, const char *uscc,
                     struct po_arena *a, struct po_err *err)
{
    (void)a;
    int64_t total = 0;
    size_t n = 0;
    for (size_t i = 0; i < run->nrows; i++) {
        const struct po_sc_stored_row *r = &run->rows[i];
        if (strcmp(r->uscc, uscc) != 0)
            continue;
        if (n++ == 0)
            po_buf_addf(out, "%s %s（%s）%04d-%02d，核算批次 / run %lld，规则集 / rules %s sha256 %s\n",
                        r->uscc, r->name, r->district, run->year, run->month, (long long)run->id,
                        run->rules_name, run->rules_sha256);
        explain_row(out, r);
        if (r->has_amount)
            total += r->amount_micro;
    }
    if (n == 0)
        return po_err_set(err, PO_ENOTFOUND, "%04d-%02d 的核算中没有企业 %s 的附加费",
                          "no surcharge in the run of %04d-%02d for enterprise %s", run->year,
                          run->month, uscc);
    char y[32];
    po_buf_addf(out, "合计 / total: %s 元 / yuan（%zu 行 / rows）\n",
                po_scout_yuan(y, sizeof y, total), n);
    return po_buf_failed(out) ? nomem(err) : 0;
}
