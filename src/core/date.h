/*
 * date.h: civil dates — a day of the Gregorian calendar, no time, no time zone.
 *
 * Laws, orders and reports name days, not instants, so every legal date in
 * the program is one of these (STYLE.md §8): the periods of deadline.h, the
 * events of casefsm.h, the rules and accounting policy in force (rules.h,
 * account_policy.h).  None of them ever sees a time_t or the local zone;
 * "today" is passed in by whoever reads the clock.
 *
 * Pure: no I/O, no clock, no globals.  Thread-safe.
 *
 * Memory: none.  Errors: po_date_parse returns -1 (no message) for anything but a real YYYY-MM-DD
 * and leaves out untouched; deadline.h has the variant with a bilingual error.
 */
#ifndef PO_DATE_H
#define PO_DATE_H

#include <stddef.h>

/* A civil date (no time, no time zone).  y == 0 is "no date" where a field may be empty. */
struct po_date {
    int y, m, d;
};

/* Parse YYYY-MM-DD (exactly) into out; 0, or -1 when it is not a valid date (out untouched). */
int po_date_parse(struct po_date *out, const char *s, size_t len);
/* <0, 0, >0 as a is before, equal to or after b. */
int po_date_cmp(struct po_date a, struct po_date b);

#endif
