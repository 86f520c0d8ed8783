/* cli.h — subcommands.  Each takes argv starting at its own name and returns
 * the exit code: 0 success, 1 policy or data errors, 2 usage errors. */
#ifndef XF_CLI_H
#define XF_CLI_H
#include "version.h"
int xf_cmd_check(int argc, char **argv);
int xf_cmd_run(int argc, char **argv);
int xf_cmd_gen(int argc, char **argv);
int xf_cmd_demo(int argc, char **argv);
int xf_cmd_explain(int argc, char **argv);
int xf_cmd_build(int argc, char **argv);
int xf_cmd_pack(int argc, char **argv);
int xf_cmd_keygen(int argc, char **argv);
int xf_cmd_test(int argc, char **argv);
int xf_cmd_diff(int argc, char **argv);
int xf_cmd_eval(int argc, char **argv);
int xf_cmd_fmt(int argc, char **argv);
int xf_cmd_lsp(int argc, char **argv);
#endif
