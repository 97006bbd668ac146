/*
 * listq.h: paged list queries — a WHERE clause built from constant
 * fragments with bound values, a COUNT and a page, rows turned into JSON
 * objects by column name.  Used by the app functions that answer the lists
 * of the CLI and the HTTP API; knows nothing of HTTP (the server turns its
 * request's page into a struct po_listq_page).
 *
 * Values from the caller are only ever bound.  The ORDER BY field is one of
 * the list's documented sort names (the server checks it against a constant
 * list) mapped through a constant table, so no caller text is ever spliced
 * into SQL.
 *
 * Row to JSON: a column named x_micro becomes x, divided by 10^6; a column
 * named x_bool becomes x as true/false; integers, reals, text and NULL as
 * they are.
 *
 * Memory: text copied by po_listq_like/po_listq_page lives in the arena the
 * query was initialised with; the JSON returned is a new reference the caller
 * owns.  Errors: the store's (PO_EUNAVAIL, PO_EINVAL ...), and PO_EUNAVAIL "out of
 * memory" when the query text cannot be built; err filled, NULL returned.
 */
#ifndef PO_APP_LISTQ_H
#define PO_APP_LISTQ_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "store/store.h"
#include "util/buf.h"

struct po_arena;

#define PO_LISTQ_MAX_BINDS 24

struct po_listq {
    struct po_arena *a;  /* the LIKE patterns and the query text */
    struct po_buf where; /* " AND ..." fragments */
    struct po_value binds[PO_LISTQ_MAX_BINDS];
    size_t nbinds;
    /* FROM for the COUNT when the joins of the list's FROM cannot change the count
       (no condition names a joined table): NULL counts over the list's FROM */
    const char *count_from;
};

/* A sort name and the SQL expression it orders by. */
struct po_listq_sort {
    const char *name;
    const char *expr;
};

/* Which page, in what order: sort is one of the list's sort names or NULL for its default. */
struct po_listq_page {
    int64_t per_page, offset;
    const char *sort;
    bool desc;
};

void po_listq_init(struct po_listq *q, struct po_arena *a);
void po_listq_release(struct po_listq *q);
/* Append " AND <cond>" with n values for its ? placeholders (text is not copied). */
void po_listq_and(struct po_listq *q, const char *cond, size_t n, const struct po_value *v);
/* " AND <cond>" with s bound to its one ?; nothing when s is NULL (a filter not asked for) */
void po_listq_and_text(struct po_listq *q, const char *cond, const char *s);
/* " AND (a LIKE ? OR b LIKE ?)" with %s% for each of the n columns (≤ 3), s matched literally */
void po_listq_like(struct po_listq *q, const char *const *cols, size_t n, const char *s);

/* The row's columns as a JSON object (see above). */
json_t *po_listq_row_json(struct po_stmt *s);

/*
 * One page of a list: SELECT <select> FROM <from> WHERE 1=1 <q> ORDER BY <sort expr or
 * def_order>, <tiebreak> LIMIT/OFFSET as a JSON array of po_listq_row_json objects, the
 * COUNT(*) in *total.  sorts: the list's sort names with their expressions (NULL-terminated).
 */
json_t *po_listq_page(int64_t *total, struct po_store *st, const char *select, const char *from,
                      const struct po_listq *q, const struct po_listq_sort *sorts,
                      const char *def_order, const char *tiebreak, const struct po_listq_page *pg,
                      struct po_err *err);

/* Run SELECT ... with v[0..n) bound and return all rows as a JSON array. */
json_t *po_listq_all(struct po_store *st, const char *sql, const struct po_value *v, size_t n,
                     struct po_err *err);

#endif
