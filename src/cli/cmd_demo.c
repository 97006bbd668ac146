/*
 * cmd_demo.c: phaseout demo — the demo city in a database.
 *
 * The generator (src/demo) writes the files a bureau would receive, one per
 * kind, and they go in through the ordinary import, so the demo exercises
 * the same path as real data.
 */
#include "cli/cli.h"
#include "demo/demo.h"
#include "demo/demo_activity.h"
#include "app/account_db.h"
#include "ingest/import.h"
#include "app/refsync.h"
#include "refdata/refdata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const usage[] = {
    "usage: phaseout demo --db PATH_OR_URL [--seed N] [--keep-files DIR]",
    "       phaseout demo --db PATH_OR_URL --activity [--as-of YYYY-MM-DD]",
    "",
    "Creates a Wuhai-like demo city (about 300 enterprises, three years of data) in the database.",
    "",
    "--activity, on a database holding the demo city (and, for the names in the case records,",
    "the demo accounts of scripts/demo.sh): the evaluation of the latest year with energy data,",
    "cases of every type opened on its findings and moved through their states on dates before",
    "--as-of (default today, UTC) with their documents, the reminders of --as-of (tick), every",
    "district's exit plan of that year (one district slow) and a check of its what-if view.",
    "Made once: a database that already holds a case is refused (exit 1), nothing written.",
    NULL,
};

static void rm_dir(const char *dir)
{
    for (size_t i = 0; po_import_kinds[i]; i++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s.csv", dir, po_import_kinds[i]);
        unlink(path);
    }
    rmdir(dir);
}

static int activity(const char *db, const char *as_of_text, struct po_cli *cli)
{
    struct po_err err = PO_ERR_INIT;
    struct po_date as_of;
    if (as_of_text) {
        if (po_deadline_parse_date(&as_of, as_of_text, strlen(as_of_text), &err) < 0) {
            po_cli_report(&err);
            return po_cli_exit_code(PO_EINVAL);
        }
    } else {
        time_t t = time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        as_of = (struct po_date){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
    }
    struct po_store *st = NULL;
    struct po_demo_activity_report r;
    int rc = po_cli_open_store(&st, db, &err);
    if (rc == 0)
        rc = po_demo_activity(&r, st, as_of, cli->a, &err);
    if (st)
        po_store_close(st);
    if (rc < 0) {
        po_cli_report(&err);
        return 1;
    }
    printf("演示活动 / demo activity, as of %04d-%02d-%02d:\n", as_of.y, as_of.m, as_of.d);
    printf("  %d 年度研判 / evaluation %d: run %lld, %zu 条结论 / findings\n", r.year, r.year,
           (long long)r.run_id, r.findings);
    printf("  案件 / cases %zu, 办理环节 / steps %zu\n", r.cases, r.events);
    printf("  提醒 / reminders: %lld %d 日内到期 / due within %d days, %lld %d 日内 / within %d, "
           "%lld 已逾期 / overdue\n",
           (long long)r.tick.due_30, r.tick.early_days, r.tick.early_days, (long long)r.tick.due_7,
           r.tick.late_days, r.tick.late_days, (long long)r.tick.overdue);
    printf("  %d 年度退出计划 / exit plan %d: %zu 台设备 / units; 预演 / what-if: %zu 个区域有数据 "
           "/ areas with data\n",
           r.year, r.year, r.plan_rows, r.whatif_areas);
    printf("  信息公开 / public side: %zu 份公示 / publications, %zu 条公众举报 / public reports\n",
           r.publications, r.reports);
    printf("  信用 / credit: %zu 条信用记录 / records (%zu 完整 / complete), %zu 条已修复撤下 / "
           "withdrawn, %zu 项联合惩戒措施 / joint measures, %zu 家支持授信 / support\n",
           r.credit.records, r.credit.complete, r.credit.withdrawn, r.credit.joint_actions,
           r.credit.support);
    printf("  电价水价加价 / surcharges: %d-%02d 核算 %zu 行 / a run of %zu rows\n", r.year,
           r.surcharge_month, r.surcharge_rows, r.surcharge_rows);
    printf("  职工安置 / resettlement: %zu 个退出案件 / exit cases, %lld 条预警：临近退出尚无经批准的"
           "职工安置方案 / alerts: exit near without an approved plan\n",
           r.resettled, (long long)r.resettle_tick.added);
    return 0;
}

/* --seed N: as strtoull reads it. */
struct seed {
    unsigned long long n;
    bool given;
};

static int parse_seed(void *value, char *arg)
{
    struct seed *s = value;
    s->n = strtoull(arg, NULL, 10);
    s->given = true;
    return 0;
}

int cmd_demo(int argc, char **argv, struct po_cli *cli)
{
    static const struct po_cli_spec spec = {
        .usage = usage,
        .take = PO_OPT_DB | PO_OPT_AS_OF | PO_OPT_HELP,
    };
    const char *keep = NULL;
    struct seed sd = { 1, false };
    bool act = false;
    const struct po_cli_opt own[] = {
        { "seed", PO_CLI_FN, &sd, parse_seed },
        { "keep-files", PO_CLI_STR, &keep, NULL },
        { "activity", PO_CLI_FLAG, &act, NULL },
        { NULL },
    };
    struct po_cli_opts o;
    int prc = po_cli_parse(&o, &spec, own, argc, argv);
    if (prc)
        return prc;
    if (o.nargs || (o.as_of && !act) || (act && (keep || sd.given)))
        return po_cli_usage(usage);
    const char *db = o.db;
    unsigned long long seed = sd.n;
    if (act)
        return activity(db, o.as_of, cli);
    char tmpl[] = "/tmp/phaseout-demo-XXXXXX";
    const char *dir = keep;
    if (!dir && !(dir = mkdtemp(tmpl))) {
        perror("mkdtemp");
        return 1;
    }
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    struct po_demo_stats stats;
    struct po_refsync_result rs;
    int rc = po_demo_write(dir, (uint64_t)seed, &stats, &err);
    if (rc == 0)
        rc = po_cli_open_store(&st, db, &err);
    if (rc == 0)
        rc = po_refsync_run(&rs, st, &err);
    for (size_t i = 0; rc == 0 && po_import_kinds[i]; i++) {
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s.csv", dir, po_import_kinds[i]);
        struct po_import_opts io = PO_IMPORT_OPTS_INIT;
        struct po_import_result res;
        io.kind = po_import_kinds[i];
        io.actor = "demo";
        rc = po_import_file(&res, st, path, &io, cli->a, &err);
        if (rc < 0 && res.ndiags && res.diags)
            fprintf(stderr, "%s row %zu %s: %s\n", res.file, res.diags[0].row,
                    res.diags[0].column ? res.diags[0].column : "", res.diags[0].reason_en);
        else if (rc == 0)
            printf("  %-12s %6zu 行/rows  新增/inserted %lld  更新/updated %lld  未变/unchanged "
                   "%lld\n",
                   po_import_kinds[i], res.rows, (long long)res.counts.inserted,
                   (long long)res.counts.updated, (long long)res.counts.unchanged);
    }
    /* the dual-control targets (demo values) for the districts just registered */
    size_t seeded = 0;
    if (rc == 0)
        rc = po_account_db_seed_targets(&seeded, st, cli->a, &err);
    if (rc == 0 && seeded)
        printf("  %-12s %6zu 行/rows（演示目标值 / demo target values）\n", "targets", seeded);
    if (st)
        po_store_close(st);
    if (!keep)
        rm_dir(dir);
    if (rc < 0) {
        po_cli_report(&err);
        return 1;
    }
    printf("演示城市已载入（种子 %llu）/ demo city loaded (seed %llu)\n", seed, seed);
    return 0;
}
