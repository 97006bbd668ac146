/*
 * cmd_deadline.c: phaseout deadline — the last day of a legal period, with the reasons.
 *
 * The first line of the text output is the last day alone (YYYY-MM-DD), so
 * scripts and the acceptance check can read it with head -1; the lines after
 * it explain it in Chinese and English, article by article.  Needs no
 * database: the calendar is the compiled-in data/cn_holidays.csv, or with
 * --db that of the deployment (its imported notices applied).  A year the
 * calendar lacks is an error, unless --provisional asks for the count with
 * weekends only: the date is then followed by a line starting PROVISIONAL.
 */
#include "cli/cli.h"
#include "core/deadline.h"
#include "app/calendardb.h"
#include "refdata/calendar.h"
#include "refdata/cityparams.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout deadline --from DATE (--months N | --days N) [--extension-months M]",
    "                         [--format text|json] [--provisional] [--db PATH_OR_URL]",
    "",
    "The last day of a legal period under Civil Code arts. 201-203: the start day is not",
    "counted, a month period ends on the corresponding day (or the month's last day), a",
    "last day on a statutory holiday or weekend moves to the next working day.  The first",
    "line of the text output is that day as YYYY-MM-DD.",
    "  --from DATE            the day the period starts from (e.g. the day the order is served)",
    "  --months N, --days N   the period's length (1..1200 months, 1..36600 days)",
    "  --extension-months M   an extension granted once, counted on: 1 month up to the city's",
    "                         cap (data/city_params.csv quota_extension_max_months, 三(二))",
    "  --format text|json     default text",
    "  --provisional          a year without holiday data is counted with weekends only and",
    "                         the result marked PROVISIONAL (second line); without it, an error",
    "  --db PATH_OR_URL       use the deployment's calendar (phaseout calendar import)",
    NULL,
};

static const char *wd_zh(struct po_date d)
{
    static const char *const n[] = { "周一", "周二", "周三", "周四", "周五", "周六", "周日" };
    return n[po_deadline_weekday(d) - 1];
}

static const char *wd_en(struct po_date d)
{
    static const char *const n[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    return n[po_deadline_weekday(d) - 1];
}

static void print_period(const struct po_period *p, const char *what_zh, const char *what_en)
{
    char s[PO_DATE_BUFSZ], nom[PO_DATE_BUFSZ], last[PO_DATE_BUFSZ], alt[PO_DATE_BUFSZ];
    po_deadline_format_date(s, sizeof(s), p->start);
    po_deadline_format_date(nom, sizeof(nom), p->nominal);
    po_deadline_format_date(last, sizeof(last), p->last);
    po_deadline_format_date(alt, sizeof(alt), p->alt_last);
    bool m = p->unit == PO_PERIOD_MONTHS;
    printf("%s：自 %s 起 %d %s，开始的当日不计入，自下一日开始计算（民法典第二百零一条）。\n",
           what_zh, s, p->n, m ? "个月" : "日");
    printf("%s: %d %s from %s; the start day is not counted, counting begins the next day "
           "(Civil Code art. 201).\n",
           what_en, p->n, m ? "months" : "days", s);
    if (m && p->clamped)
        printf("到期月没有对应日（%d 日），以月末日 %s 为期间的最后一日（第二百零二条）。\n"
               "The due month has no corresponding day (day %d), so its last day %s is the "
               "period's last day (art. 202).\n",
               p->start.d, nom, p->start.d, nom);
    else if (m)
        printf("到期月的对应日 %s（%s）为期间的最后一日（第二百零二条）。\n"
               "The corresponding day of the due month, %s (%s), is the last day (art. 202).\n",
               nom, wd_zh(p->nominal), nom, wd_en(p->nominal));
    else
        printf("第 %d 日为 %s（%s）；期间内的节假日不扣除。\n"
               "Day %d is %s (%s); holidays inside the period are not deducted.\n",
               p->n, nom, wd_zh(p->nominal), p->n, nom, wd_en(p->nominal));
    if (po_date_cmp(p->last, p->nominal) != 0 && p->moved_over)
        printf(
            "%s 是法定休假日（%s，%s），以休假日结束的次日 %s（%s）为最后一日（第二百零三条）。\n"
            "%s is a statutory holiday (%s, %s); the last day moves to the day after the "
            "holiday ends, %s (%s) (art. 203).\n",
            nom, p->moved_over, p->moved_source, last, wd_zh(p->last), nom, p->moved_over,
            p->moved_source, last, wd_en(p->last));
    else if (po_date_cmp(p->last, p->nominal) != 0)
        printf("%s 是%s（周休息日，按法定休假日处理），顺延至 %s（%s）（第二百零三条）。\n"
               "%s is a %s (weekly rest day, treated as a statutory holiday); the last day "
               "moves to %s (%s) (art. 203).\n",
               nom, wd_zh(p->nominal), last, wd_zh(p->last), nom, wd_en(p->nominal), last,
               wd_en(p->last));
    if (p->makeup_end)
        printf("%s 是调休上班日（%s），按工作日计算。\n%s is a makeup working day (%s) and "
               "counts as a working day.\n",
               last, wd_zh(p->last), last, wd_en(p->last));
    if (po_date_cmp(p->alt_last, p->last) != 0)
        printf("另一种理解：周末一律为休息日（调休上班日不算工作日），则最后一日为 %s。法律未定，"
               "取较早的日期。\n"
               "Other reading: every weekend day is a rest day (makeup working days do not count), "
               "giving %s.  The law is unsettled; the earlier date is used.\n",
               alt, alt);
}

static const char *const basis_zh[] = { "自原期间到期月对应日（顺延前）起算",
                                        "自顺延后的最后一日起算", "与原期间合并为一个期间" };
static const char *const basis_en[] = { "counted on from the original nominal last day",
                                        "counted on from the moved last day",
                                        "one period of original plus extension from the start" };

static void print_extension(const struct po_extension *x)
{
    char b[PO_DATE_BUFSZ];
    print_period(&x->reading[x->chosen], "延期", "Extension");
    printf("延期依据：%s。\nExtension basis: %s.\n", basis_zh[x->chosen], basis_en[x->chosen]);
    for (int i = 0; i < PO_EXT_NBASES; i++) {
        if (!x->has[i] || i == (int)x->chosen ||
            po_date_cmp(x->reading[i].last, x->reading[x->chosen].last) == 0)
            continue;
        po_deadline_format_date(b, sizeof(b), x->reading[i].last);
        printf("另一种理解（%s）：%s。法律未定，取较早的日期。\n"
               "Other reading (%s): %s.  The law is unsettled; the earlier date is used.\n",
               basis_zh[i], b, basis_en[i], b);
    }
}

static json_t *jdate(struct po_date d)
{
    char b[PO_DATE_BUFSZ];
    return json_string(po_deadline_format_date(b, sizeof(b), d));
}

static json_t *jperiod(const struct po_period *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "last_day", jdate(p->last));
    json_object_set_new(o, "start", jdate(p->start));
    json_object_set_new(o, "unit", json_string(p->unit == PO_PERIOD_MONTHS ? "months" : "days"));
    json_object_set_new(o, "n", json_integer(p->n));
    json_object_set_new(o, "nominal_last_day", jdate(p->nominal));
    json_object_set_new(o, "no_corresponding_day", json_boolean(p->clamped));
    json_object_set_new(o, "moved_over", p->moved_over ? json_string(p->moved_over) : json_null());
    json_object_set_new(o, "moved_source",
                        p->moved_source ? json_string(p->moved_source) : json_null());
    json_object_set_new(o, "ends_on_makeup_workday", json_boolean(p->makeup_end));
    json_object_set_new(o, "other_reading_weekends_rest", jdate(p->alt_last));
    json_object_set_new(o, "provisional", json_boolean(p->provisional));
    return o;
}

/* Whether the result looked into a year the calendar lacks, and the first such year. */
static bool provisional(int *year, const struct po_period *p, const struct po_extension *x)
{
    *year = x && x->provisional ? x->uncovered_year : 0;
    if (p->provisional && (!*year || p->uncovered_year < *year))
        *year = p->uncovered_year;
    return *year != 0;
}

static int print_json(const struct po_period *p, const struct po_extension *x,
                      const struct po_calendar *cal)
{
    static const char *const basis[] = { "from_nominal", "from_moved", "combined" };
    json_t *o = json_object();
    int year;
    json_object_set_new(o, "last_day", jdate(x ? x->reading[x->chosen].last : p->last));
    json_object_set_new(o, "provisional", json_boolean(provisional(&year, p, x)));
    if (year) {
        char zh[PO_DEADLINE_NOTE_BUFSZ], en[PO_DEADLINE_NOTE_BUFSZ];
        po_deadline_provisional_note(zh, sizeof(zh), en, sizeof(en), year);
        json_object_set_new(o, "uncovered_year", json_integer(year));
        json_object_set_new(o, "note_zh", json_string(zh));
        json_object_set_new(o, "note_en", json_string(en));
    }
    json_object_set_new(o, "period", jperiod(p));
    if (x) {
        json_t *e = json_object();
        json_object_set_new(e, "chosen", json_string(basis[x->chosen]));
        for (int i = 0; i < PO_EXT_NBASES; i++)
            json_object_set_new(e, basis[i], x->has[i] ? jperiod(&x->reading[i]) : json_null());
        json_object_set_new(o, "extension", e);
    }
    json_t *c = json_object();
    json_object_set_new(c, "source", json_string(cal->source));
    json_object_set_new(c, "first_year", json_integer(cal->first_year));
    json_object_set_new(c, "last_year", json_integer(cal->last_year));
    json_object_set_new(o, "calendar", c);
    char *s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s)
        return 1;
    printf("%s\n", s);
    free(s);
    return 0;
}

/* A length given (--months, --days, --extension-months) and whether it was. */
struct length {
    int n;
    bool given;
};

/* The value of a length option: an integer (its range is checked where it is used). */
static int parse_length(void *value, char *s)
{
    struct length *l = value;
    char *end;
    long v = strtol(s, &end, 10);
    l->given = true;
    if (end == s || *end || v < -100000 || v > 100000) {
        fprintf(stderr, "错误：“%s”不是整数\nerror: \"%s\" is not an integer\n", s, s);
        return PO_CLI_USAGE;
    }
    l->n = (int)v;
    return 0;
}

int cmd_deadline(int argc, char **argv, struct po_cli *cli)
{
    static const char *const formats[] = { "text", "json", NULL };
    /* --db without PHASEOUT_DB: the compiled-in calendar unless a deployment is named */
    static const struct po_cli_spec spec = {
        .usage = usage,
        .take = PO_OPT_FORMAT | PO_OPT_DB | PO_OPT_HELP,
        .formats = formats,
        .format = "text",
    };
    const char *from = NULL;
    struct length m = { 0, false }, d = { 0, false }, e = { 0, false };
    bool prov = false;
    const struct po_cli_opt own[] = {
        { "from", PO_CLI_STR, &from, NULL },
        { "months", PO_CLI_FN, &m, parse_length },
        { "days", PO_CLI_FN, &d, parse_length },
        { "extension-months", PO_CLI_FN, &e, parse_length },
        { "provisional", PO_CLI_FLAG, &prov, NULL },
        { NULL },
    };
    struct po_cli_opts o;
    int rc = po_cli_parse(&o, &spec, own, argc, argv);
    if (rc)
        return rc;
    if (o.nargs || !from || m.given == d.given)
        return po_cli_usage(usage);
    bool json = strcmp(o.format, "json") == 0, has_m = m.given, has_e = e.given;
    int months = m.n, days = d.n, ext = e.n;
    const char *db = o.db;

    struct po_err err = PO_ERR_INIT;
    struct po_calendar cal;
    struct po_date start;
    struct po_period p;
    struct po_extension x;
    struct po_store *st = NULL;
    rc = db ? po_cli_open_store(&st, db, &err) : 0;
    if (rc == 0)
        rc = st ? po_calendardb_load(&cal, st, cli->a, &err) : po_calendar_load(&cal, cli->a, &err);
    if (st)
        po_store_close(st);
    cal.uncovered = prov ? PO_CAL_UNCOVERED_WEEKENDS : PO_CAL_UNCOVERED_ERROR;
    if (rc == 0)
        rc = po_deadline_parse_date(&start, from, strlen(from), &err);
    if (rc == 0)
        rc = po_deadline_period(&p, &cal, start, has_m ? PO_PERIOD_MONTHS : PO_PERIOD_DAYS,
                                has_m ? months : days, &err);
    struct po_city_params cp;
    if (rc == 0 && has_e)
        rc = po_cityparams_load(&cp, &err);
    if (rc == 0 && has_e)
        rc = po_deadline_extend(&x, &cal, &p, ext, cp.quota_extension_max_months, &err);
    if (rc < 0) {
        po_cli_report(&err);
        return po_cli_exit_code(rc);
    }
    if (json)
        return print_json(&p, has_e ? &x : NULL, &cal);
    char b[PO_DATE_BUFSZ], zh[PO_DEADLINE_NOTE_BUFSZ], en[PO_DEADLINE_NOTE_BUFSZ];
    int year;
    printf("%s\n",
           po_deadline_format_date(b, sizeof(b), has_e ? x.reading[x.chosen].last : p.last));
    if (provisional(&year, &p, has_e ? &x : NULL)) {
        po_deadline_provisional_note(zh, sizeof(zh), en, sizeof(en), year);
        printf("PROVISIONAL 暂定：%s / %s\n", zh, en);
    }
    print_period(&p, "期间", "Period");
    if (has_e)
        print_extension(&x);
    printf("节假日日历：%s（国务院办公厅年度放假通知，覆盖 %d–%d 年）。\n"
           "Holiday calendar: %s (the State Council General Office's yearly notices, years "
           "%d-%d).\n",
           cal.source, cal.first_year, cal.last_year, cal.source, cal.first_year, cal.last_year);
    return 0;
}
