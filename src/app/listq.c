/*
 * listq.c: paged list queries (listq.h).
 */
#include "app/listq.h"

#include "util/arena.h"

#include <string.h>

void po_listq_init(struct po_listq *q, struct po_arena *a)
{
    memset(q, 0, sizeof *q);
    q->a = a;
}

void po_listq_release(struct po_listq *q)
{
    po_buf_release(&q->where);
}

void po_listq_and(struct po_listq *q, const char *cond, size_t n, const struct po_value *v)
{
    if (q->nbinds + n > PO_LISTQ_MAX_BINDS)
        return; /* a programming error: the lists have few filters */
    po_buf_adds(&q->where, " AND ");
    po_buf_adds(&q->where, cond);
    for (size_t i = 0; i < n; i++)
        q->binds[q->nbinds++] = v[i];
}

void po_listq_and_text(struct po_listq *q, const char *cond, const char *s)
{
    if (!s)
        return;
    struct po_value v = po_vtext(s);
    po_listq_and(q, cond, 1, &v);
}

void po_listq_like(struct po_listq *q, const char *const *cols, size_t n, const char *s)
{
    if (n > 3 || q->nbinds + n > PO_LISTQ_MAX_BINDS)
        return;
    /* escape the LIKE metacharacters so a keyword is matched literally */
    size_t len = strlen(s);
    char *pat = po_arena_alloc(q->a, 2 * len + 3);
    if (!pat)
        return;
    size_t j = 0;
    pat[j++] = '%';
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '%' || s[i] == '_' || s[i] == '\\')
            pat[j++] = '\\';
        pat[j++] = s[i];
    }
    pat[j++] = '%';
    pat[j] = 0;
    po_buf_adds(&q->where, " AND (");
    for (size_t i = 0; i < n; i++) {
        po_buf_addf(&q->where, "%s%s LIKE ? ESCAPE '\\'", i ? " OR " : "", cols[i]);
        q->binds[q->nbinds++] = po_vtext(pat);
    }
    po_buf_addch(&q->where, ')');
}

/* Append every remaining row of s to items; 0 or the step's error. */
static int rows_into(json_t *items, struct po_stmt *s, struct po_err *err)
{
    int rc;
    while ((rc = po_stmt_step(s, err)) == 1)
        json_array_append_new(items, po_listq_row_json(s));
    return rc;
}

static size_t suffix(const char *name, const char *suf)
{
    size_t n = strlen(name), s = strlen(suf);
    return n > s && !strcmp(name + n - s, suf) ? n - s : 0;
}

json_t *po_listq_row_json(struct po_stmt *s)
{
    json_t *o = json_object();
    int nc = po_stmt_ncols(s);
    for (int i = 0; i < nc; i++) {
        const char *name = po_stmt_colname(s, i);
        struct po_value v = po_stmt_col(s, i);
        size_t k;
        char key[64];
        json_t *jv;
        if ((k = suffix(name, "_micro")) && k < sizeof key) {
            memcpy(key, name, k);
            key[k] = 0;
            /* exact to the 6th decimal for |x| < 2^53 micro-units */
            jv = v.type == PO_V_NULL  ? json_null()
                 : v.type == PO_V_INT ? json_real((double)v.i / 1e6)
                                      : json_real(v.r / 1e6);
            json_object_set_new(o, key, jv);
            continue;
        }
        if ((k = suffix(name, "_bool")) && k < sizeof key) {
            memcpy(key, name, k);
            key[k] = 0;
            json_object_set_new(o, key, v.type == PO_V_NULL ? json_null() : json_boolean(v.i != 0));
            continue;
        }
        switch (v.type) {
        case PO_V_NULL:
            jv = json_null();
            break;
        case PO_V_INT:
            jv = json_integer(v.i);
            break;
        case PO_V_REAL:
            jv = json_real(v.r);
            break;
        default:
            jv = json_stringn(v.s, v.len);
            break;
        }
        json_object_set_new(o, name, jv ? jv : json_null());
    }
    return o;
}

/*
 * The rows sql selects with v[0..n) as an array of objects (rows_into), and with pg its
 * per_page and offset bound after them (LIMIT ? OFFSET ?); NULL with err filled.
 */
static json_t *select_rows(struct po_store *st, const char *sql, const struct po_value *v, size_t n,
                           const struct po_listq_page *pg, struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, st, sql, err);
    if (rc == 0)
        rc = po_stmt_bindv(s, v, n, err);
    if (rc == 0 && pg)
        rc = po_stmt_bind(s, (int)n + 1, po_vint(pg->per_page), err);
    if (rc == 0 && pg)
        rc = po_stmt_bind(s, (int)n + 2, po_vint(pg->offset), err);
    json_t *items = json_array();
    if (rc == 0)
        rc = rows_into(items, s, err);
    po_stmt_finalize(s);
    if (rc < 0) {
        json_decref(items);
        return NULL;
    }
    return items;
}

json_t *po_listq_page(int64_t *total, struct po_store *st, const char *select, const char *from,
                      const struct po_listq *q, const struct po_listq_sort *sorts,
                      const char *def_order, const char *tiebreak, const struct po_listq_page *pg,
                      struct po_err *err)
{
    const char *order = def_order;
    if (pg->sort)
        for (const struct po_listq_sort *s = sorts; s && s->name; s++)
            if (!strcmp(s->name, pg->sort))
                order = po_arena_printf(q->a, "%s %s", s->expr, pg->desc ? "DESC" : "ASC");
    const char *where = q->where.len ? q->where.buf : "";
    const char *csql = po_arena_printf(q->a, "SELECT COUNT(*) FROM %s WHERE 1=1%s",
                                       q->count_from ? q->count_from : from, where);
    const char *lsql =
        po_arena_printf(q->a, "SELECT %s FROM %s WHERE 1=1%s ORDER BY %s, %s LIMIT ? OFFSET ?",
                        select, from, where, order, tiebreak);
    if (!csql || !lsql || !order || po_buf_failed(&q->where)) {
        po_err_set(err, PO_EUNAVAIL, "内存不足", "out of memory");
        return NULL;
    }
    *total = 0;
    struct po_err cerr = PO_ERR_INIT; /* no row (PO_ENOTFOUND) counts 0, err left untouched */
    int rc = po_store_query_int(total, st, csql, q->binds, q->nbinds, &cerr);
    if (rc < 0 && rc != PO_ENOTFOUND) {
        if (err)
            *err = cerr;
        return NULL;
    }
    return select_rows(st, lsql, q->binds, q->nbinds, pg, err);
}

json_t *po_listq_all(struct po_store *st, const char *sql, const struct po_value *v, size_t n,
                     struct po_err *err)
{
    return select_rows(st, sql, v, n, NULL, err);
}
