/* template.c: import templates (see template.h). */
#include "ingest/template.h"

#include <stdbool.h>
#include <string.h>
#include <xlsxwriter.h>

#include "ingest/import_doc.h"
#include "ingest/import_int.h"
#include "ingest/import_kinds.h"

static int unknown_kind(const char *kind, struct po_err *err)
{
    return po_err_set(
        err, PO_EINVAL,
        "未知的导入类别“%s”（可用：districts industries enterprises "
        "equipment energy output economics inspections licences targets meter water）",
        "unknown import kind \"%s\" (known: districts industries enterprises equipment "
        "energy output economics inspections licences targets meter water)",
        kind ? kind : "");
}

/* The first '|'-separated alias into buf. */
static const char *first_alias(const char *aliases, char *buf, size_t cap)
{
    size_t n = strcspn(aliases, "|");
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, aliases, n);
    buf[n] = 0;
    return buf;
}

static const char *type_words(enum ctype t)
{
    switch (t) {
    case CT_TEXT:
        return "文字 / text";
    case CT_CODE:
        return "编码，不含空格，至多64字符 / a code: no spaces, at most 64 characters";
    case CT_INT:
        return "不小于 0 的整数 / whole number ≥ 0";
    case CT_YEAR:
        return "年份 1990–2100 / year 1990–2100";
    case CT_MONTH:
        return "1–12；留空 = 全年 / 1–12; empty = the whole year";
    case CT_DEC:
        return "数值，可为负 / number, may be negative";
    case CT_DEC_NN:
        return "不小于 0 的数值 / number ≥ 0";
    case CT_DATE:
        return "日期 YYYY-MM-DD（也可 2024年3月5日）/ date YYYY-MM-DD";
    case CT_DATE_PARTIAL:
        return "YYYY、YYYY-MM 或 YYYY-MM-DD / YYYY, YYYY-MM or YYYY-MM-DD";
    case CT_FOUNDED:
        return "年份或日期 / a year or a date";
    case CT_BOOL:
        return "是 / 否；留空 = 未记录（不等于“否”）/ yes / no; empty = not recorded (not \"no\")";
    case CT_ENUM:
        return "";
    case CT_ENTERPRISE:
        return "已登记企业的统一社会信用代码 / USCC of a registered enterprise";
    case CT_USCC:
        return "18位统一社会信用代码（GB 32100-2015）/ 18-character USCC (GB 32100-2015)";
    case CT_DISTRICT:
        return "已登记的行政区划代码 / a registered jurisdiction code";
    case CT_EDITION:
        return "2017 或 2011 / 2017 or 2011";
    case CT_ENERGY_TYPE:
        return "能源品种，中文名或代码（见参考数据“能源折标准煤系数”）/ energy type, Chinese name "
               "or tag";
    case CT_UNIT:
        return "计量单位，如 t、万吨、kWh、万千瓦时、m3、万立方米、GJ、tce / a unit";
    }
    return "";
}

/* The allowed values of column cs, in words, into buf. */
static const char *allowed(const struct colspec *cs, char *buf, size_t cap)
{
    if (cs->type != CT_ENUM || !cs->enums)
        return type_words(cs->type);
    size_t used = 0;
    buf[0] = 0;
    for (const struct po_enumval *ev = cs->enums; ev->tag && used + 1 < cap; ev++) {
        char zh[128];
        int n = snprintf(buf + used, cap - used, "%s%s（%s）", used ? "、" : "",
                         first_alias(ev->aliases, zh, sizeof(zh)), ev->tag);
        if (n < 0 || (size_t)n >= cap - used)
            break;
        used += (size_t)n;
    }
    return buf;
}

static bool required(const struct colspec *cs)
{
    return (cs->flags & CF_REQUIRED) != 0;
}

/* One column of a template: its spec (NULL for a parameter column) and its doc. */
struct tcol {
    const struct colspec *cs;
    const struct po_import_coldoc *doc;
    char header[128];
};

static size_t template_cols(const struct kindspec *k, struct tcol *out, size_t cap)
{
    size_t n = 0;
    for (size_t c = 0; c < k->ncols && n < cap; c++) {
        const struct po_import_coldoc *d = po_import_coldoc_find(k->name, k->cols[c].name);
        if (!d || d->omit)
            continue;
        out[n].cs = &k->cols[c];
        out[n].doc = d;
        first_alias(k->cols[c].aliases, out[n].header, sizeof(out[n].header));
        n++;
    }
    for (size_t i = 0; i < po_import_ncoldocs && n < cap; i++) {
        const struct po_import_coldoc *d = &po_import_coldocs[i];
        if (strcmp(d->kind, k->name) != 0 || !d->header)
            continue;
        out[n].cs = NULL;
        out[n].doc = d;
        snprintf(out[n].header, sizeof(out[n].header), "%s", d->header);
        n++;
    }
    return n;
}

int po_template_check_docs(struct po_err *err)
{
    for (size_t i = 0; i < po_import_kind_count; i++) {
        const struct kindspec *k = &po_import_kind_table[i];
        if (!po_import_kind_title_zh(k->name))
            return po_err_set(err, PO_EINVAL, "导入类别 %s 没有中文名称",
                              "import kind %s has no title", k->name);
        for (size_t c = 0; c < k->ncols; c++)
            if (!po_import_coldoc_find(k->name, k->cols[c].name))
                return po_err_set(
                    err, PO_EINVAL, "导入类别 %s 的列 %s 没有填写说明（import_doc.c）",
                    "column %s.%s has no doc in import_doc.c", k->name, k->cols[c].name);
    }
    for (size_t i = 0; i < po_import_ncoldocs; i++) {
        const struct po_import_coldoc *d = &po_import_coldocs[i];
        const struct kindspec *k = po_import_kind_find(d->kind);
        bool found = false;
        for (size_t c = 0; k && c < k->ncols; c++)
            found = found || strcmp(k->cols[c].name, d->column) == 0;
        if (!k || (!found && !(d->header && k->has_params)))
            return po_err_set(err, PO_EINVAL, "填写说明 %s.%s 不对应任何导入列",
                              "doc %s.%s matches no import column", d->kind, d->column);
    }
    return 0;
}

#define MAXCOLS 64

int po_template_write_xlsx(const char *kind, const char *path, struct po_err *err)
{
    const struct kindspec *k = kind ? po_import_kind_find(kind) : NULL;
    if (!k)
        return unknown_kind(kind, err);
    struct tcol cols[MAXCOLS];
    size_t n = template_cols(k, cols, MAXCOLS);
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return po_err_set(err, PO_EIO, "无法创建 %s", "cannot create %s", path);
    const char *title = po_import_kind_title_zh(k->name);
    lxw_worksheet *ws = workbook_add_worksheet(wb, title);
    lxw_worksheet *help = workbook_add_worksheet(wb, "填写说明");
    lxw_format *text = workbook_add_format(wb);
    format_set_num_format(text, "@");
    lxw_format *head = workbook_add_format(wb);
    format_set_bold(head);
    format_set_num_format(head, "@");
    format_set_border(head, LXW_BORDER_THIN);
    lxw_format *head_req = workbook_add_format(wb);
    format_set_bold(head_req);
    format_set_num_format(head_req, "@");
    format_set_border(head_req, LXW_BORDER_THIN);
    format_set_bg_color(head_req, 0xFCE4D6);
    lxw_format *example = workbook_add_format(wb);
    format_set_num_format(example, "@");
    format_set_font_color(example, 0x595959);
    lxw_format *wrap = workbook_add_format(wb);
    format_set_text_wrap(wrap);
    format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);

    for (size_t c = 0; c < n; c++) {
        bool req = cols[c].cs && required(cols[c].cs);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, 20, text);
        worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c].header, req ? head_req : head);
        if (cols[c].doc->example[0])
            worksheet_write_string(ws, 1, (lxw_col_t)c, cols[c].doc->example, example);
    }
    worksheet_freeze_panes(ws, 1, 0);

    char line[512];
    snprintf(line, sizeof(line), "%s导入模板 填写说明（%s, import kind \"%s\"）", title,
             po_import_kind_title_en(k->name), k->name);
    worksheet_write_string(help, 0, 0, line, bold);
    worksheet_write_string(
        help, 1, 0,
        "第一张表第1行为列名（勿改），第2行为示例数据，导入前请替换或删除；底色为橙色的列必填。"
        "保存为 XLSX 或 CSV 后在“数据导入”页上传，或执行 phaseout import --kind "
        "类别 文件。任一行有错则整份文件不导入，错误提示指明行和列。",
        NULL);
    worksheet_write_string(
        help, 2, 0,
        "Sheet 1: row 1 holds the headers (keep them), row 2 an example to replace "
        "or delete; shaded columns are required. Any error and nothing is imported.",
        NULL);
    static const char *const hh[] = {
        "列名",          "英文列名 / column",         "含义 / meaning",
        "单位 / unit",   "允许取值 / allowed values", "是否必填 / required",
        "示例 / example"
    };
    for (size_t c = 0; c < 7; c++)
        worksheet_write_string(help, 4, (lxw_col_t)c, hh[c], head);
    worksheet_set_column(help, 0, 1, 22, wrap);
    worksheet_set_column(help, 2, 2, 60, wrap);
    worksheet_set_column(help, 3, 3, 12, wrap);
    worksheet_set_column(help, 4, 4, 50, wrap);
    worksheet_set_column(help, 5, 6, 16, wrap);
    char buf[2048], meaning[1024];
    for (size_t c = 0; c < n; c++) {
        lxw_row_t r = (lxw_row_t)(5 + c);
        const struct po_import_coldoc *d = cols[c].doc;
        snprintf(meaning, sizeof(meaning), "%s\n%s", d->meaning_zh, d->meaning_en);
        worksheet_write_string(help, r, 0, cols[c].header, wrap);
        worksheet_write_string(help, r, 1, d->column, wrap);
        worksheet_write_string(help, r, 2, meaning, wrap);
        worksheet_write_string(help, r, 3, d->unit ? d->unit : "", wrap);
        worksheet_write_string(
            help, r, 4,
            cols[c].cs
                ? allowed(cols[c].cs, buf, sizeof(buf))
                : "设备参数，按参考数据“设备参数”的单位填写 / an equipment parameter, in its unit",
            wrap);
        worksheet_write_string(
            help, r, 5, cols[c].cs && required(cols[c].cs) ? "必填 / required" : "选填 / optional",
            wrap);
        worksheet_write_string(help, r, 6, d->example, wrap);
    }
    lxw_error e = workbook_close(wb);
    if (e != LXW_NO_ERROR) {
        remove(path);
        return po_err_set(err, PO_EIO, "无法写入 %s：%s", "cannot write %s: %s", path,
                          lxw_strerror(e));
    }
    return 0;
}

/* A Markdown cell: '|' and newlines would break the table. */
static void md_cell(FILE *f, const char *s)
{
    fputs(" ", f);
    for (; s && *s; s++) {
        if (*s == '|')
            fputs("\\|", f);
        else if (*s == '\n')
            fputs("<br>", f);
        else
            fputc(*s, f);
    }
    fputs(" |", f);
}

int po_template_write_md(const char *kind, FILE *f, struct po_err *err)
{
    const struct kindspec *k = kind ? po_import_kind_find(kind) : NULL;
    if (!k)
        return unknown_kind(kind, err);
    struct tcol cols[MAXCOLS];
    size_t n = template_cols(k, cols, MAXCOLS);
    char buf[2048];
    fprintf(f, "#### %s — %s（%s）\n\n", k->name, po_import_kind_title_zh(k->name),
            po_import_kind_title_en(k->name));
    fputs("| 列名 | column | 含义 / meaning | 单位 | 允许取值 / allowed | 必填 | 示例 |\n"
          "|---|---|---|---|---|---|---|\n",
          f);
    for (size_t c = 0; c < n; c++) {
        const struct po_import_coldoc *d = cols[c].doc;
        fputs("|", f);
        md_cell(f, cols[c].header);
        md_cell(f, d->column);
        snprintf(buf, sizeof(buf), "%s / %s", d->meaning_zh, d->meaning_en);
        md_cell(f, buf);
        md_cell(f, d->unit ? d->unit : "");
        md_cell(f, cols[c].cs ? allowed(cols[c].cs, buf, sizeof(buf))
                              : "设备参数 / equipment parameter");
        md_cell(f, cols[c].cs && required(cols[c].cs) ? "是" : "否");
        md_cell(f, d->example);
        fputs("\n", f);
    }
    fputs("\n", f);
    return ferror(f) ? po_err_set(err, PO_EIO, "写入失败", "write failed") : 0;
}
