/*
 * cmd_plan_whatif.c: printing the what-if view of an exit plan (phaseout plan whatif).
 *
 * Text for a reader at the bureau: one block per area, each figure before
 * → after with its Chinese and English name, then the planned units and
 * how their energy was found (or why it could not be).  JSON for the UI
 * and scripts: the same figures as decimal strings (exact, never floats).
 */
#include "cli/cmd_plan_whatif.h"
#include "core/account.h"
#include "core/decimal.h"
#include "app/planwhatif.h"

#include <jansson.h>
#include <stdio.h>

static const char NOTE_ZH[] = "口径：计划退出单位按全年停产计算，与市能耗双控晴雨表同口径核算；"
                              "部分设备退出不扣减企业增加值（生产线增加值未登记），"
                              "故退出后强度为最好情形；企业全部设备退出时扣除其全部能耗和增加值。";
static const char NOTE_EN[] =
    "Method: the planned units are taken out for the whole year, accounted exactly as the "
    "barometer; a partial exit keeps the enterprise's value added (a line's share is not "
    "recorded), so the intensity after is the best case; an enterprise whose every unit exits "
    "loses all its energy and value added.";

static const char *fmt(char *buf, size_t n, bool has, int64_t v, int scale)
{
    if (!has)
        return "—";
    return po_acct_fmt(buf, n, v, scale);
}

/* Print a label padded to a column of 36 display cells (a CJK character takes two). */
static void label(const char *s)
{
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            w += *p >= 0xE0 ? 2 : 1;
    printf("  %s%*s", s, w < 36 ? 36 - w : 1, "");
}

static const char *level_zh(enum po_level l)
{
    return l == PO_LEVEL_NONE ? "无评级" : po_level_name_zh(l);
}

static const char *level_en(enum po_level l)
{
    return l == PO_LEVEL_NONE ? "none" : po_level_name_en(l);
}

static void level_line(const char *zh_en, enum po_level b, enum po_level f,
                       enum po_baro_reason why)
{
    label(zh_en);
    printf("%s %s → %s %s（%s / %s）\n", level_zh(b), level_en(b), level_zh(f), level_en(f),
           po_baro_reason_zh(why), po_baro_reason_en(why));
}

static void print_area(const struct po_whatif_row *r)
{
    char b1[48], b2[48], b3[48];
    printf("\n%s %s（%s）\n", r->district_code, r->district_name, r->level);
    label("计划退出单位 units planned");
    printf("%zu（可归属 attributed %zu，整体退出企业 whole enterprises %zu）\n",
           r->units_planned, r->units_attributed, r->enterprises_exiting);
    label("能耗总量 total energy, tce");
    printf("%s → %s（变化 change %s）\n", fmt(b1, sizeof(b1), r->has_energy, r->before.tce_e4, 4),
           fmt(b2, sizeof(b2), r->has_energy, r->after.tce_e4, 4),
           fmt(b3, sizeof(b3), true, -r->room.freed_e4, 4));
    label("能耗强度 intensity, tce/10k yuan");
    printf("%s → %s\n", fmt(b1, sizeof(b1), r->before.has_intensity, r->before.intensity_e6, 6),
           fmt(b2, sizeof(b2), r->after.has_intensity, r->after.intensity_e6, 6));
    level_line("强度预警 intensity level", r->before.intensity_level, r->after.intensity_level,
               r->after.intensity_reason);
    level_line("总量预警 total level", r->before.total_level, r->after.total_level,
               r->after.total_reason);
    label("用能上限 energy cap, tce");
    printf("%s\n", fmt(b1, sizeof(b1), r->room.has_cap, r->room.cap_e4, 4));
    label("上限余量 room under the cap, tce");
    printf("%s → %s\n", fmt(b1, sizeof(b1), r->room.has_cap, r->room.before_e4, 4),
           fmt(b2, sizeof(b2), r->room.has_cap, r->room.after_e4, 4));
    label("腾出用能空间 room freed, tce");
    printf("%s\n", fmt(b1, sizeof(b1), true, r->room.freed_e4, 4));
}

static void print_unit(const struct po_whatif_unit_row *u)
{
    char cap[48], tce[48];
    po_dec_format(cap, sizeof(cap), u->plan->capacity_micro);
    printf("  %s %s %s  %s %s  %s（%s）  ", u->plan->district_code, u->plan->uscc,
           u->plan->equipment_id, cap, u->plan->capacity_unit,
           po_whatif_method_zh(u->share.method), po_whatif_method_name(u->share.method));
    if (u->has_tce)
        printf("减少 removes %s tce\n", po_acct_fmt(tce, sizeof(tce), u->removed_tce_e4, 4));
    else if (u->counted_with)
        printf("计入设备 %s 行 / counted with unit %s\n", u->counted_with, u->counted_with);
    else
        printf("未归属 not attributed: %s / %s\n", po_whatif_reason_zh(u->share.reason),
               po_whatif_reason_en(u->share.reason));
}

static void print_text(const struct po_whatif_report *r)
{
    printf("计划退出情景测算 / exit-plan what-if, %d\n%s\n%s\n", r->year, NOTE_ZH, NOTE_EN);
    if (r->targets_default)
        printf("目标表为空，使用演示目标（data/dual_control_targets.csv）/ the target table is "
               "empty: demo targets used\n");
    if (r->nareas == 0)
        printf("\n没有计划退出单位 / no planned units\n");
    for (size_t i = 0; i < r->nareas; i++)
        print_area(&r->areas[i]);
    if (r->nunits)
        printf("\n计划退出单位 / planned units (district, USCC, unit, capacity, how the energy "
               "was found):\n");
    for (size_t i = 0; i < r->nunits; i++)
        print_unit(&r->units[i]);
}

static json_t *jnum(bool has, int64_t v, int scale)
{
    char buf[48];
    return has ? json_string(po_acct_fmt(buf, sizeof(buf), v, scale)) : json_null();
}

static json_t *jarea(const struct po_whatif_row *r)
{
    json_t *o = json_object();
    json_object_set_new(o, "district_code", json_string(r->district_code));
    json_object_set_new(o, "name", json_string(r->district_name));
    json_object_set_new(o, "level", json_string(r->level));
    json_object_set_new(o, "units_planned", json_integer((json_int_t)r->units_planned));
    json_object_set_new(o, "units_attributed", json_integer((json_int_t)r->units_attributed));
    json_object_set_new(o, "enterprises_exiting",
                        json_integer((json_int_t)r->enterprises_exiting));
    json_object_set_new(o, "tce_before", jnum(r->has_energy, r->before.tce_e4, 4));
    json_object_set_new(o, "tce_after", jnum(r->has_energy, r->after.tce_e4, 4));
    json_object_set_new(o, "intensity_before",
                        jnum(r->before.has_intensity, r->before.intensity_e6, 6));
    json_object_set_new(o, "intensity_after",
                        jnum(r->after.has_intensity, r->after.intensity_e6, 6));
    json_object_set_new(o, "intensity_level_before",
                        json_string(po_level_name_en(r->before.intensity_level)));
    json_object_set_new(o, "intensity_level_after",
                        json_string(po_level_name_en(r->after.intensity_level)));
    json_object_set_new(o, "intensity_reason_after",
                        json_string(po_baro_reason_en(r->after.intensity_reason)));
    json_object_set_new(o, "total_level_before",
                        json_string(po_level_name_en(r->before.total_level)));
    json_object_set_new(o, "total_level_after",
                        json_string(po_level_name_en(r->after.total_level)));
    json_object_set_new(o, "energy_cap_tce", jnum(r->room.has_cap, r->room.cap_e4, 4));
    json_object_set_new(o, "room_before_tce", jnum(r->room.has_cap, r->room.before_e4, 4));
    json_object_set_new(o, "room_after_tce", jnum(r->room.has_cap, r->room.after_e4, 4));
    json_object_set_new(o, "room_freed_tce", jnum(true, r->room.freed_e4, 4));
    return o;
}

static json_t *junit(const struct po_whatif_unit_row *u)
{
    char cap[48];
    json_t *o = json_object();
    json_object_set_new(o, "district_code", json_string(u->plan->district_code));
    json_object_set_new(o, "uscc", json_string(u->plan->uscc));
    json_object_set_new(o, "enterprise",
                        u->enterprise_name ? json_string(u->enterprise_name) : json_null());
    json_object_set_new(o, "equipment_id", json_string(u->plan->equipment_id));
    po_dec_format(cap, sizeof(cap), u->plan->capacity_micro);
    json_object_set_new(o, "capacity", json_string(cap));
    json_object_set_new(o, "capacity_unit", json_string(u->plan->capacity_unit));
    json_object_set_new(o, "method", json_string(po_whatif_method_name(u->share.method)));
    json_object_set_new(o, "product", json_string(u->share.product ? u->share.product : ""));
    json_object_set_new(o, "tce_removed", jnum(u->has_tce, u->removed_tce_e4, 4));
    json_object_set_new(o, "counted_with",
                        u->counted_with ? json_string(u->counted_with) : json_null());
    bool none = u->share.method == PO_WI_NONE;
    json_object_set_new(o, "reason",
                        none ? json_string(po_whatif_reason_en(u->share.reason)) : json_null());
    json_object_set_new(o, "reason_zh",
                        none ? json_string(po_whatif_reason_zh(u->share.reason)) : json_null());
    return o;
}

static int print_json(const struct po_whatif_report *r, struct po_err *err)
{
    json_t *root = json_object();
    json_object_set_new(root, "year", json_integer(r->year));
    json_object_set_new(root, "method", json_string(NOTE_EN));
    json_object_set_new(root, "method_zh", json_string(NOTE_ZH));
    json_object_set_new(root, "targets_default", json_boolean(r->targets_default));
    json_t *areas = json_array(), *units = json_array();
    for (size_t i = 0; i < r->nareas; i++)
        json_array_append_new(areas, jarea(&r->areas[i]));
    for (size_t i = 0; i < r->nunits; i++)
        json_array_append_new(units, junit(&r->units[i]));
    json_object_set_new(root, "areas", areas);
    json_object_set_new(root, "units", units);
    int rc = json_dumpf(root, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER) == 0 &&
                     fputc('\n', stdout) != EOF
                 ? 0
                 : po_err_set(err, PO_EIO, "写出 JSON 失败", "writing JSON failed");
    json_decref(root);
    return rc;
}

int po_cli_plan_whatif(struct po_store *st, struct po_cli *cli,
                       const struct po_plan_whatif_opts *o, struct po_err *err)
{
    struct po_plan_entry *rows = NULL;
    size_t nrows = 0;
    int rc = 0;
    if (o->file) {
        struct po_plan_rowerr *errs = NULL;
        size_t nerrs = 0;
        rc = po_plandb_read(&rows, &nrows, &errs, &nerrs, st, o->year, "whatif", o->file, cli->a,
                            err);
        for (size_t i = 0; i < nerrs; i++)
            po_cli_report(&errs[i].err);
        if (rc < 0)
            return rc;
    }
    static const struct po_plan_entry none; /* a file without rows: nothing planned */
    struct po_whatif_report rep;
    rc = po_plandb_whatif(&rep, st, o->year, o->district, o->file ? (rows ? rows : &none) : NULL,
                          nrows, cli->a, err);
    if (rc < 0)
        return rc;
    if (o->json)
        return print_json(&rep, err);
    print_text(&rep);
    return 0;
}
