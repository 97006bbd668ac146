/*
 * demo.h: a deterministic demo city for phaseout (a Wuhai-like city).
 *
 * po_demo_write() writes one CSV file per import kind of docs/import.md,
 * named after the kind, into an existing directory: districts.csv,
 * industries.csv, enterprises.csv, equipment.csv, energy.csv, output.csv,
 * economics.csv, inspections.csv and licences.csv.  Importing them in that
 * order builds the demo database (`phaseout demo`).
 *
 * The city: Inner Mongolia -> 乌海市 -> three districts and five parks;
 * about 300 enterprises in coking, calcium carbide, ferroalloy,
 * chlor-alkali/PVC, cement, lime, coal washing, iron and steel, power and a
 * few light industries, with their production lines, monthly energy use by
 * energy type for 2023-2025, yearly output and economics, about a hundred
 * inspection records and their licences.  Some equipment sits below (or
 * just above) the Inner Mongolia thresholds, some enterprises exceed their
 * energy quota, a handful look like zombie firms, and two carry early pilot
 * credit codes whose check character fails, with uscc_override_reason.
 * The gaps of real data (数据待补) are there too: some value added not
 * reported, two firms with no energy report for 2025 and one reporting 0,
 * and every third independent lime, carbide and ferroalloy plant past the
 * anchors with has_downstream left empty (not recorded).
 *
 * Files are UTF-8 without BOM, "\n" line ends, English headers, RFC 4180
 * quotes only where needed.  The same seed gives byte-identical files on
 * every platform (own PRNG, integer arithmetic only).  Thread-safe: no
 * global state; concurrent calls must use different directories.
 *
 * Memory: nothing is handed to the caller; po_demo_write works in its own arena and frees it.
 * Errors: PO_EIO, PO_EINVAL or PO_ENOMEM (at the function), with err filled; files written before
 * the failure stay.
 */
#ifndef PO_DEMO_H
#define PO_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* Data rows written per file (headers not counted). */
struct po_demo_stats {
    size_t districts, industries, enterprises, equipment, energy, output, economics, inspections,
        licences;
};

/*
 * Write the nine files into dir, which must exist; existing files of those
 * names are replaced (each through NAME.tmp and a rename).  out may be
 * NULL.  Returns 0, or PO_EIO (dir missing or not writable), PO_EINVAL
 * (path too long) or PO_ENOMEM, with err filled; files written before the
 * failure stay.
 */
int po_demo_write(const char *dir, uint64_t seed, struct po_demo_stats *out, struct po_err *err);

#endif
