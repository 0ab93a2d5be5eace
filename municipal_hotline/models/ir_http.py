from odoo import models

from ..tools import city_tz


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        # the portal pages' scripts (the category picker) speak the citizen's language
        mods = super()._get_translation_frontend_modules_name()
        return [*mods, "municipal_hotline"]

    def get_frontend_session_info(self):
        # portal and public pages show dates in the city's time zone, whatever the
        # device's: the portal chatter's too (static/src/jalali/city_zone.js)
        session_info = super().get_frontend_session_info()
        session_info["hotline_tz"] = city_tz(self.env)
        return session_info
