/* creditexport.c: the credit platform's file and the banks' lists (creditexport.h). */
#include "report/creditexport.h"

#include "format/tablebuf.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define STANDARD "data/credit_fields.csv"

static const char *jstr(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static int nomem(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

static int bad_format(const char *f, struct po_err *err)
{
    return po_err_set(err, PO_EINVAL, "格式应为 csv、xlsx 或 json：\"%s\"",
                      "the format must be csv, xlsx or json: \"%s\"", f ? f : "");
}

/* The op of a record on the day, or NULL when it does not go out. */
static const char *op_of(json_t *r)
{
    const char *s = jstr(r, "status");
    if (!s)
        return NULL;
    if (!strcmp(s, "public") || !strcmp(s, "repair_requested"))
        return "add";
    if (!strcmp(s, "withdrawn"))
        return "withdraw";
    return NULL;
}

static int dump_json(struct po_buf *out, json_t *doc, struct po_err *err)
{
    char *s = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (!s)
        return nomem(err);
    po_buf_adds(out, s);
    po_buf_addch(out, '\n');
    free(s);
    return po_buf_failed(out) ? nomem(err) : 0;
}

int po_credit_export(struct po_buf *out, struct po_arena *a, json_t *records, json_t *fields,
                     const char *format, const char *as_of, size_t *nout, json_t **incomplete,
                     struct po_err *err)
{
    bool js = format && !strcmp(format, "json"), cs = format && !strcmp(format, "csv");
    if (!js && !cs && !(format && !strcmp(format, "xlsx")))
        return bad_format(format, err);
    size_t nf = json_array_size(fields), i;
    json_t *r, *f;
    json_t *inc = json_array(), *recs = json_array(), *fl = json_array();
    if (!inc || !recs || !fl) {
        json_decref(inc), json_decref(recs), json_decref(fl);
        return nomem(err);
    }
    json_array_foreach(fields, i, f)
        json_array_append_new(fl, json_pack("{s:s,s:s}", "key", jstr(f, "key"), "name_zh",
                                            jstr(f, "name_zh")));
    json_array_foreach(records, i, r)
    {
        const char *op = op_of(r);
        if (!op)
            continue;
        if (!json_is_true(json_object_get(r, "complete"))) {
            json_array_append_new(inc, json_pack("{s:s,s:s,s:s,s:s,s:O}", "record_id",
                                                 jstr(r, "id"), "uscc", jstr(r, "uscc"), "name",
                                                 jstr(r, "name"), "status", jstr(r, "status"),
                                                 "problems", json_object_get(r, "problems")));
            continue;
        }
        json_t *o = json_pack("{s:s,s:s,s:s,s:O}", "op", op, "record_id", jstr(r, "id"), "uscc",
                              jstr(r, "uscc"), "fields", json_object_get(r, "fields"));
        if (o && !strcmp(op, "withdraw"))
            json_object_set(o, "withdrawn_on", json_object_get(r, "withdrawn_on"));
        json_array_append_new(recs, o);
    }
    *nout = json_array_size(recs);
    *incomplete = inc;
    if (js) {
        json_t *doc = json_pack("{s:s,s:s,s:o,s:o,s:O}", "standard", STANDARD, "as_of", as_of,
                                "fields", fl, "records", recs, "incomplete", inc);
        return doc ? dump_json(out, doc, err) : nomem(err);
    }
    size_t ncols = nf + 3, nrows = json_array_size(recs) + 1;
    const char **cells = po_arena_alloc(a, ncols * nrows * sizeof(*cells));
    if (!cells) {
        json_decref(fl), json_decref(recs);
        return nomem(err);
    }
    cells[0] = "操作";
    cells[1] = "记录编号";
    cells[2] = "撤下日期";
    json_array_foreach(fl, i, f) cells[3 + i] = po_arena_strdup(a, jstr(f, "name_zh"));
    json_array_foreach(recs, i, r)
    {
        const char **row = cells + (i + 1) * ncols;
        row[0] = !strcmp(jstr(r, "op"), "add") ? "新增" : "撤下";
        row[1] = po_arena_strdup(a, jstr(r, "record_id"));
        row[2] = jstr(r, "withdrawn_on") ? po_arena_strdup(a, jstr(r, "withdrawn_on")) : NULL;
        json_t *fv = json_object_get(r, "fields");
        size_t k;
        json_array_foreach(fl, k, f)
        {
            const char *v = jstr(fv, jstr(f, "key"));
            row[3 + k] = v ? po_arena_strdup(a, v) : NULL;
        }
    }
    json_decref(fl);
    json_decref(recs);
    return po_tablebuf_write(out, cs ? PO_SHEET_CSV : PO_SHEET_XLSX, "信用信息", cells, ncols,
                             nrows, 0, err);
}

int po_credit_bank_file(struct po_buf *out, struct po_arena *a, json_t *rows, const char *which,
                        const char *format, const char *as_of, struct po_err *err)
{
    bool js = format && !strcmp(format, "json"), cs = format && !strcmp(format, "csv");
    if (!js && !cs && !(format && !strcmp(format, "xlsx")))
        return bad_format(format, err);
    bool restrict_ = which && !strcmp(which, "restrict");
    if (js) {
        json_t *doc = json_pack("{s:s,s:s,s:s,s:O}", "list", which, "title_zh",
                                restrict_ ? "限制授信企业名单" : "支持授信企业名单", "as_of",
                                as_of, "rows", rows);
        return doc ? dump_json(out, doc, err) : nomem(err);
    }
    static const char *const head[] = { "序号",     "企业名称", "统一社会信用代码", "区县",
                                         "原因",     "起始日期", "依据" };
    enum { NC = 7 };
    size_t nrows = json_array_size(rows) + 1, i;
    const char **cells = po_arena_alloc(a, NC * nrows * sizeof(*cells));
    if (!cells)
        return nomem(err);
    memcpy(cells, head, sizeof(head));
    json_t *r;
    json_array_foreach(rows, i, r)
    {
        const char **row = cells + (i + 1) * NC;
        row[0] = po_arena_printf(a, "%zu", i + 1);
        row[1] = po_arena_strdup(a, jstr(r, "name"));
        row[2] = po_arena_strdup(a, jstr(r, "uscc"));
        row[3] = po_arena_strdup(a, jstr(r, "district_code") ? jstr(r, "district_code") : "");
        row[4] = po_arena_strdup(a, jstr(r, "reason_zh"));
        row[5] = po_arena_strdup(a, jstr(r, "since"));
        row[6] = po_arena_strdup(a, jstr(r, "basis_zh"));
    }
    return po_tablebuf_write(out, cs ? PO_SHEET_CSV : PO_SHEET_XLSX,
                             restrict_ ? "限制授信" : "支持授信", cells, NC, nrows, 0, err);
}
