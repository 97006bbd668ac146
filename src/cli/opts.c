/*
 * opts.c: the one getopt_long loop of every subcommand (opts.h).
 *
 * The long-option table is built on the stack for each call: the shared
 * options the spec takes, then the command's own.  Each entry's val says
 * which it is (SHARED + bit index, OWN + table index), so no command picks
 * letters any more and two options can never share one.  getopt_long still
 * does the matching, so abbreviations (--ye for --year) and getopt's own
 * messages are what they always were.
 */
#include "cli/opts.h"

#include <assert.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SHARED = 0x100, OWN = 0x200, MAX_OPTS = 48 };

static const struct {
    unsigned bit;
    const char *name;
    int has_arg;
} shared[] = {
    { PO_OPT_DB, "db", required_argument },         { PO_OPT_YEAR, "year", required_argument },
    { PO_OPT_FORMAT, "format", required_argument }, { PO_OPT_OUT, "out", required_argument },
    { PO_OPT_LANG, "lang", required_argument },     { PO_OPT_AS_OF, "as-of", required_argument },
    { PO_OPT_HELP, "help", no_argument },
};
enum { NSHARED = sizeof shared / sizeof shared[0] };

/* The table getopt_long reads: the shared options taken, the own ones, the end mark. */
static void build(struct option *lo, const struct po_cli_spec *spec, const struct po_cli_opt *own)
{
    size_t n = 0;
    for (size_t i = 0; i < NSHARED; i++)
        if (spec->take & shared[i].bit)
            lo[n++] = (struct option){ shared[i].name, shared[i].has_arg, NULL, SHARED + (int)i };
    for (size_t i = 0; own && own[i].name; i++) {
        assert(n + 1 < MAX_OPTS);
        lo[n++] = (struct option){ own[i].name,
                                   own[i].type == PO_CLI_FLAG ? no_argument : required_argument,
                                   NULL, OWN + (int)i };
    }
    lo[n] = (struct option){ NULL, 0, NULL, 0 };
}

/* A shared option seen: 0, or PO_CLI_USAGE. */
static int take_shared(struct po_cli_opts *o, const struct po_cli_spec *spec, unsigned bit,
                       const char *arg)
{
    int lo = spec->year_min || spec->year_max ? spec->year_min : PO_CLI_YEAR_MIN;
    int hi = spec->year_min || spec->year_max ? spec->year_max : PO_CLI_YEAR_MAX;
    switch (bit) {
    case PO_OPT_DB:
        o->db = arg;
        return 0;
    case PO_OPT_YEAR:
        return po_cli_parse_int(&o->year, arg, lo, hi);
    case PO_OPT_FORMAT:
        o->format = arg;
        return 0;
    case PO_OPT_OUT:
        o->out = arg;
        return 0;
    case PO_OPT_LANG:
        o->lang = arg;
        return 0;
    case PO_OPT_AS_OF:
        if (spec->as_of_date && po_date_parse(&o->as_of_date, arg, strlen(arg)) < 0)
            return PO_CLI_USAGE;
        o->as_of = arg;
        return 0;
    default: /* PO_OPT_HELP */
        return PO_CLI_USAGE;
    }
}

static int take_own(const struct po_cli_opt *opt, char *arg)
{
    switch (opt->type) {
    case PO_CLI_STR:
        *(const char **)opt->value = arg;
        return 0;
    case PO_CLI_FLAG:
        *(bool *)opt->value = true;
        return 0;
    default:
        return opt->fn(opt->value, arg);
    }
}

/* The checks made once every option is read. */
static bool complete(const struct po_cli_opts *o, const struct po_cli_spec *spec)
{
    if ((spec->need & PO_OPT_DB) && !o->db)
        return false;
    if ((spec->need & PO_OPT_YEAR) && !o->year)
        return false;
    if ((spec->need & PO_OPT_OUT) && !o->out)
        return false;
    if ((spec->need & PO_OPT_AS_OF) && !o->as_of)
        return false;
    if (spec->formats && o->format && !po_cli_oneof(o->format, spec->formats))
        return false;
    return !(spec->langs && o->lang && !po_cli_oneof(o->lang, spec->langs));
}

int po_cli_parse(struct po_cli_opts *out, const struct po_cli_spec *spec,
                 const struct po_cli_opt *own, int argc, char **argv)
{
    struct option lo[MAX_OPTS];
    build(lo, spec, own);
    memset(out, 0, sizeof(*out));
    out->format = spec->format;
    out->lang = spec->lang;
    int c, rc = 0;
    optind = 0;
    while (rc == 0 && (c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        if (c >= OWN)
            rc = take_own(&own[c - OWN], optarg);
        else if (c >= SHARED)
            rc = take_shared(out, spec, shared[c - SHARED].bit, optarg);
        else
            rc = PO_CLI_USAGE; /* '?': getopt_long has said what was wrong */
    }
    if (rc == 0 && !complete(out, spec))
        rc = PO_CLI_USAGE;
    out->nargs = argc - optind;
    out->args = argv + optind;
    if (rc == PO_CLI_REFUSED)
        return 2;
    return rc < 0 ? po_cli_usage(spec->usage) : 0;
}

int po_cli_usage(const char *const *usage)
{
    for (; *usage; usage++)
        fprintf(stderr, "%s\n", *usage);
    return 2;
}

int po_cli_parse_int(int *out, const char *s, int lo, int hi)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

int po_cli_parse_year(int *out, const char *s)
{
    return po_cli_parse_int(out, s, PO_CLI_YEAR_MIN, PO_CLI_YEAR_MAX);
}

bool po_cli_oneof(const char *v, const char *const *choices)
{
    for (; *choices; choices++)
        if (strcmp(v, *choices) == 0)
            return true;
    return false;
}

int po_cli_parse_elec(enum po_elec_choice *out, const char *s)
{
    if (!s)
        *out = PO_ELEC_POLICY;
    else if (strcmp(s, "equivalent") == 0)
        *out = PO_ELEC_EQUIVALENT;
    else if (strcmp(s, "equal") == 0)
        *out = PO_ELEC_EQUAL;
    else
        return -1;
    return 0;
}
