/*
 * fuzz_calendar.c: libFuzzer target for the holiday calendar import (refdata/calendar.h), what
 * `phaseout calendar import FILE` and the calendar page read: a State Council notice as CSV
 * (UTF-8 or GBK) or XLSX with the columns date,kind,name,source.
 *
 * The input is written to a file and read with po_calendar_read_file().  When it is accepted,
 * its rows are laid over the compiled-in calendar as a stored import would be
 * (po_calendar_overlay()), twice (a second import of the same file replaces the first).
 * Aborts (a finding) when:
 *   - a failure has no negative code and both messages;
 *   - an accepted file breaks what the header promises: no entries, entries unsorted or
 *     duplicated, a date outside 2000-2199 or outside first_year..last_year, a makeup working
 *     day that is not a Saturday or Sunday, an empty name or source;
 *   - an accepted overlay breaks the core's invariants (po_deadline_calendar_check), or every
 *     entry of the file is not found in it as it was given.
 */
#include <stdbool.h>

#include "core/deadline.h"
#include "refdata/calendar.h"
#include "util/arena.h"
#include "fuzzutil.h"

static struct po_calendar base;

static void check_file(const struct po_calendar_file *f)
{
    if (f->n < 1 || !f->entries || f->first_year > f->last_year || f->first_year < 2000 ||
        f->last_year > 2199)
        abort();
    for (size_t i = 0; i < f->n; i++) {
        const struct po_cal_entry *e = &f->entries[i];
        if (!po_deadline_date_valid(e->date) || e->date.y < f->first_year ||
            e->date.y > f->last_year || !e->name || !*e->name || !e->source || !*e->source)
            abort();
        if (i && po_date_cmp(f->entries[i - 1].date, e->date) >= 0)
            abort();
        if (e->kind == PO_CAL_WORKDAY ? po_deadline_weekday(e->date) < 6 : e->kind != PO_CAL_HOLIDAY)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct po_arena *ba;
    struct po_err err = PO_ERR_INIT;
    if (!ba && (!(ba = po_arena_new()) || po_calendar_load(&base, ba, &err) != 0))
        abort();
    const char *path = fuzz_tmpfile("calendar", data, size);
    if (!path)
        return 0;
    struct po_arena *a = po_arena_new();
    if (!a)
        abort();
    struct po_calendar_file f;
    int rc = po_calendar_read_file(&f, path, a, &err);
    fuzz_check_err(rc, &err);
    if (rc == 0) {
        check_file(&f);
        struct po_calendar_stored *rows = po_arena_alloc(a, 2 * f.n * sizeof *rows);
        if (!rows)
            abort();
        for (size_t i = 0; i < 2 * f.n; i++)
            rows[i] = (struct po_calendar_stored){ (int64_t)(i / f.n) + 1, f.entries[i % f.n] };
        struct po_calendar cal;
        struct po_err oerr = PO_ERR_INIT;
        rc = po_calendar_overlay(&cal, &base, rows, 2 * f.n, a, &oerr);
        fuzz_check_err(rc, &oerr);
        if (rc == 0) {
            struct po_err cerr = PO_ERR_INIT;
            if (po_deadline_calendar_check(&cal, &cerr) != 0)
                abort();
            for (size_t i = 0; i < f.n; i++) {
                const struct po_cal_entry *e = po_deadline_calendar_find(&cal, f.entries[i].date);
                if (!e || e->kind != f.entries[i].kind || strcmp(e->name, f.entries[i].name) != 0)
                    abort();
            }
        }
    }
    po_arena_destroy(a);
    return 0;
}
