/*
 * cli.h: what every subcommand gets from main.c.
 *
 * main.c parses nothing but the subcommand name; each cmd_<name>.c names
 * the shared options it takes and lists its own (cli/opts.h, one
 * po_cli_parse() for all), and opens the database, when it needs one, only
 * through po_cli_open_store() (--db, else PHASEOUT_DB; migrated, app/open.h)
 * and ends through po_cli_finish().  Exit codes: 0 ok, 1 failed, 2 usage.
 *
 * Memory: cli->a is the command's arena, freed by main.c after the command
 * returns; a store from po_cli_open_store() is the caller's to close.
 * Errors: po_cli_open_store() returns PO_EINVAL (no database named) or
 * po_app_open's PO_E* code with err filled; a cmd_<name>() returns the exit
 * status (0 ok, 1 any PO_E* error: po_cli_exit_code(); 2 a usage error),
 * having reported err to stderr itself (po_cli_report, po_cli_finish).
 */
#ifndef PO_CLI_H
#define PO_CLI_H

#include "cli/opts.h"
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
/*
 * Open the database named by db, or PHASEOUT_DB when db is NULL, and bring
 * its schema up to date (po_app_open).  Caller owns *out: close it with
 * po_store_close() or po_cli_finish().  Errors: PO_EINVAL when neither
 * names a database, else po_app_open's.
 */
int po_cli_open_store(struct po_store **out, const char *db, struct po_err *err);
/*
 * The end of a command that opened st (NULL: none or failed): st closed, err reported when
 * rc < 0; the exit status.
 */
int po_cli_finish(struct po_store *st, int rc, const struct po_err *err);

/* Write b to path (NULL: standard output); PO_EIO naming the file. */
struct po_buf;
int po_cli_write_file(const char *path, const struct po_buf *b, struct po_err *err);

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
int cmd_credit(int argc, char **argv, struct po_cli *cli);
int cmd_tick(int argc, char **argv, struct po_cli *cli);
int cmd_audit(int argc, char **argv, struct po_cli *cli);
int cmd_plan(int argc, char **argv, struct po_cli *cli);
int cmd_resettle(int argc, char **argv, struct po_cli *cli);
int cmd_publish(int argc, char **argv, struct po_cli *cli);
int cmd_notice(int argc, char **argv, struct po_cli *cli);
int cmd_surcharge(int argc, char **argv, struct po_cli *cli);
int cmd_user(int argc, char **argv, struct po_cli *cli);
int cmd_serve(int argc, char **argv, struct po_cli *cli);
int cmd_backup(int argc, char **argv, struct po_cli *cli);
int cmd_restore(int argc, char **argv, struct po_cli *cli);

#endif
