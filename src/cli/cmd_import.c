/* cmd_import.c: phaseout import — one file of one kind, all or nothing. */
#include "cli/cli.h"
#include "ingest/import.h"
#include "ingest/template.h"

#include <stdio.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout import --db PATH_OR_URL --kind KIND [--encoding auto|utf-8|gbk|gb18030]",
    "                       [--sheet N|NAME] [--quiet] FILE",
    "       phaseout import --template KIND --out FILE [--format xlsx|md]",
    "",
    "KIND: districts industries enterprises equipment energy output economics inspections licences",
    "      targets (dual-control targets), meter (15-minute readings, stored as monthly energy)",
    "Columns and units accepted per kind: docs/import.md.  Any error: nothing is imported, exit 1.",
    "--template writes KIND's template: an XLSX with the Chinese headers, an example row and a",
    "second sheet 填写说明 explaining every column (--format md: that explanation as Markdown).",
    NULL,
};

static void print_diags(const struct po_import_result *res)
{
    size_t shown = res->ndiags < PO_IMPORT_MAX_DIAGS ? res->ndiags : PO_IMPORT_MAX_DIAGS;
    for (size_t i = 0; i < shown; i++) {
        const struct po_diag *d = &res->diags[i];
        char where_zh[512], where_en[512];
        int n1 = snprintf(where_zh, sizeof(where_zh), "%s", res->file);
        int n2 = snprintf(where_en, sizeof(where_en), "%s", res->file);
        if (d->row) {
            n1 += snprintf(where_zh + n1, sizeof(where_zh) - (size_t)n1, " 第%zu行", d->row);
            n2 += snprintf(where_en + n2, sizeof(where_en) - (size_t)n2, " row %zu", d->row);
        }
        if (d->column) {
            n1 += snprintf(where_zh + n1, sizeof(where_zh) - (size_t)n1, " 列“%s”", d->column);
            n2 += snprintf(where_en + n2, sizeof(where_en) - (size_t)n2, ", column \"%s\"",
                           d->column);
        }
        if (d->value) {
            snprintf(where_zh + n1, sizeof(where_zh) - (size_t)n1, " 值“%s”", d->value);
            snprintf(where_en + n2, sizeof(where_en) - (size_t)n2, ", value \"%s\"", d->value);
        }
        fprintf(stderr, "%s：%s\n%s: %s\n", where_zh, d->reason_zh, where_en, d->reason_en);
    }
    if (res->ndiags > shown)
        fprintf(stderr, "……另有 %zu 处错误未列出 / ... and %zu more errors not listed\n",
                res->ndiags - shown, res->ndiags - shown);
}

/* import --template KIND --out FILE [--format xlsx|md] */
static int write_template(const char *kind, const char *out, const char *format, bool no_args)
{
    struct po_err err = PO_ERR_INIT;
    bool md = strcmp(format, "md") == 0;
    if (!no_args || (!md && strcmp(format, "xlsx") != 0) || (!md && !out))
        return po_cli_usage(usage);
    int rc;
    if (md) {
        FILE *f = out ? fopen(out, "w") : stdout;
        if (!f) {
            po_err_set(&err, PO_EIO, "无法创建 %s", "cannot create %s", out);
            po_cli_report(&err);
            return 1;
        }
        rc = po_template_write_md(kind, f, &err);
        if (out && fclose(f) != 0 && rc == 0)
            rc = po_err_set(&err, PO_EIO, "无法写入 %s", "cannot write %s", out);
    } else {
        rc = po_template_write_xlsx(kind, out, &err);
    }
    if (rc < 0) {
        po_cli_report(&err);
        return po_cli_exit_code(rc);
    }
    if (out)
        printf("已写出导入模板 %s / wrote the %s template to %s\n", out, kind, out);
    return 0;
}

int cmd_import(int argc, char **argv, struct po_cli *cli)
{
    /* --format (and --out) belong to --template: checked there, ignored by an import */
    static const struct po_cli_spec spec = {
        .usage = usage,
        .take = PO_OPT_DB | PO_OPT_FORMAT | PO_OPT_OUT | PO_OPT_HELP,
        .format = "xlsx",
    };
    const char *tmpl = NULL;
    bool quiet = false;
    struct po_import_opts io = PO_IMPORT_OPTS_INIT;
    const struct po_cli_opt own[] = {
        { "kind", PO_CLI_STR, &io.kind, NULL },   { "encoding", PO_CLI_STR, &io.encoding, NULL },
        { "sheet", PO_CLI_STR, &io.sheet, NULL }, { "quiet", PO_CLI_FLAG, &quiet, NULL },
        { "template", PO_CLI_STR, &tmpl, NULL },  { NULL },
    };
    struct po_cli_opts o;
    int rc = po_cli_parse(&o, &spec, own, argc, argv);
    if (rc)
        return rc;
    io.progress = !quiet;
    if (tmpl)
        return write_template(tmpl, o.out, o.format, o.nargs == 0);
    if (o.nargs != 1 || !io.kind)
        return po_cli_usage(usage);
    const char *file = o.args[0];
    struct po_err err = PO_ERR_INIT;
    struct po_store *st;
    rc = po_cli_open_store(&st, o.db, &err);
    if (rc < 0) {
        po_cli_report(&err);
        return 1;
    }
    struct po_import_result res;
    rc = po_import_file(&res, st, file, &io, cli->a, &err);
    po_store_close(st);
    if (rc < 0) {
        print_diags(&res);
        po_cli_report(&err);
        return po_cli_exit_code(rc);
    }
    printf("%s（%s）：共 %zu 行，新增 %lld，更新 %lld，未变 %lld\n", res.file, res.format, res.rows,
           (long long)res.counts.inserted, (long long)res.counts.updated,
           (long long)res.counts.unchanged);
    printf("%s (%s): %zu rows: %lld inserted, %lld updated, %lld unchanged\n", res.file, res.format,
           res.rows, (long long)res.counts.inserted, (long long)res.counts.updated,
           (long long)res.counts.unchanged);
    if (res.params_changed)
        printf("设备参数变更 %lld 项 / %lld equipment parameter values added, changed or removed\n",
               (long long)res.params_changed, (long long)res.params_changed);
    return 0;
}
