/* cmd_credit.c: phaseout credit — the credit platform's records, their repair, joint
 * punishment per department and the banks' lists (app/creditdb.h, report/creditexport.h). */
#include "cli/cli.h"
#include "app/creditdb.h"
#include "report/creditexport.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout credit export --db DB --as-of DATE --format csv|xlsx|json --out FILE",
    "                              [--district CODE]",
    "       phaseout credit list --db DB --as-of DATE [--status S] [--uscc U] [--format text|json]",
    "       phaseout credit show --db DB --as-of DATE RECORD",
    "       phaseout credit repair --db DB RECORD --step repair_apply|repair_approve|repair_refuse",
    "                              --on DATE --note TEXT [--proof TEXT] --actor NAME",
    "       phaseout credit authority --db DB --code miit --uscc USCC --actor NAME",
    "       phaseout credit support --db DB --uscc USCC --kind voluntary_exit|merger|",
    "                              restructuring|transformation --on DATE --document TEXT",
    "                              [--note TEXT] --actor NAME",
    "       phaseout credit joint --db DB --as-of DATE [--department ROLE] [--format text|json]",
    "       phaseout credit joint-record --db DB RECORD --measure KEY --on DATE --document TEXT",
    "                              --role ROLE [--note TEXT] --actor NAME",
    "       phaseout credit bank --db DB --list restrict|support --as-of DATE",
    "                              --format csv|xlsx|json --out FILE",
    "",
    "A credit record is an administrative measure (责令停产停业, 责令关闭, 吊销许可证件 …) taken",
    "on a case after it missed its deadline; RECORD is CASE-SEQ.  export writes, for the national",
    "credit information sharing platform, every complete record in force (op add) and every",
    "record repaired (op withdraw), checked field by field against data/credit_fields.csv;",
    "a record that cannot be completed is reported on stderr and not exported.",
    NULL,
};

struct opts {
    struct po_cli_opts c;
    const char *district, *status, *uscc, *step, *on, *note, *proof, *actor, *code, *kind,
        *document, *department, *measure, *role, *list;
};

static int parse(struct opts *o, int argc, char **argv)
{
    static const char *const formats[] = { "text", "json", "csv", "xlsx", NULL };
    static const struct po_cli_spec spec = {
        .usage = usage,
        .take = PO_OPT_DB | PO_OPT_FORMAT | PO_OPT_OUT | PO_OPT_AS_OF | PO_OPT_HELP,
        .formats = formats,
        .format = "text",
        .as_of_date = true,
    };
    memset(o, 0, sizeof(*o));
    const struct po_cli_opt own[] = {
        { "district", PO_CLI_STR, &o->district, NULL },
        { "status", PO_CLI_STR, &o->status, NULL },
        { "uscc", PO_CLI_STR, &o->uscc, NULL },
        { "step", PO_CLI_STR, &o->step, NULL },
        { "on", PO_CLI_STR, &o->on, NULL },
        { "note", PO_CLI_STR, &o->note, NULL },
        { "proof", PO_CLI_STR, &o->proof, NULL },
        { "actor", PO_CLI_STR, &o->actor, NULL },
        { "code", PO_CLI_STR, &o->code, NULL },
        { "kind", PO_CLI_STR, &o->kind, NULL },
        { "document", PO_CLI_STR, &o->document, NULL },
        { "department", PO_CLI_STR, &o->department, NULL },
        { "measure", PO_CLI_STR, &o->measure, NULL },
        { "role", PO_CLI_STR, &o->role, NULL },
        { "list", PO_CLI_STR, &o->list, NULL },
        { NULL },
    };
    return po_cli_parse(&o->c, &spec, own, argc, argv);
}

static const char *js(json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static void print_json(json_t *j)
{
    char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (s)
        puts(s);
    free(s);
}

static void report_incomplete(json_t *inc)
{
    size_t i, k;
    json_t *r, *p;
    json_array_foreach(inc, i, r)
    {
        fprintf(stderr, "未导出 / not exported: 信用记录 %s %s %s:\n", js(r, "record_id"),
                js(r, "uscc"), js(r, "name"));
        json_array_foreach(json_object_get(r, "problems"), k, p)
            fprintf(stderr, "  %s（%s）：%s / %s\n", js(p, "name_zh"), js(p, "field"),
                    js(p, "why_zh"), js(p, "why_en"));
    }
}

static int do_export(struct po_store *st, struct po_cli *cli, const struct opts *o,
                     struct po_err *err)
{
    if (strcmp(o->c.format, "csv") && strcmp(o->c.format, "xlsx") && strcmp(o->c.format, "json"))
        return po_cli_usage(usage);
    struct po_credit_q q = { .as_of = o->c.as_of, .scope = o->district };
    json_t *recs = po_creditdb_records(st, cli->a, &q, err);
    json_t *fields = recs ? po_creditdb_fields(cli->a, err) : NULL;
    if (!recs || !fields) {
        json_decref(recs);
        return err->code ? err->code : PO_EINTERNAL;
    }
    struct po_buf b = PO_BUF_ARENA(cli->a);
    size_t n = 0;
    json_t *inc = NULL;
    int rc = po_credit_export(&b, cli->a, recs, fields, o->c.format, o->c.as_of, &n, &inc, err);
    if (rc == 0)
        rc = po_cli_write_file(o->c.out, &b, err);
    if (rc == 0) {
        report_incomplete(inc);
        fprintf(stderr,
                "信用记录 %zu 条已导出，%zu 条不完整未导出（截至 %s）/ %zu records exported, %zu "
                "incomplete not exported (as of %s)\n",
                n, json_array_size(inc), o->c.as_of, n, json_array_size(inc), o->c.as_of);
    }
    json_decref(inc);
    json_decref(recs);
    json_decref(fields);
    return rc;
}

static void print_record(json_t *r, bool full)
{
    printf("%-8s %s %s  %s %s  %s  公示至 %s  可申请修复 %s%s%s%s\n", js(r, "id"), js(r, "uscc"),
           js(r, "name"), js(r, "event"), js(r, "decided_on"), js(r, "status_zh"),
           js(r, "public_until"), js(r, "repair_from"),
           json_is_true(json_object_get(r, "complete")) ? "" : "  不完整 / incomplete",
           *js(r, "withdrawn_on") ? "  撤下于 " : "", js(r, "withdrawn_on"));
    if (!full)
        return;
    json_t *v, *p;
    const char *k;
    size_t i;
    json_object_foreach(json_object_get(r, "fields"), k, v)
        printf("  %-22s %s\n", k, json_is_string(v) ? json_string_value(v) : "(未记录)");
    json_array_foreach(json_object_get(r, "problems"), i, p)
        printf("  问题 / problem: %s %s / %s\n", js(p, "name_zh"), js(p, "why_zh"), js(p, "why_en"));
    json_array_foreach(json_object_get(r, "events"), i, p)
        printf("  %s %s %s: %s\n", js(p, "on_date"), js(p, "kind"), js(p, "actor"), js(p, "note"));
    json_array_foreach(json_object_get(r, "actions"), i, p)
        printf("  联合惩戒 / joint: %s %s %s (%s)\n", js(p, "taken_on"), js(p, "measure"),
               js(p, "document"), js(p, "role"));
}

static int do_list(struct po_store *st, struct po_cli *cli, const struct opts *o,
                   const char *record, struct po_err *err)
{
    struct po_credit_q q = { .as_of = o->c.as_of, .uscc = o->uscc, .status = o->status,
                             .record = record, .scope = o->district };
    json_t *recs = po_creditdb_records(st, cli->a, &q, err);
    if (!recs)
        return err->code ? err->code : PO_EINTERNAL;
    if (record && !json_array_size(recs)) {
        json_decref(recs);
        return po_err_set(err, PO_ENOTFOUND, "没有信用记录 %s（截至 %s）",
                          "no credit record %s (as of %s)", record, o->c.as_of);
    }
    if (!strcmp(o->c.format, "json")) {
        print_json(recs);
    } else {
        size_t i;
        json_t *r;
        json_array_foreach(recs, i, r) print_record(r, record != NULL);
        if (!record)
            printf("共 %zu 条 / %zu records\n", json_array_size(recs), json_array_size(recs));
    }
    json_decref(recs);
    return 0;
}

static int do_joint(struct po_store *st, struct po_cli *cli, const struct opts *o,
                    struct po_err *err)
{
    json_t *rows = po_creditdb_joint_list(st, cli->a, o->department, o->c.as_of, o->district, err);
    if (!rows)
        return err->code ? err->code : PO_EINTERNAL;
    if (!strcmp(o->c.format, "json")) {
        print_json(rows);
    } else {
        size_t i;
        json_t *r;
        json_array_foreach(rows, i, r)
            printf("%-8s %s %s  %s %s  %s  自 %s  已登记 %zu\n", js(r, "record"), js(r, "uscc"),
                   js(r, "name"), js(r, "department_zh"), js(r, "area_zh"), js(r, "measure_zh"),
                   js(r, "since"), json_array_size(json_object_get(r, "actions")));
        printf("共 %zu 项 / %zu measures\n", json_array_size(rows), json_array_size(rows));
    }
    json_decref(rows);
    return 0;
}

static int do_bank(struct po_store *st, struct po_cli *cli, const struct opts *o,
                   struct po_err *err)
{
    if (!strcmp(o->c.format, "text"))
        return po_cli_usage(usage);
    json_t *rows = po_creditdb_bank_list(st, cli->a, o->list, o->c.as_of, err);
    if (!rows)
        return err->code ? err->code : PO_EINTERNAL;
    struct po_buf b = PO_BUF_ARENA(cli->a);
    int rc = po_credit_bank_file(&b, cli->a, rows, o->list, o->c.format, o->c.as_of, err);
    if (rc == 0)
        rc = po_cli_write_file(o->c.out, &b, err);
    if (rc == 0)
        fprintf(stderr, "%zu 家企业 / %zu enterprises\n", json_array_size(rows),
                json_array_size(rows));
    json_decref(rows);
    return rc;
}

static const char *actor_of(struct po_cli *cli, const struct opts *o)
{
    return po_arena_printf(cli->a, "cli:%s", o->actor);
}

int cmd_credit(int argc, char **argv, struct po_cli *cli)
{
    static const char *const subs[] = { "export",  "list",  "show",         "repair", "authority",
                                        "support", "joint", "joint-record", "bank",   NULL };
    const char *sub = argc > 1 ? argv[1] : NULL;
    if (!sub || !po_cli_oneof(sub, subs))
        return po_cli_usage(usage);
    struct opts o;
    int prc = parse(&o, argc - 1, argv + 1);
    if (prc)
        return prc;
    bool needs_as_of = !strcmp(sub, "export") || !strcmp(sub, "list") || !strcmp(sub, "show") ||
                       !strcmp(sub, "joint") || !strcmp(sub, "bank");
    bool one_arg = !strcmp(sub, "show") || !strcmp(sub, "repair") || !strcmp(sub, "joint-record");
    if ((needs_as_of && !o.c.as_of) || (one_arg ? o.c.nargs != 1 : o.c.nargs != 0))
        return po_cli_usage(usage);
    if ((!strcmp(sub, "export") || !strcmp(sub, "bank")) && !o.c.out)
        return po_cli_usage(usage);
    if ((!strcmp(sub, "repair") || !strcmp(sub, "authority") || !strcmp(sub, "support") ||
         !strcmp(sub, "joint-record")) &&
        !o.actor)
        return po_cli_usage(usage);
    if (!strcmp(sub, "bank") && !o.list)
        return po_cli_usage(usage);
    if (!strcmp(sub, "joint-record") && !o.role)
        return po_cli_usage(usage);
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    int rc = po_cli_open_store(&st, o.c.db, &err);
    if (rc == 0) {
        const char *arg = o.c.nargs ? o.c.args[0] : NULL;
        if (!strcmp(sub, "export"))
            rc = do_export(st, cli, &o, &err);
        else if (!strcmp(sub, "list") || !strcmp(sub, "show"))
            rc = do_list(st, cli, &o, arg, &err);
        else if (!strcmp(sub, "joint"))
            rc = do_joint(st, cli, &o, &err);
        else if (!strcmp(sub, "bank"))
            rc = do_bank(st, cli, &o, &err);
        else if (!strcmp(sub, "repair")) {
            rc = po_creditdb_repair(st, cli->a, arg, o.step, o.on, o.note, o.proof,
                                    actor_of(cli, &o), &err);
            if (rc == 0)
                printf("已登记 / recorded: %s %s %s\n", arg, o.step, o.on);
        } else if (!strcmp(sub, "authority")) {
            rc = po_creditdb_set_authority(st, cli->a, o.code ? o.code : "miit", o.uscc,
                                           actor_of(cli, &o), &err);
            if (rc == 0)
                printf("已登记 / recorded: %s %s\n", o.code ? o.code : "miit", o.uscc);
        } else if (!strcmp(sub, "support")) {
            rc = po_creditdb_support_add(st, cli->a, o.uscc, o.kind, o.on, o.document, o.note,
                                         actor_of(cli, &o), &err);
            if (rc == 0)
                printf("已登记 / recorded: %s %s %s\n", o.uscc, o.kind, o.on);
        } else {
            rc = po_creditdb_joint_record(st, cli->a, arg, o.measure, o.on, o.document, o.note,
                                          o.role, actor_of(cli, &o), &err);
            if (rc == 0)
                printf("已登记 / recorded: %s %s %s\n", arg, o.measure, o.on);
        }
    }
    return po_cli_finish(st, rc, &err);
}
