from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        # the portal pages' scripts (the category picker) speak the citizen's language
        mods = super()._get_translation_frontend_modules_name()
        return [*mods, "municipal_hotline"]
