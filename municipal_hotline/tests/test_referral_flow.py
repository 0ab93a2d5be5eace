from datetime import datetime, timedelta

from lxml import etree

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, freeze_time
from odoo.tools.safe_eval import safe_eval

from .common import ReferralCase, tehran


class TestReferralFlow(ReferralCase):
    def test_wizard_prefills_category_agency(self):
        action = self.ticket.with_user(self.operator).action_refer_to_agency()
        wizard = Form.from_action(self.env(user=self.operator), action)
        self.assertEqual(
            wizard.agency_ids[:], self.agency_water, "the category's agency is proposed"
        )

    @freeze_time("2026-03-01 08:00:00")
    def test_refer_several_agencies_at_once(self):
        """A gas leak after a crash goes to the gas company and the police in one go."""
        referrals = self._refer(self.ticket_gas, self.agency_gas | self.agency_police)
        self.assertEqual(len(referrals), 2)
        self.assertEqual(set(referrals.mapped("state")), {"sent"})
        self.assertEqual(self.ticket_gas.stage_id, self.stage_referred)
        by_agency = {r.agency_id: r for r in referrals}
        now = datetime(2026, 3, 1, 8, 0)
        # the category's 2 h override the gas company's 4 h; the police's 24 h apply as is
        self.assertEqual(by_agency[self.agency_gas].date_due, now + timedelta(hours=2))
        self.assertEqual(
            by_agency[self.agency_police].date_due, now + timedelta(hours=24)
        )
        self.assertEqual(self.ticket_gas.referral_count, 2)
        self.assertEqual(referrals.user_id, self.operator)

    def test_agency_contacts_get_the_email(self):
        referral = self._refer(self.ticket, self.agency_water)
        contact = self.agency_user.partner_id
        message = referral.message_ids.filtered(
            lambda m: m.message_type == "comment" and contact in m.partner_ids
        )
        self.assertTrue(message, "the agency's contact is a recipient")
        self.assertIn(self.ticket.number, message.body)
        self.assertIn("12 Main Street", message.body)
        self.assertIn(f"/my/referrals/{referral.id}", message.body)
        self.assertNotIn("09181112233", message.body, "the caller's phone stays ours")
        self.assertNotIn("Test citizen", message.body, "the caller's name stays ours")
        self.assertIn(
            contact, referral.message_partner_ids, "replies thread on the referral"
        )

    def test_referring_twice_does_not_double(self):
        self._refer(self.ticket, self.agency_water)
        with self.assertRaisesRegex(UserError, "already referred"):
            self._refer(self.ticket, self.agency_water)
        self.assertEqual(len(self.ticket.referral_ids), 1)

    def test_full_life_cycle_and_citizen_told(self):
        gas, police = self._refer(
            self.ticket_gas, self.agency_gas | self.agency_police
        ).sorted(lambda r: r.agency_id != self.agency_gas)
        gas.with_user(self.operator).action_acknowledge(agency_reference="G-77")
        self.assertEqual(gas.state, "acknowledged")
        self.assertTrue(gas.date_acknowledged)
        gas.action_answer("<p>Leak sealed, area safe.</p>")
        self.assertEqual(gas.state, "answered")
        self.assertEqual(
            self.ticket_gas.stage_id,
            self.stage_referred,
            "the police still owe an answer",
        )
        police.action_answer("<p>Traffic diverted.</p>", agency_reference="P-12")
        self.assertEqual(self.ticket_gas.stage_id, self.stage_in_progress)
        told = self.ticket_gas.message_ids.filtered(
            lambda m: self.caller in m.partner_ids and m.message_type == "comment"
        )
        self.assertTrue(told, "the citizen is emailed the answers")
        self.assertIn("Leak sealed", told.body)
        self.assertIn("Traffic diverted", told.body)
        self.assertIn("P-12", told.body)
        self.assertTrue(
            self.ticket_gas.activity_ids.filtered(lambda a: a.user_id == self.operator),
            "the request holder is asked to check and close",
        )
        gas.action_close()
        self.assertEqual(gas.state, "closed")
        self.assertGreater(police.answer_hours, -1)

    def test_cancelled_referral_does_not_block(self):
        water, gas = self._refer(
            self.ticket_gas, self.agency_water | self.agency_gas
        ).sorted(lambda r: r.agency_id != self.agency_water)
        water.action_cancel()
        self.assertEqual(self.ticket_gas.stage_id, self.stage_referred)
        gas.action_answer("<p>Done</p>")
        self.assertEqual(self.ticket_gas.stage_id, self.stage_in_progress)

    def test_citizen_without_email_is_phoned(self):
        """No email and no SMS gateway: staff are asked to phone the caller (with a
        gateway the caller gets a text message: test_sms_messages)."""
        self.env.company.hotline_sms_gateway = False
        self.caller.email = False
        before = self.ticket.message_ids  # e.g. the tracking-code mail at creation
        referral = self._refer(self.ticket, self.agency_water)
        referral.action_answer("<p>Fixed</p>")
        new_messages = self.ticket.message_ids - before
        notes = new_messages.filtered(lambda m: "by phone" in (m.body or ""))
        self.assertTrue(notes)
        self.assertFalse(new_messages.filtered(lambda m: self.caller in m.partner_ids))

    def test_answer_with_files(self):
        referral = self._refer(self.ticket, self.agency_water)
        referral.action_answer(
            # a JPEG by its content: agencies' files are checked like citizens'
            "<p>See photo</p>",
            attachments=[("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")],
        )
        self.assertEqual(referral.response_attachment_ids.name, "photo.jpg")
        self.assertEqual(referral.response_attachment_ids.res_id, referral.id)

    def test_email_reply_lands_in_chatter(self):
        referral = self._refer(self.ticket, self.agency_water)
        sent = referral.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        raw = (
            f"From: {self.agency_user.email}\r\n"
            "To: catchall@example.com\r\n"
            f"Subject: Re: {sent.subject}\r\n"
            f"In-Reply-To: {sent.message_id}\r\n"
            "Message-ID: <agency-reply-1@abfa.example.com>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "Our team is on site, ref 122-998.\r\n"
        )
        self.env["mail.thread"].message_process(False, raw)
        reply = referral.message_ids.filtered(
            lambda m: m.message_id == "<agency-reply-1@abfa.example.com>"
        )
        self.assertTrue(reply, "the reply is in the referral's chatter")
        self.assertIn("122-998", reply.body)
        self.assertEqual(reply.author_id, self.agency_user.partner_id)

    # bad input -------------------------------------------------------------------------

    def test_answering_cancelled_or_closed_is_refused(self):
        referral = self._refer(self.ticket, self.agency_water)
        referral.action_cancel()
        with self.assertRaisesRegex(UserError, "cannot be acknowledged or answered"):
            referral.action_answer("<p>late</p>")
        self.assertEqual(referral.state, "cancelled")
        self.assertFalse(referral.response)

        other = self._refer(self.ticket, self.agency_water) - referral
        other.action_answer("<p>First answer</p>")
        other.action_close()
        with self.assertRaisesRegex(UserError, "cannot be acknowledged or answered"):
            other.action_answer("<p>Overwrite</p>")
        self.assertIn("First answer", other.response, "the saved answer is kept")

    def test_empty_answer_is_refused(self):
        referral = self._refer(self.ticket, self.agency_water)
        with self.assertRaisesRegex(UserError, "Write the agency's answer"):
            referral.action_answer("  ")
        self.assertEqual(referral.state, "sent")

    def test_due_date_before_sending_is_refused(self):
        referral = self._refer(self.ticket, self.agency_water)
        due = referral.date_due
        with (
            self.assertRaisesRegex(ValidationError, "cannot be before"),
            self.cr.savepoint(),
        ):
            referral.date_due = referral.date_sent - timedelta(hours=1)
            referral.flush_recordset()
        self.env.invalidate_all()
        self.assertEqual(referral.date_due, due)

    def test_referring_to_a_non_agency_is_refused(self):
        shop = self.env["res.partner"].create({"name": "A shop"})
        with (
            self.assertRaisesRegex(ValidationError, "is not an agency"),
            self.cr.savepoint(),
        ):
            self.Referral.create({"ticket_id": self.ticket.id, "agency_id": shop.id})
        with self.assertRaisesRegex(UserError, "not an agency"), self.cr.savepoint():
            self._refer(self.ticket, shop)
        self.env.invalidate_all()
        self.assertFalse(self.ticket.referral_ids)
        self.assertNotEqual(self.ticket.stage_id, self.stage_referred)

    def test_only_drafts_are_deleted(self):
        referral = self._refer(self.ticket, self.agency_water)
        with self.assertRaisesRegex(UserError, "Only draft referrals"):
            referral.unlink()
        self.assertTrue(referral.exists())

    def test_tracking(self):
        referral = self._refer(self.ticket, self.agency_water)
        self.env.flush_all()
        self.env.cr.precommit.run()
        referral.with_user(self.agency_user).sudo().action_acknowledge(
            agency_reference="A-1"
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = referral.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "agency_reference"
        )
        self.assertEqual(tracked.new_value_char, "A-1")
        self.assertEqual(tracked.mail_message_id.author_id, self.agency_user.partner_id)


class TestReferralDeadline(ReferralCase):
    """A referral is due by the request's own deadline; emergencies are urgent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a burst main: an emergency of the water company, 24 h for the request, 4 h
        # for the company
        cls.cat_burst = cls.env["helpdesk.ticket.category"].create(
            {
                "name": "Burst water main",
                "jurisdiction": "agency",
                "agency_id": cls.agency_water.id,
                "is_emergency": True,
                "resolution_hours": 24,
                "agency_response_hours": 4,
            }
        )

    def test_referral_is_due_by_the_request_deadline(self):
        """A leak the city must settle in 24 h, referred to the water company (48 h):
        the referral is due when the request is, not a day after."""
        start = tehran(2026, 12, 5, 8, 0)  # a Saturday: all working hours
        ticket = self._referred_ticket_at(start, "Leak at the school", self.cat_water)
        self.assertEqual(ticket.date_deadline, tehran(2026, 12, 6, 8, 0))
        with freeze_time(start):
            referral = self._refer(ticket, self.agency_water)
        self.assertEqual(referral.date_due, ticket.date_deadline)

    def test_emergency_referral_is_urgent_on_the_category_hours(self):
        """Sent on Thursday at 20:00: an emergency's 4 h are elapsed hours (the night
        and Friday count); it is urgent, a plain leak is not."""
        sent = tehran(2026, 12, 3, 20, 0)
        burst = self._referred_ticket_at(
            sent, "Burst main at the bazaar", self.cat_burst
        )
        with freeze_time(sent):
            urgent = self._refer(burst, self.agency_water)
            plain = self._refer(self.ticket, self.agency_water)
        self.assertTrue(urgent.is_urgent)
        self.assertFalse(plain.is_urgent)
        self.assertEqual(urgent.date_due, sent + timedelta(hours=4))

    def test_urgent_referrals_are_listed_first(self):
        due = datetime(2026, 12, 10, 8, 0)
        plain = self._open_referrals(1, self.agency_water, due - timedelta(days=1))
        burst = self._create_referred_ticket("Burst main at the bazaar", self.cat_burst)
        urgent = self._open_referrals(1, self.agency_water, due, ticket=burst)
        later = self._open_referrals(1, self.agency_water, due)
        referrals = self.Referral.search([("id", "in", (plain | urgent | later).ids)])
        self.assertEqual(referrals[0], urgent, "the urgent one first, whatever its id")


class TestReferralFollowUpList(ReferralCase):
    def test_default_filter_shows_answers_waiting_for_staff(self):
        """The referrals menu opens on those to follow up: still awaited, and answered
        but not yet accepted by staff (an answer that came must not be hidden)."""
        self._send_referrals()
        answered, closed = self._open_referrals(2, self.agency_water, datetime.now())
        answered.action_answer("<p>Crew sent</p>")
        closed.action_answer("<p>Fixed</p>")
        closed.action_close()
        action = self.env.ref("municipal_hotline.hotline_referral_action")
        defaults = [
            key.removeprefix("search_default_")
            for key, value in safe_eval(action.context).items()
            if key.startswith("search_default_") and value
        ]
        arch = self.Referral.get_views([(False, "search")])["views"]["search"]["arch"]
        filters = {
            node.get("name"): node.get("domain")
            for node in etree.fromstring(arch).iter("filter")
        }
        self.assertEqual(len(defaults), 1, defaults)
        domain = safe_eval(filters[defaults[0]], {"uid": self.env.uid})
        shown = self.Referral.search(domain)
        self.assertIn(answered, shown, "an answer staff did not accept yet is shown")
        self.assertIn(self.ref_water, shown, "an awaited answer is shown")
        self.assertNotIn(closed, shown, "an accepted answer is done")

    def test_answered_to_do_is_in_the_operators_language(self):
        """The agency answers in English; the operator's to-do reads in Persian."""
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(
            ["municipal_hotline"], ["fa_IR"]
        )
        self.operator.lang = "fa_IR"
        referral = self._refer(self.ticket, self.agency_water)
        # as the agency's portal page does it
        referral.with_user(self.agency_user).sudo().with_context(
            lang="en_US"
        ).action_answer("<p>Crew sent</p>")
        activity = self.ticket.activity_ids.filtered(
            lambda a: a.user_id == self.operator
        )
        self.assertEqual(
            activity.summary, "دستگاه‌ها پاسخ دادند: درخواست را بررسی و مختومه کنید"
        )
