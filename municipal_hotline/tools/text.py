"""Free text people type: one check for the forms, the JSON routes and the models.

PostgreSQL refuses a NUL character (the whole request fails), other control characters
and lone surrogates are never typed by a person, and an unbounded text fills the
database. Controllers check what was posted with `text_error` and show the error on the
form (keeping what was typed, see `strip_control`); models check the same limits in
create/write (`check_vals`), so the API and imports are held to them too.
"""

import re

from odoo.exceptions import ValidationError

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; lone
# surrogates (only JSON escapes can produce them, and PostgreSQL cannot store them)
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# characters of a line: the same and line breaks too
LINE_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

# the longest text each kind of field takes, in characters
MAX_LENGTHS = {
    "title": 500,
    "address": 300,
    "phone": 32,
    "topic": 2000,
    "search": 200,
    "reference": 64,
    "description": 5000,
    "answer": 20000,
}


def text_error(value, limit=None, multiline=False):
    """The error code of a typed text: "control", "too_long" or None when it is fine.

    :param str value: the text (None and "" are fine)
    :param int limit: the most characters allowed (None: no limit)
    :param bool multiline: whether line breaks and tabs are allowed
    """
    if not value:
        return None
    if not isinstance(value, str):
        return "control"
    pattern = CONTROL_RE if multiline else LINE_CONTROL_RE
    if pattern.search(value):
        return "control"
    if limit and len(value) > limit:
        return "too_long"
    return None


def error_message(env, code, limit=None):
    """The translated text of a `text_error` code."""
    if code == "control":
        return env._(
            "This text contains invisible control characters: please type it again."
        )
    if code == "too_long":
        return env._("Too long: at most %(limit)s characters.", limit=limit)
    return None


def strip_control(value):
    """``value`` without its control characters: what was typed, shown back on a form."""
    if not isinstance(value, str):
        return value
    return CONTROL_RE.sub("", value)


def check_vals(env, model, vals, limits):
    """Raise a ValidationError when a text of ``vals`` breaks its limit.

    :param model: the model whose field labels name the error
    :param dict vals: create/write values
    :param dict limits: {field name: (kind in MAX_LENGTHS, multiline)}
    """
    for name, (kind, multiline) in limits.items():
        value = vals.get(name)
        if not isinstance(value, str):
            continue
        limit = MAX_LENGTHS[kind]
        code = text_error(value, limit, multiline=multiline)
        if code:
            label = model._fields[name]._description_string(env)
            raise ValidationError(
                env._(
                    "%(field)s: %(error)s",
                    field=label,
                    error=error_message(env, code, limit=limit),
                )
            )
