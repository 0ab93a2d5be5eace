import json
import re

from odoo.tests import tagged

from .common import HotlineCase, HotlineHttpCase


@tagged("reporting")
class TestDirectorDashboard(HotlineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref("municipal_hotline.spreadsheet_dashboard_hotline")
        cls.data = json.loads(cls.dashboard.spreadsheet_data)

    def test_opens_on_the_current_month(self):
        [period] = [f for f in self.data["globalFilters"] if f["type"] == "date"]
        self.assertEqual(period["defaultValue"], "month_to_date")
        for pivot in self.data["pivots"].values():
            if pivot["rows"] == [{"fieldName": "jalali_month"}]:
                # the months of this Jalali year, whatever the period filter says
                self.assertNotIn(period["id"], pivot["fieldMatching"])
                self.assertEqual(pivot["domain"], [["jalali_period", "=", "this_year"]])
                continue
            self.assertEqual(pivot["fieldMatching"][period["id"]]["chain"], "date")

    def test_pivot_names_in_the_readers_language(self):
        """A pivot prints its name in its top-left cell: Persian for a Persian reader,
        and every pivot name of the dashboard has its Persian."""
        self.env["res.lang"]._activate_lang("fa_IR")
        names = {p["name"] for p in self.data["pivots"].values()}
        persian = json.loads(
            self.dashboard.with_context(
                lang="fa_IR"
            )._get_serialized_readonly_dashboard()
        )["snapshot"]["pivots"]
        shown = {p["name"] for p in persian.values()}
        self.assertIn("درخواست‌ها به تفکیک منطقه", shown)
        self.assertFalse(shown & names, "no pivot name is left in English")
        # refusal: an English reader keeps the names of the file
        english = json.loads(
            self.dashboard.with_context(
                lang="en_US"
            )._get_serialized_readonly_dashboard()
        )["snapshot"]["pivots"]
        self.assertEqual({p["name"] for p in english.values()}, names)

    def test_pivots_use_existing_report_fields(self):
        """A renamed report field would silently break the dashboard: catch it here."""
        fields = self.env["hotline.ticket.rollup"]._fields
        for pivot in self.data["pivots"].values():
            self.assertEqual(pivot["model"], "hotline.ticket.rollup")
            names = [m["fieldName"] for m in pivot["measures"]]
            names += [r["fieldName"] for r in pivot["rows"] + pivot["columns"]]
            for name in names:
                with self.subTest(pivot=pivot["name"], field=name):
                    self.assertIn(name, fields)
        for sheet in self.data["sheets"]:
            for figure in sheet["figures"]:
                meta = figure["data"].get("metaData")
                if meta:
                    self.assertIn(meta["measure"], fields)
                    for groupby in meta["groupBy"]:
                        self.assertIn(groupby.split(":")[0], fields)

    def test_figures_are_the_request_analysis_figures(self):
        """The dashboard reads the figures the workbook writes: every pivot measure is
        the field of a request analysis column (its own aggregator, as the workbook
        reads it), and each scorecard shows it under that column's label."""
        report = self.env["hotline.ticket.rollup"]
        columns = {c.aggregate.split(":")[0]: c for c in report._report_columns}
        for pivot in self.data["pivots"].values():
            for measure in pivot["measures"]:
                self.assertIn(measure["fieldName"], columns, pivot["name"])
        [data] = [sheet for sheet in self.data["sheets"] if sheet["name"] == "Data"]
        scorecards = [
            figure["data"]
            for sheet in self.data["sheets"]
            for figure in sheet["figures"]
            if figure["data"]["type"] == "scorecard"
        ]
        self.assertEqual(len(scorecards), 6)
        for card in scorecards:
            row = card["keyValue"].removeprefix("Data!B")
            [measure] = re.findall(
                r'PIVOT\.VALUE\(3,"(\w+)"\)', data["cells"][f"B{row}"]
            )
            label = columns[measure].label._source
            with self.subTest(measure=measure):
                self.assertEqual(card["title"]["text"], label)
                self.assertEqual(data["cells"][f"A{row}"], f'=_t("{label}")')

    def test_visible_to_managers_and_supervisors_only(self):
        Dashboard = self.env["spreadsheet.dashboard"]
        for user in (self.supervisor, self.manager_a):
            with self.subTest(user=user.login):
                self.assertIn(self.dashboard, Dashboard.with_user(user).search([]))
        for user in (self.operator, self.expert):
            with self.subTest(user=user.login):
                self.assertNotIn(self.dashboard, Dashboard.with_user(user).search([]))
        menu = self.env.ref("municipal_hotline.spreadsheet_dashboard_hotline_menu")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.manager_a)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.operator)._visible_menu_ids())


@tagged("post_install", "-at_install", "reporting")
class TestReportingTour(HotlineHttpCase):
    def test_director_opens_analysis_and_dashboard(self):
        self._create_ticket(name="Pothole")  # in district A, a row of the pivot
        self.start_tour(
            "/odoo/action-municipal_hotline.hotline_ticket_report_action",
            "municipal_hotline_reporting",
            login="admin",
        )

    def test_dashboard_loads_on_current_month(self):
        self.start_tour(
            "/odoo/action-municipal_hotline.spreadsheet_dashboard_hotline_action",
            "municipal_hotline_dashboard",
            login="admin",
        )
