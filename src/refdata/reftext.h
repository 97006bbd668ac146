/*
 * reftext.h: keyed texts of the small data tables of the disclosure work —
 * data/authorities.csv, publication_lists.csv, notice_texts.csv and
 * report_categories.csv.  Each has a header row and a key in its first
 * column; a value is asked for by key and column name, so a column added to
 * the file needs no code.  No legal text lives in C: the notices, lists and
 * categories take their words from these files.
 *
 * Memory: the strings returned live in the arena given.  Errors: PO_ENOTFOUND
 * (no such file compiled in, no row with that key, or no such column — the
 * message names the file and the key or column), PO_EINTERNAL (malformed CSV)
 * or PO_ENOMEM, with err filled.  Thread-safe.
 */
#ifndef PO_REFTEXT_H
#define PO_REFTEXT_H

#include <stddef.h>

#include "util/err.h"

struct po_arena;

#define PO_AUTHORITIES_FILE "data/authorities.csv"
#define PO_PUBLISTS_FILE "data/publication_lists.csv"
#define PO_NOTICE_TEXTS_FILE "data/notice_texts.csv"
#define PO_REPORT_CATEGORIES_FILE "data/report_categories.csv"

/* Column col of the row of file whose first column is key. */
int po_reftext_get(const char **out, struct po_arena *a, const char *file, const char *key,
                   const char *col, struct po_err *err);

/* The keys (first column) of file, in file order. */
int po_reftext_keys(const char ***out, size_t *n, struct po_arena *a, const char *file,
                    struct po_err *err);

/*
 * text with every {name} replaced by the value of the pair names[i] / values[i] (n pairs);
 * an unknown {name} stays as written.  NULL when out of memory.
 */
char *po_reftext_fill(struct po_arena *a, const char *text, const char *const *names,
                      const char *const *values, size_t n);

#endif
