/*
 * cmd_rank.c: phaseout rank — the annual intensity ranking into OUTDIR.
 *
 * Two ways in, one way out (issue 4, item 4): the enterprises' T and V come
 * from a folder of CSVs (--from, ingest/rankdir.c) or from the database (--db,
 * app/rankdb.c: totals under the accounting policy, production enterprises
 * only), then core/rank.c ranks and formats, and the three files are
 * written whole.  Set PHASEOUT_TIMING=1 for the time of each step
 * on stderr.
 */
#include "cli/cli.h"
#include "core/rank.h"
#include "core/rank_legal.h"
#include "refdata/coefdata.h"
#include "format/outdir.h"
#include "app/rankdb.h"
#include "ingest/rankdir.h"
#include "util/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const usage[] = {
    "usage: phaseout rank --from DATADIR --year Y --out OUTDIR [--coefficients FILE] [--threads N]",
    "       phaseout rank --db PATH_OR_URL --year Y --out OUTDIR [--coefficients FILE]",
    "                     [--policy legal|benchmark] [--loss-making review|ranked_worst]",
    "",
    "--db ranks the registry's production enterprises (operating, limited, suspended) by their",
    "energy under the accounting policy of the year (see phaseout account).",
    "  --policy legal       (the default with --db) the 实施意见 三(二) ranking: an enterprise",
    "                       whose value added is not recorded, whose energy use is zero or not",
    "                       reported is not ranked and not flagged; it is listed in",
    "                       OUTDIR/excluded.csv (uscc,name,district_code,reason,reason_zh,missing)",
    "                       for the 数据待补 work list.  The count and the cut are over the",
    "                       ranked enterprises only.",
    "  --policy benchmark   the benchmark workload's rule, every enterprise ranked (the one",
    "                       --from uses); on the same data the files are the same bytes",
    "  --loss-making review|ranked_worst",
    "                       loss-making enterprises (value added <= 0 with energy use) under",
    "                       the legal policy: listed for review (loss_review), or ranked worst;",
    "                       default: the city's choice, data/city_params.csv loss_making_ranking",
    "",
    "Ranks every enterprise of DATADIR/enterprises.csv by energy per 10k yuan of value added",
    "(energy.csv, value_added.csv), worst first, and flags the worst share (rounded up) that",
    "data/city_params.csv sets (intensity_worst_pct, the opinion's 三(二)), as",
    "../shared/bench/WORKLOAD.md defines.  Writes OUTDIR/result.csv, district.csv, industry.csv.",
    "  --coefficients FILE  factors as energy_type,unit,tce_per_unit (default: the project's",
    "                       GB/T 2589-2020 table, data/energy_type_coefficients.csv)",
    "  --threads N          parts of energy.csv read in parallel (default: the CPUs online)",
    NULL,
};

struct rank_args {
    const char *from, *db, *out, *coefficients;
    int year;
    unsigned threads;
    enum po_rank_policy policy;
    bool policy_set, loss_set;
    enum po_rank_loss loss;
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void timing(const char *step, double *t0)
{
    static const char env[] = "PHASEOUT_TIMING";
    const char *v = getenv(env);
    double t = now();
    if (v && *v && strcmp(v, "0") != 0)
        fprintf(stderr, "timing: %-12s %8.3f s\n", step, t - *t0);
    *t0 = t;
}

static int parse_threads(void *value, char *arg)
{
    int v;
    if (po_cli_parse_int(&v, arg, 1, 16) < 0)
        return PO_CLI_USAGE;
    ((struct rank_args *)value)->threads = (unsigned)v;
    return 0;
}

static int parse_policy(void *value, char *arg)
{
    struct rank_args *a = value;
    if (po_rank_policy_parse(&a->policy, arg) < 0)
        return PO_CLI_USAGE;
    a->policy_set = true;
    return 0;
}

static int parse_loss(void *value, char *arg)
{
    struct rank_args *a = value;
    if (po_rank_loss_parse(&a->loss, arg) < 0)
        return PO_CLI_USAGE;
    a->loss_set = true;
    return 0;
}

/* Returns 0, or 2 after printing the usage. */
static int parse_args(struct rank_args *a, int argc, char **argv)
{
    static const struct po_cli_spec spec = {
        .usage = usage,
        .take = PO_OPT_DB | PO_OPT_YEAR | PO_OPT_OUT | PO_OPT_HELP,
        .need = PO_OPT_YEAR | PO_OPT_OUT,
        .year_min = 1, /* any year a folder of CSVs may hold, not only the registry's */
        .year_max = 9999,
    };
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    *a = (struct rank_args){ .threads = online > 0 ? (unsigned)online : 1 };
    const struct po_cli_opt own[] = {
        { "from", PO_CLI_STR, &a->from, NULL },
        { "coefficients", PO_CLI_STR, &a->coefficients, NULL },
        { "threads", PO_CLI_FN, a, parse_threads },
        { "policy", PO_CLI_FN, a, parse_policy },
        { "loss-making", PO_CLI_FN, a, parse_loss },
        { NULL },
    };
    struct po_cli_opts o;
    int rc = po_cli_parse(&o, &spec, own, argc, argv);
    if (rc)
        return rc;
    a->db = o.db;
    a->year = o.year;
    a->out = o.out;
    /* PHASEOUT_DB stands for --db only when --from is not given either */
    if (!a->from && !a->db)
        a->db = getenv("PHASEOUT_DB");
    if (o.nargs || !a->from == !a->db)
        return po_cli_usage(usage);
    if (!a->policy_set)
        a->policy = a->from ? PO_RANK_BENCHMARK : PO_RANK_LEGAL;
    /* a folder of CSVs is the benchmark's input: it says nothing of who reported energy */
    if (a->from && a->policy != PO_RANK_BENCHMARK) {
        fprintf(stderr, "rank --from 只按基准测试规则（--policy benchmark）排名\n"
                        "rank --from ranks by the benchmark rule only (--policy benchmark)\n");
        return po_cli_usage(usage);
    }
    if (a->loss_set && a->policy != PO_RANK_LEGAL) {
        fprintf(stderr, "--loss-making 只用于 --policy legal\n"
                        "--loss-making applies to --policy legal only\n");
        return po_cli_usage(usage);
    }
    return 0;
}

static void warn_skipped(const struct po_rankdir_stats *st, int year)
{
    if (st->unknown_pair_rows) {
        fprintf(stderr,
                "警告：energy.csv 中 %d 年有 %llu 行的（能源品种，单位）没有折标系数，未计入：\n"
                "warning: %llu energy.csv rows of %d have an (energy_type, unit) pair without a "
                "factor and count for nothing:\n",
                year, (unsigned long long)st->unknown_pair_rows,
                (unsigned long long)st->unknown_pair_rows, year);
        for (size_t i = 0; i < st->nunknown; i++)
            fprintf(stderr, "  %s, %s: %llu\n", st->unknown[i].energy_type, st->unknown[i].unit,
                    (unsigned long long)st->unknown[i].rows);
    }
    if (st->unknown_uscc_rows)
        fprintf(stderr,
                "警告：energy.csv 中 %d 年有 %llu 行的企业不在 enterprises.csv 中，未计入\n"
                "warning: %llu energy.csv rows of %d are of enterprises not in enterprises.csv "
                "and count for nothing\n",
                year, (unsigned long long)st->unknown_uscc_rows,
                (unsigned long long)st->unknown_uscc_rows, year);
    if (st->va_unknown_uscc_rows)
        fprintf(stderr,
                "警告：value_added.csv 中 %d 年有 %llu 行的企业不在 enterprises.csv 中，未计入\n"
                "warning: %llu value_added.csv rows of %d are of enterprises not in "
                "enterprises.csv and count for nothing\n",
                year, (unsigned long long)st->va_unknown_uscc_rows,
                (unsigned long long)st->va_unknown_uscc_rows, year);
}

/* Format and write the three files, one buffer reused. */
static int write_results(const struct po_rank_result *r, const char *out, struct po_err *err)
{
    static const enum po_rank_file files[] = { PO_RANK_RESULT_CSV, PO_RANK_DISTRICT_CSV,
                                               PO_RANK_INDUSTRY_CSV };
    int rc = po_outdir_make(out, err);
    struct po_buf b = PO_BUF_INIT;
    po_buf_grow(&b, r->n * 64 + 4096);
    for (size_t i = 0; rc == 0 && i < sizeof(files) / sizeof(files[0]); i++) {
        po_buf_reset(&b);
        po_rank_format(&b, r, files[i]);
        if (po_buf_failed(&b))
            rc = po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
        else
            rc = po_outdir_write(out, po_rank_file_name(files[i]), b.buf, b.len, err);
    }
    po_buf_release(&b);
    return rc;
}

/* The legal ranking's files and excluded.csv, and what was left out on stderr. */
static int write_legal(const struct po_rank_legal *lr, const struct po_rankdb_info *info,
                       const char *out, struct po_err *err)
{
    int rc = write_results(&lr->ranked, out, err);
    struct po_buf b = PO_BUF_INIT;
    po_rankdb_format_excluded(&b, lr);
    if (rc == 0)
        rc = po_buf_failed(&b) ? po_err_set(err, PO_ENOMEM, "内存不足", "out of memory")
                               : po_outdir_write(out, "excluded.csv", b.buf, b.len, err);
    po_buf_release(&b);
    if (rc < 0)
        return rc;
    fprintf(stderr,
            "已排名 %zu 家生产企业（依法排名，亏损企业：%s）；%zu 家未参加排名，见 excluded.csv："
            "增加值未记录 %zu，能耗未报送 %zu，能耗为零 %zu，亏损企业待审 %zu；%zu 家已关闭或退出\n"
            "ranked %zu production enterprises (legal policy, loss-making: %s); %zu not ranked, "
            "see excluded.csv: value added missing %zu, energy not reported %zu, energy zero "
            "%zu, loss-making for review %zu; %zu closed or exited\n",
            lr->ranked.n, po_rank_loss_name(lr->loss), lr->nexcluded,
            lr->by_reason[PO_RX_VALUE_ADDED_MISSING], lr->by_reason[PO_RX_ENERGY_NOT_REPORTED],
            lr->by_reason[PO_RX_ENERGY_ZERO], lr->by_reason[PO_RX_LOSS_REVIEW], info->skipped,
            lr->ranked.n, po_rank_loss_name(lr->loss), lr->nexcluded,
            lr->by_reason[PO_RX_VALUE_ADDED_MISSING], lr->by_reason[PO_RX_ENERGY_NOT_REPORTED],
            lr->by_reason[PO_RX_ENERGY_ZERO], lr->by_reason[PO_RX_LOSS_REVIEW], info->skipped);
    return 0;
}

static int run_db(const struct rank_args *args, const struct po_coef_table *coef,
                  struct po_arena *a, struct po_err *err)
{
    double t0 = now();
    struct po_store *st;
    int rc = po_cli_open_store(&st, args->db, err);
    if (rc < 0)
        return rc;
    struct po_rank_result r;
    struct po_rank_legal lr;
    struct po_rankdb_info info;
    bool legal = args->policy == PO_RANK_LEGAL;
    rc = legal ? po_rankdb_legal(&lr, &info, st, args->year, coef,
                                 args->loss_set ? &args->loss : NULL, a, err)
               : po_rankdb_compute(&r, &info, st, args->year, coef, a, err);
    po_store_close(st);
    timing("load+rank", &t0);
    if (rc == 0 && info.nunknown)
        fprintf(stderr,
                "警告：%d 年有 %zu 条能耗记录的（能源品种，单位）没有折标系数，未计入（见 phaseout "
                "account）\nwarning: %zu energy records of %d have an (energy_type, unit) pair "
                "without a factor and count for nothing (see phaseout account)\n",
                args->year, info.nunknown, info.nunknown, args->year);
    if (rc == 0 && legal) {
        rc = write_legal(&lr, &info, args->out, err);
        timing("write", &t0);
        return rc;
    }
    if (rc == 0)
        rc = write_results(&r, args->out, err);
    if (rc == 0) {
        /* a legal run's list of those left out would not describe this ranking */
        char path[4096];
        snprintf(path, sizeof path, "%s/excluded.csv", args->out);
        unlink(path);
    }
    timing("write", &t0);
    if (rc == 0)
        fprintf(stderr,
                "已排名 %zu 家生产企业（%zu 家已关闭或退出，未参加排名）\n"
                "ranked %zu production enterprises (%zu closed or exited, not ranked)\n"
                "（基准测试规则：增加值缺失或不为正的企业排为最差）\n"
                "(benchmark rule: value added missing or not positive ranks worst)\n",
                info.ranked, info.skipped, info.ranked, info.skipped);
    return rc;
}

static int run(const struct rank_args *args, struct po_arena *a, struct po_err *err)
{
    double t0 = now();
    struct po_coef_table coef;
    po_coef_table_init(&coef, a);
    int rc = args->coefficients ? po_coefdata_load_file(&coef, args->coefficients, err)
                                : po_coefdata_default(&coef, err);
    if (rc)
        return rc;
    timing("coefficients", &t0);
    if (args->db)
        return run_db(args, &coef, a, err);
    struct po_rankdir rd;
    struct po_rankdir_opts ro = { args->year, &coef, args->threads };
    rc = po_rankdir_load(&rd, args->from, &ro, a, err);
    if (rc)
        return rc;
    timing("load", &t0);
    warn_skipped(&rd.stats, args->year);
    struct po_rank_result r;
    int pct = 0;
    rc = po_rankdb_city_cut(&pct, NULL, NULL, err);
    if (rc == 0)
        rc = po_rank_compute(&r, rd.ents, rd.n, pct, a, err);
    timing("rank", &t0);
    if (rc == 0)
        rc = write_results(&r, args->out, err);
    timing("write", &t0);
    po_rankdir_close(&rd);
    return rc;
}

int cmd_rank(int argc, char **argv, struct po_cli *cli)
{
    struct rank_args args;
    int rc = parse_args(&args, argc, argv);
    if (rc)
        return rc;
    struct po_err err = PO_ERR_INIT;
    rc = run(&args, cli->a, &err);
    if (rc) {
        po_cli_report(&err);
        return po_cli_exit_code(rc);
    }
    return 0;
}
