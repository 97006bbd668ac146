/*
 * opts.h: the command line of a subcommand — the options every command shares, once.
 *
 * --db, --year, --format, --out, --lang, --as-of (and --help) mean the same
 * in every command that takes them, so they are declared, parsed and checked
 * here; a command names which of them it takes in a struct po_cli_spec and
 * lists only its own options, as a table of struct po_cli_opt pointing at
 * its own variables (git's parse-options).  po_cli_parse() runs the one
 * getopt_long loop over both.
 *
 * What is checked where, kept as the commands always did it:
 *   --year    an integer in [year_min, year_max], as it is read;
 *   --as-of   the text; with as_of_date also a real YYYY-MM-DD, as it is read
 *             (otherwise the command parses it when it needs the date, and a
 *             bad one is an error, exit 1, not a usage error);
 *   --format, --lang  one of the spec's choices, after every option is read;
 *   need      the shared options that must be given, after every option is read.
 * Anything the command checks beyond that (operands, combinations) it checks
 * itself after po_cli_parse() and answers with po_cli_usage().
 *
 * Not thread-safe (getopt's globals); the CLI parses once, in main's thread.
 *
 * Memory: nothing is allocated; every string in struct po_cli_opts points
 * into argv.  Errors: no po_err here — po_cli_parse() and po_cli_usage()
 * return the exit status 2 after printing to stderr, the value parsers -1
 * (a usage error) leaving *out untouched.
 */
#ifndef PO_CLI_OPTS_H
#define PO_CLI_OPTS_H

#include "core/account_policy.h"
#include "core/date.h"

#include <stdbool.h>

/* The shared options, as bits of po_cli_spec.take and .need. */
enum po_cli_shared {
    PO_OPT_DB = 1u << 0,     /* --db PATH_OR_URL (else PHASEOUT_DB, see po_cli_open_store) */
    PO_OPT_YEAR = 1u << 1,   /* --year Y */
    PO_OPT_FORMAT = 1u << 2, /* --format NAME */
    PO_OPT_OUT = 1u << 3,    /* --out FILE or OUTDIR */
    PO_OPT_LANG = 1u << 4,   /* --lang NAME */
    PO_OPT_AS_OF = 1u << 5,  /* --as-of YYYY-MM-DD */
    PO_OPT_HELP = 1u << 6,   /* --help: the usage, exit 2 */
};

/*
 * --year of the commands that read the registry: PO_CLI_YEAR_MIN..
 * PO_CLI_YEAR_MAX.  barometer and evaluate also look at the year before, so
 * they start one later (year_min = PO_CLI_YEAR_MIN + 1).
 */
#define PO_CLI_YEAR_MIN 1990
#define PO_CLI_YEAR_MAX 2100

/* Which shared options a command takes and how they are checked. */
struct po_cli_spec {
    const char *const *usage;   /* printed on a usage error (NULL-terminated) */
    unsigned take;              /* PO_OPT_* accepted */
    unsigned need;              /* PO_OPT_* that must be given (a subset of take) */
    int year_min, year_max;     /* --year's range; both 0: PO_CLI_YEAR_MIN..PO_CLI_YEAR_MAX */
    const char *const *formats; /* --format's choices (NULL-terminated); NULL: any text */
    const char *format;         /* the value without --format (may be NULL) */
    const char *const *langs;   /* --lang's choices (NULL-terminated); NULL: any text */
    const char *lang;           /* the value without --lang (may be NULL) */
    bool as_of_date;            /* --as-of must be a real date (else a usage error) */
};

/* The values of the shared options after po_cli_parse(); NULL or 0: not given. */
struct po_cli_opts {
    const char *db;
    int year;
    const char *format; /* spec->format when not given */
    const char *out;
    const char *lang; /* spec->lang when not given */
    const char *as_of;
    struct po_date as_of_date; /* with spec->as_of_date and --as-of; else y == 0 */
    int nargs;                 /* the operands left after the options ... */
    char **args;               /* ... in order (argv permuted by getopt) */
};

/* What fn of a PO_CLI_FN option returns besides 0. */
enum {
    PO_CLI_USAGE = -1,   /* a bad value: print the usage, exit 2 */
    PO_CLI_REFUSED = -2, /* fn said why on stderr already: exit 2 without the usage */
};

enum po_cli_opt_type {
    PO_CLI_STR,  /* --name VALUE: *(const char **)value = VALUE (the last one given wins) */
    PO_CLI_FLAG, /* --name: *(bool *)value = true */
    PO_CLI_FN,   /* --name VALUE: fn(value, VALUE), for values to convert, check or collect */
};

/* One of a command's own options; a table of them ends with { NULL }. */
struct po_cli_opt {
    const char *name; /* the long name without "--" */
    enum po_cli_opt_type type;
    void *value;
    /* PO_CLI_FN: 0, PO_CLI_USAGE or PO_CLI_REFUSED; arg points into argv (may be kept or split) */
    int (*fn)(void *value, char *arg);
};

/*
 * Parse argv[1..argc) (argv[0] is the command's or subcommand's name, which
 * getopt's own messages start with): the shared options spec->take names
 * into *out, the command's own (own, may be NULL) into their variables.
 * Returns 0, or the exit status 2 after printing spec->usage (or, for
 * PO_CLI_REFUSED, nothing more) to stderr: an unknown option (getopt says
 * which), a missing value, a value the checks above refuse, --help, a
 * missing `need`.  *out is set in full either way; the own variables keep
 * what was given before the error.  No memory is allocated: every string
 * points into argv.
 */
int po_cli_parse(struct po_cli_opts *out, const struct po_cli_spec *spec,
                 const struct po_cli_opt *own, int argc, char **argv);

/* Print a usage array (NULL-terminated) to stderr and return 2. */
int po_cli_usage(const char *const *usage);

/*
 * Option values.  Each returns 0 and sets *out, or -1 (a usage error)
 * leaving *out untouched.
 */
/* A decimal integer in [lo, hi], nothing after it. */
int po_cli_parse_int(int *out, const char *s, int lo, int hi);
/* --year in PO_CLI_YEAR_MIN..PO_CLI_YEAR_MAX. */
int po_cli_parse_year(int *out, const char *s);
/* Whether v is one of choices (NULL-terminated); an enum option's check. */
bool po_cli_oneof(const char *v, const char *const *choices);
/* --electricity equivalent|equal; NULL (not given) is PO_ELEC_POLICY. */
int po_cli_parse_elec(enum po_elec_choice *out, const char *s);

#endif
