/*
 * cmd_meter.c: phaseout meter — 15-minute readings to daily and monthly totals in OUTDIR.
 *
 * ingest/meterfile.c reads and sums (in parallel parts), core/meter.c sorts
 * and formats; the two files are written whole.  PHASEOUT_TIMING=1 prints
 * the time of each step on stderr.
 */
#include "cli/cli.h"
#include "core/meter.h"
#include "ingest/meterfile.h"
#include "format/outdir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const usage[] = {
    "usage: phaseout meter --from FILE --out OUTDIR [--threads N]",
    "",
    "Sums 15-minute meter readings (uscc,meter_id,timestamp,energy_type,value) exactly per",
    "enterprise, day and energy type, and per month, with reading counts.  Writes",
    "OUTDIR/meter_daily.csv and OUTDIR/meter_monthly.csv (../shared/bench/WORKLOAD.md §5).",
    "  --threads N  parts of FILE read in parallel (default: the CPUs online)",
    NULL,
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void timing(const char *step, double *t0)
{
    const char *v = getenv("PHASEOUT_TIMING");
    double t = now();
    if (v && *v && strcmp(v, "0") != 0)
        fprintf(stderr, "timing: %-12s %8.3f s\n", step, t - *t0);
    *t0 = t;
}

static int write_results(const struct po_meter_result *r, const char *out, struct po_err *err)
{
    static const enum po_meter_file files[] = { PO_METER_DAILY_CSV, PO_METER_MONTHLY_CSV };
    int rc = po_outdir_make(out, err);
    struct po_buf b = PO_BUF_INIT;
    po_buf_grow(&b, r->ndaily * 64 + 4096);
    for (size_t i = 0; rc == 0 && i < sizeof(files) / sizeof(files[0]); i++) {
        po_buf_reset(&b);
        po_meter_format(&b, r, files[i]);
        if (po_buf_failed(&b))
            rc = po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
        else
            rc = po_outdir_write(out, po_meter_file_name(files[i]), b.buf, b.len, err);
    }
    po_buf_release(&b);
    return rc;
}

/* --threads N: 1 to 16. */
static int parse_threads(void *value, char *arg)
{
    int v;
    if (po_cli_parse_int(&v, arg, 1, 16) < 0)
        return PO_CLI_USAGE;
    *(unsigned *)value = (unsigned)v;
    return 0;
}

int cmd_meter(int argc, char **argv, struct po_cli *cli)
{
    static const struct po_cli_spec spec = {
        .usage = usage,
        .take = PO_OPT_OUT | PO_OPT_HELP,
        .need = PO_OPT_OUT,
    };
    const char *from = NULL;
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned threads = online > 0 ? (unsigned)online : 1;
    const struct po_cli_opt own[] = {
        { "from", PO_CLI_STR, &from, NULL },
        { "threads", PO_CLI_FN, &threads, parse_threads },
        { NULL },
    };
    struct po_cli_opts o;
    int prc = po_cli_parse(&o, &spec, own, argc, argv);
    if (prc)
        return prc;
    if (o.nargs || !from)
        return po_cli_usage(usage);
    const char *out = o.out;
    struct po_err err = PO_ERR_INIT;
    struct po_meter_result r;
    double t0 = now();
    int rc = po_meterfile_read(&r, NULL, from, threads, cli->a, &err);
    timing("read", &t0);
    if (rc == 0)
        rc = write_results(&r, out, &err);
    timing("write", &t0);
    if (rc) {
        po_cli_report(&err);
        return po_cli_exit_code(rc);
    }
    return 0;
}
