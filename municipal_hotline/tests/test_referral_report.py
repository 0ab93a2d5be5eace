from datetime import datetime, timedelta

from odoo.tests import freeze_time

from .common import ReferralCase

T0 = datetime(2026, 2, 2, 8, 0)


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

    @freeze_time("2026-02-20 12:00:00")
    def test_agency_figures(self):
        figures = self.env["hotline.referral.report"]._get_agency_figures(
            datetime(2026, 2, 1), datetime(2026, 3, 1)
        )
        by_agency = {f["agency_id"]: f for f in figures}
        self.assertEqual(set(by_agency), {self.agency_water.id, self.agency_gas.id})
        water = by_agency[self.agency_water.id]
        self.assertEqual(water["sent"], 5)
        self.assertEqual(water["answered"], 4)
        self.assertEqual(water["overdue"], 3, "2 answered late + 1 still open past due")
        self.assertAlmostEqual(water["avg_answer_hours"], 25.0)
        # percentile_cont over 10, 20, 30, 40: 30 + 0.7 * 10
        self.assertAlmostEqual(water["p90_answer_hours"], 37.0)
        self.assertAlmostEqual(water["on_time_rate"], 0.5)
        gas = by_agency[self.agency_gas.id]
        self.assertEqual((gas["sent"], gas["answered"], gas["overdue"]), (1, 1, 0))
        self.assertAlmostEqual(gas["p90_answer_hours"], 1.0)
        self.assertEqual(gas["on_time_rate"], 1.0)

    @freeze_time("2026-02-20 12:00:00")
    def test_figures_follow_the_district_rules(self):
        figures = (
            self.env["hotline.referral.report"]
            .with_user(self.manager_b)
            ._get_agency_figures(datetime(2026, 2, 1), datetime(2026, 3, 1))
        )
        self.assertEqual(figures, [], "district B's manager sees nothing of district A")
        figures = (
            self.env["hotline.referral.report"]
            .with_user(self.manager_a)
            ._get_agency_figures(datetime(2026, 2, 1), datetime(2026, 3, 1))
        )
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
