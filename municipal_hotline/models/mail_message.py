from odoo import models

from odoo.addons.mail.tools.discuss import Store

# the threads whose staff authors are never named to citizens
ANONYMOUS_STAFF_MODELS = ("helpdesk.ticket",)
# message fields that name or show their author, hidden from citizens for staff authors
AUTHOR_FIELDS = ("author_id", "author_avatar", "email_from", "create_uid", "write_uid")


class MailMessage(models.Model):
    """Citizens see "the municipality", never which staff member wrote.

    Staff names on requests are internal (the city decides who handles what): every way
    a citizen (any non-internal user) reads a request's messages shows an answer by an
    employee under the company's name and logo: the portal chatter
    (`_portal_message_format`), the web client's and bus's store (`_to_store_defaults`,
    /mail/thread/messages, /mail/message/...), a plain RPC read (`_read_format`) and the
    avatar routes (`_has_field_access` for /web/image, controllers for /mail/avatar).
    """

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

    def _hotline_hides_author(self):
        """Whether the author of this message is a staff member to keep from the
        current (non-internal) user."""
        self.ensure_one()
        if self.env.user._is_internal() or self.model not in ANONYMOUS_STAFF_MODELS:
            return False
        # sudo: only whether the author is an employee is read
        author = self.sudo().author_id
        return bool(author) and not author.partner_share

    def _hotline_public_author(self):
        """The partner shown instead of a hidden author: the company's."""
        # sudo: the company's name and logo are public
        return self.env.company.sudo().partner_id

    def _has_field_access(self, field, operation):
        if (
            field.name == "author_avatar"
            and not self.env.su
            and any(message._hotline_hides_author() for message in self)
        ):
            return False
        return super()._has_field_access(field, operation)

    def _read_format(self, fnames, load="_classic_read"):
        vals_list = super()._read_format(fnames, load=load)
        if self.env.su or self.env.user._is_internal():
            return vals_list
        hidden = [name for name in AUTHOR_FIELDS if name in fnames]
        if not hidden:
            return vals_list
        public = self._hotline_public_author()
        for values in vals_list:
            message = self.browse(values["id"])
            if not message._hotline_hides_author():
                continue
            for name in hidden:
                values[name] = False
            if "author_id" in values:
                values["author_id"] = (
                    (public.id, public.display_name)
                    if load == "_classic_read"
                    else public.id
                )
        return vals_list

    def _to_store_defaults(self, target):
        fields = super()._to_store_defaults(target)
        if target.is_internal(self.env):
            return fields
        public = self._hotline_public_author()

        def author(message):
            if message._hotline_hides_author():
                return public
            # sudo: mail.message: access to author_id is allowed
            return message.sudo().author_id

        def recipients(message):
            # sudo: res.partner: reading limited data of recipients is acceptable
            partners = message.sudo().partner_ids
            if message._hotline_hides_author() or message.model in (
                ANONYMOUS_STAFF_MODELS
            ):
                partners = partners.filtered("partner_share")
            return partners

        replaced = []
        for field in fields:
            name = getattr(field, "field_name", None)
            if name == "author_id":
                field = Store.One(
                    "author_id",
                    ["avatar_128", "is_company", Store.One("main_user_id", "share")],
                    dynamic_fields=lambda m: m._get_store_partner_name_fields(),
                    value=author,
                )
            elif name == "reactions":
                # staff's reactions would name them: citizens see the others' only
                field = Store.Attr(
                    "reactions",
                    value=lambda m: Store.Many(
                        m.sudo().reaction_ids.filtered(
                            lambda r: (
                                m.model not in ANONYMOUS_STAFF_MODELS
                                or not r.partner_id
                                or r.partner_id.partner_share
                            )
                        )
                    ),
                )
            elif name == "partner_ids":
                field = Store.Many(
                    "partner_ids",
                    "avatar_128",
                    dynamic_fields=lambda m: m._get_store_partner_name_fields(),
                    sort="id",
                    value=recipients,
                )
            replaced.append(field)
        return replaced

    def _hotline_portal_reactions(self, reactions):
        """The portal chatter's reactions without the staff's (they would name them)."""
        partner_ids = {p["id"] for r in reactions for p in r.get("partners", [])}
        # sudo: only whether each reacting partner is an employee is read
        staff = set(
            self.env["res.partner"]
            .sudo()
            .browse(partner_ids)
            .filtered(lambda p: not p.partner_share)
            .ids
        )
        kept = []
        for reaction in reactions:
            partners = [p for p in reaction.get("partners", []) if p["id"] not in staff]
            count = reaction.get("count", 0) - (
                len(reaction.get("partners", [])) - len(partners)
            )
            if count > 0:
                kept.append(dict(reaction, partners=partners, count=count))
        return kept

    def _portal_message_format(self, properties_names, options=None):
        vals_list = super()._portal_message_format(properties_names, options=options)
        if self.env.user._is_internal():
            return vals_list
        public = self._hotline_public_author()
        company = self.env.company
        for message, values in zip(self, vals_list, strict=True):
            if message.model in ANONYMOUS_STAFF_MODELS and values.get("reactions"):
                values["reactions"] = self._hotline_portal_reactions(
                    values["reactions"]
                )
            if not message._hotline_hides_author():
                continue
            values["author_id"] = {"id": public.id, "name": company.name}
            if "author_avatar_url" in values:
                values["author_avatar_url"] = (
                    f"/web/binary/company_logo?company={company.id}"
                )
        return vals_list
