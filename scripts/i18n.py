"""Update municipal_hotline/i18n/fa.po (and the .pot) from the installed module.

Usage: .cache/venv/bin/python scripts/i18n.py DB

Exports every translatable term of municipal_hotline from database DB (which must have the
module installed and up to date) and merges it into fa.po, the single source of Persian:
every translation already in fa.po is kept (edit fa.po to translate), new terms are added
with an empty msgstr, terms the module no longer has are dropped. Prints the terms still
untranslated and exits 1 if any.
"""

import io
import os
import sys

import re

import polib

import odoo
from odoo.modules.registry import Registry
from odoo.tools.translate import trans_export

PERSIAN = re.compile("[\u0600-\u06ff]")
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
I18N = os.path.join(HERE, "municipal_hotline", "i18n")


def known_translations():
    known = {}
    fa = os.path.join(I18N, "fa.po")
    for entry in polib.pofile(fa) if os.path.exists(fa) else ():
        if entry.msgstr:
            known[(entry.msgctxt, entry.msgid)] = entry.msgstr
            known.setdefault((None, entry.msgid), entry.msgstr)
    return known


def export_pot(dbname):
    odoo.tools.config.parse_config(["-c", os.environ["ODOO_CONF"], "-d", dbname])
    registry = Registry(dbname)
    buf = io.BytesIO()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        trans_export(False, ["municipal_hotline"], buf, "po", env)
    return polib.pofile(buf.getvalue().decode())


def main(dbname):
    pot = export_pot(dbname)
    pot.save(os.path.join(I18N, "municipal_hotline.pot"))
    known = known_translations()
    missing = []
    for entry in pot:
        entry.msgstr = known.get((entry.msgctxt, entry.msgid)) or known.get(
            (None, entry.msgid), ""
        )
        if not entry.msgstr and PERSIAN.search(entry.msgid):
            entry.msgstr = entry.msgid  # demo data written in Persian already
        if not entry.msgstr:
            missing.append(entry.msgid)
    pot.metadata["Language"] = "fa"
    pot.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"
    pot.save(os.path.join(I18N, "fa.po"))
    print(f"fa.po: {len(pot) - len(missing)}/{len(pot)} terms translated")
    for msgid in missing:
        print("  untranslated:", msgid.replace("\n", "\\n")[:120])
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
