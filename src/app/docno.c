/*
 * docno.c: per-authority, per-year document numbers (docno.h).
 */
#include "app/docno.h"

#include "refdata/reftext.h"
#include "util/arena.h"

int po_docno_take(struct po_store *st, const char *authority, int year, int64_t *n,
                  struct po_err *err)
{
    struct po_arena *a = po_arena_new();
    if (!a)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    const char *prefix;
    int rc = po_reftext_get(&prefix, a, PO_AUTHORITIES_FILE, authority, "doc_prefix", err);
    po_arena_destroy(a);
    if (rc < 0)
        return rc;
    if (year < 1990 || year > 2100)
        return po_err_set(err, PO_EINVAL, "文号年份 %d 无效", "bad document-number year %d", year);
    struct po_value v[2] = { po_vtext(authority), po_vint(year) };
    rc = po_store_run(st,
                      "INSERT INTO doc_number(authority, year, last) VALUES (?, ?, 0)"
                      " ON CONFLICT(authority, year) DO NOTHING",
                      v, 2, err);
    if (rc < 0)
        return rc;
    return po_store_query_int(n, st,
                              "UPDATE doc_number SET last = last + 1"
                              " WHERE authority = ? AND year = ? RETURNING last",
                              v, 2, err);
}

const char *po_docno_format(struct po_arena *a, const char *authority, int year, int64_t n)
{
    const char *prefix;
    struct po_err err = PO_ERR_INIT;
    if (po_reftext_get(&prefix, a, PO_AUTHORITIES_FILE, authority, "doc_prefix", &err) < 0)
        return NULL;
    return po_arena_printf(a, "%s〔%d〕%lld号", prefix, year, (long long)n);
}
