/* cmd_explain.c: phaseout explain — the evidence chain of one stored finding, in plain language. */
#include "cli/cli.h"
#include "core/rules.h"
#include "io/evalread.h"
#include "util/arena.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
    "usage: phaseout explain --db PATH_OR_URL FINDING_ID [--run N] [--lang zh|en]",
    "",
    "Prints why a finding of `phaseout evaluate` was made: the enterprise and unit, the",
    "figures compared with their units and the thresholds, the rule and its version, the",
    "legal basis (document, article, issuing body), the measure and who carries it out, the",
    "source and confidence of the rule, and the rule set and data the run used.  Reads the",
    "latest run holding the finding, or run N.",
    NULL,
};

/* Department tags of data/rules.csv and the bureaus of the Wuhai opinion. */
static const struct {
    const char *tag, *zh, *en;
} depts[] = {
    { "miit", "市工业和信息化局", "Bureau of Industry and Information Technology" },
    { "drc", "市发展和改革委", "Development and Reform Commission" },
    { "energy", "市能源局", "Energy Bureau" },
    { "eco_env", "市生态环境局", "Ecology and Environment Bureau" },
    { "emergency", "市应急管理局", "Emergency Management Bureau" },
    { "market", "市市场监管局", "Market Regulation Bureau" },
};

struct opts {
    const char *db, *id;
    bool zh;
    int64_t run;
};

static int parse(struct opts *o, int argc, char **argv)
{
    static const struct option lo[] = {
        { "db", required_argument, NULL, 'd' },
        { "lang", required_argument, NULL, 'l' },
        { "run", required_argument, NULL, 'r' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    memset(o, 0, sizeof(*o));
    o->zh = true;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'd':
            o->db = optarg;
            break;
        case 'l':
            if (strcmp(optarg, "zh") != 0 && strcmp(optarg, "en") != 0)
                return -1;
            o->zh = strcmp(optarg, "zh") == 0;
            break;
        case 'r':
            o->run = strtoll(optarg, &end, 10);
            if (*end || o->run < 1)
                return -1;
            break;
        default:
            return -1;
        }
    }
    if (optind + 1 != argc)
        return -1;
    o->id = argv[optind];
    return 0;
}

static void print_depts(const char *list, bool zh)
{
    const char *p = list;
    bool first = true;
    while (*p) {
        size_t len = strcspn(p, "|");
        for (size_t i = 0; i < sizeof depts / sizeof depts[0]; i++)
            if (strlen(depts[i].tag) == len && strncmp(depts[i].tag, p, len) == 0) {
                printf("%s%s", first ? "" : zh ? "、" : ", ", zh ? depts[i].zh : depts[i].en);
                first = false;
            }
        p += len + (p[len] == '|');
    }
    printf("%s\n", zh ? "（各区政府配合）" : " (with the district governments)");
}

static void print_zh(const struct po_stored_finding *f)
{
    int m = po_measure_parse(f->measure);
    bool caught = strcmp(f->status, "caught") == 0;
    printf("评估结论 %s（评估批次 %lld，评估基准日 %s，生成于 %s）\n", f->finding_id,
           (long long)f->run_id, f->as_of, f->created_at);
    printf("企业：%s %s\n", f->uscc, f->enterprise_name);
    if (f->equipment_id[0])
        printf("设备：%s\n", f->equipment_id);
    printf("结论：%s\n", caught ? "符合规则条件" : "无法判定（缺少数据，见下）");
    printf("规则：%s 第 %lld 版（%s）\n", f->rule_id, (long long)f->rule_version, f->criterion);
    printf("比对的数据与阈值：%s\n", f->evidence);
    printf("法律依据：%s\n", f->legal_basis);
    printf("措施：%s（%s）；措施依据：%s\n", m >= 0 ? po_measure_name_zh((enum po_measure)m) : "",
           f->measure, f->measure_basis);
    printf("责任部门：");
    print_depts(f->departments, true);
    printf("规则来源：%s\n可信度：%s\n", f->source, f->confidence);
    if (strncmp(f->confidence, "low", 3) == 0)
        printf("注意：该规则可信度低，据此作出决定前须核实原文。\n");
    printf("规则集：%s（SHA-256 %s）；输入数据指纹 SHA-256 %s\n", f->rules_name, f->rules_sha256,
           f->data_sha256);
}

static void print_en(const struct po_stored_finding *f)
{
    bool caught = strcmp(f->status, "caught") == 0;
    printf("Finding %s (run %lld, as of %s, made %s)\n", f->finding_id, (long long)f->run_id,
           f->as_of, f->created_at);
    printf("Enterprise: %s %s\n", f->uscc, f->enterprise_name);
    if (f->equipment_id[0])
        printf("Unit: %s\n", f->equipment_id);
    printf("Outcome: %s\n",
           caught ? "the rule's conditions are met" : "cannot decide (figures missing, see below)");
    printf("Rule: %s version %lld (%s)\n", f->rule_id, (long long)f->rule_version, f->criterion);
    printf("Figures compared with the thresholds: %s\n", f->evidence);
    printf("Legal basis: %s\n", f->legal_basis);
    printf("Measure: %s; set by: %s\n", f->measure, f->measure_basis);
    printf("Departments: ");
    print_depts(f->departments, false);
    printf("Source of the rule: %s\nConfidence: %s\n", f->source, f->confidence);
    if (strncmp(f->confidence, "low", 3) == 0)
        printf("Note: a low-confidence rule; verify the original text before deciding.\n");
    printf("Rule set: %s (SHA-256 %s); input data fingerprint SHA-256 %s\n", f->rules_name,
           f->rules_sha256, f->data_sha256);
}

int cmd_explain(int argc, char **argv, struct po_cli *cli)
{
    struct opts o;
    if (parse(&o, argc, argv) < 0)
        return po_cli_usage(usage);
    struct po_err err = PO_ERR_INIT;
    struct po_store *st = NULL;
    struct po_stored_finding f;
    int rc = po_cli_open_store(&st, o.db, &err);
    if (rc == 0)
        rc = po_evalread_finding(&f, st, o.id, o.run, cli->a, &err);
    if (st)
        po_store_close(st);
    if (rc < 0) {
        po_cli_report(&err);
        return po_cli_exit_code(rc);
    }
    if (o.zh)
        print_zh(&f);
    else
        print_en(&f);
    return 0;
}
