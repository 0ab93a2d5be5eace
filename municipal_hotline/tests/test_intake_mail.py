from .common_intake import IntakeCase


class TestCitizenMails(IntakeCase):
    def _mails_to(self, ticket, partner):
        return self.env["mail.message"].search(
            [
                ("model", "=", "helpdesk.ticket"),
                ("res_id", "=", ticket.id),
                ("partner_ids", "in", partner.ids),
            ]
        )

    def test_tracking_code_mailed_when_the_citizen_has_an_email(self):
        partner = self.citizen.partner_id
        ticket = self._ticket(user=self.operator, partner_id=partner.id)
        messages = self._mails_to(ticket, partner)
        self.assertEqual(len(messages), 1)
        self.assertIn(ticket.number, messages.subject)
        self.assertIn(ticket.number, str(messages.body))

    def test_no_mail_without_an_email(self):
        partner = self.env["res.partner"].create({"name": "No Email", "phone": "0912"})
        ticket = self._ticket(user=self.operator, partner_id=partner.id)
        self.assertFalse(self._mails_to(ticket, partner))
        ticket = ticket.with_context(tracking_disable=False)
        self.env.flush_all()
        self.cr.precommit.run()
        ticket.stage_id = self.stage_resolved
        self.env.flush_all()
        self.cr.precommit.run()
        self.assertFalse(self._mails_to(ticket, partner))

    def test_answer_mailed_on_resolution(self):
        partner = self.citizen.partner_id
        # the answer goes out with the stage tracking (helpdesk_mgmt's stage template),
        # in a later transaction than the one that created the request
        ticket = self._ticket(partner_id=partner.id).with_context(
            tracking_disable=False
        )
        self.env.flush_all()
        self.cr.precommit.run()
        ticket.stage_id = self.stage_progress
        self.assertEqual(len(self._mails_to(ticket, partner)), 1)
        ticket.stage_id = self.stage_resolved
        self.env.flush_all()
        self.cr.precommit.run()
        messages = self._mails_to(ticket, partner)
        self.assertEqual(len(messages), 2)
        self.assertIn("resolved", str(messages[0].body))

    def test_templates_are_translatable(self):
        template = self.env.ref("municipal_hotline.mail_template_ticket_tracking_code")
        self.assertTrue(template._fields["body_html"].translate)
        self.assertTrue(template._fields["subject"].translate)
