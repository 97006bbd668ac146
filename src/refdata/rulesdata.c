/*
 * rulesdata.c: read the rule file and the tag table into core/rules.h values.
 *
 * The compiled-in file goes through po_ref_parse like every data/ table; a
 * file named on the command line goes through po_table_read, so a user's
 * rule file may be CSV in any encoding the importer accepts.  The hash is of
 * the file's bytes, so two runs with the same rules carry the same version.
 */
#include "refdata/rulesdata.h"
#include "refdata/refdata.h"
#include "refdata/cityparams.h"
#include "format/table.h"
#include "util/arena.h"
#include "util/embed.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct tag_ctx {
    struct po_tag *tags;
    size_t n, cap;
    struct po_arena *a;
};

static int tag_row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct tag_ctx *c = vctx;
    if (rowno == 0)
        return 0;
    if (n < 3)
        return po_err_set(err, PO_EINTERNAL, "equipment_params.csv 第 %zu 行列数不足",
                          "equipment_params.csv row %zu is short", rowno);
    if (c->n == c->cap)
        return po_err_set(err, PO_EINTERNAL, "参数表过长", "parameter table too long");
    struct po_tag *t = &c->tags[c->n];
    t->tag = po_arena_strdup(c->a, f[0]);
    t->unit = po_arena_strdup(c->a, f[2]);
    t->name_zh = n > 3 && f[3][0] ? po_arena_strdup(c->a, f[3]) : NULL;
    if (!t->tag || !t->unit || (n > 3 && f[3][0] && !t->name_zh))
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    if (strcmp(f[1], "number") == 0)
        t->type = PO_TAG_NUMBER;
    else if (strcmp(f[1], "bool") == 0)
        t->type = PO_TAG_BOOL;
    else
        t->type = PO_TAG_TEXT;
    c->n++;
    return 0;
}

static int load_tags(struct po_tagset *out, struct po_arena *a, struct po_err *err)
{
    const size_t cap = 256;
    struct tag_ctx c = { po_arena_calloc(a, cap, sizeof(struct po_tag)), 0, cap, a };
    if (!c.tags)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    int rc = po_ref_parse("data/equipment_params.csv", tag_row, &c, err);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < po_rules_nfacts; i++) {
        if (c.n == c.cap)
            return po_err_set(err, PO_EINTERNAL, "参数表过长", "parameter table too long");
        c.tags[c.n++] = po_rules_facts[i];
    }
    out->tags = c.tags;
    out->n = c.n;
    return 0;
}

struct rule_ctx {
    struct po_rulesdata *rd;
};

/* rowno: 0 is the header, 1 the first rule. */
static int rule_row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct po_rulesdata *rd = ((struct rule_ctx *)vctx)->rd;
    if (rowno == 0)
        return po_rules_header(rd->name, f, n, err);
    return po_rules_add_row(&rd->rs, &rd->tags, rd->name, rowno, f, n, err);
}

struct file_ctx {
    struct rule_ctx rc;
    struct po_arena *a;
};

static int file_row(void *vctx, const struct po_row *row, struct po_err *err)
{
    struct file_ctx *c = vctx;
    char **f = po_arena_calloc(c->a, row->nfields, sizeof(char *));
    if (!f)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    for (size_t i = 0; i < row->nfields; i++) {
        f[i] = po_arena_strndup(c->a, row->fields[i].ptr, row->fields[i].len);
        if (!f[i])
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    }
    return rule_row(&c->rc, row->rowno - 1, f, row->nfields, err);
}

static void hex_hash(char out[65], const unsigned char *data, size_t len)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(out, 65, h, sizeof h);
}

static int hash_file(char out[65], const char *path, struct po_err *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return po_err_set(err, PO_EIO, "无法打开规则文件 %s", "cannot open rule file %s", path);
    crypto_hash_sha256_state st;
    unsigned char buf[65536], h[crypto_hash_sha256_BYTES];
    size_t n;
    crypto_hash_sha256_init(&st);
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        crypto_hash_sha256_update(&st, buf, n);
    int bad = ferror(fp);
    fclose(fp);
    if (bad)
        return po_err_set(err, PO_EIO, "读取规则文件 %s 失败", "reading rule file %s failed", path);
    crypto_hash_sha256_final(&st, h);
    sodium_bin2hex(out, 65, h, sizeof h);
    return 0;
}

/*
 * A condition on loss_years the look-back can satisfy: the evaluator counts at most window
 * consecutive loss years (app/evaldb.c), so loss_years >= window + 1 (or > window, or = a
 * number above it) would never hold and its rule would silently never fire.
 */
static bool loss_reachable(const struct po_rule_cond *c, int64_t window_micro)
{
    switch (c->op) {
    case PO_OP_GE:
    case PO_OP_EQ:
        return c->num_micro <= window_micro;
    case PO_OP_GT:
        return c->num_micro < window_micro;
    default:
        return true;
    }
}

static int check_conds(const struct po_rule *r, const struct po_rule_cond *c, size_t n, int window,
                       const char *file, struct po_err *err)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(c[i].tag, "loss_years") == 0 && !loss_reachable(&c[i], window * 1000000LL))
            return po_err_set(err, PO_EINVAL,
                              "%s 规则 %s 要求的连续亏损年数超过回看年数 %d"
                              "（data/city_params.csv zombie_loss_window_years），永远不会成立",
                              "%s: rule %s asks for more loss years than the look-back of %d "
                              "(data/city_params.csv zombie_loss_window_years) and could never "
                              "hold",
                              file, r->id, window);
    return 0;
}

/* The city's loss_years look-back, and every rule's loss_years within it. */
static int loss_window(struct po_rulesdata *rd, struct po_err *err)
{
    struct po_city_params cp;
    int rc = po_cityparams_load(&cp, err);
    if (rc < 0)
        return rc;
    rd->loss_window_years = cp.zombie_loss_window_years;
    for (size_t i = 0; rc == 0 && i < rd->rs.n; i++) {
        const struct po_rule *r = &rd->rs.rules[i];
        rc = check_conds(r, r->when, r->nwhen, rd->loss_window_years, rd->name, err);
        if (rc == 0)
            rc = check_conds(r, r->unless, r->nunless, rd->loss_window_years, rd->name, err);
    }
    return rc;
}

int po_rulesdata_load(struct po_rulesdata *out, const char *path, struct po_arena *a,
                      struct po_err *err)
{
    memset(out, 0, sizeof *out);
    po_ruleset_init(&out->rs, a);
    out->name = path ? path : "data/rules.csv";
    int rc = load_tags(&out->tags, a, err);
    if (rc < 0)
        return rc;
    struct file_ctx fc = { { out }, a };
    if (path) {
        rc = hash_file(out->hash, path, err);
        if (rc == 0)
            rc = po_table_read(path, NULL, file_row, &fc, err);
    } else {
        const struct po_embedded *e = po_embed_find(out->name);
        if (!e)
            return po_err_set(err, PO_EINTERNAL, "缺少内置规则表",
                              "the built-in rule table is missing");
        hex_hash(out->hash, e->data, e->len);
        rc = po_ref_parse(out->name, rule_row, &fc.rc, err);
    }
    if (rc == 0 && out->rs.n == 0)
        rc = po_err_set(err, PO_EINVAL, "%s 没有规则", "%s holds no rules", out->name);
    if (rc == 0)
        rc = po_rules_check(&out->rs, out->name, err);
    if (rc == 0)
        rc = loss_window(out, err);
    return rc;
}

const struct po_rule *po_rulesdata_find(const struct po_rulesdata *rd, const char *id,
                                        int64_t version)
{
    for (size_t i = 0; i < rd->rs.n; i++)
        if (rd->rs.rules[i].version == version && strcmp(rd->rs.rules[i].id, id) == 0)
            return &rd->rs.rules[i];
    return NULL;
}

void po_rulesdata_titles(const char **zh, const char **en, const struct po_rulesdata *rd,
                         const char *id, int64_t version)
{
    const struct po_rule *r = po_rulesdata_find(rd, id, version);
    for (size_t i = 0; !r && i < rd->rs.n; i++)
        if (strcmp(rd->rs.rules[i].id, id) == 0)
            r = &rd->rs.rules[i];
    *zh = r ? r->title_zh : NULL;
    *en = r ? r->title : NULL;
}
