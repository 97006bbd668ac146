/* placeholder replaced below */
#include "cli/cli.h"
int cmd_notice(int argc, char **argv, struct po_cli *cli) { (void)argc; (void)argv; (void)cli; return 2; }
