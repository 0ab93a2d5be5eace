"""Gregorian to Jalali (Solar Hijri) dates, for the tracking code's year."""

_MONTH_START = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


def gregorian_to_jalali(year, month, day):
    """Return (year, month, day) in the Jalali calendar for a Gregorian date.

    The 33-year arithmetic used by Iranian software (jdf); exact for 1800-2200.
    """
    year2 = year + 1 if month > 2 else year
    days = (
        355666
        + 365 * year
        + (year2 + 3) // 4
        - (year2 + 99) // 100
        + (year2 + 399) // 400
        + day
        + _MONTH_START[month - 1]
    )
    jyear = -1595 + 33 * (days // 12053)
    days %= 12053
    jyear += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        jyear += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        return jyear, 1 + days // 31, 1 + days % 31
    return jyear, 7 + (days - 186) // 30, 1 + (days - 186) % 30
