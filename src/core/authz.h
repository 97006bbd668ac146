/*
 * authz.h: accounts' roles and what they may do (issue 7 item 2).  Pure: no I/O.
 *
 * An account holds a set of roles, kept as a bit set (1u << enum po_urole).
 * What a set may do is the union of its roles' permissions, read from one
 * static table roles × permissions (authz.c).  Three further rules sit on
 * top of the table:
 *   - separation of powers (三权分立, GB/T 22239-2019 等保2.0 三级: the
 *     system, security and audit administrators are separate people): no set
 *     holds two of sysadmin / secadmin / auditadmin (po_authz_check_roles);
 *   - a district officer is confined to one district: the district role needs
 *     a district code, and only the district role may carry one;
 *   - a department officer acts on cases and findings of its own criteria
 *     only (po_authz_acts_on_criterion), as the Wuhai opinion part 三 assigns
 *     each criterion to departments.
 * Role names are the API's (docs/api.md).  Every function is thread-safe.
 *
 * Memory: nothing is allocated; names and labels are static strings, po_urole_format_list writes
 * into the caller's buffer.  Errors: po_urole_parse, po_urole_parse_list and po_authz_check_roles
 * return PO_EINVAL with a bilingual message saying what is wrong; the permission questions answer
 * false for anything out of range.
 */
#ifndef PO_AUTHZ_H
#define PO_AUTHZ_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

enum po_urole {
    PO_UR_CITY,       /* 市工业和信息化局: the business, city-wide */
    PO_UR_DRC,        /* 市发展和改革委 */
    PO_UR_ENERGY,     /* 市能源局 */
    PO_UR_ECO_ENV,    /* 市生态环境局 */
    PO_UR_EMERGENCY,  /* 市应急管理局 */
    PO_UR_MARKET,     /* 市市场监督管理局 */
    PO_UR_GOVERNMENT, /* 有批准权的人民政府: approves closures */
    PO_UR_DISTRICT,   /* 区政府: its own district only */
    PO_UR_AUDITOR,    /* 审计、纪检: read-only, audit log */
    PO_UR_BANK,       /* 金融机构: credit lists only */
    PO_UR_SYSADMIN,   /* 系统管理员: reference data, imports */
    PO_UR_SECADMIN,   /* 安全管理员: users and roles */
    PO_UR_AUDITADMIN, /* 审计管理员: the audit log */
    PO_UR_NATRES,     /* 市自然资源局: land supply under joint punishment (issue 15 §2) */
    PO_UR_FINANCE,    /* 市财政局: funding support and government procurement */
    PO_UR_TAX,        /* 市税务局: tax management */
    PO_UR_COUNT
};

/* Bits of every role; a set with other bits is refused by po_urole_parse_list's callers' checks. */
#define PO_UR_ALL ((1u << PO_UR_COUNT) - 1u)

/* "city", "drc", ... "auditadmin"; NULL for an out-of-range r. */
const char *po_urole_name(enum po_urole r);
/* The account's title in Chinese ("市工信局管理员", "发改委经办人", ...); NULL out of range. */
const char *po_urole_label_zh(enum po_urole r);
/* A role by its name (exact, lowercase).  PO_EINVAL naming the known roles. */
int po_urole_parse(enum po_urole *out, const char *s, struct po_err *err);
/*
 * "city,drc" (comma-separated, spaces around names ignored, repeats allowed)
 * into *bits (1u << role).  An empty list is *bits = 0 (po_authz_check_roles
 * refuses it).  PO_EINVAL on an unknown or empty name; *bits untouched then.
 */
int po_urole_parse_list(unsigned *bits, const char *csv, struct po_err *err);

/* Room for every role name, comma-separated, and the NUL. */
#define PO_UROLE_LIST_MAX 128
/*
 * The names of bits' roles in role order, comma-separated ("city,drc"),
 * into buf of n bytes (PO_UROLE_LIST_MAX is always enough); bits outside
 * PO_UR_ALL are skipped.  Returns buf.
 */
char *po_urole_format_list(char *buf, size_t n, unsigned bits);

/*
 * Whether an account may hold this role set with this district code (NULL
 * or "" = none): not empty, no bits outside PO_UR_ALL, at most one of
 * sysadmin / secadmin / auditadmin, the district role with a code and a code
 * only with the district role.  0 or PO_EINVAL with a message saying which
 * rule failed.
 */
int po_authz_check_roles(unsigned bits, const char *district_code, struct po_err *err);

enum po_perm {
    PO_P_READ_REGISTRY, /* enterprises, equipment, energy, accounts, ranking, barometer,
                           dashboard, findings, cases, plans (read) */
    PO_P_IMPORT,        /* upload imports */
    PO_P_RUN_EVAL,      /* start an evaluation run */
    PO_P_OPEN_CASE,     /* open a case */
    PO_P_ACT_CASE,      /* take case actions (casefsm still checks the role per transition) */
    PO_P_EDIT_PLAN,     /* add plan rows */
    PO_P_READ_AUDIT,    /* audit log, verify */
    PO_P_MANAGE_USERS,  /* users and roles */
    PO_P_MANAGE_REF,    /* reference data */
    PO_P_READ_CREDIT,   /* credit/bank lists */
    PO_P_RUN_TICK,      /* run the deadline check (tick) for every district from the UI */
    PO_P_PUBLISH,       /* publish the public lists (city bureau) */
    PO_P_HANDLE_REPORTS,/* public reports (举报): the city bureau and the handling district */
    PO_P_ISSUE_NOTICE,  /* issue official notices with a document number (city bureau) */
    PO_P_MANAGE_CREDIT, /* credit records: repair steps, the export to the credit platform,
                           the authority's code, support entries (city bureau) */
    PO_P_JOINT,         /* the department's own joint-punishment list, and what it did */
    PO_P_COUNT
};

/* Whether any role in bits grants p.  false for an out-of-range p. */
bool po_authz_has(unsigned bits, enum po_perm p);

/*
 * The casefsm roles (core/casefsm.h enum po_role flags) an account with
 * these roles acts as: city → PO_ROLE_MIIT | PO_ROLE_CITY_ADMIN, drc →
 * PO_ROLE_DRC, energy → PO_ROLE_ENERGY, eco_env → PO_ROLE_ECO_ENV,
 * emergency → PO_ROLE_EMERGENCY, market → PO_ROLE_MARKET, government →
 * PO_ROLE_GOVERNMENT, district → PO_ROLE_DISTRICT; the others none.
 */
unsigned po_authz_case_roles(unsigned bits);

/*
 * Whether the account may act on a finding or case of criterion: a rules
 * criterion name (core/rules.h: industrial_policy, energy,
 * production_factor, environment, safety, quality) or a case type name
 * (core/casefsm.h: energy_quota and energy_intensity count as energy).
 * city and district: every criterion (district within its district, which
 * the caller checks); departments and the government: the criteria the
 * Wuhai opinion part 三 names them for (table in authz.c).  false for an
 * unknown name or NULL.
 */
bool po_authz_acts_on_criterion(unsigned bits, const char *criterion);

/* true when the account is confined to one district (holds the district role). */
bool po_authz_district_scoped(unsigned bits);

#endif
