/*
 * outdir.h: writing result files into an output folder (rank, meter).
 *
 * Each result is formatted whole into one buffer and written with one
 * write() loop, so a command's output costs a few system calls however
 * many rows it has.  A file is written under a temporary name and renamed
 * into place, so a reader never sees half a result.
 *
 * Memory: nothing is allocated.  Errors: PO_EIO (cannot create or write, with the system's reason)
 * or PO_EINVAL (path too long), err filled.
 */
#ifndef PO_OUTDIR_H
#define PO_OUTDIR_H

#include <stddef.h>

#include "util/err.h"

/* Create dir (one level) unless it exists as a directory.  PO_EIO with err filled. */
int po_outdir_make(const char *dir, struct po_err *err);

/* Write data[0..len) to dir/name, replacing it.  PO_EIO or PO_EINVAL (path too long). */
int po_outdir_write(const char *dir, const char *name, const char *data, size_t len,
                    struct po_err *err);

#endif
