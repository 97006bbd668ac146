/*
 * cmd_demo.c: phaseout demo — the demo city in a database.
 *
 * The generator (src/demo) writes the files a bureau would receive, one per
 * kind, and they go in through the ordinary import, so the demo exercises
 * the same path as real data.
 */
#include "cli/cli.h"
#include "demo/demo.h"
#include "io/account_db.h"
#include "io/import.h"
#include "io/refdata.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const usage[] = {
    "usage: phaseout demo --db PATH_OR_URL [--seed N] [--keep-files DIR]",
    "",
    "Creates a Wuhai-like demo city (about 300 enterprises, three years of data) in the database.",
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

int cmd_demo(int argc, char **argv, struct po_cli *cli)
{
    static const struct option opts[] = {
        { "db", required_argument, NULL, 'd' },
        { "seed", required_argument, NULL, 's' },
        { "keep-files", required_argument, NULL, 'k' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *db = NULL, *keep = NULL;
    unsigned long long seed = 1;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd')
            db = optarg;
        else if (c == 's')
            seed = strtoull(optarg, NULL, 10);
        else if (c == 'k')
            keep = optarg;
        else
            return po_cli_usage(usage);
    }
    if (optind != argc)
        return po_cli_usage(usage);
    char tmpl[] = "/tmp/phaseout-demo-XXXXXX";
    const char *dir = keep;
    if (!dir && !(dir = mkdtemp(tmpl))) {
        perror("mkdtemp");
        return 1;
    }
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    struct po_demo_stats stats;
    struct po_ref_sync_result rs;
    int rc = po_demo_write(dir, (uint64_t)seed, &stats, &err);
    if (rc == 0)
        rc = po_cli_open_store(&st, db, &err);
    if (rc == 0)
        rc = po_ref_sync(&rs, st, &err);
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
