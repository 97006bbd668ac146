/*
 * registry.h: reading the registry — districts, industries, enterprises
 * (list, export, detail), equipment, energy records and reference tables —
 * for the HTTP API (docs/api.md "Registry"); the writes are ingest/import.c's.
 *
 * Lists are pages of app/listq.h: a filter struct of plain values (already
 * checked by the caller), a struct po_listq_page whose sort is one of the
 * list's PO_REGISTRY_*_SORTS names, and the rows as JSON objects by column
 * name (x_micro as a decimal x, x_bool as true/false).  A non-NULL scope
 * confines every answer to that district.
 *
 * Memory: JSON returned is a new reference the caller owns; text returned and
 * query text live in the arena passed in.  Errors: the store's (PO_EUNAVAIL,
 * PO_EINVAL ...), PO_ENOTFOUND where a function says so; NULL or a negative
 * PO_E* with err filled on failure, err untouched on success.
 */
#ifndef PO_APP_REGISTRY_H
#define PO_APP_REGISTRY_H

#include <jansson.h>

#include "app/listq.h"
#include "format/sheetw.h"
#include "store/store.h"

struct po_arena;

/*
 * The district code of the enterprise with this USCC into *out (in a; NULL when the
 * enterprise has none): 0, or PO_ENOTFOUND when there is no such enterprise.
 */
int po_registry_enterprise_district(const char **out, struct po_store *st, struct po_arena *a,
                                    const char *uscc, struct po_err *err);
/* The USCCs of a district's enterprises: [{"uscc": ...}], in no particular order. */
json_t *po_registry_district_usccs(struct po_store *st, const char *district, struct po_err *err);

/* [{code, name, level, parent_code}] by code. */
json_t *po_registry_districts(struct po_store *st, struct po_err *err);
/* [{code, edition, name, two_high}] newest edition first, then by code. */
json_t *po_registry_industries(struct po_store *st, struct po_err *err);

/* ---- enterprises ---- */

#define PO_REGISTRY_ENT_SORTS "uscc,name,district_code,industry_code,status,employees"

/* Which enterprises: NULL (or -1) members do not filter. */
struct po_registry_ent_filter {
    const char *scope;    /* the user's district */
    const char *district; /* a district or a park code */
    const char *industry; /* industry class code */
    const char *status;   /* operating, limited, suspended, closed or exited */
    int two_high;         /* 0 or 1: the industry's flag (a class without one is neither); -1 any */
    const char *q;        /* in the name or the USCC */
};

/* One page of enterprises {id, uscc, name, district_code, district_name, park_code,
 * industry_code, industry_name, two_high, status, employees, has_downstream}, by USCC unless
 * sorted otherwise; the number of all of them in *total. */
json_t *po_registry_enterprises(int64_t *total, struct po_store *st, struct po_arena *a,
                                const struct po_registry_ent_filter *f,
                                const struct po_listq_page *pg, struct po_err *err);
/* All of them, by USCC, as a sheet for people (Chinese headers, each code beside its name,
 * the status in words) written to path; the sheet writer's errors too. */
int po_registry_enterprises_export(struct po_store *st, struct po_arena *a,
                                   const struct po_registry_ent_filter *f, const char *path,
                                   enum po_sheet_format fmt, struct po_err *err);
/*
 * One enterprise by numeric id or by USCC: the list's fields and founded, address,
 * uscc_override_reason; PO_ENOTFOUND (err: "no such enterprise") when there is none.
 */
json_t *po_registry_enterprise(struct po_store *st, struct po_arena *a, const char *id,
                               struct po_err *err);
/*
 * Add to the enterprise object e (of po_registry_enterprise) its "equipment" (each unit with
 * its "params"), "inspections" (newest first) and "licences" (with "effective_status": a valid
 * licence past its valid_to on today, "YYYY-MM-DD", is expired); 0 or the store's error, e
 * unchanged then.
 */
int po_registry_enterprise_sections(json_t *e, struct po_store *st, const char *today,
                                    struct po_err *err);

/* ---- equipment, energy ---- */

#define PO_REGISTRY_EQ_SORTS "uscc,equipment_id,equipment_type,status,capacity,commissioned"

struct po_registry_eq_filter {
    const char *scope, *district, *status, *type, *uscc;
    const char *q; /* in the enterprise's name, its USCC or the unit's name */
};
/* One page of production units with their enterprise, by USCC and equipment id. */
json_t *po_registry_equipment(int64_t *total, struct po_store *st, struct po_arena *a,
                              const struct po_registry_eq_filter *f, const struct po_listq_page *pg,
                              struct po_err *err);

#define PO_REGISTRY_ENERGY_SORTS "uscc,year,month,energy_type,quantity"

struct po_registry_energy_filter {
    const char *scope, *uscc, *district, *energy_type;
    int64_t year; /* 0: every year */
};
/* One page of energy records as reported or metered, by USCC, year, month, type. */
json_t *po_registry_energy(int64_t *total, struct po_store *st, struct po_arena *a,
                           const struct po_registry_energy_filter *f,
                           const struct po_listq_page *pg, struct po_err *err);

/* ---- reference tables ---- */

/* The latest version of each reference table {name, version, sha256, nrows, loaded_at}. */
json_t *po_registry_references(struct po_store *st, struct po_err *err);
/*
 * The latest version of the table name {name, version, sha256, columns, nrows, loaded_at} into
 * *head and its rows [{rowno, data, source, confidence}] (data the stored JSON text) into *rows;
 * PO_ENOTFOUND (err: "no such reference table") when there is no such table.
 */
int po_registry_reference(json_t **head, json_t **rows, struct po_store *st, const char *name,
                          struct po_err *err);

/* ---- import batches ---- */

#define PO_REGISTRY_BATCH_SORTS "id,imported_at,kind,file_name"
struct po_registry_batch_filter {
    const char *kind, *actor; /* NULL: any */
    const char *scope;        /* a district code: only batches imported by that district's
                                 accounts ("web:USERNAME"); NULL: all */
};
/* One page of import batches {id, kind, file_name, format, rows, inserted, updated, unchanged,
 * sha256, imported_at, actor}, newest first unless sorted otherwise. */
json_t *po_registry_batches(int64_t *total, struct po_store *st, struct po_arena *a,
                            const struct po_registry_batch_filter *f,
                            const struct po_listq_page *pg, struct po_err *err);

/* 0 when the database answers a query (GET /health). */
int po_registry_ping(struct po_store *st, struct po_err *err);

#endif
