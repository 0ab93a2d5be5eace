"""Who sees which call: operators their own, supervisors all, recordings supervisors'
only; the operator's side (two-click log, request linked) under the same rules."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import HotlineCase


@tagged("post_install", "-at_install")
class TestCallAccess(HotlineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator.hotline_extension = "201"
        cls.call_own = cls._create_call(recording_url="https://pbx.example.ir/r/1.wav")
        cls.call_other = cls._create_call(cls.operator2, "09350001122")
        cls.reason = cls.env.ref("municipal_hotline.call_reason_fees_permits")

    def test_operator_sees_only_own_calls(self):
        Call = self.env["hotline.call"].with_user(self.operator)
        calls = Call.search([("id", "in", (self.call_own | self.call_other).ids)])
        self.assertEqual(calls, self.call_own)
        with self.assertRaises(AccessError):
            self.call_other.with_user(self.operator).read(["caller_phone"])

    def test_operator_cannot_read_the_recording(self):
        with self.assertRaises(AccessError):
            self.call_own.with_user(self.operator).read(["recording_url"])
        self.assertNotIn(
            "recording_url",
            self.env["hotline.call"].with_user(self.operator).fields_get(),
        )

    def test_supervisor_sees_all_calls_and_recordings(self):
        Call = self.env["hotline.call"].with_user(self.supervisor)
        calls = Call.search([("id", "in", (self.call_own | self.call_other).ids)])
        self.assertEqual(calls, self.call_own | self.call_other)
        self.assertEqual(
            self.call_own.with_user(self.supervisor).recording_url,
            "https://pbx.example.ir/r/1.wav",
        )

    def test_portal_and_other_staff_are_refused(self):
        for user in (self.citizen_a, self.agency_user, self.expert, self.line_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["hotline.call"].with_user(user).search([])

    def test_operator_cannot_delete_a_call(self):
        with self.assertRaises(AccessError):
            self.call_own.with_user(self.operator).unlink()

    def test_only_supervisors_edit_the_inquiry_list(self):
        self.assertTrue(self.reason.with_user(self.operator).name)
        with self.assertRaises(AccessError):
            self.reason.with_user(self.operator).name = "Changed"
        with self.assertRaises(AccessError):
            self.reason.with_user(self.citizen_a).read(["name"])
        self.reason.with_user(self.supervisor).name = "Fees, permits and fines"

    # the operator's two-click log --------------------------------------------------------

    def test_log_popped_call_as_information_given(self):
        Call = self.env["hotline.call"].with_user(self.operator)
        call_id = Call.log_without_request(
            "information", reason_id=self.reason.id, call_id=self.call_own.id
        )
        self.assertEqual(call_id, self.call_own.id)
        self.assertEqual(self.call_own.outcome, "information")
        self.assertEqual(self.call_own.reason_id, self.reason)

    def test_log_without_popped_call_records_the_operators_call(self):
        Call = self.env["hotline.call"].with_user(self.operator)
        call = Call.browse(Call.log_without_request("callback", phone="۰۹۱۲ ۵۵۵ ۶۶۷۷"))
        self.assertEqual(call.user_id, self.operator)
        self.assertEqual(call.extension, "201")
        self.assertEqual(call.caller_phone, "0912 555 6677")
        self.assertEqual(call.outcome, "callback")
        self.assertEqual(call.callback_state, "needed")

    def test_log_refuses_bad_outcome_missing_reason_or_others_call(self):
        Call = self.env["hotline.call"].with_user(self.operator)
        with self.assertRaises(UserError):
            Call.log_without_request("ticket", call_id=self.call_own.id)
        with self.assertRaises(UserError):
            Call.log_without_request("information", call_id=self.call_own.id)
        with self.assertRaises(AccessError):
            Call.log_without_request("transferred", call_id=self.call_other.id)
        self.assertFalse(self.call_other.outcome)
        Call.log_without_request("transferred", call_id=self.call_own.id)
        with self.assertRaises(UserError, msg="logged once"):
            Call.log_without_request("callback", call_id=self.call_own.id)

    # the request saved on a screen pop ---------------------------------------------------

    def _ticket_on_call(self, call, name):
        """A request the operator saves on Take a Call opened by `call`'s screen pop."""
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.operator)
            .with_context(hotline_call_id=call.id)
            .create(
                {
                    "name": name,
                    "description": f"<p>{name}</p>",
                    "caller_phone": call.caller_phone,
                    "partner_id": self.citizen_a.partner_id.id,
                    "category_id": self.cat_pothole.id,
                    "district_id": self.district_a.id,
                }
            )
        )

    def test_request_saved_on_popped_form_is_the_calls_outcome(self):
        ticket = self._ticket_on_call(self.call_own, "Pothole")
        self.assertEqual(self.call_own.ticket_id, ticket)
        self.assertEqual(self.call_own.outcome, "ticket")
        self.assertEqual(self.call_own.partner_id, ticket.partner_id)
        second = self._ticket_on_call(self.call_own, "Second request")
        self.assertEqual(self.call_own.ticket_id, ticket, "the first request stays")
        self.assertTrue(second)

    def test_request_does_not_link_another_operators_call(self):
        self._ticket_on_call(self.call_other, "Not my call")
        self.assertFalse(self.call_other.ticket_id)
        self.assertFalse(self.call_other.outcome)
