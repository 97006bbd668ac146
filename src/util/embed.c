/* embed.c: lookup in the table scripts/embed.py generates. */
#include "util/embed.h"

#include <string.h>

const struct po_embedded *po_embed_find(const char *path)
{
    for (const struct po_embedded *e = po_embedded_files; e->name; e++)
        if (strcmp(e->name, path) == 0)
            return e;
    return NULL;
}
