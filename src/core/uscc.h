/*
 * uscc.h: the unified social credit code (统一社会信用代码, GB 32100-2015).
 *
 * 18 characters from the set 0-9 A-H J-N P-R T U W-Y (no I O S V Z, upper
 * case only).  Position 18 is a mod-31 check character over positions
 * 1..17 with weights 3^(i-1) mod 31.  Positions 9..17 embed the GB 11714
 * organization code, itself with a mod-11 check character.  Pure functions,
 * thread-safe.
 *
 * Memory: none; reasons are static strings.  Errors: po_uscc_check returns an enum po_uscc_status
 * (no po_err); the check-character functions return '\0' for a body with a bad character.
 */
#ifndef PO_USCC_H
#define PO_USCC_H

#include <stdbool.h>
#include <stddef.h>

enum po_uscc_status {
    PO_USCC_OK = 0,
    PO_USCC_BAD_LENGTH,    /* not 18 characters */
    PO_USCC_BAD_CHAR,      /* a character outside the charset (incl. I O S V Z, lower case) */
    PO_USCC_BAD_CHECK,     /* position 18 does not match */
};

/*
 * Validate code[0..len).  On PO_USCC_BAD_CHAR, *bad_pos (if not NULL) is the
 * 0-based position of the first bad character; on PO_USCC_BAD_CHECK,
 * *expected (if not NULL) is the check character that would be right.
 */
enum po_uscc_status po_uscc_check(const char *code, size_t len, size_t *bad_pos, char *expected);

/* The check character for a 17-character body, or '\0' if the body has a bad character. */
char po_uscc_check_char(const char *body17);

/* GB 11714 organization-code check character for an 8-character body ('\0' if invalid). */
char po_uscc_org_check_char(const char *body8);

/* Bilingual reason for a status ("check digit does not match" / "校验码不符"). */
const char *po_uscc_reason_en(enum po_uscc_status st);
const char *po_uscc_reason_zh(enum po_uscc_status st);

#endif
