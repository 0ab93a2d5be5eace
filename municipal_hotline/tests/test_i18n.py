import io
from pathlib import Path

import polib

from odoo.tests import TransactionCase
from odoo.tools.translate import trans_export

FA_PO = Path(__file__).parent.parent / "i18n" / "fa.po"


class TestPersianTranslations(TransactionCase):
    def test_fa_po_translates_every_term(self):
        """Persian first: every translatable term of the module has a Persian msgstr.

        After adding strings, `make i18n` adds them to i18n/fa.po (the single source
        of Persian) with an empty msgstr: translate them there.
        """
        buf = io.BytesIO()
        trans_export(False, ["municipal_hotline"], buf, "po", self.env)
        exported = {entry.msgid for entry in polib.pofile(buf.getvalue().decode())}
        translated = {entry.msgid for entry in polib.pofile(str(FA_PO)) if entry.msgstr}
        missing = sorted(exported - translated)
        self.assertFalse(
            bool(missing), f"{len(missing)} terms lack Persian: {missing[:20]}"
        )

    def test_fa_po_is_the_only_source_of_persian(self):
        """No second copy of the Persian that would overwrite edits made in fa.po."""
        i18n = FA_PO.parent
        self.assertEqual(
            sorted(p.name for p in i18n.rglob("*.po")), ["fa.po"], "one .po file"
        )

    def test_persian_is_loaded_for_seed_data(self):
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(
            ["municipal_hotline"], ["fa_IR"]
        )
        category = self.env.ref("municipal_hotline.category_gas").with_context(
            lang="fa_IR"
        )
        self.assertEqual(category.name, "بوی گاز")

    def test_portal_scripts_get_the_module_translations(self):
        """The category picker's labels (JS) are sent to portal pages in Persian too."""
        names = self.env["ir.http"]._get_translation_frontend_modules_name()
        self.assertIn("municipal_hotline", names)
        self.env["res.lang"]._activate_lang("fa_IR")
        translations = self.env["ir.http"]._get_translations_for_webclient(
            ["municipal_hotline"], "fa_IR"
        )[0]["municipal_hotline"]
        messages = {m["id"]: m["string"] for m in translations["messages"]}
        self.assertEqual(messages.get("Choose…"), "انتخاب کنید…")
