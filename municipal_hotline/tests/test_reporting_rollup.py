from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..report.hotline_ticket_report import TICKET_COLUMNS
from .common import JAN_FROM, JAN_TO, ReportingCase

# every figure of the analysis, and the group-bys of the pivot, dashboard and workbook
AGGREGATES = [
    "__count",
    *(column.aggregate for column in TICKET_COLUMNS),
    "late_count:sum",
    "reopen_count:sum",
    "survey_count:sum",
    "out_of_jurisdiction_count:sum",
    "unrelated_rate:avg",
    "repeat_rate:avg",
]
GROUPBYS = (
    [],
    ["district_id"],
    ["district_id", "jalali_month"],
    ["top_category_id"],
    ["category_id", "stage_id"],
    ["request_kind", "channel_id"],
    ["jalali_week"],
    ["is_closed", "jurisdiction"],
)


@tagged("reporting")
class TestTicketRollup(ReportingCase):
    """The roll-up gives the figures of the per-request analysis (a plain GROUP BY
    over helpdesk_ticket) for every grouping, after any change of the requests."""

    def _figures(self, model, groupby, user=None, date_field="create_date"):
        Model = self.env[model].with_context(tz="Asia/Tehran")
        Model = Model.with_user(user) if user else Model.sudo()
        groupby = [g.replace("date:", f"{date_field}:") for g in groupby]
        rows = Model._read_group([], groupby, AGGREGATES)
        result = {}
        for row in rows:
            # a record by its id, a month by its first day (a Date here, a Datetime
            # on the per-request analysis)
            key = tuple(
                v.id
                if hasattr(v, "_name")
                else (v.date() if isinstance(v, datetime) else v)
                for v in row[: len(groupby)]
            )
            result[key] = row[len(groupby) :]
        return result

    def assertSameFigures(self, groupbys=GROUPBYS, user=None):
        self.env.flush_all()
        self.env["hotline.ticket.rollup"]._cron_rollup_deadlines()
        for groupby in groupbys:
            with self.subTest(groupby=groupby):
                base = self._figures("hotline.ticket.report", groupby, user)
                ours = self._figures(
                    "hotline.ticket.rollup", groupby, user, date_field="date"
                )
                self.assertEqual(set(ours), set(base))
                for key, figures in base.items():
                    for aggregate, expected, got in zip(
                        AGGREGATES, figures, ours[key], strict=True
                    ):
                        if expected is None or got is None:
                            self.assertEqual(got, expected, (key, aggregate))
                        else:
                            self.assertAlmostEqual(
                                float(got), float(expected), 6, (key, aggregate)
                            )

    def test_same_figures_as_the_requests(self):
        self.assertSameFigures(GROUPBYS + (["date:month"],))
        # the figures are not all trivially equal: the month has its hand-built figures
        [row] = self.env["hotline.ticket.rollup"].sudo()._report_rows(JAN_FROM, JAN_TO)
        self.assertEqual(row["received"], 8)
        self.assertAlmostEqual(row["satisfaction"], 3.25)
        self.assertAlmostEqual(row["on_time_rate"], 400 / 6)

    def test_workbook_rows_are_the_analysis_rows(self):
        for groupby in (None, "district_id", "top_category_id", "channel_id"):
            with self.subTest(groupby=groupby):
                self.assertEqual(
                    self.env["hotline.ticket.rollup"]
                    .sudo()
                    ._report_rows(JAN_FROM, JAN_TO, groupby),
                    self.env["hotline.ticket.report"]
                    .sudo()
                    ._report_rows(JAN_FROM, JAN_TO, groupby),
                )

    def test_follows_creates_changes_and_deletes(self):
        t = self.tickets
        new = self._create_ticket(self.citizen_a, "Roll-up new", "09185555555")
        self._create_ticket(
            None,
            "Roll-up other",
            district_id=self.district_b.id,
            request_kind="inquiry",
        )
        self.assertSameFigures()
        # stage changes (closing, reopening), district and category changes
        (t["t4"] | new).stage_id = self.stage_resolved
        t["t2"].stage_id = self.stage_new
        t["t6"].district_id = self.district_b
        t["t7"].category_id = self.water
        self.assertSameFigures()
        # a late open request once its deadline passed; archived and deleted ones
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET date_deadline = now() AT TIME ZONE 'UTC' "
            "- interval '1 hour', hotline_rollup_late = FALSE WHERE id = %s",
            [t["t6"].id],
        )
        self.env.invalidate_all()
        t["t3"].active = False
        (t["t5"] | new).unlink()
        self.assertSameFigures()
        # staff ratings added and removed
        answer = self.env["survey.user_input"].create(
            {
                "survey_id": self.survey.id,
                "state": "done",
                "hotline_ticket_id": t["t2"].id,
                "hotline_overall_score": 1,
            }
        )
        self.assertSameFigures([["district_id"]])
        answer.unlink()
        self.assertSameFigures([["district_id"]])

    def test_category_moved_to_another_main_category(self):
        self.water.parent_id = self.streets
        self.assertSameFigures(
            [["top_category_id"], ["top_category_id", "district_id"]]
        )

    def test_levels_give_the_same_figures(self):
        """Each level sums every request once: the totals of every level agree."""
        Rollup = self.env["hotline.ticket.rollup"].sudo()
        self.env.flush_all()
        totals = {
            level: Rollup._read_group([("level", "=", level)], [], ["__count"])[0][0]
            for level in range(5)
        }
        self.assertEqual(len(set(totals.values())), 1, totals)
        self.assertEqual(
            Rollup._rollup_level([("district_id", "=", 1)], ["jalali_month"]), 1
        )
        self.assertEqual(Rollup._rollup_level([], ["top_category_id"]), 2)
        self.assertEqual(Rollup._rollup_level([], ["category_id"]), 0)

    def test_no_row_left_for_a_moved_group(self):
        """A group no request is left in has no row (no empty pivot line)."""
        t9 = self.tickets["t9"]
        t9.district_id = self.district_b
        self.env.flush_all()
        Rollup = self.env["hotline.ticket.rollup"].sudo()
        self.assertFalse(Rollup.search([("ticket_count", "<=", 0)]))
        self.assertFalse(
            Rollup.search(
                [
                    ("district_id", "=", self.district_a.id),
                    ("jalali_month", "=", "1398-09"),
                ]
            )
        )

    def test_district_manager_sees_their_district(self):
        self.assertSameFigures([["district_id"], ["jalali_month"]], user=self.manager_a)
        districts = {
            r[0]
            for r in self._figures(
                "hotline.ticket.rollup", ["district_id"], self.manager_a
            )
        }
        self.assertEqual(districts, {self.district_a.id})

    def test_refusals(self):
        Rollup = self.env["hotline.ticket.rollup"]
        self.env.flush_all()
        row_b = Rollup.sudo().search(
            [("district_id", "=", self.district_b.id)], limit=1
        )
        self.assertTrue(row_b)
        with self.assertRaises(AccessError):
            row_b.with_user(self.manager_a).read(["ticket_count"])
        for user in (self.operator, self.expert, self.portal):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Rollup.with_user(user).search([])
