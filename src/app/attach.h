/*
 * attach.h: documents attached to case actions, stored by content.
 *
 * A file is read whole, refused above the city's limit (po_attach_max_bytes,
 * data/city_params.csv attachment_max_mib), and its type is judged by its
 * first bytes, never by its name (format/filetype.h: PDF, JPEG, PNG, OFD,
 * DOCX, XLSX; executables and anything unrecognised are refused).
 * Accepted content is stored once in attachment_blob under its SHA-256
 * (libsodium), base64-encoded because store.h binds text, not blobs.
 *
 * Memory: nothing to free; the file is read into memory freed before
 * po_attach_store() returns.  Errors: PO_EIO (unreadable), PO_EINVAL (too
 * large, or a refused type), PO_ENOMEM, PO_EINTERNAL (libsodium), the
 * store's, with err filled.
 */
#ifndef PO_ATTACH_H
#define PO_ATTACH_H

#include <stddef.h>

#include "app/audit.h"
#include "store/store.h"
#include "util/err.h"

#include "refdata/cityparams.h"

/* The city's attachment limit in bytes (data/city_params.csv attachment_max_mib). */
size_t po_attach_max_bytes(const struct po_city_params *cp);

/*
 * Read path, check size and type, store it (inside the caller's
 * transaction) and write its hex SHA-256 to sha.  PO_EIO unreadable,
 * PO_EINVAL too large / refused type, or the store's error.
 */
int po_attach_store(char sha[PO_AUDIT_HEX], struct po_store *st, const char *path, size_t max_bytes,
                    struct po_err *err);

#endif
