/* cmd_resettle.c: phaseout resettle — worker resettlement of exit cases (app/resettledb.h). */
#include "cli/cli.h"
#include "app/resettledb.h"
#include "core/deadline.h"
#include "util/arena.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout resettle list      --db DB [--district CODE] [--format text|json]",
    "       phaseout resettle show      --db DB --case ID [--format text|json]",
    "       phaseout resettle totals    --db DB [--district CODE] [--format text|json]",
    "       phaseout resettle plan-step --db DB --case ID --kind resettlement|risk",
    "                                   --status draft|submitted|approved|executing|done",
    "                                   --on DATE [--approved-by congress|district]",
    "                                   [--document TEXT] [--note TEXT] [--actor NAME]",
    "       phaseout resettle headcount --db DB --case ID --on DATE --contract N",
    "                                   --dispatched N --near-retirement N [--document TEXT]",
    "                                   [--actor NAME]",
    "       phaseout resettle outcome   --db DB --case ID --group contract|dispatched|",
    "                                   near_retirement --outcome reemployed_internal|",
    "                                   reemployed_external|retired_early|",
    "                                   insurance_transferred|trained|compensated",
    "                                   --workers N [--amount YUAN] --on DATE",
    "                                   [--document TEXT] [--note TEXT] [--actor NAME]",
    "",
    "Worker resettlement (职工安置, 实施意见 四(六)) of exit cases.  The resettlement plan",
    "(职工安置方案, kind resettlement) and the risk-handling plan (风险处置预案, kind risk) go",
    "draft -> submitted -> approved -> executing -> done (submitted -> draft: returned); an",
    "approval names who approved (the employees' congress or the district) and every step from",
    "submitted on its document.  The final exit of a case (confirm_exit, dismantle,",
    "approve_closure) is refused until its resettlement plan is approved.  An outcome replaces",
    "the earlier figure of the same group and outcome (the history is kept); amounts are yuan",
    "with at most two decimals, kept exact.  Every step is audited.",
    NULL,
};

static const char *const formats[] = { "text", "json", NULL };

struct opts {
    struct po_cli_opts c;
    const char *case_id, *district, *kind, *status, *on, *by, *document, *note, *actor;
    const char *contract, *dispatched, *near, *group, *outcome, *workers, *amount;
};

static int parse(struct opts *o, int argc, char **argv)
{
    static const struct po_cli_spec spec = {
        .usage = usage,
        .take = PO_OPT_DB | PO_OPT_FORMAT,
        .formats = formats,
        .format = "text",
    };
    memset(o, 0, sizeof(*o));
    const struct po_cli_opt own[] = {
        { "case", PO_CLI_STR, &o->case_id, NULL },
        { "district", PO_CLI_STR, &o->district, NULL },
        { "kind", PO_CLI_STR, &o->kind, NULL },
        { "status", PO_CLI_STR, &o->status, NULL },
        { "on", PO_CLI_STR, &o->on, NULL },
        { "approved-by", PO_CLI_STR, &o->by, NULL },
        { "document", PO_CLI_STR, &o->document, NULL },
        { "note", PO_CLI_STR, &o->note, NULL },
        { "actor", PO_CLI_STR, &o->actor, NULL },
        { "contract", PO_CLI_STR, &o->contract, NULL },
        { "dispatched", PO_CLI_STR, &o->dispatched, NULL },
        { "near-retirement", PO_CLI_STR, &o->near, NULL },
        { "group", PO_CLI_STR, &o->group, NULL },
        { "outcome", PO_CLI_STR, &o->outcome, NULL },
        { "workers", PO_CLI_STR, &o->workers, NULL },
        { "amount", PO_CLI_STR, &o->amount, NULL },
        { NULL },
    };
    return po_cli_parse(&o->c, &spec, own, argc, argv);
}

static bool count(int64_t *out, const char *s)
{
    char *end;
    if (!s)
        return false;
    long long v = strtoll(s, &end, 10);
    if (end == s || *end || v < 0 || v > 1000000)
        return false;
    *out = v;
    return true;
}

static int print_json(json_t *j, struct po_err *err)
{
    int rc = json_dumpf(j, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER) == 0 && puts("") >= 0
                 ? 0
                 : po_err_set(err, PO_EIO, "无法写出结果", "cannot write the result");
    json_decref(j);
    return rc;
}

static const char *js(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "-";
}

static long long ji(const json_t *o, const char *k)
{
    return (long long)json_integer_value(json_object_get(o, k));
}

static void print_list(const json_t *rows)
{
    printf("%-6s %-18s %-8s %-18s %-10s %8s %-10s %-10s %12s\n", "case", "uscc", "district",
           "state", "exit_on", "workers", "plan", "risk", "amount");
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        char w[24] = "-";
        if (json_is_integer(json_object_get(r, "workers")))
            snprintf(w, sizeof(w), "%lld", ji(r, "workers"));
        printf("%-6lld %-18s %-8s %-18s %-10s %8s %-10s %-10s %12s\n", ji(r, "case_id"),
               js(r, "uscc"), js(r, "district_code"), js(r, "state"), js(r, "exit_on"), w,
               js(r, "resettlement"), js(r, "risk"), js(r, "amount"));
    }
}

static void print_show(const json_t *c)
{
    printf("case %lld %s %s (%s) state %s, exit %s\n", ji(c, "case_id"), js(c, "uscc"),
           js(c, "enterprise_name"), js(c, "district_code"), js(c, "state"), js(c, "exit_on"));
    const json_t *h = json_object_get(c, "headcount");
    if (json_is_object(h))
        printf("workers: contract %lld, dispatched %lld, near_retirement %lld (total %lld, %s)\n",
               ji(h, "contract"), ji(h, "dispatched"), ji(h, "near_retirement"), ji(h, "total"),
               js(h, "on_date"));
    else
        printf("workers: not recorded\n");
    const char *kinds[] = { "resettlement", "risk" };
    for (size_t k = 0; k < 2; k++) {
        const json_t *p = json_object_get(json_object_get(c, "plans"), kinds[k]);
        printf("%s plan (%s): %s", kinds[k], js(p, "name_zh"), js(p, "status"));
        if (json_is_string(json_object_get(p, "approved_by")))
            printf(", approved by %s on %s", js(p, "approved_by"), js(p, "approved_on"));
        printf("\n");
        size_t i;
        json_t *s;
        json_array_foreach(json_object_get(p, "steps"), i, s)
            printf("  %lld %s %s %s%s%s by %s\n", ji(s, "seq"), js(s, "on_date"), js(s, "status"),
                   js(s, "document"), json_is_string(json_object_get(s, "approved_by")) ? " " : "",
                   json_is_string(json_object_get(s, "approved_by")) ? js(s, "approved_by") : "",
                   js(s, "actor"));
    }
    size_t i;
    json_t *o;
    printf("outcomes (total amount %s):\n", js(c, "amount"));
    json_array_foreach(json_object_get(c, "outcomes"), i, o)
        printf("  %-16s %-22s %6lld workers %12s yuan (%s)\n", js(o, "worker_group"),
               js(o, "outcome"), ji(o, "workers"), js(o, "amount"), js(o, "on_date"));
}

static void print_totals_row(const char *name, const json_t *t)
{
    const json_t *w = json_object_get(t, "workers"), *p = json_object_get(t, "plans");
    printf(
        "%-12s cases %lld (%lld without a headcount), workers %lld (contract %lld, dispatched %lld,"
        " near_retirement %lld),"
        " plans approved %lld executing %lld done %lld (draft %lld, submitted %lld, none %lld),"
        " amount %s\n",
        name, ji(t, "cases"), ji(t, "headcount_missing"), ji(w, "total"), ji(w, "contract"),
        ji(w, "dispatched"), ji(w, "near_retirement"), ji(p, "approved"), ji(p, "executing"),
        ji(p, "done"), ji(p, "draft"), ji(p, "submitted"), ji(p, "none"), js(t, "amount"));
}

static int do_read(struct po_store *st, const char *sub, const struct opts *o, int64_t id,
                   struct po_err *err)
{
    json_t *j = strcmp(sub, "list") == 0   ? po_resettledb_list(st, o->district, err)
                : strcmp(sub, "show") == 0 ? po_resettledb_show(st, id, NULL, err)
                                           : po_resettledb_totals(st, o->district, err);
    if (!j)
        return err->code;
    if (strcmp(o->c.format, "json") == 0)
        return print_json(j, err);
    if (strcmp(sub, "list") == 0)
        print_list(j);
    else if (strcmp(sub, "show") == 0)
        print_show(j);
    else {
        size_t i;
        json_t *d;
        json_array_foreach(json_object_get(j, "districts"), i, d)
            print_totals_row(js(d, "district_code"), d);
        print_totals_row("city", json_object_get(j, "city"));
    }
    json_decref(j);
    return 0;
}

static int date_arg(struct po_date *out, const char *s, struct po_err *err)
{
    return po_deadline_parse_date(out, s, strlen(s), err);
}

static int do_plan_step(struct po_store *st, struct po_cli *cli, const struct opts *o, int64_t id,
                        struct po_err *err)
{
    struct po_rplan_step_in in = { .case_id = id, .document = o->document, .note = o->note };
    in.actor = po_arena_printf(cli->a, "cli:%s", o->actor ? o->actor : "cli");
    if (po_rplan_kind_parse(&in.kind, o->kind) < 0)
        return po_err_set(err, PO_EINVAL, "--kind 应为 resettlement 或 risk",
                          "--kind must be resettlement or risk");
    if (po_rplan_status_parse(&in.status, o->status) < 0)
        return po_err_set(err, PO_EINVAL,
                          "--status 应为 draft、submitted、approved、executing、done",
                          "--status must be draft, submitted, approved, executing or done");
    if (o->by && po_rplan_approver_parse(&in.approved_by, o->by) < 0)
        return po_err_set(err, PO_EINVAL, "--approved-by 应为 congress 或 district",
                          "--approved-by must be congress or district");
    int rc = date_arg(&in.on, o->on, err);
    if (rc == 0)
        rc = po_resettledb_plan_step(st, &in, err);
    if (rc == 0)
        printf("case %" PRId64 ": %s plan (%s) %s on %s\n", id, po_rplan_kind_name(in.kind),
               po_rplan_kind_zh(in.kind), po_rplan_status_name(in.status), o->on);
    return rc;
}

static int do_headcount(struct po_store *st, struct po_cli *cli, const struct opts *o, int64_t id,
                        struct po_err *err)
{
    struct po_resettle_headcount_in in = { .case_id = id, .document = o->document };
    in.actor = po_arena_printf(cli->a, "cli:%s", o->actor ? o->actor : "cli");
    if (!count(&in.workers[PO_WG_CONTRACT], o->contract) ||
        !count(&in.workers[PO_WG_DISPATCHED], o->dispatched) ||
        !count(&in.workers[PO_WG_NEAR_RETIREMENT], o->near))
        return po_err_set(err, PO_EINVAL, "人数应为 0 到 1000000 的整数",
                          "worker counts must be integers from 0 to 1000000");
    int rc = date_arg(&in.on, o->on, err);
    if (rc == 0)
        rc = po_resettledb_headcount(st, &in, err);
    if (rc == 0)
        printf("case %" PRId64 ": %" PRId64 " workers affected on %s\n", id,
               in.workers[0] + in.workers[1] + in.workers[2], o->on);
    return rc;
}

static int do_outcome(struct po_store *st, struct po_cli *cli, const struct opts *o, int64_t id,
                      struct po_err *err)
{
    struct po_resettle_outcome_in in = { .case_id = id, .document = o->document, .note = o->note };
    in.actor = po_arena_printf(cli->a, "cli:%s", o->actor ? o->actor : "cli");
    if (po_worker_group_parse(&in.group, o->group) < 0)
        return po_err_set(err, PO_EINVAL, "--group 应为 contract、dispatched、near_retirement",
                          "--group must be contract, dispatched or near_retirement");
    if (po_resettle_outcome_parse(&in.outcome, o->outcome) < 0)
        return po_err_set(err, PO_EINVAL, "--outcome 未知：\"%s\"", "unknown --outcome \"%s\"",
                          o->outcome);
    int rc = 0;
    if (o->amount)
        rc = po_resettle_amount_parse(&in.amount_fen, o->amount, err);
    if (rc == 0)
        rc = date_arg(&in.on, o->on, err);
    if (rc == 0 && !count(&in.workers, o->workers))
        rc = po_err_set(err, PO_EINVAL, "--workers 应为 0 到 1000000 的整数",
                        "--workers must be an integer from 0 to 1000000");
    if (rc == 0)
        rc = po_resettledb_outcome(st, &in, err);
    char b[32];
    if (rc == 0)
        printf("case %" PRId64 ": %s %s %" PRId64 " workers, %s yuan on %s\n", id,
               po_worker_group_name(in.group), po_resettle_outcome_name(in.outcome), in.workers,
               po_resettle_amount_format(b, sizeof(b), in.amount_fen), o->on);
    return rc;
}

/* Whether the operands a subcommand needs were given (a usage error otherwise). */
static bool complete(const char *sub, const struct opts *o, int64_t *id)
{
    bool read = !strcmp(sub, "list") || !strcmp(sub, "totals");
    if (o->c.nargs)
        return false;
    if (read)
        return true;
    if (!o->case_id || !count(id, o->case_id) || *id <= 0)
        return false;
    if (!strcmp(sub, "show"))
        return true;
    if (!o->on)
        return false;
    if (!strcmp(sub, "plan-step"))
        return o->kind && o->status;
    if (!strcmp(sub, "headcount"))
        return o->contract && o->dispatched && o->near;
    if (!strcmp(sub, "outcome"))
        return o->group && o->outcome && o->workers;
    return false;
}

int cmd_resettle(int argc, char **argv, struct po_cli *cli)
{
    struct opts o;
    int64_t id = 0;
    if (argc < 2)
        return po_cli_usage(usage);
    int prc = parse(&o, argc - 1, argv + 1);
    if (prc)
        return prc;
    const char *sub = argv[1];
    if (!complete(sub, &o, &id))
        return po_cli_usage(usage);
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    int rc = po_cli_open_store(&st, o.c.db, &err);
    if (rc == 0) {
        if (!strcmp(sub, "plan-step"))
            rc = do_plan_step(st, cli, &o, id, &err);
        else if (!strcmp(sub, "headcount"))
            rc = do_headcount(st, cli, &o, id, &err);
        else if (!strcmp(sub, "outcome"))
            rc = do_outcome(st, cli, &o, id, &err);
        else
            rc = do_read(st, sub, &o, id, &err);
    }
    return po_cli_finish(st, rc, &err);
}
