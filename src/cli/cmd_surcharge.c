/*
 * cmd_surcharge.c: phaseout surcharge — a month's differential, punitive and tiered electricity
 * and progressive water surcharges: computed and stored as an immutable run (app/surchargedb.h),
 * written as the grid company's statement and the enterprises' notices (report/surcharge_out.h),
 * compared with the month before, or explained for one enterprise.
 */
#include "cli/cli.h"
#include "app/audit.h"
#include "app/surchargedb.h"
#include "format/outdir.h"
#include "format/tablebuf.h"
#include "report/surcharge_out.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout surcharge --db DB --month YYYY-MM --out DIR [--explain USCC] [--actor NAME]",
    "       phaseout surcharge --db DB --month YYYY-MM --explain USCC",
    "",
    "With --out: computes the month for every enterprise (electricity of the month from the energy",
    "table, metered over reported for the same part; categories and bands from the latest",
    "evaluation as of the month's end; water from import --kind water; rules from",
    "data/surcharge_rules.csv), stores it as a new immutable run and writes DIR/statement.csv",
    "(UTF-8 with BOM), DIR/statement.xlsx, DIR/diff.csv (against the latest run of the month",
    "before) and DIR/notice-USCC.pdf for each enterprise with a non-zero amount.  Money is exact:",
    "kWh x rate x days applied / days in month, rounded half up to 0.01 yuan once per row.  A",
    "missing kWh is cannot_compute, never 0; a missing fact is cannot_decide.",
    "--explain USCC prints each rule, figure, formula, rounding and legal basis of the enterprise",
    "(of the run just made, or without --out of the month's latest run).",
    NULL,
};

static int parse_month(int *y, int *m, const char *s)
{
    if (!s || strlen(s) != 7 || s[4] != '-')
        return -1;
    char ys[5] = { s[0], s[1], s[2], s[3], 0 }, ms[3] = { s[5], s[6], 0 };
    if (po_cli_parse_int(y, ys, PO_CLI_YEAR_MIN, PO_CLI_YEAR_MAX) < 0 ||
        po_cli_parse_int(m, ms, 1, 12) < 0)
        return -1;
    return 0;
}

static int write_buf(const char *dir, const char *name, const struct po_buf *b, struct po_err *err)
{
    return po_outdir_write(dir, name, b->buf, b->len, err);
}

/* diff.csv and the summary's lines: what changed since the previous month's latest run. */
static int write_diff(struct po_store *st, const struct po_sc_stored_run *cur, const char *dir,
                      struct po_arena *a, struct po_err *err)
{
    int py = cur->month == 1 ? cur->year - 1 : cur->year, pm = cur->month == 1 ? 12 : cur->month - 1;
    struct po_sc_stored_run prev = { 0 };
    struct po_buf b = PO_BUF_INIT;
    b.arena = a;
    po_buf_adds(&b, "\xEF\xBB\xBFuscc,name,before_yuan,after_yuan,new_rows,gone_rows\r\n");
    int rc = po_surchargedb_latest(&prev, st, py, pm, a, err);
    if (rc == PO_ENOTFOUND) {
        printf("与上月比较 / against %04d-%02d: 上月无核算 / no run of that month\n", py, pm);
        return write_buf(dir, "diff.csv", &b, err);
    }
    struct po_surchargedb_diff *d = NULL;
    size_t n = 0;
    if (rc == 0)
        rc = po_surchargedb_diff(&d, &n, &prev, cur, a, err);
    if (rc < 0)
        return rc;
    printf("与上月比较 / against %04d-%02d (run %lld): %zu 家企业有变化 / enterprises changed\n", py,
           pm, (long long)prev.id, n);
    for (size_t i = 0; i < n; i++) {
        char bf[32], af[32];
        po_scout_yuan(bf, sizeof bf, d[i].before_micro);
        po_scout_yuan(af, sizeof af, d[i].after_micro);
        printf("  %s %s: %s -> %s yuan%s%s%s%s\n", d[i].uscc, d[i].name, bf, af,
               d[i].new_rows[0] ? "; new: " : "", d[i].new_rows,
               d[i].gone_rows[0] ? "; gone: " : "", d[i].gone_rows);
        const char *c[] = { d[i].uscc, d[i].name, bf, af, d[i].new_rows, d[i].gone_rows };
        for (size_t k = 0; k < 6; k++) {
            if (k)
                po_buf_addch(&b, ',');
            po_tablebuf_csv_cell(&b, c[k]);
        }
        po_buf_adds(&b, "\r\n");
    }
    return po_buf_failed(&b) ? po_err_set(err, PO_ENOMEM, "内存不足", "out of memory")
                             : write_buf(dir, "diff.csv", &b, err);
}

/* One notice per enterprise whose rows sum to a non-zero amount. */
static int write_notices(const struct po_sc_stored_run *run, const char *dir, const char *day,
                         size_t *count, struct po_arena *a, struct po_err *err)
{
    int rc = 0;
    for (size_t lo = 0, hi; rc == 0 && lo < run->nrows; lo = hi) {
        int64_t sum = 0;
        for (hi = lo; hi < run->nrows && strcmp(run->rows[hi].uscc, run->rows[lo].uscc) == 0; hi++)
            sum += run->rows[hi].has_amount ? run->rows[hi].amount_micro : 0;
        if (sum == 0)
            continue;
        struct po_buf pdf = PO_BUF_INIT;
        pdf.arena = a;
        rc = po_scout_notice(&pdf, run, lo, hi, day, a, err);
        const char *name = po_arena_printf(a, "notice-%s.pdf", run->rows[lo].uscc);
        if (rc == 0)
            rc = name ? write_buf(dir, name, &pdf, err)
                      : po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
        if (rc == 0)
            (*count)++;
    }
    return rc;
}

static int write_all(struct po_store *st, const struct po_sc_stored_run *run, const char *dir,
                     const char *day, struct po_arena *a, struct po_err *err)
{
    struct po_buf csv = PO_BUF_INIT;
    csv.arena = a;
    size_t notices = 0;
    int rc = po_outdir_make(dir, err);
    if (rc == 0)
        rc = po_scout_csv(&csv, run, a, err);
    if (rc == 0)
        rc = write_buf(dir, "statement.csv", &csv, err);
    const char *xlsx = po_arena_printf(a, "%s/statement.xlsx", dir);
    if (rc == 0)
        rc = xlsx ? po_scout_xlsx(xlsx, run, a, err)
                  : po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    if (rc == 0)
        rc = write_notices(run, dir, day, &notices, a, err);
    if (rc < 0)
        return rc;
    char total[32];
    printf("核算批次 / run %lld: %04d-%02d, %lld 家企业 / enterprises, %zu 行 / rows (%lld 已计算 / ok,"
           " %lld 无法计算或判定 / cannot compute or decide), 合计 / total %s 元 / yuan\n",
           (long long)run->id, run->year, run->month, (long long)run->nenterprises, run->nrows,
           (long long)run->ncomputed, (long long)run->ncannot,
           po_scout_yuan(total, sizeof total, run->total_micro));
    if (run->evaluation_run_id)
        printf("评估 / evaluation run %lld; ", (long long)run->evaluation_run_id);
    else
        printf("无评估：类别和档次无法判定，请先运行 phaseout evaluate / no evaluation run: categories "
               "and bands cannot be decided, run phaseout evaluate first; ");
    printf("规则集 / rules %s sha256 %s\n", run->rules_name, run->rules_sha256);
    printf("写出 / wrote %s/statement.csv, %s/statement.xlsx, %s/diff.csv, %zu 份告知书 / notices\n",
           dir, dir, dir, notices);
    return write_diff(st, run, dir, a, err);
}

static int explain(const struct po_sc_stored_run *run, const char *uscc, struct po_arena *a,
                   struct po_err *err)
{
    struct po_buf b = PO_BUF_INIT;
    b.arena = a;
    int rc = po_scout_explain(&b, run, uscc, a, err);
    if (rc == 0)
        fwrite(b.buf, 1, b.len, stdout);
    return rc;
}

int cmd_surcharge(int argc, char **argv, struct po_cli *cli)
{
    static const struct po_cli_spec spec = {
        .usage = usage,
        .take = PO_OPT_DB | PO_OPT_OUT,
    };
    struct po_cli_opts c;
    const char *month = NULL, *uscc = NULL, *actor = NULL;
    const struct po_cli_opt own[] = {
        { "month", PO_CLI_STR, &month, NULL },
        { "explain", PO_CLI_STR, &uscc, NULL },
        { "actor", PO_CLI_STR, &actor, NULL },
        { NULL },
    };
    int prc = po_cli_parse(&c, &spec, own, argc, argv);
    if (prc)
        return prc;
    int y = 0, m = 0;
    if (c.nargs || parse_month(&y, &m, month) < 0 || (!c.out && !uscc))
        return po_cli_usage(usage);
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    char now[40];
    const char *env = getenv("PHASEOUT_NOW");
    if (env)
        snprintf(now, sizeof now, "%s", env);
    else
        po_audit_now(now, sizeof now);
    char day[11];
    snprintf(day, sizeof day, "%.10s", now);
    int rc = po_cli_open_store(&st, c.db, &err);
    struct po_sc_stored_run run = { 0 };
    if (rc == 0 && !c.out) {
        rc = po_surchargedb_latest(&run, st, y, m, cli->a, &err);
        if (rc == PO_ENOTFOUND) {
            fprintf(stderr, "%04d-%02d 尚无核算，现在核算 / no run of the month yet: computing one\n",
                    y, m);
            rc = 1; /* compute below */
        }
    }
    if (rc == 0 && c.out)
        rc = 1;
    if (rc == 1) {
        const char *who = po_arena_printf(cli->a, "cli:%s", actor ? actor : "cli");
        rc = who ? po_surchargedb_compute(&run, st, y, m, who, now, cli->a, &err)
                 : po_err_set(&err, PO_ENOMEM, "内存不足", "out of memory");
    }
    if (rc == 0 && c.out)
        rc = write_all(st, &run, c.out, day, cli->a, &err);
    if (rc == 0 && uscc)
        rc = explain(&run, uscc, cli->a, &err);
    return po_cli_finish(st, rc, &err);
}
