from datetime import date, datetime, timedelta

from odoo.tests import freeze_time

from .common import ReferralCase

T0 = datetime(2026, 2, 2, 8, 0)
FEB = (date(2026, 2, 1), date(2026, 2, 28))


class TestReferralReport(ReferralCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        # water: answered in 10, 20, 30, 40 h (due after 24 h: two late) + one open, late
        # gas: one answered in 1 h; one sent the month before (out of the period)
        def referral(agency, sent, answered_after=None, due_after=24, state="sent"):
            vals = {
                "ticket_id": cls.ticket.id,
                "agency_id": agency.id,
                "state": state,
                "date_sent": sent,
                "date_due": sent + timedelta(hours=due_after),
            }
            if answered_after is not None:
                vals.update(
                    state="answered",
                    date_answered=sent + timedelta(hours=answered_after),
                )
            return cls.Referral.create(vals)

        for hours in (10, 20, 30, 40):
            referral(cls.agency_water, T0, hours)
        referral(cls.agency_water, T0)
        referral(cls.agency_gas, T0, 1, due_after=4)
        referral(cls.agency_gas, T0 - timedelta(days=10), 2, due_after=4)
        # drafts are not sent: out of the analysis
        cls.Referral.create(
            {"ticket_id": cls.ticket.id, "agency_id": cls.agency_police.id}
        )

    def _agency_rows(self, user=None):
        report = self.env["hotline.referral.report"]
        if user:
            report = report.with_user(user)
        return report._report_rows(*FEB, "agency_id")

    @freeze_time("2026-02-20 12:00:00")
    def test_agency_figures(self):
        figures = self._agency_rows()
        by_agency = {f["label"]: f for f in figures}
        self.assertEqual(set(by_agency), {self.agency_water.name, self.agency_gas.name})
        self.assertEqual(
            [f["label"] for f in figures],
            sorted(by_agency),
            "agencies in name order",
        )
        water = by_agency[self.agency_water.name]
        self.assertEqual(water["sent"], 5)
        self.assertEqual(water["answered"], 4)
        self.assertEqual(water["overdue"], 3, "2 answered late + 1 still open past due")
        self.assertAlmostEqual(water["avg_hours"], 25.0)
        # percentile_cont over 10, 20, 30, 40: 30 + 0.7 * 10
        self.assertAlmostEqual(water["p90_hours"], 37.0)
        # the one on-time rule: 2 answered by the due date of 5 with a due date (the
        # open one past due is late too)
        self.assertAlmostEqual(water["on_time_rate"], 40.0)
        gas = by_agency[self.agency_gas.name]
        self.assertEqual((gas["sent"], gas["answered"], gas["overdue"]), (1, 1, 0))
        self.assertAlmostEqual(gas["p90_hours"], 1.0)
        self.assertEqual(gas["on_time_rate"], 100.0)

    def test_last_day_of_the_period_counts(self):
        """Sent on the last day of the month, 23:30 in Tehran: in that month (the
        analysis used to drop the last day)."""
        self.Referral.create(
            {
                "ticket_id": self.ticket.id,
                "agency_id": self.agency_police.id,
                "state": "sent",
                "date_sent": datetime(2026, 2, 28, 20, 0),  # 23:30 Tehran
                "date_due": datetime(2026, 3, 2, 20, 0),
            }
        )
        police = [
            f for f in self._agency_rows() if f["label"] == self.agency_police.name
        ]
        self.assertEqual(police[0]["sent"], 1)
        march = self.env["hotline.referral.report"]._report_rows(
            date(2026, 3, 1), date(2026, 3, 31), "agency_id"
        )
        self.assertEqual(march, [])

    @freeze_time("2026-02-20 12:00:00")
    def test_figures_follow_the_district_rules(self):
        figures = self._agency_rows(self.manager_b)
        self.assertEqual(figures, [], "district B's manager sees nothing of district A")
        figures = self._agency_rows(self.manager_a)
        self.assertEqual(sum(f["sent"] for f in figures), 6)

    def test_pivot_groups_by_agency_and_state(self):
        groups = self.env["hotline.referral.report"]._read_group(
            [
                ("date_sent", ">=", datetime(2026, 2, 1)),
                ("ticket_id", "=", self.ticket.id),
            ],
            ["agency_id", "state"],
            ["sent_count:sum", "answer_hours:avg"],
        )
        water_answered = [
            g for g in groups if g[0] == self.agency_water and g[1] == "answered"
        ]
        self.assertEqual(water_answered[0][2], 4)
        self.assertAlmostEqual(water_answered[0][3], 25.0)
