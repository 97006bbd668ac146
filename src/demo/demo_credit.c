/* demo_credit.c: credit records' repair, joint punishment and support in the demo (demo_credit.h). */
#include "demo/demo_credit.h"

#include "app/creditdb.h"
#include "app/listq.h"
#include "core/deadline.h"
#include "core/uscc.h"
#include "util/arena.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const char *day(struct po_arena *a, struct po_date d, int plus)
{
    char buf[16];
    po_deadline_format_date(buf, sizeof(buf), po_deadline_add_days(d, plus));
    return po_arena_strdup(a, buf);
}

static const char *js(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* The first complete record in force whose repair could have been asked for 20 days ago. */
static json_t *repairable(json_t *recs, const char *by, size_t skip)
{
    size_t i;
    json_t *r;
    json_array_foreach(recs, i, r)
    {
        if (json_is_true(json_object_get(r, "complete")) && !strcmp(js(r, "status"), "public") &&
            strcmp(js(r, "repair_from"), by) <= 0 && skip-- == 0)
            return r;
    }
    return NULL;
}

int po_demo_credit(struct po_demo_credit_report *out, struct po_store *st, struct po_date as_of,
                   struct po_arena *a, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    /* a demo code for the bureau (机关 11, 乌海市 150300), its check character computed */
    char code[19] = "11150300MB0123456";
    code[17] = po_uscc_check_char(code);
    code[18] = '\0';
    int rc = po_creditdb_set_authority(st, a, "miit", code, "admin", err);
    if (rc < 0)
        return rc;
    const char *today = day(a, as_of, 0);
    struct po_credit_q q = { .as_of = today };
    json_t *recs = po_creditdb_records(st, a, &q, err);
    if (!recs)
        return err->code ? err->code : PO_EINTERNAL;
    const char *by = day(a, as_of, -20);
    json_t *r = repairable(recs, by, 0), *r2 = repairable(recs, by, 1);
    if (r) /* rectified: asks for repair, the bureau approves: withdrawn */
        rc = po_creditdb_repair(st, a, js(r, "id"), "repair_apply", day(a, as_of, -15),
                                "已完成设备拆除并经验收，申请信用修复",
                                "拆除验收报告、信用修复承诺书", "demo", err);
    if (rc == 0 && r)
        rc = po_creditdb_repair(st, a, js(r, "id"), "repair_approve", day(a, as_of, -5),
                                "经核查整改到位，同意修复，撤下公示", NULL, "admin", err);
    if (rc == 0 && r2) /* asked too, refused: stays public */
        rc = po_creditdb_repair(st, a, js(r2, "id"), "repair_apply", day(a, as_of, -12),
                                "已停产，申请信用修复", "停产承诺书", "demo", err);
    if (rc == 0 && r2)
        rc = po_creditdb_repair(st, a, js(r2, "id"), "repair_refuse", day(a, as_of, -3),
                                "设备尚未拆除或封存，不符合修复条件", NULL, "admin", err);
    /* the departments record what they did on the records still in force */
    static const struct {
        const char *measure, *role, *doc;
    } joint[] = {
        { "bond_issuance", "drc", "乌发改财金函" },
        { "production_licence", "market", "乌市监许字" },
        { "tax_management", "tax", "乌税函" },
    };
    size_t i, k = 0;
    json_t *x;
    json_array_foreach(recs, i, x)
    {
        if (rc < 0 || (r && !strcmp(js(x, "id"), js(r, "id"))) || !json_is_true(json_object_get(x, "complete")))
            continue;
        for (size_t j = 0; rc == 0 && j < sizeof(joint) / sizeof(joint[0]) && k < 5; j++, k++)
            rc = po_creditdb_joint_record(st, a, js(x, "id"), joint[j].measure,
                                          day(a, as_of, -2 - (int)k),
                                          po_arena_printf(a, "%s〔%d〕%d号", joint[j].doc, as_of.y, 11 + (int)k),
                                          NULL, joint[j].role, joint[j].role, err);
        out->joint_actions = k;
    }
    /* support: two enterprises that left or merged of their own accord */
    static const struct {
        const char *kind, *doc;
    } sup[] = {
        { "voluntary_exit", "主动退出低端产能的认定" },
        { "merger", "兼并重组的认定" },
    };
    json_t *ents = rc == 0 ? po_listq_all(st,
                                          "SELECT uscc FROM enterprise WHERE uscc NOT IN (SELECT"
                                          " uscc FROM case_file) ORDER BY uscc LIMIT 2",
                                          NULL, 0, err)
                           : NULL;
    if (rc == 0 && !ents)
        rc = err->code ? err->code : PO_EINTERNAL;
    json_array_foreach(ents, i, x)
    {
        if (rc < 0 || i >= 2)
            break;
        rc = po_creditdb_support_add(st, a, js(x, "uscc"), sup[i].kind, day(a, as_of, -40 + 10 * (int)i),
                                     po_arena_printf(a, "乌工信发〔%d〕%d号（%s）", as_of.y, 30 + (int)i, sup[i].doc), NULL,
                                     "admin", err);
        out->support += rc == 0;
    }
    json_decref(ents);
    out->records = json_array_size(recs);
    json_array_foreach(recs, i, x) out->complete += json_is_true(json_object_get(x, "complete"));
    out->withdrawn = r ? 1 : 0;
    json_decref(recs);
    return rc;
}
