from odoo import api, fields, models

from ..tools import normalize_phone


class PhoneBlacklist(models.Model):
    """Odoo's opt-out list, with each number's key as the hotline compares numbers
    (tools/phone.normalize_phone): "0912 345 6789" and "+98 912-345-6789" are one
    citizen, found by one indexed query."""

    _inherit = "phone.blacklist"

    hotline_key = fields.Char(
        compute="_compute_hotline_key", store=True, index="btree_not_null"
    )

    @api.depends("number")
    def _compute_hotline_key(self):
        for entry in self:
            entry.hotline_key = normalize_phone(entry.number) or False

    @api.model
    def _hotline_opt_out(self, number, message):
        """The citizen's number on the list (or back on it)."""
        existing = self.with_context(active_test=False).search(
            [("hotline_key", "=", normalize_phone(number))]
        )
        if existing:
            existing._track_set_log_message(message)
            existing.filtered(lambda e: not e.active).action_unarchive()
            return existing
        return self._add([number], message=message)

    @api.model
    def _hotline_opt_in(self, number, message):
        """The citizen's number off the list, however it was typed there."""
        existing = self.search([("hotline_key", "=", normalize_phone(number))])
        if existing:
            existing._track_set_log_message(message)
            existing.action_archive()
        return existing
