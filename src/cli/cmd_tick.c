/* cmd_tick.c: phaseout tick — the day's reminders and overdue cases (app/casedb.h). */
#include "cli/cli.h"
#include "app/reportdb.h"
#include "app/casedb.h"
#include "app/creditdb.h"
#include "refdata/cityparams.h"
#include "app/resettledb.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout tick --db PATH_OR_URL --as-of DATE",
    "",
    "For every case with a running deadline, records a notification when it is due within the",
    "city's two reminder windows (data/city_params.csv reminder_early_days, kind due_30, and",
    "reminder_late_days, kind due_7), or overdue (after the later reading of the last day),",
    "with the proposed follow-up (an overdue rectification: overdue, then order_exit).  Takes",
    "no transition.",
    "Idempotent: running it again for the same day adds nothing.  The notifications are in",
    "table notification.  A provisional deadline (its year's holiday calendar not loaded yet,",
    "counted with weekends only) is reported as PROVISIONAL with the reason; an overdue one",
    "proposes `phaseout calendar import` first.  Credit records (phaseout credit) whose public",
    "period ends within reminder_early_days, or has ended, are flagged once (table credit_flag).",
    "A case whose exit is scheduled (its unit's exit plan, a sealed line's dismantling deadline)",
    "within resettlement_alert_days (data/city_params.csv) without an approved worker",
    "resettlement plan (职工安置方案) gets an alert (table resettlement_alert, kind",
    "exit_without_plan), once per case and exit date.",
    NULL,
};

int cmd_tick(int argc, char **argv, struct po_cli *cli)
{
    static const struct po_cli_spec spec = {
        .usage = usage,
        .take = PO_OPT_DB | PO_OPT_AS_OF,
        .need = PO_OPT_AS_OF,
    };
    struct po_cli_opts o;
    int rc = po_cli_parse(&o, &spec, NULL, argc, argv);
    if (rc)
        return rc;
    if (o.nargs)
        return po_cli_usage(usage);
    const char *as_of = o.as_of;
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    struct po_date on;
    struct po_tick_report r;
    rc = po_deadline_parse_date(&on, as_of, strlen(as_of), &err);
    if (rc == 0)
        rc = po_cli_open_store(&st, o.db, &err);
    if (rc == 0)
        rc = po_casedb_tick(&r, st, on, NULL, NULL, &err);
    int64_t reports = 0;
    if (rc == 0)
        rc = po_reportdb_tick(st, as_of, "system", &reports, &err);
    /* credit records whose public period ends within the first reminder window, or ended */
    int64_t credit = 0;
    struct po_city_params cp;
    if (rc == 0)
        rc = po_cityparams_load(&cp, &err);
    if (rc == 0)
        rc = po_creditdb_tick(st, cli->a, as_of, cp.reminder_early_days, &credit, &err);
    struct po_resettle_tick rt;
    if (rc == 0)
        rc = po_resettledb_tick(&rt, st, on, &err);
    if (st)
        po_store_close(st);
    if (rc < 0) {
        po_cli_report(&err);
        return po_cli_exit_code(rc);
    }
    printf("tick %s: %" PRId64 " cases with a deadline; new notifications: %" PRId64
           " due within %d days, %" PRId64 " due within %d days, %" PRId64 " overdue\n",
           as_of, r.cases, r.due_30, r.early_days, r.due_7, r.late_days, r.overdue);
    printf("tick %s: public reports newly overdue: %" PRId64 "\n", as_of, reports);
    printf("tick %s: credit records whose public period ends or ended: %" PRId64 "\n", as_of,
           credit);
    printf("tick %s: %" PRId64 " cases with a scheduled exit; new alerts: %" PRId64
           " exiting within %d days without an approved resettlement plan\n",
           as_of, rt.cases, rt.added, rt.days);
    return 0;
}
