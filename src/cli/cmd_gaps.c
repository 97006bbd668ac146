/* cmd_gaps.c: phaseout gaps — the 数据待补 (data to complete) work list of the latest evaluation.
 */
#include "cli/cli.h"
#include "app/gapsdb.h"
#include "format/sheetw.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout gaps --db PATH_OR_URL [--district CODE] [--format text|csv|json]",
    "",
    "The data to complete (数据待补): per district and enterprise, each data item the latest",
    "evaluation run could not decide a rule for want of (has_downstream, value added, an",
    "inspection, an equipment parameter, ...), since which run it is missing, the department",
    "that must supply it and the rules waiting on it.  No case is opened on such a finding.",
    "--district: one district (GB/T 2260 code).  --format text (default, Chinese), csv (UTF-8,",
    "one row per item and rule) or json (as GET /api/v1/data-gaps).",
    NULL,
};

static const char *const formats[] = { "text", "csv", "json", NULL };

/* --db itself is needed: gaps does not read PHASEOUT_DB. */
static const struct po_cli_spec spec = {
    .usage = usage,
    .take = PO_OPT_DB | PO_OPT_FORMAT | PO_OPT_HELP,
    .need = PO_OPT_DB,
    .formats = formats,
    .format = "text",
};

static void rules_text(struct po_buf *b, const struct po_gap *g, bool zh)
{
    for (size_t k = 0; k < g->nrules; k++) {
        const struct po_gap_rule *r = &g->rules[k];
        const char *t = zh ? r->title_zh : r->title_en;
        po_buf_addf(b, "%s%s（%s/%lld%s%s）", k ? "；" : "", t ? t : r->rule_id, r->rule_id,
                    (long long)r->version, r->equipment_id[0] ? " " : "", r->equipment_id);
    }
}

static int write_text(const struct po_gaps *g, struct po_arena *a)
{
    if (!g->run_id) {
        puts("尚未评估：先运行 phaseout evaluate / no evaluation run yet: run phaseout evaluate");
        return 0;
    }
    printf("数据待补（评估批次 %lld，%lld 年度，基准日 %s）：共 %zu 项\n", (long long)g->run_id,
           (long long)g->year, g->as_of, g->n);
    const char *district = NULL;
    for (size_t i = 0; i < g->n; i++) {
        const struct po_gap *x = &g->items[i];
        if (!district || strcmp(district, x->district_code) != 0) {
            district = x->district_code;
            printf("\n%s %s\n", x->district_name, x->district_code);
        }
        struct po_buf b = PO_BUF_INIT;
        b.arena = a;
        rules_text(&b, x, true);
        printf("  %s %s：%s 未记录；自第 %lld 批次（%lld 年度）起；应由%s补录；待判定规则：%s\n",
               x->uscc, x->enterprise_name, x->name_zh, (long long)x->since_run,
               (long long)x->since_year, x->supplier_zh[0] ? x->supplier_zh : "有关部门",
               po_buf_failed(&b) ? "" : b.buf);
    }
    return 0;
}

static int write_csv(const struct po_gaps *g, struct po_arena *a, struct po_err *err)
{
    static const char *const cols[] = {
        "district_code", "district_name",       "uscc",          "enterprise_name", "missing",
        "missing_zh",    "supplier_department", "supplier_zh",   "since_run",       "since_year",
        "rule_id",       "rule_version",        "rule_title_zh", "equipment_id",    "finding_id",
    };
    enum { N = sizeof cols / sizeof cols[0] };
    struct po_sheetw *w = NULL;
    struct po_cell c[N];
    int rc = po_sheetw_open(&w, NULL, PO_SHEET_CSV, NULL, err);
    if (rc < 0)
        return rc;
    for (size_t k = 0; k < N; k++)
        c[k] = (struct po_cell){ PO_CELL_TEXT, cols[k] };
    rc = po_sheetw_row(w, c, N, err);
    for (size_t i = 0; rc == 0 && i < g->n; i++) {
        const struct po_gap *x = &g->items[i];
        for (size_t k = 0; rc == 0 && k < x->nrules; k++) {
            const struct po_gap_rule *r = &x->rules[k];
            const char *v[N] = { x->district_code,
                                 x->district_name,
                                 x->uscc,
                                 x->enterprise_name,
                                 x->tag,
                                 x->name_zh,
                                 x->supplier,
                                 x->supplier_zh,
                                 po_arena_printf(a, "%lld", (long long)x->since_run),
                                 po_arena_printf(a, "%lld", (long long)x->since_year),
                                 r->rule_id,
                                 po_arena_printf(a, "%lld", (long long)r->version),
                                 r->title_zh ? r->title_zh : "",
                                 r->equipment_id,
                                 r->finding_id };
            for (size_t j = 0; j < N; j++)
                c[j] = (struct po_cell){ PO_CELL_TEXT, v[j] ? v[j] : "" };
            rc = po_sheetw_row(w, c, N, err);
        }
    }
    int crc = po_sheetw_close(w, err);
    return rc < 0 ? rc : crc;
}

int cmd_gaps(int argc, char **argv, struct po_cli *cli)
{
    const char *district = NULL;
    const struct po_cli_opt own[] = { { "district", PO_CLI_STR, &district, NULL }, { NULL } };
    struct po_cli_opts o;
    int rc = po_cli_parse(&o, &spec, own, argc, argv);
    if (rc)
        return rc;
    if (o.nargs)
        return po_cli_usage(usage);
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    struct po_gaps g;
    rc = po_cli_open_store(&st, o.db, &err);
    if (rc == 0)
        rc = po_gapsdb_list(&g, st, district, cli->a, &err);
    if (rc == 0 && strcmp(o.format, "json") == 0) {
        json_t *j = po_gapsdb_json(&g, district);
        char *text = j ? json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER) : NULL;
        json_decref(j);
        if (!text)
            rc = po_err_set(&err, PO_ENOMEM, "内存不足", "out of memory");
        else
            printf("%s\n", text);
        free(text);
    } else if (rc == 0 && strcmp(o.format, "csv") == 0)
        rc = write_csv(&g, cli->a, &err);
    else if (rc == 0)
        rc = write_text(&g, cli->a);
    return po_cli_finish(st, rc, &err);
}
