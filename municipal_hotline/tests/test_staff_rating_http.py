from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import HotlineHttpCase, StaffRatingCase


@tagged("post_install", "-at_install")
class TestStaffRatingHttp(StaffRatingCase, HotlineHttpCase):
    def _landing(self, employee=None):
        employee = employee or self.clerk
        return self.url_open(f"/hotline/rate/{employee.hotline_rating_token}")

    def _post_start(self, phone=""):
        if not self.session:
            self.authenticate(None, None)  # a public visitor's session (CSRF token)
        return self.url_open(
            f"/hotline/rate/{self.clerk.hotline_rating_token}/start",
            data={"phone": phone, "csrf_token": self._csrf()},
            allow_redirects=False,
        )

    def test_counter_link_opens_landing_page_without_login(self):
        response = self._landing()
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.clerk.name, response.text)
        self.assertIn("/start", response.text)

    def test_unknown_or_archived_employee_link_is_not_found(self):
        self.assertEqual(self.url_open("/hotline/rate/not-a-token").status_code, 404)
        self.clerk.active = False
        self.assertEqual(self._landing().status_code, 404)

    def test_start_creates_counter_answer_and_sets_device_cookie(self):
        response = self._post_start(phone="0912 111 2233")
        self.assertEqual(response.status_code, 303)
        answer = self.env["survey.user_input"].search(
            [("hotline_employee_id", "=", self.clerk.id)]
        )
        self.assertEqual(len(answer), 1)
        self.assertIn(answer.access_token, response.headers["Location"])
        self.assertIn("hotline_rating_device", response.cookies)
        self.assertEqual(
            answer.sudo().hotline_device_key, response.cookies["hotline_rating_device"]
        )
        self.assertFalse(answer.hotline_verified)

    def test_second_answer_same_day_from_same_phone_is_refused(self):
        self._post_start()
        answer = self.env["survey.user_input"].search(
            [("hotline_employee_id", "=", self.clerk.id)]
        )
        answer._mark_done()
        response = self._post_start()
        self.assertEqual(response.status_code, 429)
        self.assertIn("already rated", response.text)
        self.assertEqual(
            self.env["survey.user_input"].search_count(
                [("hotline_employee_id", "=", self.clerk.id)]
            ),
            1,
        )

    def test_expired_invitation_link_is_refused(self):
        ticket = self._create_rated_ticket()
        ticket.with_user(self.expert).write({"stage_id": self.stage_closed.id})
        answer = ticket.sudo().hotline_rating_ids[:1]
        url = f"/survey/start/{self.survey.access_token}?answer_token={answer.access_token}"
        self.assertEqual(self.url_open(url, allow_redirects=False).status_code, 303)
        answer.deadline = fields.Datetime.now() - timedelta(minutes=1)
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertIn("survey expired", response.text)

    def test_survey_cannot_be_taken_without_an_invitation(self):
        response = self.url_open(
            f"/survey/start/{self.survey.access_token}", allow_redirects=False
        )
        self.assertNotIn("/survey/", response.headers.get("Location", ""))
        self.assertFalse(
            self.env["survey.user_input"].search_count(
                [
                    ("survey_id", "=", self.survey.id),
                    ("create_uid", "=", self.env.ref("base.public_user").id),
                ]
            )
        )

    def test_qr_cards_for_supervisors_only(self):
        url = f"/hotline/rating/cards?employee_ids={self.clerk.id},{self.operator_employee.id}"
        self._login(self.supervisor)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        for employee in self.clerk | self.operator_employee:
            self.assertIn(employee.hotline_rating_token, response.text)
        self.assertEqual(response.text.count("data:image/png;base64,"), 2)
        self._login(self.line_manager)  # a plain employee
        self.assertEqual(self.url_open(url).status_code, 403)


@tagged("post_install", "-at_install")
class TestStaffRatingTour(StaffRatingCase, HotlineHttpCase):
    browser_size = "390x844"  # a phone
    touch_enabled = True

    def test_counter_rating_on_a_phone(self):
        """A walk-in citizen scans the card, answers and sees the thank-you page."""
        self.clerk.hotline_rating_token = "tour-counter-clerk"
        self.start_tour(
            "/hotline/rate/tour-counter-clerk", "municipal_hotline_staff_rating_counter"
        )
        answer = self.env["survey.user_input"].search(
            [("hotline_employee_id", "=", self.clerk.id)]
        )
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.hotline_overall_score, 4)
        self.assertEqual(answer.hotline_channel, "counter")
        self.assertEqual(answer.sudo().hotline_phone_key, "9121234567")
