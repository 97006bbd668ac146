/*
 * account_out.h: running a year's accounts and writing them.
 *
 * po_account_run() accounts every enterprise of a loaded year (account.h)
 * and its unit-product consumption (quota.h).  The writers turn the run
 * into:
 *   - a sheet (CSV UTF-8 with BOM, or XLSX; sheetw.h), one row per
 *     enterprise: uscc, name, district_code, industry_code, status,
 *     gross_tce, excluded_tce, tce, co2_t, value_added_10k_yuan, intensity,
 *     carbon_intensity, quota, notes, notes_zh;
 *   - JSON (jansson): the policy in force with its citations, and per
 *     enterprise the full breakdown — by energy type, purpose and month,
 *     every exclusion with its rule, unknown factors, records set aside,
 *     CO2 with factors, value added status, intensities, quota results;
 *   - an explanation of one enterprise (account_explain.c), in Chinese,
 *     English or both.
 * Exact figures are written as decimal text, rounded once (account.h):
 * tce 4 decimals, CO2 t 3 decimals, intensities 6 decimals, unit-product
 * consumption 2 decimals.  JSON carries them as strings so no reader
 * rounds them through binary floating point.  Output is deterministic:
 * enterprises by USCC, lists in record order or by key.
 *
 * Memory: a run lives in the arena given and points at the year's
 * inputs, which must outlive it; po_barometer_area_json() returns a new
 * reference the caller owns; the explanation and notes append to a
 * struct po_buf (failure sticky in it).  Errors: po_account_run() returns
 * the accounting's and the quota's codes (core/account.h, core/quota.h;
 * err->context names the enterprise) or PO_ENOMEM; the sheet writers the
 * sheet writer's (format/sheetw.h: PO_EINVAL, PO_EIO, PO_ENOMEM); the JSON
 * writers PO_EIO (writing failed) or PO_ENOMEM.
 */
#ifndef PO_ACCOUNT_OUT_H
#define PO_ACCOUNT_OUT_H

#include <jansson.h>
#include <stdio.h>

#include "core/account.h"
#include "core/barometer.h"
#include "core/quota.h"
#include "refdata/account_ref.h"
#include "format/sheetw.h"

struct po_arena;
struct po_buf;

struct po_acct_entry {
    const struct po_acct_ent *ent;
    struct po_acct_result res;
    struct po_quota_report quota;
};

struct po_acct_run {
    int year;
    const struct po_acct_refs *refs;
    const struct po_acct_policy *policy;
    struct po_acct_entry *e; /* parallel to the year's enterprises */
    size_t n;
};

/* Account every enterprise of y under pol.  Results live in a.  Errors of account.h / quota.h. */
int po_account_run(struct po_acct_run *out, const struct po_acct_year *y,
                   const struct po_acct_refs *refs, const struct po_acct_policy *pol,
                   struct po_arena *a, struct po_err *err);

/* One row per enterprise to path (NULL: stdout).  *rows: rows written. */
int po_account_write_sheet(size_t *rows, const struct po_acct_run *run, const char *path,
                           enum po_sheet_format fmt, struct po_err *err);

/* The JSON document to f (UTF-8, indented, keys in a fixed order). */
int po_account_write_json(FILE *f, const struct po_acct_run *run, struct po_err *err);

enum po_lang { PO_LANG_BOTH = 0, PO_LANG_ZH, PO_LANG_EN };

/*
 * The arithmetic of one enterprise in plain language: the policy in force,
 * each record with its quantity, unit conversion, factor (source and
 * confidence), exclusion and CO2, the sums, the value added and
 * intensities, and the unit-product comparisons.  Appends to b; check
 * po_buf_failed().
 */
void po_account_explain(struct po_buf *b, const struct po_acct_run *run,
                        const struct po_acct_entry *e, enum po_lang lang);

/* Notes as ';'-separated tags ("no_energy_data;value_added_missing") or their Chinese. */
void po_account_notes(struct po_buf *b, unsigned notes, bool zh);

/* ---- the barometer (account_baro.c) ---- */

/* One row per city and district: figures, levels and reasons.  *rows: rows written. */
int po_barometer_write_sheet(size_t *rows, const struct po_baro_report *rep, int year,
                             const char *path, enum po_sheet_format fmt, struct po_err *err);
/* One row per industry code: the year's totals. */
int po_barometer_write_industries(size_t *rows, const struct po_baro_report *rep, int year,
                                  const char *path, enum po_sheet_format fmt, struct po_err *err);
/* Everything as JSON, with the method and the policy in force. */
int po_barometer_write_json(FILE *f, const struct po_baro_report *rep, int year,
                            const struct po_acct_policy *pol, struct po_err *err);

/*
 * One area's figures, levels and reasons as a JSON object: the columns of
 * the sheet (figures as exact decimal strings, null when not defined) and
 * the reasons in Chinese, the target's note and source.
 */
json_t *po_barometer_area_json(const struct po_baro_area *area, int year);

/* Shortest exact decimal of v × 10^-scale ("0.1229", "12"). buf >= 48. */
char *po_account_dec(char *buf, size_t n, po_acct_i128 v, int scale);

#endif
