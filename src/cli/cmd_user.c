/* cmd_user.c: phaseout user add|passwd|role|disable|list — accounts (app/userdb.h). */
#include "cli/cli.h"
#include "core/authz.h"
#include "core/password.h"
#include "app/userdb.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout user add USERNAME --role ROLE[,ROLE...] [--district CODE] [--name 显示名]",
    "                         [--password-stdin] [--db PATH]",
    "       phaseout user passwd USERNAME [--password-stdin] [--db PATH]",
    "       phaseout user role USERNAME --role ROLE[,ROLE...] [--district CODE] [--db PATH]",
    "       phaseout user disable USERNAME [--enable] [--db PATH]",
    "       phaseout user list [--db PATH]",
    "",
    "The password is the first line of standard input with --password-stdin, else the",
    "environment variable PHASEOUT_PASSWORD; it is never an argument (ps would show it).",
    "At least 10 characters, 3 of: lower case, upper case, digits, other; not the username.",
    "Roles: city drc energy eco_env emergency market government district auditor bank",
    "sysadmin secadmin auditadmin; no account holds two of sysadmin/secadmin/auditadmin;",
    "district needs --district CODE.  Changing a password, the roles or disabling an",
    "account ends its sessions.  Each change is written to the audit log as cli:$USER.",
    NULL,
};

struct opts {
    struct po_cli_opts c; /* --db */
    const char *role, *district, *name, *username;
    bool stdin_pw, enable;
};

/* 0, or the exit status of a usage error (printed). */
static int parse(struct opts *o, int argc, char **argv)
{
    static const struct po_cli_spec spec = { .usage = usage, .take = PO_OPT_DB };
    memset(o, 0, sizeof(*o));
    const struct po_cli_opt own[] = {
        { "role", PO_CLI_STR, &o->role, NULL },
        { "district", PO_CLI_STR, &o->district, NULL },
        { "name", PO_CLI_STR, &o->name, NULL },
        { "password-stdin", PO_CLI_FLAG, &o->stdin_pw, NULL },
        { "enable", PO_CLI_FLAG, &o->enable, NULL },
        { NULL },
    };
    int rc = po_cli_parse(&o->c, &spec, own, argc, argv);
    if (rc)
        return rc;
    if (o->c.nargs > 1)
        return po_cli_usage(usage);
    o->username = o->c.nargs ? o->c.args[0] : NULL;
    return 0;
}

/* The new password into buf: stdin's first line, or PHASEOUT_PASSWORD. */
static int read_password(char *buf, size_t n, bool from_stdin, struct po_err *err)
{
    if (from_stdin) {
        if (!fgets(buf, (int)n, stdin))
            return po_err_set(err, PO_EINVAL, "标准输入中没有密码",
                              "no password on standard input");
        size_t len = strlen(buf);
        if (len && buf[len - 1] != '\n' && !feof(stdin))
            return po_err_set(err, PO_EINVAL, "密码太长", "password too long");
        while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
            buf[--len] = '\0';
        return 0;
    }
    const char *env = getenv("PHASEOUT_PASSWORD");
    if (!env || !*env)
        return po_err_set(err, PO_EINVAL,
                          "未给出密码：请用 --password-stdin 从标准输入读入，或设置环境变量 "
                          "PHASEOUT_PASSWORD",
                          "no password given: pipe it with --password-stdin or set "
                          "PHASEOUT_PASSWORD");
    if (strlen(env) >= n)
        return po_err_set(err, PO_EINVAL, "密码太长", "password too long");
    snprintf(buf, n, "%s", env);
    return 0;
}

static void actor_of(char *buf, size_t n)
{
    const char *u = getenv("USER");
    snprintf(buf, n, "cli:%s", u && *u ? u : "root");
}

/* A CSV field: quoted (with doubled quotes) when it holds a comma, a quote or a line break. */
static void put_field(const char *v)
{
    if (!strpbrk(v, ",\"\r\n")) {
        fputs(v, stdout);
        return;
    }
    putchar('"');
    for (; *v; v++) {
        if (*v == '"')
            putchar('"');
        putchar(*v);
    }
    putchar('"');
}

static int do_list(struct po_store *st, struct po_cli *cli, struct po_err *err)
{
    struct po_user *u = NULL;
    size_t n = 0;
    int rc = po_userdb_list(&u, &n, st, cli->a, err);
    if (rc < 0)
        return rc;
    printf("username,display_name,roles,district_code,disabled\n");
    for (size_t i = 0; i < n; i++) {
        char roles[PO_UROLE_LIST_MAX];
        po_urole_format_list(roles, sizeof(roles), u[i].roles);
        printf("%s,", u[i].username);
        put_field(u[i].display_name);
        printf(",\"%s\",%s,%d\n", roles, u[i].district_code, u[i].disabled ? 1 : 0);
    }
    return 0;
}

static int run(struct po_store *st, struct po_cli *cli, const char *sub, const struct opts *o,
               struct po_err *err)
{
    char actor[96], pw[PO_PASSWORD_MAX_BYTES + 2] = "";
    unsigned roles = 0;
    int rc = 0;
    actor_of(actor, sizeof(actor));
    if (strcmp(sub, "list") == 0)
        return do_list(st, cli, err);
    if (strcmp(sub, "add") == 0 || strcmp(sub, "role") == 0)
        rc = po_urole_parse_list(&roles, o->role, err);
    if (rc == 0 && (strcmp(sub, "add") == 0 || strcmp(sub, "passwd") == 0))
        rc = read_password(pw, sizeof(pw), o->stdin_pw, err);
    if (rc < 0)
        return rc;
    if (strcmp(sub, "add") == 0)
        rc = po_userdb_add(st, o->username, o->name, pw, roles, o->district, actor, err);
    else if (strcmp(sub, "passwd") == 0)
        rc = po_userdb_passwd(st, o->username, pw, actor, err);
    else if (strcmp(sub, "role") == 0)
        rc = po_userdb_set_roles(st, o->username, roles, o->district, actor, err);
    else
        rc = po_userdb_set_disabled(st, o->username, !o->enable, actor, err);
    sodium_memzero(pw, sizeof(pw));
    if (rc == 0)
        printf("%s %s\n", strcmp(sub, "disable") == 0 ? (o->enable ? "enabled" : "disabled")
                          : strcmp(sub, "add") == 0   ? "added"
                          : strcmp(sub, "passwd") == 0 ? "password changed for"
                                                      : "roles set for",
               o->username);
    return rc;
}

int cmd_user(int argc, char **argv, struct po_cli *cli)
{
    struct opts o;
    if (argc < 2)
        return po_cli_usage(usage);
    int prc = parse(&o, argc - 1, argv + 1);
    if (prc)
        return prc;
    const char *sub = argv[1];
    bool is_add = strcmp(sub, "add") == 0, is_role = strcmp(sub, "role") == 0;
    bool ok = strcmp(sub, "list") == 0 ? !o.username
              : is_add || is_role     ? o.username && o.role
              : strcmp(sub, "passwd") == 0 || strcmp(sub, "disable") == 0 ? o.username != NULL
                                                                           : false;
    if (ok && (o.name && !is_add))
        ok = false;
    if (ok && o.district && !is_add && !is_role)
        ok = false;
    if (ok && o.enable && strcmp(sub, "disable") != 0)
        ok = false;
    if (ok && o.stdin_pw && !is_add && strcmp(sub, "passwd") != 0)
        ok = false;
    if (!ok)
        return po_cli_usage(usage);
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    int rc = po_cli_open_store(&st, o.c.db, &err);
    if (rc == 0)
        rc = run(st, cli, sub, &o, &err);
    return po_cli_finish(st, rc, &err);
}
