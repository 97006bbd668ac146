/*
 * cmd_calendar.c: phaseout calendar — load a State Council holiday notice into a deployment
 * without a rebuild, and show the calendar its deadlines use (refdata/calendar.h).
 *
 * The notice for next year comes out around November; until it is loaded,
 * case deadlines in that year are provisional (counted with weekends only).
 * `calendar import` stores the file's rows, recomputes every case's deadline
 * in the same transaction and says how many changed.
 */
#include "cli/cli.h"
#include "app/calendarlog.h"
#include "app/calendardb.h"
#include "refdata/calendar.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout calendar import --db PATH_OR_URL [--actor NAME] FILE",
    "       phaseout calendar show --db PATH_OR_URL",
    "",
    "import: the rows of FILE (CSV or XLSX with the columns of data/cn_holidays.csv:",
    "date,kind,name,source; kind holiday or workday) become the holiday calendar of the years",
    "they cover, replacing the compiled-in rows of those years.  All or nothing; every case's",
    "deadline is recomputed (a provisional one becomes final); an audit row is written.",
    "show: the years covered and the imports, newest last.",
    NULL,
};

static int do_show(struct po_store *st, struct po_cli *cli, struct po_err *err)
{
    struct po_calendar cal;
    int rc = po_calendardb_load(&cal, st, cli->a, err);
    if (rc < 0)
        return rc;
    struct po_calendarlog_entry *e = NULL;
    size_t n = 0;
    rc = po_calendarlog_list(&e, &n, st, cli->a, err);
    if (rc < 0)
        return rc;
    printf("节假日日历覆盖 %d–%d 年 / the holiday calendar covers %d-%d\nsource: %s\n",
           cal.first_year, cal.last_year, cal.first_year, cal.last_year, cal.source);
    printf("id,imported_at,actor,file,years,rows,sha256\n");
    for (size_t i = 0; i < n; i++)
        printf("%" PRId64 ",%s,%s,%s,\"%s\",%" PRId64 ",%s\n", e[i].id, e[i].imported_at,
               e[i].actor, e[i].file_name, e[i].years, e[i].nrows, e[i].sha256);
    return 0;
}

static int do_import(struct po_store *st, const char *path, const char *actor, struct po_err *err)
{
    struct po_calendardb_import_result r;
    int rc = po_calendardb_import(&r, st, path, actor, err);
    if (rc < 0)
        return rc;
    printf("calendar import %" PRId64 ": %zu rows for %d-%d; the calendar covers %d-%d now\n"
           "节假日日历导入 %" PRId64 "：%d–%d 年 %zu 行，现覆盖 %d–%d 年\n"
           "cases recomputed: %" PRId64 ", deadline or state changed: %" PRId64 "\n",
           r.id, r.rows, r.first_year, r.last_year, r.cal_first, r.cal_last, r.id, r.first_year,
           r.last_year, r.rows, r.cal_first, r.cal_last, r.cases, r.cases_changed);
    return 0;
}

int cmd_calendar(int argc, char **argv, struct po_cli *cli)
{
    /* --db itself is needed: calendar does not read PHASEOUT_DB */
    static const struct po_cli_spec spec = {
        .usage = usage,
        .take = PO_OPT_DB | PO_OPT_HELP,
        .need = PO_OPT_DB,
    };
    if (argc < 2)
        return po_cli_usage(usage);
    const char *sub = argv[1], *actor = "cli";
    bool import = strcmp(sub, "import") == 0;
    if (!import && strcmp(sub, "show") != 0)
        return po_cli_usage(usage);
    const struct po_cli_opt own[] = { { "actor", PO_CLI_STR, &actor, NULL }, { NULL } };
    struct po_cli_opts o;
    int rc = po_cli_parse(&o, &spec, own, argc - 1, argv + 1);
    if (rc)
        return rc;
    if (!*actor || (import ? o.nargs != 1 : o.nargs != 0))
        return po_cli_usage(usage);
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    rc = po_cli_open_store(&st, o.db, &err);
    if (rc == 0)
        rc = import ? do_import(st, o.args[0], actor, &err) : do_show(st, cli, &err);
    return po_cli_finish(st, rc, &err);
}
