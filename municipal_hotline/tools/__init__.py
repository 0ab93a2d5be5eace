from .phone import normalize_phone
from .jalali import format_jalali, gregorian_to_jalali, jalali_month_name
