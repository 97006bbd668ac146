/*
 * import_doc.h: what each column of each import kind means, for the people who fill the files in.
 *
 * One row per kind and column of the kinds in import_kinds.c (a unit test holds the two tables
 * together): the meaning in Chinese and English, the unit, an example value that imports, and
 * whether the column belongs in a template at all (the meter kind's year and month come from the
 * timestamp).  Required or not and the allowed values are not repeated here: they come from the
 * column's own spec, so they cannot drift.  Equipment parameter columns (equipment_params.csv)
 * have rows too, with the header the importer accepts; they are not in the kind's column spec.
 *
 * Memory: static tables; nothing is allocated.  Errors: none — the lookups return NULL for an
 * unknown kind or column (template.h's po_template_check_docs() checks the tables agree).
 */
#ifndef PO_IMPORT_DOC_H
#define PO_IMPORT_DOC_H

#include <stdbool.h>
#include <stddef.h>

struct po_import_coldoc {
    const char *kind;
    const char *column; /* the English header */
    const char *header; /* a parameter column's Chinese header; NULL = the column's first alias */
    const char *meaning_zh;
    const char *meaning_en;
    const char *unit;    /* NULL when the column has none */
    const char *example; /* the template's example cell; "" = left empty */
    bool omit;           /* not a column of the file (derived); documented only */
};

extern const struct po_import_coldoc po_import_coldocs[];
extern const size_t po_import_ncoldocs;

/* The doc of kind's column, or NULL. */
const struct po_import_coldoc *po_import_coldoc_find(const char *kind, const char *column);

/* A kind's name in Chinese and English ("企业" / "enterprises"), or NULL for an unknown kind. */
const char *po_import_kind_title_zh(const char *kind);
const char *po_import_kind_title_en(const char *kind);

#endif
