/* versions.c — the additions of each records schema version (see versions.h). */
#include "versions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Version 2 (runtime/records.sql): a row with column NULL is a whole table. */
static const struct {
    const char *table, *column;
    int         version;
} xf_added[] = {
    {"entity", "deregistered", 2},
    {"serious", "penalty_id", 2},
    {"inspection", NULL, 2},
    {"application", NULL, 2},
};

int xf_records_added_in(const char *table, const char *column) {
    if (!table) return 1;
    for (size_t i = 0; i < sizeof xf_added / sizeof xf_added[0]; i++) {
        if (strcasecmp(xf_added[i].table, table)) continue;
        if (!column && !xf_added[i].column) return xf_added[i].version;
        if (column && xf_added[i].column && !strcasecmp(xf_added[i].column, column)) return xf_added[i].version;
    }
    return 1;
}

static char *xf_absent_dup(const char *a, const char *b) {
    size_t n = strlen(a) + (b ? strlen(b) + 1 : 0) + 1;
    char *s = malloc(n);
    if (!s) return NULL;
    if (b) snprintf(s, n, "%s.%s", a, b);
    else snprintf(s, n, "%s", a);
    return s;
}

int xf_absent_add(xf_absent *a, const char *table, const char *column) {
    char *name = xf_absent_dup(table, column);
    if (!name) return -1;
    char ***list = column ? &a->cols : &a->tables;
    int *n = column ? &a->ncols : &a->ntables;
    for (int i = 0; i < *n; i++)
        if (!strcmp((*list)[i], name)) {
            free(name);
            return 0;
        }
    char **p = realloc(*list, (size_t)(*n + 1) * sizeof *p);
    if (!p) {
        free(name);
        return -1;
    }
    *list = p;
    p[(*n)++] = name;
    return 0;
}

int xf_absent_any(const xf_absent *a) { return a && (a->ntables > 0 || a->ncols > 0); }

void xf_absent_free(xf_absent *a) {
    if (!a) return;
    for (int i = 0; i < a->ntables; i++) free(a->tables[i]);
    for (int i = 0; i < a->ncols; i++) free(a->cols[i]);
    free(a->tables);
    free(a->cols);
    memset(a, 0, sizeof *a);
}

/* names joined by sep onto out (which has room: see xf_absent_note) */
static void xf_absent_join(char *out, char **names, int n, const char *sep) {
    for (int i = 0; i < n; i++) {
        if (i) strcat(out, sep);
        strcat(out, names[i]);
    }
}

char *xf_absent_note(const xf_absent *a, int en) {
    if (!xf_absent_any(a)) return NULL;
    size_t n = 256;
    for (int i = 0; i < a->ntables; i++) n += strlen(a->tables[i]) + 8;
    for (int i = 0; i < a->ncols; i++) n += strlen(a->cols[i]) + 8;
    char *s = malloc(n);
    if (!s) return NULL;
    if (en) {
        strcpy(s, "records database is version 1: ");
        if (a->ntables) {
            strcat(s, a->ntables > 1 ? "no tables " : "no table ");
            xf_absent_join(s, a->tables, a->ntables, ", ");
        }
        if (a->ncols) {
            strcat(s, a->ntables ? ", " : "");
            strcat(s, a->ncols > 1 ? "no columns " : "no column ");
            xf_absent_join(s, a->cols, a->ncols, ", ");
        }
        strcat(s, a->ntables && a->ncols ? "; read as empty tables and NULL values"
                  : a->ntables           ? "; read as empty tables"
                                         : "; read as NULL values");
    } else {
        strcpy(s, "记录库为第 1 版：缺少");
        if (a->ntables) {
            strcat(s, "表 ");
            xf_absent_join(s, a->tables, a->ntables, "、");
        }
        if (a->ncols) {
            strcat(s, a->ntables ? "，列 " : "列 ");
            xf_absent_join(s, a->cols, a->ncols, "、");
        }
        strcat(s, a->ntables && a->ncols ? "，按空表和空值读取" : a->ntables ? "，按空表读取" : "，按空值读取");
    }
    return s;
}
