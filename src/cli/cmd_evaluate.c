/* cmd_evaluate.c: phaseout evaluate — judge the registry by the rules, store the run, print it. */
#include "cli/cli.h"
#include "core/date.h"
#include "app/evaldb.h"
#include "app/evalread.h"
#include "refdata/rulesdata.h"
#include "format/sheetw.h"
#include "util/arena.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout evaluate --db PATH_OR_URL --year Y [--as-of YYYY-MM-DD]",
    "                         [--format csv|xlsx|json] [--out FILE] [--rules FILE]",
    "       phaseout evaluate --db PATH_OR_URL --diff RUN_A RUN_B [--format csv|xlsx] [--out FILE]",
    "",
    "Judges every enterprise still in business, and each of its units not sealed or",
    "dismantled, by every rule in force on the as-of date (default 31 December of Y) for",
    "its district (data/rules.csv, or --rules FILE in the same format: data/RULES.md), and",
    "stores the findings as a new immutable run.  Findings: caught, or cannot_decide when",
    "a figure is missing; most severe measure first per enterprise.  The same data and",
    "rules give byte-identical findings.  The run's id, rule-set hash and data fingerprint",
    "go to standard error.",
    "",
    "--diff lists the findings added in RUN_B, removed from RUN_A, and changed (status,",
    "measure, evidence or legal basis).  A finding id names the rule version, so a new",
    "edition of a rule shows as one finding removed and one added.",
    NULL,
};

struct opts {
    struct po_cli_opts c; /* --db --year --format --out --as-of */
    const char *rules;
    struct po_date as_of; /* --as-of, else 31 December of --year */
    int diff_a, diff_b;   /* run ids; 0: not a diff */
};

static const char *const formats[] = { "csv", "xlsx", "json", NULL };
static const char *const diff_formats[] = { "csv", "xlsx", NULL };
static const struct po_cli_spec spec = {
    .usage = usage,
    .take = PO_OPT_DB | PO_OPT_YEAR | PO_OPT_FORMAT | PO_OPT_OUT | PO_OPT_AS_OF | PO_OPT_HELP,
    /* the rules look at the years before the data year too (as POST /evaluations) */
    .year_min = PO_CLI_YEAR_MIN + 1,
    .year_max = PO_CLI_YEAR_MAX,
    .formats = formats,
    .format = "csv",
    .as_of_date = true,
};

/* --diff RUN_A: a run id. */
static int parse_diff(void *value, char *arg)
{
    return po_cli_parse_int(value, arg, 1, INT_MAX) < 0 ? PO_CLI_USAGE : 0;
}

/* 0, or the exit status of a usage error (printed). */
static int parse(struct opts *o, int argc, char **argv)
{
    memset(o, 0, sizeof(*o));
    const struct po_cli_opt own[] = {
        { "rules", PO_CLI_STR, &o->rules, NULL },
        { "diff", PO_CLI_FN, &o->diff_a, parse_diff },
        { NULL },
    };
    const struct po_cli_opts *c = &o->c;
    int rc = po_cli_parse(&o->c, &spec, own, argc, argv);
    if (rc)
        return rc;
    bool ok;
    if (o->diff_a)
        ok = c->nargs == 1 && po_cli_parse_int(&o->diff_b, c->args[0], 1, INT_MAX) == 0 &&
             po_cli_oneof(c->format, diff_formats) && !c->year && !o->rules && !c->as_of;
    else
        ok = c->nargs == 0 && c->year;
    if (!ok)
        return po_cli_usage(usage);
    o->as_of = c->as_of ? c->as_of_date : (struct po_date){ c->year, 12, 31 };
    return 0;
}

static int write_json(const struct po_eval_run *r, const char *path, struct po_arena *a,
                      struct po_err *err)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < r->n; i++) {
        json_t *o = json_object();
        for (size_t k = 0; o && k < po_evaldb_ncolumns; k++)
            json_object_set_new(o, po_evaldb_columns[k],
                                k == 6 ? json_integer(r->findings[i].rule->version)
                                       : json_string(po_evaldb_cell(&r->findings[i], k, a)));
        json_object_set_new(o, "low_confidence", json_boolean(r->findings[i].rule->low_confidence));
        json_array_append_new(arr, o);
    }
    char *text = arr ? json_dumps(arr, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(arr);
    if (!text)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    FILE *f = path ? fopen(path, "w") : stdout;
    int rc = 0;
    if (!f)
        rc = po_err_set(err, PO_EIO, "无法创建 %s", "cannot create %s", path);
    else if (fprintf(f, "%s\n", text) < 0 || (path && fclose(f) != 0))
        rc = po_err_set(err, PO_EIO, "无法写出 %s", "cannot write %s", path ? path : "stdout");
    free(text);
    return rc;
}

static int write_sheet(const struct po_eval_run *r, const struct opts *o, struct po_arena *a,
                       struct po_err *err)
{
    enum po_sheet_format fmt = strcmp(o->c.format, "xlsx") == 0 ? PO_SHEET_XLSX : PO_SHEET_CSV;
    struct po_sheetw *w = NULL;
    struct po_cell cells[32];
    int rc = po_sheetw_open(&w, o->c.out, fmt, "findings", err);
    if (rc < 0)
        return rc;
    for (size_t k = 0; k < po_evaldb_ncolumns; k++)
        cells[k] = (struct po_cell){ PO_CELL_TEXT, po_evaldb_columns[k] };
    rc = po_sheetw_row(w, cells, po_evaldb_ncolumns, err);
    for (size_t i = 0; rc == 0 && i < r->n; i++) {
        for (size_t k = 0; k < po_evaldb_ncolumns; k++)
            cells[k] = (struct po_cell){ PO_CELL_TEXT, po_evaldb_cell(&r->findings[i], k, a) };
        rc = po_sheetw_row(w, cells, po_evaldb_ncolumns, err);
    }
    int crc = po_sheetw_close(w, err);
    return rc < 0 ? rc : crc;
}

static const char *const diff_cols[] = {
    "change",    "finding_id",   "uscc",       "enterprise_name", "equipment_id",
    "rule_id",   "rule_version", "status_a",   "status_b",        "measure_a",
    "measure_b", "evidence_a",   "evidence_b",
};
enum { NDIFF = sizeof diff_cols / sizeof diff_cols[0] };

/* One diff row. */
static int diff_row(struct po_sheetw *w, const struct po_evaldiff *d, struct po_arena *ar,
                    struct po_err *err)
{
    const struct po_stored_finding *a = d->before, *b = d->after, *x = a ? a : b;
    const char *t[NDIFF] = {
        po_evalread_change_name(d->change),
        x->finding_id,
        x->uscc,
        x->enterprise_name,
        x->equipment_id,
        x->rule_id,
        po_arena_printf(ar, "%lld", (long long)x->rule_version),
        a ? a->status : "",
        b ? b->status : "",
        a ? a->measure : "",
        b ? b->measure : "",
        a ? a->evidence : "",
        b ? b->evidence : "",
    };
    struct po_cell cells[NDIFF];
    for (size_t k = 0; k < NDIFF; k++)
        cells[k] = (struct po_cell){ PO_CELL_TEXT, t[k] };
    return po_sheetw_row(w, cells, NDIFF, err);
}

static int write_diff(const struct po_evaldiff *d, size_t n, const struct opts *o,
                      struct po_arena *ar, struct po_err *err)
{
    enum po_sheet_format fmt = strcmp(o->c.format, "xlsx") == 0 ? PO_SHEET_XLSX : PO_SHEET_CSV;
    struct po_sheetw *w = NULL;
    struct po_cell cells[NDIFF];
    int rc = po_sheetw_open(&w, o->c.out, fmt, "diff", err);
    if (rc < 0)
        return rc;
    for (size_t k = 0; k < NDIFF; k++)
        cells[k] = (struct po_cell){ PO_CELL_TEXT, diff_cols[k] };
    rc = po_sheetw_row(w, cells, NDIFF, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = diff_row(w, &d[i], ar, err);
    int crc = po_sheetw_close(w, err);
    return rc < 0 ? rc : crc;
}

static int cmd_diff(const struct opts *o, struct po_cli *cli)
{
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    struct po_evaldiff *d = NULL;
    size_t n = 0;
    int rc = po_cli_open_store(&st, o->c.db, &err);
    if (rc == 0)
        rc = po_evalread_diff(&d, &n, st, o->diff_a, o->diff_b, cli->a, &err);
    if (st)
        po_store_close(st);
    if (rc == 0)
        rc = write_diff(d, n, o, cli->a, &err);
    if (rc < 0) {
        po_cli_report(&err);
        return po_cli_exit_code(rc);
    }
    return 0;
}

int cmd_evaluate(int argc, char **argv, struct po_cli *cli)
{
    struct opts o;
    int prc = parse(&o, argc, argv);
    if (prc)
        return prc;
    if (o.diff_a)
        return cmd_diff(&o, cli);
    struct po_err err = PO_ERR_INIT;
    struct po_rulesdata rd;
    struct po_store *st = NULL;
    struct po_eval_run run;
    struct po_evaldb_opts eo = PO_EVALDB_OPTS_INIT;
    eo.year = o.c.year;
    eo.as_of = o.as_of;
    eo.actor = "cli";
    int rc = po_rulesdata_load(&rd, o.rules, cli->a, &err);
    if (rc == 0)
        rc = po_cli_open_store(&st, o.c.db, &err);
    if (rc == 0)
        rc = po_evaldb_run(&run, st, &rd, &eo, cli->a, &err);
    if (st)
        po_store_close(st);
    if (rc == 0)
        rc = strcmp(o.c.format, "json") == 0 ? write_json(&run, o.c.out, cli->a, &err)
                                             : write_sheet(&run, &o, cli->a, &err);
    if (rc < 0) {
        po_cli_report(&err);
        return po_cli_exit_code(rc);
    }
    fprintf(stderr,
            "评估批次 %lld：%zu 家企业、%zu 台设备，%zu 条结论\n"
            "run %lld: %zu enterprises, %zu units, %zu findings; as of %04d-%02d-%02d; "
            "rules %s sha256 %s; data sha256 %s; findings sha256 %s\n",
            (long long)run.id, run.enterprises, run.equipment, run.n, (long long)run.id,
            run.enterprises, run.equipment, run.n, o.as_of.y, o.as_of.m, o.as_of.d, rd.name,
            rd.hash, run.data_sha256, run.findings_sha256);
    size_t undecided = 0;
    for (size_t i = 0; i < run.n; i++)
        undecided += run.findings[i].status == PO_FIND_CANNOT_DECIDE;
    if (undecided)
        fprintf(stderr,
                "其中无法判定 %zu 条：数据未记录，不据此立案；待补数据见 phaseout gaps\n"
                "%zu of them cannot decide: data not recorded, no case is opened on them; the "
                "data to complete: phaseout gaps\n",
                undecided, undecided);
    return 0;
}
