/* cmd_ref.c: phaseout ref list | show NAME — the versioned reference tables. */
#include "cli/cli.h"
#include "refdata/refdata.h"

#include <jansson.h>
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

static int ref_list(struct po_store *st, struct po_err *err)
{
    struct po_stmt *s;
    int rc = po_stmt_prepare(
        &s, st,
        "SELECT t.name, t.version, t.nrows, t.loaded_at,"
        " (SELECT count(*) FROM ref_row r WHERE r.name = t.name AND r.version = t.version"
        "  AND r.confidence = 'low'),"
        " (SELECT count(*) FROM ref_table o WHERE o.name = t.name)"
        " FROM ref_table t WHERE t.version = (SELECT max(version) FROM ref_table m"
        " WHERE m.name = t.name) ORDER BY t.name",
        err);
    if (rc < 0)
        return rc;
    printf("%-32s %7s %5s %9s  %s\n", "name / 名称", "version", "rows", "low conf.", "loaded at");
    while ((rc = po_stmt_step(s, err)) == 1)
        printf("%-32s %7lld %5lld %9lld  %s%s\n", po_stmt_text(s, 0), (long long)po_stmt_int(s, 1),
               (long long)po_stmt_int(s, 2), (long long)po_stmt_int(s, 4), po_stmt_text(s, 3),
               po_stmt_int(s, 5) > 1 ? "  (older versions kept)" : "");
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
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

static int ref_show(struct po_store *st, const char *name, long version, struct po_err *err)
{
    struct po_stmt *s;
    struct po_value v[2] = { po_vtext(name), po_vint(version) };
    const char *sql = version > 0 ? "SELECT version, columns FROM ref_table"
                                    " WHERE name = ? AND version = ?"
                                  : "SELECT version, columns FROM ref_table WHERE name = ?"
                                    " ORDER BY version DESC LIMIT 1";
    int rc = po_stmt_prepare(&s, st, sql, err);
    if (rc < 0)
        return rc;
    rc = po_stmt_bindv(s, v, version > 0 ? 2 : 1, err);
    int64_t ver = 0;
    if (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        ver = po_stmt_int(s, 0);
        printf("# %s version %lld\n%s\n", name, (long long)ver, po_stmt_text(s, 1));
        rc = 0;
    } else if (rc == 0) {
        rc = po_err_set(err, PO_ENOTFOUND, "没有参考数据表 %s（用 ref list 查看）",
                        "no reference table %s (see ref list)", name);
    }
    po_stmt_finalize(s);
    if (rc < 0)
        return rc;
    struct po_value rv[2] = { po_vtext(name), po_vint(ver) };
    rc = po_stmt_prepare(&s, st,
                         "SELECT data FROM ref_row WHERE name = ? AND version = ? ORDER BY rowno",
                         err);
    if (rc == 0)
        rc = po_stmt_bindv(s, rv, 2, err);
    while (rc == 0 && (rc = po_stmt_step(s, err)) == 1) {
        json_t *arr = json_loads(po_stmt_text(s, 0), 0, NULL);
        for (size_t i = 0; arr && i < json_array_size(arr); i++) {
            if (i)
                putchar(',');
            print_field(json_string_value(json_array_get(arr, i)));
        }
        putchar('\n');
        json_decref(arr);
        rc = 0;
    }
    po_stmt_finalize(s);
    return rc < 0 ? rc : 0;
}

/* --version N: as strtol reads it (0, the newest, for what is not a number). */
static int parse_version(void *value, char *arg)
{
    *(long *)value = strtol(arg, NULL, 10);
    return 0;
}

int cmd_ref(int argc, char **argv, struct po_cli *cli)
{
    (void)cli;
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
    struct po_ref_sync_result rs;
    rc = po_cli_open_store(&st, o.db, &err);
    if (rc < 0) {
        po_cli_report(&err);
        return 1;
    }
    rc = po_ref_sync(&rs, st, &err);
    if (rc == 0)
        rc = list ? ref_list(st, &err) : ref_show(st, o.args[0], version, &err);
    po_store_close(st);
    if (rc < 0)
        po_cli_report(&err);
    return po_cli_exit_code(rc);
}
