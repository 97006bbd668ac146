/*
 * fuzz_refdata.c: libFuzzer target for the loaders of the reference tables (the CSV files of data/, src/refdata)
 * and of the rule and factor files a user gives (po_rulesdata_load(path),
 * po_coefdata_load_file(path)).
 *
 * The compiled-in tables are found through po_embed_find(); this target defines its own, which
 * answers the fuzz input for one file and the real compiled-in bytes (po_embedded_files) for the
 * others, so every loader reads a mutated table through its real path (po_ref_parse, libcsv in
 * strict mode, the loader's column and value checks).  Input: one byte picking the file (index
 * into files[] below, modulo), then the file's bytes.  The seeds are the real files with their
 * byte.  Aborts (a finding) when a loader fails without a negative code and both messages; ASan,
 * UBSan and LeakSanitizer findings in the loaders are findings too.
 */
#include <stdbool.h>

#include "core/coef.h"
#include "refdata/account_ref.h"
#include "refdata/calendar.h"
#include "refdata/cityparams.h"
#include "refdata/coefdata.h"
#include "refdata/factsources.h"
#include "refdata/refdata.h"
#include "refdata/reftext.h"
#include "refdata/reftitles.h"
#include "refdata/rulesdata.h"
#include "refdata/surchargedata.h"
#include "util/arena.h"
#include "util/embed.h"
#include "fuzzutil.h"

enum {
    L_CITY = 1 << 0, L_RULES = 1 << 1, L_COEF = 1 << 2, L_SURCHARGE = 1 << 3, L_FACTS = 1 << 4,
    L_TITLES = 1 << 5, L_ACCOUNT = 1 << 6, L_TARGETS = 1 << 7, L_CALENDAR = 1 << 8,
    L_TEXT = 1 << 9, L_RULEFILE = 1 << 10, L_COEFFILE = 1 << 11,
};

static const struct {
    const char *name; /* the embedded file replaced, or NULL: a user's file by path */
    unsigned loaders;
} files[] = {
    { "data/city_params.csv", L_CITY | L_RULES },
    { "data/rules.csv", L_RULES },
    { "data/equipment_params.csv", L_RULES | L_FACTS },
    { "data/energy_conversion_coefficients.csv", L_COEF | L_ACCOUNT },
    { "data/energy_type_coefficients.csv", L_COEF },
    { "data/surcharge_rules.csv", L_SURCHARGE },
    { "data/fact_sources.csv", L_FACTS },
    { "data/reference_titles.csv", L_TITLES },
    { "data/accounting_policy.csv", L_ACCOUNT },
    { "data/electricity_equal_value.csv", L_ACCOUNT },
    { "data/energy_quota_standards.csv", L_ACCOUNT },
    { "data/efficiency_benchmark_levels.csv", L_ACCOUNT },
    { "data/product_quotas.csv", L_ACCOUNT },
    { "data/emission_factors.csv", L_ACCOUNT },
    { "data/emission_factor_map.csv", L_ACCOUNT },
    { "data/grid_emission_factors.csv", L_ACCOUNT },
    { "data/dual_control_targets.csv", L_TARGETS },
    { "data/cn_holidays.csv", L_CALENDAR },
    { "data/authorities.csv", L_TEXT },
    { "data/credit_fields.csv", L_TEXT },
    { "data/notice_texts.csv", L_TEXT },
    { NULL, L_RULEFILE },
    { NULL, L_COEFFILE },
};
#define NFILES (sizeof files / sizeof files[0])

static const char *fuzz_name;
static struct po_embedded fuzz_file;

const struct po_embedded *po_embed_find(const char *path)
{
    if (fuzz_name && strcmp(path, fuzz_name) == 0)
        return &fuzz_file;
    for (const struct po_embedded *e = po_embedded_files; e->name; e++)
        if (strcmp(e->name, path) == 0)
            return e;
    return NULL;
}

static void text(struct po_arena *a, const char *file)
{
    const char **keys = NULL;
    size_t n = 0;
    struct po_err err = PO_ERR_INIT;
    int rc = po_reftext_keys(&keys, &n, a, file, &err);
    fuzz_check_err(rc, &err);
    for (size_t i = 0; rc == 0 && i < n && i < 8; i++) {
        const char *v = NULL;
        struct po_err gerr = PO_ERR_INIT;
        int g = po_reftext_get(&v, a, file, keys[i], i % 2 ? "name_zh" : "doc_prefix", &gerr);
        fuzz_check_err(g, &gerr);
        if (g == 0 && v) {
            const char *names[] = { "equipment", "deadline" }, *values[] = { "焦炉", "2026-01-31" };
            (void)po_reftext_fill(a, v, names, values, 2);
        }
    }
}

static void run(unsigned loaders, const char *path, struct po_arena *a)
{
    struct po_err err = PO_ERR_INIT;
    int rc = 0;
#define CHECK(call)                                                                                \
    do {                                                                                           \
        err = (struct po_err)PO_ERR_INIT;                                                          \
        rc = (call);                                                                               \
        fuzz_check_err(rc, &err);                                                                  \
    } while (0)
    if (loaders & L_CITY) {
        struct po_city_params cp;
        CHECK(po_cityparams_load(&cp, &err));
        if (rc == 0)
            CHECK(po_cityparams_check(&cp, &err));
    }
    if (loaders & L_RULES) {
        struct po_rulesdata rd;
        CHECK(po_rulesdata_load(&rd, NULL, a, &err));
    }
    if (loaders & L_COEF) {
        struct po_coef_table t;
        po_coef_table_init(&t, a);
        CHECK(po_coefdata_default(&t, &err));
    }
    if (loaders & L_SURCHARGE) {
        struct po_surchargedata sd;
        CHECK(po_surchargedata_load(&sd, a, &err));
    }
    if (loaders & L_FACTS) {
        struct po_factsources fs;
        CHECK(po_factsources_load(&fs, a, &err));
    }
    if (loaders & L_TITLES) {
        const struct po_reftitle *t = NULL;
        size_t n = 0;
        CHECK(po_reftitles_load(&t, &n, a, &err));
    }
    if (loaders & L_ACCOUNT) {
        struct po_acct_refs r;
        CHECK(po_account_refs_load(&r, 2023, a, &err));
    }
    if (loaders & L_TARGETS) {
        struct po_target *t = NULL;
        size_t n = 0;
        CHECK(po_account_targets_default(&t, &n, a, &err));
    }
    if (loaders & L_CALENDAR) {
        struct po_calendar cal;
        CHECK(po_calendar_load(&cal, a, &err));
        if (rc == 0)
            CHECK(po_deadline_calendar_check(&cal, &err));
    }
    if (loaders & L_TEXT) {
        text(a, "data/authorities.csv");
        text(a, "data/credit_fields.csv");
        text(a, "data/notice_texts.csv");
    }
    if (loaders & L_RULEFILE) {
        struct po_rulesdata rd;
        CHECK(po_rulesdata_load(&rd, path, a, &err));
    }
    if (loaders & L_COEFFILE) {
        struct po_coef_table t;
        po_coef_table_init(&t, a);
        CHECK(po_coefdata_load_file(&t, path, &err));
    }
#undef CHECK
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t i = data[0] % NFILES;
    /* the embedded files are NUL-terminated; so is the replacement */
    unsigned char *copy = (unsigned char *)fuzz_cstr(data + 1, size - 1);
    const char *path = NULL;
    if (files[i].name) {
        fuzz_name = files[i].name;
        fuzz_file = (struct po_embedded){ files[i].name, copy, size - 1 };
    } else if (!(path = fuzz_tmpfile("refdata", data + 1, size - 1))) {
        free(copy);
        return 0;
    }
    struct po_arena *a = po_arena_new();
    if (!a)
        abort();
    run(files[i].loaders, path, a);
    po_arena_destroy(a);
    fuzz_name = NULL;
    free(copy);
    return 0;
}
