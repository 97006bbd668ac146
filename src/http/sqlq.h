/*
 * sqlq.h: paged list queries for the API — a WHERE clause built from
 * constant fragments with bound values, a COUNT and a page, rows turned
 * into JSON objects by column name.
 *
 * Values from the request are only ever bound.  The ORDER BY field is one
 * of the route's documented sort names (checked by po_req_page against a
 * constant list) mapped through a constant table, so no request text is
 * ever spliced into SQL.
 *
 * Row to JSON: a column named x_micro becomes x, divided by 10^6; a column
 * named x_bool becomes x as true/false; integers, reals, text and NULL as
 * they are.
 */
#ifndef PO_HTTP_SQLQ_H
#define PO_HTTP_SQLQ_H

#include "http/http.h"
#include "store/store.h"
#include "util/buf.h"

#define PO_SQLQ_MAX_BINDS 24

struct po_sqlq {
    struct po_buf where; /* " AND ..." fragments */
    struct po_value binds[PO_SQLQ_MAX_BINDS];
    size_t nbinds;
    /* FROM for the COUNT when the joins of the list's FROM cannot change the count
       (no condition names a joined table): NULL counts over the list's FROM */
    const char *count_from;
};

/* A sort name and the SQL expression it orders by. */
struct po_sqlq_sort {
    const char *name;
    const char *expr;
};

void po_sqlq_init(struct po_sqlq *q);
void po_sqlq_release(struct po_sqlq *q);
/* Append " AND <cond>" with up to 3 values for its ? placeholders (text copied into req->a). */
void po_sqlq_and(struct po_sqlq *q, const char *cond, size_t n, const struct po_value *v);
void po_sqlq_and_text(struct po_sqlq *q, const char *cond, const char *s);
/* " AND (a LIKE ? OR b LIKE ?)" with %s% for each of the n columns (≤ 3) */
void po_sqlq_like(struct po_sqlq *q, struct po_arena *a, const char *const *cols, size_t n,
                  const char *s);

/* A query parameter and the condition it adds (one ? bound to its value). */
struct po_sqlq_filter {
    const char *name;
    const char *cond;
};
/* AND the condition of every filter (NULL-terminated) whose parameter the request has. */
void po_sqlq_filters(struct po_sqlq *q, struct po_req *req, const struct po_sqlq_filter *f);
/* AND "<col> = ?" with the user's district when the user is confined to one. */
void po_sqlq_scope(struct po_sqlq *q, struct po_req *req, const char *col);

/* {"items": items, "total": n} for short unpaged lists, with an ETag; NULL items: resp is filled already. */
void po_resp_items(struct po_req *req, struct po_resp *resp, json_t *items);

/* The row's columns as a JSON object (see above). */
json_t *po_sqlq_row_json(struct po_stmt *s);

/*
 * One page of a list: SELECT <select> FROM <from> WHERE 1=1 <q> ORDER BY <sort expr or
 * def_order>, <tiebreak> LIMIT/OFFSET as po_sqlq_all's array, the COUNT(*) in *total; NULL
 * with resp filled on error.  For a list that adds computed fields before po_resp_list().
 */
json_t *po_sqlq_page(int64_t *total, struct po_req *req, struct po_resp *resp, const char *select,
                     const char *from, const struct po_sqlq *q, const struct po_sqlq_sort *sorts,
                     const char *def_order, const char *tiebreak, const struct po_page *pg);
/*
 * Answer a paged list: SELECT <select> FROM <from> WHERE 1=1 <q> ORDER BY
 * <sort expr or def_order>, <tiebreak> LIMIT/OFFSET, plus the COUNT(*).
 * sorts: the route's sort names with their expressions (NULL-terminated).
 * Fills resp (the list, or an error).
 */
void po_sqlq_list(struct po_req *req, struct po_resp *resp, const char *select, const char *from,
                  struct po_sqlq *q, const struct po_sqlq_sort *sorts, const char *def_order,
                  const char *tiebreak, const struct po_page *pg);

/* Run SELECT ... and return all rows as a JSON array; NULL with resp filled on error. */
json_t *po_sqlq_all(struct po_req *req, struct po_resp *resp, const char *sql,
                    const struct po_value *v, size_t n);

#endif
