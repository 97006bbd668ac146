/*
 * refread.c: the stored reference tables read back (refread.h).
 *
 * Everything is read before anything is returned, so the CLI prints a
 * table whole or not at all; the tables are small (the CSV files of data/).
 */
#include "app/refread.h"
#include "util/arena.h"

#include <jansson.h>
#include <string.h>

#define OOM(err) po_err_set(err, PO_ENOMEM, "内存不足", "out of memory")

/* v (len of *cap elements of size sz) with room for one more: v itself, a larger copy, or NULL. */
static void *grow(void *v, size_t *cap, size_t len, size_t sz, struct po_arena *a)
{
    if (len < *cap)
        return v;
    size_t ncap = *cap ? *cap * 2 : 32;
    void *nv = po_arena_realloc(a, v, *cap * sz, ncap * sz);
    if (nv)
        *cap = ncap;
    return nv;
}

int po_refread_list(struct po_reftable **out, size_t *n, struct po_store *st, struct po_arena *a,
                    struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct po_reftable *v = NULL;
    size_t len = 0, cap = 0;
    int rc = po_stmt_prepare(
        &s, st,
        "SELECT t.name, t.version, t.nrows, t.loaded_at,"
        " (SELECT count(*) FROM ref_row r WHERE r.name = t.name AND r.version = t.version"
        "  AND r.confidence = 'low'),"
        " (SELECT count(*) FROM ref_table o WHERE o.name = t.name)"
        " FROM ref_table t WHERE t.version = (SELECT max(version) FROM ref_table m"
        " WHERE m.name = t.name) ORDER BY t.name",
        err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        struct po_reftable *nv = grow(v, &cap, len, sizeof(*v), a);
        if (!nv) {
            rc = OOM(err);
            break;
        }
        v = nv;
        struct po_reftable *t = &v[len++];
        t->name = po_arena_strdup(a, po_stmt_text(s, 0));
        t->version = po_stmt_int(s, 1);
        t->nrows = po_stmt_int(s, 2);
        t->loaded_at = po_arena_strdup(a, po_stmt_text(s, 3));
        t->low_confidence = po_stmt_int(s, 4);
        t->older_versions = po_stmt_int(s, 5) > 1;
        rc = t->name && t->loaded_at ? 0 : OOM(err);
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    *out = v;
    *n = len;
    return 0;
}

/* The version asked for (<= 0: the latest) and its header line. */
static int find_version(struct po_reftable_rows *t, struct po_store *st, const char *name,
                        int64_t version, struct po_arena *a, struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct po_value v[2] = { po_vtext(name), po_vint(version) };
    const char *sql = version > 0 ? "SELECT version, columns FROM ref_table"
                                    " WHERE name = ? AND version = ?"
                                  : "SELECT version, columns FROM ref_table WHERE name = ?"
                                    " ORDER BY version DESC LIMIT 1";
    int rc = po_stmt_prepare(&s, st, sql, err);
    if (rc == 0)
        rc = po_stmt_bindv(s, v, version > 0 ? 2 : 1, err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    if (rc == 1) {
        t->version = po_stmt_int(s, 0);
        t->columns = po_arena_strdup(a, po_stmt_text(s, 1));
        rc = t->columns ? 0 : OOM(err);
    } else if (rc == 0) {
        rc = po_err_set(err, PO_ENOTFOUND, "没有参考数据表 %s（用 ref list 查看）",
                        "no reference table %s (see ref list)", name);
    }
    po_stmt_finalize(s);
    return rc;
}

/* A stored row (a JSON array of strings) as fields; a row that does not parse has none. */
static int decode_row(struct po_refrow *out, const char *data, struct po_arena *a,
                      struct po_err *err)
{
    json_t *arr = json_loads(data, 0, NULL);
    size_t n = json_array_size(arr); /* 0 when arr is NULL or not an array */
    int rc = 0;
    *out = (struct po_refrow){ NULL, 0 };
    if (n) {
        out->fields = po_arena_calloc(a, n, sizeof(*out->fields));
        rc = out->fields ? 0 : OOM(err);
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        const char *f = json_string_value(json_array_get(arr, i));
        out->fields[i] = f ? po_arena_strdup(a, f) : NULL;
        if (f && !out->fields[i])
            rc = OOM(err);
    }
    if (rc == 0)
        out->n = n;
    json_decref(arr);
    return rc;
}

int po_refread_show(struct po_reftable_rows *out, struct po_store *st, const char *name,
                    int64_t version, struct po_arena *a, struct po_err *err)
{
    struct po_reftable_rows t = { name, 0, NULL, NULL, 0 };
    size_t cap = 0;
    int rc = find_version(&t, st, name, version, a, err);
    if (rc < 0)
        return rc;
    struct po_stmt *s = NULL;
    struct po_value v[2] = { po_vtext(name), po_vint(t.version) };
    rc = po_stmt_prepare(
        &s, st, "SELECT data FROM ref_row WHERE name = ? AND version = ? ORDER BY rowno", err);
    if (rc == 0)
        rc = po_stmt_bindv(s, v, 2, err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        struct po_refrow *nv = grow(t.rows, &cap, t.nrows, sizeof(*t.rows), a);
        if (!nv) {
            rc = OOM(err);
            break;
        }
        t.rows = nv;
        rc = decode_row(&t.rows[t.nrows++], po_stmt_text(s, 0), a, err);
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    *out = t;
    return 0;
}
