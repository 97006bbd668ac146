/*
 * authz.c: roles, permissions and criteria as tables (authz.h).
 *
 * Three static tables, each tested whole by tests/core/test_authz.c: the
 * roles (name, Chinese title, permissions), and the criteria with the roles
 * that act on them.  A permission or a criterion is never granted by code
 * outside these tables, so a reviewer reads the policy in one place.
 */
#include "core/authz.h"
#include "core/casefsm.h"

#include <stdio.h>
#include <string.h>

#define P(p) (1u << (p))
#define R(r) (1u << (r))

/* What a department officer may do: read, evaluate, open and act on cases of its criteria. */
#define DEPT_PERMS                                                                                 \
    (P(PO_P_READ_REGISTRY) | P(PO_P_RUN_EVAL) | P(PO_P_OPEN_CASE) | P(PO_P_ACT_CASE) |            \
     P(PO_P_READ_CREDIT))

static const struct {
    const char *name;
    const char *label_zh;
    unsigned perms;     /* enum po_perm bits */
    unsigned case_role; /* enum po_role flags of core/casefsm.h */
} roles[PO_UR_COUNT] = {
    [PO_UR_CITY] = { "city", "市工信局管理员",
                     P(PO_P_READ_REGISTRY) | P(PO_P_IMPORT) | P(PO_P_RUN_EVAL) |
                         P(PO_P_OPEN_CASE) | P(PO_P_ACT_CASE) | P(PO_P_EDIT_PLAN) |
                         P(PO_P_READ_CREDIT) | P(PO_P_RUN_TICK) | P(PO_P_PUBLISH) |
                         P(PO_P_HANDLE_REPORTS) | P(PO_P_ISSUE_NOTICE) |
                         P(PO_P_MANAGE_CREDIT) | P(PO_P_JOINT),
                     PO_ROLE_MIIT | PO_ROLE_CITY_ADMIN },
    [PO_UR_DRC] = { "drc", "发改委经办人", DEPT_PERMS | P(PO_P_JOINT), PO_ROLE_DRC },
    [PO_UR_ENERGY] = { "energy", "能源局经办人", DEPT_PERMS, PO_ROLE_ENERGY },
    [PO_UR_ECO_ENV] = { "eco_env", "生态环境局经办人", DEPT_PERMS, PO_ROLE_ECO_ENV },
    [PO_UR_EMERGENCY] = { "emergency", "应急管理局经办人", DEPT_PERMS | P(PO_P_JOINT),
                          PO_ROLE_EMERGENCY },
    [PO_UR_MARKET] = { "market", "市场监管局经办人", DEPT_PERMS | P(PO_P_JOINT), PO_ROLE_MARKET },
    [PO_UR_GOVERNMENT] = { "government", "人民政府审批人",
                           P(PO_P_READ_REGISTRY) | P(PO_P_ACT_CASE), PO_ROLE_GOVERNMENT },
    [PO_UR_DISTRICT] = { "district", "区政府经办人",
                         P(PO_P_READ_REGISTRY) | P(PO_P_IMPORT) | P(PO_P_OPEN_CASE) |
                             P(PO_P_ACT_CASE) | P(PO_P_EDIT_PLAN) | P(PO_P_HANDLE_REPORTS),
                         PO_ROLE_DISTRICT },
    [PO_UR_AUDITOR] = { "auditor", "审计监督人员",
                        P(PO_P_READ_REGISTRY) | P(PO_P_READ_AUDIT) | P(PO_P_READ_CREDIT), 0 },
    [PO_UR_BANK] = { "bank", "金融机构查询员", P(PO_P_READ_CREDIT), 0 },
    [PO_UR_SYSADMIN] = { "sysadmin", "系统管理员",
                         P(PO_P_MANAGE_REF) | P(PO_P_IMPORT) | P(PO_P_READ_REGISTRY) |
                             P(PO_P_RUN_TICK),
                         0 },
    [PO_UR_SECADMIN] = { "secadmin", "安全管理员", P(PO_P_MANAGE_USERS), 0 },
    [PO_UR_AUDITADMIN] = { "auditadmin", "审计管理员", P(PO_P_READ_AUDIT), 0 },
    /* the departments that apply joint punishment only (data/joint_measures.csv) */
    [PO_UR_NATRES] = { "natres", "自然资源局经办人", P(PO_P_READ_CREDIT) | P(PO_P_JOINT), 0 },
    [PO_UR_FINANCE] = { "finance", "财政局经办人", P(PO_P_READ_CREDIT) | P(PO_P_JOINT), 0 },
    [PO_UR_TAX] = { "tax", "税务局经办人", P(PO_P_READ_CREDIT) | P(PO_P_JOINT), 0 },
};

/*
 * Who acts on each criterion: the departments named in brackets after each
 * item of part 三 of 《乌海市落实能耗双控措施依法依规推动落后产能退出的实施意见》
 * (征求意见稿, 乌海市工业和信息化局, 2021-06-09; shared/policy/000_bb2d4b9cdfd4ed2f.txt):
 *   三(一) 产业政策 "各区政府、市工业和信息化局、能源局、发展和改革委负责"
 *   三(二) 能耗     "各区政府、市发展和改革委、工业和信息化局负责"
 *   三(三) 要素     "各区政府、市发展和改革委、工业和信息化局、能源局依照各自职责负责"
 *   三(四) 环保     "各区政府、市生态环境局负责"
 *   三(五) 安全生产 "各区政府、市应急管理局负责"
 *   三(六) 质量     "各区政府、市市场监管局负责"
 * city (市工业和信息化局, which also runs the 协调小组 office of 四(一)) and
 * district (各区政府, named in every item) act on all.  The government with
 * authority approves closures: 三(四) and 三(六) name it ("报经有批准权的人民
 * 政府批准"), and for safety the Work Safety Law (2021) art. 113 has closure
 * decided by the people's government at county level or above; it has no part
 * in 三(一)–(三).
 */
#define EVERYONE (R(PO_UR_CITY) | R(PO_UR_DISTRICT))

static const struct {
    const char *criterion;
    unsigned roles; /* enum po_urole bits */
} criteria[] = {
    { "industrial_policy", EVERYONE | R(PO_UR_ENERGY) | R(PO_UR_DRC) },
    { "energy", EVERYONE | R(PO_UR_DRC) },
    { "production_factor", EVERYONE | R(PO_UR_DRC) | R(PO_UR_ENERGY) },
    { "environment", EVERYONE | R(PO_UR_ECO_ENV) | R(PO_UR_GOVERNMENT) },
    { "safety", EVERYONE | R(PO_UR_EMERGENCY) | R(PO_UR_GOVERNMENT) },
    { "quality", EVERYONE | R(PO_UR_MARKET) | R(PO_UR_GOVERNMENT) },
    /* case types (core/casefsm.h) that are not criterion names: both are 三(二) */
    { "energy_quota", EVERYONE | R(PO_UR_DRC) },
    { "energy_intensity", EVERYONE | R(PO_UR_DRC) },
};

/* 三权分立: at most one of these in a set. */
#define ADMINS (R(PO_UR_SYSADMIN) | R(PO_UR_SECADMIN) | R(PO_UR_AUDITADMIN))

const char *po_urole_name(enum po_urole r)
{
    return (unsigned)r < PO_UR_COUNT ? roles[r].name : NULL;
}

const char *po_urole_label_zh(enum po_urole r)
{
    return (unsigned)r < PO_UR_COUNT ? roles[r].label_zh : NULL;
}

static int parse_n(enum po_urole *out, const char *s, size_t n, struct po_err *err)
{
    for (int r = 0; r < PO_UR_COUNT; r++)
        if (strlen(roles[r].name) == n && memcmp(roles[r].name, s, n) == 0) {
            *out = (enum po_urole)r;
            return 0;
        }
    return po_err_set(err, PO_EINVAL,
                      "未知角色 \"%.*s\"（可用：city drc energy eco_env emergency market "
                      "government district auditor bank sysadmin secadmin auditadmin natres "
                      "finance tax）",
                      "unknown role \"%.*s\" (known: city drc energy eco_env emergency market "
                      "government district auditor bank sysadmin secadmin auditadmin natres "
                      "finance tax)",
                      (int)(n > 64 ? 64 : n), s);
}

int po_urole_parse(enum po_urole *out, const char *s, struct po_err *err)
{
    if (!s)
        return po_err_set(err, PO_EINVAL, "缺少角色", "no role given");
    return parse_n(out, s, strlen(s), err);
}

int po_urole_parse_list(unsigned *bits, const char *csv, struct po_err *err)
{
    unsigned b = 0;
    const char *p = csv ? csv : "";
    while (*p == ' ')
        p++;
    if (*p == '\0') {
        *bits = 0;
        return 0;
    }
    for (;;) {
        const char *end = strchr(p, ',');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        while (n && p[0] == ' ')
            p++, n--;
        while (n && p[n - 1] == ' ')
            n--;
        if (n == 0)
            return po_err_set(err, PO_EINVAL, "角色列表 \"%s\" 中有空项",
                              "role list \"%s\" has an empty name", csv);
        enum po_urole r;
        int rc = parse_n(&r, p, n, err);
        if (rc < 0)
            return rc;
        b |= R(r);
        if (!end)
            break;
        p = end + 1;
    }
    *bits = b;
    return 0;
}

char *po_urole_format_list(char *buf, size_t n, unsigned bits)
{
    size_t len = 0;
    if (n == 0)
        return buf;
    buf[0] = '\0';
    for (int r = 0; r < PO_UR_COUNT; r++) {
        if (!(bits & R(r)))
            continue;
        int k = snprintf(buf + len, n - len, "%s%s", len ? "," : "", roles[r].name);
        if (k < 0 || (size_t)k >= n - len) {
            buf[len] = '\0'; /* whole names only */
            break;
        }
        len += (size_t)k;
    }
    return buf;
}

int po_authz_check_roles(unsigned bits, const char *district_code, struct po_err *err)
{
    bool has_code = district_code && district_code[0];
    if (bits == 0)
        return po_err_set(err, PO_EINVAL, "账户至少需要一个角色", "an account needs a role");
    if (bits & ~PO_UR_ALL)
        return po_err_set(err, PO_EINVAL, "角色集合 0x%x 含未知角色",
                          "role set 0x%x holds an unknown role", bits);
    unsigned admins = bits & ADMINS;
    if (admins & (admins - 1u))
        return po_err_set(err, PO_EINVAL,
                          "系统管理员、安全管理员、审计管理员须由不同账户担任（三权分立，"
                          "GB/T 22239-2019 三级）",
                          "sysadmin, secadmin and auditadmin must be different accounts "
                          "(separation of duties, GB/T 22239-2019 level 3)");
    if ((bits & R(PO_UR_DISTRICT)) && !has_code)
        return po_err_set(err, PO_EINVAL, "区政府角色（district）须指定行政区划代码",
                          "the district role needs a district code");
    if (has_code && !(bits & R(PO_UR_DISTRICT)))
        return po_err_set(err, PO_EINVAL, "只有区政府角色（district）可以指定行政区划代码 %s",
                          "only the district role may carry a district code (%s)",
                          district_code);
    return 0;
}

bool po_authz_has(unsigned bits, enum po_perm p)
{
    if ((unsigned)p >= PO_P_COUNT)
        return false;
    for (int r = 0; r < PO_UR_COUNT; r++)
        if ((bits & R(r)) && (roles[r].perms & P(p)))
            return true;
    return false;
}

unsigned po_authz_case_roles(unsigned bits)
{
    unsigned out = 0;
    for (int r = 0; r < PO_UR_COUNT; r++)
        if (bits & R(r))
            out |= roles[r].case_role;
    return out;
}

bool po_authz_acts_on_criterion(unsigned bits, const char *criterion)
{
    if (!criterion)
        return false;
    for (size_t i = 0; i < sizeof(criteria) / sizeof(criteria[0]); i++)
        if (strcmp(criteria[i].criterion, criterion) == 0)
            return (bits & criteria[i].roles) != 0;
    return false;
}

bool po_authz_district_scoped(unsigned bits)
{
    return (bits & R(PO_UR_DISTRICT)) != 0;
}
