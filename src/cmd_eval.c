/* placeholder replaced below */
#include "cli.h"
int xf_cmd_eval(int argc, char **argv) { (void)argc; (void)argv; return 2; }
