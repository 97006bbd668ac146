/*
 * cmd_plan_whatif.h: the printing half of `phaseout plan whatif` — the what-if view of an exit
 * plan (computed by app/planwhatif.h), as text for a reader or as JSON.
 *
 * cmd_plan.c parses the command line and opens the store; this file reads
 * the plan rows to try (a file, or the database's), asks
 * po_plandb_whatif() for the view and prints it to stdout.  Kept apart
 * from cmd_plan.c because the view's two printed forms are most of the
 * code.
 *
 * Memory: all of it in cli->a; nothing for the caller to free.
 * Errors: po_cli_plan_whatif() returns 0 or a negative PO_E* with err
 * filled — PO_EINVAL (bad rows of the file, each printed), PO_ENOTFOUND (a
 * district not registered), the file reader's, the accounting's and the
 * store's codes, all before stdout is written; PO_EIO when writing the JSON
 * fails.  The caller reports err and closes the store.
 */
#ifndef PO_CMD_PLAN_WHATIF_H
#define PO_CMD_PLAN_WHATIF_H

#include <stdbool.h>

#include "cli/cli.h"

/* What to show; every string is the caller's and is only read. */
struct po_plan_whatif_opts {
    int year;             /* the plan year (cmd_plan.c has resolved a missing --year) */
    const char *district; /* NULL: every area with planned units; else that city or district */
    const char *file;     /* NULL: the plan rows in the database; else a plan file to try */
    bool json;            /* JSON (decimal strings, as the UI reads it) instead of text */
};

/*
 * Compute the view for o on st and print it to stdout: text in Chinese and
 * English (a block per area, then the planned units), or one JSON object.
 * Writes nothing to the database.
 *
 * With o->file, the file is read and checked as `plan import` checks it
 * (po_plandb_read): every bad row is printed to stderr (po_cli_report) and
 * nothing is computed.  A file with a header and no rows is a plan with
 * nothing planned.
 *
 * Memory: everything read and computed lives in cli->a (freed with the
 * command's arena); nothing to free.
 *
 * Returns 0, or a negative PO_E* with err filled: PO_EINVAL for bad rows
 * of o->file (err counts them), the file reader's error for a file that
 * cannot be read, PO_ENOTFOUND for a district not registered, the
 * accounting's and the store's errors — all before anything is printed to
 * stdout; PO_EIO when the JSON cannot be written (part of it may be out).
 * The caller reports err and closes st.
 */
int po_cli_plan_whatif(struct po_store *st, struct po_cli *cli,
                       const struct po_plan_whatif_opts *o, struct po_err *err);

#endif
