from .jalali import format_jalali, gregorian_to_jalali, jalali_month_name
from .phone import normalize_phone
