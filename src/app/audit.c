/*
 * audit.c: the hash-chained audit log (audit.h).
 *
 * The canonical text is built from the stored columns, not from what the
 * caller passed, so verify() and append() cannot disagree on it.
 */
#include "app/audit.h"
#include "util/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char zero_hash[] = "0000000000000000000000000000000000000000000000000000000000000000";

/* ---- the key of the keyed chain ---- */

static pthread_mutex_t key_mu = PTHREAD_MUTEX_INITIALIZER;
static unsigned char key_bytes[crypto_auth_hmacsha256_KEYBYTES];
static bool key_loaded;

static const char *key_path(char *buf, size_t n)
{
    const char *p = getenv("PHASEOUT_AUDIT_KEY_FILE");
    if (p && *p)
        return p;
    const char *home = getenv("HOME");
    snprintf(buf, n, "%s/.config/phaseout/audit.key", home && *home ? home : ".");
    return buf;
}

static bool read_key(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char hex[2 * sizeof key_bytes + 2] = "";
    bool ok = fgets(hex, sizeof hex, f) != NULL;
    fclose(f);
    size_t got = 0;
    ok = ok && sodium_hex2bin(key_bytes, sizeof key_bytes, hex, strcspn(hex, "\r\n"), NULL, &got,
                              NULL) == 0 &&
         got == sizeof key_bytes;
    return ok;
}

static bool write_key(const char *path)
{
    char dir[512];
    snprintf(dir, sizeof dir, "%s", path);
    for (char *p = dir + 1; *p; p++) /* mkdir -p of the parent */
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0700);
            *p = '/';
        }
    randombytes_buf(key_bytes, sizeof key_bytes);
    char hex[2 * sizeof key_bytes + 1];
    sodium_bin2hex(hex, sizeof hex, key_bytes, sizeof key_bytes);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return errno == EEXIST && read_key(path); /* another process made it first */
    bool ok = write(fd, hex, strlen(hex)) == (ssize_t)strlen(hex) && write(fd, "\n", 1) == 1;
    ok = (fsync(fd) == 0) && ok;
    close(fd);
    return ok;
}

/* The key into key_bytes; create: make the file when there is none.  false: no key. */
static bool audit_key(bool create, struct po_err *err)
{
    pthread_mutex_lock(&key_mu);
    char buf[512];
    const char *path = key_path(buf, sizeof buf);
    bool ok = key_loaded || read_key(path) || (create && write_key(path));
    key_loaded = ok;
    pthread_mutex_unlock(&key_mu);
    if (!ok && create)
        po_err_set(err, PO_EIO, "无法读取或创建审计密钥文件 %s（PHASEOUT_AUDIT_KEY_FILE）",
                   "cannot read or create the audit key file %s (PHASEOUT_AUDIT_KEY_FILE)", path);
    return ok;
}

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

/* hash of prev "\n" canonical(id, texts[0..4]) into out; with key, its HMAC-SHA256 instead */
static int chain_digest(char *out, const char *prev, int64_t id, const char *const *texts,
                        const unsigned char *key, struct po_err *err);

static int chain_hash(char *out, const char *prev, int64_t id, const char *const *texts,
                      struct po_err *err)
{
    return chain_digest(out, prev, id, texts, NULL, err);
}

static int chain_digest(char *out, const char *prev, int64_t id, const char *const *texts,
                        const unsigned char *key, struct po_err *err)
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
    if (key) {
        unsigned char m[crypto_auth_hmacsha256_BYTES];
        crypto_auth_hmacsha256(m, (const unsigned char *)b.buf, b.len, key);
        sodium_bin2hex(out, PO_AUDIT_HEX, m, sizeof m);
    } else {
        po_audit_sha256_hex(out, b.buf, b.len);
    }
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
    char prev[PO_AUDIT_HEX], prev_mac[PO_AUDIT_HEX];
    memcpy(prev, zero_hash, sizeof(prev));
    memcpy(prev_mac, zero_hash, sizeof(prev_mac));
    if (!audit_key(true, err))
        return err ? err->code : PO_EIO;
    /*
     * One appender at a time: two transactions reading the same head would both take its id + 1
     * (PostgreSQL's READ COMMITTED; SQLite's writers are serial).  In the caller's transaction, or
     * in one of its own.
     */
    int rc = po_store_begin(st, err);
    if (rc < 0)
        return rc;
    rc = po_store_lock(st, PO_LOCK_AUDIT, err);
    if (rc == 0)
        rc = po_stmt_prepare(&s, st, "SELECT id, hash, mac FROM audit_log ORDER BY id DESC LIMIT 1",
                             err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    if (rc == 1) {
        id = po_stmt_int(s, 0) + 1;
        const char *h = po_stmt_text(s, 1), *m = po_stmt_text(s, 2);
        snprintf(prev, sizeof(prev), "%s", h ? h : "");
        if (m && *m)
            snprintf(prev_mac, sizeof(prev_mac), "%s", m);
        rc = 0;
    }
    po_stmt_finalize(s);
    const char *texts[5] = { at, actor, action, object, detail };
    char hash[PO_AUDIT_HEX], mac[PO_AUDIT_HEX];
    if (rc == 0)
        rc = chain_hash(hash, prev, id, texts, err);
    if (rc == 0)
        rc = chain_digest(mac, prev_mac, id, texts, key_bytes, err);
    if (rc == 0) {
        struct po_value v[9] = { po_vint(id),      po_vtext(at),     po_vtext(actor),
                                 po_vtext(action), po_vtext(object), po_vtext(detail),
                                 po_vtext(prev),   po_vtext(hash),   po_vtext(mac) };
        rc = po_store_run(st,
                          "INSERT INTO audit_log(id, at, actor, action, object, detail, prev_hash,"
                          " hash, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          v, 9, err);
    }
    return po_store_end(st, rc, err);
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
    const char *mac = po_stmt_text(s, 8);
    if (mac && *mac && !out->keyed_from)
        out->keyed_from = id;
    if (out->keyed_from && (!mac || !*mac)) {
        bad(out, id, "该行缺少密钥校验值（其前的行已有）",
            "the row has no MAC, after rows that have one (the keyed chain was cut)");
        return false;
    }
    if (out->keyed && mac && *mac) {
        char want[PO_AUDIT_HEX];
        if (chain_digest(want, out->mac_head[0] ? out->mac_head : zero_hash, id, texts,
                         key_bytes, err) < 0)
            return false;
        if (strcmp(want, mac) != 0) {
            bad(out, id, "密钥校验值不符（该行或其前的行被改动后重算了哈希链）",
                "the MAC does not match (this row or one before it was changed and the hash "
                "chain rebuilt without the key)");
            return false;
        }
    }
    if (mac && *mac)
        snprintf(out->mac_head, sizeof out->mac_head, "%s", mac);
    return true;
}

int po_audit_verify(struct po_audit_report *out, struct po_store *st, struct po_err *err)
{
    memset(out, 0, sizeof(*out));
    out->ok = true;
    out->keyed = audit_key(false, NULL);
    char prev[PO_AUDIT_HEX];
    memcpy(prev, zero_hash, sizeof(prev));
    struct po_stmt *s = NULL;
    int rc = po_stmt_prepare(&s, st,
                             "SELECT id, at, actor, action, object, detail, prev_hash, hash, mac"
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

/* ---- anchors ---- */

int po_audit_anchor_text(char *out, size_t n, const struct po_audit_report *r)
{
    char at[32];
    po_audit_now(at, sizeof at);
    int k = snprintf(out, n,
                     "phaseout-audit-anchor 1\nat %s\nrows %" PRId64 "\nhead %s\nmac %s\n", at,
                     r->count, r->head[0] ? r->head : "-", r->mac_head[0] ? r->mac_head : "-");
    return k > 0 && (size_t)k < n ? 0 : PO_ENOMEM;
}

int po_audit_anchor_parse(struct po_audit_anchor *out, const char *text, struct po_err *err)
{
    memset(out, 0, sizeof *out);
    long long rows = -1;
    char head[PO_AUDIT_HEX + 8] = "", mac[PO_AUDIT_HEX + 8] = "", at[40] = "";
    if (!text || strncmp(text, "phaseout-audit-anchor 1\n", 24) != 0 ||
        sscanf(text + 24, "at %39s rows %lld head %71s mac %71s", at, &rows, head, mac) != 4 ||
        rows < 0 || (strlen(head) != 64 && strcmp(head, "-")) ||
        (strlen(mac) != 64 && strcmp(mac, "-")))
        return po_err_set(err, PO_EINVAL, "不是 phaseout audit anchor 写出的锚点文件",
                          "not an anchor file written by phaseout audit anchor");
    out->rows = rows;
    snprintf(out->head, sizeof out->head, "%s", strcmp(head, "-") ? head : "");
    snprintf(out->mac, sizeof out->mac, "%s", strcmp(mac, "-") ? mac : "");
    snprintf(out->at, sizeof out->at, "%s", at);
    return 0;
}

int po_audit_check_anchor(struct po_audit_report *out, struct po_store *st,
                          const struct po_audit_anchor *a, struct po_err *err)
{
    int rc = po_audit_verify(out, st, err);
    if (rc < 0 || !out->ok || a->rows == 0)
        return rc;
    struct po_stmt *s = NULL;
    struct po_value v = po_vint(a->rows);
    rc = po_stmt_prepare(&s, st, "SELECT hash, mac FROM audit_log WHERE id = ?", err);
    if (rc == 0)
        rc = po_stmt_bindv(s, &v, 1, err);
    if (rc == 0)
        rc = po_stmt_step(s, err);
    if (rc == 0) {
        bad(out, a->rows, "锚定的行已不存在（其后的行或该行被删除）",
            "the anchored row is gone (it or the rows after it were removed)");
    } else if (rc == 1) {
        const char *h = po_stmt_text(s, 0), *m = po_stmt_text(s, 1);
        if (!h || strcmp(h, a->head) || (a->mac[0] && (!m || strcmp(m, a->mac))))
            bad(out, a->rows, "锚定行的哈希与锚点不符（日志在锚定后被重建）",
                "the anchored row's hash differs from the anchor (the log was rebuilt since)");
        rc = 0;
    }
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}
