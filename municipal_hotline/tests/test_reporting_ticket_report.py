from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DEC_FROM, DEC_TO, JAN_FROM, JAN_TO, ReportingCase


@tagged("reporting")
class TestTicketReportFigures(ReportingCase):
    def _row(self, key, user=None):
        report = self._report(user)
        return report.search([("ticket_id", "=", self.tickets[key].id)])

    def test_headline_figures_of_the_month(self):
        """Each figure of January computed on the hand-built requests."""
        [figures] = self._report()._report_rows(JAN_FROM, JAN_TO)
        expected = {
            "received": 8,
            "answered": 2,  # t1, t2
            "closed": 4,  # t1, t2, t3, t8
            "hours_to_first_response": 3.0,  # (2 + 4) / 2
            "hours_to_resolution": 27.0,  # (24 + 24 + 48 + 12) / 4
            "on_time_rate": 400 / 6,  # t1 t2 t4 t7 of t1 t2 t3 t4 t5 t7
            "reopened_rate": 12.5,  # t2 of 8
            "repeat_count": 3,  # t2 (phone), t7 (contact), t8 (phone, other district)
            "unrelated_count": 1,  # t5
            "out_of_jurisdiction_rate": 25.0,  # t4, t5 of 8
            "satisfaction": 3.25,  # t1 (4 + 5) / 2 and t8 2; the unfinished answer is out
            "escalated_count": 1,  # t8
        }
        for key, value in expected.items():
            with self.subTest(figure=key):
                self.assertAlmostEqual(figures[key], value, places=2)

    def test_previous_month_is_separate(self):
        [figures] = self._report()._report_rows(DEC_FROM, DEC_TO)
        self.assertEqual(figures["received"], 1)
        self.assertEqual(figures["on_time_rate"], 100.0)
        self.assertAlmostEqual(figures["hours_to_first_response"], 1.0)

    def test_on_time_edge_cases(self):
        """Closed at the deadline is on time; open and past it is late; open with the
        deadline still ahead (or exactly now) is on time; no deadline is left out."""
        cases = {
            "t1": 100.0,  # closed a day early
            "t2": 100.0,  # closed exactly at the deadline
            "t3": 0.0,  # closed a day late
            "t4": 100.0,  # open, deadline ahead
            "t5": 0.0,  # open, deadline passed
            "t6": False,  # no deadline
            "t7": 100.0,  # open, deadline is now
            "t8": False,  # closed, no deadline
        }
        for key, rate in cases.items():
            with self.subTest(ticket=key):
                self.assertEqual(self._row(key).on_time_rate, rate)
        self.assertEqual(self._row("t3").late_count, 1)
        self.assertEqual(self._row("t6").late_count, 0)

    def test_closed_without_closing_date_uses_last_stage_change(self):
        """A request created straight into a closed stage has no closed_date: its last
        stage change counts as its closing time."""
        ticket = self.tickets["t3"]
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET closed_date = NULL, "
            "last_stage_update = '2020-01-20 18:00' WHERE id = %s",
            [ticket.id],
        )
        row = self._row("t3")
        self.assertEqual(row.on_time_rate, 100.0)
        self.assertAlmostEqual(row.hours_to_resolution, 10.0)

    def test_repeated_contacts(self):
        """Same caller (phone in any writing, or contact) and category within 7 days."""
        flags = {k: t.is_repeat_contact for k, t in self.tickets.items()}
        self.assertEqual(
            flags,
            {
                "t1": False,  # first call
                "t2": True,  # 5 days after t1, phone written differently
                "t3": False,  # 10 days after t2
                "t4": False,  # other category than t5's caller
                "t5": False,  # same caller as t4 but another category
                "t6": False,
                "t7": True,  # same contact 2 days later
                "t8": True,  # a day after t3, even in another district
                "t9": False,
            },
        )

    def test_repeat_window_is_configurable(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.repeat_contact_days", 30
        )
        self.tickets["t3"]._update_repeat_contact()
        self.assertTrue(self.tickets["t3"].is_repeat_contact)
        self.env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.repeat_contact_days", 1
        )
        self.tickets["t2"]._update_repeat_contact()
        self.assertFalse(self.tickets["t2"].is_repeat_contact)

    def test_repeat_recomputed_when_category_changes(self):
        """A request recategorised away from the caller's earlier category is no longer
        a repeat."""
        self.tickets["t2"].category_id = self.water
        self.assertFalse(self.tickets["t2"].is_repeat_contact)
        self.tickets["t2"].category_id = self.pothole
        self.assertTrue(self.tickets["t2"].is_repeat_contact)

    def test_new_request_of_same_caller_is_a_repeat(self):
        first = self.env["helpdesk.ticket"].create(
            {
                "name": "Lamp",
                "description": "Lamp",
                "category_id": self.pothole.id,
                "caller_phone": "0918 444 4444",
            }
        )
        second = self.env["helpdesk.ticket"].create(
            {
                "name": "Lamp again",
                "description": "Lamp",
                "category_id": self.pothole.id,
                "caller_phone": "+989184444444",
            }
        )
        self.assertFalse(first.is_repeat_contact)
        self.assertTrue(second.is_repeat_contact)

    def _breakdown(self, groupby):
        rows = self._report()._report_rows(JAN_FROM, JAN_TO, groupby)
        return {row["label"]: row for row in rows}

    def test_breakdowns(self):
        by_district = self._breakdown("district_id")
        self.assertEqual(by_district["Test district A"]["received"], 7)
        self.assertEqual(by_district["Test district B"]["received"], 1)
        self.assertEqual(by_district["Test district B"]["escalated_count"], 1)
        by_top = self._breakdown("top_category_id")
        # potholes count under their main category, the street works
        self.assertEqual(by_top["Test streets"]["received"], 6)
        self.assertEqual(by_top["Test water leak"]["received"], 1)
        by_kind = self._breakdown("request_kind")
        self.assertEqual(by_kind["Expert Opinion"]["received"], 1)
        self.assertEqual(by_kind["Request"]["received"], 7)
        by_jurisdiction = self._breakdown("jurisdiction")
        self.assertEqual(by_jurisdiction["No public body"]["received"], 1)
        self.assertEqual(by_jurisdiction["Other agency"]["received"], 1)

    def test_pivot_groups_by_district_and_month(self):
        """What the default pivot asks for: rows district, columns month."""
        groups = self._report()._read_group(
            [("district_id", "in", (self.district_a | self.district_b).ids)],
            groupby=["district_id", "create_date:month"],
            aggregates=["ticket_count:sum", "on_time_rate:avg"],
        )
        counts = {
            (district.id, str(month)[:10]): count
            for district, month, count, _rate in groups
        }
        self.assertEqual(counts[(self.district_a.id, "2020-01-01")], 7)
        self.assertEqual(counts[(self.district_a.id, "2019-12-01")], 1)
        self.assertEqual(counts[(self.district_b.id, "2020-01-01")], 1)


@tagged("reporting")
class TestTicketReportAccess(ReportingCase):
    def test_supervisor_sees_the_whole_city(self):
        [figures] = self._report(self.supervisor)._report_rows(JAN_FROM, JAN_TO)
        self.assertEqual(figures["received"], 8)

    def test_district_manager_sees_own_district_only(self):
        [figures] = self._report(self.manager_a)._report_rows(JAN_FROM, JAN_TO)
        self.assertEqual(figures["received"], 7)
        self.assertEqual(figures["repeat_count"], 2)
        self.assertEqual(figures["escalated_count"], 0)
        [figures_b] = self._report(self.manager_b)._report_rows(JAN_FROM, JAN_TO)
        self.assertEqual(figures_b["received"], 1)

    def test_district_manager_refused_other_district_row(self):
        row = self._report().search([("ticket_id", "=", self.tickets["t8"].id)])
        with self.assertRaises(AccessError):
            row.with_user(self.manager_a).read(["ticket_count"])

    def test_other_roles_refused(self):
        """Operators, experts and portal users have no access to the analysis."""
        for user in (self.operator, self.expert, self.portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._report(user).search([])

    def test_reporting_menu_visibility(self):
        menu = self.env.ref("municipal_hotline.hotline_ticket_report_menu")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.manager_a)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.operator)._visible_menu_ids())
        self.assertNotIn(menu.id, Menu.with_user(self.expert)._visible_menu_ids())
