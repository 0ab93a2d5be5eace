import io
from pathlib import Path

import polib

from odoo.tests import TransactionCase
from odoo.tools.translate import trans_export

FA_PO = Path(__file__).parent.parent / "i18n" / "fa.po"


class TestPersianTranslations(TransactionCase):
    def test_fa_po_translates_every_term(self):
        """Persian first: every translatable term of the module has a Persian msgstr.

        Regenerate with `make i18n` after adding strings and their Persian in
        i18n/parts/<feature>.po.
        """
        buf = io.BytesIO()
        trans_export(False, ["municipal_hotline"], buf, "po", self.env)
        exported = {entry.msgid for entry in polib.pofile(buf.getvalue().decode())}
        translated = {entry.msgid for entry in polib.pofile(str(FA_PO)) if entry.msgstr}
        missing = sorted(exported - translated)
        self.assertFalse(
            bool(missing), f"{len(missing)} terms lack Persian: {missing[:20]}"
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
