/* cmd_barometer.c: phaseout barometer — dual-control progress and warning levels. */
#include "cli/cli.h"
#include "app/account_barodb.h"
#include "app/account_db.h"
#include "report/account_out.h"
#include "refdata/account_ref.h"
#include "util/arena.h"

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
    struct po_cli_opts c; /* --db --year --format --out */
    const char *by, *electricity;
    enum po_elec_choice elec;
};

static const char *const formats[] = { "csv", "xlsx", "json", NULL };
static const char *const bys[] = { "district", "industry", NULL };
static const struct po_cli_spec spec = {
    .usage = usage,
    .take = PO_OPT_DB | PO_OPT_YEAR | PO_OPT_FORMAT | PO_OPT_OUT | PO_OPT_HELP,
    .need = PO_OPT_YEAR,
    .year_min = PO_CLI_YEAR_MIN + 1, /* the year before is accounted too */
    .year_max = PO_CLI_YEAR_MAX,
    .formats = formats,
    .format = "csv",
};

/* 0, or the exit status of a usage error (printed). */
static int parse(struct opts *o, int argc, char **argv)
{
    memset(o, 0, sizeof(*o));
    o->by = "district";
    const struct po_cli_opt own[] = {
        { "by", PO_CLI_STR, &o->by, NULL },
        { "electricity", PO_CLI_STR, &o->electricity, NULL },
        { NULL },
    };
    int rc = po_cli_parse(&o->c, &spec, own, argc, argv);
    if (rc)
        return rc;
    if (o->c.nargs || !po_cli_oneof(o->by, bys) || po_cli_parse_elec(&o->elec, o->electricity) < 0)
        return po_cli_usage(usage);
    return 0;
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
    if (strcmp(o->c.format, "json") == 0) {
        FILE *f = o->c.out ? fopen(o->c.out, "w") : stdout;
        if (!f)
            return po_err_set(err, PO_EIO, "无法创建 %s", "cannot create %s", o->c.out);
        int rc = po_barometer_write_json(f, rep, o->c.year, pol, err);
        if (o->c.out && fclose(f) != 0 && rc == 0)
            rc = po_err_set(err, PO_EIO, "无法写出 %s", "cannot write %s", o->c.out);
        return rc;
    }
    size_t rows;
    enum po_sheet_format fmt = strcmp(o->c.format, "xlsx") == 0 ? PO_SHEET_XLSX : PO_SHEET_CSV;
    return strcmp(o->by, "industry") == 0
               ? po_barometer_write_industries(&rows, rep, o->c.year, o->c.out, fmt, err)
               : po_barometer_write_sheet(&rows, rep, o->c.year, o->c.out, fmt, err);
}

int cmd_barometer(int argc, char **argv, struct po_cli *cli)
{
    struct opts o;
    int prc = parse(&o, argc, argv);
    if (prc)
        return prc;
    struct po_err err = PO_ERR_INIT;
    struct run_state *s = po_arena_calloc(cli->a, 1, sizeof(*s));
    if (!s) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    size_t seeded = 0;
    int rc = po_account_refs_load(&s->refs, o.c.year, cli->a, &err);
    if (rc == 0)
        rc = po_policy_resolve(&s->pol, &s->refs.policy, o.c.year, o.elec, &err);
    if (rc == 0)
        rc = po_cli_open_store(&s->st, o.c.db, &err);
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
        rc = po_barometer_db_run(&s->db, s->st, o.c.year, &s->refs, &s->pol, s->targets,
                                 s->ntargets, cli->a, &err);
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
