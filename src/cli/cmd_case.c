/* cmd_case.c: phaseout case open|act|show|list — enforcement cases (app/casedb.h). */
#include "cli/cli.h"
#include "app/calendardb.h"
#include "refdata/calendar.h"
#include "app/casedb.h"
#include "app/caseread.h"
#include "util/arena.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const usage[] = {
    "usage: phaseout case open --db PATH --type TYPE --uscc USCC [--equipment ID]",
    "                          [--finding FINDING_ID] --actor NAME --role ROLE [--on DATE]",
    "                          [--reason TEXT]",
    "       phaseout case act --db PATH CASE_ID --event EVENT --actor NAME --role ROLE",
    "                          [--on DATE] [--field k=v ...] [--attach DOC=FILE ...] [--reason "
    "TEXT]",
    "       phaseout case show --db PATH CASE_ID [--role ROLE] [--as-of DATE]",
    "       phaseout case list --db PATH [--state S] [--due-within DAYS --as-of DATE]",
    "",
    "TYPE: energy_quota energy_intensity industrial_policy environment safety quality.",
    "ROLE: miit drc energy eco_env emergency market district city_admin government system.",
    "EVENT and the fields and documents each needs: see src/core/casefsm.c.  --field keys:",
    "months, limit_level, years_worst, licence, decision_no (the decision's document number,",
    "kept for the credit record), checklist (water_cut,power_cut,",
    "power_units_removed,equipment_sealed,commitment,announcement or all).  DOC: order",
    "inspection application decision ranking photos commitment announcement report approval;",
    "FILE is PDF, JPEG, PNG, OFD, DOCX or XLSX by content, at most the city's limit",
    "(data/city_params.csv attachment_max_mib).  --on is the day the action takes effect",
    "(default today, UTC).  A refused transition exits 1 with the reason.",
    "--finding must be a caught finding of the latest evaluation run: a cannot-decide one",
    "(data to complete) or one the latest run no longer makes is refused (exit 1).",
    NULL,
};

enum { MAX_MULTI = 32 };

struct opts {
    const char *db, *type, *uscc, *equipment, *finding, *actor, *role, *on, *event, *reason;
    const char *state, *as_of, *due_within, *id;
    const char *fields[MAX_MULTI];
    size_t nfields;
    struct po_case_attach attach[MAX_MULTI];
    size_t nattach;
};

static int add_attach(struct opts *o, char *arg)
{
    char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1] || o->nattach == MAX_MULTI)
        return -1;
    *eq = '\0';
    o->attach[o->nattach].doc = arg;
    o->attach[o->nattach++].path = eq + 1;
    return 0;
}

static int parse_field(void *value, char *arg)
{
    struct opts *o = value;
    if (o->nfields == MAX_MULTI)
        return PO_CLI_USAGE;
    o->fields[o->nfields++] = arg;
    return 0;
}

static int parse_attach(void *value, char *arg)
{
    return add_attach(value, arg) < 0 ? PO_CLI_USAGE : 0; /* DOC=FILE, split in place */
}

/* 0, or the exit status of a usage error (printed). */
static int parse(struct opts *o, int argc, char **argv)
{
    static const struct po_cli_spec spec = { .usage = usage, .take = PO_OPT_DB | PO_OPT_AS_OF };
    memset(o, 0, sizeof(*o));
    const struct po_cli_opt own[] = {
        { "type", PO_CLI_STR, &o->type, NULL },
        { "uscc", PO_CLI_STR, &o->uscc, NULL },
        { "equipment", PO_CLI_STR, &o->equipment, NULL },
        { "finding", PO_CLI_STR, &o->finding, NULL },
        { "actor", PO_CLI_STR, &o->actor, NULL },
        { "role", PO_CLI_STR, &o->role, NULL },
        { "on", PO_CLI_STR, &o->on, NULL },
        { "event", PO_CLI_STR, &o->event, NULL },
        { "reason", PO_CLI_STR, &o->reason, NULL },
        { "field", PO_CLI_FN, o, parse_field },
        { "attach", PO_CLI_FN, o, parse_attach },
        { "state", PO_CLI_STR, &o->state, NULL },
        { "due-within", PO_CLI_STR, &o->due_within, NULL },
        { NULL },
    };
    struct po_cli_opts c;
    int rc = po_cli_parse(&c, &spec, own, argc, argv);
    if (rc)
        return rc;
    o->db = c.db;
    o->as_of = c.as_of;
    if (c.nargs > 1)
        return po_cli_usage(usage);
    o->id = c.nargs ? c.args[0] : NULL;
    return 0;
}

static void today(struct po_date *out)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    *out = (struct po_date){ tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday };
}

static int date_or_today(struct po_date *out, const char *s, struct po_err *err)
{
    if (!s) {
        today(out);
        return 0;
    }
    return po_deadline_parse_date(out, s, strlen(s), err);
}

static int parse_id(int64_t *out, const char *s)
{
    char *end;
    long long v = s ? strtoll(s, &end, 10) : 0;
    if (!s || end == s || *end || v < 1)
        return -1;
    *out = (int64_t)v;
    return 0;
}

static int do_open(struct po_store *st, const struct opts *o, struct po_err *err)
{
    struct po_case_open co = {
        .uscc = o->uscc,
        .equipment_id = o->equipment,
        .finding_id = o->finding,
        .actor = o->actor,
        .reason = o->reason,
    };
    int rc =
        po_casefsm_type_parse(&co.type, o->type) < 0
            ? po_err_set(err, PO_EINVAL, "未知案件类型 \"%s\"", "unknown case type \"%s\"", o->type)
            : 0;
    if (rc == 0)
        rc = po_casedb_role_parse(&co.role, o->role, err);
    if (rc == 0)
        rc = date_or_today(&co.on, o->on, err);
    int64_t id = 0;
    if (rc == 0)
        rc = po_casedb_open(&id, st, &co, err);
    if (rc == 0)
        printf("case %" PRId64 " opened: %s %s%s%s (open)\n", id, o->type, o->uscc,
               o->equipment ? " " : "", o->equipment ? o->equipment : "");
    return rc;
}

/* The PROVISIONAL line of a deadline counted without its year's holiday calendar. */
static void print_provisional(const struct po_case *c)
{
    char zh[PO_DEADLINE_NOTE_BUFSZ], en[PO_DEADLINE_NOTE_BUFSZ];
    if (!c->has_deadline || !c->deadline_provisional)
        return;
    po_deadline_provisional_note(zh, sizeof(zh), en, sizeof(en), c->uncovered_year);
    printf("PROVISIONAL 暂定：%s / %s\n", zh, en);
}

static int do_act(struct po_store *st, struct po_cli *cli, const struct opts *o, int64_t id,
                  struct po_err *err)
{
    struct po_calendar cal;
    struct po_case_action act = { .actor = o->actor,
                                  .reason = o->reason,
                                  .fields = o->fields,
                                  .nfields = o->nfields,
                                  .attach = o->attach,
                                  .nattach = o->nattach };
    int rc = po_calendardb_load(&cal, st, cli->a, err);
    if (rc == 0 && po_casefsm_event_parse(&act.event, o->event) < 0)
        rc = po_err_set(err, PO_EINVAL, "未知事件 \"%s\"", "unknown event \"%s\"", o->event);
    if (rc == 0)
        rc = po_casedb_role_parse(&act.role, o->role, err);
    if (rc == 0)
        rc = date_or_today(&act.on, o->on, err);
    struct po_case c;
    if (rc == 0)
        rc = po_casedb_act(&c, st, &cal, id, &act, err);
    if (rc < 0)
        return rc;
    char dl[16];
    printf("case %" PRId64 ": %s -> %s", id, o->event, po_casefsm_state_name(c.state));
    if (c.has_deadline)
        printf(", deadline %s", po_deadline_format_date(dl, sizeof(dl), c.deadline));
    printf("\n");
    print_provisional(&c);
    return 0;
}

/* The opening, as the history's first line ("0. 2024-08-31 open by 王五 (miit) ..."). */
static void print_opening(const struct po_case_row *r)
{
    const char *roles = r->opened_roles ? r->opened_roles : "-";
    const char *as = r->opened_as ? r->opened_as : "-";
    printf("  0. %s open by %s (%s", r->opened_on, r->opened_by, roles);
    if (strcmp(roles, as) != 0)
        printf(", acting as %s", as);
    printf(")");
    if (r->finding_id && r->finding_id[0])
        printf(" finding: %s", r->finding_id);
    if (r->opened_reason && r->opened_reason[0])
        printf(" reason: %s", r->opened_reason);
    printf("\n");
}

static int print_history(struct po_store *st, struct po_arena *a, int64_t id, struct po_err *err)
{
    struct po_case_events evs;
    struct po_case_row r;
    int rc = po_caseread_events(&evs, st, id, PO_CASEREAD_ATTACH, a, err);
    printf("history:\n");
    if (rc == 0)
        rc = po_caseread_get(&r, st, id, a, err);
    if (rc == PO_ENOTFOUND) {
        po_err_clear(err);
        rc = 0;
    } else if (rc == 0)
        print_opening(&r);
    for (size_t i = 0; rc == 0 && i < evs.n; i++) {
        const struct po_case_event_row *e = &evs.v[i];
        printf("  %" PRId64 ". %s %s: %s -> %s by %s (%s)", e->seq, e->on_date, e->event,
               e->prev_state, e->new_state, e->actor, e->role);
        if (e->reason && e->reason[0])
            printf(" reason: %s", e->reason);
        if (strcmp(e->fields_json, "{}") != 0)
            printf(" fields: %s", e->fields_json);
        printf(" attachments: %zu\n", e->nattach);
    }
    return rc;
}

static int do_show(struct po_store *st, struct po_cli *cli, const struct opts *o, int64_t id,
                   struct po_err *err)
{
    struct po_calendar cal;
    struct po_case c;
    struct po_date as_of;
    enum po_role role = (enum po_role)0;
    int rc = po_calendardb_load(&cal, st, cli->a, err);
    if (rc == 0)
        rc = date_or_today(&as_of, o->as_of, err);
    if (rc == 0 && o->role)
        rc = po_casedb_role_parse(&role, o->role, err);
    if (rc == 0)
        rc = po_casedb_load(&c, st, &cal, id, err);
    if (rc < 0)
        return rc;
    char dl[16], alt[16];
    printf("case %" PRId64 ": %s, state %s\n", id, po_casefsm_type_name(c.type),
           po_casefsm_state_name(c.state));
    if (c.has_deadline)
        printf("deadline %s (other reading %s), %ld days left\n",
               po_deadline_format_date(dl, sizeof(dl), c.deadline),
               po_deadline_format_date(alt, sizeof(alt), c.deadline_alt),
               po_deadline_days_between(as_of, c.deadline));
    else
        printf("no deadline running\n");
    print_provisional(&c);
    enum po_case_event_kind ev[PO_EV_NKINDS];
    size_t n = po_casefsm_allowed(ev, PO_EV_NKINDS, &c, o->role ? (unsigned)role : 0x3ffu);
    printf("allowed events%s%s:", o->role ? " for " : "", o->role ? o->role : "");
    for (size_t i = 0; i < n && i < PO_EV_NKINDS; i++)
        printf(" %s", po_casefsm_event_name(ev[i]));
    printf("\n");
    return print_history(st, cli->a, id, err);
}

static int do_list(struct po_store *st, struct po_cli *cli, const struct opts *o,
                   struct po_err *err)
{
    struct po_date as_of;
    int rc = date_or_today(&as_of, o->as_of, err);
    if (rc < 0)
        return rc;
    int dv = 0;
    if (o->due_within && po_cli_parse_int(&dv, o->due_within, 0, 100000) < 0)
        return po_err_set(err, PO_EINVAL, "--due-within 应为天数", "--due-within takes days");
    char until[16];
    po_deadline_format_date(until, sizeof(until), po_deadline_add_days(as_of, dv));
    struct po_case_filter f = { .state = o->state, .due_by = o->due_within ? until : NULL };
    struct po_case_row *v = NULL;
    size_t n = 0;
    printf("id,type,uscc,equipment_id,state,deadline,deadline_status\n");
    rc = po_caseread_list(&v, &n, st, &f, cli->a, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        printf("%" PRId64 ",%s,%s,%s,%s,%s,%s\n", v[i].id, v[i].case_type, v[i].uscc,
               v[i].equipment_id ? v[i].equipment_id : "", v[i].state,
               v[i].deadline ? v[i].deadline : "", v[i].uncovered_year ? "provisional" : "");
    return rc;
}

static bool complete(const char *sub, const struct opts *o, int64_t *id)
{
    if (strcmp(sub, "open") == 0)
        return o->type && o->uscc && o->actor && o->role && !o->id;
    if (strcmp(sub, "list") == 0)
        return !o->id && (!o->due_within || o->as_of);
    if (parse_id(id, o->id) < 0)
        return false;
    if (strcmp(sub, "act") == 0)
        return o->event && o->actor && o->role;
    return strcmp(sub, "show") == 0;
}

int cmd_case(int argc, char **argv, struct po_cli *cli)
{
    struct opts o;
    int64_t id = 0;
    if (argc < 2)
        return po_cli_usage(usage);
    int prc = parse(&o, argc - 1, argv + 1);
    if (prc)
        return prc;
    if (!complete(argv[1], &o, &id))
        return po_cli_usage(usage);
    const char *sub = argv[1];
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    int rc = po_cli_open_store(&st, o.db, &err);
    if (rc == 0) {
        if (strcmp(sub, "open") == 0)
            rc = do_open(st, &o, &err);
        else if (strcmp(sub, "act") == 0)
            rc = do_act(st, cli, &o, id, &err);
        else if (strcmp(sub, "show") == 0)
            rc = do_show(st, cli, &o, id, &err);
        else
            rc = do_list(st, cli, &o, &err);
    }
    return po_cli_finish(st, rc, &err);
}
