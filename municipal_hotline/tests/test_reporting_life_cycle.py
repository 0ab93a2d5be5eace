from freezegun import freeze_time

from odoo.tests import tagged

from .common import HotlineCase


@tagged("reporting")
class TestTicketLifeCycle(HotlineCase):
    """Main's ticket write stamps the first response and counts reopenings; the
    reports rely on both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._create_ticket(name="Pothole", stage_id=cls.stage_new.id)

    def test_first_response_stamped_once_when_leaving_new(self):
        self.assertFalse(self.ticket.date_first_response)
        with freeze_time("2024-05-01 10:00:00"):
            self.ticket.stage_id = self.stage_in_progress
        self.assertEqual(str(self.ticket.date_first_response), "2024-05-01 10:00:00")
        with freeze_time("2024-05-02 10:00:00"):
            self.ticket.stage_id = self.stage_resolved
        self.assertEqual(str(self.ticket.date_first_response), "2024-05-01 10:00:00")

    def test_staying_in_new_is_no_response(self):
        self.ticket.stage_id = self.stage_new
        self.assertFalse(self.ticket.date_first_response)

    def test_public_staff_answer_is_a_response(self):
        with freeze_time("2024-05-03 09:00:00"):
            self.ticket.message_post(
                body="We are on it.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                author_id=self.env.user.partner_id.id,
            )
        self.assertEqual(str(self.ticket.date_first_response), "2024-05-03 09:00:00")

    def test_internal_note_is_no_response(self):
        self.ticket.message_post(
            body="Call the team.", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(self.ticket.date_first_response)

    def test_reopenings_counted(self):
        self.ticket.stage_id = self.stage_resolved
        self.assertEqual(self.ticket.reopen_count, 0)
        self.ticket.stage_id = self.stage_in_progress
        self.assertEqual(self.ticket.reopen_count, 1)
        self.ticket.stage_id = self.stage_resolved
        self.ticket.stage_id = self.stage_in_progress
        self.assertEqual(self.ticket.reopen_count, 2)
        # open to open is no reopening
        self.ticket.stage_id = self.stage_new
        self.assertEqual(self.ticket.reopen_count, 2)
