/* cmd_explain.c: phaseout explain — the evidence chain of one stored finding, in plain language. */
#include "cli/cli.h"
#include "report/evalexplain.h"
#include "app/evalread.h"
#include "util/arena.h"

#include <getopt.h>
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

struct opts {
    const char *db, *id;
    bool zh;
    int64_t run;
};

static int parse(struct opts *o, int argc, char **argv)
{
    static const struct option lo[] = {
        { "db", required_argument, NULL, 'd' },
        { "lang", required_argument, NULL, 'l' },
        { "run", required_argument, NULL, 'r' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    memset(o, 0, sizeof(*o));
    o->zh = true;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'd':
            o->db = optarg;
            break;
        case 'l':
            if (strcmp(optarg, "zh") != 0 && strcmp(optarg, "en") != 0)
                return -1;
            o->zh = strcmp(optarg, "zh") == 0;
            break;
        case 'r':
            o->run = strtoll(optarg, &end, 10);
            if (*end || o->run < 1)
                return -1;
            break;
        default:
            return -1;
        }
    }
    if (optind + 1 != argc)
        return -1;
    o->id = argv[optind];
    return 0;
}

int cmd_explain(int argc, char **argv, struct po_cli *cli)
{
    struct opts o;
    if (parse(&o, argc, argv) < 0)
        return po_cli_usage(usage);
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    struct po_stored_finding f;
    char *text = NULL;
    int rc = po_cli_open_store(&st, o.db, &err);
    if (rc == 0)
        rc = po_evalread_finding(&f, st, o.id, o.run, cli->a, &err);
    if (rc == 0)
        rc = po_explain_text(o.zh ? &text : NULL, o.zh ? NULL : &text, &f, cli->a, &err);
    if (st)
        po_store_close(st);
    if (rc < 0) {
        po_cli_report(&err);
        return po_cli_exit_code(rc);
    }
    fputs(text, stdout);
    return 0;
}
