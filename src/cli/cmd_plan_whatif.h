/* cmd_plan_whatif.h: phaseout plan whatif — the what-if view of an exit plan (app/planwhatif.h). */
#ifndef PO_CMD_PLAN_WHATIF_H
#define PO_CMD_PLAN_WHATIF_H

#include <stdbool.h>

#include "cli/cli.h"

struct po_plan_whatif_opts {
    int year;
    const char *district; /* NULL: every area with planned units */
    const char *file;     /* NULL: the plan rows in the database */
    bool json;
};

/*
 * Compute and print the view to stdout (text in Chinese and English, or
 * JSON).  With a file, every bad row is printed to stderr and nothing is
 * computed (PO_EINVAL).  Writes nothing to the database.
 */
int po_cli_plan_whatif(struct po_store *st, struct po_cli *cli,
                       const struct po_plan_whatif_opts *o, struct po_err *err);

#endif
