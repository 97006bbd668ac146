/* cmd_notice.c: phaseout notice — an official notice as PDF for a case or a district, with its
 * document number (app/noticedb.h). */
#include "cli/cli.h"
#include "app/noticedb.h"
#include "util/arena.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout notice --db DB --kind rectification|suspension|shutdown|seal --case ID",
    "                       --out FILE.pdf [--actor NAME]",
    "       phaseout notice --db DB --kind district-notice|district-interview --district CODE",
    "                       --as-of DATE [--year Y] --out FILE.pdf [--actor NAME]",
    "",
    "Writes the notice (A4, GB/T 9704 layout) with the next document number 〔YYYY〕N号 of the",
    "issuing authority, the legal basis and figures of the case or the plan, the deadline and",
    "how it was counted, and the remedy.  The same kind for the same step of a case gives the",
    "stored document again (same number, same bytes).",
    NULL,
};

int cmd_notice(int argc, char **argv, struct po_cli *cli)
{
    static const struct po_cli_spec spec = {
        .usage = usage,
        .take = PO_OPT_DB | PO_OPT_OUT | PO_OPT_AS_OF | PO_OPT_YEAR,
        .need = PO_OPT_OUT,
        .as_of_date = true,
    };
    struct po_cli_opts c;
    const char *kind = NULL, *case_id = NULL, *district = NULL, *actor = NULL;
    const struct po_cli_opt own[] = {
        { "kind", PO_CLI_STR, &kind, NULL },
        { "case", PO_CLI_STR, &case_id, NULL },
        { "district", PO_CLI_STR, &district, NULL },
        { "actor", PO_CLI_STR, &actor, NULL },
        { NULL },
    };
    int prc = po_cli_parse(&c, &spec, own, argc, argv);
    if (prc)
        return prc;
    if (!kind || c.nargs || (case_id && district))
        return po_cli_usage(usage);
    int64_t id = 0;
    if (case_id) {
        char *end;
        long long v = strtoll(case_id, &end, 10);
        if (end == case_id || *end || v <= 0)
            return po_cli_usage(usage);
        id = v;
    }
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    int rc = po_cli_open_store(&st, c.db, &err);
    struct po_notice n;
    if (rc == 0) {
        struct po_notice_req r = { kind, id, district, c.year, c.as_of,
                                   po_arena_printf(cli->a, "cli:%s", actor ? actor : "cli"),
                                   getenv("PHASEOUT_NOW") };
        rc = po_noticedb_issue(st, cli->a, &r, &n, &err);
    }
    if (rc == 0) {
        FILE *f = fopen(c.out, "wb");
        if (!f || fwrite(n.pdf, 1, n.len, f) != n.len || fclose(f) != 0)
            rc = po_err_set(&err, PO_EIO, "无法写入 %s", "cannot write %s", c.out);
        else
            printf("%s %s：%s（%zu 字节 / bytes，sha256 %s）%s\n", n.reissued ? "已出具 / issued before" : "出具 / issued",
                   n.number, c.out, n.len, n.sha256, n.reissued ? "" : "");
    }
    return po_cli_finish(st, rc, &err);
}
