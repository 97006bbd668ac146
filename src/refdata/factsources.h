/*
 * factsources.h: the data items a rule may find not recorded (data/fact_sources.csv).
 *
 * A cannot-decide finding names, in po_finding.missing, the tags of the data items whose absence
 * left it undecided ("has_downstream", "value_added|energy_use").  This table says what each is
 * in Chinese and English, where it lives (table, column), which department must supply it and on
 * what authority, for the 数据待补 work list (GET /api/v1/data-gaps, `phaseout gaps`).
 *
 * Equipment parameters are not repeated here: a tag of data/equipment_params.csv resolves to
 * that file's name_zh / name_en (with its unit) and to the row `equipment_param` of this file for
 * the table, the supplier and the source.  A tag found in neither resolves to itself with no
 * supplier, so a new tag is shown, never dropped.
 *
 * The file is compiled in; a bad row (duplicate tag, empty name, a supplier that is not a
 * department, a confidence that is not high/medium/low) refuses the file, naming the row.
 *
 * Memory: the rows and the joined names live in the arena given; po_factsources_find() returns a
 * row of the table or tmp.  Errors: po_factsources_load() returns PO_EINVAL (a bad row, named)
 * or PO_ENOMEM; po_factsources_names() and _suppliers() NULL out of memory.
 */
#ifndef PO_FACTSOURCES_H
#define PO_FACTSOURCES_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define PO_FACTSOURCES_FILE "data/fact_sources.csv"

struct po_arena;

struct po_fact_source {
    const char *tag, *name_zh, *name_en, *table, *column;
    const char *supplier; /* department (miit drc energy eco_env emergency market); "" unknown */
    const char *source, *confidence;
    bool known; /* false: the tag is in neither file (name = tag) */
};

struct po_factsources {
    struct po_fact_source *rows; /* the file's rows, then one per equipment parameter */
    size_t n, nfile;
};

/* Load both files into *out; everything lives in a.  PO_EINVAL for a bad row. */
int po_factsources_load(struct po_factsources *out, struct po_arena *a, struct po_err *err);

/* The row of tag (a row of the file, else an equipment parameter, else *tmp filled as unknown). */
const struct po_fact_source *po_factsources_find(const struct po_factsources *fs, const char *tag,
                                                 struct po_fact_source *tmp);

/*
 * The Chinese (zh true) or English names of the '|'-joined tags, joined by "、" or ", ";
 * NULL on allocation failure.
 */
char *po_factsources_names(const struct po_factsources *fs, const char *tags, bool zh,
                           struct po_arena *a);

/* The departments of the '|'-joined tags, each once, '|'-joined, in the order first met. */
char *po_factsources_suppliers(const struct po_factsources *fs, const char *tags,
                               struct po_arena *a);

#endif
