/* check_watch.h — `xiufu check --watch`. */
#ifndef XF_CHECK_WATCH_H
#define XF_CHECK_WATCH_H
#include "diag.h"
/* Checks paths, then again on every change to a policy file under them,
 * until interrupted; returns 1 only when watching is impossible. */
int xf_check_watch(char *const *paths, int n, xf_lang lang, int json);
#endif
