/*
 * audit_actions.c: the audit log's actions in words (audit_actions.h).  One
 * table; each writer of the log (grep po_audit_append) has its row here, and
 * tests/http/audit_words.test.mjs checks that every action of a real log has one.
 */
#include "report/audit_actions.h"

#include <string.h>

const struct po_audit_action po_audit_actions[] = {
    { "session.login", "登录", "Log in" },
    { "session.logout", "退出登录", "Log out" },
    { "user.add", "新增账户", "Add an account" },
    { "user.name", "修改姓名", "Change the name" },
    { "user.passwd", "修改密码", "Change the password" },
    { "user.role", "变更角色", "Change the roles" },
    { "user.enable", "启用账户", "Enable the account" },
    { "user.disable", "停用账户", "Disable the account" },
    { "import", "数据导入", "Import data" },
    { "calendar.import", "导入节假日安排", "Import the holiday calendar" },
    { "evaluation.run", "开展评估研判", "Run an evaluation" },
    { "case.open", "立案", "Open a case" },
    { "case.act", "案件办理", "Act on a case" },
    { "tick", "期限检查（自动）", "Deadline check (scheduled)" },
    { "tick.run", "期限检查", "Deadline check" },
    { "plan.add", "录入退出计划", "Enter an exit plan row" },
    { "publication.publish", "发布公示名单", "Publish a public list" },
    { "document.issue", "出具文书", "Issue an official document" },
    { "report.file", "收到公众举报", "Receive a public report" },
    { "report.act", "办理公众举报", "Handle a public report" },
    { "surcharge.run", "核算电价水价加价", "Compute the month's surcharges" },
    { "credit.repair", "信用修复办理", "Credit repair step" },
    { "credit.authority", "登记机关信用代码", "Record the authority's credit code" },
    { "credit.support", "登记支持授信企业", "Record an enterprise for credit support" },
    { "credit.joint_action", "登记联合惩戒措施", "Record a joint-punishment measure" },
    { "credit.export", "导出信用信息", "Export for the credit platform" },
    { "credit.joint_download", "下载联合惩戒名单", "Download a joint-punishment list" },
    { "credit.bank_download", "下载银行信贷名单", "Download a bank list" },
    { "resettle.plan", "职工安置方案办理", "Resettlement plan step" },
    { "resettle.headcount", "登记涉及职工人数", "Record the workers affected" },
    { "resettle.outcome", "登记职工安置结果", "Record a resettlement outcome" },
    { "session.throttle", "登录限速", "Login throttled" },
    { "user.request", "申请账号变更", "Ask for an account change" },
    { "user.approve", "批准账号变更", "Approve an account change" },
    { "user.reject", "驳回账号变更", "Reject an account change" },
    { "user.passwd_own", "本人修改密码", "Change the own password" },
    { NULL, NULL, NULL },
};

const struct po_audit_action *po_audit_action_find(const char *action)
{
    if (!action)
        return NULL;
    for (const struct po_audit_action *a = po_audit_actions; a->action; a++)
        if (strcmp(a->action, action) == 0)
            return a;
    return NULL;
}
