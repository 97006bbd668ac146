/*
 * calendardb.c: the calendar's store side (calendardb.h): the stored
 * imports read and laid over the compiled-in calendar, and the import of a
 * notice in one transaction.  Reading and checking rows is refdata/calendar.c.
 */
#include "app/calendardb.h"
#include "app/audit.h"
#include "app/casedb.h"
#include "util/arena.h"
#include "util/buf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IMPORT_MAX_BYTES (1u << 20)

static int nomem(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

/* Every stored row, in import order, each checked as the files are. */
static int read_stored(struct po_calendar_stored **out, size_t *n, struct po_store *st,
                       struct po_arena *a, struct po_err *err)
{
    struct po_stmt *s = NULL;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int rc = po_stmt_prepare(&s, st,
                             "SELECT import_id, day, kind, name, source FROM calendar_day"
                             " ORDER BY import_id, day",
                             err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        struct po_str f[4];
        for (int i = 0; i < 4; i++)
            f[i] = po_str_c(po_stmt_text(s, i + 1) ? po_stmt_text(s, i + 1) : "");
        struct po_calendar_stored r = { po_stmt_int(s, 0),
                                        { { 0, 0, 0 }, PO_CAL_NONE, NULL, NULL } };
        rc = po_calendar_entry(&r.e, f, 4, a, err);
        if (rc < 0) {
            po_err_context(err, "calendar_import %" PRId64, r.import_id);
            break;
        }
        if (*n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            struct po_calendar_stored *v =
                po_arena_realloc(a, *out, cap * sizeof(*v), ncap * sizeof(*v));
            if (!v) {
                rc = nomem(err);
                break;
            }
            *out = v;
            cap = ncap;
        }
        (*out)[(*n)++] = r;
    }
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

int po_calendardb_load(struct po_calendar *out, struct po_store *st, struct po_arena *a,
                       struct po_err *err)
{
    struct po_calendar base;
    struct po_calendar_stored *rows = NULL;
    size_t nrows = 0;
    int rc = po_calendar_load(&base, a, err);
    if (rc == 0)
        rc = read_stored(&rows, &nrows, st, a, err);
    return rc < 0 ? rc : po_calendar_overlay(out, &base, rows, nrows, a, err);
}

/* ---- import ---- */

static int file_hash(char hex[PO_AUDIT_HEX], const char *path, struct po_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return po_err_set(err, PO_EIO, "无法打开 %s", "cannot open %s", path);
    char *buf = malloc(IMPORT_MAX_BYTES + 1);
    size_t n = buf ? fread(buf, 1, IMPORT_MAX_BYTES + 1, f) : 0;
    int rc = !buf        ? nomem(err)
             : ferror(f) ? po_err_set(err, PO_EIO, "无法读取 %s", "cannot read %s", path)
             : n > IMPORT_MAX_BYTES
                 ? po_err_set(err, PO_EINVAL, "%s 超过 1 MiB", "%s is over 1 MiB", path)
                 : 0;
    if (rc == 0)
        po_audit_sha256_hex(hex, buf, n);
    free(buf);
    fclose(f);
    return rc;
}

static int insert_rows(struct po_store *st, int64_t id, const struct po_calendar_file *f,
                       struct po_err *err)
{
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, st,
                             "INSERT INTO calendar_day(import_id, day, kind, name, source)"
                             " VALUES (?, ?, ?, ?, ?)",
                             err);
    for (size_t i = 0; rc == 0 && i < f->n; i++) {
        char d[PO_DATE_BUFSZ];
        const struct po_cal_entry *e = &f->entries[i];
        struct po_value v[5] = { po_vint(id),
                                 po_vtext(po_deadline_format_date(d, sizeof(d), e->date)),
                                 po_vtext(e->kind == PO_CAL_HOLIDAY ? "holiday" : "workday"),
                                 po_vtext(e->name), po_vtext(e->source) };
        rc = po_stmt_bindv(s, v, 5, err);
        if (rc == 0)
            rc = po_stmt_step(s, err);
        if (rc >= 0)
            rc = po_stmt_reset(s, err);
    }
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

static int import_tx(struct po_calendardb_import_result *out, struct po_store *st,
                     const struct po_calendar_file *c, const char *hex, const char *actor,
                     struct po_arena *a, struct po_err *err)
{
    char at[32], object[48];
    po_audit_now(at, sizeof(at));
    int rc = po_store_query_int(&out->id, st, "SELECT coalesce(max(id), 0) FROM calendar_import",
                                NULL, 0, err);
    out->id += 1;
    if (rc == 0) {
        struct po_value v[7] = { po_vint(out->id),  po_vtext(at),  po_vtext(actor),
                                 po_vtext(c->name), po_vtext(hex), po_vint((int64_t)c->n),
                                 po_vtext(c->years) };
        rc = po_store_run(st,
                          "INSERT INTO calendar_import(id, imported_at, actor, file_name, sha256,"
                          " nrows, years) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          v, 7, err);
    }
    if (rc == 0)
        rc = insert_rows(st, out->id, c, err);
    struct po_calendar cal;
    if (rc == 0)
        rc = po_calendardb_load(&cal, st, a, err);
    if (rc == 0) {
        out->cal_first = cal.first_year;
        out->cal_last = cal.last_year;
        rc = po_casedb_refresh(&out->cases, &out->cases_changed, st, &cal, err);
    }
    if (rc == 0) {
        struct po_buf d = PO_BUF_INIT;
        po_buf_addf(&d,
                    "file=%s sha256=%s rows=%zu years=%s calendar=%d-%d cases=%" PRId64
                    " changed=%" PRId64,
                    c->name, hex, c->n, c->years, cal.first_year, cal.last_year, out->cases,
                    out->cases_changed);
        snprintf(object, sizeof(object), "calendar_import/%" PRId64, out->id);
        rc = po_buf_failed(&d)
                 ? nomem(err)
                 : po_audit_append(st, at, actor, "calendar.import", object, d.buf, err);
        po_buf_release(&d);
    }
    return rc;
}

int po_calendardb_import(struct po_calendardb_import_result *out, struct po_store *st,
                         const char *path, const char *actor, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    struct po_arena *a = po_arena_new();
    if (!a)
        return nomem(err);
    struct po_calendar_file c;
    char hex[PO_AUDIT_HEX];
    int rc = file_hash(hex, path, err);
    if (rc == 0)
        rc = po_calendar_read_file(&c, path, a, err);
    if (rc == 0) {
        out->rows = c.n;
        out->first_year = c.first_year;
        out->last_year = c.last_year;
        rc = po_store_begin(st, err);
        if (rc == 0)
            rc = po_store_end(st, import_tx(out, st, &c, hex, actor, a, err), err);
    }
    po_arena_destroy(a);
    return rc;
}
