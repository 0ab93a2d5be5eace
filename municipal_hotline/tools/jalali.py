"""Gregorian to Jalali (Solar Hijri) dates, the calendar Iranian readers use.

The arithmetic algorithm of Kazimierz M. Borkowski, as published with jalaali-js; it is
exact for the years 1800-2256 AD, enough for a hotline's reports.
"""

import datetime

import babel
import babel.dates
import pytz

from odoo.api import Environment

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


# the day number of gregorian_to_jalali minus date.toordinal()
_ORDINAL_SHIFT = 356032


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


def jalali_to_gregorian(jy, jm, jd):
    """Return the datetime.date of a Jalali day, the inverse of gregorian_to_jalali.

    Raises ValueError for a day the Jalali calendar does not have (1404/12/30).
    The web client's static/src/jalali/jalali.js holds the same arithmetic.
    """
    y = jy + 1595
    block_year = y % 33 % 4  # 0: the leap year that opens each 4-year block
    days = (
        12053 * (y // 33)
        + 1461 * (y % 33 // 4)
        + 365 * block_year
        + (1 if block_year else 0)
        + ((jm - 1) * 31 if jm < 7 else 186 + (jm - 7) * 30)
        + jd
        - 1
    )
    result = datetime.date.fromordinal(days - _ORDINAL_SHIFT)
    if gregorian_to_jalali(result.year, result.month, result.day) != (jy, jm, jd):
        raise ValueError(f"{jy}/{jm}/{jd} is not a Jalali date")
    return result


def format_jalali(date, digits=True):
    """'1404/09/08' for a date, in Persian digits unless digits=False."""
    jy, jm, jd = gregorian_to_jalali(date.year, date.month, date.day)
    text = f"{jy:04d}/{jm:02d}/{jd:02d}"
    return text.translate(PERSIAN_DIGITS) if digits else text


def jalali_month_name(date):
    """'آذر ۱۴۰۴' for any day of that Jalali month."""
    jy, jm, _jd = gregorian_to_jalali(date.year, date.month, date.day)
    return f"{JALALI_MONTHS[jm - 1]} {jy}".translate(PERSIAN_DIGITS)


# Latin transliterations of JALALI_MONTHS, for readers in another language
JALALI_MONTHS_LATIN = [
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
]


def jalali_day_of_year(jm, jd):
    """0 for 1 Farvardin, 365 for 30 Esfand of a leap year."""
    return (jm - 1) * 31 + jd - 1 if jm <= 7 else 186 + (jm - 7) * 30 + jd - 1


def jalali_week(jy, jm, jd):
    """The week of the Jalali year, weeks starting on Saturday: week 1 holds 1 Farvardin
    (SQL: hotline_jalali_ymd, the same rule)."""
    first = jalali_to_gregorian(jy, 1, 1)
    saturday_based = (first.weekday() + 2) % 7  # Saturday 0 ... Friday 6
    return (jalali_day_of_year(jm, jd) + saturday_based) // 7 + 1


def jalali_period_keys(day):
    """The stored period keys of a local day: ("1404", "1404-09", "1404-W37")."""
    jy, jm, jd = gregorian_to_jalali(day.year, day.month, day.day)
    return f"{jy}", f"{jy}-{jm:02d}", f"{jy}-W{jalali_week(jy, jm, jd):02d}"


def jalali_month_bounds(jy, jm):
    """The first and the last Gregorian day of a Jalali month."""
    first = jalali_to_gregorian(jy, jm, 1)
    next_first = jalali_to_gregorian(jy + (jm == 12), jm % 12 + 1, 1)
    return first, next_first - datetime.timedelta(days=1)


def jalali_month_label(jy, jm, lang=None):
    """ "1404 آذر" for a Persian reader, "1404 Azar" otherwise."""
    names = JALALI_MONTHS if (lang or "").startswith("fa") else JALALI_MONTHS_LATIN
    return f"{jy} {names[jm - 1]}"


def shift_jalali_month(jy, jm, months):
    """(jy, jm) moved by ``months`` (negative: back)."""
    index = jy * 12 + jm - 1 + months
    return index // 12, index % 12 + 1


CITY_TZ = "Asia/Tehran"


def city_tz(env_or_company):
    """The city's time zone: the company's (its partner's tz), else Asia/Tehran.

    Citizens read every date in it, whatever their own tz is (unset for most portal
    and public users). Takes an Environment (its current company) or a company.
    """
    company = (
        env_or_company.company
        if isinstance(env_or_company, Environment)
        else env_or_company
    )
    return (company and company.sudo().partner_id.tz) or CITY_TZ


def _is_persian(lang):
    return bool(lang) and (lang == "fa" or lang.startswith(("fa_", "fa-")))


def localize_digits(lang, value):
    """``value`` as text in the reader's digits: Persian digits for Persian readers."""
    text = str(value)
    return text.translate(PERSIAN_DIGITS) if _is_persian(lang) else text


def format_date(env_or_lang, value, tz=None, with_time=True):
    """A date or datetime as a citizen reads it, in the city's time zone.

    Persian readers: Jalali with Persian digits, "۱۲ آذر ۱۴۰۵، ۲۰:۰۷" (no seconds);
    any other language: Gregorian in that language, "Dec 12, 2026, 8:07 PM".

    :param env_or_lang: an Environment (its lang, its company's time zone) or a
        language code (then the time zone is Asia/Tehran unless ``tz`` is given)
    :param value: a date, a datetime (naive = UTC, as the ORM stores them) or
        their string form; falsy gives ""
    :param tz: the time zone to show a datetime in (default: the city's)
    :param with_time: False to show only the day
    """
    if not value:
        return ""
    if isinstance(env_or_lang, str):
        lang, tz = env_or_lang, tz or CITY_TZ
    else:
        env = env_or_lang
        lang = env.lang or "en_US"
        tz = tz or city_tz(env)
    if isinstance(value, str):
        value = (
            datetime.datetime.fromisoformat(value)
            if len(value) > 10
            else datetime.date.fromisoformat(value)
        )
    is_datetime = isinstance(value, datetime.datetime)
    if is_datetime:
        if value.tzinfo is None:
            value = pytz.utc.localize(value)
        value = value.astimezone(pytz.timezone(tz))
    else:
        with_time = False
    if _is_persian(lang):
        jy, jm, jd = gregorian_to_jalali(value.year, value.month, value.day)
        text = f"{jd} {JALALI_MONTHS[jm - 1]} {jy}"
        if with_time:
            text += f"، {value.hour:02d}:{value.minute:02d}"
        return text.translate(PERSIAN_DIGITS)
    locale = babel.Locale.parse(lang, sep="_") if "_" in lang else lang
    try:
        text = babel.dates.format_date(value, format="medium", locale=locale)
        if with_time:
            time = babel.dates.format_time(value, format="short", locale=locale)
            text = f"{text}, {time}"
    except (ValueError, babel.UnknownLocaleError):
        text = value.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")
    return text
