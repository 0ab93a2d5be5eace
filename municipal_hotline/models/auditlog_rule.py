from odoo import api, models

# What the hotline's audit keeps, per model: a citizen's personal data and who holds which
# permission. The other fields of these models are not logged (a request's stage changes
# many times a day; tracking already shows it in the chatter), so the log stays small and
# a write that touches none of them costs no query of the audit's.
HOTLINE_AUDITED_FIELDS = {
    "res.partner": {
        "name",
        "phone",
        "mobile",
        "email",
        "street",
        "street2",
        "zip",
        "city",
        "state_id",
        "country_id",
        "vat",
    },
    "helpdesk.ticket": {
        "partner_id",
        "partner_name",
        "partner_email",
        "caller_phone",
        "address",
        "latitude",
        "longitude",
        "is_anonymous",
    },
    "res.users": {"group_ids", "active", "login"},
    "res.groups": {"user_ids", "implied_ids"},
    "survey.user_input": {
        "partner_id",
        "email",
        "hotline_employee_id",
        "hotline_ticket_id",
        "hotline_phone",
    },
}
# Models whose writes skip the audit's before/after reads when the values written name
# none of the audited fields: Odoo writes these records often on its own (a portal access
# token, a signup token, a survey's progress) and those writes would cost three queries
# each. Permissions (res.users, res.groups) are always read before and after: a group
# may change through another field of the user form.
HOTLINE_AUDIT_SKIP_UNRELATED_WRITES = {
    "res.partner",
    "helpdesk.ticket",
    "survey.user_input",
}


class AuditlogRule(models.Model):
    """OCA auditlog's rules, narrowed to the personal and permission fields the hotline
    audits on the models of `HOTLINE_AUDITED_FIELDS`; other models keep all fields."""

    _inherit = "auditlog.rule"

    @api.model
    def _hotline_audited_fields(self, model_name):
        """The fields logged on `model_name`, or None for all of them."""
        return HOTLINE_AUDITED_FIELDS.get(model_name)

    @api.model
    def get_auditlog_fields(self, model):
        names = super().get_auditlog_fields(model)
        audited = self._hotline_audited_fields(model._name)
        if audited is None:
            return names
        return [name for name in names if name in audited]

    def _make_write(self):
        """The write that logs, skipped when the values name no audited field."""
        write_logged = super()._make_write()
        model_name = self.model_id.model or self.model_model
        audited = self._hotline_audited_fields(model_name)
        if audited is None or model_name not in HOTLINE_AUDIT_SKIP_UNRELATED_WRITES:
            return write_logged

        def write(self, vals, **kwargs):
            # _patch_method sets the original write on this function, not on auditlog's
            write_logged.origin = write.origin
            if audited.isdisjoint(vals):
                return write.origin(self, vals, **kwargs)
            return write_logged(self, vals, **kwargs)

        return write

    def create_logs(
        self,
        uid,
        res_model,
        res_ids,
        method,
        old_values=None,
        new_values=None,
        additional_log_values=None,
    ):
        """Keep the audited fields only, and log nothing (not even look up the rule)
        when a read, create or write did not touch one of them."""
        audited = self._hotline_audited_fields(res_model)
        if audited is not None and method in ("read", "create", "write"):
            old_values = self._hotline_filter_values(old_values, audited)
            new_values = self._hotline_filter_values(new_values, audited)
            if method == "read":
                touched = any(old_values.values())
            elif method == "create":
                touched = any(new_values.values())
            else:
                touched = any(
                    old_values.get(res_id, {}).get(name) != value
                    for res_id, values in new_values.items()
                    for name, value in values.items()
                )
            if not touched:
                return None
        return super().create_logs(
            uid,
            res_model,
            res_ids,
            method,
            old_values=old_values,
            new_values=new_values,
            additional_log_values=additional_log_values,
        )

    @api.model
    def _hotline_filter_values(self, values_by_id, audited):
        """{res_id: {field: value}} restricted to the `audited` field names."""
        return {
            res_id: {
                name: value for name, value in (values or {}).items() if name in audited
            }
            for res_id, values in (values_by_id or {}).items()
        }
