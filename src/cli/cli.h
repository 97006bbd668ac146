/*
 * cli.h: what every subcommand gets from main.c.
 *
 * main.c parses nothing but the subcommand name; each cmd_<name>.c parses
 * its own options (getopt_long) and, when its table entry says
 * PO_CMD_NEEDS_STORE, finds the database in --db or PHASEOUT_DB and opens
 * it through po_cli_open_store().  Exit codes: 0 ok, 1 failed, 2 usage.
 */
#ifndef PO_CLI_H
#define PO_CLI_H

#include "core/account_policy.h"
#include "store/store.h"
#include "util/err.h"

#include <stdbool.h>

struct po_arena;

struct po_cli {
    struct po_arena *a;     /* lives for the command */
    const char *prog;       /* "phaseout" */
};

typedef int po_cmd_fn(int argc, char **argv, struct po_cli *cli);

/* Print err to stderr in both languages (Chinese first), with context and hint. */
void po_cli_report(const struct po_err *err);
/* Map a PO_E* code to the exit status. */
int po_cli_exit_code(int rc);
/* Open (and migrate) the database named by db, or PHASEOUT_DB when db is NULL. */
int po_cli_open_store(struct po_store **out, const char *db, struct po_err *err);
/*
 * The end of a command that opened st (NULL: none or failed): st closed, err reported when
 * rc < 0; the exit status.
 */
int po_cli_finish(struct po_store *st, int rc, const struct po_err *err);
/* Print a usage array (NULL-terminated) to stderr and return 2. */
int po_cli_usage(const char *const *usage);

/*
 * Option values.  Each returns 0 and sets *out, or -1 (the caller prints
 * its usage, exit 2) leaving *out untouched.
 */
/* A decimal integer in [lo, hi], nothing after it. */
int po_cli_parse_int(int *out, const char *s, int lo, int hi);
/*
 * --year of the commands that read the registry: PO_CLI_YEAR_MIN..
 * PO_CLI_YEAR_MAX.  barometer also accounts the year before, so it starts
 * one later: po_cli_parse_int(&y, s, PO_CLI_YEAR_MIN + 1, PO_CLI_YEAR_MAX).
 */
#define PO_CLI_YEAR_MIN 1990
#define PO_CLI_YEAR_MAX 2100
int po_cli_parse_year(int *out, const char *s);
/* Whether v is one of choices (NULL-terminated); an enum option's check. */
bool po_cli_oneof(const char *v, const char *const *choices);
/* --electricity equivalent|equal; NULL (not given) is PO_ELEC_POLICY. */
int po_cli_parse_elec(enum po_elec_choice *out, const char *s);

int cmd_db(int argc, char **argv, struct po_cli *cli);
int cmd_import(int argc, char **argv, struct po_cli *cli);
int cmd_export(int argc, char **argv, struct po_cli *cli);
int cmd_ref(int argc, char **argv, struct po_cli *cli);
int cmd_demo(int argc, char **argv, struct po_cli *cli);
int cmd_uscc(int argc, char **argv, struct po_cli *cli);
int cmd_account(int argc, char **argv, struct po_cli *cli);
int cmd_barometer(int argc, char **argv, struct po_cli *cli);
int cmd_rank(int argc, char **argv, struct po_cli *cli);
int cmd_meter(int argc, char **argv, struct po_cli *cli);
int cmd_deadline(int argc, char **argv, struct po_cli *cli);
int cmd_calendar(int argc, char **argv, struct po_cli *cli);
int cmd_evaluate(int argc, char **argv, struct po_cli *cli);
int cmd_gaps(int argc, char **argv, struct po_cli *cli);
int cmd_explain(int argc, char **argv, struct po_cli *cli);
int cmd_case(int argc, char **argv, struct po_cli *cli);
int cmd_tick(int argc, char **argv, struct po_cli *cli);
int cmd_audit(int argc, char **argv, struct po_cli *cli);
int cmd_plan(int argc, char **argv, struct po_cli *cli);
int cmd_user(int argc, char **argv, struct po_cli *cli);
int cmd_serve(int argc, char **argv, struct po_cli *cli);

#endif
