/*
 * audit.c: the hash-chained audit log (audit.h).
 *
 * The canonical text is built from the stored columns, not from what the
 * caller passed, so verify() and append() cannot disagree on it.
 */
#include "app/audit.h"
#include "util/buf.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char zero_hash[] = "0000000000000000000000000000000000000000000000000000000000000000";

void po_audit_sha256_hex(char *out, const void *data, size_t len)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(out, PO_AUDIT_HEX, h, sizeof(h));
}

void po_audit_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void field(struct po_buf *b, const char *s)
{
    po_buf_addf(b, "%zu:", strlen(s));
    po_buf_adds(b, s);
    po_buf_addch(b, '\n');
}

/* hash of prev "\n" canonical(id, texts[0..4]) into out */
static int chain_hash(char *out, const char *prev, int64_t id, const char *const *texts,
                      struct po_err *err)
{
    struct po_buf b = PO_BUF_INIT;
    po_buf_adds(&b, prev);
    po_buf_addch(&b, '\n');
    po_buf_addf(&b, "%" PRId64 "\n", id);
    for (size_t i = 0; i < 5; i++)
        field(&b, texts[i]);
    if (po_buf_failed(&b)) {
        po_buf_release(&b);
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    po_audit_sha256_hex(out, b.buf, b.len);
    po_buf_release(&b);
    return 0;
}

static int append_row(struct po_store *st, const char *at, const char *actor, const char *action,
                      const char *object, const char *detail, struct po_err *err);

/* Does detail already name the actor's role ("role=..." first, or " role=...")? */
static bool names_role(const char *detail)
{
    if (strncmp(detail, "role=", 5) == 0)
        return true;
    return strstr(detail, " role=") != NULL;
}

/*
 * The role the actor holds, as audit.h says: the account's roles for "web:NAME" (as stored now,
 * inside the caller's transaction), "system" for the system's own runs, "cli" for the rest.
 */
static int actor_role(char *out, size_t n, struct po_store *st, const char *actor,
                      struct po_err *err)
{
    if (strcmp(actor, "system") == 0) {
        snprintf(out, n, "system");
        return 0;
    }
    if (strncmp(actor, "web:", 4) != 0) {
        snprintf(out, n, "cli");
        return 0;
    }
    struct po_stmt *s = NULL;
    snprintf(out, n, "-"); /* an account that is no more */
    int rc = po_stmt_prepare(&s, st, "SELECT roles FROM app_user WHERE username = ?", err);
    if (rc == 0)
        rc = po_stmt_bind(s, 1, po_vtext(actor + 4), err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    if (rc == 1) {
        const char *r = po_stmt_text(s, 0);
        if (r && *r)
            snprintf(out, n, "%s", r);
        rc = 0;
    }
    po_stmt_finalize(s);
    return rc;
}

int po_audit_append(struct po_store *st, const char *at, const char *actor, const char *action,
                    const char *object, const char *detail, struct po_err *err)
{
    if (names_role(detail))
        return append_row(st, at, actor, action, object, detail, err);
    char role[160];
    int rc = actor_role(role, sizeof(role), st, actor, err);
    if (rc < 0)
        return rc;
    struct po_buf d = PO_BUF_INIT;
    po_buf_addf(&d, "%s%srole=%s", detail, *detail ? " " : "", role);
    rc = po_buf_failed(&d) ? po_err_set(err, PO_ENOMEM, "内存不足", "out of memory")
                           : append_row(st, at, actor, action, object, d.buf, err);
    po_buf_release(&d);
    return rc;
}

static int append_row(struct po_store *st, const char *at, const char *actor, const char *action,
                      const char *object, const char *detail, struct po_err *err)
{
    struct po_stmt *s = NULL;
    int64_t id = 1;
    char prev[PO_AUDIT_HEX];
    memcpy(prev, zero_hash, sizeof(prev));
    int rc =
        po_stmt_prepare(&s, st, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    if (rc == 1) {
        id = po_stmt_int(s, 0) + 1;
        const char *h = po_stmt_text(s, 1);
        snprintf(prev, sizeof(prev), "%s", h ? h : "");
        rc = 0;
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    const char *texts[5] = { at, actor, action, object, detail };
    char hash[PO_AUDIT_HEX];
    rc = chain_hash(hash, prev, id, texts, err);
    if (rc < 0)
        return rc;
    struct po_value v[8] = { po_vint(id),      po_vtext(at),     po_vtext(actor), po_vtext(action),
                             po_vtext(object), po_vtext(detail), po_vtext(prev),  po_vtext(hash) };
    return po_store_run(st,
                        "INSERT INTO audit_log(id, at, actor, action, object, detail, prev_hash,"
                        " hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        v, 8, err);
}

static void bad(struct po_audit_report *out, int64_t id, const char *zh, const char *en)
{
    out->ok = false;
    out->bad_id = id;
    snprintf(out->why_zh, sizeof(out->why_zh), "%s", zh);
    snprintf(out->why, sizeof(out->why), "%s", en);
}

/* Check one row against the chain so far; false (and out filled) when it fails. */
static bool check_row(struct po_audit_report *out, struct po_stmt *s, int64_t want_id,
                      const char *prev, struct po_err *err)
{
    int64_t id = po_stmt_int(s, 0);
    if (id != want_id) {
        bad(out, want_id, "该行缺失（已被删除或编号被改）",
            "row missing (deleted, or its id changed)");
        return false;
    }
    const char *texts[5];
    for (int i = 0; i < 5; i++) {
        const char *t = po_stmt_text(s, i + 1);
        texts[i] = t ? t : "";
    }
    const char *stored_prev = po_stmt_text(s, 6), *stored = po_stmt_text(s, 7);
    char hash[PO_AUDIT_HEX];
    if (chain_hash(hash, prev, id, texts, err) < 0)
        return false;
    if (!stored_prev || strcmp(stored_prev, prev) != 0) {
        bad(out, id, "前一行哈希不符（前面的行被删除、替换或调换）",
            "previous hash does not match (a row before it deleted, replaced or reordered)");
        return false;
    }
    if (!stored || strcmp(stored, hash) != 0) {
        bad(out, id, "内容与哈希不符（该行被修改）",
            "content does not match its hash (row edited)");
        return false;
    }
    return true;
}

int po_audit_verify(struct po_audit_report *out, struct po_store *st, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    out->ok = true;
    char prev[PO_AUDIT_HEX];
    memcpy(prev, zero_hash, sizeof(prev));
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, st,
                             "SELECT id, at, actor, action, object, detail, prev_hash, hash"
                             " FROM audit_log ORDER BY id",
                             err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        rc = 0;
        if (!check_row(out, s, out->count + 1, prev, err)) {
            if (out->ok)
                rc = PO_ENOMEM; /* chain_hash filled err */
            break;
        }
        out->count++;
        snprintf(prev, sizeof(prev), "%s", po_stmt_text(s, 7));
        snprintf(out->head, sizeof(out->head), "%s", prev);
    }
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

static const struct po_listq_sort list_sorts[] = {
    { "id", "id" }, { "at", "at" }, { "actor", "actor" }, { "action", "action" }, { NULL, NULL },
};

json_t *po_audit_list(int64_t *total, struct po_store *st, struct po_arena *a,
                      const struct po_audit_filter *f, const struct po_listq_page *pg,
                      struct po_err *err)
{
    struct po_listq q;
    po_listq_init(&q, a);
    if (f->actor)
        po_listq_and_text(&q, "actor = ?", f->actor);
    if (f->action)
        po_listq_and_text(&q, "action = ?", f->action);
    if (f->object) {
        static const char *const cols[] = { "object" };
        po_listq_like(&q, cols, 1, f->object);
    }
    json_t *items = po_listq_page(total, st, "id, at, actor, action, object, detail, hash",
                                  "audit_log", &q, list_sorts, "id DESC", "id DESC", pg, err);
    po_listq_release(&q);
    return items;
}
