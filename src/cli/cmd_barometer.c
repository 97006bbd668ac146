/* cmd_barometer.c: phaseout barometer — dual-control progress and warning levels. */
#include "cli/cli.h"
#include "app/account_db.h"
#include "report/account_out.h"
#include "refdata/account_ref.h"
#include "util/arena.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout barometer --db PATH_OR_URL --year Y [--format csv|xlsx|json] [--out FILE]",
    "                          [--by district|industry] [--electricity equivalent|equal]",
    "",
    "Progress of every city and district against its dual-control targets and the warning",
    "level (晴雨表: 1 red, 2 yellow, 3 green) as 发改办环资〔2021〕629号 grades intensity; totals",
    "by industry with --by industry.  Targets: the dual_control_target table, filled with the",
    "demo defaults (data/dual_control_targets.csv) when empty; edit with",
    "'phaseout import --kind targets'.  See docs/accounting.md.",
    NULL,
};

struct opts {
    const char *db, *format, *out, *by, *electricity;
    int year;
    enum po_elec_choice elec;
};

static const char *const formats[] = { "csv", "xlsx", "json", NULL };
static const char *const bys[] = { "district", "industry", NULL };

static int parse(struct opts *o, int argc, char **argv)
{
    static const struct option lo[] = {
        { "db", required_argument, NULL, 'd' },     { "year", required_argument, NULL, 'y' },
        { "format", required_argument, NULL, 'f' }, { "out", required_argument, NULL, 'o' },
        { "by", required_argument, NULL, 'b' },     { "electricity", required_argument, NULL, 'e' },
        { "help", no_argument, NULL, 'h' },         { NULL, 0, NULL, 0 },
    };
    memset(o, 0, sizeof(*o));
    o->format = "csv";
    o->by = "district";
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        switch (c) {
        case 'd':
            o->db = optarg;
            break;
        case 'y':
            /* the year before is accounted too */
            if (po_cli_parse_int(&o->year, optarg, PO_CLI_YEAR_MIN + 1, PO_CLI_YEAR_MAX) < 0)
                return -1;
            break;
        case 'f':
            o->format = optarg;
            break;
        case 'o':
            o->out = optarg;
            break;
        case 'b':
            o->by = optarg;
            break;
        case 'e':
            o->electricity = optarg;
            break;
        default:
            return -1;
        }
    }
    if (optind != argc || !o->year)
        return -1;
    if (!po_cli_oneof(o->format, formats) || !po_cli_oneof(o->by, bys))
        return -1;
    return po_cli_parse_elec(&o->elec, o->electricity);
}

struct run_state {
    struct po_store *st;
    struct po_acct_refs refs;
    struct po_acct_policy pol;
    struct po_target *targets;
    size_t ntargets;
    struct po_baro_db db;
};

static int write_out(const struct po_baro_report *rep, const struct opts *o,
                     const struct po_acct_policy *pol, struct po_err *err)
{
    if (strcmp(o->format, "json") == 0) {
        FILE *f = o->out ? fopen(o->out, "w") : stdout;
        if (!f)
            return po_err_set(err, PO_EIO, "无法创建 %s", "cannot create %s", o->out);
        int rc = po_barometer_write_json(f, rep, o->year, pol, err);
        if (o->out && fclose(f) != 0 && rc == 0)
            rc = po_err_set(err, PO_EIO, "无法写出 %s", "cannot write %s", o->out);
        return rc;
    }
    size_t rows;
    enum po_sheet_format fmt = strcmp(o->format, "xlsx") == 0 ? PO_SHEET_XLSX : PO_SHEET_CSV;
    return strcmp(o->by, "industry") == 0
               ? po_barometer_write_industries(&rows, rep, o->year, o->out, fmt, err)
               : po_barometer_write_sheet(&rows, rep, o->year, o->out, fmt, err);
}

int cmd_barometer(int argc, char **argv, struct po_cli *cli)
{
    struct opts o;
    if (parse(&o, argc, argv) < 0)
        return po_cli_usage(usage);
    struct po_err err = PO_ERR_INIT;
    struct run_state *s = po_arena_calloc(cli->a, 1, sizeof(*s));
    if (!s) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    size_t seeded = 0;
    int rc = po_account_refs_load(&s->refs, o.year, cli->a, &err);
    if (rc == 0)
        rc = po_policy_resolve(&s->pol, &s->refs.policy, o.year, o.elec, &err);
    if (rc == 0)
        rc = po_cli_open_store(&s->st, o.db, &err);
    if (rc == 0)
        rc = po_account_db_seed_targets(&seeded, s->st, cli->a, &err);
    if (rc == 0 && seeded)
        fprintf(
            stderr,
            "目标表为空，已载入演示目标 %zu 行（data/dual_control_targets.csv，非乌海实际目标）\n"
            "the target table was empty: loaded %zu demo target rows "
            "(data/dual_control_targets.csv, not Wuhai's real targets)\n",
            seeded, seeded);
    if (rc == 0)
        rc = po_account_db_targets(&s->targets, &s->ntargets, s->st, cli->a, &err);
    if (rc == 0)
        rc = po_barometer_db_run(&s->db, s->st, o.year, &s->refs, &s->pol, s->targets, s->ntargets,
                                 cli->a, &err);
    if (s->st)
        po_store_close(s->st);
    if (rc == 0)
        rc = write_out(&s->db.report, &o, &s->pol, &err);
    if (rc < 0) {
        po_cli_report(&err);
        return po_cli_exit_code(rc);
    }
    return 0;
}
