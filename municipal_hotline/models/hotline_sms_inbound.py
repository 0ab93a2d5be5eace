import re

import psycopg2

from odoo import fields, models
from odoo.tools import plaintext2html

from ..tools import latin_digits, normalize_phone

# a tracking code quoted in a text message ("05-000123", Persian digits too)
TRACKING_CODE = re.compile(r"\d{2}-\d{6,}")
# a citizen's "no more messages" / "messages again": the words Iranian operators and
# providers use (11 is the common opt-out reply to advertising lines)
STOP_WORDS = {"لغو", "لغو11", "لغو 11", "انصراف", "stop", "11", "unsubscribe"}
START_WORDS = {"شروع", "start"}
# how much of a message a new request's title takes
TITLE_LENGTH = 60


class HotlineSmsInbound(models.Model):
    """A text message a citizen sent to the hotline's line, as the provider forwarded
    it (controllers/sms.py), and what became of it: a reply in a request's history,
    the citizen's opt-out (or back in), or a new request for an operator to triage.
    The provider's id of the message is unique per company and gateway, so a provider
    posting the same message twice changes nothing the second time."""

    _name = "hotline.sms.inbound"
    _description = "Hotline Inbound Text Message"
    _order = "id desc"
    _rec_name = "number"

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    gateway = fields.Char(required=True, readonly=True)
    provider_message_id = fields.Char(string="Provider Message ID", readonly=True)
    number = fields.Char(string="From", readonly=True)
    text = fields.Text(readonly=True)
    result = fields.Selection(
        [
            ("reply", "Reply to a Request"),
            ("opt_out", "Opted Out"),
            ("opt_in", "Opted In Again"),
            ("new_request", "New Request"),
        ],
        readonly=True,
    )
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Request", readonly=True, index="btree_not_null"
    )

    _provider_message_uniq = models.UniqueIndex(
        "(company_id, gateway, provider_message_id) "
        "WHERE provider_message_id IS NOT NULL",
        "This message was received already.",
    )

    def _hotline_receive(self, company, gateway, values):
        """Handle one message {message_id, number, text} a citizen sent to `company`'s
        `gateway`; the inbound record (the earlier one when the provider posted the
        same message again, nothing redone)."""
        message_id = values.get("message_id") or False
        domain = [
            ("company_id", "=", company.id),
            ("gateway", "=", gateway),
            ("provider_message_id", "=", message_id),
        ]
        if message_id and (existing := self.search(domain, limit=1)):
            return existing
        try:
            with self.env.cr.savepoint():
                inbound = self.create(
                    {
                        "company_id": company.id,
                        "gateway": gateway,
                        "provider_message_id": message_id,
                        "number": latin_digits(values["number"])[:32],
                        "text": values["text"][:2000],
                    }
                )
        except psycopg2.errors.UniqueViolation:
            # the same message posted twice at the same moment: the other post has it
            return self.search(domain, limit=1)
        inbound.with_company(company)._hotline_dispatch()
        return inbound

    def _hotline_dispatch(self):
        self.ensure_one()
        text = latin_digits(self.text).strip()
        word = text.lower().strip(" .!")
        if word in STOP_WORDS:
            self.env["phone.blacklist"]._hotline_opt_out(
                self.number,
                self.env._("Opted out by a text message to the hotline's line."),
            )
            self.result = "opt_out"
            return
        if word in START_WORDS:
            self.env["phone.blacklist"]._hotline_opt_in(
                self.number,
                self.env._("Opted in again by a text message to the hotline's line."),
            )
            self.result = "opt_in"
            return
        ticket = self._hotline_quoted_ticket(text)
        if ticket:
            ticket.message_post(
                body=plaintext2html(self.text),
                author_id=ticket.partner_id.id or False,
                email_from=False if ticket.partner_id else self.number,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            self.write({"result": "reply", "ticket_id": ticket.id})
            return
        self._hotline_new_request()

    def _hotline_quoted_ticket(self, text):
        """The request whose tracking code the message quotes and whose caller has the
        sender's number (a code alone proves nothing), else nothing."""
        codes = TRACKING_CODE.findall(text)
        key = normalize_phone(self.number)
        if not codes or not key:
            return self.env["helpdesk.ticket"]
        tickets = self.env["helpdesk.ticket"].search(
            [("number", "in", codes), ("company_id", "=", self.company_id.id)]
        )
        return tickets.filtered(
            lambda t: (
                key
                in (
                    normalize_phone(t.caller_phone),
                    normalize_phone(t.partner_id.phone),
                )
            )
        )[:1]

    def _hotline_new_request(self):
        """Anything else: a request in the New stage for an operator to triage."""
        title = " ".join(self.text.split())
        if len(title) > TITLE_LENGTH:
            title = title[: TITLE_LENGTH - 1] + "…"
        ticket = (
            self.env["helpdesk.ticket"]
            .with_context(hotline_intake=False)
            .create(
                {
                    "name": title or self.number,
                    "description": plaintext2html(self.text),
                    "caller_phone": self.number,
                    "channel_id": self.env.ref(
                        "municipal_hotline.helpdesk_ticket_channel_sms"
                    ).id,
                    "stage_id": self.env.ref(
                        "helpdesk_mgmt.helpdesk_ticket_stage_new"
                    ).id,
                    "company_id": self.company_id.id,
                }
            )
        )
        self.write({"result": "new_request", "ticket_id": ticket.id})
