from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # portal
    hotline_portal_reopen_days = fields.Integer(
        string="Days to Reopen",
        config_parameter="municipal_hotline.portal_reopen_days",
        default=7,
        help="How many days after a request is resolved the citizen may still reopen it "
        "from the portal.",
    )
    hotline_portal_max_upload_mb = fields.Integer(
        string="Attachment Size Limit (MB)",
        config_parameter="municipal_hotline.portal_max_upload_mb",
        default=10,
        help="Largest file a citizen may attach to a request on the portal.",
    )
