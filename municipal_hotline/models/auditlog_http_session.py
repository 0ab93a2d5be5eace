from odoo import fields, models


class AuditlogHttpSession(models.Model):
    """The audit's record of a login session, readable by the hotline's supervisors."""

    _inherit = "auditlog.http.session"

    # the session id is the cookie that signs a user in: whoever reads it can act as that
    # user. Supervisors read who was signed in when, administrators alone the id.
    name = fields.Char(groups="base.group_system")
