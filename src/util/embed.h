/*
 * embed.h: files compiled into the binary (scripts/embed.py): the
 * reference tables under data/ and the migration SQL under src/store/sql/.
 * Each is named by its path in the repository and NUL-terminated (len
 * excludes the NUL).  Read-only, thread-safe.
 *
 * Memory: static, never freed.  Errors: po_embed_find returns NULL for a path that was not
 * compiled in.
 */
#ifndef PO_EMBED_H
#define PO_EMBED_H

#include <stddef.h>

struct po_embedded {
    const char *name;
    const unsigned char *data;
    size_t len;
};

/* Terminated by an entry with name NULL. */
extern const struct po_embedded po_embedded_files[];

/* The file named path ("data/cn_holidays.csv"), or NULL. */
const struct po_embedded *po_embed_find(const char *path);

#endif
