/*
 * notice.c: the exit-plan supervision's draft notices (notice.h).
 *
 * The wording moved here from app/plandb.c unchanged, with the two periods
 * the notices give (formerly written into the sentences) as parameters, so
 * the city changes a number in data/city_params.csv, not a sentence in C.
 */
#include "report/notice.h"
#include "core/decimal.h"
#include "core/deadline.h"
#include "core/units.h"
#include "util/arena.h"

#include <inttypes.h>
#include <stddef.h>

/*
 * The city's implementing opinion, part 四(三): a district whose exits lag
 * the year's plan is given notice (通报) or called to an interview (约谈).
 */
#define OPINION_ZH "《乌海市落实能耗双控措施依法依规推动落后产能退出的实施意见》四（三）"
#define OPINION_EN                                                                                 \
    "part 四(三) of the Wuhai implementing opinion on phasing out backward capacity lawfully "   \
    "under energy dual control"

/* What the district is asked to do, in Chinese and in English (the last sentence). */
static void asks(const char **zh, const char **en, const struct po_notice_plan *n,
                 const struct po_notice_periods *pd, struct po_arena *a)
{
    if (n->interview) {
        *zh = po_arena_printf(a,
                              "请区政府主要负责同志于收到通知后 %d 个工作日内到市工业和信息化局"
                              "接受约谈，说明滞后原因并提交整改措施。",
                              pd->interview_within_workdays);
        *en = po_arena_printf(a,
                              "the principal officials of the district government are to come to "
                              "the city bureau of industry and information technology for an "
                              "interview within %d working days of this notice, explain the delay "
                              "and submit corrective measures.",
                              pd->interview_within_workdays);
    } else {
        *zh = po_arena_printf(
            a, "现予通报，请区政府加快推进，于 %d 日内将整改措施报市工业和信息化局。",
            pd->notice_reply_days);
        *en = po_arena_printf(a,
                              "this notice is given: the district government is to speed up and "
                              "report its corrective measures to the city bureau of industry and "
                              "information technology within %d days.",
                              pd->notice_reply_days);
    }
}

int po_notice_plan_draft(const char **zh, const char **en, const struct po_notice_plan *n,
                         const struct po_notice_periods *periods, struct po_arena *a,
                         struct po_err *err)
{
    char pl[32], ex[32], due[32], day[PO_DATE_BUFSZ];
    po_dec_format(pl, sizeof(pl), n->planned_micro);
    po_dec_format(ex, sizeof(ex), n->exited_micro);
    po_dec_format(due, sizeof(due), n->expected_micro);
    po_deadline_format_date(day, sizeof(day), n->as_of);
    const char *d = n->district_name, *u = po_capacity_unit_zh(n->capacity_unit);
    const char *ask_zh = NULL, *ask_en = NULL;
    asks(&ask_zh, &ask_en, n, periods, a);
    *zh = *en = NULL;
    if (!ask_zh || !ask_en)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    *zh = po_arena_printf(a,
                          "关于%s落后产能退出进度滞后的%s（草稿）\n"
                          "截至 %s，%s %d 年计划退出产能 %s %s，按全年进度应退出 %s，实际退出 "
                          "%s（%" PRId64 "/%" PRId64 " 台套），完成进度的 %.1f%%。依据" OPINION_ZH
                          "，%s",
                          d, n->interview ? "约谈通知" : "通报", day, d, n->year, pl, u, due, ex,
                          n->units_exited, n->units_planned, n->progress_pct, ask_zh);
    *en = po_arena_printf(a,
                          "%s on %s's lagging exit of backward capacity (draft)\n"
                          "As of %s, %s planned to exit %s %s of capacity in %d; pro rata %s was "
                          "due and %s has exited (%" PRId64 " of %" PRId64
                          " units): %.1f%% of what was due. Under " OPINION_EN ", %s",
                          n->interview ? "Interview notice" : "Notice", d, day, d, pl,
                          po_capacity_unit_en(n->capacity_unit), n->year, due, ex, n->units_exited,
                          n->units_planned, n->progress_pct, ask_en);
    if (!*zh || !*en)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    return 0;
}
