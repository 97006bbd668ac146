/*
 * evaluate.c: rules against facts, one finding per rule caught or undecided.
 *
 * A false condition settles a rule even when another figure is missing (a
 * 6 m oven is not caught by the 4.3 m rule whatever its charging), so
 * "cannot decide" is only ever reported when the missing figure could
 * change the outcome.  The same holds for the exception clause: a caught
 * unit whose exception cannot be checked is undecided, not caught.
 */
#include "core/evaluate.h"
#include "core/decimal.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct po_eval_fact *fact(const struct po_eval_fact *f, size_t n, const char *tag)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f[i].tag, tag) == 0)
            return &f[i];
    return NULL;
}

enum verdict { V_TRUE, V_FALSE, V_MISSING };

struct scope {
    const struct po_eval_fact *eqp, *entp;
    size_t neqp, nentp;
    const char *commissioned;
    struct po_date rule_from;
    struct po_eval_fact derived; /* is_new_capacity from the commissioning date */
};

/* Commissioned on or after `from`?  1 yes, 0 no, -1 the text cannot tell (or is not a date). */
static int commissioned_since(const char *c, struct po_date from)
{
    int y = 0, m = 0, d = 0;
    size_t len = c ? strlen(c) : 0;
    if (len != 4 && len != 7 && len != 10)
        return -1;
    for (size_t i = 0; i < len; i++)
        if ((i == 4 || i == 7) ? c[i] != '-' : (c[i] < '0' || c[i] > '9'))
            return -1;
    int n = sscanf(c, "%4d-%2d-%2d", &y, &m, &d);
    if (n < 1 || (len == 7 && n < 2) || (len == 10 && n < 3))
        return -1;
    struct po_date have = { y, len >= 7 ? m : 0, len == 10 ? d : 0 };
    if (have.y != from.y)
        return have.y > from.y;
    if (len == 4)
        return -1;
    if (have.m != from.m)
        return have.m > from.m;
    if (len == 7)
        return from.d == 1 ? 1 : -1;
    return have.d >= from.d;
}

static const struct po_eval_fact *lookup(struct scope *s, const char *tag)
{
    const struct po_eval_fact *f = fact(s->eqp, s->neqp, tag);
    if (f)
        return f;
    if (strcmp(tag, "is_new_capacity") == 0 && s->commissioned) {
        int since = commissioned_since(s->commissioned, s->rule_from);
        if (since < 0)
            return NULL;
        s->derived =
            (struct po_eval_fact){ "is_new_capacity", since ? PO_MICRO : 0, NULL, NULL, NULL };
        return &s->derived;
    }
    return fact(s->entp, s->nentp, tag);
}

/* The evidence in both languages: every append goes to en and zh. */
struct ev2 {
    struct po_buf en, zh;
};

/* A text value "a|b" in Chinese: each alternative by its name, "或" between. */
static void add_text_zh(struct po_buf *b, const char *v)
{
    for (const char *p = v;;) {
        size_t len = strcspn(p, "|");
        const char *zh = po_rules_value_zh(p, len);
        if (zh)
            po_buf_adds(b, zh);
        else
            po_buf_add(b, p, len);
        if (!p[len])
            return;
        po_buf_adds(b, "或");
        p += len + 1;
    }
}

/* The English evidence: "tag = value unit" and the threshold "op value unit". */
static void add_value(struct po_buf *en, const struct po_rule_cond *c, const struct po_eval_fact *f)
{
    char num[32];
    if (c->type == PO_TAG_TEXT) {
        po_buf_adds(en, f->value_text ? f->value_text : "");
        return;
    }
    po_dec_format(num, sizeof num, f->value_micro);
    po_buf_adds(en, num);
    if (c->unit[0])
        po_buf_addf(en, " %s", c->unit);
}

static void add_threshold(struct po_buf *en, const struct po_rule_cond *c)
{
    char num[32];
    po_buf_addf(en, "%s ", po_rule_op_name(c->op));
    if (c->type == PO_TAG_TEXT) {
        po_buf_adds(en, c->text);
        return;
    }
    po_dec_format(num, sizeof num, c->num_micro);
    po_buf_adds(en, num);
    if (c->type != PO_TAG_BOOL && c->unit[0])
        po_buf_addf(en, " %s", c->unit);
}

static const char *name_zh(const struct po_rule_cond *c)
{
    return c->name_zh ? c->name_zh : c->tag;
}

/*
 * A decimal as bureau documents write it: the integer part in groups of three from a
 * thousand up ("12 500", "1 320.5"), the fraction as it is.
 */
static void add_grouped(struct po_buf *b, const char *num)
{
    const char *p = num;
    if (*p == '-')
        po_buf_add(b, p++, 1);
    size_t digits = strspn(p, "0123456789");
    for (size_t i = 0; i < digits; i++) {
        if (i && digits >= 4 && (digits - i) % 3 == 0)
            po_buf_adds(b, " ");
        po_buf_add(b, p + i, 1);
    }
    po_buf_adds(b, p + digits);
}

static void add_num_zh(struct po_buf *b, int64_t micro, const char *unit)
{
    char num[32];
    po_dec_format(num, sizeof num, micro);
    add_grouped(b, num);
    if (unit[0])
        po_buf_addf(b, " %s", po_rules_unit_zh(unit));
}

/* How a value stands to a threshold, by operator; the negation for a condition that fails. */
static const char *const op_says[] = { "低于", "不超过", "超过", "不低于", "等于", "不等于" };
static const enum po_rule_op op_not[] = {
    PO_OP_GE, PO_OP_GT, PO_OP_LE, PO_OP_LT, PO_OP_NE, PO_OP_EQ
};

/*
 * One compared figure as a Chinese sentence (issue 12 §2): "炭化室高度 4.2 米，低于 4.3 米",
 * "窑型为立窑，属于干法中空窑或立窑", "有下游产业配套：否"; a condition that fails says how the
 * figure stands instead ("炭化室高度 6 米，不低于 4.3 米"; "捣固焦炉：否（规则要求：是）").
 */
static void add_sentence_zh(struct po_buf *b, const struct po_rule_cond *c,
                            const struct po_eval_fact *f, bool holds)
{
    if (c->type == PO_TAG_BOOL) {
        po_buf_addf(b, "%s：%s", name_zh(c), f->value_micro ? "是" : "否");
        if (!holds)
            po_buf_addf(b, "（规则要求：%s）",
                        (c->num_micro != 0) == (c->op == PO_OP_EQ) ? "是" : "否");
        return;
    }
    if (c->type == PO_TAG_TEXT) {
        po_buf_addf(b, "%s为", name_zh(c));
        add_text_zh(b, f->value_text ? f->value_text : "");
        po_buf_adds(b, (c->op == PO_OP_EQ) == holds ? "，属于" : "，不属于");
        add_text_zh(b, c->text);
        return;
    }
    po_buf_addf(b, "%s ", name_zh(c));
    add_num_zh(b, f->value_micro, c->unit);
    po_buf_addf(b, "，%s ", op_says[holds ? c->op : op_not[c->op]]);
    add_num_zh(b, c->num_micro, c->unit);
}

/* Is tag already in the missing list "a, b (why), c"? */
static bool listed(const struct po_buf *miss, const char *tag)
{
    size_t n = strlen(tag);
    for (const char *p = strstr(miss->buf, tag); p; p = strstr(p + 1, tag))
        if ((p == miss->buf || p[-1] == ' ') && (p[n] == '\0' || p[n] == ',' || p[n] == ' '))
            return true;
    return false;
}

/* Add each tag of "a|b" to the '|'-joined list tags that is not there yet. */
static void add_tags(struct po_buf *tags, const char *list)
{
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, "|");
        bool have = false;
        for (const char *q = tags->buf; *q && !have;) {
            size_t ql = strcspn(q, "|");
            have = ql == len && memcmp(q, p, len) == 0;
            q += ql + (q[ql] == '|');
        }
        if (!have && len) {
            if (tags->len)
                po_buf_adds(tags, "|");
            po_buf_add(tags, p, len);
        }
        p += len + (p[len] == '|');
    }
}

/*
 * All conditions: V_FALSE if one is false, else V_MISSING if one is missing, else V_TRUE.  A
 * missing figure is named in miss and its data items (the fact's `missing`, else its own tag)
 * added to tags.
 */
static enum verdict conds(struct ev2 *ev, struct ev2 *miss, struct po_buf *tags,
                          const struct po_rule_cond *c, size_t n, struct scope *s)
{
    enum verdict v = V_TRUE;
    for (size_t i = 0; i < n; i++) {
        const struct po_eval_fact *f = lookup(s, c[i].tag);
        bool gone = f && f->value_micro == PO_EVAL_MISSING;
        if (!f || gone || (c[i].type == PO_TAG_TEXT && !f->value_text)) {
            if (v == V_TRUE)
                v = V_MISSING;
            add_tags(tags, f && f->missing ? f->missing : c[i].tag);
            if (listed(&miss->en, c[i].tag))
                continue; /* named once though both the rule and its exception need it */
            po_buf_addf(&miss->en, "%s%s", miss->en.len ? ", " : "", c[i].tag);
            po_buf_addf(&miss->zh, "%s%s", miss->zh.len ? "、" : "", name_zh(&c[i]));
            if (gone && f->value_text) {
                po_buf_addf(&miss->en, " (%s)", f->value_text);
                po_buf_addf(&miss->zh, "（%s）", f->note_zh ? f->note_zh : f->value_text);
            }
            continue;
        }
        bool holds = po_rule_cond_holds(&c[i], f->value_micro, f->value_text);
        po_buf_addf(&ev->en, "%s%s = ", ev->en.len ? "; " : "", c[i].tag);
        po_buf_adds(&ev->zh, ev->zh.len ? "；" : "");
        add_value(&ev->en, &c[i], f);
        add_sentence_zh(&ev->zh, &c[i], f, holds);
        po_buf_adds(&ev->en, holds ? " (rule: " : " (not ");
        add_threshold(&ev->en, &c[i]);
        po_buf_adds(&ev->en, ")");
        if (f == &s->derived) {
            po_buf_addf(&ev->en, " [commissioned %s]", s->commissioned);
            po_buf_addf(&ev->zh, "（投产时间 %s）", s->commissioned);
        } else if (c[i].type != PO_TAG_TEXT && f->value_text) {
            po_buf_addf(&ev->en, " [%s]", f->value_text);
            po_buf_addf(&ev->zh, "（%s）", f->note_zh ? f->note_zh : f->value_text);
        }
        if (!holds)
            v = V_FALSE;
    }
    return v;
}

/* FNV-1a 64: stable across runs and machines. */
static void finding_id(char out[17], const char *uscc, const char *eq, const struct po_rule *r)
{
    uint64_t h = 1469598103934665603ULL;
    char ver[16];
    const char *parts[] = { uscc, "|", eq, "|", r->id, "|", ver };
    snprintf(ver, sizeof ver, "%d", r->version);
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        for (const unsigned char *p = (const unsigned char *)parts[i]; *p; p++) {
            h ^= *p;
            h *= 1099511628211ULL;
        }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static int push(struct po_finding **out, size_t *n, size_t *cap, struct po_arena *a,
                struct po_err *err)
{
    if (*n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 64;
    struct po_finding *f = po_arena_realloc(a, *out, *cap * sizeof *f, nc * sizeof *f);
    if (!f)
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    *out = f;
    *cap = nc;
    return 0;
}

struct acc {
    struct po_finding **out;
    size_t *n, *cap;
    struct po_arena *a;
};

static bool failed2(const struct ev2 *b)
{
    return po_buf_failed(&b->en) || po_buf_failed(&b->zh);
}

static int judge(struct acc *acc, const struct po_rule *r, const struct po_eval_enterprise *e,
                 const char *eq_id, struct scope *s, struct po_err *err)
{
    struct ev2 ev = { PO_BUF_INIT, PO_BUF_INIT }, miss = ev, xev = ev, out = ev;
    struct po_buf tags = PO_BUF_INIT;
    ev.en.arena = ev.zh.arena = miss.en.arena = miss.zh.arena = tags.arena = acc->a;
    xev.en.arena = xev.zh.arena = out.en.arena = out.zh.arena = acc->a;
    enum verdict w = conds(&ev, &miss, &tags, r->when, r->nwhen, s);
    if (w == V_FALSE)
        return 0;
    enum verdict x = V_FALSE;
    if (r->nunless) {
        x = conds(&xev, &miss, &tags, r->unless, r->nunless, s);
        if (x == V_TRUE)
            return 0; /* the exception clause releases the unit */
    }
    enum po_finding_status st =
        w == V_TRUE && x == V_FALSE ? PO_FIND_CAUGHT : PO_FIND_CANNOT_DECIDE;
    if (st == PO_FIND_CANNOT_DECIDE) {
        po_buf_addf(&out.en, "cannot decide: %s not recorded%s", miss.en.buf,
                    ev.en.len ? "; " : "");
        po_buf_addf(&out.zh, "无法判定：%s 未记录%s", miss.zh.buf, ev.zh.len ? "；" : "");
    }
    po_buf_adds(&out.en, ev.en.buf);
    po_buf_adds(&out.zh, ev.zh.buf);
    if (r->nunless) {
        po_buf_addf(&out.en, "; exception %s: %s", x == V_FALSE ? "does not apply" : "unknown",
                    xev.en.len ? xev.en.buf : "no figures");
        po_buf_addf(&out.zh, "%s例外条款%s：%s", out.zh.len ? "；" : "",
                    x == V_FALSE ? "不适用" : "无法判定", xev.zh.len ? xev.zh.buf : "无数据");
    }
    if (failed2(&ev) || failed2(&miss) || failed2(&xev) || failed2(&out) || po_buf_failed(&tags))
        return po_err_set(err, PO_ENOMEM, "内存不足", "out of memory");
    int rc = push(acc->out, acc->n, acc->cap, acc->a, err);
    if (rc < 0)
        return rc;
    struct po_finding *f = &(*acc->out)[(*acc->n)++];
    memset(f, 0, sizeof *f);
    finding_id(f->id, e->uscc, eq_id, r);
    f->uscc = e->uscc;
    f->enterprise_name = e->name;
    f->equipment_id = eq_id;
    f->rule = r;
    f->status = st;
    f->evidence = out.en.buf;
    f->evidence_zh = out.zh.buf;
    f->missing = st == PO_FIND_CANNOT_DECIDE ? tags.buf : NULL;
    return 0;
}

int po_eval_enterprise(struct po_finding **out, size_t *n, size_t *cap, const struct po_ruleset *rs,
                       const struct po_eval_enterprise *e, struct po_date on, struct po_arena *a,
                       struct po_err *err)
{
    struct acc acc = { out, n, cap, a };
    for (size_t i = 0; i < rs->n; i++) {
        const struct po_rule *r = &rs->rules[i];
        if (!po_rule_in_force(r, on, e->district_code))
            continue;
        if (r->subject == PO_RSUBJ_ENTERPRISE) {
            struct scope s = {
                NULL, e->facts, 0, e->nfacts, NULL, r->from, { "", 0, NULL, NULL, NULL }
            };
            int rc = judge(&acc, r, e, "", &s, err);
            if (rc < 0)
                return rc;
            continue;
        }
        for (size_t k = 0; k < e->neq; k++) {
            if (strcmp(e->eq[k].type, r->equipment_type) != 0)
                continue;
            struct scope s = {
                e->eq[k].params,       e->facts, e->eq[k].nparams,           e->nfacts,
                e->eq[k].commissioned, r->from,  { "", 0, NULL, NULL, NULL }
            };
            int rc = judge(&acc, r, e, e->eq[k].equipment_id, &s, err);
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

static int cmp(const void *pa, const void *pb)
{
    const struct po_finding *a = pa, *b = pb;
    int c = strcmp(a->uscc, b->uscc);
    if (c == 0)
        c = (int)a->status - (int)b->status;
    if (c == 0)
        c = (int)a->rule->measure - (int)b->rule->measure;
    if (c == 0)
        c = strcmp(a->rule->id, b->rule->id);
    if (c == 0)
        c = a->rule->version - b->rule->version;
    if (c == 0)
        c = strcmp(a->equipment_id, b->equipment_id);
    return c;
}

void po_eval_sort(struct po_finding *f, size_t n)
{
    if (n > 1)
        qsort(f, n, sizeof *f, cmp);
}

char *po_finding_legal_basis(const struct po_finding *f, struct po_arena *a)
{
    return po_arena_printf(a, "%s %s (%s)", f->rule->doc_no, f->rule->article, f->rule->issuer);
}
