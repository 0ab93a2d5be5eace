from odoo import models


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _get_forbidden_access(self, operation):
        """Staff post on a request only if they may update it.

        mail lets a follower, or the recipient of the parent message, post on a document
        whatever their access to it; an operator can follow any request they read. For
        internal users a new message on a request needs write access to the request
        (see helpdesk.ticket._mail_get_operation_for_mail_message_operation)."""
        forbidden = super()._get_forbidden_access(operation)
        if operation != "create" or self.env.su or not self.env.user._is_internal():
            return forbidden
        on_tickets = (
            (self - forbidden)
            .sudo()
            .filtered(lambda m: m.model == "helpdesk.ticket" and m.res_id)
        )
        if not on_tickets:
            return forbidden
        tickets = self.env["helpdesk.ticket"].browse(
            list(set(on_tickets.mapped("res_id")))
        )
        writable = set(tickets.exists()._filtered_access("write").ids)
        refused = on_tickets.filtered(lambda m: m.res_id not in writable)
        return forbidden + self.browse(refused.ids)

    def _portal_message_format(self, properties_names, options=None):
        """Citizens see "the municipality", never which staff member wrote.

        Staff names on requests are internal (the city decides who handles what); on a
        request's portal page an answer by an employee is shown under the company's name
        and logo.
        """
        vals_list = super()._portal_message_format(properties_names, options=options)
        if self.env.user._is_internal():
            return vals_list
        for message, values in zip(self, vals_list, strict=True):
            author = message.sudo().author_id
            if message.model != "helpdesk.ticket" or not author or author.partner_share:
                continue
            company = self.env.company
            values["author_id"] = {"id": company.partner_id.id, "name": company.name}
            if "author_avatar_url" in values:
                values["author_avatar_url"] = (
                    f"/web/binary/company_logo?company={company.id}"
                )
        return vals_list
