/* version.h: the program's version, as backups and reports name it. */
#ifndef PO_VERSION_H
#define PO_VERSION_H

#define PO_VERSION "0.16.0"

#endif
