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


FA_EXTRA = FA_PO.parent.parent / "i18n_extra" / "fa.po"

# Odoo's and helpdesk_mgmt's screen terms that Odoo 19's fa.po leaves in English
OTHER_MODULES_SCREEN_TERMS = {
    "web": [
        "Missing required fields",
        "Custom Filter",
        "Custom Filter...",
        "Choose a user",
    ],
    "mail": ["The conversation is empty."],
    "portal": ["Write a message…"],
    "spreadsheet": ["Month to Date"],
    "survey": ["Submit confirmation", "Are you sure you want to submit the survey?"],
}


class TestPersianOfOtherModules(TransactionCase):
    """Persian for the terms of web, mail, portal, survey... that the hotline shows,
    shipped with the addon (i18n_extra/fa.po)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")

    def _screen_term(self, module, term, translations):
        """A term as the web client shows it: its module's Persian, else any module's
        (web/static/src/core/l10n/translation.js, translatedTermsGlobal)."""
        per_module = {
            name: {m["id"]: m["string"] for m in data["messages"]}
            for name, data in translations.items()
        }
        everywhere = {}
        for messages in per_module.values():
            everywhere.update(messages)
        return per_module.get(module, {}).get(term) or everywhere.get(term, term)

    def test_screen_terms_of_other_modules_in_persian(self):
        modules = self.env["ir.http"]._get_translation_frontend_modules_name() + [
            m.name
            for m in self.env["ir.module.module"].search([("state", "=", "installed")])
        ]
        translations = self.env["ir.http"]._get_translations_for_webclient(
            list(set(modules)), "fa_IR"
        )[0]
        for module, terms in OTHER_MODULES_SCREEN_TERMS.items():
            for term in terms:
                shown = self._screen_term(module, term, translations)
                self.assertNotEqual(shown, term, f"{module}: {term!r} in English")
                self.assertRegex(shown, "[\u0600-\u06ff]", term)
        # refusal: English readers keep the English
        english = self.env["ir.http"]._get_translations_for_webclient(
            ["web", "municipal_hotline"], "en_US"
        )[0]
        self.assertEqual(
            self._screen_term("web", "Custom Filter", english), "Custom Filter"
        )

    def _view_fa(self, xmlid):
        return self.env.ref(xmlid).with_context(lang="fa_IR").arch_db

    def test_view_terms_of_other_modules_after_install_and_update(self):
        """Persian survey and portal terms, the misspelt "سپاسگذاریم" corrected: after
        the modules' terms are loaded in install order, and again after `-u survey`
        (which loads survey's own fa.po over them)."""
        Module = self.env["ir.module.module"]
        Module._load_module_terms(["portal", "survey", "municipal_hotline"], ["fa_IR"])
        for _step in ("install", "update"):
            done = self._view_fa("survey.survey_fill_form_done")
            self.assertIn("مرور پاسخ‌های شما", done, _step)
            self.assertIn("سپاسگزاریم", done, _step)
            self.assertNotIn("سپاسگذاریم", done, _step)
            self.assertIn("نشانی‌ها", self._view_fa("portal.portal_my_home"), _step)
            # the login page and the portal's layout
            self.assertIn("گذرواژه را وارد کنید", self._view_fa("web.login"), _step)
            self.assertIn("- یا -", self._view_fa("web.login_oauth"), _step)
            self.assertIn(
                "رفتن به محتوا", self._view_fa("portal.frontend_layout"), _step
            )
            Module._load_module_terms(["survey"], ["fa_IR"], overwrite=True)
        # refusal: English stays English
        english = self.env.ref("survey.survey_fill_form_done").with_context(
            lang="en_US"
        )
        self.assertIn("Review your answers", english.arch_db)

    def test_supplement_does_not_repeat_the_modules_terms(self):
        """i18n/fa.po stays the only Persian of municipal_hotline's own terms."""
        own = {entry.msgid for entry in polib.pofile(str(FA_PO))}
        extra = polib.pofile(str(FA_EXTRA))
        self.assertFalse(own & {entry.msgid for entry in extra})
        self.assertTrue(all(entry.msgstr for entry in extra), "every term translated")

    def test_no_misspelt_thanks(self):
        """سپاسگزاریم, not سپاسگذاریم, in every Persian the addon ships."""
        for path in (FA_PO, FA_EXTRA):
            self.assertNotIn("سپاسگذار", path.read_text(), path.name)

    def test_demo_people_have_persian_names(self):
        """Odoo's demo people and the demo staff's titles are Persian in the demo city."""
        names = [
            self.env.ref(xmlid).name
            for xmlid in (
                "base.partner_admin",
                "base.partner_demo",
                "base.public_partner",
            )
        ]
        demo_staff = self.env["ir.model.data"].search(
            [("module", "=", "municipal_hotline"), ("model", "=", "hr.employee")]
        )
        titles = (
            self.env["hr.employee"]
            .browse(demo_staff.mapped("res_id"))
            .mapped("job_title")
        )
        self.assertTrue(titles)
        for text in names + titles:
            self.assertNotRegex(text, "[A-Za-z]", text)
