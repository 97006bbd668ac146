/* cmd_export.c: phaseout export — one kind as CSV or XLSX. */
#include "cli/cli.h"
#include "ingest/export.h"

#include <stdio.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout export --db PATH_OR_URL --kind KIND --format csv|xlsx [--out FILE]",
    "",
    "CSV is UTF-8 with a BOM (Excel shows Chinese correctly); without --out it goes to stdout.",
    "The columns are those the import accepts, so an export imports back unchanged.",
    NULL,
};

int cmd_export(int argc, char **argv, struct po_cli *cli)
{
    static const char *const formats[] = { "csv", "xlsx", NULL };
    static const struct po_cli_spec spec = {
        .usage = usage,
        .take = PO_OPT_DB | PO_OPT_FORMAT | PO_OPT_OUT | PO_OPT_HELP,
        .formats = formats,
        .format = "csv",
    };
    const char *kind = NULL;
    const struct po_cli_opt own[] = { { "kind", PO_CLI_STR, &kind, NULL }, { NULL } };
    struct po_cli_opts o;
    int rc = po_cli_parse(&o, &spec, own, argc, argv);
    if (rc)
        return rc;
    if (o.nargs || !kind)
        return po_cli_usage(usage);
    const char *out = o.out;
    enum po_sheet_format fmt = strcmp(o.format, "xlsx") == 0 ? PO_SHEET_XLSX : PO_SHEET_CSV;
    struct po_err err = PO_ERR_INIT;
    struct po_store *st;
    rc = po_cli_open_store(&st, o.db, &err);
    size_t rows = 0;
    if (rc == 0) {
        rc = po_export(&rows, st, kind, fmt, out, cli->a, &err);
        po_store_close(st);
    }
    if (rc < 0) {
        po_cli_report(&err);
        return 1;
    }
    if (out)
        fprintf(stderr, "已导出 %zu 行到 %s / exported %zu rows to %s\n", rows, out, rows, out);
    return 0;
}
