/* cmd_explain.c: phaseout explain — the evidence chain of one stored finding, in plain language. */
#include "cli/cli.h"
#include "report/evalexplain.h"
#include "app/evalread.h"
#include "refdata/cityparams.h"
#include "util/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout explain --db PATH_OR_URL FINDING_ID [--run N] [--lang zh|en]",
    "",
    "Prints why a finding of `phaseout evaluate` was made: the enterprise and unit, the",
    "figures compared with their units and the thresholds, the rule and its version, the",
    "legal basis (document, article, issuing body), the measure and who carries it out, the",
    "source and confidence of the rule, and the rule set and data the run used.  Reads the",
    "latest run holding the finding, or run N.  --lang zh (the default) prints everything in",
    "Chinese, the figures and thresholds included; --lang en in English.",
    NULL,
};

/* --run N: a run id, 1 or more. */
static int parse_run(void *value, char *arg)
{
    char *end;
    int64_t *run = value;
    *run = strtoll(arg, &end, 10);
    return *end || *run < 1 ? PO_CLI_USAGE : 0;
}

int cmd_explain(int argc, char **argv, struct po_cli *cli)
{
    static const char *const langs[] = { "zh", "en", NULL };
    static const struct po_cli_spec spec = {
        .usage = usage,
        .take = PO_OPT_DB | PO_OPT_LANG | PO_OPT_HELP,
        .langs = langs,
        .lang = "zh",
    };
    int64_t run = 0;
    const struct po_cli_opt own[] = { { "run", PO_CLI_FN, &run, parse_run }, { NULL } };
    struct po_cli_opts o;
    int rc = po_cli_parse(&o, &spec, own, argc, argv);
    if (rc)
        return rc;
    if (o.nargs != 1)
        return po_cli_usage(usage);
    bool zh = strcmp(o.lang, "zh") == 0;
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    struct po_stored_finding f;
    char *text = NULL;
    rc = po_cli_open_store(&st, o.db, &err);
    if (rc == 0)
        rc = po_evalread_finding(&f, st, o.args[0], run, cli->a, &err);
    struct po_city_params cp; /* the measure's period is the city's */
    if (rc == 0)
        rc = po_cityparams_load(&cp, &err);
    if (rc == 0) {
        const struct po_explain_periods per = { cp.quota_rectify_months,
                                                cp.quality_rectify_months };
        rc = po_explain_text(zh ? &text : NULL, zh ? NULL : &text, &f, &per, cli->a, &err);
    }
    if (st)
        po_store_close(st);
    if (rc < 0) {
        po_cli_report(&err);
        return po_cli_exit_code(rc);
    }
    fputs(text, stdout);
    return 0;
}
