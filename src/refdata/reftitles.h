/*
 * reftitles.h: what each reference table and document of data/ is, in words —
 * data/reference_titles.csv (compiled in): the file, its Chinese and English
 * title, the standard or document it rests on (number and title), with source
 * and confidence like every reference table.  For the readers of reference
 * data (GET /api/v1/reference): a table is shown by its title and basis, not
 * by its file name (issue 12 §2).
 *
 * Memory: the rows and po_reftitles_words()' text live in the arena given.
 * Errors: po_reftitles_load() returns PO_EINTERNAL (the file missing or
 * malformed) or PO_ENOMEM; po_reftitles_find() NULL for a file not in it,
 * po_reftitles_words() NULL out of memory.
 */
#ifndef PO_REFTITLES_H
#define PO_REFTITLES_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

struct po_arena;

struct po_reftitle {
    const char *file;     /* "energy_quota_standards.csv", "dual_control_rules.md" */
    const char *title_zh; /* 单位产品能源消耗限额标准 */
    const char *title_en;
    const char *basis; /* GB 21256、GB 21257 ... 强制性国家标准 */
    const char *source;
    const char *confidence;
};

/* Every row of data/reference_titles.csv, in file order, in a; *n rows.  PO_EINTERNAL on a
 * malformed file. */
int po_reftitles_load(const struct po_reftitle **out, size_t *n, struct po_arena *a,
                      struct po_err *err);

/* The row of file (or of file + ".csv": a reference table's name), or NULL. */
const struct po_reftitle *po_reftitles_find(const struct po_reftitle *t, size_t n,
                                            const char *file);

/*
 * text with every file name of the table in it ("emission_factors.csv (IPCC ...)",
 * "dual_control_rules.md §1") replaced by the file's title: 《各种能源折标准煤参考系数》
 * (en false) or "Standard-coal ... types" in quotes (en true); other text as is.  In a;
 * NULL when out of memory.
 */
char *po_reftitles_words(struct po_arena *a, const struct po_reftitle *t, size_t n,
                         const char *text, bool en);

#endif
