import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import JAN_FROM, JAN_TO, HotlineHttpCase, ReportingCase


def _load(content):
    return openpyxl.load_workbook(io.BytesIO(content))


@tagged("reporting")
class TestWorkbook(ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fa_IR")

    def _workbook(self, lang="en_US", user=None):
        workbook = self.env["hotline.report.workbook"].with_context(lang=lang)
        if user:
            workbook = workbook.with_user(user)
        return _load(workbook._render(JAN_FROM, JAN_TO))

    def test_summary_sheet_with_change_against_previous_month(self):
        book = self._workbook()
        self.assertEqual(
            book.sheetnames[:5],
            ["Summary", "Districts", "Categories", "Kinds", "Channels"],
        )
        sheet = book["Summary"]
        self.assertEqual(sheet["A1"].value, "137 Hotline: management report")
        # not a Jalali month: Jalali dates (Latin digits in English), as many days before
        self.assertEqual(sheet["A2"].value, "Period: 1398/10/11 to 1398/11/11")
        self.assertEqual(sheet["A3"].value, "Compared with 1398/09/10 to 1398/10/10")
        self.assertEqual(
            [c.value for c in sheet[5]],
            ["Figure", "This period", "Previous period", "Change"],
        )
        rows = {
            r[0].value: [c.value for c in r[1:]] for r in sheet.iter_rows(min_row=6)
        }
        self.assertEqual(rows["Requests received"], [8, 1, 7])
        on_time = rows["On-time rate (%)"]
        self.assertAlmostEqual(on_time[0], 400 / 6)
        self.assertEqual(on_time[1], 100)
        self.assertAlmostEqual(on_time[2], 400 / 6 - 100)
        self.assertEqual(rows["Repeated contacts"], [3, 0, 3])
        self.assertEqual(rows["Unrelated messages"], [1, 0, 1])
        self.assertAlmostEqual(rows["Satisfaction (1-5)"][0], 3.25)
        self.assertIsNone(rows["Satisfaction (1-5)"][1])  # no survey in December
        self.assertEqual(rows["Expert opinions escalated to the mayor"], [1, 0, 1])
        self.assertTrue(sheet["A5"].font.bold)
        self.assertFalse(sheet.sheet_view.rightToLeft)

    def test_district_sheet_rows_and_chart(self):
        sheet = self._workbook()["Districts"]
        self.assertEqual(sheet["A1"].value, "District")
        self.assertEqual(sheet["B1"].value, "Requests received")
        rows = {
            r[0].value: r[1].value for r in sheet.iter_rows(min_row=2) if r[0].value
        }
        self.assertEqual(rows["Test district A"], 7)
        self.assertEqual(rows["Test district B"], 1)
        self.assertEqual(len(sheet._charts), 1)

    def test_persian_workbook_is_right_to_left_with_jalali_dates(self):
        book = self._workbook(lang="fa_IR")
        sheet = book.worksheets[0]
        self.assertTrue(sheet.sheet_view.rightToLeft)
        self.assertTrue(all(ws.sheet_view.rightToLeft for ws in book.worksheets))
        self.assertIn("۱۳۹۸/۱۰/۱۱", sheet["A2"].value)
        self.assertIn("۱۳۹۸/۱۱/۱۱", sheet["A2"].value)  # 31 January 2020

    def test_district_manager_workbook_has_own_district_only(self):
        book = self._workbook(user=self.manager_a)
        rows = {r[0].value: r[1].value for r in book["Summary"].iter_rows(min_row=6)}
        self.assertEqual(rows["Requests received"], 7)
        districts = [
            r[0].value for r in book["Districts"].iter_rows(min_row=2) if r[1].value
        ]
        self.assertEqual(districts, ["Test district A"])

    def test_previous_period(self):
        previous = self.env["hotline.report.workbook"]._previous_period
        # Esfand 1398: Bahman 1398; Farvardin 1404: Esfand 1403, a leap year's (30 days)
        self.assertEqual(
            previous(date(2020, 2, 20), date(2020, 3, 19)),
            (date(2020, 1, 21), date(2020, 2, 19)),
        )
        self.assertEqual(
            previous(date(2025, 3, 21), date(2025, 4, 20)),
            (date(2025, 2, 19), date(2025, 3, 20)),
        )
        # a Gregorian month, or any other period: as many days just before
        self.assertEqual(
            previous(date(2020, 3, 1), date(2020, 3, 31)),
            (date(2020, 1, 30), date(2020, 2, 29)),
        )
        self.assertEqual(
            previous(date(2020, 3, 10), date(2020, 3, 19)),
            (date(2020, 2, 29), date(2020, 3, 9)),
        )

    def test_wizard_downloads_the_period(self):
        wizard = (
            self.env["hotline.report.wizard"]
            .with_user(self.supervisor)
            .create({"date_from": JAN_FROM, "date_to": JAN_TO})
        )
        action = wizard.action_download()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"id={wizard.id}", action["url"])
        self.assertEqual(wizard.file_name, "hotline-report-1398-10-11-1398-11-11.xlsx")
        book = _load(base64.b64decode(wizard.file_data))
        self.assertEqual(book["Summary"]["B6"].value, 8)

    def test_wizard_default_period_is_last_jalali_month(self):
        """On 25 Bahman 1398: Dey 1398, 22 December 2019 to 20 January 2020."""
        with freeze_time("2020-02-14 10:00:00"):
            wizard = self.env["hotline.report.wizard"].create({})
            months = dict(
                wizard._fields["jalali_month"]._description_selection(wizard.env)
            )
        self.assertEqual(wizard.jalali_month, "1398-10")
        self.assertEqual(months["1398-10"], "1398 Dey")
        self.assertEqual(next(iter(months)), "1398-11", "the current month first")
        self.assertEqual(
            (wizard.date_from, wizard.date_to), (date(2019, 12, 22), date(2020, 1, 20))
        )
        wizard.jalali_month = "1398-12"  # Esfand 1398, a leap year's
        self.assertEqual(
            (wizard.date_from, wizard.date_to), (date(2020, 2, 20), date(2020, 3, 19))
        )
        wizard.action_download()
        self.assertEqual(wizard.file_name, "hotline-report-1398-12.xlsx")

    def test_wizard_refuses_reversed_period(self):
        with self.assertRaises(ValidationError):
            self.env["hotline.report.wizard"].create(
                {"date_from": JAN_TO, "date_to": JAN_FROM}
            )

    def test_wizard_refused_to_other_roles(self):
        for user in (self.operator, self.expert, self.portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["hotline.report.wizard"].with_user(user).create(
                    {"date_from": JAN_FROM, "date_to": JAN_TO}
                )

    def test_monthly_email_with_workbook_attached(self):
        """On 1 Bahman 1398 (21 January 2020): Dey's workbook to each recipient, one
        mail per language; on the other days of the month nothing."""
        english = self.env["res.partner"].create(
            {"name": "Mayor's office", "email": "mayor@example.com", "lang": "en_US"}
        )
        persian = self.env["res.partner"].create(
            {"name": "دفتر شهردار", "email": "daftar@example.com", "lang": "fa_IR"}
        )
        self.env.company.hotline_report_partner_ids = english | persian
        before = self.env["mail.mail"].search([])
        for day in ("2020-01-20 03:00:00", "2020-02-01 03:00:00"):  # 30 Dey, 12 Bahman
            with freeze_time(day):
                self.env["hotline.report.workbook"]._cron_send_monthly_report()
        self.assertEqual(self.env["mail.mail"].search([]), before)
        with freeze_time("2020-01-21 03:00:00"):
            self.env["hotline.report.workbook"]._cron_send_monthly_report()
        mails = self.env["mail.mail"].search([]) - before
        self.assertEqual(len(mails), 2)
        by_recipient = {m.recipient_ids: m for m in mails}
        mail_en, mail_fa = by_recipient[english], by_recipient[persian]
        self.assertIn("1398 Dey", mail_en.subject)
        self.assertIn("۱۳۹۸ دی", mail_fa.body_html)
        self.assertEqual(mail_en.attachment_ids.name, "hotline-report-1398-10.xlsx")
        for mail in mails:
            self.assertEqual(len(mail.attachment_ids), 1)
            attachment = mail.attachment_ids
            self.assertTrue(attachment.name.endswith(".xlsx"))
            book = _load(attachment.raw)
            self.assertEqual(book.worksheets[0]["B6"].value, 5)  # t1-t5 in Dey
        self.assertTrue(
            _load(mail_fa.attachment_ids.raw).worksheets[0].sheet_view.rightToLeft
        )

    def test_no_recipients_no_mail(self):
        self.env.company.hotline_report_partner_ids = False
        before = self.env["mail.mail"].search_count([])
        self.env["hotline.report.workbook"]._cron_send_monthly_report()
        self.assertEqual(self.env["mail.mail"].search_count([]), before)

    def test_monthly_cron_is_scheduled(self):
        cron = self.env.ref("municipal_hotline.ir_cron_hotline_monthly_report")
        self.assertTrue(cron.active)
        # daily: the job acts on the first of a Jalali month only
        self.assertEqual((cron.interval_number, cron.interval_type), (1, "days"))
        self.assertIn("_cron_send_monthly_report", cron.code)


@tagged("post_install", "-at_install", "reporting")
class TestWorkbookDownload(HotlineHttpCase):
    def test_download_through_web_content(self):
        """The wizard's link serves the xlsx to its author only."""
        self._login(self.supervisor)
        wizard = (
            self.env["hotline.report.wizard"]
            .with_user(self.supervisor)
            .create({"date_from": "2020-01-01", "date_to": "2020-01-31"})
        )
        url = wizard.action_download()["url"]
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers.get("Content-Disposition", ""))
        self.assertEqual(_load(response.content).sheetnames[0], "Summary")
        self._login(self.operator)
        response = self.url_open(url)
        self.assertNotEqual(response.status_code, 200)


@tagged("reporting")
class TestReportingSettings(TransactionCase):
    def test_settings_store_window_and_recipients(self):
        mayor = self.env["res.partner"].create({"name": "Mayor's office"})
        settings = self.env["res.config.settings"].create(
            {"hotline_repeat_contact_days": 14, "hotline_report_partner_ids": mayor.ids}
        )
        settings.execute()
        self.assertEqual(self.env["res.config.settings"]._get_repeat_contact_days(), 14)
        self.assertEqual(self.env.company.hotline_report_partner_ids, mayor)

    def test_negative_window_refused(self):
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create({"hotline_repeat_contact_days": -1})

    def test_garbage_parameter_falls_back_to_default(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.repeat_contact_days", "seven"
        )
        self.assertEqual(self.env["res.config.settings"]._get_repeat_contact_days(), 7)
