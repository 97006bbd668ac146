/*
 * testutil.h: small helpers the test files share.
 *
 * Header-only because every test is one .c file (Makefile); include it
 * after <cmocka.h>, since the helpers fail the test through cmocka's
 * asserts.  Temporary directories: store/testdb.h (testdb_tmpdir,
 * testdb_rmdir).
 */
#ifndef PO_TESTUTIL_H
#define PO_TESTUTIL_H

#include <stddef.h>
#include <stdio.h>

/* Write data[0..len) to dir/name and put that path in path[0..cap); fails the test on error. */
static inline void testutil_write_file(char *path, size_t cap, const char *dir, const char *name,
                                       const void *data, size_t len)
{
    snprintf(path, cap, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

#endif
