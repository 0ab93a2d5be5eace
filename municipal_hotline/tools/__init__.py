from .jalali import (
    city_tz,
    format_date,
    format_jalali,
    gregorian_to_jalali,
    jalali_month_name,
)
from .phone import latin_digits, latin_digits_vals, normalize_phone
