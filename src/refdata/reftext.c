/*
 * reftext.c: keyed texts of small data tables (reftext.h).
 */
#include "refdata/reftext.h"
#include "refdata/refdata.h"
#include "util/arena.h"
#include "util/buf.h"

#include <string.h>

struct ctx {
    struct po_arena *a;
    const char *file, *key, *col;
    int want;          /* column index of col, -1 unknown */
    const char *value; /* found */
    const char **keys;
    size_t n, cap;
};

static int nomem(struct po_err *err)
{
    return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
}

static int get_row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct ctx *c = vctx;
    (void)err;
    if (rowno == 0) {
        for (size_t i = 0; i < n; i++)
            if (strcmp(f[i], c->col) == 0)
                c->want = (int)i;
        return 0;
    }
    if (c->value || c->want < 0 || n == 0 || strcmp(f[0], c->key) != 0)
        return 0;
    c->value = (size_t)c->want < n ? po_arena_strdup(c->a, f[c->want]) : "";
    return c->value ? 0 : nomem(err);
}

int po_reftext_get(const char **out, struct po_arena *a, const char *file, const char *key,
                   const char *col, struct po_err *err)
{
    struct ctx c = { .a = a, .file = file, .key = key, .col = col, .want = -1 };
    int rc = po_ref_parse(file, get_row, &c, err);
    if (rc < 0)
        return rc;
    if (c.want < 0)
        return po_err_set(err, PO_ENOTFOUND, "%s 没有列 %s", "%s has no column %s", file, col);
    if (!c.value)
        return po_err_set(err, PO_ENOTFOUND, "%s 中没有“%s”", "%s has no row \"%s\"", file, key);
    *out = c.value;
    return 0;
}

static int key_row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct ctx *c = vctx;
    if (rowno == 0 || n == 0 || !f[0][0])
        return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 16;
        const char **k = po_arena_alloc(c->a, cap * sizeof(*k));
        if (!k)
            return nomem(err);
        if (c->n)
            memcpy(k, c->keys, c->n * sizeof(*k));
        c->keys = k;
        c->cap = cap;
    }
    if (!(c->keys[c->n++] = po_arena_strdup(c->a, f[0])))
        return nomem(err);
    return 0;
}

int po_reftext_keys(const char ***out, size_t *n, struct po_arena *a, const char *file,
                    struct po_err *err)
{
    struct ctx c = { .a = a, .file = file, .want = -1 };
    int rc = po_ref_parse(file, key_row, &c, err);
    *out = rc == 0 ? c.keys : NULL;
    *n = rc == 0 ? c.n : 0;
    return rc;
}

char *po_reftext_fill(struct po_arena *a, const char *text, const char *const *names,
                      const char *const *values, size_t n)
{
    struct po_buf b = PO_BUF_INIT;
    b.arena = a;
    for (const char *p = text; *p;) {
        const char *e = *p == '{' ? strchr(p, '}') : NULL;
        size_t hit = n;
        if (e)
            for (size_t i = 0; i < n && hit == n; i++)
                if (strlen(names[i]) == (size_t)(e - p - 1) &&
                    !strncmp(p + 1, names[i], (size_t)(e - p - 1)))
                    hit = i;
        if (hit < n) {
            po_buf_adds(&b, values[hit] ? values[hit] : "");
            p = e + 1;
        } else {
            po_buf_addch(&b, *p++);
        }
    }
    return po_buf_failed(&b) ? NULL : po_buf_detach(&b, NULL);
}
