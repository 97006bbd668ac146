/*
 * reftitles.c: data/reference_titles.csv read (reftitles.h).
 */
#include "refdata/reftitles.h"
#include "refdata/refdata.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdio.h>
#include <string.h>

static const char *const cols[] = {
    "file", "title_zh", "title_en", "basis", "source", "confidence"
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

struct ctx {
    struct po_arena *a;
    struct po_reftitle *rows;
    size_t n, cap;
};

static int row(void *vctx, size_t rowno, char **f, size_t n, struct po_err *err)
{
    struct ctx *c = vctx;
    if (rowno == 0) {
        for (size_t i = 0; i < NCOLS; i++)
            if (i >= n || strcmp(f[i], cols[i]) != 0)
                return po_err_set(err, PO_EINTERNAL, "reference_titles.csv 第 %zu 列应为 %s",
                                  "reference_titles.csv: column %zu must be %s", i + 1, cols[i]);
        return 0;
    }
    if (n < NCOLS || !f[0][0] || !f[1][0])
        return po_err_set(err, PO_EINTERNAL, "reference_titles.csv 第 %zu 行不完整",
                          "reference_titles.csv row %zu is incomplete", rowno + 1);
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 32;
        struct po_reftitle *r = po_arena_alloc(c->a, cap * sizeof(*r));
        if (!r)
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
        if (c->n)
            memcpy(r, c->rows, c->n * sizeof(*r));
        c->rows = r;
        c->cap = cap;
    }
    struct po_reftitle *t = &c->rows[c->n];
    const char **dst[NCOLS] = { &t->file,  &t->title_zh, &t->title_en,
                                &t->basis, &t->source,   &t->confidence };
    for (size_t i = 0; i < NCOLS; i++)
        if (!(*dst[i] = po_arena_strdup(c->a, f[i])))
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    c->n++;
    return 0;
}

int po_reftitles_load(const struct po_reftitle **out, size_t *n, struct po_arena *a,
                      struct po_err *err)
{
    struct ctx c = { a, NULL, 0, 0 };
    int rc = po_ref_parse("data/reference_titles.csv", row, &c, err);
    *out = rc == 0 ? c.rows : NULL;
    *n = rc == 0 ? c.n : 0;
    return rc;
}

const struct po_reftitle *po_reftitles_find(const struct po_reftitle *t, size_t n, const char *file)
{
    if (!file)
        return NULL;
    size_t len = strlen(file);
    for (size_t i = 0; i < n; i++) {
        const char *f = t[i].file;
        if (strcmp(f, file) == 0 || (strncmp(f, file, len) == 0 && strcmp(f + len, ".csv") == 0))
            return &t[i];
    }
    return NULL;
}

static bool name_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
}

char *po_reftitles_words(struct po_arena *a, const struct po_reftitle *t, size_t n,
                         const char *text, bool en)
{
    struct po_buf b = PO_BUF_INIT;
    b.arena = a;
    const char *p = text ? text : "";
    while (*p) {
        const struct po_reftitle *hit = NULL;
        if (name_char(*p) && (p == text || !name_char(p[-1])))
            for (size_t i = 0; i < n && !hit; i++) {
                size_t len = strlen(t[i].file);
                if (strncmp(p, t[i].file, len) == 0 && !name_char(p[len]))
                    hit = &t[i];
            }
        if (!hit) {
            po_buf_addch(&b, *p++);
            continue;
        }
        if (en)
            po_buf_addf(&b, "\"%s\"", hit->title_en);
        else
            po_buf_addf(&b, "《%s》", hit->title_zh);
        p += strlen(hit->file);
    }
    return po_buf_failed(&b) ? NULL : po_buf_detach(&b, NULL);
}
