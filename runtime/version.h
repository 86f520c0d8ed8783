/* version.h — the version of xiufu, recorded in runs, packs and the code cache. */
#ifndef XF_VERSION_H
#define XF_VERSION_H
#define XF_VERSION "0.1.0"
#endif
