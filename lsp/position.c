/* position.c — LSP positions (lines and UTF-16 units) and file URIs. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lsp.h"

static int utf8_len(unsigned char c) { return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4; }

uint32_t lsp_offset(const char *text, size_t len, int line, int character) {
    size_t i = 0;
    for (int l = 0; l < line && i < len; i++)
        if (text[i] == '\n') l++;
    for (int u = 0; u < character && i < len && text[i] != '\n';) {
        int n = utf8_len((unsigned char)text[i]);
        u += n == 4 ? 2 : 1;  /* a character beyond the BMP is two UTF-16 units */
        i += (size_t)n;
    }
    return (uint32_t)(i > len ? len : i);
}

void lsp_position(const char *text, size_t len, uint32_t off, int *line, int *character) {
    int l = 0, u = 0;
    for (size_t i = 0; i < off && i < len;) {
        if (text[i] == '\n') { l++, u = 0, i++; continue; }
        int n = utf8_len((unsigned char)text[i]);
        u += n == 4 ? 2 : 1;
        i += (size_t)n;
    }
    *line = l, *character = u;
}

char *lsp_uri_to_path(const char *uri) {
    const char *p = !strncmp(uri, "file://", 7) ? uri + 7 : uri;
    char *out = malloc(strlen(p) + 1), *o = out;
    if (!out) return NULL;
    for (; *p; p++) {
        if (p[0] == '%' && p[1] && p[2]) {
            char hex[3] = {p[1], p[2], 0};
            *o++ = (char)strtol(hex, NULL, 16);
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = 0;
    return out;
}

char *lsp_path_to_uri(const char *path) {
    char abs[PATH_MAX];
    if (path[0] != '/' && getcwd(abs, sizeof abs) && strlen(abs) + strlen(path) + 2 < sizeof abs)
        strcat(strcat(abs, "/"), path), path = abs;
    char *out = malloc(strlen(path) * 3 + 8), *o = out;
    if (!out) return NULL;
    o += sprintf(o, "file://");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
            *o++ = (char)*p;
        else
            o += sprintf(o, "%%%02X", *p);
    }
    *o = 0;
    return out;
}
