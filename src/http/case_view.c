/*
 * case_view.c: the case screen's members that are computed, not stored (case_view.h).
 *
 * Everything here is read from casefsm's table and the replayed case, so the screen cannot
 * offer what POST /cases/{id}/actions would refuse: the same po_case_view_pick() decides both.
 * Words for departments are the policy's (实施意见 part 三 names who acts on each criterion);
 * the deadline's reasoning follows core/deadline.c and the CLI's `phaseout deadline` text,
 * with the Civil Code's articles quoted (arts. 201-203, as published 2020-05-28).
 */
#include "http/case_view.h"
#include "http/api.h"

#include "app/caseread.h"
#include "refdata/cityparams.h"
#include "refdata/rulesdata.h"
#include "util/arena.h"

#include <string.h>

/* ---- events ---- */

/* Labels of the events; destructive ones need a confirmation and a reason. */
static const struct {
    const char *zh, *en;
    bool destructive;
} events[PO_EV_NKINDS] = {
    [PO_EV_ORDER_RECTIFICATION] = { "责令限期整改", "Order rectification", false },
    [PO_EV_REQUEST_EXTENSION] = { "申请延期", "Request an extension", false },
    [PO_EV_APPROVE_EXTENSION] = { "批准延期", "Approve the extension", false },
    [PO_EV_REFUSE_EXTENSION] = { "不予延期", "Refuse the extension", false },
    [PO_EV_REINSPECT_PASS] = { "复查合格", "Re-inspection passed", false },
    [PO_EV_REINSPECT_FAIL] = { "复查不合格", "Re-inspection failed", false },
    [PO_EV_OVERDUE] = { "逾期未整改", "Deadline missed", false },
    [PO_EV_ORDER_EXIT] = { "责令停产退出", "Order exit", true },
    [PO_EV_CONFIRM_EXIT] = { "确认已退出", "Confirm the exit", true },
    [PO_EV_CLOSE] = { "结案", "Close the case", false },
    [PO_EV_CONTROL_SUPPLY] = { "实施要素供给管控", "Control factor supply", false },
    [PO_EV_LIMIT_PRODUCTION] = { "限制生产", "Limit production", false },
    /* leave_worst_group names the city's cut (intensity_worst_pct): po_case_view_label() */
    [PO_EV_LEAVE_WORST_GROUP] = { NULL, NULL, false },
    [PO_EV_ORDER_SHUTDOWN] = { "责令关停", "Order shutdown", true },
    [PO_EV_SEAL] = { "查封", "Seal", true },
    [PO_EV_DISMANTLE] = { "拆除主体设备", "Dismantle the main equipment", true },
    [PO_EV_REPORT] = { "报送市工信局", "Report to the MIIT bureau", false },
    [PO_EV_ORDER_LIMIT] = { "责令限产整治", "Order limited production", false },
    [PO_EV_ORDER_SUSPEND] = { "责令停产整治", "Order suspension", false },
    [PO_EV_PROPOSE_CLOSURE] = { "提请关闭", "Propose closure", true },
    [PO_EV_APPROVE_CLOSURE] = { "批准关闭", "Approve closure", true },
    [PO_EV_REJECT_CLOSURE] = { "不予关闭", "Reject closure", false },
    [PO_EV_RESUME] = { "恢复生产", "Resume production", false },
    [PO_EV_REVOKE_LICENCE] = { "吊销许可证", "Revoke the licence", true },
};

json_t *po_case_view_label(enum po_case_event_kind ev, bool zh)
{
    if ((unsigned)ev >= PO_EV_NKINDS)
        return json_string("?");
    if (ev == PO_EV_LEAVE_WORST_GROUP) {
        /* leave_worst_group: the share is the city's (intensity_worst_pct) */
        struct po_city_params cp;
        struct po_err err = PO_ERR_INIT;
        if (po_cityparams_load(&cp, &err) < 0)
            return json_string(zh ? "退出后列" : "Left the worst group");
        return zh ? json_sprintf("退出后%d%%", cp.intensity_worst_pct)
                  : json_sprintf("Left the worst %d%%", cp.intensity_worst_pct);
    }
    return json_string(zh ? events[ev].zh : events[ev].en);
}

bool po_case_view_destructive(enum po_case_event_kind ev)
{
    return (unsigned)ev < PO_EV_NKINDS && events[ev].destructive;
}

unsigned po_case_view_fields(const struct po_case_transition *t)
{
    return t->fields | (po_case_view_destructive(t->event) ? PO_F_REASON : 0u);
}

/* ---- who acts ---- */

/* By casefsm role bit (casefsm.h enum po_role, lowest first). */
static const struct {
    const char *zh, *en;
} actors[] = {
    { "市工业和信息化局", "the Municipal Bureau of Industry and Information Technology" },
    { "市发展和改革委员会", "the Municipal Development and Reform Commission" },
    { "市能源局", "the Municipal Energy Bureau" },
    { "市生态环境局", "the Municipal Bureau of Ecology and Environment" },
    { "市应急管理局", "the Municipal Emergency Management Bureau" },
    { "市市场监督管理局", "the Municipal Administration for Market Regulation" },
    { "区人民政府", "the district government" },
    /* city_admin is the city bureau's own account acting for the daily deadline check */
    { "市工业和信息化局", "the Municipal Bureau of Industry and Information Technology" },
    { "有批准权的人民政府", "the people's government with approval authority" },
    { "每日期限检查", "the daily deadline check" },
};
#define NACTORS (sizeof(actors) / sizeof(actors[0]))

static size_t bit_index(enum po_role r)
{
    size_t i = 0;
    while (i < NACTORS && !((unsigned)r & (1u << i)))
        i++;
    return i;
}

static const char *actor_name(struct po_req *req, enum po_role r, const char *district, bool en)
{
    size_t i = bit_index(r);
    if (i >= NACTORS)
        return "?";
    if (r == PO_ROLE_DISTRICT && district)
        return en ? po_arena_printf(req->a, "the %s government", district)
                  : po_arena_printf(req->a, "%s人民政府", district);
    return en ? actors[i].en : actors[i].zh;
}

const char *po_case_view_actor_zh(struct po_req *req, enum po_role r, const char *district)
{
    return actor_name(req, r, district, false);
}

const char *po_case_view_actor_en(struct po_req *req, enum po_role r, const char *district)
{
    return actor_name(req, r, district, true);
}

/* The departments of a role set, in table order, each name once; the scheduled check only
 * when no one else is named (it proposes, an official records).  *zh, *en: joined. */
static json_t *actors_json(const char **zh, const char **en, struct po_req *req, unsigned roles,
                           const char *district)
{
    json_t *a = json_array();
    const char *z = "", *e = "";
    if (roles & ~(unsigned)PO_ROLE_SYSTEM)
        roles &= ~(unsigned)PO_ROLE_SYSTEM;
    for (size_t i = 0; i < NACTORS; i++) {
        enum po_role r = (enum po_role)(1u << i);
        if (!(roles & (unsigned)r))
            continue;
        const char *nz = po_case_view_actor_zh(req, r, district);
        if (strstr(z, nz))
            continue;
        const char *ne = po_case_view_actor_en(req, r, district);
        json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "role", po_casefsm_role_name(r),
                                           "name_zh", nz, "name_en", ne));
        z = po_arena_printf(req->a, "%s%s%s", z, *z ? "、" : "", nz);
        e = po_arena_printf(req->a, "%s%s%s", e, *e ? ", " : "", ne);
    }
    if (zh)
        *zh = z;
    if (en)
        *en = e;
    return a;
}

unsigned po_case_view_roles(const struct po_req *req)
{
    return po_req_can(req, PO_P_ACT_CASE) ? po_authz_case_roles(req->session.user.roles) : 0u;
}

enum po_role po_case_view_pick(const struct po_req *req, const struct po_case *c,
                               const struct po_case_transition *t, struct po_date on,
                               struct po_err *why)
{
    unsigned mine = po_case_view_roles(req) & t->roles;
    if (!mine) {
        po_err_set(why, PO_EPERM, "您的角色无权执行此事件", "your role may not take this event");
        return (enum po_role)0;
    }
    if (po_casefsm_guard_now(c, t, on, why) < 0)
        return (enum po_role)0;
    return (enum po_role)(mine & (~mine + 1u));
}

/* ---- next steps ---- */

/* The names (casefsm.h) of bits, first to last: PO_F_*, PO_DOC_* or PO_SEAL_*. */
static json_t *bit_names(const char *(*name)(unsigned), unsigned n, unsigned bits)
{
    json_t *a = json_array();
    for (unsigned i = 0; i < n; i++)
        if (bits & (1u << i))
            json_array_append_new(a, json_string(name(1u << i)));
    return a;
}

/* One transition the user may take now, for the UI. */
static json_t *allowed_json(const struct po_case *c, const struct po_case_transition *t,
                            enum po_role as)
{
    enum po_case_event_kind ev = t->event;
    json_t *j = json_pack(
        "{s:s,s:o,s:o,s:s,s:o,s:o,s:s,s:b,s:s}", "event", po_casefsm_event_name(ev), "label_zh",
        po_case_view_label(ev, true), "label_en", po_case_view_label(ev, false), "to_state",
        po_casefsm_state_name(t->to), "required_fields",
        bit_names(po_casefsm_field_name, PO_F_COUNT, po_case_view_fields(t)), "required_documents",
        bit_names(po_casefsm_doc_name, PO_DOC_COUNT, t->documents), "legal_basis", t->basis,
        "destructive", events[ev].destructive, "acting_as", po_casefsm_role_name(as));
    if (t->guard == PO_G_SEAL_CHECKLIST)
        json_object_set_new(
            j, "required_checklist",
            bit_names(po_casefsm_seal_name, PO_SEAL_COUNT, PO_SEAL_ALL & ~c->checklist));
    return j;
}

/* Every transition from the current state, with who takes it and whether this user may. */
static json_t *step_json(struct po_req *req, const struct po_case *c,
                         const struct po_case_transition *t, struct po_date on,
                         const char *district, enum po_role *as, bool *guard_ok)
{
    struct po_err why = PO_ERR_INIT;
    *as = po_case_view_pick(req, c, t, on, &why);
    struct po_err g = PO_ERR_INIT;
    *guard_ok = po_casefsm_guard_now(c, t, on, &g) == 0;
    const char *wz, *we;
    json_t *who = actors_json(&wz, &we, req, t->roles, district);
    json_t *j = json_pack(
        "{s:s,s:o,s:o,s:s,s:o,s:b,s:s,s:s?}", "event", po_casefsm_event_name(t->event), "label_zh",
        po_case_view_label(t->event, true), "label_en", po_case_view_label(t->event, false),
        "to_state", po_casefsm_state_name(t->to), "actors", who, "you_may", *as != 0, "legal_basis",
        t->basis, "acting_as", *as ? po_casefsm_role_name(*as) : NULL);
    const char *nz = NULL, *ne = NULL;
    if (!*guard_ok) {
        nz = g.msg_zh[0] ? g.msg_zh : g.msg;
        ne = g.msg;
    } else if (!*as) {
        nz = po_arena_printf(req->a, "由 %s 办理", wz);
        ne = po_arena_printf(req->a, "Taken by %s", we);
    }
    json_object_set_new(j, "why_not_zh", po_json_text(nz));
    json_object_set_new(j, "why_not_en", po_json_text(ne));
    return j;
}

static json_t *acting_as_json(struct po_req *req, const char *district)
{
    json_t *own = json_array();
    for (int r = 0; r < PO_UR_COUNT; r++)
        if (req->authenticated && (req->session.user.roles & (1u << r)))
            json_array_append_new(own, json_string(po_urole_name((enum po_urole)r)));
    return json_pack("{s:o,s:o}", "roles", own, "case_roles",
                     actors_json(NULL, NULL, req, po_case_view_roles(req), district));
}

static json_t *waiting_json(struct po_req *req, unsigned roles, bool terminal, bool mine,
                            const char *district)
{
    const char *z, *e;
    json_t *who = actors_json(&z, &e, req, roles, district);
    const char *mz = terminal ? "本案已无后续办理事项"
                     : mine ? po_arena_printf(req->a, "本案当前待 %s 办理；您可办理下列事项", z)
                            : po_arena_printf(req->a, "本案当前待 %s 办理", z);
    const char *me = terminal ? "Nothing further is due on this case"
                     : mine   ? po_arena_printf(req->a,
                                                "This case now waits on %s; the actions below are "
                                                  "yours to take",
                                                e)
                              : po_arena_printf(req->a, "This case now waits on %s", e);
    return json_pack("{s:o,s:b,s:b,s:s,s:s}", "actors", who, "terminal", terminal, "you_may_act",
                     mine, "message_zh", mz, "message_en", me);
}

void po_case_view_next(json_t *r, struct po_req *req, const struct po_case *c, struct po_date as_of)
{
    const char *district = po_json_str(r, "district_name");
    size_t n;
    const struct po_case_transition *tab = po_casefsm_table(&n);
    json_t *allowed = json_array(), *steps = json_array();
    unsigned open_now = 0, any = 0;
    for (size_t i = 0; i < n; i++) {
        const struct po_case_transition *t = &tab[i];
        if (t->type != c->type || t->from != c->state)
            continue;
        enum po_role as;
        bool guard_ok;
        json_array_append_new(steps, step_json(req, c, t, as_of, district, &as, &guard_ok));
        any |= t->roles;
        if (guard_ok)
            open_now |= t->roles;
        if (as)
            json_array_append_new(allowed, allowed_json(c, t, as));
    }
    json_object_set_new(r, "allowed", allowed);
    json_object_set_new(r, "next_steps", steps);
    json_object_set_new(r, "waiting_on",
                        waiting_json(req, open_now ? open_now : any, any == 0,
                                     json_array_size(allowed) > 0, district));
    json_object_set_new(r, "acting_as", acting_as_json(req, district));
}

/* ---- the deadline's reasoning ---- */

static const char *const weekday_zh[] = { "周一", "周二", "周三", "周四", "周五", "周六", "周日" };
static const char *const weekday_en[] = { "Monday", "Tuesday",  "Wednesday", "Thursday",
                                          "Friday", "Saturday", "Sunday" };

/* The Civil Code's articles on periods (第十章 期间计算), as published; checked against the
 * bilingual copy named in data/legal_periods.md §1.1. */
static const struct {
    const char *article, *title_zh, *title_en, *text_zh, *text_en;
} articles[] = {
    { "201", "民法典第二百零一条", "Civil Code art. 201",
      "按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算。按照小时计算期间的，自法律规定"
      "或者当事人约定的时间开始计算。",
      "Where a period is counted in years, months or days, the day on which it begins is not "
      "counted; it runs from the following day. A period counted in hours begins at the hour "
      "provided by law or agreed by the parties." },
    { "202", "民法典第二百零二条", "Civil Code art. 202",
      "按照年、月计算期间的，到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日"
      "。",
      "Where a period is counted in years or months, its last day is the corresponding day of "
      "the due month; where there is no such day, the last day of that month." },
    { "203", "民法典第二百零三条", "Civil Code art. 203",
      "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。期间的最后一日的截止时"
      "间"
      "为二十四时；有业务时间的，停止业务活动的时间为截止时间。",
      "Where the last day of a period is a statutory holiday, the day after the holiday ends is "
      "the last day. The last day ends at 24:00; where business hours apply, when business "
      "stops." },
};

static void step(json_t *a, const char *article, json_t *zh, json_t *en)
{
    json_array_append_new(a, json_pack("{s:s?,s:o,s:o}", "article", article, "zh", zh, "en", en));
}

static json_t *jdate(struct po_date d)
{
    char b[PO_DATE_BUFSZ];
    return json_string(po_deadline_format_date(b, sizeof b, d));
}

/* The steps of art. 201 and 202 (or a day count) for period p. */
static void period_steps(json_t *a, const struct po_period *p)
{
    char s[PO_DATE_BUFSZ], nom[PO_DATE_BUFSZ];
    po_deadline_format_date(s, sizeof s, p->start);
    po_deadline_format_date(nom, sizeof nom, p->nominal);
    int wd = po_deadline_weekday(p->nominal) - 1;
    bool m = p->unit == PO_PERIOD_MONTHS;
    step(a, "201",
         json_sprintf(
             "自 %s 起 %d %s，开始的当日（%s）不计入，自下一日开始计算（民法典第二百零一条）。", s,
             p->n, m ? "个月" : "日", s),
         json_sprintf("%d %s from %s: the start day (%s) is not counted; counting begins the next "
                      "day (Civil Code art. 201).",
                      p->n, m ? "months" : "days", s, s));
    if (m && p->clamped)
        step(a, "202",
             json_sprintf(
                 "到期月没有对应日（%d 日），以月末日 %s 为期间的最后一日（民法典第二百零二条）。",
                 p->start.d, nom),
             json_sprintf("The due month has no corresponding day (day %d), so its last day, %s, "
                          "is the period's last day (art. 202).",
                          p->start.d, nom));
    else if (m)
        step(a, "202",
             json_sprintf("到期月的对应日 %s（%s）为期间的最后一日（民法典第二百零二条）。", nom,
                          weekday_zh[wd]),
             json_sprintf("The corresponding day of the due month, %s (%s), is the last day "
                          "(art. 202).",
                          nom, weekday_en[wd]));
    else
        step(a, NULL,
             json_sprintf("第 %d 日为 %s（%s）；期间内的节假日不扣除。", p->n, nom, weekday_zh[wd]),
             json_sprintf("Day %d is %s (%s); holidays inside the period are not deducted.", p->n,
                          nom, weekday_en[wd]));
}

/* The step of art. 203: the last day moved over a holiday or weekend, or kept. */
static void move_step(json_t *a, const struct po_period *p)
{
    char nom[PO_DATE_BUFSZ], last[PO_DATE_BUFSZ];
    po_deadline_format_date(nom, sizeof nom, p->nominal);
    po_deadline_format_date(last, sizeof last, p->last);
    int wn = po_deadline_weekday(p->nominal) - 1, wl = po_deadline_weekday(p->last) - 1;
    if (po_date_cmp(p->last, p->nominal) == 0)
        step(a, "203", json_sprintf("%s 不是法定休假日，不顺延（民法典第二百零三条）。", nom),
             json_sprintf("%s is not a statutory holiday: the last day does not move (art. 203).",
                          nom));
    else if (p->moved_over)
        step(a, "203",
             json_sprintf("%s 是法定休假日（%s，%s），以休假日结束的次日 %s（%s）为最后一日"
                          "（民法典第二百零三条）。",
                          nom, p->moved_over, p->moved_source ? p->moved_source : "", last,
                          weekday_zh[wl]),
             json_sprintf("%s is a statutory holiday (%s, %s); the last day moves to the day "
                          "after the holiday ends, %s (%s) (art. 203).",
                          nom, p->moved_over, p->moved_source ? p->moved_source : "", last,
                          weekday_en[wl]));
    else
        step(a, "203",
             json_sprintf(
                 "%s 是%s（周休息日，按法定休假日处理），顺延至 %s（%s）（民法典第二百零三条）。",
                 nom, weekday_zh[wn], last, weekday_zh[wl]),
             json_sprintf("%s is a %s (a weekly rest day, treated as a statutory holiday); the "
                          "last day moves to %s (%s) (art. 203).",
                          nom, weekday_en[wn], last, weekday_en[wl]));
    if (p->makeup_end)
        step(a, NULL, json_sprintf("%s 是调休上班日，按工作日计算。", last),
             json_sprintf("%s is a makeup working day and counts as a working day.", last));
}

json_t *po_case_view_deadline(const struct po_case *c, const struct po_calendar *cal)
{
    if (!c->has_deadline)
        return json_null();
    const struct po_period *p = &c->period;
    char last[PO_DATE_BUFSZ], alt[PO_DATE_BUFSZ];
    po_deadline_format_date(last, sizeof last, c->deadline);
    po_deadline_format_date(alt, sizeof alt, c->deadline_alt);
    json_t *steps = json_array();
    period_steps(steps, p);
    move_step(steps, p);
    struct po_city_params cp; /* the cap said is the city's (quota_extension_max_months) */
    struct po_err cerr = PO_ERR_INIT;
    int cap = po_cityparams_load(&cp, &cerr) == 0 ? cp.quota_extension_max_months : 0;
    if (c->extensions)
        step(steps, NULL,
             json_sprintf(
                 "已批准延期一次（不超过 %d 个月、仅一次，实施意见 三(二)）；上述为延期后的期间，"
                 "期限为 %s。",
                 cap, last),
             json_sprintf("One extension was granted (at most %d months, once: 三(二)); the period "
                          "above is the extended one, ending %s.",
                          cap, last));
    bool other = po_date_cmp(c->deadline_alt, c->deadline) != 0;
    if (other)
        step(steps, NULL,
             json_sprintf(
                 "另一种理解下最后一日为 %s（周末一律为休息日，或延期另行起算）。法律未定，期限取"
                 "较早的 %s；逾期须在较晚的 %s 之后方可认定。",
                 alt, last, alt),
             json_sprintf("Another reading gives %s (every weekend a rest day, or the extension "
                          "counted otherwise). The law is unsettled: the deadline is the earlier "
                          "day, %s, and a miss is recorded only after the later one, %s.",
                          alt, last, alt));
    char nz[PO_DEADLINE_NOTE_BUFSZ] = "", ne[PO_DEADLINE_NOTE_BUFSZ] = "";
    bool prov = c->deadline_provisional;
    if (prov)
        po_deadline_provisional_note(nz, sizeof nz, ne, sizeof ne, c->uncovered_year);
    if (prov)
        step(steps, NULL, json_sprintf("暂定：%s", nz), json_sprintf("Provisional: %s", ne));
    step(steps, "203",
         json_sprintf("期限最后一日 %s 的截止时间为二十四时（民法典第二百零三条第二款）。", last),
         json_sprintf("The last day, %s, ends at 24:00 (art. 203 para. 2).", last));
    json_t *arts = json_array();
    for (size_t i = 0; i < sizeof articles / sizeof articles[0]; i++)
        if (p->unit == PO_PERIOD_MONTHS || strcmp(articles[i].article, "202") != 0)
            json_array_append_new(
                arts, json_pack("{s:s,s:s,s:s,s:s,s:s}", "article", articles[i].article, "title_zh",
                                articles[i].title_zh, "title_en", articles[i].title_en, "text_zh",
                                articles[i].text_zh, "text_en", articles[i].text_en));
    json_t *j =
        json_pack("{s:o,s:s,s:i,s:o,s:b,s:o,s:s?,s:s?,s:b,s:o,s:b,s:i,s:o,s:o,s:s?}", "start",
                  jdate(p->start), "unit", p->unit == PO_PERIOD_MONTHS ? "months" : "days", "n",
                  p->n, "nominal_last_day", jdate(p->nominal), "no_corresponding_day", p->clamped,
                  "last_day", jdate(c->deadline), "moved_over", p->moved_over, "moved_source",
                  p->moved_source, "ends_on_makeup_workday", p->makeup_end, "other_reading",
                  other ? jdate(c->deadline_alt) : json_null(), "provisional", prov, "extensions",
                  c->extensions, "steps", steps, "articles", arts, "calendar_source", cal->source);
    json_object_set_new(j, "uncovered_year", prov ? json_integer(c->uncovered_year) : json_null());
    json_object_set_new(j, "note_zh", prov ? json_string(nz) : json_null());
    json_object_set_new(j, "note_en", prov ? json_string(ne) : json_null());
    return j;
}

/* ---- rules by their titles ---- */

void po_api_rule_titles(struct po_req *req, json_t *items)
{
    struct po_rulesdata rd;
    struct po_err err = PO_ERR_INIT;
    bool ok = po_rulesdata_load(&rd, NULL, req->a, &err) == 0;
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
    {
        const char *id = po_json_str(it, "rule_id"), *zh = NULL, *en = NULL;
        if (ok && id)
            po_rulesdata_titles(&zh, &en, &rd, id,
                                json_integer_value(json_object_get(it, "rule_version")));
        json_object_set_new(it, "rule_title_zh", po_json_text(zh));
        json_object_set_new(it, "rule_title_en", po_json_text(en));
    }
}

/* ---- the opening ---- */

/* The legal basis of the type's first step (casefsm's row from open). */
static const char *type_basis(enum po_case_type type)
{
    size_t n;
    const struct po_case_transition *tab = po_casefsm_table(&n);
    for (size_t i = 0; i < n; i++)
        if (tab[i].type == type && tab[i].from == PO_CS_OPEN)
            return tab[i].basis;
    return NULL;
}

/* The finding the case came from, as it stood in the latest run made before the opening (else
 * the latest run), with its rule's title; json null without one, NULL on error. */
static json_t *opening_finding(struct po_req *req, struct po_resp *resp, json_t *r)
{
    const char *fid = po_json_str(r, "finding_id");
    if (!fid)
        return json_null();
    struct po_err err = PO_ERR_INIT;
    json_t *f = po_caseread_opening_finding(req->st, fid, po_json_str(r, "opened_at"), &err);
    if (!f) {
        po_resp_err(req, resp, &err);
        return NULL;
    }
    if (json_is_object(f)) {
        json_t *one = json_pack("[O]", f);
        po_api_rule_titles(req, one);
        json_decref(one);
    }
    return f;
}

json_t *po_case_view_role_list(const char *s)
{
    if (!s)
        return json_null();
    json_t *a = json_array();
    for (const char *p = s; *p;) {
        size_t len = strcspn(p, ",");
        json_array_append_new(a, json_stringn(p, len));
        p += len + (p[len] == ',');
    }
    return a;
}

json_t *po_case_view_opening(json_t **finding, struct po_req *req, struct po_resp *resp, json_t *r)
{
    *finding = opening_finding(req, resp, r);
    if (!*finding)
        return NULL;
    enum po_case_type type = PO_CASE_ENERGY_QUOTA;
    po_casefsm_type_parse(&type, po_json_str(r, "case_type"));
    enum po_role as = (enum po_role)0;
    const char *as_name = po_json_str(r, "opened_as"), *district = po_json_str(r, "district_name");
    for (unsigned i = 0; as_name && i < NACTORS; i++)
        if (!strcmp(po_casefsm_role_name((enum po_role)(1u << i)), as_name))
            as = (enum po_role)(1u << i);
    const char *basis = po_json_str(*finding, "legal_basis");
    json_t *e = json_pack(
        "{s:n,s:i,s:s,s:s,s:s,s:s?,s:s?,s:s?,s:o,s:s?,s:n,s:s,s:o,s:o,s:s?,s:s?}", "id", "seq", 0,
        "event", "open", "label_zh", "立案", "label_en", "Case opened", "on_date",
        po_json_str(r, "opened_on"), "at", po_json_str(r, "opened_at"), "actor",
        po_json_str(r, "opened_by"), "actor_roles",
        po_case_view_role_list(po_json_str(r, "opened_roles")), "role", as_name, "prev_state",
        "new_state", "open", "fields", json_object(), "attachments", json_array(), "reason",
        po_json_str(r, "opened_reason"), "legal_basis", basis ? basis : type_basis(type));
    json_object_set_new(e, "role_name_zh",
                        po_json_text(as ? po_case_view_actor_zh(req, as, district) : NULL));
    json_object_set_new(e, "role_name_en",
                        po_json_text(as ? po_case_view_actor_en(req, as, district) : NULL));
    json_object_set_new(e, "finding", json_incref(*finding));
    return e;
}
