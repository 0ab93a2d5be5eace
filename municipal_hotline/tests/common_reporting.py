from datetime import datetime

from odoo.tests import TransactionCase, new_test_user
from odoo.tools import SQL

# The hand-built month: January 2020, far from any demo request.
JAN_FROM = datetime(2020, 1, 1).date()
JAN_TO = datetime(2020, 1, 31).date()
DEC_FROM = datetime(2019, 12, 1).date()
DEC_TO = datetime(2019, 12, 31).date()


class ReportingCase(TransactionCase):
    """Two districts, three categories and nine requests with known figures.

    District A (manager_a):
      t1 pothole, caller 0918 111 1111, closed a day before its deadline, answered in 2 h
      t2 pothole, same caller 5 days later (repeat), closed exactly at its deadline,
         answered in 4 h, reopened once
      t3 pothole, same caller 10 days after t2 (no repeat with a 7-day window), closed late
      t4 water leak (another agency's duty), open, deadline in 2099 (on time)
      t5 unrelated message (no public body), open, deadline passed (late)
      t6 pothole from a citizen contact, open, no deadline (left out of the rate)
      t7 pothole, same contact 2 days later (repeat), open, deadline exactly now (on time)
    District B (manager_b):
      t8 pothole, the caller of t1-t3 a day after t3 (repeat), an expert opinion escalated
         to the mayor, closed after 12 h, no deadline
    December 2019: t9 in district A, closed on time (the previous month of the summary).
    Surveys: t1 scored 4 and 5, t8 scored 2, an unfinished answer about t1 scored 1.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.repeat_contact_days", 7
        )
        cls.supervisor = new_test_user(
            env,
            login="rep_supervisor",
            groups="municipal_hotline.group_hotline_supervisor",
        )
        cls.manager_a = new_test_user(
            env,
            login="rep_manager_a",
            groups="municipal_hotline.group_hotline_district_manager",
        )
        cls.manager_b = new_test_user(
            env,
            login="rep_manager_b",
            groups="municipal_hotline.group_hotline_district_manager",
        )
        cls.operator = new_test_user(
            env, login="rep_operator", groups="municipal_hotline.group_hotline_operator"
        )
        cls.expert = new_test_user(
            env, login="rep_expert", groups="municipal_hotline.group_hotline_expert"
        )
        cls.portal = new_test_user(env, login="rep_portal", groups="base.group_portal")
        District = env["hotline.district"]
        cls.district_a = District.create(
            {"name": "Test district A", "code": "TA", "manager_id": cls.manager_a.id}
        )
        cls.district_b = District.create(
            {"name": "Test district B", "code": "TB", "manager_id": cls.manager_b.id}
        )
        Category = env["helpdesk.ticket.category"]
        cls.streets = Category.create({"name": "Test streets"})
        cls.pothole = Category.create(
            {"name": "Test pothole", "parent_id": cls.streets.id}
        )
        cls.water = Category.create(
            {
                "name": "Test water leak",
                "jurisdiction": "agency",
                "agency_id": env.ref("municipal_hotline.partner_agency_water").id,
            }
        )
        cls.unrelated = Category.create(
            {"name": "Test unrelated", "jurisdiction": "none"}
        )
        cls.citizen = env["res.partner"].create({"name": "Test citizen"})
        cls.stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_resolved = env.ref("municipal_hotline.helpdesk_ticket_stage_resolved")
        phone = "09181111111"
        specs = {
            "t1": (cls.district_a, cls.pothole, phone, None, "2020-01-05 08:00"),
            "t2": (
                cls.district_a,
                cls.pothole,
                "+98 918 111 1111",
                None,
                "2020-01-10 08:00",
            ),
            "t3": (cls.district_a, cls.pothole, phone, None, "2020-01-20 08:00"),
            "t4": (cls.district_a, cls.water, "09182222222", None, "2020-01-15 08:00"),
            "t5": (
                cls.district_a,
                cls.unrelated,
                "09182222222",
                None,
                "2020-01-16 08:00",
            ),
            "t6": (cls.district_a, cls.pothole, False, cls.citizen, "2020-01-25 08:00"),
            "t7": (cls.district_a, cls.pothole, False, cls.citizen, "2020-01-27 08:00"),
            "t8": (cls.district_b, cls.pothole, phone, None, "2020-01-21 08:00"),
            "t9": (
                cls.district_a,
                cls.pothole,
                "09183333333",
                None,
                "2019-12-20 08:00",
            ),
        }
        cls.tickets = {}
        for key, (district, category, caller, partner, _created) in specs.items():
            cls.tickets[key] = env["helpdesk.ticket"].create(
                {
                    "name": f"Reporting {key}",
                    "description": f"Reporting {key}",
                    "district_id": district.id,
                    "category_id": category.id,
                    "caller_phone": caller,
                    "partner_id": partner.id if partner else False,
                    "stage_id": cls.stage_new.id,
                }
            )
        t = cls.tickets
        t["t8"].request_kind = "expert_opinion"
        (t["t1"] | t["t2"] | t["t3"] | t["t8"] | t["t9"]).stage_id = cls.stage_resolved
        # dates as they were in January, written straight to the table
        dates = {
            "t1": (
                "2020-01-05 08:00",
                "2020-01-07 08:00",
                "2020-01-06 08:00",
                "2020-01-05 10:00",
                0,
            ),
            "t2": (
                "2020-01-10 08:00",
                "2020-01-11 08:00",
                "2020-01-11 08:00",
                "2020-01-10 12:00",
                1,
            ),
            "t3": ("2020-01-20 08:00", "2020-01-21 08:00", "2020-01-22 08:00", None, 0),
            "t4": ("2020-01-15 08:00", "2099-01-01 00:00", None, None, 0),
            "t5": ("2020-01-16 08:00", "2020-01-17 08:00", None, None, 0),
            "t6": ("2020-01-25 08:00", None, None, None, 0),
            "t7": ("2020-01-27 08:00", None, None, None, 0),
            "t8": ("2020-01-21 08:00", None, "2020-01-21 20:00", None, 0),
            "t9": (
                "2019-12-20 08:00",
                "2019-12-22 08:00",
                "2019-12-21 08:00",
                "2019-12-20 09:00",
                0,
            ),
        }
        for key, (created, deadline, closed, answered, reopened) in dates.items():
            cls._set_dates(t[key], created, deadline, closed, answered, reopened)
        # t7's deadline is "now" itself: still on time
        env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET date_deadline = now() AT TIME ZONE 'UTC' "
                "WHERE id = %s",
                t["t7"].id,
            )
        )
        env.cr.execute(
            SQL(
                "UPDATE helpdesk_ticket SET is_escalated_to_mayor = TRUE WHERE id = %s",
                t["t8"].id,
            )
        )
        env.invalidate_all()
        cls.all_tickets = env["helpdesk.ticket"].browse([r.id for r in t.values()])
        cls.all_tickets._update_repeat_contact()
        # staff surveys about the requests
        survey = env["survey.survey"].create({"title": "Test staff rating"})
        for ticket, score, state in (
            (t["t1"], 4, "done"),
            (t["t1"], 5, "done"),
            (t["t1"], 1, "in_progress"),
            (t["t8"], 2, "done"),
        ):
            env["survey.user_input"].create(
                {
                    "survey_id": survey.id,
                    "state": state,
                    "hotline_ticket_id": ticket.id,
                    "hotline_overall_score": score,
                }
            )
        env.flush_all()

    @classmethod
    def _set_dates(cls, ticket, created, deadline, closed, answered, reopened):
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                """UPDATE helpdesk_ticket
                      SET create_date = %s, date_deadline = %s, closed_date = %s,
                          date_first_response = %s, reopen_count = %s
                    WHERE id = %s""",
                created,
                deadline,
                closed,
                answered,
                reopened,
                ticket.id,
            )
        )

    def _report(self, user=None):
        report = self.env["hotline.ticket.report"]
        return report.with_user(user) if user else report
