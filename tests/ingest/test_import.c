/*
 * test_import.c: the importer against real files and a real database, on
 * SQLite always and on PostgreSQL when PHASEOUT_TEST_PG_DSN is set.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "ingest/export.h"
#include "ingest/import.h"
#include "store/store.h"
#include "store/testdb.h"
#include "store/storefix.h"
#include "util/arena.h"
#include "util/buf.h"

struct fixture {
    const char *backend;
    char dir[256];
    char dsn[512];
    struct po_store *st;
    struct po_arena *a;
};

static char g_dir[256];

static void write_file(char *path, size_t n, const char *dir, const char *name, const char *body)
{
    snprintf(path, n, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(body, f);
    fclose(f);
}

static int import(struct fixture *fx, const char *kind, const char *path,
                  struct po_import_result *res)
{
    struct po_err err = PO_ERR_INIT;
    struct po_import_opts o = PO_IMPORT_OPTS_INIT;
    o.kind = kind;
    int rc = po_import_file(res, fx->st, path, &o, fx->a, &err);
    if (rc < 0 && getenv("TEST_VERBOSE"))
        fprintf(stderr, "import %s: %s\n", kind, err.msg);
    return rc;
}

/* Import body as kind and insist it succeeds. */
static struct po_import_result ok(struct fixture *fx, const char *kind, const char *name,
                                  const char *body)
{
    char path[600];
    struct po_import_result res;
    write_file(path, sizeof(path), fx->dir, name, body);
    int rc = import(fx, kind, path, &res);
    if (rc != 0) {
        for (size_t i = 0; i < res.ndiags && i < PO_IMPORT_MAX_DIAGS; i++)
            fprintf(stderr, "  row %zu %s: %s\n", res.diags[i].row,
                    res.diags[i].column ? res.diags[i].column : "", res.diags[i].reason_en);
        fail_msg("%s import of %s failed (%d)", fx->backend, name, rc);
    }
    return res;
}

static const char DISTRICTS[] = "code,name,parent_code\n"
                                "150000,内蒙古自治区,\n"
                                "150300,乌海市,150000\n"
                                "150302,海勃湾区,150300\n"
                                "150303,海南区,150300\n"
                                "150302P01,千里山工业园区,150302\n";
static const char INDUSTRIES[] = "code,name,edition,two_high\n"
                                 "2521,炼焦,2017,1\n"
                                 "3140,铁合金冶炼,2017,1\n"
                                 "3150,铁合金冶炼,2011,1\n";
/* 911401073363319035 and 91140107209379170F are valid codes (gen.py) */
static const char ENTERPRISES[] =
    "uscc,name,district_code,industry_code,founded,park_code,has_downstream\n"
    "911401073363319035,乌海市甲焦化有限公司,150302,2521,1998,150302P01,0\n"
    "91140107209379170F,乌海市乙铁合金有限公司,150303,3140,2005,,1\n";

static void base_registry(struct fixture *fx)
{
    ok(fx, "districts", "districts.csv", DISTRICTS);
    ok(fx, "industries", "industries.csv", INDUSTRIES);
    ok(fx, "enterprises", "enterprises.csv", ENTERPRISES);
}

static int setup(void **state)
{
    struct fixture *fx = *state;
    snprintf(fx->dir, sizeof(fx->dir), "%s", g_dir);
    return storefix_open_arena(&fx->st, &fx->a, fx->dsn, sizeof(fx->dsn), fx->backend, g_dir,
                               "imp");
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    storefix_close(&fx->st, &fx->a);
    return 0;
}

static void test_import__registry_and_yearly_figures(void **state)
{
    struct fixture *fx = *state;
    base_registry(fx);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM district"), 5);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM district WHERE level = 'park'"), 1);
    struct po_import_result r = ok(
        fx, "equipment", "equipment.csv",
        "uscc,equipment_id,equipment_type,name,status,commissioned,chamber_height_m,stamp_charged\n"
        "911401073363319035,1#,coke_oven,1号焦炉,running,2008-06,4.3,否\n"
        "911401073363319035,2#,焦炉,2号焦炉,已封存,2012,5.5,1\n");
    assert_int_equal(r.counts.inserted, 2);
    assert_int_equal(storefix_int(fx->st,
                                  "SELECT value_micro FROM equipment_param p JOIN equipment e "
                                  "ON e.id = p.equipment_pk WHERE e.equipment_id = '1#' "
                                  "AND p.param = 'chamber_height_m'"),
                     4300000);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM equipment WHERE status = 'sealed'"),
                     1);
    /* text parameters: a value sets it, an empty cell removes it (regression: crashed) */
    r = ok(fx, "equipment", "kilns.csv",
           "uscc,equipment_id,equipment_type,kiln_type,capacity_t_per_day\n"
           "91140107209379170F,K1,lime_kiln,native_or_ordinary_shaft,150\n"
           "91140107209379170F,K2,石灰窑,,300\n");
    assert_int_equal(r.counts.inserted, 2);
    assert_int_equal(r.params_changed, 3);
    assert_int_equal(storefix_int(fx->st,
                                  "SELECT count(*) FROM equipment_param WHERE param = 'kiln_type' "
                                  "AND value_text = 'native_or_ordinary_shaft'"),
                     1);
    r = ok(fx, "equipment", "kilns2.csv",
           "uscc,equipment_id,equipment_type,kiln_type\n"
           "91140107209379170F,K1,lime_kiln,\n");
    assert_int_equal(r.params_changed, 1);
    assert_int_equal(
        storefix_int(fx->st, "SELECT count(*) FROM equipment_param WHERE param = 'kiln_type'"), 0);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM revision WHERE table_name = "
                                          "'equipment_param' AND op = 'delete'"),
                     1);
    r = ok(fx, "energy", "energy.csv",
           "uscc,year,month,energy_type,quantity,unit\n"
           "911401073363319035,2023,1,washed_coal,1200.5,t\n"
           "911401073363319035,2023,1,电力,3.25,万kWh\n"
           "911401073363319035,2023,,coke_oven_gas,12,10^4m3\n"
           "91140107209379170F,2023,2,electricity,0.000,MWh\n");
    assert_int_equal(r.counts.inserted, 4);
    assert_int_equal(storefix_int(fx->st, "SELECT quantity_micro FROM energy WHERE energy_type = "
                                          "'electricity' AND unit = '10^4kWh'"),
                     3250000);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM energy WHERE month = 0"), 1);
    /* value added may be negative or missing: real data, not errors */
    r = ok(fx, "economics", "value_added.csv",
           "uscc,year,value_added_10k_yuan\n"
           "911401073363319035,2023,-120.50\n"
           "91140107209379170F,2023,\n");
    assert_int_equal(r.counts.inserted, 2);
    assert_int_equal(storefix_int(fx->st,
                                  "SELECT value_added_micro FROM economics WHERE year = 2023 "
                                  "AND value_added_micro IS NOT NULL"),
                     -120500000);
    assert_int_equal(
        storefix_int(fx->st, "SELECT count(*) FROM economics WHERE value_added_micro IS NULL"), 1);
    r = ok(fx, "output", "output.csv",
           "uscc,year,product,quantity_t\n911401073363319035,2023,coke,50000\n");
    assert_int_equal(r.counts.inserted, 1);
    r = ok(fx, "inspections", "inspections.csv",
           "uscc,department,kind,date,severity,violation,legal_basis,document_no,description\n"
           "911401073363319035,eco_env,environment,2024-03-05,serious,emission_exceedance,"
           "大气污染防治法第九十九条,乌环罚〔2024〕12号,颗粒物超标\n"
           "91140107209379170F,应急管理局,安全,2024/4/1,无问题,,,,\n");
    assert_int_equal(r.counts.inserted, 2);
    assert_int_equal(
        storefix_int(fx->st, "SELECT count(*) FROM inspection WHERE date = '2024-04-01'"), 1);
    r = ok(fx, "licences", "licences.csv",
           "uscc,licence_type,number,issuer,valid_from,valid_to,status,revoked_on\n"
           "911401073363319035,排污许可证,91150302MA0001,乌海市生态环境局,2020-01-01,2025-01-01,"
           "revoked,2024-06-30\n");
    assert_int_equal(r.counts.inserted, 1);
}

static void test_import__reimport_is_idempotent_and_updates_are_kept(void **state)
{
    struct fixture *fx = *state;
    base_registry(fx);
    const char *body = "uscc,year,month,energy_type,quantity,unit\n"
                       "911401073363319035,2023,1,raw_coal,100,t\n"
                       "911401073363319035,2023,2,raw_coal,110,t\n";
    struct po_import_result r = ok(fx, "energy", "e.csv", body);
    assert_int_equal(r.counts.inserted, 2);
    r = ok(fx, "energy", "e.csv", body);
    assert_int_equal(r.counts.inserted, 0);
    assert_int_equal(r.counts.updated, 0);
    assert_int_equal(r.counts.unchanged, 2);
    r = ok(fx, "enterprises", "enterprises.csv", ENTERPRISES);
    assert_int_equal(r.counts.unchanged, 2);
    int64_t revs = storefix_int(fx->st, "SELECT count(*) FROM revision");
    r = ok(fx, "energy", "e.csv",
           "uscc,year,month,energy_type,quantity,unit\n"
           "911401073363319035,2023,1,raw_coal,100,t\n"
           "911401073363319035,2023,2,raw_coal,111.5,t\n"
           "911401073363319035,2023,3,raw_coal,90,t\n");
    assert_int_equal(r.counts.inserted, 1);
    assert_int_equal(r.counts.updated, 1);
    assert_int_equal(r.counts.unchanged, 1);
    /* the old figure is kept in the revision history */
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM revision"), revs + 1);
    assert_int_equal(storefix_int(fx->st,
                                  "SELECT count(*) FROM revision WHERE table_name = 'energy' "
                                  "AND old_values LIKE '%110000000%'"),
                     1);
    /* a file without a column leaves that column alone */
    ok(fx, "economics", "ec1.csv",
       "uscc,year,value_added_10k_yuan,profit_10k_yuan\n911401073363319035,2023,500,-20\n");
    r = ok(fx, "economics", "ec2.csv",
           "uscc,year,value_added_10k_yuan\n911401073363319035,2023,600\n");
    assert_int_equal(r.counts.updated, 1);
    assert_int_equal(storefix_int(fx->st, "SELECT profit_micro FROM economics"), -20000000);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM import_batch"), 9);
}

/* Every error names row, column and value, in both languages, and nothing is written. */
static void test_import__errors_are_reported_and_nothing_changes(void **state)
{
    struct fixture *fx = *state;
    base_registry(fx);
    int64_t before = storefix_int(fx->st, "SELECT count(*) FROM energy");
    char path[600];
    write_file(path, sizeof(path), fx->dir, "bad.csv",
               "uscc,year,month,energy_type,quantity,unit\n"
               "911401073363319035,2023,1,raw_coal,100,t\n"   /* row 2 fine */
               "911401073363319035,2023,2,raw_coal,-5,t\n"    /* 3 negative */
               "911401073363319035,2023,13,raw_coal,5,t\n"    /* 4 month */
               "911401073363319035,2023,3,electricity,5,t\n"  /* 5 unit dimension */
               "911401073363319036,2023,3,raw_coal,5,t\n"     /* 6 not registered */
               "911401073363319035,2023,1,raw_coal,7,t\n"     /* 7 duplicate of 2 */
               "911401073363319035,2023,4,raw_coal,abc,t\n"); /* 8 not a number */
    struct po_import_result r;
    assert_int_equal(import(fx, "energy", path, &r), PO_EINVAL);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM energy"), before);
    /* the duplicate check runs only once every cell is valid */
    assert_int_equal(r.ndiags, 5);
    static const struct {
        size_t row;
        const char *column, *value, *en;
    } want[] = {
        { 3, "quantity", "-5", "must not be negative" },
        { 4, "month", "13", "month must be 1 to 12" },
        { 5, "unit", "t", "electricity must be given in units of electricity" },
        { 6, "uscc", "911401073363319036", "not in the registry" },
        { 8, "quantity", "abc", "not a number" },
    };
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(r.diags[i].row, want[i].row);
        assert_string_equal(r.diags[i].column, want[i].column);
        assert_string_equal(r.diags[i].value, want[i].value);
        assert_non_null(strstr(r.diags[i].reason_en, want[i].en));
        assert_true(strlen(r.diags[i].reason_zh) > 0);
    }
    write_file(path, sizeof(path), fx->dir, "dup.csv",
               "uscc,year,month,energy_type,quantity,unit\n"
               "911401073363319035,2023,1,raw_coal,100,t\n"
               "911401073363319035,2023,1,原煤,7,吨\n");
    assert_int_equal(import(fx, "energy", path, &r), PO_EINVAL);
    assert_int_equal(r.ndiags, 1);
    assert_int_equal(r.diags[0].row, 3);
    assert_non_null(strstr(r.diags[0].reason_en, "duplicate of row 2"));
    /* header problems */
    write_file(path, sizeof(path), fx->dir, "hdr.csv",
               "uscc,year,energy_tpye,quantity,unit\n911401073363319035,2023,raw_coal,1,t\n");
    assert_int_equal(import(fx, "energy", path, &r), PO_EINVAL);
    assert_int_equal(r.ndiags, 2); /* unknown energy_tpye, missing energy_type */
    assert_string_equal(r.diags[0].column, "energy_tpye");
    assert_non_null(strstr(r.diags[0].reason_en, "unknown column"));
    assert_string_equal(r.diags[1].column, "energy_type");
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM energy"), before);
}

/*
 * Yes/no facts a rule reads (has_downstream, two_high) have three states: an empty cell or an
 * absent column on a new row is not recorded (NULL), never "no"; 是/否, yes/no, true/false,
 * 1/0, Y/N are read; anything else is an error naming the row and the column; an update with
 * an empty cell makes the fact not recorded again, an absent column leaves it; the export
 * writes an empty cell for it and imports back unchanged.
 */
static void test_import__yes_no_facts_have_three_states(void **state)
{
    struct fixture *fx = *state;
    ok(fx, "districts", "districts.csv", DISTRICTS);
    ok(fx, "industries", "ind3.csv",
       "code,name,edition,two_high\n"
       "2521,炼焦,2017,是\n"
       "3140,铁合金冶炼,2017,\n"
       "3011,水泥制造,2017,N\n");
    ok(fx, "industries", "ind_nocol.csv", "code,name\n3012,石灰和石膏制造\n");
    assert_int_equal(storefix_int(fx->st, "SELECT two_high FROM industry WHERE code = '2521'"), 1);
    assert_int_equal(storefix_int(fx->st, "SELECT two_high FROM industry WHERE code = '3011'"), 0);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM industry WHERE two_high IS NULL "
                                          "AND code IN ('3140', '3012')"),
                     2);
    ok(fx, "enterprises", "ent3.csv",
       "uscc,name,district_code,industry_code,has_downstream\n"
       "911401073363319035,甲焦化,150302,2521,yes\n"
       "91140107209379170F,乙铁合金,150303,3140,\n"
       "91150303000000001W,丙石灰,150303,3012,false\n");
    ok(fx, "enterprises", "ent_nocol.csv",
       "uscc,name,district_code,industry_code\n911503030000000020,丁电石,150303,3012\n");
    static const char q[] = "SELECT coalesce(has_downstream, -1) FROM enterprise WHERE uscc = ?";
    assert_int_equal(storefix_int_text(fx->st, q, "911401073363319035"), 1);
    assert_int_equal(storefix_int_text(fx->st, q, "91140107209379170F"), -1);
    assert_int_equal(storefix_int_text(fx->st, q, "91150303000000001W"), 0);
    assert_int_equal(storefix_int_text(fx->st, q, "911503030000000020"), -1);
    /* a value that is none of them: the row and the column, in both languages; nothing changes */
    char path[600];
    struct po_import_result r;
    write_file(path, sizeof(path), fx->dir, "bad.csv",
               "uscc,name,district_code,industry_code,有下游配套\n"
               "911401073363319035,甲焦化,150302,2521,0\n"
               "91140107209379170F,乙铁合金,150303,3140,不清楚\n");
    assert_int_equal(import(fx, "enterprises", path, &r), PO_EINVAL);
    assert_int_equal(r.ndiags, 1);
    assert_int_equal(r.diags[0].row, 3);
    assert_string_equal(r.diags[0].column, "有下游配套");
    assert_string_equal(r.diags[0].value, "不清楚");
    assert_non_null(strstr(r.diags[0].reason_zh, "是/否"));
    assert_non_null(strstr(r.diags[0].reason_zh, "未记录"));
    assert_non_null(strstr(r.diags[0].reason_en, "yes/no"));
    assert_non_null(strstr(r.diags[0].reason_en, "not recorded"));
    assert_int_equal(storefix_int_text(fx->st, q, "911401073363319035"), 1);
    /* update: an empty cell unrecords, an absent column keeps */
    ok(fx, "enterprises", "upd.csv",
       "uscc,name,district_code,industry_code,has_downstream\n"
       "911401073363319035,甲焦化,150302,2521,\n"
       "91140107209379170F,乙铁合金,150303,3140,Y\n");
    ok(fx, "enterprises", "upd2.csv",
       "uscc,name,district_code,industry_code\n91150303000000001W,丙石灰,150303,3012\n");
    assert_int_equal(storefix_int_text(fx->st, q, "911401073363319035"), -1);
    assert_int_equal(storefix_int_text(fx->st, q, "91140107209379170F"), 1);
    assert_int_equal(storefix_int_text(fx->st, q, "91150303000000001W"), 0);
    /* export: the unrecorded fact is an empty cell, and the file imports back unchanged */
    char out[600];
    snprintf(out, sizeof(out), "%s/ent_export.csv", fx->dir);
    struct po_err err = PO_ERR_INIT;
    size_t rows = 0;
    assert_int_equal(po_export(&rows, fx->st, "enterprises", PO_SHEET_CSV, out, fx->a, &err), 0);
    assert_int_equal(rows, 4);
    FILE *f = fopen(out, "rb");
    assert_non_null(f);
    char line[1024], header[1024] = "";
    int col = -1, empty = 0, yes = 0, no = 0;
    while (fgets(line, sizeof(line), f)) {
        char *fields[32];
        int nf = 0;
        for (char *p = line, *t; nf < 32 && (t = strsep(&p, ",\r\n")) != NULL;)
            fields[nf++] = t;
        if (!header[0]) {
            snprintf(header, sizeof(header), "%s", line);
            for (int i = 0; i < nf; i++)
                if (strcmp(fields[i], "has_downstream") == 0)
                    col = i;
            assert_true(col >= 0);
            continue;
        }
        assert_true(col < nf);
        empty += fields[col][0] == '\0';
        yes += strcmp(fields[col], "1") == 0;
        no += strcmp(fields[col], "0") == 0;
    }
    fclose(f);
    assert_int_equal(empty, 2);
    assert_int_equal(yes, 1);
    assert_int_equal(no, 1);
    assert_int_equal(import(fx, "enterprises", out, &r), 0);
    assert_int_equal(r.counts.unchanged, 4);
    assert_int_equal(storefix_int_text(fx->st, q, "911401073363319035"), -1);
}

static void test_import__uscc_check_digit_needs_override(void **state)
{
    struct fixture *fx = *state;
    ok(fx, "districts", "d.csv", DISTRICTS);
    ok(fx, "industries", "i.csv", INDUSTRIES);
    char path[600];
    struct po_import_result r;
    write_file(path, sizeof(path), fx->dir, "e.csv",
               "uscc,name,district_code,industry_code,founded\n"
               "911401073363319036,试点企业,150302,2521,2015\n"
               "91140107336331903o,小写字母,150302,2521,2015\n");
    assert_int_equal(import(fx, "enterprises", path, &r), PO_EINVAL);
    assert_int_equal(r.ndiags, 2);
    assert_non_null(strstr(r.diags[0].reason_en, "check character should be 5"));
    assert_non_null(strstr(r.diags[1].reason_en, "not allowed"));
    r = ok(fx, "enterprises", "e2.csv",
           "uscc,name,district_code,industry_code,founded,uscc_override_reason\n"
           "911401073363319036,试点企业,150302,2521,2015,2015年试点期间核发的早期代码\n");
    assert_int_equal(r.counts.inserted, 1);
    assert_int_equal(storefix_int(fx->st,
                                  "SELECT count(*) FROM enterprise WHERE uscc_override_reason "
                                  "IS NOT NULL"),
                     1);
}

static void test_import__gbk_with_chinese_headers(void **state)
{
    struct fixture *fx = *state;
    ok(fx, "districts", "d.csv", DISTRICTS);
    ok(fx, "industries", "i.csv", INDUSTRIES);
    const char *utf8 = "统一社会信用代码,企业名称,行政区划代码,行业代码,成立年份,状态\r\n"
                       "911401073363319035,乌海市甲焦化有限公司,150302,2521,1998,正常生产\r\n"
                       "91140107209379170F,乌海市乙铁合金有限公司,150303,3140,2005,限产\r\n";
    char gbk[1024];
    iconv_t cd = iconv_open("GBK", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    char *in = (char *)utf8, *out = gbk;
    size_t inl = strlen(utf8), outl = sizeof(gbk) - 1;
    assert_true(iconv(cd, &in, &inl, &out, &outl) != (size_t)-1);
    iconv_close(cd);
    *out = '\0';
    struct po_import_result r = ok(fx, "enterprises", "gbk.csv", gbk);
    assert_int_equal(r.counts.inserted, 2);
    assert_string_equal(r.format, "csv gb18030");
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM enterprise WHERE name = "
                                          "'乌海市乙铁合金有限公司' AND status = 'limited'"),
                     1);
}

static void test_import__xlsx(void **state)
{
    struct fixture *fx = *state;
    base_registry(fx);
    char path[600];
    snprintf(path, sizeof(path), "%s/energy.xlsx", fx->dir);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, "能耗");
    const char *hdr[] = { "统一社会信用代码", "年份", "月份", "能源品种", "实物量", "计量单位" };
    for (int c = 0; c < 6; c++)
        worksheet_write_string(ws, 0, (lxw_col_t)c, hdr[c], NULL);
    worksheet_write_string(ws, 1, 0, "911401073363319035", NULL);
    worksheet_write_number(ws, 1, 1, 2023, NULL);
    worksheet_write_number(ws, 1, 2, 1, NULL);
    worksheet_write_string(ws, 1, 3, "原煤", NULL);
    worksheet_write_number(ws, 1, 4, 0.1 + 0.2, NULL); /* 0.30000000000000004 in the file */
    worksheet_write_string(ws, 1, 5, "万吨", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    struct po_import_result r;
    assert_int_equal(import(fx, "energy", path, &r), 0);
    assert_string_equal(r.format, "xlsx");
    assert_int_equal(r.counts.inserted, 1);
    assert_int_equal(storefix_int(fx->st, "SELECT quantity_micro FROM energy WHERE unit = '10^4t'"),
                     300000);
}

/*
 * A file whose last row is bad leaves the database byte for byte as it
 * was (SQLite: the files; PostgreSQL: every table's rows).
 */
static void hash_files(unsigned char out[32], const char *dsn)
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    static const char *const suffix[] = { "", "-wal" };
    for (size_t i = 0; i < 2; i++) {
        char p[600];
        snprintf(p, sizeof(p), "%s%s", dsn, suffix[i]);
        FILE *f = fopen(p, "rb");
        if (!f)
            continue;
        unsigned char buf[8192];
        size_t n;
        while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
            crypto_hash_sha256_update(&h, buf, n);
        fclose(f);
    }
    crypto_hash_sha256_final(&h, out);
}

static void test_import__bad_last_row_changes_nothing(void **state)
{
    struct fixture *fx = *state;
    base_registry(fx);
    ok(fx, "energy", "e0.csv",
       "uscc,year,month,energy_type,quantity,unit\n911401073363319035,2022,1,raw_coal,1,t\n");
    struct po_buf body = PO_BUF_INIT;
    po_buf_adds(&body, "uscc,year,month,energy_type,quantity,unit\n");
    for (int y = 2000; y < 2024; y++)
        for (int m = 1; m <= 12; m++)
            po_buf_addf(&body, "911401073363319035,%d,%d,raw_coal,%d.5,t\n", y, m, y * m);
    po_buf_adds(&body, "91140107209379170F,2023,12,diesel,1e3,t\n");
    unsigned char h1[32], h2[32];
    int64_t e1 = storefix_int(fx->st, "SELECT count(*) FROM energy");
    int64_t b1 = storefix_int(fx->st, "SELECT count(*) FROM import_batch");
    int64_t r1 = storefix_int(fx->st, "SELECT count(*) FROM revision");
    hash_files(h1, fx->dsn);
    char path[600];
    write_file(path, sizeof(path), fx->dir, "lastbad.csv", body.buf);
    po_buf_release(&body);
    struct po_import_result r;
    assert_int_equal(import(fx, "energy", path, &r), PO_EINVAL);
    assert_int_equal(r.ndiags, 1);
    assert_int_equal(r.diags[0].row, 24 * 12 + 2);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM energy"), e1);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM import_batch"), b1);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM revision"), r1);
    if (strcmp(fx->backend, "sqlite") == 0) {
        hash_files(h2, fx->dsn);
        assert_memory_equal(h1, h2, 32);
    }
}

static void test_import__districts_need_parents_in_order(void **state)
{
    struct fixture *fx = *state;
    /* children before parents in the file is fine; an unknown parent is not */
    struct po_import_result r = ok(fx, "districts", "d.csv",
                                   "code,name,parent_code\n"
                                   "150302,海勃湾区,150300\n"
                                   "150300,乌海市,150000\n"
                                   "150000,内蒙古自治区,\n");
    assert_int_equal(r.counts.inserted, 3);
    char path[600];
    write_file(path, sizeof(path), fx->dir, "d2.csv",
               "code,name,parent_code\n150304,乌达区,150300\n1503,乌海,150000\n");
    assert_int_equal(import(fx, "districts", path, &r), PO_EINVAL);
    assert_int_equal(r.ndiags, 1);
    assert_int_equal(r.diags[0].row, 3);
    assert_non_null(strstr(r.diags[0].reason_en, "6 digits"));
    write_file(path, sizeof(path), fx->dir, "d3.csv",
               "code,name,parent_code\n150304,乌达区,150399\n150303,海南区,150302\n");
    assert_int_equal(import(fx, "districts", path, &r), PO_EINVAL);
    assert_int_equal(r.ndiags, 2);
    assert_non_null(strstr(r.diags[0].reason_en, "parent not found"));
    assert_non_null(strstr(r.diags[1].reason_en, "is not above"));
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM district"), 3);
}

/* Import body as kind for a district officer of district; the diagnostics in *res. */
static int import_scoped(struct fixture *fx, const char *kind, const char *name, const char *body,
                         const char *district, struct po_import_result *res, struct po_err *err)
{
    char path[600];
    write_file(path, sizeof(path), fx->dir, name, body);
    struct po_import_opts o = PO_IMPORT_OPTS_INIT;
    o.kind = kind;
    o.scope_district = district;
    o.actor = "web:district";
    return po_import_file(res, fx->st, path, &o, fx->a, err);
}

/* Diagnostic i is about row, column and value, and says the enterprise is not in 150302. */
static void assert_out_of_scope(const struct po_import_result *r, size_t i, size_t row,
                                const char *column, const char *value)
{
    assert_int_equal(r->diags[i].row, row);
    assert_string_equal(r->diags[i].column, column);
    assert_string_equal(r->diags[i].value, value);
    assert_non_null(strstr(r->diags[i].reason_zh, "该企业不属于您的辖区 150302"));
    assert_non_null(
        strstr(r->diags[i].reason_en, "this enterprise is not in your district 150302"));
}

/*
 * A district officer's import (po_import_opts.scope_district): its own
 * enterprises' rows go in; one row about another district's enterprise
 * refuses the whole file, named like any diagnostic; enterprises may not
 * move into or out of the district; kinds not per enterprise are refused.
 */
static void test_import__district_scope(void **state)
{
    struct fixture *fx = *state;
    base_registry(fx); /* 911401073363319035 in 150302, 91140107209379170F in 150303 */
    struct po_import_result r;
    struct po_err err = PO_ERR_INIT;
    static const char own[] = "uscc,year,month,energy_type,quantity,unit\n"
                              "911401073363319035,2023,1,raw_coal,100,t\n"
                              "911401073363319035,2023,2,raw_coal,110,t\n";
    assert_int_equal(import_scoped(fx, "energy", "own.csv", own, "150302", &r, &err), 0);
    assert_int_equal(r.counts.inserted, 2);

    int64_t energy = storefix_int(fx->st, "SELECT count(*) FROM energy");
    int64_t batches = storefix_int(fx->st, "SELECT count(*) FROM import_batch");
    assert_int_equal(import_scoped(fx, "energy", "mixed.csv",
                                   "uscc,year,month,energy_type,quantity,unit\n"
                                   "911401073363319035,2023,3,raw_coal,120,t\n"
                                   "91140107209379170F,2023,3,raw_coal,5,t\n"
                                   "911401073363319035,2023,4,raw_coal,130,t\n",
                                   "150302", &r, &err),
                     PO_EINVAL);
    assert_int_equal(r.ndiags, 1);
    assert_out_of_scope(&r, 0, 3, "uscc", "91140107209379170F");
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM energy"), energy);
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM import_batch"), batches);
    /* the other district's officer: every row of the first file is out of its district */
    assert_int_equal(import_scoped(fx, "equipment", "eq.csv",
                                   "uscc,equipment_id,equipment_type\n"
                                   "911401073363319035,9#,coke_oven\n",
                                   "150303", &r, &err),
                     PO_EINVAL);
    assert_int_equal(r.ndiags, 1);
    assert_non_null(strstr(r.diags[0].reason_en, "not in your district 150303"));

    /* enterprises: a new one of the district goes in; none may cross the district's border */
    assert_int_equal(import_scoped(fx, "enterprises", "ent.csv",
                                   "uscc,name,district_code,industry_code\n"
                                   "91150302MA0N123452,乌海市丙焦化有限公司,150302,2521\n",
                                   "150302", &r, &err),
                     0);
    assert_int_equal(r.counts.inserted, 1);
    assert_int_equal(import_scoped(fx, "enterprises", "ent2.csv",
                                   "uscc,name,district_code,industry_code\n"
                                   "91150302MA0N123465,乌海市丁焦化有限公司,150303,2521\n"
                                   "91140107209379170F,乌海市乙铁合金有限公司,150302,3140\n"
                                   "911401073363319035,乌海市甲焦化有限公司,150303,2521\n"
                                   "91150302MA0N123452,乌海市丙焦化有限公司,150302,2521\n",
                                   "150302", &r, &err),
                     PO_EINVAL);
    assert_int_equal(r.ndiags, 3);
    assert_out_of_scope(&r, 0, 2, "district_code", "150303");    /* a new one elsewhere */
    assert_out_of_scope(&r, 1, 3, "uscc", "91140107209379170F"); /* moved in */
    assert_out_of_scope(&r, 2, 4, "district_code", "150303");    /* moved out */
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM enterprise WHERE district_code = "
                                          "'150302'"),
                     2);

    /* kinds that are not per enterprise: refused before the file is read */
    static const char *const whole_city[] = { "districts", "industries", "targets" };
    for (size_t i = 0; i < 3; i++) {
        struct po_err e = PO_ERR_INIT;
        assert_int_equal(import_scoped(fx, whole_city[i], "x.csv", "code\n1\n", "150302", &r, &e),
                         PO_EPERM);
        assert_int_equal(r.ndiags, 0);
        assert_non_null(strstr(e.msg, whole_city[i]));
        assert_true(strlen(e.msg_zh) > 0);
    }
    /* of the refused files no trace; ent.csv is the one batch more */
    assert_int_equal(storefix_int(fx->st, "SELECT count(*) FROM import_batch"), batches + 1);
}

/* The public list of kinds is the importer's table: every kind, its columns and values. */
static void test_import__kind_list(void **state)
{
    struct fixture *fx = *state;
    const struct po_import_kind *k;
    size_t n;
    struct po_err err = PO_ERR_INIT;
    assert_int_equal(po_import_kind_list(&k, &n, fx->a, &err), 0);
    size_t seen = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(po_import_kind_known(k[i].name));
        assert_true(k[i].ncolumns > 0);
        bool districts = strcmp(k[i].name, "districts") == 0;
        bool targets = strcmp(k[i].name, "targets") == 0;
        /* resettlement rows name a case, not an enterprise: the city's import only */
        bool resettlement = strcmp(k[i].name, "resettlement") == 0;
        assert_int_equal(k[i].per_enterprise, !(districts || targets || resettlement ||
                                                strcmp(k[i].name, "industries") == 0));
        if (strcmp(k[i].name, "licences") == 0) {
            seen++;
            assert_string_equal(k[i].columns[0].name, "uscc");
            assert_true(k[i].columns[0].required);
            const char **v = k[i].columns[6].values;
            assert_string_equal(k[i].columns[6].name, "status");
            assert_non_null(v);
            bool revoked = false;
            for (; *v; v++)
                revoked = revoked || strcmp(*v, "revoked") == 0;
            assert_true(revoked);
        }
        if (strcmp(k[i].name, "equipment") == 0)
            seen += k[i].parameter_columns;
    }
    assert_int_equal(seen, 2);
    assert_false(po_import_kind_known("nope"));
    assert_false(po_import_kind_known(NULL));
}

int main(void)
{
    if (sodium_init() < 0 || testdb_tmpdir(g_dir, sizeof(g_dir)) < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import__registry_and_yearly_figures),
        cmocka_unit_test(test_import__reimport_is_idempotent_and_updates_are_kept),
        cmocka_unit_test(test_import__errors_are_reported_and_nothing_changes),
        cmocka_unit_test(test_import__yes_no_facts_have_three_states),
        cmocka_unit_test(test_import__uscc_check_digit_needs_override),
        cmocka_unit_test(test_import__gbk_with_chinese_headers),
        cmocka_unit_test(test_import__xlsx),
        cmocka_unit_test(test_import__bad_last_row_changes_nothing),
        cmocka_unit_test(test_import__districts_need_parents_in_order),
        cmocka_unit_test(test_import__district_scope),
        cmocka_unit_test(test_import__kind_list),
    };
    struct fixture sq = { "sqlite", "", "", NULL, NULL }, pg = { "pg", "", "", NULL, NULL };
    int failed =
        storefix_run_both(tests, sizeof(tests) / sizeof(tests[0]), setup, teardown, &sq, &pg);
    testdb_rmdir(g_dir);
    return testdb_exit_status(failed);
}
