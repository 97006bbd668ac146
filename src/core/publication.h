/*
 * publication.h: what a publication of a public list is (实施意见 四(四)):
 * its list kind, its frozen rows and its metadata.  Types and names only;
 * app/publishdb.h freezes and stores them, report/publication.h writes
 * their bytes.
 *
 * Memory: the names are static; a struct's strings belong to whoever filled
 * it (an arena).  Errors: po_pub_list_parse PO_EINVAL naming the lists.
 */
#ifndef PO_CORE_PUBLICATION_H
#define PO_CORE_PUBLICATION_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

enum po_pub_list { PO_PUB_EXITS, PO_PUB_RECTIFYING, PO_PUB_CLOSED, PO_PUB_SEALED, PO_PUB_NLISTS };
const char *po_pub_list_name(enum po_pub_list l);     /* "exits" ... */
const char *po_pub_list_label_zh(enum po_pub_list l); /* "年度落后产能退出企业名单" ... */
int po_pub_list_parse(enum po_pub_list *out, const char *s, struct po_err *err);

struct po_pub_row {
    const char *enterprise_name, *uscc, *district_code, *district_name;
    const char *equipment;     /* unit number and name / production line; "" for the whole firm */
    const char *capacity;      /* decimal text; "" when none */
    const char *capacity_unit; /* "" when none */
    const char *measure_zh;    /* 拆除 / 封存 / 限期整改 / 依法关闭 ... */
    const char *deadline;      /* YYYY-MM-DD or "" */
    const char *basis_zh;      /* legal basis in words */
};

struct po_publication {
    int64_t id;
    const char *number; /* document number of the announcement, po_docno_format */
    enum po_pub_list list;
    int year;
    const char *district_code; /* NULL: city-wide */
    const char *district_name; /* NULL: city-wide */
    const char *published_at;  /* UTC "YYYY-MM-DDTHH:MM:SSZ" */
    const char *actor;         /* internal: not shown on public routes */
    const char *sha256;        /* hex SHA-256 of the canonical serialisation */
    int64_t supersedes;        /* 0: none */
    const char *reason;        /* why it corrects the one it supersedes; NULL */
    int64_t superseded_by;     /* 0: current; else 已更正 by that id */
    size_t nrows;
    struct po_pub_row *rows; /* NULL in list results */
};

#endif
