"""Phone numbers as callers type them: Persian or Arabic digits, +98 / 0098 / 0 prefixes."""

import re

# Persian ۰-۹ (U+06F0..) and Arabic-Indic ٠-٩ (U+0660..) digits to ASCII
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_NON_DIGITS = re.compile(r"\D")


def normalize_phone(number):
    """Return the national significant number of an Iranian phone number, or "".

    "+98 912 345 6789", "0098-912-3456789", "۰۹۱۲۳۴۵۶۷۸۹" and "9123456789" all give
    "9123456789", so every way of typing one number finds the same caller. Numbers that
    are not Iranian (another country code after 00 or +) keep their digits with the code.
    """
    if not number:
        return ""
    raw = str(number).translate(_DIGITS).strip()
    international = raw.startswith("+")
    digits = _NON_DIGITS.sub("", raw)
    if digits.startswith("00"):
        digits, international = digits[2:], True
    if not digits.strip("0"):
        # "+", "-", "000": nothing to find a caller by
        return ""
    if international:
        if digits.startswith("98"):
            return digits[2:].lstrip("0")
        return "+" + digits
    if len(digits) > 10 and digits.startswith("98"):
        return digits[2:].lstrip("0")
    return digits.lstrip("0")


def latin_digits(text):
    """``text`` with its Persian (۰-۹) and Arabic (٠-٩) digits made Latin (0-9);
    anything else, including non-strings (False, None, numbers), unchanged."""
    if not isinstance(text, str):
        return text
    return text.translate(_DIGITS)


def latin_digits_vals(vals, fnames):
    """Make the digits of the ``fnames`` values of ``vals`` Latin, in place: phone
    numbers are stored as searched, whatever keyboard typed them."""
    for fname in fnames:
        if isinstance(vals.get(fname), str):
            vals[fname] = latin_digits(vals[fname])
    return vals
