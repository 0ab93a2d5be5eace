from .jalali import (
    CITY_TZ,
    PERSIAN_DIGITS,
    city_tz,
    format_date,
    format_jalali,
    gregorian_to_jalali,
    jalali_month_bounds,
    jalali_month_label,
    jalali_month_name,
    jalali_period_keys,
    localize_digits,
    shift_jalali_month,
)
from .phone import latin_digits, latin_digits_vals, normalize_phone
