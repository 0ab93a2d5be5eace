"""Counter ratings cannot be flooded (issue 17, 3rd party probe finding 5): a new cookie
and no phone number do not give a new rating, and answers nobody can vouch for neither
rank the staff nor alert their managers."""

from odoo.tests import tagged

from .common import HotlineHttpCase, StaffRatingCase


@tagged("post_install", "-at_install")
class TestCounterRatingFlood(StaffRatingCase, HotlineHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.employees = (
            cls.clerk
            | cls.operator_employee
            | cls.expert_employee
            | cls.line_manager_employee
        )

    def _start(self, employee, phone=""):
        """Start a rating as a new visitor: a new session, no device cookie."""
        self.opener.cookies.clear()
        self.authenticate(None, None)
        return self.url_open(
            f"/hotline/rate/{employee.hotline_rating_token}/start",
            data={"phone": phone, "csrf_token": self._csrf()},
            allow_redirects=False,
        )

    def _answers(self, employee=None):
        # the answers the tests started (the demo's have no address)
        domain = [("hotline_client_key", "!=", False)]
        if employee:
            domain.append(("hotline_employee_id", "=", employee.id))
        return self.env["survey.user_input"].sudo().search(domain)

    def test_fourth_rating_from_one_address_refused(self):
        self.assertEqual(self.env.company.hotline_counter_address_limit, 3)
        for employee in self.employees[:3]:
            self.assertEqual(self._start(employee).status_code, 303)
        response = self._start(self.employees[3])
        self.assertEqual(response.status_code, 429)
        self.assertIn("Too many ratings were sent from your connection", response.text)
        self.assertEqual(len(self._answers()), 3)
        self.assertEqual(
            len(set(self._answers().sudo().mapped("hotline_client_key"))), 1
        )

    def test_one_rating_per_employee_per_address(self):
        self.assertEqual(self._start(self.clerk).status_code, 303)
        # a new cookie does not make a new visitor
        response = self._start(self.clerk)
        self.assertEqual(response.status_code, 429)
        self.assertIn("already rated from your connection", response.text)
        self.assertEqual(len(self._answers(self.clerk)), 1)

    def test_address_limit_setting(self):
        self.env.company.hotline_counter_address_limit = 1
        self.assertEqual(self._start(self.clerk).status_code, 303)
        self.assertEqual(self._start(self.operator_employee).status_code, 429)
        self.env.company.hotline_counter_address_limit = 0  # no limit
        self.assertEqual(self._start(self.operator_employee).status_code, 303)

    def _finish(self, answer, score):
        questions = {
            q.hotline_criterion: q
            for q in self.survey.sudo().question_ids
            if q.hotline_criterion
        }
        answer._save_lines(questions["overall"], str(score))
        answer._mark_done()

    def test_unverified_low_score_alerts_nobody_and_is_not_ranked(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "municipal_hotline.staff_rating_min_answers", 1
        )
        self.assertEqual(self._start(self.clerk).status_code, 303)
        answer = self._answers(self.clerk)
        self.assertFalse(answer.hotline_verified, "no phone: unverified")
        self._finish(answer, 1)
        self.assertEqual(answer.hotline_overall_score, 1)
        self.assertFalse(answer.activity_ids, "no to-do for the manager")
        ranking = self.env["hotline.staff.rating.ranking"].search(
            [("employee_id", "=", self.clerk.id)]
        )
        self.assertFalse(ranking, "an unverified answer does not rank anyone")
        self.clerk.invalidate_recordset()
        self.assertEqual(self.clerk.hotline_rating_count, 0)

    def test_known_callers_phone_verifies_the_answer(self):
        """A phone the hotline knows from a request makes a counter answer count."""
        self._create_ticket(self.rated_citizen, phone="09125550001")
        self.assertEqual(
            self._start(self.clerk, phone="0912 555 0001").status_code, 303
        )
        answer = self._answers(self.clerk)
        self.assertTrue(answer.hotline_verified)
        self._finish(answer, 1)
        self.assertEqual(answer.activity_ids.user_id, self.line_manager)
        # an unknown number stays unverified
        self.assertEqual(
            self._start(self.operator_employee, phone="09129999999").status_code, 303
        )
        self.assertFalse(self._answers(self.operator_employee).hotline_verified)
