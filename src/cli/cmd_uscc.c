/* cmd_uscc.c: phaseout uscc CODE... — check unified social credit codes. */
#include "cli/cli.h"
#include "core/uscc.h"

#include <stdio.h>
#include <string.h>

int cmd_uscc(int argc, char **argv, struct po_cli *cli)
{
    (void)cli;
    static const char *const usage[] = { "usage: phaseout uscc CODE...", NULL };
    if (argc < 2)
        return po_cli_usage(usage);
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        char want = 0;
        size_t pos = 0;
        enum po_uscc_status s = po_uscc_check(argv[i], strlen(argv[i]), &pos, &want);
        if (s == PO_USCC_OK) {
            printf("%s OK\n", argv[i]);
            continue;
        }
        bad++;
        if (s == PO_USCC_BAD_CHECK)
            printf("%s INVALID: %s / %s (expected %c)\n", argv[i], po_uscc_reason_zh(s),
                   po_uscc_reason_en(s), want);
        else if (s == PO_USCC_BAD_CHAR)
            printf("%s INVALID: %s / %s (position %zu)\n", argv[i], po_uscc_reason_zh(s),
                   po_uscc_reason_en(s), pos + 1);
        else
            printf("%s INVALID: %s / %s\n", argv[i], po_uscc_reason_zh(s), po_uscc_reason_en(s));
    }
    return bad ? 1 : 0;
}
