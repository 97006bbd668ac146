/* cmd_plan.c: phaseout plan add|import|report|whatif — district exit plans and supervision
 * (app/plandb.h). */
#include "cli/cli.h"
#include "cli/cmd_plan_whatif.h"
#include "core/decimal.h"
#include "refdata/cityparams.h"
#include "app/plandb.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const usage[] = {
    "usage: phaseout plan add --db PATH --year Y --uscc USCC --equipment ID --planned DATE",
    "                         --measure MEASURE --actor NAME [--capacity N]",
    "       phaseout plan import --db PATH --year Y --actor NAME FILE",
    "       phaseout plan report --db PATH [--year Y] --as-of DATE [--notice-below PCT]",
    "                         [--interview-below PCT]",
    "       phaseout plan whatif --db PATH [--year Y] [--district CODE] [--file PLAN.csv|xlsx]",
    "                         [--format text|json]",
    "",
    "add: one unit into the district's exit plan of the year (capacity from the registry",
    "unless given, in the unit's capacity unit).  report: per district and capacity unit,",
    "capacity exited against the plan pro rata through the year, slowest first; below the",
    "notice threshold a written notice (通报), below the interview threshold an interview",
    "(约谈), each with a draft; the thresholds are the city's (data/city_params.csv: 80 % and",
    "50 % as shipped) unless given.  import: a CSV or XLSX file with",
    "columns uscc, equipment_id, planned_on, measure [, capacity], every row checked before",
    "anything is written, all rows or none.  whatif: before a plan is committed, each",
    "district's energy total, intensity and barometer levels for the year before and after",
    "the exits, and the room freed under the energy cap; the plan rows in the database, or",
    "those of --file (checked as import checks them, nothing written).  report and whatif",
    "without --year: the latest year with plan rows, else the current year.",
    NULL,
};

struct opts {
    struct po_cli_opts c; /* --db --year --as-of --format */
    const char *file, *district;
    const char *uscc, *equipment, *planned, *measure, *actor, *capacity;
    int year; /* --year, or the default (year_or_default) */
    double notice, interview;
};

/* --notice-below, --interview-below PCT: 0 to 100. */
static int parse_pct(void *value, char *arg)
{
    char *end;
    double v = strtod(arg, &end);
    if (*end || end == arg || v < 0 || v > 100)
        return PO_CLI_USAGE;
    *(double *)value = v;
    return 0;
}

/* 0, or the exit status of a usage error (printed). */
static int parse(struct opts *o, int argc, char **argv)
{
    static const char *const formats[] = { "text", "json", NULL };
    static const struct po_cli_spec spec = {
        .usage = usage,
        .take = PO_OPT_DB | PO_OPT_YEAR | PO_OPT_AS_OF | PO_OPT_FORMAT,
        .formats = formats, /* whatif's only: cmd_plan refuses it elsewhere */
    };
    memset(o, 0, sizeof(*o));
    o->notice = o->interview = -1; /* unset: the city's (data/city_params.csv) */
    const struct po_cli_opt own[] = {
        { "uscc", PO_CLI_STR, &o->uscc, NULL },
        { "equipment", PO_CLI_STR, &o->equipment, NULL },
        { "planned", PO_CLI_STR, &o->planned, NULL },
        { "measure", PO_CLI_STR, &o->measure, NULL },
        { "actor", PO_CLI_STR, &o->actor, NULL },
        { "capacity", PO_CLI_STR, &o->capacity, NULL },
        { "notice-below", PO_CLI_FN, &o->notice, parse_pct },
        { "interview-below", PO_CLI_FN, &o->interview, parse_pct },
        { "district", PO_CLI_STR, &o->district, NULL },
        { "file", PO_CLI_STR, &o->file, NULL },
        { NULL },
    };
    int rc = po_cli_parse(&o->c, &spec, own, argc, argv);
    if (rc)
        return rc;
    o->year = o->c.year;
    int i = 0;
    if (i < o->c.nargs && !o->file)
        o->file = o->c.args[i++];
    return i == o->c.nargs ? 0 : po_cli_usage(usage);
}

/* No --year: the latest year with plan rows, else the current year (UTC). */
static int year_or_default(struct opts *o, struct po_store *st, struct po_err *err)
{
    if (o->year)
        return 0;
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    return po_plandb_default_year(&o->year, NULL, st, tm.tm_year + 1900, err);
}

/* Thresholds not given take the city's values; interview must not exceed notice. */
static int thresholds(struct opts *o, struct po_err *err)
{
    struct po_city_params cp;
    int rc = po_cityparams_load(&cp, err);
    if (rc < 0)
        return rc;
    if (o->notice < 0)
        o->notice = (double)cp.plan_notice_pct_micro / 1e6;
    if (o->interview < 0)
        o->interview = (double)cp.plan_interview_pct_micro / 1e6;
    if (o->interview > o->notice)
        return po_err_set(err, PO_EINVAL, "约谈阈值 %.1f%% 高于通报阈值 %.1f%%",
                          "the interview threshold %.1f%% is above the notice threshold %.1f%%",
                          o->interview, o->notice);
    return 0;
}

static int do_add(struct po_store *st, const struct opts *o, struct po_err *err)
{
    struct po_plan_entry e = { o->year,    o->uscc,  o->equipment, -1,   { 0, 0, 0 },
                               o->measure, o->actor, NULL,         NULL, 0 };
    int rc = po_deadline_parse_date(&e.planned_on, o->planned, strlen(o->planned), err);
    if (rc == 0 && o->capacity &&
        po_dec_parse(&e.capacity_micro, o->capacity, strlen(o->capacity)) != PO_DEC_OK)
        rc = po_err_set(err, PO_EINVAL, "产能 \"%s\" 不是数字", "capacity \"%s\" is not a number",
                        o->capacity);
    if (rc == 0)
        rc = po_plandb_add(st, &e, err);
    if (rc == 0)
        printf("planned %d: %s %s, %s on %s\n", o->year, o->uscc, o->equipment, o->measure,
               o->planned);
    return rc;
}

/* Every refused row, before the summary error. */
static void report_rows(const struct po_plan_rowerr *errs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        po_cli_report(&errs[i].err);
}

static int do_import(struct po_store *st, struct po_cli *cli, const struct opts *o,
                     struct po_err *err)
{
    int64_t n = 0;
    struct po_plan_rowerr *errs = NULL;
    size_t nerrs = 0;
    int rc = po_plandb_import(&n, &errs, &nerrs, st, o->year, o->actor, o->file, cli->a, err);
    report_rows(errs, nerrs);
    if (rc == 0)
        printf("imported %" PRId64 " plan rows for %d from %s\n", n, o->year, o->file);
    return rc;
}

static int do_whatif(struct po_store *st, struct po_cli *cli, const struct opts *o,
                     struct po_err *err)
{
    struct po_plan_whatif_opts w = { o->year, o->district, o->file,
                                     o->c.format && strcmp(o->c.format, "json") == 0 };
    return po_cli_plan_whatif(st, cli, &w, err);
}

static int do_report(struct po_store *st, struct po_cli *cli, struct opts *o, struct po_err *err)
{
    int trc = thresholds(o, err);
    if (trc < 0)
        return trc;
    struct po_date as_of;
    struct po_plan_progress *p = NULL;
    size_t n = 0;
    struct po_plan_thresholds th = { o->notice, o->interview };
    int rc = po_deadline_parse_date(&as_of, o->c.as_of, strlen(o->c.as_of), err);
    if (rc == 0)
        rc = po_plandb_report(&p, &n, st, o->year, as_of, &th, cli->a, err);
    if (rc < 0)
        return rc;
    static const char *const flags[] = { "on_track", "notice", "interview" };
    printf("rank,district_code,district,capacity_unit,planned,expected,exited,units_planned,"
           "units_exited,progress_pct,flag\n");
    for (size_t i = 0; i < n; i++) {
        char pl[32], ex[32], due[32];
        po_dec_format(pl, sizeof(pl), p[i].planned_micro);
        po_dec_format(ex, sizeof(ex), p[i].exited_micro);
        po_dec_format(due, sizeof(due), p[i].expected_micro);
        printf("%zu,%s,%s,%s,%s,%s,%s,%" PRId64 ",%" PRId64 ",%.1f,%s\n", i + 1, p[i].district_code,
               p[i].district_name, p[i].capacity_unit, pl, due, ex, p[i].units_planned,
               p[i].units_exited, p[i].progress_pct, flags[p[i].flag]);
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct po_plan_draft d;
        rc = po_plandb_draft(&d, &p[i], o->year, as_of, cli->a, err);
        if (rc == 0 && d.zh)
            printf("\n%s\n", d.zh);
    }
    return rc;
}

int cmd_plan(int argc, char **argv, struct po_cli *cli)
{
    struct opts o;
    if (argc < 2)
        return po_cli_usage(usage);
    int prc = parse(&o, argc - 1, argv + 1);
    if (prc)
        return prc;
    const char *sub = argv[1];
    bool whatif = strcmp(sub, "whatif") == 0;
    if (o.c.format && !whatif)
        return po_cli_usage(usage);
    if (o.district && !whatif)
        return po_cli_usage(usage);
    bool ok = whatif ? !o.c.as_of
              : strcmp(sub, "add") == 0
                  ? o.year && o.uscc && o.equipment && o.planned && o.measure && o.actor && !o.file
              : strcmp(sub, "import") == 0 ? o.year && o.actor && o.file
                                           : strcmp(sub, "report") == 0 && o.c.as_of && !o.file;
    if (!ok)
        return po_cli_usage(usage);
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    int rc = po_cli_open_store(&st, o.c.db, &err);
    if (rc == 0)
        rc = year_or_default(&o, st, &err);
    if (rc == 0)
        rc = whatif                       ? do_whatif(st, cli, &o, &err)
             : strcmp(sub, "add") == 0    ? do_add(st, &o, &err)
             : strcmp(sub, "import") == 0 ? do_import(st, cli, &o, &err)
                                          : do_report(st, cli, &o, &err);
    return po_cli_finish(st, rc, &err);
}
