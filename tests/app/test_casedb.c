/*
 * test_casedb.c: cases, attachments, tick and the audit chain on SQLite and
 * PostgreSQL (app/casedb.h, app/attach.h, app/audit.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/attach.h"
#include "format/filetype.h"
#include "app/audit.h"
#include "app/calendardb.h"
#include "refdata/calendar.h"
#include "app/casedb.h"
#include "app/caseread.h"
#include "app/resettledb.h"
#include "store/testdb.h"
#include "store/storefix.h"
#include "util/arena.h"

#include <sodium.h>
#include <string.h>

static char g_dir[256];

struct fixture {
    const char *backend;
    char dsn[512];
    struct po_store *st;
    struct po_arena *a;
    struct po_calendar cal;
};

static int setup(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    if (storefix_open_arena(&fx->st, &fx->a, fx->dsn, sizeof(fx->dsn), fx->backend, g_dir, "case") <
        0)
        return -1;
    if (po_calendar_load(&fx->cal, fx->a, &err) < 0)
        return -1;
    storefix_exec(fx->st,
                  "INSERT INTO district(code, name, level) VALUES ('150300', '乌海市', 'city')");
    storefix_exec(fx->st,
                  "INSERT INTO industry(code, edition, name) VALUES ('2521', '2017', '炼焦')");
    storefix_exec(fx->st, "INSERT INTO enterprise(id, uscc, name, district_code, industry_code)"
                          " VALUES (1, '911503021110312058', '甲焦化', '150300', '2521')");
    storefix_exec(fx->st, "INSERT INTO equipment(id, enterprise_id, equipment_id, equipment_type)"
                          " VALUES (1, 1, 'K1', 'coke_oven')");
    return 0;
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    storefix_close(&fx->st, &fx->a);
    return 0;
}

static const char *write_file(const char *name, const void *data, size_t len)
{
    static char path[512];
    snprintf(path, sizeof(path), "%s/%s", g_dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

static int64_t open_case(struct fixture *fx, enum po_case_type type)
{
    struct po_case_open o = { type,         "911503021110312058", "K1", NULL, "王五",
                              PO_ROLE_MIIT, { 2024, 8, 31 },      NULL, NULL };
    struct po_err err = PO_ERR_INIT;
    int64_t id = 0;
    assert_int_equal(po_casedb_open(&id, fx->st, &o, &err), 0);
    return id;
}

static int act(struct fixture *fx, int64_t id, enum po_case_event_kind ev, struct po_date on,
               const struct po_case_attach *att, size_t natt, struct po_err *err)
{
    struct po_case_action a = { "王五", PO_ROLE_MIIT, ev, on, "理由", NULL, 0, att, natt, NULL };
    return po_casedb_act(NULL, fx->st, &fx->cal, id, &a, err);
}

/* The resettlement plan of case id taken from draft to `upto` (approved by the congress). */
static void plan_upto(struct fixture *fx, int64_t id, enum po_rplan_status upto, struct po_date on)
{
    for (int s = PO_RPLAN_DRAFT; s <= (int)upto; s++) {
        struct po_rplan_step_in in = {
            .case_id = id,
            .kind = PO_RPLAN_RESETTLEMENT,
            .status = (enum po_rplan_status)s,
            .on = on,
            .approved_by = s == PO_RPLAN_APPROVED ? PO_RAPPROVER_CONGRESS : PO_RAPPROVER_NONE,
            .document = s > PO_RPLAN_DRAFT ? "职代会决议〔2026〕1号" : NULL,
            .actor = "王五",
        };
        struct po_err err = PO_ERR_INIT;
        if (po_resettledb_plan_step(fx->st, &in, &err) < 0)
            fail_msg("plan step %d: %s", s, err.msg);
    }
}

/*
 * 实施意见 四(六): the final exit (here dismantle) is refused without an approved resettlement
 * plan — not recorded, then a draft, then submitted — and taken once the employees' congress
 * approved it; the audit row names the plan's status, and the case still replays after the
 * plan moves on (the guard is the step's, not the log's).
 */
static void test_casedb__final_exit_needs_approved_resettlement_plan(void **state)
{
    struct fixture *fx = *state;
    const char *pdf = write_file("p.pdf", "%PDF-1.4\n", 9);
    struct po_case_attach order[2] = { { "order", pdf }, { "inspection", pdf } };
    struct po_case_attach photos[1] = { { "photos", pdf } };
    struct po_err err = PO_ERR_INIT;
    int64_t id = open_case(fx, PO_CASE_INDUSTRIAL_POLICY);
    assert_int_equal(
        act(fx, id, PO_EV_ORDER_SHUTDOWN, (struct po_date){ 2024, 9, 1 }, order, 2, &err), 0);
    assert_int_equal(act(fx, id, PO_EV_DISMANTLE, (struct po_date){ 2024, 9, 5 }, photos, 1, &err),
                     PO_EINVAL);
    assert_non_null(strstr(err.msg_zh, "未记录职工安置方案"));
    assert_non_null(strstr(err.msg, "resettlement plan"));
    plan_upto(fx, id, PO_RPLAN_DRAFT, (struct po_date){ 2024, 9, 2 });
    err = (struct po_err)PO_ERR_INIT;
    assert_int_equal(act(fx, id, PO_EV_DISMANTLE, (struct po_date){ 2024, 9, 5 }, photos, 1, &err),
                     PO_EINVAL);
    assert_non_null(strstr(err.msg_zh, "职工安置方案尚未批准（当前：草案）"));
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM case_event"), 1);
    /* the risk-handling plan does not stand in for it */
    struct po_rplan_step_in risk = {
        id, PO_RPLAN_RISK, PO_RPLAN_DRAFT, { 2024, 9, 2 }, PO_RAPPROVER_NONE, NULL, NULL, "王五"
    };
    assert_int_equal(po_resettledb_plan_step(fx->st, &risk, &err), 0);
    /* approval without who approved, or with a date before the last step, is refused */
    struct po_rplan_step_in sub = { id,
                                    PO_RPLAN_RESETTLEMENT,
                                    PO_RPLAN_SUBMITTED,
                                    { 2024, 9, 3 },
                                    PO_RAPPROVER_NONE,
                                    "方案",
                                    NULL,
                                    "王五" };
    assert_int_equal(po_resettledb_plan_step(fx->st, &sub, &err), 0);
    struct po_rplan_step_in ok = sub;
    ok.status = PO_RPLAN_APPROVED;
    assert_int_equal(po_resettledb_plan_step(fx->st, &ok, &err), PO_EINVAL);
    ok.approved_by = PO_RAPPROVER_DISTRICT;
    ok.on = (struct po_date){ 2024, 9, 1 };
    err = (struct po_err)PO_ERR_INIT;
    assert_int_equal(po_resettledb_plan_step(fx->st, &ok, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "before its last step"));
    ok.on = (struct po_date){ 2024, 9, 4 };
    err = (struct po_err)PO_ERR_INIT;
    assert_int_equal(po_resettledb_plan_step(fx->st, &ok, &err), 0);
    assert_int_equal(act(fx, id, PO_EV_DISMANTLE, (struct po_date){ 2024, 9, 5 }, photos, 1, &err),
                     0);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM audit_log WHERE action ="
                                          " 'case.act' AND detail LIKE"
                                          " '%->dismantled % resettlement_plan=approved%'"),
                     1);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM audit_log WHERE action ="
                                          " 'resettle.plan' AND detail LIKE"
                                          " '%submitted->approved % approved_by=district%'"),
                     1);
    struct po_rplan_step_in run = { id,
                                    PO_RPLAN_RESETTLEMENT,
                                    PO_RPLAN_EXECUTING,
                                    { 2024, 9, 6 },
                                    PO_RAPPROVER_NONE,
                                    "执行报告",
                                    NULL,
                                    "王五" };
    assert_int_equal(po_resettledb_plan_step(fx->st, &run, &err), 0);
    struct po_case c;
    assert_int_equal(po_casedb_load(&c, fx->st, &fx->cal, id, &err), 0);
    assert_int_equal(c.state, PO_CS_DISMANTLED);
    assert_true(po_store_exec(fx->st, "DELETE FROM resettlement_plan_event", &err) < 0);
}

static void test_casedb__lifecycle_statuses_and_append_only(void **state)
{
    struct fixture *fx = *state;
    const char *pdf = write_file("o.pdf", "%PDF-1.4\n", 9);
    struct po_case_attach order[2] = { { "order", pdf }, { "inspection", pdf } };
    struct po_err err = PO_ERR_INIT;
    int64_t id = open_case(fx, PO_CASE_INDUSTRIAL_POLICY);
    /* refused: no such transition from open; nothing is written */
    assert_int_equal(act(fx, id, PO_EV_DISMANTLE, (struct po_date){ 2024, 9, 1 }, NULL, 0, &err),
                     PO_EINVAL);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM case_event"), 0);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM audit_log"), 1);
    err = (struct po_err)PO_ERR_INIT;
    assert_int_equal(
        act(fx, id, PO_EV_ORDER_SHUTDOWN, (struct po_date){ 2024, 9, 1 }, order, 2, &err), 0);
    struct po_case c;
    assert_int_equal(po_casedb_load(&c, fx->st, &fx->cal, id, &err), 0);
    assert_int_equal(c.state, PO_CS_SHUTDOWN_ORDERED);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM attachment_blob"), 1);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM case_attachment"), 2);
    /* sealing: refused until the checklist is complete; then the unit is sealed */
    struct po_case_attach seal_docs[3] = { { "photos", pdf },
                                           { "commitment", pdf },
                                           { "announcement", pdf } };
    const char *part[2] = { "months=6", "checklist=water_cut,power_cut" };
    const char *all[2] = { "months=6", "checklist=all" };
    struct po_case_action seal = { "王五", PO_ROLE_MIIT, PO_EV_SEAL, { 2024, 9, 10 },
                                   NULL,   part,         2,          seal_docs,
                                   3,      NULL };
    assert_int_equal(po_casedb_act(NULL, fx->st, &fx->cal, id, &seal, &err), PO_EINVAL);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM equipment WHERE status = 'sealed'"),
                     0);
    err = (struct po_err)PO_ERR_INIT;
    seal.fields = all;
    assert_int_equal(po_casedb_act(&c, fx->st, &fx->cal, id, &seal, &err), 0);
    assert_int_equal(c.state, PO_CS_SEALED);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM equipment WHERE status = 'sealed'"),
                     1);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM case_file WHERE state = 'sealed'"
                                          " AND deadline = '2025-03-10'"),
                     1);
    /* append-only on both backends */
    assert_true(po_store_exec(fx->st, "UPDATE case_event SET actor = 'x'", &err) < 0);
    assert_true(po_store_exec(fx->st, "DELETE FROM case_attachment", &err) < 0);
    assert_true(po_store_exec(fx->st, "UPDATE case_file SET uscc = 'x'", &err) < 0);
    assert_true(po_store_exec(fx->st, "DELETE FROM audit_log", &err) < 0);
}

static void test_casedb__attachments_by_content(void **state)
{
    (void)state;
    static const struct {
        const char *data;
        size_t len;
        const char *name, *mime;
    } rows[] = {
        { "%PDF-1.7", 8, "a.bin", "application/pdf" },
        { "\xff\xd8\xff\xe0", 4, "a.pdf", "image/jpeg" },
        { "\x89PNG\r\n\x1a\n", 8, "a.png", "image/png" },
        { "PK\x03\x04", 4, "a.ofd", "application/ofd" },
        { "PK\x03\x04", 4, "a.docx",
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
        { "\x7f"
          "ELF\x02",
          5, "a.pdf", NULL },
        { "MZ\x90\x00", 4, "a.pdf", NULL },
        { "#!/bin/sh", 9, "a.pdf", NULL },
        { "hello", 5, "a.txt", NULL },
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        const char *why = NULL;
        const char *m =
            po_filetype_sniff((const unsigned char *)rows[i].data, rows[i].len, rows[i].name, &why);
        if (rows[i].mime)
            assert_string_equal(m, rows[i].mime);
        else
            assert_null(m);
    }
}

static void test_casedb__attachment_size_limit(void **state)
{
    struct fixture *fx = *state;
    char path[512];
    snprintf(path, sizeof(path), "%s/big.pdf", g_dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("%PDF-1.4\n", f);
    struct po_city_params cp;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_cityparams_load(&cp, &err), 0);
    const size_t max = po_attach_max_bytes(&cp);
    assert_int_equal(max, 20u << 20); /* as shipped: attachment_max_mib 20 */
    assert_int_equal(fseek(f, (long)max, SEEK_SET), 0);
    fputc('x', f);
    fclose(f);
    char sha[PO_AUDIT_HEX];
    assert_int_equal(po_attach_store(sha, fx->st, path, max, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "larger than the limit of 20 MiB"));
    /* the city's limit decides: one of 24 MiB takes the same file */
    err = (struct po_err)PO_ERR_INIT;
    assert_int_equal(po_cityparams_set(&cp, "attachment_max_mib", "24", &err), 0);
    assert_int_equal(po_store_begin(fx->st, &err), 0);
    int rc = po_attach_store(sha, fx->st, path, po_attach_max_bytes(&cp), &err);
    assert_int_equal(po_store_end(fx->st, rc, &err), 0);
    assert_int_equal(rc, 0);
}

static void test_casedb__tick_is_idempotent(void **state)
{
    struct fixture *fx = *state;
    const char *pdf = write_file("t.pdf", "%PDF-1.4\n", 9);
    struct po_case_attach order[2] = { { "order", pdf }, { "inspection", pdf } };
    struct po_err err = PO_ERR_INIT;
    int64_t id = open_case(fx, PO_CASE_ENERGY_QUOTA);
    assert_int_equal(
        act(fx, id, PO_EV_ORDER_RECTIFICATION, (struct po_date){ 2024, 8, 31 }, order, 2, &err), 0);
    static const struct {
        struct po_date as_of;
        int64_t due_30, due_7, overdue;
    } rows[] = {
        { { 2025, 1, 1 }, 0, 0, 0 },  { { 2025, 2, 1 }, 1, 0, 0 },  { { 2025, 2, 1 }, 0, 0, 0 },
        { { 2025, 2, 21 }, 0, 1, 0 }, { { 2025, 2, 28 }, 0, 0, 0 }, { { 2025, 3, 1 }, 0, 0, 1 },
        { { 2025, 3, 1 }, 0, 0, 0 },
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct po_tick_report r;
        int64_t audit = storefix_int(fx->st, "SELECT count(*) FROM audit_log");
        assert_int_equal(po_casedb_tick(&r, fx->st, rows[i].as_of, NULL, NULL, &err), 0);
        /* the windows are data/city_params.csv reminder_early_days / reminder_late_days */
        assert_int_equal(r.early_days, 30);
        assert_int_equal(r.late_days, 7);
        assert_int_equal(r.due_30, rows[i].due_30);
        assert_int_equal(r.due_7, rows[i].due_7);
        assert_int_equal(r.overdue, rows[i].overdue);
        bool changed = rows[i].due_30 + rows[i].due_7 + rows[i].overdue > 0;
        assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM audit_log"), audit + changed);
    }
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM notification"), 3);
    struct po_case c;
    assert_int_equal(po_casedb_load(&c, fx->st, &fx->cal, id, &err), 0);
    assert_int_equal(c.state, PO_CS_RECTIFYING); /* a proposal, not a transition */
}

/* A tick someone asked for (the web's POST /tick) is named in a second audit row, in the same
 * transaction; a tick that adds nothing writes neither. */
static void test_casedb__tick_by_a_user_names_them(void **state)
{
    struct fixture *fx = *state;
    const char *pdf = write_file("u.pdf", "%PDF-1.4\n", 9);
    struct po_case_attach order[2] = { { "order", pdf }, { "inspection", pdf } };
    struct po_err err = PO_ERR_INIT;
    int64_t id = open_case(fx, PO_CASE_ENERGY_QUOTA);
    assert_int_equal(
        act(fx, id, PO_EV_ORDER_RECTIFICATION, (struct po_date){ 2024, 8, 31 }, order, 2, &err), 0);
    struct po_tick_report r;
    int64_t audit = storefix_int(fx->st, "SELECT count(*) FROM audit_log");
    assert_int_equal(
        po_casedb_tick(&r, fx->st, (struct po_date){ 2025, 2, 1 }, "web:city", "city", &err), 0);
    assert_int_equal(r.due_30, 1);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM audit_log"), audit + 2);
    assert_int_equal(storefix_int(fx->st,
                                  "SELECT count(*) FROM audit_log WHERE actor = 'web:city' AND"
                                  " action = 'tick.run' AND detail = 'as_of=2025-02-01 due_30=1"
                                  " due_7=0 overdue=0 role=city'"),
                     1);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM audit_log WHERE actor = 'system'"
                                          " AND action = 'tick'"),
                     1);
    assert_int_equal(
        po_casedb_tick(&r, fx->st, (struct po_date){ 2025, 2, 1 }, "web:city", "city", &err), 0);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM audit_log"), audit + 2);
}

/* A case's log read back (app/caseread.h): seq order, the stored columns, the attachments of
 * each event when asked for; an unknown case has none. */
static void test_caseread__events_in_order_with_attachments(void **state)
{
    struct fixture *fx = *state;
    const char *pdf = write_file("r.pdf", "%PDF-1.4\n", 9);
    struct po_case_attach order[2] = { { "order", pdf }, { "inspection", pdf } };
    struct po_err err = PO_ERR_INIT;
    int64_t id = open_case(fx, PO_CASE_ENERGY_QUOTA);
    assert_int_equal(
        act(fx, id, PO_EV_ORDER_RECTIFICATION, (struct po_date){ 2024, 8, 31 }, order, 2, &err), 0);
    assert_int_equal(
        act(fx, id, PO_EV_REINSPECT_PASS, (struct po_date){ 2024, 9, 2 }, order + 1, 1, &err), 0);
    struct po_arena *a = po_arena_new();
    struct po_case_events evs;
    assert_int_equal(po_caseread_events(&evs, fx->st, id, PO_CASEREAD_ATTACH, a, &err), 0);
    assert_int_equal(evs.n, 2);
    assert_int_equal(evs.v[0].seq, 1);
    assert_int_equal(evs.v[1].seq, 2);
    assert_string_equal(evs.v[0].event, "order_rectification");
    assert_string_equal(evs.v[0].on_date, "2024-08-31");
    assert_string_equal(evs.v[0].prev_state, "open");
    assert_string_equal(evs.v[0].role, "miit");
    assert_string_equal(evs.v[0].reason, "理由");
    assert_int_equal(evs.v[0].nattach, 2);
    assert_string_equal(evs.v[0].attach[0].doc, "order");
    assert_string_equal(evs.v[0].attach[1].doc, "inspection");
    assert_string_equal(evs.v[0].attach[0].mime, "application/pdf");
    assert_int_equal(evs.v[0].attach[0].size, 9);
    assert_int_equal(evs.v[1].nattach, 1);
    assert_string_equal(evs.v[1].attach[0].doc, "inspection");
    assert_string_equal(evs.v[1].new_state, "passed");
    assert_string_equal(evs.v[1].prev_state, evs.v[0].new_state);
    assert_int_equal(po_caseread_events(&evs, fx->st, id, 0, a, &err), 0);
    assert_int_equal(evs.n, 2);
    assert_null(evs.v[0].attach);
    assert_int_equal(po_caseread_events(&evs, fx->st, id + 100, PO_CASEREAD_ATTACH, a, &err), 0);
    assert_int_equal(evs.n, 0);
    struct po_case_row c;
    assert_int_equal(po_caseread_get(&c, fx->st, id, a, &err), 0);
    assert_string_equal(c.uscc, "911503021110312058");
    assert_string_equal(c.opened_on, "2024-08-31");
    assert_int_equal(po_caseread_get(&c, fx->st, id + 100, a, &err), PO_ENOTFOUND);
    po_arena_destroy(a);
}

static int64_t import_calendar(struct fixture *fx, const char *name, const char *csv, int want_rc)
{
    struct po_calendardb_import_result r;
    struct po_err err = PO_ERR_INIT;
    const char *path = write_file(name, csv, strlen(csv));
    int rc = po_calendardb_import(&r, fx->st, path, "王五", &err);
    if (rc != want_rc)
        fail_msg("import %s: rc %d (%s)", name, rc, err.msg);
    return rc == 0 ? r.cases_changed : -1;
}

/*
 * Served 2026-12-09, 6 months: 2027-06-09 (Wed) while 2027 has no calendar — a provisional
 * deadline, cached with its year, reported as such by tick; the overdue event is refused.
 * Importing a (test, not official) 2027 calendar whose 端午节 falls on 06-09 recomputes it:
 * Thu 2027-06-10, final, in the cache too.  Bad files change nothing.
 */
static void test_casedb__provisional_deadline_and_calendar_import(void **state)
{
    struct fixture *fx = *state;
    const char *pdf = write_file("p.pdf", "%PDF-1.4\n", 9);
    struct po_case_attach order[2] = { { "order", pdf }, { "inspection", pdf } };
    struct po_err err = PO_ERR_INIT;
    int64_t id = open_case(fx, PO_CASE_ENERGY_QUOTA);
    assert_int_equal(
        act(fx, id, PO_EV_ORDER_RECTIFICATION, (struct po_date){ 2026, 12, 9 }, order, 2, &err), 0);
    struct po_case c;
    assert_int_equal(po_casedb_load(&c, fx->st, &fx->cal, id, &err), 0);
    assert_true(c.deadline_provisional);
    assert_int_equal(c.uncovered_year, 2027);
    assert_int_equal(po_date_cmp(c.deadline, (struct po_date){ 2027, 6, 9 }), 0);
    assert_int_equal(storefix_int(fx->st,
                                  "SELECT count(*) FROM case_file WHERE deadline = '2027-06-09'"
                                  " AND deadline_uncovered_year = 2027"),
                     1);
    struct po_case_action over = {
        "system", PO_ROLE_SYSTEM, PO_EV_OVERDUE, { 2027, 7, 1 }, NULL, NULL, 0, NULL, 0, NULL
    };
    assert_int_equal(po_casedb_act(NULL, fx->st, &fx->cal, id, &over, &err), PO_EINVAL);
    assert_non_null(strstr(err.msg, "provisional"));
    err = (struct po_err)PO_ERR_INIT;
    struct po_tick_report r;
    assert_int_equal(po_casedb_tick(&r, fx->st, (struct po_date){ 2027, 5, 20 }, NULL, NULL, &err),
                     0);
    assert_int_equal(r.due_30, 1);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM notification WHERE message LIKE"
                                          " '%PROVISIONAL: no holiday calendar for 2027 yet%'"
                                          " AND message LIKE '%2027 年节假日安排尚未载入%'"),
                     1);

    /* refused, nothing written: a makeup day on a weekday; a gap (2028 missing); a bad kind */
    import_calendar(fx, "bad1.csv", "date,kind,name,source\n2027-06-09,workday,端午节,x\n",
                    PO_EINVAL);
    import_calendar(fx, "bad2.csv", "date,kind,name,source\n2029-01-01,holiday,元旦,x\n",
                    PO_EINVAL);
    import_calendar(fx, "bad3.csv", "date,kind,name,source\n2027-06-09,rest,端午节,x\n", PO_EINVAL);
    import_calendar(fx, "bad4.csv", "day,kind,name,source\n2027-06-09,holiday,端午节,x\n",
                    PO_EINVAL);
    import_calendar(fx, "bad5.csv",
                    "date,kind,name,source\n2027-06-09,holiday,端午节,x\n"
                    "2027-06-09,holiday,端午节,x\n",
                    PO_EINVAL);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM calendar_import"), 0);
    assert_int_equal(storefix_int(fx->st,
                                  "SELECT count(*) FROM case_file WHERE deadline_uncovered_year"
                                  " = 2027"),
                     1);

    int64_t audit = storefix_int(fx->st, "SELECT count(*) FROM audit_log");
    assert_int_equal(import_calendar(fx, "cn_holidays_2027.csv",
                                     "date,kind,name,source\n"
                                     "2027-06-09,holiday,端午节,test fixture (not a notice)\n"
                                     "2027-01-01,holiday,元旦,test fixture (not a notice)\n",
                                     0),
                     1);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM audit_log WHERE action ="
                                          " 'calendar.import'"),
                     1);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM audit_log"), audit + 1);
    /* the cache, for list and tick, was rewritten in the import's transaction */
    assert_int_equal(storefix_int(fx->st,
                                  "SELECT count(*) FROM case_file WHERE deadline = '2027-06-10'"
                                  " AND deadline_uncovered_year IS NULL"),
                     1);
    /* and a replay with the deployment's calendar agrees */
    struct po_calendar now;
    assert_int_equal(po_calendardb_load(&now, fx->st, fx->a, &err), 0);
    assert_int_equal(now.last_year, 2027);
    assert_int_equal(po_casedb_load(&c, fx->st, &now, id, &err), 0);
    assert_false(c.deadline_provisional);
    assert_int_equal(po_date_cmp(c.deadline, (struct po_date){ 2027, 6, 10 }), 0);
    /* the compiled-in calendar alone still gives the provisional reading */
    assert_int_equal(po_casedb_load(&c, fx->st, &fx->cal, id, &err), 0);
    assert_true(c.deadline_provisional);
    /* imports are append-only */
    assert_true(po_store_exec(fx->st, "DELETE FROM calendar_day", &err) < 0);
}

static void add_run(struct fixture *fx, int id, int year)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO evaluation_run(id, year, as_of, rules_name, rules_sha256, data_sha256,"
             " nfindings, findings_sha256, created_at) VALUES (%d, %d, '%d-12-31', 'r', 'x', 'x',"
             " 0, 'x', '2026-0%d-01T00:00:00Z')",
             id, year, year, id);
    storefix_exec(fx->st, sql);
}

static void add_finding(struct fixture *fx, int run, const char *fid, const char *status)
{
    char sql[768];
    snprintf(sql, sizeof sql,
             "INSERT INTO evaluation_finding(run_id, finding_id, seq, uscc, enterprise_name,"
             " equipment_id, criterion, rule_id, rule_version, status, measure, departments,"
             " evidence, legal_basis, measure_basis, confidence, source) VALUES (%d, '%s', 1,"
             " '911503021110312058', '甲焦化', 'K1', 'industrial_policy', 'IP-COKE-43', 2, '%s',"
             " 'shutdown_dismantle_or_seal', 'miit', 'e', 'b', 'm', 'medium', 's')",
             run, fid, status);
    storefix_exec(fx->st, sql);
}

/* Issue 12: a case is opened only on a caught finding of the latest run — the newest year
 * evaluated, its latest run — never on a cannot-decide one (data to complete). */
static void test_casedb__finding_must_be_caught_in_the_latest_run(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    add_run(fx, 1, 2025);
    add_finding(fx, 1, "F1", "caught");
    add_finding(fx, 1, "F2", "caught");
    add_run(fx, 2, 2024); /* an older year evaluated again later: not the latest */
    add_finding(fx, 2, "F3", "caught");
    add_run(fx, 3, 2025);
    add_finding(fx, 3, "F1", "caught");
    add_finding(fx, 3, "F2", "cannot_decide");
    const char *u = "911503021110312058";
    assert_int_equal(po_casedb_finding_check(fx->st, "F1", u, &err), 0);
    assert_int_equal(po_casedb_finding_check(fx->st, "F2", u, &err), PO_EINVAL);
    assert_string_equal(err.msg_zh, PO_CASEDB_CANNOT_DECIDE_ZH);
    assert_string_equal(err.msg, PO_CASEDB_CANNOT_DECIDE_EN);
    err = (struct po_err)PO_ERR_INIT;
    assert_int_equal(po_casedb_finding_check(fx->st, "F3", u, &err), PO_ECONFLICT);
    assert_non_null(strstr(err.msg, "not in the latest evaluation (run 3, year 2025)"));
    err = (struct po_err)PO_ERR_INIT;
    assert_int_equal(po_casedb_finding_check(fx->st, "F9", u, &err), PO_ENOTFOUND);
    err = (struct po_err)PO_ERR_INIT;
    assert_int_equal(po_casedb_finding_check(fx->st, "F1", "91150302MA0000000X", &err),
                     PO_ENOTFOUND);

    struct po_case_open o = { .type = PO_CASE_INDUSTRIAL_POLICY,
                              .uscc = u,
                              .equipment_id = "K1",
                              .finding_id = "F2",
                              .actor = "web:city",
                              .role = PO_ROLE_MIIT,
                              .on = { 2026, 3, 2 },
                              .actor_roles = "city",
                              .reason = "淘汰类装置" };
    int64_t id = 0;
    err = (struct po_err)PO_ERR_INIT;
    assert_int_equal(po_casedb_open(&id, fx->st, &o, &err), PO_EINVAL);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM case_file"), 0);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM audit_log"), 0);

    /* the opener's own role, the casefsm role it acted as, and the reason are kept */
    o.finding_id = "F1";
    err = (struct po_err)PO_ERR_INIT;
    assert_int_equal(po_casedb_open(&id, fx->st, &o, &err), 0);
    assert_int_equal(storefix_int(fx->st,
                                  "SELECT count(*) FROM case_file WHERE opened_roles = 'city'"
                                  " AND opened_as = 'miit' AND opened_reason = '淘汰类装置'"),
                     1);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM audit_log WHERE action ="
                                          " 'case.open' AND detail LIKE"
                                          " '% role=city acting_as=miit on=2026-03-02 %'"),
                     1);
    const char *pdf = write_file("r.pdf", "%PDF-1.4\n", 9);
    struct po_case_attach docs[2] = { { "order", pdf }, { "inspection", pdf } };
    struct po_case_action a = { .actor = "web:city",
                                .role = PO_ROLE_MIIT,
                                .event = PO_EV_ORDER_SHUTDOWN,
                                .on = { 2026, 3, 3 },
                                .reason = "淘汰类装置",
                                .attach = docs,
                                .nattach = 2,
                                .actor_roles = "city" };
    assert_int_equal(po_casedb_act(NULL, fx->st, &fx->cal, id, &a, &err), 0);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM case_event WHERE role = 'miit'"
                                          " AND actor_roles = 'city'"),
                     1);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM audit_log WHERE action ="
                                          " 'case.act' AND detail LIKE"
                                          " '% role=city acting_as=miit order=%'"),
                     1);
    /* the command line's role is the actor's own: named once */
    a.actor_roles = NULL;
    a.event = PO_EV_DISMANTLE;
    plan_upto(fx, id, PO_RPLAN_APPROVED, (struct po_date){ 2026, 3, 3 });
    a.attach = (struct po_case_attach[]){ { "photos", pdf } };
    a.nattach = 1;
    assert_int_equal(po_casedb_act(NULL, fx->st, &fx->cal, id, &a, &err), 0);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM case_event WHERE role = 'miit'"
                                          " AND actor_roles = 'miit'"),
                     1);
    assert_int_equal(storefix_int(fx->st,
                                  "SELECT count(*) FROM audit_log WHERE action ="
                                  " 'case.act' AND detail LIKE"
                                  " '%->dismantled role=miit resettlement_plan=approved photos=%'"),
                     1);
    /* the opening is written once */
    assert_true(po_store_exec(fx->st, "UPDATE case_file SET opened_roles = 'drc'", &err) < 0);
    assert_true(po_store_exec(fx->st, "UPDATE case_file SET opened_reason = 'x'", &err) < 0);
}

static void test_casedb__audit_chain_detects_edit_and_delete(void **state)
{
    struct fixture *fx = *state;
    struct po_err err = PO_ERR_INIT;
    struct po_audit_report r;
    for (int i = 0; i < 4; i++)
        open_case(fx, PO_CASE_SAFETY);
    assert_int_equal(po_audit_verify(&r, fx->st, &err), 0);
    assert_true(r.ok);
    assert_int_equal(r.count, 4);
    if (strcmp(fx->backend, "pg") == 0)
        storefix_exec(fx->st, "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_ud");
    else
        storefix_exec(fx->st, "DROP TRIGGER audit_log_no_u; DROP TRIGGER audit_log_no_d");
    storefix_exec(fx->st, "UPDATE audit_log SET actor = '李四' WHERE id = 2");
    assert_int_equal(po_audit_verify(&r, fx->st, &err), 0);
    assert_false(r.ok);
    assert_int_equal(r.bad_id, 2);
    storefix_exec(fx->st, "UPDATE audit_log SET actor = '王五' WHERE id = 2");
    storefix_exec(fx->st, "DELETE FROM audit_log WHERE id = 3");
    assert_int_equal(po_audit_verify(&r, fx->st, &err), 0);
    assert_false(r.ok);
    assert_int_equal(r.bad_id, 3);
}

int main(void)
{
    if (sodium_init() < 0 || testdb_tmpdir(g_dir, sizeof(g_dir)) < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_casedb__lifecycle_statuses_and_append_only),
        cmocka_unit_test(test_casedb__final_exit_needs_approved_resettlement_plan),
        cmocka_unit_test(test_casedb__attachments_by_content),
        cmocka_unit_test(test_casedb__attachment_size_limit),
        cmocka_unit_test(test_casedb__tick_is_idempotent),
        cmocka_unit_test(test_casedb__tick_by_a_user_names_them),
        cmocka_unit_test(test_caseread__events_in_order_with_attachments),
        cmocka_unit_test(test_casedb__provisional_deadline_and_calendar_import),
        cmocka_unit_test(test_casedb__finding_must_be_caught_in_the_latest_run),
        cmocka_unit_test(test_casedb__audit_chain_detects_edit_and_delete),
    };
    static struct fixture fxs[2] = { { .backend = "sqlite" }, { .backend = "pg" } };
    int failed = storefix_run_both(tests, sizeof(tests) / sizeof(tests[0]), setup, teardown,
                                   &fxs[0], &fxs[1]);
    testdb_rmdir(g_dir);
    return testdb_exit_status(failed);
}
