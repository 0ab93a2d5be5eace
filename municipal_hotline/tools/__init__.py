from .phone import normalize_phone
from .jalali import gregorian_to_jalali
