/*
 * audit_actions.h: the audit log's actions in words (issue 12 §2: "an audit
 * action reads 登录 / 立案"), for the log's readers — the auditor's page and
 * GET /api/v1/audit (action_zh, action_en).  The stored action stays the
 * identifier (session.login): the hash chain covers it and filters use it.
 *
 * Memory: a static table; nothing is allocated.  Errors: none —
 * po_audit_action_find() returns NULL for an action not in the table.
 */
#ifndef PO_AUDIT_ACTIONS_H
#define PO_AUDIT_ACTIONS_H

#include <stddef.h>

struct po_audit_action {
    const char *action; /* as stored in audit_log.action */
    const char *zh;     /* 登录 */
    const char *en;     /* Log in */
};

/* Every action a writer of the log uses, in the order of the work; ends with a NULL action. */
extern const struct po_audit_action po_audit_actions[];

/* The entry of action, or NULL for an action not in the table. */
const struct po_audit_action *po_audit_action_find(const char *action);

#endif
