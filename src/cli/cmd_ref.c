/* cmd_ref.c: phaseout ref list | show NAME — the versioned reference tables. */
#include "cli/cli.h"
#include "app/refread.h"
#include "app/refsync.h"
#include "refdata/refdata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout ref list --db PATH_OR_URL",
    "       phaseout ref show --db PATH_OR_URL NAME [--version N]",
    "",
    "The reference tables (data/ in the source tree) are loaded into the database by db init,",
    "import and demo; a changed table becomes a new version and old versions are kept.",
    "Rows whose confidence is low must be verified before they decide anything (待核实).",
    NULL,
};

static int ref_list(struct po_store *st, struct po_arena *a, struct po_err *err)
{
    struct po_reftable *t;
    size_t n;
    int rc = po_refread_list(&t, &n, st, a, err);
    if (rc < 0)
        return rc;
    printf("%-32s %7s %5s %9s  %s\n", "name / 名称", "version", "rows", "low conf.", "loaded at");
    for (size_t i = 0; i < n; i++)
        printf("%-32s %7lld %5lld %9lld  %s%s\n", t[i].name, (long long)t[i].version,
               (long long)t[i].nrows, (long long)t[i].low_confidence, t[i].loaded_at,
               t[i].older_versions ? "  (older versions kept)" : "");
    return 0;
}

static void print_field(const char *s)
{
    if (strpbrk(s, ",\"\n")) {
        putchar('"');
        for (; *s; s++) {
            if (*s == '"')
                putchar('"');
            putchar(*s);
        }
        putchar('"');
    } else {
        fputs(s, stdout);
    }
}

static int ref_show(struct po_store *st, const char *name, long version, struct po_arena *a,
                    struct po_err *err)
{
    struct po_reftable_rows t;
    int rc = po_refread_show(&t, st, name, version, a, err);
    if (rc < 0)
        return rc;
    printf("# %s version %lld\n%s\n", name, (long long)t.version, t.columns);
    for (size_t r = 0; r < t.nrows; r++) {
        for (size_t i = 0; i < t.rows[r].n; i++) {
            if (i)
                putchar(',');
            print_field(t.rows[r].fields[i] ? t.rows[r].fields[i] : "");
        }
        putchar('\n');
    }
    return 0;
}

/* --version N: as strtol reads it (0, the newest, for what is not a number). */
static int parse_version(void *value, char *arg)
{
    *(long *)value = strtol(arg, NULL, 10);
    return 0;
}

int cmd_ref(int argc, char **argv, struct po_cli *cli)
{
    static const struct po_cli_spec spec = { .usage = usage, .take = PO_OPT_DB | PO_OPT_HELP };
    if (argc < 2)
        return po_cli_usage(usage);
    const char *sub = argv[1];
    long version = 0;
    const struct po_cli_opt own[] = { { "version", PO_CLI_FN, &version, parse_version }, { NULL } };
    struct po_cli_opts o;
    int rc = po_cli_parse(&o, &spec, own, argc - 1, argv + 1);
    if (rc)
        return rc;
    bool list = strcmp(sub, "list") == 0 && o.nargs == 0;
    bool show = strcmp(sub, "show") == 0 && o.nargs == 1;
    if (!list && !show)
        return po_cli_usage(usage);
    struct po_err err = PO_ERR_INIT;
    struct po_store *st;
    struct po_refsync_result rs;
    rc = po_cli_open_store(&st, o.db, &err);
    if (rc < 0) {
        po_cli_report(&err);
        return 1;
    }
    rc = po_refsync_run(&rs, st, &err);
    if (rc == 0)
        rc = list ? ref_list(st, cli->a, &err) : ref_show(st, o.args[0], version, cli->a, &err);
    po_store_close(st);
    if (rc < 0)
        po_cli_report(&err);
    return po_cli_exit_code(rc);
}
