"""Gregorian to Jalali (Solar Hijri) dates, the calendar Iranian readers use.

The arithmetic algorithm of Kazimierz M. Borkowski, as published with jalaali-js; it is
exact for the years 1800-2256 AD, enough for a hotline's reports.
"""

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")

JALALI_MONTHS = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
]


def gregorian_to_jalali(year, month, day):
    """Return (jy, jm, jd) for a Gregorian date."""
    g_days_before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
    gy2 = year + 1 if month > 2 else year
    days = (
        355666
        + 365 * year
        + (gy2 + 3) // 4
        - (gy2 + 99) // 100
        + (gy2 + 399) // 400
        + day
        + g_days_before[month - 1]
    )
    jy = -1595 + 33 * (days // 12053)
    days %= 12053
    jy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        jy += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        jm, jd = 1 + days // 31, 1 + days % 31
    else:
        jm, jd = 7 + (days - 186) // 30, 1 + (days - 186) % 30
    return jy, jm, jd


def format_jalali(date, digits=True):
    """'1404/09/08' for a date, in Persian digits unless digits=False."""
    jy, jm, jd = gregorian_to_jalali(date.year, date.month, date.day)
    text = f"{jy:04d}/{jm:02d}/{jd:02d}"
    return text.translate(PERSIAN_DIGITS) if digits else text


def jalali_month_name(date):
    """'آذر ۱۴۰۴' for any day of that Jalali month."""
    jy, jm, _jd = gregorian_to_jalali(date.year, date.month, date.day)
    return f"{JALALI_MONTHS[jm - 1]} {jy}".translate(PERSIAN_DIGITS)
