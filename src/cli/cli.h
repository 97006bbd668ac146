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

#include "store/store.h"
#include "util/err.h"

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
/* Print a usage array (NULL-terminated) to stderr and return 2. */
int po_cli_usage(const char *const *usage);

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
int cmd_evaluate(int argc, char **argv, struct po_cli *cli);
int cmd_explain(int argc, char **argv, struct po_cli *cli);

#endif
