from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..tools.text import MAX_LENGTHS


class HotlineMeetingOrderWizard(models.TransientModel):
    """The host's order (دستور) during a session: a new request, or an update of one the
    citizen brought, with the department, assignee and deadline the host gives."""

    _name = "hotline.meeting.order.wizard"
    _description = "Public Meeting Order"

    booking_id = fields.Many2one("hotline.meeting.booking", required=True)
    meeting_id = fields.Many2one(related="booking_id.meeting_id")
    ticket_id = fields.Many2one(
        "helpdesk.ticket",
        string="Update Request",
        help="Leave empty to create a new request; choose one of the citizen's linked "
        "requests to put the order on it instead.",
    )
    allowed_ticket_ids = fields.Many2many(
        "helpdesk.ticket", compute="_compute_allowed_ticket_ids"
    )
    name = fields.Char(
        string="Order",
        required=True,
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
        help="The title of the request: what the citizen raised, unless you change it.",
    )
    description = fields.Html(string="Details")
    category_id = fields.Many2one(
        "helpdesk.ticket.category",
        compute="_compute_category_id",
        store=True,
        readonly=False,
        precompute=True,
        help="Required for a new request: it decides the department and the deadline "
        "rules, as for any request.",
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Department",
        help="Leave empty: the request goes to the team of its category, else of the "
        "district.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assignee",
        domain="[('share', '=', False)]",
        help="Leave empty to keep the request's assignee.",
    )
    date_deadline = fields.Datetime(string="Deadline", required=True)

    @api.depends("booking_id")
    def _compute_name(self):
        for wizard in self:
            lines = (wizard.booking_id.topic or "").strip().splitlines()
            topic = lines[0].strip()[: MAX_LENGTHS["title"]] if lines else False
            wizard.name = wizard.name or topic

    @api.depends("ticket_id", "booking_id")
    def _compute_category_id(self):
        for wizard in self:
            ticket = wizard.ticket_id or wizard.booking_id.ticket_ids[:1]
            wizard.category_id = ticket.category_id or wizard.category_id

    @api.depends("booking_id")
    def _compute_allowed_ticket_ids(self):
        for wizard in self:
            booking = wizard.booking_id
            wizard.allowed_ticket_ids = booking.ticket_ids | booking.earlier_ticket_ids

    def action_confirm(self):
        self.ensure_one()
        booking = self.booking_id
        if booking.meeting_id.state not in ("planned", "open", "held"):
            raise UserError(
                self.env._("Orders cannot be given in a cancelled session.")
            )
        booking.meeting_id._check_started()
        if not self.ticket_id and not self.category_id:
            raise UserError(self.env._("Choose the category of the new request."))
        if self.date_deadline < fields.Datetime.now():
            raise UserError(
                self.env._("The deadline of an order cannot be in the past.")
            )
        channel = self.env.ref(
            "municipal_hotline.helpdesk_ticket_channel_public_meeting"
        )
        values = {
            "meeting_id": booking.meeting_id.id,
            "meeting_booking_id": booking.id,
            "date_deadline": self.date_deadline,
        }
        # an order on a request already assigned keeps its assignee unless a new one
        # is given
        if self.user_id:
            values["user_id"] = self.user_id.id
        if self.team_id:
            values["team_id"] = self.team_id.id
        order_text = self.env._(
            "Order of %(host)s at %(meeting)s: %(order)s",
            host=booking.host_id.name,
            meeting=booking.meeting_id.name,
            order=self.name,
        )
        if self.ticket_id:
            ticket = self.ticket_id
            ticket.write(values)
            body = order_text
            if self.description and html2plaintext(self.description).strip():
                body = f"{order_text}\n{html2plaintext(self.description)}"
            ticket.message_post(body=body, subtype_xmlid="mail.mt_note")
        else:
            values.update(
                name=self.name,
                description=self.description or order_text,
                category_id=self.category_id.id,
                partner_id=booking.partner_id.id,
                caller_phone=booking.phone,
                district_id=booking.district_id.id,
                channel_id=channel.id,
            )
            ticket = self.env["helpdesk.ticket"].create(values)
            # date_deadline is a compute from the category: keep the host's deadline
            ticket.date_deadline = self.date_deadline
        booking.ticket_ids = [fields.Command.link(ticket.id)]
        return {"type": "ir.actions.act_window_close"}
