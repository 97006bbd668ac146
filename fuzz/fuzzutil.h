/*
 * fuzzutil.h: what the libFuzzer targets share (header-only; each target is one file).
 *
 *   fuzz_tmpfile(tag, data, size)  the readers that take a path get the input written to one
 *                                  temporary file per process (/tmp/fuzz-TAG-PID), rewritten
 *                                  for each input and removed at exit; returns the path or NULL
 *   fuzz_check_err(rc, err)        every failure is a negative PO_E* code with a message in both
 *                                  languages (STYLE.md §3); anything else aborts (a finding)
 *   fuzz_cstr(data, size)          the input as a NUL-terminated heap copy (the caller frees)
 */
#ifndef PO_FUZZUTIL_H
#define PO_FUZZUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fuzz_path_[64];

static void fuzz_remove_tmp_(void)
{
    unlink(fuzz_path_);
}

static inline const char *fuzz_tmpfile(const char *tag, const uint8_t *data, size_t size)
{
    if (!fuzz_path_[0]) {
        snprintf(fuzz_path_, sizeof fuzz_path_, "/tmp/fuzz-%s-%ld", tag, (long)getpid());
        atexit(fuzz_remove_tmp_);
    }
    FILE *f = fopen(fuzz_path_, "wb");
    if (!f)
        return NULL;
    if (size && fwrite(data, 1, size, f) != size) {
        fclose(f);
        return NULL;
    }
    if (fclose(f) != 0)
        return NULL;
    return fuzz_path_;
}

static inline void fuzz_check_err(int rc, const struct po_err *err)
{
    if (rc != 0 && (rc >= 0 || err->msg[0] == '\0' || err->msg_zh[0] == '\0'))
        abort();
}

static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif
