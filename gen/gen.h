/* gen.h — synthetic records that follow runtime/records.sql, for tests,
 * benchmarks and the demo.  Output is a function of (entities, seed, shape,
 * layout) only: the same arguments give a byte-identical file.
 *
 * Memory stays bounded whatever the number of entities (about 6 MiB above
 * the bare process, at 2M as at 10M): the entity codes are sorted on disk,
 * SQLite's page cache is small, and sorts and staging tables go to
 * temporary files in SQLite's temporary directory (SQLITE_TMPDIR, TMPDIR,
 * /var/tmp, /tmp).  The shuffled layout needs about half the output's size
 * there. */
#ifndef XF_GEN_H
#define XF_GEN_H

#include <stddef.h>
#include <stdint.h>

/* A run of days with the same status in the official holiday schedule:
 * workday 0 = statutory rest day, 1 = make-up working day (调休上班).
 * Sample data (see holidays.c); dates are "YYYY-MM-DD", first <= last. */
typedef struct xf_holiday_span {
    const char *first;
    const char *last;
    uint8_t     workday;
    const char *what;
} xf_holiday_span;

extern const xf_holiday_span xf_holiday_spans[];
extern const size_t          xf_holiday_span_count;

#define XF_GEN_MAX_ENTITIES 100000000

/* realistic: the shapes the national systems publish (the default).
 * adversarial: every label, boundary dates and fines, NULL in optional
 * columns, empty and very large entities — still valid input (the loader
 * skips no row), for differential testing of the engines.  The realistic
 * output for a seed does not depend on the adversarial code. */
typedef enum { XF_GEN_REALISTIC, XF_GEN_ADVERSARIAL } xf_gen_shape;

/* How rows of the related tables are stored.  Entities are always written
 * in code (uscc) order.
 * clustered: the rows of each entity together, entity by entity, in uscc
 * order; ids (rowids) count up in that order.
 * shuffled: ids follow the date, as in systems that number records as they
 * come: penalty by decided, abnormal and serious by listed, inspection by
 * published, application by applied (ties in the clustered order);
 * annual_report rowids by (year, uscc).  Ids stay 1..count.
 * The rows are the same records as in the clustered layout with the same
 * (N, seed, shape), every column equal except the ids, the columns that
 * refer to ids (serious.penalty_id, inspection.penalty_id and abnormal_id,
 * application.subject_id: the same rows, by their new ids) and the rowids,
 * so decisions are equal but for subject ids. */
typedef enum { XF_GEN_CLUSTERED, XF_GEN_SHUFFLED } xf_gen_layout;

typedef struct xf_gen_opts {
    int64_t       entities;  /* 1 .. XF_GEN_MAX_ENTITIES */
    uint64_t      seed;
    xf_gen_shape  shape;     /* 0: realistic */
    xf_gen_layout layout;    /* 0: clustered */
    /* NULL, or called every few thousand entities and after the last, from
     * the generating thread.  Rate limiting its display is the caller's
     * business.  The shuffled layout, the indexes and ANALYZE still take
     * time after entities_done == entities_total. */
    void (*progress)(void *ud, int64_t entities_done, int64_t entities_total);
    void         *progress_ud;
    /* NULL: the built-in regions, weighted toward the shipped local packs.
     * Else the entities' registration regions, drawn evenly from these
     * 6-digit 行政区划代码 (xf_gen_region_check each). */
    const char *const *regions;
    int           nregions;  /* 1 .. XF_GEN_MAX_REGIONS */
} xf_gen_opts;

#define XF_GEN_MAX_REGIONS 200

/* NULL when code is a 6-digit 行政区划代码 of a province the generator
 * names; else why not, in Chinese (zh) or English. */
const char *xf_gen_region_check(const char *code, int en);

typedef struct xf_gen_stats {
    int64_t entities;
    int64_t penalties;
    int64_t abnormal;
    int64_t serious;
    int64_t inspections;
    int64_t applications;
    int64_t annual_reports;
    int64_t calendar_days;
} xf_gen_stats;

/* Create the schema in the SQLite database at path (created if missing; it
 * must not hold the tables yet) and fill it.  Returns 0, or -1 and *errmsg
 * (malloc'd, caller frees) naming the step and keeping SQLite's message.
 * On failure the file is left as it is; the caller removes it. */
int xf_gen_write(const char *path, const xf_gen_opts *opts, xf_gen_stats *stats, char **errmsg);

#endif
