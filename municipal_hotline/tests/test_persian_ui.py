from datetime import datetime, timedelta

from odoo.tests import tagged

from .common import GROUP, HotlineHttpCase

ACTION = "/odoo/action-municipal_hotline.helpdesk_ticket_action_hotline"
ANALYSIS = "/odoo/action-municipal_hotline.hotline_ticket_report_action"


@tagged("post_install", "-at_install")
class TestPersianUi(HotlineHttpCase):
    """In Chromium: a Persian user reads Persian words and Persian digits, an English
    user English words and Latin digits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")
        cls._create_users(
            persian=("figures_fa", GROUP + "supervisor", "Persian Supervisor"),
            english=("figures_en", GROUP + "supervisor", "English Supervisor"),
        )
        cls.persian.write({"lang": "fa_IR", "tz": "Asia/Tehran"})
        cls.english.write({"lang": "en_US", "tz": "Asia/Tehran"})
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Figures tour request",
                "description": "Digits and words.",
                # a name with figures: list cells and group headers of linked records
                "district_id": cls.env["hotline.district"]
                .create({"name": "Zone 12", "code": "Z12"})
                .id,
            }
        )
        # in its stage for 7 h 37 min
        cls.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
            (datetime.now() - timedelta(hours=7, minutes=37, seconds=5), cls.ticket.id),
        )
        cls.ticket.invalidate_recordset(["create_date"])
        cls._build_web_client_bundles()

    def test_persian_terms_of_other_modules_and_stage_time(self):
        """Item 15: web/mail/spreadsheet/survey terms and the time in a stage."""
        self.start_tour(
            f"{ACTION}/{self.ticket.id}",
            "municipal_hotline_persian_terms",
            login="figures_fa",
        )

    def test_persian_user_reads_persian_digits(self):
        """Item 16: codes, counts, linked names and group headers in kanban, list,
        pivot and the graph's axes in Persian digits."""
        self.assertRegex(self.ticket.number, r"^[0-9-]+$")
        self.start_tour(
            ACTION,
            "municipal_hotline_persian_figures",
            login="figures_fa",
        )
        self.start_tour(ANALYSIS, "municipal_hotline_persian_graph", login="figures_fa")

    def test_english_user_keeps_latin_digits(self):
        self.start_tour(
            ACTION,
            "municipal_hotline_latin_figures",
            login="figures_en",
        )
        self.start_tour(ANALYSIS, "municipal_hotline_latin_graph", login="figures_en")
