/*
 * demo_activity.c: po_demo_activity — the evaluation, cases, reminders and exit plans of the
 * demo city, each through the function the CLI and the HTTP API use (demo_activity.h).
 *
 * Cases are stories: a type, the criterion and district of the finding it is opened on, the
 * opening day and the steps, each a casefsm event on a day counted back from as_of (months,
 * then days).  The documents and fields a step needs are the ones its transition requires
 * (po_casefsm_find()), so a story can only name events the lifecycle allows.
 */
#include "demo/demo_activity.h"
#include "core/casefsm.h"
#include "core/deadline.h"
#include "app/calendardb.h"
#include "refdata/calendar.h"
#include "app/evaldb.h"
#include "app/plandb.h"
#include "app/publishdb.h"
#include "app/reportdb.h"
#include "app/surchargedb.h"
#include "ingest/import.h"
#include "app/planwhatif.h"
#include "demo/demo_resettle.h"
#include "refdata/rulesdata.h"
#include "util/arena.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NELEM(x) (sizeof(x) / sizeof((x)[0]))
#define END PO_EV_NKINDS

/* ------------------------------------------------------------ findings */

struct cand {
    const char *finding_id, *uscc, *equipment_id, *criterion, *district, *cap_unit;
    enum po_case_type type;
    bool typed;
};

struct ctx {
    struct po_store *st;
    struct po_arena *a;
    struct po_date today;
    int year;
    struct cand *c;
    size_t nc;
    const char **used; /* enterprises already given a case */
    size_t nused;
    struct po_calendar cal;
    char dir[64]; /* the attachments */
    struct po_demo_activity_report *rep;
};

static bool used(const struct ctx *x, const char *uscc)
{
    for (size_t i = 0; i < x->nused; i++)
        if (strcmp(x->used[i], uscc) == 0)
            return true;
    return false;
}

static int load_findings(struct ctx *x, struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct po_value v = po_vint(x->rep->run_id);
    int rc = po_stmt_prepare(
        &s, x->st,
        "SELECT f.finding_id, f.uscc, f.equipment_id, f.criterion, f.measure, e.district_code,"
        " coalesce(q.capacity_unit, '') FROM evaluation_finding f"
        " JOIN enterprise e ON e.uscc = f.uscc"
        " LEFT JOIN equipment q ON q.enterprise_id = e.id AND q.equipment_id = f.equipment_id"
        " WHERE f.run_id = ? AND f.status = 'caught' ORDER BY f.seq",
        err);
    if (rc == 0)
        rc = po_stmt_bindv(s, &v, 1, err);
    size_t cap = 0;
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        if (x->nc == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            x->c = po_arena_realloc(x->a, x->c, cap * sizeof(*x->c), ncap * sizeof(*x->c));
            cap = ncap;
        }
        struct cand *c = &x->c[x->nc++];
        c->finding_id = po_arena_strdup(x->a, po_stmt_text(s, 0));
        c->uscc = po_arena_strdup(x->a, po_stmt_text(s, 1));
        c->equipment_id = po_arena_strdup(x->a, po_stmt_text(s, 2));
        c->criterion = po_arena_strdup(x->a, po_stmt_text(s, 3));
        c->district = po_arena_strdup(x->a, po_stmt_text(s, 5));
        c->cap_unit = po_arena_strdup(x->a, po_stmt_text(s, 6));
        c->typed = po_casefsm_type_for_finding(&c->type, c->criterion, po_stmt_text(s, 4)) == 0;
        rc = 0;
    }
    po_stmt_finalize(s);
    x->used = po_arena_calloc(x->a, x->nc + 1, sizeof(*x->used));
    return rc;
}

/* The first finding not yet used of that type, criterion, district and capacity unit. */
static const struct cand *pick(struct ctx *x, enum po_case_type type, const char *criterion,
                               const char *district, const char *cap_unit)
{
    for (size_t i = 0; i < x->nc; i++) {
        const struct cand *c = &x->c[i];
        if (!c->typed || c->type != type || (criterion && strcmp(c->criterion, criterion) != 0) ||
            (district && strncmp(c->district, district, strlen(district)) != 0) ||
            (cap_unit && (strcmp(c->cap_unit, cap_unit) != 0 || !c->equipment_id[0])) ||
            used(x, c->uscc))
            continue;
        x->used[x->nused++] = c->uscc;
        return c;
    }
    return NULL;
}

/* ------------------------------------------------------------ dates, actors, documents */

/* as_of moved back `months` months (the day clamped to 28 at most), then `days` days on. */
static struct po_date when(struct po_date t, int months, int days)
{
    int k = t.y * 12 + (t.m - 1) + months;
    struct po_date d = { k / 12, k % 12 + 1, t.d > 28 ? 28 : t.d };
    return po_deadline_add_days(d, days);
}

struct actor {
    const char *name, *roles;
    enum po_role role;
};

/* Who takes ev on a case of type: the demo accounts of scripts/demo.sh. */
static struct actor actor_for(enum po_case_type type, enum po_case_event_kind ev)
{
    if (ev == PO_EV_APPROVE_CLOSURE || ev == PO_EV_REJECT_CLOSURE)
        return (struct actor){ "zhengfu", "government", PO_ROLE_GOVERNMENT };
    if (ev == PO_EV_OVERDUE)
        return (struct actor){ "admin", "city", PO_ROLE_CITY_ADMIN };
    switch (type) {
    case PO_CASE_ENERGY_INTENSITY:
        return (struct actor){ "haibowan", "district", PO_ROLE_DISTRICT };
    case PO_CASE_ENVIRONMENT:
        return (struct actor){ "sthj", "eco_env", PO_ROLE_ECO_ENV };
    case PO_CASE_SAFETY:
        return (struct actor){ "yjgl", "emergency", PO_ROLE_EMERGENCY };
    case PO_CASE_QUALITY:
        return (struct actor){ "scjg", "market", PO_ROLE_MARKET };
    default:
        return (struct actor){ "admin", "city", PO_ROLE_MIIT };
    }
}

static const char *const doc_zh[PO_DOC_COUNT] = {
    "责令整改（停产、关停）通知书",
    "现场检查（复查）报告",
    "企业申请书",
    "行政决定书",
    "年度能耗强度排名",
    "现场照片及验收记录",
    "不再恢复生产承诺书",
    "门户网站公告",
    "向市工信局的报告",
    "有批准权的人民政府批复",
};

/* One small PDF per kind of document, in x->dir. */
static int write_documents(struct ctx *x, struct po_err *err)
{
    snprintf(x->dir, sizeof(x->dir), "/tmp/phaseout-demo-docs-XXXXXX");
    if (!mkdtemp(x->dir))
        return po_err_set(err, PO_EIO, "无法创建临时目录", "cannot create a temporary directory");
    for (unsigned k = 0; k < PO_DOC_COUNT; k++) {
        char path[128];
        snprintf(path, sizeof(path), "%s/%s.pdf", x->dir, po_casefsm_doc_name(1u << k));
        FILE *f = fopen(path, "w");
        if (!f ||
            fprintf(f,
                    "%%PDF-1.4\n%% 演示文书 / demo document: %s\n1 0 obj << /Type /Catalog "
                    ">> endobj\ntrailer << /Root 1 0 R >>\n%%%%EOF\n",
                    doc_zh[k]) < 0 ||
            fclose(f) != 0)
            return po_err_set(err, PO_EIO, "无法写出 %s", "cannot write %s", path);
    }
    return 0;
}

static void remove_documents(struct ctx *x)
{
    if (!x->dir[0])
        return;
    for (unsigned k = 0; k < PO_DOC_COUNT; k++) {
        char path[128];
        snprintf(path, sizeof(path), "%s/%s.pdf", x->dir, po_casefsm_doc_name(1u << k));
        unlink(path);
    }
    rmdir(x->dir);
}

/*
 * 海勃湾区's monthly energy report: the district officer re-submits one enterprise's
 * electricity of the latest month through the import (the figures as registered: unchanged),
 * so the district's import history is not empty.
 */
static int district_report(struct ctx *x, struct po_err *err)
{
    struct po_stmt *s = NULL;
    char path[160], line[512] = "";
    int rc = po_stmt_prepare(&s, x->st,
                             "SELECT g.year, g.month, g.quantity_micro, g.unit, e.uscc FROM energy g"
                             " JOIN enterprise e ON e.id = g.enterprise_id WHERE e.district_code ="
                             " '150302' AND g.energy_type = 'electricity' AND g.month > 0"
                             " AND g.product = '' AND g.purpose = 'fuel' AND g.source = 'reported'"
                             " ORDER BY g.year DESC, g.month DESC, e.uscc LIMIT 1",
                             err);
    if (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        long long q = (long long)po_stmt_int(s, 2); /* micro-units, not negative */
        snprintf(line, sizeof line, "%s,%lld,%lld,electricity,%lld.%06lld,%s\n",
                 po_stmt_text(s, 4), (long long)po_stmt_int(s, 0), (long long)po_stmt_int(s, 1),
                 q / 1000000, q % 1000000, po_stmt_text(s, 3));
        rc = 0;
    }
    po_stmt_finalize(s);
    if (rc < 0 || !line[0])
        return rc;
    snprintf(path, sizeof path, "%s/海勃湾区能耗月报.csv", x->dir);
    FILE *f = fopen(path, "w");
    if (!f || fputs("uscc,year,month,energy_type,quantity,unit\n", f) < 0 || fputs(line, f) < 0 ||
        fclose(f) != 0)
        return po_err_set(err, PO_EIO, "无法写出 %s", "cannot write %s", path);
    struct po_import_opts o = PO_IMPORT_OPTS_INIT;
    o.kind = "energy";
    o.actor = "web:haibowan";
    o.scope_district = "150302";
    struct po_import_result r;
    rc = po_import_file(&r, x->st, path, &o, x->a, err);
    unlink(path);
    return rc;
}

/* ------------------------------------------------------------ stories */

struct step {
    enum po_case_event_kind ev; /* END: no more steps */
    int m, d;                   /* the day: as_of back m months, then d days on */
    int months;                 /* extension or dismantling months, when the event takes them */
    bool no_decision_no;        /* a measure whose decision number was not recorded */
};

struct story {
    enum po_case_type type;
    const char *criterion, *district; /* of the finding; NULL: any */
    int om, od;                       /* the opening day */
    struct step steps[6];
};

/* Reasons where a transition requires one. */
static const char *reason_for(enum po_case_event_kind ev)
{
    switch (ev) {
    case PO_EV_ORDER_EXIT:
        return "整改期满复查仍不达标，依法责令停产退出";
    case PO_EV_PROPOSE_CLOSURE:
        return "停产整治后复查仍不达标，提请有批准权的人民政府予以关闭";
    case PO_EV_REFUSE_EXTENSION:
    case PO_EV_REJECT_CLOSURE:
        return "理由不充分，不予批准";
    default:
        return NULL;
    }
}

/* The measures that become credit records when they follow a missed deadline
 * (data/credit_measures.csv). */
static bool credit_measure(enum po_case_event_kind ev)
{
    return ev == PO_EV_ORDER_EXIT || ev == PO_EV_ORDER_SHUTDOWN || ev == PO_EV_ORDER_SUSPEND ||
           ev == PO_EV_ORDER_LIMIT || ev == PO_EV_APPROVE_CLOSURE || ev == PO_EV_REVOKE_LICENCE;
}

static int act(struct ctx *x, int64_t id, enum po_case_type type, enum po_case_state *state,
               const struct step *s, struct po_err *err)
{
    const struct po_case_transition *t = po_casefsm_find(type, *state, s->ev);
    if (!t)
        return po_err_set(err, PO_EINVAL, "演示案件 %lld：%s 之后不能 %s",
                          "demo case %lld: no %s after %s", (long long)id,
                          po_casefsm_event_name(s->ev), po_casefsm_state_name(*state));
    struct actor who = actor_for(type, s->ev);
    struct po_case_attach att[PO_DOC_COUNT];
    size_t natt = 0;
    for (unsigned k = 0; k < PO_DOC_COUNT; k++)
        if (t->documents & (1u << k)) {
            const char *doc = po_casefsm_doc_name(1u << k);
            att[natt].doc = doc;
            att[natt++].path = po_arena_printf(x->a, "%s/%s.pdf", x->dir, doc);
        }
    const char *fields[8];
    size_t nf = 0;
    if (t->fields & PO_F_MONTHS)
        fields[nf++] = po_arena_printf(x->a, "months=%d", s->months);
    if (t->fields & PO_F_LIMIT_LEVEL)
        fields[nf++] = "limit_level=80";
    if (t->guard == PO_G_SEAL_CHECKLIST)
        fields[nf++] = "checklist=all";
    if (t->fields & PO_F_LICENCE)
        fields[nf++] = po_arena_printf(x->a, "licence=安全生产许可证（蒙）FM安许证字〔%d〕%05lld号",
                                       x->today.y - 3, (long long)id);
    /* the decision's number for the credit record (app/creditdb.h); a step marked without one
     * gives a record that is reported incomplete rather than exported */
    if (credit_measure(s->ev) && !s->no_decision_no)
        fields[nf++] = po_arena_printf(x->a, "decision_no=乌工信罚决字〔%d〕%lld号", x->today.y,
                                       (long long)(id * 10 + (int64_t)x->rep->events % 10));
    struct po_case_action a = {
        .actor = who.name,
        .role = who.role,
        .event = s->ev,
        .on = when(x->today, -s->m, s->d),
        .reason = reason_for(s->ev),
        .fields = fields,
        .nfields = nf,
        .attach = att,
        .nattach = natt,
        .actor_roles = who.roles,
    };
    struct po_case c;
    /* the final exit waits for an approved resettlement plan (实施意见 四(六)) */
    bool final = t->guard == PO_G_RESETTLEMENT_PLAN;
    int rc = final ? po_demo_resettle_before_exit(x->st, id, a.on, x->rep->resettled, err) : 0;
    if (rc == 0)
        rc = po_casedb_act(&c, x->st, &x->cal, id, &a, err);
    if (rc == 0) {
        *state = c.state;
        x->rep->events++;
    }
    if (rc == 0 && final)
        rc = po_demo_resettle_after_exit(x->st, id, a.on, x->today, x->rep->resettled++, err);
    return rc;
}

/* Whether the final exit (a step guarded by the resettlement plan) is the next step from s. */
static bool next_is_final(enum po_case_type type, enum po_case_state s)
{
    static const enum po_case_event_kind last[] = { PO_EV_CONFIRM_EXIT, PO_EV_DISMANTLE,
                                                    PO_EV_APPROVE_CLOSURE };
    for (size_t i = 0; i < NELEM(last); i++) {
        const struct po_case_transition *t = po_casefsm_find(type, s, last[i]);
        if (t && t->guard == PO_G_RESETTLEMENT_PLAN)
            return true;
    }
    return false;
}

/* Open a case on f and take the story's steps. */
static int tell(struct ctx *x, const struct cand *f, const struct story *s, struct po_err *err)
{
    struct actor who = actor_for(s->type, END);
    struct po_case_open o = {
        .type = s->type,
        .uscc = f->uscc,
        .equipment_id = f->equipment_id[0] ? f->equipment_id : NULL,
        .finding_id = f->finding_id,
        .actor = who.name,
        .role = who.role,
        .on = when(x->today, -s->om, s->od),
        .actor_roles = who.roles,
        .reason = po_arena_printf(x->a, "依据 %d 年度研判结论立案", x->year),
    };
    int64_t id = 0;
    int rc = po_casedb_open(&id, x->st, &o, err);
    if (rc == 0)
        x->rep->cases++;
    enum po_case_state state = PO_CS_OPEN;
    for (size_t i = 0; rc == 0 && i < NELEM(s->steps) && s->steps[i].ev != END; i++) {
        /* a deadline in a year without its holiday calendar cannot be missed yet (casefsm):
         * the case stays rectifying and the tick reports it PROVISIONAL */
        struct po_case c;
        if (s->steps[i].ev == PO_EV_OVERDUE &&
            ((rc = po_casedb_load(&c, x->st, &x->cal, id, err)) < 0 || c.deadline_provisional))
            break;
        rc = act(x, id, s->type, &state, &s->steps[i], err);
    }
    /* stopped just before its final exit: the plan is still being drawn up */
    if (rc == 0 && next_is_final(s->type, state))
        rc = po_demo_resettle_pending(x->st, id, x->today, x->rep->resettled++, err);
    return rc;
}

#define Q PO_CASE_ENERGY_QUOTA
#define I PO_CASE_ENERGY_INTENSITY
#define P PO_CASE_INDUSTRIAL_POLICY
#define E PO_CASE_ENVIRONMENT
#define S PO_CASE_SAFETY
#define U PO_CASE_QUALITY
#define S_(ev, m, d)                                                                               \
    {                                                                                              \
        PO_EV_##ev, m, d, 0, false                                                                 \
    }
#define NOMORE                                                                                     \
    {                                                                                              \
        END, 0, 0, 0, false                                                                        \
    }

/* Rectification orders run 6 months: ordered 6 months back + 3 days is due in about 3 days. */
static const struct story stories[] = {
    /* energy quota (三(二)) */
    { Q, "energy", NULL, 0, -6, { NOMORE } },
    { Q, "energy", NULL, 6, -10, { S_(ORDER_RECTIFICATION, 6, 3), NOMORE } },
    /* missed the deadline in 海勃湾区: closed, licence revoked (credit records, app/creditdb.h) */
    { S,
      NULL,
      "150302",
      11,
      0,
      { S_(ORDER_SUSPEND, 11, 2), S_(REINSPECT_FAIL, 8, 0), S_(PROPOSE_CLOSURE, 7, 0),
        S_(APPROVE_CLOSURE, 6, 0), S_(REVOKE_LICENCE, 5, 0), NOMORE } },
    { Q, "energy", NULL, 6, -5, { S_(ORDER_RECTIFICATION, 6, 20), NOMORE } },
    { Q,
      "energy",
      NULL,
      5,
      -10,
      { S_(ORDER_RECTIFICATION, 5, 0), { PO_EV_REQUEST_EXTENSION, 0, -10, 2, false }, NOMORE } },
    { Q,
      "energy",
      NULL,
      4,
      -10,
      { S_(ORDER_RECTIFICATION, 4, 0),
        { PO_EV_REQUEST_EXTENSION, 1, 0, 3, false },
        S_(APPROVE_EXTENSION, 1, 7),
        NOMORE } },
    { Q, "energy", NULL, 7, -10, { S_(ORDER_RECTIFICATION, 7, 0), NOMORE } },
    { Q, "energy", NULL, 8, -10, { S_(ORDER_RECTIFICATION, 8, 0), S_(OVERDUE, 1, 0), NOMORE } },
    { Q,
      "energy",
      NULL,
      11,
      -10,
      { S_(ORDER_RECTIFICATION, 11, 0), S_(REINSPECT_FAIL, 6, 0), S_(ORDER_EXIT, 5, 0),
        S_(CONFIRM_EXIT, 2, 0), NOMORE } },
    { Q,
      "energy",
      NULL,
      10,
      -10,
      { S_(ORDER_RECTIFICATION, 10, 0), S_(REINSPECT_PASS, 5, 0), S_(CLOSE, 5, 5), NOMORE } },
    /* missed the deadline, ordered to exit: a credit record (app/creditdb.h) */
    { Q,
      "energy",
      NULL,
      11,
      -10,
      { S_(ORDER_RECTIFICATION, 11, 0), S_(OVERDUE, 4, 0), { PO_EV_ORDER_EXIT, 3, 0, 0, true },
        NOMORE } },
    /* energy intensity, the worst 20 % (三(二)): the district acts */
    { I, NULL, "150302", 3, 0, { S_(CONTROL_SUPPLY, 3, 5), NOMORE } },
    { I, NULL, "150302", 4, 0, { S_(CONTROL_SUPPLY, 4, 5), S_(LIMIT_PRODUCTION, 2, 0), NOMORE } },
    { I, NULL, "150302", 0, -3, { NOMORE } },
    /* environment (三(四)) */
    { E, NULL, NULL, 2, 0, { S_(ORDER_LIMIT, 2, 3), NOMORE } },
    { E,
      NULL,
      NULL,
      6,
      0,
      { S_(ORDER_SUSPEND, 6, 2), S_(REINSPECT_PASS, 3, 0), S_(CLOSE, 3, 5), NOMORE } },
    { E, NULL, NULL, 5, 0, { S_(ORDER_SUSPEND, 5, 2), S_(PROPOSE_CLOSURE, 1, 0), NOMORE } },
    { E,
      NULL,
      NULL,
      8,
      0,
      { S_(ORDER_SUSPEND, 8, 2), S_(PROPOSE_CLOSURE, 4, 0), S_(APPROVE_CLOSURE, 3, 0), NOMORE } },
    { E, NULL, NULL, 0, -2, { NOMORE } },
    /* safety (三(五)) */
    { S, NULL, NULL, 1, 0, { S_(ORDER_SUSPEND, 1, 2), NOMORE } },
    { S, NULL, NULL, 5, 0, { S_(ORDER_SUSPEND, 5, 2), S_(RESUME, 2, 0), NOMORE } },
    { S, NULL, NULL, 0, -4, { NOMORE } },
    /* quality (三(六)) */
    { U,
      NULL,
      NULL,
      9,
      0,
      { S_(ORDER_RECTIFICATION, 9, 3), S_(REINSPECT_PASS, 5, 0), S_(CLOSE, 5, 3), NOMORE } },
    { U, NULL, NULL, 6, 0, { S_(ORDER_RECTIFICATION, 6, 10), NOMORE } },
    { U, NULL, NULL, 8, 0, { S_(ORDER_RECTIFICATION, 8, 0), S_(OVERDUE, 1, 0), NOMORE } },
    { U,
      NULL,
      NULL,
      10,
      0,
      { S_(ORDER_RECTIFICATION, 10, 3), S_(REINSPECT_FAIL, 6, 0), S_(PROPOSE_CLOSURE, 5, 0),
        S_(APPROVE_CLOSURE, 4, 0), NOMORE } },
};

/* ------------------------------------------------------------ exit plans */

/*
 * Per district, four units of eliminated-class equipment (capacity in t/a) in the plan, and how
 * far each got: 0 reported, 1 sealed, 2 dismantled, 3 shutdown ordered (the enterprise closed:
 * counts as exited), 4 case opened only, 5 no case yet.
 */
static const struct {
    const char *district;
    int path[4];
} plans[] = {
    { "150302", { 0, 1, 2, 3 } }, /* 海勃湾区: all four */
    { "150303", { 0, 2, 1, 4 } }, /* 海南区: three of four */
    { "150304", { 2, 4, 5, 5 } }, /* 乌达区: one of four, the slow district */
};

static const struct story paths[] = {
    { P,
      "industrial_policy",
      NULL,
      9,
      0,
      { S_(ORDER_SHUTDOWN, 9, 5), S_(DISMANTLE, 6, 0), S_(REPORT, 5, 0), NOMORE } },
    { P,
      "industrial_policy",
      NULL,
      8,
      0,
      { S_(ORDER_SHUTDOWN, 8, 5), { PO_EV_SEAL, 3, 0, 6, false }, NOMORE } },
    { P,
      "industrial_policy",
      NULL,
      7,
      0,
      { S_(ORDER_SHUTDOWN, 7, 5), S_(DISMANTLE, 4, 0), NOMORE } },
    { P, "industrial_policy", NULL, 2, 0, { S_(ORDER_SHUTDOWN, 2, 5), NOMORE } },
    { P, "industrial_policy", NULL, 0, -8, { NOMORE } },
};

static const char *const plan_measure[] = {
    "dismantle", "seal", "dismantle", "exit", "exit", "exit"
};

static int plan_district(struct ctx *x, size_t k, struct po_err *err)
{
    int rc = 0;
    for (size_t u = 0; rc == 0 && u < NELEM(plans[k].path); u++) {
        int path = plans[k].path[u];
        const struct cand *f =
            pick(x, PO_CASE_INDUSTRIAL_POLICY, "industrial_policy", plans[k].district, "t/a");
        if (!f)
            return po_err_set(err, PO_ENOTFOUND, "演示城市 %s 缺少可列入退出计划的淘汰类设备",
                              "the demo city lacks eliminated-class units to plan in %s",
                              plans[k].district);
        static const int month[] = { 3, 6, 9, 11 }, day[] = { 31, 30, 30, 30 };
        struct po_plan_entry e = {
            .year = x->year,
            .uscc = f->uscc,
            .equipment_id = f->equipment_id,
            .capacity_micro = -1,
            .planned_on = { x->year, month[u], day[u] },
            .measure = plan_measure[path],
            .actor = "admin",
        };
        rc = po_plandb_add(x->st, &e, err);
        if (rc == 0)
            x->rep->plan_rows++;
        if (rc == 0 && path < (int)NELEM(paths))
            rc = tell(x, f, &paths[path], err);
    }
    return rc;
}

/* ------------------------------------------------------------ the whole */

static int refuse_repeat(struct po_store *st, struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, st, "SELECT count(*) FROM case_file", err);
    if (rc == 0 && (rc = po_stmt_step(s, err)) == 1)
        rc = po_stmt_int(s, 0) > 0
                 ? po_err_set(err, PO_ECONFLICT,
                              "数据库中已有案件：演示活动只能在新建的演示城市上生成一次",
                              "the database already holds cases: the demo activity is made once, "
                              "on a freshly loaded demo city")
                 : 0;
    po_stmt_finalize(s);
    return rc;
}

static int latest_year(int *out, struct po_store *st, struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, st, "SELECT coalesce(max(year), 0) FROM energy", err);
    if (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        *out = (int)po_stmt_int(s, 0);
        rc = *out ? 0
                  : po_err_set(err, PO_ENOTFOUND, "数据库中没有能耗数据：请先运行 phaseout demo",
                               "no energy data in the database: run phaseout demo first");
    }
    po_stmt_finalize(s);
    return rc;
}

/*
 * The city's public side: the year's list of sealed and dismantled lines published (when it
 * would not be refused: nothing undecided is ever published), and one public report (举报)
 * about its first enterprise, waiting for the district.  The year's exit list is left for the
 * operator to publish (`phaseout publish --list exits`).
 */
static int publish_demo(struct ctx *x, struct po_date as_of, struct po_err *err)
{
    char now[32], seen[16];
    snprintf(now, sizeof(now), "%04d-%02d-%02dT09:00:00Z", as_of.y, as_of.m, as_of.d);
    po_deadline_format_date(seen, sizeof(seen), po_deadline_add_days(as_of, -5));
    struct po_pub_preview pv;
    int rc = po_pubdb_preview(x->st, x->a, PO_PUB_SEALED, as_of.y, NULL, &pv, err);
    if (rc < 0 || pv.nrefusals)
        return rc;
    struct po_pub_request r = { PO_PUB_SEALED, as_of.y, NULL, "demo", 0, NULL, now };
    struct po_publication p;
    rc = po_pubdb_publish(x->st, x->a, &r, &p, err);
    if (rc < 0)
        return rc;
    x->rep->publications++;
    struct po_report_in in = { p.rows[0].uscc,
                               p.rows[0].enterprise_name,
                               "sealed_running",
                               "夜间看到已封存的生产线附近有车辆进出，厂房有灯光和机器声。",
                               p.rows[0].district_name,
                               seen,
                               NULL,
                               now };
    struct po_report_receipt rr;
    rc = po_reportdb_file(x->st, x->a, &in, &rr, err);
    if (rc == 0)
        x->rep->reports++;
    return rc;
}

static int work(struct po_demo_activity_report *out, struct po_store *st, struct po_date as_of,
                struct po_arena *a, struct po_err *err)
{
    struct ctx x = { .st = st, .a = a, .today = as_of, .rep = out };
    struct po_rulesdata rd;
    struct po_eval_run run;
    struct po_evaldb_opts eo = PO_EVALDB_OPTS_INIT;
    int rc = refuse_repeat(st, err);
    if (rc == 0)
        rc = latest_year(&x.year, st, err);
    if (rc == 0)
        rc = po_rulesdata_load(&rd, NULL, a, err);
    if (rc == 0) {
        out->year = eo.year = x.year;
        eo.as_of = (struct po_date){ x.year, 12, 31 };
        eo.actor = "admin";
        rc = po_evaldb_run(&run, st, &rd, &eo, a, err);
    }
    if (rc == 0) {
        out->run_id = run.id;
        out->findings = run.n;
        rc = load_findings(&x, err);
    }
    if (rc == 0)
        rc = po_calendardb_load(&x.cal, st, a, err);
    if (rc == 0)
        rc = write_documents(&x, err);
    for (size_t i = 0; rc == 0 && i < NELEM(stories); i++) {
        const struct story *s = &stories[i];
        const struct cand *f = pick(&x, s->type, s->criterion, s->district, NULL);
        if (!f)
            rc = po_err_set(err, PO_ENOTFOUND, "演示城市缺少 %s 类案件可依据的研判结论",
                            "the demo city lacks a finding to open a %s case on",
                            po_casefsm_type_name(s->type));
        else
            rc = tell(&x, f, s, err);
    }
    for (size_t k = 0; rc == 0 && k < NELEM(plans); k++)
        rc = plan_district(&x, k, err);
    if (rc == 0)
        rc = district_report(&x, err);
    remove_documents(&x);
    if (rc == 0)
        rc = po_casedb_tick(&out->tick, st, as_of, NULL, NULL, err);
    if (rc == 0)
        rc = po_resettledb_tick(&out->resettle_tick, st, as_of, err);
    if (rc == 0)
        rc = publish_demo(&x, as_of, err);
    if (rc == 0)
        rc = po_demo_credit(&out->credit, st, as_of, a, err);
    /* the grid company's month: June of the data year (surcharges, issue 15 §4) */
    struct po_sc_stored_run sc;
    if (rc == 0)
        rc = po_surchargedb_compute(&sc, st, x.year, 6, "admin",
                                    po_arena_printf(a, "%04d-%02d-%02dT09:30:00Z", as_of.y,
                                                    as_of.m, as_of.d),
                                    a, err);
    if (rc == 0) {
        out->surcharge_rows = sc.nrows;
        out->surcharge_month = 6;
    }
    struct po_whatif_report w;
    if (rc == 0)
        rc = po_plandb_whatif(&w, st, x.year, NULL, NULL, 0, a, err);
    for (size_t i = 0; rc == 0 && i < w.nareas; i++)
        out->whatif_areas += w.areas[i].has_energy;
    return rc;
}

int po_demo_activity(struct po_demo_activity_report *out, struct po_store *st, struct po_date as_of,
                     struct po_arena *a, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    int rc = po_store_begin(st, err);
    if (rc == 0)
        rc = po_store_end(st, work(out, st, as_of, a, err), err);
    if (rc < 0)
        po_err_context(err, "demo activity");
    return rc;
}
