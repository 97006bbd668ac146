/*
 * filetype.h: what kind of document a file is, judged by its first bytes,
 * never by its name: PDF, JPEG, PNG, and zip containers (OFD, DOCX, XLSX —
 * told apart by the name's extension only after the content is known to be
 * a zip).  Executables (ELF, PE "MZ", Mach-O, scripts starting "#!") and
 * anything unrecognised are refused.  Pure: no I/O, no allocation,
 * thread-safe.  Case attachments (app/attach.h) are checked with it.
 */
#ifndef PO_FILETYPE_H
#define PO_FILETYPE_H

#include <stddef.h>

/*
 * The MIME type of data (a static string; name only picks among zip
 * containers), or NULL when the content is refused: *why gets a short
 * English reason then ("an executable", "an unknown type").
 */
const char *po_filetype_sniff(const unsigned char *data, size_t len, const char *name,
                              const char **why);

#endif
