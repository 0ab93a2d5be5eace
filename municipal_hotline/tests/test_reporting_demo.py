import io
from datetime import timedelta
from unittest import SkipTest

import openpyxl

from odoo.tests import TransactionCase, tagged


@tagged("reporting")
class TestDemoWorkbook(TransactionCase):
    """The demo city's workbook over the last 180 days, as a new user downloads it:
    a label in every data row, and no column empty in every row, in every sheet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref(
            "municipal_hotline.hotline_district_1_demo", raise_if_not_found=False
        ):
            raise SkipTest("needs the demo data")
        cls.env["res.lang"]._activate_lang("fa_IR")

    def _book(self, lang):
        workbook = self.env["hotline.report.workbook"].with_context(lang=lang)
        today = self.env["hotline.report.analysis"]._city_today()
        content = workbook._render(today - timedelta(days=179), today)
        return openpyxl.load_workbook(io.BytesIO(content))

    def test_every_row_labelled_no_column_empty(self):
        for lang in ("en_US", "fa_IR"):
            book = self._book(lang)
            # summary, districts, categories, kinds, channels, referrals, meetings, and
            # the phone line's calls by hour and by operator (issue 16)
            self.assertEqual(len(book.worksheets), 9)
            for index, sheet in enumerate(book.worksheets):
                # the figures start on row 6 of the summary, row 2 of the others
                first = 6 if index == 0 else 2
                header = [cell.value for cell in sheet[first - 1]]
                rows = [
                    list(row)
                    for row in sheet.iter_rows(min_row=first, values_only=True)
                    if any(value is not None for value in row)
                ]
                with self.subTest(lang=lang, sheet=sheet.title):
                    self.assertTrue(rows, "the sheet has data rows")
                    self.assertTrue(all(header), "every column has a title")
                    for row in rows:
                        self.assertIsInstance(row[0], str)
                        self.assertTrue(row[0].strip(), "every row has a label")
                    empty = [
                        header[col]
                        for col in range(1, len(header))
                        if all(row[col] in (None, "") for row in rows)
                    ]
                    self.assertEqual(empty, [], "columns empty in every row")

    def test_demo_ratings_are_about_requests(self):
        """The satisfaction of the demo requests comes from their staff ratings."""
        Answer = self.env["survey.user_input"]
        linked = Answer.search_count(
            [("hotline_ticket_id", "!=", False), ("hotline_employee_id", "!=", False)]
        )
        phone = Answer.search_count(
            [("hotline_channel", "=", "phone"), ("hotline_employee_id", "!=", False)]
        )
        self.assertGreater(linked, phone / 2)
