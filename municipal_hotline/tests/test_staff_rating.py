from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from .common import StaffRatingCase


class TestStaffRatingInvitation(StaffRatingCase):
    def _close(self, ticket, user=None):
        ticket.with_user(user or self.expert).write({"stage_id": self.stage_closed.id})

    def test_closing_invites_citizen_to_rate_operator_and_handler(self):
        """Closing a request creates one verified answer per person and mails the links."""
        ticket = self._create_rated_ticket()
        self.assertFalse(ticket.sudo().hotline_rating_ids)
        self._close(ticket)
        answers = ticket.sudo().hotline_rating_ids
        self.assertEqual(
            answers.hotline_employee_id, self.operator_employee | self.expert_employee
        )
        self.assertTrue(all(answers.mapped("hotline_verified")))
        self.assertEqual(set(answers.mapped("hotline_channel")), {"phone"})
        self.assertEqual(answers.partner_id, self.rated_citizen)
        self.assertEqual(answers.survey_id, self.survey)
        # (helpdesk_mgmt may send its own stage e-mail too)
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
            .filtered(lambda m: "/survey/start/" in m.body_html)
        )
        self.assertEqual(len(mail), 1, "one e-mail per closed request")
        self.assertIn(self.rated_citizen, mail.recipient_ids)
        for answer in answers:
            self.assertIn(answer.access_token, mail.body_html)
            self.assertIn(answer.hotline_employee_id.name, mail.body_html)

    def test_link_deadline_follows_setting(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.staff_rating_expiry_days", 3
        )
        ticket = self._create_rated_ticket()
        before = fields.Datetime.now()
        self._close(ticket)
        for answer in ticket.sudo().hotline_rating_ids:
            self.assertAlmostEqual(
                answer.deadline, before + timedelta(days=3), delta=timedelta(minutes=1)
            )

    def test_closing_again_does_not_invite_twice(self):
        ticket = self._create_rated_ticket()
        self._close(ticket)
        ticket.sudo().write({"stage_id": self.stage_in_progress.id})
        self._close(ticket)
        self.assertEqual(len(ticket.sudo().hotline_rating_ids), 2)

    def test_same_person_rated_once_when_operator_is_handler(self):
        ticket = self._create_rated_ticket(user_id=self.operator.id)
        # operators do not close requests by hand (test_intake_refer): their supervisor
        self._close(ticket, user=self.supervisor)
        self.assertEqual(
            ticket.sudo().hotline_rating_ids.hotline_employee_id, self.operator_employee
        )

    def test_one_answer_per_ticket_and_person_enforced_by_database(self):
        ticket = self._create_rated_ticket()
        self._close(ticket)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            self.survey.sudo()._create_answer(
                partner=self.rated_citizen,
                check_attempts=False,
                hotline_employee_id=self.operator_employee.id,
                hotline_ticket_id=ticket.id,
            )
            self.env.flush_all()

    def test_no_invitation_without_email_or_for_anonymous_callers(self):
        no_email = self.env["res.partner"].create({"name": "SR No Mail"})
        for ticket in (
            self._create_rated_ticket(partner_id=no_email.id),
            self._create_rated_ticket(is_anonymous=True),
        ):
            self._close(ticket)
            self.assertFalse(ticket.sudo().hotline_rating_ids)


class TestStaffRatingScores(StaffRatingCase):
    def test_done_answer_stores_overall_score(self):
        answer = self._answer(
            self.clerk, {"courtesy": 5, "knowledge": 4, "speed": 3, "overall": 4}
        )
        self.assertEqual(answer.hotline_overall_score, 4)
        self.assertEqual(answer.hotline_district_id, self.district_a)

    def test_low_overall_score_creates_activity_for_manager(self):
        answer = self._answer(
            self.clerk,
            {"courtesy": 1, "knowledge": 2, "speed": 1, "overall": 2},
            channel="meeting",
            comment="Rude",
        )
        activity = answer.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.line_manager)
        # the manager can open the answer the activity points to, comment included
        answer.with_user(self.line_manager).check_access("read")
        comment = answer.user_input_line_ids.filtered(
            lambda l: l.answer_type == "text_box"
        )
        self.assertEqual(comment.with_user(self.line_manager).value_text_box, "Rude")

    def test_low_score_activity_speaks_the_managers_language(self):
        """The to-do reads in the manager's language (Persian words and digits), not
        in the language of the citizen or of the page that recorded the answer."""
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(
            ["municipal_hotline"], ["fa_IR"]
        )
        self.line_manager.lang = "fa_IR"
        answer = self._answer(
            self.clerk,
            {"courtesy": 1, "knowledge": 2, "speed": 1, "overall": 2},
            channel="meeting",
        )
        self.assertIn("۲ از ۵", answer.activity_ids.summary)
        self.assertNotIn("Low rating", answer.activity_ids.summary)
        self.assertIn(self.clerk.name, answer.activity_ids.summary)
        # refusal: an English-speaking manager keeps the English summary
        self.line_manager.lang = "en_US"
        english = self._answer(
            self.clerk,
            {"courtesy": 1, "knowledge": 2, "speed": 1, "overall": 1},
            channel="meeting",
        )
        self.assertIn("Low rating (1/5)", english.activity_ids.summary)

    def test_good_or_unmanaged_scores_create_no_activity(self):
        good = self._answer(
            self.clerk, {"courtesy": 4, "knowledge": 4, "speed": 4, "overall": 3}
        )
        self.assertFalse(good.activity_ids)
        no_manager = self._answer(
            self.expert_employee,
            {"courtesy": 1, "knowledge": 1, "speed": 1, "overall": 1},
            channel="phone",
        )
        self.assertFalse(no_manager.activity_ids)

    def test_ranking_shows_score_only_from_minimum_answers(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.staff_rating_min_answers", 3
        )
        Ranking = self.env["hotline.staff.rating.ranking"]
        for overall in (5, 4):
            self._answer(
                self.clerk,
                {"courtesy": 5, "knowledge": 5, "speed": 4, "overall": overall},
                channel="meeting",
            )
        row = Ranking.search([("employee_id", "=", self.clerk.id)])
        self.assertEqual(row.answer_count, 2)
        self.assertFalse(row.is_ranked)
        self.assertFalse(
            row.overall_score, "two answers are not enough to show a score"
        )
        self._answer(
            self.clerk,
            {"courtesy": 3, "knowledge": 5, "speed": 4, "overall": 3},
            channel="meeting",
        )
        self.env.invalidate_all()  # the view's rows are cached like records
        row = Ranking.search([("employee_id", "=", self.clerk.id)])
        self.assertTrue(row.is_ranked)
        self.assertEqual(row.overall_score, 4.0)
        self.assertEqual(row.courtesy_score, 4.33)
        self.assertEqual(row.speed_score, 4.0)
        # the setting applies at once
        self.env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.staff_rating_min_answers", 4
        )
        self.env.invalidate_all()
        self.assertFalse(
            Ranking.search([("employee_id", "=", self.clerk.id)]).is_ranked
        )

    def test_report_average_distribution_and_employee_stats(self):
        self._answer(
            self.clerk,
            {"courtesy": 5, "knowledge": 4, "speed": 2, "overall": 4},
            channel="meeting",
        )
        self._answer(
            self.clerk,
            {"courtesy": 3, "knowledge": 4, "speed": 2, "overall": 2},
            channel="meeting",
        )
        self._answer(self.clerk, {"overall": 5}, done=False)  # unfinished: not counted
        groups = self.env["hotline.staff.rating.report"]._read_group(
            [("employee_id", "=", self.clerk.id)],
            ["criterion"],
            ["score:avg", "answer_count:sum", "score_2:sum", "score_4:sum"],
        )
        by_criterion = {c: (avg, n, s2, s4) for c, avg, n, s2, s4 in groups}
        self.assertEqual(by_criterion["courtesy"][:2], (4.0, 2))
        self.assertEqual(by_criterion["speed"][2], 2)
        self.assertEqual(by_criterion["overall"], (3.0, 2, 1, 1))
        self.clerk.invalidate_recordset()
        self.assertEqual(self.clerk.hotline_rating_count, 2)
        self.assertEqual(self.clerk.hotline_rating_score, 3.0)


class TestStaffRatingCounterLimit(StaffRatingCase):
    def _start(self, device, phone=None, employee=None):
        return self.env["survey.user_input"]._hotline_create_counter_answer(
            employee or self.clerk, device, phone=phone
        )

    def test_counter_answer_is_unverified_and_linked(self):
        answer = self._start("device-a", phone="0912 345 6789")
        self.assertEqual(answer.hotline_employee_id, self.clerk)
        self.assertEqual(answer.hotline_channel, "counter")
        self.assertFalse(answer.hotline_verified)
        self.assertEqual(answer.sudo().hotline_phone_key, "9123456789")
        self.assertFalse(answer.partner_id, "walk-in citizens have no account")

    def _back_to_yesterday(self, answers):
        # create_date is the transaction time: move it, freezing Python time would not
        answers.flush_recordset()
        self.env.cr.execute(
            "UPDATE survey_user_input SET create_date = create_date - interval '1 day' "
            "WHERE id = ANY(%s)",
            [answers.ids],
        )
        answers.invalidate_recordset()

    def test_one_answer_per_device_per_employee_per_day(self):
        first = self._start("device-a")
        self.assertEqual(self._start("device-a"), first, "unfinished answer is resumed")
        first._mark_done()
        with self.assertRaises(UserError):
            self._start("device-a")
        # another employee can still be rated from the same phone
        self.assertTrue(self._start("device-a", employee=self.operator_employee))
        self._back_to_yesterday(first)
        self.assertNotEqual(self._start("device-a"), first, "a new day, a new answer")

    def test_same_phone_number_on_another_device_is_refused(self):
        self._start("device-a", phone="09123456789")._mark_done()
        with self.assertRaises(UserError):
            self._start("device-b", phone="+98 912 345 6789")
        self.assertTrue(self._start("device-c", phone="09120000000"))

    def test_daily_limit_setting(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.staff_rating_daily_limit", 2
        )
        self._start("device-a")._mark_done()
        self._start("device-a")._mark_done()
        with self.assertRaises(UserError):
            self._start("device-a")


class TestStaffRatingAccess(StaffRatingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator_answer = cls._answer(
            cls.operator_employee,
            {"courtesy": 2, "knowledge": 3, "speed": 3, "overall": 3},
            channel="phone",
            comment="Slow to answer",
        )
        cls.expert_answer = cls._answer(
            cls.expert_employee,
            {"courtesy": 5, "knowledge": 5, "speed": 5, "overall": 5},
            channel="phone",
        )
        cls.operator_answer.sudo().hotline_phone = "09123456789"

    def test_rated_employee_cannot_read_answers_about_them(self):
        answers = self.env["survey.user_input"].with_user(self.operator)
        self.assertFalse(answers.search([("hotline_employee_id", "!=", False)]))
        with self.assertRaises(AccessError):
            self.operator_answer.with_user(self.operator).read(["partner_id"])
        with self.assertRaises(AccessError):
            self.operator_answer.user_input_line_ids.with_user(self.operator).read(
                ["value_text_box"]
            )

    def test_employee_reads_own_aggregate_scores_only(self):
        Report = self.env["hotline.staff.rating.report"].with_user(self.operator)
        rows = Report.search([])
        self.assertTrue(rows)
        self.assertEqual(rows.employee_id, self.operator_employee)
        self.assertFalse(
            {"partner_id", "email", "user_input_id", "ticket_id", "comment"}
            & set(Report._fields),
            "the report must not say who answered",
        )
        expert_rows = self.env["hotline.staff.rating.report"].search(
            [("employee_id", "=", self.expert_employee.id)]
        )
        with self.assertRaises(AccessError):
            expert_rows.with_user(self.operator).read(["score"])
        Ranking = self.env["hotline.staff.rating.ranking"].with_user(self.operator)
        self.assertEqual(Ranking.search([]).employee_id, self.operator_employee)

    def test_line_manager_reads_direct_reports_answers_only(self):
        answers = self.env["survey.user_input"].with_user(self.line_manager)
        self.assertEqual(
            answers.search([("hotline_employee_id", "!=", False)]), self.operator_answer
        )
        with self.assertRaises(AccessError):
            self.expert_answer.with_user(self.line_manager).read(["state"])

    def test_district_manager_reads_own_district_answers_without_contact(self):
        answers = self.env["survey.user_input"].with_user(self.manager_a)
        self.assertEqual(
            answers.search([("hotline_employee_id", "!=", False)]), self.operator_answer
        )
        with self.assertRaises(AccessError):
            self.expert_answer.with_user(self.manager_a).read(["state"])
        with self.assertRaises(AccessError):
            self.operator_answer.with_user(self.manager_a).read(["hotline_phone"])
        report = self.env["hotline.staff.rating.report"].with_user(self.manager_a)
        self.assertEqual(report.search([]).employee_id, self.operator_employee)

    def test_supervisor_reads_every_answer_comment_and_contact(self):
        answers = self.env["survey.user_input"].with_user(self.supervisor)
        found = answers.search([("hotline_employee_id", "!=", False)])
        self.assertIn(self.operator_answer, found)
        self.assertIn(self.expert_answer, found)
        self.assertEqual(
            self.operator_answer.with_user(self.supervisor).hotline_phone, "09123456789"
        )
        comment = self.operator_answer.user_input_line_ids.filtered(
            lambda l: l.answer_type == "text_box"
        )
        self.assertEqual(
            comment.with_user(self.supervisor).value_text_box, "Slow to answer"
        )
        self.assertEqual(
            self.env["hotline.staff.rating.report"]
            .with_user(self.supervisor)
            .search(
                [
                    (
                        "employee_id",
                        "in",
                        (self.operator_employee | self.expert_employee).ids,
                    )
                ]
            )
            .employee_id,
            self.operator_employee | self.expert_employee,
        )

    def _open_form(self, user, record):
        """Read a record the way the web client's form view does."""
        Model = record.with_user(user)
        views = Model.get_views([(False, "form")])
        spec = {name: {} for name in views["models"][record._name]["fields"]}
        return Model.web_read(spec)

    def test_supervisor_and_manager_open_the_answer_form(self):
        self.assertEqual(
            self._open_form(self.supervisor, self.operator_answer)[0]["hotline_phone"],
            "09123456789",
        )
        # the form hides the phone from a district manager rather than failing
        values = self._open_form(self.manager_a, self.operator_answer)[0]
        self.assertNotIn("hotline_phone", values)
        self.assertEqual(values["hotline_employee_id"], self.operator_employee.id)

    def test_nobody_edits_answers_through_the_hotline_rights(self):
        with self.assertRaises(AccessError):
            self.operator_answer.with_user(self.supervisor).write(
                {"hotline_overall_score": 5}
            )
        with self.assertRaises(AccessError):
            self.operator_answer.with_user(self.line_manager).unlink()

    def test_portal_user_reads_no_scores(self):
        with self.assertRaises(AccessError):
            self.env["hotline.staff.rating.report"].with_user(self.citizen_a).search([])
        with self.assertRaises(AccessError):
            self.env["survey.user_input"].with_user(self.citizen_a).search([])
