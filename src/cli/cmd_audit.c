/* cmd_audit.c: phaseout audit verify — walk the hash-chained audit log (app/audit.h). */
#include "cli/cli.h"
#include "app/audit.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout audit verify --db PATH_OR_URL [--anchor FILE]",
    "       phaseout audit anchor --db PATH_OR_URL --out FILE",
    "",
    "verify recomputes the SHA-256 chain of table audit_log and, when the key is there",
    "(PHASEOUT_AUDIT_KEY_FILE, else ~/.config/phaseout/audit.key), the keyed chain (HMAC-SHA256",
    "under a key outside the database), prints the number of rows and the head and exits 0, or",
    "names the first edited, deleted, reordered or re-chained row and exits 1.  anchor writes",
    "the verified head with the row count and the time to FILE — keep it elsewhere (another",
    "machine, a printed report); verify --anchor FILE then also checks that the log still holds",
    "that row unchanged, so newest rows removed or a rebuilt log are found.",
    NULL,
};

static int read_file(char *buf, size_t n, const char *path, struct po_err *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return po_err_set(err, PO_EIO, "无法读取 %s", "cannot read %s", path);
    size_t k = fread(buf, 1, n - 1, f);
    buf[k] = '\0';
    fclose(f);
    return 0;
}

int cmd_audit(int argc, char **argv, struct po_cli *cli)
{
    static const struct po_cli_spec spec = { .usage = usage, .take = PO_OPT_DB | PO_OPT_OUT };
    struct po_cli_opts o;
    (void)cli;
    if (argc < 2 || (strcmp(argv[1], "verify") != 0 && strcmp(argv[1], "anchor") != 0))
        return po_cli_usage(usage);
    bool anchor = !strcmp(argv[1], "anchor");
    const char *anchor_file = NULL;
    const struct po_cli_opt own[] = { { "anchor", PO_CLI_STR, &anchor_file, NULL }, { NULL } };
    int rc = po_cli_parse(&o, &spec, own, argc - 1, argv + 1);
    if (rc)
        return rc;
    if (o.nargs || (anchor && (!o.out || anchor_file)) || (!anchor && o.out))
        return po_cli_usage(usage);
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    struct po_audit_report r;
    struct po_audit_anchor an;
    char text[1024];
    rc = anchor_file ? read_file(text, sizeof text, anchor_file, &err) : 0;
    if (rc == 0 && anchor_file)
        rc = po_audit_anchor_parse(&an, text, &err);
    if (rc == 0)
        rc = po_cli_open_store(&st, o.db, &err);
    if (rc == 0)
        rc = anchor_file ? po_audit_check_anchor(&r, st, &an, &err) : po_audit_verify(&r, st, &err);
    if (st)
        po_store_close(st);
    if (rc < 0) {
        po_cli_report(&err);
        return po_cli_exit_code(rc);
    }
    if (!r.ok) {
        fprintf(stderr,
                "审计日志第 %" PRId64 " 行被篡改：%s\naudit log row %" PRId64 " tampered: %s\n",
                r.bad_id, r.why_zh, r.bad_id, r.why);
        printf("tampered %" PRId64 "\n", r.bad_id);
        return 1;
    }
    if (!r.keyed && r.keyed_from)
        fprintf(stderr, "注意：没有审计密钥，未校验键控链\nnote: no audit key here: the keyed chain "
                        "was not checked\n");
    if (anchor) {
        if (po_audit_anchor_text(text, sizeof text, &r) < 0)
            return 1;
        FILE *f = fopen(o.out, "w");
        if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
            fprintf(stderr, "错误：无法写入 %s\nerror: cannot write %s\n", o.out, o.out);
            return 1;
        }
        printf("anchored %" PRId64 " rows, head %s -> %s\n", r.count,
               r.head[0] ? r.head : "(empty)", o.out);
        return 0;
    }
    printf("ok %" PRId64 " rows, head %s\n", r.count, r.head[0] ? r.head : "(empty)");
    if (r.keyed && r.keyed_from)
        printf("keyed from row %" PRId64 ", mac %s\n", r.keyed_from, r.mac_head);
    if (anchor_file)
        printf("anchor %s: row %" PRId64 " as anchored at %s\n", anchor_file, an.rows, an.at);
    return 0;
}
