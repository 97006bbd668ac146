/*
 * refsync.c: the compiled-in reference tables stored into ref_table /
 * ref_row (refsync.h), each parsed by refdata/refdata.c.
 */
#include "app/refsync.h"
#include "refdata/refdata.h"
#include "util/buf.h"
#include "util/embed.h"

#include <jansson.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct load_ctx {
    struct po_store *st;
    const char *table;
    int64_t version;
    int src_col, conf_col;
    struct po_buf header;
    struct po_stmt *ins;
    size_t nrows;
};

static int load_row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct load_ctx *c = vctx;
    if (rowno == 0) {
        for (size_t i = 0; i < n; i++) {
            po_buf_addf(&c->header, "%s%s", i ? "," : "", f[i]);
            if (strcmp(f[i], "source") == 0)
                c->src_col = (int)i;
            if (strcmp(f[i], "confidence") == 0)
                c->conf_col = (int)i;
        }
        return po_buf_failed(&c->header) ? po_err_set(err, PO_ENOMEM, "内存不足", "out of memory")
                                         : 0;
    }
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        json_array_append_new(arr, json_string(f[i]));
    char *js = arr ? json_dumps(arr, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(arr);
    if (!js)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    struct po_value v[6] = {
        po_vtext(c->table),
        po_vint(c->version),
        po_vint((int64_t)rowno),
        po_vtext(js),
        c->src_col >= 0 && (size_t)c->src_col < n ? po_vtext(f[c->src_col]) : PO_VNULL,
        c->conf_col >= 0 && (size_t)c->conf_col < n ? po_vtext(f[c->conf_col]) : PO_VNULL,
    };
    int rc = po_stmt_bindv(c->ins, v, 6, err);
    if (rc == 0)
        rc = po_stmt_step(c->ins, err);
    po_stmt_reset(c->ins, err);
    free(js);
    c->nrows++;
    return rc < 0 ? rc : 0;
}

static int sync_one(bool *loaded, struct po_store *st, const struct po_embedded *e,
                    const char *table, struct po_err *err)
{
    unsigned char h[32];
    char hex[65];
    crypto_hash_sha256(h, e->data, e->len);
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    struct po_stmt *q;
    int rc = po_stmt_prepare(&q, st,
                             "SELECT version, sha256 FROM ref_table WHERE name = ? "
                             "ORDER BY version DESC LIMIT 1",
                             err);
    if (rc < 0)
        return rc;
    struct po_value nv = po_vtext(table);
    int64_t latest = 0;
    bool same = false;
    rc = po_stmt_bindv(q, &nv, 1, err);
    if (rc == 0 && (rc = po_stmt_step(q, err)) == 1) {
        latest = po_stmt_int(q, 0);
        same = strcmp(po_stmt_text(q, 1), hex) == 0;
        rc = 0;
    }
    po_stmt_finalize(q);
    if (rc < 0 || same)
        return rc;
    struct load_ctx c = { st, table, latest + 1, -1, -1, PO_BUF_INIT, NULL, 0 };
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
    /* the ref_table row first (ref_row refers to it), completed after the rows */
    struct po_value tv[6] = { po_vtext(table), po_vint(c.version), po_vtext(hex),
                              po_vtext(""),    po_vint(0),         po_vtext(now) };
    rc = po_store_run(st,
                      "INSERT INTO ref_table(name, version, sha256, columns, nrows, loaded_at) "
                      "VALUES (?, ?, ?, ?, ?, ?)",
                      tv, 6, err);
    if (rc == 0)
        rc = po_stmt_prepare(&c.ins, st,
                             "INSERT INTO ref_row(name, version, rowno, data, source, confidence) "
                             "VALUES (?, ?, ?, ?, ?, ?)",
                             err);
    if (rc == 0)
        rc = po_ref_parse(e->name, load_row, &c, err);
    po_stmt_finalize(c.ins);
    if (rc == 0) {
        struct po_value uv[4] = { po_vtext(c.header.buf), po_vint((int64_t)c.nrows),
                                  po_vtext(table), po_vint(c.version) };
        rc = po_store_run(
            st, "UPDATE ref_table SET columns = ?, nrows = ? WHERE name = ? AND version = ?", uv, 4,
            err);
    }
    po_buf_release(&c.header);
    *loaded = rc == 0;
    return rc;
}

int po_refsync_run(struct po_refsync_result *out, struct po_store *st, struct po_err *err)
{
    if (sodium_init() < 0)
        return po_err_set(err, PO_EINTERNAL, "libsodium 初始化失败", "libsodium failed to start");
    out->tables = out->loaded = 0;
    int rc = po_store_begin(st, err);
    for (const struct po_embedded *e = po_embedded_files; rc == 0 && e->name; e++) {
        size_t n = strlen(e->name);
        if (strncmp(e->name, "data/", 5) != 0 || n < 9 || strcmp(e->name + n - 4, ".csv") != 0)
            continue;
        char table[128];
        snprintf(table, sizeof(table), "%.*s", (int)(n - 9), e->name + 5);
        bool loaded = false;
        rc = sync_one(&loaded, st, e, table, err);
        out->tables++;
        out->loaded += loaded;
    }
    return po_store_end(st, rc, err);
}
