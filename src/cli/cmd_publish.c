/* cmd_publish.c: phaseout publish — freeze a public list into a publication; publish
 * list|show|verify (app/publishdb.h, report/publication.h). */
#include "cli/cli.h"
#include "app/publishdb.h"
#include "report/publication.h"
#include "util/arena.h"
#include "util/buf.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout publish --db DB --list exits|rectifying|closed|sealed --year YYYY",
    "                        --actor NAME [--district CODE] [--supersedes ID --reason TEXT]",
    "       phaseout publish --db DB --preview --list L --year YYYY [--district CODE]",
    "       phaseout publish list --db DB [--year YYYY] [--list L]",
    "       phaseout publish show --db DB ID [--format text|canonical|csv|xlsx|pdf] [--out FILE]",
    "       phaseout publish verify --db DB [ID]",
    "",
    "Freezes the list as it stands into a publication that never changes: its rows, the time,",
    "the actor, a document number and the SHA-256 of its canonical text.  A correction is a new",
    "publication with --supersedes (the old one stays, marked 已更正) and --reason.  A list with",
    "a row that cannot be decided or a firm on the 数据待补 list is refused.  verify recomputes",
    "each hash from the stored rows (exit 1 on a mismatch).",
    NULL,
};

struct opts {
    struct po_cli_opts c;
    const char *list, *actor, *district, *supersedes, *reason;
    bool preview;
};

static int parse(struct opts *o, int argc, char **argv)
{
    static const char *const formats[] = { "text", "canonical", "csv", "xlsx", "pdf", NULL };
    static const struct po_cli_spec spec = {
        .usage = usage,
        .take = PO_OPT_DB | PO_OPT_YEAR | PO_OPT_FORMAT | PO_OPT_OUT,
        .formats = formats,
        .format = "text",
    };
    memset(o, 0, sizeof(*o));
    const struct po_cli_opt own[] = {
        { "list", PO_CLI_STR, &o->list, NULL },
        { "actor", PO_CLI_STR, &o->actor, NULL },
        { "district", PO_CLI_STR, &o->district, NULL },
        { "supersedes", PO_CLI_STR, &o->supersedes, NULL },
        { "reason", PO_CLI_STR, &o->reason, NULL },
        { "preview", PO_CLI_FLAG, &o->preview, NULL },
        { NULL },
    };
    return po_cli_parse(&o->c, &spec, own, argc, argv);
}

static int parse_id(int64_t *id, const char *s)
{
    char *end;
    long long v = s ? strtoll(s, &end, 10) : 0;
    if (!s || end == s || *end || v <= 0)
        return po_cli_usage(usage);
    *id = v;
    return 0;
}

static void print_pub(const struct po_publication *p, bool rows)
{
    printf("publication %" PRId64 "  %s  %s %d  %s  %zu rows%s\n", p->id, p->number,
           po_pub_list_name(p->list), p->year, p->district_code ? p->district_code : "city",
           p->nrows, p->superseded_by ? "  已更正 / corrected" : "");
    printf("  published %s by %s\n  sha256 %s\n", p->published_at, p->actor, p->sha256);
    if (p->supersedes)
        printf("  supersedes %" PRId64 ": %s\n", p->supersedes, p->reason ? p->reason : "");
    if (p->superseded_by)
        printf("  superseded by %" PRId64 "\n", p->superseded_by);
    for (size_t i = 0; rows && i < p->nrows; i++) {
        const struct po_pub_row *r = &p->rows[i];
        printf("  %zu. %s %s %s | %s | %s %s | %s | %s | %s\n", i + 1, r->uscc, r->enterprise_name,
               r->district_name, r->equipment, r->capacity, r->capacity_unit, r->measure_zh,
               r->deadline, r->basis_zh);
    }
}

static int do_show(struct po_store *st, struct po_cli *cli, const struct opts *o, int64_t id,
                   struct po_err *err)
{
    struct po_publication p;
    int rc = po_pubdb_get(st, cli->a, id, &p, err);
    if (rc < 0)
        return rc;
    const char *fmt = o->c.format;
    if (!strcmp(fmt, "text") && !o->c.out) {
        print_pub(&p, true);
        return 0;
    }
    struct po_buf b = PO_BUF_INIT;
    b.arena = cli->a;
    rc = !strcmp(fmt, "canonical") || !strcmp(fmt, "text")
             ? (po_pub_canonical(&p, &b) < 0 ? po_err_set(err, PO_ENOMEM, "内存不足", "out of memory") : 0)
         : !strcmp(fmt, "csv")  ? po_pub_csv(&p, &b, err)
         : !strcmp(fmt, "xlsx") ? po_pub_xlsx(&p, &b, err)
                                : po_pub_pdf(&p, &b, err);
    if (rc == 0)
        rc = po_cli_write_file(o->c.out, &b, err);
    return rc;
}

static int do_verify(struct po_store *st, struct po_cli *cli, int64_t id, struct po_err *err)
{
    struct po_publication *all = NULL;
    size_t n = 0;
    int rc = 0;
    if (!id) {
        struct po_pub_filter f = { 0, -1, NULL, false };
        rc = po_pubdb_list(st, cli->a, &f, &all, &n, err);
    }
    size_t bad = 0, total = id ? 1 : n;
    for (size_t i = 0; rc == 0 && i < total; i++) {
        int64_t pid = id ? id : all[total - 1 - i].id;
        bool ok;
        const char *why;
        rc = po_pubdb_verify(st, cli->a, pid, &ok, &why, err);
        if (rc == 0 && !ok) {
            bad++;
            fprintf(stderr, "错误：第 %" PRId64 " 号公示的校验值不符\nerror: publication %" PRId64
                    " does not match its hash: %s\n", pid, pid, why);
        }
    }
    if (rc < 0)
        return rc;
    if (bad)
        return po_err_set(err, PO_EINVAL, "%zu 份公示校验失败", "%zu publications failed", bad);
    printf("%zu 份公示校验通过 / %zu publications verified\n", total, total);
    return 0;
}

static int do_publish(struct po_store *st, struct po_cli *cli, const struct opts *o,
                      struct po_err *err)
{
    enum po_pub_list l;
    int rc = po_pub_list_parse(&l, o->list, err);
    if (rc < 0)
        return rc;
    if (o->preview) {
        struct po_pub_preview pv;
        rc = po_pubdb_preview(st, cli->a, l, o->c.year, o->district, &pv, err);
        if (rc < 0)
            return rc;
        pv.pub.number = "(未发布 / not published)";
        pv.pub.published_at = pv.pub.actor = pv.pub.sha256 = "-";
        print_pub(&pv.pub, true);
        for (size_t i = 0; i < pv.nrefusals; i++)
            printf("  不予发布 / refused: %s / %s\n", pv.refusals_zh[i], pv.refusals_en[i]);
        return 0;
    }
    int64_t sup = 0;
    if (o->supersedes && parse_id(&sup, o->supersedes) != 0)
        return po_err_set(err, PO_EINVAL, "--supersedes 应为公示编号", "--supersedes wants a publication id");
    struct po_pub_request r = { l, o->c.year, o->district, po_arena_printf(cli->a, "cli:%s", o->actor),
                                sup, o->reason, getenv("PHASEOUT_NOW") };
    struct po_publication p;
    rc = po_pubdb_publish(st, cli->a, &r, &p, err);
    if (rc == 0) {
        printf("已发布 / published: ");
        print_pub(&p, false);
    }
    return rc;
}

int cmd_publish(int argc, char **argv, struct po_cli *cli)
{
    const char *sub = argc > 1 && argv[1][0] != '-' ? argv[1] : NULL;
    if (sub && strcmp(sub, "list") && strcmp(sub, "show") && strcmp(sub, "verify"))
        return po_cli_usage(usage);
    struct opts o;
    int prc = sub ? parse(&o, argc - 1, argv + 1) : parse(&o, argc, argv);
    if (prc)
        return prc;
    int64_t id = 0;
    if (!sub) {
        if (!o.list || !o.c.year || (!o.actor && !o.preview) || o.c.nargs)
            return po_cli_usage(usage);
    } else if (!strcmp(sub, "show")) {
        if (o.c.nargs != 1 || parse_id(&id, o.c.args[0]))
            return po_cli_usage(usage);
    } else if (!strcmp(sub, "verify")) {
        if (o.c.nargs > 1 || (o.c.nargs == 1 && parse_id(&id, o.c.args[0])))
            return po_cli_usage(usage);
    } else if (o.c.nargs) {
        return po_cli_usage(usage);
    }
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    int rc = po_cli_open_store(&st, o.c.db, &err);
    if (rc == 0) {
        if (!sub) {
            rc = do_publish(st, cli, &o, &err);
        } else if (!strcmp(sub, "show")) {
            rc = do_show(st, cli, &o, id, &err);
        } else if (!strcmp(sub, "verify")) {
            rc = do_verify(st, cli, id, &err);
        } else {
            enum po_pub_list l;
            struct po_pub_filter f = { o.c.year, -1, NULL, false };
            if (o.list && (rc = po_pub_list_parse(&l, o.list, &err)) == 0)
                f.list = (int)l;
            struct po_publication *ps = NULL;
            size_t n = 0;
            if (rc == 0)
                rc = po_pubdb_list(st, cli->a, &f, &ps, &n, &err);
            for (size_t i = 0; rc == 0 && i < n; i++)
                print_pub(&ps[i], false);
        }
    }
    return po_cli_finish(st, rc, &err);
}
