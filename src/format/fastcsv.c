/*
 * fastcsv.c: mapped CSV, separators found 64 bytes at a time, libcsv's rules on the slow path.
 *
 * Shape: for each 64-byte block three bit masks are computed once (where
 * the ',' or '\n' are, where the '\n' are, where a '"' or '\r' is), and a
 * record is cut into fields by walking the set bits, so an unquoted record
 * costs a few instructions per field and the fields are slices of the
 * mapping.  The first '"' or '\r' in a record sends the whole record,
 * from its start, to slow_record(): a byte-at-a-time copy of libcsv's
 * state machine (CSV_STRICT | CSV_STRICT_FINI, as table.c runs it), which
 * unescapes into a scratch buffer.  Keeping the rare cases in one plain
 * state machine, instead of teaching the bit walk about quotes, is what
 * keeps the fast path short and the equivalence with po_table_read()
 * checkable (fuzz/fuzz_fastcsv.c compares the two).
 *
 * Parallel reads split at line ends and check the guess afterwards (see
 * fastcsv.h); that costs nothing when there is no quoted newline, which is
 * every machine-written file.
 */
#include "format/fastcsv.h"
#include "core/decimal.h"
#include "format/sheetw.h"
#include "format/sniff.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define MAX_THREADS 16

/* ---- opening ---- */

int po_fastcsv_open(struct po_fastcsv *f, const char *path, struct po_err *err)
{
    memset(f, 0, sizeof(*f));
    const char *slash = strrchr(path, '/');
    f->name = slash ? slash + 1 : path;
    f->data = "";
    struct po_sniff_file sf;
    int rc = po_sniff_load(&sf, path, f->name, err);
    if (rc)
        return rc;
    f->data = sf.data;
    f->len = sf.len;
    f->map = sf.map;
    f->heap = sf.heap;
    /* the formats po_table_read() reads or refuses by their first bytes, with its messages */
    if (po_sniff_is_xlsx(f->data, f->len))
        rc = po_err_set(err, PO_EINVAL, "%s 是 XLSX 工作簿；此处只读 CSV（UTF-8）",
                        "%s is an XLSX workbook; only CSV (UTF-8) is read here", f->name);
    else
        rc = po_sniff_refuse(f->data, f->len, f->name, err);
    if (rc) {
        po_fastcsv_close(f);
        return rc;
    }
    f->body = f->len >= 3 && memcmp(f->data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    return 0;
}

void po_fastcsv_close(struct po_fastcsv *f)
{
    if (f->map)
        munmap(f->map, f->len);
    free(f->heap);
    f->map = NULL;
    f->heap = NULL;
    f->data = "";
    f->len = 0;
}

/* ---- cursor ---- */

void po_fastcsv_cursor_init(struct po_fastcsv_cursor *c, const struct po_fastcsv *f, size_t start,
                            size_t stop, size_t rowbase)
{
    memset(c, 0, sizeof(*c));
    c->f = f;
    c->pos = start < f->len ? start : f->len;
    c->stop = stop < f->len ? stop : f->len;
    c->rowno = rowbase;
    c->blk = SIZE_MAX;
    c->scratch = (struct po_buf)PO_BUF_INIT;
    c->dropped = c->pos;
}

void po_fastcsv_cursor_release(struct po_fastcsv_cursor *c)
{
    free(c->fields);
    free(c->offs);
    po_buf_release(&c->scratch);
    c->fields = NULL;
    c->offs = NULL;
    c->cap = c->offs_cap = 0;
}

size_t po_fastcsv_cursor_pos(const struct po_fastcsv_cursor *c)
{
    return c->pos;
}

size_t po_fastcsv_cursor_rows(const struct po_fastcsv_cursor *c)
{
    return c->rowno;
}

/* Bit i of each mask describes byte blk + i; bytes past the end of the file are 0. */
static void load_block(struct po_fastcsv_cursor *c, size_t blk)
{
    const char *s = c->f->data + blk;
    char tmp[64];
    if (c->f->len - blk < 64) {
        memset(tmp, 0, sizeof(tmp));
        memcpy(tmp, s, c->f->len - blk);
        s = tmp;
    }
    uint64_t sep = 0, nl = 0, spec = 0;
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n');
    const __m128i quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r');
    for (int i = 0; i < 4; i++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + 16 * i));
        __m128i is_nl = _mm_cmpeq_epi8(v, lf);
        __m128i is_sep = _mm_or_si128(_mm_cmpeq_epi8(v, comma), is_nl);
        __m128i is_spec = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, cr));
        /* movemask yields 16 bits in an int: the casts only widen */
        sep |= (uint64_t)(uint32_t)_mm_movemask_epi8(is_sep) << (16 * i);
        nl |= (uint64_t)(uint32_t)_mm_movemask_epi8(is_nl) << (16 * i);
        spec |= (uint64_t)(uint32_t)_mm_movemask_epi8(is_spec) << (16 * i);
    }
#else
    for (int i = 0; i < 64; i++) {
        uint64_t bit = (uint64_t)1 << i;
        char ch = s[i];
        if (ch == ',' || ch == '\n')
            sep |= bit;
        if (ch == '\n')
            nl |= bit;
        if (ch == '"' || ch == '\r')
            spec |= bit;
    }
#endif
    c->blk = blk;
    c->m_stop = sep;
    c->m_nl = nl;
    c->m_spec = spec;
}

static int too_many_columns(const struct po_fastcsv_cursor *c, struct po_err *err)
{
    return po_err_set(err, PO_EINVAL, "%s 第%zu行：列数超过 %d", "%s row %zu: more than %d columns",
                      c->f->name, c->rowno + 1, PO_TABLE_MAX_COLUMNS);
}

static int field_too_long(const struct po_fastcsv_cursor *c, size_t col, struct po_err *err)
{
    return po_err_set(err, PO_EINVAL, "%s 第%zu行第%zu列：单元格内容超过 1 MiB",
                      "%s row %zu column %zu: field longer than 1 MiB", c->f->name, c->rowno + 1,
                      col + 1);
}

static int grow_fields(struct po_fastcsv_cursor *c, struct po_err *err)
{
    if (c->cap >= PO_TABLE_MAX_COLUMNS)
        return too_many_columns(c, err);
    size_t ncap = c->cap ? c->cap * 4 : 16;
    if (ncap > PO_TABLE_MAX_COLUMNS)
        ncap = PO_TABLE_MAX_COLUMNS;
    struct po_str *nf = realloc(c->fields, ncap * sizeof(*nf));
    if (!nf)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    c->fields = nf;
    c->cap = ncap;
    return 0;
}

static inline bool is_blank(char ch)
{
    return ch == ' ' || ch == '\t';
}

/* An unquoted field [s, e): blanks around it dropped. */
static inline int add_field(struct po_fastcsv_cursor *c, size_t *nf, size_t s, size_t e,
                            struct po_err *err)
{
    const char *d = c->f->data;
    if (e > s && (is_blank(d[s]) || is_blank(d[e - 1]))) { /* rare: one test for both ends */
        while (s < e && is_blank(d[s]))
            s++;
        while (e > s && is_blank(d[e - 1]))
            e--;
    }
    if (*nf == c->cap) {
        int rc = grow_fields(c, err);
        if (rc)
            return rc;
    }
    if (e - s > PO_TABLE_MAX_FIELD)
        return field_too_long(c, *nf, err);
    c->fields[(*nf)++] = (struct po_str){ d + s, e - s };
    return 0;
}

enum rec { REC_DONE = 1, REC_SLOW = 0, REC_NONE = 2 };

/*
 * The fast path: one record with neither '"' nor '\r', fields as slices.
 * REC_SLOW as soon as one of those shows up (nothing is consumed then),
 * REC_NONE for blanks at the very end of the file (not a record for libcsv).
 */
static int fast_record(struct po_fastcsv_cursor *c, size_t *nf, struct po_err *err)
{
    const size_t len = c->f->len;
    size_t fs = c->pos, pos = c->pos;
    *nf = 0;
    for (;;) {
        if (pos >= len) {
            if (*nf == 0) {
                size_t s = fs;
                while (s < len && is_blank(c->f->data[s]))
                    s++;
                if (s == len) {
                    c->pos = len;
                    return REC_NONE;
                }
            }
            int rc = add_field(c, nf, fs, len, err);
            c->pos = len;
            return rc ? rc : REC_DONE;
        }
        if (c->blk == SIZE_MAX || pos < c->blk || pos - c->blk >= 64)
            load_block(c, pos & ~(size_t)63);
        unsigned sh = (unsigned)(pos - c->blk);
        uint64_t stops = c->m_stop >> sh << sh, spec = c->m_spec >> sh << sh;
        uint64_t first_spec = spec ? spec & -spec : 0;
        while (stops) {
            uint64_t bit = stops & -stops;
            if (first_spec && first_spec < bit)
                return REC_SLOW;
            size_t at = c->blk + (size_t)__builtin_ctzll(stops);
            int rc = add_field(c, nf, fs, at, err);
            if (rc)
                return rc;
            fs = at + 1;
            if (c->m_nl & bit) {
                c->pos = at + 1;
                return REC_DONE;
            }
            stops &= stops - 1;
        }
        if (first_spec)
            return REC_SLOW;
        pos = c->blk + 64;
    }
}

/* ---- the slow path: libcsv's strict state machine, one record ---- */

enum state { ROW_NOT_BEGUN, FIELD_NOT_BEGUN, FIELD_BEGUN, FIELD_MIGHT_HAVE_ENDED };

struct slow {
    struct po_fastcsv_cursor *c;
    size_t nf;
    size_t field_start; /* offset of the current field in scratch */
    struct po_err *err;
};

static int slow_submit(struct slow *s, size_t len)
{
    struct po_fastcsv_cursor *c = s->c;
    if (s->nf == c->offs_cap) {
        if (c->offs_cap >= PO_TABLE_MAX_COLUMNS)
            return too_many_columns(c, s->err);
        size_t ncap = c->offs_cap ? c->offs_cap * 4 : 16;
        if (ncap > PO_TABLE_MAX_COLUMNS)
            ncap = PO_TABLE_MAX_COLUMNS;
        size_t *no = realloc(c->offs, ncap * 2 * sizeof(*no));
        if (!no)
            return po_err_set(s->err, PO_ENOMEM, "内存不足", "out of memory");
        c->offs = no;
        c->offs_cap = ncap;
    }
    if (len > PO_TABLE_MAX_FIELD)
        return field_too_long(c, s->nf, s->err);
    c->offs[2 * s->nf] = s->field_start;
    c->offs[2 * s->nf + 1] = len;
    s->nf++;
    c->scratch.len = s->field_start + len; /* drops trimmed blanks and a closing quote */
    if (c->scratch.cap)
        c->scratch.buf[c->scratch.len] = '\0';
    s->field_start = c->scratch.len;
    return 0;
}

static int misplaced_quote(const struct slow *s, size_t at)
{
    return po_err_set(s->err, PO_EINVAL,
                      "%s 第%zu行第%zu列（第%zu字节）：引号使用错误，字段中的引号须写成两个引号并将"
                      "整个字段用引号括起",
                      "%s row %zu, column %zu (byte %zu): misplaced quote; a quote inside a field "
                      "must be doubled and the field quoted",
                      s->c->f->name, s->c->rowno + 1, s->nf + 1, at);
}

/*
 * After a record ended by '\r': table.c counts a '\n' that follows (after
 * blanks, which libcsv skips at a row start) as part of the same line end.
 */
static size_t after_cr(const struct po_fastcsv *f, size_t i)
{
    size_t j = i;
    while (j < f->len && is_blank(f->data[j]))
        j++;
    return j < f->len && f->data[j] == '\n' ? j + 1 : i;
}

/* Copy of libcsv's csv_parse() switch for one character; returns 1 at the end of the record. */
static int slow_step(struct slow *s, enum state *st, bool *quoted, size_t *spaces, size_t i)
{
    struct po_buf *b = &s->c->scratch;
    char ch = s->c->f->data[i];
    bool term = ch == '\r' || ch == '\n';
    switch (*st) {
    case ROW_NOT_BEGUN:
    case FIELD_NOT_BEGUN:
        if (is_blank(ch))
            return 0;
        if (term)
            return *st == FIELD_NOT_BEGUN && slow_submit(s, 0) ? -1 : 1;
        if (ch == ',') {
            *st = FIELD_NOT_BEGUN;
            return slow_submit(s, 0) ? -1 : 0;
        }
        *st = FIELD_BEGUN;
        *quoted = ch == '"';
        *spaces = 0;
        if (!*quoted)
            po_buf_addch(b, ch);
        return 0;
    case FIELD_BEGUN:
        if (ch == '"') {
            if (!*quoted) {
                misplaced_quote(s, i);
                return -1;
            }
            po_buf_addch(b, ch); /* dropped again when the field ends here */
            *st = FIELD_MIGHT_HAVE_ENDED;
            *spaces = 0;
            return 0;
        }
        if (!*quoted && (ch == ',' || term)) {
            *st = FIELD_NOT_BEGUN;
            if (slow_submit(s, b->len - s->field_start - *spaces))
                return -1;
            return term ? 1 : 0;
        }
        po_buf_addch(b, ch);
        *spaces = !*quoted && is_blank(ch) ? *spaces + 1 : 0;
        return 0;
    case FIELD_MIGHT_HAVE_ENDED:
        if (ch == ',' || term) {
            *st = FIELD_NOT_BEGUN;
            if (slow_submit(s, b->len - s->field_start - *spaces - 1))
                return -1;
            return term ? 1 : 0;
        }
        if (is_blank(ch)) {
            po_buf_addch(b, ch);
            (*spaces)++;
            return 0;
        }
        if (ch == '"' && *spaces == 0) { /* "" inside quotes: the quote added above stays */
            *st = FIELD_BEGUN;
            return 0;
        }
        misplaced_quote(s, i);
        return -1;
    }
    return -1;
}

/* csv_fini(): the file ended inside the record. */
static int slow_fini(struct slow *s, enum state st, bool quoted, size_t spaces)
{
    struct po_fastcsv_cursor *c = s->c;
    if (st == FIELD_BEGUN && quoted)
        return po_err_set(s->err, PO_EINVAL, "%s 第%zu行第%zu列：引号未闭合",
                          "%s row %zu, column %zu: unterminated quoted field", c->f->name,
                          c->rowno + 1, s->nf + 1);
    if (st == ROW_NOT_BEGUN)
        return REC_NONE;
    size_t drop = st == FIELD_MIGHT_HAVE_ENDED ? spaces + 1 : st == FIELD_BEGUN ? spaces : 0;
    int rc = slow_submit(s, c->scratch.len - s->field_start - drop);
    return rc ? rc : REC_DONE;
}

static int slow_record(struct po_fastcsv_cursor *c, size_t *nf, struct po_err *err)
{
    struct slow s = { c, 0, 0, err };
    enum state st = ROW_NOT_BEGUN;
    bool quoted = false;
    size_t spaces = 0, i = c->pos;
    int rc = 0;
    po_buf_reset(&c->scratch);
    for (; i < c->f->len && rc == 0; i++) {
        rc = slow_step(&s, &st, &quoted, &spaces, i);
        if (po_buf_failed(&c->scratch))
            return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
        if (rc < 0)
            return err->code;
        if (st == FIELD_BEGUN && quoted && c->scratch.len - s.field_start > PO_TABLE_MAX_FIELD)
            return field_too_long(c, s.nf, err);
    }
    if (rc == 1 && c->f->data[i - 1] == '\r')
        i = after_cr(c->f, i);
    if (rc == 0)
        rc = slow_fini(&s, st, quoted, spaces);
    c->pos = i;
    if (rc != REC_DONE)
        return rc;
    while (c->cap < s.nf)
        if (grow_fields(c, err))
            return err->code;
    for (size_t k = 0; k < s.nf; k++)
        c->fields[k] = (struct po_str){ c->scratch.buf + c->offs[2 * k], c->offs[2 * k + 1] };
    *nf = s.nf;
    return REC_DONE;
}

#define DROP_EVERY ((size_t)8 << 20)

/* Give back the whole pages between c->dropped and the current record (the last row is done). */
static void drop_behind(struct po_fastcsv_cursor *c)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t from = (c->dropped + page - 1) / page * page, to = c->pos / page * page;
    if (to > from)
        madvise((char *)c->f->map + from, to - from, MADV_DONTNEED);
    c->dropped = c->pos;
}

int po_fastcsv_next(struct po_fastcsv_cursor *c, struct po_row *row, struct po_err *err)
{
    if (c->drop_behind && c->pos - c->dropped >= DROP_EVERY)
        drop_behind(c);
    while (c->pos < c->stop) {
        size_t nf;
        int rc = fast_record(c, &nf, err);
        if (rc == REC_SLOW)
            rc = slow_record(c, &nf, err);
        if (rc < 0)
            return rc;
        if (rc == REC_NONE)
            return 0;
        c->rowno++;
        for (size_t k = 0; k < nf; k++) { /* the formula guard, taken away as po_table_read does */
            struct po_str *f = &c->fields[k];
            if (f->len && f->ptr[0] == '\'' && po_csv_formula_guard(f->ptr, f->len))
                f->ptr++, f->len--;
        }
        while (nf && c->fields[nf - 1].len == 0)
            nf--;
        if (nf) {
            *row = (struct po_row){ c->rowno, nf, c->fields };
            return 1;
        }
    }
    return 0;
}

int po_fastcsv_header(struct po_fastcsv_cursor *c, const struct po_fastcsv *f, struct po_row *row,
                      size_t *body_start, size_t *rowbase, struct po_err *err)
{
    po_fastcsv_cursor_init(c, f, f->body, f->len, 0);
    int rc = po_fastcsv_next(c, row, err);
    *body_start = c->pos;
    *rowbase = c->rowno;
    return rc;
}

/* ---- parallel parts ---- */

struct part {
    const struct po_fastcsv *f;
    size_t start, stop, rowbase;
    po_row_fn *fn;
    void *ctx;
    size_t end;       /* where the last record read ended */
    size_t rows;      /* records read, blank ones included */
    size_t fail_off;  /* on failure: where the failing record (or blanks before it) starts */
    size_t fail_rows; /* records before fail_off in this part */
    bool drop_behind;
    int rc;
    struct po_err err;
    pthread_t tid;
    bool started;
};

/* Read the part; with once set, stop after the first row (the re-read of a failure). */
static void run_part(struct part *p, bool once)
{
    struct po_fastcsv_cursor c;
    struct po_row row;
    po_fastcsv_cursor_init(&c, p->f, p->start, p->stop, p->rowbase);
    c.drop_behind = p->drop_behind && p->f->map;
    int rc;
    for (;;) {
        size_t before = c.pos, rows_before = c.rowno;
        rc = po_fastcsv_next(&c, &row, &p->err);
        if (rc == 0)
            break;
        if (rc == 1)
            rc = p->fn(p->ctx, &row, &p->err);
        if (rc) {
            p->fail_off = before;
            p->fail_rows = rows_before - p->rowbase;
        }
        if (rc || once)
            break;
    }
    p->rc = rc;
    p->end = c.pos;
    p->rows = c.rowno - p->rowbase;
    po_fastcsv_cursor_release(&c);
}

static void *part_main(void *arg)
{
    run_part(arg, false);
    return NULL;
}

/* The start of the line after the one holding byte off (f->len if none). */
static size_t next_line(const struct po_fastcsv *f, size_t off)
{
    const char *nl = memchr(f->data + off, '\n', f->len - off);
    return nl ? (size_t)(nl - f->data) + 1 : f->len;
}

/* Cut [start, len) into up to n parts at line ends; returns the number of parts. */
static unsigned split(struct part *parts, const struct po_fastcsv *f, size_t start,
                      const struct po_fastcsv_opts *o)
{
    size_t total = f->len - start;
    unsigned n = o->threads < 1 ? 1 : o->threads > MAX_THREADS ? MAX_THREADS : o->threads;
    size_t min = o->min_part ? o->min_part : 1;
    while (n > 1 && total / n < min)
        n--;
    unsigned k = 0;
    size_t at = start;
    for (unsigned i = 0; i < n && at < f->len; i++) {
        size_t cut = i + 1 == n ? f->len : next_line(f, start + total / n * (i + 1));
        if (cut <= at)
            continue;
        parts[k].start = at;
        parts[k].stop = cut;
        k++;
        at = cut;
    }
    if (k == 0) {
        parts[0].start = parts[0].stop = start;
        k = 1;
    }
    return k;
}

int po_fastcsv_read(const struct po_fastcsv *f, size_t start, size_t rowbase,
                    const struct po_fastcsv_opts *opts, po_row_fn *fn, void *const *ctxs,
                    unsigned *nused, struct po_err *err)
{
    struct po_fastcsv_opts one = PO_FASTCSV_OPTS_INIT;
    struct part parts[MAX_THREADS];
    memset(parts, 0, sizeof(parts));
    unsigned n = split(parts, f, start, opts ? opts : &one);
    for (unsigned k = 0; k < n; k++) {
        parts[k].f = f;
        parts[k].fn = fn;
        parts[k].ctx = ctxs[k];
        parts[k].rowbase = rowbase;
        parts[k].drop_behind = opts && opts->drop_behind;
        parts[k].err = (struct po_err)PO_ERR_INIT;
    }
    for (unsigned k = 1; k < n; k++)
        parts[k].started = pthread_create(&parts[k].tid, NULL, part_main, &parts[k]) == 0;
    run_part(&parts[0], false);
    int rc = 0;
    for (unsigned k = 1; k < n; k++) {
        if (parts[k].started)
            pthread_join(parts[k].tid, NULL);
        else if (!rc)
            rc = po_err_set(err, PO_EINTERNAL, "无法启动线程", "cannot start a thread");
    }
    if (rc)
        return rc;
    /* Walk the parts in order: row bases, the split check, the first error. */
    size_t base = rowbase;
    for (unsigned k = 0; k < n; k++) {
        struct part *p = &parts[k];
        *nused = k + 1;
        if (p->rc && k > 0) {
            /* its row numbers were provisional: read the failing row again, numbered */
            p->start = p->fail_off;
            p->rowbase = base + p->fail_rows;
            p->err = (struct po_err)PO_ERR_INIT;
            run_part(p, true);
            if (!p->rc)
                p->rc = po_err_set(&p->err, PO_EINTERNAL, "%s 第%zu行：读取结果不一致",
                                   "%s row %zu: a second read did not fail again", f->name,
                                   p->rowbase + 1);
        }
        if (p->rc) {
            *err = p->err;
            return p->rc;
        }
        base += p->rows;
        if (k + 1 < n && p->end != parts[k + 1].start) {
            /* a quoted field ran over the split: this part reads on to the end, alone */
            p->start = p->end;
            p->stop = f->len;
            p->rowbase = base;
            run_part(p, false);
            if (p->rc)
                *err = p->err;
            return p->rc;
        }
    }
    *nused = n;
    return 0;
}

/* ---- cells ---- */

int po_fastcsv_milli(int64_t *out, struct po_str s)
{
    if (s.len >= 5 && s.len <= 19 && s.ptr[s.len - 4] == '.') {
        int64_t v = 0;
        size_t i = 0;
        for (; i < s.len - 4; i++) {
            unsigned d = (unsigned)(unsigned char)s.ptr[i] - '0';
            if (d > 9)
                break;
            v = v * 10 + (int64_t)d;
        }
        unsigned d1 = (unsigned)(unsigned char)s.ptr[s.len - 3] - '0';
        unsigned d2 = (unsigned)(unsigned char)s.ptr[s.len - 2] - '0';
        unsigned d3 = (unsigned)(unsigned char)s.ptr[s.len - 1] - '0';
        if (i == s.len - 4 && d1 <= 9 && d2 <= 9 && d3 <= 9) {
            *out = v * 1000 + (int64_t)(d1 * 100 + d2 * 10 + d3); /* < 10^15 × 1000 */
            return PO_DEC_OK;
        }
    }
    return (int)po_dec_parse_scaled(out, s.ptr, s.len, 3);
}

int po_fastcsv_cell_error(struct po_err *err, const char *file, size_t rowno, size_t colno,
                          const char *colname, struct po_str value, const char *why_zh,
                          const char *why_en)
{
    int vlen = (int)(value.len > 64 ? 64 : value.len);
    /* each format prints its own language's reason: "%s%.0s" / "%.0s%s" skip the other's */
    return po_err_set(err, PO_EINVAL, "%s 第%zu行第%zu列“%s”，值“%.*s”：%s%.0s",
                      "%s row %zu, column %zu \"%s\", value \"%.*s\": %.0s%s", file, rowno,
                      colno + 1, colname, vlen, value.ptr, why_zh, why_en);
}
