from odoo import models


class MailMessage(models.Model):
    _inherit = "mail.message"

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
