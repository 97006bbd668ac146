/* cmd_export.c: phaseout export — one kind as CSV or XLSX. */
#include "cli/cli.h"
#include "ingest/export.h"

#include <getopt.h>
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
    static const struct option opts[] = {
        { "db", required_argument, NULL, 'd' },     { "kind", required_argument, NULL, 'k' },
        { "format", required_argument, NULL, 'f' }, { "out", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 },
    };
    const char *db = NULL, *kind = NULL, *format = "csv", *out = NULL;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            db = optarg;
            break;
        case 'k':
            kind = optarg;
            break;
        case 'f':
            format = optarg;
            break;
        case 'o':
            out = optarg;
            break;
        default:
            return po_cli_usage(usage);
        }
    }
    static const char *const formats[] = { "csv", "xlsx", NULL };
    if (optind != argc || !kind || !po_cli_oneof(format, formats))
        return po_cli_usage(usage);
    enum po_sheet_format fmt = strcmp(format, "xlsx") == 0 ? PO_SHEET_XLSX : PO_SHEET_CSV;
    struct po_err err = PO_ERR_INIT;
    struct po_store *st;
    int rc = po_cli_open_store(&st, db, &err);
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
