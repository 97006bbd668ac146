/* cmd_audit.c: phaseout audit verify — walk the hash-chained audit log (app/audit.h). */
#include "cli/cli.h"
#include "app/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout audit verify --db PATH_OR_URL",
    "",
    "Recomputes the SHA-256 chain of table audit_log.  Prints the number of rows and the",
    "head hash (keep it: it also proves no newest row was removed later) and exits 0, or",
    "names the first edited, deleted or reordered row and exits 1.",
    NULL,
};

int cmd_audit(int argc, char **argv, struct po_cli *cli)
{
    static const struct po_cli_spec spec = { .usage = usage, .take = PO_OPT_DB };
    struct po_cli_opts o;
    (void)cli;
    if (argc < 2 || strcmp(argv[1], "verify") != 0)
        return po_cli_usage(usage);
    int rc = po_cli_parse(&o, &spec, NULL, argc - 1, argv + 1);
    if (rc)
        return rc;
    if (o.nargs)
        return po_cli_usage(usage);
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    struct po_audit_report r;
    rc = po_cli_open_store(&st, o.db, &err);
    if (rc == 0)
        rc = po_audit_verify(&r, st, &err);
    if (st)
        po_store_close(st);
    if (rc < 0) {
        po_cli_report(&err);
        return po_cli_exit_code(rc);
    }
    if (!r.ok) {
        fprintf(stderr,
                "审计日志第 %" PRId64 " 行被篡改：%s\naudit log row %" PRId64 " tampered: %s\n",
                r.bad_id, r.why_zh, r.bad_id, r.why);
        printf("tampered %" PRId64 "\n", r.bad_id);
        return 1;
    }
    printf("ok %" PRId64 " rows, head %s\n", r.count, r.head[0] ? r.head : "(empty)");
    return 0;
}
