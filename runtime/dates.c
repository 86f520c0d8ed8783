/* dates.c — civil dates, legal periods (《民法典》第二百零一条至第二百零四条)
 * and working days.  See dates.h for the contract. */
#include "dates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define XF_DAY_SPAN ((int64_t)XF_DAY_MAX - XF_DAY_MIN + 1)

/* A dense byte per supported day: 1 working day, 0 rest day.  Dense because
 * lookups happen per row in the hot loop and the range is only ~110k days. */
struct xf_calendar {
    uint8_t work[XF_DAY_SPAN];
};

static int in_range(int64_t day) { return day >= XF_DAY_MIN && day <= XF_DAY_MAX; }

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int xf_days_in_month(int y, int m) {
    static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) return 0;
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian
 * calendar and free of loops, so it stays cheap inside policy code. */
int64_t xf_day_from_ymd(int y, int m, int d) {
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t mp = (m + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void xf_day_to_ymd(int64_t day, int *y, int *m, int *d) {
    int64_t z = day + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

int xf_weekday(int64_t day) {
    /* 1970-01-01 was a Thursday (4). */
    return (int)(((day + 3) % 7 + 7) % 7) + 1;
}

/* The first day of each month of 1900..2199 (the years xf_add_months
 * reaches), and one past: a record's date is a lookup and an add, the
 * month's length a subtraction.  Filled before main (and when a library
 * build is loaded), so no thread ever sees it half made. */
enum { XF_TABLE_Y0 = 1900, XF_TABLE_YEARS = 300 };
static int32_t xf_month_start[XF_TABLE_YEARS * 12 + 1];

__attribute__((constructor)) static void xf_month_start_fill(void) {
    for (int i = 0; i <= XF_TABLE_YEARS * 12; i++)
        xf_month_start[i] = (int32_t)xf_day_from_ymd(XF_TABLE_Y0 + i / 12, i % 12 + 1, 1);
}

int xf_date_parse(const char *s, size_t n, int64_t *day) {
    if (!s || n != 10) return XF_DATE_MALFORMED;
    /* "YYYY-MM-" and "DD" as two words, checked and taken apart at once:
     * every date of every record comes through */
    uint64_t w;
    uint16_t dd;
    memcpy(&w, s, 8);
    memcpy(&dd, s + 8, 2);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = __builtin_bswap64(w), dd = __builtin_bswap16(dd);
#endif
    const uint64_t sep = 0xFF0000FF00000000ULL;  /* bytes 4 and 7: the dashes */
    if ((w & sep) != 0x2D00002D00000000ULL) return XF_DATE_MALFORMED;
    uint64_t x = (w ^ 0x3030303030303030ULL) & ~sep;  /* a digit's byte is 0..9, a separator's 0 */
    uint64_t x2 = (uint64_t)(dd ^ 0x3030);
    if (((x + 0x7676767676767676ULL) | x) & 0x8080808080808080ULL) return XF_DATE_MALFORMED;
    if (((x2 + 0x7676) | x2) & 0x8080) return XF_DATE_MALFORMED;
#define XF_DIGIT(v, i) ((int)((v) >> (8 * (i)) & 0xFF))
    int y = XF_DIGIT(x, 0) * 1000 + XF_DIGIT(x, 1) * 100 + XF_DIGIT(x, 2) * 10 + XF_DIGIT(x, 3);
    int m = XF_DIGIT(x, 5) * 10 + XF_DIGIT(x, 6), d = XF_DIGIT(x2, 0) * 10 + XF_DIGIT(x2, 1);
#undef XF_DIGIT
    unsigned i = (unsigned)(y - XF_TABLE_Y0) * 12 + (unsigned)(m - 1);
    if (y >= XF_TABLE_Y0 && m >= 1 && m <= 12 && i < XF_TABLE_YEARS * 12) {
        if (d < 1 || d > xf_month_start[i + 1] - xf_month_start[i]) return XF_DATE_IMPOSSIBLE;
        int64_t v = xf_month_start[i] + d - 1;
        if (!in_range(v)) return XF_DATE_RANGE;
        *day = v;
        return XF_DATE_OK;
    }
    if (m < 1 || m > 12 || d < 1 || d > xf_days_in_month(y, m)) return XF_DATE_IMPOSSIBLE;
    int64_t v = xf_day_from_ymd(y, m, d);
    if (!in_range(v)) return XF_DATE_RANGE;
    *day = v;
    return XF_DATE_OK;
}

void xf_date_format(int64_t day, char buf[11]) {
    int y, m, d;
    /* Far outside the range the year would not fit four digits; say so
     * visibly rather than print a truncated, plausible-looking date. */
    if (day < -719468 || day > 2932896) {  /* 0000-01-01 .. 9999-12-31 */
        snprintf(buf, 11, "\?\?\?\?-\?\?-\?\?");
        return;
    }
    xf_day_to_ymd(day, &y, &m, &d);
    snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
}

static int weekday_rule(int64_t day) { return xf_weekday(day) <= 5; }

xf_calendar *xf_calendar_new(void) {
    xf_calendar *cal = malloc(sizeof *cal);
    if (!cal) return NULL;
    for (int64_t i = 0; i < XF_DAY_SPAN; i++)
        cal->work[i] = (uint8_t)weekday_rule(XF_DAY_MIN + i);
    return cal;
}

void xf_calendar_free(xf_calendar *cal) { free(cal); }

int xf_calendar_set(xf_calendar *cal, int64_t day, int workday) {
    if (!cal || !in_range(day)) return -1;
    cal->work[day - XF_DAY_MIN] = workday != 0;
    return 0;
}

int xf_is_workday(const xf_calendar *cal, int64_t day) {
    if (cal && in_range(day)) return cal->work[day - XF_DAY_MIN];
    return weekday_rule(day);
}

int64_t xf_next_workday_on_or_after(const xf_calendar *cal, int64_t day) {
    /* Beyond the supported range the weekday rule applies, so this ends
     * within a week past XF_DAY_MAX; a result outside the range tells the
     * caller the calendar had no working day left. */
    while (!xf_is_workday(cal, day)) day++;
    return day;
}

/* Calendar months from day, clamped to the target month's last day
 * (第二百零二条: no corresponding day -> the month's last day). */
static int add_months(int64_t day, int64_t months, int64_t *out) {
    if (!in_range(day) || months > 12 * 400 || months < -12 * 400) return -1;
    int y, m, d;
    xf_day_to_ymd(day, &y, &m, &d);
    int64_t idx = (int64_t)y * 12 + (m - 1) + months;
    int64_t ny = idx >= 0 ? idx / 12 : -((-idx + 11) / 12);
    int nm = (int)(idx - ny * 12) + 1;
    if (ny < XF_TABLE_Y0 || ny >= XF_TABLE_Y0 + XF_TABLE_YEARS) return -1;
    int64_t i = (ny - XF_TABLE_Y0) * 12 + nm - 1;
    int dim = xf_month_start[i + 1] - xf_month_start[i];
    int64_t v = xf_month_start[i] + (d < dim ? d : dim) - 1;
    if (!in_range(v)) return -1;
    *out = v;
    return 0;
}

static int add_days(int64_t day, int64_t n, int64_t *out) {
    if (!in_range(day) || n > XF_DAY_SPAN || n < -XF_DAY_SPAN) return -1;
    int64_t v = day + n;
    if (!in_range(v)) return -1;
    *out = v;
    return 0;
}

/* The n-th working day strictly after day (n > 0) or strictly before it
 * (n < 0); n == 0 is day itself. */
static int add_workdays(const xf_calendar *cal, int64_t day, int64_t n, int64_t *out) {
    if (!in_range(day) || n > XF_DAY_SPAN || n < -XF_DAY_SPAN) return -1;
    int64_t step = n >= 0 ? 1 : -1, left = n >= 0 ? n : -n;
    while (left > 0) {
        day += step;
        if (!in_range(day)) return -1;
        if (xf_is_workday(cal, day)) left--;
    }
    *out = day;
    return 0;
}

static int shift(const xf_calendar *cal, int64_t day, int64_t amount, int unit, int64_t *out) {
    switch (unit) {
    case XF_DUR_DAYS: return add_days(day, amount, out);
    case XF_DUR_MONTHS: return add_months(day, amount, out);
    case XF_DUR_WORKDAYS: return add_workdays(cal, day, amount, out);
    default: return -1;
    }
}

int xf_period_last(const xf_calendar *cal, int64_t start, int64_t dur, int64_t *last) {
    return shift(cal, start, xf_dur_amount(dur), xf_dur_unit(dur), last);
}

int xf_period_met(const xf_calendar *cal, int64_t start, int64_t dur, int64_t *met) {
    int64_t last;
    if (xf_period_last(cal, start, dur, &last) != 0) return -1;
    return add_days(last, 1, met);
}

int xf_period_back(const xf_calendar *cal, int64_t day, int64_t dur, int64_t *out) {
    int64_t amount = xf_dur_amount(dur);
    /* amount is at most 2^61 in magnitude, so negating cannot overflow. */
    return shift(cal, day, -amount, xf_dur_unit(dur), out);
}
