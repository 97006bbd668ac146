/*
 * password.h: the password policy of accounts (issue 7 item 2).  Pure: no I/O.
 *
 * GB/T 22239-2019 (等保2.0) level 3, 8.1.4.1 a) asks that passwords be
 * complex and changed; the policy here:
 *   - at least PO_PASSWORD_MIN_CHARS characters (UTF-8 code points);
 *   - at most PO_PASSWORD_MAX_BYTES bytes (argon2 hashes any length, the cap
 *     keeps a request from making the server hash megabytes);
 *   - at least 3 of the 4 classes lower case, upper case, digit, other
 *     (punctuation, space, any non-ASCII character);
 *   - not containing the username (ASCII case-insensitive).
 * Thread-safe.
 *
 * Memory: none.  Errors: po_password_check returns PO_EINVAL with a bilingual message naming the
 * first rule that fails.
 */
#ifndef PO_PASSWORD_H
#define PO_PASSWORD_H

#include "util/err.h"

#define PO_PASSWORD_MIN_CHARS 10
#define PO_PASSWORD_MAX_BYTES 128

/*
 * 0 when password meets the policy for username (NULL or "": no username
 * rule); PO_EINVAL with a message in both languages saying what to fix
 * (the first rule that fails, in the order above).
 */
int po_password_check(const char *password, const char *username, struct po_err *err);

#endif
