/*
 * docno.h: document numbers 〔YYYY〕N号 (GB/T 9704-2012 7.2.4 发文字号), one
 * sequence per issuing authority (data/authorities.csv) and year, kept in
 * table doc_number.  A number is taken inside the transaction that records
 * its document: if that transaction rolls back the number is given back, so
 * within a year the numbers are gap-free and none is used twice.  On
 * PostgreSQL the counter row's lock (UPDATE … RETURNING) orders concurrent
 * transactions of several servers; on SQLite the write lock does.
 *
 * Memory: po_docno_format's string lives in the arena.  Errors: po_docno_take PO_ENOTFOUND (an
 * authority not in data/authorities.csv), PO_EINVAL (a year outside 1990–2100), or the store's;
 * po_docno_format NULL for an unknown authority or out of memory.
 */
#ifndef PO_DOCNO_H
#define PO_DOCNO_H

#include <stdint.h>

#include "store/store.h"

struct po_arena;

/* Inside the caller's open transaction: the next number of (authority, year). */
int po_docno_take(struct po_store *st, const char *authority, int year, int64_t *n,
                  struct po_err *err);

/* "乌工信发〔2025〕7号" from the authority's prefix in data/authorities.csv. */
const char *po_docno_format(struct po_arena *a, const char *authority, int year, int64_t n);

#endif
