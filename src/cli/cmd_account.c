/* cmd_account.c: phaseout account — every enterprise's energy account for a year. */
#include "cli/cli.h"
#include "refdata/coefdata.h"
#include "app/account_db.h"
#include "report/account_out.h"
#include "refdata/account_ref.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout account --db PATH_OR_URL --year Y [--format csv|xlsx|json] [--out FILE]",
    "                        [--electricity equivalent|equal] [--coefficients FILE]",
    "                        [--explain USCC [--lang zh|en|both]]",
    "",
    "Standard coal (GB/T 2589-2020), exclusions under the accounting policy of the year",
    "(data/accounting_policy.csv), CO2, intensity per 10k yuan of value added and unit-product",
    "consumption against the quota standards, for every registered enterprise.",
    "  --format csv    one row per enterprise (UTF-8 with BOM; default); xlsx likewise",
    "  --format json   the full breakdown: records, factors, exclusions, quota comparisons",
    "  --electricity   override the policy's electricity convention for this run; the equal",
    "                  value (等价值) uses the year's coefficient "
    "(data/electricity_equal_value.csv)",
    "  --coefficients FILE  conversion factors as energy_type,unit,tce_per_unit (like the",
    "                  benchmark's coefficients.csv) instead of the project's GB/T 2589 table",
    "  --explain USCC  the arithmetic of one enterprise in plain language (Chinese, then English)",
    "See docs/accounting.md.",
    NULL,
};

struct opts {
    struct po_cli_opts c; /* --db --year --format --out --lang */
    const char *explain, *electricity, *coefficients;
    enum po_elec_choice elec;
};

static const char *const formats[] = { "csv", "xlsx", "json", NULL };
static const char *const langs[] = { "both", "zh", "en", NULL };
static const struct po_cli_spec spec = {
    .usage = usage,
    .take = PO_OPT_DB | PO_OPT_YEAR | PO_OPT_FORMAT | PO_OPT_OUT | PO_OPT_LANG | PO_OPT_HELP,
    .need = PO_OPT_YEAR,
    .formats = formats,
    .format = "csv",
    .langs = langs,
    .lang = "both",
};

/* 0, or the exit status of a usage error (printed). */
static int parse(struct opts *o, int argc, char **argv)
{
    memset(o, 0, sizeof(*o));
    const struct po_cli_opt own[] = {
        { "explain", PO_CLI_STR, &o->explain, NULL },
        { "electricity", PO_CLI_STR, &o->electricity, NULL },
        { "coefficients", PO_CLI_STR, &o->coefficients, NULL },
        { NULL },
    };
    int rc = po_cli_parse(&o->c, &spec, own, argc, argv);
    if (rc)
        return rc;
    if (o->c.nargs || po_cli_parse_elec(&o->elec, o->electricity) < 0)
        return po_cli_usage(usage);
    return 0;
}

static enum po_lang lang_of(const char *s)
{
    return strcmp(s, "zh") == 0 ? PO_LANG_ZH : strcmp(s, "en") == 0 ? PO_LANG_EN : PO_LANG_BOTH;
}

static int explain(const struct po_acct_run *run, const struct opts *o, struct po_err *err)
{
    const struct po_acct_entry *e = NULL;
    for (size_t i = 0; i < run->n && !e; i++)
        if (strcmp(run->e[i].ent->uscc, o->explain) == 0)
            e = &run->e[i];
    if (!e)
        return po_err_set(err, PO_ENOTFOUND, "企业 %s 不在台账中",
                          "enterprise %s is not registered", o->explain);
    struct po_buf b = PO_BUF_INIT;
    po_account_explain(&b, run, e, lang_of(o->c.lang));
    int rc = 0;
    if (po_buf_failed(&b)) {
        rc = po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    } else {
        FILE *f = o->c.out ? fopen(o->c.out, "w") : stdout;
        if (!f || fwrite(b.buf, 1, b.len, f) != b.len || (o->c.out && fclose(f) != 0))
            rc = po_err_set(err, PO_EIO, "无法写出 %s", "cannot write %s",
                            o->c.out ? o->c.out : "stdout");
    }
    po_buf_release(&b);
    return rc;
}

static int write_out(const struct po_acct_run *run, const struct opts *o, struct po_err *err)
{
    if (strcmp(o->c.format, "json") == 0) {
        FILE *f = o->c.out ? fopen(o->c.out, "w") : stdout;
        if (!f)
            return po_err_set(err, PO_EIO, "无法创建 %s", "cannot create %s", o->c.out);
        int rc = po_account_write_json(f, run, err);
        if (o->c.out && fclose(f) != 0 && rc == 0)
            rc = po_err_set(err, PO_EIO, "无法写出 %s", "cannot write %s", o->c.out);
        return rc;
    }
    size_t rows;
    int rc = po_account_write_sheet(
        &rows, run, o->c.out, strcmp(o->c.format, "xlsx") == 0 ? PO_SHEET_XLSX : PO_SHEET_CSV, err);
    if (rc == 0 && o->c.out)
        fprintf(stderr, "已写出 %zu 家企业到 %s / wrote %zu enterprises to %s\n", rows, o->c.out,
                rows, o->c.out);
    return rc;
}

int cmd_account(int argc, char **argv, struct po_cli *cli)
{
    struct opts o;
    int prc = parse(&o, argc, argv);
    if (prc)
        return prc;
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    struct po_acct_refs refs;
    struct po_acct_policy pol;
    struct po_acct_year y;
    struct po_acct_run run;
    int rc = po_account_refs_load(&refs, o.c.year, cli->a, &err);
    if (rc == 0 && o.coefficients) {
        po_coef_table_init(&refs.coef, cli->a);
        rc = po_coefdata_load_file(&refs.coef, o.coefficients, &err);
    }
    if (rc == 0)
        rc = po_policy_resolve(&pol, &refs.policy, o.c.year, o.elec, &err);
    if (rc == 0)
        rc = po_cli_open_store(&st, o.c.db, &err);
    if (rc == 0)
        rc = po_account_db_load(&y, st, o.c.year, cli->a, &err);
    if (st)
        po_store_close(st);
    if (rc == 0)
        rc = po_account_run(&run, &y, &refs, &pol, cli->a, &err);
    if (rc == 0)
        rc = o.explain ? explain(&run, &o, &err) : write_out(&run, &o, &err);
    if (rc < 0) {
        po_cli_report(&err);
        return po_cli_exit_code(rc);
    }
    return 0;
}
