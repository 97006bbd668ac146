/*
 * calendarlog.c: the imported holiday notices, listed (calendarlog.h).
 *
 * Read whole before returning, so `calendar show` prints the list whole or
 * not at all; a city imports a notice or two a year.
 */
#include "app/calendarlog.h"
#include "util/arena.h"

/* The row's strings copied into a; 0, or PO_ENOMEM. */
static int read_entry(struct po_calendarlog_entry *e, struct po_stmt *s, struct po_arena *a,
                      struct po_err *err)
{
    e->id = po_stmt_int(s, 0);
    e->imported_at = po_arena_strdup(a, po_stmt_text(s, 1));
    e->actor = po_arena_strdup(a, po_stmt_text(s, 2));
    e->file_name = po_arena_strdup(a, po_stmt_text(s, 3));
    e->years = po_arena_strdup(a, po_stmt_text(s, 4));
    e->nrows = po_stmt_int(s, 5);
    e->sha256 = po_arena_strdup(a, po_stmt_text(s, 6));
    if (!e->imported_at || !e->actor || !e->file_name || !e->years || !e->sha256)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    return 0;
}

int po_calendarlog_list(struct po_calendarlog_entry **out, size_t *n, struct po_store *st,
                        struct po_arena *a, struct po_err *err)
{
    struct po_stmt *s = NULL;
    struct po_calendarlog_entry *v = NULL;
    size_t len = 0, cap = 0;
    int rc = po_stmt_prepare(&s, st,
                             "SELECT id, imported_at, actor, file_name, years, nrows, sha256"
                             " FROM calendar_import ORDER BY id",
                             err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        if (len == cap) {
            size_t ncap = cap ? cap * 2 : 8;
            struct po_calendarlog_entry *nv =
                po_arena_realloc(a, v, cap * sizeof(*v), ncap * sizeof(*v));
            if (!nv) {
                rc = po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
                break;
            }
            v = nv;
            cap = ncap;
        }
        rc = read_entry(&v[len++], s, a, err);
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    *out = v;
    *n = len;
    return 0;
}
