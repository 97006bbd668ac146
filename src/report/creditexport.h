/*
 * creditexport.h: the file for the national credit information sharing platform (信用信息共享平台)
 * and the banks' lists, from what app/creditdb.h derives (issue 15 §1, §3).
 *
 * An export on a day holds, of the records app/creditdb.h gives for that day:
 *   - op "add": a record in force (公示中, or 信用修复申请中 — it stays public while the request
 *     waits), every field of data/credit_fields.csv present and valid;
 *   - op "withdraw": a record repaired (已修复撤下), so the platform takes it down — the same
 *     fields, with the day of withdrawal;
 * never a record whose public period is over (the platform stops showing it on its
 * 公示截止期 by itself) and never an incomplete record: those are returned in *incomplete with
 * what is missing, for the bureau to complete (a 法定代表人 not recorded, no 处罚决定书文号 …).
 *
 * Formats: json {standard, as_of, fields: [{key, name_zh}], records: [{op, record_id, uscc,
 * withdrawn_on?, fields: {key: value}}], incomplete: [...]}; csv / xlsx one row per record,
 * columns 操作 (新增|撤下), 记录编号, then the standard's fields by their Chinese names (CSV UTF-8
 * with BOM, formula cells neutralised, format/tablebuf.h).
 *
 * Memory: bytes appended to out; *incomplete is the caller's (json_decref).  Errors: PO_EINVAL
 * (an unknown format), those of format/tablebuf.h; err filled.
 */
#ifndef PO_CREDITEXPORT_H
#define PO_CREDITEXPORT_H

#include <stddef.h>

#include <jansson.h>

#include "util/err.h"

struct po_buf;
struct po_arena;

/* records: po_creditdb_records(); fields: po_creditdb_fields().  *nout: records written. */
int po_credit_export(struct po_buf *out, struct po_arena *a, json_t *records, json_t *fields,
                     const char *format, const char *as_of, size_t *nout, json_t **incomplete,
                     struct po_err *err);

/* A bank list (po_creditdb_bank_list()) as csv|xlsx|json. */
int po_credit_bank_file(struct po_buf *out, struct po_arena *a, json_t *rows, const char *which,
                        const char *format, const char *as_of, struct po_err *err);

#endif
