/* dates.h — civil dates, legal periods and working days.
 *
 * Dates are day numbers (1970-01-01 = 0), as in xf_abi.h.  Periods follow
 * 《民法典》第二百零一条至第二百零四条: counting starts the day after the event;
 * n months (or years) from day x end on the same-numbered day n months later,
 * or that month's last day where there is none; a period is met the day after
 * its last day.  N working days from x end on the N-th working day after x.
 *
 * A duration is one 64-bit slot: (amount << 2) | unit.  Years are stored as
 * 12 months each, so "1 year" and "12 months" are the same duration.
 */
#ifndef XF_DATES_H
#define XF_DATES_H

#include <stddef.h>
#include <stdint.h>

enum { XF_DUR_DAYS = 0, XF_DUR_MONTHS = 1, XF_DUR_WORKDAYS = 2 };

/* Supported range: 1900-01-01 .. 2199-12-31.  Outside it arithmetic fails. */
#define XF_DAY_MIN (-25567)  /* 1900-01-01 */
#define XF_DAY_MAX (84005)   /* 2199-12-31 */

static inline int64_t xf_dur_make(int64_t amount, int unit) { return amount * 4 + unit; }
static inline int     xf_dur_unit(int64_t dur) { return (int)(((dur % 4) + 4) % 4); }
static inline int64_t xf_dur_amount(int64_t dur) { return (dur - xf_dur_unit(dur)) / 4; }

int64_t xf_day_from_ymd(int y, int m, int d);           /* no validation */
void    xf_day_to_ymd(int64_t day, int *y, int *m, int *d);
int     xf_days_in_month(int y, int m);
int     xf_weekday(int64_t day);                        /* 1 = Monday .. 7 = Sunday */

/* Parse exactly "YYYY-MM-DD".  Returns 0 and sets *day, XF_DATE_MALFORMED for
 * text that is not of that shape, XF_DATE_IMPOSSIBLE for 2025-02-30 and the
 * like, XF_DATE_RANGE outside the supported range. */
enum { XF_DATE_OK = 0, XF_DATE_MALFORMED = 1, XF_DATE_IMPOSSIBLE = 2, XF_DATE_RANGE = 3 };
int  xf_date_parse(const char *s, size_t n, int64_t *day);
void xf_date_format(int64_t day, char buf[11]);        /* "YYYY-MM-DD" + NUL */

/* Working-day calendar: weekday rule plus listed exceptions.  Owned by the
 * caller; free with xf_calendar_free. */
typedef struct xf_calendar xf_calendar;
xf_calendar *xf_calendar_new(void);
void         xf_calendar_free(xf_calendar *cal);
int          xf_calendar_set(xf_calendar *cal, int64_t day, int workday); /* 0 ok, -1 out of range */
int          xf_is_workday(const xf_calendar *cal, int64_t day);         /* cal may be NULL: weekday rule */

/* Legal periods.  Each returns 0 on success and -1 when the result would
 * leave the supported range (the caller reports it; nothing is guessed).
 * start + dur: the last day of the period;  met: the day after it. */
int xf_period_last(const xf_calendar *cal, int64_t start, int64_t dur, int64_t *last);
int xf_period_met(const xf_calendar *cal, int64_t start, int64_t dur, int64_t *met);
/* The day dur before day (months: corresponding day, clamped to month end). */
int xf_period_back(const xf_calendar *cal, int64_t day, int64_t dur, int64_t *out);
/* 第二百零三条: a last day on a rest day moves to the next working day. */
int64_t xf_next_workday_on_or_after(const xf_calendar *cal, int64_t day);

#endif
