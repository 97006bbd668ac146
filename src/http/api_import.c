/*
 * api_import.c: file uploads into the registry and the past batches
 * (docs/api.md "Imports").
 *
 * The body is the file's bytes.  ingest/import.h reads a path, so the upload is
 * written to a private directory (mkdtemp, mode 0700) under the user's own
 * file name — the extension picks the reader (CSV or XLSX) and the name is
 * what import_batch, the audit row and every diagnostic show — imported,
 * and removed.  All or nothing: a file with any bad cell writes nothing and
 * answers 422 with every kept diagnostic.
 *
 * District officers collect their district's enterprises' data, so they
 * import too, confined to their district by the importer itself
 * (po_import_opts.scope_district): a row about another district's
 * enterprise is a row error like any other (422, nothing written), and a
 * kind that is not per enterprise (districts, industries, targets) is 403.
 */
#include "http/api.h"
#include "http/listresp.h"

#include "app/registry.h"
#include "ingest/import.h"
#include "ingest/import_doc.h"
#include "ingest/template.h"
#include "util/arena.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILE_NAME 200

/* The base name the user gave, or NULL when it is not a usable file name. */
static const char *clean_name(const char *name)
{
    if (!name)
        return NULL;
    const char *b = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            b = p + 1;
    size_t n = strlen(b);
    if (n == 0 || n > MAX_FILE_NAME || !strcmp(b, ".") || !strcmp(b, ".."))
        return NULL;
    for (const char *p = b; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return NULL;
    return b;
}

/* Write len bytes of data to path (created, 0600).  0 or -1. */
static int write_all(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            return -1;
        }
        data += w;
        len -= (size_t)w;
    }
    return close(fd);
}

/* {file,row,column,value,message_zh,message_en} of every kept diagnostic. */
static json_t *diag_details(const struct po_import_result *res)
{
    json_t *d = json_array();
    size_t n = res->ndiags < PO_IMPORT_MAX_DIAGS ? res->ndiags : PO_IMPORT_MAX_DIAGS;
    for (size_t i = 0; i < n; i++) {
        const struct po_diag *g = &res->diags[i];
        json_array_append_new(d, json_pack("{s:s,s:I,s:o,s:o,s:s,s:s}", "file", res->file, "row",
                                           (json_int_t)g->row, "column", po_json_text(g->column),
                                           "value", po_json_text(g->value), "message_zh",
                                           g->reason_zh, "message_en", g->reason_en));
    }
    return d;
}

/* 422 with the diagnostics and "total_errors" beside the usual error members. */
static void refused(struct po_req *req, struct po_resp *resp, const struct po_import_result *res,
                    const struct po_err *err)
{
    json_t *j = json_pack("{s:s,s:s,s:s,s:o,s:I}", "code", "invalid", "message_zh",
                          err->msg_zh[0] ? err->msg_zh : err->msg, "message_en", err->msg,
                          "details", diag_details(res), "total_errors", (json_int_t)res->ndiags);
    resp->nheaders = 0;
    po_resp_json(req, resp, 422, j, false);
}

static void answer(struct po_req *req, struct po_resp *resp, const char *kind,
                   const struct po_import_result *res)
{
    json_t *j = json_pack("{s:s,s:s,s:s,s:I,s:I,s:I,s:I}", "kind", kind, "file_name", res->file,
                          "format", res->format, "rows", (json_int_t)res->rows, "inserted",
                          (json_int_t)res->counts.inserted, "updated",
                          (json_int_t)res->counts.updated, "unchanged",
                          (json_int_t)res->counts.unchanged);
    if (res->params_changed)
        json_object_set_new(j, "params_changed", json_integer(res->params_changed));
    po_resp_json(req, resp, 200, j, false);
}

/* The query's kind and file name, or false with a 400 in resp. */
static bool upload_args(const char **kind, const char **name, struct po_req *req,
                        struct po_resp *resp)
{
    *kind = po_req_query(req, "kind");
    *name = clean_name(po_req_query(req, "file_name"));
    if (!po_import_kind_known(*kind)) {
        po_resp_error(req, resp, 400, "invalid", "kind 不是已知的导入类别（见 /api/v1/imports/kinds）",
                      "kind is not a known import kind (see /api/v1/imports/kinds)",
                      json_pack("[{s:s,s:s,s:s}]", "field", "kind", "message_zh", "取值无效",
                                "message_en", "invalid value"));
        return false;
    }
    if (!*name) {
        po_resp_error(req, resp, 400, "invalid", "请用 file_name 给出文件名（如 energy.csv）",
                      "file_name must give the file's name (such as energy.csv)",
                      json_pack("[{s:s,s:s,s:s}]", "field", "file_name", "message_zh", "必填",
                                "message_en", "required"));
        return false;
    }
    return true;
}

/* Import the body saved as dir/name. */
static void import_saved(struct po_req *req, struct po_resp *resp, const char *dir,
                         const char *kind, const char *name)
{
    const char *path = po_arena_printf(req->a, "%s/%s", dir, name);
    if (!path || write_all(path, req->body ? req->body : "", req->body_len) < 0) {
        if (path)
            unlink(path);
        po_resp_error(req, resp, 500, "internal", "无法保存上传的文件", "cannot save the upload", NULL);
        return;
    }
    struct po_import_opts o = PO_IMPORT_OPTS_INIT;
    o.kind = kind;
    o.encoding = po_req_query(req, "encoding");
    o.sheet = po_req_query(req, "sheet");
    o.actor = po_req_actor(req);
    o.scope_district = po_req_scope_district(req);
    struct po_import_result res;
    struct po_err err = PO_ERR_INIT;
    int rc = po_import_file(&res, req->st, path, &o, req->a, &err);
    unlink(path);
    if (rc == 0)
        answer(req, resp, kind, &res);
    else if (rc == PO_EINVAL && res.ndiags)
        refused(req, resp, &res, &err);
    else
        po_resp_err(req, resp, &err);
}

static void import_upload(struct po_req *req, struct po_resp *resp)
{
    const char *kind, *name;
    if (!upload_args(&kind, &name, req, resp))
        return;
    char dir[] = "/tmp/phaseout-import-XXXXXX";
    if (!mkdtemp(dir)) {
        po_resp_error(req, resp, 500, "internal", "无法创建临时目录", "cannot create a temporary directory",
                      NULL);
        return;
    }
    import_saved(req, resp, dir, kind, name);
    rmdir(dir);
}

static void batches(struct po_req *req, struct po_resp *resp)
{
    struct po_page pg;
    if (po_req_page(&pg, req, resp, PO_REGISTRY_BATCH_SORTS) < 0)
        return;
    struct po_registry_batch_filter f = { po_req_query(req, "kind"), po_req_query(req, "actor"),
                                          po_req_scope_district(req) };
    struct po_err err = PO_ERR_INIT;
    struct po_listq_page lp = po_listresp_pg(&pg);
    int64_t total;
    json_t *items = po_registry_batches(&total, req->st, req->a, &f, &lp, &err);
    po_listresp_answer(req, resp, items, total, &pg, &err);
}

/* "a|b|c" as ["a","b","c"] */
static json_t *split_bar(const char *s)
{
    json_t *arr = json_array();
    while (s && *s) {
        const char *e = strchr(s, '|');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        json_array_append_new(arr, json_stringn(s, n));
        s = e ? e + 1 : NULL;
    }
    return arr;
}

static json_t *column_json(const struct po_import_column *c)
{
    json_t *j = json_pack("{s:s,s:o,s:b,s:b}", "name", c->name, "aliases", split_bar(c->aliases),
                          "required", c->required, "key", c->key);
    if (c->values) {
        json_t *vals = json_array();
        for (const char *const *v = c->values; *v; v++)
            json_array_append_new(vals, json_string(*v));
        json_object_set_new(j, "values", vals);
    }
    return j;
}

/*
 * The kinds with their columns, as the importer knows them (docs/import.md
 * is the prose); per_enterprise marks those a district officer may import.
 */
static void kinds(struct po_req *req, struct po_resp *resp)
{
    const struct po_import_kind *k;
    size_t n;
    struct po_err err = PO_ERR_INIT;
    if (po_import_kind_list(&k, &n, req->a, &err) < 0) {
        po_resp_err(req, resp, &err);
        return;
    }
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *cols = json_array();
        for (size_t c = 0; c < k[i].ncolumns; c++)
            json_array_append_new(cols, column_json(&k[i].columns[c]));
        json_array_append_new(items, json_pack("{s:s,s:o,s:b,s:b}", "kind", k[i].name, "columns",
                                               cols, "parameter_columns", k[i].parameter_columns,
                                               "per_enterprise", k[i].per_enterprise));
    }
    po_resp_items(req, resp, items);
}

/* ---- GET /imports/templates/{kind}: the kind's template (ingest/template.h) ---- */

static void template_get(struct po_req *req, struct po_resp *resp)
{
    const char *kind = po_req_param(req, "kind");
    struct po_err err = PO_ERR_INIT;
    const char *title = kind ? po_import_kind_title_zh(kind) : NULL;
    if (!title) {
        po_err_set(&err, PO_ENOTFOUND, "没有导入类别“%s”", "no import kind \"%s\"",
                   kind ? kind : "");
        po_resp_err(req, resp, &err);
        return;
    }
    char path[] = "/tmp/phaseout-template-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        po_err_set(&err, PO_EIO, "无法创建临时文件", "cannot create a temporary file");
        po_resp_err(req, resp, &err);
        return;
    }
    close(fd);
    char *body = NULL;
    size_t len = 0;
    if (po_template_write_xlsx(kind, path, &err) == 0) {
        FILE *f = fopen(path, "rb");
        struct stat sb;
        if (f && fstat(fileno(f), &sb) == 0 &&
            (body = po_arena_alloc(req->a, (size_t)sb.st_size + 1)))
            len = fread(body, 1, (size_t)sb.st_size, f);
        if (f)
            fclose(f);
        if (!body || len == 0)
            po_err_set(&err, PO_EIO, "无法读取模板", "cannot read the template back");
    }
    unlink(path);
    if (err.code) {
        po_resp_err(req, resp, &err);
        return;
    }
    po_resp_file_utf8(req, resp,
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      po_arena_printf(req->a, "%s-template.xlsx", kind),
                      po_arena_printf(req->a, "%s导入模板.xlsx", title), body, len);
}

const struct po_route po_routes_import[] = {
    { "POST", "/api/v1/imports", import_upload, PO_P_IMPORT, PO_RF_UPLOAD, "imports",
      "Import a file (the body's bytes) all or nothing; 422 with every bad row; district officers: "
      "their district's enterprises only",
      "kind,file_name,encoding,sheet", NULL },
    { "GET", "/api/v1/imports", batches, PO_P_READ_REGISTRY, PO_RF_LIST, "imports",
      "Past import batches, newest first", "kind,actor", PO_REGISTRY_BATCH_SORTS },
    { "GET", "/api/v1/imports/kinds", kinds, PO_P_IMPORT, 0, "imports",
      "The import kinds (their columns: docs/import.md)", NULL, NULL },
    { "GET", "/api/v1/imports/templates/{kind}", template_get, PO_P_IMPORT, PO_RF_BINARY, "imports",
      "The kind's import template: XLSX with the Chinese headers, an example row and a sheet "
      "填写说明 explaining every column",
      NULL, NULL },
    { NULL, NULL, NULL, 0, 0, NULL, NULL, NULL, NULL },
};
