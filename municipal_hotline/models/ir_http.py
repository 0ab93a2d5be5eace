import json

from odoo import models
from odoo.exceptions import UserError
from odoo.http import SessionExpiredException, request

from ..tools import city_tz


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        # the portal pages' scripts (the category picker) speak the citizen's language
        mods = super()._get_translation_frontend_modules_name()
        return [*mods, "municipal_hotline"]

    @classmethod
    def _handle_error(cls, exception):
        """JSON-RPC errors tell citizens and visitors no server internals.

        Odoo answers a failed JSON route with the exception's traceback (``debug``),
        module and arguments: to anyone not signed in as an employee, the answer keeps
        the message of an error meant for users (UserError, AccessError...) and says
        only "an error occurred" for the others; the traceback stays in the server log.
        """
        response = super()._handle_error(exception)
        if getattr(request.dispatcher, "routing_type", None) != "jsonrpc":
            return response
        if cls._hotline_is_internal_request():
            return response
        try:
            payload = json.loads(response.get_data())
        except (TypeError, ValueError):
            return response
        error = payload.get("error")
        if not isinstance(error, dict) or not isinstance(error.get("data"), dict):
            return response
        if isinstance(exception, (UserError, SessionExpiredException)):
            error["data"].update(debug="", context={})
        else:
            error["data"] = {
                "name": "odoo.exceptions.UserError",
                "message": request.env._(
                    "An error occurred. Please try again later or contact the "
                    "municipality."
                )
                if request.env
                else "An error occurred.",
                "arguments": [],
                "context": {},
                "debug": "",
            }
        response.set_data(json.dumps(payload))
        return response

    @classmethod
    def _hotline_is_internal_request(cls):
        """Whether the request comes from a signed-in employee."""
        env = getattr(request, "env", None)
        return bool(env and env.uid) and env.user._is_internal()

    def get_frontend_session_info(self):
        # portal and public pages show dates in the city's time zone, whatever the
        # device's: the portal chatter's too (static/src/jalali/city_zone.js)
        session_info = super().get_frontend_session_info()
        session_info["hotline_tz"] = city_tz(self.env)
        return session_info
