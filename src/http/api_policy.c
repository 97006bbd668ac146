/*
 * api_policy.c: the city's policy numbers (docs/api.md "Policy"), for the
 * screens that explain or apply them: GET /api/v1/policy.
 *
 * The values are data/city_params.csv as the server reads it (compiled in,
 * refdata/cityparams.h), so a page shows the same cut, windows and limits
 * the server decides with — never a number of its own (issue 13 §4,
 * tests/static/test_policy_literals.sh).  Readers of the registry may read them (the bank
 * sees its credit lists only).
 */
#include "http/api.h"

#include "refdata/cityparams.h"

static void policy(struct po_req *req, struct po_resp *resp)
{
    struct po_city_params cp;
    struct po_err err = PO_ERR_INIT;
    if (po_cityparams_load(&cp, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *j = json_pack(
        "{s:{s:i,s:s?,s:s?},s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i}", "intensity_worst_pct",
        "value", cp.intensity_worst_pct, "effective_from",
        cp.worst_pct_from[0] ? cp.worst_pct_from : NULL, "confidence",
        cp.worst_pct_confidence[0] ? cp.worst_pct_confidence : NULL, "intensity_exit_years",
        cp.intensity_exit_years, "quota_rectify_months", cp.quota_rectify_months,
        "quota_extension_max_months", cp.quota_extension_max_months, "quality_rectify_months",
        cp.quality_rectify_months, "reminder_early_days", cp.reminder_early_days,
        "reminder_late_days", cp.reminder_late_days, "plan_interview_within_workdays",
        cp.plan_interview_within_workdays, "plan_notice_reply_days", cp.plan_notice_reply_days,
        "zombie_loss_window_years", cp.zombie_loss_window_years, "attachment_max_mib",
        cp.attachment_max_mib);
    po_resp_json(req, resp, 200, j, true);
}

const struct po_route po_routes_policy[] = {
    { "GET", "/api/v1/policy", policy, PO_P_READ_REGISTRY, 0, "meta",
      "The city's policy numbers (data/city_params.csv): ranking cut, periods, reminder windows, "
      "attachment limit",
      NULL, NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};
