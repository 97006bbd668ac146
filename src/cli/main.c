/*
 * main.c: the phaseout command table and the little every command shares.
 *
 * Like git's builtin table: one entry per subcommand, each implemented in
 * cmd_<name>.c.  main() is the only place that exits.
 */
#include "cli/cli.h"
#include "util/buf.h"
#include "app/open.h"
#include "util/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    po_cmd_fn *fn;
    const char *help;
} commands[] = {
    { "db", cmd_db, "db init|copy: create or migrate a database, move one between backends" },
    { "import", cmd_import, "import a CSV/XLSX file of one kind, all or nothing" },
    { "export", cmd_export, "export one kind as CSV (UTF-8 with BOM) or XLSX" },
    { "ref", cmd_ref, "ref list|show NAME: the reference tables and their versions" },
    { "demo", cmd_demo, "create the demo city (Wuhai-like) in a database" },
    { "uscc", cmd_uscc, "uscc CODE...: check unified social credit codes" },
    { "account", cmd_account, "energy account of every enterprise for a year (tce, CO2, intensity)" },
    { "barometer", cmd_barometer, "dual-control progress and warning level per district" },
    { "rank", cmd_rank, "intensity ranking, the worst share flagged, from a folder of CSVs" },
    { "meter", cmd_meter, "15-minute meter readings to daily and monthly totals" },
    { "deadline", cmd_deadline, "the last day of a legal period (Civil Code arts. 201-203)" },
    { "calendar", cmd_calendar, "calendar import|show: load a State Council holiday notice" },
    { "evaluate", cmd_evaluate, "judge the registry by the phase-out rules; store and print the run" },
    { "explain", cmd_explain, "the evidence chain of one finding of an evaluation run" },
    { "gaps", cmd_gaps, "the data to complete (数据待补) the latest evaluation waits for" },
    { "case", cmd_case, "case open|act|show|list: enforcement cases and their actions" },
    { "tick", cmd_tick, "the day's deadline reminders and overdue cases (idempotent)" },
    { "audit", cmd_audit, "audit verify: check the hash-chained audit log" },
    { "plan", cmd_plan, "plan add|report: district exit plans and their supervision" },
    { "credit", cmd_credit, "credit platform records and their repair, joint punishment, bank lists; export|list|show|repair|authority|support|joint|joint-record|bank" },
    { "resettle", cmd_resettle, "resettle list|show|totals|plan-step|headcount|outcome: worker resettlement" },
    { "publish", cmd_publish, "publish a public list as a frozen, hashed publication; list|show|verify" },
    { "notice", cmd_notice, "an official notice (PDF) for a case or a district, with its document number" },
    { "surcharge", cmd_surcharge, "a month's electricity and water surcharges: statement, notices, diff, explain" },
    { "user", cmd_user, "user add|passwd|role|disable|list: accounts and their roles" },
    { "serve", cmd_serve, "serve the HTTP API (/api/v1) and the web UI" },
    { "backup", cmd_backup, "back a database up into a directory with a verified manifest" },
    { "restore", cmd_restore, "restore a backup into an empty database and check it" },
};

void po_cli_report(const struct po_err *err)
{
    if (err->context[0])
        fprintf(stderr, "错误：%s：%s\nerror: %s: %s\n", err->context, err->msg_zh, err->context,
                err->msg);
    else
        fprintf(stderr, "错误：%s\nerror: %s\n", err->msg_zh, err->msg);
    if (err->detail[0])
        fprintf(stderr, "%s\n", err->detail);
    if (err->hint[0])
        fprintf(stderr, "hint: %s\n", err->hint);
}

int po_cli_exit_code(int rc)
{
    return rc == 0 ? 0 : 1;
}

int po_cli_open_store(struct po_store **out, const char *db, struct po_err *err)
{
    if (!db)
        db = getenv("PHASEOUT_DB");
    if (!db || !*db)
        return po_err_set(err, PO_EINVAL, "请用 --db 或环境变量 PHASEOUT_DB 指定数据库",
                          "no database: give --db PATH_OR_URL or set PHASEOUT_DB");
    return po_app_open(out, db, err);
}

int po_cli_finish(struct po_store *st, int rc, const struct po_err *err)
{
    if (st)
        po_store_close(st);
    if (rc < 0) {
        po_cli_report(err);
        return po_cli_exit_code(rc);
    }
    return 0;
}

int po_cli_write_file(const char *path, const struct po_buf *b, struct po_err *err)
{
    FILE *f = path ? fopen(path, "wb") : stdout;
    if (!f)
        return po_err_set(err, PO_EIO, "无法写入 %s", "cannot write %s", path);
    size_t n = fwrite(b->buf, 1, b->len, f);
    int bad = path ? fclose(f) : fflush(f);
    if (n != b->len || bad)
        return po_err_set(err, PO_EIO, "写入 %s 失败", "writing %s failed", path ? path : "stdout");
    return 0;
}

static int usage(void)
{
    fprintf(stderr, "usage: phaseout COMMAND [OPTIONS]\n\n落后产能退出管理系统 / phaseout\n\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(stderr, "  %-8s %s\n", commands[i].name, commands[i].help);
    fprintf(stderr, "\nPHASEOUT_DB may stand for --db.  Run 'phaseout COMMAND --help' for more.\n");
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return usage();
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        if (strcmp(argv[1], commands[i].name) != 0)
            continue;
        struct po_cli cli = { po_arena_new(), "phaseout" };
        if (!cli.a) {
            fprintf(stderr, "out of memory\n");
            return 1;
        }
        int rc = commands[i].fn(argc - 1, argv + 1, &cli);
        po_arena_destroy(cli.a);
        return rc;
    }
    fprintf(stderr, "phaseout: unknown command '%s'\n", argv[1]);
    return usage();
}
