/*
 * publication.h: the bytes of a publication (app/publishdb.h), each
 * deterministic from the stored publication.
 *
 * The canonical serialisation, which the SHA-256 covers, is UTF-8 text, one
 * field per line "name<TAB>value" in this order: number, list, year, scope
 * (the district code or "city"), published_at, actor, supersedes (id or
 * empty), reason, rows (the count); then one line per row with its ten
 * fields (enterprise_name, uscc, district_code, district_name, equipment,
 * capacity, capacity_unit, measure, deadline, basis) joined by TAB.  The
 * first line is "phaseout-publication 1".  In values a backslash, TAB, CR
 * and LF are written \\ \t \r \n; every line ends with LF.  So
 * `sha256sum` of the file /api/v1/public/publications/{id}/canonical gives
 * the published hash.
 *
 * Memory: bytes are appended to out.  Errors: PO_ENOMEM; po_pub_xlsx PO_EIO
 * (its temporary file); po_pub_pdf those of report/officialdoc.h.
 */
#ifndef PO_PUBLICATION_H
#define PO_PUBLICATION_H

#include "core/publication.h"
#include "util/err.h"

struct po_buf;

int po_pub_canonical(const struct po_publication *p, struct po_buf *out);
/* hex SHA-256 (65 bytes with the NUL) of the canonical serialisation. */
int po_pub_hash(const struct po_publication *p, char hex[65]);
/* UTF-8 with BOM; a cell that Excel would take for a formula is prefixed with '. */
int po_pub_csv(const struct po_publication *p, struct po_buf *out, struct po_err *err);
int po_pub_xlsx(const struct po_publication *p, struct po_buf *out, struct po_err *err);
/* The announcement (公告), via report/officialdoc.h. */
int po_pub_pdf(const struct po_publication *p, struct po_buf *out, struct po_err *err);

#endif
