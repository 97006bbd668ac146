/*
 * audit.h: the tamper-evident audit log (issue 6 item 4), a hash chain in table audit_log.
 *
 * Every write action appends one row (id 1, 2, 3 ... without gaps) whose
 * hash is the hex SHA-256 of
 *     prev_hash "\n" canonical
 * where prev_hash is the previous row's hash (64 zeros for row 1) and
 * canonical is the row's id, at, actor, action, object and detail, each
 * written as "<byte length>:<bytes>\n" so no two rows share a text.  An
 * edited row no longer hashes to its stored hash, a deleted row leaves a
 * gap in the ids and breaks the next row's prev_hash, a reordered row
 * (ids swapped) hashes differently; po_audit_verify() names the first.
 * What the chain cannot see alone is the removal of the newest rows: keep
 * the head hash printed by `phaseout audit verify` outside the database
 * (a report, a notice) to check that too — `phaseout audit anchor` writes
 * it with the row count and the time to a file kept elsewhere, and
 * po_audit_check_anchor() checks the log still holds that row unchanged.
 *
 * The keyed chain (issue 16 §0): since migration 0021 every row also has a
 * mac, the hex HMAC-SHA256 of
 *     prev_mac "\n" canonical
 * (prev_mac: the previous row's mac, 64 zeros when it has none) under a
 * 32-byte key kept outside the database: the file named by
 * PHASEOUT_AUDIT_KEY_FILE, else $HOME/.config/phaseout/audit.key, written
 * (random, mode 0600) the first time a row is appended.  Whoever can write
 * the database can recompute the SHA-256 chain after an edit, not the mac;
 * po_audit_verify() checks it when the key is there.  Servers sharing one
 * database must share the key file.
 *
 * The table's triggers refuse UPDATE and DELETE; the chain is for whoever
 * drops them (sqlite3, psql).
 *
 * Memory: po_audit_list()'s JSON is a new reference the caller owns, its
 * query text in the arena given; the report and hashes are written into the
 * caller's buffers.  Errors: the store's codes and PO_ENOMEM, with err
 * filled; po_audit_verify() reports a broken chain in out->ok, not as an
 * error.
 */
#ifndef PO_AUDIT_H
#define PO_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "app/listq.h"
#include "store/store.h"
#include "util/err.h"

#define PO_AUDIT_HEX 65 /* 64 hex digits and NUL */

/*
 * Append a row: inside the caller's transaction (so the row lands with the
 * action it records, or not at all).  at is a UTC timestamp; all texts
 * non-NULL.  Errors: the store's.
 *
 * Every row names the role of its actor in detail, as "role=<roles>" at
 * its end.  A detail that names it already ("role=" first or " role=",
 * e.g. a case's "role=city acting_as=miit", a login's own roles) is kept
 * as it is; otherwise the role is added from the actor: for "web:NAME"
 * (po_req_actor) the roles account NAME holds as stored now, in the
 * caller's transaction ("-" when there is no such account), "system" for
 * the system's own runs, "cli" for every other actor (the command line:
 * "cli", "cli:root", "demo", a --actor name; no account is logged in).
 */
int po_audit_append(struct po_store *st, const char *at, const char *actor, const char *action,
                    const char *object, const char *detail, struct po_err *err);

struct po_audit_report {
    int64_t count;           /* rows read */
    char head[PO_AUDIT_HEX]; /* hash of the last good row ("" for an empty log) */
    bool ok;                 /* the whole chain holds */
    int64_t bad_id;          /* when !ok: the first row that fails (a missing id: that id) */
    char why[160];           /* when !ok: what is wrong with it, English */
    char why_zh[160];        /* the same in Chinese */
    bool keyed;              /* the keyed chain was checked (the key was there) */
    int64_t keyed_from;      /* the first row with a mac (0: none) */
    char mac_head[PO_AUDIT_HEX]; /* mac of the last good row ("" when none) */
};

/* An anchor: the chain's head at a moment, kept outside the database. */
struct po_audit_anchor {
    int64_t rows;
    char head[PO_AUDIT_HEX];
    char mac[PO_AUDIT_HEX]; /* "" when the head row has none */
    char at[32];            /* when it was written (UTC) */
};

/* The anchor of a verified log as text ("phaseout-audit-anchor 1" ...) into out (n >= 512). */
int po_audit_anchor_text(char *out, size_t n, const struct po_audit_report *r);
/* Parse an anchor's text; PO_EINVAL saying what is wrong. */
int po_audit_anchor_parse(struct po_audit_anchor *out, const char *text, struct po_err *err);
/*
 * Whether the log still holds the anchored row unchanged (its hash and mac as anchored):
 * out->ok false with bad_id and why when not (rows removed, or the chain rebuilt since).
 */
int po_audit_check_anchor(struct po_audit_report *out, struct po_store *st,
                          const struct po_audit_anchor *a, struct po_err *err);

/*
 * Walk the chain in id order.  Returns 0 with out filled whether or not
 * the chain holds (out->ok says); a negative PO_E* only when the log
 * cannot be read.
 */
int po_audit_verify(struct po_audit_report *out, struct po_store *st, struct po_err *err);

/* Hex SHA-256 of data into out (PO_AUDIT_HEX bytes). */
void po_audit_sha256_hex(char *out, const void *data, size_t len);

/* The current UTC time as YYYY-MM-DDTHH:MM:SSZ (n >= 21). */
void po_audit_now(char *buf, size_t n);

#define PO_AUDIT_LIST_SORTS "id,at,actor,action"
/* Which rows of the log: NULL members do not filter. */
struct po_audit_filter {
    const char *actor, *action;
    const char *object; /* a substring of the object ("case:12", "enterprises:") */
};
/*
 * One page of the log as stored [{id, at, actor, action, object, detail, hash}], newest
 * first unless sorted otherwise, the number of matching rows in *total.  JSON: caller owns;
 * query text in a.  Errors: the store's (NULL returned).
 */
json_t *po_audit_list(int64_t *total, struct po_store *st, struct po_arena *a,
                      const struct po_audit_filter *f, const struct po_listq_page *pg,
                      struct po_err *err);

#endif
