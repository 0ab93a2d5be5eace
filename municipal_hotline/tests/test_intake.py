from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form

from .common import HotlineCase

INTAKE_VIEW = "municipal_hotline.helpdesk_ticket_view_form_intake"


class TestIntake(HotlineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.known = cls.env["res.partner"].create(
            {
                "name": "Known Caller",
                "phone": "0918 123 4567",
                "email": "known@example.com",
            }
        )

    def _intake_form(self, user=None):
        model = self.Ticket.with_user(user or self.operator).with_context(
            hotline_intake=1
        )
        return Form(model, view=INTAKE_VIEW)

    def test_phone_finds_the_known_caller_and_their_history(self):
        earlier = self._create_ticket(
            caller_phone="09181234567", partner_id=self.known.id
        )
        with self._intake_form() as form:
            form.caller_phone = "+۹۸ ۹۱۸ ۱۲۳ ۴۵۶۷"
            self.assertEqual(form.partner_id, self.known)
            self.assertEqual(form.partner_name, "Known Caller")
            self.assertEqual(form.caller_ticket_count, 1)
            self.assertIn(earlier.id, form.caller_ticket_ids.ids)
            form.category_id = self.cat_pothole
            form.description = "<p>Another pothole</p>"
        ticket = form.record
        self.assertEqual(ticket.partner_id, self.known)
        self.assertEqual(ticket.caller_phone_key, "9181234567")
        self.assertEqual(
            ticket.channel_id,
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone"),
        )
        self.assertEqual(
            ticket.name, self.cat_pothole.name, "title filled from category"
        )
        self.assertEqual(ticket.create_uid, self.operator)

    def test_unknown_caller_is_created_from_phone_and_name(self):
        with self._intake_form() as form:
            form.caller_phone = "0912 555 0000"
            self.assertFalse(form.partner_id)
            self.assertEqual(form.caller_ticket_count, 0)
            form.partner_name = "New Caller"
            form.category_id = self.cat_pothole
            form.description = "<p>x</p>"
        ticket = form.record
        self.assertEqual(ticket.partner_id.name, "New Caller")
        self.assertEqual(ticket.partner_id.hotline_phone_key, "9125550000")
        # the second call of the same person finds them
        second = self._create_ticket(user=self.operator, caller_phone="+989125550000")
        self.assertEqual(second.partner_id, ticket.partner_id)
        self.assertEqual(second.caller_ticket_ids, ticket)

    def test_corrected_number_forgets_the_previous_caller(self):
        with self._intake_form() as form:
            form.partner_email = "typed.first@example.com"
            form.caller_phone = "0912 000 1111"
            self.assertEqual(form.partner_email, "typed.first@example.com", "kept")
            form.caller_phone = "09181234567"
            self.assertEqual(form.partner_id, self.known)
            form.caller_phone = "09120001111"
            self.assertFalse(form.partner_id)
            self.assertFalse(form.partner_name)
            form.partner_name = "Someone Else"
            form.category_id = self.cat_pothole
            form.description = "<p>x</p>"
        self.assertEqual(form.record.partner_id.name, "Someone Else")

    def test_requests_are_searched_by_phone_in_any_format(self):
        ticket = self._create_ticket(caller_phone="0918 123 4567")
        for typed in ("+989181234567", "۰۹۱۸۱۲۳۴۵۶۷", "1234567"):
            with self.subTest(typed=typed):
                found = self.Ticket.search([("caller_phone_lookup", "ilike", typed)])
                self.assertIn(ticket, found)
        self.assertNotIn(
            ticket, self.Ticket.search([("caller_phone_lookup", "ilike", "0912 000")])
        )
        self.assertFalse(self.Ticket.search([("caller_phone_lookup", "ilike", "+")]))

    def test_call_being_taken_is_named_new_call(self):
        self.assertEqual(self.Ticket.new({}).display_name, "New Call")
        ticket = self._create_ticket()
        self.assertEqual(ticket.display_name, f"{ticket.number} - {ticket.name}")

    def test_caller_history_actions(self):
        ticket = self._create_ticket(user=self.operator, caller_phone="09181234567")
        earlier = self._create_ticket(caller_phone="+98 918 123 4567")
        action = ticket.with_user(self.operator).action_view_caller_tickets()
        self.assertEqual(
            self.Ticket.with_user(self.operator).search(action["domain"]),
            ticket | earlier,
        )
        full = ticket.with_user(self.operator).action_open_full_form()
        self.assertEqual(
            (full["res_model"], full["res_id"]), ("helpdesk.ticket", ticket.id)
        )

    def test_anonymous_caller_gets_no_contact(self):
        partners = self.env["res.partner"].search_count([])
        ticket = self._create_ticket(
            user=self.operator,
            caller_phone="09181234567",
            is_anonymous=True,
            partner_name="Should vanish",
        )
        self.assertFalse(ticket.partner_id, "an anonymous caller is not linked")
        self.assertFalse(ticket.partner_name)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertRegex(ticket.number, r"^\d{2}-\d+$")

    def test_category_fills_guidance_team_deadline_and_agency(self):
        self.cat_water.team_id = self.team_b
        with self._intake_form() as form:
            form.caller_phone = "09181234567"
            form.category_id = self.cat_water
            self.assertEqual(form.jurisdiction, "agency")
            self.assertEqual(form.agency_id, self.cat_water.agency_id)
            self.assertEqual(form.team_id, self.team_b)
            self.assertFalse(self.cat_water.operator_guidance)
            self.assertEqual(
                form.operator_guidance,
                self.cat_water.parent_id.operator_guidance,
                "a subcategory shows its parent's guidance",
            )
            self.assertTrue(form.date_deadline)
            form.description = "<p>Water everywhere</p>"
        ticket = form.record
        self.assertEqual(ticket.jurisdiction, "agency")
        self.assertTrue(ticket.agency_id.hotline_agency_type)
        # the category's hours on the city's working calendar (holidays skipped)
        expected = self.env.company.hotline_calendar_id.plan_hours(
            self.cat_water.resolution_hours, ticket.create_date, compute_leaves=True
        )
        self.assertAlmostEqual(
            ticket.date_deadline, expected, delta=timedelta(minutes=1)
        )

    def test_emergency_category_raises_priority(self):
        self.assertTrue(self.cat_gas.is_emergency)
        ticket = self._create_ticket(category_id=self.cat_gas.id)
        self.assertEqual(ticket.priority, "3")
        self.assertTrue(ticket.is_emergency)

    def test_district_team_serves_municipal_requests(self):
        with self._intake_form() as form:
            form.caller_phone = "09181234567"
            form.category_id = self.cat_pothole
            form.district_id = self.district_b
            self.assertEqual(form.team_id, self.team_b)
            form.description = "<p>x</p>"
        self.assertEqual(form.record.team_id, self.team_b)
        ticket = self._create_ticket(district_id=self.district_a.id)
        self.assertEqual(ticket.team_id, self.team_a, "create() fills it as well")

    def test_no_public_body_closes_as_caller_informed(self):
        ticket = self._create_ticket(user=self.operator, category_id=self.cat_none.id)
        self.assertEqual(ticket.jurisdiction, "none")
        ticket.with_user(self.operator).action_close_caller_informed()
        self.assertEqual(ticket.stage_id, self.stage_informed)
        self.assertTrue(ticket.closed)
        self.assertTrue(ticket.closed_date)

    def test_municipal_request_cannot_be_closed_as_caller_informed(self):
        ticket = self._create_ticket(user=self.operator)
        with self.assertRaises(UserError):
            ticket.with_user(self.operator).action_close_caller_informed()
        self.assertEqual(ticket.stage_id, self.stage_new)

    def test_overdue_only_when_open_past_deadline(self):
        ticket = self._create_ticket()
        self.assertFalse(ticket.is_overdue)
        ticket.date_deadline = fields.Datetime.now() - timedelta(hours=1)
        self.assertTrue(ticket.is_overdue)
        self.assertIn(ticket, self.Ticket.search([("is_overdue", "=", True)]))
        ticket.stage_id = self.stage_resolved
        self.assertFalse(ticket.is_overdue)
        self.assertNotIn(ticket, self.Ticket.search([("is_overdue", "=", True)]))
